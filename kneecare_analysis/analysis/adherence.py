"""Adherence day by day and week by week, with pain and running load per week (the definitions:
``docs/architecture.md``, "What the numbers mean").

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
>>> len(kc.weekly_summary(ds.log, pain=ds.pain, routine=ds.routine))
13
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..routine import DEFAULT_ROUTINE, Routine
from .calendar import amounts, week_of, window_days, windows
from .inputs import PAIN_LOG, ROUTINE_LOG, RUNS, check_bands, check_frame, check_number, check_week_start
from .labels import join_labels
from .load import LOAD_COLUMNS, weekly_load
from .pain import baseline_pain, filter_context, window_of
from .tolerance import red_runs_close, run_tolerance

BANDS = (0.80, 0.50)


def daily_adherence(
    log: pd.DataFrame,
    *,
    routine: Routine = DEFAULT_ROUTINE,
    pain: pd.DataFrame | None = None,
    start=None,
    end=None,
) -> pd.DataFrame:
    """Each athlete's window, day by day: how much of the prescribed routine was done.

    A day without a log row is a missed day (dose 0). The window runs from an athlete's first log to the data
    set's last date (``docs/architecture.md``, "The window").

    Parameters
    ----------
    log : DataFrame
        A routine log (:func:`kneecare_analysis.load_routine_log`).
    routine : Routine
        The prescription doses are measured against; :meth:`Dataset.daily_adherence` uses the folder's own.
    pain : DataFrame, optional
        Pain scores: they only extend the window to the last score.
    start, end : date, mapping of athlete to date, or "today", optional
        Where the window starts and ends instead.

    Returns
    -------
    DataFrame
        ``athlete`` (categorical), ``date``, ``dose`` (0–1: the mean over the drills of what was done ÷ the
        target, each capped at 1), ``dose_<drill>`` (the same per drill), ``session_done`` (any drill logged),
        ``session_complete`` (every drill at least at its minimum).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> days = kc.daily_adherence(ds.log, routine=ds.routine, pain=ds.pain)
    >>> days[["date", "dose", "session_done", "session_complete"]].head(3).round({"dose": 2})
            date  dose  session_done  session_complete
    0 2026-03-04  1.00          True              True
    1 2026-03-05  0.90          True             False
    2 2026-03-06  0.98          True              True
    """
    check_frame(log, ROUTINE_LOG, by="daily_adherence")
    if pain is not None:
        check_frame(pain, PAIN_LOG, by="daily_adherence", columns=["athlete", "date"])
    am = amounts(log, routine)
    return _daily(am, windows(log, pain, routine, start=start, end=end, am=am), routine)


def _daily(am: pd.DataFrame, win: pd.DataFrame, routine: Routine) -> pd.DataFrame:
    """Every window day of every athlete with its doses: a day without a row is looked up as missed (0)."""
    days = window_days(win)
    per_day = _day_doses(am, routine)
    dose_cols = [f"dose_{d}" for d in routine.ids]
    names = per_day["athlete"].cat.categories
    known = pd.Index(_day_key(np.asarray(per_day["athlete"].cat.codes, dtype=np.int64), per_day["date"]))
    athlete_code = np.asarray(pd.Index(names).get_indexer(days["athlete"].astype(str)), dtype=np.int64)
    found = np.where(athlete_code >= 0, known.get_indexer(_day_key(athlete_code, days["date"])), -1)
    hit = found >= 0
    where = np.where(hit, found, 0)
    out = days

    def looked_up(column: str, missed) -> np.ndarray:  # a day without a row is missed (no row at all: every day)
        values = per_day[column].to_numpy()
        return np.where(hit, values[where], missed) if len(values) else np.full(len(days), missed)

    for column in dose_cols:
        out[column] = looked_up(column, 0.0)
    out["dose"] = out[dose_cols].to_numpy().mean(axis=1)
    out["session_done"] = hit & looked_up("session_done", False)
    out["session_complete"] = hit & looked_up("session_complete", False)
    out["athlete"] = pd.Categorical(out["athlete"], categories=sorted(win.index))
    return out[["athlete", "date", "dose", *dose_cols, "session_done", "session_complete"]]


DAY_SPAN = 1 << 20  # days since 1970 fit below this until the year 4840


def _day_key(athlete_codes: np.ndarray, dates: pd.Series) -> np.ndarray:
    """One integer per athlete and day, for fast grouping and lookups."""
    return athlete_codes * DAY_SPAN + dates.to_numpy(dtype="datetime64[D]").astype(np.int64)


def _day_doses(am: pd.DataFrame, routine: Routine) -> pd.DataFrame:
    """Per athlete and day with any row: each drill's dose, whether any amount was done, and completeness.

    ``am`` has at most one row per athlete, day, drill and side, so a drill's dose is the sum of its sides'
    capped ratios divided by its number of sides (a missing side counts 0)."""
    drills = routine.drills
    k = len(drills)
    drill = np.asarray(am["drill"].cat.codes, dtype=np.int64)
    target = np.array([float(d.target) for d in drills])[drill]
    minimum = np.array([float(d.minimum) for d in drills])[drill]
    n_sides = np.array([len(d.sides) for d in drills], dtype=float)
    amount = am["amount"].to_numpy(dtype=float)
    ratio = np.minimum(amount / target, 1.0) / n_sides[drill]
    met = amount >= minimum
    day_keys = _day_key(np.asarray(am["athlete"].cat.codes, dtype=np.int64), am["date"])
    day_codes, day_keys = pd.factorize(day_keys, sort=True)
    n = len(day_keys)
    cell = day_codes * k + drill
    dose = np.bincount(cell, weights=ratio, minlength=n * k).reshape(n, k)
    met_sides = np.bincount(cell, weights=met, minlength=n * k).reshape(n, k)
    needed = np.array([d.minimum > 0 for d in drills])
    complete = (met_sides[:, needed] >= n_sides[needed]).all(axis=1)
    done = np.bincount(day_codes, weights=amount > 0, minlength=n) > 0
    out = pd.DataFrame(
        {
            "athlete": pd.Categorical.from_codes(day_keys // DAY_SPAN, categories=am["athlete"].cat.categories),
            "date": (day_keys % DAY_SPAN).astype("datetime64[D]").astype("datetime64[ns]"),
        }
    )
    for j, d in enumerate(drills):
        out[f"dose_{d.id}"] = dose[:, j]
    out["session_done"] = done
    out["session_complete"] = complete
    return out


def weekly_summary(
    log: pd.DataFrame,
    *,
    pain: pd.DataFrame | None = None,
    runs: pd.DataFrame | None = None,
    routine: Routine = DEFAULT_ROUTINE,
    week_starts_on: str = "MON",
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
    """One row per athlete and calendar week of the window: routine done, pain, running load and the coach's
    flags.

    Parameters
    ----------
    log : DataFrame
        A routine log (:func:`kneecare_analysis.load_routine_log`).
    pain : DataFrame, optional
        Pain scores (:func:`kneecare_analysis.load_pain_log`).
    runs : DataFrame, optional
        Runs (:func:`kneecare_analysis.load_runs`): adds the running columns.
    routine : Routine
        The prescription; :meth:`Dataset.weekly_summary` uses the folder's own ``routine.toml``.
    week_starts_on : str
        The weekday a week starts on (``"MON"`` … ``"SUN"``); the ``week_start`` column holds each week's date.
    start, end : optional
        Where the windows start and end instead (as :func:`daily_adherence`).
    pain_context : str or list of str, optional
        Only these pain contexts count in the pain columns; the window, and so every routine figure, stays the
        same whichever scores are shown.
    bands : (float, float)
        The lower edges of green and yellow (0.80, 0.50).
    adherent_at : float
        The dose adherence at which a week counts as adherent.
    adherence_drop, pain_limit, pain_rise, load_spike : float
        The thresholds of the flags: adherence down by 0.20 on the week before, pain over 5/10, pain 2 points
        over baseline, running km up more than 30 %.

    Returns
    -------
    DataFrame
        ``athlete``, ``week_start`` (the first day of the week), ``program_week`` (1 = the athlete's first),
        ``days_in_window``, ``prescribed`` (sessions prescribed for those days), ``sessions_done``,
        ``sessions_complete``, ``session_adherence`` (complete ÷ prescribed, capped at 1), ``dose_adherence``
        (the week's doses ÷ prescribed, capped at 1), ``adherence_<drill>`` (the same per drill), ``band``
        (green/yellow/red), ``adherent``, ``pain_mean``, ``pain_max``, ``pain_n`` (the week's scores dated
        inside the window), ``pain_baseline`` (:func:`baseline_pain`: NaN below 5 scores);
        with ``runs``: ``run_km``, ``run_count``, ``run_km_change``, ``run_minutes``, ``srpe_load``,
        ``monotony``, ``strain``, ``acwr_uncoupled``, ``acwr_ewma``, ``rpe_filled``, ``load_note``
        (:func:`kneecare_analysis.analysis.load.weekly_load`) and ``red_runs`` (the week's red run days,
        :func:`run_tolerance`); then the flags ``flag_red_runs`` (two red runs within 7 days, with runs),
        ``flag_adherence_drop``, ``flag_pain_high``, ``flag_pain_rise``, ``flag_load_spike`` and ``flags``
        (the same in words).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> weeks = kc.weekly_summary(ds.log, pain=ds.pain, runs=ds.runs, routine=ds.routine)
    >>> weeks[["week_start", "sessions_done", "dose_adherence", "band", "pain_mean", "run_km"]].head(3).round(
    ...     {"dose_adherence": 2, "pain_mean": 2, "run_km": 1}
    ... )
      week_start  sessions_done  dose_adherence   band  pain_mean  run_km
    0 2026-03-02              5            0.97  green        4.5    40.4
    1 2026-03-09              6            0.81  green        3.1    42.0
    2 2026-03-16              7            0.92  green        2.0    12.4
    """
    _check_weekly_inputs(log, pain, runs, pain_context=pain_context)
    check_week_start(week_starts_on, by="weekly_summary")
    bands = check_bands(bands, by="weekly_summary")
    for name, value in (("adherent_at", adherent_at), ("adherence_drop", adherence_drop)):
        check_number(value, by="weekly_summary", name=name, low=0, high=1)
    check_number(pain_limit, by="weekly_summary", name="pain_limit", low=0, high=10)
    check_number(pain_rise, by="weekly_summary", name="pain_rise", low=0, high=10)
    check_number(load_spike, by="weekly_summary", name="load_spike", low=0)
    am = amounts(log, routine)
    win = window_of(log, pain, routine, start=start, end=end, runs=runs, am=am)
    pain = filter_context(pain, pain_context)
    daily = _daily(am, win, routine)
    daily["week_start"] = week_of(daily["date"], week_starts_on)
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
    drill_cols = [f"adherence_{d}" for d in routine.ids]  # a week's share of each drill
    for c, drill in zip(dose_cols, drill_cols, strict=True):
        out[drill] = np.minimum(out.pop(f"{c}_sum"), prescribed) / prescribed
    out = out.drop(columns="dose_sum")
    green, yellow = bands
    out["band"] = pd.Categorical(
        np.select([out["dose_adherence"] >= green, out["dose_adherence"] >= yellow], ["green", "yellow"], "red"),
        categories=["green", "yellow", "red"],
    )
    out["adherent"] = out["dose_adherence"] >= adherent_at
    out = _add_pain(out, pain, week_starts_on, win)
    base = baseline_pain(log, pain=pain, routine=routine, win=win)
    out["pain_baseline"] = out["athlete"].astype(str).map(base["baseline"]).astype(float)
    if runs is not None:
        out = _add_runs(out, runs, week_starts_on)
        out["red_runs"], out["flag_red_runs"] = _red_runs(out, runs, pain, week_starts_on)
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
        *drill_cols,
        "band",
        "adherent",
        "pain_mean",
        "pain_max",
        "pain_n",
    ]
    if runs is not None:
        columns += ["run_km", "run_count", "run_km_change", "run_minutes", "srpe_load", "monotony", "strain"]
        columns += ["acwr_uncoupled", "acwr_ewma", "rpe_filled", "load_note", "red_runs"]
    rest = [c for c in out.columns if c not in columns]
    out = out[columns + rest]
    out["sessions_done"] = out["sessions_done"].astype(int)
    out["sessions_complete"] = out["sessions_complete"].astype(int)
    if len(log) == 0:  # no routine log: the weeks of pain and running, the routine's columns unknown (not 0 %)
        routine_columns = ["prescribed", "sessions_done", "sessions_complete", "session_adherence"]
        routine_columns += ["dose_adherence", *drill_cols, "adherent"]
        out[routine_columns] = np.nan
        out["band"] = pd.Categorical([None] * len(out), categories=["green", "yellow", "red"])
    return out.reset_index(drop=True)


def _check_weekly_inputs(log, pain, runs, *, pain_context) -> None:
    """The frames :func:`weekly_summary` reads, with the columns it reads of each."""
    check_frame(log, ROUTINE_LOG, by="weekly_summary")
    if pain is not None:
        needed = ["athlete", "date", "pain"] + (["context"] if pain_context is not None or runs is not None else [])
        check_frame(pain, PAIN_LOG, by="weekly_summary", columns=needed)
    if runs is not None:
        check_frame(runs, RUNS, by="weekly_summary")


def _add_pain(out: pd.DataFrame, pain: pd.DataFrame | None, week_start: str, win: pd.DataFrame) -> pd.DataFrame:
    """Each summary week's pain, from the scores dated inside the athlete's window only (a first week that
    starts before the window leaves out the days before it: they are the baseline's)."""
    if pain is None or not len(pain):
        return out.assign(pain_mean=np.nan, pain_max=np.nan, pain_n=0)
    athletes = pain["athlete"].astype(str)
    lo = win["start"].reindex(athletes.to_numpy()).to_numpy()
    hi = win["end"].reindex(athletes.to_numpy()).to_numpy()
    inside = (pain["date"].to_numpy() >= lo) & (pain["date"].to_numpy() <= hi)
    p = pd.DataFrame(
        {
            "athlete": athletes[inside],
            "week_start": week_of(pain["date"][inside], week_start),
            "pain": pd.to_numeric(pain["pain"][inside], errors="coerce").astype(float),
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
    """Each summary week's running: km, runs, minutes, session-RPE load and what follows from it
    (:mod:`.load`), and ``run_km_change`` against the week before."""
    span = out.groupby(out["athlete"].astype(str))["week_start"].agg(["min", "max"])
    weekly = weekly_load(runs, week_starts_on=week_start, span=span).set_index(["athlete", "week_start"])
    athletes = out["athlete"].astype(str)
    key = pd.MultiIndex.from_arrays([athletes, out["week_start"]])
    prev_key = pd.MultiIndex.from_arrays([athletes, out["week_start"] - pd.Timedelta(days=7)])
    this = weekly.reindex(key)
    prev_km = weekly["run_km"].reindex(prev_key).fillna(0.0).to_numpy()
    km = this["run_km"].fillna(0.0).to_numpy()
    km = np.where(_km_unknown(runs, key, week_start), np.nan, km)  # runs but no distance: unknown, not 0 km
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(prev_km > 0, km / prev_km - 1.0, np.nan)
    columns = {c: this[c].to_numpy() for c in LOAD_COLUMNS if c not in ("run_km", "run_count")}
    columns["load_note"] = this["load_note"].fillna("").to_numpy()
    columns["rpe_filled"] = this["rpe_filled"].fillna(0).astype(int).to_numpy()
    return out.assign(
        run_km=km, run_count=this["run_count"].fillna(0).astype(int).to_numpy(), run_km_change=change, **columns
    )


def _km_unknown(runs: pd.DataFrame, key: pd.MultiIndex, week_start: str) -> np.ndarray:
    """For each (athlete, week) of ``key``: whether the week has runs and none of them with a distance."""
    if "distance_km" not in runs or not len(runs):
        return np.zeros(len(key), dtype=bool)
    known = pd.to_numeric(runs["distance_km"], errors="coerce").notna()
    weeks = pd.DataFrame(
        {"athlete": runs["athlete"].astype(str), "week_start": week_of(runs["date"], week_start), "known": known}
    )
    per_week = weeks.groupby(["athlete", "week_start"])["known"].agg(["size", "sum"]).reindex(key)
    return (per_week["size"].fillna(0).to_numpy() > 0) & (per_week["sum"].fillna(0).to_numpy() == 0)


def _red_runs(out: pd.DataFrame, runs: pd.DataFrame, pain: pd.DataFrame | None, week_start: str):
    """Each week's red runs (:mod:`.tolerance`), and whether one of them came within 7 days of another."""
    zero = np.zeros(len(out), dtype=int)
    if pain is None or pain.empty:
        return zero, np.zeros(len(out), dtype=bool)
    lights = run_tolerance(runs, pain=pain)
    key = pd.MultiIndex.from_arrays([out["athlete"].astype(str), out["week_start"]])
    red = lights[lights["light"] == "red"]
    count = red.groupby([red["athlete"], week_of(red["date"], week_start)]).size()
    close = red_runs_close(lights)
    close_weeks = pd.MultiIndex.from_arrays([close["athlete"], week_of(close["date"], week_start)])
    return count.reindex(key).fillna(0).astype(int).to_numpy(), key.isin(close_weeks)


def _add_flags(out: pd.DataFrame, *, adherence_drop, pain_limit, pain_rise, load_spike) -> pd.DataFrame:
    athletes = out["athlete"].astype(str)
    consecutive = out.groupby(athletes)["week_start"].diff() == pd.Timedelta(days=7)
    previous = out.groupby(athletes)["dose_adherence"].shift(1)
    out["flag_adherence_drop"] = consecutive & (previous - out["dose_adherence"] >= adherence_drop - 1e-12)
    out["flag_pain_high"] = out["pain_max"] > pain_limit
    out["flag_pain_rise"] = out["pain_mean"] >= out["pain_baseline"] + pain_rise
    out["flag_load_spike"] = (out["run_km_change"] > load_spike) if load_spike is not None else False
    out["flag_red_runs"] = out["flag_red_runs"].astype(bool) if "flag_red_runs" in out else False
    texts = [
        (out["flag_adherence_drop"], f"adherence down ≥ {adherence_drop:.0%}"),
        (out["flag_pain_high"], f"pain over {pain_limit:g}/10"),
        (out["flag_pain_rise"], f"pain ≥ baseline + {pain_rise:g}"),
        (out["flag_load_spike"], f"running km up > {load_spike or 0:.0%}"),
        (out["flag_red_runs"], "two red runs within 7 days"),
    ]
    out["flags"] = join_labels(texts, out.index)
    return out
