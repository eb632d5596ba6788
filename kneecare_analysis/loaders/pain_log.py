"""Pain scores (0–10 NRS) — a pain log, or the pain columns of a daily checklist — into one tidy frame.

>>> import pandas as pd, kneecare_analysis as kc
>>> pain = kc.load_pain_log(pd.DataFrame({"date": ["2026-03-02"], "pain": ["4,5"], "context": ["after run"]}))
Traceback (most recent call last):
...
kneecare_analysis.errors.LogFormatError: 1 problem in <DataFrame>:
  <DataFrame>:2, column 'pain': '4,5' — expected a pain score from 0 to 10 (NRS)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import LogFormatError, Problem
from ..routine import DEFAULT_ROUTINE, Routine
from ..vocab import CONTEXT_WORDS, CONTEXTS, KNEE_WORDS, KNEES
from . import _checklist, checkins
from ._checks import RowChecks, finish
from ._coded import Coded
from ._columns import PAIN_ROLES, describe_headers, find_roles
from ._output import athletes, categorical, codes_in, conform, dated_records, floats, optional_text
from ._parse import STRING, parse_numbers, parse_words, sort_rows, text
from ._read import RawTable
from ._sources import Source, iter_tables
from .routine_log import DEFAULT_ATHLETE

PAIN_COLUMNS = ["athlete", "date", "pain", "context", "knee", "note", "source"]
SCALES = ("nrs", "vas100")
CONTEXT_EXPECTED = "a context: " + ", ".join(c for c in CONTEXTS if c != "unspecified") + " (blank = unspecified)"
KNEE_EXPECTED = "a knee: left, right or both (L, R, B; blank = unspecified)"


def load_pain_log(
    src: Source,
    *,
    athlete: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
    scale: str = "nrs",
    routine: Routine = DEFAULT_ROUTINE,
) -> pd.DataFrame:
    """Load pain scores into ``athlete, date, pain, context, knee, note, source``.

    ``src`` is like :func:`load_routine_log`'s; a folder without a ``pain_log`` file but with a daily
    checklist holding a pain column is read from that checklist.

    ``scale="vas100"`` converts a 0–100 visual analogue scale to 0–10; without it a score above 10 is an error.
    A daily checklist's pain columns are read too (``Knee pain``, ``Morning pain``…).
    """
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}")
    tables = list(iter_tables(src, "pain_log", athlete=athlete, required=False))
    if not tables:  # a folder whose pain scores live in its daily checklist
        tables = [
            t
            for t in iter_tables(src, "routine_log", athlete=athlete, required=False)
            if _checklist.is_checklist(t, routine) and _checklist.layout(t, routine).pain
        ]
    if not tables:
        list(iter_tables(src, "pain_log", athlete=athlete))  # raises the message naming what was looked for
    return load_pain_tables(tables, dayfirst=dayfirst, errors=errors, scale=scale, routine=routine)


def load_pain_tables(
    tables: Iterable[RawTable], *, dayfirst: bool | None, errors: str, scale: str = "nrs", routine: Routine
) -> pd.DataFrame:
    """:func:`load_pain_log` on tables already read (a dataset reads a checklist's pain from its routine log)."""
    frames, checks = [], []
    for table in tables:
        if _checklist.is_checklist(table, routine):
            lay = _checklist.layout(table, routine)
            records = _checklist.pain_records(table, lay)
            headers = {
                "date": table.headers[lay.date],
                "athlete": table.headers[lay.athlete] if lay.athlete is not None else "athlete",
                "pain": records["column"].to_numpy(dtype=object),
                "note": table.headers[lay.note] if lay.note is not None else "note",
            }
            cells = {f: Coded.of(records[f]) for f in FIELDS if f in records}
            lines = records["line"].to_numpy(dtype=np.int64) if len(records) else np.zeros(0, dtype=np.int64)
            date_values = Coded.of(table.column(lay.date)).values
        else:
            if checkins.is_form(table):
                table = checkins.as_pain_table(table)
            roles = find_roles(table, PAIN_ROLES)
            _require(table, roles, scale)
            if "vas" in roles and scale == "vas100":
                roles["pain"] = roles.pop("vas")
            cells = {field: Coded.of(table.column(i)) for field, i in roles.items()}
            lines = table.lines
            headers = {field: table.original_headers.get(field, table.headers[i]) for field, i in roles.items()}
            date_values = cells["date" if "date" in roles else "timestamp"].values
        chk = RowChecks(table.name, lines)
        chk.unread = list(table.row_problems)
        frames.append(_parse_records(cells, headers, chk, table, dayfirst=dayfirst, scale=scale, dates=date_values))
        checks.append(chk)
    out = finish(frames, checks, errors=errors, columns=PAIN_COLUMNS)
    rejected = out.attrs.get("rejected")
    out = tidy_pain(out)
    out.attrs["rejected"] = rejected
    return out


def tidy_pain(frame: pd.DataFrame) -> pd.DataFrame:
    """The pain frame's column order, dtypes and sort order."""
    out = conform(
        frame,
        {
            "athlete": None,
            "date": np.dtype("datetime64[ns]"),
            "pain": pd.Float64Dtype(),
            "context": pd.CategoricalDtype(list(CONTEXTS)),
            "knee": pd.CategoricalDtype(list(KNEES)),
            "note": STRING,
            "source": STRING,
        },
    )
    return sort_rows(out, ["athlete", "date"])


def _require(table: RawTable, roles: dict[str, int], scale: str) -> None:
    missing = []
    if "date" not in roles and "timestamp" not in roles:
        missing.append("a 'date' (or 'timestamp') column")
    if "vas" in roles and scale != "vas100":
        missing.append(
            f"a 0–10 'pain' column: column {table.headers[roles['vas']]!r} looks like a 0–100 VAS; "
            "load it with scale='vas100' to convert it"
        )
    elif "pain" not in roles and "vas" not in roles:
        missing.append("a 'pain' column (0–10)")
    if missing:
        raise LogFormatError(
            [Problem(table.name, None, None, None, f"{m}; found columns {describe_headers(table)}") for m in missing]
        )


FIELDS = ("date", "timestamp", "athlete", "pain", "context", "knee", "note")


def _parse_records(
    cells: dict[str, Coded], headers: dict, chk: RowChecks, table: RawTable, *, dayfirst, scale: str, dates: pd.Series
) -> pd.DataFrame:
    """Parse each distinct cell once, record the rows whose cells are wrong, and build the typed frame."""
    n = len(chk.lines)
    source, col, per_row_dates = dated_records(cells, headers, chk, table, dayfirst=dayfirst, date_values=dates)

    top = 100 if scale == "vas100" else 10
    what = f"a pain score from 0 to {top} ({'VAS' if top == 100 else 'NRS'})"
    raw = col("pain").values
    if not pd.api.types.is_numeric_dtype(raw.dtype):
        raw = text(raw).str.replace(r"\s*/\s*" + str(top) + r"$", "", regex=True)
    pain, why = parse_numbers(raw, decimal_comma=table.decimal_comma, minimum=0, maximum=None, what=what)
    over = pain.notna() & (pain > top)
    if scale == "nrs":
        why[over & (pain <= 100)] = what + "; if this column is a 0–100 VAS, load it with scale='vas100'"
    why[over & why.isna()] = what
    why[pain.isna() & why.isna()] = what + " (the cell is empty)"
    chk.add_values(why, headers.get("pain", "pain"), col("pain"))
    if scale == "vas100":
        pain = pain / 10

    context, why = parse_words(col("context").values, CONTEXT_WORDS, what=CONTEXT_EXPECTED)
    chk.add_values(why, headers.get("context", "context"), col("context"))
    knee, why = parse_words(col("knee").values, KNEE_WORDS, what=KNEE_EXPECTED)
    chk.add_values(why, headers.get("knee", "knee"), col("knee"))

    frame = pd.DataFrame(
        {
            "athlete": athletes(col("athlete"), default=table.default_athlete or DEFAULT_ATHLETE),
            "date": per_row_dates,
            "pain": floats(pain, col("pain")),
            "context": categorical(col("context").take(codes_in(context, list(CONTEXTS))), list(CONTEXTS)),
            "knee": categorical(col("knee").take(codes_in(knee, list(KNEES))), list(KNEES)),
            "note": optional_text(col("note")),
            "source": source(),
        },
        copy=False,
    )
    return frame[chk.keep_mask(n)] if chk.any() else frame
