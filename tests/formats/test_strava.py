"""Strava's bulk export (activities.csv): the current layouts (94 and 103 columns) and the older one."""

import pandas as pd

import kneecare_analysis as kc

from ..exports import header, rows_csv

STRAVA_94, STRAVA_103 = header("strava_94"), header("strava_103")


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
    for columns in (STRAVA_94, STRAVA_103):
        runs = kc.load_runs(write("activities.csv", rows_csv(columns, rows)))
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


def test_perceived_exertion_is_kept_as_rpe(write):
    rows = [
        {
            "Activity ID": "1",
            "Activity Date": "Oct 6, 2022, 7:00:00 AM",
            "Activity Type": "Run",
            ("Distance", 1): "8000.0",
            "Moving Time": "2400",
            "Perceived Exertion": "6.0",
        },
        {
            "Activity ID": "2",
            "Activity Date": "Oct 7, 2022, 7:00:00 AM",
            "Activity Type": "Run",
            ("Distance", 1): "5000.0",
            "Moving Time": "1500",
        },
    ]
    runs = kc.load_runs(write("activities.csv", rows_csv(STRAVA_94, rows)))
    assert runs["rpe"].tolist()[0] == 6.0 and pd.isna(runs["rpe"].iloc[1])
    assert list(runs.columns) == ["athlete", "date", "distance_km", "duration_s", "rpe", "file", "line"]


def test_strava_resaved_by_pandas_reads_the_metres_column(write):
    """pandas renames the repeated headers ``Distance.1`` and ``Elapsed Time.1`` and writes booleans as
    ``False``: the metres are still read, never the rounded display column."""
    seen: dict[str, int] = {}
    renamed = []
    for name in STRAVA_94:
        k = seen.get(name, 0)
        seen[name] = k + 1
        renamed.append(f"{name}.{k}" if k else name)
    rows = [
        {
            "Activity ID": "7",
            "Activity Date": "Jul 25, 2020, 6:10:00 AM",
            "Activity Type": "Run",
            "Distance": "8.37",
            "Distance.1": "8374.2",
            "Elapsed Time": "2700",
            "Elapsed Time.1": "2700.0",
            "Moving Time": "2650.0",
            "Commute": "False",
        },
        {
            "Activity ID": "8",
            "Activity Date": "Jul 26, 2020, 6:10:00 AM",
            "Activity Type": "Run",
            "Distance": "0.62",
            "Distance.1": "621.0",
            "Elapsed Time": "300",
            "Moving Time": "300.0",
        },
    ]
    runs = kc.load_runs(write("activities.csv", rows_csv(renamed, rows)))
    assert runs["distance_km"].tolist() == [8.3742, 0.621]
    assert runs["duration_s"].tolist() == [2650.0, 300.0]
