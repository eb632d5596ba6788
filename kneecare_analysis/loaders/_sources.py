"""What a loader's ``src`` may be: a path, a list of paths, a folder (or one sub-folder per athlete), a DataFrame."""

from __future__ import annotations

import contextlib
import contextvars
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..errors import LogFormatError
from ._read import SUPPORTED_EXTS, RawTable, read_table, table_from_frame

Source = str | Path | pd.DataFrame | list
_PROGRESS = contextvars.ContextVar("kneecare_progress", default=False)


@contextlib.contextmanager
def progress():
    """Show a progress bar (tqdm, on stderr) while loaders read many athletes' folders."""
    token = _PROGRESS.set(True)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def files_named(folder: Path, stem: str | tuple[str, ...]) -> list[Path]:
    """``stem.<ext>`` files of the supported formats in ``folder`` (stems ignore case); two of them is an
    error (a copy?)."""
    stems = {stem.lower()} if isinstance(stem, str) else {s.lower() for s in stem}
    found = sorted(
        p for p in folder.iterdir() if p.is_file() and p.stem.lower() in stems and p.suffix.lower() in SUPPORTED_EXTS
    )
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        raise LogFormatError(
            f"two files of one kind ({names}): keep one, so nothing is counted twice", file=str(folder)
        )
    return found


def athlete_folders(folder: Path, stem: str | tuple[str, ...]) -> list[tuple[Path, str]]:
    """``(file, athlete)`` for each sub-folder holding a ``stem`` file (a squad of one folder per athlete)."""
    out = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        out.extend((f, sub.name) for f in files_named(sub, stem))
    return out


def iter_tables(
    src: Source, stem: str | tuple[str, ...], *, athlete: str | None, required: bool = True
) -> Iterator[RawTable]:
    """Every table ``src`` names, with the athlete to assume for rows that name none."""
    if isinstance(src, pd.DataFrame):
        table = table_from_frame(src)
        table.default_athlete = athlete
        yield table
        return
    if isinstance(src, (list, tuple)):
        if not src:
            raise LogFormatError("an empty list of sources")
        for item in src:
            yield from iter_tables(item, stem, athlete=athlete, required=required)
        return
    if not isinstance(src, (str, Path)):
        raise LogFormatError(f"expected a path, a list of paths, a folder or a DataFrame, got {type(src).__name__}")
    path = Path(src).expanduser()
    if path.is_dir():
        own = files_named(path, stem)
        if own:
            yield read_table(own[0], default_athlete=athlete)
            return
        squad = athlete_folders(path, stem)
        if not squad:
            if required:
                name = stem if isinstance(stem, str) else " or ".join(stem)
                raise LogFormatError(
                    f"no {name} file here, nor in a sub-folder per athlete "
                    f"(expected {name}.csv, .tsv, .xlsx, .jsonl or .parquet)",
                    file=str(path),
                )
            return
        if _PROGRESS.get() and len(squad) > 1:
            from tqdm import tqdm

            squad = tqdm(squad, desc=f"reading {path.name}", unit="file", file=sys.stderr, leave=False)
        for file, name in squad:
            yield read_table(file, default_athlete=athlete or name)
        return
    yield read_table(path, default_athlete=athlete)
