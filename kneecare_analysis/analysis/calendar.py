"""The calendar every analysis and chart shares: weekdays, calendar weeks, each athlete's window and its days,
and the amount done per drill, side and day.

A ``both`` row counts for each side of a sided drill; an unsided drill adds all its rows. Each athlete's
window runs from their first day with any amount above 0 (or ``start=``) to the last date of the data set —
the latest date in any routine or pain row of any athlete in the frames given (or ``end=``) — so an athlete
who stopped logging has missed days up to that date, not a window that stops with them.

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
>>> win = windows(ds.log, ds.pain, ds.routine)
>>> win.reset_index().astype(str).values.tolist()
[['Sam', '2026-03-04', '2026-05-26']]
>>> str(week_of(win["start"], "SUN").iloc[0].date())
'2026-03-01'
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..routine import Routine

WEEKDAYS = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}
WEEKDAY_NAMES = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
DateLike = str | pd.Timestamp | None


def weekday_number(week_start: str | int) -> int:
    """The weekday a week starts on as a number, Monday 0 to Sunday 6.

    Parameters
    ----------
    week_start : str or int
        ``"MON"`` … ``"SUN"`` or the full name (``"Sunday"``), in any case; or 0–6.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        For anything else.

    Examples
    --------
    >>> weekday_number("SUN"), weekday_number("tuesday"), weekday_number(3)
    (6, 1, 3)
    """
    if isinstance(week_start, int) and not isinstance(week_start, bool) and 0 <= week_start <= 6:
        return week_start
    name = str(week_start).strip().upper()
    key = name[:3]
    if key not in WEEKDAYS or name not in (key, WEEKDAY_NAMES[WEEKDAYS[key]]):
        raise ValueError(f"a week starts on one of {', '.join(WEEKDAYS)} (or 0–6), got {week_start!r}")
    return WEEKDAYS[key]


def week_of(dates: pd.Series, week_start: str | int = "MON") -> pd.Series:
    """The first day of the calendar week holding each date.

    Parameters
    ----------
    dates : Series of datetime64
        The dates, at midnight.
    week_start : str or int
        The weekday weeks start on (:func:`weekday_number`).

    Returns
    -------
    Series of datetime64
        Each date's week start, on the same index.

    Examples
    --------
    >>> days = pd.Series(pd.to_datetime(["2026-03-04", "2026-03-08"]))
    >>> week_of(days).dt.strftime("%a %d").tolist(), week_of(days, "SUN").dt.strftime("%a %d").tolist()
    (['Mon 02', 'Mon 02'], ['Sun 01', 'Sun 08'])
    """
    first = weekday_number(week_start)
    shift = (dates.dt.day_of_week - first) % 7
    return (dates - pd.to_timedelta(shift, unit="D")).astype("datetime64[ns]")


SIDE_ORDER = ("left", "right", "both")


def _codes(values: pd.Series, categories) -> np.ndarray:
    """Integer codes of ``values`` in ``categories`` (-1 for anything else), cheap for a categorical column."""
    if isinstance(values.dtype, pd.CategoricalDtype) and list(values.cat.categories) == list(categories):
        return np.asarray(values.cat.codes, dtype=np.int64)
    return np.asarray(pd.Categorical(values.astype(object), categories=list(categories)).codes, dtype=np.int64)


def amounts(log: pd.DataFrame, routine: Routine) -> pd.DataFrame:
    """What was done of each drill, per athlete, day and side: reps (× sets) for rep drills, seconds for timed
    ones. A ``both`` row counts on each side of a sided drill; an unsided drill adds its rows on side ``both``;
    drills outside ``routine`` are left out.

    Works on integer codes (athlete, day, drill, side), so millions of rows take a fraction of a second.

    Parameters
    ----------
    log : DataFrame
        A routine log (:func:`kneecare_analysis.load_routine_log`).
    routine : Routine
        The drills, their kind (reps or seconds) and whether they are sided.

    Returns
    -------
    DataFrame
        ``athlete``, ``date``, ``drill``, ``side`` (categoricals but ``date``) and ``amount``, one row per
        athlete, day, drill and side with a row in the log.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> log = pd.DataFrame({"athlete": "me", "date": pd.to_datetime(["2026-03-04"] * 2),
    ...                     "drill": ["clamshell", "clamshell"], "side": ["both", "left"],
    ...                     "reps": [20, 5], "seconds": [None, None]})
    >>> amounts(log, kc.DEFAULT_ROUTINE)[["drill", "side", "amount"]].astype(str).values.tolist()
    [['clamshell', 'left', '25.0'], ['clamshell', 'right', '20.0']]
    """
    ids = routine.ids
    drill = _codes(log["drill"], ids)
    keep = drill >= 0
    athletes = (
        pd.Categorical(log["athlete"].astype(object))
        if not isinstance(log["athlete"].dtype, pd.CategoricalDtype)
        else log["athlete"].array
    )
    names = athletes.categories.astype(str)
    athlete = np.asarray(athletes.codes, dtype=np.int64)[keep]
    drill = drill[keep]
    side = _codes(log["side"], SIDE_ORDER)[keep]
    day = log["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)[keep]
    reps = pd.array(log["reps"], dtype="Float64").to_numpy(dtype=float, na_value=np.nan)[keep]
    seconds = pd.array(log["seconds"], dtype="Float64").to_numpy(dtype=float, na_value=np.nan)[keep]
    is_reps = np.array([d.kind == "reps" for d in routine.drills], dtype=bool)
    sided = np.array([d.sided for d in routine.drills], dtype=bool)[drill]
    amount = np.nan_to_num(np.where(is_reps[drill], reps, seconds), nan=0.0)

    left = np.flatnonzero(sided & ((side == 0) | (side == 2)))
    right = np.flatnonzero(sided & ((side == 1) | (side == 2)))
    whole = np.flatnonzero(~sided)
    rows = np.concatenate([left, right, whole])
    sides = np.concatenate([np.zeros(len(left), np.int64), np.ones(len(right), np.int64), np.full(len(whole), 2)])
    if not len(rows):
        return pd.DataFrame(
            {
                "athlete": pd.Categorical([], categories=names),
                "date": pd.Series([], dtype="datetime64[ns]"),
                "drill": pd.Categorical([], categories=ids),
                "side": pd.Categorical([], categories=list(SIDE_ORDER)),
                "amount": pd.Series([], dtype=float),
            }
        )
    first = day.min()
    span = day.max() - first + 1
    key = ((athlete[rows] * span + (day[rows] - first)) * len(ids) + drill[rows]) * 3 + sides
    codes, uniques = pd.factorize(key, sort=True)
    total = np.bincount(codes, weights=amount[rows], minlength=len(uniques))
    uniques = np.asarray(uniques, dtype=np.int64)
    out_side, rest = uniques % 3, uniques // 3
    out_drill, rest = rest % len(ids), rest // len(ids)
    out_day, out_athlete = rest % span + first, rest // span
    return pd.DataFrame(
        {
            "athlete": pd.Categorical.from_codes(out_athlete, categories=names),
            "date": out_day.astype("datetime64[D]").astype("datetime64[ns]"),
            "drill": pd.Categorical.from_codes(out_drill, categories=ids),
            "side": pd.Categorical.from_codes(out_side, categories=list(SIDE_ORDER)),
            "amount": total,
        }
    )


def _per_athlete(value, athletes: pd.Index, *, what: str) -> pd.Series:
    """A scalar date, ``"today"``, or a mapping of athlete → date, as a Series over ``athletes``."""
    if value is None:
        return pd.Series(pd.NaT, index=athletes, dtype="datetime64[ns]")
    if isinstance(value, str) and value.strip().lower() == "today":
        value = pd.Timestamp.today().normalize()
    if isinstance(value, (Mapping, pd.Series)):
        mapped = pd.Series({a: value.get(a) for a in athletes}, dtype=object)
        return pd.to_datetime(mapped).dt.normalize().astype("datetime64[ns]")
    try:
        stamp = pd.Timestamp(value).normalize()
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be a date, 'today' or a mapping of athlete to date; got {value!r}") from exc
    return pd.Series(stamp, index=athletes, dtype="datetime64[ns]")


def windows(
    log: pd.DataFrame,
    pain: pd.DataFrame | None,
    routine: Routine,
    *,
    start=None,
    end=None,
    am: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each athlete's window: from the first day with an amount above 0 (or ``start=``) to the data set's last
    date (the latest in any routine or pain row of any athlete, or ``end=``).

    Parameters
    ----------
    log : DataFrame
        A routine log.
    pain : DataFrame or None
        Pain scores: a later score moves every window's end to it.
    routine : Routine
        The prescription (which rows count as drills done).
    start, end : date, mapping of athlete to date, or "today", optional
        Where the windows start and end instead.
    am : DataFrame, optional
        :func:`amounts` of the log, when already computed.

    Returns
    -------
    DataFrame
        Indexed by ``athlete`` (text): ``start`` and ``end``. Athletes with no amount above 0 and no ``start=``
        have no window, nor do those whose end comes before their start.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> log = pd.DataFrame({"athlete": ["a", "b"], "date": pd.to_datetime(["2026-03-02", "2026-03-09"]),
    ...                     "drill": "clamshell", "side": "both", "reps": 20, "seconds": None})
    >>> windows(log, None, kc.DEFAULT_ROUTINE).reset_index().astype(str).values.tolist()
    [['a', '2026-03-02', '2026-03-09'], ['b', '2026-03-09', '2026-03-09']]
    """
    am = amounts(log, routine) if am is None else am
    done = am[am["amount"].to_numpy() > 0]
    first = _by_athlete(done, "min")
    seen = set(_by_athlete(log, "max").index) | (set(_by_athlete(pain, "max").index) if pain is not None else set())
    # with no start= an athlete's window opens at the first session, so one without a session has none
    names = first.index if start is None else set(first.index) | seen
    athletes = pd.Index(sorted(names), name="athlete")
    given_start = _per_athlete(start, athletes, what="start")
    given_end = _per_athlete(end, athletes, what="end")
    out = pd.DataFrame(
        {"start": given_start.fillna(first.reindex(athletes)), "end": given_end.fillna(last_date(log, pain))},
        index=athletes,
    )
    out = out.dropna()
    return out[out["end"] >= out["start"]].astype("datetime64[ns]")


def last_date(log: pd.DataFrame, pain: pd.DataFrame | None = None) -> pd.Timestamp:
    """The data set's last date: the latest date in any routine or pain row of any athlete (``NaT`` if none).

    Examples
    --------
    >>> log = pd.DataFrame({"date": pd.to_datetime(["2026-03-02"])})
    >>> pain = pd.DataFrame({"date": pd.to_datetime(["2026-03-05"])})
    >>> str(last_date(log, pain).date()), str(last_date(log).date())
    ('2026-03-05', '2026-03-02')
    """
    dates = [frame["date"].max() for frame in (log, pain) if frame is not None and len(frame)]
    return max(dates) if dates else pd.NaT


def _by_athlete(frame: pd.DataFrame, how: str) -> pd.Series:
    """Each athlete's first or last date, indexed by the athlete's name as text."""
    dates = frame.groupby(frame["athlete"], observed=True)["date"].agg(how)
    dates.index = dates.index.astype(str)
    return dates


def window_days(win: pd.DataFrame) -> pd.DataFrame:
    """Every day of every window, one row per athlete and day, built without a loop.

    Parameters
    ----------
    win : DataFrame
        Windows as :func:`windows` returns them (indexed by athlete, ``start`` and ``end``).

    Returns
    -------
    DataFrame
        ``athlete``, ``date``.

    Examples
    --------
    >>> win = pd.DataFrame({"start": pd.to_datetime(["2026-03-01", "2026-03-05"]),
    ...                     "end": pd.to_datetime(["2026-03-02", "2026-03-05"])}, index=["a", "b"])
    >>> window_days(win).astype(str).values.tolist()
    [['a', '2026-03-01'], ['a', '2026-03-02'], ['b', '2026-03-05']]
    """
    days = ((win["end"] - win["start"]).dt.days + 1).to_numpy()
    total = int(days.sum())
    offsets = np.arange(total) - np.repeat(np.cumsum(days) - days, days)
    return pd.DataFrame(
        {
            "athlete": np.repeat(win.index.to_numpy(), days),
            "date": np.repeat(win["start"].to_numpy(), days) + offsets.astype("timedelta64[D]"),
        }
    ).astype({"date": "datetime64[ns]"})
