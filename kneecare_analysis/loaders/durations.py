"""Durations as people and exports write them, in seconds: plain numbers (× a factor: 60 for minutes, 3600 for
hours), clock times (``2:00``, ``1:02:00``, ``00:04:36.5``) and words (``2 min``, ``1m30s``). Like numbers,
they are parsed once per distinct value of a column.

>>> d = read_durations(pd.Series(["2:00", "1:02:03", "90", "2 min", "--:--:--"]))
>>> d.value.tolist()[:4], bool(d.blank[4])
([120.0, 3723.0, 90.0, 120.0], True)
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .cells import STRING, text
from .numbers import Numbers, read_numbers

_CLOCK = re.compile(r"(\d+):(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d+))?")
_WORDS = re.compile(
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minute|minutes|'))?\s*"
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:s|sec|secs|second|seconds|\"))?"
)
DURATION_EXPECTED = "a duration like 2:00 (m:ss), 1:02:00 (h:mm:ss), '2 min' or '120 s'"


def _clock_or_words(cell: str) -> float | None:
    """Seconds of a clock time or a duration in words, ``None`` when the cell is neither (``-1``: a clock time
    with minutes or seconds of 60 or more)."""
    found = _CLOCK.fullmatch(cell)
    if found:
        first, second, third, frac = found.groups()
        if int(second) >= 60 or (third is not None and int(third) >= 60):
            return -1.0
        fraction = float("0." + frac) if frac else 0.0
        if third is None:
            return int(first) * 60 + int(second) + fraction
        return int(first) * 3600 + int(second) * 60 + int(third) + fraction
    found = _WORDS.fullmatch(cell.lower())
    if found and any(found.groups()):
        h, m, s = (float(g.replace(",", ".")) if g else 0.0 for g in found.groups())
        return h * 3600 + m * 60 + s
    return None


def read_durations(
    values: pd.Series, *, factor: float = 1.0, separator: str | None = None, plain_numbers: bool = True
) -> Numbers:
    """Seconds for the distinct cells ``values`` of one column. ``plain_numbers=False`` refuses a bare number
    (a ``duration`` column, where ``2`` could be minutes or hours)."""
    unit = {1.0: "seconds", 60.0: "minutes", 3600.0: "hours"}.get(factor, "seconds")
    expected = f"a number of {unit} ≥ 0, or {DURATION_EXPECTED}" if plain_numbers else DURATION_EXPECTED
    numbers = read_numbers(values, separator=separator, what=expected)
    value, other = numbers.value * factor, numbers.other * factor
    why = numbers.reason.to_numpy(dtype=object, na_value=None).copy()
    if not plain_numbers:
        why[~np.isnan(value)] = DURATION_EXPECTED
        value[:] = np.nan
    if not pd.api.types.is_numeric_dtype(values.dtype):
        cells = text(values).tolist()
        for i in np.flatnonzero(why == expected):  # not a number: a clock time or words?
            seconds = _clock_or_words(cells[i])
            if seconds is not None:
                value[i], why[i] = (np.nan, DURATION_EXPECTED) if seconds < 0 else (seconds, None)
    negative = np.equal(why, None) & ~np.isnan(value) & (value < 0)
    why[negative] = expected
    value[~np.equal(why, None)] = np.nan
    return Numbers(value, other, numbers.blank & np.isnan(value), pd.Series(why, dtype=STRING), numbers.decimal)
