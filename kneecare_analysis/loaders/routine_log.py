"""Routine logs — long format (one row per drill and side) or a daily checklist — into one tidy frame.

>>> import pandas as pd, kneecare_analysis as kc
>>> log = kc.load_routine_log(pd.DataFrame({"date": ["2026-03-02"], "drill": ["clams"], "side": ["L"], "reps": [20]}))
>>> log[["athlete", "date", "drill", "side", "reps"]].to_dict("records")[0]["drill"]
'clamshell'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import LogFormatError, Problem
from ..routine import DEFAULT_ROUTINE, Routine
from ..vocab import SIDE_WORDS, SIDES
from . import _checklist
from ._checks import RowChecks, finish
from ._coded import Coded
from ._columns import ROUTINE_ROLES, describe_headers, find_roles
from ._output import (
    athletes,
    categorical,
    codes_in,
    conform,
    dated_records,
    floats,
    integers,
    masked,
    numbers,
    optional_text,
)
from ._parse import (
    STRING,
    map_values,
    parse_numbers,
    parse_seconds,
    parse_words,
    sort_rows,
    text,
)
from ._read import RawTable
from ._sources import Source, iter_tables

LOG_COLUMNS = ["athlete", "date", "drill", "side", "reps", "seconds", "note", "source"]
DEFAULT_ATHLETE = "me"
SIDE_EXPECTED = "a side: left, right or both (L, R, B; blank means both)"


def load_routine_log(
    src: Source,
    *,
    athlete: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
    routine: Routine = DEFAULT_ROUTINE,
) -> pd.DataFrame:
    """Load routine logs into ``athlete, date, drill, side, reps, seconds, note, source`` (one row per record).

    ``src`` is a file, a list of files, a folder (its ``routine_log.*``, or one sub-folder per athlete) or a
    DataFrame. ``athlete`` names rows that name none (default: the sub-folder, else ``"me"``). With
    ``errors="report"`` the valid records load and the rejected ones are in ``frame.attrs["rejected"]``.
    """
    frames, checks, formats = [], [], []
    for table in iter_tables(src, "routine_log", athlete=athlete):
        frame, chk, fmt = _load_table(table, routine=routine, dayfirst=dayfirst)
        frames.append(frame)
        checks.append(chk)
        formats.append(fmt)
    out = finish(frames, checks, errors=errors, columns=LOG_COLUMNS)
    rejected = out.attrs.get("rejected")
    out = tidy_log(out, routine)
    out.attrs["rejected"] = rejected
    out.attrs["format"] = formats[0] if len(set(formats)) == 1 else "mixed"
    return out


def tidy_log(frame: pd.DataFrame, routine: Routine = DEFAULT_ROUTINE) -> pd.DataFrame:
    """The log frame's column order, dtypes and sort order (athlete, date, routine's drill order, side)."""
    out = conform(
        frame,
        {
            "athlete": None,
            "date": np.dtype("datetime64[ns]"),
            "drill": pd.CategoricalDtype(routine.ids),
            "side": pd.CategoricalDtype(list(SIDES)),
            "reps": pd.Int64Dtype(),
            "seconds": pd.Float64Dtype(),
            "note": STRING,
            "source": STRING,
        },
    )
    out = sort_rows(out, ["athlete", "date", "drill", "side"])
    return out


FIELDS = ("date", "timestamp", "athlete", "drill", "side", "reps", "sets", "seconds", "minutes", "duration", "note")


def _load_table(table: RawTable, *, routine: Routine, dayfirst: bool | None):
    if _checklist.is_checklist(table, routine):
        lay = _checklist.layout(table, routine)
        records = _checklist.drill_records(table, lay, routine)
        column = records["column"].to_numpy(dtype=object)
        headers = {
            "date": table.headers[lay.date],
            "athlete": table.headers[lay.athlete] if lay.athlete is not None else "athlete",
            "drill": column,
            "side": column,
            "reps": column,
            "seconds": column,
            "minutes": column,
            "note": table.headers[lay.note] if lay.note is not None else "note",
        }
        cells = {f: Coded.of(records[f]) for f in FIELDS if f in records}
        lines = records["line"].to_numpy(dtype=np.int64) if len(records) else np.zeros(0, dtype=np.int64)
        date_values = Coded.of(table.column(lay.date)).values
        fmt = "checklist"
    else:
        roles = find_roles(table, ROUTINE_ROLES)
        _require(table, roles)
        cells = {field: Coded.of(table.column(i)) for field, i in roles.items()}
        headers = {field: table.headers[i] for field, i in roles.items()}
        lines = table.lines
        date_values = cells["date" if "date" in roles else "timestamp"].values
        fmt = "long"
    chk = RowChecks(table.name, lines)
    chk.unread = list(table.row_problems)
    frame = _parse_records(cells, headers, chk, table, routine=routine, dayfirst=dayfirst, date_values=date_values)
    return frame, chk, fmt


def _require(table: RawTable, roles: dict[str, int]) -> None:
    missing = []
    if "date" not in roles and "timestamp" not in roles:
        missing.append("a 'date' (or 'timestamp') column")
    if "drill" not in roles:
        missing.append("a 'drill' column (or, for a daily checklist, one column per drill such as 'Clamshell L')")
    if not {"reps", "seconds", "minutes", "duration"} & roles.keys():
        missing.append("an amount column: 'reps', 'seconds', 'minutes' or 'duration'")
    if missing:
        raise LogFormatError(
            [Problem(table.name, None, None, None, f"{m}; found columns {describe_headers(table)}") for m in missing]
        )


def _parse_records(
    cells: dict[str, Coded],
    headers: dict,
    chk: RowChecks,
    table: RawTable,
    *,
    routine: Routine,
    dayfirst: bool | None,
    date_values: pd.Series,
) -> pd.DataFrame:
    """Parse each distinct cell once, record the rows whose cells are wrong, and build the typed frame."""
    n = len(chk.lines)
    source, col, dates = dated_records(cells, headers, chk, table, dayfirst=dayfirst, date_values=date_values)

    drill_text = text(col("drill").values)
    resolved = map_values(drill_text, routine.resolve)
    chk.add_values(
        resolved.isna().map({True: f"a drill name: {routine.known_names()}", False: None}),
        headers.get("drill", "drill"),
        col("drill"),
        shown=drill_text,
    )
    drill_codes = col("drill").take(codes_in(resolved, routine.ids))

    sides, why = parse_words(col("side").values, SIDE_WORDS, what=SIDE_EXPECTED)
    chk.add_values(why, headers.get("side", "side"), col("side"))

    dc = table.decimal_comma
    reps_v, why = parse_numbers(col("reps").values, decimal_comma=dc, whole=True, what="a whole number of reps ≥ 0")
    chk.add_values(why, headers.get("reps", "reps"), col("reps"))
    clean = {"reps": why.isna().all()}  # no cell of the column was refused: "written" is "parsed"
    if "sets" in cells:
        sets_v, why = parse_numbers(
            cells["sets"].values, decimal_comma=dc, whole=True, what="a whole number of sets ≥ 0"
        )
        chk.add_values(why, headers.get("sets", "sets"), cells["sets"])

    timing = [f for f in ("seconds", "minutes", "duration") if f in cells]
    seconds_v = {}  # parsed seconds per distinct value of each timing column
    filled_count = np.zeros(n, dtype=np.int8)
    for field in timing:
        kwargs = {"seconds": {"factor": 1.0}, "minutes": {"factor": 60.0}, "duration": {"plain_numbers": False}}[field]
        seconds_v[field], why = parse_seconds(cells[field].values, decimal_comma=dc, **kwargs)
        chk.add_values(why, headers.get(field, field), cells[field])
        clean[field] = why.isna().all()
        if len(timing) > 1:
            filled = cells[field].take((text(cells[field].values) != "").to_numpy(dtype=bool))
            filled_count += filled
            chk.add_at(
                np.flatnonzero((filled_count > 1) & filled),
                headers.get(field, field),
                cells[field],
                "one of seconds, minutes and duration per row, not two",
            )

    kinds = {d.id: d.kind for d in routine.drills}
    timed = _one_of(drill_codes, [i for i, d in enumerate(routine.ids) if kinds[d] == "timed"])
    counted = _one_of(drill_codes, [i for i, d in enumerate(routine.ids) if kinds[d] == "reps"])

    if "sets" in cells or len(timing) > 1:  # per-row arithmetic: sets × amount, the first time written
        seconds = np.full(n, np.nan)
        for field in timing:
            seconds = np.where(np.isnan(seconds), numbers(seconds_v[field], cells[field]), seconds)
        reps = numbers(reps_v, col("reps"))
        has_reps, has_secs = ~np.isnan(reps), ~np.isnan(seconds)
        if "sets" in cells:
            factor = numbers(sets_v, cells["sets"])
            factor[np.isnan(factor)] = 1.0
            reps = np.where(counted, reps * factor, reps)
            seconds = np.where(timed, seconds * factor, seconds)
        reps, seconds = masked(reps, whole=True), masked(seconds)
    else:  # one number per distinct value, spread to the rows
        reps = integers(reps_v, col("reps"))
        seconds = floats(seconds_v[timing[0]], cells[timing[0]]) if timing else masked(np.full(n, np.nan))
        has_reps, has_secs = ~reps.isna(), ~seconds.isna()
    # An amount that was written but refused still counts as written for the checks below.
    if not clean["reps"]:
        has_reps = col("reps").take((reps_v.notna() | (text(col("reps").values) != "")).to_numpy(dtype=bool))
    if not all(clean[f] for f in timing):
        has_secs = np.zeros(n, dtype=bool)
        for field in timing:
            written = seconds_v[field].notna() | (text(cells[field].values) != "")
            has_secs |= cells[field].take(written.to_numpy(dtype=bool))

    time_header = headers[timing[0]] if timing else "seconds"
    ids = np.array(routine.ids, dtype=object)
    rows = np.flatnonzero(timed & ~has_secs & has_reps)
    chk.add_at(
        rows,
        headers.get("reps", "reps"),
        col("reps"),
        "seconds, minutes or a duration: " + ids[drill_codes[rows]] + " is timed, reps alone do not count",
    )
    rows = np.flatnonzero(counted & ~has_reps & has_secs)
    chk.add_at(
        rows,
        time_header,
        _first_filled(cells, timing, rows),
        "reps: " + ids[drill_codes[rows]] + " is counted in reps, time alone does not count",
    )
    chk.add_at(
        np.flatnonzero(~has_reps & ~has_secs & (timed | counted)),
        headers.get("reps", time_header),
        "",
        "an amount: reps for rep drills, seconds, minutes or a duration for timed drills",
    )
    frame = pd.DataFrame(
        {
            "athlete": athletes(col("athlete"), default=table.default_athlete or DEFAULT_ATHLETE),
            "date": dates,
            "drill": categorical(drill_codes, routine.ids),
            "side": categorical(col("side").take(codes_in(sides, list(SIDES))), list(SIDES)),
            "reps": reps,
            "seconds": seconds,
            "note": optional_text(col("note")),
            "source": source(),
        },
        copy=False,
    )
    return frame[chk.keep_mask(n)] if chk.any() else frame


def _one_of(codes: np.ndarray, wanted: list[int]) -> np.ndarray:
    """Rows whose code is one of the few ``wanted`` (comparisons: faster than ``np.isin`` for a handful)."""
    out = np.zeros(len(codes), dtype=bool)
    for code in wanted:
        out |= codes == code
    return out


def _first_filled(cells: dict[str, Coded], fields: list[str], rows: np.ndarray) -> np.ndarray | str:
    """The first filled cell among ``fields`` at each of ``rows`` (the amount a message quotes)."""
    if not fields:
        return ""
    out = np.full(len(rows), "", dtype=object)
    for f in reversed(fields):
        shown = text(cells[f].values).to_numpy(dtype=object)[cells[f].codes[rows]]
        out = np.where(shown != "", shown, out)
    return out
