"""Pain change against baseline and the pain-monitoring flags, by hand."""

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc

from .conftest import LOG, PAIN


def test_pain_change_with_scores_before_the_first_session(write):
    log = kc.load_routine_log(write("routine_log.csv", LOG))
    pain = kc.load_pain_log(write("pain_log.csv", PAIN))
    (row,) = kc.pain_change(log, pain=pain).to_dict("records")
    assert row["window_start"] == pd.Timestamp("2026-03-04") and row["window_end"] == pd.Timestamp("2026-03-18")
    # baseline: 26 Feb (6), 1 Mar (5), 2 Mar (7) — the 7 days before 4 March; 20 Feb is too early
    assert (row["baseline"], row["baseline_n"], row["baseline_from"]) == (6.0, 3, "before start")
    assert (row["latest"], row["latest_n"]) == (3.0, 1)  # 12–18 March
    assert row["change"] == -3.0 and row["pct_change"] == -0.5
    assert row["improved"] and row["improved_30pct"]


def test_baseline_falls_back_to_the_first_week_and_thresholds(write):
    log = kc.load_routine_log(write("l.csv", "date,drill,reps\n2026-03-02,clams,20\n2026-03-20,clams,20\n"))
    pain = kc.load_pain_log(write("p.csv", "date,pain\n2026-03-03,5\n2026-03-09,1\n2026-03-16,3.5\n"))
    (row,) = kc.pain_change(log, pain=pain).to_dict("records")
    assert (row["baseline"], row["baseline_from"]) == (5.0, "first week")  # 2–8 March holds only the 3rd
    assert row["latest"] == 3.5 and row["change"] == -1.5 and row["pct_change"] == pytest.approx(-0.3)
    assert not row["improved"] and row["improved_30pct"]
    (row,) = kc.pain_change(log, pain=pain, mcid=1.5).to_dict("records")
    assert row["improved"]


def test_pain_flags():
    pain = pd.DataFrame(
        {
            "athlete": ["me"] * 7,
            "date": pd.to_datetime(
                ["2026-03-01", "2026-03-02", "2026-03-02", "2026-03-02", "2026-03-04", "2026-03-05", "2026-03-05"]
            ),
            "pain": [2.0, 3.0, 3.0, 6.0, 3.0, 1.0, 7.0],
            "context": ["morning", "morning", "during_run", "after_run", "morning", "morning", "rest"],
        }
    )
    f = kc.pain_flags(pain)
    assert f["over_limit"].tolist() == [False, False, False, True, False, False, False]
    assert f["run_warning"].tolist() == [False, False, True, False, False, False, False]
    assert f["not_settled"].tolist() == [False, True, False, False, False, False, False]
    assert f["flags"].tolist()[1:4] == [
        "morning pain up on the previous morning",
        "over 2/10 during the run",
        "over 5/10 with running",
    ]
    assert kc.pain_flags(pain, pain_limit=6.5, run_limit=3)["run_warning"].sum() == 0


def test_no_pain_at_all(write):
    log = kc.load_routine_log(write("l.csv", "date,drill,reps\n2026-03-02,clams,20\n"))
    empty = kc.load_pain_log(write("p.csv", "date,pain\n"))
    (row,) = kc.pain_change(log, pain=empty).to_dict("records")
    assert np.isnan(row["baseline"]) and np.isnan(row["change"]) and not row["improved"]
