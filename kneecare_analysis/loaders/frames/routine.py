"""Routine records of any format → the routine-log frame: ``athlete, date, drill, side, reps, seconds, note,
file, line``, one row per record, every cell checked.

Amount rules: reps for rep drills (× ``sets``), seconds for timed drills (``seconds``, ``minutes`` or a
``duration``, × ``sets``); one row holds at most 1,000 reps or 4 hours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...vocab import SIDES, name_key, words
from ..cells import STRING, parse_words, sort_rows, strings
from ..checks import RowChecks
from ..durations import read_durations
from ..formats.base import Options, Records
from ..numbers import range_reasons, read_numbers
from .common import athletes, categorical, cells, coded_in, dates, masked, optional_text, origin, typed, written

COLUMNS = ["athlete", "date", "drill", "side", "reps", "seconds", "note", "file", "line"]
MAX_REPS = 1000
MAX_SECONDS = 4 * 3600
SIDE_EXPECTED = "a side: left, right or both (L, R, B; blank means both)"
OVER_TIME = "at most 4 hours of a drill in one row"
TIMING = {"seconds": {"factor": 1.0}, "minutes": {"factor": 60.0}, "duration": {"plain_numbers": False}}


def build(records: Records, options: Options, chk: RowChecks) -> pd.DataFrame:
    """The typed frame of ``records``; the problems of each record go into ``chk``."""
    routine = options.routine
    n = len(records)
    sep = records.table.separator
    day = dates(records, chk, dayfirst=options.dayfirst)
    header = records.columns

    drill_cells = cells(records, "drill")
    drill_text = strings(drill_cells.values)
    own = {name_key(k): v for k, v in options.drills.items()}
    resolved = [own.get(name_key(name)) or routine.resolve(name) for name in drill_text]
    chk.add_values(
        pd.Series([None if r else f"a drill name: {routine.known_names()}" for r in resolved], dtype=STRING),
        header.get("drill", "drill"),
        drill_cells,
        shown=pd.Series(drill_text, dtype=object),
    )
    drill = drill_cells.take(coded_in(resolved, routine.ids))

    side_cells = cells(records, "side")
    sides, why = parse_words(side_cells.values, words("answers")["side"], what=SIDE_EXPECTED)
    chk.add_values(why, header.get("side", "side"), side_cells)

    reps_cells = cells(records, "reps")
    reps = read_numbers(reps_cells.values, separator=sep, what="a whole number of reps ≥ 0")
    chk.add_values(reps.reason, header.get("reps", "reps"), reps_cells)
    chk.add_values(
        range_reasons(reps, what=f"a whole number of reps from 0 to {MAX_REPS:,}", maximum=MAX_REPS, whole=True),
        header.get("reps", "reps"),
        reps_cells,
    )
    reps_row = reps_cells.take(reps.value)
    has_reps = written(reps_cells, reps.blank)

    if "sets" in records.cells:
        sets_cells = records.cells["sets"]
        sets = read_numbers(sets_cells.values, separator=sep, what="a whole number of sets ≥ 0")
        chk.add_values(sets.reason, header["sets"], sets_cells)
        chk.add_values(range_reasons(sets, what="a whole number of sets ≥ 0", whole=True), header["sets"], sets_cells)
        factor = sets_cells.take(np.where(np.isnan(sets.value), 1.0, sets.value))
    else:
        factor = None

    seconds_row, has_secs = None, None
    timing = [f for f in TIMING if f in records.cells]
    for field in timing:
        column = records.cells[field]
        secs = read_durations(column.values, separator=sep, **TIMING[field])
        chk.add_values(secs.reason, header[field], column)
        chk.add_values(range_reasons(secs, what=OVER_TIME, maximum=MAX_SECONDS), header[field], column)
        filled = written(column, secs.blank)
        if seconds_row is None:
            seconds_row, has_secs = column.take(secs.value), filled
            continue
        chk.add_at(
            np.flatnonzero(has_secs & filled), header[field], column, "one of seconds, minutes and duration per row"
        )
        seconds_row = np.where(has_secs, seconds_row, column.take(secs.value))
        has_secs |= filled
    if seconds_row is None:
        seconds_row, has_secs = np.full(n, np.nan), np.zeros(n, dtype=bool)

    kinds = np.array([d.kind == "timed" for d in routine.drills] + [False])
    known = drill >= 0
    timed = np.take(kinds, drill)
    counted = known & ~timed
    ids = np.array(routine.ids + [""], dtype=object)
    reps_header = header.get("reps", "reps")
    time_header = header[timing[0]] if timing else "seconds"

    rows = np.flatnonzero(timed & ~has_secs & has_reps)
    chk.add_at(rows, reps_header, reps_cells, "seconds, minutes or a duration: " + ids[drill[rows]] + " is timed")
    rows = np.flatnonzero(counted & ~has_reps & has_secs)
    first_timing = records.cells[timing[0]] if timing else reps_cells
    chk.add_at(rows, time_header, first_timing, "reps: " + ids[drill[rows]] + " is counted in reps, not time")
    chk.add_at(
        np.flatnonzero(~has_reps & ~has_secs & known),
        header.get("reps", time_header),
        "",
        "an amount: reps for rep drills, seconds, minutes or a duration for timed drills",
    )
    if factor is None:  # one set a row: the amounts are the cells' own, already checked once per value
        whole = np.where(np.isnan(reps.value) | (np.abs(reps.value) > 2**53), 0, reps.value).astype(np.int64)
        reps_out = pd.arrays.IntegerArray(reps_cells.take(whole), np.isnan(reps_row) | ~counted)
        seconds_out = pd.arrays.FloatingArray(seconds_row, np.isnan(seconds_row) | ~timed)
    else:
        reps_total = np.where(counted, reps_row * factor, np.nan)
        seconds_total = np.where(timed, seconds_row * factor, np.nan)
        over = np.flatnonzero(counted & (reps_total > MAX_REPS) & (reps_row <= MAX_REPS))
        chk.add_at(over, header["sets"], reps_cells, f"at most {MAX_REPS:,} reps in one row (sets × reps)")
        over = np.flatnonzero(timed & (seconds_total > MAX_SECONDS) & (seconds_row <= MAX_SECONDS))
        chk.add_at(over, header["sets"], first_timing, OVER_TIME + " (sets × time)")
        reps_out, seconds_out = masked(reps_total, whole=True), masked(seconds_total)

    frame = pd.DataFrame(
        {
            "athlete": athletes(cells(records, "athlete"), default=records.table.default_athlete),
            "date": day,
            "drill": categorical(drill.astype(np.int16), routine.ids),
            "side": categorical(side_cells.take(coded_in(sides, list(SIDES))), list(SIDES)),
            "reps": reps_out,
            "seconds": seconds_out,
            "note": optional_text(cells(records, "note")),
            **origin(records),
        },
        copy=False,
    )
    return frame[chk.keep_mask(n)] if chk.any() else frame


def tidy(frame: pd.DataFrame, options: Options) -> pd.DataFrame:
    """Column order, dtypes and order of rows (athlete, date, the routine's drill order, side)."""
    out = typed(
        frame,
        {
            "athlete": None,
            "date": np.dtype("datetime64[ns]"),
            "drill": pd.CategoricalDtype(options.routine.ids),
            "side": pd.CategoricalDtype(list(SIDES)),
            "reps": pd.Int64Dtype(),
            "seconds": pd.Float64Dtype(),
            "note": STRING,
            "file": None,
            "line": np.dtype("int64"),
        },
    )
    return sort_rows(out, ["athlete", "date", "drill", "side"])
