"""The fast engine for large delimited files: pyarrow's parser into dictionary-encoded columns.

It reads a file only when it can prove the result is the exact reader's (:mod:`.delimited`), row for row and
line for line. It supports exactly:

- UTF-8 text (with or without a BOM), the header on the first line, comma, semicolon or tab separated;
- every line after the header one row (quoted values allowed, as long as none holds a line break);
- LF or CRLF line ends.

For anything else it returns the reason, and the exact reader reads the file: a title or comment line
(``#…``) at the top, blank lines or rows of separators only, a quoted line break, a lone CR, another encoding,
a header over several lines. A table it read keeps no raw rows; when the header turns out to be further down
(a title row the first line did not show as one), the file is read again by the exact reader
(:meth:`.Table.reheaded`). Why pyarrow: the loaders' targets (load ≤ 3 × pyarrow's raw parse,
``benchmarks/README.md``) come from its codes-and-values columns, which the loaders parse once per value.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import mmap
from pathlib import Path

import numpy as np
import pandas as pd

from .table import Table
from .text import sniff_delimiter


def read(path: Path, name: str, *, tab: bool) -> Table | str:
    """The table, or the reason this engine does not read the file."""
    with open(path, "rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        return _parse(mapped, name, tab=tab)
    finally:
        with contextlib.suppress(BufferError):  # a view still referenced: the map closes when collected
            mapped.close()


def _parse(mapped, name: str, *, tab: bool) -> Table | str:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    start = 3 if mapped[:3] == codecs.BOM_UTF8 else 0
    head = mapped[start : start + 65536]
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in head:
        return "not UTF-8 text"
    if head.startswith(b"#"):
        return "a comment line at the top"
    first_line = head.split(b"\n", 1)[0]
    try:
        header_text = first_line.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    if header_text.count('"') % 2 or len(first_line) == len(head):
        return "a header over several lines"
    delimiter = "\t" if tab else sniff_delimiter(header_text)
    headers = [h.strip() for h in next(csv.reader([header_text], delimiter=delimiter))]
    names = [f"c{i}" for i in range(len(headers))]
    body = start + len(first_line) + 1
    quoted, cr = mapped.find(b'"', body) >= 0, mapped.find(b"\r", start) >= 0
    text = pa.dictionary(pa.int32(), pa.string())  # codes + distinct values, straight from the parser
    try:
        arrow = pacsv.read_csv(
            pa.py_buffer(mapped)[start:],
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, encoding="utf8"),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={c: text for c in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError):
        return "rows of another length than the first line (a title above the header?), or not UTF-8"
    if quoted or cr:  # a quoted line break or a lone CR: count the lines
        raw = np.frombuffer(mapped, dtype=np.uint8)[start:]
        lines = int(np.count_nonzero(raw == 10)) + int(raw[-1] != 10)
        if cr and np.count_nonzero(raw == 13) != np.count_nonzero((raw[:-1] == 13) & (raw[1:] == 10)):
            return "a lone CR (a line break of old Macs)"
        del raw
        if arrow.num_rows + 1 != lines:
            return "a quoted line break"
    frame = _categoricals(arrow)
    del arrow
    if _has_blank_rows(frame):
        return "blank rows"
    if frame[0].cat.categories.str.startswith("#").any():
        return "comment lines"
    return Table(name, headers, frame, np.arange(2, len(frame) + 2, dtype=np.int64), delimiter, engine="fast")


def _codes(chunk) -> np.ndarray:
    """A dictionary chunk's codes, ``-1`` where a value is missing."""
    import pyarrow.compute as pc

    indices = chunk.indices
    if chunk.null_count:
        indices = pc.fill_null(pc.if_else(chunk.is_valid(), indices, None), -1)
    return indices.to_numpy(zero_copy_only=False)


def _categoricals(arrow) -> pd.DataFrame:
    """Arrow's dictionary-encoded columns as categoricals, straight from Arrow's codes."""
    arrow = arrow.unify_dictionaries()
    columns = {}
    for i, column in enumerate(arrow.columns):
        codes = [_codes(chunk) for chunk in column.chunks]
        codes = np.concatenate(codes) if len(codes) > 1 else codes[0] if codes else np.zeros(0, dtype=np.int32)
        values = pd.Index(column.chunk(0).dictionary.to_pandas()) if column.num_chunks else pd.Index([], dtype=object)
        if values.hasnans or not values.is_unique:  # a NaN among floats: kept as the plain column
            columns[i] = column.cast(column.type.value_type).to_pandas()
            continue
        columns[i] = pd.Categorical.from_codes(codes, categories=values, validate=False)
    return pd.DataFrame(columns, copy=False)


def _has_blank_rows(frame: pd.DataFrame) -> bool:
    """Whether a row has every cell blank, checked on each column's distinct values."""
    blank_rows = None
    for column in frame.columns:
        cat = frame[column].array
        blank = np.array([not str(v).strip() for v in cat.categories] + [True])
        if not blank.any():
            return False
        in_column = blank[np.asarray(cat.codes)]
        blank_rows = in_column if blank_rows is None else blank_rows & in_column
        if not blank_rows.any():
            return False
    return bool(blank_rows is not None and blank_rows.any())
