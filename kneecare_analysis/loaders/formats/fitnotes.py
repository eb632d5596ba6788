"""The FitNotes app's export: ``Date, Exercise, Category, Weight, Weight Unit, Reps, Distance, Distance Unit,
Time`` (``Time`` as h:mm:ss). Each set is a row.
"""

from __future__ import annotations

from ..read import Table
from .base import Claim, Format, Options, Records
from .strength import app_columns, set_records

SIGNATURE = {"date", "exercise", "category", "reps"}


def recognise(table: Table, options: Options) -> Claim:
    found = set(app_columns(table, "fitnotes"))
    if found >= SIGNATURE and found & {"weight_unit", "distance_unit", "seconds"}:
        return Claim(True)
    return Claim(False, "FitNotes' columns Date, Exercise, Category, Reps, Weight Unit")


def read(table: Table, kind: str, options: Options) -> Records:
    found = app_columns(table, "fitnotes")
    return set_records(
        table,
        options,
        date=found["date"],
        exercise=found["exercise"],
        reps=found["reps"],
        seconds=found.get("seconds"),
        timestamp=False,
    )


FORMAT = Format(
    name="fitnotes", title="a FitNotes app export", kinds=("routine",), export=True, recognise=recognise, read=read
)
