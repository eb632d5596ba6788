"""Numbers as people and exports write them: decimal and thousands marks decided per column, never guessed per cell.

A value with one possible reading is read that way: ``4.23``, ``2,81`` (a comma before two digits is a decimal
comma), ``1,234.5``, ``1.234,5``, ``1 234,5``. A value with two readings — ``1,500`` is 1500 with a thousands
comma or 1.5 with a decimal comma — takes the reading of its column, decided from all the column's
unambiguous values (in a semicolon file without such values, a comma is decimal; otherwise a dot is). Each
value keeps its other reading in ``other``, so a check that finds the column's reading implausible can name
both (:func:`range_reasons`) instead of scaling a number by 1,000 without a word.

``--``, ``--:--`` and ``--:--:--`` mean "not recorded"; a leading apostrophe (Excel's "this is text") is
ignored; ``inf`` and ``nan`` are reported, never loaded. Parsing runs once per distinct value of a column (the
loaders hand over distinct values only), in plain Python: a column has few distinct amounts.

>>> n = read_numbers(pd.Series(["4.23", "2,81", "1,214", "--", "12.00"]))
>>> n.value.tolist()[:3], n.other.tolist()[2], bool(n.blank[3])
([4.23, 2.81, 1214.0], 1.214, True)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cells import STRING, text

NOT_RECORDED = r"^-{1,3}(?::-{1,3})*$|^[—–]$"  # --, --:--, --:--:-- (and a lone dash or em dash)
NON_FINITE = "a finite number (not inf or nan)"
_NOT_RECORDED = re.compile(NOT_RECORDED)
_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))")  # 1 234,5: spaces between digit groups
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DOT = re.compile(r"[+-]?\d*\.\d+")
_COMMA = re.compile(r"[+-]?\d*,\d+")
_THREE = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")  # 1,500 or 1.500: thousands or decimal
_ENGLISH = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_EUROPEAN = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")


@dataclass(frozen=True)
class Numbers:
    """One reading per distinct value: ``value`` (NaN when blank or unreadable), ``other`` (the second reading of
    a value with two, else NaN), ``blank`` (nothing recorded) and ``reason`` (why a written value is no
    number, else missing); ``decimal`` is the column's decimal mark."""

    value: np.ndarray
    other: np.ndarray
    blank: np.ndarray
    reason: pd.Series
    decimal: str = "."


def _shape(cell: str) -> str:
    """``blank``, ``plain`` (no mark but a dot decimal), ``dot``/``comma`` (a decimal mark, one reading),
    ``english``/``european`` (thousands and decimal marks), ``three`` (two readings), ``inf`` or ``bad``."""
    if not cell or _NOT_RECORDED.match(cell):
        return "blank"
    if cell.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return "inf"
    if _THREE.fullmatch(cell):
        return "three"
    if _PLAIN.fullmatch(cell):
        return "dot" if _DOT.fullmatch(cell) else "plain"
    if _COMMA.fullmatch(cell):
        return "comma"
    if _ENGLISH.fullmatch(cell):
        return "english"
    if _EUROPEAN.fullmatch(cell):
        return "european"
    return "bad"


def _as_dot(cell: str) -> float:
    return float(cell.replace(",", ""))


def _as_comma(cell: str) -> float:
    return float(cell.replace(".", "").replace(",", "."))


def read_numbers(values: pd.Series, *, separator: str | None = None, what: str = "a number") -> Numbers:
    """Read the distinct cells ``values`` of one column as numbers (see the module's rules)."""
    n = len(values)
    if pd.api.types.is_bool_dtype(values.dtype):
        nan = np.full(n, np.nan)
        return Numbers(nan, nan.copy(), np.zeros(n, bool), pd.Series([what] * n, dtype=STRING))
    if pd.api.types.is_numeric_dtype(values.dtype):
        v = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        infinite = np.isinf(v)
        reason = pd.Series(np.where(infinite, NON_FINITE, None), dtype=STRING)
        return Numbers(np.where(infinite, np.nan, v), np.full(n, np.nan), np.isnan(v) & ~infinite, reason)
    cells = [_SPACES.sub("", c.removeprefix("'")) for c in text(values).tolist()]
    shapes = [_shape(c) for c in cells]
    dot_votes = sum(s in ("dot", "english") for s in shapes)
    comma_votes = sum(s in ("comma", "european") for s in shapes)
    if dot_votes or comma_votes:
        decimal = "," if comma_votes > dot_votes else "."
    else:
        decimal = "," if separator == ";" else "."
    value, other = np.full(n, np.nan), np.full(n, np.nan)
    why: list[str | None] = [None] * n
    for i, (cell, shape) in enumerate(zip(cells, shapes, strict=True)):
        if shape in ("plain", "dot", "english"):
            value[i] = _as_dot(cell)
        elif shape in ("comma", "european"):
            value[i] = _as_comma(cell)
        elif shape == "three":
            value[i], other[i] = (
                (_as_dot(cell), _as_comma(cell)) if decimal == "." else (_as_comma(cell), _as_dot(cell))
            )
        elif shape == "inf":
            why[i] = NON_FINITE
        elif shape == "bad":
            why[i] = what
        if not math.isfinite(value[i]) and shape != "blank" and why[i] is None:
            why[i], value[i] = NON_FINITE, np.nan  # a number too large for a float
    blank = np.array([s == "blank" for s in shapes], dtype=bool)
    return Numbers(value, other, blank, pd.Series(why, dtype=STRING), decimal)


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
    for i in np.flatnonzero(wrong & ~np.isnan(other) & ~bad(other)):
        why[i] = both_readings(what, value[i], other[i], numbers.decimal)
    return pd.Series(why, dtype=STRING)


def both_readings(what: str, value: float, other: float, decimal: str) -> str:
    """The message for a value whose column's reading does not fit while its other reading would."""
    mark = "a comma" if decimal == "," else "a dot"
    return (
        f"{what}: this column writes decimals with {mark}, which reads this value as {value:,.6g}; read the other "
        f"way it would be {other:,.6g}. Write it without a thousands mark (e.g. {other:.6g} or {value:.6g})"
    )
