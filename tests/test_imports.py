"""Real exports in: Strava (old and current layouts), Garmin Connect, TrainingPeaks, Google Forms check-ins.

The headers below are the exports' own, every column in order; the expected kilometres are worked out by hand.
"""

import csv
import io

import pandas as pd
import pytest

import kneecare_analysis as kc

from .conftest import ROOT

HEADERS = ROOT / "tests" / "data" / "export_headers"  # each export's header line, every column in order


def header(name: str) -> list[str]:
    return (HEADERS / f"{name}.csv").read_text(encoding="utf-8").rstrip("\n").split(",")


STRAVA_94, STRAVA_103 = header("strava_94"), header("strava_103")
GARMIN, TRAININGPEAKS = header("garmin"), header("trainingpeaks")


def rows_csv(header: list[str], rows: list[dict], *, quote_all: bool = False) -> str:
    """Rows given as {name: value} or {(name, occurrence): value}, laid out in the header's own order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        seen: dict[str, int] = {}
        cells = []
        for name in header:
            k = seen.get(name, 0)
            seen[name] = k + 1
            cells.append(row.get((name, k), row.get(name, "") if k == 0 else ""))
        writer.writerow(cells)
    return out.getvalue()


def test_strava_current_layout(write):
    assert len(STRAVA_94) == 94 and len(STRAVA_103) == 103  # the 80–103 columns of current exports
    rows = [
        {
            "Activity ID": "1",
            "Activity Date": "Oct 6, 2022, 11:19:20 PM",
            "Activity Type": "Run",
            "Activity Description": "felt the knee\non the hills, eased off",
            ("Distance", 0): "10.02",
            ("Distance", 1): "10020.5",
            ("Elapsed Time", 0): "3000",
            ("Elapsed Time", 1): "3000.0",
            "Moving Time": "2950.0",
        },
        {
            "Activity ID": "2",
            "Activity Date": "Oct 7, 2022, 7:00:00 AM",
            "Activity Type": "Ride",
            ("Distance", 0): "40.00",
            ("Distance", 1): "40000.0",
            ("Elapsed Time", 0): "5400",
        },
        {
            "Activity ID": "3",
            "Activity Date": "Oct 8, 2022, 6:05:00 AM",
            "Activity Type": "Trail Run",
            ("Distance", 0): "15.00",
            ("Distance", 1): "15000.0",
            ("Elapsed Time", 0): "6000",
            "Moving Time": "5800",
        },
        {
            "Activity ID": "4",
            "Activity Date": "Oct 10, 2022, 6:00:00 PM",
            "Activity Type": "Virtual Run",
            ("Distance", 0): "5.00",
            ("Distance", 1): "5000.0",
            ("Elapsed Time", 0): "1500",
            "Moving Time": "1500",
        },
    ]
    for header in (STRAVA_94, STRAVA_103):
        runs = kc.load_runs(write("activities.csv", rows_csv(header, rows)))
        assert [str(d.date()) for d in runs["date"]] == ["2022-10-06", "2022-10-08", "2022-10-10"]
        assert runs["distance_km"].tolist() == [10.0205, 15.0, 5.0]  # the second Distance, in metres
        assert runs["duration_s"].tolist() == [2950.0, 5800.0, 1500.0]  # moving time
        skipped = runs.attrs["skipped"]
        assert skipped["what"].tolist() == ["Ride"] and skipped["reason"].tolist() == ["not a run"]
        assert runs["line"].iloc[1] == 5  # line 3 holds the description's newline
    sydney = kc.load_runs(write("activities.csv", rows_csv(STRAVA_94, rows)), tz="Australia/Sydney")
    assert str(sydney["date"].iloc[0].date()) == "2022-10-07"  # 23:19 UTC is the next morning in Sydney


def test_strava_en_gb_dates(write):
    rows = [
        {
            "Activity ID": "1",
            "Activity Date": "24 Dec 2020, 08:13:59",
            "Activity Type": "Run",
            ("Distance", 1): "8000.0",
            "Moving Time": "2400",
        }
    ]
    runs = kc.load_runs(write("activities.csv", rows_csv(STRAVA_94, rows)))
    assert str(runs["date"].iloc[0].date()) == "2020-12-24" and runs["distance_km"].tolist() == [8.0]


def test_strava_old_layout(write):
    text = (
        "id,date,name,type,description,elapsed_time,distance,commute,gear,filename\n"
        '1988225457,2018-11-27 19:11:32,Evening Run,Run,"",1468,6075.0,false,shoes,activities/2125648250.fit.gz\n'
        '1992478096,2018-11-29 10:02:58,Morning Ride,Ride,"",1449,5869.0,true,1x1x8,activities/2130096306.fit.gz\n'
    )
    runs = kc.load_runs(write("activities.csv", text))
    assert runs["distance_km"].tolist() == [6.075] and runs["duration_s"].tolist() == [1468.0]
    assert str(runs["date"].iloc[0].date()) == "2018-11-27"


def test_garmin(write):
    rows = [
        {
            "Activity Type": "Running",
            "Date": "2025-02-06 17:06:03",
            "Favorite": "false",
            "Title": "Wellington Running",
            "Distance": "5.48",
            "Calories": "447",
            "Time": "00:31:24",
            "Avg HR": "153",
            "Steps": "4,808",
            "Moving Time": "00:31:08",
            "Elapsed Time": "00:32:57",
        },
        {
            "Activity Type": "Treadmill Running",
            "Date": "2025-02-08 06:30:00",
            "Favorite": "false",
            "Title": "Tread",
            "Distance": "10.10",
            "Calories": "1,020",
            "Time": "01:07:30.5",
            "Avg HR": "--",
            "Moving Time": "--",
        },
        {
            "Activity Type": "Pool Swim",
            "Date": "2025-02-09 07:00:00",
            "Title": "Swim",
            "Distance": "1,500",
            "Time": "00:40:00",
        },
        {
            "Activity Type": "Trail Running",
            "Date": "2025-02-10 07:00:00",
            "Title": "Hills",
            "Distance": "12.00",
            "Time": "01:20:00",
            "Moving Time": "01:15:00",
        },
    ]
    text = rows_csv(GARMIN, rows, quote_all=True)
    runs = kc.load_runs(write("Activities.csv", text))
    assert runs["distance_km"].tolist() == [5.48, 10.1, 12.0]
    assert runs["duration_s"].tolist() == [1868.0, 4050.5, 4500.0]  # moving time, else the activity time
    assert runs.attrs["skipped"]["what"].tolist() == ["Pool Swim"]
    miles = kc.load_runs(write("Activities.csv", text), units="mi")
    assert miles["distance_km"].tolist() == pytest.approx([5.48 * 1.609344, 10.1 * 1.609344, 12 * 1.609344])
    european = rows_csv(GARMIN, [dict(rows[0], Distance="5,81")], quote_all=True)
    assert kc.load_runs(write("Activities.csv", european))["distance_km"].tolist() == [5.81]


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
    s = kc.weekly_summary(ds.log, ds.pain, ds.runs)
    assert s["run_km"].tolist() == [18.0, 25.0, 20.0]
    assert s["run_count"].tolist() == [2, 1, 1]
    assert s["run_km_change"].tolist()[1:] == pytest.approx([25 / 18 - 1, 20 / 25 - 1])
    assert s["flag_load_spike"].tolist() == [False, True, False]  # +39 % ; the first week has none before it


FORM = (
    "Timestamp,Email Address,Your name,How much did your knee hurt today? (0-10),When was it worst?,Anything else?\n"
    "2022/06/22 11:07:29 AM AST,ana@example.org,Ana,4,After my run,\n"
    "2022/06/23 8:15:02 PM AST,ana@example.org,Ana,2,In the morning,stairs were fine\n"
    "2022/06/23 9:01:00 PM AST,ben@example.org,Ben,7,During the run,\n"
)


def test_google_forms_download(write):
    pain = kc.load_pain_log(write("checkins.csv", FORM))
    got = [(r.athlete, str(r.date.date()), r.pain, r.context) for r in pain.itertuples()]
    assert got == [
        ("Ana", "2022-06-22", 4.0, "after_run"),
        ("Ana", "2022-06-23", 2.0, "morning"),
        ("Ben", "2022-06-23", 7.0, "during_run"),
    ]
    assert pain["note"].tolist()[1] == "stairs were fine"


def test_google_forms_linked_sheet_and_email_as_athlete(write):
    sheet = (
        "Timestamp,Email address,Knee pain today,Notes\n"
        "8/31/2023 19:08:16,kai@example.org,3,\n9/1/2023 7:00:00,kai@example.org,2,\n"
    )
    pain = kc.load_checkins(write("responses.csv", sheet))
    assert [str(d.date()) for d in pain["date"]] == ["2023-08-31", "2023-09-01"]  # month-first: 31 shows it
    assert pain["athlete"].tolist() == ["kai@example.org"] * 2


def test_google_forms_ambiguity_names_the_candidates(write):
    two = "Timestamp,Name,Pain before the run (0-10),Pain after the run (0-10)\n2023/09/01 7:00:00,Kai,2,4\n"
    path = write("responses.csv", two)
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_pain_log(path)
    assert "'Pain before the run (0-10)' and 'Pain after the run (0-10)'" in str(exc.value)
    pain = kc.load_checkins(path, columns={"pain": "Pain after the run (0-10)"})
    assert pain["pain"].tolist() == [4.0]


def test_google_forms_bad_answers_name_the_question(write):
    bad = FORM + "2022/06/24 9:01:00 PM AST,ben@example.org,Ben,8,on the bus,\n"
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_pain_log(write("checkins.csv", bad))
    (problem,) = exc.value.problems
    assert (problem.line, problem.column, problem.value) == (5, "When was it worst?", "on the bus")


def test_unknown_running_file(write):
    with pytest.raises(kc.LogFormatError, match="cannot tell what this file holds") as exc:
        kc.load_runs(write("runs.csv", "when,how far\n2026-01-01,5\n"))
    assert "a Garmin Connect export" in str(exc.value) and "a running log (date, distance_km)" in str(exc.value)
    assert pd.isna(kc.load_runs(write("runs.csv", "date,distance_km\n2026-01-01,5\n"))["duration_s"].iloc[0])
