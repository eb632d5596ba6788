"""The plan of a randomised start: drawn from its window with a recorded seed, stored before it is shown, kept
(never redrawn), declined, read back into a Dataset, and never written into the sample."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import tomllib

import kneecare_analysis as kc
from kneecare_analysis import design
from kneecare_analysis.design import DesignWriteError

from .conftest import SAMPLE

MAR2 = dt.date(2026, 3, 2)


def test_the_start_is_the_seeds_draw_from_the_window_and_the_file_holds_all_of_it(tmp_path):
    plan = design.plan_design(tmp_path, today=MAR2, seed=12345, now="2026-03-02T07:30:00+01:00")
    offset = int(np.random.default_rng(12345).integers(0, 8))  # day 14 + 0…7, drawn by hand
    assert plan.loc[0, "start"] == pd.Timestamp("2026-03-16") + pd.Timedelta(days=offset)
    stored = tomllib.loads((tmp_path / "design.toml").read_text(encoding="utf-8"))
    assert stored["plan"] == [
        {
            "athlete": "me",
            "start": (dt.date(2026, 3, 16) + dt.timedelta(days=offset)).isoformat(),
            "randomised": True,
            "admissible_from": "2026-03-16",
            "admissible_to": "2026-03-23",
            "seed": 12345,
            "drawn_at": "2026-03-02T07:30:00+01:00",
            "baseline_context": "morning",
            "planned_on": "2026-03-02",
        }
    ]
    assert list(design.read_design(tmp_path).columns) == [
        "athlete",
        "start",
        "randomised",
        "admissible_from",
        "admissible_to",
        "seed",
        "drawn_at",
        "baseline_context",
        "planned_on",
    ]  # the columns agreed with the effect model


def test_every_day_of_the_window_is_as_likely():
    days = [design.draw_start("2026-03-16", "2026-03-23", seed=s) for s in range(1600)]
    counts = pd.Series(days).value_counts()
    assert sorted(counts.index) == [dt.date(2026, 3, 16) + dt.timedelta(days=k) for k in range(8)]
    assert counts.between(140, 260).all()  # 200 expected each; binomial SD 13.2, so ±60 is ±4.5 SD


def test_a_fresh_seed_is_drawn_and_recorded_when_none_is_given():
    a = design.new_plan("me", today=MAR2)
    b = design.new_plan("me", today=MAR2)
    assert a.loc[0, "seed"] != b.loc[0, "seed"]
    assert 0 <= a.loc[0, "seed"] < 2**63
    assert design.check_design(pd.concat([a, b], ignore_index=True)).tolist() == [True, True]


def test_a_squad_gets_independent_starts_each_checkable_on_its_own(tmp_path):
    names = [f"A{i}" for i in range(12)]
    plan = design.plan_design(tmp_path, names, today="2026-01-05", seed=99)
    assert plan["seed"].nunique() == 12
    assert plan["start"].between(pd.Timestamp("2026-01-19"), pd.Timestamp("2026-01-26")).all()
    assert plan["start"].nunique() > 1  # staggered, not one day for all
    by_hand = [
        pd.Timestamp("2026-01-19") + pd.Timedelta(days=int(np.random.default_rng(int(s)).integers(0, 8)))
        for s in plan["seed"]
    ]
    assert plan["start"].tolist() == by_hand
    assert design.check_design(design.read_design(tmp_path)).all()


def test_a_plan_is_never_redrawn_and_a_hand_edited_start_is_caught(tmp_path):
    design.plan_design(tmp_path, today=MAR2, seed=1)
    before = (tmp_path / "design.toml").read_bytes()
    with pytest.raises(DesignWriteError, match="already has a plan"):
        design.plan_design(tmp_path, today=MAR2, seed=2)
    assert (tmp_path / "design.toml").read_bytes() == before
    stored = design.read_design(tmp_path)
    text = before.decode().replace(stored.loc[0, "start"].date().isoformat(), "2026-03-01")
    (tmp_path / "design.toml").write_text(text, encoding="utf-8")
    assert design.check_design(design.read_design(tmp_path)).tolist() == [False]


def test_a_decline_is_kept_and_asking_later_replaces_it(tmp_path):
    design.decline_design(tmp_path, now="2026-03-02T08:00:00+00:00")
    design.decline_design(tmp_path)  # twice: kept once
    assert design.declined(tmp_path) == ["me"]
    assert design.read_design(tmp_path).empty
    design.plan_design(tmp_path, today=MAR2, seed=5)
    assert design.declined(tmp_path) == []
    assert design.read_design(tmp_path)["athlete"].tolist() == ["me"]
    with pytest.raises(DesignWriteError):
        design.decline_design(tmp_path)


def test_the_sample_is_never_written_to():
    with pytest.raises(DesignWriteError, match="sample"):
        design.plan_design(SAMPLE / "runner", today=MAR2, seed=1)
    with pytest.raises(DesignWriteError, match="sample"):
        design.decline_design(SAMPLE / "runner")
    assert not (SAMPLE / "runner" / "design.toml").exists()


@pytest.mark.parametrize("window", [(4, 10), (15, 14), (14, 85)])
def test_a_window_out_of_bounds_is_refused(window):
    with pytest.raises(ValueError, match="baseline_days"):
        design.new_plan("me", today=MAR2, baseline_days=window)


def test_the_start_is_revealed_only_when_it_comes():
    plan = design.new_plan("me", today=MAR2, seed=1)
    start = plan.loc[0, "start"].date()
    assert start == dt.date(2026, 3, 19)  # offset 3 of numpy's default_rng(1).integers(0, 8)
    on_day_3 = design.phase_of(plan, "me", today=MAR2 + dt.timedelta(days=2))
    assert (on_day_3.phase, on_day_3.day, on_day_3.start) == ("baseline", 3, None)
    assert start.strftime("%d %B") not in on_day_3.message
    assert "Monday 16 March" in on_day_3.message and "Monday 23 March" in on_day_3.message
    eve = design.phase_of(plan, "me", today=start - dt.timedelta(days=1))
    assert eve.phase == "baseline" and eve.start is None
    first = design.phase_of(plan, "me", today=start)
    assert (first.phase, first.day, first.start) == ("routine", 1, start)
    assert first.message.startswith(f"Your routine starts today ({start.strftime('%A %d %B')})")
    assert design.phase_of(plan, "me", today=start + dt.timedelta(days=9)).day == 10
    assert design.phase_of(plan, "someone else").phase == "none"
    assert design.phase_of(None, "me").message == ""


def test_a_chosen_start_is_stored_as_not_randomised_and_shown(tmp_path):
    design.record_start(tmp_path, start="2026-03-20")
    row = design.read_design(tmp_path).iloc[0]
    assert not row["randomised"] and pd.isna(row["seed"]) and row["drawn_at"] is None
    assert design.phase_of(design.read_design(tmp_path), "me", today="2026-03-10").start == dt.date(2026, 3, 20)


def test_the_dataset_carries_the_plan_and_the_loaders_read_past_it(tmp_path):
    (tmp_path / "pain_log.csv").write_text("date,athlete,pain,context\n2026-03-02,Ana,4,morning\n", encoding="utf-8")
    assert kc.load_dataset(tmp_path).design is None
    design.decline_design(tmp_path, "Ben")
    assert kc.load_dataset(tmp_path).design is None  # a decline is no plan
    design.plan_design(tmp_path, ["Ana"], today=MAR2, seed=3)
    ds = kc.load_dataset(tmp_path)
    assert len(ds.pain) == 1 and ds.problems.empty
    assert ds.design["athlete"].tolist() == ["Ana"]
    assert ds.for_athlete("Ana").design["seed"].tolist() == ds.design["seed"].tolist()
    assert kc.load_pain_log(tmp_path)["pain"].tolist() == [4.0]


def test_the_explanation_says_why_in_plain_words():
    text = design.explain(baseline_days=(14, 33))
    assert "it heals the same whichever day the routine starts" in text
    assert "20 possible days" in text and "between day 14 and day 33" in text
    assert "You can say no" in text


def test_a_squad_in_sub_folders_has_each_athletes_plan_under_their_name(tmp_path):
    for name in ("Ana", "Ben"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pain_log.csv").write_text("date,pain,context\n2026-03-02,4,morning\n", encoding="utf-8")
        design.plan_design(tmp_path / name, today=MAR2, seed=len(name) + ord(name[0]))  # the runner's own "me"
    ds = kc.load_dataset(tmp_path)
    assert ds.design["athlete"].tolist() == ["Ana", "Ben"]
    assert ds.design["seed"].tolist() == [3 + ord("A"), 3 + ord("B")]
    design.plan_design(tmp_path, ["Ana"], today=MAR2, seed=1)  # a second plan for Ana, at the top
    with pytest.raises(kc.LogFormatError, match="two plans for Ana"):
        kc.load_dataset(tmp_path)
