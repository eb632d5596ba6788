"""Widgets driven through their methods and buttons, as a notebook user would drive them."""

import io

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.logbook import LogWriteError
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
    assert "Saved 9 drill rows" in w._status.value and str(routine_log) in w._status.value
    log = kc.load_routine_log(routine_log)
    assert len(log) == 9 and log["date"].unique().tolist() == [pd.Timestamp("2026-03-04")]
    daily = kc.daily_adherence(log)
    assert daily["dose"].tolist() == [1.0] and daily["session_complete"].tolist() == [True]
    pain = kc.load_pain_log(pain_log)
    assert pain[["pain", "context"]].astype(str).values.tolist() == [["3.0", "after_run"], ["2.0", "rest"]]
    before = routine_log.read_bytes(), pain_log.read_bytes()
    w.save()
    assert (routine_log.read_bytes(), pain_log.read_bytes()) == before  # a second save adds nothing
    assert "Already saved" in w._status.value
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
    assert w._where.value == "<b>Before you start</b>" and w._back.disabled
    w._next.click()
    assert w._progress.value == 1 and "Drill 1 of 5" in w._where.value
    w._timers[("self_massage", "both")].value = 300  # the Play widget ticking in the browser
    assert w._inputs[("self_massage", "both")].value == 300
    w._next.click()
    w._inputs[("hip_abduction", "left")].value = 16
    w.go(7)
    assert w._next.disabled and "Summary" in w._where.value
    assert "Self-massage" in w._summary.value and "left 16 reps" in w._summary.value
    assert "Dose:</b> 28%" in w._summary.value  # massage 1, hip abduction (16/20 + 0) / 2: (1 + 0.4) / 5
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


def test_the_sample_folder_is_never_written(tmp_path):
    w = RoutineWalkthrough(SAMPLE / "runner", today="2026-03-04")
    assert "never written to" in w.widget.children[1].value
    full_session(w)
    with pytest.raises(LogWriteError):
        w.save()
    assert "sample data" in w._status.value


def test_progress_explorer_on_the_sample_runner():
    ds = kc.load_dataset(SAMPLE / "runner")
    e = ProgressExplorer(ds)
    summary, _ = e.frames()
    assert e.table.value.count("<tr>") == len(summary) + 1
    weeks = list(summary["week_start"])
    e.set(weeks=(weeks[2], weeks[5]))
    assert e.table.value.count("<tr>") == 4 + 1 and e.last_update_ms is not None
    trend = e.trend.value
    e.set(context="morning")
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
    axes_before = [ax.get_position().bounds for ax in e._figures[("trend", "me", "all")][0].axes]
    e.set(context="morning")  # a new figure for the new context, laid out like the first
    assert Image.open(io.BytesIO(e.trend.value)).size == (684, 259)
    axes_after = [ax.get_position().bounds for ax in e._figures[("trend", "me", "morning")][0].axes]
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
    assert "no log since" in d.detail_text.value and d.picker.value == "Kai"
    assert len(d.detail_charts.value) > 10_000 and len(d.heatmap.value) > 10_000


def test_dashboard_escapes_athlete_text(write, tmp_path):
    write("routine_log.csv", "athlete,date,drill,reps\n<script>x</script>,2026-03-02,clams,20\n")
    d = CoachDashboard(kc.load_dataset(tmp_path))
    assert "<script>x" not in d.table.value and "&lt;script&gt;x&lt;/script&gt;" in d.table.value
