"""The pain log: ``date`` (or ``timestamp``), ``athlete``, ``pain`` (0–10), ``context``, ``knee``, ``note``.

The score column may go by other names (``knee pain``, ``knee_pain``, ``pain score``, ``pain level``,
``intensity``, ``NRS``) or be named by the caller: ``load_pain_log(…, columns={"pain": "Intensity"})``. A
``VAS`` column (0–100) is read only when the caller says ``scale="vas100"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import LogFormatError, Problem
from ...vocab import column_key, word_key, words
from ..cells import text
from ..headers import describe, find_roles, keys, roles
from ..read import Table
from .base import Claim, Format, Options, Records, from_columns, summary_rows

FIELDS = ("date", "timestamp", "athlete", "pain", "context", "knee", "note")


def recognise(table: Table, options: Options) -> Claim:
    found = set(keys(table))
    named = options.columns.get("pain")
    if (named and column_key(named) in found) or found & (roles("pain")["pain"] | roles("pain")["vas"]):
        return Claim(True)
    return Claim(False, "a 'pain' column (0–10)")


DATE_LIKE = r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})([ T]\d{1,2}:\d{2}(:\d{2})?.*)?$"


def diary_stamp(table: Table) -> int | None:
    """A date-and-time column under another usual name (``time``, ``datetime``, ``when``, ``recorded``): the
    first such column whose filled cells are all dates, or ``None``."""
    stamps = set(words("headers")["diary_stamps"]["keys"])
    for i, key in enumerate(keys(table)):
        if key not in stamps:
            continue
        cells = text(table.column(i))
        cells = cells[cells != ""]
        if len(cells) and bool(cells.str.match(DATE_LIKE).all()):
            return i
    return None


def side_as_note(table: Table, found: dict[str, int]) -> pd.Series | None:
    """A ``side`` column (not ``knee``) holding values that are no knee side (a headache's ``none``): kept as
    the row's note (``side: none``, after the note's own text), not read as the knee."""
    i = found.get("knee")
    if i is None or column_key(table.headers[i]) == "knee":
        return None
    values = text(table.column(i))
    known = words("answers")["knee"]
    if all(word_key(v) in known for v in values.unique()):
        return None
    side = np.where(values != "", table.headers[i] + ": " + values, "")
    if "note" not in found:
        return pd.Series(side, dtype=object)
    note = text(table.column(found["note"])).to_numpy(dtype=object)
    joined = [f"{n}; {s}" if n and s else n or s for n, s in zip(note, side, strict=True)]
    return pd.Series(joined, dtype=object)


def read(table: Table, kind: str, options: Options) -> Records:
    rename = {f: h for f, h in options.columns.items() if f in FIELDS}
    found = find_roles(table, "pain", rename=rename)
    if "date" not in found and "timestamp" not in found and (stamp := diary_stamp(table)) is not None:
        found = {role: i for role, i in found.items() if i != stamp} | {"timestamp": stamp}
    missing = []
    if "date" not in found and "timestamp" not in found:
        missing.append("a 'date' (or 'timestamp') column")
    if "vas" in found and options.scale != "vas100":
        missing.append(
            f"a 0–10 'pain' column: column {table.headers[found['vas']]!r} looks like a 0–100 VAS; say "
            'pain_scale = "0-100" in the folder\'s kneecare.toml to read it'
        )
    elif "pain" not in found and "vas" not in found:
        missing.append("a 'pain' column (0–10)")
    if missing:
        raise LogFormatError(
            [Problem(table.name, None, None, None, f"{m}; found columns {describe(table)}") for m in missing]
        )
    if "vas" in found and "pain" not in found:
        found["pain"] = found.pop("vas")
    keep, aside = summary_rows(table, found.get("date", found.get("timestamp")))
    columns: dict[str, int | pd.Series] = {f: i for f, i in found.items() if f in FIELDS}
    note = side_as_note(table, found)
    if note is not None:
        del columns["knee"]
        columns["note"] = note
    return from_columns(table, kind, columns, keep=keep, skipped_rows=aside)


FORMAT = Format(
    name="pain_log",
    title="a pain log (date, pain 0–10)",
    kinds=("pain",),
    export=False,
    recognise=recognise,
    read=read,
)
