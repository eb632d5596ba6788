"""Runs from a watch's or a phone's own files — FIT, TCX, GPX, Apple Health, and the folders and archives
that hold them — as the activity readers summarise them (``loaders/read/activity.py``): one row per activity,
each naming its own file and line.

Kinds of running are runs (FIT ``running`` with any sub-sport: road, trail, track, treadmill, indoor; Apple
Health's ``HKWorkoutActivityTypeRunning``; TCX ``Sport="Running"``; GPX ``<type>running</type>`` or no type
at all); every other activity is set aside by its kind, and so is a multisport file's cycling or swimming
leg. A run's time is its timer time (pauses excluded), else its elapsed time. The RPE is the watch's
(``workout_rpe`` ÷ 10). The local day is the file's own where it holds one; a GPX or TCX file's UTC start is
put in ``tz=`` when given, else in the folder's ``kneecare.toml`` time zone, else it is the UTC day: every run
whose day was assumed is listed in ``attrs["doubtful"]`` saying so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import REJECTED_COLUMNS, SKIPPED_COLUMNS
from ..read import Table
from ..read.activity import COLUMNS, OWN_DAY
from .base import Claim, Format, Options, Records, from_columns

RANK = {"fit": 0, "tcx": 1, "apple_health": 2, "gpx": 3}  # which source wins when a run comes twice


def recognise(table: Table, options: Options) -> Claim:
    if table.headers == COLUMNS:
        return Claim(True)
    return Claim(False, "an activity file (FIT, TCX, GPX or Apple Health)")


def _column(table: Table, name: str) -> pd.Series:
    return table.column(COLUMNS.index(name)).reset_index(drop=True)


def read(table: Table, kind: str, options: Options) -> Records:
    sport = _column(table, "sport").str.lower()
    runs = ((sport == "running") | (sport == "")).to_numpy(dtype=bool)
    day = _column(table, "local_date")
    day_from = _column(table, "day_from")
    assumed = (day_from != OWN_DAY) & (_column(table, "start_utc") != "")
    if options.tz and assumed.any():
        stamps = pd.to_datetime(_column(table, "start_utc")[assumed], utc=True, errors="coerce")
        try:
            local = stamps.dt.tz_convert(options.tz).dt.strftime("%Y-%m-%d")
        except (KeyError, ValueError) as exc:
            raise ValueError(f"unknown time zone {options.tz!r}: use a name like 'Europe/Oslo'") from exc
        day = day.copy()
        day[assumed] = local.fillna("")
        day_from = day_from.copy()
        day_from[assumed] = f"the time zone given (tz={options.tz!r})"
    timer, elapsed = _column(table, "timer_s"), _column(table, "elapsed_s")
    duration = timer.where(timer != "", elapsed)
    files = _column(table, "file")
    aside = np.flatnonzero(~runs)
    kinds = (
        sport + np.where(_column(table, "sub_sport") != "", " (" + _column(table, "sub_sport") + ")", "")
    ).to_numpy(dtype=object)
    skipped = pd.DataFrame(
        {
            "file": files.to_numpy(dtype=object)[aside],
            "line": table.lines[aside],
            "what": kinds[aside],
            "reason": "not a run",
        },
        columns=SKIPPED_COLUMNS,
    )
    doubt = np.flatnonzero(runs & (day_from != OWN_DAY).to_numpy(dtype=bool))
    untyped = np.flatnonzero(runs & (sport == "").to_numpy(dtype=bool))
    doubtful = pd.DataFrame(
        {
            "file": files.to_numpy(dtype=object)[np.r_[doubt, untyped]],
            "line": table.lines[np.r_[doubt, untyped]],
            "column": ["date"] * len(doubt) + ["sport"] * len(untyped),
            "value": np.r_[day.to_numpy(dtype=object)[doubt], np.full(len(untyped), "", dtype=object)],
            "reason": [f"the local day is assumed: {d}" for d in day_from.to_numpy(dtype=object)[doubt]]
            + ["the file names no activity type: read as a run"] * len(untyped),
        },
        columns=REJECTED_COLUMNS,
    )
    rank = _column(table, "reader").map(RANK).fillna(2).astype(int).astype(str)
    columns = {
        "timestamp": day,
        "distance": _column(table, "distance_m"),
        "duration": duration,
        "rpe": _column(table, "rpe"),
        "file": files,
        "start": _column(table, "start_utc"),
        "rank": rank,
    }
    hints = {"distance_unit": "m", "recorded": True, "doubtful": doubtful}
    headers = {"timestamp": "local_date", "distance": "distance_m", "duration": "timer_s", "rpe": "rpe"}
    return from_columns(table, "runs", columns, keep=runs, skipped_rows=skipped, hints=hints, headers=headers)


FORMAT = Format(
    name="activity_files",
    title="a watch's or a phone's activity files (FIT, TCX, GPX, Apple Health)",
    kinds=("runs",),
    export=True,
    recognise=recognise,
    read=read,
)
