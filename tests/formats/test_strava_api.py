"""Activities as intervals.icu and Strava's API write them: start_date_local, type, moving_time, elapsed_time,
distance in metres, icu_rpe."""

import pandas as pd

import kneecare_analysis as kc

from ..exports import header, rows_csv

INTERVALS = header("intervals")


def test_intervals_icu_runs_in_metres_with_rpe(write):
    rows = [
        {
            "id": "i1",
            "start_date_local": "2025-12-27T09:49:49",
            "name": "Running",
            "type": "Run",
            "moving_time": "1734",
            "distance": "3071.43",
            "elapsed_time": "2151",
            "icu_rpe": "3",
        },
        {
            "id": "i2",
            "start_date_local": "2025-12-27T16:00:00",
            "name": "Ride",
            "type": "Ride",
            "moving_time": "3600",
            "distance": "30000",
            "elapsed_time": "3700",
        },
        {
            "id": "i3",
            "start_date_local": "2025-12-28T08:00:00",
            "name": "Trail",
            "type": "TrailRun",
            "moving_time": "",
            "distance": "10500.5",
            "elapsed_time": "4200",
        },
        {
            "id": "i4",
            "start_date_local": "2025-12-29T08:00:00",
            "name": "Zwift",
            "type": "VirtualRun",
            "moving_time": "1800",
            "distance": "6237.0",
            "elapsed_time": "1800",
            "icu_rpe": "5",
        },
    ]
    text = "\ufeff" + rows_csv(INTERVALS, rows)
    runs = kc.load_runs(write("activities.csv", text))
    assert [str(d.date()) for d in runs["date"]] == ["2025-12-27", "2025-12-28", "2025-12-29"]
    assert runs["distance_km"].tolist() == [3.07143, 10.5005, 6.237]  # metres, as intervals.icu documents
    assert runs["duration_s"].tolist() == [1734.0, 4200.0, 1800.0]  # moving time, else elapsed time
    assert runs["rpe"].tolist()[0] == 3.0 and pd.isna(runs["rpe"].iloc[1]) and runs["rpe"].iloc[2] == 5.0
    assert runs.attrs["skipped"][["line", "what"]].values.tolist() == [[3, "Ride"]]


def test_strava_api_csv(write):
    text = (
        "name,sport_type,start_date_local,moving_time,elapsed_time,distance\n"
        "Morning Run,Run,2024-05-01T07:00:00Z,1800,1900,5000\n"
        "Lunch Swim,Swim,2024-05-01T12:00:00Z,1800,1900,1500\n"
    )
    runs = kc.load_runs(write("strava_activities.csv", text))
    assert runs["distance_km"].tolist() == [5.0] and runs["duration_s"].tolist() == [1800.0]
    assert runs.attrs["skipped"]["what"].tolist() == ["Swim"]
