"""Running load week by week: distance, minutes and session-RPE load (Foster 2001), monotony and strain, and
the acute:chronic workload ratio — descriptive only.

- **Session load** of a run: RPE (0–10) × minutes. A week's ``srpe_load`` is the sum over its runs; a week
  with one run whose RPE is missing takes the runner's median RPE (of the runs with one) for it and says so
  (``rpe_filled``, ``load_note``); a week with a run whose time is missing, or with two or more runs without
  RPE, has no load (NaN, never a guessed 0); a week without runs has load 0.
- **Monotony**: the mean daily load of the 7 days over their standard deviation (rest days count 0; the
  sample SD, as a spreadsheet's STDEV, ``ddof=1``), only for weeks of 3 runs or more (with one or two runs
  it measures the number of runs, not their spread: a one-run week is always 1/√7 = 0.378); NaN with
  ``load_note`` saying why. **Strain**: weekly load × monotony.
- **ACWR**, uncoupled: this week's load ÷ the mean weekly load of the three weeks before it. EWMA (Williams et
  al. 2017): daily exponentially weighted means with λ = 2/(N + 1), N = 7 (acute) and 28 (chronic) days,
  seeded (as the value of the day before the first run) with the mean daily load of the first 28 days, so
  that neither starts from 0; their ratio on the week's last day: not given before 28 days of runs, nor while
  a day of unknown load is within the last 28 days. The ratio's link to injury is contested (Impellizzeri
  2020; Lolli 2019): the kit shows it as a description of load, with no "sweet spot".

>>> runs = pd.DataFrame({"athlete": ["me", "me"], "date": pd.to_datetime(["2026-03-02", "2026-03-05"]),
...                      "distance_km": [6.0, 9.0], "duration_s": [1800.0, 2700.0], "rpe": [5.0, 7.0]})
>>> w = weekly_load(runs)
>>> w[["srpe_load", "run_minutes"]].values.tolist()
[[465.0, 75.0]]
>>> w["monotony"].isna().iloc[0], w["load_note"].iloc[0]
(np.True_, 'fewer than 3 runs: no monotony')
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
    "rpe_filled",
    "load_note",
]
MIN_RUNS_MONOTONY = 3


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
    r["week"] = week_of(r["date"], week_starts_on)
    r["filled"] = _one_missing_rpe(r)
    r["rpe"] = r["rpe"].where(~r["filled"], r.groupby("athlete")["rpe"].transform("median"))
    r["load"] = r["rpe"] * r["minutes"]
    r["unknown"] = r["load"].isna()
    filled = r.groupby(["athlete", "week"])["filled"].sum()
    daily = r.groupby(["athlete", "date"]).agg(
        km=("km", "sum"),
        minutes=("minutes", "sum"),
        load=("load", "sum"),
        unknown=("unknown", "any"),
        runs=("km", "size"),
    )
    daily["load"] = daily["load"].mask(daily.pop("unknown"))
    cal = _calendar(daily, week_starts_on, span)
    cal["week"] = week_of(cal["date"], week_starts_on)
    weeks = cal.groupby(["athlete", "week"], sort=False)
    load = weeks["load"].sum(min_count=7)  # a week's 7 days: NaN when a day's load is unknown
    sd = weeks["load"].std(ddof=1).where(load.notna())
    count = weeks["runs"].sum().astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        monotony = (load / 7 / sd).where((sd > 0) & (count >= MIN_RUNS_MONOTONY))
    out = pd.DataFrame(
        {
            "run_km": weeks["km"].sum(),
            "run_count": count,
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
    out["rpe_filled"] = filled.reindex(out.index).fillna(0).astype(int).to_numpy()
    unknown = out["srpe_load"].isna()
    few = ~unknown & (out["run_count"] < MIN_RUNS_MONOTONY)
    notes = np.select(
        [unknown, few, out["monotony"].isna() & ~unknown],
        [
            "a run of this week has no time, or two or more have no RPE: its load is not known",
            f"fewer than {MIN_RUNS_MONOTONY} runs: no monotony",
            "the same load every day: no monotony",
        ],
        "",
    )
    filled_note = np.where(out["rpe_filled"] > 0, "one run's RPE is the runner's median (not logged)", "")
    out["load_note"] = ["; ".join(n for n in pair if n) for pair in zip(filled_note, notes, strict=True)]
    out = out.reset_index().rename(columns={"week": "week_start"})
    return out[["athlete", "week_start", *LOAD_COLUMNS]]


def _one_missing_rpe(r: pd.DataFrame) -> pd.Series:
    """The runs whose RPE is to be filled: the only run of its athlete's week with no RPE (and a time), when the
    athlete logged RPE on other runs."""
    missing = r["rpe"].isna() & r["minutes"].notna()
    per_week = missing.groupby([r["athlete"], r["week"]]).transform("sum")
    known = r["rpe"].notna().groupby(r["athlete"]).transform("sum")
    return missing & (per_week == 1) & (known > 0)


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
    """The exponentially weighted daily mean of each athlete's load, λ = 2/(days + 1), seeded with the mean
    daily load of the first 28 days from the first run (the known days') as the value of the day before it.
    A day whose load is unknown counts 0 in the running mean, and the mean is not given (NaN) while that day is
    within the last 28 days."""
    alpha = 2 / (days + 1)
    load = cal["load"].fillna(0.0)
    by = cal["athlete"].to_numpy()
    nth = cal.groupby("athlete", sort=False).cumcount().to_numpy()
    # pandas' EWMA starts from each athlete's first day's load x0; starting from 0 instead takes (1 − λ)^(t+1)·x0
    # off day t's mean; the seed s, as the value of the day before the first run, adds (1 − λ)^(d+1)·s on the
    # d-th day from it (the days before the first run have load 0 and are not shown)
    pandas = load.groupby(by, sort=False).ewm(alpha=alpha, adjust=False).mean().to_numpy()
    first = load.groupby(by, sort=False).transform("first").to_numpy()
    since = ((cal["date"] - cal["first_run"]).dt.days).to_numpy()
    early = cal["load"].where((since >= 0) & (since < CHRONIC_DAYS))
    seed = early.groupby(by, sort=False).transform("mean").fillna(0.0).to_numpy()
    level = pandas - (1 - alpha) ** (nth + 1) * first + np.where(since >= 0, (1 - alpha) ** (since + 1.0), 0.0) * seed
    unknown = cal["load"].isna().to_numpy().astype(np.int64)
    seen = np.cumsum(unknown)
    at_start = pd.Series(seen - unknown).groupby(cal["athlete"].to_numpy(), sort=False).transform("first").to_numpy()
    lagged = np.where(nth >= CHRONIC_DAYS, np.roll(seen, CHRONIC_DAYS), at_start)
    return np.where(seen - lagged > 0, np.nan, level)
