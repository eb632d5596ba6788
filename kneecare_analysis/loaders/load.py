"""The public loaders, each a thin call on the one pipeline (:func:`.pipeline.run`): a frame of one kind from
any source, or (:func:`validate`) every problem of a file or a folder.

>>> import pandas as pd, kneecare_analysis as kc
>>> log = kc.load_routine_log(pd.DataFrame({"date": ["2026-03-02"], "drill": ["clams"], "side": ["L"], "reps": [20]}))
>>> log[["drill", "side", "reps", "line"]].to_dict("records")
[{'drill': 'clamshell', 'side': 'left', 'reps': 20, 'line': 2}]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..errors import LogFormatError
from ..routine import DEFAULT_ROUTINE, Routine
from .checks import problems_error
from .formats import Options
from .pipeline import WHAT, Loaded, run
from .sources import Source


def load(src: Source, kind: str, options: Options, *, athlete: str | None, errors: str) -> pd.DataFrame:
    """The frame of ``kind`` from ``src``: a file that is not of this kind is an error; a folder contributes
    its files of this kind (and every file there must be readable)."""
    check_errors(errors)
    loaded = run(src, options=options, kinds=(kind,), default_athlete=athlete, named=kind)
    unreadable = [t.problem for t in loaded.tables if t.problem is not None]
    if unreadable:
        raise LogFormatError([p for exc in unreadable for p in exc.problems])
    for item in loaded.tables:
        if not item.part and kind not in item.format.kinds:
            kinds = " and ".join(WHAT[k] for k in item.format.kinds)
            raise LogFormatError(f"this is {item.format.title}, which holds {kinds}, not {WHAT[kind]}", file=item.name)
    if not loaded.holds(kind):
        names = ", ".join(Path(item.name).name for item in loaded.tables) or "no table files"
        raise LogFormatError(f"no {WHAT[kind]} here (found: {names})", file=str(src))
    if loaded.unread:
        raise LogFormatError(loaded.unread)
    if errors == "raise" and len(loaded.problems):
        raise problems_error(loaded.problems)
    return loaded.frames[kind]


def check_errors(errors: str) -> None:
    if errors not in ("raise", "report"):
        raise ValueError(f"errors must be 'raise' or 'report', not {errors!r}")


def validate(src: Source, *, dayfirst: bool | None = None, routine: Routine | None = None) -> Loaded:
    """Every problem of a file, files or a folder, without stopping at the first: what ``kneecare validate``
    prints.

    Parameters
    ----------
    src : str, Path, list of them, or DataFrame
        As :func:`load_routine_log`: every kind of table is read (routine logs, pain scores, runs,
        questionnaire answers).
    dayfirst : bool, optional
        Whether numeric dates are day/month/year; by default the kit decides from the file and says so.
    routine : Routine, optional
        The drills and their aliases (default: the folder's ``routine.toml`` when ``src`` is a folder).

    Returns
    -------
    Loaded
        ``.problems`` (``file, line, column, value, reason``: files that could not be read first, then each
        rejected row), ``.frames`` (the good rows of each kind), ``.rows``, ``.skipped`` (set aside on
        purpose) and ``.doubtful`` (values read with a note).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> checked = kc.validate(kc.paths.SAMPLE_DIR / "checklist")
    >>> checked.rows, len(checked.problems)
    (229, 3)
    >>> print(checked.problems[["line", "column", "value", "reason"]].head(1).to_string(index=False))
     line           column value                     reason
        7 Hip abductions R    2O a whole number of reps ≥ 0
    """
    from ..routine import folder_routine

    if routine is None:
        routine = folder_routine(src) if isinstance(src, (str, Path)) and Path(src).is_dir() else DEFAULT_ROUTINE
    return run(src, options=options(routine=routine, dayfirst=dayfirst))


def options(
    *,
    routine: Routine | None = None,
    dayfirst: bool | None = None,
    units: str | None = None,
    tz: str | None = None,
    scale: str = "nrs",
    drills: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
    run_types: Sequence[str] | None = None,
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
    if isinstance(run_types, str):
        raise ValueError("run_types must be a list of activity types, such as ['Futás']")
    types = tuple(str(t) for t in run_types or ())
    return Options(routine, dayfirst, units, tz, scale, dict(drills or {}), dict(columns or {}), types)


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
    run_types: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Load runs from running exports: Strava (bulk export, every layout; API-style CSVs), Garmin Connect (every
    language it exports in), Runkeeper, TrainingPeaks, intervals.icu and plain CSVs; FIT, TCX, GPX and Apple
    Health (``export.zip`` or ``export.xml``), gzip-compressed or not, and the folders and zips they come in (a
    watch's ``GARMIN/Activity``, Strava's bulk export, Garmin's account export); running only, each run once.

    Parameters
    ----------
    src : str, Path, list of them, or DataFrame
        As :func:`load_routine_log`.
    default_athlete : str, optional
        As :func:`load_routine_log`.
    units : {"km", "mi"}, optional
        What a Garmin export's distances are in (the account's unit; default km).
    tz : str, optional
        A time zone (``"Europe/Oslo"``) that turns Strava's UTC start times, and GPX/TCX files' UTC starts, into
        local dates.
    dayfirst : bool, optional
        As :func:`load_routine_log`.
    errors : {"raise", "report"}
        As :func:`load_routine_log`.
    run_types : list of str, optional
        The activity types of a Garmin export that are running, in the file's own words (``["Futás"]``): for an
        export in a language the kit has no words for (its message names the types it found).

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
    opts = options(units=units, tz=tz, dayfirst=dayfirst, run_types=run_types)
    return load(src, "runs", opts, athlete=default_athlete, errors=errors)
