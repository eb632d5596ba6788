"""The Strong app's export: ``Date, Workout Name, Duration, Exercise Name, Set Order, Weight, Reps, Distance,
Seconds, Notes, …`` (and the older ``…, kg, Reps, km, Seconds, Notes``; in French ``Nom de l'exercice, Ordre de
la série, Réps, Secondes``, and in the other languages of the app: the names are in ``words/headers.toml``). In
a language the kit has no words for, the 2016–2023 layout is known by the shape of its values and read by
position. Each set is a row; ``Duration`` is the
whole workout's, not the set's.
"""

from __future__ import annotations

import re

from ..cells import text
from ..read import Table
from .base import Claim, Format, Options, Records
from .strength import app_columns, set_records

SIGNATURE = {"date", "workout", "exercise", "set_order", "reps"}
# Strong's 2016–2023 layout by position, whatever the language of its headers: Date, Workout Name, Duration,
# Exercise Name, Set Order, Weight, Reps, Distance, Seconds, Notes, Workout Notes[, RPE]
POSITIONS = {"date": 0, "exercise": 3, "reps": 6, "seconds": 8, "notes": 9}
SHAPES = {
    0: r"^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}(:\d{2})?$",  # the workout's start
    2: r"^(\d+h)?\s*(\d+min)?$|^\d+s$",  # the workout's duration: 1h 2min, 38min
    4: r"^(\d+|[WDF])$",  # the set's order (W a warm-up, D a drop set, F to failure)
    6: r"^\d+([.,]\d+)?$",  # reps
    8: r"^\d+([.,]\d+)?$",  # seconds
}


def by_layout(table: Table) -> bool:
    """Strong's layout without its words: 11 or 12 columns whose values have the shapes of Strong's (a start
    time, a workout duration like ``1h 2min``, a set order, reps and seconds as numbers), in nine rows in ten."""
    if len(table.headers) not in (11, 12) or not len(table):
        return False
    sample = table.frame.head(50)
    for column, pattern in SHAPES.items():
        cells = text(sample[column])
        cells = cells[cells != ""]
        if not len(cells) or cells.str.match(pattern, flags=re.IGNORECASE).mean() < 0.9:
            return False
    return True


def recognise(table: Table, options: Options) -> Claim:
    if set(app_columns(table, "strong")) >= SIGNATURE or by_layout(table):
        return Claim(True)
    return Claim(False, "Strong's columns Date, Workout Name, Exercise Name, Set Order, Reps")


def read(table: Table, kind: str, options: Options) -> Records:
    found = app_columns(table, "strong")
    if not set(found) >= SIGNATURE:  # headers in a language the kit has no words for: Strong's positions
        found = POSITIONS
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
