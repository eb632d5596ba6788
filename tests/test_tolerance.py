"""The run traffic light, case by case as the rules say (Silbernagel 2007), and the coach flag for
two red runs within 7 days."""

import pandas as pd

import kneecare_analysis as kc
from kneecare_analysis.analysis.tolerance import run_tolerance


def scores(*rows):
    """(date, context, pain) rows of one athlete."""
    return pd.DataFrame(
        {
            "athlete": "me",
            "date": pd.to_datetime([r[0] for r in rows]),
            "context": [r[1] for r in rows],
            "pain": [float(r[2]) for r in rows],
        }
    )


def runs_on(*days):
    return pd.DataFrame({"athlete": "me", "date": pd.to_datetime(list(days))})


def light(days, pain):
    return run_tolerance(runs_on(*days), pain=pain)[["light", "reason"]].astype(str).values.tolist()


def test_each_light():
    # green: at most 2 during and after, next morning no higher than the morning before
    pain = scores(("2026-03-02", "morning", 2), ("2026-03-02", "during_run", 1), ("2026-03-02", "after_run", 2),
                  ("2026-03-03", "morning", 2))  # fmt: skip
    assert light(["2026-03-02"], pain) == [["green", "pain 2 after the run, settled by the next morning"]]
    # yellow: 4 after, settled
    pain = scores(("2026-03-02", "morning", 2), ("2026-03-02", "after_run", 4), ("2026-03-03", "morning", 1))
    assert light(["2026-03-02"], pain) == [["yellow", "pain 4 after the run, settled by the next morning"]]
    # red: over 5, whatever the mornings
    assert light(["2026-03-02"], scores(("2026-03-02", "during_run", 6))) == [["red", "pain 6 during the run (over 5)"]]
    # red: 3 after, but the next morning 3 against 2 the morning before
    pain = scores(("2026-03-02", "morning", 2), ("2026-03-02", "after_run", 3), ("2026-03-03", "morning", 3))
    assert light(["2026-03-02"], pain) == [["red", "next morning 3, up from 2"]]


def test_unknown_says_what_is_missing():
    assert light(["2026-03-02"], scores(("2026-03-01", "morning", 2))) == [
        ["unknown", "no pain score during or after the run"]
    ]
    pain = scores(("2026-03-02", "morning", 2), ("2026-03-02", "after_run", 3))
    assert light(["2026-03-02"], pain) == [
        ["unknown", "pain 3 after the run; no morning score the day after, to tell whether it settled"]
    ]
    # the morning before may be up to 3 days before the run; 4 is too far
    pain = scores(("2026-02-27", "morning", 2), ("2026-03-02", "after_run", 3), ("2026-03-03", "morning", 2))
    assert light(["2026-03-02"], pain)[0][0] == "yellow"
    pain = scores(("2026-02-26", "morning", 2), ("2026-03-02", "after_run", 3), ("2026-03-03", "morning", 2))
    assert light(["2026-03-02"], pain) == [
        ["unknown", "pain 3 after the run; no morning score before the run to compare the next one with"]
    ]


def test_two_red_runs_within_7_days_make_a_call():
    log = kc.load_routine_log(
        pd.DataFrame({"date": pd.date_range("2026-03-02", periods=14).strftime("%Y-%m-%d"), "drill": "clams",
                      "side": "both", "reps": 20})
    )  # fmt: skip
    # week 1: 4.5 and 3 after the runs, no morning scores: unknown; week 2: 6 during (Mon 9) and 6 after
    # (Wed 11): two reds, 2 days apart
    pain = kc.load_pain_log(
        scores(
            ("2026-03-04", "after_run", 4.5),
            ("2026-03-05", "after_run", 3),
            ("2026-03-09", "during_run", 6),
            ("2026-03-11", "after_run", 6),
        )  # fmt: skip
    )
    runs = pd.DataFrame(
        {"athlete": "me", "date": pd.to_datetime(["2026-03-04", "2026-03-05", "2026-03-09", "2026-03-11"]),
         "distance_km": 5.0, "duration_s": 1800.0, "rpe": 5.0}
    )  # fmt: skip
    summary = kc.weekly_summary(log, pain=pain, runs=runs, pain_limit=10)  # the pain-high flag out of the way
    assert summary["red_runs"].tolist() == [0, 2]  # 4.5 and 3 with no mornings are unknown; 6 and 6 red
    assert summary["flag_red_runs"].tolist() == [False, True]
    assert "two red runs within 7 days" in summary["flags"].iloc[1]
    overview = kc.team_overview(summary)
    assert overview["attention"].astype(str).tolist() == ["call"]
