"""Every public analysis function and every chart checks what it is given before any work: a non-frame is a
TypeError, a missing column or an option out of range a ValueError, each naming the function and what makes its
input."""

import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import kneecare_analysis as kc  # noqa: E402
from kneecare_analysis import analysis, plots  # noqa: E402

from .conftest import SAMPLE  # noqa: E402

LOG_NEEDS = "needs a routine log as kc.load_routine_log returns it"
PAIN_NEEDS = "needs pain scores as kc.load_pain_log returns them"
RUNS_NEEDS = "needs runs as kc.load_runs returns them"
SUMMARY_NEEDS = "needs a weekly summary as kc.weekly_summary returns it"


@pytest.fixture(scope="module")
def ds():
    return kc.load_dataset(SAMPLE / "runner")


@pytest.fixture(scope="module")
def summary(ds):
    return ds.weekly_summary()


def test_a_routine_log_read_with_pandas_names_the_loader(write):
    raw = pd.read_csv(write("log.csv", "date,drill,side,reps,seconds\n2026-03-02,clamshell,both,20,\n"))
    message = "weekly_summary needs a routine log as kc.load_routine_log returns it: column 'athlete' is missing"
    with pytest.raises(ValueError, match=re.escape(message)):
        kc.weekly_summary(raw)


def test_a_chart_given_the_wrong_frame_names_the_frame_it_needs(ds):
    message = "plots.adherence_vs_pain needs a weekly summary as kc.weekly_summary returns it: columns 'week_start', "
    with pytest.raises(ValueError, match=re.escape(message)):
        plots.adherence_vs_pain(ds.log)


def test_every_missing_column_is_named_at_once(ds):
    with pytest.raises(ValueError, match=re.escape("columns 'drill', 'reps' are missing")):
        kc.daily_adherence(ds.log.drop(columns=["reps", "drill"]))


ANALYSES = {
    "daily_adherence": lambda frame, _ds: kc.daily_adherence(frame),
    "weekly_summary": lambda frame, _ds: kc.weekly_summary(frame),
    "baseline_pain": lambda frame, ds: kc.baseline_pain(frame, pain=ds.pain),
    "pain_change": lambda frame, ds: kc.pain_change(frame, pain=ds.pain),
}


@pytest.mark.parametrize("name", list(ANALYSES))
def test_analyses_of_a_routine_log(name, ds):
    with pytest.raises(TypeError, match=re.escape(f"{name} {LOG_NEEDS} (a DataFrame), got a list")):
        ANALYSES[name]([{"athlete": "me"}], ds)
    with pytest.raises(ValueError, match=re.escape(f"{name} {LOG_NEEDS}: column 'side' is missing")):
        ANALYSES[name](ds.log.drop(columns="side"), ds)


def test_the_other_frames_of_the_analyses(ds, summary):
    no_context = ds.pain.drop(columns="context")
    cases = [
        (lambda: kc.weekly_summary(ds.log, pain=ds.pain.drop(columns="pain")), f"weekly_summary {PAIN_NEEDS}"),
        (lambda: kc.weekly_summary(ds.log, pain=ds.pain, runs=ds.runs.drop(columns="distance_km")), RUNS_NEEDS),
        (lambda: kc.weekly_summary(ds.log, pain=no_context, runs=ds.runs), "column 'context' is missing"),
        (lambda: kc.pain_change(ds.log, pain=no_context, pain_context="morning"), f"pain_change {PAIN_NEEDS}"),
        (lambda: kc.pain_flags(no_context), f"pain_flags {PAIN_NEEDS}: column 'context' is missing"),
        (lambda: kc.run_tolerance(ds.runs, pain=no_context), f"run_tolerance {PAIN_NEEDS}"),
        (lambda: kc.run_tolerance(ds.pain[["pain"]], pain=ds.pain), f"run_tolerance {RUNS_NEEDS}"),
        (lambda: analysis.weekly_load(ds.runs.drop(columns="duration_s")), f"weekly_load {RUNS_NEEDS}"),
        (lambda: kc.team_overview(ds.log), f"team_overview {SUMMARY_NEEDS}: columns 'week_start'"),
        (lambda: kc.relationship(summary.drop(columns="pain_mean")), f"relationship {SUMMARY_NEEDS}"),
        (lambda: kc.cohort_relationship(ds.log), f"cohort_relationship {SUMMARY_NEEDS}"),
        (
            lambda: kc.score_questionnaires(ds.pain),
            "score_questionnaires needs questionnaire answers as kc.load_questionnaires returns them",
        ),
    ]
    for call, message in cases:
        with pytest.raises(ValueError, match=re.escape(message)):
            call()
    with pytest.raises(TypeError, match="pain_flags needs pain scores"):
        kc.pain_flags("pain_log.csv")
    with pytest.raises(TypeError, match="team_overview needs a weekly summary"):
        kc.team_overview(None)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"bands": (0.5, 0.8)}, "bands must be the lower edges of green and yellow"),
        ({"bands": (1.2, 0.5)}, "bands must be"),
        ({"bands": (0.8, -0.1)}, "bands must be"),
        ({"bands": 0.8}, "bands must be"),
        ({"week_starts_on": "SONDAY"}, "week_starts_on must be one of MON, TUE"),
        ({"week_starts_on": 7}, "week_starts_on must be one of MON"),
        ({"adherent_at": 1.5}, "adherent_at must be a number from 0 to 1, got 1.5"),
        ({"adherence_drop": -0.2}, "adherence_drop must be a number from 0 to 1"),
        ({"pain_limit": -1}, "pain_limit must be a number from 0 to 10, got -1"),
        ({"pain_rise": -2}, "pain_rise must be a number from 0 to 10"),
        ({"load_spike": -0.3}, "load_spike must be a number of 0 or more, got -0.3"),
        ({"load_spike": "30%"}, "load_spike must be a number"),
    ],
)
def test_weekly_summary_options_out_of_range(ds, options, message):
    with pytest.raises(ValueError, match=re.escape(f"weekly_summary: {message}")):
        kc.weekly_summary(ds.log, pain=ds.pain, **options)


def test_equal_band_edges_leave_no_yellow(ds):
    s = kc.weekly_summary(ds.log, pain=ds.pain, bands=(0.8, 0.8))
    assert set(s["band"].astype(str)) <= {"green", "red"}


def test_other_options_out_of_range(ds, summary):
    cases = [
        (lambda: kc.team_overview(summary, weeks=0), "team_overview: weeks must be a whole number of 1 or more, got 0"),
        (lambda: kc.team_overview(summary, weeks=2.5), "team_overview: weeks must be a whole number"),
        (lambda: kc.team_overview(summary, behind_weeks=0), "team_overview: behind_weeks must be"),
        (lambda: kc.team_overview(summary, trend_threshold=-0.1), "team_overview: trend_threshold must be"),
        (lambda: kc.relationship(summary, min_weeks=2), "relationship: min_weeks must be a whole number of 3 or more"),
        (lambda: kc.pain_change(ds.log, pain=ds.pain, mcid=-2), "pain_change: mcid must be a number from 0 to 10"),
        (lambda: kc.pain_change(ds.log, pain=ds.pain, mcid_pct=30), "pain_change: mcid_pct must be a number from 0"),
        (lambda: kc.pain_flags(ds.pain, run_limit=-1), "pain_flags: run_limit must be a number from 0 to 10"),
        (lambda: kc.pain_flags(ds.pain, pain_limit=11), "pain_flags: pain_limit must be a number from 0 to 10"),
        (lambda: analysis.weekly_load(ds.runs, week_starts_on="SUNDAYS!"), "weekly_load: week_starts_on must be"),
    ]
    for call, message in cases:
        with pytest.raises(ValueError, match=re.escape(message)):
            call()


def test_charts_check_their_frame(ds, summary):
    daily, lights, scores = ds.daily_adherence(), ds.run_tolerance(), ds.scores()
    no_runs = kc.weekly_summary(ds.log, pain=ds.pain)
    cases = [
        (lambda: plots.adherence_vs_pain(daily), f"plots.adherence_vs_pain {SUMMARY_NEEDS}"),
        (lambda: plots.calendar(summary), "plots.calendar needs daily doses as kc.daily_adherence returns them"),
        (lambda: plots.drill_breakdown(ds.log), f"plots.drill_breakdown {SUMMARY_NEEDS}"),
        (lambda: plots.squad_heatmap(ds.pain), f"plots.squad_heatmap {SUMMARY_NEEDS}"),
        (lambda: plots.adherence_pain_scatter(ds.log), f"plots.adherence_pain_scatter {SUMMARY_NEEDS}"),
        (
            lambda: plots.adherence_pain_scatter(summary, relationship=summary),
            "plots.adherence_pain_scatter needs a relationship as kc.relationship returns it: columns 'n', 'rho'",
        ),
        (lambda: plots.load_and_pain(no_runs), "columns 'run_count', 'run_km' are missing (make it with runs="),
        (lambda: plots.squad_load(no_runs), f"plots.squad_load {SUMMARY_NEEDS}: column 'run_km' is missing"),
        (lambda: plots.run_lights(ds.runs), "plots.run_lights needs run traffic lights as kc.run_tolerance"),
        (
            lambda: plots.questionnaire_scores(lights),
            "plots.questionnaire_scores needs questionnaire scores as kc.score_questionnaires returns them",
        ),
    ]
    for call, message in cases:
        with pytest.raises(ValueError, match=re.escape(message)):
            call()
    with pytest.raises(TypeError, match=re.escape(f"plots.adherence_vs_pain {SUMMARY_NEEDS} (a DataFrame), got a")):
        plots.adherence_vs_pain("summary.csv")
    with pytest.raises(ValueError, match="plots.calendar: week_starts_on must be one of"):
        plots.calendar(daily, week_starts_on="first day")
    with pytest.raises(ValueError, match="plots.run_lights: max_labels must be a whole number of 1 or more"):
        plots.run_lights(lights, max_labels=0)
    with pytest.raises(ValueError, match="plots.adherence_vs_pain: mcid must be"):
        plots.adherence_vs_pain(summary, mcid=-1)
    with pytest.raises(ValueError, match="plots.thin_ticks: max_labels must be"):
        plots.thin_ticks([1, 2], ["a", "b"], max_labels=0)
    assert len(scores)  # the sample runner has scores, drawn fine
