"""The Strong app's export: ``Date, Workout Name, Duration, Exercise Name, Set Order, Weight, Reps, Distance,
Seconds, Notes, …`` (and the older ``…, kg, Reps, km, Seconds, Notes``). Each set is a row; ``Duration`` is the
whole workout's, not the set's.
"""

from __future__ import annotations

from ..headers import keys
from ..read import Table
from .base import Claim, Format, Options, Records
from .strength import set_records

SIGNATURE = {"date", "workoutname", "exercisename", "setorder", "reps"}


def recognise(table: Table, options: Options) -> Claim:
    if set(keys(table)) >= SIGNATURE:
        return Claim(True)
    return Claim(False, "Strong's columns Date, Workout Name, Exercise Name, Set Order, Reps")


def read(table: Table, kind: str, options: Options) -> Records:
    found = keys(table)
    return set_records(
        table,
        options,
        date=found.index("date"),
        exercise=found.index("exercisename"),
        reps=found.index("reps"),
        seconds=found.index("seconds") if "seconds" in found else None,
        note=found.index("notes") if "notes" in found else None,
    )


FORMAT = Format(
    name="strong", title="a Strong app export", kinds=("routine",), export=True, recognise=recognise, read=read
)
