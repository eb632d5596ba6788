"""What a loader's ``src`` may be: a path, a list of paths, a folder (its files, and one sub-folder per
athlete), or a DataFrame — as tables, each with the athlete to assume for rows that name none.

A folder's files are known by their content, never their names: every table file in it is read (hidden
files and ``~$`` lock files aside).
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..errors import LogFormatError
from .read import SUFFIXES, Table, read_tables, table_from_frame

Source = str | Path | pd.DataFrame | list
_PROGRESS = contextvars.ContextVar("kneecare_progress", default=False)


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
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
    )
    stems: dict[str, list[Path]] = {}
    for p in found:
        stems.setdefault(p.stem.lower(), []).append(p)
    copies = [ps for ps in stems.values() if len(ps) > 1]
    if copies:
        names = "; ".join(" and ".join(p.name for p in ps) for ps in copies)
        raise LogFormatError(f"one log in two files ({names}): keep one, so nothing is counted twice", file=str(folder))
    return found


def athlete_folders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


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
    for file in table_files(path):
        yield file, athlete, True
    subs = [(s, table_files(s)) for s in athlete_folders(path)]
    subs = [(s, files) for s, files in subs if files]
    if _PROGRESS.get() and len(subs) > 1:
        from tqdm import tqdm

        subs = tqdm(subs, desc=f"reading {path.name}", unit="athlete", file=sys.stderr, leave=False)
    for sub, files in subs:
        for file in files:
            yield file, athlete or sub.name, True


def tables_of(item: Path | pd.DataFrame, athlete: str | None) -> list[Table]:
    if isinstance(item, pd.DataFrame):
        table = table_from_frame(item)
        table.default_athlete = athlete
        return [table]
    return read_tables(item, default_athlete=athlete)
