"""The guided routine: one drill at a time, rep counters and countdowns, pain before and after, Save session.

The countdown is an ``ipywidgets.Play`` that ticks in the browser, so the kernel runs no timer thread. Every
action is also a method, for code and tests:

>>> from kneecare_analysis.widgets import RoutineWalkthrough
>>> w = RoutineWalkthrough("data/personal", today="2026-03-04")       # doctest: +SKIP
>>> w.record("clamshell", reps=20); w.set_pain(3, context="after_run")  # doctest: +SKIP
>>> w.save()                                                            # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import uuid
from pathlib import Path

import ipywidgets as w
import pandas as pd

from ..logbook import LogWriteError, save_session
from ..paths import is_sample
from ..routine import DEFAULT_ROUTINE, Drill, Routine
from ..vocab import CONTEXTS

PAIN_SLOTS = {
    "before": ("Knee pain now, before the routine", "after_run"),
    "after": ("Knee pain after the routine", "rest"),
}
CONTEXT_OPTIONS = [(c.replace("_", " "), c) for c in CONTEXTS if c != "unspecified"]


def _mmss(seconds: float) -> str:
    seconds = max(int(round(seconds)), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


class RoutineWalkthrough:
    """Walks a runner through the routine and saves the session into ``data_dir``.

    ``today`` fixes the session's date (a date or ISO text); by default the session is stamped with the
    local time when it is saved. ``.widget`` is the root container; the object also displays itself.
    """

    def __init__(
        self,
        data_dir: str | Path,
        athlete: str = "me",
        routine: Routine = DEFAULT_ROUTINE,
        today: str | dt.date | None = None,
        *,
        session: str | None = None,
    ):
        self.data_dir = Path(data_dir).expanduser()
        self.athlete = str(athlete).strip() or "me"
        self.routine = routine
        self.today = pd.Timestamp(today).date() if today is not None else None
        self.session = session or uuid.uuid4().hex[:12]
        self.last_save = None
        self._amounts: dict[tuple[str, str], float] = {}
        self._pain: dict[str, tuple[float, str]] = {}
        self._inputs: dict[tuple[str, str], w.BoundedIntText] = {}
        self._timers: dict[tuple[str, str], w.Play] = {}
        self._build()

    # ---- actions (the buttons call these too) -------------------------------------------------------------
    def record(self, drill: str, side: str | None = None, reps: int | None = None, seconds: float | None = None):
        """Set what was done of ``drill`` (an id or alias): ``side=None`` means every side the drill has."""
        d = self._drill(drill)
        amount = reps if d.kind == "reps" else seconds
        other = seconds if d.kind == "reps" else reps
        unit = "reps" if d.kind == "reps" else "seconds"
        if amount is None:
            raise ValueError(f"{d.id} is counted in {unit}: pass {unit}=" + (" (not seconds)" if other else ""))
        if amount < 0:
            raise ValueError(f"{unit} cannot be negative")
        if d.kind == "reps" and int(amount) != amount:
            raise ValueError("reps are whole numbers")
        sides = d.sides if side is None else (self._side(d, side),)
        for s in sides:
            self._inputs[(d.id, s)].value = int(round(amount))
            self._amounts[(d.id, s)] = float(amount)
        self._refresh_summary()

    def set_pain(self, value: float, context: str = "after_run", when: str = "before") -> None:
        """Score knee pain 0–10 in a context; ``when`` is ``"before"`` or ``"after"`` the routine."""
        if when not in PAIN_SLOTS:
            raise ValueError(f"when must be one of {', '.join(PAIN_SLOTS)}")
        if context not in CONTEXTS:
            raise ValueError(f"context must be one of {', '.join(CONTEXTS)}")
        if not 0 <= float(value) <= 10:
            raise ValueError("pain is scored from 0 to 10")
        slider, dropdown, check = self._pain_widgets[when]
        dropdown.value = context
        slider.value = float(value)
        check.value = True
        self._pain[when] = (float(value), context)
        self._refresh_summary()

    def rows(self) -> tuple[list[dict], list[dict]]:
        """The routine-log and pain-log rows this session would save."""
        stamp = self._stamp()
        routine_rows = []
        note = self._note.value.strip()
        for d in self.routine.drills:
            for s in d.sides:
                amount = self._amounts.get((d.id, s), 0)
                if amount <= 0:
                    continue
                routine_rows.append(
                    {
                        "timestamp": stamp,
                        "athlete": self.athlete,
                        "drill": d.id,
                        "side": s,
                        "reps": int(amount) if d.kind == "reps" else None,
                        "seconds": f"{amount:g}" if d.kind == "timed" else None,
                        "note": note or None,
                        "session": self.session,
                    }
                )
        pain_rows = [
            {
                "timestamp": stamp,
                "athlete": self.athlete,
                "pain": f"{value:g}",
                "context": context,
                "knee": None,
                "note": f"{when} the routine",
                "session": self.session,
            }
            for when, (value, context) in self._pain.items()
        ]
        return routine_rows, pain_rows

    def save(self) -> tuple[Path, Path]:
        """Write the session (replacing any earlier save of it) and return the routine and pain log paths."""
        routine_rows, pain_rows = self.rows()
        if not routine_rows and not pain_rows:
            self._say("Nothing recorded yet: enter what you did, then save.", "warning")
            raise ValueError("nothing recorded yet")
        try:
            result = save_session(self.data_dir, self.session, routine_rows, pain_rows)
        except LogWriteError as exc:
            self._say(str(exc), "danger")
            raise
        self.last_save = result
        if result.changed:
            self._say(
                f"Saved {len(routine_rows)} drill row{'s' if len(routine_rows) != 1 else ''} to "
                f"{result.routine_log} and {len(pain_rows)} pain score{'s' if len(pain_rows) != 1 else ''} to "
                f"{result.pain_log} (session {self.session}).",
                "success",
            )
        else:
            self._say(f"Already saved: {result.routine_log} holds this session as it is.", "info")
        return result.routine_log, result.pain_log

    def week_so_far(self, weeks: int = 2) -> pd.DataFrame:
        """This athlete's last ``weeks`` weekly-summary rows from what is saved in ``data_dir`` (empty before
        the first save)."""
        from ..analysis import weekly_summary
        from ..loaders import load_dataset

        columns = [
            "week_start",
            "days_in_window",
            "sessions_done",
            "sessions_complete",
            "dose_adherence",
            "band",
            "pain_mean",
            "pain_n",
        ]
        if not (self.data_dir / "routine_log.csv").exists():
            return pd.DataFrame(columns=columns)
        ds = load_dataset(self.data_dir, routine=self.routine)
        if self.athlete not in ds.athletes:
            return pd.DataFrame(columns=columns)
        ds = ds.for_athlete(self.athlete)
        summary = weekly_summary(ds.log, ds.pain, ds.runs, self.routine)
        return summary[columns].tail(weeks).reset_index(drop=True)

    def go(self, step: int) -> None:
        """Show step ``step`` (0: pain before, 1…n: the drills, then pain after, then the summary)."""
        n = len(self.routine.drills)
        self._step = max(0, min(step, len(self._pages) - 1))
        self._body.children = (self._pages[self._step],)
        self._progress.value = min(self._step, n)
        if self._step == 0:
            self._where.value = "<b>Before you start</b>"
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

    # ---- display ------------------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # ---- building -----------------------------------------------------------------------------------------
    def _drill(self, name: str) -> Drill:
        drill_id = self.routine.resolve(name)
        if drill_id is None:
            raise ValueError(f"unknown drill {name!r}; drills: {self.routine.known_names()}")
        return self.routine.drill(drill_id)

    @staticmethod
    def _side(d: Drill, side: str) -> str:
        from ..vocab import word_key, words

        value = words("answers")["side"].get(word_key(side))
        if value is None or value not in d.sides:
            raise ValueError(f"{d.id} is logged for {' and '.join(d.sides)}; got side {side!r}")
        return value

    def _stamp(self) -> str:
        if self.today is not None:
            return self.today.isoformat()
        return dt.datetime.now().astimezone().isoformat(timespec="seconds")

    def _build(self) -> None:
        day = self.today.strftime("%A %d %B %Y") if self.today else "today"
        title = w.HTML(f"<h3 style='margin:0'>Knee-care routine — {html.escape(day)}</h3>")
        self._progress = w.IntProgress(
            value=0, min=0, max=len(self.routine.drills), description="Drills", bar_style="info"
        )
        self._where = w.HTML()
        self._body = w.Box(layout=w.Layout(min_height="260px", width="100%"))
        self._back = w.Button(description="Back", icon="arrow-left")
        self._next = w.Button(description="Next", icon="arrow-right", button_style="primary")
        self._back.add_class("kc-back")
        self._next.add_class("kc-next")
        self._back.on_click(lambda _: self.go(self._step - 1))
        self._next.on_click(lambda _: self.go(self._step + 1))
        self._status = w.HTML()
        self._status.add_class("kc-status")
        self._note = w.Textarea(placeholder="A note for this session (optional)", layout=w.Layout(width="420px"))
        self._note.add_class("kc-note")
        self._pain_widgets: dict[str, tuple[w.FloatSlider, w.Dropdown, w.Checkbox]] = {}
        self._pages = [
            self._pain_page("before"),
            *[self._drill_page(d) for d in self.routine.drills],
            self._pain_page("after"),
            self._summary_page(),
        ]
        warning = []
        if is_sample(self.data_dir):
            warning = [
                w.HTML(
                    "<p style='color:#D55E00'><b>This is the sample data folder, which is never written to.</b> "
                    "Set KNEECARE_DATA (or DATA above) to your own folder to save sessions.</p>"
                )
            ]
        self.widget = w.VBox(
            [
                title,
                *warning,
                w.HBox([self._progress, self._where]),
                self._body,
                w.HBox([self._back, self._next]),
                self._status,
            ]
        )
        self.widget.add_class("kc-walkthrough")
        self.go(0)

    def _drill_page(self, d: Drill) -> w.Widget:
        cues = "".join(f"<li>{html.escape(c)}</li>" for c in d.cues)
        head = w.HTML(
            f"<h4 style='margin:4px 0'>{html.escape(d.name)}</h4>"
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

        def changed(change, key=(d.id, side)):
            self._amounts[key] = float(change["new"] or 0)

        box.observe(changed, names="value")
        return box

    def _rep_counter(self, d: Drill, side: str) -> w.Widget:
        box = self._amount_input(d, side, maximum=1000)
        buttons = []
        for label, delta in (("−1", -1), ("+1", 1), ("+5", 5)):
            b = w.Button(description=label, layout=w.Layout(width="46px"))
            b.on_click(lambda _, delta=delta, box=box: setattr(box, "value", max(0, box.value + delta)))
            buttons.append(b)
        target = w.Button(description=f"Did {d.target:g}", layout=w.Layout(width="84px"))
        target.add_class(f"kc-{d.id}-{side}-target")
        target.on_click(lambda _, box=box: setattr(box, "value", int(d.target)))
        return w.HBox([box, *buttons, target])

    def _countdown(self, d: Drill, side: str) -> w.Widget:
        box = self._amount_input(d, side, maximum=3 * 3600)
        timer = w.Play(value=0, min=0, max=int(d.target), step=1, interval=1000, show_repeat=False)
        timer.add_class(f"kc-{d.id}-{side}-timer")
        self._timers[(d.id, side)] = timer
        left = w.HTML(f"<span style='font-size:1.4em'>{_mmss(d.target)}</span> left")

        def tick(change, box=box):
            done = int(change["new"])
            left.value = (
                f"<span style='font-size:1.4em'>{_mmss(d.target - done)}</span> left"
                if done < d.target
                else "<span style='font-size:1.4em'>Done ✓</span>"
            )
            box.value = max(box.value, done)

        timer.observe(tick, names="value")
        prefix = {"left": "Left side", "right": "Right side", "both": "Timer"}[side]
        return w.HBox([w.Label(prefix, layout=w.Layout(width="80px")), timer, left, w.Label("or type it:"), box])

    def _pain_page(self, when: str) -> w.Widget:
        title, context = PAIN_SLOTS[when]
        slider = w.FloatSlider(
            value=0,
            min=0,
            max=10,
            step=0.5,
            description="Pain (0–10)",
            continuous_update=False,
            readout_format=".1f",
            layout=w.Layout(width="420px"),
        )
        slider.add_class(f"kc-pain-{when}")
        dropdown = w.Dropdown(options=CONTEXT_OPTIONS, value=context, description="When")
        check = w.Checkbox(value=False, description="Record this score", indent=False)

        def changed(_):
            if slider.value > 0 and not check.value:
                check.value = True
            self._sync_pain(when)

        slider.observe(changed, names="value")
        dropdown.observe(lambda _: self._sync_pain(when), names="value")
        check.observe(lambda _: self._sync_pain(when), names="value")
        self._pain_widgets[when] = (slider, dropdown, check)
        intro = w.HTML(
            f"<h4 style='margin:4px 0'>{html.escape(title)}</h4>"
            "<p>0 is no pain, 10 the worst imaginable. Up to 5 during or after running is acceptable if it "
            "settles by the next morning; keep it at 2 or less during the run itself.</p>"
        )
        return w.VBox([intro, slider, dropdown, check] + ([self._note] if when == "after" else []))

    def _sync_pain(self, when: str) -> None:
        slider, dropdown, check = self._pain_widgets[when]
        if check.value:
            self._pain[when] = (float(slider.value), dropdown.value)
        else:
            self._pain.pop(when, None)

    def _summary_page(self) -> w.Widget:
        self._summary = w.HTML()
        save = w.Button(description="Save session", icon="save", button_style="success")
        save.add_class("kc-save")

        def clicked(_):
            with contextlib.suppress(ValueError, LogWriteError):  # the status line says what went wrong
                self.save()

        save.on_click(clicked)
        return w.VBox([self._summary, save])

    def _refresh_summary(self) -> None:
        from ..analysis import daily_adherence
        from ..loaders import load_routine_log

        routine_rows, pain_rows = self.rows()
        lines = []
        for d in self.routine.drills:
            parts = []
            for s in d.sides:
                amount = self._amounts.get((d.id, s), 0)
                label = "" if s == "both" else f"{s} "
                parts.append(f"{label}{amount:g} {d.unit}")
            lines.append(f"<tr><td>{html.escape(d.name)}</td><td>{html.escape(', '.join(parts))}</td></tr>")
        dose = 0.0
        if routine_rows:
            log = load_routine_log(pd.DataFrame(routine_rows), routine=self.routine)
            dose = float(daily_adherence(log, self.routine)["dose"].iloc[0])
        pain = ", ".join(f"{v:g}/10 {c.replace('_', ' ')}" for v, c in (p for p in self._pain.values())) or "none"
        self._summary.value = (
            "<h4 style='margin:4px 0'>Today's session</h4>"
            f"<table class='kc-table'>{''.join(lines)}</table>"
            f"<p><b>Dose:</b> {dose * 100:.0f}% of the routine · <b>Pain:</b> {html.escape(pain)}</p>"
            f"<p>Saving to <code>{html.escape(str(self.data_dir))}</code></p>"
        )

    def _say(self, text: str, kind: str) -> None:
        colours = {"success": "#009E73", "info": "#0072B2", "warning": "#E69F00", "danger": "#D55E00"}
        self._status.value = f"<p style='color:{colours[kind]}'><b>{html.escape(text)}</b></p>"
