"""What a loader's ``src`` may be: a path, a list of paths, a folder (its files, and one sub-folder per
athlete), or a DataFrame — as tables, each with the athlete to assume for rows that name none.

A folder's files are known by their content, never their names: every table file in it is read (hidden
files and ``~$`` lock files aside). A watch's or a phone's activity files (FIT, TCX, GPX, Apple Health,
gzip-compressed or not) are read together as one table of the folder's activities, with those of the
sub-folders devices and exports keep them in (:data:`PART_FOLDERS`: a Strava export's ``activities/``, a watch's
``GARMIN/Activity/``, ``apple_health_export/``), from the folder's cache of summaries
(``.kneecare-cache.json``, see ``read/summary_cache.py``). In a Strava bulk-export folder (``activities.csv``
beside ``activities/``) Strava's other tables (``profile.csv``, ``bikes.csv``…: ``words/exports.toml``) are
passed by. A zip archive is read like a folder (``read/archive.py``).
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import LogFormatError
from .read import SUFFIXES, Table, activity_files, archive, read_tables, table_from_frame
from .read.summary_cache import cache_in

Source = str | Path | pd.DataFrame | list
_PROGRESS = contextvars.ContextVar("kneecare_progress", default=False)
ACTIVITY_SUFFIXES = activity_files.SUFFIXES
PART_FOLDERS = frozenset({"activities", "activity", "garmin", "apple_health_export"})
MANY = 100  # a progress bar for more activity files than this, even unasked


@dataclass
class ActivityFiles:
    """A folder's activity files, read as one table (``folder`` holds the cache)."""

    folder: Path
    paths: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        return str(self.folder)


@contextlib.contextmanager
def progress():
    """Show a progress bar (tqdm, on stderr) while a folder of many athletes is read."""
    token = _PROGRESS.set(True)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def table_files(folder: Path) -> list[Path]:
    """The table files in ``folder`` (sorted); two files of one name in two formats are an error (a copy?)."""
    found = sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in SUFFIXES
        and p.suffix.lower() not in ACTIVITY_SUFFIXES
        and not p.name.startswith((".", "~$"))
    )
    found = [p for p in found if p.name not in export_tables({q.name for q in found}, folder)]
    stems: dict[str, list[Path]] = {}
    for p in found:
        stems.setdefault(p.stem.lower(), []).append(p)
    copies = [ps for ps in stems.values() if len(ps) > 1]
    if copies:
        names = "; ".join(" and ".join(p.name for p in ps) for ps in copies)
        raise LogFormatError(f"one log in two files ({names}): keep one, so nothing is counted twice", file=str(folder))
    return found


def export_tables(names: set[str], folder: Path | None = None) -> set[str]:
    """The tables among ``names`` that an export beside them holds and that hold no runs
    (``words/exports.toml``): Strava's other tables, beside its ``activities.csv`` and ``activities/``."""
    from ..vocab import words

    strava = words("exports")["strava"]
    lower = {n.lower(): n for n in names}
    if strava["runs"] not in lower or (folder is not None and not (folder / strava["folder"]).is_dir()):
        return set()
    return {lower[n] for n in strava["other_tables"] if n in lower}


def athlete_folders(folder: Path) -> list[Path]:
    if folder.name.lower() in PART_FOLDERS:  # a device's or an export's own folder holds no athletes
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and p.name.lower() not in PART_FOLDERS
    )


def activity_paths(folder: Path) -> list[Path]:
    """The activity files of ``folder`` and of its :data:`PART_FOLDERS`, at any depth (sorted)."""
    found = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith((".", "~$")):
            continue
        if p.is_file() and p.suffix.lower() in ACTIVITY_SUFFIXES and activity_files.is_read((p.name,)):
            found.append(p)
        elif p.is_dir() and p.name.lower() in PART_FOLDERS:
            found += activity_paths(p)
    return found


def _folder_items(folder: Path, athlete: str | None) -> Iterator[tuple[Path | ActivityFiles, str | None, bool]]:
    for file in table_files(folder):
        yield file, athlete, True
    paths = activity_paths(folder)
    if paths:
        yield ActivityFiles(folder, paths), athlete, True


def files_of(src: Source, *, athlete: str | None) -> Iterator[tuple[Path | pd.DataFrame, str | None, bool]]:
    """Every file (or DataFrame) ``src`` names, with the athlete its rows default to and whether it was found
    in a folder (rather than named by the caller)."""
    if isinstance(src, pd.DataFrame):
        yield src, athlete, False
        return
    if isinstance(src, (list, tuple)):
        if not src:
            raise LogFormatError("an empty list of sources")
        for item in src:
            yield from files_of(item, athlete=athlete)
        return
    if not isinstance(src, (str, Path)):
        raise LogFormatError(f"expected a path, a list of paths, a folder or a DataFrame, got {type(src).__name__}")
    path = Path(src).expanduser()
    if not path.is_dir():
        yield path, athlete, False
        return
    yield from _folder_items(path, athlete)
    subs = [(s, table_files(s) or activity_paths(s)) for s in athlete_folders(path)]
    subs = [(s, files) for s, files in subs if files]
    if _PROGRESS.get() and len(subs) > 1:
        from tqdm import tqdm

        subs = tqdm(subs, desc=f"reading {path.name}", unit="athlete", file=sys.stderr, leave=False)
    for sub, _ in subs:
        yield from _folder_items(sub, athlete or sub.name)


def tables_of(item: Path | ActivityFiles | pd.DataFrame, athlete: str | None) -> list[Table]:
    if isinstance(item, pd.DataFrame):
        table = table_from_frame(item)
        table.default_athlete = athlete
        return [table]
    if isinstance(item, ActivityFiles):
        with cache_in(item.folder):
            show = _PROGRESS.get() or len(item.paths) > MANY
            table = activity_files.read_many(item.paths, str(item.folder), progress=show)
        table.default_athlete = athlete
        return [table]
    if item.suffix.lower() in ACTIVITY_SUFFIXES | archive.SUFFIXES:
        with cache_in(item.parent):
            return read_tables(item, default_athlete=athlete)
    return read_tables(item, default_athlete=athlete)
