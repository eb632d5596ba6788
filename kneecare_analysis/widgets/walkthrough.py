"""The guided routine: the day, today's run (minutes and effort, optional), the day after a run this morning's
score, one drill at a time with rep counters and countdowns, pain before and after (each with its moment), Save
session — and the last two weeks' sessions, to correct or delete, with Undo for any change. What is entered,
and every rule about it, is a :class:`~kneecare_analysis.session.Session`; this module holds the pages, the
navigation, the texts and the countdown's tone.

The countdown is an ``ipywidgets.Play`` that ticks in the browser, so the kernel runs no timer thread; when it
ends, a short tone made here (no file, no network) plays. Every action is also a method, for code and tests:

>>> import tempfile
>>> from kneecare_analysis.widgets import RoutineWalkthrough
>>> w = RoutineWalkthrough(tempfile.mkdtemp(), today="2026-03-04")
>>> w.record("clamshell", reps=20); w.set_pain(0)
>>> [path.name for path in w.save()]
['routine_log.csv', 'pain_log.csv']
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import html
import io
import wave
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import numpy as np
import pandas as pd

from ..design import DesignWriteError, explain
from ..logbook import LogWriteError, SaveResult
from ..palette import STATUS
from ..render import pct, text_of
from ..routine import DEFAULT_ROUTINE, Drill, Routine
from ..session import DEFAULT_ATHLETE, MAX_RUN_MIN, PAIN_SLOTS, RECENT_DAYS, NothingToSave, Session
from ..vocab import words

PAIN_TITLES = {
    "before": "Knee pain now, before the routine",
    "after": "Knee pain after the routine",
    "morning": "You ran yesterday: how is your knee this morning?",
}
MOMENTS = words("moments")
CONTEXT_OPTIONS = {when: [(MOMENTS["label"][c], c) for c in MOMENTS["choices"][when]] for when in PAIN_SLOTS}
PAIN_OPTIONS = [(str(v), v) for v in range(11)]
RPE_WORDS = {
    0: "rest",
    1: "very easy",
    2: "easy",
    3: "moderate",
    4: "somewhat hard",
    5: "hard",
    7: "very hard",
    10: "maximal",
}  # the CR-10 scale of session RPE (Foster 2001)
NO_RPE = -1  # the dropdown's "not given" (a dropdown whose value is None shows nothing at all)
RPE_OPTIONS = [("— not given", NO_RPE)] + [(f"{v} {RPE_WORDS.get(v, '')}".strip(), v) for v in range(11)]
BANDS = {"green": "green, 80\u00a0% or more", "yellow": "yellow, 50 to 79\u00a0%", "red": "red, under 50\u00a0%"}
NOT_RUN = "Run this cell to start the walkthrough."
NBSP, NB_HYPHEN = "\u00a0", "\u2011"
ASK_SCORE = "Choose your pain score (0 if there is none), or press Skip."
SLOT_WORDS = {"before": "before the routine", "after": "after the routine", "morning": "this morning"}
LIGHT_WORDS = {"green": "green", "yellow": "yellow", "red": "red", "unknown": "not known yet"}
BASE_CSS = """<style>
.kc-walkthrough .kc-pain .widget-toggle-button.mod-active {
  background: #1f4e8c !important; color: #fff !important; font-weight: 700; box-shadow: inset 0 0 0 3px #0b2a52;
}
.kc-walkthrough .kc-pain .widget-toggle-buttons > div { display: flex; flex-wrap: wrap; gap: 4px; }
.kc-walkthrough .kc-pain .widget-toggle-button { min-width: 44px; }
.kc-walkthrough .kc-short td { color: #a4262c; font-weight: 600; }
.kc-walkthrough .kc-table td { padding: 2px 10px 2px 0; }
.kc-walkthrough .kc-undo { align-self: flex-start; margin: 4px 0; min-width: 140px; }
.kc-walkthrough .kc-nav { margin-top: 12px; gap: 8px; }
.kc-walkthrough .kc-reps .jupyter-button { margin-left: 4px; }
</style>"""  # a chosen score that stands out (not a slightly darker grey); drills short of their minimum marked
PHONE_CSS = """<style>
.kc-phone { --jp-widgets-inline-height: 46px; --jp-widgets-font-size: 18px; font-size: 17px; }
.kc-phone { max-width: 100%; box-sizing: border-box; overflow-x: clip !important; overflow-y: visible !important; }
.jp-OutputArea:has(.kc-phone), .jp-OutputArea-child:has(.kc-phone), .jp-OutputArea-output:has(.kc-phone),
.kc-phone .widget-box { overflow: visible !important; }
.kc-phone .widget-hbox { flex-wrap: wrap; gap: 8px; max-width: 100%; overflow: visible; }
.kc-phone .widget-container { overflow: visible; }
.kc-phone .widget-box, .kc-phone .widget-html, .kc-phone .widget-label { max-width: 100% !important; }
.kc-phone .widget-html-content, .kc-phone .widget-label { white-space: normal; line-height: 1.4; }
.kc-phone .widget-html-content p, .kc-phone .widget-html-content h4 { margin: 4px 0; }
.kc-phone .jupyter-button { height: 52px; min-width: 52px; }
.kc-phone .kc-back, .kc-phone .kc-next, .kc-phone .kc-save { width: 43vw !important; max-width: 220px; }
.kc-phone .kc-nav { position: sticky; bottom: 0; z-index: 5; background: #fff; padding: 8px 0;
  margin-top: 12px; border-top: 1px solid #ddd; justify-content: space-between; }
.kc-phone .kc-pain .widget-toggle-buttons { width: 100% !important; }
.kc-phone .kc-pain .widget-toggle-buttons > div {
  display: grid !important; grid-template-columns: repeat(6, 1fr); gap: 6px; width: 100%;
}
.kc-phone .kc-pain .widget-toggle-buttons .widget-toggle-button {
  width: auto !important; min-width: 48px; height: 52px; margin: 0; padding: 0;
}
.kc-phone .kc-reps .jupyter-button { width: 56px !important; }
.kc-phone .kc-reps .kc-target { width: 96px !important; }
.kc-phone .kc-reps { margin-bottom: 10px; }
.kc-phone .widget-inline-hbox .widget-label { width: auto; min-width: 0; }
.kc-phone .widget-text, .kc-phone .widget-dropdown, .kc-phone .widget-textarea { width: 100% !important; }
.kc-phone textarea { width: 100% !important; height: 80px; }
.kc-phone .widget-play .jupyter-button { width: 64px !important; }
.kc-phone .kc-sessions .jupyter-button { width: auto !important; padding: 0 18px; }
.kc-phone .kc-clock { font-size: 64px !important; font-weight: 700; font-variant-numeric: tabular-nums; }
.kc-phone .widget-progress { width: 100% !important; }
</style>"""  # one drill a screen with big buttons and a clock readable at arm's length, no sideways scroll


def _mmss(seconds: float) -> str:
    seconds = max(int(round(seconds)), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _tone(seconds: float = 0.35, hz: float = 880.0, rate: int = 16000) -> bytes:
    """A short sine tone with soft edges, as WAV bytes."""
    t = np.arange(int(seconds * rate)) / rate
    envelope = np.minimum(1.0, np.minimum(t, seconds - t) / 0.03)
    samples = (0.4 * envelope * np.sin(2 * np.pi * hz * t) * 32767).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(samples.tobytes())
    return out.getvalue()


def _problem_lines(problems: pd.DataFrame, *, shown: int = 5) -> str:
    """The folder's loading problems as a short list in words: the file's name, the line, what is wrong (the
    first sentence of the reason; the rest folded away)."""
    if problems is None or problems.empty:
        return ""
    items = []
    for r in problems.head(shown).itertuples():
        line = f" line {int(r.line)}" if pd.notna(r.line) and str(r.line) not in ("", "None") else ""
        reason = str(r.reason)
        short = reason.split(". What each format needs")[0].split(": expected")[0]
        more = "" if short == reason else f"<details><summary>more</summary>{html.escape(reason)}</details>"
        items.append(f"<li><b>{html.escape(Path(str(r.file)).name)}</b>{line}: {html.escape(short)}{more}</li>")
    rest = len(problems) - shown
    tail = f"<li>… and {_plural(rest, 'more problem', 'more problems')}</li>" if rest > 0 else ""
    return (
        "<div class='kc-problems'><p><b>Some files in your folder did not load</b> (your session is saved; these "
        f"are left out of the week):</p><ul>{''.join(items)}{tail}</ul></div>"
    )


def _write_error(exc: OSError) -> str:
    """A failed write in words: what happened, and that nothing was saved."""
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    if isinstance(exc, TimeoutError):
        return "Another save into this folder is still running: nothing was saved. Press Save again in a moment."
    if exc.errno == errno.ENOSPC:
        return f"The disk is full{where}: nothing was saved. Free some space, then press Save again."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"This folder cannot be written to{where}: permission denied, so nothing was saved."
    if exc.errno == errno.EROFS:
        return f"This folder is on a read-only disk{where}: nothing was saved."
    return f"Nothing was saved: {exc.strerror or exc}{where}."


def _clock(text: str) -> str:
    return f"<span class='kc-clock' style='font-size:1.4em'>{text}</span>"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class RoutineWalkthrough:
    """Walks a runner through the routine, a step a screen, and saves the session into ``data_dir``.

    Parameters
    ----------
    data_dir : str or Path
        The runner's folder (never the sample's: saving there is refused).
    athlete : str
        The runner's name; in a squad's folder it must be given.
    routine : Routine
        The prescription walked through.
    today : date or str, optional
        The day the session is for; by default today (stamped with the time of saving). The date picker changes
        it, to log a missed day.
    session : str, optional
        The session's id; a new one by default (:meth:`edit` opens a saved one).
    phone : bool
        Lay it out for a phone (``kneecare walkthrough``): big buttons, a big clock, rows that wrap instead of
        scrolling sideways.

    Attributes
    ----------
    model : Session
        What is entered and its rules; the widget shows it and passes every action on to it.

    Examples
    --------
    >>> import tempfile
    >>> w = RoutineWalkthrough(tempfile.mkdtemp(), today="2026-03-04")
    >>> w.set_pain(2)
    >>> w.record("clamshell", reps=20)
    >>> w.next(); w.heading
    'Drill 1 of 5: Self-massage'
    >>> _ = w.save()
    >>> w.status.split(". ")[0]
    'Saved: 2 drill entries and 1 pain score for Wednesday 04 March'
    """

    def __init__(
        self,
        data_dir: str | Path,
        *,
        athlete: str = DEFAULT_ATHLETE,
        routine: Routine = DEFAULT_ROUTINE,
        today: str | dt.date | None = None,
        session: str | None = None,
        phone: bool = False,
    ):
        self.model = Session(data_dir, athlete=athlete, routine=routine, today=today, session_id=session)
        self.phone = phone
        self._inputs: dict[tuple[str, str], w.BoundedIntText] = {}
        self._timers: dict[tuple[str, str], w.Play] = {}
        self._quiet = False  # while the widgets are filled from the model
        self._build()

    # ---- the session (the model holds it) -----------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        """The runner's folder."""
        return self.model.data_dir

    @property
    def athlete(self) -> str:
        """The runner's name."""
        return self.model.athlete

    @property
    def routine(self) -> Routine:
        """The prescription walked through."""
        return self.model.routine

    @property
    def date(self) -> dt.date:
        """The day the session is for."""
        return self.model.date

    @property
    def session(self) -> str:
        """The session's id (a saved one's after :meth:`edit`)."""
        return self.model.id

    @property
    def last_save(self) -> SaveResult | None:
        """What the last save did (``None`` before one, and after :meth:`edit`)."""
        return self.model.last_save

    # ---- actions (the buttons call these too) -------------------------------------------------------------
    def record(
        self, drill: str, side: str | None = None, reps: int | None = None, seconds: float | None = None
    ) -> None:
        """Set what was done of ``drill`` (an id or alias): ``side=None`` means every side the drill has."""
        with self._change():
            self.model.record(drill, side, reps, seconds)
            self._show_amounts()

    def set_pain(self, value: float, context: str | None = None, when: str = "before") -> None:
        """Score knee pain 0–10 (0: no pain) at a moment (the pain log's ``context``; by default the slot's own);
        ``when`` is ``"before"`` or ``"after"`` the routine, or ``"morning"`` (this morning's score)."""
        with self._change():
            self.model.set_pain(value, context=context, when=when)
            self._show_pain(when)

    def skip_pain(self, when: str = "before") -> None:
        """Answer "skip" for a pain score: no score is saved for it."""
        with self._change():
            self.model.skip_pain(when)
            self._show_pain(when)

    def set_run(self, minutes: float | None = None, rpe: int | None = None) -> None:
        """Today's run, optional: its minutes and its session RPE (0–10: how hard the whole run felt). Either
        may stay ``None``; both ``None`` saves no run. An export's run of the same day keeps its own distance and
        time, and this RPE fills its missing one."""
        with self._change():
            self.model.set_run(minutes, rpe)
            self._show_run()

    def run_rows(self) -> list[dict]:
        """The ``runs.csv`` row this session would save: none when no run was given."""
        return self.model.run_rows()

    def set_date(self, day: str | dt.date) -> None:
        """The day the session is for (to log a day that was missed): from 1900 to tomorrow; another day is
        refused with a message on screen (and a ``ValueError``), and the day stays as it was."""
        try:
            with self._change():
                self.model.set_date(day)
                self._date.value = self.model.date
        except ValueError as exc:
            with self._quietly():
                self._date.value = self.model.date
            self._say(str(exc), "danger")
            raise
        self._show_plan()

    def accept_plan(self, *, seed: int | None = None, now: str | dt.datetime | None = None) -> pd.DataFrame:
        """What "Plan my baseline" does: the baseline starts on the session's day and the routine's start is drawn
        at random and stored (:meth:`Session.accept_plan`); the walkthrough then asks only the morning score."""
        try:
            plan = self.model.accept_plan(seed=seed, now=now)
        except DesignWriteError as exc:
            self._say(str(exc), "danger")
            raise
        with self._quietly():
            self._show_amounts()
            self._show_pain("after")
        self._show_plan()
        self._say(self._plan_words["accepted"], "success")
        return plan

    def decline_plan(self) -> None:
        """What "No thanks" does: no plan, and the walkthrough does not offer it again."""
        self.model.decline_plan()
        self._show_plan()
        self._say(self._plan_words["declined"], "info")

    def rows(self) -> tuple[list[dict], list[dict]]:
        """The routine-log and pain-log rows this session would save."""
        return self.model.rows()

    def save(self) -> tuple[Path, Path]:
        """Write the session (replacing any earlier save of it) and return the routine and pain log paths.

        The status line always answers: what was saved (then, below it, the week so far in the app, the run's
        traffic light once this morning's score is in, and the folder's files that did not load, in words), or
        why nothing was (a day out of range, the sample folder, a full disk, no permission)."""
        try:
            result = self.model.save()
        except NothingToSave:
            self._say("Nothing recorded yet: enter what you did, then save.", "warning")
            raise
        except LogWriteError as exc:
            self._say(str(exc), "danger")
            raise
        except ValueError as exc:  # a day out of range, text that cannot be written
            self._say(f"{exc} Nothing was saved.", "danger")
            raise
        except OSError as exc:  # a full disk, a folder without permission, another save holding the lock
            self._say(_write_error(exc), "danger")
            raise
        day = self.date.strftime("%A %d %B")
        if result.changed:
            n, m = result.routine_rows, result.pain_rows
            parts = [_plural(n, "drill entry", "drill entries")] if n else []
            parts += [_plural(m, "pain score", "pain scores")] if m or not n else []
            parts += [("today's run" if self.date == dt.date.today() else "the day's run")] if result.run_rows else []
            files = [result.routine_log, result.pain_log]
            files += [result.pain_log.parent / "runs.csv"] if result.run_rows else []
            where = ", ".join(map(str, files[:-1])) + f" and {files[-1]}"
            follow = "" if self.phone else " Run the cell below for your week so far, or open 02 · My progress."
            said = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
            self._say(
                f"Saved: {said} for {day}.{follow}",
                "success",
                details=f"Saved into {where}.",
                more=self._after_save_html(),
                undo=result.change,
            )
        else:
            self._say(f"Already saved: the session for {day} is in your log as it is.", "info")
        self._list_sessions()
        return result.routine_log, result.pain_log

    def sessions(self) -> pd.DataFrame:
        """This athlete's sessions of the last 14 days saved in ``data_dir``: ``session, date, drill_rows,
        pain_rows, run_rows``, newest first."""
        return self.model.sessions()

    def edit(self, session: str) -> None:
        """Fill the walkthrough with a saved session, to correct it: saving then replaces it."""
        self.model.edit(session)
        with self._quietly():
            self._date.value = self.model.date
            self._show_amounts()
            self._note.value = self.model.note
            for when in PAIN_SLOTS:
                self._show_pain(when)
            self._show_run()
        self._show_day()
        self.go(0)
        self._say(f"Editing the session of {self.date.strftime('%A %d %B')}: change it, then save it again.", "info")

    def delete(self, session: str) -> None:
        """Take a saved session out of the logs; the status line offers Undo (:meth:`undo`) until the next
        change, and the folder's history keeps it for later."""
        listed = self.sessions()
        day = listed.loc[listed["session"] == session, "date"]
        when = pd.Timestamp(day.iloc[0]).strftime("%A %d %B") if len(day) else "that day"
        was_open = session == self.model.id
        try:
            result = self.model.delete(session)
        except OSError as exc:
            self._say(_write_error(exc), "danger")
            raise
        kept = " What you entered is still here: Save keeps it as a new session." if was_open else ""
        self._say(f"Deleted the session of {when}.{kept}", "info", undo=result.change)
        self._list_sessions()
        self._show_day()

    def undo(self, change: str | None = None) -> None:
        """What Undo does: the last change (or ``change``) is undone from the folder's history — a deleted
        session comes back, an edit is reversed, a new save is taken out."""
        try:
            result = self.model.undo(change)
        except OSError as exc:
            self._say(_write_error(exc), "danger")
            raise
        if result is None:
            self._say("Nothing to undo.", "info")
        else:
            self._say("Undone: the session is back as it was before that change.", "success")
        self._list_sessions()
        self._show_day()

    def week_so_far(self, weeks: int = 2) -> pd.DataFrame:
        """This athlete's last ``weeks`` weekly-summary rows from what is saved in ``data_dir`` (empty before
        the first save)."""
        return self.model.week_so_far(weeks)

    def this_week(self):
        """The week so far in plain words (for the notebook), from what is saved."""
        from IPython.display import HTML

        return HTML(self._week_html())

    def go(self, step: int) -> None:
        """Show step ``step`` (0: pain before, 1…n: the drills, then pain after, then the summary). Leaving a
        pain step needs an answer: a score or Skip."""
        n = len(self.routine.drills)
        here = getattr(self, "_step", 0)
        slot = {0: "before", n + 1: "after"}.get(here)
        if step > here and slot is not None and not self.model.answered(slot):
            self._say(ASK_SCORE, "warning")
            return
        if self.status == ASK_SCORE:  # answered now: the reminder goes
            self._say("", "info")
        step = max(0, min(step, len(self._pages) - 1))
        if self.model.in_baseline and 0 < step <= n + 1:  # a baseline day: the morning score, then the summary
            step = len(self._pages) - 1 if step > here else 0
        self._step = step
        self._body.children = (self._pages[self._step],)
        self._progress.value = max(0, min(self._step - 1, n))  # the drills done before this one: full at the end
        if self._step == 0:
            self._where.value = "<b>This morning's score</b>" if self.model.in_baseline else "<b>Before you start</b>"
        elif self._step <= n:
            drill = self.routine.drills[self._step - 1]
            self._where.value = f"<b>Drill {self._step} of {n}:</b> {html.escape(drill.name)}"
        elif self._step == n + 1:
            self._where.value = "<b>After the routine</b>"
        else:
            self._where.value = "<b>Summary</b>"
            self._refresh_summary()
        self._back.disabled = self._step == 0
        self._next.disabled = self._step == len(self._pages) - 1

    @property
    def plan_text(self) -> str:
        """The plan's line as shown: the offer, the baseline day, or the routine's day (empty without a plan)."""
        return text_of(self._plan.value)

    @property
    def offering_plan(self) -> bool:
        """Whether the offer of a plan (with its two buttons) is on screen."""
        return bool(self._plan_buttons.children)

    def next(self) -> None:
        """What the Next button does."""
        self.go(self._step + 1)

    def back(self) -> None:
        """What the Back button does."""
        self.go(self._step - 1)

    def tick(self, drill: str, side: str | None = None, seconds: int = 1) -> None:
        """The countdown of a timed drill has run ``seconds`` (what the browser's timer reports as it counts)."""
        d, sides = self.model.drill_sides(drill, side)
        key = (d.id, sides[0])
        if key not in self._timers:
            raise ValueError(f"{d.id} has no countdown: it is counted in reps")
        timer = self._timers[key]
        timer.playing = True  # as the browser's Play sets it before it counts
        timer.value = int(seconds)
        timer.playing = int(seconds) < timer.max

    # ---- what is shown ------------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        """The step on screen: 0 pain before, 1…n the drills, n + 1 pain after, n + 2 the summary."""
        return self._step

    @property
    def steps(self) -> int:
        """How many steps there are (the last is the summary)."""
        return len(self._pages)

    @property
    def heading(self) -> str:
        """The step's heading as shown ("Drill 2 of 5: Side-lying hip abduction")."""
        return text_of(self._where.value)

    @property
    def status(self) -> str:
        """The status line as shown (what was saved, what is missing), with where it was saved."""
        return text_of(self._status.value)

    @property
    def summary(self) -> str:
        """The summary step as shown: each drill's amounts, the dose, the pain answers and the run."""
        return text_of(self._summary.value).replace(NB_HYPHEN, "-")

    @property
    def recent(self) -> list[str]:
        """The list of the last two weeks' sessions as shown, a line each (empty when there are none)."""
        return [
            text_of(row.value if isinstance(row, w.HTML) else row.children[0].value) for row in self._recent.children
        ]

    @property
    def run(self) -> dict[str, int | None]:
        """Today's run as entered: ``{"minutes": …, "rpe": …}``, ``None`` where nothing was given."""
        return self.model.run

    @property
    def tone(self) -> bytes:
        """The last tone played (WAV bytes; empty before a countdown has ended)."""
        return self._beep.value

    def amount(self, drill: str, side: str | None = None) -> float:
        """The reps or seconds shown for ``drill`` (and ``side``; by default its first)."""
        d, sides = self.model.drill_sides(drill, side)
        return float(self._inputs[(d.id, sides[0])].value)

    def pain_answer(self, when: str = "before") -> float | None:
        """The pain score chosen ``when`` (``"before"``/``"after"``), or ``None`` when not answered or skipped."""
        return self.model.pain_score(when)

    # ---- display ------------------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = NOT_RUN  # what a notebook shows where the widget is not running (a fresh open)
        return bundle

    # ---- the model shown ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """Widgets set from the model do not pass their new values back to it."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    @contextlib.contextmanager
    def _change(self) -> Iterator[None]:
        """One change to the model, the widgets then shown from it: the summary follows, and a saved session
        that now differs is marked unsaved."""
        was_saved = self.model.saved
        with self._quietly():
            yield
        if self._quiet:
            return
        if was_saved and not self.model.saved:
            self._say("Changed since you saved: press Save session again to keep the change.", "warning")
        if getattr(self, "_step", None) == len(self._pages) - 1:
            self._refresh_summary()

    def _show_amounts(self) -> None:
        for (drill, side), box in self._inputs.items():
            box.value = int(round(self.model.amount(drill, side)))

    def _show_pain(self, when: str) -> None:
        buttons, dropdown, _ = self._pain_widgets[when]
        answer = self.model.pain_answers.get(when)
        if answer is not None and answer[1] not in dict(dropdown.options).values():
            dropdown.options = [*dropdown.options, (MOMENTS["label"][answer[1]], answer[1])]  # a saved moment
        if answer is not None:
            dropdown.value = answer[1]
        buttons.value = int(answer[0]) if answer is not None and answer[0] in dict(PAIN_OPTIONS).values() else None
        self._pain_said[when].value = "" if answer is None else f"Your score: <b>{answer[0]:g}</b> out of 10"

    def _show_day(self) -> None:
        """What the day needs: this morning's score the day after a run, and a word when the day is logged
        already (with a button to edit that session instead)."""
        try:
            due, logged = self.model.morning_due, self.model.logged_on_day()
        except (OSError, ValueError):  # a folder that cannot be read: the walkthrough still works
            due, logged = False, pd.DataFrame()
        self._morning.layout.display = None if due else "none"
        if logged.empty:
            self._already.children = ()
            return
        r = logged.iloc[0]
        what = [_plural(int(r["drill_rows"]), "drill entry", "drill entries")] if r["drill_rows"] else []
        what += [_plural(int(r["pain_rows"]), "pain score", "pain scores")] if r["pain_rows"] else []
        what += ["a run"] if r["run_rows"] else []
        text = w.HTML(
            f"<p><b>{html.escape(self.date.strftime('%A %d %B'))} is logged already</b> "
            f"({html.escape(', '.join(what))}). Edit that session, or carry on for another one.</p>"
        )
        edit = w.Button(description="Edit that session", layout=w.Layout(width="auto"))
        edit.add_class("kc-edit-logged")
        edit.on_click(lambda _, s=r["session"]: self.edit(s))
        self._already.children = (text, edit)

    def _show_plan(self) -> None:
        """The plan's line and the pages it allows: the offer (first use), the baseline day (the morning score
        alone, in the plan's context), or the routine's day."""
        phase = self.model.phase
        offer = phase.phase == "none" and self.model.offer_plan
        if offer:
            plan, why, decline = (html.escape(p) for p in explain().split("\n\n"))
            title = f"<h4 style='margin:4px 0'>{html.escape(self._plan_words['offer_title'])}</h4>"
            if self.phone:  # folded away, so the first screen keeps the pain scale and Next in sight
                self._plan.value = (
                    f"{title}<details><summary>What the plan is</summary><p>{plan}</p>"
                    f"<p><b>Why at random?</b> {why}</p></details><p>{decline}</p>"
                )
            else:  # the reason folded away, so the offer stays short
                self._plan.value = (
                    f"{title}<p>{plan}</p><details><summary>Why at random?</summary><p>{why}</p></details>"
                    f"<p>{decline}</p>"
                )
        else:
            self._plan.value = f"<p><b>{html.escape(phase.message)}</b></p>" if phase.message else ""
        self._plan_buttons.children = self._offer_buttons if offer else ()
        _, dropdown, skip = self._pain_widgets["before"]
        with self._quietly():
            if self.model.pain_score("before") is None:
                context = self.model.default_context("before")
                if context not in dict(dropdown.options).values():
                    dropdown.options = [*dropdown.options, (MOMENTS["label"][context], context)]
                dropdown.value = context
        dropdown.disabled = self.model.in_baseline
        skip.disabled = False
        self._show_day()
        self.go(0 if self.model.in_baseline else getattr(self, "_step", 0))

    def _show_run(self) -> None:
        run = self.model.run
        self._run_minutes.value = run["minutes"] or 0
        self._run_rpe.value = NO_RPE if run["rpe"] is None else run["rpe"]

    # ---- building -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        title = w.HTML("<h3 style='margin:0'>Knee-care routine</h3>")
        self._date = w.DatePicker(value=self.date, description="Day")
        self._date.add_class("kc-date")

        def day_changed(change):
            if change["new"] is not None and not self._quiet:
                with contextlib.suppress(ValueError):  # a day out of range: the status line says so
                    self.set_date(change["new"])

        self._date.observe(day_changed, names="value")
        self._date.observe(lambda _: self._show_plan(), names="value")
        self._progress = w.IntProgress(
            value=0, min=0, max=len(self.routine.drills), description="Drills", bar_style="info"
        )
        self._progress.add_class("kc-progress")
        self._where = w.HTML()
        self._where.add_class("kc-where")
        self._body = w.Box(layout=w.Layout(min_height="260px", width="100%"))
        self._body.add_class("kc-body")
        self._back = w.Button(description="Back", icon="arrow-left")
        self._next = w.Button(description="Next", icon="arrow-right", button_style="primary")
        self._back.add_class("kc-back")
        self._next.add_class("kc-next")
        self._back.on_click(lambda _: self.back())
        self._next.on_click(lambda _: self.next())
        self._status = w.HTML()
        self._status.add_class("kc-status")
        self._undo_change: str | None = None
        self._undo = w.Button(description="Undo", icon="undo", layout=w.Layout(width="auto", display="none"))
        self._undo.add_class("kc-undo")
        self._undo.on_click(lambda _: self._undo_clicked())
        self._already = w.VBox()
        self._already.add_class("kc-already")
        self._note = w.Textarea(placeholder="A note for this session (optional)", layout=w.Layout(width="420px"))
        self._note.add_class("kc-note")

        def note_changed(change):
            if not self._quiet:
                with self._change():
                    self.model.set_note(change["new"])

        self._note.observe(note_changed, names="value")
        self._beep = w.Audio(value=b"", format="wav", autoplay=True, controls=False, layout=w.Layout(width="0px"))
        self._pain_widgets: dict[str, tuple[w.ToggleButtons, w.Dropdown, w.Button]] = {}
        self._pain_said: dict[str, w.HTML] = {}
        self._run_line = self._run_widgets()
        self._morning = self._pain_page("morning")
        self._pages = [
            w.VBox([self._morning, self._pain_page("before")]),
            *[self._drill_page(d) for d in self.routine.drills],
            self._pain_page("after"),
            self._summary_page(),
        ]
        self._recent = w.VBox()
        self._recent.add_class("kc-sessions")
        self._plan_words = words("design")["text"]
        self._plan = w.HTML()
        self._plan.add_class("kc-plan")
        self._plan_buttons = w.HBox()
        accept = w.Button(description="Plan my baseline", button_style="primary", layout=w.Layout(width="auto"))
        decline = w.Button(description="No thanks", layout=w.Layout(width="auto"))
        accept.add_class("kc-plan-accept")
        decline.add_class("kc-plan-decline")

        def accepted(_):
            with contextlib.suppress(DesignWriteError):  # the status line says what went wrong
                self.accept_plan()

        accept.on_click(accepted)
        decline.on_click(lambda _: self.decline_plan())
        self._offer_buttons = (accept, decline)
        warning = []
        if self.model.sample:
            warning = [
                w.HTML(
                    f"<p style='color:{STATUS['danger']}'><b>This is the sample data folder, which is never written "
                    "to.</b> Set KNEECARE_DATA (or DATA above) to your own folder to save sessions.</p>"
                )
            ]
        nav = w.HBox([self._back, self._next])
        nav.add_class("kc-nav")
        self.widget = w.VBox(
            [
                w.HTML(BASE_CSS + (PHONE_CSS if self.phone else "")),
                w.HBox([title, self._date], layout=w.Layout(justify_content="space-between", align_items="center")),
                *warning,
                self._plan,
                self._plan_buttons,
                self._already,
                w.HBox([self._progress, self._where]),
                self._body,
                nav,
                self._status,
                self._undo,
                self._recent,
                self._beep,
            ]
        )
        self.widget.add_class("kc-walkthrough")
        if self.phone:
            self.widget.add_class("kc-phone")
        self._show_plan()
        self._list_sessions()

    def _drill_page(self, d: Drill) -> w.Widget:
        cues = "".join(f"<li>{html.escape(c)}</li>" for c in d.cues)
        head = w.HTML(  # the drill's name is in the heading above ("Drill 2 of 5: …"), said once
            f"<p><b>Target:</b> {html.escape(d.describe_target())} "
            f"(at least {d.minimum:g} {'reps' if d.kind == 'reps' else 's'}"
            f"{' per side' if d.sided else ''} counts as done)</p><ul>{cues}</ul>"
        )
        rows = [self._rep_counter(d, s) if d.kind == "reps" else self._countdown(d, s) for s in d.sides]
        return w.VBox([head, *rows])

    def _amount_input(self, d: Drill, side: str, maximum: int) -> w.BoundedIntText:
        label = {"left": "Left", "right": "Right", "both": "Done"}[side]
        box = w.BoundedIntText(
            value=0, min=0, max=maximum, description=f"{label} ({d.unit})", layout=w.Layout(width="190px")
        )
        box.add_class(f"kc-{d.id}-{side}")
        self._inputs[(d.id, side)] = box
        unit = "reps" if d.kind == "reps" else "seconds"

        def changed(change):
            if not self._quiet:
                with self._change():
                    self.model.record(d.id, side, **{unit: change["new"] or 0})

        box.observe(changed, names="value")
        return box

    def _rep_counter(self, d: Drill, side: str) -> w.Widget:
        box = self._amount_input(d, side, maximum=1000)
        buttons = []
        for label, delta, name in (("−1", -1, "minus1"), ("+1", 1, "plus1"), ("+5", 5, "plus5")):
            b = w.Button(description=label, layout=w.Layout(width="48px"))
            b.add_class(f"kc-{d.id}-{side}-{name}")
            b.on_click(lambda _, delta=delta, box=box: setattr(box, "value", max(0, box.value + delta)))
            buttons.append(b)
        target = w.Button(description=f"Did {d.target:g}", layout=w.Layout(width="84px"))
        target.add_class(f"kc-{d.id}-{side}-target")
        target.add_class("kc-target")
        target.on_click(lambda _, box=box: setattr(box, "value", int(d.target)))
        row = w.HBox([box, *buttons, target])
        row.add_class("kc-reps")
        return row

    def _countdown(self, d: Drill, side: str) -> w.Widget:
        box = self._amount_input(d, side, maximum=3 * 3600)
        timer = w.Play(value=0, min=0, max=int(d.target), step=1, interval=1000, show_repeat=False)
        timer.add_class(f"kc-{d.id}-{side}-timer")
        self._timers[(d.id, side)] = timer
        left = w.HTML(f"{_clock(_mmss(d.target))} left")
        left.add_class(f"kc-{d.id}-{side}-clock")

        def show(change):  # the clock says what the box holds, whoever set it: the timer, a typed value, Stop
            done = change["new"] or 0
            left.value = _clock("Done ✓") if done >= d.target else f"{_clock(_mmss(d.target - done))} left"
            if not timer.playing and timer.value != min(done, int(d.target)):
                timer.value = min(done, int(d.target))  # Play then counts on from what is done

        def tick(change, box=box):
            done = int(change["new"])
            if not timer.playing:  # Stop (back to 0) or the box setting the timer: what is done stays
                return
            box.value = max(box.value, done)
            if done >= d.target and change["old"] < d.target:
                self._beep.value = _tone()  # a new value plays (autoplay)

        box.observe(show, names="value")
        timer.observe(tick, names="value")
        prefix = {"left": "Left side", "right": "Right side", "both": "Timer"}[side]
        return w.HBox([w.Label(prefix, layout=w.Layout(width="80px")), timer, left, w.Label("or type it:"), box])

    def _pain_page(self, when: str) -> w.Widget:
        buttons = w.ToggleButtons(options=PAIN_OPTIONS, value=None, style={"button_width": "auto"})
        buttons.add_class(f"kc-pain-{when}")
        dropdown = w.Dropdown(options=CONTEXT_OPTIONS[when], value=PAIN_SLOTS[when], description="When")
        dropdown.add_class(f"kc-pain-{when}-moment")
        skip = w.Button(description="Skip this score", layout=w.Layout(width="auto"))
        skip.add_class(f"kc-pain-{when}-skip")
        said = w.HTML()
        said.add_class(f"kc-pain-{when}-said")
        self._pain_said[when] = said

        def answered(change):
            if change["new"] is not None and not self._quiet:
                self.set_pain(change["new"], context=dropdown.value, when=when)

        def context_changed(change):
            score = self.model.pain_score(when)
            if score is not None and not self._quiet:
                self.set_pain(score, context=change["new"], when=when)

        buttons.observe(answered, names="value")
        dropdown.observe(context_changed, names="value")
        skip.on_click(lambda _: self.skip_pain(when))
        self._pain_widgets[when] = (buttons, dropdown, skip)
        advice = {
            "before": "Up to 5 during or after running is acceptable if it settles by the next morning; keep it at "
            "2 or less during the run itself. <i>When</i> says the moment the score is for.",
            "after": "<i>When</i> says the moment the score is for.",
            "morning": "Score it before anything else today: it tells whether yesterday's run settled overnight "
            "(the run's traffic light). It is saved with today's session.",
        }[when]
        intro = w.HTML(
            f"<h4 style='margin:4px 0'>{html.escape(PAIN_TITLES[when])}</h4>"
            f"<p>0 is no pain, 10 the worst imaginable. {advice}</p>"
        )
        if when == "morning":  # on the first screen, the day after a run: no moment to choose, no skip
            box = w.VBox([intro, buttons, said])
            box.add_class("kc-pain")
            box.add_class("kc-morning")
            return box
        extra = [self._note] if when == "after" else [self._run_line]
        page = w.VBox([intro, buttons, said, w.HBox([dropdown, skip]), *extra])
        page.add_class("kc-pain")
        return page

    def _run_widgets(self) -> w.Widget:
        """The optional line for today's run: minutes and session RPE."""
        self._run_minutes = w.BoundedIntText(
            value=0, min=0, max=MAX_RUN_MIN, description="Minutes", layout=w.Layout(width="170px")
        )
        self._run_rpe = w.Dropdown(
            options=RPE_OPTIONS, value=NO_RPE, description="Effort", layout=w.Layout(width="260px")
        )
        self._run_minutes.add_class("kc-run-minutes")
        self._run_rpe.add_class("kc-run-rpe")

        def changed(_):
            if not self._quiet:
                rpe = None if self._run_rpe.value == NO_RPE else self._run_rpe.value
                self.set_run(minutes=self._run_minutes.value or None, rpe=rpe)

        self._run_minutes.observe(changed, names="value")
        self._run_rpe.observe(changed, names="value")
        intro = w.HTML(
            "<p style='margin:10px 0 2px'><b>Today's run</b> (optional): how long, and how hard the whole run felt "
            "from 0 (rest) to 10 (maximal). It gives the week's training load beside the routine.</p>"
        )
        return w.VBox([intro, w.HBox([self._run_minutes, self._run_rpe])])

    def _summary_page(self) -> w.Widget:
        self._summary = w.HTML()
        self._summary.add_class("kc-summary")
        save = w.Button(description="Save session", icon="save", button_style="success")
        save.add_class("kc-save")

        def clicked(_):
            with contextlib.suppress(ValueError, OSError):  # the status line says what went wrong
                self.save()

        save.on_click(clicked)
        return w.VBox([self._summary, save])

    def _list_sessions(self) -> None:
        """The last two weeks' saved sessions, each with Edit and Delete."""
        try:
            recent = self.sessions()
        except (OSError, ValueError):  # a log the walkthrough did not write: nothing to list
            recent = pd.DataFrame()
        if recent.empty:
            self._recent.children = ()
            return
        rows = [w.HTML(f"<h4 style='margin:8px 0 2px'>Your sessions of the last {RECENT_DAYS} days</h4>")]
        for i, r in recent.iterrows():
            day = pd.Timestamp(r["date"]).strftime("%a %d %b")
            parts = [_plural(int(r["drill_rows"]), "drill entry", "drill entries")] if r["drill_rows"] else []
            parts += [_plural(int(r["pain_rows"]), "pain score", "pain scores")] if r["pain_rows"] else []
            parts += ["a run"] if r.get("run_rows") else []
            what = f"{day}: {', '.join(parts)}"
            edit = w.Button(description="Edit", layout=w.Layout(width="70px"))
            delete = w.Button(description="Delete", layout=w.Layout(width="70px"), button_style="warning")
            edit.add_class(f"kc-edit-{i}")
            delete.add_class(f"kc-delete-{i}")
            edit.on_click(lambda _, s=r["session"]: self.edit(s))
            delete.on_click(lambda _, s=r["session"]: self._delete_clicked(s))
            rows.append(w.HBox([w.Label(what, layout=w.Layout(width="320px")), edit, delete]))
        self._recent.children = tuple(rows)

    # ---- texts --------------------------------------------------------------------------------------------
    def _refresh_summary(self) -> None:
        lines = []
        for d in self.routine.drills:  # a name or an amount never breaks inside ("Self-massage", "120 s")
            parts = [f"{'' if s == 'both' else f'{s} '}{self.model.amount(d.id, s):g}{NBSP}{d.unit}" for s in d.sides]
            short = [s for s in d.sides if self.model.amount(d.id, s) < d.minimum]
            name = html.escape(d.name.replace("-", NB_HYPHEN))
            done = html.escape(", ".join(parts))
            if not short:
                lines.append(f"<tr><td>{name}</td><td>{done} ✓</td></tr>")
                continue
            sides = "" if short == ["both"] else f" ({' and '.join(short)})"
            mark = f"⚠ short of the minimum{sides}: at least {d.minimum:g}{NBSP}{d.unit}"
            lines.append(
                f"<tr class='kc-short'><td>{name}</td><td>{done}</td></tr>"
                f"<tr class='kc-short'><td colspan='2'>{html.escape(mark)}</td></tr>"
            )
        table = f"<table class='kc-table'>{''.join(lines)}</table>"
        if not self.model.rows()[0]:  # a day with scores only: no row is "short", the routine is simply not logged
            table = "<p>No drills entered: only the scores below are saved.</p>"
        minutes, rpe = self.model.run["minutes"], self.model.run["rpe"]
        given = [f"{minutes} min" if minutes else "", f"RPE {rpe}" if rpe is not None else ""]
        run = "not given" if minutes is None and rpe is None else ", ".join(p for p in given if p)
        pain = ", ".join(
            f"{SLOT_WORDS[when]}: skipped" if a is None else f"{a[0]:g}/10 {MOMENTS['label'][a[1]]}"
            for when, a in self.model.pain_answers.items()
        )
        self._summary.value = (
            f"<h4 style='margin:4px 0'>The session of {html.escape(self.date.strftime('%A %d %B'))}</h4>"
            f"{table}"
            f"<p><b>Dose:</b> {self.model.dose() * 100:.0f}% of the routine · "
            f"<b>Pain:</b> {html.escape(pain or 'not answered')} · <b>Run:</b> {html.escape(run)}</p>"
        )

    def _week_html(self) -> str:
        week = self.week_so_far(weeks=1)
        if week.empty and self.sessions().empty:
            again = "" if self.phone else ", then run this cell again"
            return f"<p>Nothing saved yet: save a session above{again}.</p>"
        if week.empty:  # scores saved, but no session of the routine yet
            return "<p>This week: no session of the routine saved yet, so no week to sum up.</p>"
        r = week.iloc[0]
        start = pd.Timestamp(r["week_start"]).strftime("%A %d %B")
        moments = self.model.pain_by_moment()
        if len(moments):  # one line per moment: scores after a run and at rest are never averaged together
            pain = "knee pain " + "; ".join(
                f"{MOMENTS['week'][m.context]} {m.pain_mean:.1f}/10 ({_plural(int(m.pain_n), 'score', 'scores')})"
                for m in moments.itertuples()
            )
        else:
            pain = "no pain scores yet"
        if pd.isna(r["sessions_done"]):  # pain scores in the folder, no session of the routine yet
            return f"<p>This week (since {start}): no session of the routine saved yet; {html.escape(pain)}.</p>"
        return (
            f"<p>This week (since {start}): <b>{r['sessions_done']:.0f} of "
            f"{_plural(r['days_in_window'], 'day', 'days')}</b> with a "
            f"session ({r['sessions_complete']:.0f} complete), <b>{pct(r['dose_adherence'])}</b> of the prescribed "
            f"routine ({BANDS[r['band']]}); {html.escape(pain)}.</p>"
        )

    def _after_save_html(self) -> str:
        """Below "Saved": the run's traffic light once this morning's score is in, the week so far (the app has
        no cell below), and the folder's files that did not load — never an error instead of them."""
        from ..errors import LogFormatError

        try:
            parts = [self._light_html() if self.model.pain_score("morning") is not None else ""]
            parts += [self._week_html()] if self.phone else []
            parts += [_problem_lines(self.model.week_so_far(weeks=1).attrs.get("problems"))]
        except (LogFormatError, OSError, ValueError) as exc:
            return f"<p>Your week cannot be shown yet: {html.escape(str(exc).splitlines()[0])}</p>"
        return "".join(parts)

    def _light_html(self) -> str:
        lights = self.model.run_light()
        if lights.empty:
            return ""
        r = lights.iloc[0]
        day = pd.Timestamp(r["date"]).strftime("%A")
        return (
            f"<p class='kc-light'>Your run on {html.escape(day)}: <b>{LIGHT_WORDS[str(r['light'])]}</b> — "
            f"{html.escape(str(r['reason']))}.</p>"
        )

    def _say(
        self, text: str, kind: str, *, details: str | None = None, more: str = "", undo: str | None = None
    ) -> None:
        where = f"<details><summary>Where it is saved</summary>{html.escape(details)}</details>" if details else ""
        said = f"<p style='color:{STATUS[kind]}'><b>{html.escape(text)}</b></p>" if text else ""
        self._status.value = f"{said}{more}{where}"
        self._undo_change = undo  # Undo stays offered until the next message
        self._undo.layout.display = None if undo else "none"

    def _delete_clicked(self, session: str) -> None:
        with contextlib.suppress(OSError):  # the status line says what went wrong
            self.delete(session)

    def _undo_clicked(self) -> None:
        with contextlib.suppress(OSError):  # the status line says what went wrong
            self.undo(self._undo_change)
