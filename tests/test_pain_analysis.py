"""Pain change against baseline and the pain-monitoring flags, by hand."""

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc

from .conftest import LOG, PAIN


def test_pain_change_needs_five_baseline_scores(write):
    log = kc.load_routine_log(write("routine_log.csv", LOG))
    pain = kc.load_pain_log(write("pain_log.csv", PAIN))
    (row,) = kc.pain_change(log, pain=pain, pain_context=None).to_dict("records")
    assert row["window_start"] == pd.Timestamp("2026-03-04") and row["window_end"] == pd.Timestamp("2026-03-18")
    # 20 Feb, 26 Feb, 1 and 2 March: 4 scores in the 14 days before 4 March; 5 and 7 March: 2 in the first week
    assert np.isnan(row["baseline"]) and row["baseline_from"] == "too few scores" and row["baseline_n"] == 4
    assert (
        row["baseline_reason"]
        == "scores: 4 in the 14 days before the start, 2 in its first week (5 needed in one of them)"
    )
    assert row["verdict"].startswith("cannot tell: no baseline") and not row["improved"]
    (row,) = kc.pain_change(log, pain=pain, pain_context=None, min_baseline=4).to_dict("records")
    assert (row["baseline"], row["baseline_n"], row["baseline_from"]) == (6.75, 4, "before start")  # 27 / 4
    assert (row["latest"], row["latest_n"]) == (3.0, 1)  # 12–18 March
    assert row["change"] == -3.75 and np.isnan(row["change_low"])  # one latest score: no CI
    assert row["verdict"] == "cannot tell: fewer than 2 scores in the last 7 days"


def _daily(values, first, context="morning"):
    dates = pd.date_range(first, periods=len(values), freq="D")
    return pd.DataFrame({"athlete": "me", "date": dates, "pain": np.asarray(values, float), "context": context})


LOG_1_MARCH = "date,drill,reps\n2026-03-01,clams,20\n2026-03-21,clams,20\n"


def test_change_ci_is_welch_on_the_scores(write):
    log = kc.load_routine_log(write("l.csv", LOG_1_MARCH))
    base = [6, 5, 6, 7, 6, 5, 6]  # 22–28 Feb: mean 41/7
    late = [4, 3, 4, 5, 4, 3, 4]  # 15–21 March: mean 27/7
    pain = pd.concat([_daily(base, "2026-02-22"), _daily(late, "2026-03-15")], ignore_index=True)
    (row,) = kc.pain_change(log, pain=pain).to_dict("records")
    assert row["context"] == "morning" and row["baseline_n"] == 7 and row["latest_n"] == 7
    assert row["change"] == pytest.approx(-2.0)
    # equal variances: deviations 1/7·(1, −6, 1, 8, 1, −6, 1) → Σd² = 140/49 = 20/7, s² = 20/42
    # se = √(2·(20/42)/7) = 0.368856; Welch df = 12 (equal n and s²); t(.975, 12) = 2.178813
    half = 2.178813 * np.sqrt(2 * (20 / 42) / 7)
    assert (row["change_low"], row["change_high"]) == pytest.approx((-2.0 - half, -2.0 + half), abs=1e-5)
    assert row["verdict"] == "cannot tell: the 95% CI holds improvements both above and below 2 points"
    (row,) = kc.pain_change(log, pain=pain, mcid=1.0).to_dict("records")
    assert row["verdict"] == "improved by at least 1 points"  # −2.80 to −1.20: all of it beyond −1
    (row,) = kc.pain_change(log, pain=pain, mcid=3.0).to_dict("records")
    assert row["verdict"] == "changed by less than 3 points"


def test_one_context_by_default(write):
    log = kc.load_routine_log(write("l.csv", LOG_1_MARCH))
    morning = pd.concat([_daily([4] * 7, "2026-02-22"), _daily([4] * 7, "2026-03-15")], ignore_index=True)
    # after-run scores: 6 in the baseline, none late — pooled, the change is the shift of context
    after = _daily([6] * 7, "2026-02-22", context="after_run")
    pain = pd.concat([morning, after], ignore_index=True)
    (row,) = kc.pain_change(log, pain=pain).to_dict("records")
    assert row["context"] == "morning" and row["change"] == 0.0
    (row,) = kc.pain_change(log, pain=pain, pain_context=None).to_dict("records")
    assert row["context"] == "all" and row["change"] == pytest.approx(4 - 5)  # baseline (28 + 42) / 14
    only_after = after.assign(date=after["date"] + pd.Timedelta(days=21))
    (row,) = kc.pain_change(log, pain=pd.concat([after, only_after])).to_dict("records")
    assert row["context"] == "after_run"  # no morning score: the most common context


def test_baseline_falls_back_to_the_first_week_and_thresholds(write):
    log = kc.load_routine_log(write("l.csv", "date,drill,reps\n2026-03-02,clams,20\n2026-03-20,clams,20\n"))
    scores = "\n".join(f"2026-03-0{d},5" for d in range(2, 7))  # 2–6 March: 5 scores of 5 in the first week
    pain = kc.load_pain_log(write("p.csv", f"date,pain\n2026-02-25,1\n{scores}\n2026-03-16,3.5\n2026-03-17,3.5\n"))
    (row,) = kc.pain_change(log, pain=pain).to_dict("records")
    assert (row["baseline"], row["baseline_from"]) == (5.0, "first week")  # 1 score before the start
    assert row["latest"] == 3.5 and row["change"] == -1.5 and row["pct_change"] == pytest.approx(-0.3)
    assert not row["improved"] and row["improved_30pct"]
    assert (row["change_low"], row["change_high"]) == (-1.5, -1.5)  # no spread at all
    (row,) = kc.pain_change(log, pain=pain, mcid=1.5).to_dict("records")
    assert row["improved"] and row["verdict"] == "improved by at least 1.5 points"


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
