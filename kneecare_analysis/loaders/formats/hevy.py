"""The Hevy app's export (``workouts.csv``): ``title, start_time, end_time, description, exercise_title,
superset_id, exercise_notes, set_index, set_type, weight_kg, reps, distance_km, duration_seconds, rpe``, start
times like ``3 Jan 2026, 07:52``. Each set is a row.
"""

from __future__ import annotations

from ..read import Table
from .base import Claim, Format, Options, Records
from .strength import app_columns, set_records

SIGNATURE = {"start", "exercise", "set_index"}


def recognise(table: Table, options: Options) -> Claim:
    if set(app_columns(table, "hevy")) >= SIGNATURE:
        return Claim(True)
    return Claim(False, "Hevy's columns start_time, exercise_title, set_index")


def read(table: Table, kind: str, options: Options) -> Records:
    found = app_columns(table, "hevy")
    return set_records(
        table,
        options,
        date=found["start"],
        exercise=found["exercise"],
        reps=found.get("reps"),
        seconds=found.get("seconds"),
        note=found.get("notes"),
    )


FORMAT = Format(name="hevy", title="a Hevy app export", kinds=("routine",), export=True, recognise=recognise, read=read)
