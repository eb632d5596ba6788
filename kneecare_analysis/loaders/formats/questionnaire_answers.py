"""Questionnaire answers, one row per answered item: ``date``, ``athlete``, ``instrument`` (``akps``,
``koos_pf``, ``psfs``, ``groc``), ``item`` (1-based), ``answer`` (the option's position on the form, 0 for the
first; for PSFS and GROC the number itself) and ``note`` (PSFS: the activity) — the file the questionnaire
notebook writes, ``questionnaires.csv``.
"""

from __future__ import annotations

from ...errors import LogFormatError, Problem
from ..headers import describe, find_roles, keys, roles
from ..read import Table
from .base import Claim, Format, Options, Records, from_columns

FIELDS = ("date", "timestamp", "athlete", "instrument", "item", "answer", "note")


def recognise(table: Table, options: Options) -> Claim:
    found = set(keys(table))
    r = roles("questionnaires")
    if found & r["instrument"] and found & r["item"] and found & r["answer"]:
        return Claim(True)
    return Claim(False, "'instrument', 'item' and 'answer' columns (questionnaire answers)")


def read(table: Table, kind: str, options: Options) -> Records:
    found = find_roles(table, "questionnaires")
    if "date" not in found and "timestamp" not in found:
        raise LogFormatError(
            [Problem(table.name, None, None, None, f"a 'date' column; found columns {describe(table)}")]
        )
    return from_columns(table, kind, {f: i for f, i in found.items() if f in FIELDS})


FORMAT = Format(
    name="questionnaires",
    title="questionnaire answers (date, instrument, item, answer)",
    kinds=("questionnaires",),
    export=False,
    recognise=recognise,
    read=read,
)
