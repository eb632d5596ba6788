"""Widgets driven through their methods and buttons, as a notebook user would drive them."""

import io
import os

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis import design
from kneecare_analysis.logbook import LogWriteError
from kneecare_analysis.render import text_of
from kneecare_analysis.widgets import CoachDashboard, ProgressExplorer, RoutineWalkthrough

from .conftest import SAMPLE


def full_session(w: RoutineWalkthrough) -> None:
    for d in kc.DEFAULT_ROUTINE.drills:
        if d.kind == "reps":
            w.record(d.id, reps=d.target)
        else:
            w.record(d.id, seconds=d.target)


def test_a_complete_session_is_saved_once_and_reads_as_dose_one(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    full_session(w)
    w.set_pain(3, context="after_run")
    w.set_pain(2, context="rest", when="after")
    routine_log, pain_log = w.save()
    assert "Saved: 9 drill entries and 2 pain scores for Wednesday 04 March" in w.status
    assert "02 · My progress" in w.status and str(routine_log) in w.status  # the paths on request
    log = kc.load_routine_log(routine_log)
    assert len(log) == 9 and log["date"].unique().tolist() == [pd.Timestamp("2026-03-04")]
    daily = kc.daily_adherence(log)
    assert daily["dose"].tolist() == [1.0] and daily["session_complete"].tolist() == [True]
    pain = kc.load_pain_log(pain_log)
    assert pain[["pain", "context"]].astype(str).values.tolist() == [["3.0", "after_run"], ["2.0", "rest"]]
    before = routine_log.read_bytes(), pain_log.read_bytes()
    w.save()
    assert (routine_log.read_bytes(), pain_log.read_bytes()) == before  # a second save adds nothing
    assert "Already saved" in w.status
    week = w.week_so_far()
    assert week["sessions_done"].tolist() == [1] and week["dose_adherence"].tolist() == [1.0]


def test_editing_after_saving_replaces_the_session(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    assert w.week_so_far().empty
    full_session(w)
    w.save()
    w.record("clams", side="left", reps=12)
    w.save()
    log = kc.load_routine_log(tmp_path)
    assert len(log) == 9
    assert log.loc[(log["drill"] == "clamshell") & (log["side"] == "left"), "reps"].item() == 12


def test_buttons_timer_and_navigation(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    assert w.heading == "Before you start" and w.step == 0
    w.next()  # no pain answer yet: the step stays, and says why
    assert w.step == 0 and "Choose your pain score" in w.status
    w.skip_pain("before")
    w.next()
    assert w.step == 1 and w.heading == "Drill 1 of 5: Self-massage"
    w.tick("self_massage", seconds=300)  # the countdown ticking in the browser
    assert w.amount("self_massage") == 300
    w.next()
    w.record("hip_abduction", side="left", reps=16)
    w.go(7)
    assert w.step == w.steps - 1 == 7 and w.heading == "Summary"
    assert "Self-massage 300 s" in w.summary and "left 16 reps, right 0 reps" in w.summary
    assert "Dose: 28% of the routine" in w.summary  # massage 1, hip abduction (16/20 + 0) / 2: (1 + 0.4) / 5
    (routine_rows, _) = w.rows()
    assert [(r["drill"], r["side"]) for r in routine_rows] == [("self_massage", "both"), ("hip_abduction", "left")]


def test_wrong_inputs_are_refused(tmp_path):
    w = RoutineWalkthrough(tmp_path)
    with pytest.raises(ValueError, match="unknown drill 'plank'"):
        w.record("plank", reps=10)
    with pytest.raises(ValueError, match="couch_stretch is counted in seconds"):
        w.record("couch stretch", reps=10)
    with pytest.raises(ValueError, match="self_massage is logged for both"):
        w.record("foam roll", side="left", seconds=100)
    with pytest.raises(ValueError, match="0 to 10"):
        w.set_pain(11)
    with pytest.raises(ValueError, match="nothing recorded"):
        w.save()
    assert not (tmp_path / "routine_log.csv").exists()


def test_the_sample_folder_is_never_written():
    before = {p.name: p.read_bytes() for p in (SAMPLE / "runner").iterdir()}
    w = RoutineWalkthrough(SAMPLE / "runner", today="2026-03-04")
    assert "never written to" in w.widget.children[2].value
    full_session(w)
    with pytest.raises(LogWriteError):
        w.save()
    assert "sample data" in w.status
    assert {p.name: p.read_bytes() for p in (SAMPLE / "runner").iterdir()} == before


def test_progress_explorer_on_the_sample_runner():
    ds = kc.load_dataset(SAMPLE / "runner")
    e = ProgressExplorer(ds)
    summary, _ = e.frames()
    assert e.table.value.count("<tr>") == len(summary) + 1
    weeks = list(summary["week_start"])
    e.set(weeks=(weeks[2], weeks[5]))
    assert e.table.value.count("<tr>") == 4 + 1 and e.last_update_ms is not None
    trend = e.trend.value
    e.set(pain_context="morning")
    morning, _ = e.frames()
    assert e.trend.value != trend and morning["pain_n"].sum() < summary["pain_n"].sum()
    breakdown = e.breakdown.value
    e.set(drills=["clamshell"])
    assert e.breakdown.value != breakdown and len(e.trend.value) > 1000


def test_progress_explorer_charts_are_pngs_at_72_dpi_and_keep_their_layout():
    from PIL import Image

    e = ProgressExplorer(kc.load_dataset(SAMPLE / "runner"))
    first = Image.open(io.BytesIO(e.trend.value))
    assert (first.format, first.size) == ("PNG", (684, 259))  # 9.5 × 3.6 inches at 72 dpi
    axes_before = [ax.get_position().bounds for ax in e.axes("trend").figure.axes]
    e.set(pain_context="morning")  # a new figure for the new context, laid out like the first
    assert Image.open(io.BytesIO(e.trend.value)).size == (684, 259)
    axes_after = [ax.get_position().bounds for ax in e.axes("trend").figure.axes]
    assert axes_after == axes_before and len(axes_after) == 2  # the dose axes and the pain axes
    pixels = np.asarray(Image.open(io.BytesIO(e.calendar.value)).convert("L"))
    assert pixels.min() < 100 < pixels.max()  # something drawn, not a blank image


def test_coach_dashboard_on_the_sample_squad():
    ds = kc.load_dataset(SAMPLE / "squad")
    d = CoachDashboard(ds)
    order = d.overview["athlete"].tolist()
    html = d.table.value
    assert [html.index(f"<td>{name}</td>") for name in order] == sorted(html.index(f"<td>{n}</td>") for n in order)
    d.select("Kai")
    assert "no session for 9 weeks" in d.detail_text.value and d.picker.value == "Kai"
    assert len(d.detail_charts.value) > 10_000 and len(d.heatmap.value) > 10_000
    assert "did the routine help?" in html and "cannot tell yet: 1 baseline score (5 needed)" in html  # Kai's
    d.select("Elif")
    text = text_of(d.detail_text.value)
    assert text.index("Did the routine help?") < text.index("Association, not cause") < text.index("Pain against")
    assert "from 5 baseline and 42 after-ramp morning scores, against an MCID of 2 points (Crossley 2004)" in text
    assert "no trend correction (10 needed)" in text and "Design: AB, start chosen by the runner." in text
    assert "program week held constant: ρ =" in text and "raw ρ =" in text


def test_dashboard_escapes_athlete_text(write, tmp_path):
    write("routine_log.csv", "athlete,date,drill,reps\n<script>x</script>,2026-03-02,clams,20\n")
    d = CoachDashboard(kc.load_dataset(tmp_path))
    assert "<script>x" not in d.table.value and "&lt;script&gt;x&lt;/script&gt;" in d.table.value


def test_pain_is_answered_explicitly_and_no_pain_is_a_score(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    assert w.pain_answer("before") is None  # no default: nothing is saved for a runner who did not answer
    w.set_pain(0)  # 0: no pain
    w.skip_pain("after")
    w.record("clams", reps=20)
    _, pain_rows = w.rows()
    assert [(r["pain"], r["context"]) for r in pain_rows] == [("0", "before_routine")]
    w.save()
    assert kc.load_pain_log(tmp_path)["pain"].tolist() == [0.0]


def test_a_missed_day_is_logged_then_corrected_and_deleted(tmp_path):
    yesterday = pd.Timestamp.today().normalize() - pd.Timedelta(days=1)
    w = RoutineWalkthrough(tmp_path)
    w.set_date(yesterday.date())
    full_session(w)
    w.set_pain(0)
    w.save()
    log = kc.load_routine_log(tmp_path)
    assert log["date"].unique().tolist() == [yesterday] and len(log) == 9
    (session,) = w.sessions()["session"]
    later = RoutineWalkthrough(tmp_path)  # another day, another notebook run
    assert later.recent[0] == "Your sessions of the last 14 days" and "9 drill entries" in later.recent[1]
    later.edit(session)
    assert later.date == yesterday.date() and later.amount("clamshell", "left") == 20
    later.record("clams", side="left", reps=12)
    later.save()
    log = kc.load_routine_log(tmp_path)
    assert len(log) == 9 and log.loc[(log["drill"] == "clamshell") & (log["side"] == "left"), "reps"].item() == 12
    assert kc.load_pain_log(tmp_path)["pain"].tolist() == [0.0]  # the pain score kept through the edit
    later.delete(session)
    assert kc.load_routine_log(tmp_path, errors="report").empty if (tmp_path / "routine_log.csv").exists() else True
    assert later.sessions().empty


def test_a_change_after_saving_is_marked_unsaved(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    full_session(w)
    w.save()
    assert "Saved:" in w.status
    w.record("clams", side="left", reps=12)
    assert "Changed since you saved" in w.status


def test_a_squad_folder_takes_sessions_only_under_a_name(write, tmp_path):
    write("routine_log.csv", "timestamp,athlete,drill,side,reps,seconds,note,session\n2026-03-02,Ana,clams,L,20,,,a1\n")
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    full_session(w)
    with pytest.raises(LogWriteError, match="other athletes' logs \\(Ana\\)"):
        w.save()
    named = RoutineWalkthrough(tmp_path, athlete="Ben", today="2026-03-04")
    full_session(named)
    named.save()
    assert kc.load_routine_log(tmp_path)["athlete"].astype(str).value_counts().to_dict() == {"Ben": 9, "Ana": 1}


def test_before_the_cell_runs_the_output_says_so_and_a_countdown_ends_with_a_tone(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    assert w._repr_mimebundle_()["text/plain"] == "Run this cell to start the walkthrough."
    assert w.tone == b""
    w.tick("couch_stretch", "left", seconds=120)
    assert w.tone[:4] == b"RIFF" and len(w.tone) > 5000


def test_the_week_so_far_in_plain_words(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    assert "Nothing saved yet" in w.this_week().data
    full_session(w)
    w.set_pain(3)
    w.save()
    text = w.this_week().data
    assert "1 of 1 day</b> with a session (1 complete)" in text and "<b>100%</b>" in text
    assert "knee pain before the routine 3.0/10 (1 score)." in text
    w.set_pain(1, when="after")  # another moment: its own figure, never averaged with the first
    w.save()
    assert "knee pain before the routine 3.0/10 (1 score); after the routine 1.0/10 (1 score)." in w.this_week().data


def test_the_explorers_drill_numbers_stay_inside_their_axes():
    e = ProgressExplorer(kc.load_dataset(SAMPLE / "runner"))
    summary, _ = e.frames()
    weeks = list(summary["week_start"])
    e.set(weeks=(weeks[2], weeks[5]))  # the drill grid shows weeks 3–6 of 13: the other numbers are clipped
    texts = [t for chart in ("trend", "breakdown", "calendar") for t in e.axes(chart).texts]
    assert texts and all(t.get_clip_on() for t in texts)


def test_todays_run_is_saved_beside_the_session_and_an_export_of_that_day_wins(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    full_session(w)
    w.set_pain(3)
    w.set_run(40, 6)  # the optional line on the first page
    assert w.run_rows()[0]["duration_min"] == 40 and w.run_rows()[0]["rpe"] == 6
    w.go(7)
    assert "Run: 40 min, RPE 6" in w.summary
    w.save()
    assert "1 pain score and the day's run for Wednesday 04 March" in w.status
    runs = kc.load_runs(tmp_path)
    assert runs[["duration_s", "rpe"]].values.tolist() == [[2400.0, 6.0]]
    # the runner's watch export of the same day, without RPE: its distance and time win, the RPE fills in
    (tmp_path / "watch.csv").write_text("date,distance_km,duration_min\n2026-03-04,8.2,44\n2026-03-05,5,30\n")
    runs = kc.load_runs(tmp_path)
    assert runs["distance_km"].tolist() == [8.2, 5.0] and runs["duration_s"].tolist() == [2640.0, 1800.0]
    assert runs["rpe"].iloc[0] == 6.0 and pd.isna(runs["rpe"].iloc[1])  # only the walkthrough's day is filled
    (aside,) = runs.attrs["skipped"].to_dict("records")
    assert aside["file"].endswith("runs.csv") and aside["line"] == 2
    assert "watch.csv line 2 holds this day's run" in aside["reason"] and "with this RPE" in aside["reason"]
    # an export that has its own RPE keeps it
    (tmp_path / "watch.csv").write_text("date,distance_km,duration_min,rpe\n2026-03-04,8.2,44,4\n")
    assert kc.load_runs(tmp_path)["rpe"].tolist() == [4.0]
    # editing the session brings the run back; clearing it takes it out of runs.csv
    session = w.session
    w2 = RoutineWalkthrough(tmp_path, today="2026-03-04")
    w2.edit(session)
    assert w2.run == {"minutes": 40, "rpe": 6}
    w2.set_run(None, None)
    w2.save()
    assert (tmp_path / "runs.csv").read_text() == "date,athlete,distance_km,duration_min,rpe,note,session\n"
    with pytest.raises(ValueError, match="RPE is a whole number"):
        w2.set_run(30, 11)
    with pytest.raises(ValueError, match="between 1 and 600"):
        w2.set_run(0, 5)


def test_the_explorer_shows_running_load_in_place_of_the_routine_chart():
    ex = ProgressExplorer(kc.load_dataset(SAMPLE / "runner"))
    routine_png = ex.trend.value
    ex.set(view="load")
    assert ex.trend.value != routine_png and ex.key.layout.display == "none"
    ax = ex.axes("trend")
    assert ax.get_title() == "Sam: running load and knee pain, week by week"
    assert ax.get_xticklabels()[0].get_text() == "1\n–"  # the week and its ratio (none yet in week 1)
    ex.set(view="routine")
    assert ex.trend.value == routine_png and ex.key.layout.display is None


def test_the_dashboard_shows_an_athletes_load_and_run_lights():
    dashboard = CoachDashboard(kc.load_dataset(SAMPLE / "squad"))
    assert dashboard.load_map.value[:4] == b"\x89PNG"  # the squad's running load beside its routine
    dashboard.select("Lena")
    assert dashboard.detail_load.value[:4] == b"\x89PNG"
    assert dashboard.lights is not None and set(dashboard.lights["athlete"]) >= {"Lena"}


def test_the_walkthrough_shows_a_session_model_and_passes_every_entry_on_to_it(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04", session="s1")
    assert isinstance(w.model, kc.Session) and w.session == w.model.id == "s1"
    w.tick("couch_stretch", "right", seconds=60)  # the countdown fills the box, the box the model
    assert w.model.amount("couch_stretch", "right") == 60.0 and w.amount("couch_stretch", "right") == 60.0
    w.set_pain(2.5, context="rest")  # a score between the buttons is kept as given
    assert w.model.pain_answers == {"before": (2.5, "rest")} and w.pain_answer() == 2.5
    w.model.record("clams", reps=20)  # an entry made on the model alone shows in the summary
    w.go(w.steps - 1)
    assert "Clamshell left 20 reps, right 20 reps ✓" in w.summary and "Pain: 2.5/10 at rest" in w.summary


def _button(widget, name: str):
    """The button of the walkthrough's tree that carries the class ``name``."""
    stack = [widget]
    while stack:
        node = stack.pop()
        if name in getattr(node, "_dom_classes", ()):
            return node
        stack.extend(getattr(node, "children", ()))
    raise AssertionError(f"no widget with class {name}")


def _html_shown(widget) -> list[str]:
    """The markup of every HTML widget in the walkthrough's tree."""
    stack, found = [widget], []
    while stack:
        node = stack.pop()
        if isinstance(getattr(node, "value", None), str) and "<" in node.value:
            found.append(node.value)
        stack.extend(getattr(node, "children", ()))
    return found


def test_the_plan_is_offered_on_a_first_use_and_a_decline_is_kept(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-02")
    assert w.offering_plan
    assert w.plan_text.startswith("Find out whether the routine helps you")
    assert "nobody chose the day" in w.plan_text
    assert any("<details><summary>Why at random?</summary>" in text for text in _html_shown(w.widget))  # folded
    _button(w.widget, "kc-plan-decline").click()
    assert not w.offering_plan and w.plan_text == "" and "No plan" in w.status
    assert design.declined(tmp_path) == ["me"]
    again = RoutineWalkthrough(tmp_path, today="2026-03-03")
    assert not again.offering_plan  # never asked again
    again.skip_pain("before")
    again.next()
    assert again.heading == "Drill 1 of 5: Self-massage"  # every page as before


def test_after_accepting_only_the_morning_score_is_asked_until_the_drawn_day(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-02")
    _button(w.widget, "kc-plan-accept").click()
    plan = design.read_design(tmp_path)
    assert plan["planned_on"].tolist() == [pd.Timestamp("2026-03-02")] and plan["randomised"].all()
    assert not w.offering_plan and "Planned" in w.status
    assert w.plan_text.startswith("Baseline day 1: score your knee pain this morning")
    start = plan.loc[0, "start"]
    assert start.strftime("%d %B") not in w.plan_text or start in (plan["admissible_from"][0], plan["admissible_to"][0])
    assert w.heading == "This morning's score"
    w.set_pain(4, context="morning")
    w.next()
    assert w.step == w.steps - 1 and w.heading == "Summary"  # no drill pages on a baseline day
    w.back()
    assert w.step == 0
    with pytest.raises(ValueError, match="baseline day"):
        w.record("clams", reps=20)
    w.save()
    assert kc.load_pain_log(tmp_path)[["pain", "context"]].values.tolist() == [[4.0, "morning"]]

    later = RoutineWalkthrough(tmp_path, today=start.date())
    assert later.plan_text.startswith(f"Your routine starts today ({start.strftime('%A %d %B')})")
    later.set_pain(3, context="morning")
    later.next()
    assert later.heading == "Drill 1 of 5: Self-massage"


def test_the_plan_is_drawn_with_a_given_seed_from_the_widget(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-02")
    plan = w.accept_plan(seed=1, now="2026-03-02T07:00:00+00:00")
    assert plan.loc[0, "start"] == pd.Timestamp("2026-03-19")  # day 14 + numpy's default_rng(1).integers(0, 8) = 3
    w.set_date("2026-03-18")
    assert w.plan_text.startswith("Baseline day 17") and "Thursday 19 March" not in w.plan_text
    w.set_date("2026-03-20")
    assert w.plan_text.startswith("Routine day 2 (it started on Thursday 19 March")
    with pytest.raises(design.DesignWriteError, match="already has a plan"):
        w.accept_plan(seed=2)


# ---- nothing lost by a tap, the app always answers, the morning after a run, the walkthrough's polish ----------
def test_delete_offers_undo_and_undo_brings_the_session_back(tmp_path):
    import datetime as dt

    day = dt.date.today() - dt.timedelta(days=1)
    w = RoutineWalkthrough(tmp_path, today=day)
    full_session(w)
    w.set_pain(2)
    w.save()
    saved = (tmp_path / "routine_log.csv").read_text()
    undo = _button(w.widget, "kc-undo")
    assert undo.layout.display is None  # a save too can be undone
    _button(w.widget, "kc-delete-0").click()
    assert w.status == (
        f"Deleted the session of {day.strftime('%A %d %B')}. What you entered is still here: Save keeps it as a new "
        "session."  # the session deleted was the one open: the screen still shows it, and says why
    )
    assert w.recent == []
    assert undo.layout.display is None
    undo.click()
    assert w.status.startswith("Undone: the session is back")
    assert (tmp_path / "routine_log.csv").read_text() == saved and len(w.recent) == 2
    assert undo.layout.display == "none"  # offered once, for the change it was offered for


def test_a_folder_that_does_not_load_cleanly_still_answers_saved_with_its_problems(write, tmp_path):
    write("shoes.csv", "brand,model,km\nNike,Pegasus,300\n")  # a file the kit cannot place
    w = RoutineWalkthrough(tmp_path, today="2026-03-04", phone=True)
    full_session(w)
    w.set_pain(2)
    w.save()
    assert w.status.startswith("Saved: 9 drill entries and 1 pain score for Wednesday 04 March.")
    assert "This week (since Monday 02 March)" in w.status
    assert "Some files in your folder did not load" in w.status
    assert "shoes.csv : cannot tell what this file holds" in w.status


def test_a_full_disk_or_a_folder_without_permission_is_said_in_words(tmp_path, monkeypatch):
    import errno

    from kneecare_analysis import session as session_module

    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    w.set_pain(2)
    for code, words in (
        (errno.ENOSPC, "The disk is full"),
        (errno.EACCES, "cannot be written to"),
        (errno.EROFS, "read-only disk"),
    ):

        def failing(*_args, code=code, **_kwargs):
            raise OSError(code, os.strerror(code), str(tmp_path / "pain_log.csv"))

        monkeypatch.setattr(session_module, "save_session", failing)
        w.go(w.steps - 1)
        _button(w.widget, "kc-save").click()  # the button: its error is never swallowed in silence
        assert words in w.status and "nothing was saved" in w.status


def test_a_day_out_of_range_is_refused_on_screen(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    with pytest.raises(ValueError):
        w.set_date("1899-01-01")
    assert "choose a day from 1900 to tomorrow" in w.status and w.date.isoformat() == "2026-03-04"
    picker = _button(w.widget, "kc-date")
    picker.value = pd.Timestamp("2999-01-01").date()  # as the date picker sends it
    assert "choose a day from 1900 to tomorrow" in w.status and picker.value.isoformat() == "2026-03-04"
    assert list(tmp_path.iterdir()) == []


def test_the_morning_after_a_run_is_asked_and_the_runs_light_shown_after_saving(tmp_path):
    import datetime as dt

    yesterday = dt.date.today() - dt.timedelta(days=1)
    before = kc.Session(tmp_path, today=yesterday)
    before.set_pain(2, context="morning")
    before.set_pain(4, context="after_run", when="after")
    before.set_run(30, rpe=4)
    before.save()
    w = RoutineWalkthrough(tmp_path)
    morning = _button(w.widget, "kc-morning")
    assert morning.layout.display is None and "You ran yesterday" in morning.children[0].value
    w.set_pain(2, when="morning")
    w.skip_pain("before")
    w.save()
    day = yesterday.strftime("%A")
    assert w.status.startswith("Saved: 1 pain score for")
    assert f"Your run on {day}: yellow — pain 4 after the run, settled by the next morning." in w.status
    assert _button(RoutineWalkthrough(tmp_path).widget, "kc-morning").layout.display == "none"  # scored now


def test_a_day_already_logged_says_so_and_offers_to_edit_it(tmp_path):
    import datetime as dt

    day = dt.date.today() - dt.timedelta(days=1)
    first = RoutineWalkthrough(tmp_path, today=day)
    full_session(first)
    first.set_pain(1)
    first.save()
    again = RoutineWalkthrough(tmp_path, today=day)
    said = text_of(_button(again.widget, "kc-already").children[0].value)
    assert said == f"{day.strftime('%A %d %B')} is logged already (9 drill entries, 1 pain score). Edit that " + (
        "session, or carry on for another one."
    )
    _button(again.widget, "kc-edit-logged").click()
    assert again.session == first.session and again.status.startswith("Editing the session of")


def test_the_walkthrough_says_each_thing_once_and_the_clock_follows_what_is_done(tmp_path):
    w = RoutineWalkthrough(tmp_path, today="2026-03-04")
    w.set_pain(3)
    n = len(kc.DEFAULT_ROUTINE.drills)
    w.go(n)
    assert w.heading == "Drill 5 of 5: Couch stretch"
    progress = _button(w.widget, "kc-progress")
    assert progress.value < progress.max  # not full before the last drill is done
    assert all("Couch stretch" not in html for html in _html_shown(_button(w.widget, "kc-body")))  # said once
    clock = _button(w.widget, "kc-couch_stretch-left-clock")
    w.tick("couch_stretch", "left", seconds=30)
    assert text_of(clock.value) == "1:30 left" and w.amount("couch_stretch", "left") == 30
    timer = _button(w.widget, "kc-couch_stretch-left-timer")
    timer.playing, timer.value = False, 0  # Stop: the timer goes back to 0, what was done stays
    assert text_of(clock.value) == "1:30 left" and w.amount("couch_stretch", "left") == 30
    _button(w.widget, "kc-couch_stretch-left").value = 120  # typed: the clock agrees
    assert text_of(clock.value) == "Done ✓" and timer.value == 120
    _button(w.widget, "kc-couch_stretch-right").value = 90
    w.go(w.steps - 1)
    assert progress.value == progress.max
    summary = _button(w.widget, "kc-summary").value
    assert "<tr class='kc-short'><td>Couch stretch</td><td>left 120\u00a0s, right 90\u00a0s</td></tr>" in summary
    assert "⚠ short of the minimum (right): at least 120 s" in w.summary
    assert "Self-massage 0 s ⚠ short of the minimum: at least 300 s" in w.summary
    assert "<td>Self\u2011massage</td>" in summary  # a hyphen the line never breaks at
    assert "Clamshell left 0 reps, right 0 reps ⚠" in w.summary


def test_a_pain_score_saved_beside_a_foreign_file_says_saved_the_pain_and_the_file(tmp_path):
    (tmp_path / "shoes.csv").write_text("brand,model,km\nNike,Pegasus,400\n")
    w = RoutineWalkthrough(tmp_path, phone=True)
    w.model.set_pain(3)
    w.save()
    said = w.status
    assert "Saved: 1 pain score for" in said
    assert "no session of the routine saved yet; knee pain before the routine 3.0/10 (1 score)" in said
    assert "Some files in your folder did not load" in said and "shoes.csv" in said
    assert "cannot be shown" not in said
