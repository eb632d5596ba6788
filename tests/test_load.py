"""Training load worked out by hand: session-RPE load, monotony and strain of a small week, both acute:chronic
ratios, weeks without RPE, and adherence against pain with load held constant."""

import math

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.analysis.load import weekly_load
from kneecare_analysis.analysis.relationship import association


def runs_of(days, minutes, rpe, *, athlete="me", km=None):
    return pd.DataFrame(
        {
            "athlete": athlete,
            "date": pd.to_datetime(days),
            "distance_km": km if km is not None else [m / 6 for m in minutes],
            "duration_s": [m * 60.0 for m in minutes],
            "rpe": rpe,
        }
    )


def test_the_small_week_of_the_issue():
    # Mon 30 min at RPE 5, Thu 45 min at RPE 7 and Sat 10 min at RPE 0: 150 + 315 + 0 = 465
    week = weekly_load(runs_of(["2026-03-02", "2026-03-05", "2026-03-07"], [30, 45, 10], [5, 7, 0])).iloc[0]
    assert week["srpe_load"] == 465 and week["run_minutes"] == 85 and week["run_count"] == 3
    # daily loads 150, 0, 0, 315, 0, 0, 0: mean 465/7 = 66.43; squared deviations 83.57², 5 × 66.43², 248.57²
    mean = 465 / 7
    var = ((150 - mean) ** 2 + 5 * mean**2 + (315 - mean) ** 2) / 6  # the sample variance (n − 1)
    assert var == pytest.approx(15139.29, abs=0.01)
    assert week["monotony"] == pytest.approx(66.4286 / 123.0418, rel=1e-5)
    assert week["monotony"] == pytest.approx(mean / math.sqrt(var))
    assert week["strain"] == pytest.approx(465 * 0.539890, rel=1e-5)  # 251.05
    assert week["load_note"] == "" and week["rpe_filled"] == 0


def test_uncoupled_ratio_is_this_week_over_the_three_before():
    # one run each Monday: loads 465, 300, 600, 900 → week 4: 900 / ((465 + 300 + 600) / 3) = 900 / 455
    runs = runs_of(["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"], [93, 60, 100, 150], [5, 5, 6, 6])
    weeks = weekly_load(runs)
    assert weeks["srpe_load"].tolist() == [465, 300, 600, 900]
    assert weeks["acwr_uncoupled"].iloc[:3].isna().all()
    assert weeks["acwr_uncoupled"].iloc[3] == pytest.approx(900 / 455)


def _seeded(load0: float, seed: float, lam: float, d: int) -> float:
    """Day d's EWMA (day 0 the first run) of one load on day 0 then rest, seeded with ``seed`` the day before:
    E_d = λ·x_d + (1 − λ)·E_(d−1), E_(−1) = seed → load0·λ·(1 − λ)^d + seed·(1 − λ)^(d+1)."""
    return load0 * lam * (1 - lam) ** d + seed * (1 - lam) ** (d + 1)


def test_ewma_ratio_follows_williams_seeded_with_the_first_28_days():
    # a single run of load 100 on day 0, then rest: the first 28 days' mean daily load is 100/28, the seed of
    # both means (λa = 2/8 = 0.25, λc = 2/29). Their ratio on day 34 (week 5's last day)
    runs = runs_of(["2026-03-02", "2026-04-05"], [20, 10], [5, 0])  # the second run, RPE 0, ends week 5
    weeks = weekly_load(runs)
    seed = 100 / 28
    acute, chronic = _seeded(100, seed, 0.25, 34), _seeded(100, seed, 2 / 29, 34)
    assert weeks["acwr_ewma"].iloc[4] == pytest.approx(acute / chronic)
    assert weeks["acwr_ewma"].iloc[:3].isna().all()  # not given before 28 days of runs (day 28 is in week 4)
    day27 = _seeded(100, seed, 0.25, 27) / _seeded(100, seed, 2 / 29, 27)
    assert weeks["acwr_ewma"].iloc[3] == pytest.approx(day27)


def test_a_steady_load_has_a_ratio_of_one_from_the_start():
    # the same run every day: seeded with the first 28 days' mean, both means are that load from day 0 (from 0,
    # the chronic one would still be climbing on day 28: ratio 1/(1 − (27/29)^28) = 1.16 on day 27)
    days = pd.date_range("2026-03-02", periods=35).strftime("%Y-%m-%d").tolist()
    weeks = weekly_load(runs_of(days, [30] * 35, [4] * 35))
    assert weeks["acwr_ewma"].iloc[3:].tolist() == pytest.approx([1.0, 1.0])


def test_one_missing_rpe_takes_the_runners_median_and_says_so():
    # RPEs 5, 4, 6 on the other runs: median 5; the 40-minute run without RPE counts 40 × 5 = 200
    runs = runs_of(["2026-03-02", "2026-03-04", "2026-03-16", "2026-03-18"], [30, 40, 30, 20], [5, np.nan, 4, 6])
    weeks = weekly_load(runs)
    assert weeks["srpe_load"].iloc[0] == 30 * 5 + 200 and weeks["rpe_filled"].tolist() == [1, 0, 0]
    assert weeks["load_note"].iloc[0].startswith("one run's RPE is the runner's median (not logged)")
    assert weeks["srpe_load"].iloc[1] == 0 and weeks["run_count"].iloc[1] == 0
    assert weeks["srpe_load"].iloc[2] == 120 + 120 and weeks["rpe_filled"].iloc[2] == 0


def test_two_missing_rpe_or_a_missing_time_leave_the_load_unknown():
    runs = runs_of(["2026-03-02", "2026-03-04", "2026-03-05", "2026-03-16"], [30, 40, 20, 30], [5, np.nan, np.nan, 4])
    weeks = weekly_load(runs)
    assert np.isnan(weeks["srpe_load"].iloc[0]) and "two or more have no RPE" in weeks["load_note"].iloc[0]
    assert np.isnan(weeks["monotony"].iloc[0]) and np.isnan(weeks["strain"].iloc[0])
    assert weeks["run_minutes"].iloc[0] == 90 and weeks["rpe_filled"].iloc[0] == 0  # the time is still counted
    assert weeks["srpe_load"].iloc[2] == 120
    no_rpe_at_all = weekly_load(runs_of(["2026-03-02"], [30], [np.nan]))
    assert np.isnan(no_rpe_at_all["srpe_load"].iloc[0])  # no median to take


def test_monotony_needs_three_runs():
    # Mon 30 min RPE 5, Wed 30 min RPE 5, Fri 60 min RPE 5: daily loads 150, 0, 150, 0, 300, 0, 0
    runs = runs_of(
        ["2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09", "2026-03-12"], [30, 30, 60, 30, 30], [5] * 5
    )
    weeks = weekly_load(runs)
    mean = 600 / 7
    sd = math.sqrt((2 * (150 - mean) ** 2 + (300 - mean) ** 2 + 4 * mean**2) / 6)
    assert weeks["monotony"].iloc[0] == pytest.approx(mean / sd)
    assert np.isnan(weeks["monotony"].iloc[1]) and np.isnan(weeks["strain"].iloc[1])  # two runs
    assert weeks["load_note"].iloc[1] == "fewer than 3 runs: no monotony"


def test_the_same_load_every_day_has_no_monotony_and_says_why():
    days = pd.date_range("2026-03-02", periods=7).strftime("%Y-%m-%d").tolist()
    week = weekly_load(runs_of(days, [30] * 7, [4] * 7)).iloc[0]
    assert week["srpe_load"] == 840 and np.isnan(week["monotony"])
    assert week["load_note"] == "the same load every day: no monotony"


def test_weekly_summary_carries_the_load_columns():
    log = pd.DataFrame({"athlete": "me", "date": pd.to_datetime(["2026-03-02"]), "drill": "clamshell"})
    log = kc.load_routine_log(log.assign(side="both", reps=20))
    runs = runs_of(["2026-03-02", "2026-03-05", "2026-03-07"], [30, 45, 10], [5, 7, 0])
    row = kc.weekly_summary(log, runs=runs, end="2026-03-08").iloc[0]
    assert row["srpe_load"] == 465 and row["run_minutes"] == 85 and row["rpe_filled"] == 0
    assert row["strain"] == pytest.approx(465 * 0.539890, rel=1e-5)


def test_partial_spearman_by_hand():
    # ranks already: ρxy = 1 − 6·6/(6·35), ρxz = 1 − 6·4/210, ρyz = 1 − 6·18/210
    x, y, z = [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5], [1, 3, 2, 5, 4, 6]
    rxy, rxz, ryz = 1 - 36 / 210, 1 - 24 / 210, 1 - 108 / 210
    expected = (rxy - rxz * ryz) / math.sqrt((1 - rxz**2) * (1 - ryz**2))
    assert expected == pytest.approx(0.981703, abs=1e-6)
    row = association(pd.Series(x), pd.Series(y), pd.DataFrame({"z": z}))
    assert row["rho"] == pytest.approx(expected) and row["rho_raw"] == pytest.approx(rxy) and row["reason"] == ""


def test_relationship_with_load_held_constant():
    weeks = pd.date_range("2026-03-02", periods=6, freq="7D")
    s = pd.DataFrame(
        {
            "athlete": "me",
            "week_start": weeks,
            "program_week": range(1, 7),
            "dose_adherence": [1, 2, 3, 4, 5, 6],
            "pain_mean": [2, 1, 4, 3, 6, 5],
            "run_km": [1, 3, 2, 5, 4, 6],
        }
    )
    (row,) = kc.relationship(s, trend=False, covar="run_km").to_dict("records")
    assert row["n"] == 6 and row["rho"] == pytest.approx(0.981703, abs=1e-6) and row["held_constant"] == "run_km"
    assert row["rho_raw"] == pytest.approx(1 - 36 / 210)  # the unadjusted ρ is still there, on the same weeks
    short = kc.relationship(s.head(4), trend=False, covar="run_km").iloc[0]
    assert np.isnan(short["rho"]) and short["reason"].startswith("only 4 weeks")
    same = kc.relationship(s.assign(run_km=s["dose_adherence"]), trend=False, covar="run_km").iloc[0]
    assert np.isnan(same["rho"]) and "nothing is left" in same["reason"]
    with pytest.raises(ValueError, match="runs="):
        kc.relationship(s.drop(columns="run_km"), covar="run_km")
    assert "not adjusted for run_km" in kc.relationship(s, covar="run_km").attrs["cohort"]["covar_note"]
