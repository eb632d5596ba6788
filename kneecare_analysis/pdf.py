"""A PDF for the physio: one A4 page per athlete, and for a squad an overview page first, in attention order.

Each athlete's page opens with the answer to "did the routine help?" (:func:`kneecare_analysis.routine_effect`:
the verdict, the level change of daily morning pain with its 95 % CI, the n, the MCID and its source, the design,
and what is missing when it cannot tell yet); then adherence and pain week by week with their association in
words (the program week held constant, the raw ρ beside it), the pain change against the 2-point minimal
clinically important difference on the 0–10 scale (Farrar et al. 2001; Crossley et al. 2004), the
questionnaire scores and their change against each instrument's minimal important change, each run's traffic
light, the n behind every number, and the plain statement that the weekly figures are associations, not proof
that the routine caused the change. The overview page gives each athlete's answer in a column. Made with
matplotlib's own PDF backend (already the kit's charting library: no other dependency), with TrueType fonts so
the text can be searched and copied.

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
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from . import plots, render
from .analysis import relationship, team_overview
from .analysis.pain import MCID
from .dataset import Dataset
from .instruments import INSTRUMENTS
from .palette import BAND_COLOURS, BAND_TEXT, NOTE_TEXT, TABLE_BORDER, TABLE_HEADER_BG

A4 = (8.27, 11.69)
LIGHTS_BOTTOM = 0.135  # the run lights chart's lowest edge: room for its date labels above the notes
ASSOCIATION = (
    "These figures show how the routine, running and pain went together week by week: associations, not proof "
    "that the routine caused the change. Read them with the athlete, alongside your examination."
)
EFFECT_NOTE = (
    "did the routine help?: the level of daily morning pain after a 14-day ramp against the level before the start, "
    "with its 95 % CI, read against an MCID of 2 points (Crossley 2004); numbers are the change and its CI."
)
OVERVIEW_COLUMNS = {**render.OVERVIEW_COLUMNS, "pain_now": "pain"}  # the HTML table's, a narrower header


def write_pdf(dataset: Dataset, path: str | Path, *, athlete: str | None = None) -> Path:
    """Write the PDF to ``path``: the overview page (for more than one athlete), then a page per athlete in
    attention order; ``athlete`` makes it that athlete's page alone. Returns the path."""
    path = Path(path)
    ds = dataset.for_athlete(athlete) if athlete is not None else dataset
    summary = ds.weekly_summary()
    if summary.empty or summary["dose_adherence"].isna().all():  # no routine log: weeks of pain alone
        raise ValueError("no routine sessions logged: nothing to report")
    overview = team_overview(summary)
    names = overview["athlete"].astype(str).tolist()
    change = ds.pain_change() if len(ds.pain) else None
    scores = ds.scores()
    lights = ds.run_tolerance() if ds.runs is not None and len(ds.pain) else None
    effect = ds.routine_effect()
    related = relationship(summary)
    views = {"change": change, "scores": scores, "lights": lights, "effect": effect, "related": related}
    made = dt.date.today().strftime("%d %B %Y")
    with mpl.rc_context({"pdf.fonttype": 42, "font.size": 8}), PdfPages(path) as pdf:
        info = pdf.infodict()
        info["Title"] = "Knee-care report" + (f": {names[0]}" if len(names) == 1 else " (squad)")
        info["Creator"] = "kneecare-analysis"
        if len(names) > 1:
            pdf.savefig(_overview_page(overview, summary, effect, made))
        for name in names:
            pdf.savefig(_athlete_page(name, summary, overview, views, made))
    return path


def _page() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=A4)
    FigureCanvasAgg(fig)
    return fig


def _overview_page(overview: pd.DataFrame, summary: pd.DataFrame, effect: pd.DataFrame, made: str) -> Figure:
    fig = _page()
    fig.text(0.06, 0.955, "Squad overview — who needs attention first", fontsize=15, weight="bold")
    fig.text(
        0.06,
        0.935,
        f"{len(overview)} athletes · made {made} · one page per athlete follows, in this order",
        fontsize=9,
        color=NOTE_TEXT,
    )
    table = overview[list(OVERVIEW_COLUMNS)].rename(columns=OVERVIEW_COLUMNS)
    table.insert(len(table.columns) - 1, render.EFFECT_COLUMN, render.effect_column(overview, effect).to_numpy())
    cells = [
        [
            str(r["athlete"]),
            str(r["attention"]),
            str(r["band"]),
            _pct(r["last week"]),
            _pct(r["4 weeks"]),
            str(r["trend"]),
            _num(r["pain"]),
            _num(r["baseline"]),
            str(r[render.EFFECT_COLUMN]).replace(": ", ":\n", 1),  # the verdict, then its numbers
            textwrap.fill(textwrap.shorten(str(r["flags"]), 60, placeholder="…"), 30),
        ]
        for _, r in table.iterrows()
    ]
    height = 0.026 * (len(cells) + 1)  # two lines a row: the answer and the flags wrap
    ax = fig.add_axes((0.04, 0.915 - height, 0.92, height))
    ax.axis("off")
    widths = [0.085, 0.08, 0.06, 0.075, 0.07, 0.065, 0.05, 0.07, 0.225, 0.22]
    t = _grid(ax, cells, list(table.columns), widths, fontsize=6.5)
    for (row, col), cell in t.get_celld().items():
        if row == 0:
            cell.set_text_props(weight="bold")
        elif col == 2 and cell.get_text().get_text() in BAND_COLOURS:
            band = cell.get_text().get_text()
            cell.set_facecolor(BAND_COLOURS[band])
            cell.set_text_props(color=BAND_TEXT[band])
    top = 0.915 - height - 0.05
    ax = fig.add_axes((0.12, max(top - 0.42, 0.16), 0.7, min(0.42, top - 0.16)))  # above the notes
    plots.squad_heatmap(summary, order=overview["athlete"].astype(str).tolist(), ax=ax)
    ax.set_title("Routine done per week (! = a pain flag), in the order above", fontsize=9)
    fig.text(
        0.06,
        0.035,
        textwrap.fill(
            "call: pain over 5/10 or 2 points above baseline last week, two red runs within 7 days, or no session for "
            "two weeks; check in: a red week, adherence down 20 points, running distance up more than 30 %, or a "
            f"falling trend. {EFFECT_NOTE} {ASSOCIATION}",
            150,
        ),
        fontsize=7,
        color=NOTE_TEXT,
        va="bottom",
    )
    return fig


def _athlete_page(name, summary, overview, views, made) -> Figure:
    s = summary[summary["athlete"].astype(str) == name]
    over = overview[overview["athlete"].astype(str) == name].iloc[0]
    fig = _page()
    first, last = s["week_start"].min(), s["week_start"].max() + pd.Timedelta(days=6)
    fig.text(0.06, 0.955, name, fontsize=16, weight="bold")
    sessions = int(s["sessions_done"].sum())
    scored = int(s["pain_n"].sum())
    line = (
        f"{first:%d %b %Y} – {last:%d %b %Y} · {len(s)} weeks · {sessions} sessions · {scored} pain scores · "
        f"attention: {over['attention']}" + (f" ({over['flags']})" if over["flags"] else "") + f" · made {made}"
    )
    line = textwrap.fill(line, 140)  # a long list of flags wraps below, never over the name
    fig.text(0.06, 0.943, line, fontsize=8, color=NOTE_TEXT, va="top")
    top = 0.905 - 0.012 * line.count("\n")
    y = _effect_block(fig, top, views["effect"][views["effect"]["athlete"].astype(str) == name])
    ax = fig.add_axes((0.08, y - 0.21, 0.72, 0.185))
    plots.adherence_vs_pain(s, athlete=name, ax=ax)
    ax.set_title(f"Routine done and knee pain, week by week ({len(s)} weeks)", fontsize=9)
    y = _association_block(fig, y - 0.255, name, views["related"])
    y = _pain_block(fig, y, name, views["change"])
    y = _questionnaire_block(fig, y, name, views["scores"])
    lights = views["lights"]
    mine = lights[lights["athlete"] == name] if lights is not None else None
    if mine is not None and len(mine):
        counts = mine["light"].astype(str).value_counts()
        words = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("green", "yellow", "red", "unknown"))
        fig.text(0.06, y, f"Runs as traffic lights ({len(mine)} run days: {words})", fontsize=10, weight="bold")
        top = y - 0.04
        if top - LIGHTS_BOTTOM >= 0.1:  # the chart fits between the text above and the notes below
            ax = fig.add_axes((0.08, max(top - 0.2, LIGHTS_BOTTOM), 0.7, min(0.2, top - LIGHTS_BOTTOM)))
            plots.run_lights(mine, athlete=name, ax=ax)
            ax.set_title(
                "green ≤ 2/10 and settled by the next morning; yellow ≤ 5 and settled; red over 5 or the next "
                "morning worse",
                fontsize=7,
            )
        else:
            fig.text(
                0.06,
                y - 0.02,
                "Each run's light is charted in the HTML report (kneecare report): no room for the chart on this page.",
                fontsize=8.5,
                va="top",
            )
    else:
        fig.text(0.06, y, "Runs: no runs with pain scores loaded, so no traffic lights.", fontsize=9)
    fig.text(0.06, 0.035, textwrap.fill(ASSOCIATION, 130), fontsize=7.5, color=NOTE_TEXT, va="bottom", style="italic")
    return fig


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
