"""A column as codes into its distinct cells: parse each distinct cell once, spread results with one ``take``.

A club's year is two million cells per column but only a few hundred distinct dates, drills and amounts, so
every loader parses ``Coded.values`` (small) and turns per-value results into per-row arrays by indexing with
``Coded.codes`` — one gather (numpy's, or Arrow's for large numeric results), no per-row Python and no
per-row strings.

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

BIG = 1 << 16  # from this many rows, gathers and day numbers go through Arrow


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
            codes = np.asarray(series.array.codes)  # kept in its small integer type: gathers stay cheap
            values = pd.Series(series.cat.categories.array)
            if len(codes) and codes.min() < 0:
                codes = np.where(codes < 0, len(values), codes.astype(np.intp))
                values = pd.concat([values.astype(object), pd.Series([None], dtype=object)], ignore_index=True)
            return cls(codes, values)
        if isinstance(series.dtype, np.dtype) and series.dtype.kind == "M" and len(series) > BIG:
            by_day = cls._by_day(series.to_numpy())
            if by_day is not None:
                return by_day
        codes, uniques = pd.factorize(series, use_na_sentinel=False)
        return cls(np.asarray(codes, dtype=np.intp), pd.Series(uniques))

    @classmethod
    def _by_day(cls, stamps: np.ndarray) -> Coded | None:
        """Midnight timestamps (a Parquet date column) coded by day number, without hashing; ``None`` when
        some carry a time of day, some are missing, or the days span more than the rows."""
        import pyarrow as pa

        try:  # a safe cast refuses to drop a time of day
            days = pa.array(stamps).cast(pa.date32()).cast(pa.int32())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        if days.null_count:
            return None
        import pyarrow.compute as pc

        span = pc.min_max(days)
        first, last = span["min"].as_py(), span["max"].as_py()
        if last - first + 1 > len(days):
            return None
        values = pd.Series(np.arange(first, last + 1).astype("datetime64[D]").astype("datetime64[ns]"))
        return cls(pc.subtract(days, pa.scalar(first, pa.int32())).to_numpy(zero_copy_only=True), values)

    @classmethod
    def constant(cls, value: object, n: int, dtype: str | pd.api.extensions.ExtensionDtype | None = None) -> Coded:
        """``n`` rows holding the same cell (a column the file does not have)."""
        return cls(np.zeros(n, dtype=np.int8), pd.Series([value], dtype=dtype))

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, per_value) -> np.ndarray:
        """Per-row array from one result per distinct value."""
        return gather(per_value, self.codes)


def gather(values, indices: np.ndarray) -> np.ndarray:
    """``values[indices]`` (read-only). Large numeric results are gathered by Arrow into its memory pool, with
    indices in their own small type; numpy would first widen the indices and fault in fresh pages."""
    values = np.asarray(values)
    if len(indices) < BIG or values.dtype.kind not in "iufM" or indices.dtype.kind != "i" or indices.min() < 0:
        return values[indices]  # (numpy also reads -1 as the last value)
    import pyarrow as pa

    return pa.array(values).take(pa.array(indices)).to_numpy(zero_copy_only=True)
