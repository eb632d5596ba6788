"""Adherence and pain together: Spearman ρ per athlete by hand, and the repeated-measures correlation
checked against its published worked example."""

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc

from .conftest import ROOT


def summary_of(athlete: str, adherence, pain, *, first="2026-03-02"):
    weeks = pd.date_range(first, periods=len(adherence), freq="7D")
    return pd.DataFrame({"athlete": athlete, "week_start": weeks, "dose_adherence": adherence, "pain_mean": pain})


def test_spearman_same_week_and_next_week():
    # same week: ranks x [6..1], pain ranks [2,1,3,4,6,5] → Σd² = 66 → ρ = 1 − 6·66/(6·35) = −0.885714
    # a week later: x [1,.8,.6,.4,.2] against [2.5,3.5,4,6,5] → Σd² = 38 → ρ = 1 − 6·38/(5·24) = −0.9
    s = summary_of("me", [1.0, 0.8, 0.6, 0.4, 0.2, 0.0], [3, 2.5, 3.5, 4, 6, 5])
    (row,) = kc.relationship(s).to_dict("records")
    assert row["n"] == 6 and row["rho"] == pytest.approx(1 - 6 * 66 / (6 * 35))
    assert row["n_lag1"] == 5 and row["rho_lag1"] == pytest.approx(-0.9)
    assert 0 < row["p"] < 0.05 and row["reason"] == ""


def test_weeks_without_pain_are_left_out_and_lag_needs_consecutive_weeks():
    s = summary_of("me", [1.0, 0.8, 0.6, 0.4, 0.2, 0.0, 0.1], [3, np.nan, 3.5, 4, 6, 5, 7])
    (row,) = kc.relationship(s).to_dict("records")
    assert row["n"] == 6 and row["n_lag1"] == 5  # week 1 has no next-week pain; week 2 has no pain


def test_too_few_weeks_is_nan_with_a_reason():
    s = summary_of("me", [1.0, 0.8, 0.6, 0.4], [3, 2.5, 3.5, 4])
    (row,) = kc.relationship(s).to_dict("records")
    assert np.isnan(row["rho"]) and np.isnan(row["rho_lag1"])
    assert row["reason"].startswith("only 4 weeks with both adherence and pain (5 needed)")
    s = summary_of("me", [0.5] * 6, [3, 2.5, 3.5, 4, 6, 5])
    assert kc.relationship(s)["reason"].iloc[0].startswith("adherence was the same every week")


def test_cohort_needs_three_athletes():
    s = pd.concat([summary_of("a", [1, 0.5, 0.2], [2, 3, 4]), summary_of("b", [1, 0.5, 0.2], [2, 3, 5])])
    cohort = kc.relationship(s).attrs["cohort"]
    assert np.isnan(cohort["r"]) and "3 athletes or more" in cohort["note"]


def test_repeated_measures_matches_the_published_example():
    # Bakdash & Marusich (2017), Bland & Altman (1995): r_rm = −0.507, df = 38, p = 0.0008, 95% CI −0.71 to −0.23
    data = pd.read_csv(ROOT / "tests" / "data" / "bland_altman_1995.csv", comment="#")
    summary = pd.DataFrame(
        {"athlete": data["Subject"].astype(str), "dose_adherence": data["pH"], "pain_mean": data["PacO2"]}
    )
    (row,) = kc.cohort_relationship(summary).to_dict("records")
    assert row["n_athletes"] == 8 and row["n_obs"] == 47
    assert row["r"] == pytest.approx(-0.507, abs=0.001)
    assert row["dof"] == 38
    assert row["p"] == pytest.approx(0.0008, abs=0.0001)
    assert (row["ci95_low"], row["ci95_high"]) == pytest.approx((-0.71, -0.23), abs=0.005)
