"""Does doing the routine go with less pain? Spearman ρ per athlete (same week and a week later), and the
repeated-measures correlation across athletes (Bakdash & Marusich 2017) through pingouin's ``rm_corr``.

These are associations, not causes: a runner may do the routine more when the knee hurts, or less.

>>> import kneecare_analysis as kc
>>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()
>>> round(kc.relationship(summary).attrs["cohort"]["r"], 2)
-0.33
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .inputs import WEEKLY_SUMMARY, check_frame, check_number

MIN_WEEKS = 5
MIN_ATHLETES = 3


def _spearman(x: pd.Series, y: pd.Series, *, min_weeks: int, what: str) -> tuple[float, float, str]:
    from scipy.stats import spearmanr

    n = len(x)
    if n < min_weeks:
        return np.nan, np.nan, f"only {n} week{'s' if n != 1 else ''} with both {what} ({min_weeks} needed)"
    if x.nunique() < 2:
        return np.nan, np.nan, "adherence was the same every week"
    if y.nunique() < 2:
        return np.nan, np.nan, "pain was the same every week"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spearmanr(x, y)
    return float(result.statistic), float(result.pvalue), ""


def partial_spearman(x: pd.Series, y: pd.Series, z: pd.Series, *, min_weeks: int = MIN_WEEKS):
    """Spearman's ρ of ``x`` and ``y`` with ``z`` held constant — the partial correlation of their ranks,
    ρ_xy·z = (ρ_xy − ρ_xz ρ_yz) / √((1 − ρ_xz²)(1 − ρ_yz²)), with its t-test on n − 3 degrees of freedom —
    through pingouin's ``partial_corr``. Returns ``(rho, p, reason)``."""
    import pingouin

    n = len(x)
    if n < min_weeks:
        return (
            np.nan,
            np.nan,
            f"only {n} week{'s' if n != 1 else ''} with adherence, pain and load ({min_weeks} needed)",
        )
    if min(pd.Series(v).nunique() for v in (x, y, z)) < 2:
        return np.nan, np.nan, "adherence, pain or load was the same every week"
    data = pd.DataFrame({"x": np.asarray(x, float), "y": np.asarray(y, float), "z": np.asarray(z, float)})
    ranks = data.rank().corr().to_numpy()
    if max(abs(ranks[0, 2]), abs(ranks[1, 2])) >= 1 - 1e-12:
        return np.nan, np.nan, "the load ranks exactly as adherence or pain: nothing is left to correlate"
    result = pingouin.partial_corr(data=data, x="x", y="y", covar="z", method="spearman")
    p = result["p_val"] if "p_val" in result else result["p-val"]  # the name changed in pingouin 0.7
    return float(result["r"].iloc[0]), float(p.iloc[0]), ""


def relationship(
    summary: pd.DataFrame,
    *,
    x: str = "dose_adherence",
    y: str = "pain_mean",
    covar: str | None = None,
    min_weeks: int = MIN_WEEKS,
) -> pd.DataFrame:
    """Per athlete, whether weeks with more routine went with less pain: Spearman's ρ, the same week and a
    week later, optionally with running load held constant. An association, not a cause.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary (:func:`kneecare_analysis.weekly_summary`).
    x, y : str
        The columns compared: ``dose_adherence`` and ``pain_mean``.
    covar : str, optional
        ``"run_km"`` or ``"srpe_load"`` (a summary made with runs): adds the partial ρ with it held constant.
    min_weeks : int
        The fewest weeks with both figures for a ρ (5; at least 3).

    Returns
    -------
    DataFrame
        One row per athlete: ``athlete``, ``n``, ``rho``, ``p`` (the same week), ``n_lag1``, ``rho_lag1``,
        ``p_lag1`` (adherence in week w against pain in week w + 1), ``reason`` (why a ρ is missing); with
        ``covar`` also ``n_partial``, ``rho_partial``, ``p_partial``, ``reason_partial``. ``attrs["cohort"]``
        holds :func:`cohort_relationship`'s row as a dict (with ``covar_note`` when ``covar`` is given).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()
    >>> kc.relationship(summary)[["athlete", "n", "rho", "p"]].head(3).round(2)
      athlete   n   rho     p
    0     Ana  16 -0.33  0.21
    1     Ben  16 -0.33  0.21
    2   Chloe  16 -0.02  0.94
    """
    check_frame(summary, WEEKLY_SUMMARY, by="relationship", columns=["athlete", "week_start", x, y])
    check_number(min_weeks, by="relationship", name="min_weeks", low=3, whole=True)
    if covar is not None and covar not in summary:
        raise ValueError(f"no {covar!r} column in the summary: make it with runs= (weekly_summary(…, runs=…))")
    rows = []
    for athlete, s in summary.groupby(summary["athlete"].astype(str), sort=True):
        s = s.sort_values("week_start")
        both = s[s[x].notna() & s[y].notna()]
        rho, p, reason = _spearman(both[x], both[y], min_weeks=min_weeks, what="adherence and pain")
        later = s.set_index("week_start")[y]
        later.index = later.index - pd.Timedelta(days=7)
        pairs = pd.DataFrame({"x": s.set_index("week_start")[x], "y": later}).dropna()
        rho1, p1, reason1 = _spearman(
            pairs["x"], pairs["y"], min_weeks=min_weeks, what="adherence and next week's pain"
        )
        reasons = "; ".join(
            dict.fromkeys(r for r in (reason, f"lag 1: {reason1}" if reason1 and reason1 != reason else "") if r)
        )
        row = {
            "athlete": athlete,
            "n": len(both),
            "rho": rho,
            "p": p,
            "n_lag1": len(pairs),
            "rho_lag1": rho1,
            "p_lag1": p1,
            "reason": reasons,
        }
        if covar is not None:
            three = s[s[x].notna() & s[y].notna() & s[covar].notna()]
            rp, pp, why = partial_spearman(three[x], three[y], three[covar], min_weeks=min_weeks)
            row.update(n_partial=len(three), rho_partial=rp, p_partial=pp, reason_partial=why)
        rows.append(row)
    columns = ["athlete", "n", "rho", "p", "n_lag1", "rho_lag1", "p_lag1", "reason"]
    if covar is not None:
        columns += ["n_partial", "rho_partial", "p_partial", "reason_partial"]
    out = pd.DataFrame(rows, columns=columns)
    cohort = cohort_relationship(summary, x=x, y=y).iloc[0].to_dict()
    if covar is not None:  # pingouin's rm_corr(data, x, y, subject) takes no covariate, nor does any other
        cohort["covar_note"] = (  # well-kept Python library's rmcorr that the kit knows of
            f"the repeated-measures correlation is not adjusted for {covar}: pingouin's rm_corr takes no covariate; "
            "see each athlete's partial rho"
        )
    out.attrs["cohort"] = cohort
    return out


def cohort_relationship(summary: pd.DataFrame, *, x: str = "dose_adherence", y: str = "pain_mean") -> pd.DataFrame:
    """Across a squad: within each athlete, did weeks with more routine go with less pain? The repeated-measures
    correlation (Bakdash & Marusich 2017, pingouin's ``rm_corr``).

    Parameters
    ----------
    summary : DataFrame
        A weekly summary of 3 athletes or more.
    x, y : str
        The columns compared: ``dose_adherence`` and ``pain_mean``.

    Returns
    -------
    DataFrame
        One row: ``n_athletes`` and ``n_obs`` (athletes with 2 weeks of both, and their weeks), ``r``, ``dof``,
        ``p``, ``ci95_low``, ``ci95_high``, and ``note`` (why there is no ``r``: fewer than 3 athletes).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()
    >>> kc.cohort_relationship(summary)[["n_athletes", "n_obs", "r", "ci95_low", "ci95_high"]].round(2)
       n_athletes  n_obs     r  ci95_low  ci95_high
    0          12    174 -0.33     -0.46      -0.18
    """
    check_frame(summary, WEEKLY_SUMMARY, by="cohort_relationship", columns=["athlete", x, y])
    data = summary.loc[summary[x].notna() & summary[y].notna(), ["athlete", x, y]].copy()
    data["athlete"] = data["athlete"].astype(str)
    counts = data.groupby("athlete").size()
    data = data[data["athlete"].isin(counts[counts >= 2].index)]
    n_athletes = data["athlete"].nunique()
    row = {"n_athletes": n_athletes, "n_obs": len(data), "r": np.nan, "dof": np.nan, "p": np.nan}
    row.update(ci95_low=np.nan, ci95_high=np.nan, note="")
    if n_athletes < MIN_ATHLETES:
        row["note"] = (
            f"a repeated-measures correlation needs {MIN_ATHLETES} athletes or more with 2 weeks of both "
            f"adherence and pain (here {n_athletes}); see each athlete's rho instead"
        )
        return pd.DataFrame([row])
    import pingouin

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = pingouin.rm_corr(data=data, x=x, y=y, subject="athlete")
    ci = res["CI95"].iloc[0] if "CI95" in res else res["CI95%"].iloc[0]
    row.update(
        r=float(res["r"].iloc[0]),
        dof=float(res["dof"].iloc[0]),
        p=float(res["pval"].iloc[0]),
        ci95_low=float(ci[0]),
        ci95_high=float(ci[1]),
    )
    return pd.DataFrame([row])
