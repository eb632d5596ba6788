"""A pain diary with one column per moment — ``date, pain_before, first_steps_pain, pain_during,
post_run_pain, …`` — read as one pain record per filled cell, with the moment as its context.

The moments and the words that name them are data (``words/pain_columns.toml``): ``first steps`` is the
morning, ``during`` the run, ``post``/``after`` after it; a pain column naming no known moment is ``other``,
with its header in the note. Columns naming another part of the body (``pain_shoulder``) are not knee scores.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...errors import LogFormatError, Problem
from ...vocab import column_key, word_key, words
from ..cells import text
from ..coded import Coded
from ..headers import describe, keys, roles
from ..read import Table
from .base import Claim, Format, Options, Records, skipped, summary_rows


def moment(header: str) -> str | None:
    """The context a per-moment pain column's header names (``other`` for an unnamed moment), or ``None`` when
    the column is no knee-pain column."""
    phrase = word_key(header.replace("_", " "))
    tokens = phrase.split()
    if not ({"pain", "nrs"} & set(tokens)) or set(tokens) & set(words("pain_columns")["other_body_parts"]["words"]):
        return None
    table = words("pain_columns")["context"]
    for name in sorted(table, key=len, reverse=True):
        if re.search(rf"\b{re.escape(name)}\b", phrase):
            return table[name]
    return "other"


def _columns(table: Table) -> dict[int, str]:
    plain = roles("pain")["pain"] | roles("pain")["vas"]
    return {i: m for i, h in enumerate(table.headers) if column_key(h) not in plain and (m := moment(h)) is not None}


def recognise(table: Table, options: Options) -> Claim:
    if _columns(table) and set(keys(table)) & (roles("pain")["date"] | roles("pain")["timestamp"]):
        return Claim(True)
    return Claim(False, "a pain column per moment, such as 'pain_during' or 'post_run_pain', and a date column")


def read(table: Table, kind: str, options: Options) -> Records:
    common = roles("pain")
    found = {}
    for i, key in enumerate(keys(table)):
        for role in ("date", "timestamp", "athlete", "knee", "note"):
            if key in common[role] and role not in found:
                found[role] = i
    if "date" not in found and "timestamp" not in found:
        raise LogFormatError(Problem(table.name, None, None, None, f"a date column; found {describe(table)}"))
    date_field = "date" if "date" in found else "timestamp"
    keep, summaries = summary_rows(table, found[date_field])
    moments = _columns(table)
    parts = []
    for order, (i, context) in enumerate(moments.items()):
        cells = text(table.column(i))
        filled = (cells != "").to_numpy() & keep
        part = pd.DataFrame(
            {
                "pos": np.flatnonzero(filled),
                "order": order,
                "column": table.headers[i],
                "pain": cells[filled].to_numpy(dtype=object),
                "context": context,
                "moment_note": table.headers[i] if context == "other" else "",
            }
        )
        for role, j in found.items():
            part[role] = text(table.column(j)).to_numpy(dtype=object)[filled]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True).sort_values(["pos", "order"], kind="stable", ignore_index=True)
    if "note" in out:
        out["note"] = np.where(
            out["moment_note"] != "",
            np.where(out["note"] != "", out["moment_note"] + ": " + out["note"], out["moment_note"]),
            out["note"],
        )
    else:
        out["note"] = out["moment_note"]
    fields = [date_field, "pain", "context", "note", *[r for r in ("athlete", "knee") if r in found]]
    cells = {f: Coded.of(out[f]) for f in fields}
    shown = {f: table.headers[found[f]] if f in found else f for f in fields}
    shown["pain"] = out["column"].to_numpy(dtype=object)
    pos = out["pos"].to_numpy(dtype=np.int64)
    empty = np.setdiff1d(np.flatnonzero(keep), pos)
    aside = pd.concat([skipped(table, empty, "", "no pain score in this row"), summaries], ignore_index=True)
    return Records(
        kind, table, table.lines[pos], cells, shown, aside, {"all_dates": text(table.column(found[date_field]))}
    )


FORMAT = Format(
    name="pain_moments",
    title="a pain diary with a column per moment (pain_before, pain_during, post_run_pain, …)",
    kinds=("pain",),
    export=False,
    recognise=recognise,
    read=read,
)
