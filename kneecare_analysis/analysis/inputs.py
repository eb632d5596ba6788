"""What the analysis functions and the charts take in, checked before any work: the frame is a DataFrame with
the columns its maker gives it, and each option is in its range. An error names the function, the frame it
needs and the function that makes it, so a runner who passed the wrong thing reads what to pass instead.

The checks are cheap (column names and option values, never a pass over the rows).

>>> import pandas as pd
>>> check_frame(pd.DataFrame({"date": []}), ROUTINE_LOG, by="weekly_summary")
Traceback (most recent call last):
...
ValueError: weekly_summary needs a routine log as kc.load_routine_log returns it: columns 'athlete', 'drill', \
'side', 'reps', 'seconds' are missing
>>> check_number(-1, by="pain_flags", name="pain_limit", low=0, high=10)
Traceback (most recent call last):
...
ValueError: pain_flags: pain_limit must be a number from 0 to 10, got -1
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Real

import pandas as pd

from .calendar import weekday_number


@dataclass(frozen=True)
class Kind:
    """A kind of frame: what it is called, the function that makes it, and the columns every user needs."""

    name: str
    maker: str
    columns: tuple[str, ...]
    plural: bool = False

    def needs(self, by: str) -> str:
        """``"<by> needs <name> as <maker> returns it"``."""
        return f"{by} needs {self.name} as {self.maker} returns {'them' if self.plural else 'it'}"


ROUTINE_LOG = Kind("a routine log", "kc.load_routine_log", ("athlete", "date", "drill", "side", "reps", "seconds"))
PAIN_LOG = Kind("pain scores", "kc.load_pain_log", ("athlete", "date", "pain", "context"), plural=True)
RUNS = Kind("runs", "kc.load_runs", ("athlete", "date", "distance_km", "duration_s"), plural=True)
ANSWERS = Kind(
    "questionnaire answers", "kc.load_questionnaires", ("athlete", "date", "instrument", "item", "answer"), plural=True
)
DAILY = Kind("daily doses", "kc.daily_adherence", ("athlete", "date", "dose"), plural=True)
WEEKLY_SUMMARY = Kind(
    "a weekly summary",
    "kc.weekly_summary",
    ("athlete", "week_start", "program_week", "dose_adherence", "band", "pain_mean", "pain_max"),
)
SCORES = Kind(
    "questionnaire scores", "kc.score_questionnaires", ("athlete", "date", "instrument", "score"), plural=True
)
TOLERANCE = Kind("run traffic lights", "kc.run_tolerance", ("athlete", "date", "light"), plural=True)
RELATIONSHIP = Kind("a relationship", "kc.relationship", ("athlete", "n", "rho"))


def check_frame(frame: object, kind: Kind, *, by: str, columns: Iterable[str] | None = None, hint: str = "") -> None:
    """Raise when ``frame`` is not a DataFrame holding the columns ``by`` reads.

    Parameters
    ----------
    frame : object
        What was passed.
    kind : Kind
        The frame expected (:data:`ROUTINE_LOG`, :data:`PAIN_LOG`, :data:`WEEKLY_SUMMARY`, …).
    by : str
        The function checking, as a user calls it (``"weekly_summary"``, ``"plots.calendar"``).
    columns : iterable of str, optional
        The columns ``by`` reads, when not all of ``kind.columns``.
    hint : str
        How to make a frame with them, added to the message when a column is missing.

    Returns
    -------
    None

    Raises
    ------
    TypeError
        ``frame`` is not a DataFrame.
    ValueError
        A column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> check_frame([1, 2], PAIN_LOG, by="pain_flags")
    Traceback (most recent call last):
    ...
    TypeError: pain_flags needs pain scores as kc.load_pain_log returns them (a DataFrame), got a list
    >>> check_frame(pd.DataFrame({"athlete": [], "date": []}), PAIN_LOG, by="daily_adherence",
    ...             columns=["athlete", "date"])
    """
    if not isinstance(frame, pd.DataFrame):
        got = type(frame).__name__
        raise TypeError(f"{kind.needs(by)} (a DataFrame), got {'an' if got[:1] in 'aeiou' else 'a'} {got}")
    wanted = kind.columns if columns is None else tuple(columns)
    missing = [c for c in dict.fromkeys(wanted) if c not in frame.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        what = f"column {names} is" if len(missing) == 1 else f"columns {names} are"
        raise ValueError(f"{kind.needs(by)}: {what} missing" + (f" ({hint})" if hint else ""))


def check_number(
    value: object,
    *,
    by: str,
    name: str,
    low: float | None = None,
    high: float | None = None,
    whole: bool = False,
) -> None:
    """Raise unless ``value`` is a number (a whole one with ``whole=True``) from ``low`` to ``high``.

    Parameters
    ----------
    value : object
        The option's value.
    by : str
        The function checking.
    name : str
        The option's name.
    low, high : float, optional
        The range, both ends included; open where not given.
    whole : bool
        Whether it must be a whole number.

    Returns
    -------
    None

    Examples
    --------
    >>> check_number(4, by="team_overview", name="weeks", low=1, whole=True)
    >>> check_number(0.5, by="team_overview", name="weeks", low=1, whole=True)
    Traceback (most recent call last):
    ...
    ValueError: team_overview: weeks must be a whole number of 1 or more, got 0.5
    """
    is_number = isinstance(value, Real) and not isinstance(value, bool) and not math.isnan(value)
    fits = is_number and (not whole or float(value).is_integer())
    fits = fits and (low is None or value >= low) and (high is None or value <= high)
    if not fits:
        kind = "a whole number" if whole else "a number"
        if low is not None and high is not None:
            span = f" from {low:g} to {high:g}"
        elif low is not None:
            span = f" of {low:g} or more"
        elif high is not None:
            span = f" of {high:g} or less"
        else:
            span = ""
        raise ValueError(f"{by}: {name} must be {kind}{span}, got {value!r}")


def check_week_start(value: object, *, by: str, name: str = "week_starts_on") -> int:
    """The weekday number of ``value`` (:func:`~kneecare_analysis.analysis.calendar.weekday_number`), or an
    error naming ``by``.

    Parameters
    ----------
    value : object
        ``"MON"`` … ``"SUN"`` or 0–6.
    by : str
        The function checking.
    name : str
        The option's name.

    Returns
    -------
    int
        Monday 0 to Sunday 6.

    Examples
    --------
    >>> check_week_start("SUN", by="weekly_summary")
    6
    >>> check_week_start("SONDAY", by="weekly_summary")
    Traceback (most recent call last):
    ...
    ValueError: weekly_summary: week_starts_on must be one of MON, TUE, WED, THU, FRI, SAT, SUN (or 0–6), got 'SONDAY'
    """
    try:
        return weekday_number(value)
    except ValueError:
        raise ValueError(
            f"{by}: {name} must be one of MON, TUE, WED, THU, FRI, SAT, SUN (or 0–6), got {value!r}"
        ) from None


def check_bands(bands: object, *, by: str) -> tuple[float, float]:
    """The bands' lower edges ``(green, yellow)``: two numbers from 0 to 1, green's at or above yellow's.

    Parameters
    ----------
    bands : object
        The option's value.
    by : str
        The function checking.

    Returns
    -------
    (float, float)

    Examples
    --------
    >>> check_bands((0.8, 0.5), by="weekly_summary")
    (0.8, 0.5)
    >>> check_bands((0.5, 0.8), by="weekly_summary")
    Traceback (most recent call last):
    ...
    ValueError: weekly_summary: bands must be the lower edges of green and yellow, two numbers from 0 to 1 with \
green's first and not below yellow's, as (0.80, 0.50); got (0.5, 0.8)
    """
    try:
        green, yellow = bands  # type: ignore[misc]
        fits = all(isinstance(v, Real) and not isinstance(v, bool) and 0 <= v <= 1 for v in (green, yellow))
        fits = fits and green >= yellow
    except (TypeError, ValueError):
        fits = False
    if not fits:
        raise ValueError(
            f"{by}: bands must be the lower edges of green and yellow, two numbers from 0 to 1 with green's first "
            f"and not below yellow's, as (0.80, 0.50); got {bands!r}"
        )
    return float(green), float(yellow)
