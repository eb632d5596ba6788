"""Whether running is tolerated, run by run: the pain-monitoring traffic light (Silbernagel et al. 2007; the
patellofemoral pain guidance summarised in ``docs/architecture.md``).

For each day with a run: the highest pain during it and after it, and the next morning's score against the
morning's before it (that day's, else the latest of the 3 days before):

- **green**: pain during and after the run at most 2/10, and the next morning no higher;
- **yellow**: at most 5/10, and settled by the next morning (no higher than the morning before);
- **red**: over 5/10, or the next morning higher than the morning before;
- **unknown**: the scores needed are missing (the ``reason`` says which).

>>> runs = pd.DataFrame({"athlete": "me", "date": pd.to_datetime(["2026-03-03"])})
>>> pain = pd.DataFrame({"athlete": "me", "date": pd.to_datetime(["2026-03-03", "2026-03-03", "2026-03-04"]),
...                      "pain": [2.0, 4.0, 2.0], "context": ["morning", "after_run", "morning"]})
>>> run_tolerance(runs, pain=pain)[["light", "reason"]].values.tolist()
[['yellow', 'pain 4 after the run, settled by the next morning']]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .inputs import PAIN_LOG, RUNS, check_frame

LIGHTS = ["green", "yellow", "red", "unknown"]
GREEN_MAX, YELLOW_MAX = 2.0, 5.0
MORNING_LOOKBACK_DAYS = 3
COLUMNS = ["athlete", "date", "pain_during", "pain_after", "morning_before", "morning_after", "light", "reason"]


def run_tolerance(runs: pd.DataFrame, *, pain: pd.DataFrame) -> pd.DataFrame:
    """The traffic light of every run day: was the run tolerated, by the pain with it and the next morning?

    Parameters
    ----------
    runs : DataFrame
        Runs (:func:`kneecare_analysis.load_runs`).
    pain : DataFrame
        Pain scores (:func:`kneecare_analysis.load_pain_log`).

    Returns
    -------
    DataFrame
        One row per athlete and run day: ``athlete``, ``date``, ``pain_during``, ``pain_after`` (the day's
        highest scores in those contexts), ``morning_before``, ``morning_after`` (the mean morning scores
        compared), ``light`` (``green``, ``yellow``, ``red`` or ``unknown``) and ``reason`` in words.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> kc.run_tolerance(ds.runs, pain=ds.pain)["light"].value_counts().sort_index()
    light
    green       2
    yellow     13
    red        12
    unknown    31
    Name: count, dtype: int64
    """
    check_frame(runs, RUNS, by="run_tolerance", columns=["athlete", "date"])
    check_frame(pain, PAIN_LOG, by="run_tolerance")
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
    mornings = mornings.sort_values("date")
    days = days.sort_values("date")
    before = pd.merge_asof(
        days, mornings, on="date", by="athlete", direction="backward",
        tolerance=pd.Timedelta(days=MORNING_LOOKBACK_DAYS),
    )["morning"]  # fmt: skip
    days["morning_before"] = before.to_numpy()
    nxt = mornings.assign(date=mornings["date"] - pd.Timedelta(days=1)).set_index(key)["morning"]
    days = days.join(nxt.rename("morning_after"), on=key)
    days = days.sort_values(key, ignore_index=True)
    light, reason = _lights(days)
    days["light"] = pd.Categorical(light, categories=LIGHTS)
    days["reason"] = reason
    return days[COLUMNS]


def _lights(d: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    during, after = d["pain_during"].to_numpy(float), d["pain_after"].to_numpy(float)
    before, nxt = d["morning_before"].to_numpy(float), d["morning_after"].to_numpy(float)
    worst = np.fmax(during, after)  # NaN only when neither is known
    known = ~np.isnan(worst)
    settled_known = ~np.isnan(before) & ~np.isnan(nxt)
    higher = settled_known & (nxt > before)
    red = (known & (worst > YELLOW_MAX)) | higher
    green = ~red & known & (worst <= GREEN_MAX) & settled_known
    yellow = ~red & ~green & known & (worst <= YELLOW_MAX) & settled_known
    light = np.select([red, green, yellow], ["red", "green", "yellow"], "unknown")
    which = np.where(np.isnan(during) | (after > during), "after", "during")
    pain_text = np.array(
        [f"pain {v:g} {w} the run" if not np.isnan(v) else "" for v, w in zip(worst, which, strict=True)]
    )
    reason = np.empty(len(d), dtype=object)
    for i in range(len(d)):
        if red[i]:
            parts = []
            if known[i] and worst[i] > YELLOW_MAX:
                parts.append(f"{pain_text[i]} (over {YELLOW_MAX:g})")
            if higher[i]:
                parts.append(f"next morning {nxt[i]:g}, up from {before[i]:g}")
            reason[i] = "; ".join(parts)
        elif green[i] or yellow[i]:
            reason[i] = f"{pain_text[i]}, settled by the next morning"
        elif not known[i]:
            reason[i] = "no pain score during or after the run"
        elif np.isnan(nxt[i]):
            reason[i] = f"{pain_text[i]}; no morning score the day after, to tell whether it settled"
        else:
            reason[i] = f"{pain_text[i]}; no morning score before the run to compare the next one with"
    return light, reason


def red_runs_close(tolerance: pd.DataFrame, *, days: int = 7) -> pd.DataFrame:
    """The red runs that follow another red run of the same athlete within ``days`` days: ``athlete, date``
    (for the coach flag "two red runs within 7 days")."""
    red = tolerance[tolerance["light"] == "red"].sort_values(["athlete", "date"])
    gap = red.groupby("athlete")["date"].diff()
    return red.loc[gap < pd.Timedelta(days=days), ["athlete", "date"]].reset_index(drop=True)
