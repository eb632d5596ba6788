"""Training load worked out by hand: session-RPE load, monotony and strain of a small week, both acute:chronic
ratios, weeks without RPE, and adherence against pain with load held constant."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import t as student

import kneecare_analysis as kc
from kneecare_analysis.analysis.load import weekly_load
from kneecare_analysis.analysis.relationship import partial_spearman


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
    # Mon 30 min at RPE 5 and Thu 45 min at RPE 7: 150 + 315 = 465
    week = weekly_load(runs_of(["2026-03-02", "2026-03-05"], [30, 45], [5, 7])).iloc[0]
    assert week["srpe_load"] == 465 and week["run_minutes"] == 75 and week["run_count"] == 2
    # daily loads 150, 0, 0, 315, 0, 0, 0: mean 465/7 = 66.43; squared deviations 83.57², 5 × 66.43², 248.57²
    mean = 465 / 7
    var = ((150 - mean) ** 2 + 5 * mean**2 + (315 - mean) ** 2) / 6  # the sample variance (n − 1)
    assert var == pytest.approx(15139.29, abs=0.01)
    assert week["monotony"] == pytest.approx(66.4286 / 123.0418, rel=1e-5)
    assert week["monotony"] == pytest.approx(mean / math.sqrt(var))
    assert week["strain"] == pytest.approx(465 * 0.539890, rel=1e-5)  # 251.05
    assert week["load_note"] == ""


def test_uncoupled_ratio_is_this_week_over_the_three_before():
    # one run each Monday: loads 465, 300, 600, 900 → week 4: 900 / ((465 + 300 + 600) / 3) = 900 / 455
    runs = runs_of(["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"], [93, 60, 100, 150], [5, 5, 6, 6])
    weeks = weekly_load(runs)
    assert weeks["srpe_load"].tolist() == [465, 300, 600, 900]
    assert weeks["acwr_uncoupled"].iloc[:3].isna().all()
    assert weeks["acwr_uncoupled"].iloc[3] == pytest.approx(900 / 455)


def test_ewma_ratio_follows_williams_from_the_first_run():
    # a single run of load 100 on day 1, then rest: on day d the acute mean is 100·λa·(1 − λa)^(d−1) with
    # λa = 2/8 = 0.25, the chronic 100·λc·(1 − λc)^(d−1) with λc = 2/29. Their ratio on day 35 (week 5's last)
    runs = runs_of(["2026-03-02", "2026-04-05"], [20, 10], [5, 0])  # the second run, RPE 0, ends week 5
    weeks = weekly_load(runs)
    acute = 100 * 0.25 * 0.75**34
    chronic = 100 * (2 / 29) * (27 / 29) ** 34
    assert weeks["acwr_ewma"].iloc[4] == pytest.approx(acute / chronic)
    assert weeks["acwr_ewma"].iloc[:3].isna().all()  # not given before 28 days of runs (day 28 is in week 4)
    assert weeks["acwr_ewma"].iloc[3] == pytest.approx((0.25 * 0.75**27) / ((2 / 29) * (27 / 29) ** 27))


def test_a_week_without_rpe_has_no_load_and_a_week_without_runs_has_zero():
    runs = runs_of(["2026-03-02", "2026-03-04", "2026-03-16"], [30, 40, 30], [5, np.nan, 4])
    weeks = weekly_load(runs)
    assert np.isnan(weeks["srpe_load"].iloc[0]) and "no RPE" in weeks["load_note"].iloc[0]
    assert np.isnan(weeks["monotony"].iloc[0]) and np.isnan(weeks["strain"].iloc[0])
    assert weeks["run_minutes"].iloc[0] == 70  # the time is still counted
    assert weeks["srpe_load"].iloc[1] == 0 and weeks["run_count"].iloc[1] == 0
    assert weeks["srpe_load"].iloc[2] == 120


def test_the_same_load_every_day_has_no_monotony_and_says_why():
    days = pd.date_range("2026-03-02", periods=7).strftime("%Y-%m-%d").tolist()
    week = weekly_load(runs_of(days, [30] * 7, [4] * 7)).iloc[0]
    assert week["srpe_load"] == 840 and np.isnan(week["monotony"])
    assert week["load_note"] == "the same load every day: no monotony"


def test_weekly_summary_carries_the_load_columns():
    log = pd.DataFrame({"athlete": "me", "date": pd.to_datetime(["2026-03-02"]), "drill": "clamshell"})
    log = kc.load_routine_log(log.assign(side="both", reps=20))
    runs = runs_of(["2026-03-02", "2026-03-05"], [30, 45], [5, 7])
    row = kc.weekly_summary(log, runs=runs, end="2026-03-08").iloc[0]
    assert row["srpe_load"] == 465 and row["run_minutes"] == 75
    assert row["strain"] == pytest.approx(465 * 0.539890, rel=1e-5)


def test_partial_spearman_by_hand():
    # ranks already: ρxy = 1 − 6·6/(6·35), ρxz = 1 − 6·4/210, ρyz = 1 − 6·18/210
    x, y, z = [1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5], [1, 3, 2, 5, 4, 6]
    rxy, rxz, ryz = 1 - 36 / 210, 1 - 24 / 210, 1 - 108 / 210
    expected = (rxy - rxz * ryz) / math.sqrt((1 - rxz**2) * (1 - ryz**2))
    assert expected == pytest.approx(0.981703, abs=1e-6)
    rho, p, reason = partial_spearman(pd.Series(x), pd.Series(y), pd.Series(z))
    assert rho == pytest.approx(expected) and reason == ""
    t = expected * math.sqrt(3 / (1 - expected**2))  # n − 3 = 3 degrees of freedom
    assert p == pytest.approx(2 * student.sf(t, 3))


def test_relationship_with_load_held_constant():
    weeks = pd.date_range("2026-03-02", periods=6, freq="7D")
    s = pd.DataFrame(
        {
            "athlete": "me",
            "week_start": weeks,
            "dose_adherence": [1, 2, 3, 4, 5, 6],
            "pain_mean": [2, 1, 4, 3, 6, 5],
            "run_km": [1, 3, 2, 5, 4, 6],
        }
    )
    (row,) = kc.relationship(s, covar="run_km").to_dict("records")
    assert row["n_partial"] == 6 and row["rho_partial"] == pytest.approx(0.981703, abs=1e-6)
    assert row["rho"] == pytest.approx(1 - 36 / 210)  # the unadjusted ρ is still there
    short = kc.relationship(s.head(4), covar="run_km").iloc[0]
    assert np.isnan(short["rho_partial"]) and short["reason_partial"].startswith("only 4 weeks")
    same = kc.relationship(s.assign(run_km=s["dose_adherence"]), covar="run_km").iloc[0]
    assert np.isnan(same["rho_partial"]) and "nothing is left" in same["reason_partial"]
    with pytest.raises(ValueError, match="runs="):
        kc.relationship(s.drop(columns="run_km"), covar="run_km")
    assert "not adjusted for run_km" in kc.relationship(s, covar="run_km").attrs["cohort"]["covar_note"]
