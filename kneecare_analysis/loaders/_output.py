"""The typed columns of a loaded frame, built straight from coded cells (no per-row strings but ``source``).

``source`` (``file:line`` for every row) is the one column that must be millions of new strings; for a large
table it is built on a worker thread (Arrow and numpy release the GIL) while the rows are checked.

>>> from kneecare_analysis.loaders._coded import Coded
>>> athletes(Coded.of(pd.Series(["ann ", "", "bo"])), default="me").tolist()
['ann', 'me', 'bo']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._coded import Coded
from ._parse import STRING, detect_dayfirst, parse_dates, text

if TYPE_CHECKING:
    from ._checks import RowChecks
    from ._read import RawTable

BACKGROUND_ROWS = 200_000  # from this many rows ``source`` is built on a second core
_workers = None


def dated_records(
    cells: dict[str, Coded], headers: dict, chk: RowChecks, table: RawTable, *, dayfirst, date_values: pd.Series
) -> tuple[Callable[[], object], Callable[[str], Coded], np.ndarray]:
    """What every log's records start with: ``source`` started, a lookup giving a blank column for fields the
    file lacks, and each row's date (wrong dates recorded in ``chk``). ``date_values`` are the distinct cells of
    the whole date column, from which day/month order is decided when ``dayfirst`` is ``None``."""
    blank = Coded.constant("", len(chk.lines), dtype=STRING)
    source = table.sources(chk.lines)
    field = "date" if "date" in cells else "timestamp"
    if dayfirst is None:
        dayfirst = detect_dayfirst(date_values)
    dates, why = parse_dates(cells[field].values, dayfirst=dayfirst)
    chk.add_values(why, headers[field], cells[field])
    return source, lambda name: cells.get(name, blank), cells[field].take(dates.to_numpy(dtype="datetime64[ns]"))


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
    names = [str(c) for c in cat.categories.to_numpy(dtype=object)]
    if len(set(names)) < len(names) or (len(codes) and codes.min() < 0):
        return pd.Categorical(values.astype(str))
    cat = cat.rename_categories(names) if names != list(cat.categories.to_numpy(dtype=object)) else cat
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
        rows = _no_text(len(cells))
    else:  # a dictionary cast is Arrow's fastest gather of strings
        rows = pa.DictionaryArray.from_arrays(pa.array(cells.codes, type=pa.int64()), per_value).cast(pa.large_string())
    return pd.arrays.ArrowStringArray(pa.chunked_array([rows]))


_zeros = None  # one zero-filled buffer shared by every all-missing text column (Arrow buffers are read-only)


def _no_text(n: int):
    """``n`` missing texts: offsets and validity are all zeros, so they can share one cached zero buffer
    instead of filling 8 bytes a row anew for a log without notes."""
    import pyarrow as pa

    global _zeros
    size = 8 * (n + 1)
    if _zeros is None or _zeros.size < size:
        _zeros = pa.py_buffer(bytes(size))
    zeros = _zeros.slice(0, size)
    return pa.LargeStringArray.from_buffers(n, zeros, pa.py_buffer(b""), zeros.slice(0, (n + 7) // 8), n)


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
    rows = cells.take(np.where(missing, _NO_INT, np.round(v)).astype(np.int64))
    return pd.arrays.IntegerArray(rows, rows == _NO_INT if missing.any() else np.zeros(len(rows), dtype=bool))


_NO_INT = np.iinfo(np.int64).min  # marks a missing number while it is spread to the rows


def floats(per_value: pd.Series, cells: Coded) -> pd.arrays.FloatingArray:
    """Per-row numbers (missing stays missing) from one parsed number per distinct value."""
    rows = cells.take(per_value.to_numpy(dtype=float, na_value=np.nan))
    return pd.arrays.FloatingArray(rows, np.isnan(rows))


def masked(values: np.ndarray, *, whole: bool = False):
    """A per-row float array (NaN = missing) as pandas' nullable ``Int64`` (rounded) or ``Float64``."""
    missing = np.isnan(values)
    if whole:
        return pd.arrays.IntegerArray(np.where(missing, 0, np.round(values)).astype(np.int64), missing)
    return pd.arrays.FloatingArray(np.where(missing, 0.0, values), missing)


def sources(name: str, lines: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``file:line`` for every row (no Python loop over rows): written straight into Arrow's buffers when the
    lines run consecutively (a file without blank lines, a Parquet file, a DataFrame), else joined by Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lines = np.asarray(lines, dtype=np.int64)
    n = len(lines)
    if n > 1 and lines[0] >= 0 and lines[-1] - lines[0] == n - 1 and (np.diff(lines) == 1).all():
        return pd.array(_consecutive_sources(name + ":", int(lines[0]), n), dtype=STRING)
    digits = pa.array(lines).cast(pa.string())
    return pd.array(pc.binary_join_element_wise(pa.scalar(name + ":"), digits, ""), dtype=STRING)


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Each value's decimal digits (zero-padded to ``width``) as a ``(len, width)`` array of ASCII bytes."""
    out = np.empty((len(values), width), dtype=np.uint8)
    for k in range(width):
        out[:, width - 1 - k] = values // 10**k % 10 + 48
    return out


def _consecutive_sources(prefix: str, first: int, n: int):
    """``prefix + str(first + i)`` for ``i < n`` as an Arrow ``large_string`` array. Rows with the same number
    of digits form a block of equal-length strings, i.e. a byte matrix: the prefix is copied down its first
    columns, the last four digits repeat every 10,000 rows and the digits above them change once per 10,000."""
    import pyarrow as pa

    head_bytes = np.frombuffer(prefix.encode(), dtype=np.uint8)
    p, last = len(head_bytes), first + n - 1
    edges = [first] + [10**d for d in range(len(str(first)), len(str(last)))] + [last + 1]
    blocks = [(len(str(a)), a, b) for a, b in zip(edges[:-1], edges[1:], strict=True)]
    data_buffer = pa.allocate_buffer(sum((b - a) * (p + d) for d, a, b in blocks))
    offsets_buffer = pa.allocate_buffer(8 * (n + 1))
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)
    offsets[0] = 0
    pos = row = 0
    for d, a, b in blocks:
        m, width = b - a, p + d
        offsets[row + 1 : row + 1 + m] = offsets[row] + width * np.arange(1, m + 1)
        block = data[pos : pos + m * width].reshape(m, width)
        block[:, :p] = head_bytes
        low = min(d, 4)
        step = 10**low
        head = min(m, step - a % step)  # rows before the low digits first wrap round
        full, tail = (m - head) // step, (m - head) % step
        pattern = _digits(np.arange(step), low)
        lows = block[:, width - low :]
        lows[:head] = pattern[a % step : a % step + head]
        lows[head : head + full * step].reshape(full, step, low)[:] = pattern
        lows[m - tail :] = pattern[:tail]
        if d > low:
            high = _digits(np.arange(a // step, (b - 1) // step + 1), d - low)
            highs = block[:, p : p + d - low]
            highs[:head] = high[0]
            highs[head : head + full * step].reshape(full, step, d - low)[:] = high[1 : 1 + full, None, :]
            highs[m - tail :] = high[-1]
        pos, row = pos + m * width, row + m
    return pa.LargeStringArray.from_buffers(n, offsets_buffer, data_buffer)


def sources_later(name: str, lines: np.ndarray):
    """Start :func:`sources` (on a worker thread for a large table); call the result to get the column."""
    if len(lines) < BACKGROUND_ROWS:
        done = sources(name, lines)
        return lambda: done
    return in_background(sources, name, np.asarray(lines))


def in_background(fn, *args):
    """Run ``fn(*args)`` on a worker thread (for work that releases the GIL: Arrow, large numpy operations)
    and return a function that waits for its result."""
    global _workers
    if _workers is None:
        from concurrent.futures import ThreadPoolExecutor

        _workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kneecare-loader")
    return _workers.submit(fn, *args).result
