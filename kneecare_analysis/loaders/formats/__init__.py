"""The formats the kit reads, one module each, and how a table is matched to its format.

An app's export is known by its own headers and wins over the layouts people keep by hand (a routine log,
a checklist, a pain log, a running log), which are tried in the order below. To add a format: write a module
with a ``FORMAT`` (see :mod:`.base`), add it to :data:`FORMATS`, and give it a test file of its own.

>>> [f.name for f in FORMATS][:4]
['strava', 'strava_api', 'garmin', 'trainingpeaks']
"""

from __future__ import annotations

import re

from ...errors import LogFormatError, Problem
from ..headers import describe
from ..read import Table
from . import (
    activity_files,
    checklist,
    fitbod,
    fitnotes,
    forms,
    garmin,
    generic_runs,
    hevy,
    pain_log,
    pain_moments,
    questionnaire_answers,
    routine_log,
    runkeeper,
    strava,
    strava_api,
    strong,
    trainingpeaks,
)
from .base import KINDS, Format, Options, Records

FORMATS: tuple[Format, ...] = (
    strava.FORMAT,
    strava_api.FORMAT,
    garmin.FORMAT,
    trainingpeaks.FORMAT,
    runkeeper.FORMAT,
    strong.FORMAT,
    hevy.FORMAT,
    fitnotes.FORMAT,
    fitbod.FORMAT,
    forms.FORMAT,
    routine_log.FORMAT,
    checklist.FORMAT,
    pain_log.FORMAT,
    pain_moments.FORMAT,
    generic_runs.FORMAT,
    questionnaire_answers.FORMAT,
    activity_files.FORMAT,
)


HEADER_ROWS = 20  # the header is looked for in a table's first rows (titles and blank rows above it)


def identify(table: Table, options: Options, kind: str | None = None) -> tuple[Format, Table]:
    """The format ``table`` is in, and the table with its header where the format found it (the first of its
    first 20 rows that a format recognises; the rows above are set aside). A :class:`LogFormatError` names the
    candidates when two exports fit, or each format of ``kind`` (every format when ``None``) with what the
    table lacks when none does."""
    claims = _claims(table, options)
    for row in range(1, HEADER_ROWS):
        if any(claim.fits for _, claim in claims):
            break
        moved = table.reheaded(row)
        if moved is None:
            break
        if not _header_like(moved.headers):
            continue
        moved_claims = _claims(moved, options)
        if any(claim.fits for _, claim in moved_claims):
            table, claims = moved, moved_claims
    fits = [f for f, claim in claims if claim.fits]
    exports = [f for f in fits if f.export]
    if len(exports) > 1:
        names = " and ".join(f.title for f in exports)
        raise LogFormatError(f"this table fits two formats, {names}: the kit cannot tell which", file=table.name)
    if exports:
        return exports[0], table
    if fits:
        return _one_reading(fits, table, kind), table
    what = {"routine": "a routine log", "pain": "pain scores", "runs": "runs", None: "a table the kit reads"}[kind]
    needs = "; ".join(
        f"{f.title}: {c.missing}" for f, c in claims if (kind is None and not f.export) or kind in f.kinds
    )
    raise LogFormatError(
        Problem(  # named with the header as read: the first row
            table.name,
            None,
            None,
            None,
            f"cannot tell what this file holds: expected {what}; found columns {describe(table)}. What each "
            f"format needs — {needs}",
        )
    )


def _one_reading(fits: list[Format], table: Table, kind: str | None) -> Format:
    """The one layout a person's table is in. When two layouts of different kinds fit (a pain column and a
    distance column: a pain log, or a running log?) the kind the caller asked for settles it; without one
    the table is refused rather than read one way and silently not the other."""
    first = fits[0]
    others = [f for f in fits[1:] if not set(f.kinds) <= set(first.kinds)]
    if not others:
        return first
    if kind is not None:
        holding = [f for f in fits if kind in f.kinds]
        if holding:
            return holding[0]
    both = [first, *others]
    raise LogFormatError(
        Problem(
            table.name,
            None,
            None,
            None,
            f"one reading of this table; it reads two ways: {' and '.join(f.title for f in both)} (found columns "
            f"{describe(table)}). Keep one kind per file, or load it with the loader of the kind you mean "
            f"({', '.join(LOADERS[k] for f in both for k in f.kinds)})",
        )
    )


LOADERS = {
    "routine": "kc.load_routine_log",
    "pain": "kc.load_pain_log",
    "runs": "kc.load_runs",
    "questionnaires": "kc.load_questionnaires",
}


def _header_like(headers: list[str]) -> bool:
    """A row that can be a header: two or more names, none of them a number or a date (a data row is not)."""
    names = [h for h in headers if h.strip()]
    return len(names) >= 2 and not any(re.match(r"^[\d\s.,:/+\-]+$", h) or re.match(r"^\d{4}-\d\d", h) for h in names)


def _claims(table: Table, options: Options) -> list:
    return [(f, f.recognise(table, options)) for f in FORMATS]


__all__ = ["FORMATS", "KINDS", "Format", "Options", "Records", "identify"]
