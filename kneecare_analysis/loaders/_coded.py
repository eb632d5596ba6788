"""A column as codes into its distinct cells: parse each distinct cell once, spread results with one ``take``.

A club's year is two million cells per column but only a few hundred distinct dates, drills and amounts, so
every loader parses ``Coded.values`` (small) and turns per-value results into per-row arrays by indexing with
``Coded.codes`` — a single numpy gather, no per-row Python and no per-row strings.

>>> c = Coded.of(pd.Series(["L", "R", "L", "L"]))
>>> c.codes.tolist(), c.values.tolist()
([0, 1, 0, 0], ['L', 'R'])
>>> c.take(np.array([10, 20])).tolist()
[10, 20, 10, 10]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Coded:
    """``values.iloc[codes[i]]`` is row ``i``'s cell; ``values`` has a RangeIndex and no repeats."""

    codes: np.ndarray
    values: pd.Series

    @classmethod
    def of(cls, series: pd.Series) -> Coded:
        """Code a column: a categorical (how the fast readers deliver text) is used as it is, anything else is
        factorised; missing cells become one more distinct value."""
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = np.asarray(series.cat.codes)  # kept in its small integer type: gathers stay cheap
            values = pd.Series(series.cat.categories.array)
            missing = codes < 0
            if missing.any():
                codes = np.where(missing, len(values), codes.astype(np.intp))
                values = pd.concat([values.astype(object), pd.Series([None], dtype=object)], ignore_index=True)
            return cls(codes, values)
        if series.dtype.kind == "M" and len(series) > 4096:
            by_day = cls._by_day(series.to_numpy())
            if by_day is not None:
                return by_day
        codes, uniques = pd.factorize(series, use_na_sentinel=False)
        return cls(np.asarray(codes, dtype=np.intp), pd.Series(uniques))

    @classmethod
    def _by_day(cls, stamps: np.ndarray) -> Coded | None:
        """Midnight timestamps (a Parquet date column) coded by day number, without hashing; ``None`` when
        some carry a time of day or the days span more than the rows."""
        ns = stamps.astype("datetime64[ns]").view(np.int64)
        missing = ns == np.iinfo(np.int64).min
        day = np.int64(86_400 * 10**9)
        present = ns[~missing] if missing.any() else ns
        if not len(present) or (present % day).any():
            return None
        first, last = present.min() // day, present.max() // day
        span = int(last - first) + 1
        if span > len(ns):
            return None
        codes = (ns // day - first).astype(np.int32)
        values = pd.Series((np.arange(span) + first) * day).astype("datetime64[ns]")
        if missing.any():
            codes[missing] = span
            values = pd.concat([values, pd.Series([pd.NaT], dtype="datetime64[ns]")], ignore_index=True)
        return cls(codes, values)

    @classmethod
    def constant(cls, value: object, n: int, dtype: str | pd.api.extensions.ExtensionDtype | None = None) -> Coded:
        """``n`` rows holding the same cell (a column the file does not have)."""
        return cls(np.zeros(n, dtype=np.int8), pd.Series([value], dtype=dtype))

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, per_value) -> np.ndarray:
        """Per-row array from one result per distinct value."""
        return np.asarray(per_value)[self.codes]

    def cells(self, rows: np.ndarray | None = None) -> pd.Series:
        """The cells themselves (all rows, or the rows at positions ``rows``)."""
        codes = self.codes if rows is None else self.codes[rows]
        return pd.Series(self.values.array.take(codes))
