"""The formats the kit reads, one module each, and how a table is matched to its format.

An app's export is known by its own headers and wins over the layouts people keep by hand (a routine log,
a checklist, a pain log, a running log), which are tried in the order below. To add a format: write a module
with a ``FORMAT`` (see :mod:`.base`), add it to :data:`FORMATS`, and give it a test file of its own.

>>> [f.name for f in FORMATS][:4]
['strava', 'strava_api', 'garmin', 'trainingpeaks']
"""

from __future__ import annotations

from ...errors import LogFormatError, Problem
from ..headers import describe
from ..read import Table
from . import (
    checklist,
    fitnotes,
    forms,
    garmin,
    generic_runs,
    hevy,
    pain_log,
    pain_moments,
    routine_log,
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
    strong.FORMAT,
    hevy.FORMAT,
    fitnotes.FORMAT,
    forms.FORMAT,
    routine_log.FORMAT,
    checklist.FORMAT,
    pain_log.FORMAT,
    pain_moments.FORMAT,
    generic_runs.FORMAT,
)


def identify(table: Table, options: Options, kind: str | None = None) -> Format:
    """The format ``table`` is in; a :class:`LogFormatError` names the candidates when two exports fit, or
    each format of ``kind`` (every format when ``None``) with what the table lacks when none does."""
    claims = [(f, f.recognise(table, options)) for f in FORMATS]
    fits = [f for f, claim in claims if claim.fits]
    exports = [f for f in fits if f.export]
    if len(exports) > 1:
        names = " and ".join(f.title for f in exports)
        raise LogFormatError(f"this table fits two formats, {names}: the kit cannot tell which", file=table.name)
    if exports or fits:
        return (exports or fits)[0]
    what = {"routine": "a routine log", "pain": "pain scores", "runs": "runs", None: "a table the kit reads"}[kind]
    needs = "; ".join(
        f"{f.title}: {c.missing}" for f, c in claims if (kind is None and not f.export) or kind in f.kinds
    )
    raise LogFormatError(
        Problem(
            table.name,
            None,
            None,
            None,
            f"cannot tell what this file holds: expected {what}; found columns {describe(table)}. What each "
            f"format needs — {needs}",
        )
    )


__all__ = ["FORMATS", "KINDS", "Format", "Options", "Records", "identify"]
