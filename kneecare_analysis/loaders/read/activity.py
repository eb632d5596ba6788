"""What a watch's or a phone's activity files become: one row per activity (per leg of a multisport file), its
summary only — never its track points.

Every activity reader (:mod:`.fit`, :mod:`.tcx`, :mod:`.gpx`, :mod:`.apple_health`) gives rows of
:data:`COLUMNS` as text, and :func:`summary_table` makes the table the ``activity_files`` format reads. A table
may hold the rows of many files (a watch's folder): each row names its own ``file`` and ``line`` (``1`` for a
file of one activity, the leg for a multisport file, the ``Workout`` element's line in Apple Health).

``local_date`` is the activity's own calendar day where the file says it (a FIT file's local time, a TCX/GPX
start with its offset, Apple Health's offset); else the day in the folder's time zone setting, else the UTC
day, and ``day_from`` says which.

>>> t = summary_table("watch", [{"file": "a.fit", "line": 1, "sport": "running", "distance_m": 5000.0}])
>>> t.headers[:4], t.frame.iloc[0, 4], t.lines.tolist()
(['file', 'line', 'sport', 'sub_sport'], '5000', [1])
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import Problem
from ..settings import SETTINGS_FILE, settings_for
from .table import Table, cell_text

COLUMNS = [
    "file",
    "line",
    "sport",
    "sub_sport",
    "distance_m",
    "timer_s",
    "elapsed_s",
    "start_utc",
    "local_date",
    "day_from",
    "rpe",
    "feel",
    "source_name",
    "reader",
]
OWN_DAY = "the activity's own local time"


def summary_table(name: str, rows: list[dict], problems: list[Problem] | None = None) -> Table:
    """The table of activity ``rows`` (dicts keyed by :data:`COLUMNS`; missing keys are blank)."""
    body = [[cell_text(row.get(c)) for c in COLUMNS] for row in rows]
    frame = (
        pd.DataFrame(body, columns=range(len(COLUMNS)), dtype=object)
        if body
        else pd.DataFrame({i: pd.Series([], dtype=object) for i in range(len(COLUMNS))})
    )
    lines = np.asarray([int(row.get("line") or 1) for row in rows], dtype=np.int64)
    return Table(name, list(COLUMNS), frame, lines, problems=list(problems or []))


def utc_text(stamp: dt.datetime | None) -> str:
    """A UTC time as ``2026-03-02T06:00:00Z``; a naive time is taken as UTC."""
    if stamp is None:
        return ""
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return stamp.replace(microsecond=0).isoformat() + "Z"


def parse_stamp(text: str) -> dt.datetime | None:
    """An ISO 8601 time as written (``Z``, ``+02:00``, ``+0200`` or naive), or ``None``."""
    text = text.strip()
    if not text:
        return None
    text = re.sub(r"Z$", "+00:00", text)
    text = re.sub(r" ?([+-]\d\d)(\d\d)$", r"\1:\2", text)
    try:
        return dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None


def folder_zone(path: Path) -> str | None:
    """The ``time_zone`` of the folder's ``kneecare.toml`` (:mod:`kneecare_analysis.loaders.settings`: in the
    file's folder or one of its two parents), or ``None``."""
    return settings_for(path).time_zone


def day_in_zone(start: dt.datetime | None, zone: str | None) -> tuple[str, str]:
    """The calendar day of a start (UTC when naive) in ``zone``, else in UTC, and which was used."""
    if start is None:
        return "", ""
    if start.tzinfo is None:
        start = start.replace(tzinfo=dt.timezone.utc)
    if zone:
        from zoneinfo import ZoneInfo

        return start.astimezone(ZoneInfo(zone)).date().isoformat(), f"the folder's time zone ({zone}, {SETTINGS_FILE})"
    return start.astimezone(dt.timezone.utc).date().isoformat(), "UTC (the file holds no local time)"
