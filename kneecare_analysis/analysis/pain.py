"""Pain against its baseline, and the pain-monitoring flags (``docs/architecture.md``, "What the numbers
mean").

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
>>> float(kc.pain_change(ds.log, pain=ds.pain)["baseline"].round(1).iloc[0])
6.0
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..routine import DEFAULT_ROUTINE, Routine
from ..vocab import CONTEXTS
from .calendar import windows
from .inputs import PAIN_LOG, ROUTINE_LOG, check_frame, check_number
from .labels import join_labels

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


def _check_log_and_pain(log, pain, *, by: str, context: bool) -> None:
    check_frame(log, ROUTINE_LOG, by=by)
    if pain is not None:
        check_frame(pain, PAIN_LOG, by=by, columns=["athlete", "date", "pain"] + (["context"] if context else []))


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
    *,
    pain: pd.DataFrame | None = None,
    routine: Routine = DEFAULT_ROUTINE,
    start=None,
    end=None,
    win: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each athlete's pain before the routine took hold: the mean of the 7 days before the window, else of its
    first 7 days.

    Parameters
    ----------
    log : DataFrame
        A routine log: where each athlete's window starts.
    pain : DataFrame, optional
        Pain scores (:func:`kneecare_analysis.load_pain_log`).
    routine : Routine
        The prescription (for the window).
    start, end : optional
        The windows' start and end instead (as :func:`daily_adherence`).
    win : DataFrame, optional
        The windows, when already computed.

    Returns
    -------
    DataFrame
        Indexed by athlete: ``start``, ``end`` (the window), ``baseline``, ``baseline_n`` (scores behind it),
        ``baseline_from`` (``"before start"``, ``"first week"`` or ``"no scores"``).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> kc.baseline_pain(ds.log, pain=ds.pain)[["baseline", "baseline_n", "baseline_from"]].reset_index()
      athlete  baseline  baseline_n baseline_from
    0     Sam       6.0           4  before start
    """
    _check_log_and_pain(log, pain, by="baseline_pain", context=False)
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
    *,
    pain: pd.DataFrame | None = None,
    routine: Routine = DEFAULT_ROUTINE,
    start=None,
    end=None,
    pain_context: str | Iterable[str] | None = None,
    mcid: float = MCID,
    mcid_pct: float = MCID_PCT,
) -> pd.DataFrame:
    """Each athlete's pain now against their baseline, and whether it improved by a change that matters.

    Parameters
    ----------
    log : DataFrame
        A routine log: where each athlete's window starts.
    pain : DataFrame, optional
        Pain scores (:func:`kneecare_analysis.load_pain_log`).
    routine : Routine
        The prescription (for the window); :meth:`Dataset.pain_change` uses the folder's own.
    start, end : optional
        The windows' start and end instead (as :func:`daily_adherence`).
    pain_context : str or list of str, optional
        Only these contexts count (``"morning"``, ``"after_run"``, …); the window stays the same.
    mcid : float
        The change in points that matters: 2 on the 0–10 scale (Farrar et al. 2001).
    mcid_pct : float
        The relative change that matters: 30 %.

    Returns
    -------
    DataFrame
        ``athlete``, ``window_start``, ``window_end``, ``baseline``, ``baseline_n``, ``baseline_from`` (as
        :func:`baseline_pain`), ``latest`` (the mean of the window's last 7 days), ``latest_n``,
        ``latest_reason`` (why there is no latest: a runner who stopped scoring has none), ``change`` (latest −
        baseline), ``pct_change`` (change ÷ baseline), ``improved`` (change ≤ −``mcid``), ``improved_30pct``
        (pct_change ≤ −``mcid_pct``).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> kc.pain_change(ds.log, pain=ds.pain)[["athlete", "baseline", "latest", "change", "improved"]].round(2)
      athlete  baseline  latest  change  improved
    0     Sam       6.0    4.43   -1.57     False
    """
    _check_log_and_pain(log, pain, by="pain_change", context=pain_context is not None)
    check_number(mcid, by="pain_change", name="mcid", low=0, high=10)
    check_number(mcid_pct, by="pain_change", name="mcid_pct", low=0, high=1)
    win = windows(log, pain, routine, start=start, end=end)  # the scores shown never move the window
    pain = filter_context(pain, pain_context)
    out = baseline_pain(log, pain=pain, routine=routine, win=win)
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


def pain_flags(pain: pd.DataFrame, *, pain_limit: float = 5.0, run_limit: float = 2.0) -> pd.DataFrame:
    """The pain-monitoring flags of each pain score (Silbernagel et al. 2007).

    Parameters
    ----------
    pain : DataFrame
        Pain scores (:func:`kneecare_analysis.load_pain_log`).
    pain_limit : float
        The most pain acceptable during or after running (5/10).
    run_limit : float
        The most pain acceptable during the run itself (2/10).

    Returns
    -------
    DataFrame
        ``pain``'s columns, then ``over_limit`` (above ``pain_limit`` during or after running),
        ``run_warning`` (above ``run_limit`` during a run), ``not_settled`` (a morning score higher than the
        previous morning's) and ``flags`` (the same in words).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> pain = kc.load_pain_log(kc.paths.SAMPLE_DIR / "runner")
    >>> flagged = kc.pain_flags(pain)
    >>> flagged.loc[flagged["flags"] != "", ["date", "context", "pain", "flags"]].head(3)
            date    context  pain                   flags
    0 2026-02-25  after_run   7.0  over 5/10 with running
    2 2026-03-02  after_run   6.0  over 5/10 with running
    3 2026-03-03  after_run   6.0  over 5/10 with running
    """
    check_frame(pain, PAIN_LOG, by="pain_flags")
    check_number(pain_limit, by="pain_flags", name="pain_limit", low=0, high=10)
    check_number(run_limit, by="pain_flags", name="run_limit", low=0, high=10)
    out = pain.copy()
    context = out["context"].astype(str)
    score = pd.to_numeric(out["pain"], errors="coerce").astype(float)
    out["over_limit"] = context.isin(["during_run", "after_run"]).to_numpy() & (score > pain_limit).to_numpy()
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
        (out["over_limit"], f"over {pain_limit:g}/10 with running"),
        (out["run_warning"], f"over {run_limit:g}/10 during the run"),
        (out["not_settled"], "morning pain up on the previous morning"),
    ]
    out["flags"] = join_labels(words, out.index)
    return out
