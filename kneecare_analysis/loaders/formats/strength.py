"""What the strength-training apps' exports share: one row per set, an exercise name, reps and a time.

The sets of exercises that are routine drills become routine records (see :mod:`.exercises`); every other
exercise is set aside by name — not rejected, and not counted. Each app's column names are words, in
``words/headers.toml`` (``[apps.strong]``, ``[apps.hevy]``, ``[apps.fitnotes]``).

>>> from kneecare_analysis.loaders.read import from_rows
>>> table = from_rows("strong.csv", [["Date", "Nom de l'exercice", "Réps"], ["2023-08-16", "Clam", "20"]], [1, 2])
>>> app_columns(table, "strong")
{'date': 0, 'exercise': 1, 'reps': 2}
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ...vocab import words
from ..cells import text
from ..headers import script_key
from ..read import Table
from .base import Options, Records, from_columns, skipped
from .exercises import exercise_drill, look_alike
from .running import recorded


def app_columns(table: Table, app: str) -> dict[str, int]:
    """The columns of an app's export that ``table`` has: role → index of its first column, the headers
    compared case-, space-, punctuation- and accent-insensitively with ``words/headers.toml``."""
    found: dict[str, int] = {}
    for i, header in enumerate(table.headers):
        key = script_key(header)
        for role, keys in _app_keys(app).items():
            if key in keys:
                found.setdefault(role, i)
    return found


@functools.cache
def _app_keys(app: str) -> dict[str, frozenset[str]]:
    return {role: frozenset(script_key(w) for w in names) for role, names in words("headers")["apps"][app].items()}


def set_records(
    table: Table,
    options: Options,
    *,
    date: int,
    exercise: int,
    reps: int | None,
    seconds: int | None,
    note: int | None = None,
    timestamp: bool = True,
    hints: dict | None = None,
) -> Records:
    names = text(table.column(exercise))
    codes, distinct = pd.factorize(names, use_na_sentinel=False)
    found = [exercise_drill(n, options.routine, options.drills) for n in distinct]
    drill = np.array([f[0] if f else "" for f in found] + [""], dtype=object)[codes]
    side = np.array([f[1] if f else "" for f in found] + [""], dtype=object)[codes]
    keep = drill != ""
    columns: dict[str, int | pd.Series] = {"timestamp" if timestamp else "date": date}
    columns["drill"], columns["side"] = pd.Series(drill), pd.Series(side)
    headers = {"drill": table.headers[exercise], "side": table.headers[exercise]}
    for field, index in (("reps", reps), ("seconds", seconds)):
        if index is not None:  # the apps write 0 in the column a set does not use
            cells = text(table.column(index))
            columns[field] = cells.where(recorded(cells), "")
            headers[field] = table.headers[index]
    if note is not None:
        columns["note"] = note
    why = np.array([look_alike(n) or "not a routine drill" for n in distinct] + [""], dtype=object)[codes]
    other = np.flatnonzero(~keep)
    aside = skipped(table, other, names.to_numpy(dtype=object)[other], why[other])
    return from_columns(table, "routine", columns, keep=keep, skipped_rows=aside, headers=headers, hints=hints)
