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
from ._columns import ROUTINE_ROLES, describe_headers, find_roles
from ._parse import (
    detect_dayfirst,
    map_values,
    no_reason,
    parse_dates,
    parse_numbers,
    parse_seconds,
    parse_words,
    sort_rows,
    sources,
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
    out = pd.DataFrame(
        {
            "athlete": pd.Categorical(frame["athlete"].astype(str)) if len(frame) else pd.Categorical([]),
            "date": pd.to_datetime(frame["date"]).astype("datetime64[ns]"),
            "drill": pd.Categorical(frame["drill"], categories=routine.ids),
            "side": pd.Categorical(frame["side"], categories=list(SIDES)),
            "reps": pd.array(frame["reps"], dtype="Int64"),
            "seconds": pd.array(frame["seconds"], dtype="Float64"),
            "note": frame["note"].astype("string"),
            "source": frame["source"].astype("string"),
        }
    )
    out = sort_rows(out, ["athlete", "date", "drill", "side"])
    return out


def _load_table(table: RawTable, *, routine: Routine, dayfirst: bool | None):
    if _checklist.is_checklist(table, routine):
        lay = _checklist.layout(table, routine)
        records = _checklist.drill_records(table, lay, routine)
        column = records["column"]
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
        date_column = table.column(lay.date)
        fmt = "checklist"
    else:
        roles = find_roles(table, ROUTINE_ROLES)
        _require(table, roles)
        records = pd.DataFrame({field: table.column(i) for field, i in roles.items()})
        records["line"] = table.lines
        headers = {field: table.headers[i] for field, i in roles.items()}
        date_column = table.column(roles["date"] if "date" in roles else roles["timestamp"])
        fmt = "long"
    chk = RowChecks(table.name, records["line"].to_numpy() if len(records) else np.zeros(0, dtype=np.int64))
    chk.unread = list(table.row_problems)
    frame = _parse_records(records, headers, chk, table, routine=routine, dayfirst=dayfirst, dates=date_column)
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
    records: pd.DataFrame,
    headers: dict,
    chk: RowChecks,
    table: RawTable,
    *,
    routine: Routine,
    dayfirst: bool | None,
    dates: pd.Series,
) -> pd.DataFrame:
    n = len(records)
    index = records.index
    blank = pd.Series("", index=index, dtype="string")

    def col(field: str) -> pd.Series:
        return records.get(field, blank)

    date_field = "date" if "date" in records else "timestamp"
    if dayfirst is None:  # decided from the whole file's dates, not only the filled cells
        dayfirst = detect_dayfirst(dates)
    dates, why = parse_dates(records[date_field], dayfirst=dayfirst)
    chk.add(why, headers[date_field], records[date_field])

    default = table.default_athlete or DEFAULT_ATHLETE
    athletes = text(col("athlete")).replace("", default)

    drill_text = text(col("drill"))
    drills = map_values(drill_text, routine.resolve)
    why = no_reason(index)
    why[drills.isna()] = f"a drill name: {routine.known_names()}"
    chk.add(why, headers.get("drill", "drill"), drill_text)

    sides, why = parse_words(col("side"), SIDE_WORDS, what=SIDE_EXPECTED)
    chk.add(why, headers.get("side", "side"), col("side"))

    dc = table.decimal_comma
    reps, why = parse_numbers(col("reps"), decimal_comma=dc, whole=True, what="a whole number of reps ≥ 0")
    chk.add(why, headers.get("reps", "reps"), col("reps"))
    sets, why = parse_numbers(col("sets"), decimal_comma=dc, whole=True, what="a whole number of sets ≥ 0")
    chk.add(why, headers.get("sets", "sets"), col("sets"))

    timing = []
    for field, kwargs in (
        ("seconds", {"factor": 1.0}),
        ("minutes", {"factor": 60.0}),
        ("duration", {"plain_numbers": False}),
    ):
        if field in records:
            values, why = parse_seconds(records[field], decimal_comma=dc, **kwargs)
            chk.add(why, headers.get(field, field), records[field])
            timing.append((field, values, text(records[field]) != ""))
    seconds = pd.Series(pd.NA, index=index, dtype="Float64")
    filled_count = pd.Series(0, index=index)
    for field, values, filled in timing:
        seconds = seconds.fillna(values)
        filled_count += filled.astype(int)
        if filled_count.max() > 1:
            why = no_reason(index)
            why[(filled_count > 1) & filled] = "one of seconds, minutes and duration per row, not two"
            chk.add(why, headers.get(field, field), records[field])

    kinds = map_values(drills.fillna(""), {d.id: d.kind for d in routine.drills}.get)
    timed = (kinds == "timed").to_numpy(dtype=bool, na_value=False)
    counted = (kinds == "reps").to_numpy(dtype=bool, na_value=False)
    has_reps = reps.notna().to_numpy() | (text(col("reps")) != "").to_numpy(dtype=bool, na_value=False)
    has_secs = seconds.notna().to_numpy() | np.any([f.to_numpy() for _, _, f in timing] or [np.zeros(n, bool)], axis=0)
    time_header = next((headers[f] for f, _, _ in timing), "seconds")

    named = drills.fillna("").astype(str)
    why = ("seconds, minutes or a duration: " + named + " is timed, reps alone do not count").where(
        timed & ~has_secs & has_reps, None
    )
    chk.add(why, headers.get("reps", "reps"), col("reps"))
    why = ("reps: " + named + " is counted in reps, time alone does not count").where(
        counted & ~has_reps & has_secs, None
    )
    chk.add(why, time_header, _first_filled(records, [f for f, _, _ in timing]))
    why = no_reason(index)
    why[~has_reps & ~has_secs & drills.notna().to_numpy(dtype=bool)] = (
        "an amount: reps for rep drills, seconds, minutes or a duration for timed drills"
    )
    chk.add(why, headers.get("reps", time_header), "")

    factor = sets.fillna(1)
    reps = reps.where(~pd.Series(counted, index=index), reps * factor)
    seconds = seconds.where(~pd.Series(timed, index=index), seconds * factor)

    keep = chk.keep_mask(n)
    source = sources(table.name, records["line"]).set_axis(index)
    frame = pd.DataFrame(
        {
            "athlete": athletes,
            "date": dates,
            "drill": drills,
            "side": sides,
            "reps": reps.round().astype("Int64"),
            "seconds": seconds,
            "note": text(col("note")).replace("", pd.NA),
            "source": source,
        }
    )
    return frame[keep]


def _first_filled(records: pd.DataFrame, fields: list[str]) -> pd.Series | str:
    if not fields:
        return ""
    out = text(records[fields[0]])
    for f in fields[1:]:
        out = out.mask(out == "", text(records[f]))
    return out
