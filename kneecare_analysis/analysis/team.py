"""The coach's view: one row per athlete, the ones who need attention first, each "call" and "check in" with its
reasons, every number with its week and its n, and the day the data runs to (``attrs["as_of"]``).

What each reason means is written once, in ``words/flags.toml``; :func:`attention_rules` reads it with the
thresholds in use, for every place that shows the definitions.

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad")
>>> overview = kc.team_overview(ds.weekly_summary())
>>> overview["attention"].value_counts(sort=False).to_dict(), f"{overview.attrs['as_of']:%d %b %Y}"
({'call': 4, 'check in': 3, 'ok': 5}, '26 Apr 2026')
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd

from ..vocab import words
from .adherence import weekly_summary
from .inputs import WEEKLY_SUMMARY, check_frame, check_number
from .labels import join_labels

ATTENTION = ["call", "check in", "ok"]
_SUMMARY_FLAGS = {  # a reason of the overview: the weekly summary's flag column it reads
    "pain_high": "flag_pain_high",
    "pain_rise": "flag_pain_rise",
    "red_runs": "flag_red_runs",
    "adherence_drop": "flag_adherence_drop",
    "load_spike": "flag_load_spike",
}


def _thresholds(weeks: int, trend_threshold: float, behind_weeks: int) -> dict[str, float]:
    """The numbers the definitions quote: the weekly summary's flag thresholds (its defaults) and the overview's."""
    defaults = {k: p.default for k, p in inspect.signature(weekly_summary).parameters.items()}
    return {
        "pain_limit": defaults["pain_limit"],
        "pain_rise": defaults["pain_rise"],
        "adherence_drop_points": round(defaults["adherence_drop"] * 100, 1),
        "load_spike_pct": round(defaults["load_spike"] * 100, 1),
        "behind_weeks": behind_weeks,
        "weeks": weeks,
        "trend_points": round(trend_threshold * 100, 1),
    }


def attention_rules(*, weeks: int = 4, trend_threshold: float = 0.10, behind_weeks: int = 2) -> pd.DataFrame:
    """What makes an athlete a "call" or a "check in": every reason the overview gives, defined once.

    Parameters
    ----------
    weeks, trend_threshold, behind_weeks
        The options of :func:`team_overview` the definitions quote (4, 0.10, 2); the pain, adherence-drop and
        load thresholds are :func:`kneecare_analysis.weekly_summary`'s defaults.

    Returns
    -------
    DataFrame
        ``reason`` (its id), ``action`` (``call`` or ``check in``), ``short`` (the words in a table cell) and
        ``meaning`` (the full definition), calls first.

    Examples
    --------
    >>> rules = attention_rules()
    >>> rules.loc[rules["reason"] == "red_runs", "meaning"].item()[:26]
    'two red runs within 7 days'
    >>> rules.groupby("action", sort=False).size().to_dict()
    {'call': 5, 'check in': 4}
    """
    check_number(weeks, by="attention_rules", name="weeks", low=1, whole=True)
    check_number(trend_threshold, by="attention_rules", name="trend_threshold", low=0, high=1)
    check_number(behind_weeks, by="attention_rules", name="behind_weeks", low=1, whole=True)
    values = _thresholds(weeks, trend_threshold, behind_weeks)
    rows = [
        {
            "reason": key,
            "action": spec["action"],
            "short": spec["short"].format(**values),
            "meaning": spec["meaning"].format(**values),
        }
        for key, spec in words("flags").items()
    ]
    return pd.DataFrame(rows, columns=["reason", "action", "short", "meaning"])


def data_as_of(summary: pd.DataFrame) -> pd.Timestamp:
    """The last day a weekly summary covers: the data set's last day (every window runs to it).

    Parameters
    ----------
    summary : DataFrame
        A weekly summary (:func:`kneecare_analysis.weekly_summary`).

    Returns
    -------
    Timestamp
        The last day of the latest window (``NaT`` for an empty summary).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()
    >>> data_as_of(summary)
    Timestamp('2026-04-26 00:00:00')
    """
    check_frame(summary, WEEKLY_SUMMARY, by="data_as_of", columns=["week_start"])
    if summary.empty:
        return pd.NaT
    if "days_in_window" not in summary:
        return summary["week_start"].max() + pd.Timedelta(days=6)
    ends = summary["week_start"] + pd.to_timedelta(summary["days_in_window"] - 1, unit="D")
    # a window's first week may start mid-week, so its days do not end it; a later week's always do
    later = summary["program_week"] > 1 if "program_week" in summary else pd.Series(True, index=summary.index)
    if later.any():
        return ends[later].max()
    return summary["week_start"].max() + pd.Timedelta(days=6)


def team_overview(
    summary: pd.DataFrame,
    *,
    weeks: int = 4,
    trend_threshold: float = 0.10,
    behind_weeks: int = 2,
    old_after: int = 2,
) -> pd.DataFrame:
    """The squad at a glance: one row per athlete, those who need attention first, each with its reasons.

    ``call`` and ``check in`` have the reasons of :func:`attention_rules`: a call for pain over the limit
    (the week's highest score) or well above baseline last week, two red runs within 7 days, no session for
    ``behind_weeks`` weeks (a missed week is 0 %, red) or nothing logged while the squad went on; a check in for
    a red week, a drop in adherence, a running-load spike or a falling trend. ``flags`` names every reason
    that applies, with its numbers, so no call or check in comes without one.

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
    old_after : int
        Pain scores this many weeks or more before the last week are marked old (``pain_old``; 2).

    Returns
    -------
    DataFrame
        ``athlete``, ``attention`` (``call``, ``check in``, ``ok``), ``flags`` (every reason, in words with
        its numbers, calls first), ``last_week`` (its start), ``program_week``, ``sessions_done`` and
        ``prescribed`` (last week's), ``dose_adherence`` and ``band`` (last week's), ``adherence_recent``
        (the last ``weeks`` weeks, weighted by sessions prescribed), ``adherence_before`` (the ``weeks``
        before), ``trend`` (up, down, steady, new), ``pain_week`` (the start of the latest week with pain
        scores), ``pain_mean``, ``pain_max`` and ``pain_n`` (that week's mean, highest and count),
        ``pain_weeks_ago`` (weeks between it and the last week), ``pain_old`` (``pain_weeks_ago`` ≥
        ``old_after``), ``pain_baseline``, ``pain_vs_baseline`` (``pain_mean`` − baseline),
        ``weeks_since_session`` and ``weeks_behind``; sorted by attention, then 4-week adherence.
        ``attrs["as_of"]`` is the data's last day (:func:`data_as_of`), ``attrs["recent_weeks"]`` is ``weeks``.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> summary = kc.load_dataset(kc.paths.SAMPLE_DIR / "squad").weekly_summary()
    >>> for row in kc.team_overview(summary).head(2).itertuples():
    ...     print(row.athlete, row.attention, "|", row.flags)
    Kai call | no session for 9 weeks; red week (0 %, missed)
    Grace call | pain over 5/10 (highest 6.0); red week (10 %); running km up > 30 % (+111 %)
    """
    needed = ["athlete", "week_start", "program_week", "prescribed", "sessions_done", "dose_adherence", "band"]
    check_frame(summary, WEEKLY_SUMMARY, by="team_overview", columns=[*needed, "pain_mean"])
    check_number(weeks, by="team_overview", name="weeks", low=1, whole=True)
    check_number(trend_threshold, by="team_overview", name="trend_threshold", low=0, high=1)
    check_number(behind_weeks, by="team_overview", name="behind_weeks", low=1, whole=True)
    check_number(old_after, by="team_overview", name="old_after", low=1, whole=True)
    s = summary.sort_values(["athlete", "week_start"]).copy()
    s["athlete"] = s["athlete"].astype(str)
    s["weighted"] = s["dose_adherence"] * s["prescribed"]
    s["previous_adherence"] = s.groupby("athlete")["dose_adherence"].shift(1)
    g = s.groupby("athlete", sort=True)
    rank_from_end = g.cumcount(ascending=False)
    recent = s[rank_from_end < weeks].groupby("athlete")
    before = s[(rank_from_end >= weeks) & (rank_from_end < 2 * weeks)].groupby("athlete")
    last = g.tail(1).set_index("athlete")
    out = pd.DataFrame(index=last.index)
    for column in ("last_week", "program_week", "sessions_done", "prescribed", "dose_adherence", "band"):
        out[column] = last["week_start" if column == "last_week" else column]
    out["adherence_recent"] = recent["weighted"].sum() / recent["prescribed"].sum()
    out["adherence_before"] = (before["weighted"].sum() / before["prescribed"].sum()).reindex(out.index)
    delta = out["adherence_recent"] - out["adherence_before"]
    out["trend"] = np.select(
        [out["adherence_before"].isna(), delta > trend_threshold, delta < -trend_threshold],
        ["new", "up", "down"],
        "steady",
    )
    _pain_columns(out, s, old_after)
    done = s[s["sessions_done"] > 0].groupby("athlete")["week_start"].max().reindex(out.index)
    out["weeks_since_session"] = ((out["last_week"] - done).dt.days // 7).astype("Int64")
    out["weeks_behind"] = ((s["week_start"].max() - out["last_week"]).dt.days // 7).astype(int)

    reasons = _reasons(out, last, weeks=weeks, trend_threshold=trend_threshold, behind_weeks=behind_weeks)
    rules = attention_rules(weeks=weeks, trend_threshold=trend_threshold, behind_weeks=behind_weeks)
    is_call = dict(zip(rules["reason"], rules["action"] == "call", strict=True))
    call = np.logical_or.reduce([mask.to_numpy() for key, (mask, _) in reasons.items() if is_call[key]])
    check = np.logical_or.reduce([mask.to_numpy() for key, (mask, _) in reasons.items() if not is_call[key]])
    out["flags"] = join_labels([reasons[key] for key in rules["reason"]], out.index)
    out["attention"] = pd.Categorical(
        np.select([call, check], ATTENTION[:2], ATTENTION[2]), categories=ATTENTION, ordered=True
    )
    out = out.reset_index()
    out = out.sort_values(["attention", "adherence_recent", "athlete"], ignore_index=True)
    first = ["athlete", "attention", "flags"]
    out = out[first + [c for c in out.columns if c not in first]]
    out.attrs["recent_weeks"] = weeks  # what adherence_recent spans
    out.attrs["as_of"] = data_as_of(summary)
    return out


def _pain_columns(out: pd.DataFrame, s: pd.DataFrame, old_after: int) -> None:
    """The latest week with pain scores: its start, mean, highest, count, how long ago, and the baseline."""
    scored = s[s["pain_mean"].notna()].groupby("athlete").tail(1).set_index("athlete").reindex(out.index)
    out["pain_week"] = scored["week_start"]
    out["pain_mean"] = scored["pain_mean"]
    out["pain_max"] = scored.get("pain_max", np.nan)
    out["pain_n"] = (scored["pain_n"] if "pain_n" in scored else pd.Series(np.nan, index=out.index)).astype("Int64")
    out["pain_weeks_ago"] = ((out["last_week"] - out["pain_week"]).dt.days // 7).astype("Int64")
    out["pain_old"] = (out["pain_weeks_ago"] >= old_after).fillna(False).astype(bool)
    baseline = s.groupby("athlete")["pain_baseline"].first() if "pain_baseline" in s else np.nan
    out["pain_baseline"] = baseline
    out["pain_vs_baseline"] = out["pain_mean"] - out["pain_baseline"]


def _reasons(
    out: pd.DataFrame, last: pd.DataFrame, *, weeks: int, trend_threshold: float, behind_weeks: int
) -> dict[str, tuple[pd.Series, pd.Series | str]]:
    """Each reason of :func:`attention_rules`: which athletes it applies to, and its words with their numbers."""
    short = attention_rules(weeks=weeks, trend_threshold=trend_threshold, behind_weeks=behind_weeks)
    short = dict(zip(short["reason"], short["short"], strict=True))
    index = out.index
    flag = {
        key: last[column].fillna(False).astype(bool) if column in last else pd.Series(False, index=index)
        for key, column in _SUMMARY_FLAGS.items()
    }
    pct = (out["dose_adherence"] * 100).round().astype("Int64").astype(str) + " %"
    before = (last["previous_adherence"] * 100).round().astype("Int64").astype(str) + " %"
    recent = (out["adherence_recent"] * 100).round().astype("Int64").astype(str) + " %"
    earlier = (out["adherence_before"] * 100).round().astype("Int64").astype(str) + " %"
    last_pain_week = out["pain_week"] == out["last_week"]
    highest = out["pain_max"].map(lambda v: "" if pd.isna(v) else f" (highest {v:.1f})")
    mean_vs = out["pain_mean"].map(lambda v: "" if pd.isna(v) else f" (mean {v:.1f}")
    mean_vs = mean_vs + out["pain_baseline"].map(lambda v: "" if pd.isna(v) else f", baseline {v:.1f})")
    km = last["run_km_change"] if "run_km_change" in last else pd.Series(np.nan, index=index)
    km = km.map(lambda v: "" if pd.isna(v) else f" ({v * 100:+.0f} %)")
    since = out["weeks_since_session"].fillna(weeks).astype(int)
    no_session = (since >= behind_weeks) & (out["weeks_behind"] < behind_weeks)
    behind = out["weeks_behind"] >= behind_weeks
    return {
        "pain_high": (flag["pain_high"], short["pain_high"] + highest.where(last_pain_week, "")),
        "pain_rise": (flag["pain_rise"], short["pain_rise"] + mean_vs.where(mean_vs.str.endswith(")"), "")),
        "red_runs": (flag["red_runs"], short["red_runs"]),
        "no_session": (no_session, "no session for " + since.astype(str) + " weeks"),
        "no_log": (behind, short["no_log"] + " the week of " + out["last_week"].dt.strftime("%d %b")),
        "red_week": (
            out["band"].astype(str) == "red",
            short["red_week"] + " (" + pct.replace("0 %", "0 %, missed") + ")",
        ),
        "adherence_drop": (flag["adherence_drop"], short["adherence_drop"] + " (" + pct + " from " + before + ")"),
        "load_spike": (flag["load_spike"], short["load_spike"] + km),
        "falling": (out["trend"] == "down", short["falling"] + " (" + recent + " from " + earlier + ")"),
    }
