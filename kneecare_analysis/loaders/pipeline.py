"""The one way through the loaders: files → tables → a format each → records → checked, typed frames.

:func:`run` carries every step for any source and returns one :class:`Loaded` (the frames of each kind, the
problems, what was set aside, what could not be read); the public loaders, ``load_dataset``,
:func:`~kneecare_analysis.validate` and the ``kneecare`` command are thin calls on it. Each step has its module:
read each file (:mod:`.read`), find its format by content (:func:`.formats.identify`), let the format make
records of the wanted kind, then parse and check each distinct cell once and build the frame (:mod:`.frames`).
Each input row ends in exactly one of three places: the frame, ``attrs["skipped"]`` (set aside on purpose: a
ride in a running export, a bench press in a Hevy export, a blank or comment line) or ``attrs["rejected"]``
(a problem, with its reason).

A run that comes from two sources (a watch's FIT file and Strava's CSV; Apple Health holding a run Strava
wrote there) is counted once (:func:`one_run_once`): the best source's row is kept, the other is listed in
``skipped`` naming it.

A run the walkthrough saved (minutes and RPE) on a day an export also holds a run of the same athlete gives
way to the export: the export's distance and time are used, the walkthrough's RPE fills the export runs of
that day that have none, and the walkthrough's row is listed in ``skipped`` saying so.

>>> import kneecare_analysis as kc
>>> from kneecare_analysis.loaders.formats import Options
>>> loaded = run(kc.paths.SAMPLE_DIR / "checklist", options=Options(kc.DEFAULT_ROUTINE))
>>> {kind: len(frame) for kind, frame in loaded.frames.items()}
{'routine': 207, 'pain': 22, 'runs': 0, 'questionnaires': 0}
>>> loaded.problems[["line", "column", "value"]].values.tolist()
[[7, 'Hip abductions R', '2O'], [13, 'Date', '31/04/2026'], [19, 'Knee pain', '12']]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import LogFormatError, Problem
from .checks import REJECTED_COLUMNS, SKIPPED_COLUMNS, AttrFrame, RowChecks, empty_attr, raise_or_keep
from .formats import Format, Options, identify
from .frames import pain as pain_frame
from .frames import questionnaires as questionnaires_frame
from .frames import routine as routine_frame
from .frames import runs as runs_frame
from .frames.common import concat
from .headers import kit_output
from .read import Table
from .report import validation_report
from .settings import Settings, source_settings
from .sources import Source, files_of, tables_of

KINDS = ("routine", "pain", "runs", "questionnaires")
BUILDERS = {"routine": routine_frame, "pain": pain_frame, "runs": runs_frame, "questionnaires": questionnaires_frame}
WHAT = {"routine": "a routine log", "pain": "pain scores", "runs": "runs", "questionnaires": "questionnaire answers"}


@dataclass
class Loaded:
    """Everything one pass over a source gives (:func:`run`).

    Attributes
    ----------
    frames : dict of DataFrame
        The frame of each kind asked for (empty when the source holds none), with its ``attrs``.
    tables : list of Identified
        Every table read, with its format (or the problem that kept it from having one).
    unread : list of Problem
        Files and tables that could not be read or recognised, and tables of a format that miss a column.
    problems : DataFrame
        ``file, line, column, value, reason``: the unread first, then every rejected row's problems.
    """

    frames: dict[str, pd.DataFrame]
    tables: list
    unread: list[Problem]
    problems: pd.DataFrame = field(repr=False)

    def holds(self, kind: str) -> bool:
        """Whether a table of the source is of a format that holds ``kind``."""
        return any(t.format is not None and kind in t.format.kinds for t in self.tables)

    @property
    def rows(self) -> int:
        """The rows loaded, over every kind."""
        return sum(len(f) for f in self.frames.values())

    @property
    def skipped(self) -> pd.DataFrame:
        """Every row set aside on purpose (``file, line, what, reason``)."""
        return _attr([f.attrs["skipped"] for f in self.frames.values()], SKIPPED_COLUMNS)

    @property
    def doubtful(self) -> pd.DataFrame:
        """Every value read with a note (``file, line, column, value, reason``)."""
        return _attr([f.attrs["doubtful"] for f in self.frames.values()], REJECTED_COLUMNS)


def run(
    src: Source,
    *,
    options: Options,
    kinds: tuple[str, ...] = KINDS,
    default_athlete: str | None = None,
    named: str | None = None,
) -> Loaded:
    """Read, recognise, make records, parse and check: the frames of ``kinds`` from ``src``, every problem kept
    (nothing raised for a bad row or file: the caller decides). ``named`` is the kind the caller asked for,
    which settles a table that two formats claim alike. What the caller leaves open (units, time zone, date
    order, the athlete's name, the run types) comes from the folder's ``kneecare.toml`` (:mod:`.settings`)."""
    settings = source_settings(src)
    options, default_athlete = with_settings(options, default_athlete, settings)
    tables = identified(src, options, athlete=default_athlete, kind=named)
    unread = file_problems(tables)
    frames = {kind: build(tables, kind, options) for kind in kinds}
    for frame in frames.values():
        unread += frame.attrs["unread"]
        frame.attrs["settings"] = settings.file
    problems = validation_report(*frames.values())
    if unread:
        whole = pd.DataFrame(
            [
                {"file": p.file, "line": p.line, "column": p.column, "value": p.value, "reason": p.expected}
                for p in unread
            ]
        )
        problems = pd.concat([whole, problems], ignore_index=True) if len(problems) else whole
    return Loaded(frames, tables, unread, problems)


@dataclass
class Identified:
    """A table read from ``src`` with its format (or the problem that kept it from having one)."""

    table: Table | None
    format: Format | None
    name: str
    part: bool = False  # found in a folder or a workbook, rather than named by the caller
    problem: LogFormatError | None = None
    aside: str | None = None  # why a sheet of a workbook is not read (it holds no log: notes, a chart)


def with_settings(options: Options, default_athlete: str | None, settings: Settings) -> tuple[Options, str | None]:
    """The caller's options with what they leave open taken from the folder's settings."""
    filled = dataclasses.replace(
        options,
        units=options.units or settings.units,
        tz=options.tz or settings.time_zone,
        dayfirst=options.dayfirst if options.dayfirst is not None else settings.dayfirst,
        run_types=options.run_types or settings.run_types,
        scale="vas100" if options.scale == "nrs" and settings.pain_scale == "0-100" else options.scale,
    )
    return filled, default_athlete or settings.athlete


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
                own = kit_output(table) if in_folder or sheets else None
                if own is not None:  # the kit's own export saved among the logs: listed, never read
                    out.append(Identified(table, None, table.name, True, aside=own))
                elif sheets:  # a sheet of notes, a summary, a chart's data: listed, not an error
                    out.append(Identified(table, None, table.name, True, aside=exc.problems[0].expected))
                else:
                    out.append(Identified(table, None, table.name, in_folder, exc))
    return out


def build(found: list[Identified], kind: str, options: Options) -> pd.DataFrame:
    """The frame of ``kind`` from the tables whose format holds that kind, with ``attrs`` ``rejected``,
    ``skipped``, ``doubtful`` (recorded runs with an odd pace, and the units assumed), ``assumed`` (per file
    whose distance unit is not stated: the unit read and how to change it), ``format``, ``unread`` (the problems of
    tables that could not be read as their format) and ``read_by`` (which reader read each file, and why the
    exact one where the fast one could have)."""
    builder = BUILDERS[kind]
    frames, checks, set_aside, doubtful, formats, unread, typed_in, assumed = [], [], [], [], [], [], [], []
    read_by: dict[str, str] = {}
    for item in found:
        if item.aside is not None:
            line = int(item.table.lines[0]) - 1 if len(item.table.lines) else 1
            what, why = ("a sheet", f"no log in it: {item.aside}") if "[" in item.name else ("a file", item.aside)
            set_aside.append(pd.DataFrame([[item.name, line, what, why]], columns=SKIPPED_COLUMNS))
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
        if "assumed" in records.hints:  # a unit the file does not state: said with the values read with a note
            assumed.append(records.hints["assumed"])
            doubtful.append(records.hints["assumed"])
        formats.append(item.format.name)
        read_by[table.name] = table.engine + (f" ({table.engine_note})" if table.engine_note else "")
    frames = _copied_days(frames, checks)
    if kind == "runs" and any(typed_in):
        frames, given_way = _walkthrough_runs(frames, typed_in)
        set_aside.append(given_way)
    rejected = raise_or_keep(checks, errors="report")
    if frames:
        merged = concat(frames)
        if kind == "runs":
            merged, counted = one_run_once(merged)
            set_aside.append(counted)
        out = builder.tidy(merged, options)
    else:
        out = builder.tidy(pd.DataFrame({c: pd.Series(dtype=object) for c in builder.COLUMNS}), options)
    out.attrs["rejected"] = rejected
    out.attrs["skipped"] = _attr(set_aside, SKIPPED_COLUMNS)
    out.attrs["doubtful"] = _attr(doubtful, REJECTED_COLUMNS)
    out.attrs["assumed"] = _attr(assumed, REJECTED_COLUMNS)
    out.attrs["format"] = formats[0] if len(set(formats)) == 1 else "mixed" if formats else None
    out.attrs["unread"] = unread
    out.attrs["read_by"] = read_by
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
            chk.add_at(
                pos,
                None,
                "",
                [
                    f"a day that sheet '{where[line][:-1]}' holds too: a copy of it? It is counted once"
                    for line in chk.lines[pos]
                ],
            )
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
                    ],
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


SAME_START = pd.Timedelta(minutes=10)  # a watch and a phone start their recordings this far apart at most
SAME_START_IN_FILE = pd.Timedelta(minutes=2)  # two copies of a run in one file (Apple Health) start together
SAME_KM = (0.25, 0.05)  # distances within 250 m or 5 % (whichever is larger) are one run's
SAME_SECONDS = (120.0, 0.05)  # times within 2 minutes or 5 %, when a start time is not known


def one_run_once(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """A run that comes from two sources (a watch's FIT file and Strava's CSV; Apple Health holding a run
    Strava wrote there) is counted once.

    Two runs of an athlete are one when their starts (UTC) are at most 10 minutes apart and their distances
    within 250 m or 5 % (without distances: times within 2 minutes or 5 %); when either start is unknown,
    when they come from two files, share a date and their distances (or times) agree as closely. Two rows of
    one file are one only when they start at most 2 minutes apart (Apple Health holding the watch's and
    Strava's copy of a run; a GPS log's tracks minutes apart stay apart). Two runs whose distances differ
    more, or that start further apart, stay two (a morning and an evening run). The run kept is the best
    source's — a FIT file, then TCX, then Apple Health and the exports' CSVs, then GPX (points only) — with all
    its fields; an RPE it lacks is taken from a duplicate that has one. The others are returned as ``skipped``
    rows naming the kept row's file and line.
    """
    if len(frame) < 2 or "start_utc" not in frame:
        return frame, None
    if frame["start_utc"].isna().all() and frame["file"].astype(str).nunique() < 2:  # a typed log's runs
        return frame, None
    order = np.lexsort((frame["line"].to_numpy(), frame["file"].astype(str).to_numpy(), frame["rank"].to_numpy()))
    athlete = frame["athlete"].astype(str).to_numpy()
    day = frame["date"].to_numpy(dtype="datetime64[D]")
    start = frame["start_utc"].to_numpy(dtype="datetime64[ns]")
    km = frame["distance_km"].to_numpy(dtype=float, na_value=np.nan)
    seconds = frame["duration_s"].to_numpy(dtype=float, na_value=np.nan)
    files = frame["file"].astype(str).to_numpy()
    kept: dict[tuple, list[int]] = {}
    twin = np.full(len(frame), -1)
    one_day = np.timedelta64(1, "D")
    may = _candidates(athlete, files, start)
    for i in order[may[order]]:
        for d in (day[i] - one_day, day[i], day[i] + one_day):
            match = next(
                (k for k in kept.get((athlete[i], d), []) if _same(i, k, files, day, start, km, seconds)), None
            )
            if match is not None:
                twin[i] = match
                break
        else:
            kept.setdefault((athlete[i], day[i]), []).append(i)
    dup = np.flatnonzero(twin >= 0)
    if not len(dup):
        return frame, None
    rpe = frame["rpe"].to_numpy(dtype=float, na_value=np.nan).copy()
    for i in dup:  # the best source first: its RPE stays; a missing one is filled by a duplicate's
        if np.isnan(rpe[twin[i]]) and not np.isnan(rpe[i]):
            rpe[twin[i]] = rpe[i]
    lines = frame["line"].to_numpy()
    skipped = pd.DataFrame(
        {
            "file": files[dup],
            "line": lines[dup],
            "what": "a run",
            "reason": [
                f"the same run as {files[twin[i]]} line {lines[twin[i]]} ({_why(i, twin[i], start, km, seconds)}): "
                "counted once"
                for i in dup
            ],
        },
        columns=SKIPPED_COLUMNS,
    )
    out = frame.assign(rpe=pd.array(rpe, dtype=pd.Float64Dtype()))
    return out[twin < 0].reset_index(drop=True), skipped


def _candidates(athlete: np.ndarray, files: np.ndarray, start: np.ndarray) -> np.ndarray:
    """The rows that may be a copy of another (the others need no pairwise look): every row of an athlete
    whose runs come from two or more files, and the rows of a one-file athlete that start within 2 minutes
    of another."""
    frame = pd.DataFrame({"athlete": athlete, "file": files, "start": start})
    several = frame.groupby("athlete")["file"].transform("nunique").to_numpy() > 1
    order = np.lexsort((start, athlete))
    same = athlete[order][1:] == athlete[order][:-1]
    close = same & ((start[order][1:] - start[order][:-1]) <= SAME_START_IN_FILE.to_timedelta64())
    near = np.zeros(len(athlete), dtype=bool)
    near[order[1:][close]] = True
    near[order[:-1][close]] = True
    return several | near


def _same(i: int, k: int, files, day, start, km, seconds) -> bool:
    """Whether rows ``i`` and ``k`` are one run from two files (:func:`one_run_once`'s tolerances)."""
    starts = not (np.isnat(start[i]) or np.isnat(start[k]))
    if files[i] == files[k] and not starts:
        return False
    both_km = not (np.isnan(km[i]) or np.isnan(km[k]))
    if both_km and not _near(km[i], km[k], SAME_KM):
        return False
    if starts:
        apart = SAME_START_IN_FILE if files[i] == files[k] else SAME_START
        return abs(start[i] - start[k]) <= apart.to_timedelta64() and (
            both_km or _near(seconds[i], seconds[k], SAME_SECONDS)
        )
    if day[i] != day[k]:
        return False
    return both_km or _near(seconds[i], seconds[k], SAME_SECONDS)


def _why(i: int, k: int, start, km, seconds) -> str:
    """What made rows ``i`` and ``k`` one run, in words."""
    if np.isnat(start[i]) or np.isnat(start[k]):
        when = "the same day"
    else:
        minutes = abs(start[i] - start[k]) / np.timedelta64(1, "m")
        when = "the same start" if minutes < 0.5 else f"starts {minutes:.0f} min apart"
    if not (np.isnan(km[i]) or np.isnan(km[k])):
        return f"{when}; {km[k]:g} and {km[i]:g} km"
    return f"{when}; {seconds[k] / 60:.0f} and {seconds[i] / 60:.0f} min"


def _near(a: float, b: float, tolerance: tuple[float, float]) -> bool:
    """Within the absolute or the relative tolerance (whichever is larger); never for a missing value."""
    return bool(abs(a - b) <= max(tolerance[0], tolerance[1] * max(abs(a), abs(b))))


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
