"""Running logs into ``athlete, date, distance_km, duration_s, source`` (generic CSV: date and distance).

>>> import pandas as pd, kneecare_analysis as kc
>>> kc.load_runs(pd.DataFrame({"date": ["2026-03-02"], "distance": ["5"], "units": ["mi"]}))["distance_km"].iloc[0]
8.04672
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import LogFormatError, Problem
from ._checks import RowChecks, finish
from ._columns import ATHLETE, DATE, TIMESTAMP, describe_headers, find_roles
from ._parse import detect_dayfirst, parse_dates, parse_numbers, parse_seconds, parse_words, text
from ._read import RawTable
from ._sources import Source, iter_tables
from .routine_log import DEFAULT_ATHLETE

RUN_COLUMNS = ["athlete", "date", "distance_km", "duration_s", "source"]
KM_PER = {
    "km": 1.0,
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
RUN_ROLES = {
    "date": DATE,
    "timestamp": TIMESTAMP,
    "athlete": ATHLETE,
    "distance_km": {"distancekm", "km", "kilometers", "kilometres"},
    "distance_mi": {"distancemi", "miles", "distancemiles"},
    "distance_m": {"distancem", "distancemeters", "distancemetres", "meters", "metres"},
    "distance": {"distance"},
    "units": {"units", "unit", "distanceunit", "distanceunits"},
    "duration_s": {"durations", "durationsec", "durationseconds", "seconds", "movingtimes", "elapsedtimes"},
    "duration": {"duration", "time", "movingtime", "elapsedtime", "totaltime"},
}


def load_runs(
    src: Source,
    *,
    athlete: str | None = None,
    units: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
) -> pd.DataFrame:
    """Load running logs; ``units`` ("km" or "mi") says what a bare ``distance`` column is in."""
    frames, checks = [], []
    for table in iter_tables(src, "runs", athlete=athlete):
        roles = find_roles(table, RUN_ROLES)
        _require(table, roles, units)
        records = pd.DataFrame({field: table.column(i) for field, i in roles.items()})
        records["line"] = table.lines
        headers = {field: table.headers[i] for field, i in roles.items()}
        chk = RowChecks(table.name, table.lines)
        chk.unread = list(table.row_problems)
        frames.append(_parse(records, headers, chk, table, units=units, dayfirst=dayfirst))
        checks.append(chk)
    out = finish(frames, checks, errors=errors, columns=RUN_COLUMNS)
    rejected = out.attrs.get("rejected")
    out = tidy_runs(out)
    out.attrs["rejected"] = rejected
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
    return out.sort_values(["athlete", "date"], kind="stable", ignore_index=True)


def _require(table: RawTable, roles: dict[str, int], units: str | None) -> None:
    missing = []
    if "date" not in roles and "timestamp" not in roles:
        missing.append("a 'date' column")
    if not {"distance_km", "distance_mi", "distance_m", "distance"} & roles.keys():
        missing.append("a 'distance_km' column (or 'distance' with 'units')")
    if units is not None and units not in KM_PER:
        raise ValueError("units must be 'km' or 'mi'")
    if missing:
        raise LogFormatError(
            [Problem(table.name, None, None, None, f"{m}; found columns {describe_headers(table)}") for m in missing]
        )


def _parse(records, headers, chk, table, *, units, dayfirst) -> pd.DataFrame:
    index = records.index
    date_field = "date" if "date" in records else "timestamp"
    if dayfirst is None:
        dayfirst = detect_dayfirst(table.column_named(headers[date_field]))
    dates, why = parse_dates(records[date_field], dayfirst=dayfirst)
    chk.add(why, headers[date_field], records[date_field])
    dc = table.decimal_comma
    distance = pd.Series(pd.NA, index=index, dtype="Float64")
    for field, factor in (("distance_km", 1.0), ("distance_mi", 1.609344), ("distance_m", 0.001), ("distance", None)):
        if field not in records:
            continue
        values, why = parse_numbers(records[field], decimal_comma=dc, what="a distance ≥ 0")
        chk.add(why, headers[field], records[field])
        if factor is None:
            if "units" in records:
                factors, why = parse_words(records["units"], KM_PER, what="a unit: km, mi or m")
                chk.add(why, headers["units"], records["units"])
                factor_s = pd.to_numeric(factors, errors="coerce")
                if units is not None:
                    factor_s = factor_s.where(text(records["units"]) != "", KM_PER[units])
            else:
                factor_s = KM_PER[units or "km"]
            values = values * factor_s
        else:
            values = values * factor
        distance = distance.fillna(values.astype("Float64"))
    missing = distance.isna()
    why = pd.Series(None, index=index, dtype=object)
    why[missing.to_numpy()] = "a distance (the cell is empty)"
    chk.add(why, next(headers[f] for f in ("distance_km", "distance_mi", "distance_m", "distance") if f in headers), "")
    duration = pd.Series(pd.NA, index=index, dtype="Float64")
    for field, kwargs in (("duration_s", {}), ("duration", {"plain_numbers": False})):
        if field in records:
            values, why = parse_seconds(records[field], decimal_comma=dc, **kwargs)
            chk.add(why, headers[field], records[field])
            duration = duration.fillna(values)
    default = table.default_athlete or DEFAULT_ATHLETE
    athletes = text(records["athlete"]).replace("", default) if "athlete" in records else default
    keep = chk.keep_mask(len(records))
    frame = pd.DataFrame(
        {
            "athlete": athletes,
            "date": dates,
            "distance_km": distance.round(5),
            "duration_s": duration,
            "source": table.name + ":" + pd.Series(np.asarray(records["line"]), index=index).astype(str),
        },
        index=index,
    )
    return frame[keep]
