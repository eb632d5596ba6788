"""Where data lives: the shipped sample, the git-ignored personal folder, or wherever ``KNEECARE_DATA`` points.

The analysis notebooks read your own data first: ``KNEECARE_DATA`` when it is set, else ``data/personal/`` when
it holds logs, else the sample (``KNEECARE_DATA=sample`` asks for the sample, as the tests do). Nothing is
ever written into the sample.

>>> from kneecare_analysis import paths
>>> paths.is_sample(paths.SAMPLE_DIR / "runner")
True
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
PERSONAL_DIR = ROOT / "data" / "personal"
ENV_VAR = "KNEECARE_DATA"
SAMPLE = "sample"  # KNEECARE_DATA=sample: read the sample whatever data/personal/ holds
LOCK_NAME = ".kneecare.lock"  # the lock every writer into a data folder takes


def _env() -> str:
    return os.environ.get(ENV_VAR, "").strip()


def data_dir(default: str | Path = PERSONAL_DIR) -> Path:
    """The folder sessions are saved into: ``$KNEECARE_DATA`` when it names a folder, else ``default``."""
    value = _env()
    return Path(value).expanduser() if value and value != SAMPLE else Path(default)


def holds_logs(folder: str | Path) -> bool:
    """Whether ``folder`` (or one of its athlete sub-folders) holds a table file."""
    from .loaders.read import SUFFIXES  # the readers' registry: one list of the file types the kit reads

    folder = Path(folder)
    if not folder.is_dir():
        return False
    return any(
        p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
        for p in [*folder.iterdir(), *(q for d in folder.iterdir() if d.is_dir() for q in d.iterdir())]
    )


def data_folder(*, sample: str) -> Path:
    """The folder an analysis notebook reads: ``$KNEECARE_DATA``; else ``data/personal/`` when it holds logs;
    else the sample's ``sample`` folder (``runner``, ``squad`` or ``checklist``)."""
    value = _env()
    if value and value != SAMPLE:
        return Path(value).expanduser()
    folder = PERSONAL_DIR if value != SAMPLE and holds_logs(PERSONAL_DIR) else SAMPLE_DIR / sample
    return _from_here(folder)


def _from_here(folder: Path) -> Path:
    """``folder`` relative to the working directory when both lie in the project (``../data/sample/runner`` from
    ``notebooks/``), so that messages name files the same way on every machine; else as it is."""
    here, there = Path.cwd().resolve(), folder.resolve()
    inside = here.is_relative_to(ROOT) and there.is_relative_to(ROOT)
    return Path(os.path.relpath(there, here)) if inside else folder


def describe(folder: str | Path) -> str:
    """One sentence on whose data ``folder`` holds, for the top of a notebook."""
    folder = Path(folder)
    shown = folder.resolve().relative_to(ROOT) if folder.resolve().is_relative_to(ROOT) else folder
    if is_sample(folder):
        return (
            f"This is the made-up sample data ({shown}), not yours. Save a session with 01 (it goes into "
            f"data/personal/), or set {ENV_VAR} to your folder, and this notebook reads your own."
        )
    where = f"the folder {ENV_VAR} points at ({shown})" if _env() else f"your folder {shown}"
    return f"Your own data: {where}."


def is_sample(path: str | Path) -> bool:
    """Whether ``path`` lies inside the shipped sample data (which nothing may write into)."""
    try:
        Path(path).resolve().relative_to(SAMPLE_DIR.resolve())
    except ValueError:
        return False
    return True


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, and rename it over ``path``: a crash
    leaves the old file or the new one, never half of either.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "design.toml"
    >>> atomic_write(target, b"version = 1")
    >>> target.read_text()
    'version = 1'
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
