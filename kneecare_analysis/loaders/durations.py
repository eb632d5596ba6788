"""Durations as people and exports write them, in seconds: plain numbers (× a factor: 60 for minutes, 3600 for
hours), clock times (``2:00``, ``1:02:00``, ``00:04:36.5``) and words (``2 min``, ``1m30s``).

>>> d = read_durations(pd.Series(["2:00", "1:02:03", "90", "2 min", "--:--:--"]))
>>> d.value.tolist()[:4], bool(d.blank[4])
([120.0, 3723.0, 90.0, 120.0], True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cells import STRING, text
from .numbers import NOT_RECORDED, Numbers, read_numbers

_CLOCK = r"^(\d+):(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d+))?$"
_WORDS = (
    r"^(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minute|minutes|'))?\s*"
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:s|sec|secs|second|seconds|\"))?$"
)
DURATION_EXPECTED = "a duration like 2:00 (m:ss), 1:02:00 (h:mm:ss), '2 min' or '120 s'"


def read_durations(
    values: pd.Series, *, factor: float = 1.0, separator: str | None = None, plain_numbers: bool = True
) -> Numbers:
    """Seconds for the distinct cells ``values`` of one column. ``plain_numbers=False`` refuses a bare number
    (a ``duration`` column, where ``2`` could be minutes or hours)."""
    unit = {1.0: "seconds", 60.0: "minutes", 3600.0: "hours"}.get(factor, "seconds")
    expected = f"a number of {unit} ≥ 0, or {DURATION_EXPECTED}" if plain_numbers else DURATION_EXPECTED
    numbers = read_numbers(values, separator=separator, what=expected)
    n = len(values)
    value = numbers.value * factor
    other = numbers.other * factor
    why = numbers.reason.to_numpy(dtype=object, na_value=None).copy()
    blank = numbers.blank.copy()
    if not plain_numbers:
        why[~np.isnan(value)] = DURATION_EXPECTED
        value[:] = np.nan
    if not pd.api.types.is_numeric_dtype(values.dtype):
        raw = text(values).str.lower()
        blank |= raw.str.match(NOT_RECORDED).to_numpy(dtype=bool)
        rest = np.flatnonzero(~blank & np.isnan(value) & np.equal(why, None) | (why == expected))
        rest = rest[~blank[rest]]
        if len(rest):
            sub = raw.iloc[rest]
            clock = sub.str.extract(_CLOCK)
            hit = clock[0].notna().to_numpy()
            if hit.any():
                first, second, third = (clock.loc[hit, k].astype(float).to_numpy() for k in (0, 1, 2))
                frac = ("0." + clock.loc[hit, 3].fillna("0")).astype(float).to_numpy()
                has_h = ~np.isnan(third)
                secs = np.where(has_h, first * 3600 + second * 60 + np.nan_to_num(third), first * 60 + second) + frac
                at = rest[hit]
                value[at], why[at] = secs, None
                why[at[(second >= 60) | (has_h & (third >= 60))]] = DURATION_EXPECTED
            if not hit.all():
                at = rest[~hit]
                words = sub[~hit].str.extract(_WORDS)
                found = words.notna().any(axis=1).to_numpy()
                parts = words[found].apply(lambda col: col.str.replace(",", ".", regex=False).astype(float))
                if len(parts):
                    parts = parts.fillna(0)
                    value[at[found]] = (parts[0] * 3600 + parts[1] * 60 + parts[2]).to_numpy()
                    why[at[found]] = None
                why[at[~found]] = expected
    negative = np.equal(why, None) & ~np.isnan(value) & (value < 0)
    why[negative] = expected
    value[~np.equal(why, None)] = np.nan
    return Numbers(value, other, blank & np.isnan(value), pd.Series(why, dtype=STRING, index=range(n)))
