"""Where data lives: the shipped sample, the git-ignored personal folder, or wherever ``KNEECARE_DATA`` points.

The analysis notebooks read your own data first: ``KNEECARE_DATA`` when it is set, else ``data/personal/`` when
it holds logs, else the sample (``KNEECARE_DATA=sample`` asks for the sample, as the tests do). Nothing is
ever written into the sample.

>>> from kneecare_analysis import paths
>>> paths.is_sample(paths.SAMPLE_DIR / "runner")
True
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
PERSONAL_DIR = ROOT / "data" / "personal"
ENV_VAR = "KNEECARE_DATA"
SAMPLE = "sample"  # KNEECARE_DATA=sample: read the sample whatever data/personal/ holds
LOCK_NAME = ".kneecare.lock"  # the lock every writer into a data folder takes
JOURNAL_NAME = ".kneecare-journal.json"  # a save of several files in flight: which temporary file becomes which
LOCK_TIMEOUT_S = 60


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
    leaves the old file or the new one, never half of either. The file keeps its mode (a new one gets the
    umask's, :func:`new_file_mode`).

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "design.toml"
    >>> atomic_write(target, b"version = 1")
    >>> target.read_text()
    'version = 1'
    """
    path = Path(path)
    tmp = _written_beside(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def new_file_mode() -> int:
    """The permission bits a new file of this process gets: ``0o666`` less the umask (``0o644`` under the usual
    umask 022, ``0o664`` under 002 — a shared folder's).

    Examples
    --------
    >>> new_file_mode() & 0o600  # the owner reads and writes, whatever the umask
    384
    """
    umask = None
    try:  # Linux states it; reading it never changes it (os.umask would, for a moment, in every thread)
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                umask = int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        umask = None
    if umask is None:
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def _mode_for(path: Path) -> int:
    """The mode a new version of ``path`` keeps: the file's own, or a new file's (:func:`new_file_mode`)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return new_file_mode()


def _written_beside(path: Path, data: bytes) -> Path:
    """A temporary file beside ``path`` holding ``data`` with the mode ``path`` has (a new file's when it has
    none: never ``mkstemp``'s 600), flushed to disk."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _sync_folder(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def replace_together(folder: str | Path, contents: dict[str, bytes], *, label: str = "") -> None:
    """Replace several files of ``folder`` (names → new bytes) as one: all of them or none, whatever kills the
    writer. Call it holding the folder's lock (:data:`LOCK_NAME`).

    Each new file is written to a temporary file and flushed; then a journal (:data:`JOURNAL_NAME`, written
    atomically) names which temporary file becomes which file; then the files are replaced and the journal
    removed. A writer killed before the journal is on disk leaves only temporary files (the save never
    happened); killed after it, :func:`finish_pending` completes the replacements (the save happened whole).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> replace_together(folder, {"a.csv": b"x\\n1\\n", "b.csv": b"y\\n2\\n"})
    >>> sorted(p.name for p in folder.iterdir())
    ['a.csv', 'b.csv']
    """
    folder = Path(folder)
    temps: dict[str, str] = {}
    try:
        for name, data in contents.items():
            temps[name] = _written_beside(folder / name, data).name
        atomic_write(folder / JOURNAL_NAME, json.dumps({"label": label, "files": temps}).encode("utf-8"))
    except BaseException:
        for tmp in temps.values():
            (folder / tmp).unlink(missing_ok=True)
        raise
    finish_pending(folder)


def finish_pending(folder: str | Path) -> bool:
    """Complete the replacements a journal in ``folder`` names (a save killed after its journal was written):
    ``True`` when there was one. Call it holding the folder's lock; a journal that does not parse (it is
    written atomically, so only a damaged disk makes one) is removed and the save it describes dropped.

    Examples
    --------
    >>> import tempfile
    >>> finish_pending(tempfile.mkdtemp())
    False
    """
    folder = Path(folder)
    journal = folder / JOURNAL_NAME
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        return False
    try:
        files = json.loads(raw)["files"]
        pairs = [(str(name), str(tmp)) for name, tmp in files.items()]
    except (ValueError, KeyError, TypeError, AttributeError):
        pairs = []
    for name, tmp in pairs:
        if Path(name).name == name and Path(tmp).name == tmp and (folder / tmp).exists():
            os.replace(folder / tmp, folder / name)  # a name already replaced has no temporary file left
    _sync_folder(folder)
    journal.unlink(missing_ok=True)
    _sync_folder(folder)
    return True


def finish_pending_saves(folder: str | Path) -> None:
    """Before reading ``folder``: a save killed there after its journal was written is completed first (under
    the folder's lock), in the folder and in its sub-folders, so a reader never sees half a session."""
    folder = Path(folder)
    pending = [folder] if (folder / JOURNAL_NAME).exists() else []
    pending += [d for d in folder.iterdir() if d.is_dir() and (d / JOURNAL_NAME).exists()]
    for where in pending:
        with FileLock(str(where / LOCK_NAME), timeout=LOCK_TIMEOUT_S):
            finish_pending(where)


def squad_folder(folder: str | Path | None = None) -> Path:
    """The squad a coach's notebook or app reads: the folder given, else the made-up sample squad. A runner's
    ``KNEECARE_DATA`` (one runner's own folder) never changes it.

    Parameters
    ----------
    folder : str or Path, optional
        The squad's folder (one file with an ``athlete`` column, or one sub-folder per athlete); ``~`` is
        expanded. ``None`` or ``""`` means the sample squad.

    Returns
    -------
    Path
        The folder, relative to the working directory when both lie in the project.

    Examples
    --------
    >>> squad_folder().resolve() == (SAMPLE_DIR / "squad").resolve()
    True
    >>> squad_folder("~/coaching/squad").name
    'squad'
    """
    if folder is None or str(folder).strip() == "":
        return _from_here(SAMPLE_DIR / "squad")
    return _from_here(Path(str(folder).strip()).expanduser())


def describe_squad(folder: str | Path) -> str:
    """One sentence on which squad ``folder`` is, for the top of a coach's notebook.

    >>> describe_squad(SAMPLE_DIR / "squad")[:52]
    'This is the made-up sample squad (data/sample/squad)'
    """
    folder = Path(folder)
    shown = folder.resolve().relative_to(ROOT) if folder.resolve().is_relative_to(ROOT) else folder
    if is_sample(folder):
        return (
            f"This is the made-up sample squad ({shown}), not yours: put your squad's folder in the parameters "
            'cell (SQUAD = "…") to read it.'
        )
    return f"Your squad: the folder {shown}."
