"""A runner's progress, explored: athlete, weeks, drills and pain context redraw the charts and the weekly table;
the top chart shows the routine and pain, or the running load and pain.

Summaries are computed once per athlete and pain context and then sliced, and the charts are drawn off-screen
into one PNG per update, so an update stays quick (``last_update_ms`` records each one).

>>> import kneecare_analysis as kc
>>> from kneecare_analysis.widgets import ProgressExplorer
>>> explorer = ProgressExplorer(kc.load_dataset(kc.paths.SAMPLE_DIR / "runner"))
>>> explorer.athlete.value, bytes(explorer.trend.value[1:4])  # a PNG image
('Sam', b'PNG')
"""

from __future__ import annotations

import time
from dataclasses import replace

import ipywidgets as w
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import plots
from ..dataset import Dataset
from ..render import figure, has_runs, snapshot, weeks_table
from ..report import holds, next_steps_html, pain_key, shown_line
from ..vocab import CONTEXTS

DPI = 72  # the charts' own resolution: rendering at it never lays text out again


class ProgressExplorer:
    """A runner's progress with controls: the athlete, the pain context, the drills, the weeks, and the top
    chart's view (routine or running load); ``.widget`` is the root, and the object displays itself.

    Each chart is drawn once over the athlete's whole window and kept; choosing weeks only moves the axes'
    limits before the chart is rendered again, which keeps an update well under a quarter of a second.

    Parameters
    ----------
    dataset : Dataset
        A loaded folder (:func:`kneecare_analysis.load_dataset`).
    athlete : str, optional
        The athlete shown first; by default the first.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> explorer = ProgressExplorer(kc.load_dataset(kc.paths.SAMPLE_DIR / "runner"))
    >>> explorer.set(pain_context="morning")
    >>> explorer.axes("trend").get_title()
    'Sam: routine and knee pain, week by week'
    """

    def __init__(self, dataset: Dataset, *, athlete: str | None = None):
        self.dataset = dataset
        self.routine = dataset.routine
        self._frames: dict[tuple[str, str], tuple[pd.DataFrame, pd.DataFrame]] = {}
        self._figures: dict[tuple, tuple[Figure, Axes]] = {}
        self._shown: dict[int, tuple] = {}
        self._on_show: dict[str, Axes] = {}
        self.last_update_ms: float | None = None
        self._holding = False
        self._missing: dict[str, list[str]] = {}
        athletes = dataset.athletes
        if not athletes:
            raise ValueError("the dataset holds no athlete")
        contexts = sorted(set(dataset.pain["context"].astype(str)) & set(CONTEXTS), key=CONTEXTS.index)
        self.athlete = w.Dropdown(options=athletes, value=athlete or athletes[0], description="Athlete")
        self.context = w.Dropdown(
            options=[("all scores", "all")] + [(c.replace("_", " "), c) for c in contexts],
            value="all",
            description="Pain",
        )
        self.drills = w.SelectMultiple(
            options=[(d.name, d.id) for d in self.routine.drills],
            value=tuple(self.routine.ids),
            description="Drills",
            rows=len(self.routine.drills),
        )
        self.weeks = w.SelectionRangeSlider(options=[("-", 0)], description="Weeks", layout=w.Layout(width="520px"))
        self.trend = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.view = w.ToggleButtons(
            options=[("Routine and pain", "routine"), ("Running load and pain", "load")],
            value="routine",
            style={"button_width": "auto"},
        )  # the top chart: one at a time, so a change of weeks redraws no more than before
        self.view.add_class("kc-view")
        self.key = w.HTML(plots.key_html())
        self.breakdown = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.calendar = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.table = w.HTML()
        self.missing = w.HTML()  # what is shown, and what adding each missing piece would give
        self.missing.add_class("kc-missing")
        for control in (self.athlete, self.context):
            control.observe(self._on_source, names="value")
        for control in (self.drills, self.weeks, self.view):
            control.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox(
            [
                w.HBox([w.VBox([self.athlete, self.context, self.weeks]), self.drills]),
                self.missing,
                self.view,
                self.key,
                w.HBox([w.VBox([self.trend, self.breakdown]), self.calendar]),
                self.table,
            ]
        )
        self.widget.add_class("kc-explorer")
        self._on_source()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def set(self, *, athlete=None, pain_context=None, drills=None, weeks=None, view=None) -> None:
        """Change several controls and redraw once; ``pain_context`` the pain scores shown (``"all"``,
        ``"morning"``, …), ``weeks`` a pair of week-start dates, ``view`` the top chart: ``"routine"`` (routine and
        pain) or ``"load"`` (running load and pain)."""
        self._holding = True
        try:
            if view is not None:
                self.view.value = view
            if athlete is not None:
                self.athlete.value = athlete
            if pain_context is not None:
                self.context.value = pain_context
            if drills is not None:
                self.drills.value = tuple(self.routine.resolve(d) or d for d in drills)
            if weeks is not None:
                lo, hi = (pd.Timestamp(x) for x in weeks)
                self.weeks.value = (lo, hi)
        finally:
            self._holding = False
        self.update()

    def axes(self, chart: str):
        """The matplotlib Axes behind a chart on show: ``"trend"`` (the top chart: routine or load),
        ``"breakdown"`` (the drills) or ``"calendar"``."""
        if chart not in self._on_show:
            raise ValueError(f"charts: {', '.join(self._on_show) or 'none yet (no sessions)'}")
        return self._on_show[chart]

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The weekly summary and daily doses for the chosen athlete and pain context (cached)."""
        key = (self.athlete.value, self.context.value)
        if key not in self._frames:
            ds = self.dataset.for_athlete(self.athlete.value)
            context = None if self.context.value == "all" else self.context.value
            summary = ds.weekly_summary(pain_context=context)
            daily = ds.daily_adherence()
            self._frames[key] = (summary, daily)
        return self._frames[key]

    def _steps(self, athlete: str) -> list[str]:
        """What adding each piece this athlete's data lacks would give (:meth:`Dataset.next_steps`), kept."""
        if athlete not in self._missing:
            self._missing[athlete] = self.dataset.for_athlete(athlete).next_steps()
        return self._missing[athlete]

    def _update_without_routine(self, summary: pd.DataFrame, held: dict[str, bool]) -> None:
        """No routine log for this athlete: the running load and pain (or pain alone) week by week and the weeks'
        table; no drills, no calendar of doses, no routine view to choose."""
        athlete, context = self.athlete.value, self.context.value
        self.view.layout.display = "none"
        self.key.layout.display = None if held["pain"] and not held["runs"] else "none"
        self.key.value = pain_key(summary)
        if held["runs"]:
            chart, draw = "load", (lambda ax: plots.load_and_pain(summary, ax=ax))
        else:
            chart, draw = "trend", (lambda ax: plots.adherence_vs_pain(summary, legend=False, ax=ax))
        key = (chart, athlete, context)
        fig, ax = self._figure(key, (9.5, 3.7 if held["runs"] else 3.6), draw, like=self._like(chart, athlete))
        lo, hi = self.weeks.index
        weeks = summary["program_week"].to_numpy()
        ax.set_xlim(weeks[lo] - 0.6, weeks[hi] + 0.6)
        if held["runs"]:
            plots.load_ticks(ax, summary.iloc[lo : hi + 1])
        else:
            ax.set_xticks(*plots.thin_ticks(weeks[lo : hi + 1], [str(x) for x in weeks[lo : hi + 1]]))
        self._on_show = {"trend": ax}
        if self._shown.get(id(self.trend)) != (key, lo, hi):
            self.trend.value = snapshot(fig)
            self._shown[id(self.trend)] = (key, lo, hi)
        self.table.value = weeks_table(summary.iloc[lo : hi + 1])

    def _on_source(self, _=None) -> None:
        """A new athlete or pain context: offer its weeks, keeping the chosen ones where they still exist."""
        summary, _ = self.frames()
        options = [(pd.Timestamp(x).strftime("%d %b"), pd.Timestamp(x)) for x in summary["week_start"]] or [("-", 0)]
        if list(self.weeks.options) != options:
            chosen = self.weeks.value
            values = [v for _, v in options]
            was_holding, self._holding = self._holding, True
            try:
                self.weeks.options = options
                keep = len(chosen) == 2 and all(v in values for v in chosen)
                self.weeks.index = (values.index(chosen[0]), values.index(chosen[1])) if keep else (0, len(values) - 1)
            finally:
                self._holding = was_holding
        self.update()

    def _figure(self, key: tuple, size: tuple[float, float], draw, *, like: tuple | None = None):
        """The chart for ``key``, drawn once. ``like`` names a chart of the same shape (the same athlete's
        trend for another pain context) whose layout is reused instead of being worked out again."""
        if key not in self._figures:
            fig = figure(*size, dpi=DPI)
            ax = fig.add_subplot()
            draw(ax)
            model = self._figures.get(like) if like is not None else None
            if model is not None and len(model[0].axes) == len(fig.axes):
                fig.set_layout_engine("none")
                for mine, theirs in zip(fig.axes, model[0].axes, strict=True):
                    mine.set_position(theirs.get_position())
            else:
                fig.draw_without_rendering()  # lay the figure out once, over its whole window…
                fig.set_layout_engine("none")  # …and keep that layout when only the limits change
            self._figures[key] = (fig, ax)
        return self._figures[key]

    def _like(self, chart: str, athlete: str) -> tuple | None:
        """A chart already drawn for this athlete (another pain context), whose layout fits this one."""
        return next((k for k in self._figures if k[:2] == (chart, athlete)), None)

    def update(self) -> None:
        """Redraw the charts and the table for the current controls."""
        if self._holding:
            return
        started = time.perf_counter()
        summary, daily = self.frames()
        if summary.empty:
            self.table.value = "<p>Nothing logged for this athlete yet: no routine session, pain score or run.</p>"
            for image in (self.trend, self.breakdown, self.calendar):
                image.value = b""
            return
        held = holds(summary)
        steps = self._steps(self.athlete.value)
        self.missing.value = f"<p><b>{shown_line(held)}</b></p>{next_steps_html(steps)}" if steps else ""
        for part in (self.drills, self.breakdown, self.calendar):
            part.layout.display = None if held["routine"] else "none"
        if not held["routine"]:
            self._update_without_routine(summary, held)
            self.last_update_ms = (time.perf_counter() - started) * 1000
            return
        athlete, context = self.athlete.value, self.context.value
        drills = tuple(d for d in self.routine.ids if d in self.drills.value) or tuple(self.routine.ids)
        sub_routine = replace(self.routine, drills=tuple(self.routine.drill(d) for d in drills))
        n_weeks, n_rows = len(summary), len(drills)

        runs = has_runs(summary)
        self.view.layout.display = None if runs else "none"
        load_view = runs and self.view.value == "load"
        self.key.layout.display = "none" if load_view else None
        self.key.value = plots.key_html()
        chart = "load" if load_view else "trend"
        draw = (
            (lambda ax: plots.load_and_pain(summary, ax=ax))
            if load_view
            else (lambda ax: plots.adherence_vs_pain(summary, legend=False, ax=ax))
        )
        key_t = (chart, athlete, context)
        fig_t, ax_t = self._figure(key_t, (9.5, 3.7 if load_view else 3.6), draw, like=self._like(chart, athlete))
        charts = [(self.trend, key_t, fig_t)]
        fig_d, ax_d = self._figure(
            ("drills", athlete, drills),
            (9.5, 1.0 + 0.32 * n_rows),
            lambda ax: plots.drill_breakdown(summary, routine=sub_routine, ax=ax),
        )
        fig_c, ax_c = self._figure(
            ("calendar", athlete), (3.4, 4.6 + 0.02 * n_weeks), lambda ax: plots.calendar(daily, colorbar=False, ax=ax)
        )
        lo, hi = self.weeks.index
        program_weeks = summary["program_week"].to_numpy()
        ax_t.set_xlim(program_weeks[lo] - 0.6, program_weeks[hi] + 0.6)
        if load_view:
            plots.load_ticks(ax_t, summary.iloc[lo : hi + 1])
        else:
            ax_t.set_xticks(*plots.thin_ticks(program_weeks[lo : hi + 1], [str(x) for x in program_weeks[lo : hi + 1]]))
        ax_d.set_xlim(lo - 0.5, hi + 0.5)
        ax_d.set_xticks(*plots.thin_ticks(range(lo, hi + 1), [str(x) for x in program_weeks[lo : hi + 1]]))
        first_week = summary["week_start"].iloc[0]
        row_lo = (summary["week_start"].iloc[lo] - first_week).days // 7
        row_hi = (summary["week_start"].iloc[hi] - first_week).days // 7
        ax_c.set_ylim(row_hi + 0.5, row_lo - 0.5)
        charts += [(self.breakdown, ("drills", athlete, drills), fig_d), (self.calendar, ("calendar", athlete), fig_c)]
        self._on_show = {"trend": ax_t, "breakdown": ax_d, "calendar": ax_c}
        for image, key, fig in charts:
            view = (key, lo, hi)
            if self._shown.get(id(image)) != view:  # only the charts whose data or weeks changed are drawn
                image.value = snapshot(fig)
                self._shown[id(image)] = view

        shown = summary.iloc[lo : hi + 1]
        self.table.value = weeks_table(shown)
        self.last_update_ms = (time.perf_counter() - started) * 1000
