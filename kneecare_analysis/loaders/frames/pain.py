"""Pain records of any format → the pain-log frame: ``athlete, date, pain, context, knee, note, file, line``.

Scores are 0–10 (NRS; decimals allowed, ``4/10`` too); a 0–100 VAS is converted only with ``scale="vas100"``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...vocab import CONTEXTS, KNEES, words
from ..cells import STRING, parse_words, sort_rows, strings
from ..checks import RowChecks
from ..formats.base import Options, Records
from ..numbers import range_reasons, read_numbers
from .common import athletes, categorical, cells, coded_in, dates, masked, optional_text, origin, typed

COLUMNS = ["athlete", "date", "pain", "context", "knee", "note", "file", "line"]
CONTEXT_EXPECTED = "a context: " + ", ".join(c for c in CONTEXTS if c != "unspecified") + " (blank = unspecified)"
VAS_ADVICE = '; if this column is a 0–100 VAS, say pain_scale = "0-100" in the folder\'s kneecare.toml'
KNEE_EXPECTED = "a knee: left, right or both (L, R, B; blank = unspecified)"


def build(records: Records, options: Options, chk: RowChecks) -> pd.DataFrame:
    """The typed frame of ``records``; the problems of each record go into ``chk``."""
    n = len(records)
    header = records.columns
    day = dates(records, chk, dayfirst=options.dayfirst)

    top = 100 if options.scale == "vas100" else 10
    what = f"a pain score from 0 to {top} ({'VAS' if top == 100 else 'NRS'})"
    pain_cells = cells(records, "pain")
    raw = pain_cells.values
    if not pd.api.types.is_numeric_dtype(raw.dtype):  # 4/10 is 4
        raw = pd.Series([re.sub(rf"\s*/\s*{top}$", "", t) for t in strings(raw)], dtype=object)
    score = read_numbers(raw, separator=records.table.separator, what=what)
    why = np.where(score.reason.isna(), range_reasons(score, what=what, maximum=top), score.reason)
    if options.scale == "nrs":
        vas_like = ~np.isnan(score.value) & (score.value > 10) & (score.value <= 100)
        why[vas_like] = what + VAS_ADVICE
    why[score.blank] = what + " (the cell is empty)"
    chk.add_values(pd.Series(why, dtype=STRING), header.get("pain", "pain"), pain_cells)
    value = pain_cells.take(score.value / (10 if options.scale == "vas100" else 1))

    context_cells = cells(records, "context")
    context, why = parse_words(context_cells.values, words("answers")["context"], what=CONTEXT_EXPECTED)
    chk.add_values(why, header.get("context", "context"), context_cells)
    knee_cells = cells(records, "knee")
    knee, why = parse_words(knee_cells.values, words("answers")["knee"], what=KNEE_EXPECTED)
    chk.add_values(why, header.get("knee", "knee"), knee_cells)

    frame = pd.DataFrame(
        {
            "athlete": athletes(cells(records, "athlete"), default=records.table.default_athlete),
            "date": day,
            "pain": masked(value),
            "context": categorical(context_cells.take(coded_in(context, list(CONTEXTS))), list(CONTEXTS)),
            "knee": categorical(knee_cells.take(coded_in(knee, list(KNEES))), list(KNEES)),
            "note": optional_text(cells(records, "note")),
            **origin(records),
        },
        copy=False,
    )
    return frame[chk.keep_mask(n)] if chk.any() else frame


def tidy(frame: pd.DataFrame, options: Options) -> pd.DataFrame:
    """Column order, dtypes and order of rows (athlete, date, file order)."""
    out = typed(
        frame,
        {
            "athlete": None,
            "date": np.dtype("datetime64[ns]"),
            "pain": pd.Float64Dtype(),
            "context": pd.CategoricalDtype(list(CONTEXTS)),
            "knee": pd.CategoricalDtype(list(KNEES)),
            "note": STRING,
            "file": None,
            "line": np.dtype("int64"),
        },
    )
    return sort_rows(out, ["athlete", "date"])
