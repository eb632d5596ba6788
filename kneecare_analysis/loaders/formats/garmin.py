"""Garmin Connect's ``Activities.csv``, in every language Garmin Connect exports in (``words/garmin.toml``).

The layout is the same in every language — ``Activity Type, Date, [Favorite,] Title, Distance, Calories,
Time, …, Moving Time, Elapsed Time, …`` — so a file is known as Garmin's by its first column's header, or, in a
language the kit has no words for, by that layout and the shape of its values (then the message says which two
words are missing). Distances are in the account's unit (km, or ``units="mi"``); a run's time is its Moving
Time, else its Time (``--``, ``--:--:--`` or a zero mean not recorded). Only kinds of running count.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...errors import LogFormatError
from ...vocab import fold, folded_key, words
from ..cells import text
from ..read import Table
from .base import Claim, Format, Options, Records
from .running import first_recorded, is_run, run_records

# a start time: ISO, or as a spreadsheet re-saves it (day-first or month-first, 2- or 4-digit years, AM/PM)
STAMP = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-](\d{4}|\d{2}))[ T]\d{1,2}:\d{2}(:\d{2})?(\s?[ap]\.?m\.?)?$"
CLOCK = r"^\d{1,3}:\d{2}(:\d{2})?([.,]\d+)?$|^--(:--)*$"
FAVOURITE = r"^(true|false)$"


def languages() -> dict[str, dict]:
    """The languages of ``words/garmin.toml``, by code."""
    return {code: lang for code, lang in words("garmin").items() if "activity_type" in lang}


def type_keys(types) -> np.ndarray | None:
    """Per row, whether it is a run, when the first column holds Garmin's activity-type keys (``street_running``,
    ``road_biking``) rather than the account language's names; ``None`` when it does not."""
    table = words("garmin")["type_keys"]
    named = text(types)
    named = named[named != ""].str.lower()
    if not len(named) or not named.isin(table["keys"]).mean() > 0.5:
        return None
    low = text(types).str.lower()
    runs = low.str.contains("|".join(table["run_keys"]), regex=True)
    if table["not_run_keys"]:
        runs &= ~low.str.contains("|".join(table["not_run_keys"]), regex=True)
    return runs.to_numpy(dtype=bool)


def _keys(table: Table) -> list[str]:
    return [folded_key(h) for h in table.headers]


def language(table: Table) -> str | None:
    """The language whose headers the file has (the most of them, the activity type's first)."""
    found = _keys(table)
    best, score = None, 0
    for code, lang in languages().items():
        if not found or found[0] not in {folded_key(h) for h in lang["activity_type"]}:
            continue
        fields = ("date", "title", "distance", "time", "moving_time", "elapsed_time")
        hits = sum(any(folded_key(h) in found for h in lang[f]) for f in fields)
        if hits > score:
            best, score = code, hits
    return best


def _looks_like_garmin(table: Table) -> bool:
    """The layout without the words: a date-and-time second column, then (a true/false favourite,) a title, a
    distance, calories and a clock time."""
    if len(table.headers) < 7 or not len(table):
        return False
    sample = table.frame.head(50)

    def share(column: int, pattern: str) -> float:
        t = text(sample[column])
        t = t[t != ""]
        return float(t.str.match(pattern, flags=re.IGNORECASE).mean()) if len(t) else 0.0

    offset = _offset(sample)
    names = share(0, r"^[^\d]+$") > 0.9  # an activity type, never an id or a date (Runkeeper's Activity Id)
    return names and share(1, STAMP) > 0.9 and share(5 + offset, CLOCK) > 0.9


def _offset(sample) -> int:
    """1 when the third column is the true/false ``Favorite``, else 0."""
    t = text(sample[2])
    t = t[t != ""]
    return int(bool(len(t)) and float(t.str.match(FAVOURITE, flags=re.IGNORECASE).mean()) > 0.9)


def recognise(table: Table, options: Options) -> Claim:
    if language(table) is not None or _looks_like_garmin(table):
        return Claim(True)
    return Claim(False, "Garmin Connect's columns Activity Type, Date, Title, Distance, Time (in any language)")


def _column(table: Table, names: list[str]) -> int | None:
    found = _keys(table)
    for name in names:  # the first occurrence: some languages repeat a header further on
        if folded_key(name) in found:
            return found.index(folded_key(name))
    return None


def _by_position(table: Table, runs: np.ndarray) -> Records:
    """A file in a language the kit has no words for, whose activity types are Garmin's keys: the columns by
    Garmin's order (date, [favourite,] title, distance, calories, time)."""
    offset = _offset(table.frame.head(50))
    columns = {"timestamp": 1, "distance": 3 + offset, "duration": 5 + offset}
    hints = {"distance_unit": "account", "recorded": True, "language": "by layout"}
    return run_records(table, columns, runs=runs, types=table.column(0), hints=hints)


def named_runs(types, run_types: tuple[str, ...]) -> np.ndarray | None:
    """Per row, whether its type is one the caller named as running (``run_types=``, compared as
    :func:`~kneecare_analysis.vocab.fold` leaves them); ``None`` when the caller named none."""
    if not run_types:
        return None
    named = {fold(t) for t in run_types}
    codes, distinct = pd.factorize(text(types), use_na_sentinel=False)
    return np.array([fold(t) in named for t in distinct] + [False], dtype=bool)[codes]


def read(table: Table, kind: str, options: Options) -> Records:
    code = language(table)
    keyed = named_runs(table.column(0), options.run_types)
    if keyed is None:
        keyed = type_keys(table.column(0))
    if code is None and keyed is not None:
        return _by_position(table, keyed)
    if code is None:
        types = text(table.column(0))
        seen = types[types != ""].value_counts().index[:8]
        raise LogFormatError(
            "this looks like a Garmin Connect export (activity type, date, title, distance, calories and time in "
            f"Garmin's order) in a language the kit has no words for (its first header is {table.headers[0]!r}), "
            f"and the kit does not guess which activities are runs. Its activity types: "
            f"{', '.join(repr(t) for t in seen)}. Say which are runs: kc.load_runs(path, run_types=[{seen[0]!r}, …])",
            file=table.name,
        )
    lang = languages()[code]
    distance = _column(table, lang["distance"])
    if distance is None:
        raise LogFormatError(f"a {lang['distance'][0]!r} column (Garmin Connect, {code})", file=table.name)
    duration, duration_header = first_recorded(
        table, [_column(table, lang["moving_time"]), _column(table, lang["time"]), _column(table, lang["elapsed_time"])]
    )
    columns = {"timestamp": _column(table, lang["date"]), "distance": distance}
    headers = {}
    if duration is not None:
        columns["duration"], headers["duration"] = duration, duration_header
    types = table.column(0)
    runs = keyed if keyed is not None else is_run(types, tuple(lang["run_words"]), tuple(lang["not_run_words"]))
    hints = {"distance_unit": "account", "recorded": True, "language": code}
    return run_records(table, columns, runs=runs, types=types, hints=hints, headers=headers)


FORMAT = Format(
    name="garmin",
    title="a Garmin Connect export (Activities.csv)",
    kinds=("runs",),
    export=True,
    recognise=recognise,
    read=read,
)
