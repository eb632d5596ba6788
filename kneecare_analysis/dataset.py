"""A data folder — a runner's or a squad's — as one object: its routine log, pain scores, runs and routine,
with the analyses that use the folder's own routine and last date. It sits above the loaders and the analysis
and joins them; ``load_dataset`` is a thin call on the loaders' one pipeline.

Every table file in the folder (and in one sub-folder per athlete) is read and known by its content, so
exports keep their own names (``activities.csv``, ``Activities.csv``, ``workouts.csv``, ``strong.csv``,
``FitNotes_Export.csv``…); ``routine.toml`` is the prescription and ``design.toml`` the plan of a randomised
start (:mod:`kneecare_analysis.design`), neither of them a table. A file no format recognises is a problem,
never silently left out.

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
>>> ds.athletes, len(ds.log), ds.runs is not None
(['Sam'], 362, True)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from . import analysis
from .design import DEFAULT_RUNNER, DESIGN_FILE, read_design
from .errors import LogFormatError
from .loaders.checks import REJECTED_COLUMNS, problems_error
from .loaders.load import check_errors, options
from .loaders.pipeline import run
from .loaders.sources import athlete_folders
from .paths import ROOT, SAMPLE_DIR, finish_pending_saves, holds_logs
from .routine import Routine, folder_routine


@dataclass
class Dataset:
    """Everything loaded from one data folder (:func:`load_dataset`), with the analyses that use the folder's
    own routine and last date.

    Parameters
    ----------
    log, pain : DataFrame
        The routine log and the pain scores (:func:`load_routine_log`, :func:`load_pain_log`).
    runs : DataFrame or None
        The runs; ``None`` without running data.
    routine : Routine
        The folder's prescription (its ``routine.toml``, else the default).
    folder : Path, optional
        Where it was loaded from.
    problems : DataFrame
        The validation report (``file, line, column, value, reason``): empty unless loaded with
        ``errors="report"``.
    end : Timestamp, optional
        The folder's last date: every athlete's window runs to it.
    questionnaires : DataFrame or None
        The questionnaire answers; ``None`` without any.
    design : DataFrame or None
        The folder's plan (``design.toml``, :func:`kneecare_analysis.design.read_design`): one row per athlete,
        ``athlete, start, randomised, admissible_from, admissible_to, seed, drawn_at, baseline_context,
        planned_on``; ``None`` without a plan.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
    >>> len(ds.athletes), ds.routine.name
    (12, 'Knee care cool-down')
    >>> ds.weekly_summary()[["athlete", "week_start", "dose_adherence"]].head(2).round({"dose_adherence": 2})
      athlete week_start  dose_adherence
    0     Ana 2026-01-05            0.79
    1     Ana 2026-01-12            0.80
    """

    log: pd.DataFrame
    pain: pd.DataFrame
    runs: pd.DataFrame | None
    routine: Routine
    folder: Path | None = None
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTED_COLUMNS))
    end: pd.Timestamp | None = None  # the folder's last date: every athlete's window runs to it
    questionnaires: pd.DataFrame | None = None
    design: pd.DataFrame | None = None

    def weekly_summary(self, **options) -> pd.DataFrame:
        """:func:`kneecare_analysis.weekly_summary` of this folder: its routine, its runs, windows to its last date."""
        return analysis.weekly_summary(
            self.log, pain=self.pain, runs=self.runs, routine=self.routine, **{"end": self.end, **options}
        )

    def daily_adherence(self, **options) -> pd.DataFrame:
        """:func:`kneecare_analysis.daily_adherence` of this folder (its routine, windows to its last date)."""
        return analysis.daily_adherence(
            self.log, routine=self.routine, **{"pain": self.pain, "end": self.end, **options}
        )

    def scores(self) -> pd.DataFrame:
        """:func:`kneecare_analysis.score_questionnaires` of this folder's answers (empty without any)."""
        if self.questionnaires is None:
            return analysis.score_questionnaires(pd.DataFrame())
        return analysis.score_questionnaires(self.questionnaires)

    def run_tolerance(self) -> pd.DataFrame:
        """:func:`kneecare_analysis.run_tolerance` of this folder's runs and pain (empty without runs; every run
        unknown, for want of scores, without pain scores)."""
        runs = self.runs if self.runs is not None else pd.DataFrame(columns=["athlete", "date"])
        return analysis.run_tolerance(runs, pain=self.pain)

    def pain_change(self, **options) -> pd.DataFrame:
        """:func:`kneecare_analysis.pain_change` of this folder (its routine, windows to its last date)."""
        return analysis.pain_change(self.log, pain=self.pain, routine=self.routine, **{"end": self.end, **options})

    def starts(self) -> pd.DataFrame:
        """Each athlete's routine start: the plan's drawn start (with its admissible dates) where the folder has a
        plan, else the first day with a session, which the runner chose (``athlete, start, randomised,
        admissible_from, admissible_to``; no row for an athlete with neither)."""
        planned = self.design if self.design is not None else pd.DataFrame(columns=["athlete", "start"])
        planned = planned.assign(athlete=planned["athlete"].astype(str))
        done = self.log[self.log["seconds"].fillna(0).gt(0) | self.log["reps"].fillna(0).gt(0)]
        first = done.groupby(done["athlete"].astype(str), observed=True)["date"].min()
        chosen = first[~first.index.isin(planned["athlete"])]
        chosen = pd.DataFrame({"athlete": chosen.index, "start": chosen.to_numpy(), "randomised": False})
        columns = ["athlete", "start", "randomised", "admissible_from", "admissible_to"]
        out = pd.concat([planned.reindex(columns=columns), chosen.reindex(columns=columns)], ignore_index=True)
        out["randomised"] = out["randomised"].fillna(False).astype(bool)
        return out.sort_values("athlete", ignore_index=True)

    def routine_effect(self, **options) -> pd.DataFrame:
        """:func:`kneecare_analysis.routine_effect` of this folder: did the routine help each athlete, from
        their daily scores and their start (:meth:`starts`)."""
        return analysis.routine_effect(self.pain, self.starts(), **options)

    def holds(self, kind: str) -> bool:
        """Whether the folder gave any row of ``kind``: ``"routine"``, ``"pain"``, ``"runs"`` or
        ``"questionnaires"``."""
        frame = {"routine": self.log, "pain": self.pain, "runs": self.runs, "questionnaires": self.questionnaires}
        if kind not in frame:
            raise ValueError(f"kind must be one of {', '.join(frame)}, not {kind!r}")
        return frame[kind] is not None and len(frame[kind]) > 0

    def next_steps(self) -> list[str]:
        """What adding each missing piece (a routine log, pain scores, runs) would show, one line each; empty when
        the folder holds all three.

        >>> import kneecare_analysis as kc
        >>> kc.load_dataset(kc.paths.SAMPLE_DIR / "checklist", errors="report").next_steps()[0][:40]
        'Add your runs (a Strava activities.csv, '
        """
        return [text for kind, text in NEXT_STEPS.items() if not self.holds(kind)]

    @property
    def athletes(self) -> list[str]:
        """Every athlete with a routine, pain or run row, sorted."""
        names = set(self.log["athlete"].astype(str)) | set(self.pain["athlete"].astype(str))
        if self.runs is not None:
            names |= set(self.runs["athlete"].astype(str))
        return sorted(names)

    def for_athlete(self, athlete: str) -> Dataset:
        """The same dataset restricted to one athlete."""
        if athlete not in self.athletes:
            raise KeyError(f"no athlete {athlete!r}; athletes: {', '.join(self.athletes)}")

        def pick(frame: pd.DataFrame | None) -> pd.DataFrame | None:
            if frame is None:
                return None
            out = frame[frame["athlete"].astype(str) == athlete].reset_index(drop=True)
            out["athlete"] = out["athlete"].cat.remove_unused_categories()
            return out

        return replace(
            self,
            log=pick(self.log),
            pain=pick(self.pain),
            runs=pick(self.runs),
            questionnaires=pick(self.questionnaires),
            design=None if self.design is None else _own_plan(self.design, athlete),
        )


def load_dataset(
    folder: str | Path, *, dayfirst: bool | None = None, errors: str = "raise", routine: Routine | None = None
) -> Dataset:
    """Load a runner's or a squad's folder: every log, pain diary, export and questionnaire in it (or in one
    sub-folder per athlete), each known by its content, never by its name.

    Parameters
    ----------
    folder : str or Path
        The data folder.
    dayfirst : bool, optional
        Whether numeric dates are day/month/year.
    errors : {"raise", "report"}
        ``"raise"`` lists every problem of every file at once; ``"report"`` loads everything that can be read
        and lists the problems in ``ds.problems``, so one athlete's broken export never hides the squad.
    routine : Routine, optional
        The prescription; by default the folder's ``routine.toml``, else the default routine.

    Returns
    -------
    Dataset
        ``log``, ``pain``, ``runs``, ``questionnaires``, ``routine``, ``problems``, ``end``, ``design``.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "checklist", errors="report")
    >>> len(ds.log), len(ds.pain), len(ds.problems)
    (207, 22, 3)
    >>> ds.problems[["line", "column", "value"]]
       line            column       value
    0     7  Hip abductions R          2O
    1    13              Date  31/04/2026
    2    19         Knee pain          12
    """
    check_errors(errors)
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise LogFormatError("not a folder: expected a folder holding a routine log and pain scores", file=str(folder))
    try:
        finish_pending_saves(folder)  # a save killed half-way is completed before anything is read
    except OSError as exc:
        raise LogFormatError(
            f"a save into this folder was interrupted and cannot be completed ({exc.strerror or exc}): open the "
            "folder once with write access",
            file=str(folder),
        ) from None
    if routine is None:
        routine = folder_routine(folder)
    loaded = run(folder, options=options(routine=routine, dayfirst=dayfirst))
    if not loaded.tables:
        raise LogFormatError(
            "no logs in this folder: expected a routine log, pain scores or runs (CSV, TSV, Excel, JSON lines or "
            "Parquet), or one sub-folder per athlete",
            file=str(folder),
        )
    if errors == "raise" and len(loaded.problems):
        raise problems_error(loaded.problems)
    log, pain, runs, answers = (loaded.frames[k] for k in ("routine", "pain", "runs", "questionnaires"))
    # the last date: of the routine and pain rows; without a routine log the runs count too (they open the weeks)
    dated = (log, pain) if len(log) else (pain, runs if loaded.holds("runs") else pain)
    dates = [f["date"].max() for f in dated if len(f)]
    end = max(dates) if dates else None
    return Dataset(
        log,
        pain,
        runs if loaded.holds("runs") else None,
        routine,
        folder,
        loaded.problems,
        end,
        answers if loaded.holds("questionnaires") else None,
        _plans(folder),
    )


NEXT_STEPS = {
    "routine": "Add your routine log (save a session with 01, the walkthrough, or put your checklist beside your "
    "logs) to see how much of the routine you do each week and how it goes with your pain.",
    "pain": "Add pain scores (a pain diary, or score your knee in 01) to see your pain week by week against your "
    "baseline, and whether each run was tolerated.",
    "runs": "Add your runs (a Strava activities.csv, a Garmin export or your watch's files) beside your logs to "
    "see your running load beside your pain.",
}


def folder_to_read(folder: str | Path, *, sample: str) -> Path:
    """The folder a notebook reads: ``folder`` when it holds a log, else (nothing saved there yet) the sample's
    ``sample`` folder, until then; :func:`kneecare_analysis.render.banner` says which.

    Parameters
    ----------
    folder : str or Path
        The folder asked for (:func:`kneecare_analysis.paths.data_folder`).
    sample : str
        The sample folder to show instead: ``"runner"``, ``"squad"`` or ``"checklist"``.

    Returns
    -------
    Path
        ``folder``, or the sample's folder when ``folder`` holds no table file.

    Examples
    --------
    >>> import tempfile
    >>> folder_to_read(tempfile.mkdtemp(), sample="runner").parts[-2:]
    ('sample', 'runner')
    """
    folder = Path(folder)
    if holds_logs(folder):
        return folder
    here, there = Path.cwd().resolve(), (SAMPLE_DIR / sample).resolve()
    return Path(os.path.relpath(there, here)) if here.is_relative_to(ROOT) else there


def _plans(folder: Path) -> pd.DataFrame | None:
    """The folder's plans: its ``design.toml`` and those of its athlete sub-folders, where a plan for the
    default runner (``me``) is the sub-folder's athlete's, as the loaders name their rows; ``None`` without a
    plan (a file holding only declines is none)."""
    found = [read_design(folder)] if (folder / DESIGN_FILE).is_file() else []
    for sub in athlete_folders(folder):
        if (sub / DESIGN_FILE).is_file():
            plans = read_design(sub)
            found.append(plans.assign(athlete=plans["athlete"].replace({DEFAULT_RUNNER: sub.name})))
    found = [f for f in found if len(f)]
    if not found:
        return None
    design = pd.concat(found, ignore_index=True)
    twice = sorted(set(design.loc[design["athlete"].duplicated(), "athlete"]))
    if twice:
        raise LogFormatError(f"two plans for {', '.join(twice)}: keep one design.toml per athlete", file=str(folder))
    return design


def _own_plan(design: pd.DataFrame, athlete: str) -> pd.DataFrame | None:
    mine = design[design["athlete"] == athlete].reset_index(drop=True)
    return mine if len(mine) else None
