"""Text that leaves the kit safely: spreadsheet formulas neutralised, HTML escaped.

A cell such as ``=HYPERLINK("http://…")`` in a note would run as a formula when a coach opens an exported CSV
in a spreadsheet; every writer passes text cells through :func:`neutralise` first.

>>> neutralise('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> neutralise("-3 reps")
"'-3 reps"
"""

from __future__ import annotations

import html

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading ``'``."""
    return "'" + text if text.startswith(FORMULA_START) else text


def neutralise_frame(frame):
    """The frame with every text cell neutralised (numbers, dates and booleans are left as they are)."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[column] = series.map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return out


def escape(value: object) -> str:
    """HTML-escaped text of any value (quotes included)."""
    return html.escape(str(value), quote=True)
