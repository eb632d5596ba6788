"""Whether running is tolerated, run by run: the pain-monitoring traffic light (Silbernagel et al. 2007; the
patellofemoral pain guidance summarised in ``docs/architecture.md``).

For each day with a run: the highest pain during it and after it (contexts ``during_run`` and ``after_run``: a
score before or after the routine, ``before_routine`` or ``after_routine``, is not pain with the run), and the
next morning's score (context ``morning`` of the day after, which the walkthrough asks for when it opens the day
after a run) against the morning's before it (that day's, else the latest of the 3 days before). A light is
given only to a run with all three (pain with the run, a morning before, the next morning), so that red, yellow
and green are shares of the same runs:

- **green**: pain during and after the run at most 2/10, and settled by the next morning;
- **yellow**: at most 5/10, and settled by the next morning;
- **red**: over 5/10, or not settled: the next morning up by more than ``settle_tolerance`` points (1) on
  the morning before;
- **unknown**: a score needed is missing (the ``reason`` says which, and names pain over 5/10 when there was).

Why one point of tolerance: scores are whole points, and a knee that never changes moves one point from one
morning to the next about a third of the time. On simulated stable knees (level 1.5–3.5, noise SD 0.8, whole
points; ``tests/test_tolerance.py``), "the next morning higher at all" is red on 33 % of runs; "up by 2 or more"
on 10 %, and it still catches 67 % of one-morning flares of +2 points and 90 % of +3. A mean of 3 mornings
each side does worse at both (up by > 0.5: 23 % of stable runs and 60 % of +2 flares; by > 1: 6 % and 25 %)
and would hold the light back 2 more days.

>>> runs = pd.DataFrame({"athlete": "me", "date": pd.to_datetime(["2026-03-03"])})
>>> pain = pd.DataFrame({"athlete": "me", "date": pd.to_datetime(["2026-03-03", "2026-03-03", "2026-03-04"]),
...                      "pain": [2.0, 4.0, 2.0], "context": ["morning", "after_run", "morning"]})
>>> run_tolerance(runs, pain=pain)[["light", "reason"]].values.tolist()
[['yellow', 'pain 4 after the run, settled by the next morning']]
>>> pain.loc[2, "pain"] = 3.0  # one point up on the morning before: within the noise of whole scores
>>> run_tolerance(runs, pain=pain)["light"].tolist()
['yellow']
>>> pain.loc[1, "context"] = "after_routine"  # the same score after the routine: no pain with the run is known
>>> run_tolerance(runs, pain=pain)[["light", "reason"]].values.tolist()
[['unknown', 'no pain score during or after the run']]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .inputs import PAIN_LOG, RUNS, check_frame, check_number

LIGHTS = ["green", "yellow", "red", "unknown"]
GREEN_MAX, YELLOW_MAX = 2.0, 5.0
MORNING_LOOKBACK_DAYS = 3
SETTLE_TOLERANCE = 1
COLUMNS = ["athlete", "date", "pain_during", "pain_after", "morning_before", "morning_after", "light", "reason"]


def run_tolerance(
    runs: pd.DataFrame, *, pain: pd.DataFrame, settle_tolerance: float = SETTLE_TOLERANCE
) -> pd.DataFrame:
    """The traffic light of every run day: was the run tolerated, by the pain with it and the next morning?

    Parameters
    ----------
    runs : DataFrame
        Runs (:func:`kneecare_analysis.load_runs`).
    pain : DataFrame
        Pain scores (:func:`kneecare_analysis.load_pain_log`).
    settle_tolerance : float
        How many points the next morning may be up on the morning before and still count as settled (1: one
        point of whole-score noise; 0 for "no higher").

    Returns
    -------
    DataFrame
        One row per athlete and run day: ``athlete``, ``date``, ``pain_during``, ``pain_after`` (the day's
        highest scores in those contexts), ``morning_before``, ``morning_after`` (the mean morning scores
        compared), ``light`` (``green``, ``yellow``, ``red`` or ``unknown``: only runs with all three scores
        have a colour) and ``reason`` in words.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> kc.run_tolerance(ds.runs, pain=ds.pain)["light"].value_counts().sort_index()
    light
    green       3
    yellow     15
    red         4
    unknown    36
    Name: count, dtype: int64
    """
    check_frame(runs, RUNS, by="run_tolerance", columns=["athlete", "date"])
    check_frame(pain, PAIN_LOG, by="run_tolerance")
    check_number(settle_tolerance, by="run_tolerance", name="settle_tolerance", low=0, high=10)
    days = pd.DataFrame(
        {
            "athlete": runs["athlete"].astype(str),
            "date": pd.to_datetime(runs["date"]).dt.normalize().astype("datetime64[ns]"),
        }
    ).drop_duplicates(ignore_index=True)
    if days.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    p = pd.DataFrame(
        {
            "athlete": pain["athlete"].astype(str).to_numpy(),
            "date": pd.to_datetime(pain["date"]).dt.normalize().astype("datetime64[ns]").to_numpy(),
            "context": pain["context"].astype(str).to_numpy(),
            "pain": pd.to_numeric(pain["pain"], errors="coerce").astype(float).to_numpy(),
        }
    ).dropna(subset=["pain"])
    key = ["athlete", "date"]
    for context, name in (("during_run", "pain_during"), ("after_run", "pain_after")):
        worst = p[p["context"] == context].groupby(key)["pain"].max().rename(name)
        days = days.join(worst, on=key)
    mornings = p[p["context"] == "morning"].groupby(key)["pain"].mean().rename("morning").reset_index()
    mornings = mornings.astype({"athlete": days["athlete"].dtype})  # no scores at all: the same key type
    mornings = mornings.sort_values("date")
    days = days.sort_values("date")
    lookback = pd.Timedelta(days=MORNING_LOOKBACK_DAYS)
    before = pd.merge_asof(days, mornings, on="date", by="athlete", direction="backward", tolerance=lookback)
    before = before["morning"]
    days["morning_before"] = before.to_numpy()
    nxt = mornings.assign(date=mornings["date"] - pd.Timedelta(days=1)).set_index(key)["morning"]
    days = days.join(nxt.rename("morning_after"), on=key)
    days = days.sort_values(key, ignore_index=True)
    light, reason = _lights(days, settle_tolerance)
    days["light"] = pd.Categorical(light, categories=LIGHTS)
    days["reason"] = reason
    return days[COLUMNS]


def _lights(d: pd.DataFrame, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    during, after = d["pain_during"].to_numpy(float), d["pain_after"].to_numpy(float)
    before, nxt = d["morning_before"].to_numpy(float), d["morning_after"].to_numpy(float)
    worst = np.fmax(during, after)  # NaN only when neither is known
    complete = ~np.isnan(worst) & ~np.isnan(before) & ~np.isnan(nxt)
    over = complete & (worst > YELLOW_MAX)
    higher = complete & (nxt > before + tolerance + 1e-9)
    red = over | higher
    green = complete & ~red & (worst <= GREEN_MAX)
    yellow = complete & ~red & ~green
    light = np.select([red, green, yellow], ["red", "green", "yellow"], "unknown")
    which = np.where(np.isnan(during) | (after > during), "after", "during")
    reason = [
        _reason(w, wh, b, n, is_red=r, is_over=o, is_higher=h)
        for w, wh, b, n, r, o, h in zip(worst, which, before, nxt, red, over, higher, strict=True)
    ]
    return light, np.array(reason, dtype=object)


def _reason(worst, which, before, nxt, *, is_red, is_over, is_higher) -> str:
    pain = f"pain {worst:g} {which} the run" if not np.isnan(worst) else ""
    if is_red:
        parts = [f"{pain} (over {YELLOW_MAX:g})"] if is_over else []
        parts += [f"next morning {nxt:g}, up from {before:g}"] if is_higher else []
        return "; ".join(parts)
    if not np.isnan(worst) and not np.isnan(before) and not np.isnan(nxt):
        return f"{pain}, settled by the next morning"
    if np.isnan(worst):
        return "no pain score during or after the run"
    if worst > YELLOW_MAX:
        pain += f" (over {YELLOW_MAX:g})"
    if np.isnan(nxt):
        return f"{pain}; no morning score the day after, to tell whether it settled"
    return f"{pain}; no morning score before the run to compare the next one with"


def red_runs_close(tolerance: pd.DataFrame, *, days: int = 7) -> pd.DataFrame:
    """The red runs that follow another red run of the same athlete within ``days`` days: ``athlete, date``
    (for the coach flag "two red runs within 7 days")."""
    red = tolerance[tolerance["light"] == "red"].sort_values(["athlete", "date"])
    gap = red.groupby("athlete")["date"].diff()
    return red.loc[gap < pd.Timedelta(days=days), ["athlete", "date"]].reset_index(drop=True)
