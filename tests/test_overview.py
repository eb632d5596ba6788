"""What the squad overview says, on a squad written out by hand where three things that used to mislead occur:
a stale pain score, a pain flag from the week's highest score beside a lower mean, and a missed (0 %) week.

The squad runs from Monday 2 March to Sunday 29 March 2026 (four weeks; the data's last day is 29 March):
- ann does the whole routine every day and scores pain 3, 4, 6, 3 after runs on 23–26 March: last week's mean is
  4.0 and its highest 6.0, so "pain over 5/10" comes from the 6, and both numbers are shown;
- bo does the whole routine every day and scored pain only in the first week (2, 2, 3): three weeks old;
- cy does the whole routine for three weeks and nothing in the last: a week at 0 %, after 100 %.
"""

import pandas as pd
import pytest
from matplotlib.colors import to_hex

import kneecare_analysis as kc
from kneecare_analysis import render
from kneecare_analysis.palette import ACTION_COLOURS


def _sessions(athlete, first, days):
    rows = []
    for day in pd.date_range(first, periods=days):
        d = day.date().isoformat()
        rows += [f"{athlete},{d},foam roll,both,,300", f"{athlete},{d},couch stretch,both,,120"]
        rows += [f"{athlete},{d},{drill},both,20," for drill in ("hip abduction", "clamshell", "glute bridge")]
    return rows


@pytest.fixture
def squad(write):
    rows = _sessions("ann", "2026-03-02", 28) + _sessions("bo", "2026-03-02", 28) + _sessions("cy", "2026-03-02", 21)
    log = kc.load_routine_log(write("log.csv", "athlete,date,drill,side,reps,seconds\n" + "\n".join(rows) + "\n"))
    pain = kc.load_pain_log(
        write(
            "pain.csv",
            "athlete,date,pain,context\n"
            "ann,2026-03-23,3,after_run\nann,2026-03-24,4,after_run\nann,2026-03-25,6,after_run\n"
            "ann,2026-03-26,3,after_run\n"
            "bo,2026-03-02,2,after_run\nbo,2026-03-04,2,after_run\nbo,2026-03-06,3,after_run\n",
        )
    )
    summary = kc.weekly_summary(log, pain=pain)
    return kc.team_overview(summary), summary


def test_the_overview_states_its_date_and_who_to_call_first(squad):
    overview, _ = squad
    assert overview.attrs["as_of"] == pd.Timestamp("2026-03-29")  # the data's last day, not today
    assert overview["athlete"].tolist() == ["ann", "cy", "bo"]
    assert overview["attention"].astype(str).tolist() == ["call", "check in", "ok"]
    assert list(overview.columns[:3]) == ["athlete", "attention", "flags"]
    assert render.as_of_line(overview).startswith("As of 29 Mar 2026, the data's last day · last week: 23–29 Mar 2026")


def test_a_pain_flag_from_the_weeks_highest_score_shows_that_score_beside_the_mean(squad):
    overview, summary = squad
    ann = overview.set_index("athlete").loc["ann"]
    assert ann["pain_mean"] == pytest.approx(4.0) and ann["pain_max"] == 6.0 and ann["pain_n"] == 4
    assert ann["flags"] == "pain over 5/10 (highest 6.0)"  # the flag's reason names the statistic it used
    words = render.overview_words(overview).set_index("athlete")
    assert words.loc["ann", "pain, latest scored week"] == "mean 4.0 · highest 6.0 · 4 scores"
    assert words.loc["ann", "action"] == "call" and words.loc["ann", "why"] == "pain over 5/10 (highest 6.0)"
    assert summary.loc[summary["athlete"] == "ann", "flag_pain_high"].tolist() == [False, False, False, True]


def test_a_stale_score_carries_its_week_and_age_and_is_marked_old(squad):
    overview, _ = squad
    bo = overview.set_index("athlete").loc["bo"]
    assert bo["pain_week"] == pd.Timestamp("2026-03-02") and bo["pain_weeks_ago"] == 3 and bool(bo["pain_old"])
    assert bo["pain_mean"] == pytest.approx(7 / 3) and bo["pain_n"] == 3
    words = render.overview_words(overview).set_index("athlete")
    assert words.loc["bo", "pain, latest scored week"] == (
        "mean 2.3 · highest 3.0 · 3 scores · week of 02 Mar · 3 weeks ago, old"
    )
    html = render.overview_table(overview)
    assert html.count("kc-old") == 1  # bo's pain cell, and no other


def test_a_missed_week_reads_as_missed_with_its_reason(squad):
    overview, summary = squad
    cy = overview.set_index("athlete").loc["cy"]
    assert cy["dose_adherence"] == 0 and cy["band"] == "red" and cy["sessions_done"] == 0
    assert cy["flags"] == "red week (0 %, missed); adherence down ≥ 20 points (0 % from 100 %)"
    assert cy["adherence_recent"] == pytest.approx(0.75)  # (1 + 1 + 1 + 0) / 4, all weeks of 7 days
    words = render.overview_words(overview).set_index("athlete")
    assert words.loc["cy", "adherence last week"] == "0 % red · missed"
    assert words.loc["ann", "adherence last week"] == "100 % green · 7/7 sessions"
    assert (words.loc[["ann", "cy"], "why"] != "").all()  # every call and check in gives its reason
    # the squad chart marks the missed week with a cross, unlike a week with no data
    ax = kc.plots.squad_heatmap(summary)
    crosses = [line for line in ax.get_lines() if line.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_xdata().tolist() == [3] and crosses[0].get_ydata().tolist() == [1]
    assert "missed week (0 %)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_the_action_is_the_coloured_first_column_and_the_key_defines_every_reason(squad):
    overview, _ = squad
    html = render.overview_table(overview)
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert head.index("<th>action</th>") < head.index("<th>athlete</th>") < head.index("<th>why</th>")
    assert "<th>adherence last week</th>" in head and "<th>adherence 4 weeks</th>" in head
    first_cell = html[html.index("<tbody><tr>") + len("<tbody><tr>") :].split("</td>")[0]
    assert f"background:{ACTION_COLOURS['call']}" in first_cell and first_cell.endswith(">call")
    assert to_hex(ACTION_COLOURS["call"]) != to_hex(ACTION_COLOURS["check in"])
    key = render.text_of(html.split("kc-key")[1])
    assert "two red runs within 7 days" in key and "the week's highest score, not its mean" in key
    assert "check in: a red week" in key


def test_notebook_03_defines_call_and_check_in_as_the_one_table_does():
    """The coach's notebook opens with the definitions the overview uses (words/flags.toml), in full."""
    import json

    from .conftest import ROOT

    notebook = json.loads((ROOT / "notebooks" / "03_coach_review.ipynb").read_text(encoding="utf-8"))
    intro = " ".join("".join(notebook["cells"][0]["source"]).split())
    for meaning in kc.analysis.attention_rules()["meaning"]:
        assert meaning in intro
    assert "two red runs within 7 days" in intro


def test_charts_list_only_what_they_draw_and_mark_the_missed_week(squad):
    _, summary = squad

    def labels(ax):
        return [t.get_text() for t in ax.pain_axis.get_legend().get_texts()]

    ann = kc.plots.adherence_vs_pain(summary, athlete="ann")
    assert [t for t in labels(ann) if "band" in t or "missed" in t] == ["green band"]
    cy = kc.plots.adherence_vs_pain(summary, athlete="cy")  # three green weeks, then one at 0 %
    assert [t for t in labels(cy) if "band" in t or "missed" in t] == ["green band", "missed week"]
    crosses = [line for line in cy.get_lines() if line.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_xdata().tolist() == [4]  # program week 4, drawn, not blank
    # every week of this squad has data: the squad chart's key has no "no data"
    keys = [t.get_text() for t in kc.plots.squad_heatmap(summary).get_legend().get_texts()]
    assert keys == ["missed week (0 %)"]
