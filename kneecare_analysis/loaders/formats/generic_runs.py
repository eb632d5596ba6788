"""A running log kept by hand or by another tool: ``date`` and a distance — ``distance_km``, ``distance (m)``,
``Distance (mi)``, or ``distance`` with a ``units`` column (else ``units=``, else km) — and optionally a time
(``duration_s``, ``duration_min`` or ``duration`` as h:mm:ss), ``rpe`` (0–10), ``athlete`` and an activity
``type`` (rows whose type is not a kind of running are set aside). The walkthrough's ``runs.csv`` is one of
these with a ``session`` column: its runs give way to an export's run of the same day (see :mod:`..load`).
"""

from __future__ import annotations

from ..headers import find_roles, keys, roles, strength_columns
from ..read import Table
from .base import Claim, Format, Options, Records
from .running import is_run, run_records

DISTANCES = {"distance_km": "km", "distance_m": "m", "distance_mi": "mi", "distance": None}
DURATIONS = {"duration_s": 1.0, "duration_min": 60.0, "duration": 1.0}


def recognise(table: Table, options: Options) -> Claim:
    strength = strength_columns(table)
    if strength:  # a strength log with a date and a distance column is not a running log
        shown = ", ".join(repr(h) for h in strength[:3])
        return Claim(False, f"no strength-training columns (this table has {shown}: a strength export)")
    found = set(keys(table))
    r = roles("runs")
    has_date = found & (r["date"] | r["timestamp"])
    if has_date and any(found & r[d] for d in DISTANCES):
        return Claim(True)
    return Claim(False, "a 'date' column and a distance ('distance_km', or 'distance' with 'units')")


def read(table: Table, kind: str, options: Options) -> Records:
    found = find_roles(table, "runs")
    columns = {f: found[f] for f in ("date", "timestamp", "athlete", "rpe", "units") if f in found}
    unit = None
    for role, role_unit in DISTANCES.items():
        if role in found:
            columns["distance"], unit = found[role], role_unit
            break
    factor, plain = 1.0, True
    for role, role_factor in DURATIONS.items():
        if role in found:
            columns["duration"], factor, plain = found[role], role_factor, role != "duration"
            break
    if unit is not None:
        columns.pop("units", None)
    types = table.column(found["type"]) if "type" in found else None
    runs = is_run(types, ("run", "jog")) if types is not None else None
    return run_records(
        table,
        columns,
        runs=runs if runs is not None else (table.lines == table.lines),
        types=types,
        hints={
            "distance_unit": unit or "account",
            "duration_factor": factor,
            "plain_numbers": plain,
            "walkthrough": "session" in set(keys(table)),
        },
    )


FORMAT = Format(
    name="generic_runs",
    title="a running log (date, distance_km)",
    kinds=("runs",),
    export=False,
    recognise=recognise,
    read=read,
)
