"""The coach's dashboard: a heading with the squad's name and the date the data runs to, the files that did not
load cleanly (per athlete, at the top), the team overview in attention order beside an athlete picker and the PDF
buttons, the athlete opened (their answer to "did the routine help?" first, then the association of routine and
pain in words, the pain change and the charts), and the squad heatmaps of routine and running load.

Every chart is drawn once per dataset and kept, so opening an athlete again only sends the images; as an app
(``app=True``) the charts of the other athletes are drawn one at a time while the page is idle, so a click finds
them ready. The PDF buttons download the PDF in the browser, and save a copy only into ``pdf_folder`` when one
is given.

>>> import kneecare_analysis as kc
>>> from kneecare_analysis.widgets import CoachDashboard
>>> CoachDashboard(kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")).picker.options[:3]
('Kai', 'Grace', 'Elif')
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import html
import json
import secrets
import tempfile
import time
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .. import plots
from ..analysis import relationship, team_overview
from ..dataset import Dataset
from ..palette import PANEL_BG, SAMPLE_BANNER, STATUS
from ..paths import atomic_write, is_sample
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
    snapshot,
)
from .squad_page import as_of, problems_by_athlete, problems_html, squad_name

DPI = 90  # the charts' own resolution: drawn once at it, never laid out again for the PNG
IDLE_PAUSE = 0.02  # seconds between two charts drawn while the page is idle: clicks are answered in between
PARTS = ("routine", "calendar", "load", "lights")  # an athlete's charts, in the order they are drawn
SIZES = {"routine": (8.0, 4.0), "calendar": (4.6, 4.0), "load": (6.6, 3.6), "lights": (6.6, 3.6)}
SQUAD = ""  # the key of the squad's own charts in the cache
START_ANYWAY = 15.0  # seconds after which the drawing while idle begins though the page never said it was shown
SHOWN = """const shown = (tries) => {
  const button = document.querySelector('.kc-page-shown');
  if (button) button.click(); else if (tries > 0) setTimeout(() => shown(tries - 1), 100);
};
setTimeout(() => shown(100), 0);"""  # the page tells the kernel it is shown

STYLE = f"""<style>
.kc-dashboard {{ max-width: 100%; }}
.kc-dashboard .kc-heading h2 {{ margin: 0 0 2px; font-size: 1.4em; line-height: 1.25; }}
.kc-dashboard .kc-heading p {{ margin: 0 0 4px; }}
.kc-dashboard .kc-sample {{ border-left: 6px solid {SAMPLE_BANNER}; background: {PANEL_BG}; padding: 4px 10px; }}
.kc-dashboard .kc-problems {{ border-left: 6px solid {STATUS["warning"]}; background: {PANEL_BG};
  padding: 4px 10px; margin: 4px 0; overflow-wrap: anywhere; }}
.kc-dashboard .kc-problems p {{ margin: 4px 0 2px; }}
.kc-dashboard .kc-problems ul {{ margin: 0 0 4px; padding-left: 1.4em; }}
.kc-dashboard .kc-row {{ gap: 6px 16px; }}
.kc-dashboard .kc-scroll {{ overflow-x: auto; max-width: 100%; }}
.kc-dashboard .kc-team-table td:first-child {{ position: sticky; left: 0; background: #ffffff; }}
.kc-dashboard .kc-team-table th:first-child {{ position: sticky; left: 0; }}
.kc-dashboard .kc-table td:last-child {{ min-width: 16em; }}
.kc-dashboard .kc-table td[style*="white-space:normal"] {{ min-width: 11em; }}
.kc-dashboard .widget-html, .kc-dashboard .widget-html-content {{ min-width: 0; max-width: 100%; }}
.kc-dashboard .widget-html-content {{ line-height: 1.35; }}
#rendered_cells:has(.kc-dashboard) {{ max-width: 1500px !important; }}
.kc-dashboard .widget-image {{ height: auto; }}
</style>"""


class CoachDashboard:
    """The squad at a glance: the heading (squad, as-of date), the loading problems per athlete, the overview in
    attention order beside the athlete picker and the PDF buttons, the athlete opened, and the squad's
    heatmaps. ``.widget`` is the root, and the object displays itself.

    Parameters
    ----------
    dataset : Dataset
        A loaded squad folder (:func:`kneecare_analysis.load_dataset`, best with ``errors="report"``).
    pdf_folder : str or Path, optional
        Where the PDF buttons also save a copy; by default none is saved (the browser downloads the PDF).
    app : bool
        The dashboard is the page (as ``kneecare dashboard`` serves it): the heading becomes the browser tab's
        title, the sample squad is labelled, and the other athletes' charts are drawn while the page is idle.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> dashboard = CoachDashboard(kc.load_dataset(kc.paths.SAMPLE_DIR / "squad"))
    >>> dashboard.picker.value
    'Kai'
    >>> dashboard.select("Ana")
    >>> dashboard.detail_text.value.startswith("<p><b>Ana</b>: ok")
    True
    >>> dashboard.title
    'Sample squad · squad overview as of Sun 26 Apr 2026'
    """

    def __init__(self, dataset: Dataset, *, pdf_folder: str | Path | None = None, app: bool = False):
        self.dataset = dataset
        self.pdf_folder = Path(pdf_folder).expanduser() if pdf_folder is not None else None
        self.app = app
        self.summary = dataset.weekly_summary()
        self.overview = team_overview(self.summary)
        self.change = dataset.pain_change()
        self.effect = dataset.routine_effect()  # the answer, shown before any association
        self.related = relationship(self.summary) if len(self.summary) else None
        self.daily = dataset.daily_adherence()
        self.lights = dataset.run_tolerance() if dataset.runs is not None and len(dataset.pain) else None
        self.problems = problems_by_athlete(dataset)
        self.name = squad_name(dataset.folder)
        self.as_of = as_of(dataset)
        self.title = f"{self.name} · squad overview as of {self.as_of}"
        self.last_select_ms: float | None = None
        self._images: dict[tuple[str, str], bytes] = {}
        self._texts: dict[str, str] = {}
        self._pdfs: dict[str | None, tuple[str, bytes]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: list[tuple[str, str]] = []  # charts to draw while the page is idle, next first
        self._scheduled = False  # whether the next chart of the queue is already due
        self._drawing = False  # whether the drawing while idle has begun (once the page is shown)
        names = self.overview["athlete"].astype(str).tolist()
        self.names = names

        self.heading = w.HTML(self._heading_html(), layout=w.Layout(width="100%"))
        self.heading.add_class("kc-heading")
        self.problems_panel = w.HTML(problems_html(self.problems), layout=w.Layout(width="100%"))
        self.table = w.HTML(
            f"<div class='kc-scroll'>{overview_table(self.overview, effect=self.effect)}</div>",
            layout=w.Layout(flex="1 1 560px", min_width="0", max_width="100%"),
        )
        self.table.add_class("kc-team-table")
        self.picker = w.Select(
            options=names,
            value=names[0] if names else None,
            rows=min(len(names), 12) or 1,
            layout=w.Layout(width="auto"),  # the panel's width, margins included
        )
        self.picker.add_class("kc-athlete-picker")
        self.picker.observe(lambda change: self.select(change["new"]), names="value")
        button = {"icon": "file-pdf-o", "layout": w.Layout(width="auto", min_width="150px", flex="1 1 150px")}
        self.pdf_athlete = w.Button(description="PDF of this athlete", **button)
        self.pdf_squad = w.Button(description="PDF of the squad", **button)
        self.pdf_athlete.add_class("kc-pdf-athlete")
        self.pdf_squad.add_class("kc-pdf-squad")
        self.pdf_squad.on_click(lambda _: self._pdf_clicked(None))
        self.pdf_athlete.on_click(lambda _: self._pdf_clicked(self.picker.value))
        self.pdf_status = w.HTML()
        self.download = w.Output(layout=w.Layout(max_width="100%"))  # the browser's download is started here
        self.download.add_class("kc-download")
        # clicked by the page once it is shown (the app's script): only then does the drawing while idle begin, so
        # the kernel and the processor serve the first screen first
        self.page_shown = w.Button(description="shown", layout=w.Layout(display="none"))
        self.page_shown.add_class("kc-page-shown")
        self.page_shown.on_click(lambda _: self._start_drawing())
        panel = w.VBox(
            [
                w.HTML("<b>Open an athlete</b> (in attention order)"),
                self.picker,
                _row([self.pdf_athlete, self.pdf_squad]),
                self.pdf_status,
                self.page_shown,
                self.download,
            ],
            layout=w.Layout(flex="0 1 280px", min_width="220px", max_width="100%"),
        )
        panel.add_class("kc-picker-panel")
        self.detail_text = w.HTML(layout=w.Layout(width="100%"))
        self.detail_charts = _image()  # adherence and pain, week by week
        self.detail_calendar = _image()
        self.detail_load = _image()
        self.detail_lights = _image()
        self._shown_images = {
            "routine": self.detail_charts,
            "calendar": self.detail_calendar,
            "load": self.detail_load,
            "lights": self.detail_lights,
        }
        charts = _row(list(self._shown_images.values()))
        charts.add_class("kc-athlete-charts")
        self.heatmap = _image()
        self.load_map = _image()
        self.widget = w.VBox(
            [
                w.HTML(STYLE, layout=w.Layout(display="none")),
                self.heading,
                self.problems_panel,
                _row([self.table, panel]),
                self.detail_text,
                charts,
                w.HTML("<h4 style='margin:12px 0 2px'>The squad, week by week</h4>"),
                self.heatmap,
                self.load_map,
            ],
            layout=w.Layout(max_width="100%"),
        )
        self.widget.add_class("kc-dashboard")
        if app:
            self.download.outputs = (_html_output(_script(f"document.title = {_js(self.title)};\n{SHOWN}")),)
        idle = app and self._idle_drawing()
        if names:
            self._show(names[0], now=() if idle else PARTS)
        if not idle:
            self._show_squad()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _heading_html(self) -> str:
        count = len(self.overview)
        text = (
            f"<h2>{html.escape(self.name)}: who needs attention first</h2>"
            f"<p class='kc-as-of'>As of <b>{html.escape(self.as_of)}</b> (the last day in the data) · "
            f"{count} athlete{'s' * (count != 1)}</p>"
        )
        if self.app and self.dataset.folder is not None and is_sample(self.dataset.folder):
            text += (
                "<p class='kc-sample'>The made-up sample squad, not yours: <code>kneecare dashboard DIR</code> "
                "opens your squad's folder.</p>"
            )
        return text

    # ---- charts: drawn once, kept -------------------------------------------------------------------------
    def image(self, athlete: str, part: str) -> bytes:
        """One chart as PNG, drawn the first time and kept: an athlete's ``"routine"`` (adherence and pain),
        ``"calendar"``, ``"load"`` (running load and pain) or ``"lights"`` (run traffic lights), or with
        ``athlete=""`` the squad's ``"heatmap"`` or ``"load"``; ``b""`` where there is nothing to draw."""
        key = (athlete, part)
        if key not in self._images:
            self._images[key] = self._draw(athlete, part)
        return self._images[key]

    def _draw(self, athlete: str, part: str) -> bytes:
        if athlete == SQUAD:
            if part == "load" and not has_runs(self.summary):
                return b""
            fig = figure(11, 0.33 * len(self.overview) + 2.2, dpi=DPI)
            chart = plots.squad_heatmap if part == "heatmap" else plots.squad_load
            chart(self.summary, order=self.names, ax=fig.add_subplot())
            return snapshot(fig)
        s = self.summary[self.summary["athlete"].astype(str) == athlete]
        if part in ("load", "lights") and not has_runs(s):
            return b""
        lights = None
        if part == "lights":
            lights = self.lights[self.lights["athlete"] == athlete] if self.lights is not None else None
            if lights is None or not len(lights):
                return b""
        fig = figure(*SIZES[part], dpi=DPI)
        ax = fig.add_subplot()
        if part == "routine":
            plots.adherence_vs_pain(s, athlete=athlete, ax=ax)
        elif part == "calendar":
            plots.calendar(self.daily[self.daily["athlete"].astype(str) == athlete], athlete=athlete, ax=ax)
        elif part == "load":
            plots.load_and_pain(s, athlete=athlete, ax=ax)
        else:
            plots.run_lights(lights, athlete=athlete, max_labels=8, ax=ax)
        return snapshot(fig)

    def _show_squad(self) -> None:
        _put(self.heatmap, self.image(SQUAD, "heatmap"))
        _put(self.load_map, self.image(SQUAD, "load"))

    def _idle_drawing(self) -> bool:
        """Draw the charts not yet drawn, one at a time, while the kernel has nothing else to do: first the
        athlete shown, then the squad's heatmaps, then the others in attention order. Needs the kernel's
        running event loop (a notebook or an app); ``False`` without one."""
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        first = [(name, part) for name in self.names[:1] for part in PARTS]
        rest = [(name, part) for name in self.names[1:] for part in PARTS]
        self._queue = [*first, (SQUAD, "heatmap"), (SQUAD, "load"), *rest]
        self._loop.call_later(START_ANYWAY, self._start_drawing)
        return True

    def _start_drawing(self) -> None:
        if not self._drawing:
            self._drawing = True
            self._draw_soon([])

    @property
    def to_draw(self) -> int:
        """How many charts are still to be drawn while the page is idle (``0`` once all are, or without an
        app's event loop)."""
        return sum(key not in self._images for key in self._queue)

    def _draw_soon(self, keys: list[tuple[str, str]]) -> None:
        """Put ``keys`` first among the charts drawn while idle, and make sure the drawing goes on."""
        self._queue[:0] = [key for key in keys if key not in self._images]
        if self._loop is not None and self._drawing and self._queue and not self._scheduled:
            self._scheduled = True
            self._loop.call_later(IDLE_PAUSE, self._draw_next)

    def _draw_next(self) -> None:
        """Draw one chart of the queue and show it where it belongs; then let the kernel answer any click
        before the next."""
        self._scheduled = False
        while self._queue:
            athlete, part = self._queue.pop(0)
            if (athlete, part) in self._images:
                continue
            data = self.image(athlete, part)
            if athlete == SQUAD:
                _put(self.heatmap if part == "heatmap" else self.load_map, data)
            elif athlete == self.picker.value:
                _put(self._shown_images[part], data)
            break
        self._draw_soon([])

    # ---- the athlete opened -------------------------------------------------------------------------------
    def select(self, athlete: str) -> None:
        """Show one athlete's answer to "did the routine help?" first, then the association of routine and pain
        (program week held constant, raw beside it), the pain change, and the charts: adherence and pain,
        calendar, running load and run traffic lights (``last_select_ms`` records how long it took)."""
        if athlete not in self.names:
            raise ValueError(f"no athlete {athlete!r}")
        if self.picker.value != athlete:
            self.picker.value = athlete  # the observer comes back here
            return
        # in the app the first chart is drawn at once and the others straight after, each shown as it comes
        self._show(athlete, now=PARTS if self._loop is None else PARTS[:1])
        self._draw_soon([(athlete, part) for part in PARTS[1:]])

    def _show(self, athlete: str, *, now: tuple[str, ...]) -> None:
        """Show ``athlete``: the words, the charts already drawn and those of ``now``, which are drawn here."""
        started = time.perf_counter()
        text = self.text(athlete)
        # everything is made before anything changes on the page: never one athlete's words over another's charts
        images = {
            part: self.image(athlete, part) if part in now or (athlete, part) in self._images else b""  # b"": soon
            for part in PARTS
        }
        for part, data in images.items():
            _put(self._shown_images[part], data)
        self.detail_text.value = text
        self.last_select_ms = (time.perf_counter() - started) * 1000

    def text(self, athlete: str) -> str:
        """What the dashboard says of one athlete, as HTML (kept once made): the attention and its flags, did
        the routine help, the association in words, and the pain against baseline."""
        if athlete not in self._texts:
            self._texts[athlete] = self._text(athlete)
        return self._texts[athlete]

    def _text(self, athlete: str) -> str:
        over = self.overview[self.overview["athlete"].astype(str) == athlete].iloc[0]
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
        row = self.change[self.change["athlete"].astype(str) == athlete]
        if len(row):
            text.append("<p style='margin:8px 0 2px'><b>Pain against baseline</b></p>")
            r = row.iloc[0]
            table = pd.DataFrame(
                {
                    "window": [f"{day(r['window_start'])} – {day(r['window_end'])}"],
                    "baseline pain": [r["baseline"]],
                    "latest pain": [r["latest"] if pd.notna(r["latest"]) else r["latest_reason"]],
                    "change": [r["change"]],
                    "95% CI": [ci_range(r["change_low"], r["change_high"])],
                    "verdict": [r["verdict"]],
                }
            )
            formats = {
                "baseline pain": one_decimal,
                "latest pain": lambda v: v if isinstance(v, str) else one_decimal(v),
                "change": one_decimal,
            }
            text.append(f"<div class='kc-scroll'>{html_table(table, formats=formats, band_column=None)}</div>")
        return "".join(text)

    # ---- the PDF buttons ----------------------------------------------------------------------------------
    def pdf_bytes(self, athlete: str | None = None) -> tuple[str, bytes]:
        """The PDF (:func:`kneecare_analysis.pdf.write_pdf`) of the squad, or of one athlete: its file name
        (``kneecare-<athlete or squad>-<today>.pdf``) and its bytes, made once and kept."""
        from ..pdf import write_pdf

        if athlete not in self._pdfs:
            stem = "squad" if athlete is None else "".join(c if c.isalnum() else "-" for c in athlete)
            name = f"kneecare-{stem}-{dt.date.today():%Y-%m-%d}.pdf"
            with tempfile.TemporaryDirectory(prefix="kneecare-pdf-") as folder:
                self._pdfs[athlete] = (name, write_pdf(self.dataset, Path(folder) / name, athlete=athlete).read_bytes())
        return self._pdfs[athlete]

    def pdf(self, athlete: str | None = None) -> Path:
        """Save the PDF of the squad, or of one athlete, into ``pdf_folder``; returns its path. Raises
        ``ValueError`` when the dashboard was given no ``pdf_folder``."""
        if self.pdf_folder is None:
            raise ValueError("no folder to save PDFs into: give the dashboard pdf_folder= (kneecare dashboard --pdfs)")
        name, data = self.pdf_bytes(athlete)
        self.pdf_folder.mkdir(parents=True, exist_ok=True)
        path = self.pdf_folder / name
        atomic_write(path, data)
        return path

    def _pdf_clicked(self, athlete: str | None) -> None:
        what = "the squad" if athlete is None else athlete
        self.pdf_status.value = f"<p>Making the PDF of {html.escape(what)}…</p>"
        try:
            name, data = self.pdf_bytes(athlete)
            saved = self.pdf(athlete) if self.pdf_folder is not None else None
        except (OSError, ValueError) as exc:
            self.pdf_status.value = f"<p style='color:{STATUS['danger']}'>No PDF: {html.escape(str(exc))}</p>"
            self.download.outputs = ()  # no link to an earlier PDF under the message
            return
        said = f"Downloaded {html.escape(name)} ({len(data) // 1024} KiB)"
        if saved is not None:
            said += f"; Saved a copy in {html.escape(str(saved.parent))}"
        self.pdf_status.value = f"<p>{said}.</p>"
        self.download.outputs = (_html_output(_download_script(name, data)),)


def _image() -> w.Image:
    """An image widget of its own layout, hidden until it has something to show."""
    return w.Image(format="png", layout=w.Layout(max_width="100%", height="auto", display="none"))


def _put(image: w.Image, data: bytes) -> None:
    """Show ``data`` in ``image``; an empty image (nothing to draw, or not drawn yet) takes no room and shows no
    broken-image sign."""
    image.value = data
    image.layout.display = None if data else "none"


def _row(children: list) -> w.HBox:
    """A row that wraps onto the next line where the screen is narrow."""
    row = w.HBox(children, layout=w.Layout(flex_flow="row wrap", align_items="flex-start", max_width="100%"))
    row.add_class("kc-row")
    return row


def _html_output(markup: str) -> dict:
    """An output of an Output widget showing ``markup`` (its scripts run when the browser shows it)."""
    return {"output_type": "display_data", "data": {"text/html": markup, "text/plain": ""}, "metadata": {}}


def _js(text: str) -> str:
    """``text`` as a JavaScript string inside a script element (no ``<`` that could end the element)."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\u003c")


def _script(code: str) -> str:
    return f"<script>(() => {{ {code} }})();</script>"


def _download_script(name: str, data: bytes) -> str:
    """HTML whose script, run once when the browser shows it, downloads ``data`` as ``name`` and leaves a link
    to save it again (for a browser that held the automatic download back)."""
    token = secrets.token_hex(8)
    payload = base64.b64encode(data).decode("ascii")
    code = f"""
const done = (window.kcDownloads = window.kcDownloads || new Set());
if (done.has('{token}')) return;
done.add('{token}');
const bytes = Uint8Array.from(atob('{payload}'), c => c.charCodeAt(0));
const a = document.createElement('a');
a.href = URL.createObjectURL(new Blob([bytes], {{type: 'application/pdf'}}));
a.download = {_js(name)};
a.className = 'kc-pdf-link';
a.textContent = 'Save it again';
const here = document.getElementById('kc-download-{token}');
if (here) here.appendChild(a);
a.click();
"""
    return f"<span id='kc-download-{token}'></span>{_script(code)}"
