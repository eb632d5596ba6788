"""A report a coach can e-mail: one self-contained HTML file (styles inline, charts embedded as PNG data, no
script and no link to anything outside the file). Every text an athlete typed is HTML-escaped.

>>> import tempfile, pathlib
>>> import kneecare_analysis as kc
>>> ana = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").for_athlete("Ana")
>>> page = write_report(ana, pathlib.Path(tempfile.mkdtemp()) / "ana.html").read_text()
>>> "<script" in page, "https://" in page, "Ana" in page
(False, False, True)
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from string import Template

import pandas as pd

from . import plots
from .analysis import relationship, team_overview
from .dataset import Dataset
from .palette import HEADING_RULE, MUTED_TEXT, TABLE_BORDER, TABLE_HEADER_BG, TEXT
from .render import (
    association_text,
    change_ci,
    day,
    effect_html,
    figure,
    has_runs,
    overview_table,
    png,
    scores_table,
    weeks_table,
)
from .safety import escape

STYLE = Template("""
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1100px;color:$text}
h1{margin-bottom:0}h2{border-bottom:2px solid $rule;padding-bottom:4px;margin-top:28px}
.muted{color:$muted}.flags li{margin:2px 0}.notes td{text-align:left}img{max-width:100%}
.kc-table{border-collapse:collapse;font-size:13px}.kc-table td,.kc-table th{border:1px solid $border;padding:3px 7px;
text-align:right}.kc-table th{background:$header;white-space:nowrap}.kc-table td{white-space:nowrap}
.kc-table td:last-child{white-space:normal;text-align:left}
@page{size:A4;margin:12mm}
@media print{body{margin:0;max-width:none;font-size:11px}.athlete,.page{break-before:page}.first{break-before:auto}
.athlete,.overview{break-inside:avoid}.kc-table{font-size:9px}.kc-table td,.kc-table th{padding:1px 4px}
h2{margin-top:0}img{max-height:92mm}img.load{max-height:50mm}.kc-table td:last-child{min-width:52mm}
.kc-table .kc-words{min-width:46mm}
.notes{display:none}}
""").substitute(text=TEXT, rule=HEADING_RULE, muted=MUTED_TEXT, border=TABLE_BORDER, header=TABLE_HEADER_BG)


def render_report(dataset: Dataset, *, athlete: str | None = None, title: str | None = None) -> str:
    """The report as HTML text; ``athlete`` limits it to one athlete."""
    ds = dataset.for_athlete(athlete) if athlete is not None else dataset
    summary = ds.weekly_summary()
    daily = ds.daily_adherence()
    change = ds.pain_change() if len(ds.pain) else None
    lights = ds.run_tolerance() if ds.runs is not None and len(ds.pain) else None
    scores = ds.scores()
    overview = team_overview(summary) if len(summary) else None
    effect = ds.routine_effect()  # the answer, shown before any association
    related = relationship(summary) if len(summary) else None
    athletes = overview["athlete"].astype(str).tolist() if overview is not None else []  # who needs attention first
    heading = title or ("Squad report" if len(athletes) > 1 else f"Knee-care report: {athletes[0] if athletes else ''}")
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(heading)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(heading)}</h1>",
        f"<p class='muted'>Made on {dt.date.today():%d %B %Y} from {escape(ds.folder or 'the loaded data')}. "
        "Dose adherence is the share of the prescribed routine done; green ≥ 80 %, yellow ≥ 50 %, red below. "
        "Pain is 0–10; a fall of 2 points is the change that matters (the MCID, Crossley 2004). Whether the "
        "routine helped is read from daily morning scores: the level after a 14-day ramp against the level before "
        "the start, with its 95\u00a0% CI. Routine and pain moving together week by week is an association, not "
        "proof of cause.</p>",
    ]
    if not athletes:
        parts.append("<p>No routine sessions were logged.</p>")
    if len(athletes) > 1:
        parts.append(_squad(summary, overview, effect))
    views = {"effect": effect, "related": related, "change": change, "lights": lights, "scores": scores}
    for k, name in enumerate(athletes):
        part = _athlete(name, ds, summary, daily, views)
        parts.append(
            part.replace("class='athlete'", "class='athlete first'", 1) if k == 0 and len(athletes) == 1 else part
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(dataset: Dataset, path: str | Path, *, athlete: str | None = None) -> Path:
    """Write :func:`render_report` to ``path`` (UTF-8)."""
    path = Path(path)
    path.write_text(render_report(dataset, athlete=athlete), encoding="utf-8")
    return path


def _image(fig, *, css: str = "") -> str:
    data = base64.b64encode(png(fig, dpi=80)).decode("ascii")
    return f"<img alt='chart'{f' class={css!r}' if css else ''} src='data:image/png;base64,{data}'>"


def _squad(summary: pd.DataFrame, overview: pd.DataFrame, effect: pd.DataFrame) -> str:
    table = overview_table(overview, effect=effect)
    for name in overview["athlete"].astype(str):  # each name links to the athlete's page
        cell = f"<td>{escape(name)}</td>"
        table = table.replace(cell, f"<td><a href='#{_anchor(name)}'>{escape(name)}</a></td>", 1)
    fig = figure(11, 0.33 * len(overview) + 2.2)
    plots.squad_heatmap(summary, order=overview["athlete"].astype(str).tolist(), ax=fig.add_subplot())
    out = f"<section class='overview'><h2>Team overview — who needs attention first</h2>{table}{_image(fig)}</section>"
    if has_runs(summary):  # a page of its own, as an athlete's
        fig = figure(11, 0.33 * len(overview) + 2.2)
        plots.squad_load(summary, order=overview["athlete"].astype(str).tolist(), ax=fig.add_subplot())
        out += f"<section class='overview page'><h2>Running load, week by week</h2>{_image(fig)}</section>"
    return out


def _anchor(name: str) -> str:
    return "athlete-" + "".join(ch if ch.isalnum() else "-" for ch in name)


def _athlete(name: str, ds: Dataset, summary: pd.DataFrame, daily: pd.DataFrame, views: dict) -> str:
    """One athlete's section: the answer to "did the routine help?" first, then the weekly charts with the
    association in words, the pain change, questionnaires, weeks and notes."""
    change, lights, scores = views["change"], views["lights"], views["scores"]
    s = summary[summary["athlete"].astype(str) == name]
    d = daily[daily["athlete"].astype(str) == name]
    out = [f"<section class='athlete'><h2 id='{_anchor(name)}'>{escape(name)}</h2>"]
    effect = views["effect"][views["effect"]["athlete"].astype(str) == name]
    out.append(effect_html(effect.iloc[0] if len(effect) else None))
    fig = figure(11, 4.4)
    grid = fig.add_gridspec(1, 2, width_ratios=[3, 1.2])
    plots.adherence_vs_pain(s, athlete=name, ax=fig.add_subplot(grid[0, 0]))
    plots.calendar(d, athlete=name, ax=fig.add_subplot(grid[0, 1]))
    out.append(_image(fig))
    related = views["related"]
    mine = related[related["athlete"].astype(str) == name] if related is not None else related
    if mine is not None and len(mine):
        text = association_text(mine.iloc[0], adjusted=len(related) > 1)
        out.append(f"<p class='association'>{escape(text)}</p>")
    if has_runs(s):
        mine = lights[lights["athlete"] == name] if lights is not None else None
        fig = figure(11, 3.9)
        grid = fig.add_gridspec(1, 2, width_ratios=[2.6, 2]) if mine is not None and len(mine) else None
        plots.load_and_pain(s, athlete=name, ax=fig.add_subplot(grid[0, 0] if grid is not None else 111))
        if grid is not None:
            ax = fig.add_subplot(grid[0, 1])
            plots.run_lights(mine, athlete=name, max_labels=6, ax=ax)
            ax.set_title("Each run's traffic light", fontsize=9)
        out.append(_image(fig, css="load"))
    if change is not None:
        row = change[change["athlete"].astype(str) == name]
        if len(row):
            r = row.iloc[0]
            if pd.isna(r["latest"]):
                verdict = f"no change to tell: {r['latest_reason']}"
            else:
                verdict = f"latest {_num(r['latest'])}, change {_num(r['change'])}{change_ci(r)} — {r['verdict']}"
            out.append(
                f"<p><b>Pain against baseline:</b> baseline {_num(r['baseline'])} "
                f"({escape(r['baseline_from'])}), {escape(verdict)}.</p>"
            )
    mine = scores[scores["athlete"] == name] if len(scores) else scores
    if len(mine):
        out.append(_scores_table(mine))
    out.append(weeks_table(s.tail(16), leave_out=("acwr_uncoupled",)))  # the last 16 weeks; the ratio is charted
    out.append(_notes(name, ds))
    out.append("</section>")
    return "\n".join(out)


def _scores_table(scores: pd.DataFrame) -> str:
    """An athlete's questionnaire scores, form by form: each score, its change from the first and whether it
    matters."""
    ordered = scores.sort_values(["instrument", "date"])  # the ids sort as the forms' names do
    return "<p><b>Questionnaires</b></p>" + scores_table(ordered, leave_out=("note",))


def _notes(name: str, ds: Dataset, *, last: int = 12) -> str:
    frames = []
    for frame, kind in ((ds.log, "routine"), (ds.pain, "pain")):
        mine = frame[(frame["athlete"].astype(str) == name) & frame["note"].notna()]
        frames.append(pd.DataFrame({"date": mine["date"], "log": kind, "note": mine["note"].astype(str)}))
    notes = pd.concat(frames, ignore_index=True).drop_duplicates(["date", "note"])
    if notes.empty:
        return ""
    notes = notes.sort_values("date").tail(last)
    rows = "".join(
        f"<tr><td>{day(r.date)}</td><td>{escape(r.log)}</td><td>{escape(r.note)}</td></tr>" for r in notes.itertuples()
    )
    return f"<div class='notes'><p><b>Latest notes</b></p><table class='kc-table'>{rows}</table></div>"


def _num(value) -> str:
    return "–" if pd.isna(value) else f"{float(value):.1f}"
