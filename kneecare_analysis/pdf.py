"""A PDF for the physio: one A4 page per athlete, and for a squad an overview page first, in attention order.

Each athlete's page opens with the answer to "did the routine help?" (:func:`kneecare_analysis.routine_effect`:
the verdict, the level change of daily morning pain with its 95 % CI, the n, the MCID and its source, the design,
and what is missing when it cannot tell yet); then adherence and pain week by week with their association in
words (the program week held constant, the raw ρ beside it), the pain change against the 2-point minimal
clinically important difference on the 0–10 scale (Farrar et al. 2001; Crossley et al. 2004), the
questionnaire scores and their change against each instrument's minimal important change, each run's traffic
light, the n behind every number, and the plain statement that the weekly figures are associations, not proof
that the routine caused the change, and the most recent weeks as far as the page has room. The overview page
gives the squad's day of data ("as of"), each athlete's action first with its reasons, pain's mean, highest
score and count with their week and age, each athlete's answer in a column, and the definitions of "call" and
"check in" in full; files that did not load cleanly are listed at the top with their line and athlete. Every
page is numbered. Made with matplotlib's own PDF backend (already the kit's charting library: no other
dependency); its Type 3 fonts keep the text searchable and are several times quicker to write than embedded
TrueType.

>>> import tempfile, pathlib
>>> import kneecare_analysis as kc
>>> squad = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
>>> write_pdf(squad, pathlib.Path(tempfile.mkdtemp()) / "kai.pdf", athlete="Kai").read_bytes()[:5]
b'%PDF-'
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from . import plots, render
from .analysis import attention_rules, relationship, team_overview
from .analysis.pain import MCID
from .dataset import Dataset
from .instruments import INSTRUMENTS
from .palette import ACTION_COLOURS, ACTION_TEXT, MUTED_TEXT, NOTE_TEXT, STATUS, TABLE_BORDER, TABLE_HEADER_BG, TEXT
from .report import WITHOUT_ROUTINE, holds, named_problems, shown_line

A4 = (8.27, 11.69)
FONT_TYPE = 3  # Type 3 fonts: text that can be searched and copied, written far quicker than TrueType (42)
FOOT = 0.075  # the lowest edge of a page's content: the notes and the page number sit below it
TABLE_FONT = 7.0
PROBLEMS_ON_OVERVIEW = 6  # more problems than this get a page of their own after the overview
OVERVIEW_ROWS = 12  # athletes per overview page: a row wraps to up to four lines, the definitions sit below
PROBLEMS_ON_PAGE = 45  # the smallest text on a page, tables included (legible when printed)
ASSOCIATION = (
    "These figures show how the routine, running and pain went together week by week: associations, not proof "
    "that the routine caused the change. Read them with the athlete, alongside your examination."
)
EFFECT_NOTE = (
    "did the routine help?: the level of daily morning pain after a 14-day ramp against the level before the start, "
    "with its 95 % CI, read against an MCID of 2 points (Crossley 2004); numbers are the change and its CI."
)
WEEK_WIDTHS = {"week": 0.1, "sessions": 0.07, "dose": 0.13, "pain mean": 0.075, "pain max": 0.075, "scores": 0.06}


def write_pdf(dataset: Dataset, path: str | Path, *, athlete: str | None = None) -> Path:
    """Write the PDF to ``path``: the overview page (for more than one athlete), a page of the files that did
    not load cleanly (when the dataset was loaded with ``errors="report"`` and has problems), then a page per
    athlete in attention order; ``athlete`` makes it that athlete's page alone. Every page is numbered and says
    the day the data runs to. Returns the path."""
    path = Path(path)
    ds = dataset.for_athlete(athlete) if athlete is not None else dataset
    summary = ds.weekly_summary()
    if summary.empty:
        raise ValueError("nothing to report: no routine session, pain score or run loaded")
    overview = team_overview(summary)
    names = overview["athlete"].astype(str).tolist()
    change = ds.pain_change() if len(ds.pain) else None
    scores = ds.scores()
    lights = ds.run_tolerance() if ds.runs is not None and len(ds.pain) else None
    effect = ds.routine_effect()
    related = relationship(summary)
    problems = named_problems(dataset)
    if athlete is not None:  # this athlete's problems, and those no athlete can be told for
        told = problems["athlete"].str.split(" or ")
        problems = problems[told.map(lambda n: athlete in n or n == [""])]
    views = {"change": change, "scores": scores, "lights": lights, "effect": effect, "related": related}
    views["routine"] = dataset.holds("routine")  # the coach's action is read from a routine log: none without one
    views["steps"] = {name: ds.for_athlete(name).next_steps() for name in names}
    stamp = f"as of {overview.attrs['as_of']:%d %b %Y} (the data's last day) · made {dt.date.today():%d %b %Y}"
    own_page = len(problems) > PROBLEMS_ON_OVERVIEW or (len(problems) and len(names) == 1)
    with mpl.rc_context({"pdf.fonttype": FONT_TYPE, "font.size": 8}), PdfPages(path) as pdf:
        overview_pages = (
            _overview_pages(overview, summary, effect, problems, routine=views["routine"]) if len(names) > 1 else []
        )
        numbered = _numbering(len(overview_pages) + bool(own_page) + len(names), stamp)
        info = pdf.infodict()
        info["Title"] = "Knee-care report" + (f": {names[0]}" if len(names) == 1 else " (squad)")
        info["Creator"] = "kneecare-analysis"
        for page in overview_pages:
            pdf.savefig(numbered(page))
        if own_page:
            pdf.savefig(numbered(_problems_page(problems)))
        for name in names:
            pdf.savefig(numbered(_athlete_page(name, summary, overview, views)))
    return path


def _numbering(pages: int, stamp: str):
    """A function that puts the page number and the as-of line at the foot of each page, counting as it goes."""
    count = iter(range(1, pages + 1))

    def number(fig: Figure) -> Figure:
        k = next(count)
        fig.text(0.94, 0.018, f"page {k} of {pages}", fontsize=7.5, ha="right", color=NOTE_TEXT)
        fig.text(0.06, 0.018, f"Knee-care report · {stamp}", fontsize=7.5, color=NOTE_TEXT)
        return fig

    return number


def _page() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=A4)
    FigureCanvasAgg(fig)
    return fig


def _overview_pages(overview, summary, effect, problems, *, routine: bool = True) -> list[Figure]:
    """The squad overview, :data:`OVERVIEW_ROWS` athletes a page, each page with the definitions; the squad's
    weeks below the last part of the table when they fit there legibly, else on a page of their own (none
    without a routine log)."""
    parts = [overview.iloc[i : i + OVERVIEW_ROWS] for i in range(0, len(overview), OVERVIEW_ROWS)]
    pages, low = [], 0.0
    for k, part in enumerate(parts):
        part.attrs = dict(overview.attrs)
        shown = problems if k == 0 else problems.iloc[:0]
        fig, low, bottom = _overview_page(part, effect, shown, part=(k + 1, len(parts)), routine=routine)
        pages.append(fig)
    if not routine:
        return pages
    height = min(bottom - 0.035 - low, 0.42)  # room for the heatmap's title below the table
    if height <= 0.012 * len(overview) + 0.02:  # too little room left for the squad's weeks to be legible
        fig = _page()
        fig.text(0.06, 0.955, "Squad overview — routine done per week", fontsize=15, weight="bold")
        fig.text(0.06, 0.935, render.as_of_line(overview), fontsize=9)
        pages.append(fig)
        low = FOOT + 0.07
        height = 0.86 - low
    ax = fig.add_axes((0.12, low, 0.7, height))
    plots.squad_heatmap(summary, order=overview["athlete"].astype(str).tolist(), ax=ax)
    ax.set_title("Routine done per week (! = a pain flag, × = missed), in the order above", fontsize=9)
    return pages


def _overview_page(
    overview, effect, problems, *, part: tuple[int, int], routine: bool = True
) -> tuple[Figure, float, float]:
    """A page of the overview table (``part`` = this page's number and how many there are), with the
    definitions at its foot; returns the figure, the lowest edge free above the definitions and the table's."""
    fig = _page()
    title = "Squad overview — who needs attention first" if routine else "Squad overview"
    fig.text(0.06, 0.955, title + (f" ({part[0]} of {part[1]})" if part[1] > 1 else ""), fontsize=15, weight="bold")
    fig.text(0.06, 0.935, render.as_of_line(overview) + " · a page per athlete follows, in this order", fontsize=9)
    top = 0.915
    if len(problems):
        top = _problems_block(fig, top, problems, listed=len(problems) <= PROBLEMS_ON_OVERVIEW)
    table = render.overview_words(overview, effect=effect)
    if not routine:  # no routine log in the folder: its columns, the action read from them and the answer left out
        table = render.overview_words(overview).drop(columns=WITHOUT_ROUTINE)
    styles = {}
    for k, action in enumerate(table["action"] if routine else []):
        styles[(k, 0)] = (ACTION_COLOURS.get(action, "#ffffff"), ACTION_TEXT.get(action, "#222222"), "bold")
    old = overview["pain_old"].to_numpy(dtype=bool)
    pain_column = list(table.columns).index("pain, latest scored week")
    for k in np.flatnonzero(old):
        styles[(int(k), pain_column)] = (None, MUTED_TEXT, "normal")  # and the word "old"
    widths = [render.OVERVIEW_WIDTHS[c] for c in table.columns]
    bottom = _table(fig, 0.04, top, table, widths, styles=styles)
    key = " ".join([render.attention_key(attention_rules(weeks=int(overview.attrs["recent_weeks"]))), EFFECT_NOTE])
    key = textwrap.fill(key + " " + ASSOCIATION if routine else "", 150)
    key_top = FOOT + 0.0115 * (key.count("\n") + 1)
    fig.text(0.06, FOOT - 0.01, key, fontsize=7, color=NOTE_TEXT, va="bottom")
    return fig, key_top + 0.07, bottom  # room for a chart's rotated dates above the key


def _problems_block(fig: Figure, top: float, problems: pd.DataFrame, *, listed: bool) -> float:
    """The files that did not load cleanly, at the top of the first page: how many, and (``listed``) each with
    its file, line and athlete; else where they are listed. Returns the lowest edge."""
    n, files = len(problems), problems["file"].nunique()
    text = (
        f"Files that did not load cleanly: {n} problem{'s' * (n != 1)} in {files} file{'s' * (files != 1)}. Those "
        "rows are left out of every figure; correct them and make the report again"
        + ("." if listed else " (the next page lists them).")
    )
    fig.text(0.06, top, textwrap.fill(text, 105), fontsize=8.5, color=STATUS["danger"], weight="bold", va="top")
    top -= 0.03
    if not listed:
        return top
    shown = problems.rename(columns={"reason": "expected"})
    shown = shown.assign(line=shown["line"].map(lambda v: "" if pd.isna(v) else f"{float(v):.0f}"))
    return _table(fig, 0.06, top, shown.astype(str), [0.2, 0.06, 0.12, 0.1, 0.12, 0.28]) - 0.015


def _problems_page(problems: pd.DataFrame) -> Figure:
    fig = _page()
    fig.text(0.06, 0.955, "Files that did not load cleanly", fontsize=15, weight="bold")
    _problems_block(fig, 0.935, problems.head(PROBLEMS_ON_PAGE), listed=True)
    if len(problems) > PROBLEMS_ON_PAGE:
        fig.text(0.06, FOOT + 0.01, f"… and {len(problems) - PROBLEMS_ON_PAGE} more: kneecare validate lists them all.")
    return fig


def _athlete_page(name, summary, overview, views) -> Figure:
    s = summary[summary["athlete"].astype(str) == name]
    over = overview[overview["athlete"].astype(str) == name].iloc[0]
    held = holds(s)
    fig = _page()
    first, last = s["week_start"].min(), s["week_start"].max() + pd.Timedelta(days=6)
    fig.text(0.06, 0.955, name, fontsize=16, weight="bold")
    counts = [f"{int(s['sessions_done'].sum())} sessions"] if held["routine"] else []
    counts += [f"{int(s['pain_n'].sum())} pain scores"] if held["routine"] or held["pain"] else []
    counts += [] if held["routine"] or not held["runs"] else [f"{int(s['run_count'].sum())} runs"]
    line = " · ".join([f"{first:%d %b %Y} – {last:%d %b %Y}", f"{len(s)} week{'s' * (len(s) != 1)}", *counts])
    fig.text(0.06, 0.937, line, fontsize=8.5, color=NOTE_TEXT)
    steps = views["steps"].get(name, [])
    if not views["routine"]:  # no routine log: what is shown, and what adding each missing piece would give
        _missing_block(fig, 0.925, held, steps)
        return _page_without_routine(fig, name, s, held, views, 0.925 - 0.03 - _missing_height(steps))
    action = str(over["attention"])
    reasons = textwrap.fill(f"{action}: {over['flags']}" if over["flags"] else action, 120)
    fig.text(
        0.06,
        0.925,
        reasons,
        fontsize=8.5,
        weight="bold",
        va="top",
        color=ACTION_TEXT[action] if action != "ok" else NOTE_TEXT,
        bbox={"fc": ACTION_COLOURS[action], "ec": "none", "pad": 2} if action != "ok" else None,
    )
    top = 0.893 - 0.0125 * reasons.count("\n")
    if steps:
        _missing_block(fig, top, held, steps)
        top -= 0.03 + _missing_height(steps)
    if not held["routine"]:  # an athlete of the squad who logged no routine: the page of what they logged
        return _page_without_routine(fig, name, s, held, views, top)
    y = _effect_block(fig, top, views["effect"][views["effect"]["athlete"].astype(str) == name])
    ax = fig.add_axes((0.08, y - 0.215, 0.72, 0.19))
    plots.adherence_vs_pain(s, athlete=name, ax=ax)
    ax.set_title(f"Routine done and knee pain, week by week ({len(s)} weeks)", fontsize=9)
    y = _association_block(fig, y - 0.262, name, views["related"])
    y = _pain_block(fig, y, name, views["change"])
    y = _questionnaire_block(fig, y, name, views["scores"])
    if held["runs"] and held["pain"] or not steps:
        y = _lights_block(fig, y, name, views["lights"])
    _weeks_block(fig, y, s)
    fig.text(0.06, FOOT - 0.03, textwrap.fill(ASSOCIATION, 140), fontsize=7, color=NOTE_TEXT)
    return fig


def _page_without_routine(fig: Figure, name: str, s: pd.DataFrame, held: dict, views: dict, y: float) -> Figure:
    """The rest of a page without a routine log: running load and pain (or pain alone) week by week, the pain
    change, the questionnaires, each run's light and the weeks; nothing of the routine, no association."""
    if held["runs"] or held["pain"]:
        ax = fig.add_axes((0.08, y - 0.215, 0.72 if held["runs"] else 0.8, 0.19))
        if held["runs"]:
            plots.load_and_pain(s, athlete=name, note=False, ax=ax)
            what = "Running load and knee pain" if held["pain"] else "Running load"
            ax.set_title(f"{what}, week by week ({len(s)} weeks)", fontsize=9)
        else:
            plots.adherence_vs_pain(s, athlete=name, legend=False, ax=ax)
            ax.set_title(f"Knee pain, week by week ({len(s)} weeks): ● mean, ▼ highest", fontsize=9)
        y -= 0.275
    if held["pain"]:
        y = _pain_block(fig, y, name, views["change"])
    y = _questionnaire_block(fig, y, name, views["scores"])
    if held["runs"] and held["pain"]:
        y = _lights_block(fig, y, name, views["lights"])
    _weeks_block(fig, y, s)
    return fig


def _missing_height(steps: list[str]) -> float:
    return 0.0125 * sum(textwrap.fill(step, 125).count("\n") + 1 for step in steps)


def _missing_block(fig: Figure, top: float, held: dict, steps: list[str]) -> None:
    """What the page shows, in bold, then a line for each missing piece: what adding it would give."""
    fig.text(0.06, top, shown_line(held), fontsize=8.5, weight="bold", va="top")
    text = "\n".join(textwrap.fill(step, 125) for step in steps)
    fig.text(0.06, top - 0.018, text, fontsize=8, va="top", color=NOTE_TEXT, linespacing=1.35)


def _lights_block(fig: Figure, y: float, name: str, lights: pd.DataFrame | None) -> float:
    mine = lights[lights["athlete"] == name] if lights is not None else None
    if mine is None or not len(mine):
        fig.text(0.06, y, "Runs: no runs with pain scores loaded, so no traffic lights.", fontsize=9)
        return y - 0.03
    counts = mine["light"].astype(str).value_counts()
    words = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("green", "yellow", "red", "unknown"))
    fig.text(0.06, y, f"Runs as traffic lights ({len(mine)} run days: {words})", fontsize=10, weight="bold")
    height = min(0.17, y - 0.095 - FOOT - 0.05)  # the chart first; the recent weeks take what is left below
    if height < 0.09:
        fig.text(0.06, y - 0.02, "Each run's light is charted in the HTML report (kneecare report).", fontsize=8.5)
        return y - 0.04
    ax = fig.add_axes((0.08, y - 0.03 - height, 0.7, height))
    plots.run_lights(mine, athlete=name, ax=ax)
    ax.set_title(
        "● green ≤ 2/10 and settled by the next morning; ▲ yellow ≤ 5 and settled; ✖ red over 5 or the next morning "
        "2 points worse",
        fontsize=7,
    )
    return y - 0.03 - height - 0.065  # below the chart's week labels


def _weeks_block(fig: Figure, y: float, s: pd.DataFrame) -> None:
    """The most recent weeks as a table, as many as fit above the foot of the page (up to 8)."""
    rows = int((y - 0.03 - FOOT) / 0.0155) - 1
    if rows < 2:
        return
    recent = s.sort_values("week_start").tail(min(rows, 8))
    fig.text(0.06, y, f"The last {len(recent)} weeks", fontsize=10, weight="bold")
    table = pd.DataFrame({"week": recent["week_start"].dt.strftime("%d %b %Y")})
    held = holds(s)
    if held["routine"]:
        band = recent["band"].astype(str)
        dose = (recent["dose_adherence"] * 100).round().astype(int).astype(str) + " % " + band
        table["sessions"] = recent["sessions_done"].astype(int).astype(str)
        table["dose"] = dose.where(recent["dose_adherence"] > 0, "0 % red · missed")
    if held["routine"] or held["pain"]:
        table["pain mean"] = recent["pain_mean"].map(_num)
        table["pain max"] = recent["pain_max"].map(_num)
        table["scores"] = recent["pain_n"].astype(int).astype(str)
    widths = [WEEK_WIDTHS[c] for c in table.columns]
    if "run_km" in recent:
        table["running km"] = recent["run_km"].map(_num)
        widths.append(0.09)
    table["flags"] = recent["flags"].astype(str) if "flags" in recent else ""
    widths.append(0.88 - sum(widths))
    _table(fig, 0.06, y - 0.012, table, widths, wrap=False)


def _table(
    fig: Figure,
    left: float,
    top: float,
    table: pd.DataFrame,
    widths: list[float],
    *,
    styles: dict | None = None,
    fontsize: float = TABLE_FONT,
    wrap: bool = True,
) -> float:
    """A table drawn cell by cell on the page: light rules, a grey header, the text of each cell wrapped inside
    its own column (never past its border), each row as tall as its longest cell. ``styles`` maps (row, column)
    to (fill, text colour, weight or style). Returns the table's lowest edge."""
    styles = styles or {}
    line = fontsize * 1.3 / 72 / A4[1]
    pad = 0.003
    measure = _measurer(fig, fontsize)

    def lines(text: str, width: float, bold: bool = False) -> list[str]:
        room = width - 2 * pad
        if not wrap:
            while text and measure(text, bold) > room:
                text = text[: max(len(text) - 3, 0)].rstrip() + "…" if len(text) > 2 else ""
            return [text]
        out: list[str] = []
        for word in text.replace(" %", "\u00a0%").split(
            " "
        ):  # a number keeps its % on its line  # greedy: as many words on a line as its measured width allows
            if not word:
                continue
            if out and measure(f"{out[-1]} {word}", bold) <= room:
                out[-1] = f"{out[-1]} {word}"
            else:
                out.append(word)
        return out or [""]

    edges = np.concatenate([[left], left + np.cumsum(widths)])
    rows = [list(table.columns), *table.astype(str).itertuples(index=False)]
    if not wrap:  # rows of one line: a text per column and a rule per row, far fewer artists to draw
        return _flat_table(
            fig,
            edges,
            top,
            rows,
            [[lines(str(t), w)[0] for t, w in zip(r, widths, strict=True)] for r in rows],
            fontsize,
            line,
            pad,
        )
    y = top
    for r, row in enumerate(rows):
        cells = [lines(str(text), w, bold=r == 0) for text, w in zip(row, widths, strict=True)]
        height = line * max(len(c) for c in cells) + 2 * pad
        for c, text in enumerate(cells):
            fill, colour, look = (
                styles.get((r - 1, c), (None, TEXT, "normal")) if r else (TABLE_HEADER_BG, TEXT, "bold")
            )
            box = Rectangle(
                (edges[c], y - height),
                widths[c],
                height,
                transform=fig.transFigure,
                fc=fill or "none",
                ec=TABLE_BORDER,
                lw=0.5,
            )
            fig.add_artist(box)
            fig.text(
                edges[c] + pad,
                y - pad,
                "\n".join(text),
                fontsize=fontsize,
                va="top",
                color=colour,
                weight="bold" if look == "bold" else "normal",
                linespacing=1.15,
            )
        y -= height
    return y


def _measurer(fig: Figure, fontsize: float):
    """The width of a text on the page (a share of its width), measured by the renderer and remembered."""
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    fonts = {False: FontProperties(size=fontsize), True: FontProperties(size=fontsize, weight="bold")}
    seen: dict[tuple[str, bool], float] = {}

    def measure(text: str, bold: bool = False) -> float:
        if (text, bold) not in seen:
            width = renderer.get_text_width_height_descent(text, fonts[bold], ismath=False)[0]
            seen[(text, bold)] = width / (A4[0] * fig.dpi)
        return seen[(text, bold)]

    return measure


def _flat_table(fig: Figure, edges, top: float, rows: list, cells: list, fontsize: float, line: float, pad: float):
    """A table of one-line rows: the header row bold on grey, then one text per column, rules between rows."""
    height = line + 2 * pad
    n = len(rows)
    fig.add_artist(
        Rectangle(
            (edges[0], top - height),
            edges[-1] - edges[0],
            height,
            transform=fig.transFigure,
            fc=TABLE_HEADER_BG,
            ec="none",
        )
    )
    for k in range(n + 1):
        fig.add_artist(
            Line2D([edges[0], edges[-1]], [top - k * height] * 2, transform=fig.transFigure, color=TABLE_BORDER, lw=0.5)
        )
    for x in edges:
        fig.add_artist(Line2D([x, x], [top, top - n * height], transform=fig.transFigure, color=TABLE_BORDER, lw=0.5))
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    lp = renderer.get_text_width_height_descent("lp", FontProperties(size=fontsize), ismath=False)[1]
    spacing = height * A4[1] * fig.dpi / lp  # matplotlib steps lines by linespacing × the height of "lp"
    for c in range(len(edges) - 1):
        fig.text(edges[c] + pad, top - pad, cells[0][c], fontsize=fontsize, va="top", weight="bold", color=TEXT)
        body = "\n".join(row[c] for row in cells[1:])
        fig.text(edges[c] + pad, top - height - pad, body, fontsize=fontsize, va="top", color=TEXT, linespacing=spacing)
    return top - n * height


def _effect_block(fig: Figure, y: float, effect: pd.DataFrame) -> float:
    """The answer first: the verdict in bold, then its evidence, design and what is missing, wrapped."""
    if not len(effect):
        fig.text(0.06, y, f"Did the routine help? Cannot tell: {render.NO_START}.", fontsize=10, weight="bold")
        return y - 0.03
    parts = render.effect_parts(effect.iloc[0])
    fig.text(0.06, y, f"Did the routine help? {parts['verdict']}.", fontsize=11, weight="bold", va="top")
    lines = [parts["evidence"], parts["design"], parts["next"], parts["companions"]]
    text = "\n".join(textwrap.fill(line[:1].upper() + line[1:] + ".", 125) for line in lines if line)
    fig.text(0.06, y - 0.022, text, fontsize=8, va="top", linespacing=1.35)
    return y - 0.034 - 0.013 * (text.count("\n") + 1)


def _association_block(fig: Figure, y: float, name: str, related: pd.DataFrame) -> float:
    mine = related[related["athlete"].astype(str) == name]
    if not len(mine):
        return y
    text = textwrap.fill(render.association_text(mine.iloc[0], adjusted=len(related) > 1), 135)
    fig.text(0.06, y, text, fontsize=7.5, va="top", color=NOTE_TEXT, linespacing=1.3)
    return y - 0.02 - 0.0125 * (text.count("\n") + 1)


def _pain_block(fig: Figure, y: float, name: str, change: pd.DataFrame | None) -> float:
    fig.text(0.06, y, "Pain against baseline", fontsize=10, weight="bold")
    row = None if change is None else change[change["athlete"].astype(str) == name]
    if row is None or not len(row):
        fig.text(0.06, y - 0.02, "No pain scores.", fontsize=8.5)
        return y - 0.05
    r = row.iloc[0]
    base = f"{r['context']} scores: baseline {_num(r['baseline'])} (mean of {int(r['baseline_n'])} scores, "
    base += f"{r['baseline_from']})"
    if pd.isna(r["baseline"]):
        base = f"{r['context']} scores: no baseline ({r['baseline_reason']})"
    if pd.isna(r["latest"]):
        text = f"{base}; no latest: {r['latest_reason']}."
    else:
        text = (
            f"{base}; latest {_num(r['latest'])} (mean of the last 7 days, {int(r['latest_n'])} scores); "
            + ("no change: " if pd.isna(r["change"]) else f"change {_signed(r['change'])}{render.change_ci(r)} — ")
            + f"{r['verdict']}. The change that matters: {MCID:g} "
            "points on the 0–10 scale (Farrar et al. 2001; Crossley et al. 2004)."
        )
    text = textwrap.fill(text, 118)
    fig.text(0.06, y - 0.018, text, fontsize=8.5, va="top")
    return y - 0.035 - 0.0145 * (text.count("\n") + 1)  # below its last line, however many


def _questionnaire_block(fig: Figure, y: float, name: str, scores: pd.DataFrame) -> float:
    fig.text(0.06, y, "Questionnaires", fontsize=10, weight="bold")
    mine = scores[scores["athlete"] == name] if len(scores) else scores
    if not len(mine):
        fig.text(0.06, y - 0.02, "None entered.", fontsize=8.5)
        return y - 0.05
    rows = []
    for inst, part in mine.groupby("instrument", sort=False):
        part = part.sort_values("date")
        first, latest = part.iloc[0], part.iloc[-1]
        spec = INSTRUMENTS[inst]
        meaningful = latest["meaningful"]
        rows.append(
            [
                spec.short,
                f"{first['date']:%d %b %Y}: {_num(first['score'])}",
                f"{latest['date']:%d %b %Y}: {_num(latest['score'])}",
                "–" if pd.isna(latest["change"]) or len(part) == 1 else _signed(latest["change"]),
                f"{spec.mic:g}" if spec.mic else "none",
                "–" if pd.isna(meaningful) or len(part) == 1 else ("yes" if meaningful else "no"),
                f"{len(part)} forms, {int(latest['items_answered'])}/{len(spec.items)} items",
            ]
        )
    ax = fig.add_axes((0.06, y - 0.025 - 0.02 * (len(rows) + 1), 0.88, 0.02 * (len(rows) + 1)))
    ax.axis("off")
    labels = ["form", "first", "latest", "change", "matters at", "meaningful", "n"]
    _grid(ax, rows, labels, [0.1, 0.19, 0.19, 0.09, 0.1, 0.1, 0.23], fontsize=7.5)
    return y - 0.055 - 0.02 * (len(rows) + 1)


def _grid(ax, cells: list[list[str]], labels: list[str], widths: list[float], *, fontsize: float):
    """A table filling ``ax``: light rules, a grey header row, the same small margin in every column."""
    t = ax.table(cellText=cells, colLabels=labels, colWidths=widths, cellLoc="left", bbox=(0, 0, 1, 1))
    t.auto_set_font_size(False)
    t.set_fontsize(fontsize)
    for (row, _), cell in t.get_celld().items():
        cell.set_edgecolor(TABLE_BORDER)
        cell.PAD = 0.3 / (cell.get_width() * 100)  # a margin as a share of the cell: the same in wide and narrow
        if row == 0:
            cell.set_facecolor(TABLE_HEADER_BG)
    return t


def _num(value) -> str:
    return "–" if pd.isna(value) else f"{float(value):.1f}"


def _signed(value) -> str:
    return f"{round(float(value), 1) + 0.0:+.1f}"  # + 0.0: never "-0.0"


def _pct(value) -> str:
    return "–" if pd.isna(value) else f"{float(value) * 100:.0f} %"
