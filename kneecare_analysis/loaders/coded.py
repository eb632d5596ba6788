"""A column as codes into its distinct cells: parse each distinct cell once, spread results with one ``take``.

A club's year is two million cells per column but only a few hundred distinct dates, drills and amounts, so
the loaders parse ``Coded.values`` (small) and turn per-value results into per-row arrays by indexing with
``Coded.codes``: no per-row Python and no per-row strings.

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
        """Code a column: a categorical (how the fast reader and Parquet deliver text) is used as it is,
        anything else is factorised; missing cells become one more distinct value."""
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = np.asarray(series.array.codes)
            values = pd.Series(series.cat.categories.array)
            if len(codes) and codes.min() < 0:
                codes = np.where(codes < 0, len(values), codes)
                values = pd.concat([values.astype(object), pd.Series([None], dtype=object)], ignore_index=True)
            return cls(codes, values)
        codes, uniques = pd.factorize(series, use_na_sentinel=False)
        return cls(np.asarray(codes, dtype=np.intp), pd.Series(uniques))

    @classmethod
    def constant(cls, value: object, n: int) -> Coded:
        """``n`` rows holding the same cell (a column the file does not have)."""
        return cls(np.zeros(n, dtype=np.int8), pd.Series([value], dtype=object))

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, per_value) -> np.ndarray:
        """Per-row array from one result per distinct value."""
        return np.take(np.asarray(per_value), self.codes)

    def subset(self, rows: np.ndarray) -> Coded:
        """The cells of the rows at positions (or a mask) ``rows``, sharing the distinct values."""
        return Coded(self.codes[rows], self.values)
