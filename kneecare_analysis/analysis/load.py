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

from ._window import week_of

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


def weekly_load(runs: pd.DataFrame, *, week_start: str = "MON", span: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per athlete and calendar week from the athlete's first run to their last (or over ``span``, a frame
    indexed by athlete with the ``min`` and ``max`` week starts to cover too): ``athlete, week_start`` and
    :data:`LOAD_COLUMNS` (see the module for each)."""
    r = pd.DataFrame(
        {
            "athlete": runs["athlete"].astype(str),
            "date": pd.to_datetime(runs["date"]).dt.normalize(),
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
        km=("km", "sum"),
        minutes=("minutes", "sum"),
        load=("load", "sum"),
        unknown=("unknown", "any"),
        runs=("km", "size"),
    )
    daily["load"] = daily["load"].mask(daily.pop("unknown"))
    parts = [
        _athlete_weeks(
            name, days.droplevel(0), week_start, None if span is None or name not in span.index else span.loc[name]
        )
        for name, days in daily.groupby(level=0)
    ]
    return pd.concat(parts, ignore_index=True)[["athlete", "week_start", *LOAD_COLUMNS]]


def _athlete_weeks(athlete: str, days: pd.DataFrame, week_start: str, span) -> pd.DataFrame:
    """One athlete's days (indexed by date) as weeks, rest days filled in."""
    first = week_of(pd.Series([days.index.min()]), week_start).iloc[0]
    last = week_of(pd.Series([days.index.max()]), week_start).iloc[0]
    if span is not None:
        first, last = min(first, span["min"]), max(last, span["max"])
    last = last + pd.Timedelta(days=6)
    calendar = days.reindex(pd.date_range(first, last, freq="D"))
    calendar["runs"] = calendar["runs"].fillna(0)
    calendar[["km", "minutes"]] = calendar[["km", "minutes"]].fillna(0.0)
    calendar["load"] = calendar["load"].where(calendar["runs"] > 0, 0.0)  # a rest day's load is 0; unknown stays NaN
    week = week_of(pd.Series(calendar.index, index=calendar.index), week_start)
    grouped = calendar.groupby(week.to_numpy())
    load = grouped["load"].sum(min_count=7)  # NaN when a day's load is unknown
    mean, sd = load / 7, grouped["load"].std(ddof=1).where(load.notna())
    with np.errstate(divide="ignore", invalid="ignore"):
        monotony = (mean / sd).where(sd > 0)
    out = pd.DataFrame(
        {
            "athlete": athlete,
            "week_start": load.index,
            "run_km": grouped["km"].sum().to_numpy(),
            "run_count": grouped["runs"].sum().astype(int).to_numpy(),
            "run_minutes": grouped["minutes"].sum().to_numpy(),
            "srpe_load": load.to_numpy(),
            "monotony": monotony.to_numpy(),
        }
    )
    out["strain"] = out["srpe_load"] * out["monotony"]
    before = out["srpe_load"].shift(1).rolling(3, min_periods=3).mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["acwr_uncoupled"] = np.where(before > 0, out["srpe_load"] / before, np.nan)
    acute, chronic = (_ewma(calendar["load"], n) for n in EWMA_DAYS)
    warmed = calendar.index >= days.index.min() + pd.Timedelta(days=CHRONIC_DAYS - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (acute / chronic).where((chronic > 0) & warmed)
    out["acwr_ewma"] = ratio.groupby(week.to_numpy()).last().to_numpy()
    out["load_note"] = np.select(
        [out["srpe_load"].isna(), out["monotony"].isna() & out["srpe_load"].notna()],
        ["a run of this week has no RPE or no time: its load is not known", "the same load every day: no monotony"],
        "",
    )
    return out


def _ewma(load: pd.Series, days: int) -> pd.Series:
    """The exponentially weighted daily mean, λ = 2/(days + 1), starting from 0. A day whose load is unknown
    counts 0 in the running mean, and the mean is not given (NaN) while that day is within the last 28 days."""
    level = pd.concat([pd.Series([0.0]), load.fillna(0.0).reset_index(drop=True)], ignore_index=True)
    level = level.ewm(alpha=2 / (days + 1), adjust=False).mean().iloc[1:].to_numpy()
    unknown = load.isna().astype(float).rolling(CHRONIC_DAYS, min_periods=1).max().to_numpy() > 0
    return pd.Series(np.where(unknown, np.nan, level), index=load.index)
