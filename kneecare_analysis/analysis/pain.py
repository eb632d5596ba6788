"""Pain against its baseline, and the pain-monitoring flags (``docs/architecture.md``, "What the numbers
mean").

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
>>> row = kc.pain_change(ds.log, pain=ds.pain).iloc[0]
>>> row["context"], int(row["baseline_n"]), row["baseline_reason"]
('morning', 4, 'scores: 1 in the 14 days before the start, 4 in its first week (5 needed in one of them)')
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
MIN_BASELINE = 5
BASELINE_DAYS = 14
LATEST_DAYS = 7  # "latest" is the mean of the window's last 7 days


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


def _stats_between(pain: pd.DataFrame, lo: pd.Series, hi: pd.Series) -> pd.DataFrame:
    """Mean, variance (ddof 1) and count of each athlete's scores dated from ``lo`` to ``hi`` (inclusive),
    indexed as ``lo``."""
    athletes = pain["athlete"].astype(str)
    # NaT for an athlete without a window (no sessions); reindex, unlike map, keeps the dates' dtype when empty
    lo_d = pd.Series(lo.reindex(athletes.to_numpy()).to_numpy(), index=pain.index)
    hi_d = pd.Series(hi.reindex(athletes.to_numpy()).to_numpy(), index=pain.index)
    inside = (pain["date"] >= lo_d) & (pain["date"] <= hi_d)
    scores = pd.to_numeric(pain["pain"], errors="coerce").astype(float)[inside.to_numpy()]
    grouped = scores.groupby(athletes[inside.to_numpy()])
    out = pd.DataFrame({"mean": grouped.mean(), "var": grouped.var(ddof=1), "n": grouped.count()}).reindex(lo.index)
    out["n"] = out["n"].fillna(0).astype(int)
    return out


def main_context(pain: pd.DataFrame) -> pd.Series:
    """Each athlete's pain context for a change: ``"morning"`` when they have a morning score, else their most
    common context (the first in the vocabulary on a tie). Indexed by athlete.

    >>> pain = pd.DataFrame({"athlete": ["a", "a", "b", "b", "b"], "pain": 1.0,
    ...                      "context": ["after_run", "morning", "after_run", "after_run", "rest"]})
    >>> main_context(pain).to_dict()
    {'a': 'morning', 'b': 'after_run'}
    """
    counts = pd.crosstab(pain["athlete"].astype(str), pain["context"].astype(str))
    counts = counts.reindex(columns=[c for c in CONTEXTS if c in counts.columns])
    chosen = counts.idxmax(axis=1)
    if "morning" in counts:
        chosen = chosen.where(counts["morning"] == 0, "morning")
    return chosen.rename("context")


def scored_windows(pain: pd.DataFrame | None, runs: pd.DataFrame | None = None, *, end=None) -> pd.DataFrame:
    """Each athlete's window when there is no routine log: from their first pain score or run to the data's last
    date (or ``end``), so pain and running are shown week by week before any routine is logged.

    Parameters
    ----------
    pain : DataFrame or None
        Pain scores (:func:`kneecare_analysis.load_pain_log`).
    runs : DataFrame, optional
        Runs (:func:`kneecare_analysis.load_runs`).
    end : date, optional
        The windows' end instead of the last score or run.

    Returns
    -------
    DataFrame
        Indexed by ``athlete`` (text): ``start`` and ``end``; no row for an athlete whose end comes first.

    Examples
    --------
    >>> pain = pd.DataFrame({"athlete": ["a", "a"], "date": pd.to_datetime(["2026-03-04", "2026-03-09"])})
    >>> runs = pd.DataFrame({"athlete": ["a", "b"], "date": pd.to_datetime(["2026-03-02", "2026-03-11"])})
    >>> scored_windows(pain, runs).reset_index().astype(str).values.tolist()
    [['a', '2026-03-02', '2026-03-11'], ['b', '2026-03-11', '2026-03-11']]
    """
    frames = [f[["athlete", "date"]] for f in (pain, runs) if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(
            {"start": pd.Series(dtype="datetime64[ns]"), "end": pd.Series(dtype="datetime64[ns]")},
            index=pd.Index([], name="athlete", dtype=object),
        )
    rows = pd.concat([f.assign(athlete=f["athlete"].astype(str)) for f in frames], ignore_index=True)
    rows["date"] = pd.to_datetime(rows["date"]).dt.normalize()
    first = rows.groupby("athlete")["date"].min()
    last = rows["date"].max() if end is None else pd.Timestamp(end).normalize()
    out = pd.DataFrame({"start": first, "end": last}).rename_axis("athlete")
    return out[out["end"] >= out["start"]].astype("datetime64[ns]")


def window_of(log, pain, routine, *, start=None, end=None, runs=None, am=None) -> pd.DataFrame:
    """The windows an analysis uses: from each athlete's first session (:func:`.calendar.windows`), or, when the
    routine log holds no row at all and no ``start`` is given, from their first pain score or run
    (:func:`scored_windows`)."""
    if len(log) == 0 and start is None:
        return scored_windows(pain, runs, end=end)
    return windows(log, pain, routine, start=start, end=end, am=am)


def _one_context(pain: pd.DataFrame | None, context) -> tuple[pd.DataFrame | None, pd.Series | None]:
    """The scores counted, and each athlete's context in words (``None`` when all are pooled)."""
    if pain is None or not len(pain) or context is None:
        return pain, None
    if isinstance(context, str) and context == "auto":
        chosen = main_context(pain)
        keep = pain["context"].astype(str).to_numpy() == chosen.reindex(pain["athlete"].astype(str)).to_numpy()
        return pain[keep].reset_index(drop=True), chosen
    kept = filter_context(pain, context)
    words = context if isinstance(context, str) else " + ".join(context)
    return kept, pd.Series(words, index=pd.Index(pain["athlete"].astype(str).unique(), name="athlete"))


def baseline_pain(
    log: pd.DataFrame,
    *,
    pain: pd.DataFrame | None = None,
    routine: Routine = DEFAULT_ROUTINE,
    start=None,
    end=None,
    win: pd.DataFrame | None = None,
    min_scores: int = MIN_BASELINE,
) -> pd.DataFrame:
    """Each athlete's pain before the routine took hold: the mean of the 14 days before the window when they
    hold ``min_scores`` scores, else of the window's first 7 days when those do, else none (NaN, with the
    reason). The scores are counted as given: pass one context's (see :func:`pain_change`).

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
    min_scores : int
        The fewest scores behind a baseline (5).

    Returns
    -------
    DataFrame
        Indexed by athlete: ``start``, ``end`` (the window), ``baseline``, ``baseline_n`` (scores behind it, or
        the most found), ``baseline_sd`` (their standard deviation), ``baseline_from`` (``"before start"``,
        ``"first week"`` or ``"too few scores"``), ``baseline_reason`` (why there is none).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
    >>> kc.baseline_pain(ds.log, pain=ds.pain)[["baseline", "baseline_n", "baseline_from"]].reset_index()
      athlete  baseline  baseline_n baseline_from
    0     Sam       4.2          10    first week
    """
    _check_log_and_pain(log, pain, by="baseline_pain", context=False)
    check_number(min_scores, by="baseline_pain", name="min_scores", low=2, whole=True)
    win = window_of(log, pain, routine, start=start, end=end) if win is None else win
    out = win.copy()
    if pain is None or not len(pain):
        empty = {"baseline": np.nan, "baseline_n": 0, "baseline_sd": np.nan, "baseline_from": "too few scores"}
        return out.assign(**empty, baseline_reason="no pain scores")
    day = pd.Timedelta(days=1)
    before = _stats_between(pain, win["start"] - BASELINE_DAYS * day, win["start"] - day)
    first = _stats_between(pain, win["start"], win["start"] + 6 * day)
    use_before = before["n"] >= min_scores
    # the first week is a baseline only once the latest 7 days lie wholly after it: never the same days
    after_first = ((win["end"] - win["start"]).dt.days + 1 - LATEST_DAYS).clip(lower=0).astype(int)
    too_early = ~use_before & (first["n"] >= min_scores) & (after_first < LATEST_DAYS)
    use_first = ~use_before & ~too_early & (first["n"] >= min_scores)
    chosen = before.where(use_before, first.where(use_first))
    out["baseline"] = chosen["mean"]
    out["baseline_n"] = np.where(use_before | use_first, chosen["n"], np.maximum(before["n"], first["n"]))
    out["baseline_n"] = out["baseline_n"].fillna(0).astype(int)
    out["baseline_sd"] = np.sqrt(chosen["var"])
    out["baseline_from"] = np.select([use_before, use_first], ["before start", "first week"], "too few scores")
    counts = "scores: " + before["n"].astype(str) + f" in the {BASELINE_DAYS} days before the start, "
    counts = counts + first["n"].astype(str) + f" in its first week ({min_scores} needed in one of them)"
    early = (
        "not enough scores yet — "
        + after_first.astype(str)
        + f" of the {LATEST_DAYS} days needed after the first week, so that the baseline (the first week) and "
        f"the latest {LATEST_DAYS} days do not share a day"
    )
    out["baseline_reason"] = np.where(use_before | use_first, "", np.where(too_early, early, counts))
    return out


def _welch(base: pd.DataFrame, latest: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The 95 % CI of latest − baseline: Welch's t on the two sets of scores (NaN with fewer than 2 latest)."""
    from scipy import stats

    vb, vl = base["baseline_sd"] ** 2 / base["baseline_n"], latest["var"] / latest["n"]
    se = np.sqrt(vb + vl)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = se**4 / (vb**2 / (base["baseline_n"] - 1) + vl**2 / (latest["n"] - 1))
    df = df.where(se > 0, base["baseline_n"] + latest["n"] - 2)
    half = pd.Series(stats.t.ppf(0.975, df.to_numpy(float)), index=se.index) * se
    ok = (latest["n"] >= 2) & base["baseline"].notna()
    diff = latest["mean"] - base["baseline"]
    return (diff - half).where(ok), (diff + half).where(ok)


def pain_change(
    log: pd.DataFrame,
    *,
    pain: pd.DataFrame | None = None,
    routine: Routine = DEFAULT_ROUTINE,
    start=None,
    end=None,
    pain_context: str | Iterable[str] | None = "auto",
    min_baseline: int = MIN_BASELINE,
    mcid: float = MCID,
    mcid_pct: float = MCID_PCT,
) -> pd.DataFrame:
    """Each athlete's pain now against their baseline in one context, with a 95 % CI, and whether it improved by a
    change that matters. A description of the change, not of its cause: a knee may heal on its own.

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
        The contexts that count: ``"auto"`` (each athlete's :func:`main_context`: the morning when they score
        it, after-run pain averaging well above morning pain), a context or list of them (``"morning"``,
        ``"after_run"``, …), or ``None`` to pool all. The window stays the same.
    min_baseline : int
        The fewest scores behind a baseline (5; :func:`baseline_pain`).
    mcid : float
        The change in points that matters: 2 on the 0–10 scale (Farrar et al. 2001).
    mcid_pct : float
        The relative change that matters: 30 %.

    Returns
    -------
    DataFrame
        ``athlete``, ``context`` (the contexts counted, ``"all"`` when pooled), ``window_start``,
        ``window_end``, ``baseline``, ``baseline_n``, ``baseline_from``, ``baseline_reason`` (as
        :func:`baseline_pain`), ``latest`` (the mean of the window's last 7 days), ``latest_n``,
        ``latest_reason`` (why there is no latest: a runner who stopped scoring has none), ``change`` (latest −
        baseline), ``change_low``, ``change_high`` (its 95 % CI: Welch's t on the baseline and latest scores,
        taken as independent; NaN with fewer than 2 latest scores), ``pct_change`` (change ÷ baseline),
        ``improved`` (change ≤ −``mcid``), ``improved_30pct`` (pct_change ≤ −``mcid_pct``) and ``verdict`` in
        words: ``"improved by at least <mcid> points"`` (the whole CI at or below −mcid), ``"changed by less
        than <mcid> points"`` (the whole CI above it) or ``"cannot tell: …"`` with the reason.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
    >>> change = kc.pain_change(ds.log, pain=ds.pain)
    >>> change[["athlete", "context", "baseline", "change", "change_low", "change_high"]].iloc[4:8].round(2)
      athlete  context  baseline  change  change_low  change_high
    4    Elif  morning       5.0   -1.50       -7.85         4.85
    5    Finn  morning       2.0   -0.40       -1.64         0.84
    6   Grace  morning       3.8   -0.30       -2.71         2.11
    7    Hugo  morning       3.0   -0.67       -1.84         0.50
    >>> change["verdict"].iloc[5]
    'changed by less than 2 points'
    """
    _check_log_and_pain(log, pain, by="pain_change", context=pain_context is not None)
    check_number(min_baseline, by="pain_change", name="min_baseline", low=2, whole=True)
    check_number(mcid, by="pain_change", name="mcid", low=0, high=10)
    check_number(mcid_pct, by="pain_change", name="mcid_pct", low=0, high=1)
    win = window_of(log, pain, routine, start=start, end=end)  # the scores shown never move the window
    pain, chosen = _one_context(pain, pain_context)
    out = baseline_pain(log, pain=pain, routine=routine, win=win, min_scores=min_baseline)
    out["context"] = "all" if chosen is None else chosen.reindex(out.index).fillna("none").to_numpy()
    if pain is not None and len(pain):  # the last 7 days of the window, never a day before it (the baseline's)
        latest_from = np.maximum(out["end"] - pd.Timedelta(days=LATEST_DAYS - 1), out["start"])
        latest = _stats_between(pain, pd.Series(latest_from, index=out.index), out["end"])
    else:
        latest = pd.DataFrame({"mean": np.nan, "var": np.nan, "n": 0}, index=out.index)
    out["latest"] = latest["mean"]
    out["latest_n"] = latest["n"]
    out["latest_reason"] = np.where(
        latest["n"] > 0, "", "no pain score in the 7 days to " + out["end"].dt.strftime("%d %b %Y")
    )
    out["change"] = out["latest"] - out["baseline"]
    out["change_low"], out["change_high"] = _welch(out, latest)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["pct_change"] = np.where(out["baseline"] > 0, out["change"] / out["baseline"], np.nan)
    out["improved"] = out["change"] <= -mcid
    out["improved_30pct"] = out["pct_change"] <= -mcid_pct
    out["verdict"] = _verdict(out, mcid)
    out = out.reset_index().rename(columns={"start": "window_start", "end": "window_end"})
    return out[PAIN_CHANGE_COLUMNS]


PAIN_CHANGE_COLUMNS = [
    "athlete",
    "context",
    "window_start",
    "window_end",
    "baseline",
    "baseline_n",
    "baseline_from",
    "baseline_reason",
    "latest",
    "latest_n",
    "latest_reason",
    "change",
    "change_low",
    "change_high",
    "pct_change",
    "improved",
    "improved_30pct",
    "verdict",
]


def _verdict(out: pd.DataFrame, mcid: float) -> np.ndarray:
    why = np.where(
        out["baseline"].isna(),
        "cannot tell: no baseline (" + out["baseline_reason"] + ")",
        np.where(
            out["latest_n"] < 2,
            "cannot tell: fewer than 2 scores in the last 7 days",
            f"cannot tell: the 95% CI holds improvements both above and below {mcid:g} points",
        ),
    )
    return np.select(
        [out["change_high"] <= -mcid, out["change_low"] > -mcid],
        [f"improved by at least {mcid:g} points", f"changed by less than {mcid:g} points"],
        why,
    )


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
