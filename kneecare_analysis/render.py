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
    BAND_COLOURS,
    BAND_TEXT,
    OWN_DATA_BANNER,
    PANEL_BG,
    SAMPLE_BANNER,
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
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def html_table(
    frame: pd.DataFrame,
    *,
    formats: dict[str, Callable[[object], str]] | None = None,
    band_column: str | None = "band",
    css_class: str = "kc-table",
) -> str:
    """An HTML table of ``frame``: every cell escaped, the band column coloured (with its name, not colour
    alone)."""
    formats = formats or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = "" if _missing(value) else formats.get(column, str)(value)
            style = ""
            if column == band_column and str(value) in BAND_COLOURS:
                style = f' style="background:{BAND_COLOURS[str(value)]};color:{BAND_TEXT[str(value)]}"'
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


OVERVIEW_COLUMNS = {
    "athlete": "athlete",
    "attention": "attention",
    "band": "band",
    "dose_adherence": "last week",
    "adherence_recent": "4 weeks",
    "trend": "trend",
    "pain_now": "pain now",
    "pain_baseline": "baseline",
    "flags": "flags",
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


def overview_table(overview: pd.DataFrame) -> str:
    """The team overview (:func:`kneecare_analysis.team_overview`) as an HTML table, bands in colour."""
    table = overview[list(OVERVIEW_COLUMNS)].rename(columns=OVERVIEW_COLUMNS)
    return html_table(
        table, formats={"last week": pct, "4 weeks": pct, "pain now": one_decimal, "baseline": one_decimal}
    )


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
