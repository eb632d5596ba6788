"""The answer to "did the routine help?" on the screens: the HTML report gives it first for each athlete, with
its n, CI, MCID and its source and the design, before the association of routine and pain (program week held
constant, raw beside); the counts and the randomisation p are recomputed here from the raw files."""

import dataclasses

import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.render import text_of
from kneecare_analysis.report import render_report

from .conftest import SAMPLE


def morning_counts(athlete: str, *, ramp: int = 14) -> tuple[int, int]:
    """Days with a morning score before the first session, and from the first session + ramp on, from the CSVs."""
    log = pd.read_csv(SAMPLE / "squad" / "routine_log.csv", parse_dates=["date"])
    done = log[(log["athlete"] == athlete) & (log["reps"].fillna(0).gt(0) | log["seconds"].fillna(0).gt(0))]
    start = done["date"].min()
    pain = pd.read_csv(SAMPLE / "squad" / "pain_log.csv", parse_dates=["date"])
    days = pain[(pain["athlete"] == athlete) & (pain["context"] == "morning")]["date"].drop_duplicates()
    return int((days < start).sum()), int((days >= start + pd.Timedelta(days=ramp)).sum())


def section(page: str, athlete: str) -> str:
    start = page.index(f"id='athlete-{athlete}'")
    end = page.find("<section class='athlete", start)
    return text_of(page[start : end if end > 0 else None])


@pytest.fixture(scope="module")
def squad_page():
    """The squad's report with its charts left as empty images (their words are what is read here; drawing a
    dozen charts to PNG would take most of the time)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kneecare_analysis.report.png", lambda *_, **__: b"")
        return render_report(kc.load_dataset(SAMPLE / "squad"))


def test_each_athlete_is_answered_before_any_association(squad_page):
    for athlete in kc.load_dataset(SAMPLE / "squad").athletes:
        text = section(squad_page, athlete)
        assert text.index("Did the routine help?") < text.index("Association, not cause")
        assert "against an MCID of 2 points (Crossley 2004)" in text
        assert "Design: AB, start chosen by the runner." in text
        assert "program week held constant: ρ =" in text and "raw ρ =" in text and "adjusted across the squad" in text


def test_a_short_baseline_is_said_with_the_counts_from_the_files(squad_page):
    before, after = morning_counts("Ana")
    assert before < 5  # the sample's runners started with few morning scores
    text = section(squad_page, "Ana")
    assert "Did the routine help? Cannot tell yet." in text
    assert f"{before} baseline and {after} after-ramp morning scores" in text
    assert f"not enough data: {before} morning scores before the start (5 needed" in text.lower()


def test_a_level_change_comes_with_its_ci_and_n(squad_page):
    before, after = morning_counts("Jonas")
    text = section(squad_page, "Jonas")
    assert f"from {before} baseline and {after} after-ramp morning scores" in text
    assert "Level change −" in text and "points (95 % CI −" in text
    assert "measured against the baseline's own trend" in text  # 10 or more baseline scores


def test_the_overview_has_a_column_with_each_answer(squad_page):
    overview = squad_page[: squad_page.index("id='athlete-")]
    assert "did the routine help?" in overview
    before, _ = morning_counts("Chloe")
    assert f"cannot tell yet: {before} baseline scores (5 needed)" in overview


def edgington_p(athlete: str, start: str, first: str, last: str, *, ramp: int = 14) -> float:
    """Share of admissible starts whose after-ramp mean minus before-start mean of daily morning pain is at least
    as low as the real start's."""
    pain = pd.read_csv(SAMPLE / "squad" / "pain_log.csv", parse_dates=["date"])
    daily = pain[(pain["athlete"] == athlete) & (pain["context"] == "morning")].groupby("date")["pain"].mean()

    def stat(day):
        return daily[daily.index >= day + pd.Timedelta(days=ramp)].mean() - daily[daily.index < day].mean()

    candidates = pd.date_range(first, last)
    real = stat(pd.Timestamp(start))
    return sum(stat(day) <= real + 1e-12 for day in candidates) / len(candidates)


def test_a_randomised_start_shows_its_p_and_the_smallest_it_could_be():
    squad = kc.load_dataset(SAMPLE / "squad")
    plan = pd.DataFrame(
        {
            "athlete": ["Jonas"],
            "start": pd.to_datetime(["2026-02-09"]),
            "randomised": [True],
            "admissible_from": pd.to_datetime(["2026-02-02"]),
            "admissible_to": pd.to_datetime(["2026-02-09"]),
        }
    )
    page = render_report(dataclasses.replace(squad, design=plan), athlete="Jonas")
    text = section(page, "Jonas")
    p = edgington_p("Jonas", "2026-02-09", "2026-02-02", "2026-02-09")
    assert (
        f"Design: randomised AB; randomisation p = {p:.3f} (the smallest possible with 8 admissible days is 1/8)"
        in text
    )
    assert text.index("randomisation p") < text.index("Association, not cause")
