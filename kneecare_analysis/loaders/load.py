"""The one way in: files → tables → a format each → records → checked, typed frames.

Every loader runs the same steps: read each file (:mod:`.read`), find its format by content
(:func:`.formats.identify`), let the format make records of the wanted kind, then parse and check each
distinct cell once and build the frame (:mod:`.frames`). Each input row ends in exactly one of three places:
the frame, ``attrs["skipped"]`` (set aside on purpose: a ride in a running export, a bench press in a Hevy
export, a blank or comment line) or ``attrs["rejected"]`` (a problem, with its reason).

A run the walkthrough saved (minutes and RPE) on a day an export also holds a run of the same athlete gives
way to the export: the export's distance and time are used, the walkthrough's RPE fills the export runs of
that day that have none, and the walkthrough's row is listed in ``skipped`` saying so.

>>> import pandas as pd, kneecare_analysis as kc
>>> log = kc.load_routine_log(pd.DataFrame({"date": ["2026-03-02"], "drill": ["clams"], "side": ["L"], "reps": [20]}))
>>> log[["drill", "side", "reps", "line"]].to_dict("records")
[{'drill': 'clamshell', 'side': 'left', 'reps': 20, 'line': 2}]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import LogFormatError, Problem
from ..routine import DEFAULT_ROUTINE, Routine
from .checks import REJECTED_COLUMNS, SKIPPED_COLUMNS, AttrFrame, RowChecks, empty_attr, raise_or_keep
from .formats import Format, Options, identify
from .frames import pain as pain_frame
from .frames import questionnaires as questionnaires_frame
from .frames import routine as routine_frame
from .frames import runs as runs_frame
from .frames.common import concat
from .read import Table
from .sources import Source, files_of, tables_of

BUILDERS = {"routine": routine_frame, "pain": pain_frame, "runs": runs_frame, "questionnaires": questionnaires_frame}
WHAT = {"routine": "a routine log", "pain": "pain scores", "runs": "runs", "questionnaires": "questionnaire answers"}


@dataclass
class Identified:
    """A table read from ``src`` with its format (or the problem that kept it from having one)."""

    table: Table | None
    format: Format | None
    name: str
    part: bool = False  # found in a folder or a workbook, rather than named by the caller
    problem: LogFormatError | None = None
    aside: str | None = None  # why a sheet of a workbook is not read (it holds no log: notes, a chart)


def identified(src: Source, options: Options, *, athlete: str | None, kind: str | None = None) -> list[Identified]:
    """Every table ``src`` holds, each with its format; a file that cannot be read or matched keeps its error."""
    out = []
    for item, default, in_folder in files_of(src, athlete=athlete):
        name = "<DataFrame>" if isinstance(item, pd.DataFrame) else str(item)
        try:
            tables = tables_of(item, default)
        except LogFormatError as exc:
            out.append(Identified(None, None, name, in_folder, exc))
            continue
        sheets = len(tables) > 1
        for table in tables:
            try:
                fmt, table = identify(table, options, kind)
                out.append(Identified(table, fmt, table.name, in_folder or sheets))
            except LogFormatError as exc:
                if sheets:  # a sheet of notes, a summary, a chart's data: listed, not an error
                    out.append(Identified(table, None, table.name, True, aside=exc.problems[0].expected))
                else:
                    out.append(Identified(table, None, table.name, in_folder, exc))
    return out


def build(found: list[Identified], kind: str, options: Options, *, errors: str) -> pd.DataFrame:
    """The frame of ``kind`` from the tables whose format holds that kind, with ``attrs`` ``rejected``,
    ``skipped``, ``doubtful`` (recorded runs with an odd pace), ``format`` and ``unread`` (the problems of
    tables that could not be read as their format: raised unless ``errors="report"``)."""
    builder = BUILDERS[kind]
    frames, checks, set_aside, doubtful, formats, unread, typed_in = [], [], [], [], [], [], []
    for item in found:
        if item.aside is not None:
            line = int(item.table.lines[0]) - 1 if len(item.table.lines) else 1
            set_aside.append(pd.DataFrame([[item.name, line, "a sheet", f"no log in it: {item.aside}"]],
                                          columns=SKIPPED_COLUMNS))  # fmt: skip
        if item.format is None or kind not in item.format.kinds:
            continue
        table = item.table
        try:
            records = item.format.read(table, kind, options)
        except LogFormatError as exc:  # the table is this format's but misses a column it needs
            unread += exc.problems
            continue
        chk = RowChecks(table.name, records.lines, unread=table.problems)
        frames.append(builder.build(records, options, chk))
        checks.append(chk)
        typed_in.append(bool(records.hints.get("walkthrough")))
        set_aside += [records.skipped, _reader_set_aside(table)]
        if "doubtful" in records.hints:
            doubtful.append(records.hints["doubtful"])
        formats.append(item.format.name)
    if unread and errors == "raise":
        raise LogFormatError(unread)
    frames = _copied_days(frames, checks)
    if kind == "runs" and any(typed_in):
        frames, given_way = _walkthrough_runs(frames, typed_in)
        set_aside.append(given_way)
    rejected = raise_or_keep(checks, errors=errors)
    if frames:
        out = builder.tidy(concat(frames), options)
    else:
        out = builder.tidy(pd.DataFrame({c: pd.Series(dtype=object) for c in builder.COLUMNS}), options)
    out.attrs["rejected"] = rejected
    out.attrs["skipped"] = _attr(set_aside, SKIPPED_COLUMNS)
    out.attrs["doubtful"] = _attr(doubtful, REJECTED_COLUMNS)
    out.attrs["format"] = formats[0] if len(set(formats)) == 1 else "mixed" if formats else None
    out.attrs["unread"] = unread
    return out


def _copied_days(frames: list[pd.DataFrame], checks: list[RowChecks]) -> list[pd.DataFrame]:
    """A day that one sheet of a workbook holds and an earlier sheet holds too (a copy of a month) is counted
    once: the later sheet's rows of that day are rejected, naming the sheet that has it."""
    seen: dict[str, dict[tuple, str]] = {}
    out = []
    for frame, chk in zip(frames, checks, strict=True):
        book, _, sheet = chk.name.partition("[")
        if not sheet.endswith("]") or not len(frame):
            out.append(frame)
            continue
        days = seen.setdefault(book, {})
        keys = list(zip(frame["athlete"].astype(str), frame["date"], strict=True))
        earlier = np.array([days.get(k, sheet) != sheet for k in keys])
        for k in keys:
            days.setdefault(k, sheet)
        if earlier.any():
            lines = frame["line"].to_numpy()[earlier]
            first = [days[k] for k, e in zip(keys, earlier, strict=True) if e]
            pos = np.flatnonzero(np.isin(chk.lines, lines))
            where = dict(zip(lines, first, strict=True))
            chk.add_at(pos, None, "", [f"a day that sheet '{where[line][:-1]}' holds too: a copy of it? It is counted "
                                       "once" for line in chk.lines[pos]])  # fmt: skip
            frame = frame[~earlier]
        out.append(frame)
    return out


def _walkthrough_runs(frames: list[pd.DataFrame], typed_in: list[bool]) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """The walkthrough's runs on days an export has a run of the same athlete give way to it; their RPE fills
    the export runs of that day that have none. Returns the frames and the rows given way (for ``skipped``)."""
    exported = [f for f, t in zip(frames, typed_in, strict=True) if not t and len(f)]
    if not exported:
        return frames, None
    days = pd.concat([f[["athlete", "date", "file", "line"]] for f in exported], ignore_index=True)
    days = days.drop_duplicates(["athlete", "date"]).set_index(["athlete", "date"])
    rpe: dict[tuple, float] = {}
    out, aside = [], []
    for frame, from_walkthrough in zip(frames, typed_in, strict=True):
        if not from_walkthrough or not len(frame):
            out.append(frame)
            continue
        key = pd.MultiIndex.from_arrays([frame["athlete"].astype(str), frame["date"]])
        both = key.isin(days.index)
        for k, value in zip(key[both], frame["rpe"].to_numpy()[both], strict=True):
            if not np.isnan(value):
                rpe.setdefault(k, float(value))
        there = days.reindex(key[both])
        aside.append(
            pd.DataFrame(
                {
                    "file": frame["file"].astype(str).to_numpy()[both],
                    "line": frame["line"].to_numpy()[both],
                    "what": "a run from the walkthrough",
                    "reason": [
                        f"{f} line {n} holds this day's run: its distance and time are used"
                        + (", with this RPE where it has none" if not np.isnan(r) else "")
                        for f, n, r in zip(
                            there["file"].astype(str), there["line"], frame["rpe"].to_numpy()[both], strict=True
                        )
                    ],  # fmt: skip
                },
                columns=SKIPPED_COLUMNS,
            )
        )
        out.append(frame[~both])
    if rpe:
        filled = []
        for frame, from_walkthrough in zip(out, typed_in, strict=True):
            if not from_walkthrough and len(frame):
                given = pd.Series(
                    pd.MultiIndex.from_arrays([frame["athlete"].astype(str), frame["date"]]).map(rpe.get),
                    index=frame.index,
                    dtype=float,
                )
                frame = frame.assign(rpe=frame["rpe"].fillna(given))
            filled.append(frame)
        out = filled
    return out, pd.concat(aside, ignore_index=True) if aside else None


def _reader_set_aside(table: Table) -> pd.DataFrame | None:
    if not table.set_aside:
        return None
    return pd.DataFrame(
        {
            "file": table.name,
            "line": [line for line, _, _ in table.set_aside],
            "what": [what for _, what, _ in table.set_aside],
            "reason": [reason for _, _, reason in table.set_aside],
        },
        columns=SKIPPED_COLUMNS,
    )


def _attr(parts: list[pd.DataFrame], columns: list[str]) -> AttrFrame:
    parts = [p for p in parts if p is not None and len(p)]
    if not parts:
        return empty_attr(columns)
    out = pd.concat(parts, ignore_index=True).sort_values(["file", "line"], kind="stable", ignore_index=True)
    return AttrFrame(out[columns])


def file_problems(found: list[Identified]) -> list[Problem]:
    """The problems of the files that could not be read or matched to a format."""
    return [p for item in found if item.problem is not None for p in item.problem.problems]


def load(src: Source, kind: str, options: Options, *, athlete: str | None, errors: str) -> pd.DataFrame:
    """The frame of ``kind`` from ``src``: a file that is not of this kind is an error; a folder contributes
    its files of this kind (and every file there must be readable)."""
    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    found = identified(src, options, athlete=athlete, kind=kind)
    problems = file_problems(found)
    if problems:
        raise LogFormatError(problems)
    for item in found:
        if not item.part and kind not in item.format.kinds:
            kinds = " and ".join(WHAT[k] for k in item.format.kinds)
            raise LogFormatError(f"this is {item.format.title}, which holds {kinds}, not {WHAT[kind]}", file=item.name)
    if not any(kind in item.format.kinds for item in found):
        names = ", ".join(Path(item.name).name for item in found) or "no table files"
        raise LogFormatError(f"no {WHAT[kind]} here (found: {names})", file=str(src))
    out = build(found, kind, options, errors=errors)
    if out.attrs["unread"]:
        raise LogFormatError(out.attrs["unread"])
    return out


def options(
    *,
    routine: Routine | None = None,
    dayfirst: bool | None = None,
    units: str | None = None,
    tz: str | None = None,
    scale: str = "nrs",
    drills: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> Options:
    """Check the caller's options once, where they enter."""
    if units is not None and units not in ("km", "mi"):
        raise ValueError("units must be 'km' or 'mi'")
    if scale not in ("nrs", "vas100"):
        raise ValueError("scale must be 'nrs' or 'vas100'")
    routine = routine or DEFAULT_ROUTINE
    unknown = sorted(set((drills or {}).values()) - set(routine.ids))
    if unknown:
        raise ValueError(f"drills= maps names to {unknown}; the routine's drills are {', '.join(routine.ids)}")
    return Options(routine, dayfirst, units, tz, scale, dict(drills or {}), dict(columns or {}))


def load_routine_log(
    src: Source,
    *,
    default_athlete: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
    routine: Routine = DEFAULT_ROUTINE,
    drills: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Load routine logs: every drill entry as a row, from any layout the kit knows.

    Parameters
    ----------
    src : str, Path, list of them, or DataFrame
        A file, files, a folder (its files and one sub-folder per athlete) or a frame, in any format holding
        routine records: the long log, a daily checklist, a Strong, Hevy or FitNotes export (CSV, TSV, Excel,
        OpenDocument, JSON lines, Parquet; every sheet of a workbook).
    default_athlete : str, optional
        The athlete of rows that name none (default: the athlete's sub-folder, else ``"me"``).
    dayfirst : bool, optional
        Whether numeric dates are day/month/year; by default the kit decides from the file and says so.
    errors : {"raise", "report"}
        ``"raise"``: every problem of every file in one :class:`~kneecare_analysis.LogFormatError`.
        ``"report"``: the good rows load; the others are in ``attrs["rejected"]`` with the reason.
    routine : Routine
        The drills and their aliases (:func:`kneecare_analysis.folder_routine` reads a folder's own).
    drills : mapping, optional
        Your own exercise names to drills: ``{"Side clams": "clamshell"}``.

    Returns
    -------
    DataFrame
        ``athlete``, ``date``, ``drill`` (a drill id), ``side`` (left, right, both), ``reps``, ``seconds``,
        ``note``, ``file`` and ``line`` (where the row came from; line numbers as a text editor counts them).
        ``attrs``: ``format`` (what each file was read as), ``rejected`` (rows with a problem, and
        ``.problems``), ``skipped`` (rows set aside on purpose, with the reason), ``doubtful`` (values read
        with a note) and ``unread`` (files no format recognises).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> log = kc.load_routine_log(kc.paths.SAMPLE_DIR / "runner")
    >>> log[["date", "drill", "side", "reps", "seconds", "line"]].head(3)
            date          drill  side  reps  seconds  line
    0 2026-03-04   self_massage  both  <NA>    300.0     2
    1 2026-03-04  hip_abduction  both    20     <NA>     3
    2 2026-03-04      clamshell  both    20     <NA>     4
    """
    opts = options(routine=routine, dayfirst=dayfirst, drills=drills)
    return load(src, "routine", opts, athlete=default_athlete, errors=errors)


def load_pain_log(
    src: Source,
    *,
    default_athlete: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
    scale: str = "nrs",
    columns: Mapping[str, str] | None = None,
    routine: Routine = DEFAULT_ROUTINE,
) -> pd.DataFrame:
    """Load pain scores (0–10) from pain logs, the pain columns of a daily checklist, diaries with a column per
    moment, and form check-ins.

    Parameters
    ----------
    src : str, Path, list of them, or DataFrame
        As :func:`load_routine_log`.
    default_athlete : str, optional
        The athlete of rows that name none (default: the athlete's sub-folder, else ``"me"``).
    dayfirst : bool, optional
        Whether numeric dates are day/month/year; by default the kit decides from the file and says so.
    errors : {"raise", "report"}
        ``"raise"``: every problem of every file in one :class:`~kneecare_analysis.LogFormatError`.
        ``"report"``: the good rows load; the others are in ``attrs["rejected"]`` with the reason.
    scale : {"nrs", "vas100"}
        ``"vas100"`` converts a 0–100 visual analogue scale to 0–10; without it a score above 10 is an error.
    columns : mapping, optional
        Names a column the kit does not know: ``{"pain": "Intensity"}``.
    routine : Routine
        The drills, for a checklist's drill columns.

    Returns
    -------
    DataFrame
        ``athlete``, ``date``, ``pain`` (0–10), ``context`` (``morning``, ``before_run``, ``during_run``,
        ``after_run``, ``rest``, ``unspecified``), ``knee``, ``note``, ``file``, ``line``.
        ``attrs``: ``format`` (what each file was read as), ``rejected`` (rows with a problem, and
        ``.problems``), ``skipped`` (rows set aside on purpose, with the reason), ``doubtful`` (values read
        with a note) and ``unread`` (files no format recognises).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> pain = kc.load_pain_log(kc.paths.SAMPLE_DIR / "runner")
    >>> pain[["date", "pain", "context", "line"]].head(3)
            date  pain    context  line
    0 2026-02-25   7.0  after_run     2
    1 2026-02-26   5.0    morning     3
    2 2026-03-02   6.0  after_run     4
    """
    opts = options(routine=routine, dayfirst=dayfirst, scale=scale, columns=columns)
    return load(src, "pain", opts, athlete=default_athlete, errors=errors)


def load_checkins(
    src: Source,
    *,
    columns: Mapping[str, str] | None = None,
    default_athlete: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
) -> pd.DataFrame:
    """Load daily check-ins collected with a form (Google Forms and the like) into the pain-log frame.

    Parameters
    ----------
    src : str, Path, list of them, or DataFrame
        The form's responses, as exported.
    columns : mapping, optional
        Names the questions when the kit's guess is not clear: ``{"pain": "…", "athlete": "…"}``.
    default_athlete : str, optional
        The athlete of rows that name none (default: the athlete's sub-folder, else ``"me"``).
    dayfirst : bool, optional
        Whether numeric dates are day/month/year; by default the kit decides from the file and says so.
    errors : {"raise", "report"}
        ``"raise"``: every problem of every file in one :class:`~kneecare_analysis.LogFormatError`.
        ``"report"``: the good rows load; the others are in ``attrs["rejected"]`` with the reason.

    Returns
    -------
    DataFrame
        As :func:`load_pain_log`.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> import pandas as pd
    >>> form = pd.DataFrame({"Timestamp": ["3/4/2026 8:01:00"], "Your name": ["Ana"],
    ...                      "Knee pain this morning (0-10)": ["2"]})
    >>> kc.load_checkins(form, dayfirst=False)[["athlete", "date", "pain", "context"]]
      athlete       date  pain  context
    0     Ana 2026-03-04   2.0  morning
    """
    return load_pain_log(src, columns=columns, default_athlete=default_athlete, dayfirst=dayfirst, errors=errors)


def load_questionnaires(
    src: Source, *, default_athlete: str | None = None, dayfirst: bool | None = None, errors: str = "raise"
) -> pd.DataFrame:
    """Load questionnaire answers (``questionnaires.csv``, as the questionnaire notebook writes it): one row per
    answered item of the AKPS, KOOS-PF, PSFS or GROC.

    Parameters
    ----------
    src : str, Path, list of them, or DataFrame
        As :func:`load_routine_log`.
    default_athlete : str, optional
        The athlete of rows that name none (default: the athlete's sub-folder, else ``"me"``).
    dayfirst : bool, optional
        Whether numeric dates are day/month/year; by default the kit decides from the file and says so.
    errors : {"raise", "report"}
        ``"raise"``: every problem of every file in one :class:`~kneecare_analysis.LogFormatError`.
        ``"report"``: the good rows load; the others are in ``attrs["rejected"]`` with the reason.

    Returns
    -------
    DataFrame
        ``athlete``, ``date``, ``instrument``, ``item`` (1-based), ``answer`` (the option's position, 0 = first;
        PSFS and GROC: the number), ``note``, ``file``, ``line``. Score them with
        :func:`kneecare_analysis.score_questionnaires`.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> answers = kc.load_questionnaires(kc.paths.SAMPLE_DIR / "runner")
    >>> answers[["date", "instrument", "item", "answer"]].head(3)
            date instrument  item  answer
    0 2026-03-04       akps     1       1
    1 2026-03-04       akps     2       0
    2 2026-03-04       akps     3       1
    """
    return load(src, "questionnaires", options(dayfirst=dayfirst), athlete=default_athlete, errors=errors)


def load_runs(
    src: Source,
    *,
    default_athlete: str | None = None,
    units: str | None = None,
    tz: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
) -> pd.DataFrame:
    """Load runs from running exports: Strava (bulk export, every layout; API-style CSVs), Garmin Connect (every
    language it exports in), TrainingPeaks, intervals.icu and plain CSVs; running only.

    Parameters
    ----------
    src : str, Path, list of them, or DataFrame
        As :func:`load_routine_log`.
    default_athlete : str, optional
        As :func:`load_routine_log`.
    units : {"km", "mi"}, optional
        What a Garmin export's distances are in (the account's unit; default km).
    tz : str, optional
        A time zone (``"Europe/Oslo"``) that turns Strava's UTC start times into local dates.
    dayfirst : bool, optional
        As :func:`load_routine_log`.
    errors : {"raise", "report"}
        As :func:`load_routine_log`.

    Returns
    -------
    DataFrame
        ``athlete``, ``date``, ``distance_km``, ``duration_s``, ``rpe`` (0–10 when the export has it), ``file``,
        ``line``. Other activities and planned workouts are in ``attrs["skipped"]``.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> runs = kc.load_runs(kc.paths.SAMPLE_DIR / "runner")
    >>> runs[["date", "distance_km", "duration_s", "rpe"]].head(3)
            date  distance_km  duration_s  rpe
    0 2026-02-25         7.79      2760.0  5.0
    1 2026-02-27         9.27      3420.0  6.0
    2 2026-03-02         6.14      2100.0  4.0
    """
    opts = options(units=units, tz=tz, dayfirst=dayfirst)
    return load(src, "runs", opts, athlete=default_athlete, errors=errors)
