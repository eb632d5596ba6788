"""Files to raw tables: CSV/TSV, Excel, JSON lines, Parquet or a DataFrame → text cells with their line numbers.

The reader does no interpretation beyond the file format: encoding (UTF-8 with or without BOM, UTF-16 with BOM,
else cp1252), the separator (comma, semicolon or tab, chosen from the header line), quoting, and the line each
row starts on, so every later message can point at ``file:line``. Python's ``csv`` module is the exact
reader for text, because it reports the physical line of every row, quoted newlines included. A large file
that needs none of that care is parsed by pyarrow instead (dictionary-encoded columns from a memory map), with
its line numbers proven by counting; anything the fast path cannot vouch for goes to the exact reader.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import LogFormatError, Problem
from ._output import in_background, sources_later

TEXT_EXTS = {".csv", ".tsv", ".txt", ".tab"}
EXCEL_EXTS = {".xlsx", ".xlsm"}
JSON_EXTS = {".jsonl", ".ndjson", ".json"}
PARQUET_EXTS = {".parquet", ".pq"}
SUPPORTED_EXTS = TEXT_EXTS | EXCEL_EXTS | JSON_EXTS | PARQUET_EXTS

csv.field_size_limit(1 << 24)
# Hostile sizes are refused before anything is read: a log a runner or a club keeps is far below these
# (a 1,000-athlete year is about 3 million rows and 120 MB of CSV).
MAX_TEXT_BYTES = 400 * 1024 * 1024
MAX_EXCEL_BYTES = 100 * 1024 * 1024
MAX_ROWS = 5_000_000


@dataclass
class RawTable:
    """A table as read: ``frame`` has positional columns 0..n-1 whose headers are in ``headers``."""

    name: str
    headers: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    decimal_comma: bool = False
    row_problems: list[Problem] = field(default_factory=list)
    default_athlete: str | None = None
    original_headers: dict[str, str] = field(default_factory=dict)  # field → the file's own header, if renamed
    early_sources: Callable[[], object] | None = None  # ``file:line`` of every row, started while reading

    def column(self, header_index: int) -> pd.Series:
        return self.frame[header_index]

    def sources(self, lines: np.ndarray) -> Callable[[], object]:
        """``file:line`` for ``lines`` (a function returning the column): the one started while the file was
        read, when those are the table's own lines."""
        if lines is self.lines and self.early_sources is not None:
            return self.early_sources
        return sources_later(self.name, lines)


def read_table(path: str | Path, *, default_athlete: str | None = None) -> RawTable:
    """Read one file into a :class:`RawTable`, raising :class:`LogFormatError` for an unreadable file."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise LogFormatError(f"no such file: {name}", file=name)
    if path.is_dir():
        raise LogFormatError("is a folder, not a file", file=name)
    ext = path.suffix.lower()
    _check_size(path, name, ext)
    if ext == ".xls":
        raise LogFormatError("old Excel .xls files are not read: save the sheet as .xlsx or CSV", file=name)
    if ext in EXCEL_EXTS:
        table = _read_excel(path, name)
    elif ext in PARQUET_EXTS:
        table = _read_parquet(path, name)
    else:
        table = None
        if ext not in JSON_EXTS and path.stat().st_size > FAST_BYTES:
            table = _read_mapped(path, name, tab=ext in {".tsv", ".tab"})
        if table is None:
            data = path.read_bytes()
            if data[:4] == b"PK\x03\x04":
                raise LogFormatError(
                    "this is an Excel workbook or a zip archive: give it the .xlsx extension", file=name
                )
            if data[:4] == b"PAR1":
                raise LogFormatError("this is a Parquet file: give it the .parquet extension", file=name)
            text = decode_text(data, name)
            if ext in JSON_EXTS:
                table = _read_json(text, name)
            else:
                table = _read_delimited(text, name, tab=ext in {".tsv", ".tab"})
    table.default_athlete = default_athlete
    return table


def _size_text(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


def _check_size(path: Path, name: str, ext: str) -> None:
    size = path.stat().st_size
    limit = MAX_EXCEL_BYTES if ext in EXCEL_EXTS else MAX_TEXT_BYTES
    if ext not in PARQUET_EXTS and size > limit:
        raise LogFormatError(
            f"the file is {_size_text(size)}; the kit reads files up to {_size_text(limit)} (about "
            f"{MAX_ROWS // 1_000_000} million rows): split it, by year or by athlete, into several files",
            file=name,
        )
    if ext in PARQUET_EXTS:
        try:
            import pyarrow.parquet as pq

            rows = pq.ParquetFile(path).metadata.num_rows
        except Exception as exc:  # not a Parquet file: reported when it is read
            del exc
            return
        if rows > MAX_ROWS:
            raise LogFormatError(
                f"the file holds {rows:,} rows; the kit reads up to {MAX_ROWS:,} rows at once: split it, by "
                "year or by athlete, into several files",
                file=name,
            )


def table_from_frame(frame: pd.DataFrame, *, name: str = "<DataFrame>") -> RawTable:
    """Wrap a DataFrame; its rows are numbered as lines 2, 3, … as if it had been saved with a header."""
    if not isinstance(frame, pd.DataFrame):
        raise LogFormatError(f"expected a path, a list of paths, a folder or a DataFrame, got {type(frame).__name__}")
    headers = [str(c) for c in frame.columns]
    body = frame.reset_index(drop=True)
    body.columns = range(len(headers))
    return RawTable(name, headers, body, np.arange(2, len(body) + 2))


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252; binary content is refused."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise LogFormatError("starts like UTF-16 text but is not valid UTF-16", file=name) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    sample = data[:65536]
    if len(sample) >= 4 and sample[1::2].count(0) > 0.9 * (len(sample) // 2):
        raise LogFormatError("this is UTF-16 text without a byte-order mark: save it as UTF-8 (CSV UTF-8)", file=name)
    if b"\x00" in sample or _control_share(sample) > 0.01:
        raise LogFormatError("this looks like a binary file, not a text table (CSV, TSV or JSON lines)", file=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        byte = data[utf8_error.start]
        raise LogFormatError(
            [Problem(name, line, None, f"0x{byte:02X}", "text in UTF-8 or cp1252 (this byte is neither)")]
        ) from None


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    arr = np.frombuffer(sample, dtype=np.uint8)
    control = (arr < 32) & ~np.isin(arr, (9, 10, 12, 13))
    return float(control.mean())


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


FAST_BYTES = 1 << 20  # below a megabyte the exact reader is fast enough


def _read_mapped(path: Path, name: str, *, tab: bool) -> RawTable | None:
    """:func:`_try_fast` on a memory map of the file: a large log is parsed without being copied first."""
    import mmap

    with open(path, "rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        if mapped[:4] in (b"PK\x03\x04", b"PAR1"):
            return None
        return _try_fast(mapped, name, tab=tab)
    finally:
        with contextlib.suppress(BufferError):  # a view still referenced: the map closes when collected
            mapped.close()


def _try_fast(data, name: str, *, tab: bool) -> RawTable | None:
    """pyarrow's multi-threaded parser for the common case: UTF-8, every row as long as the header, rows and
    lines known to match. ``None`` sends anything else to :func:`_read_delimited`, which reports exactly.
    ``data`` is bytes or a memory map of the file (nothing is copied before parsing)."""
    start = 3 if data[:3] == codecs.BOM_UTF8 else 0
    head = data[start : start + 65536]
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in head:
        return None
    first_line = head.split(b"\n", 1)[0]
    try:
        header_text = first_line.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None
    if header_text.count('"') % 2:  # a quoted header running over several lines
        return None
    delimiter = "\t" if tab else _sniff_delimiter(header_text)
    headers = [h.strip() for h in next(csv.reader([header_text], delimiter=delimiter))]
    if not any(headers):
        return None
    table = _read_fast(data, start, start + len(first_line) + 1, name, delimiter, len(headers))
    if table is not None:
        table.headers = headers
    return table


def _read_fast(data, start: int, body: int, name: str, delimiter: str, n_headers: int) -> RawTable | None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    quoted = data.find(b'"', body) >= 0
    counted = in_background(_count_lines, data, start)  # alongside the parse
    names = [f"c{i}" for i in range(n_headers)]
    text = pa.dictionary(pa.int32(), pa.string())  # codes + distinct values, straight from the parser
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data)[start:],
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, encoding="utf8"),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted),
            convert_options=pacsv.ConvertOptions(
                column_types={c: text for c in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError):
        counted()
        return None
    # Blank lines and values spanning lines only make rows fewer than lines, and only a lone CR makes them
    # more: with no lone CR, as many rows as lines means row i is on line i + 2.
    n_lines, lone_cr = counted()
    if not lone_cr and table.num_rows + 1 == n_lines:
        lines = np.arange(2, table.num_rows + 2, dtype=np.int64)
    else:
        lines = _line_numbers(np.frombuffer(data, dtype=np.uint8)[start:])
        if lines is None or table.num_rows != lines.size - 1:  # a quoted line break: rows and lines differ
            return None
        lines = lines[1:]
    early = sources_later(name, lines)  # joined on a second core while the rows are converted and checked
    frame = _arrow_frame(table)
    frame.columns = range(n_headers)
    if _has_blank_rows(frame):
        return None
    return RawTable(name, [], frame, lines, delimiter == ";", [], early_sources=early)


def _count_lines(data, start: int) -> tuple[int, bool]:
    """Lines from ``start`` to the end (a last line without a line break counts), and whether a CR ends a
    line on its own; counted in slices of 4 MB."""
    raw = np.frombuffer(data, dtype=np.uint8)[start:]
    step = 1 << 22
    lf = sum(int(np.count_nonzero(raw[i : i + step] == 10)) for i in range(0, raw.size, step))
    lone_cr = False
    if data.find(b"\r", start) >= 0:
        cr = sum(int(np.count_nonzero(raw[i : i + step] == 13)) for i in range(0, raw.size, step))
        before, after = raw[:-1], raw[1:]
        crlf = sum(
            int(np.count_nonzero((before[i : i + step] == 13) & (after[i : i + step] == 10)))
            for i in range(0, before.size, step)
        )
        lone_cr = cr != crlf
    return lf + int(raw.size > 0 and raw[-1] != 10), lone_cr


def _line_numbers(raw: np.ndarray) -> np.ndarray | None:
    """The line number of every non-blank line (``None`` for a file with lone CR line ends)."""
    newlines = np.flatnonzero(raw == 10)
    if raw.size == 0 or raw[0] in (10, 13) or np.count_nonzero(raw == 13) > newlines.size:
        return None  # leading blank lines, or lone CR line ends
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [raw.size]))
    length = ends - starts
    crlf = (length > 0) & (raw[np.maximum(ends - 1, 0)] == 13)
    blank = (length == 0) | ((length == 1) & crlf)
    return np.flatnonzero(~blank) + 1


def _has_blank_rows(frame: pd.DataFrame) -> bool:
    """Whether a row has every cell blank (``,,,``: the exact reader skips it). Checked on each column's
    distinct values, so a log whose dates are all filled costs nothing."""
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


def _read_delimited(text: str, name: str, *, tab: bool) -> RawTable:
    stripped = text.lstrip("\r\n")
    if not stripped.strip():
        raise LogFormatError("the file is empty: expected a header line and at least one row", file=name)
    first = stripped.split("\n", 1)[0]
    delimiter = "\t" if tab else _sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    headers: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    previous = 0
    while True:
        start = previous + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            msg = str(exc)
            if "end of data" in msg or "EOF" in msg:
                expected = 'a closing quote (") for the field opened on this line'
            else:
                expected = f"well-formed CSV ({msg})"
            raise LogFormatError([Problem(name, start, None, None, expected)]) from None
        previous = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if headers is None:
            headers = [h.strip() for h in row]
            continue
        n = len(headers)
        if len(row) > n:
            extra = row[n:]
            if any(c.strip() for c in extra):
                problems.append(
                    Problem(
                        name,
                        start,
                        None,
                        delimiter.join(row)[:60],
                        f"{n} fields like the header, found {len(row)} (a separator inside an unquoted value?)",
                    )
                )
                continue
            row = row[:n]
        elif len(row) < n:
            row = row + [""] * (n - len(row))
        rows.append(row)
        lines.append(start)
    if headers is None:
        raise LogFormatError("the file is empty: expected a header line and at least one row", file=name)
    frame = pd.DataFrame(rows, columns=range(len(headers)), dtype=object) if rows else _empty(len(headers))
    return RawTable(name, headers, frame, np.asarray(lines, dtype=np.int64), delimiter == ";", problems)


def _empty(n: int) -> pd.DataFrame:
    return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(n)})


def _cell_text(value: object) -> str:
    """Excel and JSON cell values as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if (value.hour, value.minute, value.second) != (0, 0, 0) else str(value.date())
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        total = int(round(value.total_seconds()))
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    return str(value)


def _from_records(name: str, headers: list[str], rows: Iterable[list[str]], lines: list[int], problems) -> RawTable:
    rows = list(rows)
    frame = pd.DataFrame(rows, columns=range(len(headers)), dtype=object) if rows else _empty(len(headers))
    return RawTable(name, headers, frame, np.asarray(lines, dtype=np.int64), False, problems)


def _read_excel(path: Path, name: str) -> RawTable:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise LogFormatError(f"not a readable Excel workbook (.xlsx): {exc}", file=name) from None
    try:
        ws = wb.worksheets[0]
        headers: list[str] | None = None
        rows: list[list[str]] = []
        lines: list[int] = []
        problems: list[Problem] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if headers is None:
                while cells and not cells[-1].strip():
                    cells.pop()
                headers = [c.strip() for c in cells]
                continue
            n = len(headers)
            if len(cells) > n and any(c.strip() for c in cells[n:]):
                problems.append(Problem(name, number, None, None, f"no values right of the header's {n} columns"))
                continue
            cells = (cells + [""] * n)[:n]
            rows.append(cells)
            lines.append(number)
    finally:
        wb.close()
    if headers is None:
        raise LogFormatError("the first sheet is empty: expected a header row and at least one row", file=name)
    return _from_records(name, headers, rows, lines, problems)


def _read_json(text: str, name: str) -> RawTable:
    stripped = text.strip()
    if not stripped:
        raise LogFormatError("the file is empty: expected one JSON object per line", file=name)
    records: list[tuple[int, dict]] = []
    problems: list[Problem] = []
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise LogFormatError([Problem(name, exc.lineno, None, None, f"valid JSON ({exc.msg})")]) from None
        for i, item in enumerate(data, start=1):
            if isinstance(item, dict):
                records.append((i, item))
            else:
                problems.append(Problem(name, i, None, str(item)[:60], "a JSON object (record) per entry"))
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(Problem(name, number, None, line[:60], f"one JSON object on the line ({exc.msg})"))
                continue
            if not isinstance(item, dict):
                problems.append(Problem(name, number, None, line[:60], "one JSON object on the line"))
                continue
            records.append((number, item))
    headers: list[str] = []
    for _, item in records:
        for key in item:
            if key not in headers:
                headers.append(key)
    if not headers and not problems:
        raise LogFormatError("no records in the file", file=name)
    rows = [[_cell_text(item.get(h)) for h in headers] for _, item in records]
    return _from_records(name, headers, rows, [n for n, _ in records], problems)


def _read_parquet(path: Path, name: str) -> RawTable:
    """A Parquet file in its own types; text columns come dictionary-encoded (codes + distinct values), as
    Parquet stores them, so they are never expanded into millions of strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_metadata(path)
        lines = np.arange(2, metadata.num_rows + 2, dtype=np.int64)
        text = [
            f.name
            for f in metadata.schema.to_arrow_schema()
            if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
        ]
        arrow = pq.read_table(path, read_dictionary=text)
        early = sources_later(name, lines)  # built on a second core while the rows are converted and checked
        frame = _arrow_frame(arrow)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise LogFormatError(f"not a readable Parquet file: {exc}", file=name) from None
    table = table_from_frame(frame, name=name)
    if len(table.lines) == len(lines):
        table.lines, table.early_sources = lines, early
    return table


def _arrow_frame(table) -> pd.DataFrame:
    """An Arrow table as a DataFrame (a Parquet file's stored index dropped); its dictionary-encoded text columns
    become categoricals straight from Arrow's codes, other columns convert as ``to_pandas`` converts them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = table.column_names
    if not table.num_rows or len(set(names)) < len(names):
        return table.to_pandas(date_as_object=False)
    stored_index = {c for c in (table.schema.pandas_metadata or {}).get("index_columns", []) if isinstance(c, str)}
    table = table.unify_dictionaries()
    columns = {}
    for name, column in zip(names, table.columns, strict=True):
        if name in stored_index:
            continue
        if pa.types.is_dictionary(column.type) and column.num_chunks:
            indices = [pc.fill_null(c.indices, -1) if c.null_count else c.indices for c in column.chunks]
            codes = np.concatenate([i.to_numpy() for i in indices]) if len(indices) > 1 else indices[0].to_numpy()
            categories = pd.Index(column.chunk(0).dictionary.to_pandas())
            if categories.is_unique and not categories.hasnans:
                columns[name] = pd.Categorical.from_codes(codes, categories=categories, validate=False)
                continue
        columns[name] = column.to_pandas(date_as_object=False)
    return pd.DataFrame(columns, copy=False)
