"""Daily check-ins collected with Google Forms (or a similar form), read as pain records.

A form's file has a ``Timestamp`` (or date) column and the questions as headers. The pain question is the one
whose title mentions pain (or hurt, sore) and whose answers are 0–10; the athlete is a name or athlete
question, else the e-mail address; a "when" question gives the context (without one, a pain question that
names its moment: "Knee pain this morning?"). ``columns={"pain": "…"}`` names them
when the guess is not clear, and an unclear guess is an error that lists the candidates.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...errors import LogFormatError, Problem
from ...vocab import column_key, word_key
from ..cells import text
from ..headers import describe, keys, roles
from ..read import Table
from .base import Claim, Format, Options, Records, from_columns

PAIN_WORDS = re.compile(r"\b(pain|painful|hurt|hurts|hurting|sore|soreness|knee)\b")
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


def _date_column(table: Table) -> int | None:
    common = roles("pain")
    for i, key in enumerate(keys(table)):
        if key in common["timestamp"] or key in common["date"]:
            return i
    return None


def _question(header: str) -> bool:
    """A form's question as its title (``How much did your knee hurt today? (0-10)``), not a column name."""
    return "?" in header


def recognise(table: Table, options: Options) -> Claim:
    found = set(keys(table))
    if found & (roles("pain")["pain"] | roles("pain")["vas"]) or _date_column(table) is None:
        return Claim(False, "a Timestamp column and a question about pain (a form's responses)")
    stamped = bool(found & roles("pain")["timestamp"])
    pain = [h for h in table.headers if PAIN_WORDS.search(word_key(h))]
    if pain and (stamped or any(_question(h) for h in pain) or "pain" in options.columns):
        return Claim(True)
    return Claim(False, "a question about pain, answered 0–10 (a form's responses)")


def read(table: Table, kind: str, options: Options) -> Records:
    chosen = _choose(table, {f: h for f, h in options.columns.items() if f in FIELDS})
    columns: dict[str, int | pd.Series] = dict(chosen)
    headers = {f: table.headers[i] for f, i in chosen.items()}
    if "context" in chosen:
        columns["context"] = _contexts(table.column(chosen["context"]))
    elif "pain" in chosen and (asked := _context(headers["pain"])) != headers["pain"]:
        # no "when" question: a pain question that names its moment ("… this morning?") gives the context
        columns["context"] = pd.Series([asked] * len(table.column(chosen["pain"])), dtype=object)
        headers["context"] = headers["pain"]
    return from_columns(table, kind, columns, headers=headers)


def _choose(table: Table, columns: dict[str, str]) -> dict[str, int]:
    problems: list[Problem] = []
    chosen: dict[str, int] = {}
    header_keys = keys(table)
    for field, header in columns.items():
        if column_key(header) not in header_keys:
            problems.append(Problem(table.name, None, header, None, f"a column of the form for {field}"))
        else:
            chosen[field] = header_keys.index(column_key(header))
    if "date" not in chosen:
        chosen["date"] = _date_column(table)
    taken = set(chosen.values())

    def candidates(pattern: re.Pattern, *, answers_ok=None) -> list[int]:
        found = [i for i, h in enumerate(table.headers) if i not in taken and pattern.search(word_key(h))]
        return [i for i in found if answers_ok is None or answers_ok(table.column(i))]

    def settle(field: str, found: list[int], *, required: bool = False, hint: str = "") -> None:
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
            problems.append(Problem(table.name, None, None, None, f"{hint}; found columns {describe(table)}"))

    settle("pain", candidates(PAIN_WORDS, answers_ok=zero_to_ten), required=True, hint="a pain question (answers 0–10)")
    settle("athlete", candidates(NAME_WORDS) or candidates(EMAIL_WORDS))
    settle("context", candidates(CONTEXT_WORDS, answers_ok=lambda s: not zero_to_ten(s)))
    settle("knee", candidates(KNEE_WORDS))
    settle("note", candidates(NOTE_WORDS))
    if problems:
        raise LogFormatError(problems)
    return chosen


def zero_to_ten(series: pd.Series) -> bool:
    """Whether most answers of a question are numbers from 0 to 10 (blank answers aside)."""
    values = text(series)
    values = values[values != ""]
    if values.empty:
        return False
    numbers = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")
    numbers = np.asarray(numbers, dtype=float)
    return bool(np.mean((numbers >= 0) & (numbers <= 10)) >= 0.8)


def _contexts(series: pd.Series) -> pd.Series:
    """Multiple-choice answers ("After my run", "In the morning") as the kit's contexts, worked out once per
    distinct answer; an answer that matches none is kept as written, so the pain loader reports it."""
    codes, answers = pd.factorize(text(series), use_na_sentinel=False)
    return pd.Series(np.array([_context(a) for a in answers] + [""], dtype=object)[codes])


def _context(answer: str) -> str:
    low = answer.lower()
    return next((context for pattern, context in CONTEXT_ANSWERS if re.search(pattern, low)), answer)


FORMAT = Format(
    name="forms",
    title="form responses (Google Forms: Timestamp and questions)",
    kinds=("pain",),
    export=True,
    recognise=recognise,
    read=read,
)
