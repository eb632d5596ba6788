"""A day's session of the routine as plain data, with its rules: what was done of each drill and side, knee pain
before and after the routine and, the day after a run, this morning's score (each with its moment, the pain
log's ``context``), today's run, the day and a note — and saving, listing, editing, deleting and undoing sessions
in a data folder through :mod:`kneecare_analysis.logbook`. No widgets: the walkthrough
(:class:`kneecare_analysis.widgets.RoutineWalkthrough`) shows one.

>>> import tempfile
>>> session = Session(tempfile.mkdtemp(), today="2026-03-04")
>>> session.record("clams", reps=20)
>>> session.set_pain(2)  # before the routine, by default
>>> session.rows()[1][0]["context"]
'before_routine'
>>> [(row["drill"], row["side"], row["reps"]) for row in session.rows()[0]]
[('clamshell', 'left', 20), ('clamshell', 'right', 20)]
>>> session.save().routine_rows, session.saved
(2, True)
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from .design import BASELINE_DAYS, Phase, decline_design, declined, phase_of, plan_design, read_design
from .logbook import (
    LogWriteError,
    SaveResult,
    delete_session,
    save_session,
    saved_sessions,
    session_rows,
    undo_change,
)
from .paths import holds_logs, is_sample
from .routine import DEFAULT_ROUTINE, Drill, Routine
from .vocab import CONTEXTS, word_key, words

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# when a score is given, and the moment (the pain log's context) it has by default: before and after the routine,
# and this morning's score, asked the day after a run (the run's traffic light needs it)
PAIN_SLOTS = {"before": "before_routine", "after": "after_routine", "morning": "morning"}
SLOT_NOTES = {"before": "before the routine", "after": "after the routine", "morning": "this morning"}
FIRST_DAY = dt.date(1900, 1, 1)  # the earliest day a session may be for; the latest is tomorrow (time zones)
DEFAULT_ATHLETE = "me"
MAX_RUN_MIN = 600
RECENT_DAYS = 14
WEEK_COLUMNS = [
    "week_start",
    "days_in_window",
    "sessions_done",
    "sessions_complete",
    "dose_adherence",
    "band",
    "pain_mean",
    "pain_n",
]
RUN_NOTE = "today's run, from the walkthrough"
TOLERANCE_COLUMNS = [
    "athlete",
    "date",
    "pain_during",
    "pain_after",
    "morning_before",
    "morning_after",
    "light",
    "reason",
]

Rows = tuple[list[dict], list[dict], list[dict]]


class NothingToSave(ValueError):
    """A save with no drill and no pain score entered: nothing was written."""


def new_id() -> str:
    """A new session id: 12 hex digits.

    Examples
    --------
    >>> len(new_id())
    12
    """
    return uuid.uuid4().hex[:12]


class Session:
    """One session of the routine — what was done, the pain scores, today's run — and the rules for saving it
    into ``data_dir`` (one session's rows are replaced, never added twice).

    Parameters
    ----------
    data_dir : str or Path
        The runner's folder (never the sample's: saving there is refused).
    athlete : str
        The runner's name; in a squad's folder it must be given.
    routine : Routine
        The prescription: it names the drills, their sides and whether they are counted in reps or seconds.
    today : date or str, optional
        The day the session is for; by default today, stamped with the time of saving.
    session_id : str, optional
        The session's id; a new one by default (:meth:`edit` opens a saved one).

    Examples
    --------
    >>> import tempfile
    >>> session = Session(tempfile.mkdtemp(), today="2026-03-04")
    >>> session.record("couch stretch", side="L", seconds=90)
    >>> session.skip_pain("before")
    >>> session.rows()[0][0]["side"], session.rows()[0][0]["seconds"], session.rows()[1]
    ('left', '90', [])
    """

    def __init__(
        self,
        data_dir: str | Path,
        *,
        athlete: str = DEFAULT_ATHLETE,
        routine: Routine = DEFAULT_ROUTINE,
        today: str | dt.date | None = None,
        session_id: str | None = None,
    ):
        self.data_dir = Path(data_dir).expanduser()
        self.athlete = str(athlete).strip() or DEFAULT_ATHLETE
        self.routine = routine
        self.id = session_id or new_id()
        self.date = _checked_day(today) if today is not None else dt.date.today()
        self.last_save: SaveResult | None = None
        self._fixed_day = today is not None  # a day chosen is saved as a date; today's session gets the time
        self._note = ""
        self._amounts: dict[tuple[str, str], float] = {}
        self._pain: dict[str, tuple[float, str] | None] = {}  # an answer per slot: a score, or None (skipped)
        self._run: dict[str, int | None] = {"minutes": None, "rpe": None}
        self._saved: Rows | None = None  # the rows as last saved (or opened), until something differs
        self._deleted: str | None = None  # the id of the session open here, when it was deleted

    # ---- what was done ------------------------------------------------------------------------------------
    def record(
        self, drill: str, side: str | None = None, reps: int | None = None, seconds: float | None = None
    ) -> None:
        """Set what was done of ``drill`` (an id or alias): ``side=None`` means every side the drill has.

        Parameters
        ----------
        drill : str
            The drill's id or one of its aliases.
        side : str, optional
            ``left``, ``right``, ``both`` (or ``L``, ``R``, ``B``); by default every side of the drill.
        reps, seconds : number, optional
            The amount, in the drill's unit: whole reps for a rep drill, seconds for a timed one.

        Examples
        --------
        >>> session = Session(".", today="2026-03-04")
        >>> session.record("glute bridge", side="right", reps=18)
        >>> session.amount("glute_bridge", "right"), session.amount("glute_bridge", "left")
        (18.0, 0.0)
        """
        self._check_routine_day()
        d, sides = self.drill_sides(drill, side)
        amount = _amount(d, reps=reps, seconds=seconds)
        for s in sides:
            self._amounts[(d.id, s)] = amount
        self._touched()

    def set_note(self, text: str) -> None:
        """The session's note (saved on each drill row; blank for none)."""
        self._note = str(text or "")
        self._touched()

    def set_pain(self, value: float, context: str | None = None, when: str = "before") -> None:
        """Score knee pain 0–10 (0: no pain) at a moment; ``when`` is ``"before"`` or ``"after"`` the routine, or
        ``"morning"`` (this morning's score, asked the day after a run). ``context`` is the moment, saved as the
        pain log's ``context`` (:data:`kneecare_analysis.vocab.CONTEXTS`); by default the slot's own
        (``before_routine``, ``after_routine``, ``morning``; a plan's baseline context before the routine).

        Examples
        --------
        >>> session = Session(".", today="2026-03-04")
        >>> session.set_pain(3, when="after")
        >>> session.set_pain(4, context="after_run")  # given just after the run, before the routine
        >>> session.pain_answers
        {'after': (3.0, 'after_routine'), 'before': (4.0, 'after_run')}
        """
        context = self.default_context(when) if context is None else context
        self._check_baseline_score(context, when)
        self._pain[_slot(when)] = _pain_answer(value, context)
        self._touched()

    def skip_pain(self, when: str = "before") -> None:
        """Answer "skip" for a pain score: no score is saved for it."""
        self._pain[_slot(when)] = None
        self._touched()

    def set_run(self, minutes: float | None = None, rpe: int | None = None) -> None:
        """Today's run, optional: its minutes and its session RPE (0–10: how hard the whole run felt). Either
        may stay ``None``; both ``None`` saves no run. An export's run of the same day keeps its own distance and
        time, and this RPE fills its missing one.

        Examples
        --------
        >>> session = Session(".", today="2026-03-04")
        >>> session.set_run(39.6, rpe=6)
        >>> session.run
        {'minutes': 40, 'rpe': 6}
        """
        self._run = _run_entry(minutes, rpe)
        self._touched()

    def set_date(self, day: str | dt.date) -> None:
        """The day the session is for (to log a day that was missed): from 1900 to tomorrow; any other day is
        refused with a message, and nothing changes.

        Examples
        --------
        >>> Session(".").set_date("1899-12-31")
        Traceback (most recent call last):
        ...
        ValueError: 1899-12-31 is not a day a session can be for: choose a day from 1900 to tomorrow.
        """
        self.date = _checked_day(day)
        self._fixed_day = self._fixed_day or self.date != dt.date.today()
        self._touched()

    # ---- what is entered ----------------------------------------------------------------------------------
    def drill_sides(self, drill: str, side: str | None = None) -> tuple[Drill, tuple[str, ...]]:
        """The drill ``drill`` names (an id or alias) and the sides meant: ``side=None`` means every side it has.

        Examples
        --------
        >>> Session(".").drill_sides("clams", "R")[1]
        ('right',)
        """
        drill_id = self.routine.resolve(drill)
        if drill_id is None:
            raise ValueError(f"unknown drill {drill!r}; drills: {self.routine.known_names()}")
        d = self.routine.drill(drill_id)
        if side is None:
            return d, d.sides
        value = words("answers")["side"].get(word_key(side))
        if value is None or value not in d.sides:
            raise ValueError(f"{d.id} is logged for {' and '.join(d.sides)}; got side {side!r}")
        return d, (value,)

    def amount(self, drill: str, side: str | None = None) -> float:
        """The reps or seconds entered for ``drill`` (and ``side``; by default its first)."""
        d, sides = self.drill_sides(drill, side)
        return self._amounts.get((d.id, sides[0]), 0.0)

    @property
    def note(self) -> str:
        """The session's note."""
        return self._note

    @property
    def pain_answers(self) -> dict[str, tuple[float, str] | None]:
        """The pain answers in the order given: ``{when: (score, context)}``, ``None`` for a skipped score; a slot
        not answered is absent."""
        return dict(self._pain)

    def answered(self, when: str) -> bool:
        """Whether the pain score ``when`` has an answer (a score or a skip)."""
        return _slot(when) in self._pain

    def pain_score(self, when: str = "before") -> float | None:
        """The pain score given ``when``, or ``None`` when it was not answered or skipped."""
        answer = self._pain.get(_slot(when))
        return None if answer is None else answer[0]

    @property
    def run(self) -> dict[str, int | None]:
        """Today's run as entered: ``{"minutes": …, "rpe": …}``, ``None`` where nothing was given."""
        return dict(self._run)

    @property
    def saved(self) -> bool:
        """Whether the session is in the log as entered now (saved, or opened to edit, and not changed since)."""
        return self._saved is not None

    @property
    def sample(self) -> bool:
        """Whether ``data_dir`` is the shipped sample, which is never written to."""
        return is_sample(self.data_dir)

    def rows(self) -> tuple[list[dict], list[dict]]:
        """The routine-log and pain-log rows this session would save."""
        stamp = self._stamp()
        note = self._note.strip() or None
        routine_rows = [
            {
                "timestamp": stamp,
                "athlete": self.athlete,
                "drill": d.id,
                "side": s,
                "reps": int(amount) if d.kind == "reps" else None,
                "seconds": f"{amount:g}" if d.kind == "timed" else None,
                "note": note,
            }
            for d in self.routine.drills
            for s in d.sides
            if (amount := self._amounts.get((d.id, s), 0)) > 0
        ]
        pain_rows = [
            {
                "timestamp": stamp,
                "athlete": self.athlete,
                "pain": f"{answer[0]:g}",
                "context": answer[1],
                "knee": None,
                "note": SLOT_NOTES[when],
            }
            for when, answer in self._pain.items()
            if answer is not None
        ]
        return routine_rows, pain_rows

    def run_rows(self) -> list[dict]:
        """The ``runs.csv`` row this session would save: none when no run was given."""
        if self._run["minutes"] is None and self._run["rpe"] is None:
            return []
        return [
            {
                "date": self.date.isoformat(),
                "athlete": self.athlete,
                "distance_km": None,
                "duration_min": self._run["minutes"],
                "rpe": self._run["rpe"],
                "note": RUN_NOTE,
            }
        ]

    def all_rows(self) -> Rows:
        """The routine-log, pain-log and run rows this session would save."""
        return (*self.rows(), self.run_rows())

    def dose(self) -> float:
        """The session's dose: the mean over the routine's drills of what was done ÷ the target, each capped at 1
        (per side for a sided drill).

        Examples
        --------
        >>> session = Session(".", today="2026-03-04")
        >>> session.record("self_massage", seconds=300); session.record("hip abduction", side="left", reps=16)
        >>> round(session.dose(), 4)  # (1 + (16/20 + 0) / 2) / 5
        0.28
        """
        from .analysis import daily_adherence
        from .loaders import load_routine_log

        routine_rows, _ = self.rows()
        if not routine_rows:
            return 0.0
        import pandas as pd

        log = load_routine_log(pd.DataFrame(routine_rows), routine=self.routine)
        return float(daily_adherence(log, routine=self.routine)["dose"].iloc[0])

    # ---- the plan: a baseline, then the routine from a day drawn at random ------------------------------------
    @property
    def phase(self) -> Phase:
        """Where this athlete stands in the folder's plan on the session's day
        (:func:`kneecare_analysis.design.phase_of`): ``phase`` is ``"none"`` without a plan, ``"baseline"`` before
        the drawn start (whose day stays hidden: ``start`` is ``None``), ``"routine"`` from it on.

        Examples
        --------
        >>> import tempfile
        >>> session = Session(tempfile.mkdtemp(), today="2026-03-02")
        >>> session.phase.phase
        'none'
        >>> _ = session.accept_plan(seed=1)
        >>> session.phase.phase, session.phase.day, session.phase.start
        ('baseline', 1, None)
        """
        return phase_of(read_design(self.data_dir), self.athlete, today=self.date)

    @property
    def in_baseline(self) -> bool:
        """Whether the session's day is a baseline day: only the daily score in the plan's context is asked."""
        return self.phase.phase == "baseline"

    @property
    def offer_plan(self) -> bool:
        """Whether to offer the plan: the athlete has none, never declined it, and starts in this folder (it holds
        no logs yet, or none of this athlete's sessions). Never in the sample."""
        if self.sample or self.athlete in declined(self.data_dir):
            return False
        if self.athlete in set(read_design(self.data_dir)["athlete"]):
            return False
        if not holds_logs(self.data_dir):
            return True
        return self.athlete != DEFAULT_ATHLETE and self.athlete not in set(saved_sessions(self.data_dir)["athlete"])

    def accept_plan(self, *, seed: int | None = None, baseline_days: tuple[int, int] = BASELINE_DAYS, now=None):
        """Plan a baseline from the session's day and draw the routine's start at random, stored in the folder's
        ``design.toml`` (:func:`kneecare_analysis.design.plan_design`); anything entered of the routine is cleared,
        since the baseline has none.

        Parameters
        ----------
        seed : int, optional
            The seed of the draw; by default a fresh one (recorded either way).
        baseline_days : (int, int)
            The admissible window, in days after the session's day.
        now : datetime or str, optional
            The time of the draw (recorded); by default now.

        Returns
        -------
        DataFrame
            The plan stored (one row: ``athlete, start, randomised, admissible_from, admissible_to, seed,
            drawn_at, baseline_context, planned_on``).
        """
        plan = plan_design(
            self.data_dir, self.athlete, today=self.date, baseline_days=baseline_days, seed=seed, now=now
        )
        self._amounts.clear()
        self._pain.pop("after", None)
        self._touched()
        return plan

    def decline_plan(self) -> None:
        """No plan, thank you: kept in the folder, so the walkthrough does not offer it again (:meth:`accept_plan`
        still plans one when asked)."""
        decline_design(self.data_dir, self.athlete)

    def default_context(self, when: str = "before") -> str:
        """The context a pain score ``when`` gets by default: the plan's (the morning) for the first score of the
        day when there is a plan, else the slot's own (``before_routine``, ``after_routine``, ``morning``).

        Examples
        --------
        >>> Session(".").default_context("before"), Session(".").default_context("after")
        ('before_routine', 'after_routine')
        """
        phase = self.phase
        if when == "before" and phase.phase != "none":
            return phase.context
        return PAIN_SLOTS[_slot(when)]

    def _check_routine_day(self) -> None:
        if self.in_baseline:
            raise ValueError(
                "This is a baseline day: there is no routine yet, only your knee-pain score this morning. "
                "The kit tells you the day your routine starts."
            )

    def _check_baseline_score(self, context: str, when: str) -> None:
        phase = self.phase
        if phase.phase != "baseline":
            return
        if when != "before" or context != phase.context:
            raise ValueError(
                f"This is a baseline day: one knee-pain score a day, in the {phase.context.replace('_', ' ')} "
                f"(set_pain(value, context={phase.context!r}))."
            )

    # ---- the data folder ----------------------------------------------------------------------------------
    def save(self) -> SaveResult:
        """Write the session into ``data_dir``, replacing any earlier save of it.

        Returns
        -------
        SaveResult
            The files written, this session's rows in each, and whether anything changed.

        Raises
        ------
        NothingToSave
            When no drill and no pain score was entered.
        LogWriteError
            When the folder cannot take it (the sample, a squad's folder under the default name, a log in
            another layout); nothing was written.
        """
        routine_rows, pain_rows, run_rows = rows = self.all_rows()
        if not routine_rows and not pain_rows:
            raise NothingToSave("nothing recorded yet")
        _checked_day(self.date)
        self._check_folder()
        if routine_rows:
            self._check_routine_day()
        result = save_session(self.data_dir, self.id, routine_rows, pain_rows, run_rows)
        self.last_save, self._saved = result, rows
        return result

    def sessions(self) -> pd.DataFrame:
        """This athlete's sessions of the last 14 days saved in ``data_dir``: ``session, date, drill_rows,
        pain_rows, run_rows``, newest first (a session holding only a run too)."""
        saved = saved_sessions(self.data_dir)
        since = (dt.date.today() - dt.timedelta(days=RECENT_DAYS)).isoformat()
        mine = saved[(saved["athlete"].isin([self.athlete, ""])) & (saved["date"] >= since)]
        return mine.drop(columns="athlete").reset_index(drop=True)

    def edit(self, session_id: str) -> None:
        """Open a saved session to correct it: everything entered is replaced by its rows, and saving then
        replaces it in the logs. A pain score it has no row for counts as skipped (a session holding only a run
        opens too)."""
        routine_rows, pain_rows, run_rows = session_rows(self.data_dir, session_id)
        if not routine_rows and not pain_rows and not run_rows:
            raise ValueError(f"no saved session {session_id!r} in {self.data_dir}")
        amounts = {}
        for row in routine_rows:
            d, (side,) = self.drill_sides(row["drill"], row["side"])
            amounts[(d.id, side)] = float(row["reps" if d.kind == "reps" else "seconds"] or 0)
        pain: dict[str, tuple[float, str] | None] = dict.fromkeys(("before", "after"))  # the morning's: if given
        for row in pain_rows:
            pain[_slot_of(row)] = _pain_answer(float(row["pain"]), row["context"] or "unspecified")
        run = run_rows[0] if run_rows else {}
        run_entry = _run_entry(
            float(run["durationmin"]) if run.get("durationmin") else None,  # keys as the logbook reads them
            int(float(run["rpe"])) if run.get("rpe") else None,
        )
        day = _day((routine_rows or pain_rows)[0]["timestamp"][:10] if routine_rows or pain_rows else run["date"][:10])
        self.id, self.date, self._fixed_day = session_id, day, True
        self._amounts, self._pain, self._run = amounts, pain, run_entry
        self._note = routine_rows[0]["note"] if routine_rows else ""
        self._saved, self.last_save = self.all_rows(), None

    def delete(self, session_id: str) -> SaveResult:
        """Take a saved session out of the logs (recorded in the folder's history, so :meth:`undo` puts it
        back); when it is the one open here, what is entered stays, as a new session.

        Returns
        -------
        SaveResult
            What the delete did; its ``change`` is the id :meth:`undo` takes.
        """
        result = delete_session(self.data_dir, session_id)
        if session_id == self.id:
            self.id, self._saved, self.last_save = new_id(), None, None
            self._deleted = session_id  # an undo of the delete makes it the one open here again
        return result

    def undo(self, change: str | None = None) -> SaveResult | None:
        """Undo a change of the folder's history (:func:`kneecare_analysis.logbook.undo_change`): the session it
        changed is put back as it was before it (a deleted session comes back, an edit is reversed, a new save is
        taken out). By default the last change not yet undone; ``None`` when there is none. What is entered here
        is left as it is, but is no longer marked saved when its session was the one changed.

        Examples
        --------
        >>> import tempfile
        >>> session = Session(tempfile.mkdtemp(), today="2026-03-04")
        >>> session.set_pain(2); _ = session.save()
        >>> gone = session.delete(session.id)
        >>> session.undo().pain_rows  # the deleted session is back
        1
        """
        result = undo_change(self.data_dir, change)
        if result is not None and result.session in (self.id, self._deleted):
            self.id, self._saved, self._deleted = result.session, None, None  # saving again replaces it, once
        return result

    def week_so_far(self, weeks: int = 2) -> pd.DataFrame:
        """This athlete's last ``weeks`` weekly-summary rows from what is saved in ``data_dir`` (empty before
        the first save): ``week_start, days_in_window, sessions_done, sessions_complete, dose_adherence, band,
        pain_mean, pain_n`` (``pain_mean`` pools every moment: :meth:`pain_by_moment` keeps them apart). A file
        of the folder that does not load is left out (``attrs["problems"]`` lists it), so another app's file
        never stops the walkthrough."""
        import pandas as pd

        ds = self._folder() if (self.data_dir / "routine_log.csv").exists() else None
        if ds is None or self.athlete not in ds.athletes:
            out = pd.DataFrame(columns=WEEK_COLUMNS)
        else:
            summary = ds.for_athlete(self.athlete).weekly_summary()
            out = summary[WEEK_COLUMNS].tail(weeks).reset_index(drop=True)
        out.attrs["problems"] = _problems(ds)
        return out

    def pain_by_moment(self) -> pd.DataFrame:
        """This athlete's knee pain in the last week of :meth:`week_so_far`, one row per moment it was scored at
        (never averaged across moments: a score after a run and one at rest say different things).

        Returns
        -------
        DataFrame
            ``week_start, context, pain_mean, pain_max, pain_n``, the moments in the order of
            :data:`kneecare_analysis.vocab.CONTEXTS`; empty when the week has no score.

        Examples
        --------
        >>> import tempfile
        >>> session = Session(tempfile.mkdtemp(), today="2026-03-04")
        >>> session.record("clams", reps=20); session.set_pain(3); session.set_pain(1, when="after")
        >>> _ = session.save()
        >>> session.pain_by_moment()[["context", "pain_mean", "pain_n"]].values.tolist()
        [['before_routine', 3.0, 1], ['after_routine', 1.0, 1]]
        """
        import pandas as pd

        columns = ["week_start", "context", "pain_mean", "pain_max", "pain_n"]
        ds = self._folder() if (self.data_dir / "routine_log.csv").exists() else None
        if ds is None or self.athlete not in ds.athletes or ds.pain is None:
            return pd.DataFrame(columns=columns)
        mine = ds.for_athlete(self.athlete)
        moments = [c for c in CONTEXTS if c in set(mine.pain["context"].astype(str))]
        parts = [mine.weekly_summary(pain_context=c).tail(1).assign(context=c) for c in moments]
        out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
        return out.loc[out["pain_n"] > 0, columns].reset_index(drop=True)

    # ---- the morning after a run, and a day already logged ------------------------------------------------
    @property
    def morning_due(self) -> bool:
        """Whether to ask this morning's score: the session's day follows a day this athlete ran (a run saved
        here or in an export of the folder), this morning has no score yet, and it is not a baseline day (whose
        one score is the morning's already). The run's traffic light
        (:func:`kneecare_analysis.run_tolerance`) needs it to tell whether the knee settled."""
        if self.in_baseline or self.sample:
            return False
        ds = self._folder()
        if ds is None or ds.runs is None or self.athlete not in ds.athletes:
            return False
        yesterday = _pd_day(self.date - dt.timedelta(days=1))
        runs = ds.runs[ds.runs["athlete"].astype(str) == self.athlete]
        if not (runs["date"].dt.normalize() == yesterday).any():
            return False
        if ds.pain is None or "morning" in self._pain:  # asked, or answered in this session: keep it on screen
            return True
        pain = ds.pain[(ds.pain["athlete"].astype(str) == self.athlete) & (ds.pain["date"] == _pd_day(self.date))]
        return not (pain["context"].astype(str) == "morning").any()

    def run_light(self, day: str | dt.date | None = None) -> pd.DataFrame:
        """The traffic light of this athlete's run on ``day`` (by default the day before the session's), from
        what is saved in the folder (:meth:`kneecare_analysis.Dataset.run_tolerance`).

        Returns
        -------
        DataFrame
            The run's row of :func:`kneecare_analysis.run_tolerance`: ``athlete, date, pain_during, pain_after,
            morning_before, morning_after, light, reason``; empty when there was no run that day.
        """
        import pandas as pd

        day = _pd_day(self.date - dt.timedelta(days=1) if day is None else _day(day))
        ds = self._folder()
        if ds is None or ds.runs is None or self.athlete not in ds.athletes:
            return pd.DataFrame(columns=TOLERANCE_COLUMNS)
        lights = ds.for_athlete(self.athlete).run_tolerance()
        return lights[lights["date"] == day].reset_index(drop=True)

    def logged_on_day(self) -> pd.DataFrame:
        """This athlete's sessions saved for the session's day, other than this one: ``session, date,
        drill_rows, pain_rows, run_rows`` (empty when the day is not logged yet). The walkthrough says so, and
        offers to edit one, when it opens on a day already logged."""
        saved = self.sessions()
        return saved[(saved["date"] == self.date.isoformat()) & (saved["session"] != self.id)].reset_index(drop=True)

    # ---- rules kept inside ----------------------------------------------------------------------------------
    def _folder(self):
        """The folder loaded as a :class:`~kneecare_analysis.Dataset` (report mode: a file that does not load is
        listed in its ``problems``); ``None`` before anything is saved."""
        from .dataset import load_dataset

        if not holds_logs(self.data_dir):
            return None
        return load_dataset(self.data_dir, routine=self.routine, errors="report")

    def _check_folder(self) -> None:
        """A squad's folder takes sessions only under an athlete's own name, never the default one."""
        if self.athlete != DEFAULT_ATHLETE or not self.data_dir.is_dir():
            return
        others = {s for s in saved_sessions(self.data_dir)["athlete"] if s not in ("", DEFAULT_ATHLETE)}
        subfolders = [p.name for p in self.data_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))]
        if others or subfolders:
            names = ", ".join(sorted(others | set(subfolders))[:5])
            raise LogWriteError(
                f"This folder holds other athletes' logs ({names}): put your name in the cell above "
                '(ATHLETE = "…") so your sessions are not mixed with theirs. Nothing was saved.'
            )

    def _stamp(self) -> str:
        if not self._fixed_day and self.date == dt.date.today():
            return dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return self.date.isoformat()

    def _touched(self) -> None:
        """After any change: a saved session whose rows now differ is unsaved again."""
        if self._saved is not None and self.all_rows() != self._saved:
            self._saved = None


def _day(day: str | dt.date) -> dt.date:
    import pandas as pd

    return pd.Timestamp(day).date()


def _pd_day(day: dt.date):
    """``day`` as the midnight timestamp the loaders' ``date`` columns hold."""
    import pandas as pd

    return pd.Timestamp(day)


def _checked_day(day: str | dt.date) -> dt.date:
    """``day`` as a date, refused unless it lies from :data:`FIRST_DAY` to tomorrow."""
    import pandas as pd

    try:
        value = _day(day)
    except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
        value = None
    latest = dt.date.today() + dt.timedelta(days=1)
    if value is None or not FIRST_DAY <= value <= latest:
        raise ValueError(f"{day} is not a day a session can be for: choose a day from 1900 to tomorrow.")
    return value


def _slot_of(row: dict) -> str:
    """Which of the walkthrough's scores a saved pain row is, by its note (as :meth:`Session.rows` writes it)."""
    note = (row.get("note") or "").strip()
    if note == SLOT_NOTES["morning"]:
        return "morning"
    return "after" if note.startswith("after") else "before"


def _problems(ds) -> pd.DataFrame:
    import pandas as pd

    from .loaders.checks import REJECTED_COLUMNS

    return ds.problems if ds is not None else pd.DataFrame(columns=REJECTED_COLUMNS)


def _slot(when: str) -> str:
    if when not in PAIN_SLOTS:
        raise ValueError(f"when must be one of {', '.join(PAIN_SLOTS)}")
    return when


def _amount(d: Drill, *, reps: float | None, seconds: float | None) -> float:
    """The amount given for ``d`` in its unit, checked: whole reps, seconds, never negative or implausible."""
    amount, other = (reps, seconds) if d.kind == "reps" else (seconds, reps)
    unit = "reps" if d.kind == "reps" else "seconds"
    if amount is None:
        raise ValueError(f"{d.id} is counted in {unit}: pass {unit}=" + (" (not seconds)" if other else ""))
    amount = float(amount)
    if not math.isfinite(amount):
        raise ValueError(f"{unit} must be a number")
    if amount < 0:
        raise ValueError(f"{unit} cannot be negative")
    if d.kind == "reps" and int(amount) != amount:
        raise ValueError("reps are whole numbers")
    from .loaders.frames.routine import MAX_REPS, MAX_SECONDS  # what one row of a routine log may hold

    if amount > (MAX_REPS if d.kind == "reps" else MAX_SECONDS):
        limit = f"{MAX_REPS} reps" if d.kind == "reps" else f"{MAX_SECONDS // 3600} hours"
        raise ValueError(f"at most {limit} of {d.id} in one row of the log")
    return amount


def _pain_answer(value: float, context: str) -> tuple[float, str]:
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(CONTEXTS)}")
    if not 0 <= float(value) <= 10:
        raise ValueError("pain is scored from 0 to 10")
    return float(value), context


def _run_entry(minutes: float | None, rpe: int | None) -> dict[str, int | None]:
    if minutes is not None and not 0 < float(minutes) <= MAX_RUN_MIN:
        raise ValueError(f"a run's minutes are between 1 and {MAX_RUN_MIN}")
    if rpe is not None and (int(rpe) != rpe or not 0 <= rpe <= 10):
        raise ValueError("RPE is a whole number from 0 (rest) to 10 (maximal)")
    return {"minutes": None if minutes is None else round(float(minutes)), "rpe": rpe}
