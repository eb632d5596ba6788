"""Zip archives as a person downloads them: a Strava bulk export (``activities.csv`` and ``activities/``),
a Garmin account export (``DI_CONNECT/…/UploadedFiles_*.zip``, zips inside the zip), an Apple Health
``export.zip``, or any zip of activity files.

Every activity file inside (by content: FIT, TCX, GPX, Apple Health, gzip-compressed or not, at any depth,
zips in the zip included) goes into one table named after the archive, each row naming ``archive.zip/member``;
the table files at the archive's top (or in its one top folder: ``activities.csv``) are read as tables.
Other members (photos, the account's settings, the files of other Strava and Garmin features, an Apple Health
export's ``workout-routes/`` and ``export_cda.xml``) are not read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from ...errors import LogFormatError, Problem
from . import activity_files, delimited
from .activity import folder_zone, summary_table
from .table import Table
from .text import decode_text

SUFFIXES = frozenset({".zip"})
MAX_BYTES = 50 * 1024**3
TABLES = frozenset({".csv", ".tsv", ".txt", ".tab"})
NESTED_MAX = 2 * 1024**3  # a zip inside the zip is read into memory


def read(path: Path, name: str) -> list[Table]:
    """The archive's activities as one table, then its top-level table files."""
    try:
        with zipfile.ZipFile(path) as archive:
            rows, problems, tables = [], [], []
            _walk(archive, name, folder_zone(path), rows, problems, tables, top=True)
    except zipfile.BadZipFile as exc:
        raise LogFormatError(f"a damaged zip archive: {exc}", file=name) from None
    out = [summary_table(name, rows, problems)] if rows or problems else []
    return out + tables


def _top_folder(names: list[str]) -> str:
    firsts = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
    return next(iter(firsts)) if len(firsts) == 1 and not any("/" not in n for n in names) else ""


def _export_tables(members: list[zipfile.ZipInfo], root: str) -> set[str]:
    """Strava's other tables at the archive's top, beside its ``activities.csv`` and ``activities/``."""
    from ...vocab import words

    strava = words("exports")["strava"]
    top = [PurePosixPath(m.filename) for m in members if str(PurePosixPath(m.filename).parent) in {".", root}]
    below = {
        PurePosixPath(m.filename).parts[1 if root else 0]
        for m in members
        if len(PurePosixPath(m.filename).parts) > (2 if root else 1)
    }
    names = {p.name.lower(): p.name for p in top}
    if strava["runs"] not in names or strava["folder"] not in below:
        return set()
    return {names[n] for n in strava["other_tables"] if n in names}


def _walk(archive: zipfile.ZipFile, name: str, zone, rows: list, problems: list, tables: list, *, top: bool) -> None:
    members = [m for m in archive.infolist() if not m.is_dir() and not PurePosixPath(m.filename).name.startswith(".")]
    root = _top_folder([m.filename for m in members]) if top else None
    passed_by = _export_tables(members, root) if top else set()
    for member in members:
        inner = PurePosixPath(member.filename)
        file = f"{name}/{member.filename}"
        suffix = inner.suffix.lower()
        try:
            if suffix == ".zip":
                if member.file_size > NESTED_MAX:
                    raise LogFormatError("a zip inside the archive over 2 GB: unpack it first", file=file)
                with zipfile.ZipFile(io.BytesIO(archive.read(member))) as nested:
                    _walk(nested, file, zone, rows, problems, tables, top=False)
            elif suffix in activity_files.SUFFIXES and activity_files.is_read(inner.parts):
                with archive.open(member) as stream:
                    found = activity_files.rows_of_stream(stream, file, zone=zone)
                rows += [{**row, "file": file} for row in found]
            elif suffix in TABLES and root is not None and str(inner.parent) in {".", root}:
                if inner.name in passed_by:
                    continue  # a Strava export's tables of its other features
                text = decode_text(archive.read(member), file)
                tables.append(delimited.parse(text, file, tab=suffix in {".tsv", ".tab"}))
        except LogFormatError as exc:
            problems += exc.problems
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            problems.append(Problem(file, None, None, None, f"a readable member of the archive ({exc})"))
