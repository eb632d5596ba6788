"""What the coach's page says before any chart, without widgets: the squad's name, the date the data runs to,
and the files that did not load cleanly, grouped by the athlete they belong to.

A problem belongs to the athlete whose rows its file holds (the rows that did load), else to the athlete
sub-folder it lies in; a file of several athletes is the squad's; a file no format recognises and that lies in
no athlete's sub-folder is "not the kit's" (a shoe list, a note): listed in a line, never as an error.

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
>>> squad_name(ds.folder), as_of(ds)
('Sample squad', 'Sun 26 Apr 2026')
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from ..dataset import Dataset
from ..loaders.settings import read_settings
from ..paths import is_sample

NOT_THE_KITS = "not the kit's"
NO_ATHLETE = "no athlete"
SQUAD_FILE = "several athletes"
UNRECOGNISED = "cannot tell what this file holds"  # how the loaders begin the problem of a file of no format
PROBLEM_COLUMNS = ["athlete", "kind", "file", "line", "column", "value", "reason"]
SHOWN_PER_FILE = 5  # problems listed per file; the rest are counted


def squad_name(folder: str | Path | None) -> str:
    """The squad's name for a heading: the ``athlete`` of the folder's ``kneecare.toml`` when it names one (a
    runner's own folder), else the folder's name; ``"Sample squad"`` for the kit's sample.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "harriers"
    >>> folder.mkdir()
    >>> squad_name(folder)
    'harriers'
    >>> _ = (folder / "kneecare.toml").write_text('athlete = "Ana"\\n')
    >>> squad_name(folder)
    'Ana'
    """
    if folder is None:
        return "Squad"
    folder = Path(folder)
    if is_sample(folder):
        return "Sample squad"
    named = read_settings(folder).athlete if folder.is_dir() else None
    return named or folder.resolve().name or str(folder)


def as_of(dataset: Dataset) -> str:
    """The data's last day (every athlete's window runs to it), as ``"Sun 26 Apr 2026"``; ``"–"`` without
    dates."""
    return "–" if dataset.end is None or pd.isna(dataset.end) else pd.Timestamp(dataset.end).strftime("%a %d %b %Y")


def problems_by_athlete(dataset: Dataset) -> pd.DataFrame:
    """The folder's loading problems (``Dataset.problems``) with the athlete each belongs to.

    Parameters
    ----------
    dataset : Dataset
        A folder loaded with ``errors="report"``.

    Returns
    -------
    DataFrame
        One row per problem, athletes in name order, then the squad's files, files of no athlete, and files
        that are not the kit's: ``athlete`` (the name, or ``None``), ``kind`` (``"athlete"``,
        ``"several athletes"``, ``"no athlete"`` or ``"not the kit's"``), ``file`` (relative to the folder),
        ``line``, ``column``, ``value``, ``reason``.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> problems_by_athlete(kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")).columns.tolist()
    ['athlete', 'kind', 'file', 'line', 'column', 'value', 'reason']
    """
    problems = dataset.problems
    if problems is None or problems.empty:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    owners = _file_athletes(dataset)
    folder = Path(dataset.folder) if dataset.folder is not None else None
    rows = []
    for r in problems.itertuples(index=False):
        file = str(r.file)
        names = owners.get(file, set())
        sub = _athlete_folder(folder, file)
        if len(names) == 1:
            athlete, kind = next(iter(names)), "athlete"
        elif len(names) > 1:
            athlete, kind = None, SQUAD_FILE
        elif str(r.reason).startswith(UNRECOGNISED) and pd.isna(r.line):
            athlete, kind = sub, NOT_THE_KITS
        elif sub is not None:
            athlete, kind = sub, "athlete"
        else:
            athlete, kind = None, NO_ATHLETE
        rows.append((athlete, kind, _relative(folder, file), r.line, r.column, r.value, r.reason))
    out = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    out["line"] = pd.to_numeric(out["line"], errors="coerce").astype("Int64")
    order = {"athlete": 0, SQUAD_FILE: 1, NO_ATHLETE: 2, NOT_THE_KITS: 3}
    out["_order"] = out["kind"].map(order)
    out = out.sort_values(["_order", "athlete", "file"], kind="stable", na_position="last").drop(columns="_order")
    out["athlete"] = out["athlete"].astype(object).where(out["athlete"].notna(), None)
    return out.reset_index(drop=True)


def _file_athletes(dataset: Dataset) -> dict[str, set[str]]:
    """Each file's athletes, from the rows of it that loaded."""
    found: dict[str, set[str]] = {}
    for frame in (dataset.log, dataset.pain, dataset.runs, dataset.questionnaires):
        if frame is None or frame.empty or "file" not in frame:
            continue
        pairs = frame[["file", "athlete"]].astype(str).drop_duplicates()
        for file, athlete in pairs.itertuples(index=False):
            found.setdefault(file, set()).add(athlete)
    return found


def _athlete_folder(folder: Path | None, file: str) -> str | None:
    """The athlete sub-folder ``file`` lies in (its first folder below the squad's), if any."""
    if folder is None:
        return None
    try:
        parts = Path(file).resolve().relative_to(folder.resolve()).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 else None


def _relative(folder: Path | None, file: str) -> str:
    if folder is None:
        return file
    try:
        return Path(file).resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return file


def problems_html(problems: pd.DataFrame) -> str:
    """:func:`problems_by_athlete` as an HTML panel for the top of the page: a heading per athlete with each
    file's problems (line, column, value, what was expected; five a file, the rest counted), then the
    squad's files, files of no athlete, and one line of the files that are not the kit's; ``""`` when every
    file loaded.

    >>> frame = pd.DataFrame(
    ...     [("Grace", "athlete", "Grace/pain_log.csv", 4, "pain", "4O", "a pain score from 0 to 10")],
    ...     columns=PROBLEM_COLUMNS,
    ... )
    >>> from kneecare_analysis.render import text_of
    >>> for line in text_of(problems_html(frame)).split(". "):
    ...     print(line)
    1 file did not load cleanly (the rest of its rows are shown)
    Grace Grace/pain_log.csv, line 4, pain: '4O' — expected a pain score from 0 to 10
    """
    if problems.empty:
        return ""
    theirs = problems[problems["kind"] != NOT_THE_KITS]
    foreign = problems[problems["kind"] == NOT_THE_KITS]
    parts = []
    if len(theirs):
        files = theirs["file"].nunique()
        parts.append(
            f"<p class='kc-problems-head'><b>{files} file{'s' * (files != 1)} did not load cleanly</b> (the rest "
            "of its rows are shown).</p>"
            if files == 1
            else f"<p class='kc-problems-head'><b>{files} files did not load cleanly</b> (the rest of their rows "
            "are shown).</p>"
        )
    for heading, group in _groups(theirs):
        parts.append(f"<p class='kc-problems-athlete'><b>{html.escape(heading)}</b></p><ul>")
        for file, rows in group.groupby("file", sort=False):
            parts += [f"<li>{_problem_line(file, r)}</li>" for r in rows.head(SHOWN_PER_FILE).itertuples()]
            if len(rows) > SHOWN_PER_FILE:
                parts.append(f"<li>{html.escape(file)}: and {len(rows) - SHOWN_PER_FILE} more</li>")
        parts.append("</ul>")
    if len(foreign):
        names = "; ".join(_foreign(r) for r in foreign.drop_duplicates("file").itertuples())
        parts.append(f"<p class='kc-problems-foreign'>Not the kit's, left out: {names}.</p>")
    return "<div class='kc-problems'>" + "".join(parts) + "</div>"


def _groups(problems: pd.DataFrame):
    headings = {SQUAD_FILE: "Files of several athletes", NO_ATHLETE: "Files that belong to no athlete"}
    for kind in ("athlete", SQUAD_FILE, NO_ATHLETE):
        mine = problems[problems["kind"] == kind]
        if kind == "athlete":
            yield from ((str(a), g) for a, g in mine.groupby("athlete", sort=True))
        elif len(mine):
            yield headings[kind], mine


def _foreign(r) -> str:
    """A file that is not the kit's, briefly: its name and the columns it has."""
    found = re.search(r"found columns (.*?)\. ", str(r.reason))
    return html.escape(str(r.file) + (f" (columns {found.group(1)})" if found else ""))


def _problem_line(file: str, r) -> str:
    where = file if pd.isna(r.line) else f"{file}, line {int(r.line)}"
    if isinstance(r.column, str) and r.column:
        where += f", {r.column}"
    value = "" if r.value is None or (not isinstance(r.value, str) and pd.isna(r.value)) else f": {r.value!r}"
    reason = str(r.reason)
    said = reason if reason.startswith(UNRECOGNISED) else f"expected {reason}"
    return f"{html.escape(where)}{html.escape(value)} — {html.escape(said)}"
