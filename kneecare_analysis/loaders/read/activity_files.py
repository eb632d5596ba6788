"""Activity files told apart by their content, never their names: FIT (``.FIT`` in the header), TCX
(``TrainingCenterDatabase``), GPX (``gpx``) and Apple Health (``HealthData``), plain or gzip-compressed
(``.fit.gz``, ``.tcx.gz``, ``.gpx.gz``, Strava's bulk export). A reader for ``.fit``, ``.tcx``, ``.gpx``,
``.xml`` and ``.gz``; :func:`read_many` reads a whole folder's files into one table, from the folder's cache
(:mod:`.summary_cache`) where it can, with a progress bar when asked.
"""

from __future__ import annotations

import gzip
import io
import re
import sys
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ...errors import LogFormatError, Problem
from . import apple_health, fit, gpx, tcx
from .activity import folder_zone, summary_table
from .summary_cache import cached
from .table import Table

SUFFIXES = frozenset({".fit", ".tcx", ".gpx", ".xml", ".gz"})
MAX_BYTES = 50 * 1024**3  # an Apple Health export is streamed: no size is too large to read
GZIP = b"\x1f\x8b"
# what an Apple Health export holds beside export.xml: the workouts' routes (the same workouts again, as GPX)
# and the clinical records; neither is read
NOT_READ_FOLDERS = frozenset({"workout-routes"})
NOT_READ_FILES = frozenset({"export_cda.xml"})


def is_read(parts: tuple[str, ...]) -> bool:
    """Whether a file at these path parts is read as an activity file (not a route or clinical record of an
    Apple Health export)."""
    return parts[-1].lower() not in NOT_READ_FILES and not any(p.lower() in NOT_READ_FOLDERS for p in parts[:-1])


ROOT = re.compile(rb"<(?:\w+:)?(TrainingCenterDatabase|gpx|HealthData)[\s>]")


def read(path: Path, name: str) -> list[Table]:
    """One file as a table of its activities."""
    zone = folder_zone(path)
    with open(path, "rb") as stream:
        rows = rows_of_stream(stream, name, zone=zone)
    return [summary_table(name, [{**row, "file": name} for row in rows])]


def rows_of_stream(stream: BinaryIO, name: str, *, zone: str | None) -> list[dict]:
    """The activity rows of an open file (or a member of an archive), whatever kind it is."""
    head = stream.read(65536)
    if head.startswith(GZIP):
        try:
            data = gzip.decompress(head + stream.read())
        except (OSError, EOFError, zlib.error) as exc:
            raise LogFormatError(f"a damaged gzip file: {exc}", file=name) from None
        return rows_of_stream(io.BytesIO(data), name, zone=zone)
    if apple_health.is_health(head[:4096]):
        return apple_health.rows_of(stream, name, first=head)
    data = head + stream.read()
    if fit.is_fit(data):
        return cached(data, "fit", lambda: fit.rows_of(data, name, zone=zone), zone=zone)
    return cached(data, "xml", lambda: _xml_rows(data, name, zone), zone=zone)


def _xml_rows(data: bytes, name: str, zone: str | None) -> list[dict]:
    found = ROOT.search(data[:4096])
    if found is None:
        raise LogFormatError("not an activity file: expected FIT, TCX, GPX or an Apple Health export.xml", file=name)
    try:
        root = ET.fromstring(data.lstrip())  # Strava's TCX files begin with spaces before <?xml
    except ET.ParseError as exc:
        raise LogFormatError(f"not well-formed XML: {exc}", file=name) from None
    reader = tcx if found.group(1) == b"TrainingCenterDatabase" else gpx
    return reader.rows_of(root, zone=zone)


def read_many(paths: Iterable[Path], name: str, *, progress: bool = False) -> Table:
    """Every activity of ``paths`` in one table named ``name`` (each row names its own file); a file that
    cannot be read is listed among the table's problems, the others are read."""
    paths = list(paths)
    rows: list[dict] = []
    problems: list[Problem] = []
    if progress and len(paths) > 1:
        from tqdm.auto import tqdm

        paths = tqdm(paths, desc=f"reading {Path(name).name}", unit="file", file=sys.stderr, leave=False)
    zones: dict[Path, str | None] = {}
    for path in paths:
        if path.parent not in zones:
            zones[path.parent] = folder_zone(path)
        file = str(path)
        try:
            with open(path, "rb") as stream:
                found = rows_of_stream(stream, file, zone=zones[path.parent])
        except LogFormatError as exc:
            problems += exc.problems
            continue
        except OSError as exc:
            problems.append(Problem(file, None, None, None, f"a file that can be read ({exc.strerror})"))
            continue
        rows += [{**row, "file": file} for row in found]
    return summary_table(name, rows, problems)
