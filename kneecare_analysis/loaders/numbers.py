"""Numbers as people and exports write them: decimal and thousands marks decided per column, never guessed per cell.

A value with one possible reading is read that way: ``4.23``, ``2,81`` (a comma before two digits is a decimal
comma), ``1,234.5``, ``1.234,5``. A value with two readings — ``1,500`` is 1500 with a thousands comma or 1.5
with a decimal comma — takes the reading of its column, decided from all the column's unambiguous values (in a
semicolon file without such values, a comma is decimal; otherwise a dot is). Each value keeps its other
reading in ``other``, so a check that finds the column's reading implausible can name both (see
:func:`range_reasons`) instead of scaling a number by 1,000 without a word.

``--``, ``--:--`` and ``--:--:--`` mean "not recorded"; a leading apostrophe (Excel's "this is text") is
ignored; ``inf``, ``nan`` and numbers too large to be amounts are reported, never loaded.

>>> n = read_numbers(pd.Series(["4.23", "2,81", "1,214", "--", "12.00"]))
>>> n.value.tolist()[:3], n.other.tolist()[2], bool(n.blank[3])
([4.23, 2.81, 1214.0], 1.214, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cells import STRING, text

NOT_RECORDED = r"^-{1,3}(?::-{1,3})*$|^[—–]$"  # --, --:--, --:--:-- (and a lone dash or em dash)
_GROUPED_SPACES = r"^([+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+)([.,]\d+)?$"
NON_FINITE = "a finite number (not inf or nan)"


@dataclass(frozen=True)
class Numbers:
    """One reading per distinct value: ``value`` (NaN when blank or unreadable), ``other`` (the second reading of
    a value with two, else NaN), ``blank`` (nothing recorded) and ``reason`` (why a written value is no
    number, else missing)."""

    value: np.ndarray
    other: np.ndarray
    blank: np.ndarray
    reason: pd.Series
    decimal: str = "."


def read_numbers(values: pd.Series, *, separator: str | None = None, what: str = "a number") -> Numbers:
    """Read the distinct cells ``values`` of one column as numbers (see the module's rules)."""
    n = len(values)
    if pd.api.types.is_bool_dtype(values.dtype):
        return Numbers(np.full(n, np.nan), np.full(n, np.nan), np.zeros(n, bool), _reasons(np.ones(n, bool), what))
    if pd.api.types.is_numeric_dtype(values.dtype):
        v = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        infinite = np.isinf(v)
        v = np.where(infinite, np.nan, v)
        return Numbers(v, np.full(n, np.nan), np.isnan(v) & ~infinite, _reasons(infinite, NON_FINITE))
    t = text(values).str.replace(r"^'", "", regex=True)
    blank = (t == "") | t.str.match(NOT_RECORDED)
    spaced = t.str.extract(_GROUPED_SPACES)
    has_spaces = spaced[0].notna()
    t = t.where(~has_spaces, spaced[0].str.replace(r"[ \u00a0\u202f]", "", regex=True) + spaced[1].fillna(""))
    sign = r"^[+-]?"
    dot = t.str.match(sign + r"\d*\.\d+$")
    comma = t.str.match(sign + r"\d*,\d+$")
    three = t.str.match(sign + r"[1-9]\d{0,2}[.,]\d{3}$")  # 1,500 or 1.500: thousands or decimal
    english = t.str.match(sign + r"\d{1,3}(,\d{3})+(\.\d+)?$") & ~(comma & three)
    european = t.str.match(sign + r"\d{1,3}(\.\d{3})+(,\d+)?$") & ~(dot & three)
    dot_votes = int(((dot & ~three) | english).sum())
    comma_votes = int(((comma & ~three) | european).sum())
    if dot_votes or comma_votes:
        decimal = "," if comma_votes > dot_votes else "."
    else:
        decimal = "," if separator == ";" else "."
    as_decimal_dot = _float(t.str.replace(",", "", regex=False))  # dot decimal, comma thousands
    as_decimal_comma = _float(t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    plain = _float(t.where(~t.str.contains(",", regex=False), ""))  # ints, dot decimals, 1e5, inf
    value = plain.copy()
    value[english.to_numpy()] = as_decimal_dot[english.to_numpy()]
    value[european.to_numpy()] = as_decimal_comma[european.to_numpy()]
    c = (comma & ~three).to_numpy()
    value[c] = as_decimal_comma[c]
    amb = three.to_numpy()
    value[amb] = (as_decimal_dot if decimal == "." else as_decimal_comma)[amb]
    other = np.full(n, np.nan)
    other[amb] = (as_decimal_comma if decimal == "." else as_decimal_dot)[amb]
    b = blank.to_numpy(dtype=bool)
    infinite = np.isinf(value) | t.str.lower().str.fullmatch(r"[+-]?(nan|inf|infinity)").to_numpy(dtype=bool)
    unreadable = ~b & np.isnan(value) & ~infinite
    value[b | infinite] = np.nan
    why = np.full(n, None, dtype=object)
    why[unreadable] = what
    why[infinite & ~b] = NON_FINITE
    return Numbers(value, other, b, pd.Series(why, dtype=STRING), decimal)


def _float(t: pd.Series) -> np.ndarray:
    numbers = pd.to_numeric(t.where(t != "", None), errors="coerce")
    return numbers.to_numpy(dtype=float, na_value=np.nan, copy=True)


def _reasons(bad: np.ndarray, what: str) -> pd.Series:
    why = np.full(len(bad), None, dtype=object)
    why[bad] = what
    return pd.Series(why, dtype=STRING)


def range_reasons(
    numbers: Numbers,
    *,
    what: str,
    minimum: float | None = 0,
    maximum: float | None = None,
    whole: bool = False,
    scale: float = 1.0,
) -> pd.Series:
    """Why each value (× ``scale``, e.g. metres to km) is outside ``minimum``–``maximum`` or not whole, naming
    its other reading when that one would fit; missing where it fits. ``what`` says what was expected."""
    value = numbers.value * scale
    other = numbers.other * scale

    def bad(v: np.ndarray) -> np.ndarray:
        out = np.zeros(len(v), dtype=bool)
        ok = ~np.isnan(v)
        if minimum is not None:
            out |= ok & (v < minimum)
        if maximum is not None:
            out |= ok & (v > maximum)
        if whole:
            out |= ok & (v != np.round(v))
        return out

    wrong = bad(value)
    why = np.full(len(value), None, dtype=object)
    why[wrong] = what
    both = wrong & ~np.isnan(other) & ~bad(other)
    for i in np.flatnonzero(both):
        why[i] = both_readings(what, value[i], other[i], numbers.decimal)
    return pd.Series(why, dtype=STRING)


def both_readings(what: str, value: float, other: float, decimal: str) -> str:
    """The message for a value whose column's reading does not fit while its other reading would."""
    mark = "a comma" if decimal == "," else "a dot"
    return (
        f"{what}: this column writes decimals with {mark}, which reads this value as {value:,.6g}; read the other "
        f"way it would be {other:,.6g}. Write it without a thousands mark (e.g. {other:.6g} or {value:.6g})"
    )
