"""Strength-app exports (Strong, Hevy, FitNotes) as routine logs: the routine's drills under the names people
type, each set a row; every other exercise set aside by name, never rejected and never counted."""

import pandas as pd
import pytest

import kneecare_analysis as kc

from ..exports import header, rows_csv


def drills(log: pd.DataFrame) -> list:
    return [
        (
            str(r.date.date()),
            r.drill,
            r.side,
            None if pd.isna(r.reps) else int(r.reps),
            None if pd.isna(r.seconds) else float(r.seconds),
        )
        for r in log.itertuples()
    ]


def test_strong_export(write):
    base = {
        "Date": "2026-03-02 18:30:00",
        "Workout Name": "Knee care",
        "Duration": "25min",
        "Weight": "0",
        "Distance": "0",
    }
    rows = [
        {**base, "Exercise Name": "Clamshell (Left)", "Set Order": "1", "Reps": "20", "Seconds": "0"},
        {**base, "Exercise Name": "Clamshell (Right)", "Set Order": "1", "Reps": "18", "Seconds": "0"},
        {**base, "Exercise Name": "Squat (Barbell)", "Set Order": "1", "Weight": "60", "Reps": "8", "Seconds": "0"},
        {**base, "Exercise Name": "Hip Abduction (Machine)", "Set Order": "1", "Reps": "12", "Seconds": "0"},
        {**base, "Exercise Name": "Couch Stretch", "Set Order": "1", "Reps": "0", "Seconds": "120"},
        {**base, "Exercise Name": "Side Lying Hip Abduction - R", "Set Order": "1", "Reps": "15", "Seconds": "0"},
        {**base, "Exercise Name": "Squat (Barbell)", "Set Order": "2", "Weight": "60", "Reps": "8", "Seconds": "0"},
    ]
    log = kc.load_routine_log(write("strong.csv", rows_csv(header("strong"), rows)))
    assert drills(log) == [
        ("2026-03-02", "hip_abduction", "right", 15, None),
        ("2026-03-02", "clamshell", "left", 20, None),
        ("2026-03-02", "clamshell", "right", 18, None),
        ("2026-03-02", "couch_stretch", "both", None, 120.0),
    ]
    skipped = log.attrs["skipped"]
    assert skipped.groupby("what").size().to_dict() == {"Hip Abduction (Machine)": 1, "Squat (Barbell)": 2}
    assert dict(zip(skipped["what"], skipped["reason"], strict=True)) == {
        "Hip Abduction (Machine)": "an equipment variant (barbell, machine, ball…), not the bodyweight drill",
        "Squat (Barbell)": "not a routine drill",
    }
    assert len(log) + len(skipped) + len(log.attrs["rejected"]) == len(rows)


def test_strong_older_layout(write):
    rows = [
        {
            "Date": "2019-05-01 07:00:00",
            "Workout Name": "Rehab",
            "Exercise Name": "Glute Bridge (Single Leg)",
            "Set Order": "1",
            "kg": "0",
            "Reps": "20",
            "km": "0",
            "Seconds": "0",
        },
        {
            "Date": "2019-05-01 07:00:00",
            "Workout Name": "Rehab",
            "Exercise Name": "Hip Thrust (Barbell)",
            "Set Order": "1",
            "kg": "80",
            "Reps": "10",
            "km": "0",
            "Seconds": "0",
        },
    ]
    log = kc.load_routine_log(write("strong.csv", rows_csv(header("strong_older"), rows)))
    assert drills(log) == [("2019-05-01", "glute_bridge", "both", 20, None)]
    assert log.attrs["skipped"]["what"].tolist() == ["Hip Thrust (Barbell)"]  # two legs and a bar: another lift


STRONG_FR = [
    "Date",
    "Nom de l'entraînement",
    "Durée",
    "Nom de l'exercice",
    "Ordre de la série",
    "Poids",
    "Réps",
    "Distance",
    "Secondes",
    "Notes",
    "Notes d'entraînement",
    "RPE",
]


def test_strong_export_in_french(write):
    base = {
        "Date": "2024-02-05 18:00:00",
        "Nom de l'entraînement": "Genou",
        "Durée": "20min",
        "Poids": "0",
        "Distance": "0",
    }
    rows = [
        {**base, "Nom de l'exercice": "Clamshell (Left)", "Ordre de la série": "1", "Réps": "18", "Secondes": "0"},
        {
            **base,
            "Nom de l'exercice": "Rowing",
            "Ordre de la série": "1",
            "Réps": "0",
            "Distance": "2",
            "Secondes": "540",
        },
        {**base, "Nom de l'exercice": "Couch Stretch", "Ordre de la série": "1", "Réps": "0", "Secondes": "90"},
    ]
    path = write("strong.csv", rows_csv(STRONG_FR, rows))
    log = kc.load_routine_log(path)
    assert log.attrs["format"] == "strong"
    assert drills(log) == [
        ("2024-02-05", "clamshell", "left", 18, None),
        ("2024-02-05", "couch_stretch", "both", None, 90.0),
    ]
    assert log.attrs["skipped"]["what"].tolist() == ["Rowing"]
    with pytest.raises(kc.LogFormatError, match="a Strong app export, which holds a routine log, not runs"):
        kc.load_runs(path)


def test_hevy_export(write):
    base = {
        "title": "Knee care",
        "start_time": "3 Jan 2026, 07:52",
        "end_time": "3 Jan 2026, 08:20",
        "set_type": "normal",
    }
    rows = [
        {**base, "exercise_title": "Clamshell", "set_index": "0", "reps": "20"},
        {**base, "exercise_title": "Clamshell", "set_index": "1", "reps": "20"},
        {**base, "exercise_title": "Bench Press (Barbell)", "set_index": "0", "weight_kg": "60", "reps": "8"},
        {**base, "exercise_title": "Foam Roller", "set_index": "0", "duration_seconds": "300"},
        {**base, "exercise_title": "Single Leg Glute Bridge", "set_index": "0", "reps": "15", "exercise_notes": "L"},
    ]
    log = kc.load_routine_log(write("workouts.csv", rows_csv(header("hevy"), rows, quote_all=True)))
    assert drills(log) == [
        ("2026-01-03", "self_massage", "both", None, 300.0),
        ("2026-01-03", "clamshell", "both", 20, None),
        ("2026-01-03", "clamshell", "both", 20, None),  # two sets: two rows, which add up
        ("2026-01-03", "glute_bridge", "both", 15, None),
    ]
    assert log.attrs["skipped"]["what"].tolist() == ["Bench Press (Barbell)"]
    assert kc.daily_adherence(log)["dose_clamshell"].tolist() == [1.0]  # 40 reps a side, capped at the target


def test_hevy_export_is_not_a_running_log(write):
    rows = [{"title": "Legs", "start_time": "3 Jan 2026, 07:52", "exercise_title": "Squat", "set_index": "0"}]
    path = write("workouts.csv", rows_csv(header("hevy"), rows))
    with pytest.raises(kc.LogFormatError, match="a Hevy app export, which holds a routine log, not runs"):
        kc.load_runs(path)


def test_fitnotes_export(write):
    rows = [
        {"Date": "2025-04-29", "Exercise": "Clam Shell (Each Side)", "Category": "Legs", "Reps": "20"},
        {"Date": "2025-04-29", "Exercise": "Couch Stretch", "Category": "Mobility", "Time": "0:02:00"},
        {
            "Date": "2025-04-29",
            "Exercise": "Lat Pulldown",
            "Category": "Back",
            "Weight": "40.0",
            "Weight Unit": "kgs",
            "Reps": "10",
        },
    ]
    log = kc.load_routine_log(write("FitNotes_Export.csv", rows_csv(header("fitnotes"), rows)))
    assert drills(log) == [
        ("2025-04-29", "clamshell", "both", 20, None),
        ("2025-04-29", "couch_stretch", "both", None, 120.0),
    ]
    assert log.attrs["skipped"]["what"].tolist() == ["Lat Pulldown"]


def test_own_exercise_names_map_to_drills(write, tmp_path):
    rows = [{"Date": "2025-04-29", "Exercise": "Side clams", "Category": "Legs", "Reps": "20"}]
    path = write("FitNotes_Export.csv", rows_csv(header("fitnotes"), rows))
    assert kc.load_routine_log(path).attrs["skipped"]["what"].tolist() == ["Side clams"]
    assert drills(kc.load_routine_log(path, drills={"Side clams": "clamshell"})) == [
        ("2025-04-29", "clamshell", "both", 20, None)
    ]
    write("routine.toml", '[[drill]]\nid = "clamshell"\naliases = ["side clams"]\n')
    assert drills(kc.load_dataset(tmp_path).log) == [("2025-04-29", "clamshell", "both", 20, None)]
    with pytest.raises(ValueError, match="the routine's drills are"):
        kc.load_routine_log(path, drills={"Side clams": "plank"})
