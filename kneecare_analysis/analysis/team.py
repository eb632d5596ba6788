"""The coach's view: one row per athlete, the ones who need attention first.

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
>>> kc.team_overview(ds.weekly_summary())["attention"].value_counts().to_dict()
{'ok': 5, 'call': 4, 'check in': 3}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .inputs import WEEKLY_SUMMARY, check_frame, check_number
from .labels import join_labels

ATTENTION = ["call", "check in", "ok"]


def team_overview(
    summary: pd.DataFrame,
    *,
    weeks: int = 4,
    trend_threshold: float = 0.10,
    behind_weeks: int = 2,
) -> pd.DataFrame:
    """The squad at a glance: one row per athlete, those who need attention first.

    ``call``: pain over the limit or well above baseline last week, two red runs within 7 days (the run
    traffic light of :mod:`.tolerance`) in it, or no session for ``behind_weeks`` weeks
    while the squad went on (every window runs to the data set's last date, so those weeks are red at 0).
    ``check in``: a red week, a drop in adherence, a running-load spike or a falling trend.

    Parameters
    ----------
    summary : DataFrame
        A weekly summary (:func:`kneecare_analysis.weekly_summary`).
    weeks : int
        The recent weeks averaged in ``adherence_recent`` and compared with the ``weeks`` before for the trend.
    trend_threshold : float
        The change in adherence that counts as up or down (0.10).
    behind_weeks : int
        Weeks without a session that call for a call (2).

    Returns
    -------
    DataFrame
        ``athlete``, ``last_week`` (its start), ``program_week``, ``dose_adherence`` and ``band`` (last week),
        ``adherence_recent`` (the last ``weeks`` weeks, weighted by sessions prescribed), ``trend`` (up, down,
        steady), ``pain_now`` (last week's mean), ``pain_baseline``, ``pain_vs_baseline``,
        ``weeks_since_session``, ``weeks_behind``, ``flags`` (last week's, in words) and ``attention``
        (``call``, ``check in``, ``ok``), sorted by attention, then band, then adherence.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()
    >>> kc.team_overview(summary)[["athlete", "attention", "band", "adherence_recent"]].head(3).round(2)
      athlete attention band  adherence_recent
    0     Kai      call  red              0.00
    1   Grace      call  red              0.17
    2    Elif      call  red              0.30
    """
    needed = ["athlete", "week_start", "program_week", "prescribed", "sessions_done", "dose_adherence", "band"]
    check_frame(summary, WEEKLY_SUMMARY, by="team_overview", columns=[*needed, "pain_mean"])
    check_number(weeks, by="team_overview", name="weeks", low=1, whole=True)
    check_number(trend_threshold, by="team_overview", name="trend_threshold", low=0, high=1)
    check_number(behind_weeks, by="team_overview", name="behind_weeks", low=1, whole=True)
    s = summary.sort_values(["athlete", "week_start"]).copy()
    s["athlete"] = s["athlete"].astype(str)
    s["weighted"] = s["dose_adherence"] * s["prescribed"]
    g = s.groupby("athlete", sort=True)
    rank_from_end = g.cumcount(ascending=False)
    recent = s[rank_from_end < weeks].groupby("athlete")
    before = s[(rank_from_end >= weeks) & (rank_from_end < 2 * weeks)].groupby("athlete")
    last = g.tail(1).set_index("athlete")
    out = pd.DataFrame(index=last.index)
    out["last_week"] = last["week_start"]
    out["program_week"] = last["program_week"]
    out["dose_adherence"] = last["dose_adherence"]
    out["band"] = last["band"]
    out["adherence_recent"] = recent["weighted"].sum() / recent["prescribed"].sum()
    previous = (before["weighted"].sum() / before["prescribed"].sum()).reindex(out.index)
    delta = out["adherence_recent"] - previous
    out["trend"] = np.select(
        [previous.isna(), delta > trend_threshold, delta < -trend_threshold], ["new", "up", "down"], "steady"
    )
    with_pain = s[s["pain_mean"].notna()].groupby("athlete")
    out["pain_now"] = with_pain["pain_mean"].last().reindex(out.index)
    out["pain_baseline"] = g["pain_baseline"].first() if "pain_baseline" in s else np.nan
    out["pain_vs_baseline"] = out["pain_now"] - out["pain_baseline"]
    done = s[s["sessions_done"] > 0].groupby("athlete")["week_start"].max().reindex(out.index)
    out["weeks_since_session"] = ((out["last_week"] - done).dt.days // 7).astype("Int64")
    latest = s["week_start"].max()
    out["weeks_behind"] = ((latest - out["last_week"]).dt.days // 7).astype(int)

    flag = {c: last[c].astype(bool) if c in last else pd.Series(False, index=out.index) for c in _FLAGS}
    behind = out["weeks_behind"] >= behind_weeks
    no_session = out["weeks_since_session"].fillna(weeks).astype(int) >= behind_weeks
    # the last week's own flag text leads, then the squad-level ones
    base = last["flags"] if "flags" in last else pd.Series("", index=out.index)
    extra = join_labels(
        [
            (behind, "no log since " + out["last_week"].dt.strftime("%d %b")),
            (no_session, "no session for " + out["weeks_since_session"].astype(str) + " weeks"),
        ],
        out.index,
    )
    out["flags"] = np.where((base != "") & (extra != ""), base + "; " + extra, base + extra)
    call = flag["flag_pain_high"] | flag["flag_pain_rise"] | flag["flag_red_runs"] | behind | no_session
    check = (out["band"] == "red") | flag["flag_adherence_drop"] | flag["flag_load_spike"] | (out["trend"] == "down")
    out["attention"] = pd.Categorical(
        np.select([call, check], ATTENTION[:2], ATTENTION[2]), categories=ATTENTION, ordered=True
    )
    out = out.reset_index()
    out = out.sort_values(["attention", "adherence_recent", "athlete"], ignore_index=True)
    out.attrs["recent_weeks"] = weeks  # what adherence_recent spans
    return out


_FLAGS = ["flag_adherence_drop", "flag_pain_high", "flag_pain_rise", "flag_load_spike", "flag_red_runs"]
