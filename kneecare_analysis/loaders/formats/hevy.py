"""The Hevy app's export (``workouts.csv``): ``title, start_time, end_time, description, exercise_title,
superset_id, exercise_notes, set_index, set_type, weight_kg, reps, distance_km, duration_seconds, rpe``, start
times like ``3 Jan 2026, 07:52``. Each set is a row.
"""

from __future__ import annotations

from ..headers import keys
from ..read import Table
from .base import Claim, Format, Options, Records
from .strength import set_records

SIGNATURE = {"starttime", "exercisetitle", "setindex"}


def recognise(table: Table, options: Options) -> Claim:
    if set(keys(table)) >= SIGNATURE:
        return Claim(True)
    return Claim(False, "Hevy's columns start_time, exercise_title, set_index")


def read(table: Table, kind: str, options: Options) -> Records:
    found = keys(table)
    return set_records(
        table,
        options,
        date=found.index("starttime"),
        exercise=found.index("exercisetitle"),
        reps=found.index("reps") if "reps" in found else None,
        seconds=found.index("durationseconds") if "durationseconds" in found else None,
        note=found.index("exercisenotes") if "exercisenotes" in found else None,
    )


FORMAT = Format(name="hevy", title="a Hevy app export", kinds=("routine",), export=True, recognise=recognise, read=read)
