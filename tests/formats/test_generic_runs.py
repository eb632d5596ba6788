"""A running log kept by hand or another tool: date, a distance with its unit, a time, RPE."""

import pandas as pd
import pytest

import kneecare_analysis as kc


def test_unknown_running_file(write):
    with pytest.raises(kc.LogFormatError, match="cannot tell what this file holds") as exc:
        kc.load_runs(write("runs.csv", "when,how far\n2026-01-01,5\n"))
    assert "a Garmin Connect export" in str(exc.value) and "a running log (date, distance_km)" in str(exc.value)
    assert pd.isna(kc.load_runs(write("runs.csv", "date,distance_km\n2026-01-01,5\n"))["duration_s"].iloc[0])


def test_units_come_from_the_header_or_a_units_column(write):
    assert kc.load_runs(write("r.csv", "date,distance (m)\n2026-01-01,5000\n"))["distance_km"].tolist() == [5.0]
    miles = kc.load_runs(write("r.csv", "date,Distance (mi)\n2026-01-01,3.1\n"))["distance_km"].tolist()
    assert miles == pytest.approx([3.1 * 1.609344])
    both = kc.load_runs(write("r.csv", "date,distance,units\n2026-01-01,5,km\n2026-01-02,2,mi\n2026-01-03,800,m\n"))
    assert both["distance_km"].tolist() == pytest.approx([5.0, 2 * 1.609344, 0.8])


def test_distances_and_paces_that_cannot_be_runs_are_rejected(write):
    text = (
        "date,distance_km,duration_min\n"
        "2026-01-01,6237,38\n"  # metres written as km: 6,237 km in 38 minutes
        "2026-01-02,10,5\n"  # 10 km in 5 minutes
        "2026-01-03,10,50\n"
        "2026-01-04,inf,30\n"
    )
    path = write("runs.csv", text)
    runs = kc.load_runs(path, errors="report")
    assert runs["distance_km"].tolist() == [10.0]
    rejected = runs.attrs["rejected"]
    assert rejected["line"].tolist() == [2, 3, 5]
    assert "at most 300 km" in rejected["reason"].iloc[0]
    assert "a pace between 2:00 and 30:00 min/km" in rejected["reason"].iloc[1]
    assert "finite" in rejected["reason"].iloc[2]


def test_a_typed_thousands_comma_that_makes_a_run_impossible_names_both_readings(write):
    path = write("runs.csv", 'date,distance_km,duration_s\n2026-01-01,"5,000",1500\n2026-01-02,8.5,2700\n')
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_runs(path)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column, problem.value) == (2, "distance_km", "5,000")
    assert "5,000" in problem.expected and "5" in problem.expected


def test_types_that_are_not_runs_are_set_aside_and_counted(write):
    text = "date,type,km\n2026-01-01,easy run,8\n2026-01-01,bike,30\n2026-01-02,jog,5\n2026-01-03,swim,2\n"
    runs = kc.load_runs(write("runs.csv", text))
    assert runs["distance_km"].tolist() == [8.0, 5.0]
    skipped = runs.attrs["skipped"]
    assert skipped["what"].value_counts().to_dict() == {"bike": 1, "swim": 1}
    assert len(runs) + len(skipped) == 4
