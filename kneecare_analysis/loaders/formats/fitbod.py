"""The Fitbod app's export (``WorkoutExport.csv``): ``Date, Exercise, Reps, Weight(kg), Duration(s),
Distance(m), Incline, Resistance, isWarmup, Note, multiplier``, or the older ``Date, Exercise, Sets, Reps,
Weight, isWarmup, Note``. Each set is a row (warm-up sets too: a warm-up set of a drill is a set done).
"""

from __future__ import annotations

from ..read import Table
from .base import Claim, Format, Options, Records
from .strength import app_columns, set_records

SIGNATURE = {"date", "exercise", "reps", "warmup"}


def recognise(table: Table, options: Options) -> Claim:
    if set(app_columns(table, "fitbod")) >= SIGNATURE:
        return Claim(True)
    return Claim(False, "Fitbod's columns Date, Exercise, Reps, isWarmup")


def read(table: Table, kind: str, options: Options) -> Records:
    found = app_columns(table, "fitbod")
    return set_records(
        table,
        options,
        date=found["date"],
        exercise=found["exercise"],
        reps=found["reps"],
        seconds=found.get("seconds"),
        note=found.get("notes"),
    )


FORMAT = Format(
    name="fitbod", title="a Fitbod app export", kinds=("routine",), export=True, recognise=recognise, read=read
)
