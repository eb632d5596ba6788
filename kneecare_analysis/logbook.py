"""Saving a session into a data folder's ``routine_log.csv``, ``pain_log.csv`` and ``runs.csv`` (the day's run,
when the runner gives one) without ever losing a row.

Each save takes the folder's lock (``filelock``: works across processes and platforms), makes every new file
first (its text checked: nothing is written when one cell cannot be), writes each next to the old one,
records them in a journal and renames them over the old ones, so a crash leaves the session in all three logs
or in none (the next save or load completes a save whose journal is on disk). The logbook stamps the session
id on every row it writes: saving a session again replaces that session's rows instead of adding them twice.

Every change — a save, an edit, a delete, an undo — is recorded in the folder's history,
``kneecare-history.log`` (:data:`HISTORY_NAME`): one line of JSON per change, plain text any editor opens, with
the time, the action, the session and its rows before and after. :func:`history` lists it and
:func:`undo_change` puts a session back as it was before a change (the walkthrough's Undo). The loaders do not
read it (``.log`` is not a file type they read).

>>> import tempfile, kneecare_analysis as kc
>>> folder = tempfile.mkdtemp()
>>> row = {"timestamp": "2026-03-02", "drill": "clamshell", "side": "left", "reps": 20}
>>> save_session(folder, "s1", [row], []).routine_rows
1
>>> save_session(folder, "s1", [row], []).changed  # the same session again: nothing added
False
>>> save_session(folder, "s1", [dict(row, reps=22)], []).changed  # corrected: the session's rows replaced
True
>>> kc.load_routine_log(folder)["reps"].tolist()
[22]
>>> history(folder)["action"].tolist()
['save', 'edit']
>>> undo_change(folder).changed  # the edit undone: 20 reps again
True
>>> kc.load_routine_log(folder)["reps"].tolist()
[20]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock

from .paths import (
    JOURNAL_NAME,
    LOCK_NAME,
    LOCK_TIMEOUT_S,
    atomic_write,
    finish_pending,
    is_sample,
    new_file_mode,
    replace_together,
)
from .safety import neutralise
from .vocab import column_key

ROUTINE_FIELDS = ["timestamp", "athlete", "drill", "side", "reps", "seconds", "note", "session"]
PAIN_FIELDS = ["timestamp", "athlete", "pain", "context", "knee", "note", "session"]
RUN_FIELDS = ["date", "athlete", "distance_km", "duration_min", "rpe", "note", "session"]
QUESTIONNAIRE_FIELDS = ["date", "athlete", "instrument", "item", "answer", "note", "session"]
LOGS = {"routine": "routine_log.csv", "pain": "pain_log.csv", "runs": "runs.csv"}
QUESTIONNAIRES = "questionnaires.csv"
HISTORY_NAME = "kneecare-history.log"  # every save, edit, delete and undo: a line of JSON each
HISTORY_COLUMNS = ["change", "time", "action", "session", "athlete", "date", "undoes", "rows_before", "rows_after"]


class LogWriteError(OSError):
    """A log cannot be written safely (the sample folder, or a file in another layout); nothing was changed."""


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the files, and how many rows of this session each now holds (and whether it changed);
    ``change`` is the id of its line in the folder's history (``None`` when nothing changed), ``session`` the
    session's id."""

    routine_log: Path
    pain_log: Path
    routine_rows: int
    pain_rows: int
    changed: bool
    run_rows: int = 0
    change: str | None = None
    session: str = ""


def save_session(
    data_dir: str | Path,
    session: str,
    routine_rows: list[dict],
    pain_rows: list[dict],
    run_rows: list[dict] | None = None,
    *,
    undoes: str | None = None,
) -> SaveResult:
    """Write one session's rows (dicts keyed by :data:`ROUTINE_FIELDS` / :data:`PAIN_FIELDS` /
    :data:`RUN_FIELDS`) into the folder, each stamped with ``session``; a row that names another session is
    refused and nothing is written. ``run_rows=None`` leaves ``runs.csv`` as it is; ``[]`` takes this session's
    run out of it (a ``runs.csv`` is made only for a first run).

    The session is all or nothing across the three logs: every new file is made (and its text checked) before
    any is written, and they are replaced together (:func:`~kneecare_analysis.paths.replace_together`). Text is
    made safe first: a carriage return in a note becomes a line break, in any other cell a space (as do line
    breaks and tabs); NUL bytes are removed; text that cannot be UTF-8 (a lone surrogate) is refused.

    A save that changes anything is recorded in the folder's history (:data:`HISTORY_NAME`) as ``save`` (a new
    session), ``edit`` or ``delete`` — or ``undo`` when ``undoes`` names the change it reverses
    (:func:`undo_change` passes it). Every file keeps its mode (a log shared at 664 stays 664); a new one gets
    the mode the umask gives."""
    folder = Path(data_dir).expanduser()
    if is_sample(folder):
        raise LogWriteError(
            f"{folder} is the shipped sample data, which stays as it is: save into data/personal/ or the folder "
            "KNEECARE_DATA points at"
        )
    session = checked_session(session)
    routine_rows, pain_rows = _stamped(routine_rows, session), _stamped(pain_rows, session)
    run_rows = None if run_rows is None else _stamped(run_rows, session)
    folder.mkdir(parents=True, exist_ok=True)
    routine_path, pain_path, runs_path = (folder / name for name in LOGS.values())
    with FileLock(str(folder / LOCK_NAME), timeout=LOCK_TIMEOUT_S):
        _clear_killed_saves(folder, LOGS.values())
        new: dict[str, bytes] = {}
        if run_rows is not None and (run_rows or runs_path.exists()):
            new[runs_path.name] = _new_content(runs_path, RUN_FIELDS, session, run_rows)
        new[pain_path.name] = _new_content(pain_path, PAIN_FIELDS, session, pain_rows)
        new[routine_path.name] = _new_content(routine_path, ROUTINE_FIELDS, session, routine_rows)
        new = {name: data for name, data in new.items() if data is not None}
        change = None
        if new:
            had = any(_rows_of(folder / name, session) for name in LOGS.values())
            before = {name: _rows_of(folder / name, session) for name in new}
            replace_together(folder, new, label=session)
            after = {name: _rows_of(folder / name, session) for name in new}
            has = any(_rows_of(folder / name, session) for name in LOGS.values())
            change = _record(folder, session, before, after, undoes=undoes, had=had, has=has)
    counts = (len(routine_rows), len(pain_rows))
    return SaveResult(routine_path, pain_path, *counts, bool(new), len(run_rows or []), change=change, session=session)


def save_questionnaire(data_dir: str | Path, session: str, rows: list[dict]) -> Path:
    """Write one completed questionnaire (dicts keyed by :data:`QUESTIONNAIRE_FIELDS`, one per answered item)
    into the folder's ``questionnaires.csv``, stamped with ``session``: saving the same session again replaces
    its rows. The same lock, text checks and atomic write as :func:`save_session`."""
    folder = Path(data_dir).expanduser()
    if is_sample(folder):
        raise LogWriteError(f"{folder} is the shipped sample data, which stays as it is: save into your own folder")
    session = checked_session(session)
    rows = _stamped(rows, session)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / QUESTIONNAIRES
    with FileLock(str(folder / LOCK_NAME), timeout=LOCK_TIMEOUT_S):
        _clear_killed_saves(folder, [QUESTIONNAIRES])
        if rows or path.exists():
            data = _new_content(path, QUESTIONNAIRE_FIELDS, session, rows)
            if data is not None:
                atomic_write(path, data)
    return path


def checked_session(session: str) -> str:
    """``session`` stripped of surrounding blanks; an empty id, or one with a comma, a control character
    (line break, tab, NUL) or text that is not UTF-8, is refused.

    Examples
    --------
    >>> checked_session(" 2026-03-04-run\\t")
    '2026-03-04-run'
    >>> checked_session("a,b")
    Traceback (most recent call last):
    ...
    ValueError: a session id is a short text without commas, line breaks, tabs or other control characters: 'a,b'
    """
    stripped = str(session).strip()
    bad = not stripped or "," in stripped or any(ord(c) < 32 or ord(c) == 127 for c in stripped)
    if bad or _not_utf8(stripped):
        raise ValueError(
            f"a session id is a short text without commas, line breaks, tabs or other control characters: {session!r}"
        )
    return stripped


def _not_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _clear_killed_saves(folder: Path, names) -> None:
    """Under the lock: a save killed after its journal was written is completed, then the temporary files of
    saves killed before that are removed (only writers make them)."""
    finish_pending(folder)
    for name in [*names, JOURNAL_NAME]:
        for stale in folder.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)


def _stamped(rows: list[dict], session: str) -> list[dict]:
    """``rows`` with ``session`` on each and their text made safe (:func:`_safe_text`); a row that carries
    another session id, or text that cannot be written, is an error."""
    out = []
    for i, row in enumerate(rows, start=1):
        own = {k: v for k, v in row.items() if column_key(k) != "session"}
        given = [v for k, v in row.items() if column_key(k) == "session" and v not in (None, "")]
        if any(str(v).strip() != session for v in given):
            raise ValueError(f"row {i} belongs to session {given[0]!r}, not {session!r}: nothing was saved")
        for key, value in own.items():
            if isinstance(value, str):
                own[key] = _safe_text(value, multiline=column_key(key) == "note", where=f"row {i}, {key}")
        out.append({**own, "session": session})
    return out


def _safe_text(text: str, *, multiline: bool, where: str) -> str:
    """``text`` as a log can hold it: NULs removed; carriage returns (and, outside notes, line breaks and tabs)
    made line breaks or spaces; text that is not UTF-8 (a lone surrogate) refused."""
    if _not_utf8(text):
        raise ValueError(f"{where}: {text!r} holds a character that cannot be written as text: nothing was saved")
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return text if multiline else text.replace("\n", " ").replace("\t", " ")


def _new_content(path: Path, fields: list[str], session: str, rows: list[dict]) -> bytes | None:
    """The new bytes of ``path`` with this session's rows replaced by ``rows``; ``None`` when nothing would
    change."""
    if path.exists():
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LogWriteError(f"{path} is not UTF-8 text: save your session into another folder") from None
        bom = raw.startswith(b"\xef\xbb\xbf")
    else:
        text, bom = "", False
    if not text.strip():
        header, kept = list(fields), ""
    else:
        header, kept = _without_session(path, text, fields, session)
    new_rows = _serialise(header, rows)
    body = kept if not kept or kept.endswith("\n") else kept + "\n"
    head = "" if text.strip() else _serialise(header, [dict(zip(header, header, strict=True))])
    new_text = head + body + new_rows
    if new_text == text:
        return None
    return (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8")


def _without_session(path: Path, text: str, fields: list[str], session: str) -> tuple[list[str], str]:
    """The file's header, and its text with the rows of ``session`` taken out (every other byte kept)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise LogWriteError(f"{path} does not start with a CSV header: save into another folder") from None
    keys = [column_key(h) for h in header]
    missing = [f for f in fields if column_key(f) not in keys]
    if missing:
        raise LogWriteError(
            f"{path} has columns {', '.join(header)}; the walkthrough writes {', '.join(fields)} "
            f"(missing: {', '.join(missing)}). Save into another folder, or add those columns"
        )
    where = keys.index("session")
    lines = io.StringIO(text, newline="").readlines()  # the same lines the csv reader counts
    drop: set[int] = set()
    previous = reader.line_num
    try:
        for row in reader:
            if len(row) > where and row[where].strip() == session:
                drop.update(range(previous, reader.line_num))
            previous = reader.line_num
    except csv.Error as exc:
        raise LogWriteError(f"{path} line {reader.line_num} is not valid CSV ({exc}): nothing was written") from None
    kept = "".join(line for i, line in enumerate(lines) if i not in drop)
    return header, kept


TEXT_FIELDS = {"athlete", "note"}


def _serialise(header: list[str], rows: list[dict]) -> str:
    by_key = {column_key(h): h for h in header}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        cells = {
            by_key[column_key(k)]: neutralise(v) if k in TEXT_FIELDS and isinstance(v, str) else v
            for k, v in row.items()
            if column_key(k) in by_key
        }
        writer.writerow(["" if cells.get(h) is None else cells[h] for h in header])
    return out.getvalue()


def saved_sessions(data_dir: str | Path) -> pd.DataFrame:
    """The sessions saved in the folder's ``routine_log.csv``, ``pain_log.csv`` and ``runs.csv`` (as the
    walkthrough writes them), a session with only a run among them: one row per session — ``session, date,
    athlete, drill_rows, pain_rows, run_rows`` — newest first."""
    import pandas as pd

    rows = []
    kinds = (("routine", "drill_rows", "timestamp"), ("pain", "pain_rows", "timestamp"), ("runs", "run_rows", "date"))
    for log, kind, when in kinds:
        for row in _session_rows(Path(data_dir).expanduser() / LOGS[log]):
            day = (row.get(when) or "")[:10]
            rows.append({"session": row["session"], "date": day, "athlete": row.get("athlete", ""), kind: 1})
    columns = ["session", "date", "athlete", "drill_rows", "pain_rows", "run_rows"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    for _, kind, _ in kinds:
        frame[kind] = frame[kind].fillna(0) if kind in frame else 0
    out = frame.groupby("session", sort=False).agg(
        date=("date", "max"),
        athlete=("athlete", "first"),
        drill_rows=("drill_rows", "sum"),
        pain_rows=("pain_rows", "sum"),
        run_rows=("run_rows", "sum"),
    )
    out = out.reset_index().astype({"drill_rows": int, "pain_rows": int, "run_rows": int})
    return out.sort_values("date", ascending=False, kind="stable", ignore_index=True)[columns]


def session_rows(data_dir: str | Path, session: str) -> tuple[list[dict], list[dict], list[dict]]:
    """The routine-log, pain-log and run rows of one saved session, as dicts keyed like
    :data:`ROUTINE_FIELDS`, :data:`PAIN_FIELDS` and :data:`RUN_FIELDS` (to edit it)."""
    folder = Path(data_dir).expanduser()
    return tuple([r for r in _session_rows(folder / name) if r["session"] == session] for name in LOGS.values())


def delete_session(data_dir: str | Path, session: str) -> SaveResult:
    """Take one session's rows out of the logs (the same locked, atomic write as a save, recorded in the
    history: :func:`undo_change` brings it back)."""
    return save_session(data_dir, session, [], [], [])


def history(data_dir: str | Path) -> pd.DataFrame:
    """The folder's history of changes (:data:`HISTORY_NAME`), oldest first.

    Parameters
    ----------
    data_dir : str or Path
        The data folder.

    Returns
    -------
    DataFrame
        One row per change: ``change`` (its id), ``time`` (when, with the offset), ``action`` (``save``,
        ``edit``, ``delete`` or ``undo``), ``session``, ``athlete``, ``date`` (the session's day), ``undoes`` (the
        change an undo reversed, else blank), ``rows_before`` and ``rows_after`` (the session's rows in the logs
        the change rewrote). A line that does not parse (a write cut short) is left out.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> _ = save_session(folder, "s1", [], [{"timestamp": "2026-03-02", "pain": 2, "context": "morning"}])
    >>> _ = delete_session(folder, "s1")
    >>> history(folder)[["action", "session", "date", "rows_before", "rows_after"]].values.tolist()
    [['save', 's1', '2026-03-02', 0, 1], ['delete', 's1', '2026-03-02', 1, 0]]
    """
    import pandas as pd

    entries = _entries(Path(data_dir).expanduser())
    rows = [
        {
            **{k: e.get(k) for k in ("change", "time", "action", "session", "athlete", "date")},
            "undoes": e.get("undoes") or "",
            "rows_before": sum(len(v) for v in e["before"].values()),
            "rows_after": sum(len(v) for v in e["after"].values()),
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def undo_change(data_dir: str | Path, change: str | None = None) -> SaveResult | None:
    """Undo a change of the folder's history: the session it changed is put back, in every log, as it was
    before it (a deleted session comes back, an edit is reversed, a new session is taken out). The undo is
    itself a change of the history (``undo``; undoing it again redoes the change).

    Parameters
    ----------
    data_dir : str or Path
        The data folder.
    change : str, optional
        The id of the change (the ``change`` column of :func:`history`, or ``SaveResult.change``); by default
        the last change that is not an undo and was not undone yet.

    Returns
    -------
    SaveResult or None
        What the undo wrote; ``None`` when there was nothing to undo.

    Raises
    ------
    ValueError
        When ``change`` is not in the history.

    Examples
    --------
    >>> import tempfile, kneecare_analysis as kc
    >>> folder = tempfile.mkdtemp()
    >>> _ = save_session(folder, "s1", [], [{"timestamp": "2026-03-02", "pain": 2, "context": "morning"}])
    >>> gone = delete_session(folder, "s1")
    >>> undo_change(folder, gone.change).pain_rows
    1
    >>> kc.load_pain_log(folder)["pain"].tolist()
    [2.0]
    """
    folder = Path(data_dir).expanduser()
    entries = _entries(folder)
    if change is None:
        undone = {e.get("undoes") for e in entries}
        todo = [e for e in entries if e["action"] != "undo" and e["change"] not in undone]
        if not todo:
            return None
        entry = todo[-1]
    else:
        found = [e for e in entries if e["change"] == change]
        if not found:
            raise ValueError(f"no change {change!r} in {folder / HISTORY_NAME}")
        entry = found[-1]
    session, before = entry["session"], entry["before"]

    def as_before(name: str) -> list[dict]:  # a log the change did not touch stays as it is now
        return before[name] if name in before else _rows_of(folder / name, session)

    runs = before.get(LOGS["runs"])  # None: runs.csv untouched by the change, and left as it is
    return save_session(
        folder, session, as_before(LOGS["routine"]), as_before(LOGS["pain"]), runs, undoes=entry["change"]
    )


if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def _rows_of(path: Path, session: str) -> list[dict]:
    return [r for r in _session_rows(path) if r["session"] == session]


def _record(folder: Path, session: str, before: dict, after: dict, *, undoes: str | None, had: bool, has: bool) -> str:
    """Append one change to the folder's history (under the lock) and return its id: ``save`` when the
    session was in no log before, ``delete`` when it is in none after, else ``edit`` (``undo`` for an undo)."""
    action = "undo" if undoes else "save" if not had else "delete" if not has else "edit"
    rows = [r for part in (*after.values(), *before.values()) for r in part]
    day = next((str(r.get("timestamp") or r.get("date") or "")[:10] for r in rows), "")
    entry = {
        "change": uuid.uuid4().hex[:12],
        "time": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "action": action,
        "session": session,
        "athlete": next((r.get("athlete", "") for r in rows), ""),
        "date": day,
        "undoes": undoes,
        "before": before,
        "after": after,
    }
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    path = folder / HISTORY_NAME
    if _ends_torn(path):  # a write cut short: its fragment stays a line of its own, skipped when read
        line = "\n" + line
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, new_file_mode())
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())
    return entry["change"]


def _ends_torn(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            if fh.tell() == 0:
                return False
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) != b"\n"
    except FileNotFoundError:
        return False


def _entries(folder: Path) -> list[dict]:
    """The history's changes, oldest first; a line that does not parse is skipped."""
    path = folder / HISTORY_NAME
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and {"change", "action", "session", "before", "after"} <= entry.keys():
            out.append(entry)
    return out


def _session_rows(path: Path) -> list[dict]:
    """The rows of a log the walkthrough writes (keys as its header's, lower-cased), those with a session id."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return [
            {column_key(k): (v or "").strip() for k, v in row.items() if k is not None}
            for row in reader
            if (row.get("session") or "").strip()
        ]
