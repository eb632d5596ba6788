"""Daily and weekly adherence (design §4) against values worked out by hand.

The fixture: a runner starting on Wednesday 4 March 2026 (a partial first week), with pain scores before the
first session, and a last pain score on Wednesday 18 March that ends the window.

  Wed 4   full session, every drill at target                         dose 1.0, complete
  Thu 5   massage 150 s per leg (adds to 300: 1.0); hip abduction L 10 + L 10 (two rows: 20) and R 15
          (0.875); no clamshells (0); bridge `both` 30 (capped at 1.0); couch `both` 60 s (0.5 each side)
          dose (1 + 0.875 + 0 + 1 + 0.5) / 5 = 0.675
  Fri 6   nothing (missed)
  Sat 7   clamshells `both` 16 logged 23:50 at UTC−8 (still Saturday as written): 0.8 → dose 0.16
  Sun 8   nothing
  Mon 9   every drill at its minimum (15 reps, 300 s, 120 s): (1 + .75 + .75 + .75 + 1) / 5 = 0.85, complete
  Tue 10 – Wed 18  nothing
"""

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.routine import with_sessions_per_week

LOG = """timestamp,drill,side,reps,seconds
2026-03-04T19:00:00+01:00,foam roll,,,300
2026-03-04T19:10:00+01:00,hip abduction,both,20,
2026-03-04T19:12:00+01:00,clamshell,both,20,
2026-03-04T19:14:00+01:00,glute bridge,both,20,
2026-03-04T19:16:00+01:00,couch stretch,L,,120
2026-03-04T19:18:00+01:00,couch stretch,R,,120
2026-03-05T19:00:00+01:00,foam roll,L,,150
2026-03-05T19:05:00+01:00,foam roll,R,,150
2026-03-05T19:10:00+01:00,hip abduction,L,10,
2026-03-05T19:11:00+01:00,hip abduction,L,10,
2026-03-05T19:12:00+01:00,hip abduction,R,15,
2026-03-05T19:14:00+01:00,glute bridge,both,30,
2026-03-05T19:16:00+01:00,couch stretch,both,,60
2026-03-07T23:50:00-08:00,clamshell,both,16,
2026-03-09T07:00:00+01:00,foam roll,,,300
2026-03-09T07:06:00+01:00,hip abduction,both,15,
2026-03-09T07:08:00+01:00,clamshell,both,15,
2026-03-09T07:10:00+01:00,glute bridge,both,15,
2026-03-09T07:12:00+01:00,couch stretch,L,,120
2026-03-09T07:14:00+01:00,couch stretch,R,,120
"""
PAIN = """date,pain,context
2026-02-20,9,after_run
2026-02-26,6,after_run
2026-03-01,5,morning
2026-03-02,7,morning
2026-03-05,4,after_run
2026-03-07,6,during_run
2026-03-18,3,after_run
"""
RUNS = """date,distance_km
2026-02-26,10
2026-03-03,10
2026-03-05,5
2026-03-10,12
2026-03-17,20
"""


@pytest.fixture
def data(write):
    log = kc.load_routine_log(write("routine_log.csv", LOG))
    pain = kc.load_pain_log(write("pain_log.csv", PAIN))
    runs = kc.load_runs(write("runs.csv", RUNS))
    return log, pain, runs


def test_daily_doses(data):
    log, pain, _ = data
    daily = kc.daily_adherence(log, pain=pain)
    assert daily["date"].min() == pd.Timestamp("2026-03-04") and daily["date"].max() == pd.Timestamp("2026-03-18")
    assert len(daily) == 15
    by_day = daily.set_index(daily["date"].dt.strftime("%m-%d"))
    expected_dose = {"03-04": 1.0, "03-05": 0.675, "03-06": 0.0, "03-07": 0.16, "03-08": 0.0, "03-09": 0.85}
    for day, dose in expected_dose.items():
        assert by_day.loc[day, "dose"] == pytest.approx(dose), day
    assert by_day.loc["03-05", ["dose_self_massage", "dose_hip_abduction", "dose_clamshell"]].tolist() == [
        1.0,
        0.875,
        0.0,
    ]
    assert by_day.loc["03-05", ["dose_glute_bridge", "dose_couch_stretch"]].tolist() == [1.0, 0.5]
    assert by_day["session_done"].sum() == 4
    assert by_day.index[by_day["session_complete"]].tolist() == ["03-04", "03-09"]
    assert (by_day.loc["03-10":, "dose"] == 0).all()


def test_window_without_pain_ends_at_the_last_log_date(data):
    log, _, _ = data
    daily = kc.daily_adherence(log)
    assert daily["date"].max() == pd.Timestamp("2026-03-09")


def test_start_and_end_options(data):
    log, pain, _ = data
    daily = kc.daily_adherence(log, pain=pain, start="2026-03-01", end="2026-03-31")
    assert daily["date"].min() == pd.Timestamp("2026-03-01") and len(daily) == 31
    assert daily.loc[daily["date"] == "2026-03-01", "dose"].item() == 0.0
    per_athlete = kc.daily_adherence(log, start={"me": "2026-03-05"}, end={"me": "2026-03-07"})
    assert per_athlete["dose"].round(3).tolist() == [0.675, 0.0, 0.16]


def test_weekly_summary_by_hand(data):
    log, pain, _ = data
    s = kc.weekly_summary(log, pain)
    assert s["week_start"].dt.strftime("%m-%d").tolist() == ["03-02", "03-09", "03-16"]
    assert s["program_week"].tolist() == [1, 2, 3]
    assert s["days_in_window"].tolist() == [5, 7, 3]
    assert s["prescribed"].tolist() == [5.0, 7.0, 3.0]
    assert s["sessions_done"].tolist() == [3, 1, 0]
    assert s["sessions_complete"].tolist() == [1, 1, 0]
    assert s["session_adherence"].tolist() == pytest.approx([3 / 5, 1 / 7, 0.0])
    assert s["dose_adherence"].tolist() == pytest.approx([1.835 / 5, 0.85 / 7, 0.0])
    week1 = s.iloc[0]
    assert [week1[f"dose_{d}"] for d in kc.DEFAULT_ROUTINE.ids] == pytest.approx([0.4, 0.375, 0.36, 0.4, 0.3])
    assert s["band"].tolist() == ["red", "red", "red"]
    assert s["adherent"].tolist() == [False, False, False]
    # pain: every entry dated in the calendar week, window or not (2 March is before the first session)
    assert s["pain_mean"].iloc[0] == pytest.approx(17 / 3)
    assert np.isnan(s["pain_mean"].iloc[1]) and s["pain_n"].iloc[1] == 0  # a week without pain is not 0 pain
    assert s["pain_max"].tolist()[0] == 7 and s["pain_max"].tolist()[2] == 3
    assert s["pain_n"].tolist() == [3, 0, 1]
    assert s["pain_baseline"].tolist() == [6.0, 6.0, 6.0]
    assert s["flag_adherence_drop"].tolist() == [False, True, False]  # 0.367 → 0.121
    assert s["flag_pain_high"].tolist() == [True, False, False]
    assert s["flag_pain_rise"].tolist() == [False, False, False]
    assert s["flags"].iloc[0] == "pain over 5/10"


def test_design_columns_in_order(data):
    log, pain, runs = data
    s = kc.weekly_summary(log, pain, runs)
    design = [
        "athlete",
        "week_start",
        "program_week",
        "days_in_window",
        "prescribed",
        "sessions_done",
        "sessions_complete",
        "session_adherence",
        "dose_adherence",
    ]
    drills = [f"dose_{d}" for d in kc.DEFAULT_ROUTINE.ids]
    tail = ["band", "adherent", "pain_mean", "pain_max", "pain_n", "run_km", "run_count", "run_km_change"]
    assert list(s.columns[: len(design) + len(drills) + len(tail)]) == design + drills + tail


def test_three_sessions_a_week(data):
    log, pain, _ = data
    s = kc.weekly_summary(log, pain, routine=with_sessions_per_week(kc.DEFAULT_ROUTINE, 3))
    assert s["prescribed"].tolist() == pytest.approx([15 / 7, 3.0, 9 / 7])
    assert s["session_adherence"].tolist() == pytest.approx([1.0, 1 / 3, 0.0])  # 3 done of 2.14: capped
    assert s["dose_adherence"].tolist() == pytest.approx([1.835 / (15 / 7), 0.85 / 3, 0.0])
    assert s["band"].tolist() == ["green", "red", "red"]


def test_weeks_starting_on_sunday(data):
    log, pain, _ = data
    s = kc.weekly_summary(log, pain, week_start="SUN")
    assert s["week_start"].dt.strftime("%a %m-%d").tolist() == ["Sun 03-01", "Sun 03-08", "Sun 03-15"]
    assert s["days_in_window"].tolist() == [4, 7, 4]
    assert s["dose_adherence"].tolist() == pytest.approx([1.835 / 4, 0.85 / 7, 0.0])
    assert s["band"].tolist() == ["red", "red", "red"]  # 0.459 is under 0.50
    assert s["pain_mean"].iloc[0] == pytest.approx(22 / 4) and s["pain_n"].tolist() == [4, 0, 1]


def test_pain_context_filter(data):
    log, pain, _ = data
    s = kc.weekly_summary(log, pain, pain_context="after_run")
    assert s["pain_n"].tolist() == [1, 0, 1] and s["pain_mean"].iloc[0] == 4.0
    with pytest.raises(ValueError, match="unknown pain context"):
        kc.weekly_summary(log, pain, pain_context="jogging")


def test_running_load(data):
    log, pain, runs = data
    s = kc.weekly_summary(log, pain, runs)
    assert s["run_km"].tolist() == [15.0, 12.0, 20.0]
    assert s["run_count"].tolist() == [2, 1, 1]
    assert s["run_km_change"].tolist() == pytest.approx([0.5, -0.2, 20 / 12 - 1])
    assert s["flag_load_spike"].tolist() == [True, False, True]


def test_bands_and_thresholds_are_keywords(data):
    log, pain, _ = data
    s = kc.weekly_summary(log, pain, bands=(0.35, 0.10), adherent_at=0.3)
    assert s["band"].tolist() == ["green", "yellow", "red"] and s["adherent"].tolist() == [True, False, False]


def test_two_athletes_are_independent(write):
    log = kc.load_routine_log(
        write(
            "log.csv", "athlete,date,drill,reps\na,2026-03-02,clams,20\nb,2026-03-09,clams,20\na,2026-03-03,clams,20\n"
        )
    )
    s = kc.weekly_summary(log)
    assert s[["athlete", "program_week", "days_in_window"]].astype(str).values.tolist() == [
        ["a", "1", "2"],
        ["b", "1", "1"],
    ]
    assert s["dose_adherence"].tolist() == pytest.approx([0.2, 0.2])  # clamshells alone: 1/5 of the dose
