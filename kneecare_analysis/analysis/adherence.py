"""Adherence day by day and week by week (design §4), with pain and running load per week.

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset("data/sample/runner")                 # doctest: +SKIP
>>> kc.weekly_summary(ds.log, ds.pain, ds.runs).head()          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..routine import DEFAULT_ROUTINE, Routine
from ._labels import join_labels
from ._window import amounts, calendar, week_of, windows
from .pain import baseline_pain, filter_context

BANDS = (0.80, 0.50)


def daily_adherence(
    log: pd.DataFrame,
    routine: Routine = DEFAULT_ROUTINE,
    *,
    start=None,
    end=None,
    pain: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per athlete and window day: ``dose``, ``dose_<drill>``, ``session_done``, ``session_complete``.

    A day without a log row is a missed day (dose 0). ``pain`` only extends the window to the last pain score.
    ``start``/``end`` are dates (or a mapping athlete → date; ``end="today"`` is allowed).
    """
    am = amounts(log, routine)
    return _daily(am, windows(log, pain, routine, start=start, end=end, am=am), routine)


def _daily(am: pd.DataFrame, win: pd.DataFrame, routine: Routine) -> pd.DataFrame:
    days = calendar(win)
    per_day = _day_doses(am, routine)
    out = days.merge(per_day, on=["athlete", "date"], how="left")
    dose_cols = [f"dose_{d}" for d in routine.ids]
    out[dose_cols] = out[dose_cols].fillna(0.0)
    out["dose"] = out[dose_cols].mean(axis=1)
    out["session_done"] = out["session_done"].fillna(False).astype(bool)
    out["session_complete"] = out["session_complete"].fillna(False).astype(bool)
    out["athlete"] = pd.Categorical(out["athlete"], categories=sorted(win.index))
    return out[["athlete", "date", "dose", *dose_cols, "session_done", "session_complete"]]


def _day_doses(am: pd.DataFrame, routine: Routine) -> pd.DataFrame:
    """Per athlete and day with any row: each drill's dose, whether any amount was done, and completeness.

    ``am`` has at most one row per athlete, day, drill and side, so a drill's dose is the sum of its sides'
    capped ratios divided by its number of sides (a missing side counts 0)."""
    drills = {d.id: d for d in routine.drills}
    drill = am["drill"]
    sides = drill.map({k: len(d.sides) for k, d in drills.items()}).astype(float)
    ratio = np.minimum(am["amount"] / drill.map({k: float(d.target) for k, d in drills.items()}), 1.0) / sides
    met = am["amount"] >= drill.map({k: float(d.minimum) for k, d in drills.items()})
    frame = pd.DataFrame({"athlete": am["athlete"], "date": am["date"], "drill": drill, "ratio": ratio, "met": met})
    per_drill = frame.groupby(["athlete", "date", "drill"], sort=False).agg(dose=("ratio", "sum"), met=("met", "sum"))
    wide = per_drill["dose"].unstack("drill", fill_value=0.0).reindex(columns=routine.ids, fill_value=0.0)
    wide.columns = [f"dose_{d}" for d in routine.ids]
    needed = [d.id for d in routine.drills if d.minimum > 0]
    drill_level = per_drill.index.get_level_values("drill")
    n_sides = drill_level.map({k: len(d.sides) for k, d in drills.items()})
    complete_drill = (per_drill["met"].to_numpy() >= n_sides.to_numpy()) & drill_level.isin(needed)
    complete = pd.Series(complete_drill, index=per_drill.index).groupby(level=["athlete", "date"]).sum()
    out = wide
    out["session_done"] = frame.groupby(["athlete", "date"], sort=False)["ratio"].max().reindex(out.index) > 0
    out["session_complete"] = complete.reindex(out.index).fillna(0).to_numpy() == len(needed)
    return out.reset_index()


def weekly_summary(
    log: pd.DataFrame,
    pain: pd.DataFrame | None = None,
    runs: pd.DataFrame | None = None,
    routine: Routine = DEFAULT_ROUTINE,
    *,
    week_start: str = "MON",
    start=None,
    end=None,
    pain_context: str | Iterable[str] | None = None,
    bands: tuple[float, float] = BANDS,
    adherent_at: float = 0.80,
    adherence_drop: float = 0.20,
    pain_limit: float = 5.0,
    pain_rise: float = 2.0,
    load_spike: float = 0.30,
) -> pd.DataFrame:
    """One row per athlete per calendar week holding a window day, with the columns of design §5.

    Besides the design's columns it adds ``pain_baseline`` and the coach flags of §4 (``flag_adherence_drop``,
    ``flag_pain_high``, ``flag_pain_rise``, ``flag_load_spike`` and a readable ``flags``); with ``runs``:
    ``run_km``, ``run_count``, ``run_km_change``. ``pain_context`` keeps only those pain contexts.
    """
    pain = filter_context(pain, pain_context)
    am = amounts(log, routine)
    win = windows(log, pain, routine, start=start, end=end, am=am)
    daily = _daily(am, win, routine)
    daily["week_start"] = week_of(daily["date"], week_start)
    dose_cols = [f"dose_{d}" for d in routine.ids]
    group = daily.groupby(["athlete", "week_start"], observed=True, sort=True)
    out = group.agg(
        days_in_window=("date", "size"),
        sessions_done=("session_done", "sum"),
        sessions_complete=("session_complete", "sum"),
        dose_sum=("dose", "sum"),
        **{f"{c}_sum": (c, "sum") for c in dose_cols},
    ).reset_index()
    prescribed = out["days_in_window"] * routine.sessions_per_week / 7.0
    out.insert(3, "prescribed", prescribed)
    first_week = out.groupby("athlete", observed=True)["week_start"].transform("min")
    out.insert(2, "program_week", ((out["week_start"] - first_week).dt.days // 7 + 1).astype(int))
    out["session_adherence"] = np.minimum(out["sessions_done"], prescribed) / prescribed
    out["dose_adherence"] = np.minimum(out["dose_sum"], prescribed) / prescribed
    for c in dose_cols:
        out[c] = np.minimum(out.pop(f"{c}_sum"), prescribed) / prescribed
    out = out.drop(columns="dose_sum")
    green, yellow = bands
    out["band"] = pd.Categorical(
        np.select([out["dose_adherence"] >= green, out["dose_adherence"] >= yellow], ["green", "yellow"], "red"),
        categories=["green", "yellow", "red"],
    )
    out["adherent"] = out["dose_adherence"] >= adherent_at
    out = _add_pain(out, pain, week_start)
    base = baseline_pain(log, pain, routine, win=win)
    out["pain_baseline"] = out["athlete"].astype(str).map(base["baseline"]).astype(float)
    if runs is not None:
        out = _add_runs(out, runs, week_start)
    out = _add_flags(
        out,
        adherence_drop=adherence_drop,
        pain_limit=pain_limit,
        pain_rise=pain_rise,
        load_spike=load_spike if runs is not None else None,
    )
    columns = [
        "athlete",
        "week_start",
        "program_week",
        "days_in_window",
        "prescribed",
        "sessions_done",
        "sessions_complete",
        "session_adherence",
        "dose_adherence",
        *dose_cols,
        "band",
        "adherent",
        "pain_mean",
        "pain_max",
        "pain_n",
    ]
    if runs is not None:
        columns += ["run_km", "run_count", "run_km_change"]
    rest = [c for c in out.columns if c not in columns]
    out = out[columns + rest]
    out["sessions_done"] = out["sessions_done"].astype(int)
    out["sessions_complete"] = out["sessions_complete"].astype(int)
    return out.reset_index(drop=True)


def _add_pain(out: pd.DataFrame, pain: pd.DataFrame | None, week_start: str) -> pd.DataFrame:
    if pain is None or not len(pain):
        return out.assign(pain_mean=np.nan, pain_max=np.nan, pain_n=0)
    p = pd.DataFrame(
        {
            "athlete": pain["athlete"].astype(str),
            "week_start": week_of(pain["date"], week_start),
            "pain": pd.to_numeric(pain["pain"], errors="coerce").astype(float),
        }
    )
    weekly = p.groupby(["athlete", "week_start"]).agg(
        pain_mean=("pain", "mean"), pain_max=("pain", "max"), pain_n=("pain", "count")
    )
    key = pd.MultiIndex.from_arrays([out["athlete"].astype(str), out["week_start"]])
    weekly = weekly.reindex(key)
    return out.assign(
        pain_mean=weekly["pain_mean"].to_numpy(),
        pain_max=weekly["pain_max"].to_numpy(),
        pain_n=weekly["pain_n"].fillna(0).astype(int).to_numpy(),
    )


def _add_runs(out: pd.DataFrame, runs: pd.DataFrame, week_start: str) -> pd.DataFrame:
    r = pd.DataFrame(
        {
            "athlete": runs["athlete"].astype(str),
            "week_start": week_of(runs["date"], week_start),
            "km": pd.to_numeric(runs["distance_km"], errors="coerce").astype(float),
        }
    )
    weekly = r.groupby(["athlete", "week_start"]).agg(run_km=("km", "sum"), run_count=("km", "size"))
    athletes = out["athlete"].astype(str)
    key = pd.MultiIndex.from_arrays([athletes, out["week_start"]])
    prev_key = pd.MultiIndex.from_arrays([athletes, out["week_start"] - pd.Timedelta(days=7)])
    this = weekly.reindex(key)
    prev_km = weekly["run_km"].reindex(prev_key).fillna(0.0).to_numpy()
    km = this["run_km"].fillna(0.0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(prev_km > 0, km / prev_km - 1.0, np.nan)
    return out.assign(run_km=km, run_count=this["run_count"].fillna(0).astype(int).to_numpy(), run_km_change=change)


def _add_flags(out: pd.DataFrame, *, adherence_drop, pain_limit, pain_rise, load_spike) -> pd.DataFrame:
    athletes = out["athlete"].astype(str)
    consecutive = out.groupby(athletes)["week_start"].diff() == pd.Timedelta(days=7)
    previous = out.groupby(athletes)["dose_adherence"].shift(1)
    out["flag_adherence_drop"] = consecutive & (previous - out["dose_adherence"] >= adherence_drop - 1e-12)
    out["flag_pain_high"] = out["pain_max"] > pain_limit
    out["flag_pain_rise"] = out["pain_mean"] >= out["pain_baseline"] + pain_rise
    out["flag_load_spike"] = (out["run_km_change"] > load_spike) if load_spike is not None else False
    texts = [
        (out["flag_adherence_drop"], f"adherence down ≥ {adherence_drop:.0%}"),
        (out["flag_pain_high"], f"pain over {pain_limit:g}/10"),
        (out["flag_pain_rise"], f"pain ≥ baseline + {pain_rise:g}"),
        (out["flag_load_spike"], f"running km up > {load_spike or 0:.0%}"),
    ]
    out["flags"] = join_labels(texts, out.index)
    return out
