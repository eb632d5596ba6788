"""CSV, TSV and other delimited text: the exact reader (Python's ``csv`` module), and the choice of engine.

The exact reader interprets nothing but the file format: the encoding (UTF-8 with or without BOM, UTF-16 with
BOM, else cp1252), the separator (comma, semicolon or tab, chosen from the header line), quoting, and the line
each row starts on (as a text editor numbers lines), quoted line breaks included. Blank lines and comment
lines (``#…``) are set aside and counted, never read as rows. A file over :data:`FAST_BYTES` is first offered
to the fast engine (:mod:`.fast_csv`), which takes only what it is sure to read exactly as this reader would
and hands anything else back, saying why (``Table.engine_note``).

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
>>> _ = path.write_text("# my log\\ndate;reps\\n2026-03-02;20\\n", encoding="utf-8")
>>> (table,) = read(path, str(path))
>>> table.headers, table.lines.tolist(), table.separator, table.set_aside
(['date', 'reps'], [3], ';', [(1, '# my log', 'a comment line (#)')])
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ...errors import LogFormatError, Problem
from . import fast_csv
from .table import Table, from_rows, row_limit, too_many_rows
from .text import decode_text, sniff_delimiter

SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".tab"})
MAX_BYTES = 400 * 1024 * 1024
FAST_BYTES = 1 << 20  # below a megabyte the exact reader is fast enough

csv.field_size_limit(1 << 24)


def read(path: Path, name: str) -> list[Table]:
    """The file as one table: by the fast engine when it is large and within what that engine supports, else
    by the exact reader (with the reason the fast engine gave, for a large file)."""
    refuse_other_kinds(path, name)
    tab = path.suffix.lower() in {".tsv", ".tab"}
    note = None
    if path.stat().st_size > FAST_BYTES:
        table = fast_csv.read(path, name, tab=tab)
        if isinstance(table, Table):
            table.exact = lambda: exact(path, name, tab=tab)
            return [table]
        note = f"read by the exact reader: {table}"
    table = exact(path, name, tab=tab)
    table.engine_note = note
    return [table]


def refuse_other_kinds(path: Path, name: str) -> None:
    """A workbook or a Parquet file saved under a text file's name is named for what it is."""
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic == b"PK\x03\x04":
        raise LogFormatError("this is an Excel workbook or a zip archive: give it the .xlsx extension", file=name)
    if magic == b"PAR1":
        raise LogFormatError("this is a Parquet file: give it the .parquet extension", file=name)


def exact(path: Path, name: str, *, tab: bool) -> Table:
    """The exact reader: every row with the line it starts on."""
    return parse(decode_text(path.read_bytes(), name), name, tab=tab)


def unwrapped(rows: list[list[str]], delimiter: str) -> list[list[str]]:
    """Rows a spreadsheet wrapped whole in one pair of quotes (each data row one cell holding the separator,
    its own quotes doubled) read as the rows they hold; any other table is returned as it is.

    >>> unwrapped([["a", "b", "c"], ['1,"x, y",3']], ",")
    [['a', 'b', 'c'], ['1', 'x, y', '3']]
    """
    body = rows[1:]
    if len(rows[0]) < 3 or not body or any(len(row) != 1 or delimiter not in row[0] for row in body):
        return rows
    return [rows[0]] + [next(csv.reader([row[0]], delimiter=delimiter)) for row in body]


SHARED = 1 << 16  # distinct cell texts kept once for a whole file (dates, drills, sides repeat on every row)


def _shared(row: list[str], shared: dict[str, str]) -> list[str]:
    """The row with each cell text seen before replaced by the same text already held: a million rows hold a
    few hundred distinct values, not six million strings."""
    if len(shared) < SHARED:
        return [shared.setdefault(cell, cell) for cell in row]
    return [shared.get(cell, cell) for cell in row]


def _line(text: str, number: int, raw_lines: list[str]) -> str:
    """Line ``number`` of ``text`` as the csv reader counts lines (``raw_lines`` is filled the first time)."""
    if not raw_lines:
        raw_lines += io.StringIO(text, newline="").readlines()
    return raw_lines[number - 1] if number <= len(raw_lines) else ""


def parse(text: str, name: str, *, tab: bool) -> Table:
    """Delimited text to a table, every row with the line it starts on."""
    if not text.strip():
        raise LogFormatError("the file is empty: expected a header line and at least one row", file=name)
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    delimiter = "\t" if tab else sniff_delimiter(first)  # from the first line that is not blank or a comment
    raw_lines: list[str] = []  # the lines the csv reader counts: split only for a row that may be a comment
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    set_aside: list[tuple[int, str, str]] = []
    previous, limit = 0, row_limit() + 1  # the rows a file may hold, and its header
    shared: dict[str, str] = {}
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
        elif row[0].startswith("#") and _line(text, start, raw_lines).startswith("#"):
            set_aside.append((start, _line(text, start, raw_lines)[:60].rstrip(), "a comment line (#)"))
        else:
            if len(rows) >= limit:
                raise too_many_rows(name)
            rows.append(_shared(row, shared))
            lines.append(start)
    if not rows:
        raise LogFormatError("the file is empty: expected a header line and at least one row", file=name)
    rows = unwrapped(rows, delimiter)
    return from_rows(name, rows, lines, separator=delimiter, set_aside=set_aside)
