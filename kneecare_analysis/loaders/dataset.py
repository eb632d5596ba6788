"""A data folder — a runner's or a squad's — as one object: its routine log, pain scores, runs and routine.

Every table file in the folder (and in one sub-folder per athlete) is read and known by its content, so
exports keep their own names (``activities.csv``, ``Activities.csv``, ``workouts.csv``, ``strong.csv``,
``FitNotes_Export.csv``…); ``routine.toml`` is the prescription. A file no format recognises is a problem,
never silently left out.

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
>>> ds.athletes, len(ds.log), ds.runs is not None
(['Sam'], 362, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..errors import LogFormatError, Problem
from ..routine import Routine, folder_routine
from .checks import REJECTED_COLUMNS
from .load import build, file_problems, identified, options
from .report import validation_report


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

    def weekly_summary(self, **options) -> pd.DataFrame:
        """:func:`kneecare_analysis.weekly_summary` of this folder: its routine, its runs, windows to its last date."""
        from ..analysis import weekly_summary

        return weekly_summary(
            self.log, pain=self.pain, runs=self.runs, routine=self.routine, **{"end": self.end, **options}
        )

    def daily_adherence(self, **options) -> pd.DataFrame:
        """:func:`kneecare_analysis.daily_adherence` of this folder (its routine, windows to its last date)."""
        from ..analysis import daily_adherence

        return daily_adherence(self.log, routine=self.routine, **{"pain": self.pain, "end": self.end, **options})

    def scores(self) -> pd.DataFrame:
        """:func:`kneecare_analysis.score_questionnaires` of this folder's answers (empty without any)."""
        from ..analysis import score_questionnaires

        if self.questionnaires is None:
            return score_questionnaires(pd.DataFrame())
        return score_questionnaires(self.questionnaires)

    def run_tolerance(self) -> pd.DataFrame:
        """:func:`kneecare_analysis.run_tolerance` of this folder's runs and pain (empty without runs)."""
        from ..analysis import run_tolerance

        return run_tolerance(self.runs if self.runs is not None else pd.DataFrame(columns=["athlete", "date"]),
                             pain=self.pain)  # fmt: skip

    def pain_change(self, **options) -> pd.DataFrame:
        """:func:`kneecare_analysis.pain_change` of this folder (its routine, windows to its last date)."""
        from ..analysis import pain_change

        return pain_change(self.log, pain=self.pain, routine=self.routine, **{"end": self.end, **options})

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
        ``log``, ``pain``, ``runs``, ``questionnaires``, ``routine``, ``problems``, ``end``.

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
    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise LogFormatError("not a folder: expected a folder holding a routine log and pain scores", file=str(folder))
    if routine is None:
        routine = folder_routine(folder)
    opts = options(routine=routine, dayfirst=dayfirst)
    found = identified(folder, opts, athlete=None)
    if not found:
        raise LogFormatError(
            "no logs in this folder: expected a routine log, pain scores or runs (CSV, TSV, Excel, JSON lines or "
            "Parquet), or one sub-folder per athlete",
            file=str(folder),
        )
    unread = file_problems(found)
    kinds = ("routine", "pain", "runs", "questionnaires")
    log, pain, runs, answers = (build(found, kind, opts, errors="report") for kind in kinds)
    for frame in (log, pain, runs, answers):
        unread += frame.attrs["unread"]
    has = {k: any(item.format is not None and k in item.format.kinds for item in found) for k in kinds}
    has_runs = has["runs"]
    frames = [log, pain] + ([runs] if has_runs else []) + ([answers] if has["questionnaires"] else [])
    report = validation_report(*frames)
    if unread:
        whole = pd.DataFrame(
            [
                {"file": p.file, "line": p.line, "column": p.column, "value": p.value, "reason": p.expected}
                for p in unread
            ]
        )
        report = pd.concat([whole, report], ignore_index=True)
    if errors == "raise" and len(report):
        raise LogFormatError(
            [
                Problem(r.file, None if pd.isna(r.line) else int(r.line), r.column, r.value, r.reason)
                for r in report.head(20).itertuples()
            ],
            total=len(report),
        )
    dates = [f["date"].max() for f in (log, pain) if len(f)]
    end = max(dates) if dates else None
    answers = answers if has["questionnaires"] else None
    return Dataset(log, pain, runs if has_runs else None, routine, folder, report, end, answers)
