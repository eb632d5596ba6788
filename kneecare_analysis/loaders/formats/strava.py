"""Strava's bulk export, ``activities.csv``: the current layout (80–103 columns, ``Activity ID, Activity Date,
Activity Name, Activity Type, …``) and the older one (``id, date, name, type, description, elapsed_time,
distance, …``).

Columns are found by name and occurrence, never by position: the current layout repeats ``Distance`` (the
first in the display unit, rounded; the second in metres) and ``Elapsed Time``. Start times are UTC
(``tz=`` turns them into local dates; without it the date is as written). ``Perceived Exertion`` is Strava's
1–10 scale and is kept as it is.
"""

from __future__ import annotations

from ..headers import column_letter, keys
from ..read import Table
from .base import Claim, Format, Options, Records
from .running import first_recorded, is_run, run_records

CURRENT = {"activityid", "activitydate", "activitytype"}
OLDER = {"id", "date", "name", "type", "elapsedtime", "distance"}


def _find(table: Table, key: str, occurrence: int = 0) -> int | None:
    """The ``occurrence``-th column named ``key`` (0 the first), counting a copy pandas renamed on saving
    (``Distance.1`` is the second ``Distance``)."""
    found = [i for i, k in enumerate(keys(table)) if k == key]
    if occurrence and len(found) <= occurrence:
        found += [i for i, k in enumerate(keys(table)) if k == f"{key}{occurrence}" and "." in table.headers[i]]
    return found[occurrence] if len(found) > occurrence else None


def recognise(table: Table, options: Options) -> Claim:
    found = set(keys(table))
    if found >= CURRENT or (found >= OLDER and "filename" in found):
        return Claim(True)
    return Claim(False, "Strava's columns Activity ID, Activity Date, Activity Type")


def read(table: Table, kind: str, options: Options) -> Records:
    current = set(keys(table)) >= CURRENT
    if current:
        date, kind_column = _find(table, "activitydate"), _find(table, "activitytype")
        metres = _find(table, "distance", 1)
        distance = metres if metres is not None else _find(table, "distance")
        unit = "m" if metres is not None else "account"
        moving, elapsed = _find(table, "movingtime"), _find(table, "elapsedtime", 1)
        if elapsed is None:
            elapsed = _find(table, "elapsedtime")
    else:
        date, kind_column, distance, unit = _find(table, "date"), _find(table, "type"), _find(table, "distance"), "m"
        metres = None
        moving, elapsed = _find(table, "movingtime"), _find(table, "elapsedtime")
    duration, duration_header = first_recorded(table, [moving, elapsed])
    columns = {"timestamp": date, "distance": distance}
    headers = {"distance": table.headers[distance] + (f" (column {column_letter(distance)})" if metres else "")}
    if duration is not None:
        columns["duration"], headers["duration"] = duration, duration_header
    rpe = _find(table, "perceivedexertion")
    if rpe is not None:
        columns["rpe"] = rpe
    types = table.column(kind_column)
    return run_records(
        table,
        columns,
        runs=is_run(types),
        types=types,
        hints={"distance_unit": unit, "utc": True, "recorded": True},
        headers=headers,
    )


FORMAT = Format(
    name="strava",
    title="a Strava export (activities.csv)",
    kinds=("runs",),
    export=True,
    recognise=recognise,
    read=read,
)
