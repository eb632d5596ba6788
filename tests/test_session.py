"""The session model without any widget: a runner's day recorded, saved, reopened, corrected and deleted in a
folder, every rule on what may be entered, and no widget or chart library loaded on the way."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from kneecare_analysis.logbook import LogWriteError
from kneecare_analysis.session import NothingToSave, Session

from .conftest import ROOT, SAMPLE

ROUTINE_HEADER = "timestamp,athlete,drill,side,reps,seconds,note,session\n"
PAIN_HEADER = "timestamp,athlete,pain,context,knee,note,session\n"
RUNS_HEADER = "date,athlete,distance_km,duration_min,rpe,note,session\n"


def test_a_day_is_recorded_saved_reopened_corrected_and_deleted(tmp_path):
    day = dt.date.today() - dt.timedelta(days=1)  # within the last 14 days, so it is listed
    d = day.isoformat()
    session = Session(tmp_path, today=day, session_id="day1")
    session.set_pain(3, context="after_run")
    session.record("foam roll", seconds=300)
    session.record("hip abduction", reps=20)  # both sides
    session.record("clams", side="L", reps=18)
    session.record("clams", side="R", reps=15)
    session.skip_pain("after")
    session.set_run(42, rpe=5)
    session.set_note("legs heavy")

    routine_rows, pain_rows = session.rows()
    assert routine_rows == [
        {
            "timestamp": d,
            "athlete": "me",
            "drill": "self_massage",
            "side": "both",
            "reps": None,
            "seconds": "300",
            "note": "legs heavy",
        },
        {
            "timestamp": d,
            "athlete": "me",
            "drill": "hip_abduction",
            "side": "left",
            "reps": 20,
            "seconds": None,
            "note": "legs heavy",
        },
        {
            "timestamp": d,
            "athlete": "me",
            "drill": "hip_abduction",
            "side": "right",
            "reps": 20,
            "seconds": None,
            "note": "legs heavy",
        },
        {
            "timestamp": d,
            "athlete": "me",
            "drill": "clamshell",
            "side": "left",
            "reps": 18,
            "seconds": None,
            "note": "legs heavy",
        },
        {
            "timestamp": d,
            "athlete": "me",
            "drill": "clamshell",
            "side": "right",
            "reps": 15,
            "seconds": None,
            "note": "legs heavy",
        },
    ]
    assert pain_rows == [
        {
            "timestamp": d,
            "athlete": "me",
            "pain": "3",
            "context": "after_run",
            "knee": None,
            "note": "before the routine",
        },
    ]
    assert session.dose() == pytest.approx(0.565)  # (1 + 1 + (18/20 + 15/20) / 2 + 0 + 0) / 5

    result = session.save()
    assert (result.routine_rows, result.pain_rows, result.run_rows, result.changed) == (5, 1, 1, True)
    assert session.saved
    assert (tmp_path / "routine_log.csv").read_text() == ROUTINE_HEADER + (
        f"{d},me,self_massage,both,,300,legs heavy,day1\n"
        f"{d},me,hip_abduction,left,20,,legs heavy,day1\n"
        f"{d},me,hip_abduction,right,20,,legs heavy,day1\n"
        f"{d},me,clamshell,left,18,,legs heavy,day1\n"
        f"{d},me,clamshell,right,15,,legs heavy,day1\n"
    )
    assert (tmp_path / "pain_log.csv").read_text() == PAIN_HEADER + f"{d},me,3,after_run,,before the routine,day1\n"
    assert (
        tmp_path / "runs.csv"
    ).read_text() == RUNS_HEADER + f'{d},me,,42,5,"today\'s run, from the walkthrough",day1\n'
    assert session.save().changed is False  # the same session again: nothing added

    week = session.week_so_far()
    assert week[["days_in_window", "sessions_done", "sessions_complete", "band", "pain_n"]].values.tolist() == [
        [1, 1, 0, "yellow", 1]
    ]
    assert week["dose_adherence"].tolist() == pytest.approx([0.565]) and week["pain_mean"].tolist() == [3.0]

    later = Session(tmp_path)  # another day: the session is listed, and opened to correct it
    assert later.sessions().to_dict("records") == [
        {"session": "day1", "date": d, "drill_rows": 5, "pain_rows": 1, "run_rows": 1}
    ]
    later.edit("day1")
    assert (later.id, later.date, later.saved, later.note) == ("day1", day, True, "legs heavy")
    assert [later.amount("clams", side) for side in ("left", "right")] == [18.0, 15.0]
    assert later.pain_answers == {"before": (3.0, "after_run"), "after": None}
    assert later.run == {"minutes": 42, "rpe": 5}

    later.record("clamshell", side="right", reps=20)
    assert not later.saved  # changed since it was opened
    later.set_pain(1, context="rest", when="after")
    later.save()
    assert (tmp_path / "routine_log.csv").read_text() == ROUTINE_HEADER + (
        f"{d},me,self_massage,both,,300,legs heavy,day1\n"
        f"{d},me,hip_abduction,left,20,,legs heavy,day1\n"
        f"{d},me,hip_abduction,right,20,,legs heavy,day1\n"
        f"{d},me,clamshell,left,18,,legs heavy,day1\n"
        f"{d},me,clamshell,right,20,,legs heavy,day1\n"
    )
    assert (tmp_path / "pain_log.csv").read_text() == PAIN_HEADER + (
        f"{d},me,3,after_run,,before the routine,day1\n{d},me,1,rest,,after the routine,day1\n"
    )

    later.delete("day1")
    assert (tmp_path / "routine_log.csv").read_text() == ROUTINE_HEADER
    assert (tmp_path / "pain_log.csv").read_text() == PAIN_HEADER
    assert (tmp_path / "runs.csv").read_text() == RUNS_HEADER
    assert later.sessions().empty
    assert later.id != "day1" and not later.saved  # what was entered stays, as a new session


def test_a_session_of_today_is_stamped_with_the_time_and_a_chosen_day_with_its_date(tmp_path):
    session = Session(tmp_path)
    session.record("clamshell", reps=20)
    stamp = session.rows()[0][0]["timestamp"]
    assert stamp[:10] == dt.date.today().isoformat() and stamp[10] == "T"
    session.set_date("2026-03-02")
    assert session.rows()[0][0]["timestamp"] == "2026-03-02"
    assert session.run_rows() == []  # no run given, no run saved


def test_a_change_unsaves_a_saved_session_and_no_change_keeps_it(tmp_path):
    session = Session(tmp_path, today="2026-03-04")
    session.record("clamshell", reps=20)
    assert not session.saved
    session.save()
    session.record("clamshell", side="left", reps=20)  # the same amount again
    assert session.saved
    session.set_note("sore")
    assert not session.saved


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.record("plank", reps=10), "unknown drill 'plank'"),
        (lambda s: s.record("couch stretch", reps=10), "couch_stretch is counted in seconds"),
        (lambda s: s.record("clams", seconds=10), "clamshell is counted in reps"),
        (lambda s: s.record("foam roll", side="left", seconds=100), "self_massage is logged for both"),
        (lambda s: s.record("clams", side="up", reps=10), "clamshell is logged for left and right"),
        (lambda s: s.record("clams", reps=-1), "reps cannot be negative"),
        (lambda s: s.record("clams", reps=2.5), "reps are whole numbers"),
        (lambda s: s.record("clams", reps=1001), "at most 1000 reps"),
        (lambda s: s.record("couch stretch", seconds=4 * 3600 + 1), "at most 4 hours"),
        (lambda s: s.record("couch stretch", seconds=float("nan")), "seconds must be a number"),
        (lambda s: s.set_pain(11), "0 to 10"),
        (lambda s: s.set_pain(-0.5), "0 to 10"),
        (lambda s: s.set_pain(2, context="lunch"), "context must be one of"),
        (lambda s: s.set_pain(2, when="during"), "when must be one of before, after"),
        (lambda s: s.skip_pain("later"), "when must be one of before, after"),
        (lambda s: s.set_run(0, 5), "between 1 and 600"),
        (lambda s: s.set_run(601), "between 1 and 600"),
        (lambda s: s.set_run(30, 11), "RPE is a whole number"),
        (lambda s: s.set_run(30, 5.5), "RPE is a whole number"),
    ],
)
def test_what_cannot_be_entered_is_refused_and_changes_nothing(tmp_path, call, message):
    session = Session(tmp_path, today="2026-03-04")
    with pytest.raises(ValueError, match=message):
        call(session)
    assert session.rows() == ([], []) and session.run == {"minutes": None, "rpe": None}


def test_nothing_entered_saves_nothing(tmp_path):
    session = Session(tmp_path, today="2026-03-04")
    session.skip_pain("before")
    with pytest.raises(NothingToSave, match="nothing recorded yet"):
        session.save()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="no saved session 'nope'"):
        session.edit("nope")


def test_the_sample_folder_and_a_squads_folder_under_the_default_name_are_refused(tmp_path):
    sample = Session(SAMPLE / "runner", today="2026-03-04")
    sample.record("clams", reps=20)
    assert sample.sample
    with pytest.raises(LogWriteError, match="sample data"):
        sample.save()
    (tmp_path / "routine_log.csv").write_text(ROUTINE_HEADER + "2026-03-02,Ana,clamshell,left,20,,,a1\n")
    mine = Session(tmp_path, today="2026-03-04")
    mine.record("clams", reps=20)
    with pytest.raises(LogWriteError, match=r"other athletes' logs \(Ana\)"):
        mine.save()
    assert not mine.saved
    named = Session(tmp_path, athlete="Ben", today="2026-03-04", session_id="b1")
    named.record("clams", side="left", reps=20)
    named.save()
    assert (tmp_path / "routine_log.csv").read_text() == ROUTINE_HEADER + (
        "2026-03-02,Ana,clamshell,left,20,,,a1\n2026-03-04,Ben,clamshell,left,20,,,b1\n"
    )


def test_the_model_loads_no_widget_or_chart_library(tmp_path):
    code = textwrap.dedent(
        f"""
        import sys
        from kneecare_analysis.session import Session

        session = Session({str(tmp_path)!r}, today="2026-03-04")
        session.record("clams", reps=20)
        session.set_pain(2)
        session.set_run(30, rpe=4)
        session.save()
        session.edit(session.id)
        session.dose(), session.week_so_far(), session.sessions()
        session.delete(session.id)
        print(sorted({{name.split(".")[0] for name in sys.modules}} & {{"ipywidgets", "matplotlib"}}))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# ---- the plan: a baseline of morning scores, then the routine from a day drawn at random ----------------------


def test_a_runner_starting_in_an_empty_folder_is_offered_the_plan_once(tmp_path):
    session = Session(tmp_path, today="2026-03-02")
    assert session.offer_plan and session.phase.phase == "none"
    session.decline_plan()
    assert not Session(tmp_path, today="2026-03-02").offer_plan  # never asked again
    assert not (tmp_path / "routine_log.csv").exists()
    session.record("clams", reps=20)  # and everything works as before
    session.set_pain(3, context="after_run")
    assert session.save().routine_rows == 2
    plan = session.accept_plan(seed=1)  # asked for later: planned from the session's day
    assert plan.loc[0, "planned_on"] == pd.Timestamp("2026-03-02")


def test_a_folder_already_in_use_or_the_sample_is_not_offered_the_plan(tmp_path):
    (tmp_path / "pain_log.csv").write_text("date,pain\n2026-03-01,3\n", encoding="utf-8")
    assert not Session(tmp_path).offer_plan
    assert not Session(SAMPLE / "runner", athlete="Sam").offer_plan


def test_during_the_baseline_only_the_morning_score_is_asked_then_the_routine(tmp_path):
    Session(tmp_path, today="2026-03-02").accept_plan(seed=1, now="2026-03-02T07:00:00+00:00")
    start = dt.date(2026, 3, 19)  # day 14 + 3: numpy's default_rng(1).integers(0, 8) is 3
    day5 = Session(tmp_path, today="2026-03-06")
    assert day5.in_baseline and day5.phase.day == 5 and day5.phase.start is None
    assert day5.default_context("before") == "morning"
    with pytest.raises(ValueError, match="baseline day: there is no routine yet"):
        day5.record("clams", reps=20)
    with pytest.raises(ValueError, match="one knee-pain score a day, in the morning"):
        day5.set_pain(3, context="after_run")
    with pytest.raises(ValueError, match="one knee-pain score a day"):
        day5.set_pain(3, context="morning", when="after")
    day5.set_pain(4, context="morning")
    day5.set_run(35, rpe=4)  # running goes on
    assert day5.save().pain_rows == 1
    eve = Session(tmp_path, today=start - dt.timedelta(days=1))
    assert eve.in_baseline and eve.phase.start is None
    first = Session(tmp_path, today=start)
    assert first.phase.phase == "routine" and first.phase.start == start and not first.in_baseline
    assert first.default_context("before") == "morning"
    first.record("clams", reps=20)
    first.set_pain(3, context="morning")
    first.set_pain(2, context="rest", when="after")
    assert first.save().routine_rows == 2


def test_a_routine_session_moved_onto_a_baseline_day_is_not_saved(tmp_path):
    Session(tmp_path, today="2026-03-02").accept_plan(seed=1)
    session = Session(tmp_path, today="2026-03-25")
    session.record("clams", reps=20)
    session.set_date("2026-03-05")
    with pytest.raises(ValueError, match="baseline day"):
        session.save()
    assert not (tmp_path / "routine_log.csv").exists()


def test_a_file_that_does_not_load_never_stops_the_week_so_far(tmp_path):
    session = Session(tmp_path, today="2026-03-04")
    session.record("clams", reps=20)
    session.save()
    (tmp_path / "weeks.csv").write_text("week,dose\n2026-03-02,0.5\n")  # another program's table in the folder
    week = Session(tmp_path, today="2026-03-04").week_so_far()
    assert week["sessions_done"].tolist() == [1]
    assert week.attrs["problems"]["file"].tolist() == [str(tmp_path / "weeks.csv")]


def test_a_session_holding_only_a_run_is_listed_opened_and_deleted(tmp_path):
    from kneecare_analysis.logbook import save_session

    day = dt.date.today().isoformat()
    save_session(tmp_path, "run1", [], [], [{"date": day, "athlete": "me", "duration_min": 40, "rpe": 6}])
    later = Session(tmp_path)
    assert later.sessions().to_dict("records") == [
        {"session": "run1", "date": day, "drill_rows": 0, "pain_rows": 0, "run_rows": 1}
    ]
    later.edit("run1")
    assert later.run == {"minutes": 40, "rpe": 6} and later.date.isoformat() == day
    later.delete("run1")
    assert later.sessions().empty


# ---- the moment of a score, this morning's score after a run, the day's range, a day already logged ------------
def test_each_score_is_saved_with_its_moment_and_loads_back_as_that_context(tmp_path):
    import kneecare_analysis as kc

    session = Session(tmp_path, today="2026-03-04", session_id="s1")
    session.set_pain(4)  # before the routine
    session.set_pain(2, when="after")
    session.record("clams", reps=20)
    session.save()
    text = (tmp_path / "pain_log.csv").read_text()
    assert text == PAIN_HEADER + (
        "2026-03-04,me,4,before_routine,,before the routine,s1\n2026-03-04,me,2,after_routine,,after the routine,s1\n"
    )
    pain = kc.load_pain_log(tmp_path)
    assert pain[["pain", "context"]].astype(str).values.tolist() == [
        ["4.0", "before_routine"],
        ["2.0", "after_routine"],
    ]
    later = Session(tmp_path)
    later.edit("s1")  # reopened: each score in its own slot, with its moment
    assert later.pain_answers == {"before": (4.0, "before_routine"), "after": (2.0, "after_routine")}
    with pytest.raises(ValueError, match="context must be one of"):
        session.set_pain(3, context="after the routine")  # a moment is a context name, never free text


def test_a_day_outside_1900_to_tomorrow_is_refused_before_anything_is_written(tmp_path):
    today = dt.date.today()
    session = Session(tmp_path, today=today)
    session.set_pain(2)
    for day in ("1899-12-31", today + dt.timedelta(days=2), "2126-01-01", "not a day"):
        with pytest.raises(ValueError, match="choose a day from 1900 to tomorrow"):
            session.set_date(day)
        assert session.date == today  # unchanged
    with pytest.raises(ValueError, match="from 1900 to tomorrow"):
        Session(tmp_path, today="1850-06-01")
    session.set_date(today + dt.timedelta(days=1))  # tomorrow: another time zone's today
    session.set_date("1900-01-01")
    session.date = dt.date(1800, 1, 1)  # set behind the model's back: save still refuses it
    with pytest.raises(ValueError, match="from 1900 to tomorrow"):
        session.save()
    assert list(tmp_path.iterdir()) == []


def _ran_yesterday(folder, *, morning_before: float = 2, after_run: float = 3) -> dt.date:
    """A session saved yesterday: a morning score, a run, and a score after it; returns yesterday."""
    yesterday = dt.date.today() - dt.timedelta(days=1)
    day = Session(folder, today=yesterday, session_id="yesterday")
    day.set_pain(morning_before, context="morning")
    day.set_pain(after_run, context="after_run", when="after")
    day.set_run(40, rpe=5)
    day.record("clams", reps=20)
    day.save()
    return yesterday


def test_the_morning_after_a_run_asks_for_its_score_and_the_run_light_uses_it(tmp_path):
    import kneecare_analysis as kc

    yesterday = _ran_yesterday(tmp_path)
    assert not Session(tmp_path, today=yesterday).morning_due  # the day of the run itself: nothing to ask
    today = Session(tmp_path, session_id="today")
    assert today.morning_due
    assert today.run_light()[["light", "reason"]].values.tolist() == [
        ["unknown", "pain 3 after the run; no morning score the day after, to tell whether it settled"]
    ]
    today.set_pain(2, when="morning")
    assert today.rows()[1][0]["context"] == "morning" and today.rows()[1][0]["note"] == "this morning"
    today.save()
    # by hand: worst with the run 3 (after it) ≤ 5, the next morning 2 is not up on the morning before (2): yellow
    light = today.run_light()
    assert light[["pain_after", "morning_before", "morning_after", "light"]].values.tolist() == [
        [3.0, 2.0, 2.0, "yellow"]
    ]
    assert light["date"].tolist() == [pd.Timestamp(yesterday)]
    ds = kc.load_dataset(tmp_path)  # the same through the public analysis of the folder
    assert ds.run_tolerance()["light"].astype(str).tolist() == ["yellow"]
    assert not Session(tmp_path).morning_due  # this morning is scored now
    reopened = Session(tmp_path)
    reopened.edit("today")
    assert reopened.pain_answers["morning"] == (2.0, "morning")


def test_a_next_morning_up_by_two_points_turns_the_run_red(tmp_path):
    _ran_yesterday(tmp_path, morning_before=1, after_run=2)
    today = Session(tmp_path)
    today.set_pain(3, when="morning")  # 1 → 3: up by 2, not settled
    today.save()
    assert today.run_light()[["light", "reason"]].values.tolist() == [["red", "next morning 3, up from 1"]]


def test_a_score_before_the_routine_is_not_taken_for_one_after_the_run(tmp_path):
    yesterday = _ran_yesterday(tmp_path)
    session = Session(tmp_path, today=yesterday, session_id="yesterday")
    session.edit("yesterday")
    session.set_pain(3, when="after")  # the same score, now after the routine, not after the run
    session.save()
    light = Session(tmp_path).run_light()
    assert light["light"].tolist() == ["unknown"]
    assert light["reason"].tolist() == ["no pain score during or after the run"]


def test_reopening_a_day_already_logged_says_so(tmp_path):
    day = dt.date.today() - dt.timedelta(days=2)
    first = Session(tmp_path, today=day, session_id="first")
    assert first.logged_on_day().empty
    first.set_pain(2)
    first.save()
    assert first.logged_on_day().empty  # its own session is not "another"
    again = Session(tmp_path, today=day)
    assert again.logged_on_day()[["session", "pain_rows"]].values.tolist() == [["first", 1]]
    assert Session(tmp_path, today=dt.date.today()).logged_on_day().empty


def test_a_delete_is_undone_and_an_edit_reversed(tmp_path):
    session = Session(tmp_path, today="2026-03-04", session_id="s1")
    session.record("clams", reps=20)
    session.set_pain(3)
    session.save()
    before = {p: (tmp_path / p).read_text() for p in ("routine_log.csv", "pain_log.csv")}
    gone = session.delete("s1")
    assert (tmp_path / "routine_log.csv").read_text() == ROUTINE_HEADER and session.id != "s1"
    assert session.undo(gone.change).changed
    assert {p: (tmp_path / p).read_text() for p in before} == before  # back byte for byte
    assert session.id == "s1"  # the session open here is the one brought back: saving it never adds a copy
    session.save()
    assert {p: (tmp_path / p).read_text() for p in before} == before
    session.edit("s1")
    session.record("clams", reps=12)
    session.save()
    assert session.undo() is not None  # the last change, the edit: 20 reps again
    assert (tmp_path / "routine_log.csv").read_text() == before["routine_log.csv"]
