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


@dataclass
class Unreadable:
    """A folder, or a link, the kit does not read, and why (reported as that path's problem)."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return str(self.path)


def points_upward(path: Path) -> bool:
    """Whether ``path`` is a link to its own folder or a folder above it (``loop -> .``, ``up -> ..``), or a link
    that loops: reading it would read the same files again, without end.

    >>> import os, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> os.symlink(".", folder / "loop")
    >>> points_upward(folder / "loop"), points_upward(folder)
    (True, False)
    """
    if not path.is_symlink():
        return False
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a link to itself, or a chain of links that loops
        return True
    return path.parent.resolve().is_relative_to(target)


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    except PermissionError:
        return []


def athlete_folders(folder: Path) -> list[Path]:
    """The athletes' sub-folders of a data folder (links to the folder itself or above it are none)."""
    if folder.name.lower() in PART_FOLDERS:  # a device's or an export's own folder holds no athletes
        return []
    return [p for p in _subfolders(folder) if p.name.lower() not in PART_FOLDERS and not points_upward(p)]


def _upward_links(folder: Path) -> list[Unreadable]:
    why = "a link to this folder or a folder above it: not read (its files would be counted twice)"
    return [Unreadable(p, why) for p in _subfolders(folder) if points_upward(p)]


def activity_paths(folder: Path) -> list[Path]:
    """The activity files of ``folder`` and of its :data:`PART_FOLDERS`, at any depth (sorted)."""
    found = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith((".", "~$")):
            continue
        if p.is_file() and p.suffix.lower() in ACTIVITY_SUFFIXES and activity_files.is_read((p.name,)):
            found.append(p)
        elif p.is_dir() and p.name.lower() in PART_FOLDERS and not points_upward(p):
            found += activity_paths(p)
    return found


DENIED = "a folder that cannot be read: permission denied (ask the folder's owner)"


def _folder_items(folder: Path, athlete: str | None, files: list[Path] | None = None) -> Iterator[tuple]:
    """The folder's table files, its activity files as one item, and the links in it that point upward."""
    try:
        files = table_files(folder) if files is None else files
        paths = activity_paths(folder)
    except PermissionError:
        yield Unreadable(folder, DENIED), athlete, True
        return
    for file in files:
        yield file, athlete, True
    if paths:
        yield ActivityFiles(folder, paths), athlete, True
    for link in _upward_links(folder):
        yield link, athlete, True


def _has_files(folder: Path) -> list[Path] | bool:
    """A sub-folder's table files (or whether it holds activity files); ``True`` for one that cannot be read,
    so that it is reported."""
    try:
        return table_files(folder) or bool(activity_paths(folder))
    except PermissionError:
        return True


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
    subs = [(s, _has_files(s)) for s in athlete_folders(path)]
    subs = [(s, files) for s, files in subs if files]
    if _PROGRESS.get() and len(subs) > 1:
        from tqdm import tqdm

        subs = tqdm(subs, desc=f"reading {path.name}", unit="athlete", file=sys.stderr, leave=False)
    for sub, files in subs:
        yield from _folder_items(sub, athlete or sub.name, files if isinstance(files, list) else None)


def tables_of(item: Path | ActivityFiles | Unreadable | pd.DataFrame, athlete: str | None) -> list[Table]:
    if isinstance(item, Unreadable):
        raise LogFormatError(item.reason, file=str(item.path))
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
