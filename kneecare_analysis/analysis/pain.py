"""Pain against its baseline, and the pain-monitoring flags (design §4).

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset("data/sample/runner")          # doctest: +SKIP
>>> kc.pain_change(ds.log, ds.pain)                      # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..routine import DEFAULT_ROUTINE, Routine
from ..vocab import CONTEXTS
from ._labels import join_labels
from ._window import windows

MCID = 2.0
MCID_PCT = 0.30


def filter_context(pain: pd.DataFrame | None, context: str | Iterable[str] | None) -> pd.DataFrame | None:
    """Only the pain entries of these contexts (``None`` keeps all)."""
    if pain is None or context is None:
        return pain
    wanted = [context] if isinstance(context, str) else list(context)
    unknown = [c for c in wanted if c not in CONTEXTS]
    if unknown:
        raise ValueError(f"unknown pain context {unknown}; contexts: {', '.join(CONTEXTS)}")
    return pain[pain["context"].astype(str).isin(wanted).to_numpy()].reset_index(drop=True)


def _mean_between(pain: pd.DataFrame, lo: pd.Series, hi: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Mean and count of each athlete's scores dated from ``lo`` to ``hi`` (inclusive)."""
    athletes = pain["athlete"].astype(str)
    # NaT for an athlete without a window (no sessions); reindex, unlike map, keeps the dates' dtype when empty
    lo_d = pd.Series(lo.reindex(athletes.to_numpy()).to_numpy(), index=pain.index)
    hi_d = pd.Series(hi.reindex(athletes.to_numpy()).to_numpy(), index=pain.index)
    inside = (pain["date"] >= lo_d) & (pain["date"] <= hi_d)
    scores = pd.to_numeric(pain["pain"], errors="coerce").astype(float)[inside.to_numpy()]
    grouped = scores.groupby(athletes[inside.to_numpy()])
    return grouped.mean().reindex(lo.index), grouped.count().reindex(lo.index).fillna(0).astype(int)


def baseline_pain(
    log: pd.DataFrame,
    pain: pd.DataFrame | None,
    routine: Routine = DEFAULT_ROUTINE,
    *,
    start=None,
    end=None,
    win: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per athlete: ``baseline`` (mean of the 7 days before the window, else of its first 7 days),
    ``baseline_n``, ``baseline_from`` ("before start" or "first week"), and the window's ``start``/``end``
    (``win``: the windows when already computed)."""
    win = windows(log, pain, routine, start=start, end=end) if win is None else win
    out = win.copy()
    if pain is None or not len(pain):
        return out.assign(baseline=np.nan, baseline_n=0, baseline_from="no pain scores")
    before, n_before = _mean_between(pain, win["start"] - pd.Timedelta(days=7), win["start"] - pd.Timedelta(days=1))
    first, n_first = _mean_between(pain, win["start"], win["start"] + pd.Timedelta(days=6))
    use_before = n_before > 0
    out["baseline"] = before.where(use_before, first)
    out["baseline_n"] = n_before.where(use_before, n_first)
    out["baseline_from"] = np.where(use_before, "before start", np.where(n_first > 0, "first week", "no scores"))
    return out


def pain_change(
    log: pd.DataFrame,
    pain: pd.DataFrame,
    routine: Routine = DEFAULT_ROUTINE,
    *,
    start=None,
    end=None,
    context: str | Iterable[str] | None = None,
    mcid: float = MCID,
    mcid_pct: float = MCID_PCT,
) -> pd.DataFrame:
    """Per athlete: baseline, latest (mean of the window's last 7 days; ``latest_reason`` says why there is none),
    ``change``, ``pct_change``, ``improved`` (change ≤ −``mcid``) and ``improved_30pct`` (pct_change ≤
    −``mcid_pct``). The window runs to the data set's last date, so a runner who stopped scoring has no latest."""
    win = windows(log, pain, routine, start=start, end=end)  # the scores shown never move the window
    pain = filter_context(pain, context)
    out = baseline_pain(log, pain, routine, win=win)
    if pain is not None and len(pain):
        latest, n_latest = _mean_between(pain, out["end"] - pd.Timedelta(days=6), out["end"])
    else:
        latest, n_latest = pd.Series(np.nan, index=out.index), pd.Series(0, index=out.index)
    out["latest"] = latest
    out["latest_n"] = n_latest
    out["latest_reason"] = np.where(
        n_latest > 0, "", "no pain score in the 7 days to " + out["end"].dt.strftime("%d %b %Y")
    )
    out["change"] = out["latest"] - out["baseline"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["pct_change"] = np.where(out["baseline"] > 0, out["change"] / out["baseline"], np.nan)
    out["improved"] = out["change"] <= -mcid
    out["improved_30pct"] = out["pct_change"] <= -mcid_pct
    out = out.reset_index().rename(columns={"start": "window_start", "end": "window_end"})
    return out[
        [
            "athlete",
            "window_start",
            "window_end",
            "baseline",
            "baseline_n",
            "baseline_from",
            "latest",
            "latest_n",
            "latest_reason",
            "change",
            "pct_change",
            "improved",
            "improved_30pct",
        ]
    ]


def pain_flags(pain: pd.DataFrame, *, limit: float = 5.0, run_limit: float = 2.0) -> pd.DataFrame:
    """The pain frame with the monitoring flags of each entry:

    - ``over_limit``: above ``limit`` (5/10) during or after running;
    - ``run_warning``: above ``run_limit`` (2/10) during a run;
    - ``not_settled``: a morning score higher than the previous morning's;
    - ``flags``: the same in words.
    """
    out = pain.copy()
    context = out["context"].astype(str)
    score = pd.to_numeric(out["pain"], errors="coerce").astype(float)
    out["over_limit"] = context.isin(["during_run", "after_run"]).to_numpy() & (score > limit).to_numpy()
    out["run_warning"] = (context == "during_run").to_numpy() & (score > run_limit).to_numpy()
    morning = out[(context == "morning").to_numpy()]
    m = pd.DataFrame({"athlete": morning["athlete"].astype(str), "date": morning["date"], "pain": score[morning.index]})
    per_day = m.groupby(["athlete", "date"])["pain"].mean().reset_index()
    per_day["previous"] = per_day.groupby("athlete")["pain"].shift(1)
    previous = m.merge(per_day[["athlete", "date", "previous"]], on=["athlete", "date"], how="left")["previous"]
    not_settled = pd.Series(False, index=out.index)
    not_settled[morning.index] = (m["pain"].to_numpy() > previous.to_numpy()) & previous.notna().to_numpy()
    out["not_settled"] = not_settled.to_numpy()
    words = [
        (out["over_limit"], f"over {limit:g}/10 with running"),
        (out["run_warning"], f"over {run_limit:g}/10 during the run"),
        (out["not_settled"], "morning pain up on the previous morning"),
    ]
    out["flags"] = join_labels(words, out.index)
    return out
