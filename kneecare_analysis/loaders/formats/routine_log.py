"""The long routine log: one row per drill (and side) done — ``date`` (or ``timestamp``), ``athlete``, ``drill``,
``side``, ``reps`` (with ``sets``), ``seconds`` (or ``minutes``, or a ``duration``), ``note``. Other columns (a
``session`` id, say) are left as they are.
"""

from __future__ import annotations

from ...errors import LogFormatError, Problem
from ..headers import describe, find_roles, keys, roles
from ..read import Table
from .base import Claim, Format, Options, Records, from_columns, summary_rows

FIELDS = ("date", "timestamp", "athlete", "drill", "side", "reps", "sets", "seconds", "minutes", "duration", "note")


def recognise(table: Table, options: Options) -> Claim:
    if set(keys(table)) & roles("routine")["drill"]:
        return Claim(True)
    return Claim(False, "a 'drill' column (or, for a daily checklist, one column per drill such as 'Clamshell L')")


def read(table: Table, kind: str, options: Options) -> Records:
    found = find_roles(table, "routine")
    missing = []
    if "date" not in found and "timestamp" not in found:
        missing.append("a 'date' (or 'timestamp') column")
    if not {"reps", "seconds", "minutes", "duration"} & found.keys():
        missing.append("an amount column: 'reps', 'seconds', 'minutes' or 'duration'")
    if missing:
        raise LogFormatError(
            [Problem(table.name, None, None, None, f"{m}; found columns {describe(table)}") for m in missing]
        )
    keep, aside = summary_rows(table, found.get("date", found.get("timestamp")))
    return from_columns(table, kind, {f: i for f, i in found.items() if f in FIELDS}, keep=keep, skipped_rows=aside)


FORMAT = Format(
    name="routine_log",
    title="a routine log (date, drill, reps or seconds)",
    kinds=("routine",),
    export=False,
    recognise=recognise,
    read=read,
)
