"""The run traffic light, case by case as the rules say (Silbernagel 2007), and the coach flag for
two red runs within 7 days."""

import os

import numpy as np
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
    pain = scores(
        ("2026-03-02", "morning", 2),
        ("2026-03-02", "during_run", 1),
        ("2026-03-02", "after_run", 2),
        ("2026-03-03", "morning", 2),
    )
    assert light(["2026-03-02"], pain) == [["green", "pain 2 after the run, settled by the next morning"]]
    # yellow: 4 after, settled
    pain = scores(("2026-03-02", "morning", 2), ("2026-03-02", "after_run", 4), ("2026-03-03", "morning", 1))
    assert light(["2026-03-02"], pain) == [["yellow", "pain 4 after the run, settled by the next morning"]]
    # red: over 5, with the mornings known
    pain = scores(("2026-03-02", "morning", 2), ("2026-03-02", "during_run", 6), ("2026-03-03", "morning", 2))
    assert light(["2026-03-02"], pain) == [["red", "pain 6 during the run (over 5)"]]
    # one point up on the morning before is within the noise of whole scores: settled
    pain = scores(("2026-03-02", "morning", 2), ("2026-03-02", "after_run", 3), ("2026-03-03", "morning", 3))
    assert light(["2026-03-02"], pain) == [["yellow", "pain 3 after the run, settled by the next morning"]]
    # red: two points up
    pain = scores(("2026-03-02", "morning", 2), ("2026-03-02", "after_run", 3), ("2026-03-03", "morning", 4))
    assert light(["2026-03-02"], pain) == [["red", "next morning 4, up from 2"]]
    # with no tolerance, one point is red again
    pain = scores(("2026-03-02", "morning", 2), ("2026-03-02", "after_run", 3), ("2026-03-03", "morning", 3))
    assert run_tolerance(runs_on("2026-03-02"), pain=pain, settle_tolerance=0)["light"].tolist() == ["red"]


def test_unknown_says_what_is_missing():
    assert light(["2026-03-02"], scores(("2026-03-01", "morning", 2))) == [
        ["unknown", "no pain score during or after the run"]
    ]
    # over 5 with no morning after: no colour (the counts are over complete runs), but the reason says it
    assert light(["2026-03-02"], scores(("2026-03-02", "morning", 2), ("2026-03-02", "during_run", 6))) == [
        ["unknown", "pain 6 during the run (over 5); no morning score the day after, to tell whether it settled"]
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
        pd.DataFrame(
            {
                "date": pd.date_range("2026-03-02", periods=14).strftime("%Y-%m-%d"),
                "drill": "clams",
                "side": "both",
                "reps": 20,
            }
        )
    )
    # week 1: 4.5 and 3 after the runs, no morning scores: unknown; week 2: 6 during (Mon 9) and 6 after
    # (Wed 11), with a morning 2 each day from 8 to 12 March: two reds, 2 days apart
    mornings = [(f"2026-03-{d:02d}", "morning", 2) for d in range(8, 13)]
    pain = kc.load_pain_log(
        scores(
            ("2026-03-04", "after_run", 4.5),
            ("2026-03-05", "after_run", 3),
            ("2026-03-09", "during_run", 6),
            ("2026-03-11", "after_run", 6),
            *mornings,
        )
    )
    runs = pd.DataFrame(
        {
            "athlete": "me",
            "date": pd.to_datetime(["2026-03-04", "2026-03-05", "2026-03-09", "2026-03-11"]),
            "distance_km": 5.0,
            "duration_s": 1800.0,
            "rpe": 5.0,
        }
    )
    summary = kc.weekly_summary(log, pain=pain, runs=runs, pain_limit=10)  # the pain-high flag out of the way
    assert summary["red_runs"].tolist() == [0, 2]  # 4.5 and 3 with no mornings are unknown; 6 and 6 red
    assert summary["flag_red_runs"].tolist() == [False, True]
    assert "two red runs within 7 days" in summary["flags"].iloc[1]
    overview = kc.team_overview(summary)
    assert overview["attention"].astype(str).tolist() == ["call"]


def test_a_knee_that_never_changes_raises_few_flags():
    # one simulated squad (seed 0: 12 athletes, 12 weeks, 3 runs a week; null_squad below): red is 66 of the
    # 396 runs with complete scores (16.7 %, counted independently in the next test; with no tolerance, "next
    # morning higher at all", 157 = 39.6 %), and "two red runs within 7 days" flags 12 of the 144
    # athlete-weeks (8.3 %; before the tolerance and the complete-runs rule: 40 % of weeks)
    log, pain, runs = null_squad(0)
    lights = run_tolerance(runs, pain=pain)
    known = lights[lights["light"] != "unknown"]
    assert (len(known), int((known["light"] == "red").sum())) == (396, 66)
    strict = run_tolerance(runs, pain=pain, settle_tolerance=0)
    assert int((strict["light"] == "red").sum()) == 157
    summary = kc.weekly_summary(log, pain=pain, runs=runs)
    assert (len(summary), int(summary["flag_red_runs"].sum())) == (144, 12)
    assert summary["flag_red_runs"].mean() < 0.10  # the bound the flag is tuned to


def test_null_squads_stay_under_the_bound():
    # 3 squads by default; KNEECARE_NULL_SQUADS=50 for a longer run (seeds 0, 1, …; 5 squads: 7.8 % of weeks)
    squads = int(os.environ.get("KNEECARE_NULL_SQUADS", "3"))
    rates = []
    for seed in range(squads):
        log, pain, runs = null_squad(seed)
        rates.append(kc.weekly_summary(log, pain=pain, runs=runs)["flag_red_runs"].mean())
    assert np.mean(rates) < 0.10


def test_red_counts_by_hand_on_the_null_squad():
    # an independent count of the red runs of the seed-0 squad, run by run from the raw scores and the rule
    # in words (one score per day and context in null_squad)
    _, pain, runs = null_squad(0)
    red = complete = 0
    for athlete, mine in pain.groupby("athlete"):
        by_day = mine.pivot_table(index="date", columns="context", values="pain", aggfunc="max")
        for day in pd.to_datetime(runs.loc[runs["athlete"] == athlete, "date"]):
            worst = by_day[["during_run", "after_run"]].reindex([day]).max(axis=1).iloc[0]
            before = by_day["morning"].reindex(pd.date_range(day - pd.Timedelta(days=3), day)).dropna()
            nxt = by_day["morning"].reindex([day + pd.Timedelta(days=1)]).iloc[0]
            if np.isnan(worst) or before.empty or np.isnan(nxt):
                continue
            complete += 1
            red += bool(worst > 5 or nxt >= before.iloc[-1] + 2)
    assert (complete, red) == (396, 66)


TIMES = [
    ("self_massage", None, 300),
    ("hip_abduction", 20, None),
    ("clamshell", 20, None),
    ("glute_bridge", 20, None),
    ("couch_stretch", None, 120),
]


def null_squad(seed: int, *, athletes: int = 12, weeks: int = 12, noise: float = 0.8):
    """A squad whose knees never change: each athlete's pain level is fixed (1.5 to 3.5); every score is that
    level plus Gaussian noise (SD ``noise``; after a run 1 higher, during it 0.5 higher, SD 1), rounded to a
    whole point and clipped to 0–10, a tenth of them missing; 3 runs a week of 6–10 km (RPE 5 ± 1), the routine
    done on 85 % of days. Returns ``(log, pain, runs)``."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2026-01-05", periods=7 * weeks, freq="D")
    logs, pains, runs = [], [], []
    for a in range(athletes):
        name, level = f"a{a:02d}", rng.uniform(1.5, 3.5)
        done = days[rng.random(len(days)) < 0.85]
        for drill, reps, seconds in TIMES:
            logs.append(pd.DataFrame({"athlete": name, "date": done, "drill": drill, "reps": reps, "seconds": seconds}))
        ran = days[np.isin(days.day_of_week, [0, 2, 5])]
        for context, dates, shift, sd in (
            ("morning", days, 0.0, noise),
            ("during_run", ran, 0.5, 1.0),
            ("after_run", ran, 1.0, 1.0),
        ):
            score = np.clip(np.round(level + shift + rng.normal(0, sd, len(dates))), 0, 10)
            keep = rng.random(len(dates)) >= 0.1
            pains.append(pd.DataFrame({"athlete": name, "date": dates[keep], "pain": score[keep], "context": context}))
        km = rng.uniform(6, 10, len(ran))
        rpe = np.clip(np.round(rng.normal(5, 1, len(ran))), 1, 10)
        runs.append(pd.DataFrame({"athlete": name, "date": ran, "distance_km": km, "duration_s": km * 330, "rpe": rpe}))
    log = pd.concat(logs, ignore_index=True).assign(side="both", date=lambda d: d["date"].dt.strftime("%Y-%m-%d"))
    return kc.load_routine_log(log), pd.concat(pains, ignore_index=True), pd.concat(runs, ignore_index=True)
