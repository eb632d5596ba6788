"""The FitNotes app's export: ``Date, Exercise, Category, Weight, Weight Unit, Reps, Distance, Distance Unit,
Time`` (``Time`` as h:mm:ss). Each set is a row.
"""

from __future__ import annotations

from ..headers import keys
from ..read import Table
from .base import Claim, Format, Options, Records
from .strength import set_records

SIGNATURE = {"date", "exercise", "category", "reps"}


def recognise(table: Table, options: Options) -> Claim:
    found = set(keys(table))
    if found >= SIGNATURE and found & {"weightunit", "distanceunit", "time"}:
        return Claim(True)
    return Claim(False, "FitNotes' columns Date, Exercise, Category, Reps, Weight Unit")


def read(table: Table, kind: str, options: Options) -> Records:
    found = keys(table)
    return set_records(
        table,
        options,
        date=found.index("date"),
        exercise=found.index("exercise"),
        reps=found.index("reps"),
        seconds=found.index("time") if "time" in found else None,
        timestamp=False,
    )


FORMAT = Format(
    name="fitnotes", title="a FitNotes app export", kinds=("routine",), export=True, recognise=recognise, read=read
)
