"""The typed columns of a loaded frame, built straight from coded cells (no per-row strings but ``source``).

``source`` (``file:line`` for every row) is the one column that must be millions of new strings; for a large
table it is joined by Arrow on a worker thread (Arrow releases the GIL) while the rows are checked.

>>> from kneecare_analysis.loaders._coded import Coded
>>> athletes(Coded.of(pd.Series(["ann ", "", "bo"])), default="me").tolist()
['ann', 'me', 'bo']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._coded import Coded
from ._parse import STRING, text

BACKGROUND_ROWS = 200_000  # from this many rows ``source`` is built on a second core
_workers = None


def athletes(cells: Coded, *, default: str) -> pd.Categorical:
    """Athlete names (stripped; blank → ``default``) as a categorical with sorted categories."""
    names = text(cells.values).replace("", default).to_numpy(dtype=object)
    categories, inverse = np.unique(names, return_inverse=True) if len(names) else (names, names.astype(np.intp))
    if len(categories) == len(names) and (inverse == np.arange(len(names))).all():
        codes = cells.codes  # the distinct names are already sorted: the codes are the categorical's codes
    else:
        codes = inverse.astype(_small(len(categories)))[cells.codes]
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories), validate=False)


def _small(n: int) -> type:
    """The smallest integer type for codes into ``n`` categories (what pandas itself stores)."""
    return np.int8 if n < 127 else np.int16 if n < 32767 else np.int32


def categorical(per_row_codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    """A categorical from codes into a fixed list (``-1`` = missing)."""
    return pd.Categorical.from_codes(per_row_codes, categories=categories, validate=False)


def codes_in(values: pd.Series, categories: list[str]) -> np.ndarray:
    """Each value's position in ``categories`` (``-1`` when it is missing or not there)."""
    lookup = {c: i for i, c in enumerate(categories)}
    codes = [lookup.get(v, -1) if isinstance(v, str) else -1 for v in values]
    return np.array(codes, dtype=_small(len(categories)))


def sorted_categorical(values: pd.Series) -> pd.Categorical:
    """Text as a categorical of the values present, categories sorted; a categorical is recoded through its
    codes (a bincount finds the categories in use), never through its rows' strings."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Categorical(values.astype(str)) if len(values) else pd.Categorical([])
    cat = values.array
    codes = np.asarray(cat.codes)
    names = [str(c) for c in cat.categories]
    if len(set(names)) < len(names) or (len(codes) and codes.min() < 0):
        return pd.Categorical(values.astype(str))
    cat = cat.rename_categories(names) if names != list(cat.categories) else cat
    used = np.bincount(codes, minlength=len(names)) > 0 if len(codes) else np.zeros(len(names), dtype=bool)
    if used.all() and names == sorted(names):
        return cat
    return cat.set_categories(pd.Index(sorted(n for n, u in zip(names, used, strict=True) if u)))


def optional_text(cells: Coded) -> pd.api.extensions.ExtensionArray:
    """Stripped text per row, blank → missing (a note column)."""
    import pyarrow as pa

    notes = text(cells.values).replace("", None).to_numpy(dtype=object, na_value=None)
    per_value = pa.array(notes, type=pa.large_string())
    if per_value.null_count == len(per_value):
        rows = pa.nulls(len(cells), pa.large_string())
    else:  # a dictionary cast is Arrow's fastest gather of strings
        rows = pa.DictionaryArray.from_arrays(pa.array(cells.codes, type=pa.int64()), per_value).cast(pa.large_string())
    return pd.arrays.ArrowStringArray(pa.chunked_array([rows]))


def numbers(per_value: pd.Series, cells: Coded) -> np.ndarray:
    """Per-row floats (missing → NaN) from one parsed number per distinct value."""
    return cells.take(per_value.to_numpy(dtype=float, na_value=np.nan))


def conform(frame: pd.DataFrame, dtypes: dict) -> pd.DataFrame:
    """``frame`` with exactly these columns in these dtypes (``None``: athlete names, a categorical of sorted
    names). A column already in its dtype is kept as it is, not copied."""
    columns = {}
    for name, dtype in dtypes.items():
        column = frame[name]
        if dtype is None:
            columns[name] = sorted_categorical(column)
        elif column.dtype == dtype:
            columns[name] = column.array
        elif isinstance(dtype, pd.CategoricalDtype):
            columns[name] = pd.Categorical(column, categories=dtype.categories)
        elif dtype == np.dtype("datetime64[ns]"):
            columns[name] = pd.to_datetime(column).astype(dtype).array
        else:
            columns[name] = column.astype(dtype).array
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)), copy=False)


def integers(per_value: pd.Series, cells: Coded) -> pd.arrays.IntegerArray:
    """Per-row whole numbers from one parsed number per distinct value (rounded once per value)."""
    v = per_value.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(v)
    return pd.arrays.IntegerArray(cells.take(np.where(missing, 0, np.round(v)).astype(np.int64)), cells.take(missing))


def floats(per_value: pd.Series, cells: Coded) -> pd.arrays.FloatingArray:
    """Per-row numbers (missing stays missing) from one parsed number per distinct value."""
    v = per_value.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(v)
    return pd.arrays.FloatingArray(cells.take(np.where(missing, 0.0, v)), cells.take(missing))


def masked(values: np.ndarray, *, whole: bool = False):
    """A per-row float array (NaN = missing) as pandas' nullable ``Int64`` (rounded) or ``Float64``."""
    missing = np.isnan(values)
    if whole:
        return pd.arrays.IntegerArray(np.where(missing, 0, np.round(values)).astype(np.int64), missing)
    return pd.arrays.FloatingArray(np.where(missing, 0.0, values), missing)


def sources(name: str, lines: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``file:line`` for every row, joined by Arrow (no Python loop over rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    digits = pa.array(np.asarray(lines, dtype=np.int64)).cast(pa.string())
    joined = pc.binary_join_element_wise(pa.scalar(name + ":"), digits, "")
    return pd.array(joined, dtype=STRING)


def sources_later(name: str, lines: np.ndarray):
    """Start :func:`sources` (on a worker thread for a large table); call the result to get the column."""
    global _workers
    if len(lines) < BACKGROUND_ROWS:
        done = sources(name, lines)
        return lambda: done
    if _workers is None:
        from concurrent.futures import ThreadPoolExecutor

        _workers = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kneecare-sources")
    return _workers.submit(sources, name, np.asarray(lines)).result
