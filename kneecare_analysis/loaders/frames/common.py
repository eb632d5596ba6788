"""The pieces every kind of frame is built from: dates, athletes, notes, where each row came from.

Each works on :class:`Coded` cells: a parser runs once per distinct value and its result reaches the rows
through the codes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..cells import detect_dayfirst, parse_dates, strings
from ..checks import RowChecks
from ..coded import Coded
from ..formats.base import Records

DEFAULT_ATHLETE = "me"


def blank(records: Records) -> Coded:
    return Coded.constant("", len(records))


def cells(records: Records, field: str) -> Coded:
    """The field's cells, or blanks for a field the table does not have."""
    found = records.cells.get(field)
    return blank(records) if found is None else found


def dates(records: Records, chk: RowChecks, *, dayfirst: bool | None) -> np.ndarray:
    """Each record's date (a timestamp's calendar date as written); wrong dates go into ``chk``. Day/month
    order comes from ``dayfirst``, else from the whole column (a field above 12 decides)."""
    field = "date" if "date" in records.cells else "timestamp"
    column = records.cells[field]
    if dayfirst is None and "all_dates" in records.hints:  # records of a part of the column: decide from all of it
        dayfirst = detect_dayfirst(records.hints["all_dates"])
    parsed, why = parse_dates(column.values, dayfirst=dayfirst)  # the column's distinct values decide the rest
    chk.add_values(why, records.columns[field], column)
    return column.take(parsed.to_numpy(dtype="datetime64[ns]"))


def athletes(column: Coded, *, default: str | None) -> pd.Categorical:
    """Athlete names (stripped; blank → ``default``, else ``me``) as a categorical of sorted names."""
    names = np.array([n or default or DEFAULT_ATHLETE for n in strings(column.values)], dtype=object)
    categories, inverse = np.unique(names, return_inverse=True) if len(names) else (names, names.astype(np.intp))
    codes = np.take(inverse.astype(np.int16 if len(categories) < 32767 else np.int32), column.codes)
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories), validate=False)


def optional_text(column: Coded) -> pd.api.extensions.ExtensionArray:
    """Stripped text per row, blank → missing (a note column)."""
    import pyarrow as pa

    per_value = pa.array([t or None for t in strings(column.values)], pa.large_string())
    if per_value.null_count == len(per_value):
        rows = pa.nulls(len(column), pa.large_string())
    else:  # a dictionary cast is Arrow's fastest gather of strings
        codes = pa.array(np.asarray(column.codes, dtype=np.int32))
        rows = pa.DictionaryArray.from_arrays(codes, per_value).cast(pa.large_string())
    return pd.arrays.ArrowStringArray(pa.chunked_array([rows]))


def origin(records: Records) -> dict[str, object]:
    """The ``file`` (a categorical) and ``line`` columns of the records."""
    n = len(records)
    if "file" in records.cells:  # a table of many files' rows (a watch's folder): each row names its own
        column = records.cells["file"]
        names = pd.Index(column.values.astype(str))
        return {
            "file": pd.Categorical.from_codes(column.codes, categories=names.unique(), validate=False)
            if names.is_unique
            else pd.Categorical(names[column.codes]),
            "line": np.asarray(records.lines, dtype=np.int64),
        }
    return {
        "file": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[records.table.name]),
        "line": np.asarray(records.lines, dtype=np.int64),
    }


def coded_in(values: pd.Series, categories: list[str]) -> np.ndarray:
    """Each value's position in ``categories`` (``-1`` when it is missing or not there)."""
    lookup = {c: i for i, c in enumerate(categories)}
    return np.array([lookup.get(v, -1) if isinstance(v, str) else -1 for v in values], dtype=np.int16)


def categorical(per_row_codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(per_row_codes, categories=categories, validate=False)


def masked(values: np.ndarray, *, whole: bool = False):
    """Per-row floats (NaN = missing) as pandas' nullable ``Int64`` (rounded) or ``Float64``."""
    missing = np.isnan(values)
    if whole:  # the values are whole already (checked once per distinct value); huge ones are rejected rows
        return pd.arrays.IntegerArray(np.where(missing | (np.abs(values) > 2**53), 0, values).astype(np.int64), missing)
    return pd.arrays.FloatingArray(values, missing)


def written(column: Coded, blank_values: np.ndarray) -> np.ndarray:
    """Per row: whether something was written in the cell (``blank_values`` per distinct value)."""
    return ~column.take(np.asarray(blank_values, dtype=bool))


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat`` that keeps categorical columns categorical when the frames' categories differ (one athlete
    or one file per frame): the categories are united first."""
    frames = [f for f in frames if len(f)] or frames[:1]
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    for column in frames[0].columns:
        dtypes = [f[column].dtype for f in frames]
        if not all(isinstance(d, pd.CategoricalDtype) for d in dtypes) or all(d == dtypes[0] for d in dtypes):
            continue
        categories = pd.Index(pd.unique(np.concatenate([np.asarray(d.categories, dtype=object) for d in dtypes])))
        frames = [f.assign(**{column: f[column].cat.set_categories(categories)}) for f in frames]
    return pd.concat(frames, ignore_index=True)


def sorted_categories(values: pd.Series) -> pd.Categorical:
    """A categorical column with only the categories in use, sorted (athlete and file names); the categories
    in use are found by counting codes, never by looking at the rows' strings."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Categorical(values.astype(str))
    cat = values.array
    if len(cat.categories) == 1 and len(cat) and np.asarray(cat.codes).min() >= 0:  # one file, one athlete
        return cat if isinstance(cat.categories[0], str) else cat.rename_categories([str(cat.categories[0])])
    names = [str(c) for c in cat.categories]
    used = np.bincount(np.asarray(cat.codes) + 1, minlength=len(names) + 1)[1:] > 0
    if used.all() and names == sorted(names) and list(cat.categories) == names:
        return cat
    keep = sorted(n for n, u in zip(names, used, strict=True) if u)
    return cat.rename_categories(names).set_categories(keep)


def typed(frame: pd.DataFrame, dtypes: dict) -> pd.DataFrame:
    """``frame`` with exactly these columns in these dtypes (``None``: a categorical of the sorted names in use);
    a column already in its dtype is kept as it is, not copied."""
    columns = {}
    for name, dtype in dtypes.items():
        column = frame[name]
        if dtype is None:
            columns[name] = sorted_categories(column)
        elif column.dtype == dtype:
            columns[name] = column.array
        elif isinstance(dtype, pd.CategoricalDtype):
            columns[name] = pd.Categorical(column, categories=dtype.categories)
        else:
            columns[name] = column.astype(dtype).array
    return pd.DataFrame(columns, index=pd.RangeIndex(len(frame)), copy=False)
