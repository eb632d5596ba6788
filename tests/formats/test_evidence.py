"""Recognition by evidence: a table is claimed only by a layout its columns show; two readings of different
kinds are refused with one message (unless the loader called names the kind); and impossible paces: rejected in
a log typed by hand, loaded as recorded (and listed) from a device's export."""

import kneecare_analysis as kc

from ..exports import header, rows_csv

TWO_WAYS = "date,pain,distance_km\n2026-03-02,3,5.0\n2026-03-04,2,6.5\n"


def test_two_readings_are_refused_with_one_message(write):
    path = write("diary.csv", TWO_WAYS)
    (problem,) = kc.validate(path).unread
    assert "reads two ways: a pain log (date, pain 0–10) and a running log (date, distance_km)" in problem.expected
    assert "kc.load_pain_log" in problem.expected and "kc.load_runs" in problem.expected


def test_the_loader_called_settles_the_reading(write):
    path = write("diary.csv", TWO_WAYS)
    assert kc.load_runs(path)["distance_km"].tolist() == [5.0, 6.5]
    assert kc.load_pain_log(path)["pain"].tolist() == [3.0, 2.0]


def test_a_folder_with_a_two_way_file_loads_the_rest(write):
    write("runner/runs.csv", "date,distance_km\n2026-03-01,8.0\n")
    path = write("runner/diary.csv", TWO_WAYS)
    ds = kc.load_dataset(path.parent, errors="report")
    assert ds.runs["distance_km"].tolist() == [8.0]
    assert any("reads two ways" in str(r) for r in ds.problems["reason"])


def test_an_impossible_pace_typed_by_hand_is_rejected(write):
    text = "date,distance_km,duration_min\n2026-03-01,10,15\n2026-03-02,8,44\n"
    runs = kc.load_runs(write("runs.csv", text), errors="report")
    assert runs["distance_km"].tolist() == [8.0]
    (reason,) = runs.attrs["rejected"].problems["reason"]
    assert reason == "a pace between 2:00 and 30:00 min/km (distance and time together)"


def test_an_impossible_pace_in_an_export_loads_as_recorded_and_is_listed(write):
    rows = [
        {"Activity Type": "Running", "Date": "2026-03-01 07:00:00", "Distance": "10.00", "Time": "00:15:00"},
        {"Activity Type": "Running", "Date": "2026-03-02 07:00:00", "Distance": "8.00", "Time": "00:44:00"},
    ]
    runs = kc.load_runs(write("Activities.csv", rows_csv(header("garmin"), rows)))
    assert runs["distance_km"].tolist() == [10.0, 8.0]
    doubtful = runs.attrs["doubtful"]
    paces = doubtful[doubtful["line"] == 2]["reason"].tolist()
    assert paces == [
        "a pace between 2:00 and 30:00 min/km (distance and time together); this run's is 1:30 min/km: "
        "loaded as recorded"
    ]


def test_a_strength_log_with_a_distance_column_is_never_runs(write):
    found = kc.validate(write("gym.csv", "date,exercise,reps,weight,distance\n2026-03-02,Clamshell,20,0,0\n"))
    assert [t.format.name for t in found.tables] == ["routine_log"]
    assert (len(found.frames["routine"]), len(found.frames["runs"])) == (1, 0)


def test_a_strength_log_with_a_score_column_reads_two_ways(write):
    found = kc.validate(write("gym.csv", "date,exercise,reps,weight,pain\n2026-03-02,Clamshell,20,0,2\n"))
    (problem,) = found.unread
    assert "a routine log (date, drill, reps or seconds) and a pain log (date, pain 0–10)" in problem.expected
