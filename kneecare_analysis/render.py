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
    """What an HTML snippet shows, as plain text (tags dropped, entities read, spaces collapsed).

    >>> text_of("<p><b>Dose:</b> 96&nbsp;%</p>")
    'Dose: 96 %'
    """
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def pct(value: object) -> str:
    return f"{float(value) * 100:.0f}%"


def one_decimal(value: object) -> str:
    return f"{float(value):.1f}"


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
WEEK_COLUMNS = {
    "week_start": "week",
    "program_week": "program week",
    "sessions_done": "sessions",
    "dose_adherence": "dose",
    "band": "band",
    "pain_mean": "pain mean",
    "pain_max": "pain max",
    "pain_n": "scores",
    "run_km": "running km",
    "srpe_load": "load",
    "acwr_uncoupled": "load ratio",
    "flags": "flags",
}


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
    """Weekly summary rows as an HTML table: week, sessions, dose, band, pain, running km, session-RPE load and
    its acute:chronic ratio, flags (less the columns named in ``leave_out``)."""
    table = summary[[c for c in WEEK_COLUMNS if c in summary and c not in leave_out]].rename(columns=WEEK_COLUMNS)
    formats = {"week": day, "dose": pct, "pain mean": one_decimal, "pain max": one_decimal}
    formats |= {"running km": one_decimal, "load": whole, "load ratio": one_decimal}
    return html_table(table, formats=formats)


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


def has_runs(summary: pd.DataFrame) -> bool:
    """Whether a weekly summary was made with runs and any week has some (for the load charts)."""
    return "run_count" in summary and bool((summary["run_count"] > 0).any())


def show(table_html: str):
    """An HTML table for a notebook's output (``show(weeks_table(summary))``)."""
    from IPython.display import HTML

    return HTML(table_html)


def banner(folder) -> object:
    """A notebook's first output: whose data it reads (the sample, or yours), as an HTML box."""
    from IPython.display import HTML

    from .paths import describe, is_sample

    colour = SAMPLE_BANNER if is_sample(folder) else OWN_DATA_BANNER
    return HTML(
        f"<div style='border-left:6px solid {colour};padding:6px 10px;background:{PANEL_BG}'>"
        f"{html.escape(describe(folder))}</div>"
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
