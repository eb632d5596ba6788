"""The pain log: ``date`` (or ``timestamp``), ``athlete``, ``pain`` (0–10), ``context``, ``knee``, ``note``.

The score column may go by other names (``knee pain``, ``knee_pain``, ``pain score``, ``pain level``,
``intensity``, ``NRS``) or be named by the caller: ``load_pain_log(…, columns={"pain": "Intensity"})``. A
``VAS`` column (0–100) is read only when the caller says ``scale="vas100"``.
"""

from __future__ import annotations

from ...errors import LogFormatError, Problem
from ...vocab import column_key
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


def read(table: Table, kind: str, options: Options) -> Records:
    rename = {f: h for f, h in options.columns.items() if f in FIELDS}
    found = find_roles(table, "pain", rename=rename)
    missing = []
    if "date" not in found and "timestamp" not in found:
        missing.append("a 'date' (or 'timestamp') column")
    if "vas" in found and options.scale != "vas100":
        missing.append(
            f"a 0–10 'pain' column: column {table.headers[found['vas']]!r} looks like a 0–100 VAS; load it with "
            "scale='vas100' to convert it"
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
    return from_columns(table, kind, {f: i for f, i in found.items() if f in FIELDS}, keep=keep, skipped_rows=aside)


FORMAT = Format(
    name="pain_log",
    title="a pain log (date, pain 0–10)",
    kinds=("pain",),
    export=False,
    recognise=recognise,
    read=read,
)
