"""Vectorised cell parsers. Each returns ``(values, reason)``: ``reason`` is ``None`` where a cell is fine and
says what was expected where it is not, so the caller can name line, column and value.

>>> d, why = parse_dates(pd.Series(["2026-03-05T23:40:00-05:00", "31/12/2026"]), dayfirst=None)
>>> [str(x.date()) for x in d]
['2026-03-05', '2026-12-31']
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from ..vocab import word_key, words
from .coded import Coded

_ISO = r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s,])"
_NUMERIC = r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:$|[T\s,])"
_NUMERIC_START = r"^\d{1,2}[-/.]\d{1,2}[-/.]\d"
_DAY_MONTH = r"^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s,-]+(\d{4})(?:$|[T\s,])"
_MONTH_DAY = r"^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:$|[T\s,])"

_PLAIN_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = r"[T\s](\d{1,2}):(\d{2})(?::(\d{2}))?"  # the time of day after a date, where a cell has one
DATE_EXPECTED = "a date like 2026-03-05 (ISO), 05/03/2026 or 5 Mar 2026"
YEARS = (1900, 2100)


STRING = pd.StringDtype("pyarrow")  # vectorised string methods (pyarrow compute), not a Python loop per cell


@functools.cache
def _months() -> dict[str, int]:
    """Month names (``words/dates.toml``) → 1–12.

    >>> _months()["sept"], _months()["december"]
    (9, 12)
    """
    return {name: i for i, names in enumerate(words("dates")["months"], start=1) for name in names}


def text(series: pd.Series) -> pd.Series:
    """Cells as stripped text, blanks and missing values as ``""``."""
    if isinstance(series.dtype, pd.CategoricalDtype):  # strip each distinct value once
        cells = Coded.of(series)
        return pd.Series(text(cells.values).array.take(cells.codes), index=series.index)
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        out = series.astype(STRING).fillna("").str.strip()
    else:
        out = series.astype(STRING).fillna("")
    return out


def strings(values: pd.Series) -> list[str]:
    """Distinct cells as a list of stripped texts (missing → ``""``): quicker than Series operations for the
    few distinct values of a column."""
    return [
        "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v).strip() for v in values.tolist()
    ]


def map_values(series: pd.Series, lookup) -> pd.Series:
    """``lookup(value)`` for every cell, computed once per distinct value (missing where it finds nothing).
    Text results come back Arrow-backed, so finding the missing ones costs next to nothing."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    mapped = [lookup(u) for u in uniques]
    if all(m is None or isinstance(m, str) for m in mapped):
        return pd.Series(pd.array(mapped, dtype=STRING).take(codes), index=series.index)
    return pd.Series(np.array(mapped + [None], dtype=object)[codes], index=series.index, dtype=object)


def no_reason(index: pd.Index) -> pd.Series:
    """No reason yet for any cell (Arrow-backed, so finding the rows that have one is cheap)."""
    return pd.Series(pd.NA, index=index, dtype=STRING)


def detect_dayfirst(series: pd.Series) -> bool | None:
    """What a whole date column says of numeric dates: ``True`` (a first field above 12), ``False`` (a second
    field above 12), or ``None`` (no evidence, or both — then :func:`parse_dates` reports the cells)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return None
    cells = text(pd.Series(pd.unique(series.to_numpy())))
    cells = cells[cells.str.match(_NUMERIC_START)]  # Arrow's regex first: ISO dates drop out before extract
    num = cells.str.extract(_NUMERIC)
    num = num[num[0].notna()]
    if num.empty:
        return None
    day, month = bool((num[0].astype(int) > 12).any()), bool((num[1].astype(int) > 12).any())
    return True if day and not month else False if month and not day else None


def _plain_iso(t: pd.Series) -> np.ndarray | None:
    """Every cell a valid ``YYYY-MM-DD`` in range (the common case) read by numpy at once; else ``None`` and
    the general parser runs."""
    cells = t.tolist()
    if not cells or not all(_PLAIN_ISO.fullmatch(c) for c in cells):
        return None
    try:
        days = np.array(cells, dtype="datetime64[D]")
    except ValueError:  # a day that does not exist: the general parser names it
        return None
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    if years.min() < YEARS[0] or years.max() > YEARS[1]:
        return None
    return days.astype("datetime64[ns]")


def parse_dates(series: pd.Series, *, dayfirst: bool | None) -> tuple[pd.Series, pd.Series]:
    """Dates as written (a timestamp's offset is kept, not applied); numeric day/month order only when known.

    ``dayfirst=None`` decides from the cells: a first field above 12 means day-first, a second field above 12
    month-first; cells that could be either are an error naming ``dayfirst=``.
    """
    index = series.index
    reason = no_reason(index)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        s = series
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        dates = s.dt.normalize().astype("datetime64[ns]")
        reason[dates.isna()] = "a date (the cell is empty)"
        return dates, reason
    t = text(series)
    plain = _plain_iso(t)
    if plain is not None:
        return pd.Series(plain, index=index), reason
    year = pd.Series(np.nan, index=index)
    month = pd.Series(np.nan, index=index)
    day = pd.Series(np.nan, index=index)

    iso = t.str.extract(_ISO)
    hit = iso[0].notna()
    year[hit], month[hit], day[hit] = (iso.loc[hit, k].astype(float) for k in (0, 1, 2))

    rest = ~hit
    num = t[rest].str.extract(_NUMERIC)
    nhit = num[0].notna()
    if nhit.any():
        a = num.loc[nhit, 0].astype(float)
        b = num.loc[nhit, 1].astype(float)
        y = num.loc[nhit, 2].astype(float)
        y = y.where(y >= 100, y + 2000)
        order = dayfirst
        if order is None:
            day_evidence, month_evidence = bool((a > 12).any()), bool((b > 12).any())
            if day_evidence and month_evidence:
                mixed = a.index[((a > 12) | (b > 12)).to_numpy()]
                reason[mixed] = (
                    "one order of day and month in the whole file (some dates are day-first, some month-first)"
                )
            elif day_evidence:
                order = True
            elif month_evidence:
                order = False
            else:
                unclear = a.index[(a != b).to_numpy()]
                reason[unclear] = (
                    "a date whose day/month order is clear: pass dayfirst=True (31/12/2026) or dayfirst=False "
                    "(12/31/2026), or write ISO dates (2026-12-31)"
                )
                order = True  # a == b: either order gives the same date
        if order is not None:
            idx = a.index
            year[idx] = y
            day[idx] = a if order else b
            month[idx] = b if order else a
    rest_idx = t.index[rest][~nhit.to_numpy()] if rest.any() else t.index[:0]
    if len(rest_idx):
        sub = t[rest_idx]
        for pattern, (di, mi, yi) in ((_DAY_MONTH, (0, 1, 2)), (_MONTH_DAY, (1, 0, 2))):
            m = sub.str.extract(pattern)
            ok = m[0].notna()
            if not ok.any():
                continue
            found = m.loc[ok, mi].str.lower().map(_months())
            good = found.notna()
            idx = found.index[good.to_numpy()]
            year[idx] = m.loc[idx, yi].astype(float)
            month[idx] = found[good].astype(float)
            day[idx] = m.loc[idx, di].astype(float)
            sub = sub.drop(idx)
    parts = pd.DataFrame({"year": year, "month": month, "day": day})
    valid_parts = parts.notna().all(axis=1) & year.between(*YEARS) & month.between(1, 12) & day.between(1, 31)
    dates = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if valid_parts.any():
        dates[valid_parts] = pd.to_datetime(parts[valid_parts].astype(int), errors="coerce").astype("datetime64[ns]")
    blank = t == ""
    bad = dates.isna() & reason.isna()
    reason[bad & blank] = "a date (the cell is empty)"
    out_of_range = bad & ~blank & parts.notna().all(axis=1) & ~year.between(*YEARS)
    reason[out_of_range] = f"a year between {YEARS[0]} and {YEARS[1]}"
    impossible = bad & ~blank & parts.notna().all(axis=1) & ~out_of_range
    reason[impossible] = "a real calendar date (this day does not exist)"
    reason[bad & reason.isna()] = DATE_EXPECTED
    reason[_impossible_time(t) & reason.isna()] = "a time of day from 00:00 to 23:59 (this time does not exist)"
    dates[reason.notna()] = pd.NaT
    return dates, reason


def _impossible_time(t: pd.Series) -> pd.Series:
    """Cells whose time of day cannot be: an hour over 23 (24:00 alone allowed, the end of a day), minutes
    over 59, seconds over 60 (a leap second).

    >>> cells = pd.Series(["2026-03-01T25:61", "2026-03-01 07:05:09", "2026-03-01 24:00", "5 Mar 2026"])
    >>> _impossible_time(cells).tolist()
    [True, False, False, False]
    """
    with_time = t.str.contains(":", regex=False).fillna(False).to_numpy(dtype=bool)
    out = pd.Series(False, index=t.index)
    if not with_time.any():
        return out
    parts = t[with_time].str.extract(_TIME).astype(float)
    hour, minute, second = parts[0], parts[1], parts[2].fillna(0)
    end_of_day = (hour == 24) & (minute == 0) & (second == 0)
    wrong = ((hour > 23) & ~end_of_day) | (minute > 59) | (second > 60)
    out[parts.index] = wrong.fillna(False).to_numpy(dtype=bool)
    return out


def parse_words(values: pd.Series, table: dict[str, str], *, what: str) -> tuple[np.ndarray, pd.Series]:
    """Map the distinct cells ``values`` (case and punctuation ignored) through ``table``; unknown words are
    problems."""
    found = [table.get(word_key(v)) for v in strings(values)]
    return np.array(found, dtype=object), pd.Series([None if f is not None else what for f in found], dtype=STRING)


def sort_rows(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """``frame`` sorted by ``by`` (stable); a frame already in that order — as logs nearly always are — is
    only checked, in one vectorised pass, not sorted again."""
    if len(frame) < 2:
        return frame.reset_index(drop=True)
    keys = []
    for column in by:
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            keys.append(values.array.codes)  # compared in their own small integer type, not copied
        elif values.dtype == np.dtype("datetime64[ns]"):
            keys.append(values.to_numpy().view(np.int64))
        else:
            return frame.sort_values(by, kind="stable", ignore_index=True)
    in_order = np.zeros(len(frame) - 1, dtype=bool)
    tied = np.ones(len(frame) - 1, dtype=bool)
    for key in keys:
        before, after = key[:-1], key[1:]
        in_order |= tied & (before < after)
        tied &= before == after
    if (in_order | tied).all():
        return frame.reset_index(drop=True)
    return frame.sort_values(by, kind="stable", ignore_index=True)
