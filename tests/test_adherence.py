"""Daily and weekly adherence against values worked out by hand, on the hand-worked runner of conftest.py
(``hand_worked``: its days and doses are written out there)."""

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.routine import with_sessions_per_week

from .conftest import SAMPLE


def test_daily_doses(hand_worked):
    log, pain, _ = hand_worked
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


def test_window_without_pain_ends_at_the_last_log_date(hand_worked):
    log, _, _ = hand_worked
    daily = kc.daily_adherence(log)
    assert daily["date"].max() == pd.Timestamp("2026-03-09")


def test_start_and_end_options(hand_worked):
    log, pain, _ = hand_worked
    daily = kc.daily_adherence(log, pain=pain, start="2026-03-01", end="2026-03-31")
    assert daily["date"].min() == pd.Timestamp("2026-03-01") and len(daily) == 31
    assert daily.loc[daily["date"] == "2026-03-01", "dose"].item() == 0.0
    per_athlete = kc.daily_adherence(log, start={"me": "2026-03-05"}, end={"me": "2026-03-07"})
    assert per_athlete["dose"].round(3).tolist() == [0.675, 0.0, 0.16]


def test_weekly_summary_by_hand(hand_worked):
    log, pain, _ = hand_worked
    s = kc.weekly_summary(log, pain=pain)
    assert s["week_start"].dt.strftime("%m-%d").tolist() == ["03-02", "03-09", "03-16"]
    assert s["program_week"].tolist() == [1, 2, 3]
    assert s["days_in_window"].tolist() == [5, 7, 3]
    assert s["prescribed"].tolist() == [5.0, 7.0, 3.0]
    assert s["sessions_done"].tolist() == [3, 1, 0]
    assert s["sessions_complete"].tolist() == [1, 1, 0]
    assert s["session_adherence"].tolist() == pytest.approx([3 / 5, 1 / 7, 0.0])
    assert s["dose_adherence"].tolist() == pytest.approx([1.835 / 5, 0.85 / 7, 0.0])
    week1 = s.iloc[0]
    assert [week1[f"adherence_{d}"] for d in kc.DEFAULT_ROUTINE.ids] == pytest.approx([0.4, 0.375, 0.36, 0.4, 0.3])
    assert s["band"].tolist() == ["red", "red", "red"]
    assert s["adherent"].tolist() == [False, False, False]
    # pain: only the entries dated inside the window (2 March, before the first session, is the baseline's):
    # 5 March 4 and 7 March 6
    assert s["pain_mean"].iloc[0] == pytest.approx(10 / 2) and s["pain_n"].iloc[0] == 2
    assert np.isnan(s["pain_mean"].iloc[1]) and s["pain_n"].iloc[1] == 0  # a week without pain is not 0 pain
    assert s["pain_max"].tolist()[0] == 6 and s["pain_max"].tolist()[2] == 3
    assert s["pain_n"].tolist() == [2, 0, 1]
    # a baseline needs 5 scores: 4 in the 14 days before 4 March (20 Feb to 2 March), 2 in the first week
    assert s["pain_baseline"].isna().all()
    assert s["flag_adherence_drop"].tolist() == [False, True, False]  # 0.367 → 0.121
    assert s["flag_pain_high"].tolist() == [True, False, False]
    assert s["flag_pain_rise"].tolist() == [False, False, False]
    assert s["flags"].iloc[0] == "pain over 5/10"


def test_design_columns_in_order(hand_worked):
    log, pain, runs = hand_worked
    s = kc.weekly_summary(log, pain=pain, runs=runs)
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
    drills = [f"adherence_{d}" for d in kc.DEFAULT_ROUTINE.ids]
    tail = ["band", "adherent", "pain_mean", "pain_max", "pain_n", "run_km", "run_count", "run_km_change"]
    assert list(s.columns[: len(design) + len(drills) + len(tail)]) == design + drills + tail


def test_three_sessions_a_week(hand_worked):
    log, pain, _ = hand_worked
    s = kc.weekly_summary(log, pain=pain, routine=with_sessions_per_week(kc.DEFAULT_ROUTINE, 3))
    assert s["prescribed"].tolist() == pytest.approx([15 / 7, 3.0, 9 / 7])
    assert s["session_adherence"].tolist() == pytest.approx([1.0, 1 / 3, 0.0])  # 3 done of 2.14: capped
    assert s["dose_adherence"].tolist() == pytest.approx([1.835 / (15 / 7), 0.85 / 3, 0.0])
    assert s["band"].tolist() == ["green", "red", "red"]


def test_weeks_starting_on_sunday(hand_worked):
    log, pain, _ = hand_worked
    s = kc.weekly_summary(log, pain=pain, week_starts_on="SUN")
    assert s["week_start"].dt.strftime("%a %m-%d").tolist() == ["Sun 03-01", "Sun 03-08", "Sun 03-15"]
    assert s["days_in_window"].tolist() == [4, 7, 4]
    assert s["dose_adherence"].tolist() == pytest.approx([1.835 / 4, 0.85 / 7, 0.0])
    assert s["band"].tolist() == ["red", "red", "red"]  # 0.459 is under 0.50
    # 1 and 2 March are before the window (4 March): only 5 March (4) and 7 March (6) count
    assert s["pain_mean"].iloc[0] == pytest.approx(10 / 2) and s["pain_n"].tolist() == [2, 0, 1]


def test_pain_context_filter(hand_worked):
    log, pain, _ = hand_worked
    s = kc.weekly_summary(log, pain=pain, pain_context="after_run")
    assert s["pain_n"].tolist() == [1, 0, 1] and s["pain_mean"].iloc[0] == 4.0
    with pytest.raises(ValueError, match="unknown pain context"):
        kc.weekly_summary(log, pain=pain, pain_context="jogging")


def test_running_load(hand_worked):
    log, pain, runs = hand_worked
    s = kc.weekly_summary(log, pain=pain, runs=runs)
    assert s["run_km"].tolist() == [15.0, 12.0, 20.0]
    assert s["run_count"].tolist() == [2, 1, 1]
    assert s["run_km_change"].tolist() == pytest.approx([0.5, -0.2, 20 / 12 - 1])
    assert s["flag_load_spike"].tolist() == [True, False, True]


def test_bands_and_thresholds_are_keywords(hand_worked):
    log, pain, _ = hand_worked
    s = kc.weekly_summary(log, pain=pain, bands=(0.35, 0.10), adherent_at=0.3)
    assert s["band"].tolist() == ["green", "yellow", "red"] and s["adherent"].tolist() == [True, False, False]


def test_each_window_runs_to_the_data_sets_last_date(write):
    """a logs on Mon 2 and Tue 3 March and stops; b starts on Mon 9 March, the data set's last date. a's window
    runs to 9 March too: the days after a stopped are missed days, not days outside the window."""
    log = kc.load_routine_log(
        write(
            "log.csv", "athlete,date,drill,reps\na,2026-03-02,clams,20\nb,2026-03-09,clams,20\na,2026-03-03,clams,20\n"
        )
    )
    s = kc.weekly_summary(log)
    assert s[["athlete", "program_week", "days_in_window"]].astype(str).values.tolist() == [
        ["a", "1", "7"],
        ["a", "2", "1"],
        ["b", "1", "1"],
    ]
    # clamshells alone are 1/5 of the day's dose: a did 2 × 0.2 of 7 prescribed days, then nothing
    assert s["dose_adherence"].tolist() == pytest.approx([0.4 / 7, 0.0, 0.2])
    assert s["band"].astype(str).tolist() == ["red", "red", "red"]


def _full_sessions(athlete: str, first: str, days: int) -> list[str]:
    rows = []
    for day in pd.date_range(first, periods=days):
        d = day.date().isoformat()
        rows += [f"{athlete},{d},foam roll,both,,300", f"{athlete},{d},couch stretch,both,,120"]
        rows += [f"{athlete},{d},{drill},both,20," for drill in ("hip abduction", "clamshell", "glute bridge")]
    return rows


def test_a_dropout_has_red_weeks_up_to_the_data_sets_last_date(write):
    """ann does the whole routine every day of the week of 2 March and stops; bo goes on to Sunday 22 March."""
    rows = _full_sessions("ann", "2026-03-02", 7) + _full_sessions("bo", "2026-03-02", 21)
    log = kc.load_routine_log(write("log.csv", "athlete,date,drill,side,reps,seconds\n" + "\n".join(rows) + "\n"))
    s = kc.weekly_summary(log)
    ann = s[s["athlete"] == "ann"]
    assert ann["week_start"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-02", "2026-03-09", "2026-03-16"]
    assert ann["days_in_window"].tolist() == [7, 7, 7]
    assert ann["dose_adherence"].tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert ann["band"].astype(str).tolist() == ["green", "red", "red"]
    assert s[s["athlete"] == "bo"]["band"].astype(str).tolist() == ["green", "green", "green"]
    overview = kc.team_overview(s).set_index("athlete")
    assert overview.loc["ann", "attention"] == "call" and overview.loc["bo", "attention"] == "ok"
    assert "no session for 2 weeks" in overview.loc["ann", "flags"]


def test_choosing_pain_scores_never_moves_the_window(write):
    rows = _full_sessions("ann", "2026-03-02", 3)
    log = kc.load_routine_log(write("log.csv", "athlete,date,drill,side,reps,seconds\n" + "\n".join(rows) + "\n"))
    pain = kc.load_pain_log(
        write("pain.csv", "athlete,date,pain,context\nann,2026-03-02,3,after_run\nann,2026-03-20,2,morning\n")
    )
    every = kc.weekly_summary(log, pain=pain)
    morning = kc.weekly_summary(log, pain=pain, pain_context="morning")
    after = kc.weekly_summary(log, pain=pain, pain_context="after_run")
    routine_columns = ["week_start", "days_in_window", "sessions_done", "dose_adherence", "band"]
    for chosen in (morning, after):
        pd.testing.assert_frame_equal(chosen[routine_columns], every[routine_columns])
    # the window runs to 20 March, the last date in the data set (a pain score): 3 weeks of 3 + 7 + 5 days
    assert every["days_in_window"].tolist() == [7, 7, 5]
    assert every["dose_adherence"].tolist() == pytest.approx([3 / 7, 0.0, 0.0])
    assert after["pain_n"].tolist() == [1, 0, 0] and morning["pain_n"].tolist() == [0, 0, 1]
    change = kc.pain_change(log, pain=pain, pain_context="after_run").iloc[0]
    assert change["window_end"] == pd.Timestamp("2026-03-20") and pd.isna(change["latest"])
    assert change["latest_reason"] == "no pain score in the 7 days to 20 Mar 2026"


def test_one_name_per_idea_options_by_keyword_and_no_duplicate_columns(hand_worked):
    log, pain, _ = hand_worked
    with pytest.raises(TypeError):
        kc.weekly_summary(log, pain)  # options after the data are keyword-only
    with pytest.raises(TypeError):
        kc.pain_change(log, pain=pain, context="morning")  # the option is pain_context=
    with pytest.raises(TypeError):
        kc.pain_flags(pain, limit=1)  # the option is pain_limit=
    weeks = kc.weekly_summary(log, pain=pain)
    assert not [c for c in weeks.columns if c.startswith("dose_") and c != "dose_adherence"]
    assert [c for c in weeks.columns if c.startswith("adherence_")] == [
        f"adherence_{d}" for d in kc.DEFAULT_ROUTINE.ids
    ]
    assert "adherence_4wk" not in kc.team_overview(weeks).columns


# Every week start on one small runner: sessions on Wed 4 and Tue 10 March 2026, pain on Thu 5 and Sun 15 (the
# data set's last date, so the window is Wed 4 – Sun 15, 12 days), runs of 7 km (Thu 26 Feb, before the
# window), 5 km (Thu 5), 8 km (Sat 7), 10 km (Mon 9), 6 km (Fri 13) and 4 km (Tue 17, after it). A week holding
# a window day counts every run dated in it. Each week below was counted on a paper calendar.
WEEK_STARTS = {
    #       week_start                          days       sessions   pain_n     run_km          run_count
    "MON": (["03-02", "03-09"], [5, 7], [1, 1], [1, 1], [13.0, 16.0], [2, 2]),
    "TUE": (["03-03", "03-10"], [6, 6], [1, 1], [1, 1], [23.0, 6.0], [3, 1]),
    "WED": (["03-04", "03-11"], [7, 5], [2, 0], [1, 1], [23.0, 10.0], [3, 2]),
    "THU": (["02-26", "03-05", "03-12"], [1, 7, 4], [1, 1, 0], [0, 1, 1], [7.0, 23.0, 10.0], [1, 3, 2]),
    "FRI": (["02-27", "03-06", "03-13"], [2, 7, 3], [1, 1, 0], [1, 0, 1], [5.0, 18.0, 10.0], [1, 2, 2]),
    "SAT": (["02-28", "03-07", "03-14"], [3, 7, 2], [1, 1, 0], [1, 0, 1], [5.0, 24.0, 4.0], [1, 3, 1]),
    "SUN": (["03-01", "03-08", "03-15"], [4, 7, 1], [1, 1, 0], [1, 0, 1], [13.0, 16.0, 4.0], [2, 2, 1]),
}
RUNS_AROUND = "date,distance_km\n2026-02-26,7\n2026-03-05,5\n2026-03-07,8\n2026-03-09,10\n2026-03-13,6\n2026-03-17,4\n"


@pytest.mark.parametrize("week_start", list(WEEK_STARTS))
def test_every_week_start_with_runs(write, week_start):
    log = kc.load_routine_log(write("log.csv", "date,drill,reps\n2026-03-04,clams,20\n2026-03-10,clams,20\n"))
    pain = kc.load_pain_log(write("pain.csv", "date,pain,context\n2026-03-05,5,after_run\n2026-03-15,3,morning\n"))
    runs = kc.load_runs(write("runs.csv", RUNS_AROUND))
    s = kc.weekly_summary(log, pain=pain, runs=runs, week_starts_on=week_start)
    weeks, days, sessions, pain_n, km, count = WEEK_STARTS[week_start]
    assert s["week_start"].dt.strftime("%m-%d").tolist() == weeks
    assert (s["week_start"].dt.strftime("%a").str.upper() == week_start).all()
    assert s["days_in_window"].tolist() == days
    assert s["sessions_done"].tolist() == sessions
    assert s["pain_n"].tolist() == pain_n
    assert s["run_km"].tolist() == km
    assert s["run_count"].tolist() == count


@pytest.mark.parametrize("week_start", list(WEEK_STARTS))
def test_every_week_start_on_the_sample_runner(week_start):
    """The sample runner's runs start a week before the routine: every run dated in a summary week is counted."""
    ds = kc.load_dataset(SAMPLE / "runner")
    s = ds.weekly_summary(week_starts_on=week_start)
    assert (s["week_start"].dt.strftime("%a").str.upper() == week_start).all()
    assert s["program_week"].tolist() == list(range(1, len(s) + 1))
    first, last = s["week_start"].min(), s["week_start"].max() + pd.Timedelta(days=6)
    inside = ds.runs[(ds.runs["date"] >= first) & (ds.runs["date"] <= last)]
    assert s["run_count"].sum() == len(inside)
    assert s["run_km"].sum() == pytest.approx(inside["distance_km"].sum())
