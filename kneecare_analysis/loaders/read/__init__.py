"""Files to tables: one reader per file type behind a registry; each file becomes cells with the line each
row is on.

:data:`READERS` is the one list of file types the kit reads, and :data:`SUFFIXES` their suffixes (a data
folder's files, ``paths.holds_logs``): CSV, TSV and other delimited text (:mod:`.delimited`, with the
:mod:`.fast_csv` engine for large clean files), Excel and OpenDocument workbooks (:mod:`.workbook`), JSON lines
(:mod:`.json_lines`), Parquet (:mod:`.parquet`), a watch's or a phone's activity files — FIT, TCX, GPX,
Apple Health, gzip-compressed or not (:mod:`.activity_files`) — and zip archives of them (:mod:`.archive`).
Each reader module has ``SUFFIXES`` and ``read(path, name) -> list[Table]``; sizes are checked before
anything is read. A DataFrame becomes a table by :func:`table_from_frame`. What a table holds is decided
later, by its content (``loaders.formats``).

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "log.tsv"
>>> _ = path.write_text("date\\treps\\n2026-03-02\\t20\\n", encoding="utf-8")
>>> (table,) = read_tables(path)
>>> table.headers, table.lines.tolist(), table.engine
(['date', 'reps'], [2], 'exact')
>>> ".xlsx" in SUFFIXES and ".xls" not in SUFFIXES
True
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from ...errors import LogFormatError
from . import activity_files, archive, delimited, json_lines, parquet, workbook
from .table import MAX_ROWS, Table, cell_text, from_rows, row_limit, table_from_frame, too_many_rows

READERS: list[ModuleType] = [delimited, workbook, json_lines, parquet, activity_files, archive]
SUFFIXES = frozenset().union(*(reader.SUFFIXES for reader in READERS))

__all__ = ["MAX_ROWS", "READERS", "SUFFIXES", "Table", "cell_text", "from_rows", "read_tables", "table_from_frame"]


def reader_for(path: Path) -> ModuleType:
    """The reader of a file, by its suffix; a file named by the caller with another suffix is read as delimited
    text (what a table holds is found later, from its content)."""
    suffix = path.suffix.lower()
    for reader in READERS:
        if suffix in reader.SUFFIXES:
            return reader
    if suffix == ".xls":
        raise LogFormatError("old Excel .xls files are not read: save the sheet as .xlsx or CSV", file=str(path))
    return delimited


def read_tables(path: str | Path, *, default_athlete: str | None = None) -> list[Table]:
    """Read one file: a list of one table, or one per sheet of a workbook. Raises :class:`LogFormatError` for a
    file that cannot be read at all: not a regular file (a named pipe, a device), not readable (permissions),
    too large, or of more than :data:`MAX_ROWS` rows (counted while delimited text and sheets are read)."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise LogFormatError(f"no such file: {name}", file=name)
    if path.is_dir():
        raise LogFormatError("is a folder, not a file", file=name)
    if not path.is_file():
        raise LogFormatError("not a regular file (a pipe or a device?): expected a table file", file=name)
    reader = reader_for(path)
    try:
        _check_size(path, name, reader)
        tables = reader.read(path, name)
    except PermissionError:
        raise LogFormatError("cannot be read: permission denied (ask the folder's owner)", file=name) from None
    for table in tables:
        rows = len(table.raw[0]) - 1 if table.raw else len(table.frame)  # rows too long for the header too
        if rows > row_limit():
            raise too_many_rows(table.name, rows)
        table.default_athlete = default_athlete
    return tables


def _size_text(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB"


def _check_size(path: Path, name: str, reader: ModuleType) -> None:
    """Hostile sizes are refused before anything is read: a log a runner or a club keeps is far below these (a
    1,000-athlete year is about 3 million rows and 120 MB of CSV)."""
    if reader is parquet:
        parquet.check_size(path, name)
        return
    size = path.stat().st_size
    if size > reader.MAX_BYTES:
        raise LogFormatError(
            f"the file is {_size_text(size)}; the kit reads files up to {_size_text(reader.MAX_BYTES)} (about "
            f"{MAX_ROWS // 1_000_000} million rows): split it, by year or by athlete, into several files",
            file=name,
        )
