"""The coach's dashboard: the team overview (bands as colours, whether the routine helped, flags as text), the
squad heatmaps of routine and running load, an athlete picker that opens that athlete's answer to "did the
routine help?" first, then the association of routine and pain in words, the pain change and the charts, and
PDF buttons (the squad, or the athlete open) for the physio.

>>> import kneecare_analysis as kc
>>> from kneecare_analysis.widgets import CoachDashboard
>>> CoachDashboard(kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")).picker.options[:3]
('Kai', 'Grace', 'Elif')
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .. import plots
from ..analysis import relationship, team_overview
from ..dataset import Dataset
from ..palette import STATUS
from ..render import (
    association_text,
    ci_range,
    day,
    effect_html,
    figure,
    has_runs,
    html_table,
    one_decimal,
    overview_table,
    png,
)


class CoachDashboard:
    """The squad at a glance: the overview in attention order, the heatmaps of routine and running load, an
    athlete opened with their charts and pain change, and PDF buttons. ``.widget`` is the root.

    Parameters
    ----------
    dataset : Dataset
        A loaded squad folder (:func:`kneecare_analysis.load_dataset`).
    pdf_folder : str or Path, optional
        Where the PDF buttons save; by default the current folder.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> dashboard = CoachDashboard(kc.load_dataset(kc.paths.SAMPLE_DIR / "squad"))
    >>> dashboard.picker.value
    'Kai'
    >>> dashboard.select("Ana")
    >>> dashboard.detail_text.value.startswith("<p><b>Ana</b>: ok")
    True
    """

    def __init__(self, dataset: Dataset, *, pdf_folder: str | Path | None = None):
        self.dataset = dataset
        self.pdf_folder = Path(pdf_folder) if pdf_folder is not None else Path.cwd()  # beside the notebook
        self.summary = dataset.weekly_summary()
        self.overview = team_overview(self.summary)
        self.change = dataset.pain_change()
        self.effect = dataset.routine_effect()  # the answer, shown before any association
        self.related = relationship(self.summary) if len(self.summary) else None
        self.daily = dataset.daily_adherence()
        self.lights = dataset.run_tolerance() if dataset.runs is not None and len(dataset.pain) else None
        self.table = w.HTML(overview_table(self.overview, effect=self.effect))
        self.table.add_class("kc-team-table")
        fig = figure(11, 0.33 * len(self.overview) + 2.2)
        plots.squad_heatmap(self.summary, order=self.overview["athlete"].astype(str).tolist(), ax=fig.add_subplot())
        self.heatmap = w.Image(value=png(fig), format="png", layout=w.Layout(max_width="100%"))
        self.load_map = w.Image(format="png", layout=w.Layout(max_width="100%"))
        if has_runs(self.summary):  # the squad's running load beside its routine
            fig = figure(11, 0.33 * len(self.overview) + 2.2)
            plots.squad_load(self.summary, order=self.overview["athlete"].astype(str).tolist(), ax=fig.add_subplot())
            self.load_map.value = png(fig)
        names = self.overview["athlete"].tolist()
        self.picker = w.Select(options=names, value=names[0] if names else None, rows=min(len(names), 14) or 1)
        self.picker.add_class("kc-athlete-picker")
        self.picker.observe(lambda change: self.select(change["new"]), names="value")
        self.detail_charts = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.detail_load = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.detail_text = w.HTML()
        self.pdf_squad = w.Button(description="PDF of the squad", icon="file-pdf-o", layout=w.Layout(width="170px"))
        self.pdf_athlete = w.Button(
            description="PDF of this athlete", icon="file-pdf-o", layout=w.Layout(width="170px")
        )
        self.pdf_squad.add_class("kc-pdf-squad")
        self.pdf_athlete.add_class("kc-pdf-athlete")
        self.pdf_status = w.HTML()
        self.pdf_squad.on_click(lambda _: self._pdf_clicked(None))
        self.pdf_athlete.on_click(lambda _: self._pdf_clicked(self.picker.value))
        picker = w.VBox(
            [w.HTML("<b>Open an athlete</b>"), self.picker, self.pdf_athlete, self.pdf_squad, self.pdf_status],
            layout=w.Layout(margin="0 0 0 16px", width="260px", min_width="260px"),  # the overview keeps its width
        )
        self.widget = w.VBox(
            [
                w.HTML("<h3 style='margin:0'>Squad overview — who needs attention first</h3>"),
                w.HBox([self.table, picker]),  # the picker beside the overview, in its order
                self.heatmap,
                self.load_map,
                self.detail_text,
                self.detail_charts,
                self.detail_load,
            ]
        )
        self.widget.add_class("kc-dashboard")
        if names:
            self.select(names[0])

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def pdf(self, athlete: str | None = None) -> Path:
        """Write the PDF (:mod:`kneecare_analysis.pdf`) of the squad, or of one athlete, into ``pdf_folder``."""
        from ..pdf import write_pdf

        stem = "squad" if athlete is None else "".join(c if c.isalnum() else "-" for c in athlete)
        path = self.pdf_folder / f"kneecare-{stem}-{dt.date.today():%Y-%m-%d}.pdf"
        self.pdf_folder.mkdir(parents=True, exist_ok=True)
        return write_pdf(self.dataset, path, athlete=athlete)

    def _pdf_clicked(self, athlete: str | None) -> None:
        try:
            path = self.pdf(athlete)
        except (OSError, ValueError) as exc:
            self.pdf_status.value = f"<p style='color:{STATUS['danger']}'>No PDF: {html.escape(str(exc))}</p>"
            return
        data = base64.b64encode(path.read_bytes()).decode("ascii")  # a link that works in JupyterLab and the app
        self.pdf_status.value = (
            f"<p>Saved {html.escape(path.name)} ({path.stat().st_size // 1024} KiB) in "
            f"{html.escape(str(path.parent))}: <a class='kc-pdf-link' download='{html.escape(path.name)}' "
            f"href='data:application/pdf;base64,{data}'>download it</a>.</p>"
        )

    def select(self, athlete: str) -> None:
        """Show one athlete's answer to "did the routine help?" first, then the association of routine and pain
        (program week held constant, raw beside it), the pain change, and the charts: adherence and pain,
        calendar, running load and run traffic lights."""
        if athlete not in self.overview["athlete"].tolist():
            raise ValueError(f"no athlete {athlete!r}")
        if self.picker.value != athlete:
            self.picker.value = athlete  # the observer comes back here
            return
        s = self.summary[self.summary["athlete"].astype(str) == athlete]
        d = self.daily[self.daily["athlete"].astype(str) == athlete]
        fig = figure(12, 4.6)
        grid = fig.add_gridspec(1, 2, width_ratios=[3, 1.2])
        plots.adherence_vs_pain(s, athlete=athlete, ax=fig.add_subplot(grid[0, 0]))
        plots.calendar(d, athlete=athlete, ax=fig.add_subplot(grid[0, 1]))
        self.detail_charts.value = png(fig)
        if has_runs(s):
            lights = self.lights[self.lights["athlete"] == athlete] if self.lights is not None else None
            fig = figure(12, 4.0)
            grid = fig.add_gridspec(1, 2, width_ratios=[2.4, 2]) if lights is not None and len(lights) else None
            plots.load_and_pain(s, athlete=athlete, ax=fig.add_subplot(grid[0, 0] if grid is not None else 111))
            if grid is not None:
                plots.run_lights(lights, athlete=athlete, max_labels=8, ax=fig.add_subplot(grid[0, 1]))
            self.detail_load.value = png(fig)
        else:
            self.detail_load.value = b""
        row = self.change[self.change["athlete"].astype(str) == athlete]
        over = self.overview[self.overview["athlete"] == athlete].iloc[0]
        text = [f"<p><b>{html.escape(athlete)}</b>: {html.escape(str(over['attention']))}"]
        if over["flags"]:
            text.append(f" — {html.escape(over['flags'])}")
        text.append("</p>")
        effect = self.effect[self.effect["athlete"].astype(str) == athlete]
        text.append(effect_html(effect.iloc[0] if len(effect) else None))
        related = self.related
        mine = related[related["athlete"].astype(str) == athlete] if related is not None else related
        if mine is not None and len(mine):
            words = association_text(mine.iloc[0], adjusted=len(related) > 1)
            text.append(f"<p class='kc-association'>{html.escape(words)}</p>")
        if len(row):
            text.append("<p style='margin:8px 0 2px'><b>Pain against baseline</b></p>")
            r = row.iloc[0]
            text.append(
                html_table(
                    pd.DataFrame(
                        {
                            "window": [f"{day(r['window_start'])} – {day(r['window_end'])}"],
                            "baseline pain": [r["baseline"]],
                            "latest pain": [r["latest"] if pd.notna(r["latest"]) else r["latest_reason"]],
                            "change": [r["change"]],
                            "95% CI": [ci_range(r["change_low"], r["change_high"])],
                            "verdict": [r["verdict"]],
                        }
                    ),
                    formats={
                        "baseline pain": one_decimal,
                        "latest pain": lambda v: v if isinstance(v, str) else one_decimal(v),
                        "change": one_decimal,
                    },
                    band_column=None,
                )
            )
        self.detail_text.value = "".join(text)
