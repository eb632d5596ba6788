"""Charts: the drawn data (bar heights, colours, lines, grids, labels) is checked, not the pixels; each chart
is also saved to PNG."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import kneecare_analysis as kc  # noqa: E402
from kneecare_analysis.palette import BAND_COLOURS  # noqa: E402

from .conftest import LOG, PAIN, SAMPLE  # noqa: E402


@pytest.fixture
def runner(write):
    log = kc.load_routine_log(write("routine_log.csv", LOG))
    pain = kc.load_pain_log(write("pain_log.csv", PAIN))
    return log, pain, kc.weekly_summary(log, pain=pain)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def saved_png(ax, tmp_path, name):
    path = tmp_path / f"{name}.png"
    ax.figure.savefig(path, dpi=80)
    pixels = mpimg.imread(path)
    assert path.stat().st_size > 8_000 and pixels.std() > 0.05, "the PNG is blank or trivial"
    return path


def test_adherence_vs_pain(runner, tmp_path):
    _, _, s = runner
    assert s["pain_baseline"].isna().all()  # under 5 scores: no baseline of its own, so one is passed
    ax = kc.plots.adherence_vs_pain(s, baseline=6.0)
    bars = [p for p in ax.patches if p.get_height() is not None][:3]
    assert [b.get_height() for b in bars] == pytest.approx([1.835 / 5 * 100, 0.85 / 7 * 100, 0.0])
    assert [b.get_x() + b.get_width() / 2 for b in bars] == pytest.approx([1, 2, 3])
    assert {to_hex(b.get_facecolor()) for b in bars} == {BAND_COLOURS["red"].lower()}
    pain_ax = ax.pain_axis
    assert pain_ax.get_ylim() == (0, 10)
    mean, highest, baseline, better = pain_ax.lines
    # week 1: the scores inside the window only (5 March 4, 7 March 6)
    assert mean.get_xdata().tolist() == [1, 3] and mean.get_ydata() == pytest.approx([5.0, 3.0])
    assert highest.get_ydata().tolist() == [6.0, 3.0]
    assert baseline.get_ydata()[0] == 6.0 and better.get_ydata()[0] == 4.0
    assert ax.get_xlabel() == "program week" and "%" in ax.get_ylabel() and "0–10" in pain_ax.get_ylabel()
    legend = [t.get_text() for t in pain_ax.get_legend().get_texts()]
    assert "baseline pain 6.0" in legend and "2 points better" in legend
    saved_png(ax, tmp_path, "adherence_vs_pain")


def test_adherence_vs_pain_needs_one_athlete(runner):
    _, _, s = runner
    two = pd.concat([s, s.assign(athlete="other")], ignore_index=True)
    with pytest.raises(ValueError, match="pass athlete= one of me, other"):
        kc.plots.adherence_vs_pain(two)
    fig, ax = plt.subplots()
    assert kc.plots.adherence_vs_pain(two, athlete="other", ax=ax) is ax


def test_calendar(runner, tmp_path):
    log, pain, _ = runner
    ax = kc.plots.calendar(kc.daily_adherence(log, pain=pain))
    grid = np.asarray(ax.images[0].get_array().filled(np.nan), dtype=float)
    nan = np.nan
    expected = [  # the daily doses of the fixture, in % (one scale for dose, in every grid)
        [nan, nan, 100, 67.5, 0, 16, 0],
        [85, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, nan, nan, nan, nan],
    ]
    np.testing.assert_allclose(grid, expected)
    crosses = ax.lines[0]
    assert len(crosses.get_xdata()) == 11  # every missed window day is marked
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["02 Mar", "09 Mar", "16 Mar"]
    saved_png(ax, tmp_path, "calendar")
    sunday = kc.plots.calendar(kc.daily_adherence(log, pain=pain), week_starts_on="SUN")
    assert sunday.get_xticklabels()[0].get_text() == "Su"


def test_drill_breakdown(runner, tmp_path):
    _, _, s = runner
    ax = kc.plots.drill_breakdown(s)
    grid = np.asarray(ax.images[0].get_array(), dtype=float) / 100  # drawn in %
    np.testing.assert_allclose(grid[:, 0], [0.4, 0.375, 0.36, 0.4, 0.3])
    np.testing.assert_allclose(grid[:, 1], [1 / 7, 0.75 / 7, 0.75 / 7, 0.75 / 7, 1 / 7])
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "Self-massage"
    assert ax.texts[0].get_text() == "40"
    saved_png(ax, tmp_path, "drill_breakdown")


def test_squad_heatmap(tmp_path):
    summary = pd.DataFrame(
        {
            "athlete": ["amy", "amy", "ben"],
            "week_start": pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-09"]),
            "dose_adherence": [0.9, 0.4, 0.7],
            "flag_pain_high": [False, True, False],
            "flag_pain_rise": [False, False, True],
        }
    )
    ax = kc.plots.squad_heatmap(summary)
    grid = ax.images[0].get_array()
    assert grid.mask.tolist() == [[False, False], [True, False]]  # ben's first week is outside his window
    np.testing.assert_allclose(grid.filled(np.nan), [[90, 40], [np.nan, 70]])  # in %
    marks = sorted((round(t.get_position()[1]), round(t.get_position()[0])) for t in ax.texts if t.get_text() == "!")
    assert marks == [(0, 1), (1, 1)]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["amy", "ben"]
    saved_png(ax, tmp_path, "squad_heatmap")


def test_adherence_pain_scatter(tmp_path):
    weeks = pd.date_range("2026-03-02", periods=6, freq="7D")
    summary = pd.DataFrame(
        {
            "athlete": ["me"] * 6 + ["you"] * 2,
            "week_start": list(weeks) + list(weeks[:2]),
            "dose_adherence": [1.0, 0.8, 0.6, 0.4, 0.2, 0.0, 0.5, 0.6],
            "pain_mean": [3, 2.5, 3.5, 4, 6, 5, 2, 1],
        }
    )
    ax = kc.plots.adherence_pain_scatter(summary)
    me, you = ax.collections
    np.testing.assert_allclose(me.get_offsets(), np.c_[[100, 80, 60, 40, 20, 0], [3, 2.5, 3.5, 4, 6, 5]])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["me (ρ = -0.89, n = 6)", "you (ρ n/a, n = 2)"]
    saved_png(ax, tmp_path, "scatter")


def test_charts_on_the_sample_squad(tmp_path):
    ds = kc.load_dataset(SAMPLE / "squad")
    s = ds.weekly_summary()
    ax = kc.plots.squad_heatmap(s)
    assert ax.images[0].get_array().shape == (12, 16)
    overview = kc.team_overview(s)["athlete"].tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == overview  # who needs attention first, as the overview
    saved_png(ax, tmp_path, "squad")


def load_summary():
    # two program weeks; week 1: Mon 30 min RPE 5 and Thu 45 min RPE 7 (load 465), week 2: two runs without RPE
    # (one alone would take the runner's median)
    log = kc.load_routine_log(
        pd.DataFrame({"date": ["2026-03-02", "2026-03-09"], "drill": "clamshell", "side": "both", "reps": 20})
    )
    pain = kc.load_pain_log(pd.DataFrame({"date": ["2026-03-02", "2026-03-10"], "pain": [4, 3]}))
    runs = pd.DataFrame(
        {
            "athlete": "me",
            "date": pd.to_datetime(["2026-03-02", "2026-03-05", "2026-03-10", "2026-03-12"]),
            "distance_km": [5.0, 8.0, 6.0, 4.0],
            "duration_s": [1800.0, 2700.0, 2100.0, 1500.0],
            "rpe": [5.0, 7.0, np.nan, np.nan],
        }
    )
    return kc.weekly_summary(log, pain=pain, runs=runs, end="2026-03-15")


def test_load_and_pain_draws_the_load_the_ratio_row_and_says_what_the_ratio_is(tmp_path):
    ax = kc.plots.load_and_pain(load_summary())
    heights = [p.get_height() for p in ax.patches]
    assert heights == [465.0, 0.0]  # the unknown week is not a bar of 0 load: it is labelled
    assert len({to_hex(p.get_facecolor()) for p in ax.patches}) == 1  # one colour: no zones
    texts = [t.get_text() for t in ax.texts]
    assert "no RPE" in texts
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1\n–", "2\n–"]  # too few weeks before for a ratio
    note = next(t for t in ax.texts if "Impellizzeri" in t.get_text())
    assert "Lolli" in note.get_text() and "description" in note.get_text()
    assert list(ax.pain_axis.lines[0].get_ydata()) == [4.0, 3.0]
    ax.figure.savefig(tmp_path / "load.png")


def test_squad_load_colours_each_athlete_against_their_usual_week(tmp_path):
    weeks = pd.date_range("2026-03-02", periods=3, freq="7D")
    summary = pd.DataFrame(
        {
            "athlete": ["A"] * 3 + ["B"] * 3,
            "week_start": list(weeks) * 2,
            "run_km": [10, 20, 30, 5, 5, 5],
            "run_count": 2,
            "srpe_load": [100.0, 200.0, 300.0, 50.0, np.nan, 100.0],
            "flag_load_spike": [False, True, True, False, False, False],
        }
    )
    ax = kc.plots.squad_load(summary, order=["B", "A"])
    grid = ax.images[0].get_array()
    # A's usual week is 200 (median of 100, 200, 300), B's 75 (median of 50 and 100)
    assert grid[1].tolist() == pytest.approx([0.5, 1.0, 1.5])
    assert grid[0][0] == pytest.approx(50 / 75) and grid.mask[0][1] and grid[0][2] == pytest.approx(100 / 75)
    assert sum(t.get_text() == "▲" for t in ax.texts) == 2
    assert [t.get_text() for t in ax.get_yticklabels()] == ["B", "A"]
    ax.figure.savefig(tmp_path / "squad_load.png")


def test_run_lights_puts_each_run_on_its_week_and_weekday(tmp_path):
    lights = pd.DataFrame(
        {
            "athlete": "me",
            "date": pd.to_datetime(["2026-03-02", "2026-03-04", "2026-03-12", "2026-03-13"]),
            "light": pd.Categorical(["green", "red", "red", "unknown"]),
        }
    )
    ax = kc.plots.run_lights(lights)
    points = {c.get_label(): c.get_offsets().tolist() for c in ax.collections}
    # Mon 2 Mar: week 0, Monday (row 0); Wed 4: week 0, row 2; Thu 12: week 1, row 3; Fri 13: week 1, row 4
    assert points == {"green (1)": [[0, 0]], "red (2)": [[0, 2], [1, 3]], "unknown (1)": [[1, 4]]}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    ax.figure.savefig(tmp_path / "lights.png")


def test_questionnaire_scores_one_panel_per_instrument(tmp_path):
    scores = pd.DataFrame(
        {
            "athlete": "me",
            "date": pd.to_datetime(["2026-03-02", "2026-04-13", "2026-03-02"]),
            "instrument": ["akps", "akps", "psfs"],
            "score": [70.0, 85.0, 4.0],
            "items_answered": [13, 13, 3],
            "baseline": [70.0, 70.0, 4.0],
        }
    )
    akps, psfs = kc.plots.questionnaire_scores(scores)
    assert akps.get_title() == "AKPS (2 forms)" and psfs.get_title() == "PSFS (1 form)"
    assert list(akps.lines[0].get_ydata()) == [70.0, 85.0]
    assert [line.get_ydata()[0] for line in akps.lines[1:]] == [70.0, 80.0]  # the first score, and +10 above it
    assert akps.get_ylim()[1] > 100 and psfs.get_ylim()[1] < 11
    akps.figure.savefig(tmp_path / "scores.png")
