"""Runkeeper's ``cardioActivities.csv``: ``[Activity Id,] Date, Type, Route Name, Distance (km), Duration,
Average Pace, …, GPX File`` (``Distance (mi)`` in a miles account). Durations are clock times (``29:20``,
``1:02:03``); only kinds of running count, other activities are set aside by their type.
"""

from __future__ import annotations

from ...vocab import words
from ..headers import keys
from ..read import Table
from .base import Claim, Format, Options, Records
from .running import is_run, run_records


def _columns(table: Table) -> dict[str, int]:
    names = words("headers")["runkeeper"]
    found: dict[str, int] = {}
    for i, key in enumerate(keys(table)):
        for role, role_keys in names.items():
            if key in role_keys:
                found.setdefault(role, i)
    return found


def recognise(table: Table, options: Options) -> Claim:
    found = _columns(table)
    distance = {"distance_km", "distance_mi"} & found.keys()
    if distance and {"date", "type", "duration"} <= found.keys() and {"route", "pace", "gpx"} & found.keys():
        return Claim(True)
    return Claim(False, "Runkeeper's columns Date, Type, Route Name, Distance (km) or (mi), Duration")


def read(table: Table, kind: str, options: Options) -> Records:
    found = _columns(table)
    unit = "km" if "distance_km" in found else "mi"
    columns = {"timestamp": found["date"], "distance": found[f"distance_{unit}"], "duration": found["duration"]}
    types = table.column(found["type"])
    return run_records(
        table,
        columns,
        runs=is_run(types, ("run", "jog")),
        types=types,
        hints={"distance_unit": unit, "plain_numbers": False, "recorded": True},
    )


FORMAT = Format(
    name="runkeeper",
    title="a Runkeeper export (cardioActivities.csv)",
    kinds=("runs",),
    export=True,
    recognise=recognise,
    read=read,
)
