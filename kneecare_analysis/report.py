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

import matplotlib as mpl
import pandas as pd

from . import plots
from .analysis import relationship, team_overview
from .dataset import Dataset
from .palette import HEADING_RULE, MUTED_TEXT, OKABE_ITO, PANEL_BG, STATUS, TABLE_BORDER, TABLE_HEADER_BG, TEXT
from .render import (
    as_of_line,
    association_text,
    change_ci,
    day,
    effect_html,
    figure,
    has_runs,
    html_table,
    overview_table,
    overview_words,
    png,
    scores_table,
    weeks_table,
    whole,
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
.kc-problems{border-left:6px solid $danger;padding:4px 12px;background:$panel}
@page{size:A4;margin:12mm 12mm 14mm 12mm;
@bottom-right{content:"page " counter(page) " of " counter(pages);font-size:9px}}
@media print{body{margin:0;max-width:none;font-size:11px}.athlete,.page{break-before:page}.first{break-before:auto}
.athlete{break-inside:avoid}.kc-table{font-size:9px}.kc-table td,.kc-table th{padding:1px 4px}
.kc-table tr{break-inside:avoid}.kc-overview{width:100%}.kc-overview td.kc-words{min-width:0}
h2{margin-top:0}img{width:100%;max-height:none}.kc-table td:last-child{min-width:40mm}
.kc-table .kc-words{min-width:30mm}
.kc-weeks tbody tr:nth-last-child(n+7){display:none}.kc-weeks .kc-table td:last-child{min-width:75mm}
.notes{display:none}}
""").substitute(
    text=TEXT,
    rule=HEADING_RULE,
    muted=MUTED_TEXT,
    border=TABLE_BORDER,
    header=TABLE_HEADER_BG,
    danger=STATUS["danger"],
    panel=PANEL_BG,
)
INTRO = (
    "Dose adherence is the share of the prescribed routine done; green ≥ 80 %, yellow ≥ 50 %, red below. Pain is "
    "0–10; a fall of 2 points is the change that matters (the MCID, Crossley 2004). Whether the routine helped is "
    "read from daily morning scores: the level after a 14-day ramp against the level before the start, with its "
    "95\u00a0% CI. Routine and pain moving together week by week is an association, not proof of cause."
)
INTRO_WITHOUT_ROUTINE = {  # a sentence for each piece a folder without a routine log holds, then the last
    "pain": "Pain is 0–10; a fall of 2 points is the change that matters (the MCID, Crossley 2004).",
    "runs": "Running load is descriptive, with no safe zone.",
    "": "Without a routine log this report shows what the data holds and nothing of the routine.",
}
WITHOUT_ROUTINE = ["action", "why", "adherence last week", "adherence 4 weeks", "adherence trend"]
PRINT_WIDTH = 7.2  # inches: an A4 page less its margins, so a chart prints at its own size (text ≥ 7 pt)
CHART_DPI = 110
CHART_FONT = {"font.size": 8.5, "legend.fontsize": 8, "axes.titlesize": 9.5}


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
    intro = " ".join(t for k, t in INTRO_WITHOUT_ROUTINE.items() if not k or ds.holds(k))
    intro = INTRO if ds.holds("routine") else intro
    heading = title or ("Squad report" if len(athletes) > 1 else f"Knee-care report: {athletes[0] if athletes else ''}")
    as_of = f"the data runs to {overview.attrs['as_of']:%d %B %Y}" if overview is not None else "no data"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(heading)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(heading)}</h1>",
        f"<p class='kc-as-of'><b>As of {escape(as_of)}</b> (its last day) · made on {dt.date.today():%d %B %Y} "
        f"from {escape(ds.folder or 'the loaded data')}.</p>",
        f"<p class='muted'>{intro}</p>",
        _problems(named_problems(dataset), athlete),
    ]
    if not athletes:
        parts.append("<p>No routine sessions, pain scores or runs were logged.</p>")
        parts.append(next_steps_html(ds.next_steps()))
    if len(athletes) > 1:
        parts.append(_squad(summary, overview, effect, routine=ds.holds("routine")))
    views = {"effect": effect, "related": related, "change": change, "lights": lights, "scores": scores}
    with mpl.rc_context(CHART_FONT):
        for k, name in enumerate(athletes):
            part = _athlete(name, ds, summary, daily, views)
            first = k == 0 and len(athletes) == 1
            parts.append(part.replace("class='athlete'", "class='athlete first'", 1) if first else part)
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(dataset: Dataset, path: str | Path, *, athlete: str | None = None) -> Path:
    """Write :func:`render_report` to ``path`` (UTF-8)."""
    path = Path(path)
    path.write_text(render_report(dataset, athlete=athlete), encoding="utf-8")
    return path


def named_problems(dataset: Dataset) -> pd.DataFrame:
    """The dataset's problems (``Dataset.problems``, when loaded with ``errors="report"``) with the athlete each
    most likely belongs to: the athlete of the loaded rows on the lines next to it in the same file (both, joined
    by "or", when they differ), else a folder of the file's path named after an athlete; ``""`` when neither
    tells.

    Parameters
    ----------
    dataset : Dataset
        A loaded folder (:func:`kneecare_analysis.load_dataset`).

    Returns
    -------
    DataFrame
        ``file`` (its name), ``line``, ``athlete``, ``column``, ``value``, ``reason``.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> named_problems(kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")).columns.tolist()
    ['file', 'line', 'athlete', 'column', 'value', 'reason']
    """
    columns = ["file", "line", "athlete", "column", "value", "reason"]
    problems = dataset.problems
    if problems is None or not len(problems):
        return pd.DataFrame(columns=columns)
    frames = [f for f in (dataset.log, dataset.pain, dataset.runs) if f is not None and {"file", "line"} <= set(f)]
    loaded = pd.concat([f[["file", "line", "athlete"]].astype({"athlete": str}) for f in frames], ignore_index=True)
    loaded = loaded.dropna(subset=["line"]).assign(file=lambda f: f["file"].astype(str))
    athletes = set(dataset.athletes)
    names = []
    for r in problems.itertuples():
        same = loaded[loaded["file"] == str(r.file)]
        line = pd.to_numeric(pd.Series([r.line]), errors="coerce").iloc[0]
        near: list[str] = []
        if len(same) and not pd.isna(line):
            above = same[same["line"] < line].sort_values("line").tail(1)["athlete"].tolist()
            below = same[same["line"] > line].sort_values("line").head(1)["athlete"].tolist()
            near = list(dict.fromkeys(above + below))
        folder = [part for part in Path(str(r.file)).parts[:-1] if part in athletes][-1:]
        names.append(" or ".join(near) if near else (folder[0] if folder else ""))
    out = problems.assign(athlete=names, file=problems["file"].map(lambda f: Path(str(f)).name))
    return out[columns].reset_index(drop=True)


def _problems(problems: pd.DataFrame, athlete: str | None) -> str:
    """The files that did not load cleanly, at the top: each problem's file, line, athlete and what was expected."""
    if athlete is not None:
        told = problems["athlete"].str.split(" or ")
        problems = problems[told.map(lambda n: athlete in n or n == [""])]
    if not len(problems):
        return ""
    n, files = len(problems), problems["file"].nunique()
    shown = problems.rename(columns={"reason": "expected"})
    table = html_table(shown, formats={"line": whole}, band_column=None, left=("file", "athlete", "expected"))
    return (
        f"<section class='kc-problems'><h3>Files that did not load cleanly: {n} problem{'s' * (n != 1)} in {files} "
        f"file{'s' * (files != 1)}</h3><p>These rows are left out of everything below; correct them in the file "
        f"and make the report again.</p>{table}</section>"
    )


def _image(fig, *, css: str = "") -> str:
    data = base64.b64encode(png(fig, dpi=CHART_DPI)).decode("ascii")
    return f"<img alt='chart'{f' class={css!r}' if css else ''} src='data:image/png;base64,{data}'>"


def _squad(summary: pd.DataFrame, overview: pd.DataFrame, effect: pd.DataFrame, *, routine: bool = True) -> str:
    if routine:
        table = overview_table(overview, effect=effect)
    else:  # no routine log in the folder: its columns, and the action read from them, are left out
        shown = overview_words(overview).drop(columns=WITHOUT_ROUTINE)
        table = f"<p class='kc-as-of'><b>{escape(as_of_line(overview))}</b></p>" + html_table(shown, band_column=None)
    for name in overview["athlete"].astype(str):  # each name links to the athlete's page
        cell = f"<td>{escape(name)}</td>"
        table = table.replace(cell, f"<td><a href='#{_anchor(name)}'>{escape(name)}</a></td>", 1)
    order = overview["athlete"].astype(str).tolist()
    head = "Squad overview — who needs attention first" if routine else "Squad overview"
    out = f"<section class='overview'><h2>{head}</h2>{table}</section>"
    height = 0.24 * len(overview) + 1.9
    with mpl.rc_context(CHART_FONT):
        charts = ""
        if routine:
            fig = figure(PRINT_WIDTH, height)
            ax = fig.add_subplot()
            plots.squad_heatmap(summary, order=order, ax=ax)
            ax.set_title("Routine done per week (! = a pain flag, × = missed)")
            charts = _image(fig)
        if has_runs(summary):  # on the same page: the squad's weeks of routine, then of running
            fig = figure(PRINT_WIDTH, height)
            ax = fig.add_subplot()
            plots.squad_load(summary, order=order, ax=ax)
            ax.set_title("Running load against each athlete's usual week (▲ = km up > 30 %)")
            charts += _image(fig)
    if not charts:
        return out
    return out + f"<section class='overview page'><h2>The squad's weeks, in the order above</h2>{charts}</section>"


def _anchor(name: str) -> str:
    return "athlete-" + "".join(ch if ch.isalnum() else "-" for ch in name)


def _athlete(name: str, ds: Dataset, summary: pd.DataFrame, daily: pd.DataFrame, views: dict) -> str:
    """One athlete's section: the answer to "did the routine help?" first, then the weekly charts with the
    association in words, the pain change, questionnaires, weeks and notes."""
    change, lights, scores = views["change"], views["lights"], views["scores"]
    s = summary[summary["athlete"].astype(str) == name]
    d = daily[daily["athlete"].astype(str) == name]
    held = holds(s)
    out = [f"<section class='athlete'><h2 id='{_anchor(name)}'>{escape(name)}</h2>"]
    missing = ds.for_athlete(name).next_steps()
    if missing:  # what the page shows, and what adding each missing piece would give
        out.append(f"<p class='kc-shown'><b>{escape(shown_line(held))}</b></p>{next_steps_html(missing)}")
    if held["routine"]:
        effect = views["effect"][views["effect"]["athlete"].astype(str) == name]
        out.append(effect_html(effect.iloc[0] if len(effect) else None))
        fig = _fixed(PRINT_WIDTH, 2.8)
        fig.subplots_adjust(left=0.075, right=0.985, bottom=0.15, top=0.9, wspace=0.42)
        grid = fig.add_gridspec(1, 2, width_ratios=[2.5, 1])
        plots.adherence_vs_pain(s, athlete=name, legend=False, ax=fig.add_subplot(grid[0, 0]))
        ax = plots.calendar(d, athlete=name, colorbar=False, ax=fig.add_subplot(grid[0, 1]))
        ax.set_title("Daily dose (× = missed)")
        ax.set_ylabel("")
        out.append(plots.key_html())
        out.append(_image(fig))
    elif held["pain"]:  # pain week by week alone: no bars, no calendar of doses
        fig = _fixed(PRINT_WIDTH, 2.8)
        fig.subplots_adjust(left=0.075, right=0.93, bottom=0.15, top=0.9)
        plots.adherence_vs_pain(s, athlete=name, legend=False, ax=fig.add_subplot())
        out.append(pain_key(s))
        out.append(_image(fig))
    related = views["related"]
    mine = related[related["athlete"].astype(str) == name] if related is not None else related
    if mine is not None and len(mine) and held["routine"] and held["pain"]:
        text = association_text(mine.iloc[0], adjusted=len(related) > 1)
        out.append(f"<p class='association'>{escape(text)}</p>")
    if has_runs(s):
        mine = lights[lights["athlete"] == name] if lights is not None and held["pain"] else None
        both = mine is not None and len(mine)
        fig = _fixed(PRINT_WIDTH, 2.9)
        fig.subplots_adjust(left=0.09, right=0.82 if both else 0.93, bottom=0.3, top=0.88, wspace=0.4)
        grid = fig.add_gridspec(1, 2, width_ratios=[1.6, 1]) if both else None
        plots.load_and_pain(s, athlete=name, note=False, ax=fig.add_subplot(grid[0, 0] if both else 111))
        if both:
            ax = fig.add_subplot(grid[0, 1])
            plots.run_lights(mine, athlete=name, max_labels=6, ax=ax)
            ax.set_title("Each run's traffic light")
            ax.set_xlabel("")
        out.append(_image(fig, css="load"))
        out.append(f"<p class='muted'>{escape(plots.LOAD_NOTE.replace(chr(10), ' '))}</p>")
    if change is not None and held["pain"]:
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
    weeks = weeks_table(s.tail(10), leave_out=("acwr_uncoupled",))  # the last 10 weeks; the ratio is charted
    out.append(f"<div class='kc-weeks'>{weeks}</div>")
    out.append(_notes(name, ds))
    out.append("</section>")
    return "\n".join(out)


def _fixed(width: float, height: float):
    """A figure laid out by fixed margins: a constrained layout would measure every text before drawing it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=CHART_DPI)
    FigureCanvasAgg(fig)
    return fig


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


def pain_key(weeks: pd.DataFrame) -> str:
    """The key of the pain chart drawn without a routine log (:func:`plots.adherence_vs_pain` with no bars): the
    mean and highest pain, and the baseline and its 2-point line only when the weeks have a baseline.

    >>> from kneecare_analysis.render import text_of
    >>> text_of(pain_key(pd.DataFrame({"pain_baseline": [float("nan")]})))
    '●— mean pain · ▼ highest pain'
    """
    key = f"<span style='color:{OKABE_ITO['blue']}'>●—</span> mean pain · ▼ highest pain"
    if "pain_baseline" in weeks and weeks["pain_baseline"].notna().any():
        key += (
            f" · <span style='color:{OKABE_ITO['purple']}'>- -</span> baseline pain · "
            f"<span style='color:{OKABE_ITO['green']}'>-·-</span> 2 points better"
        )
    return f"<div style='font-size:12px'>{key}</div>"


def holds(weeks: pd.DataFrame) -> dict[str, bool]:
    """What one athlete's weekly summary holds: ``routine`` (a week with the routine's dose), ``pain`` (a week
    with a score) and ``runs`` (a week with a run)."""
    return {
        "routine": bool(weeks["dose_adherence"].notna().any()),
        "pain": bool(weeks["pain_n"].gt(0).any()),
        "runs": has_runs(weeks),
    }


def shown_line(held: dict[str, bool]) -> str:
    """What a report shows of an athlete, in a sentence, from :func:`holds`.

    >>> shown_line({"routine": False, "pain": True, "runs": True})
    "Shown: knee pain week by week, pain against its baseline, running load week by week and each run's traffic \
light."
    """
    parts = []
    if held["routine"]:
        parts.append("the routine done week by week")
    if held["pain"]:
        parts += ["knee pain week by week", "pain against its baseline"]
    if held["runs"]:
        parts.append("running load week by week")
    if held["runs"] and held["pain"]:
        parts.append("each run's traffic light")
    if not parts:
        return "Nothing to show yet."
    return "Shown: " + (", ".join(parts[:-1]) + " and " if len(parts) > 1 else "") + parts[-1] + "."


def next_steps_html(steps: list[str]) -> str:
    """What adding each missing piece would give (:meth:`kneecare_analysis.Dataset.next_steps`), a line each."""
    return "".join(f"<p class='kc-next muted'>{escape(step)}</p>" for step in steps)
