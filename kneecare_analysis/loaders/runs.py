"""Running logs — Strava, Garmin Connect, TrainingPeaks exports or a plain CSV — into
``athlete, date, distance_km, duration_s, source``, running only.

The export is recognised from its header, and columns are looked up by name and occurrence, never by
position (Strava repeats ``Distance`` and ``Elapsed Time``: the second ``Distance`` is in metres). Rows that
are not runs (rides, swims, strength) and TrainingPeaks workouts that were planned but not done are left out
on purpose and listed in ``frame.attrs["skipped"]``.

>>> import pandas as pd, kneecare_analysis as kc
>>> kc.load_runs(pd.DataFrame({"date": ["2026-03-02"], "distance": ["5"], "units": ["mi"]}))["distance_km"].iloc[0]
8.04672
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import LogFormatError, Problem
from ..vocab import column_key
from ._checks import RejectedRows, RowChecks, finish
from ._columns import ATHLETE, DATE, TIMESTAMP, describe_headers, find_roles
from ._parse import detect_dayfirst, no_reason, parse_dates, parse_numbers, parse_seconds, parse_words, sort_rows, text
from ._read import RawTable
from ._sources import Source, iter_tables
from .routine_log import DEFAULT_ATHLETE

RUN_COLUMNS = ["athlete", "date", "distance_km", "duration_s", "source"]
RUN_STEMS = ("runs", "activities", "workouts")
KM_PER = {
    "km": 1.0,
    "kms": 1.0,
    "kilometer": 1.0,
    "kilometre": 1.0,
    "kilometers": 1.0,
    "kilometres": 1.0,
    "k": 1.0,
    "mi": 1.609344,
    "mile": 1.609344,
    "miles": 1.609344,
    "m": 0.001,
    "meter": 0.001,
    "metre": 0.001,
    "meters": 0.001,
    "metres": 0.001,
}
GENERIC_ROLES = {
    "date": DATE,
    "timestamp": TIMESTAMP,
    "athlete": ATHLETE,
    "type": {"type", "activitytype", "sport"},
    "distance_km": {"distancekm", "km", "kilometers", "kilometres"},
    "distance_mi": {"distancemi", "miles", "distancemiles"},
    "distance_m": {"distancem", "distancemeters", "distancemetres", "meters", "metres"},
    "distance": {"distance"},
    "units": {"units", "unit", "distanceunit", "distanceunits"},
    "duration_s": {"durations", "durationsec", "durationseconds", "seconds", "movingtimes", "elapsedtimes"},
    "duration": {"duration", "time", "movingtime", "elapsedtime", "totaltime"},
}
RUN_TYPE = r"(?i)\brun"  # Run, Trail Run, Virtual Run, Running, Treadmill Running…


def load_runs(
    src: Source,
    *,
    athlete: str | None = None,
    units: str | None = None,
    tz: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
) -> pd.DataFrame:
    """Load runs from Strava ``activities.csv`` (old and current layouts), Garmin Connect ``Activities.csv``,
    TrainingPeaks ``workouts.csv`` or a CSV with ``date`` and ``distance_km`` (or ``distance`` + ``units``).

    ``units`` ("km" or "mi") is what Garmin distances and a bare ``distance`` are in (default km). ``tz``
    (e.g. "Europe/Oslo") turns Strava's UTC start times into local dates; without it the date is as written.
    A folder is searched for ``runs.*``, ``activities.*`` and ``workouts.*``.
    """
    if units is not None and units not in ("km", "mi"):
        raise ValueError("units must be 'km' or 'mi'")
    frames, checks, skipped = [], [], []
    for table in iter_tables(src, RUN_STEMS, athlete=athlete):
        kind = detect_export(table)
        reader = {"strava": _strava, "strava_old": _strava_old, "garmin": _garmin, "trainingpeaks": _trainingpeaks}
        records, headers = reader.get(kind, _generic)(table, units=units)
        chk = RowChecks(table.name, table.lines)
        chk.unread = list(table.row_problems)
        frame, skip = _parse(
            records, headers, chk, table, units=units, tz=tz if kind == "strava" else None, dayfirst=dayfirst
        )
        frames.append(frame)
        checks.append(chk)
        skipped.append(skip)
    out = finish(frames, checks, errors=errors, columns=RUN_COLUMNS)
    rejected = out.attrs.get("rejected")
    out = tidy_runs(out)
    out.attrs["rejected"] = rejected
    out.attrs["skipped"] = RejectedRows(pd.concat(skipped, ignore_index=True)) if skipped else RejectedRows()
    return out


def tidy_runs(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "athlete": pd.Categorical(frame["athlete"].astype(str)) if len(frame) else pd.Categorical([]),
            "date": pd.to_datetime(frame["date"]).astype("datetime64[ns]"),
            "distance_km": pd.array(frame["distance_km"], dtype="Float64"),
            "duration_s": pd.array(frame["duration_s"], dtype="Float64"),
            "source": frame["source"].astype("string"),
        }
    )
    return sort_rows(out, ["athlete", "date"])


def detect_export(table: RawTable) -> str:
    """``strava``, ``strava_old``, ``garmin``, ``trainingpeaks`` or ``generic``, from the header."""
    keys = {column_key(h) for h in table.headers}
    if {"workoutday", "workouttype"} <= keys:
        return "trainingpeaks"
    if {"activityid", "activitydate", "activitytype"} <= keys:
        return "strava"
    if {"id", "date", "name", "type", "elapsedtime", "distance"} <= keys:
        return "strava_old"
    if {"activitytype", "date", "title", "distance"} <= keys:
        return "garmin"
    return "generic"


def _occurrences(table: RawTable, header: str) -> list[int]:
    key = column_key(header)
    return [i for i, h in enumerate(table.headers) if column_key(h) == key]


def _col(table: RawTable, header: str, occurrence: int = 0) -> pd.Series | None:
    found = _occurrences(table, header)
    return table.column(found[occurrence]) if len(found) > occurrence else None


def _pick(records: dict, headers: dict, field: str, table: RawTable, header: str, occurrence: int = 0) -> None:
    series = _col(table, header, occurrence)
    if series is not None:
        records[field] = series
        headers[field] = header if occurrence == 0 else f"{header} (#{occurrence + 1})"


def _frame(records: dict, table: RawTable) -> pd.DataFrame:
    out = pd.DataFrame(records, index=table.frame.index)
    out["line"] = table.lines
    return out


def _strava(table: RawTable, *, units):
    records, headers = {}, {}
    _pick(records, headers, "timestamp", table, "Activity Date")
    _pick(records, headers, "type", table, "Activity Type")
    second = _col(table, "Distance", 1)
    if second is not None:  # the second Distance is metres; the first a rounded value in the display unit
        _pick(records, headers, "distance_m", table, "Distance", 1)
    else:
        _pick(records, headers, "distance", table, "Distance")
    _pick(records, headers, "duration_s", table, "Moving Time")
    if "duration_s" not in records:
        _pick(records, headers, "duration_s", table, "Elapsed Time")
    return _frame(records, table), headers


def _strava_old(table: RawTable, *, units):
    records, headers = {}, {}
    _pick(records, headers, "timestamp", table, "date")
    _pick(records, headers, "type", table, "type")
    _pick(records, headers, "distance_m", table, "distance")
    _pick(records, headers, "duration_s", table, "elapsed_time")
    return _frame(records, table), headers


def _garmin(table: RawTable, *, units):
    records, headers = {}, {}
    _pick(records, headers, "timestamp", table, "Date")
    _pick(records, headers, "type", table, "Activity Type")
    distance = _col(table, "Distance")
    records["distance"] = _garmin_number(distance)
    headers["distance"] = "Distance"
    duration = None
    for name in ("Moving Time", "Time", "Elapsed Time"):  # per row: moving time, else the activity's time
        if _col(table, name) is not None:
            these = text(_col(table, name))
            these = these.mask(these == "--", "")
            duration = these if duration is None else duration.mask(duration == "", these)
            headers.setdefault("duration", name)
    if duration is not None:
        records["duration"] = duration
    return _frame(records, table), headers


def _garmin_number(series: pd.Series) -> pd.Series:
    """Garmin's quoted numbers: ``--`` is missing; a comma before 1–2 digits is a decimal comma (European
    accounts), before 3 digits a thousands separator (``"6,060"``)."""
    t = text(series).mask(lambda s: s == "--", "")
    decimal_comma = t.str.contains(r"^\d+,\d{1,2}$", regex=True).any()
    if decimal_comma:
        return t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return t.str.replace(",", "", regex=False)


def _trainingpeaks(table: RawTable, *, units):
    records, headers = {}, {}
    _pick(records, headers, "date", table, "WorkoutDay")
    _pick(records, headers, "type", table, "WorkoutType")
    _pick(records, headers, "distance_m", table, "DistanceInMeters")
    hours = _col(table, "TimeTotalInHours")
    if hours is not None:
        records["hours"] = hours
        headers["hours"] = "TimeTotalInHours"
    return _frame(records, table), headers


def _generic(table: RawTable, *, units):
    roles = find_roles(table, GENERIC_ROLES)
    missing = []
    if "date" not in roles and "timestamp" not in roles:
        missing.append("a 'date' column")
    if not {"distance_km", "distance_mi", "distance_m", "distance"} & roles.keys():
        missing.append("a 'distance_km' column (or 'distance' with 'units')")
    if missing:
        raise LogFormatError(
            [
                Problem(
                    table.name,
                    None,
                    None,
                    None,
                    f"{m}; found columns {describe_headers(table)} (Strava, Garmin Connect and TrainingPeaks "
                    "exports are recognised by their own headers)",
                )
                for m in missing
            ]
        )
    records = {field: table.column(i) for field, i in roles.items()}
    return _frame(records, table), {field: table.headers[i] for field, i in roles.items()}


def _parse(records, headers, chk, table, *, units, tz, dayfirst) -> tuple[pd.DataFrame, pd.DataFrame]:
    index = records.index
    date_field = "date" if "date" in records else "timestamp"
    if dayfirst is None:
        dayfirst = detect_dayfirst(records[date_field])
    if tz is not None:
        dates, why = _local_dates(records[date_field], tz)
    else:
        dates, why = parse_dates(records[date_field], dayfirst=dayfirst)
    chk.add(why, headers[date_field], records[date_field])
    dc = table.decimal_comma

    is_run = pd.Series(True, index=index)
    if "type" in records:
        is_run = text(records["type"]).str.contains(RUN_TYPE, regex=True)
    planned = pd.Series(False, index=index)
    if "hours" in records:  # TrainingPeaks: a planned workout has no actuals
        no_actuals = (text(records["hours"]) == "") & (text(records.get("distance_m", records["hours"])) == "")
        planned = no_actuals

    distance = pd.Series(pd.NA, index=index, dtype="Float64")
    for field, factor in (("distance_km", 1.0), ("distance_mi", 1.609344), ("distance_m", 0.001), ("distance", None)):
        if field not in records:
            continue
        values, why = parse_numbers(records[field], decimal_comma=dc, what="a distance ≥ 0")
        chk.add(why.where(is_run & ~planned, None), headers[field], records[field])
        if factor is None:
            if "units" in records:
                factors, why = parse_words(records["units"], KM_PER, what="a unit: km, mi or m")
                chk.add(why.where(is_run & ~planned, None), headers["units"], records["units"])
                factor_s = pd.to_numeric(factors, errors="coerce")
                if units is not None:
                    factor_s = factor_s.where(text(records["units"]) != "", KM_PER[units])
            else:
                factor_s = KM_PER[units or "km"]
            values = values * factor_s
        else:
            values = values * factor
        distance = distance.fillna(values.astype("Float64"))
    why = no_reason(index)
    why[(distance.isna() & is_run & ~planned).to_numpy()] = "a distance (the cell is empty)"
    distance_header = next(headers[f] for f in ("distance_km", "distance_mi", "distance_m", "distance") if f in headers)
    chk.add(why, distance_header, "")

    duration = pd.Series(pd.NA, index=index, dtype="Float64")
    for field, kwargs in (("duration_s", {}), ("duration", {"plain_numbers": False})):
        if field in records:
            values, why = parse_seconds(records[field], decimal_comma=dc, **kwargs)
            chk.add(why.where(is_run & ~planned, None), headers[field], records[field])
            duration = duration.fillna(values)
    if "hours" in records:
        hours, why = parse_numbers(records["hours"], what="a number of hours ≥ 0")
        chk.add(why.where(is_run & ~planned, None), headers["hours"], records["hours"])
        duration = duration.fillna(hours * 3600)

    default = table.default_athlete or DEFAULT_ATHLETE
    athletes = text(records["athlete"]).replace("", default) if "athlete" in records else default
    source = table.name + ":" + pd.Series(np.asarray(records["line"]), index=index).astype(str)
    keep = chk.keep_mask(len(records)) & (is_run & ~planned).to_numpy()
    frame = pd.DataFrame(
        {
            "athlete": athletes,
            "date": dates,
            "distance_km": distance.round(5),
            "duration_s": duration.round(3),
            "source": source,
        },
        index=index,
    )
    kind = text(records["type"]) if "type" in records else pd.Series("", index=index)
    left_out = ~(is_run & ~planned)
    skipped = pd.DataFrame(
        {
            "source": source[left_out],
            "type": kind[left_out],
            "reason": np.where(planned[left_out], "planned, not done", "not a run"),
        }
    )
    return frame[keep], skipped


def _local_dates(series: pd.Series, tz: str) -> tuple[pd.Series, pd.Series]:
    """UTC start times (Strava) as calendar dates in ``tz``."""
    t = text(series)
    stamps = pd.to_datetime(t.where(t != "", None), format="mixed", errors="coerce", utc=True)
    try:
        local = stamps.dt.tz_convert(tz)
    except Exception as exc:  # an unknown zone name
        raise ValueError(f"unknown time zone {tz!r}: use a name like 'Europe/Oslo'") from exc
    dates = local.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")
    reason = pd.Series(None, index=series.index, dtype=object)
    reason[dates.isna().to_numpy()] = "a start time like 'Oct 6, 2022, 11:19:20 PM'"
    return dates, reason
