"""Activities as Strava's API and intervals.icu write them: ``start_date_local, type (or sport_type),
moving_time, elapsed_time, distance`` — distances in metres and times in seconds, as both document.

``TrailRun``, ``VirtualRun`` and every other type holding "Run" are runs. intervals.icu's ``icu_rpe`` (and the
API's ``perceived_exertion``) are on the 1–10 scale and are kept as they are.
"""

from __future__ import annotations

from ..headers import keys
from ..read import Table
from .base import Claim, Format, Options, Records
from .running import first_recorded, is_run, run_records


def _index(table: Table, *names: str) -> int | None:
    found = keys(table)
    return next((found.index(n) for n in names if n in found), None)


def recognise(table: Table, options: Options) -> Claim:
    found = set(keys(table))
    if (
        {"startdatelocal", "distance"} <= found
        and found & {"type", "sporttype"}
        and found & {"movingtime", "elapsedtime"}
    ):
        return Claim(True)
    return Claim(False, "the columns start_date_local, type, moving_time, distance (Strava API, intervals.icu)")


def read(table: Table, kind: str, options: Options) -> Records:
    types = table.column(_index(table, "type", "sporttype"))
    duration, duration_header = first_recorded(table, [_index(table, "movingtime"), _index(table, "elapsedtime")])
    columns = {
        "timestamp": _index(table, "startdatelocal"),
        "distance": _index(table, "distance"),
        "duration": duration,
    }
    rpe = _index(table, "icurpe", "perceivedexertion", "rpe")
    if rpe is not None:
        columns["rpe"] = rpe
    return run_records(
        table,
        columns,
        runs=is_run(types),
        types=types,
        hints={"distance_unit": "m", "recorded": True},
        headers={"duration": duration_header},
    )


FORMAT = Format(
    name="strava_api",
    title="activities from Strava's API or intervals.icu (start_date_local, type, moving_time, distance)",
    kinds=("runs",),
    export=True,
    recognise=recognise,
    read=read,
)
