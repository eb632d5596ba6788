"""What a file holds — a routine log, a pain log, a running log — told from its header, for ``kneecare validate``.

>>> kinds_of("checklist.csv")            # doctest: +SKIP
['routine', 'pain']
"""

from __future__ import annotations

from pathlib import Path

from ..errors import LogFormatError
from ..routine import DEFAULT_ROUTINE, Routine
from ..vocab import column_key
from . import _checklist, checkins
from ._columns import PAIN_ROLES, ROUTINE_ROLES
from ._read import read_table
from .runs import GENERIC_ROLES, detect_export


def kinds_of(path: str | Path, routine: Routine = DEFAULT_ROUTINE) -> list[str]:
    """``["routine"]``, ``["pain"]``, ``["runs"]`` or ``["routine", "pain"]`` (a checklist with pain scores)."""
    table = read_table(path)
    keys = {column_key(h) for h in table.headers}
    if _checklist.is_checklist(table, routine):
        return ["routine", "pain"] if _checklist.layout(table, routine).pain else ["routine"]
    if keys & ROUTINE_ROLES["drill"]:
        return ["routine"]
    if checkins.is_form(table) or keys & (PAIN_ROLES["pain"] | PAIN_ROLES["vas"]):
        return ["pain"]
    distance_keys = set().union(*(GENERIC_ROLES[k] for k in ("distance_km", "distance_mi", "distance_m", "distance")))
    if detect_export(table) != "generic" or keys & distance_keys:
        return ["runs"]
    raise LogFormatError(
        "cannot tell what this file holds: expected a routine log (date, drill, reps or seconds), a daily "
        "checklist (a column per drill), a pain log (date, pain) or a running log (date, distance_km, or a "
        f"Strava, Garmin or TrainingPeaks export); found columns {', '.join(table.headers)}",
        file=str(path),
    )
