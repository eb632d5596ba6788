"""Files to tables: CSV/TSV, Excel, JSON lines, Parquet or a DataFrame → cells with the line each row is on.

The reader interprets nothing but the file format: the encoding (UTF-8 with or without BOM, UTF-16 with BOM,
else cp1252), the separator (comma, semicolon or tab, chosen from the header line), quoting, and the line each
row starts on (as a text editor numbers lines; a spreadsheet row number for Excel), so every later message can
point at ``file:line``. Blank lines and comment lines (``#…``) are set aside and counted, never read as rows.

Python's ``csv`` module is the exact reader: it knows the physical line of every row, quoted line breaks
included. A large file in which every line is one row is parsed by pyarrow instead, into dictionary-encoded
columns (codes + distinct values, which the loaders parse once each).

>>> t = table_from_frame(pd.DataFrame({"date": ["2026-03-02"], "reps": ["20"]}))
>>> t.headers, t.lines.tolist()
(['date', 'reps'], [2])
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import LogFormatError, Problem

TEXT_EXTS = {".csv", ".tsv", ".txt", ".tab"}
EXCEL_EXTS = {".xlsx", ".xlsm", ".ods"}
JSON_EXTS = {".jsonl", ".ndjson", ".json"}
PARQUET_EXTS = {".parquet", ".pq"}
SUPPORTED_EXTS = TEXT_EXTS | EXCEL_EXTS | JSON_EXTS | PARQUET_EXTS

csv.field_size_limit(1 << 24)
# Hostile sizes are refused before anything is read: a log a runner or a club keeps is far below these
# (a 1,000-athlete year is about 3 million rows and 120 MB of CSV).
MAX_TEXT_BYTES = 400 * 1024 * 1024
MAX_EXCEL_BYTES = 100 * 1024 * 1024
MAX_ROWS = 5_000_000
FAST_BYTES = 1 << 20  # below a megabyte the exact reader is fast enough


@dataclass
class Table:
    """A table as read: ``frame`` has positional columns ``0..n-1`` whose headers are ``headers``; row ``i`` is on
    line ``lines[i]``. ``set_aside`` lists the lines the reader did not read as rows (blank lines, comments)
    as ``(line, what, reason)``; ``problems`` the lines it could not read (a row longer than the header)."""

    name: str
    headers: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    separator: str | None = None
    problems: list[Problem] = field(default_factory=list)
    set_aside: list[tuple[int, str, str]] = field(default_factory=list)
    default_athlete: str | None = None
    raw: tuple | None = None  # (rows, lines, set_aside) as read, header row included: see :meth:`reheaded`

    def column(self, index: int) -> pd.Series:
        return self.frame[index]

    def reheaded(self, row: int) -> Table | None:
        """The same table with its ``row``-th row (0 = the header as read) as the header, the rows above it set
        aside; ``None`` for a table read without its raw rows (a large CSV, Parquet, a DataFrame)."""
        if self.raw is None or row >= len(self.raw[0]):
            return None
        rows, lines, set_aside = self.raw
        table = from_rows(self.name, rows, lines, separator=self.separator, set_aside=set_aside, header=row)
        table.default_athlete = self.default_athlete
        return table

    def __len__(self) -> int:
        return len(self.frame)


def read_tables(path: str | Path, *, default_athlete: str | None = None) -> list[Table]:
    """Read one file: a list of one table, or one per sheet of a workbook. Raises :class:`LogFormatError` for a
    file that cannot be read at all."""
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
    if ext == ".ods":
        tables = _read_ods(path, name)
    elif ext in EXCEL_EXTS:
        tables = _read_excel(path, name)
    elif ext in PARQUET_EXTS:
        tables = [_read_parquet(path, name)]
    else:
        with open(path, "rb") as f:
            magic = f.read(4)
        if magic == b"PK\x03\x04":
            raise LogFormatError("this is an Excel workbook or a zip archive: give it the .xlsx extension", file=name)
        if magic == b"PAR1":
            raise LogFormatError("this is a Parquet file: give it the .parquet extension", file=name)
        tab = ext in {".tsv", ".tab"}
        large = ext not in JSON_EXTS and path.stat().st_size > FAST_BYTES
        table = _read_fast(path, name, tab=tab) if large else None
        if table is None:
            text = decode_text(path.read_bytes(), name)
            table = _read_json(text, name) if ext in JSON_EXTS else _read_delimited(text, name, tab=tab)
        tables = [table]
    for table in tables:
        table.default_athlete = default_athlete
    return tables


def table_from_frame(frame: pd.DataFrame, *, name: str = "<DataFrame>") -> Table:
    """Wrap a DataFrame; its rows are numbered as lines 2, 3, … as if it had been saved with a header."""
    if not isinstance(frame, pd.DataFrame):
        raise LogFormatError(f"expected a path, a list of paths, a folder or a DataFrame, got {type(frame).__name__}")
    headers = [str(c) for c in frame.columns]
    body = frame.reset_index(drop=True)
    body.columns = range(len(headers))
    return Table(name, headers, body, np.arange(2, len(body) + 2, dtype=np.int64))


def _size_text(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


def _check_size(path: Path, name: str, ext: str) -> None:
    if ext in PARQUET_EXTS:
        try:
            import pyarrow.parquet as pq

            rows = pq.ParquetFile(path).metadata.num_rows
        except Exception:  # not a Parquet file: reported when it is read
            return
        if rows > MAX_ROWS:
            raise LogFormatError(
                f"the file holds {rows:,} rows; the kit reads up to {MAX_ROWS:,} rows at once: split it, by "
                "year or by athlete, into several files",
                file=name,
            )
        return
    size = path.stat().st_size
    limit = MAX_EXCEL_BYTES if ext in EXCEL_EXTS else MAX_TEXT_BYTES
    if size > limit:
        raise LogFormatError(
            f"the file is {_size_text(size)}; the kit reads files up to {_size_text(limit)} (about "
            f"{MAX_ROWS // 1_000_000} million rows): split it, by year or by athlete, into several files",
            file=name,
        )


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


def _read_fast(path: Path, name: str, *, tab: bool) -> Table | None:
    """pyarrow's parser for a large UTF-8 file in which every line after the header is one row: row ``i`` is
    then on line ``i + 2``. ``None`` sends anything else to the exact reader: a blank line (pyarrow is told not
    to skip it, so it breaks the parse), a quoted line break or a lone CR (rows and lines no longer match), a
    comment line, a file that is not UTF-8."""
    import mmap

    with open(path, "rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        return _parse_fast(mapped, name, tab=tab)
    finally:
        with contextlib.suppress(BufferError):  # a view still referenced: the map closes when collected
            mapped.close()


def _parse_fast(mapped, name: str, *, tab: bool) -> Table | None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    start = 3 if mapped[:3] == codecs.BOM_UTF8 else 0
    head = mapped[start : start + 65536]
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in head or head.startswith(b"#"):
        return None
    first_line = head.split(b"\n", 1)[0]
    try:
        header_text = first_line.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None
    if header_text.count('"') % 2 or len(first_line) == len(head):  # a header over several lines, or too long
        return None
    delimiter = "\t" if tab else _sniff_delimiter(header_text)
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
        return None
    if quoted or cr:  # a quoted line break or a lone CR: count the lines
        raw = np.frombuffer(mapped, dtype=np.uint8)[start:]
        lines = int(np.count_nonzero(raw == 10)) + int(raw[-1] != 10)
        if cr and np.count_nonzero(raw == 13) != np.count_nonzero((raw[:-1] == 13) & (raw[1:] == 10)):
            return None
        del raw
        if arrow.num_rows + 1 != lines:
            return None
    frame = _categoricals(arrow)
    del arrow
    if _has_blank_rows(frame) or frame[0].cat.categories.str.startswith("#").any():
        return None  # rows of separators only (",,,") or comment lines: the exact reader sets them aside
    return Table(name, headers, frame, np.arange(2, len(frame) + 2, dtype=np.int64), delimiter)


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


def _read_delimited(text: str, name: str, *, tab: bool) -> Table:
    if not text.strip():
        raise LogFormatError("the file is empty: expected a header line and at least one row", file=name)
    starts = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = "\t" if tab else _sniff_delimiter(starts)
    raw_lines = io.StringIO(text, newline="").readlines()  # the lines the csv reader counts
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    set_aside: list[tuple[int, str, str]] = []
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
            if rows:
                set_aside.append((start, "", "a blank line"))
        elif start <= len(raw_lines) and raw_lines[start - 1].startswith("#"):
            set_aside.append((start, raw_lines[start - 1][:60].rstrip(), "a comment line (#)"))
        else:
            rows.append(row)
            lines.append(start)
    if not rows:
        raise LogFormatError("the file is empty: expected a header line and at least one row", file=name)
    return from_rows(name, rows, lines, separator=delimiter, set_aside=set_aside)


def from_rows(
    name: str,
    rows: list[list[str]],
    lines: list[int],
    *,
    separator: str | None = None,
    set_aside: list[tuple[int, str, str]] | None = None,
    header: int = 0,
) -> Table:
    """A table of the rows a reader kept (blank and comment lines already aside), with row ``header`` as the
    header: rows above it are set aside, a row longer than it is a problem, a shorter one is padded."""
    headers = list(rows[header])
    while headers and not str(headers[-1]).strip():
        headers.pop()
    headers = [str(h).strip() for h in headers]
    n = len(headers)
    aside = [(line, " ".join(c for c in row if c.strip())[:60], "above the header") for row, line in
             zip(rows[:header], lines[:header], strict=True)]  # fmt: skip
    body, body_lines, problems = [], [], []
    for row, line in zip(rows[header + 1 :], lines[header + 1 :], strict=True):
        if len(row) > n and any(c.strip() for c in row[n:]):
            joined = (separator or ", ").join(row)[:60]
            problems.append(
                Problem(name, line, None, joined, f"{n} fields like the header, found {len(row)} (a separator "
                        "inside an unquoted value?)" if separator else f"no values right of the header's {n} columns")
            )  # fmt: skip
            continue
        body.append((row + [""] * n)[:n])
        body_lines.append(line)
    if body:
        frame = pd.DataFrame(body, columns=range(n), dtype=object)
    else:
        frame = pd.DataFrame({i: pd.Series([], dtype=object) for i in range(n)})
    kept = sorted(aside + list(set_aside or []))
    table = Table(name, headers, frame, np.asarray(body_lines, dtype=np.int64), separator, problems, kept)
    table.raw = (rows, lines, set_aside or [])
    return table


def cell_text(value: object) -> str:
    """Excel and JSON cell values as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if (value.hour, value.minute, value.second) != (0, 0, 0) else str(value.date())
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        total = int(round(value.total_seconds()))
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    return str(value)


def _read_excel(path: Path, name: str) -> list[Table]:
    """Every sheet that holds anything; a workbook of several sheets names each table ``file[sheet]``."""
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise LogFormatError(f"not a readable Excel workbook (.xlsx): {exc}", file=name) from None
    try:
        sheets = [(ws.title, [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]) for ws in wb]
    finally:
        wb.close()
    return _workbook(name, sheets)


def _read_ods(path: Path, name: str) -> list[Table]:
    """A LibreOffice/OpenDocument spreadsheet, read by pandas with odfpy (the reader pandas itself uses for
    ``.ods``): every sheet, cells as their values, a row's position its row number."""
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="odf")
    except Exception as exc:  # odfpy raises several unrelated types for a bad file
        raise LogFormatError(f"not a readable OpenDocument spreadsheet (.ods): {exc}", file=name) from None
    rows = {title: [[cell_text(None if pd.isna(v) else v) for v in row] for row in frame.itertuples(index=False)]
            for title, frame in sheets.items()}  # fmt: skip
    return _workbook(name, list(rows.items()))


def _workbook(name: str, sheets: list[tuple[str, list[list[str]]]]) -> list[Table]:
    """A table per sheet that holds anything (a workbook of several sheets names each ``file[sheet]``)."""
    filled = [(title, rows) for title, rows in sheets if any(c.strip() for row in rows for c in row)]
    if not filled:
        raise LogFormatError("the workbook is empty: expected a header row and at least one row", file=name)
    several = len(sheets) > 1
    return [_sheet_table(f"{name}[{title}]" if several else name, rows) for title, rows in filled]


def _sheet_table(name: str, sheet_rows: list[list[str]]) -> Table:
    rows, lines, set_aside = [], [], []
    for number, cells in enumerate(sheet_rows, start=1):
        if any(c.strip() for c in cells):
            rows.append(cells)
            lines.append(number)
        elif rows:
            set_aside.append((number, "", "a blank row"))
    return from_rows(name, rows, lines, set_aside=set_aside)


def _read_json(text: str, name: str) -> Table:
    stripped = text.strip()
    if not stripped:
        raise LogFormatError("the file is empty: expected one JSON object per line", file=name)
    records: list[tuple[int, dict]] = []
    problems: list[Problem] = []
    set_aside: list[tuple[int, str, str]] = []
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
                set_aside.append((number, "", "a blank line"))
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
    rows = [[cell_text(item.get(h)) for h in headers] for _, item in records]
    table = from_rows(name, [headers, *rows], [0] + [n for n, _ in records], set_aside=set_aside)
    table.problems, table.raw = problems, None  # JSON records carry their own field names: no header to find
    return table


def _read_parquet(path: Path, name: str) -> Table:
    """A Parquet file in its own types; text columns come dictionary-encoded (as Parquet stores them) and become
    categoricals, so they are never expanded into millions of strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        frame = pq.read_table(path, read_dictionary=text).to_pandas()
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise LogFormatError(f"not a readable Parquet file: {exc}", file=name) from None
    return table_from_frame(frame, name=name)
