"""Spreadsheets: Excel (``.xlsx``, ``.xlsm``, by openpyxl) and OpenDocument (``.ods``, by pandas with odfpy).

Every sheet that holds anything is a table (a workbook of several sheets names each ``file[sheet]``); a
formula's cached value is read, dates as dates; a row's line is its row number in the spreadsheet.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from ...errors import LogFormatError
from .table import Table, cell_text, from_rows, row_limit, too_many_rows

SUFFIXES = frozenset({".xlsx", ".xlsm", ".ods"})
MAX_BYTES = 100 * 1024 * 1024
MAX_UNZIPPED = 1024**3  # a workbook's parts unpacked (a 5-million-row sheet is about 600 MB of XML)


def read(path: Path, name: str) -> list[Table]:
    """Every sheet of the workbook that holds anything; a workbook (a zip) whose parts unpack to more than
    :data:`MAX_UNZIPPED` bytes, by the sizes its own directory declares, is refused before it is opened.

    >>> import pathlib, tempfile, zipfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bomb.xlsx"
    >>> with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", b"<x/>")
    ...     z.filelist[-1].file_size = 2 * 1024**3  # declared: 2 GB once unpacked
    >>> try:
    ...     read(path, "bomb.xlsx")
    ... except LogFormatError as exc:
    ...     print(exc.problems[0].expected[:60])
    unpacks to 2.0 GB; the kit reads workbooks that unpack to up
    """
    check_unzipped(path, name)
    return _workbook(name, _ods_sheets(path, name) if path.suffix.lower() == ".ods" else _excel_sheets(path, name))


def check_unzipped(path: Path, name: str) -> None:
    """Refuse a workbook whose parts, as its zip directory declares them, unpack to more than
    :data:`MAX_UNZIPPED` (the zip reader never unpacks a part beyond its declared size)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip at all: the workbook's reader says so, in its own words
    if unzipped > MAX_UNZIPPED:
        raise LogFormatError(
            f"unpacks to {unzipped / 1024**3:.1f} GB; the kit reads workbooks that unpack to up to "
            f"{MAX_UNZIPPED / 1024**3:.1f} GB: save it as CSV or split it",
            file=name,
        )


def _rows(sheet_rows, name: str) -> list[list[str]]:
    """A sheet's rows as text, refused past ``MAX_ROWS`` rows and a header (counted as they are read)."""
    out, limit = [], row_limit() + 1
    for row in sheet_rows:
        if len(out) >= limit:
            raise too_many_rows(name)
        out.append([cell_text(v) for v in row])
    return out


def _excel_sheets(path: Path, name: str) -> list[tuple[str, list[list[str]]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise LogFormatError(f"not a readable Excel workbook (.xlsx): {exc}", file=name) from None
    try:
        return [(ws.title, _rows(ws.iter_rows(values_only=True), name)) for ws in wb]
    finally:
        wb.close()


def _ods_sheets(path: Path, name: str) -> list[tuple[str, list[list[str]]]]:
    """Read by pandas with odfpy (the reader pandas itself uses for ``.ods``)."""
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="odf")
    except Exception as exc:  # noqa: BLE001 - odfpy raises several unrelated types for a bad file; named here
        raise LogFormatError(f"not a readable OpenDocument spreadsheet (.ods): {exc}", file=name) from None
    return [
        (title, [[cell_text(None if pd.isna(v) else v) for v in row] for row in frame.itertuples(index=False)])
        for title, frame in sheets.items()
    ]


def _workbook(name: str, sheets: list[tuple[str, list[list[str]]]]) -> list[Table]:
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
