"""Running load week by week: distance, minutes and session-RPE load (Foster 2001), monotony and strain, and
the acute:chronic workload ratio — descriptive only.

- **Session load** of a run: RPE (0–10) × minutes. A week's ``srpe_load`` is the sum over its runs; a week with
  a run whose RPE or time is missing has no load (NaN, never a guessed 0); a week without runs has load 0.
- **Monotony**: the mean daily load of the 7 days over their standard deviation (rest days count 0; the
  sample SD, as a spreadsheet's STDEV, ``ddof=1``); NaN with ``load_note`` saying why when the SD is 0.
  **Strain**: weekly load × monotony.
- **ACWR**, uncoupled: this week's load ÷ the mean weekly load of the three weeks before it. EWMA (Williams et
  al. 2017): daily exponentially weighted means with λ = 2/(N + 1), N = 7 (acute) and 28 (chronic) days,
  starting from 0 on the day of the first run, their ratio on the week's last day: not given before 28 days of
  runs, nor while a day of unknown load is within the last 28 days. The ratio's link to injury is contested
  (Impellizzeri 2020; Lolli 2019): the kit shows it as a description of load, with no "sweet spot".

>>> runs = pd.DataFrame({"athlete": ["me", "me"], "date": pd.to_datetime(["2026-03-02", "2026-03-05"]),
...                      "distance_km": [6.0, 9.0], "duration_s": [1800.0, 2700.0], "rpe": [5.0, 7.0]})
>>> w = weekly_load(runs)
>>> w[["srpe_load", "run_minutes"]].values.tolist()
[[465.0, 75.0]]
>>> round(float(w["monotony"].iloc[0]), 3), round(float(w["strain"].iloc[0]), 1)
(0.54, 251.0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .calendar import week_of
from .inputs import RUNS, check_frame, check_week_start

EWMA_DAYS = (7, 28)
CHRONIC_DAYS = EWMA_DAYS[1]
LOAD_COLUMNS = [
    "run_km",
    "run_count",
    "run_minutes",
    "srpe_load",
    "monotony",
    "strain",
    "acwr_uncoupled",
    "acwr_ewma",
    "load_note",
]


def weekly_load(runs: pd.DataFrame, *, week_starts_on: str = "MON", span: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per athlete and calendar week from the athlete's first run to their last (or over ``span``, a frame
    indexed by athlete with the ``min`` and ``max`` week starts to cover too): ``athlete, week_start`` and
    :data:`LOAD_COLUMNS` (see the module for each)."""
    check_frame(runs, RUNS, by="weekly_load")
    check_week_start(week_starts_on, by="weekly_load")
    r = pd.DataFrame(
        {
            "athlete": runs["athlete"].astype(str),
            "date": pd.to_datetime(runs["date"]).dt.normalize().astype("datetime64[ns]"),
            "km": pd.to_numeric(runs["distance_km"], errors="coerce").astype(float),
            "minutes": pd.to_numeric(runs["duration_s"], errors="coerce").astype(float) / 60,
            "rpe": pd.to_numeric(runs["rpe"], errors="coerce").astype(float) if "rpe" in runs else np.nan,
        }
    )
    if r.empty:
        return pd.DataFrame(columns=["athlete", "week_start", *LOAD_COLUMNS])
    r["load"] = r["rpe"] * r["minutes"]
    r["unknown"] = r["load"].isna()
    daily = r.groupby(["athlete", "date"]).agg(
        km=("km", "sum"), minutes=("minutes", "sum"), load=("load", "sum"), unknown=("unknown", "any"),
        runs=("km", "size"),
    )  # fmt: skip
    daily["load"] = daily["load"].mask(daily.pop("unknown"))
    cal = _calendar(daily, week_starts_on, span)
    cal["week"] = week_of(cal["date"], week_starts_on)
    weeks = cal.groupby(["athlete", "week"], sort=False)
    load = weeks["load"].sum(min_count=7)  # a week's 7 days: NaN when a day's load is unknown
    sd = weeks["load"].std(ddof=1).where(load.notna())
    with np.errstate(divide="ignore", invalid="ignore"):
        monotony = (load / 7 / sd).where(sd > 0)
    out = pd.DataFrame(
        {
            "run_km": weeks["km"].sum(),
            "run_count": weeks["runs"].sum().astype(int),
            "run_minutes": weeks["minutes"].sum(),
            "srpe_load": load,
            "monotony": monotony,
        }
    )
    out["strain"] = out["srpe_load"] * out["monotony"]
    nth = out.groupby(level=0, sort=False).cumcount().to_numpy()  # the week's place in its athlete's run of weeks
    before = out["srpe_load"].shift(1).rolling(3, min_periods=3).mean().where(nth >= 3)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["acwr_uncoupled"] = np.where(before > 0, out["srpe_load"] / before, np.nan)
    last_day = cal["date"] == cal["week"] + pd.Timedelta(days=6)
    out["acwr_ewma"] = _ewma_ratio(cal)[last_day.to_numpy()]
    out["load_note"] = np.select(
        [out["srpe_load"].isna(), out["monotony"].isna() & out["srpe_load"].notna()],
        ["a run of this week has no RPE or no time: its load is not known", "the same load every day: no monotony"],
        "",
    )
    out = out.reset_index().rename(columns={"week": "week_start"})
    return out[["athlete", "week_start", *LOAD_COLUMNS]]


def _calendar(daily: pd.DataFrame, week_start: str, span: pd.DataFrame | None) -> pd.DataFrame:
    """Every day of each athlete's weeks, from the week of their first run (or ``span``'s first week) to the
    end of the week of their last: ``athlete, date, km, minutes, load, runs, first_run``; rest days have
    load 0, an unknown load stays NaN."""
    dates = daily.index.get_level_values("date")
    bounds = pd.DataFrame({"athlete": daily.index.get_level_values("athlete"), "date": dates})
    bounds = bounds.groupby("athlete", sort=True)["date"].agg(["min", "max"])
    first, last = week_of(bounds["min"], week_start), week_of(bounds["max"], week_start)
    if span is not None:
        both = span.reindex(bounds.index)
        first = first.where(both["min"].isna() | (first <= both["min"]), both["min"])
        last = last.where(both["max"].isna() | (last >= both["max"]), both["max"])
    days = ((last - first).dt.days + 7).to_numpy()
    starts = np.repeat(first.to_numpy(), days)
    offsets = np.arange(days.sum()) - np.repeat(np.cumsum(days) - days, days)
    cal = pd.DataFrame(
        {
            "athlete": np.repeat(bounds.index.to_numpy(), days),
            "date": starts + offsets.astype("timedelta64[D]"),
            "first_run": np.repeat(bounds["min"].to_numpy(), days),
        }
    )
    found = daily.reindex(pd.MultiIndex.from_frame(cal[["athlete", "date"]]))
    cal["runs"] = found["runs"].fillna(0).to_numpy()
    cal["km"] = found["km"].fillna(0.0).to_numpy()
    cal["minutes"] = found["minutes"].fillna(0.0).to_numpy()
    cal["load"] = found["load"].where(cal["runs"].to_numpy() > 0, 0.0).to_numpy()
    return cal


def _ewma_ratio(cal: pd.DataFrame) -> np.ndarray:
    """Each day's acute (7-day) over chronic (28-day) EWMA of load, per athlete (:func:`_ewma`); NaN before 28
    days of runs or with a chronic mean of 0."""
    acute, chronic = (_ewma(cal, n) for n in EWMA_DAYS)
    warmed = cal["date"] >= cal["first_run"] + pd.Timedelta(days=CHRONIC_DAYS - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(warmed & (chronic > 0), acute / chronic, np.nan)


def _ewma(cal: pd.DataFrame, days: int) -> np.ndarray:
    """The exponentially weighted daily mean of each athlete's load, λ = 2/(days + 1), starting from 0. A day
    whose load is unknown counts 0 in the running mean, and the mean is not given (NaN) while that day is within
    the last 28 days."""
    alpha = 2 / (days + 1)
    load = cal["load"].fillna(0.0)
    by = cal["athlete"].to_numpy()
    nth = cal.groupby("athlete", sort=False).cumcount().to_numpy()
    # pandas' EWMA starts from each athlete's first day's load x0; starting from 0 instead takes (1 − λ)^(t+1)·x0
    # off day t's mean
    pandas = load.groupby(by, sort=False).ewm(alpha=alpha, adjust=False).mean().to_numpy()
    first = load.groupby(by, sort=False).transform("first").to_numpy()
    level = pandas - (1 - alpha) ** (nth + 1) * first
    unknown = cal["load"].isna().to_numpy().astype(np.int64)
    seen = np.cumsum(unknown)
    at_start = pd.Series(seen - unknown).groupby(cal["athlete"].to_numpy(), sort=False).transform("first").to_numpy()
    lagged = np.where(nth >= CHRONIC_DAYS, np.roll(seen, CHRONIC_DAYS), at_start)
    return np.where(seen - lagged > 0, np.nan, level)
