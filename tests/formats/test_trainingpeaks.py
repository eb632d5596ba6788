"""TrainingPeaks' workouts.csv: runs in metres and hours, planned workouts set aside, weekly km."""

import pytest

import kneecare_analysis as kc

from ..exports import header, rows_csv

TRAININGPEAKS = header("trainingpeaks")


def test_trainingpeaks_planned_workouts_are_not_runs(write):
    assert len(TRAININGPEAKS) == 45
    rows = [
        {
            "Title": "Running",
            "WorkoutType": "Run",
            "WorkoutDay": "2026-01-05",
            "DistanceInMeters": "6938.77978515625",
            "TimeTotalInHours": "0.736675560474396",
            "HeartRateAverage": "154",
        },
        {
            "Title": "SS1. 5 Basic Strides 45min RPE",
            "WorkoutType": "Run",
            "WorkoutDescription": 'Walk ("walk") back',
            "PlannedDuration": "0.75",
            "WorkoutDay": "2026-01-06",
        },
        {
            "Title": "Swim Tech",
            "WorkoutType": "Swim",
            "WorkoutDay": "2026-01-05",
            "DistanceInMeters": "2308.86",
            "TimeTotalInHours": "0.51",
        },
        {
            "Title": "Long run",
            "WorkoutType": "Run",
            "WorkoutDay": "2026-01-11",
            "DistanceInMeters": "21097.5",
            "TimeTotalInHours": "2",
        },
    ]
    runs = kc.load_runs(write("workouts.csv", rows_csv(TRAININGPEAKS, rows, quote_all=True)))
    assert runs["distance_km"].tolist() == [6.93878, 21.0975]
    assert runs["duration_s"].tolist() == pytest.approx([0.736675560474396 * 3600, 7200.0], abs=0.001)
    assert runs.attrs["skipped"]["reason"].tolist() == ["planned, not done", "not a run"]


def test_weekly_running_km_and_load_spike(write, tmp_path):
    write("routine_log.csv", "date,drill,reps\n2026-01-05,clams,20\n2026-01-19,clams,20\n")
    done = [("2026-01-05", "10000"), ("2026-01-07", "8000"), ("2026-01-13", "25000"), ("2026-01-20", "20000")]
    rows = [
        {"WorkoutType": "Run", "WorkoutDay": day, "DistanceInMeters": metres, "TimeTotalInHours": "1"}
        for day, metres in done
    ]
    write("workouts.csv", rows_csv(TRAININGPEAKS, rows, quote_all=True))
    ds = kc.load_dataset(tmp_path)
    s = ds.weekly_summary()
    assert s["run_km"].tolist() == [18.0, 25.0, 20.0]
    assert s["run_count"].tolist() == [2, 1, 1]
    assert s["run_km_change"].tolist()[1:] == pytest.approx([25 / 18 - 1, 20 / 25 - 1])
    assert s["flag_load_spike"].tolist() == [False, True, False]  # +39 % ; the first week has none before it
