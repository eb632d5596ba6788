"""Data folders: one runner, a squad in one file, a squad of sub-folders, a prescription."""

import pandas as pd
import pytest

import kneecare_analysis as kc


def test_runner_folder(write, tmp_path):
    write("routine_log.csv", "date,drill,side,reps\n2026-03-02,clams,L,20\n")
    write("pain_log.csv", "date,pain\n2026-03-01,5\n")
    write("runs.csv", "date,distance_km\n2026-03-01,8.5\n")
    ds = kc.load_dataset(tmp_path)
    assert ds.athletes == ["me"]
    assert ds.log["reps"].tolist() == [20]
    assert ds.pain["pain"].tolist() == [5.0]
    assert ds.runs["distance_km"].tolist() == [8.5]
    assert ds.routine is kc.DEFAULT_ROUTINE


def test_squad_of_sub_folders(write, tmp_path):
    write("amy/routine_log.csv", "date,drill,reps\n2026-03-02,clams,20\n")
    write("amy/pain_log.csv", "date,pain\n2026-03-02,3\n")
    write("ben/routine_log.tsv", "date\tdrill\treps\n2026-03-03\tclams\t18\n")
    ds = kc.load_dataset(tmp_path)
    assert ds.athletes == ["amy", "ben"]
    assert ds.log[["athlete", "reps"]].astype(str).values.tolist() == [["amy", "20"], ["ben", "18"]]
    assert ds.pain["athlete"].tolist() == ["amy"]
    assert ds.runs is None
    only_ben = ds.for_athlete("ben")
    assert only_ben.log["athlete"].tolist() == ["ben"] and len(only_ben.pain) == 0
    with pytest.raises(KeyError, match="amy, ben"):
        ds.for_athlete("zoe")


def test_checklist_folder_gives_pain_too(write, tmp_path):
    write("routine_log.csv", "Date,Clams L,Clams R,Knee pain\n2026-03-02,x,x,4\n")
    ds = kc.load_dataset(tmp_path)
    assert len(ds.log) == 2 and ds.pain["pain"].tolist() == [4.0]


def test_prescription_in_the_folder(write, tmp_path):
    write("routine.toml", 'sessions_per_week = 3\n[[drill]]\nid = "clamshell"\ntarget = 30\n')
    write("routine_log.csv", "date,drill,reps\n2026-03-02,clams,30\n")
    ds = kc.load_dataset(tmp_path)
    assert ds.routine.sessions_per_week == 3 and ds.routine.ids == ["clamshell"]
    with pytest.raises(kc.LogFormatError, match="a drill name: clamshell"):
        write("routine_log.csv", "date,drill,reps\n2026-03-02,bridge,30\n")
        kc.load_dataset(tmp_path)


def test_two_logs_in_one_folder_are_refused(write, tmp_path):
    write("routine_log.csv", "date,drill,reps\n2026-03-02,clams,20\n")
    write("routine_log.tsv", "date\tdrill\treps\n2026-03-02\tclams\t20\n")
    with pytest.raises(kc.LogFormatError, match="routine_log.csv and routine_log.tsv"):
        kc.load_dataset(tmp_path)


def test_empty_or_missing_folder(tmp_path):
    with pytest.raises(kc.LogFormatError, match="no logs in this folder"):
        kc.load_dataset(tmp_path)
    with pytest.raises(kc.LogFormatError, match="not a folder"):
        kc.load_dataset(tmp_path / "nowhere")


def test_a_folder_of_exports_under_their_own_names(write, tmp_path):
    from .exports import header, rows_csv

    write("routine_log.csv", "date,drill,side,reps\n2026-03-02,clams,L,20\n2026-03-02,clams,R,20\n")
    write("pain_log.csv", "date,pain,context\n2026-03-02,3,after_run\n")
    garmin = [
        {"Activity Type": "Running", "Date": "2026-03-02 07:00:00", "Distance": "6.00", "Time": "00:33:00"},
        {"Activity Type": "Cycling", "Date": "2026-03-03 07:00:00", "Distance": "25.00", "Time": "01:00:00"},
    ]
    write("Activities.csv", rows_csv(header("garmin"), garmin))
    hevy = [
        {
            "title": "Rehab",
            "start_time": "3 Mar 2026, 18:00",
            "exercise_title": "Clamshell (Left)",
            "set_index": "0",
            "reps": "15",
        },
        {
            "title": "Rehab",
            "start_time": "3 Mar 2026, 18:00",
            "exercise_title": "Leg Press (Machine)",
            "set_index": "0",
            "reps": "10",
        },
    ]
    write("workouts.csv", rows_csv(header("hevy"), hevy))
    ds = kc.load_dataset(tmp_path)
    assert ds.log[["drill", "side", "reps"]].astype(str).values.tolist() == [
        ["clamshell", "left", "20"],
        ["clamshell", "right", "20"],
        ["clamshell", "left", "15"],
    ]
    assert sorted({str(f).rsplit("/", 1)[1] for f in ds.log["file"]}) == ["routine_log.csv", "workouts.csv"]
    assert ds.pain["pain"].tolist() == [3.0]
    assert ds.runs["distance_km"].tolist() == [6.0]
    assert ds.problems.empty


def test_report_mode_keeps_the_squad_when_one_file_is_broken(write, tmp_path):
    write("ana/routine_log.csv", "date,drill,reps\n2026-03-02,clams,20\n")
    write("ben/routine_log.csv", "date,drill,reps\n2026-03-02,clams,2O\n2026-03-03,clams,20\n")
    write("ben/notes.csv", "colour,size\nred,9\n")
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_dataset(tmp_path)
    assert len(exc.value.problems) == 2  # every problem of every file, at once
    ds = kc.load_dataset(tmp_path, errors="report")
    assert ds.log.groupby("athlete", observed=True).size().to_dict() == {"ana": 1, "ben": 1}
    assert list(ds.problems.columns) == ["file", "line", "column", "value", "reason"]
    files = [str(f).rsplit("/", 2)[-2:] for f in ds.problems["file"]]
    assert files == [["ben", "notes.csv"], ["ben", "routine_log.csv"]]
    assert ds.problems["line"].iloc[1] == 2 and "cannot tell what this file holds" in ds.problems["reason"].iloc[0]


def test_each_athletes_start_is_the_plans_else_the_first_session(tmp_path):
    from kneecare_analysis import design

    (tmp_path / "routine_log.csv").write_text(
        "athlete,date,drill,side,reps\nAna,2026-03-20,clams,both,20\nBo,2026-03-05,clams,both,0\n"
        "Bo,2026-03-06,clams,both,20\n"
    )
    (tmp_path / "pain_log.csv").write_text(
        "athlete,date,pain,context\nAna,2026-03-02,4,morning\nBo,2026-03-02,3,morning\n"
    )
    design.plan_design(tmp_path, ["Ana"], today="2026-03-02", seed=7)
    ds = kc.load_dataset(tmp_path)
    starts = ds.starts()
    plan = design.read_design(tmp_path).iloc[0]
    assert starts["athlete"].tolist() == ["Ana", "Bo"]
    assert starts.loc[0, "start"] == plan["start"] and bool(starts.loc[0, "randomised"])
    assert starts.loc[0, "admissible_from"] == pd.Timestamp("2026-03-16")  # day 14 of a plan made on 2 March
    # Bo has no plan: his start is his first day with an amount done (6 March; 5 March logged 0 reps)
    assert starts.loc[1, "start"] == pd.Timestamp("2026-03-06") and not starts.loc[1, "randomised"]
    effect = ds.routine_effect()
    assert effect["design"].tolist() == ["randomised AB", "AB, start chosen by the runner"]
    assert effect["verdict"].tolist() == ["cannot tell yet", "cannot tell yet"]  # one score each: too few
