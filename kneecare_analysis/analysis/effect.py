"""Did the routine help? The level change in daily pain after the routine took hold, with its uncertainty, read
against a stated minimal clinically important difference (MCID); where the start was drawn at random, the
randomisation test that natural healing cannot fake; NAP and baseline-corrected Tau beside them as descriptions.

Every function here takes pain scores as :func:`kneecare_analysis.load_pain_log` returns them and keeps one
context (the morning by default): scores taken at other moments differ by more than the change sought. Lower
pain is better throughout.

>>> import pandas as pd
>>> nonoverlap([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29], improvement="increase").round(4)
      nap  nap_se  nap_ci_low  nap_ci_high     tau
0  0.9167   0.069      0.5973        0.986  0.8333
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from ..vocab import CONTEXTS, words
from .inputs import PAIN_LOG, Kind, check_frame, check_number

MIN_BASELINE = 5  # scores before the start to say anything
MIN_TREND = 10  # baseline scores to estimate and correct a baseline trend
MIN_AFTER = 5  # scores after the ramp

CLEAR = "clear improvement of at least the MCID"
SMALLER = "a change smaller than the MCID"
UNSURE = "cannot tell yet"
RANDOMISED = "randomised AB"
CHOSEN = "AB, start chosen by the runner"

STARTS = Kind("routine starts", "the design's starts (athlete, start)", ("athlete", "start"), plural=True)

_Z = stats.norm.ppf(0.975)


def pain_mcids() -> pd.DataFrame:
    """The MCIDs a change in pain can be read against, with their sources (``words/pain_mcid.toml``).

    Parameters
    ----------
    None
        The table takes no options; pass a key to :func:`routine_effect` as ``mcid``.

    Returns
    -------
    DataFrame
        Indexed by key (``"crossley2004"``, ``"piva2009"``, ``"farrar2001"``): ``points``, ``default``,
        ``label``, ``source``.

    Examples
    --------
    >>> pain_mcids()[["points", "default"]]
                  points  default
    crossley2004    2.00     True
    piva2009        1.16    False
    farrar2001      2.00    False
    """
    table = words("pain_mcid")
    return pd.DataFrame(
        [{"points": float(v["points"]), "default": bool(v.get("default", False)), **v} for v in table.values()],
        index=list(table),
    )[["points", "default", "label", "source"]]


def _mcid(mcid: str | float, *, by: str) -> tuple[float, str, str]:
    """The MCID's points, label and source."""
    if isinstance(mcid, str):
        table = words("pain_mcid")
        if mcid not in table:
            raise ValueError(f"{by}: mcid must be a number or one of {', '.join(table)}, got {mcid!r}")
        return float(table[mcid]["points"]), table[mcid]["label"], table[mcid]["source"]
    check_number(mcid, by=by, name="mcid", low=0, high=10)
    return float(mcid), f"{float(mcid):g} points, stated by the user", "stated by the user"


# ---------------------------------------------------------------- descriptive companions (formulas checked in tests)


def _pairs(a: np.ndarray, b: np.ndarray, improvement: str) -> np.ndarray:
    """q[i, j] = 1 when B's j-th score improves on A's i-th, ½ for a tie, 0 otherwise."""
    diff = np.subtract.outer(b, a).T  # rows: A, columns: B
    if improvement == "decrease":
        diff = -diff
    return (diff > 0) + 0.5 * (diff == 0)


def _newcombe(est: float, m: int, n: int) -> tuple[float, float]:
    """Newcombe's (2006) method 5 interval for the probability NAP estimates: the roots of
    m n (est − θ)² = z² h θ(1 − θ) [1/h + (1 − θ)/(2 − θ) + θ/(1 + θ)], h = (m + n)/2 − 1."""
    h = (m + n) / 2 - 1

    def f(t: float) -> float:
        return m * n * (est - t) ** 2 - _Z**2 * h * t * (1 - t) * (1 / h + (1 - t) / (2 - t) + t / (1 + t))

    low = optimize.brentq(f, 0.0, est) if est > 0 else 0.0
    high = optimize.brentq(f, est, 1.0) if est < 1 else 1.0
    return float(low), float(high)


def _check_improvement(improvement: str, *, by: str) -> None:
    if improvement not in ("decrease", "increase"):
        raise ValueError(f"{by}: improvement must be 'decrease' or 'increase', got {improvement!r}")


def nonoverlap(baseline: Sequence[float], after: Sequence[float], *, improvement: str = "decrease") -> pd.DataFrame:
    """Non-overlap of all pairs (NAP; Parker & Vannest 2009) with its standard error and 95 % interval, and
    Tau: how often a score after the change improves on a score before it.

    Parameters
    ----------
    baseline, after : sequence of float
        The scores of phase A (before) and phase B (after); NaN are left out.
    improvement : {"decrease", "increase"}
        Which way is better: ``"decrease"`` for pain.

    Returns
    -------
    DataFrame
        One row: ``nap`` (the share of A–B pairs where B improves on A, ties counting ½), ``nap_se`` (the
        exactly unbiased SE of Sen 1967, as Mee 1990), ``nap_ci_low``, ``nap_ci_high`` (Newcombe 2006, method
        5), ``tau`` (2 × nap − 1: improving pairs minus worsening pairs over all pairs). NaN with fewer than 2
        scores in a phase (the SE needs 2 in each).

    Examples
    --------
    Parker & Vannest (2009), a behaviour that should rise:

    >>> A = [4, 3, 4, 3, 4, 7, 5, 2, 3, 2]
    >>> B = [5, 9, 7, 9, 7, 5, 9, 11, 11, 10, 9]
    >>> float(nonoverlap(A, B, improvement="increase")["nap"].iloc[0] * 110)
    106.0

    Pain falls when it improves, so mirrored scores give the same answer:

    >>> float(nonoverlap([10 - a for a in A], [10 - b for b in B])["nap"].iloc[0] * 110)
    106.0
    """
    _check_improvement(improvement, by="nonoverlap")
    a = np.asarray(baseline, dtype=float)
    b = np.asarray(after, dtype=float)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    m, n = len(a), len(b)
    nan = dict.fromkeys(["nap", "nap_se", "nap_ci_low", "nap_ci_high", "tau"], np.nan)
    if m < 2 or n < 2:
        return pd.DataFrame([nan])
    q = _pairs(a, b, improvement)
    est = float(q.mean())
    q1 = float((q.sum(axis=1) ** 2).sum() / (m * n**2))
    q2 = float((q.sum(axis=0) ** 2).sum() / (m**2 * n))
    q3 = float((q**2).sum() / (m * n))
    var = (est - (m + n - 1) * est**2 + n * q1 + m * q2 - 2 * q3) / ((m - 1) * (n - 1))
    low, high = _newcombe(est, m, n)
    return pd.DataFrame(
        [{"nap": est, "nap_se": math.sqrt(max(var, 0.0)), "nap_ci_low": low, "nap_ci_high": high, "tau": 2 * est - 1}]
    )


def baseline_corrected_tau(
    baseline: Sequence[float],
    after: Sequence[float],
    *,
    baseline_times: Sequence[float] | None = None,
    after_times: Sequence[float] | None = None,
    improvement: str = "decrease",
) -> float:
    """Baseline-corrected Tau (Tarlow 2017): Tau of the scores after the baseline's own trend (its Theil–Sen
    slope) is taken out of every score, before and after.

    The trend is always corrected (no pre-test of its significance), and Tau is the non-overlap form: pairs
    improving minus pairs worsening over all A–B pairs, ties counting 0.

    Parameters
    ----------
    baseline, after : sequence of float
        The scores of phase A and phase B.
    baseline_times, after_times : sequence of float, optional
        When each was taken (days); by default 1, 2, … running on from A into B.
    improvement : {"decrease", "increase"}
        Which way is better.

    Returns
    -------
    float
        From −1 to 1; NaN with fewer than 2 baseline scores or none after.

    Examples
    --------
    Tarlow (2017): a baseline rising by one a session, carrying on in the same line, is no effect at all.

    >>> baseline_corrected_tau([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], improvement="increase")
    0.0
    >>> float(nonoverlap([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], improvement="increase")["tau"].iloc[0])
    1.0
    """
    _check_improvement(improvement, by="baseline_corrected_tau")
    a = np.asarray(baseline, dtype=float)
    b = np.asarray(after, dtype=float)
    ta = np.arange(1, len(a) + 1, dtype=float) if baseline_times is None else np.asarray(baseline_times, float)
    tb = len(a) + np.arange(1, len(b) + 1, dtype=float) if after_times is None else np.asarray(after_times, float)
    if len(ta) != len(a) or len(tb) != len(b):
        raise ValueError("baseline_corrected_tau: each score needs one time")
    if len(a) < 2 or len(b) < 1:
        return float("nan")
    i, j = np.triu_indices(len(a), k=1)
    dt = ta[j] - ta[i]
    slope = float(np.median((a[j] - a[i])[dt != 0] / dt[dt != 0])) if (dt != 0).any() else 0.0
    q = _pairs(a - slope * ta, b - slope * tb, improvement)  # 1, ½, 0 → Tau's 1, 0, −1
    return float((2 * q - 1).mean())


# ---------------------------------------------------------------- the data of one runner


@dataclass
class _Runner:
    """One athlete's daily scores (day numbers from the first score) and their design."""

    athlete: str
    days: np.ndarray  # whole days since ``first``, one per scored day, ascending
    scores: np.ndarray  # the day's mean score
    first: pd.Timestamp
    start: int  # day number of the routine's start
    candidates: np.ndarray | None  # admissible start day numbers when drawn at random

    def phases(self, start: int, ramp: int) -> tuple[np.ndarray, np.ndarray]:
        """Masks of the baseline scores (before ``start``) and of those after the ramp."""
        return self.days < start, self.days >= start + ramp


def _daily(pain: pd.DataFrame, context: str) -> pd.DataFrame:
    """Each athlete's mean score per day in ``context``."""
    keep = (pain["context"].astype(str) == context).to_numpy()
    frame = pd.DataFrame(
        {
            "athlete": pain["athlete"].astype(str).to_numpy()[keep],
            "date": pd.to_datetime(pain["date"]).dt.normalize().to_numpy()[keep],
            "pain": pd.to_numeric(pain["pain"], errors="coerce").astype(float).to_numpy()[keep],
        }
    ).dropna(subset=["pain", "date"])
    return frame.groupby(["athlete", "date"], sort=True)["pain"].mean().reset_index()


def _design(starts: pd.DataFrame, *, by: str) -> pd.DataFrame:
    """The starts indexed by athlete: ``start``, ``admissible_from``, ``admissible_to``, ``randomised``."""
    out = pd.DataFrame({"athlete": starts["athlete"].astype(str).to_numpy()})
    for column in ("start", "admissible_from", "admissible_to"):
        values = starts[column] if column in starts else pd.Series(pd.NaT, index=starts.index)
        out[column] = pd.to_datetime(values).dt.normalize().to_numpy()
    window = out["admissible_from"].notna() & out["admissible_to"].notna()
    if "randomised" in starts:
        out["randomised"] = starts["randomised"].fillna(False).astype(bool).to_numpy()
    else:
        out["randomised"] = window.to_numpy()
    if out["start"].isna().any():
        raise ValueError(f"{by}: every athlete needs a start date")
    if out["athlete"].duplicated().any():
        raise ValueError(f"{by}: one start per athlete, got {out['athlete'][out['athlete'].duplicated()].tolist()}")
    bad = out["randomised"] & ~window
    if bad.any():
        raise ValueError(
            f"{by}: a randomised start needs its admissible dates (admissible_from, admissible_to): "
            f"{', '.join(out['athlete'][bad])}"
        )
    return out.set_index("athlete")


def _runners(pain: pd.DataFrame, starts: pd.DataFrame, context: str, *, by: str) -> list[_Runner]:
    check_frame(pain, PAIN_LOG, by=by)
    check_frame(starts, STARTS, by=by)
    if context not in CONTEXTS:
        raise ValueError(f"{by}: context must be one of {', '.join(CONTEXTS)}, got {context!r}")
    design = _design(starts, by=by)
    daily = _daily(pain, context)
    groups = {a: g for a, g in daily.groupby("athlete", sort=False)}
    out = []
    for athlete, row in design.iterrows():
        g = groups.get(athlete)
        first = g["date"].iloc[0] if g is not None else row["start"]
        days = ((g["date"] - first).dt.days.to_numpy() if g is not None else np.array([], dtype=int)).astype(int)
        candidates = None
        if row["randomised"]:
            lo, hi = (int((row[c] - first).days) for c in ("admissible_from", "admissible_to"))
            candidates = np.arange(lo, hi + 1)
        scores = g["pain"].to_numpy(dtype=float) if g is not None else np.array([], dtype=float)
        out.append(_Runner(str(athlete), days, scores, first, int((row["start"] - first).days), candidates))
    return out


# ---------------------------------------------------------------- the randomisation statistic


def _start_statistics(runner: _Runner, starts: np.ndarray, ramp: int) -> np.ndarray:
    """For each start: the mean after the ramp minus the mean before the start (lower is better), all at once."""
    sums = np.concatenate([[0.0], np.cumsum(runner.scores)])
    n = len(runner.scores)
    before = np.searchsorted(runner.days, starts, side="left")  # scores dated before the start
    after_from = np.searchsorted(runner.days, starts + ramp, side="left")
    n_after = n - after_from
    with np.errstate(invalid="ignore", divide="ignore"):
        return (sums[n] - sums[after_from]) / n_after - sums[before] / before


def _randomisation_p(runner: _Runner, ramp: int) -> tuple[float, int, str]:
    """Edgington's exact p: the share of admissible starts whose statistic is as low as the actual one's."""
    candidates = runner.candidates
    if candidates is None:
        return np.nan, 0, ""
    if runner.start not in set(candidates.tolist()):
        return np.nan, len(candidates), "the start lies outside its admissible dates, so no randomisation test"
    statistics = _start_statistics(runner, candidates, ramp)
    observed = _start_statistics(runner, np.array([runner.start]), ramp)[0]
    # a start that would leave a phase empty counts as not as low: the p can only rise
    p = float(np.sum(statistics <= observed + 1e-9) / len(candidates))
    return p, len(candidates), ""


# ---------------------------------------------------------------- the AR(1) model

_PHI_BOUNDS = (-0.95, 0.98)  # the AR(1) coefficient searched within these


def _whitening(phi: float, gaps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """AR(1) errors seen on days ``gaps`` apart form a chain: e_i = a_i e_(i−1) + u_i with a_i = φ^gap and
    var(u_i) = 1 − a_i² (the errors' own variance taken as 1). Returns a_i and 1 / sd(u_i), the first score's
    a being 0; whitening is then w_i = (e_i − a_i e_(i−1)) / sd(u_i), exact however many days are missing."""
    a = np.r_[0.0, phi**gaps]
    return a, 1.0 / np.sqrt(1.0 - a**2)


def _whiten(m: np.ndarray, a: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """The whitened rows of ``m`` (a vector or a matrix with one row per score)."""
    shifted = np.zeros_like(m)
    shifted[1:] = m[:-1]
    return (m - (a * shifted.T).T) * scale if m.ndim == 1 else (m - a[:, None] * shifted) * scale[:, None]


def _reml_phi(gaps: np.ndarray, y: np.ndarray, x: np.ndarray) -> float:
    """The AR(1) coefficient maximising the restricted (REML) likelihood, the variance profiled out. REML
    allows for the regression's own coefficients, so φ is not pulled towards 0 as maximum likelihood's is on a
    few weeks of data (at φ = 0.5 and ~50 scores, a trend fitted: 0.46 on average, maximum likelihood 0.37)."""
    n, k = x.shape

    def minus_log_likelihood(phi: float) -> float:
        a, scale = _whitening(phi, gaps)
        xw, yw = _whiten(x, a, scale), _whiten(y, a, scale)
        gram = xw.T @ xw
        beta = np.linalg.solve(gram, xw.T @ yw)
        rss = float(((yw - xw @ beta) ** 2).sum())
        logdet = -2.0 * float(np.log(scale).sum())  # log |R|
        return 0.5 * (logdet + np.linalg.slogdet(gram)[1] + (n - k) * math.log(max(rss, 1e-300) / (n - k)))

    found = optimize.minimize_scalar(minus_log_likelihood, bounds=_PHI_BOUNDS, method="bounded")
    return float(found.x)


def _kenward_roger(days: np.ndarray, y: np.ndarray, x: np.ndarray, phi: float) -> tuple[float, float, float]:
    """The GLS estimate of the level change (column 1 of ``x``), its Kenward–Roger (1997) standard error and the
    Satterthwaite degrees of freedom. The plain GLS standard error treats φ and σ² as known; Kenward and Roger
    add the variance their estimation brings (with the REML information of (σ², φ)), which on a few weeks of
    scores brings the 95 % CI's coverage from 0.88–0.94 to 0.93–0.975 (lowest at φ 0.7)."""
    n, k = x.shape
    lag = np.abs(np.subtract.outer(days, days))
    corr = phi**lag
    with np.errstate(divide="ignore", invalid="ignore"):  # 0 ** negative on the diagonal, masked out
        d_corr = np.where(lag > 0, lag * phi ** (lag - 1), 0.0)
        d2_corr = np.where(lag > 1, lag * (lag - 1) * phi ** (lag - 2), 0.0)
    a, scale = _whitening(phi, np.diff(days))
    whitener = _whiten(np.eye(n), a, scale)  # bidiagonal: whitener.T @ whitener is the inverse of corr
    inv = whitener.T @ whitener
    xi = inv @ x
    beta = np.linalg.solve(x.T @ xi, xi.T @ y)
    resid = _whiten(y - x @ beta, a, scale)
    s2 = max(float(resid @ resid) / (n - k), 1e-12)
    v_inv, v_inv_x = inv / s2, xi / s2
    phi_cov = np.linalg.inv(x.T @ v_inv_x)  # the plain GLS covariance of the coefficients
    d_v = (corr, s2 * d_corr)  # ∂V/∂σ², ∂V/∂φ
    d2_v = {(0, 1): d_corr, (1, 0): d_corr, (1, 1): s2 * d2_corr}
    proj = v_inv - v_inv_x @ phi_cov @ v_inv_x.T
    m = [proj @ d for d in d_v]
    info = np.array([[0.5 * float((m[i] * m[j].T).sum()) for j in range(2)] for i in range(2)])
    w = np.linalg.inv(info)  # the covariance of (σ², φ)
    dv_x = [d @ v_inv_x for d in d_v]
    p_mats = [-v_inv_x.T @ dv_x[i] for i in range(2)]
    adjust = np.zeros((k, k))
    for i, j in itertools.product(range(2), repeat=2):
        q = dv_x[i].T @ (v_inv @ dv_x[j])
        r = v_inv_x.T @ (d2_v[(i, j)] @ v_inv_x) if (i, j) in d2_v else 0.0
        adjust += w[i, j] * (q - p_mats[i] @ phi_cov @ p_mats[j] - 0.25 * r)
    plain = float(phi_cov[1, 1])
    adjusted = max(float((phi_cov + 2 * phi_cov @ adjust @ phi_cov)[1, 1]), plain)
    grad = np.array([-(phi_cov @ p_mats[i] @ phi_cov)[1, 1] for i in range(2)])
    spread = float(grad @ w @ grad)
    df = 2 * plain**2 / spread if spread > 0 else float(n - k)
    return float(beta[1]), math.sqrt(adjusted), min(df, float(n - k))


def _level_change(runner: _Runner, ramp: int, trend: bool) -> tuple[float, float, float, float, float]:
    """The level change after the ramp from a regression of the daily scores with AR(1) errors: estimate,
    lower and upper 95 % limits, the AR(1) coefficient (REML), and the degrees of freedom of the t quantile."""
    keep = (runner.days < runner.start) | (runner.days >= runner.start + ramp)  # the ramp: neither before nor after
    days, y = runner.days[keep].astype(float), runner.scores[keep]
    columns = [np.ones(len(days)), (days >= runner.start + ramp).astype(float)]
    if trend:
        columns.append((days - runner.start) / 7.0)  # the baseline's slope per week, carried on through
    x = np.column_stack(columns)
    if np.ptp(y) == 0:  # the same score every day: nothing varies, so nothing to model
        est = float(np.linalg.lstsq(x, y, rcond=None)[0][1])
        return est, est, est, np.nan, float(len(y) - x.shape[1])
    phi = _reml_phi(np.diff(days), y, x)  # days apart: missing days keep their place
    est, se, df = _kenward_roger(days, y, x, phi)
    half = float(stats.t.ppf(0.975, df)) * se
    return est, est - half, est + half, phi, df


def _more_data(est: float, low: float, high: float, n_base: int, n_after: int, mcid: float) -> str:
    """What would settle an open verdict: about how many more scores after the ramp, if the change holds."""
    se2 = ((high - low) / (2 * _Z)) ** 2
    scale = se2 / (1 / n_base + 1 / n_after)
    room = (est + mcid) ** 2 / (_Z**2 * scale) - 1 / n_base
    needed = math.ceil(1 / room) - n_after if room > 0 else None
    if needed is None or needed > 365:
        return (
            f"the change ({est:+.1f}) sits so close to −{mcid:g} that more scores after the ramp alone would "
            "hardly settle it"
        )
    return f"about {max(needed, 1)} more scores after the ramp (if the change stays near {est:+.1f})"


def _verdict(low: float, high: float, mcid: float) -> str:
    if high < -mcid:
        return CLEAR
    if low > -mcid:
        return SMALLER
    return UNSURE


def _missing(n_base: int, n_after: int, context: str, ramp: int) -> str:
    """What is missing to say anything, or ``""``."""
    gaps = []
    if n_base < MIN_BASELINE:
        gaps.append(
            f"{n_base} {context} score{'s' * (n_base != 1)} before the start ({MIN_BASELINE} needed: a baseline "
            "cannot be added afterwards, so this start cannot answer the question; a new baseline and start can)"
        )
    if n_after < MIN_AFTER:
        gaps.append(
            f"{n_after} {context} score{'s' * (n_after != 1)} after the {ramp}-day ramp ({MIN_AFTER} needed: "
            f"{MIN_AFTER - n_after} more)"
        )
    return "; ".join(gaps)


_COLUMNS = [
    "athlete",
    "design",
    "context",
    "start",
    "ramp_days",
    "n_baseline",
    "n_after",
    "trend_corrected",
    "level_change",
    "ci_low",
    "ci_high",
    "ar1",
    "mcid",
    "mcid_source",
    "verdict",
    "more_data",
    "p_randomisation",
    "n_starts",
    "nap",
    "nap_ci_low",
    "nap_ci_high",
    "tau_bc",
    "reason",
]


def _answer(runner: _Runner, *, context: str, ramp: int, mcid: tuple[float, str, str]) -> dict:
    base, after = runner.phases(runner.start, ramp)
    n_base, n_after = int(base.sum()), int(after.sum())
    row = dict.fromkeys(_COLUMNS, np.nan)
    row.update(
        athlete=runner.athlete,
        design=RANDOMISED if runner.candidates is not None else CHOSEN,
        context=context,
        start=runner.first + pd.Timedelta(days=runner.start),
        ramp_days=ramp,
        n_baseline=n_base,
        n_after=n_after,
        trend_corrected=False,
        mcid=mcid[0],
        mcid_source=mcid[1],
        verdict=UNSURE,
        more_data="",
        n_starts=0 if runner.candidates is None else len(runner.candidates),
        reason="",
    )
    missing = _missing(n_base, n_after, context, ramp)
    if missing:
        row.update(reason="not enough data: " + missing, more_data=missing)
        return row
    trend = n_base >= MIN_TREND
    est, low, high, phi, _df = _level_change(runner, ramp, trend)
    verdict = _verdict(low, high, mcid[0])
    p, n_starts, why = _randomisation_p(runner, ramp)
    described = nonoverlap(runner.scores[base], runner.scores[after]).iloc[0]
    tau_bc = (
        baseline_corrected_tau(
            runner.scores[base],
            runner.scores[after],
            baseline_times=runner.days[base],
            after_times=runner.days[after],
        )
        if trend
        else np.nan
    )
    reasons = [] if trend else [f"{n_base} baseline scores: no trend correction ({MIN_TREND} needed)"]
    if why:
        reasons.append(why)
    row.update(
        trend_corrected=trend,
        level_change=est,
        ci_low=low,
        ci_high=high,
        ar1=phi,
        verdict=verdict,
        more_data=_more_data(est, low, high, n_base, n_after, mcid[0]) if verdict == UNSURE else "",
        p_randomisation=p,
        n_starts=n_starts,
        nap=described["nap"],
        nap_ci_low=described["nap_ci_low"],
        nap_ci_high=described["nap_ci_high"],
        tau_bc=tau_bc,
        reason="; ".join(reasons),
    )
    return row


def routine_effect(
    pain: pd.DataFrame,
    starts: pd.DataFrame,
    *,
    context: str = "morning",
    ramp_days: int = 14,
    mcid: str | float = "crossley2004",
) -> pd.DataFrame:
    """Did the routine help each runner? The change in the level of daily pain once the routine took hold,
    with its 95 % CI, read against the MCID; and, where the start was drawn at random, the randomisation test.

    **The model.** One score a day in one ``context`` (a day's scores are averaged) from the first score to the
    last, missing days left missing so the days stay evenly spaced; the ``ramp_days`` from the start are left
    out (the routine takes time to work). A regression of the daily scores with AR(1) errors estimates the
    level after the ramp minus the level before the start: generalised least squares with the errors'
    correlation φ^(days apart), built on the dates themselves, so missing days need no filling in. With 10
    baseline scores or more it also fits the baseline's slope and carries it on through: the change is then
    measured against where the knee was heading anyway, so a knee healing on its own does not count as the
    routine working.

    **The CI** is built for a few weeks of whole-number scores. φ is estimated by restricted maximum likelihood
    (REML): maximum likelihood — what a state-space fit such as statsmodels' SARIMAX gives — pulls φ towards 0
    on ~50 scores with a trend fitted (0.37 on average for a true 0.5), which shrinks the standard error. The
    standard error then adds the uncertainty of φ and the variance (Kenward & Roger 1997), and the t quantile
    takes Satterthwaite's degrees of freedom. In simulated runners (70 days, 15 % unscored, 14–21 days of
    baseline, a 14-day ramp, φ 0.3, 0.5 and 0.7, 400 runners a setting) the 95 % CI covered the true change
    0.93–0.975 of the time (0.954 on average), on continuous and on whole-number scores alike; the
    maximum-likelihood AR(1) fit with its plain standard error covered it 0.81–0.92 of the time, and REML
    with the plain standard error 0.88–0.94. Rounding to whole numbers adds a little measurement noise
    (strictly an ARMA(1,1) error); the AR(1) fit absorbs it with coverage kept, and an extra noise term was
    no better and much slower. The price of an honest CI is its width: a single runner's change of −1.5
    points has a CI wholly below 0 about one time in five.

    **The verdict** (lower pain is better): ``"clear improvement of at least the MCID"`` when the whole CI lies
    below −MCID; ``"a change smaller than the MCID"`` when it lies wholly above −MCID (a rise in pain
    included); ``"cannot tell yet"`` otherwise, with ``more_data`` saying about how many more scores after the
    ramp would settle it if the estimate held.

    **The MCID** defaults to Crossley et al. 2004: 2 points (2 cm of a 10 cm VAS) in patellofemoral pain. It is
    the kit's figure elsewhere (:func:`pain_change`), it comes from runners' own condition, and as the larger
    of the patellofemoral figures it makes "clear improvement" — the claim a knee healing on its own must not
    earn — the harder one to reach. ``"piva2009"`` (1.16 NPRS points, patellofemoral pain) and
    ``"farrar2001"`` (2 points or 30 %, "much improved", chronic pain) are the alternatives (:func:`pain_mcids`).

    **The randomisation test** (Edgington): when the start was drawn at random from admissible dates, the
    statistic — the mean after the ramp minus the mean before the start — is recomputed for every admissible
    start; p is the share of them with a statistic at least as low as the real one's. It is exact and needs no
    model, but can be no smaller than 1 / (number of admissible starts).

    Parameters
    ----------
    pain : DataFrame
        Pain scores (:func:`kneecare_analysis.load_pain_log`): ``athlete``, ``date``, ``pain``, ``context``.
    starts : DataFrame
        One row per athlete: ``athlete``, ``start`` (the routine's first day) and, when the start was drawn at
        random, ``admissible_from`` and ``admissible_to`` (the dates it was drawn from, inclusive) and
        optionally ``randomised`` (by default: both admissible dates given).
    context : str
        The one moment of the day whose scores count (``"morning"``).
    ramp_days : int
        Days from the start left out of the estimate (14).
    mcid : str or float
        ``"crossley2004"`` (2 points), ``"piva2009"`` (1.16) or ``"farrar2001"`` (2), or a number of points.

    Returns
    -------
    DataFrame
        One row per athlete of ``starts``: ``athlete``, ``design`` (``"randomised AB"`` or ``"AB, start chosen
        by the runner"``), ``context``, ``start``, ``ramp_days``, ``n_baseline`` (days scored before the start),
        ``n_after`` (days scored after the ramp), ``trend_corrected`` (whether a baseline slope was fitted),
        ``level_change`` (points; below 0 is less pain), ``ci_low``, ``ci_high`` (its 95 % CI), ``ar1`` (the
        errors' day-to-day autocorrelation, REML), ``mcid`` (points), ``mcid_source``, ``verdict``, ``more_data`` (what
        would settle a "cannot tell yet"), ``p_randomisation`` (one-sided, lower pain; NaN unless randomised),
        ``n_starts`` (admissible starts), ``nap``, ``nap_ci_low``, ``nap_ci_high`` (NAP of the after-ramp scores
        on the baseline's, 1 = every score lower; Newcombe's CI, which assumes independent scores),
        ``tau_bc`` (baseline-corrected Tau; only with 10 baseline scores), ``reason`` (what is missing, or what
        was not done and why). Below 5 baseline scores or 5 scores after the ramp the numbers are NaN, the
        verdict is "cannot tell yet" and ``reason`` says what is missing.

    Examples
    --------
    A runner scoring each morning, 3 weeks of baseline, the start drawn from 8 admissible days, pain 1.5 points
    lower once the routine took hold:

    >>> import numpy as np, pandas as pd
    >>> import kneecare_analysis as kc
    >>> rng = np.random.default_rng(7)
    >>> days = pd.date_range("2026-03-01", periods=63)
    >>> level = np.where(days >= "2026-04-05", 3.5, 5.0)  # start 22 March + 14-day ramp
    >>> pain = pd.DataFrame({"athlete": "Sam", "date": days, "context": "morning",
    ...                      "pain": np.round(level + rng.normal(0, 0.8, 63))})
    >>> starts = pd.DataFrame({"athlete": ["Sam"], "start": ["2026-03-22"],
    ...                        "admissible_from": ["2026-03-15"], "admissible_to": ["2026-03-22"]})
    >>> out = kc.routine_effect(pain, starts)
    >>> out[["design", "n_baseline", "n_after", "trend_corrected"]]
              design  n_baseline  n_after  trend_corrected
    0  randomised AB          21       28             True
    >>> out[["level_change", "ci_low", "ci_high", "p_randomisation", "nap"]].round(2)
       level_change  ci_low  ci_high  p_randomisation   nap
    0         -1.02    -2.1     0.06              0.5  0.84

    The CI reaches past −2 (the default MCID) and past 0: four weeks after the ramp cannot yet tell a change
    that matters from none. With 8 admissible starts the randomisation p can be no lower than 1/8.

    >>> print(out["verdict"].iloc[0])
    cannot tell yet
    >>> print(out["more_data"].iloc[0])
    about 20 more scores after the ramp (if the change stays near -1.0)
    >>> print(out["mcid_source"].iloc[0])
    Crossley 2004: 2 points (2 cm on a 10 cm VAS), patellofemoral pain

    Too little baseline is said, not guessed:

    >>> kc.routine_effect(pain[pain["date"] >= "2026-03-19"], starts)["reason"].iloc[0]
    'not enough data: 3 morning scores before the start (5 needed: a baseline cannot be added afterwards, so \
this start cannot answer the question; a new baseline and start can)'
    """
    by = "routine_effect"
    check_number(ramp_days, by=by, name="ramp_days", low=0, whole=True)
    chosen = _mcid(mcid, by=by)
    runners = _runners(pain, starts, context, by=by)
    rows = [_answer(r, context=context, ramp=int(ramp_days), mcid=chosen) for r in runners]
    out = pd.DataFrame(rows, columns=_COLUMNS)
    return out.astype({"n_baseline": int, "n_after": int, "n_starts": int, "trend_corrected": bool})


def squad_randomisation_test(
    pain: pd.DataFrame,
    starts: pd.DataFrame,
    *,
    context: str = "morning",
    ramp_days: int = 14,
    max_exact: int = 1_000_000,
    draws: int = 10_000,
    seed: int = 0,
) -> pd.DataFrame:
    """The squad's randomisation test for staggered random starts (a randomised multiple-baseline design): the
    sum over athletes of each one's statistic (mean after the ramp minus mean before the start), against the
    sums of every combination of admissible starts.

    Each athlete's start is taken to have been drawn on its own from that athlete's admissible dates. The
    distribution is exact — every combination — when there are at most ``max_exact`` of them; beyond, a Monte
    Carlo of ``draws`` combinations with the fixed ``seed``, p = (1 + draws as low) / (1 + ``draws``).

    Parameters
    ----------
    pain : DataFrame
        Pain scores (:func:`kneecare_analysis.load_pain_log`).
    starts : DataFrame
        As for :func:`routine_effect`; only randomised athletes with enough data take part.
    context : str
        The one moment of the day whose scores count.
    ramp_days : int
        Days from each start left out.
    max_exact : int
        The most combinations enumerated exactly.
    draws : int
        Monte Carlo draws beyond that.
    seed : int
        The Monte Carlo's seed.

    Returns
    -------
    DataFrame
        One row: ``n_athletes`` (taking part), ``athletes`` (their names), ``statistic`` (the sum, points; lower
        is better), ``p`` (one-sided), ``method`` (``"exact"`` or ``"Monte Carlo"``), ``n_combinations`` (of
        admissible starts), ``draws`` (0 when exact), ``seed`` (NaN when exact), ``left_out`` (each athlete not
        taking part, with why), ``reason`` (why there is no p, or ``""``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import kneecare_analysis as kc
    >>> rng = np.random.default_rng(3)
    >>> days = pd.date_range("2026-03-01", periods=56)
    >>> frames, rows = [], []
    >>> for k, name in enumerate(["Ana", "Ben", "Kai"]):
    ...     start = pd.Timestamp("2026-03-15") + pd.Timedelta(days=3 * k)
    ...     level = np.where(days >= start + pd.Timedelta(days=14), 3.5, 5.0)
    ...     frames.append(pd.DataFrame({"athlete": name, "date": days, "context": "morning",
    ...                                 "pain": level + rng.normal(0, 0.8, 56)}))
    ...     rows.append({"athlete": name, "start": start, "admissible_from": pd.Timestamp("2026-03-12"),
    ...                  "admissible_to": pd.Timestamp("2026-03-24")})
    >>> out = kc.squad_randomisation_test(pd.concat(frames), pd.DataFrame(rows))
    >>> out[["n_athletes", "method", "n_combinations", "draws"]]
       n_athletes method  n_combinations  draws
    0           3  exact            2197      0
    >>> round(float(out["p"].iloc[0]), 4)
    0.0583
    """
    by = "squad_randomisation_test"
    check_number(ramp_days, by=by, name="ramp_days", low=0, whole=True)
    check_number(max_exact, by=by, name="max_exact", low=1, whole=True)
    check_number(draws, by=by, name="draws", low=1, whole=True)
    check_number(seed, by=by, name="seed", low=0, whole=True)
    ramp = int(ramp_days)
    taking_part, left_out = [], []
    for runner in _runners(pain, starts, context, by=by):
        base, after = runner.phases(runner.start, ramp)
        missing = _missing(int(base.sum()), int(after.sum()), context, ramp)
        if runner.candidates is None:
            left_out.append(f"{runner.athlete}: start chosen, not drawn")
        elif runner.start not in set(runner.candidates.tolist()):
            left_out.append(f"{runner.athlete}: start outside its admissible dates")
        elif missing:
            left_out.append(f"{runner.athlete}: {missing}")
        else:
            taking_part.append(runner)
    row = {
        "n_athletes": len(taking_part),
        "athletes": ", ".join(r.athlete for r in taking_part),
        "statistic": np.nan,
        "p": np.nan,
        "method": "",
        "n_combinations": 0,
        "draws": 0,
        "seed": np.nan,
        "left_out": "; ".join(left_out),
        "reason": "",
    }
    if not taking_part:
        row["reason"] = "no athlete with a randomised start and enough data"
        return pd.DataFrame([row])
    # a start that leaves a phase empty is +inf: never as low as the real one (the p can only rise)
    tables = [np.nan_to_num(_start_statistics(r, r.candidates, ramp), nan=np.inf) for r in taking_part]
    observed = float(sum(_start_statistics(r, np.array([r.start]), ramp)[0] for r in taking_part))
    combinations = math.prod(len(t) for t in tables)
    row.update(statistic=observed, n_combinations=combinations)
    if combinations <= max_exact:
        sums = tables[0]
        for table in tables[1:]:
            sums = np.add.outer(sums, table).ravel()
        row.update(p=float(np.mean(sums <= observed + 1e-9)), method="exact")
    else:
        rng = np.random.default_rng(int(seed))
        sums = sum(t[rng.integers(0, len(t), size=int(draws))] for t in tables)
        as_low = int(np.sum(sums <= observed + 1e-9))
        row.update(p=(1 + as_low) / (1 + int(draws)), method="Monte Carlo", draws=int(draws), seed=int(seed))
    return pd.DataFrame([row])
