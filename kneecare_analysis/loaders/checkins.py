"""Daily check-ins collected with Google Forms, read as pain logs.

A Forms file has a ``Timestamp`` column (``2022/06/22 11:07:29 AM AST`` in the download,
``8/31/2023 19:08:16`` in the linked sheet) and the questions as headers. The pain question is the one whose
title mentions pain (or hurt, sore) and whose answers are 0–10; the athlete is a name or athlete question, else
the e-mail address; a "when" question gives the context. ``columns={"pain": "…", "athlete": "…"}`` names them
when the guess is not clear, and an unclear guess is an error that lists the candidates.

>>> kc.load_checkins("Knee check-in (Responses).csv")                       # doctest: +SKIP
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import LogFormatError, Problem
from ..vocab import column_key, word_key
from ._parse import text
from ._read import RawTable
from ._sources import Source, iter_tables

PAIN_WORDS = re.compile(r"\b(pain|painful|hurt|hurts|hurting|sore|soreness)\b")
NAME_WORDS = re.compile(r"\b(name|athlete|runner)\b")
EMAIL_WORDS = re.compile(r"\be ?mail\b")
CONTEXT_WORDS = re.compile(r"\b(when|context|situation|moment)\b")
KNEE_WORDS = re.compile(r"\b(which knee|knee side|which side|side)\b")
NOTE_WORDS = re.compile(r"\b(note|notes|comment|comments|anything else)\b")
CONTEXT_ANSWERS = [
    (r"\bstair", "stairs"),
    (r"\bworst\b|\b24 ?h", "worst_24h"),
    (r"\bduring\b|\bwhile running\b", "during_run"),
    (r"\bafter\b|\bpost\b", "after_run"),
    (r"\bmorning\b|\bwaking\b|\bwoke\b|\bget(?:ting)? up\b", "morning"),
    (r"\brest\b|\bresting\b|\bsitting\b", "rest"),
    (r"\bother\b", "other"),
]
FIELDS = ("date", "athlete", "pain", "context", "knee", "note")


def is_form(table: RawTable) -> bool:
    """A Forms export: a ``Timestamp`` column, and a pain question rather than a plain ``pain`` column."""
    keys = [column_key(h) for h in table.headers]
    if "timestamp" not in keys or "pain" in keys:
        return False
    return any(PAIN_WORDS.search(word_key(h)) for h in table.headers)


def load_checkins(
    src: Source,
    *,
    columns: dict[str, str] | None = None,
    athlete: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
) -> pd.DataFrame:
    """Load Google Forms check-ins into the pain-log frame (see :func:`kneecare_analysis.load_pain_log`)."""
    from ..routine import DEFAULT_ROUTINE
    from .pain_log import load_pain_tables

    tables = [as_pain_table(t, columns=columns) for t in iter_tables(src, "checkins", athlete=athlete)]
    return load_pain_tables(tables, dayfirst=dayfirst, errors=errors, routine=DEFAULT_ROUTINE)


def as_pain_table(table: RawTable, *, columns: dict[str, str] | None = None) -> RawTable:
    """The form's columns renamed to the pain log's (``date, athlete, pain, context, knee, note``)."""
    chosen = _choose(table, columns or {})
    frame = pd.DataFrame(index=table.frame.index)
    headers = []
    for field in FIELDS:
        if field not in chosen:
            continue
        series = table.column(chosen[field])
        if field == "context":
            series = _contexts(series)
        frame[len(headers)] = series
        headers.append(field)
    out = RawTable(table.name, headers, frame, table.lines, table.decimal_comma, list(table.row_problems))
    out.default_athlete = table.default_athlete
    out.original_headers = {field: table.headers[i] for field, i in chosen.items()}
    return out


def _choose(table: RawTable, columns: dict[str, str]) -> dict[str, int]:
    problems: list[Problem] = []
    chosen: dict[str, int] = {}
    unknown = set(columns) - set(FIELDS)
    if unknown:
        raise ValueError(f"columns= names fields {sorted(unknown)}; fields are {', '.join(FIELDS)}")
    for field, header in columns.items():
        keys = [column_key(h) for h in table.headers]
        if column_key(header) not in keys:
            problems.append(Problem(table.name, None, header, None, f"a column of the form for {field}"))
        else:
            chosen[field] = keys.index(column_key(header))
    if "date" not in chosen:
        chosen["date"] = [column_key(h) for h in table.headers].index("timestamp")
    taken = set(chosen.values())

    def candidates(pattern: re.Pattern, *, answers_ok=None) -> list[int]:
        found = [i for i, h in enumerate(table.headers) if i not in taken and pattern.search(word_key(h))]
        return [i for i in found if answers_ok is None or answers_ok(table.column(i))]

    def settle(field: str, found: list[int], *, required: bool, hint: str) -> None:
        if field in chosen:
            return
        if len(found) == 1:
            chosen[field] = found[0]
            taken.add(found[0])
        elif len(found) > 1:
            names = " and ".join(repr(table.headers[i]) for i in found)
            problems.append(
                Problem(
                    table.name, None, None, None, f"one {field} question, found {names}: pass columns={{'{field}': …}}"
                )
            )
        elif required:
            problems.append(Problem(table.name, None, None, None, f"{hint}; found columns {table.headers}"))

    settle(
        "pain",
        candidates(PAIN_WORDS, answers_ok=_zero_to_ten),
        required=True,
        hint="a pain question (its title mentions pain, answers 0–10)",
    )
    names = candidates(NAME_WORDS)
    settle("athlete", names or candidates(EMAIL_WORDS), required=False, hint="")
    settle("context", candidates(CONTEXT_WORDS), required=False, hint="")
    settle("knee", candidates(KNEE_WORDS), required=False, hint="")
    settle("note", candidates(NOTE_WORDS), required=False, hint="")
    if problems:
        raise LogFormatError(problems)
    return chosen


def _zero_to_ten(series: pd.Series) -> bool:
    values = text(series)
    values = values[values != ""]
    if values.empty:
        return False
    numbers = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")
    inside = numbers.between(0, 10)
    return bool(inside.mean() >= 0.8)


def _contexts(series: pd.Series) -> pd.Series:
    """Multiple-choice answers ("After my run", "In the morning") as the kit's contexts; an answer that
    matches none is kept as written, so the pain loader reports it."""
    t = text(series)
    low = t.str.lower()
    out = pd.Series(np.where(t == "", "", None), index=t.index, dtype=object)
    for pattern, context in CONTEXT_ANSWERS:
        hit = out.isna() & low.str.contains(pattern, regex=True)
        out[hit.to_numpy()] = context
    return out.fillna(t.astype(object))
