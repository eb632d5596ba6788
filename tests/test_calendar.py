"""The public calendar (``kneecare_analysis.analysis.calendar``) and the charts' tick thinning, against values
counted by hand."""

import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.analysis.calendar import amounts, last_date, week_of, weekday_number, window_days, windows
from kneecare_analysis.plots import thin_ticks


@pytest.mark.parametrize(
    ("start", "number", "week_of_wed_4_march"),
    [
        ("MON", 0, "03-02"),
        ("tue", 1, "03-03"),
        ("Wednesday", 2, "03-04"),
        (3, 3, "02-26"),
        ("FRI", 4, "02-27"),
        ("SAT", 5, "02-28"),
        ("SUN", 6, "03-01"),
    ],
)
def test_weekdays_and_weeks(start, number, week_of_wed_4_march):
    assert weekday_number(start) == number
    assert week_of(pd.Series(pd.to_datetime(["2026-03-04"])), start).dt.strftime("%m-%d").tolist() == [
        week_of_wed_4_march
    ]


@pytest.mark.parametrize("bad", ["XYZ", "", "Sundays", "Monkey", 7, -1, True, None])
def test_an_unknown_weekday_is_an_error(bad):
    with pytest.raises(ValueError, match="a week starts on one of MON"):
        weekday_number(bad)


def test_windows_and_their_days():
    log = pd.DataFrame(
        {
            "athlete": ["a", "a", "b"],
            "date": pd.to_datetime(["2026-03-03", "2026-03-02", "2026-03-05"]),
            "drill": ["clamshell", "clamshell", "self_massage"],
            "side": ["both", "left", "both"],
            "reps": [0, 20, None],
            "seconds": [None, None, 150],
        }
    )
    pain = pd.DataFrame({"athlete": ["b"], "date": pd.to_datetime(["2026-03-06"])})
    win = windows(log, pain, kc.DEFAULT_ROUTINE)
    assert win.reset_index().astype(str).values.tolist() == [
        ["a", "2026-03-02", "2026-03-06"],
        ["b", "2026-03-05", "2026-03-06"],
    ]
    assert last_date(log, pain) == pd.Timestamp("2026-03-06")
    days = window_days(win)
    assert days.groupby("athlete").size().to_dict() == {"a": 5, "b": 2}
    done = amounts(log, kc.DEFAULT_ROUTINE)
    assert done[["athlete", "date", "drill", "side", "amount"]].astype(str).values.tolist() == [
        ["a", "2026-03-02", "clamshell", "left", "20.0"],
        ["a", "2026-03-03", "clamshell", "left", "0.0"],
        ["a", "2026-03-03", "clamshell", "right", "0.0"],
        ["b", "2026-03-05", "self_massage", "both", "150.0"],  # unsided: on side both
    ]


def test_thin_ticks():
    assert thin_ticks(range(5), list("abcde")) == ([0, 1, 2, 3, 4], list("abcde"))
    assert thin_ticks(range(29), [str(k) for k in range(29)]) == (
        list(range(0, 29, 3)),
        [str(k) for k in range(0, 29, 3)],
    )
    assert thin_ticks(range(7), list("abcdefg"), max_labels=3) == ([0, 3, 6], ["a", "d", "g"])
