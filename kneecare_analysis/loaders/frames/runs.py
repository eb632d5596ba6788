"""Run records of any format → the running-log frame: ``athlete, date, distance_km, duration_s, rpe, file,
line``, one row per run (the formats have already set the other activities aside).

Plausible runs: at most 300 km, and a pace between 2:00 and 30:00 min/km when distance and time are both
known. A value whose column's decimal reading breaks these while its other reading would not is rejected with
both readings. A recorded run (a device's or an app's export) with an odd pace is what the device recorded:
it loads, and is listed in ``attrs["doubtful"]``; in a log typed by hand it is rejected.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..cells import sort_rows, text
from ..checks import RowChecks
from ..durations import read_durations
from ..formats.base import Options, Records
from ..numbers import both_readings, range_reasons, read_numbers
from .common import athletes, cells, dates, masked, origin, typed

COLUMNS = ["athlete", "date", "distance_km", "duration_s", "rpe", "file", "line"]
MAX_KM = 300.0
PACE = (2.0, 30.0)  # min/km
KM_PER = {"km": 1.0, "m": 0.001, "mi": 1.609344}
PACE_EXPECTED = "a pace between 2:00 and 30:00 min/km (distance and time together)"


def build(records: Records, options: Options, chk: RowChecks) -> pd.DataFrame:
    """The typed frame of ``records``; problems go into ``chk``, odd paces of recorded runs into
    ``records.hints["doubtful"]``."""
    n = len(records)
    hints = records.hints
    if "file" in records.cells:  # a watch folder's table: each record names its own file
        chk.files = np.asarray(origin(records)["file"], dtype=object)
    header = records.columns
    sep = records.table.separator
    if hints.get("utc") and options.tz:
        day = _local_dates(records, chk, options.tz)
    else:
        day = dates(records, chk, dayfirst=options.dayfirst)

    km_per = _km_per(records, options, chk)
    distance_cells = cells(records, "distance")
    distance = read_numbers(distance_cells.values, separator=sep, what="a distance ≥ 0")
    chk.add_values(distance.reason, header.get("distance", "distance"), distance_cells)
    km = distance_cells.take(distance.value) * km_per
    other_km = distance_cells.take(distance.other) * km_per
    too_far = (km > MAX_KM) | (km < 0)
    other_fits = (other_km >= 0) & (other_km <= MAX_KM)

    duration_cells = cells(records, "duration")
    factor = float(hints.get("duration_factor", 1.0))
    plain = bool(hints.get("plain_numbers", True))
    duration = read_durations(duration_cells.values, factor=factor, separator=sep, plain_numbers=plain)
    chk.add_values(duration.reason, header.get("duration", "duration"), duration_cells)
    seconds = duration_cells.take(duration.value)
    seconds[seconds == 0] = np.nan  # a run of no time is a time not recorded

    rows = np.flatnonzero(too_far)
    what = f"a distance of at most {MAX_KM:g} km"
    reasons = np.array(
        [both_readings(what, km[i], other_km[i], distance.decimal) if other_fits[i] else what for i in rows],
        dtype=object,
    )
    chk.add_at(rows, header.get("distance", "distance"), distance_cells, reasons)

    with np.errstate(divide="ignore", invalid="ignore"):
        pace = seconds / 60 / km
        other_pace = seconds / 60 / other_km
    known = (km > 0) & ~np.isnan(seconds) & ~too_far
    odd = known & ((pace < PACE[0]) | (pace > PACE[1]))
    _unit_notes(records, options, pace[known])
    fixable = odd & (other_pace >= PACE[0]) & (other_pace <= PACE[1]) & other_fits
    chk.add_at(
        np.flatnonzero(fixable),
        header.get("distance", "distance"),
        distance_cells,
        np.array(
            [both_readings(PACE_EXPECTED, km[i], other_km[i], distance.decimal) for i in np.flatnonzero(fixable)],
            dtype=object,
        ),
    )
    pace_text = np.array([_pace(p) for p in pace[odd & ~fixable]], dtype=object)
    rows = np.flatnonzero(odd & ~fixable)
    if hints.get("recorded"):
        hints["doubtful"] = pd.concat(
            [f for f in (hints.get("doubtful"), _odd_paces(records, rows, distance_cells, pace_text)) if f is not None],
            ignore_index=True,
        )
    else:
        chk.add_at(rows, header.get("distance", "distance"), distance_cells, PACE_EXPECTED)
    nothing = np.flatnonzero(np.isnan(km) & np.isnan(seconds))
    chk.add_at(nothing, header.get("distance", "distance"), distance_cells, "a distance or a time for the run")

    rpe_cells = cells(records, "rpe")
    rpe = read_numbers(rpe_cells.values, separator=sep, what="a perceived exertion from 0 to 10")
    chk.add_values(rpe.reason, header.get("rpe", "rpe"), rpe_cells)
    scale = float(hints.get("rpe_factor", 1.0))
    rpe_values = rpe.value * scale
    chk.add_values(
        range_reasons(rpe, what="a perceived exertion from 0 to 10", maximum=10, scale=scale),
        header.get("rpe", "rpe"),
        rpe_cells,
    )
    frame = pd.DataFrame(
        {
            "athlete": athletes(cells(records, "athlete"), default=records.table.default_athlete),
            "date": day,
            "distance_km": masked(np.round(km, 5)),
            "duration_s": masked(np.round(seconds, 3)),
            "rpe": masked(rpe_cells.take(rpe_values)),
            **origin(records),
            "start_utc": _starts(records),
            "rank": _ranks(records),
        },
        copy=False,
    )
    return frame[chk.keep_mask(n)] if chk.any() else frame


def _odd_paces(records: Records, rows: np.ndarray, distance_cells, pace_text: np.ndarray) -> pd.DataFrame:
    """The recorded runs of an odd pace, loaded as recorded and listed in ``attrs["doubtful"]``."""
    return pd.DataFrame(
        {
            "file": origin(records)["file"][rows] if len(rows) else records.table.name,
            "line": records.lines[rows],
            "column": records.columns.get("distance", "distance"),
            "value": text(distance_cells.values).to_numpy(dtype=object)[distance_cells.codes[rows]],
            "reason": [f"{PACE_EXPECTED}; this run's is {p}: loaded as recorded" for p in pace_text],
        }
    )


def _starts(records: Records) -> np.ndarray:
    """Each run's start in UTC where the format knows it (an activity file's start, Strava's UTC start time),
    else NaT: used to count a run that comes from two sources once, then dropped by :func:`tidy`."""
    field = "start" if "start" in records.cells else "timestamp" if records.hints.get("utc") else None
    if field is None:
        return np.full(len(records), np.datetime64("NaT"), dtype="datetime64[ns]")
    column = records.cells[field]
    t = text(column.values)
    stamps = pd.to_datetime(t.where(t != "", None), format="mixed", errors="coerce", utc=True)
    return column.take(stamps.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]"))


def _ranks(records: Records) -> np.ndarray:
    """Which source wins when a run comes twice (lower wins): the format's rank per record, else 2."""
    if "rank" in records.cells:
        column = records.cells["rank"]
        return column.take(pd.to_numeric(column.values, errors="coerce").fillna(2).to_numpy(dtype=np.int64))
    return np.full(len(records), 2, dtype=np.int64)


def _km_per(records: Records, options: Options, chk: RowChecks) -> np.ndarray:
    """Kilometres per unit of each record's distance: the format's unit, a units column, or ``units=``."""
    n = len(records)
    unit = records.hints.get("distance_unit")
    if "units" in records.cells:
        column = records.cells["units"]
        words = {"km": "km", "kms": "km", "kilometer": "km", "kilometre": "km", "kilometers": "km", "k": "km"}
        words |= {"kilometres": "km", "mi": "mi", "mile": "mi", "miles": "mi", "m": "m", "meter": "m"}
        words |= {"metre": "m", "meters": "m", "metres": "m", "": options.units or unit or "km"}
        names = text(column.values).str.lower()
        found = names.map(words)
        chk.add_values(
            pd.Series(np.where(found.isna(), "a unit: km, mi or m", None), dtype="string"),
            records.columns["units"],
            column,
        )
        return column.take(found.map(KM_PER).to_numpy(dtype=float, na_value=np.nan))
    if unit is None or unit == "account":  # an export in the account's unit, km unless the caller says mi
        unit = options.units or "km"
    return np.full(n, KM_PER[unit])


def _unit_notes(records: Records, options: Options, pace: np.ndarray) -> None:
    """For an export whose file does not say its unit (Garmin: the account's), the unit the distances were
    read in, in ``hints["assumed"]`` (``file, line, column, value, reason``: the header's line, the distance
    column, the unit): with how to change it, and a warning when the paces are plausible only in the other
    unit (most runs outside 2:00–30:00 min/km as read, nine in ten inside it the other way). Nothing is noted
    when the caller gave ``units=`` and the paces agree."""
    if records.hints.get("distance_unit") != "account":
        return
    unit = options.units or "km"
    other = "mi" if unit == "km" else "km"
    reason = (
        f"the file does not say its distance unit: read as {unit} (the default); if the account is in miles, "
        "put units = \"mi\" in the folder's kneecare.toml (or load it with units='mi')"
        if options.units is None
        else None
    )
    if len(pace):
        other_pace = pace * KM_PER[unit] / KM_PER[other]
        inside = (pace >= PACE[0]) & (pace <= PACE[1])
        inside_other = (other_pace >= PACE[0]) & (other_pace <= PACE[1])
        if inside.mean() < 0.5 and inside_other.mean() >= 0.9:
            reason = (
                f"the paces are plausible only in {other}: {int((~inside).sum())} of {len(pace)} runs are outside "
                f'2:00–30:00 min/km as read in {unit}; put units = "{other}" in the folder\'s kneecare.toml (or '
                f"load it with units={other!r})"
            )
    if reason is None:  # the caller said the unit, and the paces agree
        return
    line = int(records.table.lines[0]) - 1 if len(records.table.lines) else 1
    records.hints["assumed"] = pd.DataFrame(
        {
            "file": [records.table.name],
            "line": [line],
            "column": [records.columns.get("distance", "distance")],
            "value": [unit],
            "reason": [reason],
        }
    )


def _local_dates(records: Records, chk: RowChecks, tz: str) -> np.ndarray:
    """UTC start times (Strava) as calendar dates in ``tz``."""
    field = "date" if "date" in records.cells else "timestamp"
    column = records.cells[field]
    t = text(column.values)
    stamps = pd.to_datetime(t.where(t != "", None), format="mixed", errors="coerce", utc=True)
    try:
        local = stamps.dt.tz_convert(tz)
    except (KeyError, ValueError) as exc:  # an unknown zone name, or a path where a name should be
        raise ValueError(f"unknown time zone {tz!r}: use a name like 'Europe/Oslo'") from exc
    day = local.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")
    why = pd.Series(np.where(day.isna(), "a start time like 'Oct 6, 2022, 11:19:20 PM'", None), dtype="string")
    chk.add_values(why, records.columns[field], column)
    return column.take(day.to_numpy(dtype="datetime64[ns]"))


def _pace(minutes_per_km: float) -> str:
    if not np.isfinite(minutes_per_km):
        return "not a number"
    minutes, seconds = divmod(round(minutes_per_km * 60), 60)
    return f"{minutes}:{seconds:02d} min/km"


def tidy(frame: pd.DataFrame, options: Options) -> pd.DataFrame:
    """Column order, dtypes and order of rows (athlete, date, file order)."""
    out = typed(
        frame,
        {
            "athlete": None,
            "date": np.dtype("datetime64[ns]"),
            "distance_km": pd.Float64Dtype(),
            "duration_s": pd.Float64Dtype(),
            "rpe": pd.Float64Dtype(),
            "file": None,
            "line": np.dtype("int64"),
        },
    )
    return sort_rows(out, ["athlete", "date"])
