"""Saving a session into a data folder's ``routine_log.csv``, ``pain_log.csv`` and ``runs.csv`` (the day's run,
when the runner gives one) without ever losing a row.

Each save takes the folder's lock (``filelock``: works across processes and platforms), makes every new file
first (its text checked: nothing is written when one cell cannot be), writes each next to the old one,
records them in a journal and renames them over the old ones, so a crash leaves the session in all three logs
or in none (the next save or load completes a save whose journal is on disk). The logbook stamps the session
id on every row it writes: saving a session again replaces that session's rows instead of adding them twice.

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
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock

from .paths import JOURNAL_NAME, LOCK_NAME, LOCK_TIMEOUT_S, atomic_write, finish_pending, is_sample, replace_together
from .safety import neutralise
from .vocab import column_key

ROUTINE_FIELDS = ["timestamp", "athlete", "drill", "side", "reps", "seconds", "note", "session"]
PAIN_FIELDS = ["timestamp", "athlete", "pain", "context", "knee", "note", "session"]
RUN_FIELDS = ["date", "athlete", "distance_km", "duration_min", "rpe", "note", "session"]
QUESTIONNAIRE_FIELDS = ["date", "athlete", "instrument", "item", "answer", "note", "session"]
LOGS = {"routine": "routine_log.csv", "pain": "pain_log.csv", "runs": "runs.csv"}
QUESTIONNAIRES = "questionnaires.csv"


class LogWriteError(OSError):
    """A log cannot be written safely (the sample folder, or a file in another layout); nothing was changed."""


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the files, and how many rows of this session each now holds (and whether it changed)."""

    routine_log: Path
    pain_log: Path
    routine_rows: int
    pain_rows: int
    changed: bool
    run_rows: int = 0


def save_session(
    data_dir: str | Path,
    session: str,
    routine_rows: list[dict],
    pain_rows: list[dict],
    run_rows: list[dict] | None = None,
) -> SaveResult:
    """Write one session's rows (dicts keyed by :data:`ROUTINE_FIELDS` / :data:`PAIN_FIELDS` /
    :data:`RUN_FIELDS`) into the folder, each stamped with ``session``; a row that names another session is
    refused and nothing is written. ``run_rows=None`` leaves ``runs.csv`` as it is; ``[]`` takes this session's
    run out of it (a ``runs.csv`` is made only for a first run).

    The session is all or nothing across the three logs: every new file is made (and its text checked) before
    any is written, and they are replaced together (:func:`~kneecare_analysis.paths.replace_together`). Text is
    made safe first: a carriage return in a note becomes a line break, in any other cell a space (as do line
    breaks and tabs); NUL bytes are removed; text that cannot be UTF-8 (a lone surrogate) is refused."""
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
        if new:
            replace_together(folder, new, label=session)
    return SaveResult(routine_path, pain_path, len(routine_rows), len(pain_rows), bool(new), len(run_rows or []))


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
    """Take one session's rows out of the logs (the same locked, atomic write as a save)."""
    return save_session(data_dir, session, [], [], [])


if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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
