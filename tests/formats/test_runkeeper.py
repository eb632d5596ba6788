"""Runkeeper's cardioActivities.csv as a format of its own: with and without Activity Id, in km and in miles;
other activities set aside by their type; never taken for a Garmin export."""

import pytest

import kneecare_analysis as kc

from ..exports import rows_csv

HEADER = [
    "Activity Id",
    "Date",
    "Type",
    "Route Name",
    "Distance (km)",
    "Duration",
    "Average Pace",
    "Average Speed (km/h)",
    "Calories Burned",
    "Climb (m)",
    "Average Heart Rate (bpm)",
    "Friend's Tagged",
    "Notes",
    "GPX File",
]
ROWS = [
    {
        "Activity Id": "0f3c9a1e-1111-4c2b-9a55-7d0e2f6b8a01",
        "Date": "2025-04-06 07:15:02",
        "Type": "Running",
        "Distance (km)": "5.20",
        "Duration": "28:36",
        "Average Pace": "5:30",
        "GPX File": "2025-04-06-071502.gpx",
    },
    {
        "Activity Id": "5b7d2c44-2222-4f1e-8c31-1a2b3c4d5e6f",
        "Date": "2025-04-04 18:02:40",
        "Type": "Cycling",
        "Distance (km)": "21.00",
        "Duration": "52:10",
        "Average Pace": "2:29",
    },
    {
        "Activity Id": "9e8d7c6b-3333-4a5b-b6c7-d8e9f0a1b2c3",
        "Date": "2025-04-02 06:50:00",
        "Type": "Running",
        "Distance (km)": "12.40",
        "Duration": "1:08:12",
        "Average Pace": "5:30",
        "Notes": "long one",
    },
]


def test_runkeeper_with_activity_id(write):
    runs = kc.load_runs(write("cardioActivities.csv", rows_csv(HEADER, ROWS)))
    assert runs.attrs["format"] == "runkeeper"
    assert runs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-04-02", "2025-04-06"]
    assert runs["distance_km"].tolist() == [12.4, 5.2]
    assert runs["duration_s"].tolist() == [4092.0, 1716.0]  # 1:08:12 and 28:36
    skipped = runs.attrs["skipped"]
    assert skipped[["line", "what", "reason"]].values.tolist() == [[3, "Cycling", "not a run"]]
    assert not len(runs.attrs["assumed"])  # the header says km


def test_runkeeper_without_activity_id_in_miles(write):
    header = [h.replace("(km)", "(mi)").replace("km/h", "mph").replace("(m)", "(ft)") for h in HEADER[1:]]
    rows = [{k.replace("(km)", "(mi)"): v for k, v in row.items() if k != "Activity Id"} for row in ROWS]
    runs = kc.load_runs(write("cardioActivities.csv", rows_csv(header, rows)))
    assert runs.attrs["format"] == "runkeeper"
    assert runs["distance_km"].round(3).tolist() == [round(12.4 * 1.609344, 3), round(5.2 * 1.609344, 3)]


@pytest.mark.parametrize("with_id", [True, False])
def test_runkeeper_is_never_garmin(write, with_id):
    header = HEADER if with_id else HEADER[1:]
    found = kc.validate(write("cardioActivities.csv", rows_csv(header, ROWS)))
    assert [t.format.name for t in found.tables] == ["runkeeper"]
