"""The pieces every analysis shares: amounts per side, each athlete's window, calendar weeks.

Definitions follow design §4: a ``both`` row counts for each side of a sided drill; an unsided drill adds
all its rows; the window runs from the first day with any amount above 0 (or ``start=``) to the last date
in the routine or pain log (or ``end=``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..routine import Routine

WEEKDAYS = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}
DateLike = str | pd.Timestamp | None


def weekday_number(week_start: str | int) -> int:
    """``"MON"`` … ``"SUN"`` (or 0–6) → 0–6."""
    if isinstance(week_start, int) and 0 <= week_start <= 6:
        return week_start
    key = str(week_start).strip().upper()[:3]
    if key not in WEEKDAYS:
        raise ValueError(f"week_start must be one of {', '.join(WEEKDAYS)}, got {week_start!r}")
    return WEEKDAYS[key]


def week_of(dates: pd.Series, week_start: str | int = "MON") -> pd.Series:
    """The first day of the calendar week holding each date."""
    first = weekday_number(week_start)
    shift = (dates.dt.day_of_week - first) % 7
    return (dates - pd.to_timedelta(shift, unit="D")).astype("datetime64[ns]")


def amounts(log: pd.DataFrame, routine: Routine) -> pd.DataFrame:
    """``athlete, date, drill, side, amount`` summed per day, with ``both`` rows counted on each side of a
    sided drill and unsided drills on side ``both``; drills outside ``routine`` are left out."""
    drills = {d.id: d for d in routine.drills}
    known = log["drill"].astype(object).isin(list(drills))
    log = log[known.to_numpy()]
    drill = log["drill"].astype(object)
    kind = drill.map({k: d.kind for k, d in drills.items()})
    sided = drill.map({k: d.sided for k, d in drills.items()}).astype(bool).to_numpy()
    reps = pd.to_numeric(log["reps"], errors="coerce").astype(float)
    seconds = pd.to_numeric(log["seconds"], errors="coerce").astype(float)
    amount = np.where(kind.to_numpy() == "reps", reps.to_numpy(), seconds.to_numpy())
    amount = np.nan_to_num(amount, nan=0.0)
    side = log["side"].astype(object).to_numpy()
    base = pd.DataFrame(
        {
            "athlete": log["athlete"].astype(str).to_numpy(),
            "date": log["date"].to_numpy(),
            "drill": drill.to_numpy(),
            "amount": amount,
        }
    )
    left = base[sided & ((side == "left") | (side == "both"))].assign(side="left")
    right = base[sided & ((side == "right") | (side == "both"))].assign(side="right")
    whole = base[~sided].assign(side="both")
    out = pd.concat([left, right, whole], ignore_index=True)
    return out.groupby(["athlete", "date", "drill", "side"], sort=True, as_index=False)["amount"].sum()


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
    """Per athlete: ``start`` (first day with an amount above 0, or ``start=``) and ``end`` (last date in the
    routine or pain log, or ``end=``). Athletes with no amount above 0 and no ``start=`` have no window.
    ``am`` is :func:`amounts` of the log when already computed."""
    am = amounts(log, routine) if am is None else am
    done = am[am["amount"] > 0]
    first = done.groupby("athlete")["date"].min()
    last_dates = [log.assign(athlete=log["athlete"].astype(str)).groupby("athlete")["date"].max()]
    if pain is not None and len(pain):
        last_dates.append(pain.assign(athlete=pain["athlete"].astype(str)).groupby("athlete")["date"].max())
    last = pd.concat(last_dates, axis=1).max(axis=1) if last_dates else pd.Series(dtype="datetime64[ns]")
    athletes = pd.Index(sorted(set(first.index) | set(last.index)), name="athlete")
    if not isinstance(start, (Mapping, pd.Series)) and start is None:
        athletes = pd.Index(sorted(first.index), name="athlete")
    given_start = _per_athlete(start, athletes, what="start")
    given_end = _per_athlete(end, athletes, what="end")
    out = pd.DataFrame(
        {
            "start": given_start.fillna(first.reindex(athletes)),
            "end": given_end.fillna(last.reindex(athletes)),
        },
        index=athletes,
    )
    out = out.dropna()
    return out[out["end"] >= out["start"]].astype("datetime64[ns]")


def calendar(win: pd.DataFrame) -> pd.DataFrame:
    """One row per athlete and window day (``athlete, date``), built without a loop."""
    days = ((win["end"] - win["start"]).dt.days + 1).to_numpy()
    total = int(days.sum())
    offsets = np.arange(total) - np.repeat(np.cumsum(days) - days, days)
    return pd.DataFrame(
        {
            "athlete": np.repeat(win.index.to_numpy(), days),
            "date": np.repeat(win["start"].to_numpy(), days) + offsets.astype("timedelta64[D]"),
        }
    ).astype({"date": "datetime64[ns]"})
