"""The Strong app's export: ``Date, Workout Name, Duration, Exercise Name, Set Order, Weight, Reps, Distance,
Seconds, Notes, …`` (and the older ``…, kg, Reps, km, Seconds, Notes``; in French ``Nom de l'exercice, Ordre de
la série, Réps, Secondes``: the names are in ``words/headers.toml``). Each set is a row; ``Duration`` is the
whole workout's, not the set's.
"""

from __future__ import annotations

from ..read import Table
from .base import Claim, Format, Options, Records
from .strength import app_columns, set_records

SIGNATURE = {"date", "workout", "exercise", "set_order", "reps"}


def recognise(table: Table, options: Options) -> Claim:
    if set(app_columns(table, "strong")) >= SIGNATURE:
        return Claim(True)
    return Claim(False, "Strong's columns Date, Workout Name, Exercise Name, Set Order, Reps")


def read(table: Table, kind: str, options: Options) -> Records:
    found = app_columns(table, "strong")
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
    name="strong", title="a Strong app export", kinds=("routine",), export=True, recognise=recognise, read=read
)
