"""The scenarios a claim "the routine helped" must survive, and the one where it did: each generator makes what
it says (daily integer morning scores, the routine only from a randomised start, the knee's course), by bounds
worked out by hand from the scenario's own definition. Twelve athletes, seed 1: well under a second each."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kneecare_analysis import demo
from kneecare_analysis.design import DESIGN_COLUMNS, check_design

N = 12


def _days(s: demo.Scenario, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``t`` (days from the plan, 0 = its day) and ``after`` (on or after the start)."""
    out = frame.merge(s.design[["athlete", "planned_on", "start"]], on="athlete")
    out["t"] = (out["date"] - out["planned_on"]).dt.days
    out["after"] = out["date"] >= out["start"]
    return out


def _first_and_last_fortnight(s: demo.Scenario) -> tuple[pd.Series, pd.Series]:
    p = _days(s, s.pain)
    last = p["t"].max()
    return p[p["t"] < 14].groupby("athlete")["pain"].mean(), p[p["t"] > last - 14].groupby("athlete")["pain"].mean()


@pytest.fixture(scope="module")
def made() -> dict[str, demo.Scenario]:
    return {name: make(athletes=N, seed=1) for name, make in demo.SCENARIOS.items()}


@pytest.mark.parametrize("name", list(demo.SCENARIOS))
def test_every_scenario_is_daily_morning_scores_and_the_routine_from_a_random_start(made, name):
    s = made[name]
    assert list(s.design.columns) == DESIGN_COLUMNS and len(s.design) == N
    assert s.design["randomised"].all() and check_design(s.design).all()
    assert s.design["start"].between(s.design["admissible_from"], s.design["admissible_to"]).all()
    assert s.design["admissible_from"].eq(pd.Timestamp("2026-03-16")).all()  # day 14 after 2 March
    pain = s.pain
    assert set(pain["context"]) == {"morning"}
    assert pain["pain"].between(0, 10).all() and (pain["pain"] % 1 == 0).all()
    assert not pain.duplicated(["athlete", "date"]).any()  # one score a day at most
    days = 21 + 42 + 1  # the window's last day, 42 days after it, and the plan's day
    assert 0.85 * N * days <= len(pain) <= 0.95 * N * days  # 10 % of mornings missing
    log = _days(s, s.log)
    assert not len(log[~log["after"]])  # no routine before the start
    assert log.groupby("athlete")["date"].min().ge(s.design.set_index("athlete")["start"]).all()
    assert {"athlete", "date", "drill", "side", "reps", "seconds", "file", "line"} <= set(s.log.columns)
    assert {"athlete", "date", "distance_km", "duration_s", "rpe"} <= set(s.runs.columns)


def test_the_same_seed_makes_the_same_frames_and_another_seed_others():
    a, b, c = demo.no_effect(athletes=2, seed=5), demo.no_effect(athletes=2, seed=5), demo.no_effect(athletes=2, seed=6)
    pd.testing.assert_frame_equal(a.pain, b.pain)
    pd.testing.assert_frame_equal(a.log, b.log)
    pd.testing.assert_frame_equal(a.design, b.design)
    assert not a.pain["pain"].reset_index(drop=True).equals(c.pain["pain"].reset_index(drop=True))


def test_natural_recovery_heals_from_6_to_3_whatever_the_routine(made):
    first, last = _first_and_last_fortnight(made["natural_recovery"])
    # the level runs 6 → 3 over days 0…63: its mean is 6 − 3 × 6.5/63 ≈ 5.69 over days 0–13, ≈ 3.31 over the last 14
    assert 5.2 <= first.mean() <= 6.2 and 2.8 <= last.mean() <= 3.8
    assert (last - first).max() < -1.0  # every athlete improves


def test_a_stable_knee_stays_where_it_is(made):
    for name in ("no_effect", "reverse_causation"):
        first, last = _first_and_last_fortnight(made[name])
        assert 3.5 <= first.mean() <= 4.5 and 3.5 <= last.mean() <= 4.5, name
        assert abs((last - first).mean()) < 0.3, name


def test_regression_to_the_mean_starts_on_a_bad_day_and_settles(made):
    p = _days(made["regression_to_mean"], made["regression_to_mean"].pain)
    first_days = p[p["t"] < 3]["pain"].mean()  # level 7, 6.2, 5.6 on days 0–2
    settled = p[p["t"] >= 28]["pain"].mean()  # level ≤ 4.02 from day 28
    assert first_days >= 5.5 and 3.5 <= settled <= 4.5
    assert first_days - settled >= 1.5


def test_reverse_causation_means_more_routine_after_a_painful_morning(made):
    s = made["reverse_causation"]
    p = _days(s, s.pain)
    p = p[p["after"]].copy()
    done = s.log.groupby(["athlete", "date"], observed=True).size().rename("rows").reset_index()
    p["next_day"] = p["date"] + pd.Timedelta(days=1)
    p = p.merge(done.rename(columns={"date": "next_day"}), on=["athlete", "next_day"], how="left")
    p["session"] = p["rows"].notna()
    high, low = p[p["pain"] >= 5]["session"].mean(), p[p["pain"] <= 3]["session"].mean()
    assert high - low >= 0.3  # 0.5 + 0.2 × (≥ 1 point) against 0.5 − 0.2 × (≥ 1 point): ≥ 0.4 expected


@pytest.mark.parametrize(("name", "sign"), [("habit_grows", 1), ("habit_fades", -1)])
def test_a_habit_that_grows_or_fades_while_the_knee_heals(made, name, sign):
    s = made[name]
    done = _days(s, s.log.drop_duplicates(["athlete", "date"]))
    after = (done["date"] - done["start"]).dt.days
    span = (done["planned_on"] + pd.Timedelta(days=63) - done["start"]).dt.days
    early = (after < 14).groupby(done["athlete"]).sum() / 14
    late = (after > span - 14).groupby(done["athlete"]).sum() / 14
    # grows: 0.40 → 0.90 (about 0.47 and 0.83 over the first and last 14 days); fades: 0.95 → 0.35
    assert sign * (late.mean() - early.mean()) >= 0.25
    first, last = _first_and_last_fortnight(s)
    assert (last - first).mean() < -1.5


def test_a_real_effect_lowers_the_morning_score_by_one_and_a_half_points_after_the_ramp(made):
    s = made["real_effect"]
    p = _days(s, s.pain)
    before = p[~p["after"]].groupby("athlete")["pain"].mean()
    settled = p[(p["date"] - p["start"]).dt.days >= 14].groupby("athlete")["pain"].mean()
    assert 4.5 <= before.mean() <= 5.5
    assert -2.0 <= (settled - before).mean() <= -1.0  # −1.5 by construction, with noise and integer rounding
    truth = s.level.merge(s.design[["athlete", "start"]], on="athlete")
    ramped = truth[(truth["date"] - truth["start"]).dt.days >= 13]
    assert np.allclose(ramped["level"], 3.5)


def test_wrong_options_are_refused():
    with pytest.raises(ValueError, match="grows"):
        demo.changing_habit(habit="sideways")
    with pytest.raises(ValueError, match="athletes"):
        demo.no_effect(athletes=0)
    with pytest.raises(ValueError, match="ramp_days"):
        demo.real_effect(ramp_days=0)
