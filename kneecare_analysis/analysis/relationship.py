"""Does doing the routine go with less pain? Spearman ρ per athlete (same week and a week later), and the
repeated-measures correlation across athletes (Bakdash & Marusich 2017).

These are associations, not causes: a runner may do the routine more when the knee hurts, or less, and a knee
that heals while a habit grows or fades makes two trends that correlate with no link between them. So, by
default, both views hold the program week constant (the trend) and say so; the raw ρ stands beside the
headline one, computed on the same weeks.

- **ρ**: Spearman's ρ, or with ``trend``/``covar`` the partial Spearman ρ (the Pearson correlation of the
  ranks' residuals after a least-squares fit on the ranks of the program week and ``covar``).
- **p**: a t-test on the *effective* number of weeks (Pyper & Peterman 1998, eq. 1):
  1/n* = 1/n + (2/n)·Σ_{j=1}^{⌊n/5⌋} ρ_xx(j)·ρ_yy(j), the autocorrelations of the two series compared (the
  ranks, or their residuals) at lag j estimated as (n/(n − j))·Σ_t (x_t − x̄)(x_{t+j} − x̄) / Σ_t (x_t − x̄)²,
  n* kept between k + 3 and n (k the variables held constant); t = ρ·√(df/(1 − ρ²)) on df = n* − 2 − k.
- **95 % CI**: Fisher's z with Bonett & Wright's (2000) standard error for Spearman's ρ,
  √((1 + ρ²/2)/(n* − 3 − k)); the whole range −1 to 1 when n* − 3 − k < 1 (too few independent weeks).
- **Across athletes** (the coach's table): Holm's adjustment of each p over the athletes with one (``p_adj``).

>>> import kneecare_analysis as kc
>>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()
>>> round(kc.relationship(summary).attrs["cohort"]["r"], 2)
-0.15
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .inputs import WEEKLY_SUMMARY, check_frame, check_number

MIN_WEEKS = 5
MIN_ATHLETES = 3
TREND = "program_week"
N_BOOT = 2000
RM_ASSUMPTIONS = (
    "one common within-athlete slope; each athlete's own level (and trend, when held constant); weeks "
    "independent given the athlete (p and ci95 assume it; p_eff counts each athlete's effective weeks; the "
    "athlete bootstrap interval lets athletes differ)"
)


def holm(p: pd.Series | np.ndarray) -> np.ndarray:
    """Holm's (1979) step-down adjustment of p-values; NaN stays NaN and is not counted.

    >>> holm(np.array([0.01, 0.04, np.nan, 0.03])).round(2).tolist()
    [0.03, 0.06, nan, 0.06]
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    known = np.flatnonzero(~np.isnan(p))
    order = known[np.argsort(p[known], kind="stable")]
    m = len(order)
    adjusted = np.maximum.accumulate(p[order] * (m - np.arange(m)))
    out[order] = np.minimum(adjusted, 1.0)
    return out


def _acf(v: np.ndarray, lags: int) -> np.ndarray:
    """Autocorrelations at lags 1..``lags``, with Pyper & Peterman's n/(n − j) factor."""
    n = len(v)
    d = v - v.mean()
    den = float(d @ d)
    if den == 0:
        return np.zeros(lags)
    return np.array([n / (n - j) * float(d[:-j] @ d[j:]) / den for j in range(1, lags + 1)])


def effective_n(x: np.ndarray, y: np.ndarray) -> float:
    """Pyper & Peterman's (1998) effective number of pairs of two series in time order, at most ``len(x)``.

    >>> t = np.arange(20.0)
    >>> round(effective_n(t, t), 1), effective_n(t, np.tile([1.0, -1.0], 10))
    (4.2, 20.0)
    """
    n = len(x)
    lags = n // 5
    if lags < 1:
        return float(n)
    weights = (n - np.arange(1, lags + 1)) / n  # 1/n* = 1/n + (2/n) Σ_j ((n − j)/n) ρxx(j) ρyy(j), j ≤ n/5
    s = float(np.sum(weights * _acf(np.asarray(x, float), lags) * _acf(np.asarray(y, float), lags)))
    inverse = 1 / n + 2 / n * s
    return float(n) if inverse <= 1 / n else min(float(n), 1 / inverse)


def _residuals(v: np.ndarray, design: np.ndarray) -> np.ndarray:
    coef, *_ = np.linalg.lstsq(design, v, rcond=None)
    return v - design @ coef


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    den = np.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b) / den if den > 1e-12 else np.nan


def _test(r: float, n_eff: float, k: int) -> tuple[float, float, float]:
    """p (t on n* − 2 − k df) and the 95 % CI (Fisher z, Bonett–Wright SE on n* − 3 − k)."""
    from scipy import stats

    df = n_eff - 2 - k
    r_c = float(np.clip(r, -1 + 1e-12, 1 - 1e-12))
    p = float(2 * stats.t.sf(abs(r_c) * np.sqrt(df / (1 - r_c**2)), df))
    if n_eff - 3 - k < 1:
        return p, -1.0, 1.0
    se = np.sqrt((1 + r_c**2 / 2) / (n_eff - 3 - k))
    z = np.arctanh(r_c)
    return p, float(np.tanh(z - 1.959963984540054 * se)), float(np.tanh(z + 1.959963984540054 * se))


_EMPTY = {"rho": np.nan, "rho_low": np.nan, "rho_high": np.nan, "p": np.nan, "n_eff": np.nan}
_EMPTY_RAW = {"rho_raw": np.nan, "rho_raw_low": np.nan, "rho_raw_high": np.nan, "p_raw": np.nan}


def association(x, y, held: pd.DataFrame | None = None, *, min_weeks: int = MIN_WEEKS, what: str = "") -> dict:
    """Spearman's ρ of ``x`` and ``y`` (in time order), partial on the columns of ``held`` when it has any,
    with the raw ρ on the same pairs: ``rho, rho_low, rho_high, p, n_eff, rho_raw, rho_raw_low, rho_raw_high,
    p_raw, reason`` (the module says how each is computed).

    >>> x, y = pd.Series([1, 3, 2, 5, 4, 6, 8, 7.0]), pd.Series([2, 1, 4, 3, 6, 5, 8, 7.0])
    >>> row = association(x, y, pd.DataFrame({"week": range(1, 9)}))
    >>> [round(float(row[k]), 2) for k in ("rho_raw", "p_raw", "rho", "p", "n_eff")]
    [0.79, 0.1, -0.34, 0.78, 4.0]
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    z = np.empty((len(x), 0)) if held is None else held.to_numpy(float)
    k = z.shape[1]
    n = len(x)
    out = {**_EMPTY, **_EMPTY_RAW, "reason": ""}
    needed = max(min_weeks, k + 4)
    if n < needed:
        out["reason"] = f"only {n} week{'s' if n != 1 else ''} with both {what} ({needed} needed)"
        return out
    if len(np.unique(x)) < 2 or len(np.unique(y)) < 2:
        out["reason"] = "adherence was the same every week" if len(np.unique(x)) < 2 else "pain was the same every week"
        return out
    from scipy.stats import rankdata

    rx, ry = rankdata(x), rankdata(y)
    raw = _corr(rx, ry)
    p_raw, lo_raw, hi_raw = _test(raw, max(effective_n(rx, ry), 3.0), 0)
    out.update(rho_raw=raw, rho_raw_low=lo_raw, rho_raw_high=hi_raw, p_raw=p_raw)
    if k:
        design = np.column_stack([np.ones(n), np.apply_along_axis(rankdata, 0, z)])
        ex, ey = _residuals(rx, design), _residuals(ry, design)
        if min(float(ex @ ex), float(ey @ ey)) < 1e-9 * n:
            out["reason"] = "adherence or pain ranks exactly as what is held constant: nothing is left to correlate"
            return out
    else:
        ex, ey = rx, ry
    rho = _corr(ex, ey)
    n_eff = max(effective_n(ex, ey), k + 3.0)
    p, lo, hi = _test(rho, n_eff, k)
    out.update(rho=rho, rho_low=lo, rho_high=hi, p=p, n_eff=n_eff)
    return out


def _held(trend: bool, covar: str | None) -> list[str]:
    return ([TREND] if trend else []) + ([covar] if covar is not None else [])


def _held_words(held: list[str]) -> str:
    words = {TREND: "program week"}
    return " and ".join(words.get(h, h) for h in held) or "nothing"


COLUMNS = [
    "athlete",
    "held_constant",
    "n",
    "rho",
    "rho_low",
    "rho_high",
    "p",
    "p_adj",
    "n_eff",
    "rho_raw",
    "rho_raw_low",
    "rho_raw_high",
    "p_raw",
    "n_lag1",
    "rho_lag1",
    "rho_lag1_low",
    "rho_lag1_high",
    "p_lag1",
    "p_lag1_adj",
    "rho_raw_lag1",
    "p_raw_lag1",
    "reason",
]


def _athlete_row(s: pd.DataFrame, *, x: str, y: str, held: list[str], min_weeks: int) -> dict:
    s = s.sort_values("week_start")
    both = s[s[[x, y, *held]].notna().all(axis=1)]  # the same weeks for the raw and the partial ρ
    same = association(both[x], both[y], both[held], min_weeks=min_weeks, what=_what(held))
    nxt = s.set_index("week_start")[[y]]
    nxt.index = nxt.index - pd.Timedelta(days=7)
    pairs = s.set_index("week_start")[[x, *held]].join(nxt.add_suffix("_next")).dropna()
    lag = association(pairs[x], pairs[f"{y}_next"], pairs[held], min_weeks=min_weeks, what=_what(held, lag=True))
    reason, reason1 = same["reason"], lag["reason"]
    reasons = "; ".join(
        dict.fromkeys(r for r in (reason, f"lag 1: {reason1}" if reason1 and reason1 != reason else "") if r)
    )
    row = {k: v for k, v in same.items() if k != "reason"}
    row.update(
        n=len(both),
        n_lag1=len(pairs),
        rho_lag1=lag["rho"],
        rho_lag1_low=lag["rho_low"],
        rho_lag1_high=lag["rho_high"],
        p_lag1=lag["p"],
        rho_raw_lag1=lag["rho_raw"],
        p_raw_lag1=lag["p_raw"],
        reason=reasons,
    )
    return row


def _what(held: list[str], *, lag: bool = False) -> str:
    pain = "next week's pain" if lag else "pain"
    extra = [h.replace("_", " ") for h in held if h != TREND]
    return ", ".join(["adherence", *extra[:-1]]) + (f", {pain} and {extra[-1]}" if extra else f" and {pain}")


def relationship(
    summary: pd.DataFrame,
    *,
    x: str = "dose_adherence",
    y: str = "pain_mean",
    trend: bool = True,
    covar: str | None = None,
    min_weeks: int = MIN_WEEKS,
) -> pd.DataFrame:
    """Per athlete, whether weeks with more routine went with less pain: Spearman's ρ, the same week and a
    week later, by default with the program week held constant so that two trends (a knee that heals, a habit
    that grows or fades) do not pass for a link. An association, not a cause.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary (:func:`kneecare_analysis.weekly_summary`).
    x, y : str
        The columns compared: ``dose_adherence`` and ``pain_mean``.
    trend : bool
        Hold the program week constant (True, the default); False gives the raw ρ as the headline.
    covar : str, optional
        ``"run_km"`` or ``"srpe_load"`` (a summary made with runs): held constant too.
    min_weeks : int
        The fewest weeks with every figure for a ρ (5; at least 3, and 4 + the variables held constant).

    Returns
    -------
    DataFrame
        One row per athlete: ``athlete``; ``held_constant`` (in words: ``"program week"``, ``"nothing"``…);
        ``n`` (the weeks with adherence, pain and what is held constant: both ρ are computed on them);
        ``rho`` (the headline: partial on what is held constant), ``rho_low``, ``rho_high`` (its 95 % CI),
        ``p`` (on the effective number of weeks), ``p_adj`` (Holm over the athletes), ``n_eff``;
        ``rho_raw``, ``rho_raw_low``, ``rho_raw_high``, ``p_raw`` (plain Spearman on the same weeks);
        ``n_lag1``, ``rho_lag1``, ``rho_lag1_low``, ``rho_lag1_high``, ``p_lag1``, ``p_lag1_adj``,
        ``rho_raw_lag1``, ``p_raw_lag1`` (adherence in week w against pain in week w + 1, held constant as
        in week w); ``reason`` (why a ρ is missing). ``attrs["cohort"]`` holds :func:`cohort_relationship`'s
        row as a dict (with ``covar_note`` when ``covar`` is given).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()
    >>> kc.relationship(summary)[["athlete", "n", "rho", "rho_low", "rho_high", "p", "rho_raw"]].head(3).round(2)
      athlete   n   rho  rho_low  rho_high     p  rho_raw
    0     Ana  16 -0.28    -0.71      0.30  0.33    -0.33
    1     Ben  16 -0.27    -0.73      0.36  0.39    -0.33
    2   Chloe  16 -0.05    -0.56      0.49  0.87    -0.02
    """
    check_frame(summary, WEEKLY_SUMMARY, by="relationship", columns=["athlete", "week_start", x, y])
    check_number(min_weeks, by="relationship", name="min_weeks", low=3, whole=True)
    if covar is not None and covar not in summary:
        raise ValueError(f"no {covar!r} column in the summary: make it with runs= (weekly_summary(…, runs=…))")
    held = _held(trend, covar)
    if trend:
        check_frame(summary, WEEKLY_SUMMARY, by="relationship", columns=[TREND], hint="or pass trend=False")
    rows = [
        {"athlete": athlete, **_athlete_row(s, x=x, y=y, held=held, min_weeks=min_weeks)}
        for athlete, s in summary.groupby(summary["athlete"].astype(str), sort=True)
    ]
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("held_constant", "p_adj", "p_lag1_adj")])
    out.insert(1, "held_constant", _held_words(held))
    out.insert(out.columns.get_loc("p") + 1, "p_adj", holm(out["p"]))
    out.insert(out.columns.get_loc("p_lag1") + 1, "p_lag1_adj", holm(out["p_lag1"]))
    out["n"] = out["n"].astype(int)
    out["n_lag1"] = out["n_lag1"].astype(int)
    cohort = cohort_relationship(summary, x=x, y=y, trend=trend).iloc[0].to_dict()
    if covar is not None:
        cohort["covar_note"] = f"the repeated-measures correlation is not adjusted for {covar}; each athlete's rho is"
    out.attrs["cohort"] = cohort
    return out[COLUMNS]


def _within(data: pd.DataFrame, x: str, y: str, trend: bool) -> pd.DataFrame:
    """Each athlete's ``x`` and ``y`` less their own mean, or less their own straight line on the program week."""
    g = data.groupby("athlete", sort=True)
    cx = data[x] - g[x].transform("mean")
    cy = data[y] - g[y].transform("mean")
    if trend:
        ct = data[TREND] - g[TREND].transform("mean")
        stt = (ct * ct).groupby(data["athlete"]).transform("sum")
        with np.errstate(divide="ignore", invalid="ignore"):
            bx = (ct * cx).groupby(data["athlete"]).transform("sum") / stt
            by = (ct * cy).groupby(data["athlete"]).transform("sum") / stt
        cx, cy = cx - (bx * ct).fillna(0.0), cy - (by * ct).fillna(0.0)
    return pd.DataFrame({"athlete": data["athlete"], "ex": cx, "ey": cy})


def cohort_relationship(
    summary: pd.DataFrame,
    *,
    x: str = "dose_adherence",
    y: str = "pain_mean",
    trend: bool = True,
    n_boot: int = N_BOOT,
    seed: int = 0,
) -> pd.DataFrame:
    """Across a squad: within each athlete, did weeks with more routine go with less pain? The repeated-measures
    correlation (Bakdash & Marusich 2017): the correlation of each athlete's weeks around their own mean (with
    ``trend``, around their own straight line on the program week), one slope common to all.

    Its assumptions: one within-athlete slope shared by every athlete, each athlete their own level (and, with
    ``trend``, their own trend), and weeks independent of each other given the athlete. ``p`` and ``ci95_*``
    rest on that last one, which weekly series rarely meet (they are pingouin's ``rm_corr``'s); ``p_eff``
    counts each athlete's weeks as their effective number (Pyper & Peterman 1998, on the athlete's residual
    series, as :func:`relationship`) instead; ``boot_low``/``boot_high`` resample whole athletes (a cluster
    bootstrap, percentile, ``n_boot`` draws with ``seed``), so that the spread between athletes counts, though
    not the autocorrelation within each. Read ``p_eff`` and the bootstrap interval.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary of 3 athletes or more.
    x, y : str
        The columns compared: ``dose_adherence`` and ``pain_mean``.
    trend : bool
        Take each athlete's own straight line on ``program_week`` out first (True, the default).
    n_boot : int
        Bootstrap draws of athletes (2000; 0 for none).
    seed : int
        The bootstrap's seed.

    Returns
    -------
    DataFrame
        One row: ``n_athletes`` and ``n_obs`` (athletes with 2 weeks of both, 3 with ``trend``, and their
        weeks), ``held_constant`` (``"each athlete's level"`` or ``"each athlete's level and trend"``), ``r``,
        ``dof`` (n_obs − n_athletes − 1, less n_athletes more with ``trend``), ``p``, ``dof_eff``, ``p_eff``
        (on the athletes' effective weeks), ``ci95_low``, ``ci95_high`` (Fisher z on dof − 3, as pingouin's
        ``rm_corr``), ``boot_low``, ``boot_high`` (athlete bootstrap), ``assumptions`` (in words) and ``note``
        (why there is no ``r``: fewer than 3 athletes).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()
    >>> kc.cohort_relationship(summary)[["n_athletes", "n_obs", "r", "ci95_low", "boot_low", "boot_high"]].round(2)
       n_athletes  n_obs     r  ci95_low  boot_low  boot_high
    0          12    174 -0.15     -0.31     -0.27      -0.02
    """
    needed = ["athlete", x, y] + ([TREND] if trend else [])
    check_frame(summary, WEEKLY_SUMMARY, by="cohort_relationship", columns=needed)
    check_number(n_boot, by="cohort_relationship", name="n_boot", low=0, whole=True)
    check_number(seed, by="cohort_relationship", name="seed", low=0, whole=True)
    order = [c for c in ("week_start", TREND) if c in summary][:1]  # time order within each athlete
    data = summary.loc[summary[needed].notna().all(axis=1), [*dict.fromkeys(needed + order)]].copy()
    data["athlete"] = data["athlete"].astype(str)
    data = data.sort_values(["athlete", *order], kind="stable")
    counts = data.groupby("athlete").size()
    least = 3 if trend else 2
    data = data[data["athlete"].isin(counts[counts >= least].index)]
    k = data["athlete"].nunique()
    row = {"n_athletes": k, "n_obs": len(data)}
    row["held_constant"] = "each athlete's level" + (" and trend" if trend else "")
    row.update(r=np.nan, dof=np.nan, p=np.nan, dof_eff=np.nan, p_eff=np.nan, ci95_low=np.nan, ci95_high=np.nan)
    row.update(boot_low=np.nan, boot_high=np.nan)
    row.update(assumptions=RM_ASSUMPTIONS, note="")
    if k < MIN_ATHLETES:
        row["note"] = (
            f"a repeated-measures correlation needs {MIN_ATHLETES} athletes or more with {least} weeks of both "
            f"adherence and pain (here {k}); see each athlete's rho instead"
        )
        return pd.DataFrame([row])
    from scipy import stats

    w = _within(data, x, y, trend)
    sums = pd.DataFrame({"xy": w["ex"] * w["ey"], "xx": w["ex"] ** 2, "yy": w["ey"] ** 2}).groupby(w["athlete"]).sum()
    r = _ratio(sums["xy"].sum(), sums["xx"].sum(), sums["yy"].sum())
    per = 2 if trend else 1  # the parameters each athlete takes: a level, and a slope with trend
    dof = len(data) - k * per - 1
    r_c = float(np.clip(r, -1 + 1e-12, 1 - 1e-12))
    p = float(2 * stats.t.sf(abs(r_c) * np.sqrt(dof / (1 - r_c**2)), dof))
    # each athlete's weeks count as their effective number (Pyper & Peterman), at least one more than per
    n_eff = sum(max(effective_n(g["ex"].to_numpy(), g["ey"].to_numpy()), per + 1.0) for _, g in w.groupby("athlete"))
    dof_eff = max(n_eff - k * per - 1, 1.0)
    p_eff = float(2 * stats.t.sf(abs(r_c) * np.sqrt(dof_eff / (1 - r_c**2)), dof_eff))
    half = 1.959963984540054 / np.sqrt(dof - 3) if dof > 3 else np.inf
    row.update(r=r, dof=float(dof), p=p, dof_eff=dof_eff, p_eff=p_eff)
    row.update(ci95_low=float(np.tanh(np.arctanh(r_c) - half)), ci95_high=float(np.tanh(np.arctanh(r_c) + half)))
    if n_boot:
        draws = np.random.default_rng(seed).multinomial(k, np.full(k, 1 / k), size=n_boot).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            boot = (
                draws @ sums["xy"].to_numpy() / np.sqrt(draws @ sums["xx"].to_numpy() * (draws @ sums["yy"].to_numpy()))
            )
        low, high = np.nanpercentile(boot, [2.5, 97.5])
        row.update(boot_low=float(low), boot_high=float(high))
    return pd.DataFrame([row])


def _ratio(xy: float, xx: float, yy: float) -> float:
    den = np.sqrt(xx * yy)
    return float(xy / den) if den > 0 else np.nan
