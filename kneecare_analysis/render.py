"""Figures and tables for widgets and reports: figures drawn off-screen to PNG, frames to escaped HTML tables.

>>> import pandas as pd
>>> html_table(pd.DataFrame({"athlete": ["Ana <3"], "band": ["green"]}))[-110:]
'head><tbody><tr><td>Ana &lt;3</td><td style="background:#009E73;color:#ffffff">green</td></tr></tbody></table>'
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .palette import (
    ACTION_COLOURS,
    ACTION_TEXT,
    BAND_COLOURS,
    BAND_TEXT,
    HEADING_RULE,
    MUTED_TEXT,
    OWN_DATA_BANNER,
    PANEL_BG,
    SAMPLE_BANNER,
    STATUS,
    TABLE_BORDER,
    TABLE_HEADER_BG,
)


def figure(width: float, height: float, *, dpi: float = 100) -> Figure:
    """A figure of its own (no pyplot state, so widgets never leak open figures), with constrained layout."""
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def snapshot(fig: Figure) -> bytes:
    """The figure as PNG at its own resolution, quickly: no change of dpi (which would lay every text out
    again) and light compression, for a widget that redraws while someone drags a slider."""
    from PIL import Image

    fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def png(fig: Figure, *, dpi: int = 90) -> bytes:
    """The figure as PNG at ``dpi``, drawn once: ``savefig`` lays a constrained-layout figure out in a draw of its
    own before the real one, which doubles the time of every chart."""
    if not hasattr(fig.canvas, "buffer_rgba"):  # a canvas that cannot hand over its pixels
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()
    from PIL import Image

    fig.set_dpi(dpi)
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=6)
    return buffer.getvalue()


# a column of words: aligned left, wrapping when short of room
LEFT = ' class="kc-words" style="text-align:left;white-space:normal"'


def html_table(
    frame: pd.DataFrame,
    *,
    formats: dict[str, Callable[[object], str]] | None = None,
    band_column: str | None = "band",
    css_class: str = "kc-table",
    left: tuple[str, ...] = (),
) -> str:
    """An HTML table of ``frame``: every cell escaped, the band column coloured (with its name, not colour
    alone), the columns named in ``left`` aligned left (text rather than numbers)."""
    formats = formats or {}
    head = "".join(f"<th{LEFT if c in left else ''}>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = "" if _missing(value) else formats.get(column, str)(value)
            style = ""
            if column == band_column and str(value) in BAND_COLOURS:
                style = f' style="background:{BAND_COLOURS[str(value)]};color:{BAND_TEXT[str(value)]}"'
            elif column in left:
                style = LEFT
            cells.append(f"<td{style}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    style = (
        "<style>.kc-table{border-collapse:collapse;font-size:12px}.kc-table td,.kc-table th"
        f"{{border:1px solid {TABLE_BORDER};padding:2px 6px;text-align:right}}"
        f".kc-table th{{background:{TABLE_HEADER_BG};white-space:nowrap}}"
        ".kc-table td{white-space:nowrap}.kc-table td:last-child{white-space:normal;text-align:left}</style>"
    )
    return f'{style}<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def text_of(markup: str) -> str:
    """What an HTML snippet shows, as plain text (style sheets and tags dropped, entities read, spaces collapsed).

    >>> text_of("<p><b>Dose:</b> 96&nbsp;%</p>")
    'Dose: 96 %'
    """
    shown = re.sub(r"<style[^>]*>.*?</style>", " ", markup, flags=re.DOTALL)  # a style sheet is not shown
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", shown)).split())


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def pct(value: object) -> str:
    """A share as a percentage, never ``"-0%"``.

    >>> pct(0.256), pct(-0.001)
    ('26%', '0%')
    """
    return f"{round(float(value) * 100) + 0:.0f}%"


def one_decimal(value: object) -> str:
    """One decimal, never ``"-0.0"``.

    >>> one_decimal(4.25), one_decimal(-0.04)
    ('4.2', '0.0')
    """
    return f"{round(float(value), 1) + 0.0:.1f}"


def whole(value: object) -> str:
    return f"{float(value):.0f}"


def day(value: object) -> str:
    return pd.Timestamp(value).strftime("%d %b %Y")


def p_value(value: object) -> str:
    """A p-value for a screen: ``"< 0.001"`` below 0.001 (never ``"0.000"``), else 3 decimals; ``"–"`` when
    missing.

    >>> p_value(0.00004), p_value(0.0123), p_value(float("nan"))
    ('< 0.001', '0.012', '–')
    """
    if _missing(value):
        return "–"
    return "< 0.001" if float(value) < 0.001 else f"{float(value):.3f}"


def ci_range(low: object, high: object) -> str:
    """``"-3.0 to -0.1"``, or ``"–"`` when either end is missing.

    >>> ci_range(-3.04, -0.14), ci_range(float("nan"), 1.0)
    ('-3.0 to -0.1', '–')
    """
    if _missing(low) or _missing(high):
        return "–"
    return f"{float(low):+.1f} to {float(high):+.1f}"


def change_ci(row: pd.Series) -> str:
    """``" (95% CI -3.0 to -0.1)"`` for a :func:`kneecare_analysis.pain_change` row with one, else ``""``."""
    text = ci_range(row.get("change_low"), row.get("change_high"))
    return "" if text == "–" else f" (95% CI {text})"


def points(value: object) -> str:
    """A signed change in points with a true minus sign, never ``"−0.0"``; ``"–"`` when missing.

    >>> points(-1.678), points(0.04), points(-0.04), points(float("nan"))
    ('−1.7', '+0.0', '+0.0', '–')
    """
    if _missing(value):
        return "–"
    return f"{round(float(value), 1) + 0.0:+.1f}".replace("-", "−")


def _source_short(source: object) -> str:
    """``"Crossley 2004"`` from ``"Crossley 2004: 2 points (…), patellofemoral pain"``."""
    return str(source).split(":")[0].strip()


def effect_parts(row: pd.Series | dict) -> dict[str, str]:
    """A :func:`kneecare_analysis.routine_effect` row in words for a screen, the answer first: ``verdict``
    (capitalised), ``evidence`` (the level change, its 95\u00a0% CI, the n and the MCID with its source),
    ``design`` (and the randomisation p with the smallest p it could reach), ``next`` (what is missing or would
    settle it; empty when nothing is) and ``companions`` (NAP and Tau-BC, descriptive; empty without them).
    Plain text: escape it for HTML.

    Examples
    --------
    >>> row = {"verdict": "cannot tell yet", "design": "randomised AB", "context": "morning", "n_baseline": 14,
    ...        "n_after": 20, "trend_corrected": True, "level_change": -1.2, "ci_low": -2.4, "ci_high": 0.04,
    ...        "mcid": 2.0, "mcid_source": "Crossley 2004: 2 points (2 cm on a 10 cm VAS), patellofemoral pain",
    ...        "more_data": "about 30 more morning scores after the ramp", "reason": "", "p_randomisation": 0.25,
    ...        "n_starts": 8, "nap": 0.81, "nap_ci_low": 0.66, "nap_ci_high": 0.9, "tau_bc": 0.5}
    >>> import textwrap
    >>> for value in effect_parts(row).values():
    ...     print(textwrap.fill(value, 110))
    Cannot tell yet
    level change −1.2 points (95\u00a0% CI −2.4 to +0.0), from 14 baseline and 20 after-ramp morning scores, against an
    MCID of 2 points (Crossley 2004); measured against the baseline's own trend
    design: randomised AB; randomisation p = 0.250 (the smallest possible with 8 admissible days is 1/8)
    what would settle it: about 30 more morning scores after the ramp
    descriptive: NAP 0.81 (95\u00a0% CI 0.66 to 0.90), Tau-BC 0.50
    """
    r = dict(row)
    scores = f"{int(r['n_baseline'])} baseline and {int(r['n_after'])} after-ramp {r['context']} scores"
    mcid = f"an MCID of {float(r['mcid']):g} points ({_source_short(r['mcid_source'])})"
    reason = "" if _missing(r.get("reason")) else str(r.get("reason") or "")
    if _missing(r["level_change"]):
        evidence = f"no estimate of the change yet: {scores}, read against {mcid}"
        settle = reason
    else:
        ci = f"{points(r['ci_low'])} to {points(r['ci_high'])}"
        evidence = f"level change {points(r['level_change'])} points (95\u00a0% CI {ci}), from {scores}, against {mcid}"
        if r.get("trend_corrected"):
            evidence += "; measured against the baseline's own trend"
        elif reason:
            evidence += f"; {reason}"
        more = "" if _missing(r.get("more_data")) else str(r.get("more_data") or "")
        settle = f"what would settle it: {more}" if more and r["verdict"] == "cannot tell yet" else ""
    design = f"design: {r['design']}"
    if not _missing(r.get("p_randomisation")):
        n = int(r["n_starts"])
        p = p_value(r["p_randomisation"])
        design += f"; randomisation p = {p} (the smallest possible with {n} admissible days is 1/{n})"
    companions = []
    if not _missing(r.get("nap")):
        low, high = float(r["nap_ci_low"]), float(r["nap_ci_high"])
        companions.append(f"NAP {float(r['nap']):.2f} (95\u00a0% CI {low:.2f} to {high:.2f})")
    if not _missing(r.get("tau_bc")):
        companions.append(f"Tau-BC {float(r['tau_bc']):.2f}")
    verdict = str(r["verdict"])
    return {
        "verdict": verdict[:1].upper() + verdict[1:],
        "evidence": evidence,
        "design": design,
        "next": settle,
        "companions": f"descriptive: {', '.join(companions)}" if companions else "",
    }


def effect_short(row: pd.Series | dict) -> str:
    """A :func:`kneecare_analysis.routine_effect` row in a table cell: the verdict, then the change and its CI,
    or what is missing.

    >>> effect_short({"verdict": "a change smaller than the MCID", "level_change": -0.354, "ci_low": -1.07,
    ...               "ci_high": 0.36, "n_baseline": 5, "n_after": 33})
    'smaller than the MCID: −0.4 (−1.1\xa0to\xa0+0.4)'
    >>> effect_short({"verdict": "cannot tell yet", "level_change": float("nan"), "ci_low": float("nan"),
    ...               "ci_high": float("nan"), "n_baseline": 3, "n_after": 39})
    'cannot tell yet: 3 baseline scores (5 needed)'
    """
    r = dict(row)
    verdict = {
        "clear improvement of at least the MCID": "clear improvement",
        "a change smaller than the MCID": "smaller than the MCID",
    }.get(str(r["verdict"]), str(r["verdict"]))
    if _missing(r["level_change"]):
        if int(r["n_baseline"]) < EFFECT_MIN_SCORES:
            return f"{verdict}: {_count(r['n_baseline'], 'baseline score')} ({EFFECT_MIN_SCORES} needed)"
        return f"{verdict}: {_count(r['n_after'], 'after-ramp score')} ({EFFECT_MIN_SCORES} needed)"
    ci = f"({points(r['ci_low'])}\u00a0to\u00a0{points(r['ci_high'])})"  # the CI on one line
    return f"{verdict}: {points(r['level_change'])} {ci}"


def effect_html(row: pd.Series | dict | None) -> str:
    """The answer to "did the routine help?" as an HTML box for a screen, the verdict first (:func:`effect_parts`;
    every text escaped); ``None`` (no start known) says so.

    >>> text_of(effect_html(None))
    'Did the routine help? Cannot tell: no routine session logged, so no start to measure from.'
    """
    box = f"<div class='kc-answer' style='border-left:5px solid {HEADING_RULE};background:{PANEL_BG};"
    box += "padding:6px 12px;margin:10px 0'>"
    if row is None:
        return f"{box}<p><b>Did the routine help?</b> Cannot tell: {NO_START}.</p></div>"
    parts = effect_parts(row)
    lines = [f"<p style='margin:4px 0'><b>Did the routine help? {html.escape(parts['verdict'])}.</b></p>"]
    evidence, design = html.escape(_capital(parts["evidence"])), html.escape(_capital(parts["design"]))
    lines.append(f"<p style='margin:4px 0'>{evidence}.<br>{design}.</p>")
    if parts["next"]:
        lines.append(f"<p style='margin:4px 0'>{html.escape(_capital(parts['next']))}.</p>")
    if parts["companions"]:
        lines.append(f"<p style='margin:4px 0;color:{MUTED_TEXT}'>{html.escape(_capital(parts['companions']))}.</p>")
    if parts["verdict"] == "Cannot tell yet":
        lines.append(
            f"<p style='margin:4px 0;color:{MUTED_TEXT}'>The weekly charts below still show how the routine and "
            "pain went together; they show an association, not whether the routine helped.</p>"
        )
    return box + "".join(lines) + "</div>"


NO_START = "no routine session logged, so no start to measure from"
EFFECT_MIN_SCORES = 5  # baseline scores and after-ramp scores routine_effect needs to say anything


def _count(n: object, noun: str) -> str:
    return f"{int(n)} {noun}{'s' * (int(n) != 1)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def association_text(row: pd.Series | dict, *, adjusted: bool = False) -> str:
    """A :func:`kneecare_analysis.relationship` row in words: an association with the program week held constant,
    its CI and p (on the effective n; Holm-adjusted across the athletes when ``adjusted``), the raw ρ beside it on
    the same weeks.

    >>> row = {"held_constant": "program week", "n": 16, "rho": -0.28, "rho_low": -0.71, "rho_high": 0.3,
    ...        "p": 0.33, "p_adj": 1.0, "rho_raw": -0.33, "p_raw": 0.21, "reason": ""}
    >>> import textwrap
    >>> text = association_text(row, adjusted=True).replace("\u00a0", " ")  # no-break spaces keep "ρ = −0.28" whole
    >>> print(textwrap.fill(text, 110))
    Association, not cause — weeks with more routine and weekly pain, program week held constant: ρ = −0.28 (95 %
    CI −0.71 to +0.30), p = 0.330, 1.000 adjusted across the squad (Holm); raw ρ = −0.33 (p = 0.210) on the same
    16 weeks.
    """
    r = dict(row)
    head = "Association, not cause — weeks with more routine and weekly pain"
    if _missing(r.get("rho")):
        why = "" if _missing(r.get("reason")) else str(r.get("reason") or "")
        return f"{head}: no ρ ({why or 'too few weeks'})."
    held = str(r.get("held_constant") or "nothing")
    held_words = f", {held} held constant" if held != "nothing" else ""
    adj = f", {p_value(r['p_adj'])} adjusted across the squad (Holm)" if adjusted else ""
    ci = f"{_rho(r['rho_low'])} to {_rho(r['rho_high'])}"
    text = (
        f"{head}{held_words}: ρ\u00a0=\u00a0{_rho(r['rho'])} (95\u00a0% CI {ci}), p\u00a0=\u00a0{p_value(r['p'])}{adj}"
    )
    if held != "nothing":
        raw, p_raw = _rho(r["rho_raw"]), p_value(r["p_raw"])
        text += f"; raw ρ\u00a0=\u00a0{raw} (p\u00a0=\u00a0{p_raw}) on the same {int(r['n'])} weeks"
    return text + "."


def _rho(value: object) -> str:
    return "–" if _missing(value) else f"{float(value) + 0.0:+.2f}".replace("-", "−")


OVERVIEW_COLUMNS = {  # the overview column each shown column starts from, and its header
    "attention": "action",
    "athlete": "athlete",
    "flags": "why",
    "dose_adherence": "adherence last week",
    "adherence_recent": "adherence 4 weeks",
    "trend": "adherence trend",
    "pain_mean": "pain, latest scored week",
    "pain_baseline": "pain baseline",
}
WEEK_SHOWN = ["week_start", "program_week", "sessions_done", "dose_adherence", "band", "pain_mean", "pain_max"]
WEEK_SHOWN += ["pain_n", "run_km", "srpe_load", "acwr_uncoupled", "flags"]


EFFECT_COLUMN = "did the routine help?"
OVERVIEW_WIDTHS = {  # each shown column's share of the overview's width, on a screen, in print and in the PDF
    "action": 0.07,
    "athlete": 0.06,
    "why": 0.2,
    "adherence last week": 0.105,
    "adherence 4 weeks": 0.075,
    "adherence trend": 0.075,
    "pain, latest scored week": 0.155,
    "pain baseline": 0.065,
    EFFECT_COLUMN: 0.115,
}


def overview_words(overview: pd.DataFrame, *, effect: pd.DataFrame | None = None) -> pd.DataFrame:
    """The squad overview (:func:`kneecare_analysis.team_overview`) in words, one string a cell, headed by
    :data:`OVERVIEW_COLUMNS`: the action first, its reasons, each number with its n and, where it is not last
    week's, its week and how old it is ("mean 2.0 · highest 3.0 · 5 scores · week of 16 Feb · 9 weeks ago,
    old"); a missed week reads "0 % · missed". With ``effect`` (:func:`kneecare_analysis.routine_effect`) a
    column answering whether the routine helped, last.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
    >>> words = overview_words(kc.team_overview(ds.weekly_summary()))
    >>> words.iloc[0]["adherence last week"], words.iloc[0]["pain, latest scored week"]
    ('0 % red · missed', 'mean 2.0 · highest 3.0 · 5 scores · week of 16 Feb · 9 weeks ago, old')
    """
    o = overview
    latest = o["last_week"].max()
    band = " " + o["band"].astype(str)
    done = o["sessions_done"].map(_whole_or_dash) + "/" + o["prescribed"].map(lambda v: f"{float(v):g}")
    adherence = o["dose_adherence"].map(_pct_or_dash) + band + " · " + done + " sessions"
    adherence = adherence.where(o["dose_adherence"] > 0, o["dose_adherence"].map(_pct_or_dash) + band + " · missed")
    adherence = adherence.where(
        o["last_week"] == latest, adherence + " · week of " + o["last_week"].dt.strftime("%d %b")
    )
    trend = o["trend"].astype(str)
    moved = trend.isin(["up", "down"])
    trend = trend.where(~moved, trend + " from " + o["adherence_before"].map(_pct_or_dash))
    pain = "mean " + o["pain_mean"].map(one_decimal)
    pain += o["pain_max"].map(lambda v: "" if _missing(v) else f" · highest {float(v):.1f}")
    pain += o["pain_n"].map(lambda v: "" if _missing(v) else f" · {int(v)} score{'s' * (int(v) != 1)}")
    ago = o["pain_weeks_ago"].fillna(0).astype(int)
    when = " · week of " + o["pain_week"].dt.strftime("%d %b") + " · " + ago.map(_weeks_ago)
    pain = pain.where(ago == 0, pain + when)
    pain = pain.where(~o["pain_old"], pain + ", old")
    pain = pain.where(o["pain_mean"].notna(), "no scores")
    table = pd.DataFrame(
        {
            "action": o["attention"].astype(str),
            "athlete": o["athlete"].astype(str),
            "why": o["flags"].astype(str),
            "adherence last week": adherence,
            "adherence 4 weeks": o["adherence_recent"].map(_pct_or_dash),
            "adherence trend": trend,
            "pain, latest scored week": pain,
            "pain baseline": o["pain_baseline"].map(lambda v: "–" if _missing(v) else one_decimal(v)),
        }
    )
    if effect is not None:
        table[EFFECT_COLUMN] = effect_column(o, effect).to_numpy()
    return table.reset_index(drop=True)


def _pct_or_dash(value: object) -> str:
    return "–" if _missing(value) else f"{float(value) * 100:.0f} %"


def _whole_or_dash(value: object) -> str:
    return "–" if _missing(value) else f"{float(value):.0f}"


def _weeks_ago(n: int) -> str:
    return "last week" if n == 0 else f"{n} week{'s' * (n != 1)} ago"


def as_of_line(overview: pd.DataFrame) -> str:
    """The line over every overview: the day the data runs to, and what "last week" is.

    >>> import kneecare_analysis as kc
    >>> as_of_line(kc.team_overview(kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()))
    "As of 26 Apr 2026, the data's last day · last week: 20–26 Apr 2026 · 12 athletes"
    """
    as_of = overview.attrs.get("as_of")
    last = overview["last_week"].max()
    if as_of is None or _missing(as_of):
        as_of = last + pd.Timedelta(days=6)
    n = len(overview)
    return (
        f"As of {as_of:%d %b %Y}, the data's last day · last week: {last:%d}–{as_of:%d %b %Y} · "
        f"{n} athlete{'s' * (n != 1)}"
    )


def attention_key(rules: pd.DataFrame) -> str:
    """The definitions of "call" and "check in", a sentence each, from
    :func:`kneecare_analysis.analysis.attention_rules`.

    >>> import kneecare_analysis as kc
    >>> print(attention_key(kc.analysis.attention_rules()).split(". ")[0][:95])
    call: a pain score over 5/10 last week (the week's highest score, not its mean); last week's me
    """
    parts = []
    for action, part in rules.groupby("action", sort=False):
        parts.append(f"{action}: " + "; ".join(part["meaning"]) + ".")
    parts.append("ok: none of these.")
    return " ".join(parts)


def overview_table(
    overview: pd.DataFrame, *, effect: pd.DataFrame | None = None, as_of: bool = True, key: bool = True
) -> str:
    """The squad overview (:func:`kneecare_analysis.team_overview`) as an HTML table (:func:`overview_words`):
    the action first and the one coloured cell, its reasons, numbers with their n and week; ``as_of`` puts the
    data's last day above it and ``key`` the definitions of "call" and "check in" below it; with ``effect``
    (:func:`kneecare_analysis.routine_effect`) a column answering whether the routine helped."""
    from .analysis import attention_rules

    table = overview_words(overview, effect=effect)
    old = overview["pain_old"].to_numpy(dtype=bool)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    rows = []
    for k, record in enumerate(table.itertuples(index=False)):
        cells = []
        for column, value in zip(table.columns, record, strict=True):
            style = ""
            if column == "action":
                style = (
                    f' style="background:{ACTION_COLOURS.get(value, "#ffffff")};'
                    f'color:{ACTION_TEXT.get(value, "#222222")};font-weight:bold;text-align:left"'
                )
            elif column in ("why", EFFECT_COLUMN):
                style = LEFT
            elif column == "pain, latest scored week" and old[k]:
                style = f' class="kc-old" style="color:{MUTED_TEXT};font-style:italic"'
            cells.append(f"<td{style}>{html.escape(str(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    style = (
        "<style>table.kc-overview{border-collapse:collapse;font-size:12px}table.kc-overview td,table.kc-overview th"
        f"{{border:1px solid {TABLE_BORDER};padding:2px 6px;text-align:left;vertical-align:top;white-space:normal}}"
        f"table.kc-overview th{{background:{TABLE_HEADER_BG}}}"
        "table.kc-overview td.kc-words{min-width:10em}@media print{table.kc-overview{width:100%}"
        "table.kc-overview td.kc-words,table.kc-overview td:last-child{min-width:0}}</style>"
    )
    out = style
    if as_of:
        out += f"<p class='kc-as-of'><b>{html.escape(as_of_line(overview))}</b></p>"
    total = sum(OVERVIEW_WIDTHS.get(c, 0.1) for c in table.columns)
    cols = "".join(f"<col style='width:{OVERVIEW_WIDTHS.get(c, 0.1) / total:.1%}'>" for c in table.columns)
    out += (
        f'<table class="kc-table kc-overview"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    if key:
        weeks = int(overview.attrs.get("recent_weeks", 4))
        text = attention_key(attention_rules(weeks=weeks))
        out += f"<p class='kc-key' style='color:{MUTED_TEXT};font-size:12px'>{html.escape(text)}</p>"
    return out


def effect_column(overview: pd.DataFrame, effect: pd.DataFrame) -> pd.Series:
    """:func:`effect_short` for each athlete of ``overview``, in its order (``"–"`` for one without a start)."""
    by_name = {str(r["athlete"]): effect_short(r) for _, r in effect.iterrows()}
    return overview["athlete"].astype(str).map(lambda name: by_name.get(name, "–"))


def weeks_table(summary: pd.DataFrame, *, leave_out: tuple[str, ...] = ()) -> str:
    """Weekly summary rows as an HTML table (:func:`readable`): week, sessions, routine done, band, pain, running
    km, session-RPE load and its acute:chronic ratio, flags (less the columns named in ``leave_out``, and those
    its data cannot fill: :func:`unsupported`).

    >>> import kneecare_analysis as kc
    >>> text_of(weeks_table(kc.load_dataset(kc.paths.SAMPLE_DIR / "runner").weekly_summary()))[:70]
    'week program week sessions routine done band pain mean pain max scores'
    """
    leave_out = (*leave_out, *unsupported(summary))
    shown = [c for c in WEEK_SHOWN if c in summary and c not in leave_out]
    return reading_html(readable(summary, columns=shown), words=("flags",))


def problems_table(problems: pd.DataFrame) -> str:
    """What report-mode loading set aside (``Dataset.problems``), as a headed HTML table: the file, line,
    column, value and what was expected — or one line saying every file loaded cleanly.

    >>> problems_table(pd.DataFrame(columns=["file", "line", "column", "value", "reason"]))
    '<h4>Files that did not load cleanly</h4><p>Every file loaded without a problem.</p>'
    """
    head = "<h4>Files that did not load cleanly</h4>"
    if problems.empty:
        return head + "<p>Every file loaded without a problem.</p>"
    shown = problems[["file", "line", "column", "value", "reason"]].rename(columns={"reason": "expected"})
    files = problems["file"].nunique()
    intro = f"<p>{len(problems)} problem{'s' * (len(problems) != 1)} in {files} file{'s' * (files != 1)}:</p>"
    return head + intro + html_table(shown, formats={"line": whole}, band_column=None)


NOT_THE_KITS = "cannot tell what this file holds"  # the loaders' words for a file of no format the kit reads
LETTER_O = re.compile(r"^[\s\d.,:/+-]*[oO][\s\doO.,:/+-]*$")  # a number with a letter O typed for a zero


def problems_in_words(problems: pd.DataFrame, *, folder: object = None) -> pd.DataFrame:
    """What did not load (``Dataset.problems``), in words a runner understands: the file, the line, what is
    wrong and the fix. A letter O typed in a number is called a letter O; a file that holds nothing the kit
    reads is said to be "not the kit's" in one line.

    Parameters
    ----------
    problems : DataFrame
        ``file, line, column, value, reason`` (:func:`kneecare_analysis.validation_report`, ``ds.problems``).
    folder : str or Path, optional
        The data folder: files are named from it (``runner/pain_log.csv``), else by their name.

    Returns
    -------
    DataFrame
        ``file``, ``line`` (blank for a whole file), ``wrong`` (what is wrong), ``fix`` (what to do),
        ``not_kits`` (a file that is not the kit's: nothing to fix).

    Examples
    --------
    >>> problems = pd.DataFrame({"file": ["log.csv", "shoes.csv"], "line": [7, None],
    ...     "column": ["Hip abductions R", None], "value": ["2O", None],
    ...     "reason": ["a whole number of reps ≥ 0", "cannot tell what this file holds: expected …"]})
    >>> for row in problems_in_words(problems).itertuples():
    ...     print(row.file, row.line, "|", row.wrong, "|", row.fix)
    log.csv 7 | Hip abductions R: “2O” has a letter O (not a zero) after the 2 | type a zero for the letter O: 20
    shoes.csv  | not the kit's: no log, pain score or run in it | nothing to fix; move it elsewhere to silence this
    """
    from pathlib import Path

    rows = []
    for r in problems.itertuples(index=False):
        file = Path(str(r.file))
        if folder is not None and file.is_relative_to(Path(str(folder))):
            name = file.relative_to(Path(str(folder))).as_posix()
        else:
            name = file.name
        line = "" if _missing(r.line) else str(int(r.line))
        wrong, fix = _wrong_and_fix(r.column, r.value, str(r.reason))
        rows.append((name, line, wrong, fix, str(r.reason).startswith(NOT_THE_KITS)))
    return pd.DataFrame(rows, columns=["file", "line", "wrong", "fix", "not_kits"])


def _wrong_and_fix(column: object, value: object, reason: str) -> tuple[str, str]:
    """What is wrong with one cell or file, and the fix, as a runner would say it."""
    if reason.startswith(NOT_THE_KITS):
        return "not the kit's: no log, pain score or run in it", "nothing to fix; move it elsewhere to silence this"
    if _missing(column) and (_missing(value) or value == ""):
        return reason, ""
    text = "" if _missing(value) else str(value)
    where = "" if _missing(column) else f"{column}: "
    expected, _, _ = reason.partition("; if this column is a 0–100 VAS")
    if text and LETTER_O.match(text) and any(ch.isdigit() for ch in text):
        before = text[: next(i for i, ch in enumerate(text) if ch in "oO")]
        after = f" after the {before.strip()}" if before.strip() else ""
        fixed = text.replace("O", "0").replace("o", "0")
        fix = "retype it with digits only"
        if not ("from 0 to 10" in reason and _number(fixed) > 10):  # "5O" as a pain score was not 50
            fix = f"type a zero for the letter O: {fixed}"
        return f"{where}“{text}” has a letter O (not a zero){after}", fix
    if "this day does not exist" in reason:
        return f"{where}“{text}” is a day the calendar does not have", "correct the date"
    if text == "":
        return f"{where}the cell is empty", f"fill in {expected.replace(' (the cell is empty)', '')}"
    fix = f"make it {expected}"
    if "0–100 VAS" in reason:
        fix += '; if every score in this column is 0–100, write pain_scale = "0-100" in the folder\'s kneecare.toml'
    return f"{where}“{text}” is not {expected}", fix


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return float("nan")


def problems_panel(problems: pd.DataFrame, *, folder: object = None) -> str:
    """The "Files and rows that did not load" panel for the top of a notebook or an app (:func:`problems_in_words`):
    a list of each file and line, what is wrong and the fix; files that are not the kit's in one line at the
    end; ``""`` when everything loaded.

    >>> problems = pd.DataFrame({"file": ["pain.csv"], "line": [3], "column": ["pain"], "value": ["5O"],
    ...                          "reason": ["a pain score from 0 to 10 (NRS)"]})
    >>> import textwrap
    >>> print(textwrap.fill(text_of(problems_panel(problems)).replace(" :", ":"), 110))
    Files and rows that did not load 1 row was left out; everything else loaded. Fix it in the file and run this
    again. pain.csv, line 3: pain: “5O” has a letter O (not a zero) after the 5 — the fix: retype it with digits
    only
    >>> problems_panel(problems.iloc[:0])
    ''
    """
    if problems.empty:
        return ""
    words = problems_in_words(problems, folder=folder)
    fixable, others = words[~words["not_kits"]], words[words["not_kits"]]
    parts = [
        f"<div class='kc-problems' style='border-left:6px solid {STATUS['warning']};padding:6px 10px;"
        f"background:{PANEL_BG};margin:6px 0'><b>Files and rows that did not load</b>"
    ]
    if len(fixable):
        n = len(fixable)
        parts.append(
            f"<p style='margin:4px 0'>{_count(n, 'row')} {'was' if n == 1 else 'were'} left out; everything else "
            f"loaded. Fix {'it' if n == 1 else 'them'} in the file and run this again.</p>"
        )
        items = "".join(
            f"<li style='margin:3px 0'><b>{html.escape(r.file)}{', line ' + r.line if r.line else ''}</b>: "
            f"{html.escape(r.wrong)}{' — <i>the fix</i>: ' + html.escape(r.fix) if r.fix else ''}</li>"
            for r in fixable.itertuples()
        )  # a list, not a table: it reads the same on a phone
        parts.append(f"<ul style='margin:4px 0;padding-left:20px;overflow-wrap:break-word'>{items}</ul>")
    if len(others):
        names = ", ".join(html.escape(f) for f in others["file"])
        note = f"Not the kit's (left out, nothing to fix): {names}"
        parts.append(f"<p style='margin:4px 0;color:{MUTED_TEXT}'>{note}</p>")
    return "".join(parts) + "</div>"


def problem_lines(problems: pd.DataFrame, *, folder: object = None) -> list[str]:
    """:func:`problems_in_words` as lines for a terminal: ``file:line: what is wrong — the fix``, then one line
    naming the files that are not the kit's.

    >>> problems = pd.DataFrame({"file": ["pain.csv"], "line": [9], "column": ["pain"], "value": ["16"],
    ...     "reason": ["a pain score from 0 to 10 (NRS); if this column is a 0–100 VAS, say …"]})
    >>> import textwrap
    >>> print(textwrap.fill(problem_lines(problems)[0], 110))
    pain.csv:9: pain: “16” is not a pain score from 0 to 10 (NRS) — make it a pain score from 0 to 10 (NRS); if
    every score in this column is 0–100, write pain_scale = "0-100" in the folder's kneecare.toml
    """
    words = problems_in_words(problems, folder=folder)
    lines = []
    for r in words[~words["not_kits"]].itertuples():
        where = f"{r.file}:{r.line}" if r.line else r.file
        lines.append(f"{where}: {r.wrong}" + (f" — {r.fix}" if r.fix else ""))
    others = words.loc[words["not_kits"], "file"].tolist()
    if others:
        lines.append(f"not the kit's (left out): {', '.join(others)}")
    return lines


def scores_table(scores: pd.DataFrame, *, leave_out: tuple[str, ...] = ()) -> str:
    """Questionnaire scores (:func:`kneecare_analysis.score_questionnaires`) as an HTML table: the form, its
    score, items answered, the change from the first, the change that matters, whether it did, and the note.

    >>> import kneecare_analysis as kc
    >>> table = scores_table(kc.load_dataset(kc.paths.SAMPLE_DIR / "runner").scores(), leave_out=("note",))
    >>> [h for h in ("form", "matters at", "note") if f"<th>{h}</th>" in table]
    ['form', 'matters at']
    """
    from .instruments import INSTRUMENTS

    table = pd.DataFrame(
        {
            "date": scores["date"],
            "form": scores["instrument"].map({k: i.short for k, i in INSTRUMENTS.items()}),
            "score": scores["score"],
            "items": scores["items_answered"],
            "change": scores["change"],
            "matters at": scores["mic"],
            "meaningful": scores["meaningful"].map({True: "yes", False: "no"}).fillna("–"),
            "note": scores["note"],
        }
    ).drop(columns=list(leave_out))
    formats = {"date": day, "score": one_decimal, "change": one_decimal, "matters at": one_decimal}
    return html_table(table, formats=formats, band_column=None)


def percent(value: object) -> str:
    """A share as a signed or plain percentage with a space and a true minus: ``"−26 %"``, never ``"-0 %"``.

    >>> percent(-0.26), percent(0.8), percent(-0.001)
    ('−26\\xa0%', '80\\xa0%', '0\\xa0%')
    """
    return f"{round(float(value) * 100) + 0:.0f}\u00a0%".replace("-", "−")


def yes_no(value: object) -> str:
    """``True`` as ``"yes"``, ``False`` as ``"no"``.

    >>> yes_no(True), yes_no(False)
    ('yes', 'no')
    """
    return "yes" if bool(value) else "no"


CELL_FORMATS: dict[str, Callable[[object], str]] = {
    "percent": percent,
    "points": points,
    "decimal": one_decimal,
    "whole": whole,
    "date": day,
    "p": p_value,
    "rho": lambda value: _rho(value),
    "yes_no": yes_no,
    "text": str,
}


def _column_words() -> dict[str, dict[str, str]]:
    from .vocab import words

    return words("table_columns")["columns"]


def readable(
    frame: pd.DataFrame,
    *,
    columns: list[str] | None = None,
    reasons: dict[str, str] | None = None,
) -> pd.DataFrame:
    """A frame of the kit as a runner reads it: every cell text, headers in words, percentages as percentages,
    dates as dates, booleans as yes/no, no ``-0.0``; an unknown value blank, or the reason it is unknown. The one
    formatter behind the tables of the notebooks, the apps, the HTML report and the ``kneecare`` command
    (:func:`html_table` or :func:`text_table` show its result). Headers and formats are data:
    ``words/table_columns.toml``.

    Parameters
    ----------
    frame : DataFrame
        Any frame the kit returns.
    columns : list of str, optional
        The columns to show, in order (default: all).
    reasons : dict, optional
        Column → the column holding why it is unknown: an unknown cell shows that reason instead of a blank.

    Returns
    -------
    DataFrame
        The same rows, each chosen column as text under its header (``"change (%)"``, ``"week"``…); a blank
        where a value is unknown.

    Examples
    --------
    >>> frame = pd.DataFrame({"week_start": pd.to_datetime(["2026-03-02"]), "pct_change": [-0.26],
    ...                       "improved": [False], "baseline": [float("nan")], "why": ["too few scores"],
    ...                       "change": [-0.04], "latest": [pd.NA]})
    >>> row = readable(frame, columns=["week_start", "pct_change", "improved", "baseline", "change", "latest"],
    ...                reasons={"baseline": "why"}).iloc[0]
    >>> for header, text in row.items():
    ...     print(f"{header}: {text!r}")
    week: '02 Mar 2026'
    change (%): '−26\xa0%'
    improved ≥ 2 points: 'no'
    baseline: 'too few scores'
    change (points): '+0.0'
    latest 7 days: ''
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"readable needs a DataFrame, not {type(frame).__name__}")
    chosen = list(frame.columns) if columns is None else list(columns)
    missing = [c for c in chosen if c not in frame.columns]
    if missing:
        raise ValueError(f"readable: no column {', '.join(map(repr, missing))} in this frame")
    known = _column_words()
    reasons = reasons or {}
    out = {}
    for column in chosen:
        spec = known.get(column, {"header": str(column).replace("_", " "), "format": "text"})
        write = CELL_FORMATS[spec["format"]]
        values = frame[column].astype(object)
        unknown = values.map(_missing).to_numpy(dtype=bool)
        why = frame[reasons[column]].astype(object) if column in reasons else pd.Series("", index=frame.index)
        why = why.map(lambda v: "" if _missing(v) else str(v))
        text = [w if gone else write(v) for v, gone, w in zip(values, unknown, why, strict=True)]
        out[spec["header"]] = pd.Series(text, index=frame.index, dtype=object)
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def text_table(table: pd.DataFrame) -> str:
    """A :func:`readable` frame as plain text for a terminal: numbers aligned right, words left, never wrapped.

    >>> print(text_table(pd.DataFrame({"week": ["02 Mar 2026"], "routine done": ["80\u00a0%"], "flags": ["none"]})))
    week         routine done  flags
    02 Mar 2026          80 %  none
    """
    cells = table.astype(object).map(lambda v: "" if _missing(v) else str(v).replace("\u00a0", " "))
    lines = []
    widths = {c: max([len(str(c)), *cells[c].str.len().tolist()]) for c in cells.columns}
    right = {c: _numeric_column(cells[c]) for c in cells.columns}

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(widths[c]) if right[c] else v.ljust(widths[c]) for c, v in zip(cells.columns, values, strict=True)
        ]
        return "  ".join(parts).rstrip()

    lines.append(line([str(c) for c in cells.columns]))
    lines += [line(list(row)) for row in cells.itertuples(index=False)]
    return "\n".join(lines)


def _numeric_column(values: pd.Series) -> bool:
    """Whether a column of text holds numbers (aligned right): every non-blank cell a number, a percentage, a
    p-value (``< 0.001``) or a range (``−1.6 to +0.8``)."""
    number = r"(?:<\s)?[−+\-]?\d+(?:\.\d+)?(?:\s?%)?"
    filled = values[values != ""]
    return bool(len(filled)) and bool(filled.str.fullmatch(rf"{number}(?: to {number})?").all())


def reading_html(
    table: pd.DataFrame, *, words: tuple[str, ...] | None = None, max_height: int | None = None, tall: bool = False
) -> str:
    """A :func:`readable` frame as an HTML table for a screen: headers on one line, columns of sentences (``words``;
    by default those with a cell of several words) aligned left and wrapped between words only, never inside
    one, and a scroll bar rather than a squeezed column on a narrow screen (and below ``max_height`` pixels).
    ``tall`` turns the table on its side, a line per column and a column per row (a runner's one row of many
    columns, readable on a phone).

    >>> "white-space:normal" in reading_html(pd.DataFrame({"verdict": ["cannot tell: too few scores yet"]}))
    True
    >>> text_of(reading_html(pd.DataFrame({"baseline": ["4.0"], "latest 7 days": ["3.0"]}), tall=True))
    'baseline 4.0 latest 7 days 3.0'
    """
    if tall:
        sideways = pd.DataFrame({"name": list(table.columns)})
        for i in range(len(table)):
            sideways[f"row {i}"] = table.iloc[i].tolist()
        shown = reading_html(sideways, words=tuple(sideways.columns), max_height=max_height)
        shown = shown.replace("td.kc-words{min-width:12em}", "td.kc-words{min-width:0}")  # a phone's width is enough
        return re.sub(r"<thead>.*?</thead>", "", shown, count=1)  # the names are the first column
    if words is None:
        words = tuple(
            c for c in table.columns if table[c].astype(str).str.count(" ").max() >= 3 or c in ("file", "athlete")
        )
    inner = html_table(table, left=words, band_column="band" if "band" in table else None)
    keep_words = (  # words wrap between words only, and a column of sentences keeps room for a few of them
        "<style>.kc-read td,.kc-read th{overflow-wrap:normal;word-break:keep-all;hyphens:none}"
        ".kc-read td.kc-words{min-width:12em}</style>"
    )
    height = f";max-height:{int(max_height)}px;overflow-y:auto" if max_height else ""
    return f"{keep_words}<div class='kc-read' style='overflow-x:auto;max-width:100%{height}'>{inner}</div>"


def holdings(ds) -> str:
    """What a loaded folder holds (routine rows, pain scores, runs, for whom) and, one line each, what adding a
    missing piece would show (:meth:`kneecare_analysis.Dataset.next_steps`), as an HTML box.

    >>> import kneecare_analysis as kc
    >>> text_of(holdings(kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")))
    'Read: 362 routine rows, 96 pain scores and 58 runs, for Sam.'
    """
    counts = [
        _count(len(ds.log), "routine row"),
        _count(len(ds.pain), "pain score"),
        _count(0 if ds.runs is None else len(ds.runs), "run"),
    ]
    who = ", ".join(ds.athletes) or "nobody yet"
    lines = [f"<p style='margin:4px 0'>Read: {counts[0]}, {counts[1]} and {counts[2]}, for {html.escape(who)}.</p>"]
    lines += [f"<p style='margin:4px 0;color:{MUTED_TEXT}'>{html.escape(step)}</p>" for step in ds.next_steps()]
    return f"<div class='kc-holdings' style='padding:2px 10px'>{''.join(lines)}</div>"


def unknown_lights(lights: pd.DataFrame) -> pd.DataFrame:
    """The runs whose traffic light is unknown (:func:`kneecare_analysis.run_tolerance`), each with the reason,
    as a runner reads it (:func:`readable`).

    >>> import kneecare_analysis as kc
    >>> view = unknown_lights(kc.load_dataset(kc.paths.SAMPLE_DIR / "runner").run_tolerance())
    >>> len(view), list(view.columns), list(view.iloc[0])
    (36, ['date', 'why unknown'], ['25 Feb 2026', 'pain 7 after the run (over 5); no morning score before the run to \
compare the next one with'])
    """
    unknown = lights[lights["light"].astype(str) == "unknown"]
    return readable(unknown, columns=["date", "reason"]).rename(columns={"why no ρ": "why unknown"})


PAIN_CHANGE_SHOWN = ["context", "baseline", "baseline_n", "latest", "latest_n", "change", "change_ci", "pct_change"]
PAIN_CHANGE_SHOWN += ["improved", "verdict"]


def pain_change_view(change: pd.DataFrame, *, athlete: bool = False) -> pd.DataFrame:
    """:func:`kneecare_analysis.pain_change` as a runner reads it (:func:`readable`): the baseline (or why there
    is none), the latest 7 days (or why none), the change with its 95 % CI and as a percentage, and the verdict.

    >>> import kneecare_analysis as kc
    >>> view = pain_change_view(kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").pain_change(), athlete=True)
    >>> view.iloc[5].to_dict()["95 % CI"], view.iloc[5].to_dict()["change (%)"]
    ('−1.6 to +0.8', '−20\xa0%')
    """
    frame = change.assign(
        change_ci=[
            ci_range(lo, hi).replace("-", "−")
            for lo, hi in zip(change["change_low"], change["change_high"], strict=True)
        ]
    )
    frame["change_ci"] = frame["change_ci"].replace("–", "")
    unknown = frame["change"].isna()
    frame["improved"] = frame["improved"].astype(object).where(~unknown, None)  # no change: not "no", unknown
    frame["verdict"] = frame["verdict"].where(frame["baseline"].notna(), "cannot tell yet: no baseline")
    shown = (["athlete"] if athlete else []) + PAIN_CHANGE_SHOWN
    return readable(frame, columns=shown, reasons={"baseline": "baseline_reason", "latest": "latest_reason"})


RELATIONSHIP_SHOWN = ["n", "rho", "rho_ci", "p", "rho_raw", "p_raw", "rho_lag1", "p_lag1", "reason"]


def relationship_view(rel: pd.DataFrame, *, athlete: bool = False) -> pd.DataFrame:
    """:func:`kneecare_analysis.relationship` as a runner reads it (:func:`readable`): the weeks, ρ with the
    program week held constant and its 95 % CI, p, the raw ρ and p, the same with next week's pain, and why there
    is no ρ.

    >>> import kneecare_analysis as kc
    >>> rel = kc.relationship(kc.load_dataset(kc.paths.SAMPLE_DIR / "runner").weekly_summary())
    >>> list(relationship_view(rel).iloc[0])[:4]
    ['13', '−0.12', '−0.65 to +0.49', '0.716']
    """
    frame = rel.assign(rho_ci=[_rho_range(lo, hi) for lo, hi in zip(rel["rho_low"], rel["rho_high"], strict=True)])
    columns = (["athlete"] if athlete else []) + [c for c in RELATIONSHIP_SHOWN if c in frame]
    if "reason" in frame and not frame["reason"].fillna("").astype(str).str.strip().any():
        columns.remove("reason")  # every ρ is there: no column of blanks
    return readable(frame, columns=columns)


def _rho_range(low: object, high: object) -> str:
    return "" if _missing(low) or _missing(high) else f"{_rho(low)} to {_rho(high)}"


SUMMARY_SHOWN = ["athlete", "week_start", "program_week", "sessions_done", "sessions_complete", "dose_adherence"]
SUMMARY_SHOWN += ["band", "pain_mean", "pain_max", "pain_n", "run_km", "srpe_load", "flags"]


def unsupported(summary: pd.DataFrame) -> set[str]:
    """The columns of a weekly summary its data cannot fill: the routine's without a routine log, the pain
    columns without pain scores (a table leaves them out rather than showing blanks or zeros).

    >>> sorted(unsupported(pd.DataFrame({"dose_adherence": [float("nan")], "pain_n": [3]})))
    ['band', 'dose_adherence', 'sessions_complete', 'sessions_done']
    """
    left_out = set()
    if not ("dose_adherence" in summary and summary["dose_adherence"].notna().any()):  # no routine log
        left_out |= {"sessions_done", "sessions_complete", "dose_adherence", "band"}
    if not ("pain_n" in summary and summary["pain_n"].gt(0).any()):  # no pain scores
        left_out |= {"pain_mean", "pain_max", "pain_n"}
    return left_out


def summary_view(summary: pd.DataFrame) -> pd.DataFrame:
    """:func:`kneecare_analysis.weekly_summary` as a runner reads it (:func:`readable`): the routine's columns
    only when there is a routine log, the running columns only with runs.

    >>> import kneecare_analysis as kc
    >>> view = summary_view(kc.load_dataset(kc.paths.SAMPLE_DIR / "runner").weekly_summary())
    >>> list(view.columns)[:5], list(view.iloc[0])[:3]
    (['athlete', 'week', 'program week', 'sessions', 'complete'], ['Sam', '02 Mar 2026', '1'])
    """
    left_out = unsupported(summary)
    shown = [c for c in SUMMARY_SHOWN if c in summary and c not in left_out]
    return readable(summary, columns=shown)


def has_runs(summary: pd.DataFrame) -> bool:
    """Whether a weekly summary was made with runs and any week has some (for the load charts)."""
    return "run_count" in summary and bool((summary["run_count"] > 0).any())


def show(table_html: str):
    """An HTML table for a notebook's output (``show(weeks_table(summary))``)."""
    from IPython.display import HTML

    return HTML(table_html)


def banner(folder, *, asked=None) -> object:
    """A notebook's first output: whose data it reads (the sample, or yours), as an HTML box; with ``asked``, the
    folder that was asked for, which holds no logs yet (:func:`kneecare_analysis.dataset.folder_to_read`).

    >>> text_of(banner("../data/sample/runner", asked="/tmp/knee").data)[:96]
    'Your folder /tmp/knee holds no logs yet. Until then this is the made-up sample data, not yours: '
    """
    from IPython.display import HTML

    from .paths import describe, is_sample

    colour = SAMPLE_BANNER if is_sample(folder) else OWN_DATA_BANNER
    text = describe(folder)
    if asked is not None and str(asked) != str(folder):
        text = (
            f"Your folder {asked} holds no logs yet. Until then this is the made-up sample data, not yours: "
            f"{_sample_name(folder)}. Save a session with 01 into it, or put your routine log, pain diary or "
            "running export there, and this notebook reads your own."
        )
    return HTML(
        f"<div class='kc-banner' style='border-left:6px solid {colour};padding:6px 10px;background:{PANEL_BG};"
        "overflow-wrap:break-word'>"  # a long folder name breaks inside the box, never past it
        f"{html.escape(text)}</div>"
    )


def _sample_name(folder) -> str:
    from pathlib import Path

    return {"runner": "Sam, a runner", "squad": "a squad of 12", "checklist": "a daily checklist"}.get(
        Path(str(folder)).name, str(folder)
    )


def squad_banner(folder) -> object:
    """A coach's notebook's first output: which squad it reads (the sample squad, or the one given), as an HTML
    box in the colour of a notice."""
    from IPython.display import HTML

    from .paths import describe_squad, is_sample

    colour = SAMPLE_BANNER if is_sample(folder) else OWN_DATA_BANNER
    return HTML(
        f"<div style='border-left:6px solid {colour};padding:6px 10px;background:{PANEL_BG}'>"
        f"{html.escape(describe_squad(folder))}</div>"
    )


def assumptions(frames) -> str:
    """What the kit assumed where a file could not tell (a Garmin account's distance unit), one line per file
    with how to change it (the folder's ``kneecare.toml``), as an HTML box; ``""`` when nothing was assumed.

    >>> import pandas as pd
    >>> runs = pd.DataFrame()
    >>> runs.attrs["assumed"] = pd.DataFrame({"file": ["Activities.csv"], "reason": ["read as km (the default)"]})
    >>> text_of(assumptions([runs]))
    'Assumed where a file does not say: Activities.csv: read as km (the default)'
    """
    rows = [
        (str(r.file), str(r.reason))
        for frame in frames
        if frame is not None
        for r in frame.attrs.get("assumed", pd.DataFrame(columns=["file", "reason"])).itertuples()
    ]
    if not rows:
        return ""
    items = "".join(f"<li>{html.escape(file)}: {html.escape(reason)}</li>" for file, reason in rows)
    return (
        f"<div style='border-left:6px solid {STATUS['warning']};padding:6px 10px;background:{PANEL_BG}'>"
        f"<b>Assumed where a file does not say:</b><ul style='margin:4px 0'>{items}</ul></div>"
    )
