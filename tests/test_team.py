"""The coach's overview: who needs attention first, from a weekly summary written out by hand."""

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc

from .conftest import SAMPLE


def athlete(name, adherence, *, pain=2.0, baseline=5.0, pain_high_last=False, first="2026-01-05"):
    n = len(adherence)
    weeks = pd.date_range(first, periods=n, freq="7D")
    a = np.asarray(adherence, dtype=float)
    return pd.DataFrame(
        {
            "athlete": name,
            "week_start": weeks,
            "program_week": np.arange(1, n + 1),
            "prescribed": 7.0,
            "sessions_done": np.round(a * 7).astype(int),
            "dose_adherence": a,
            "band": np.select([a >= 0.8, a >= 0.5], ["green", "yellow"], "red"),
            "pain_mean": pain,
            "pain_baseline": baseline,
            "flag_adherence_drop": False,
            "flag_pain_high": [False] * (n - 1) + [pain_high_last],
            "flag_pain_rise": False,
            "flag_load_spike": False,
            "flags": [""] * (n - 1) + ["pain over 5/10" if pain_high_last else ""],
        }
    )


def test_who_needs_attention_first():
    summary = pd.concat(
        [
            athlete("Ana", [0.9] * 8),
            athlete("Ben", [0.9, 0.9, 0.9, 0.9, 0.6, 0.5, 0.4, 0.3], pain=3.0),
            athlete("Cat", [0.8] * 8, pain=6.0, pain_high_last=True),
            athlete("Dan", [0.7] * 4),  # stopped logging four weeks before the others
        ],
        ignore_index=True,
    )
    t = kc.team_overview(summary)
    assert t["athlete"].tolist() == ["Dan", "Cat", "Ben", "Ana"]
    assert t["attention"].astype(str).tolist() == ["call", "call", "check in", "ok"]
    row = t.set_index("athlete")
    assert row.loc["Ben", "adherence_recent"] == pytest.approx(0.45)  # (0.6 + 0.5 + 0.4 + 0.3) / 4
    assert (
        row.loc["Ben", "trend"] == "down" and row.loc["Ana", "trend"] == "steady" and row.loc["Dan", "trend"] == "new"
    )
    assert row.loc["Ben", "band"] == "red" and row.loc["Ana", "band"] == "green"
    assert row.loc["Dan", "weeks_behind"] == 4 and row.loc["Dan", "flags"] == "nothing logged since the week of 26 Jan"
    assert row.loc["Cat", "flags"] == "pain over 5/10"
    assert row.loc["Cat", "pain_vs_baseline"] == 1.0 and row.loc["Ana", "pain_vs_baseline"] == -3.0


def test_on_the_sample_squad_every_athlete_has_one_row():
    ds = kc.load_dataset(SAMPLE / "squad")
    t = kc.team_overview(ds.weekly_summary())
    assert sorted(t["athlete"]) == ds.athletes
    order = t["attention"].cat.codes.tolist()
    assert order == sorted(order)
    assert t.loc[t["athlete"] == "Kai", "attention"].item() == "call"  # stopped logging
