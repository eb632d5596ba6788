"""Runs straight from the watch and the phone: FIT (run, ride, treadmill, multisport, .fit.gz), TCX (Strava's
leading spaces, a treadmill), GPX, Apple Health (iOS 15 and iOS 17 workouts, a malformed DOCTYPE, export.zip),
a Strava bulk-export folder and zip, a Garmin account zip, a watch's GARMIN/Activity folder; one run counted
once. Every file is made here (``fit_writer`` writes FIT bytes from the protocol's description); expected
values are written out by hand."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import warnings
import zipfile

import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.loaders.read import fit
from kneecare_analysis.loaders.read.summary_cache import CACHE_NAME

from . import fit_writer as w

UTC = dt.timezone.utc


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def run_fit(start="2026-03-01T23:30:00", **kw) -> bytes:
    return w.run_file(at(start), **kw)


def multisport() -> bytes:
    start = at("2026-03-08T08:00:00")
    body = w.file_id(start)
    body += w.session(start, sport=1, sub_sport=0, timer=1200, elapsed=1210, metres=4000)
    body += w.session(start + dt.timedelta(minutes=21), sport=3, sub_sport=0, timer=60, elapsed=60, metres=0)
    body += w.session(start + dt.timedelta(minutes=22), sport=2, sub_sport=0, timer=3600, elapsed=3600, metres=30000)
    body += w.session(start + dt.timedelta(minutes=83), sport=1, sub_sport=0, timer=1500, elapsed=1500, metres=5000)
    body += w.activity(start + dt.timedelta(minutes=110), 3600, big=True)
    return w.fit_file(body)


TCX = """  \n  <?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities><Activity Sport="Running"><Id>2026-03-03T17:00:00Z</Id>
  <Lap StartTime="2026-03-03T17:00:00Z"><TotalTimeSeconds>1500</TotalTimeSeconds><DistanceMeters>5000</DistanceMeters>
   <Track><Trackpoint><Time>2026-03-03T17:00:00Z</Time></Trackpoint><Trackpoint><Time>2026-03-03T17:10:00Z</Time></Trackpoint></Track></Lap>
  <Lap StartTime="2026-03-03T17:25:00Z"><TotalTimeSeconds>300</TotalTimeSeconds><DistanceMeters>1000</DistanceMeters>
   <Track><Trackpoint><Time>2026-03-03T17:32:00Z</Time></Trackpoint></Track></Lap>
 </Activity></Activities></TrainingCenterDatabase>"""

TREADMILL_TCX = """<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities><Activity Sport="Running"><Id>2026-03-04T06:00:00Z</Id>
  <Lap StartTime="2026-03-04T06:00:00Z"><TotalTimeSeconds>2400</TotalTimeSeconds><DistanceMeters>7000</DistanceMeters>
  </Lap></Activity></Activities></TrainingCenterDatabase>"""


def gpx(start: str, n: int = 11, kind: str = "running") -> str:
    """A track due north, 0.001° (111.2 m) every 30 s: 1.112 km in 5 minutes for 11 points."""
    t0 = at(start)
    points = "".join(
        f'<trkpt lat="{59 + 0.001 * i:.3f}" lon="10.0"><time>'
        f"{(t0 + dt.timedelta(seconds=30 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><type>{kind}</type><trkseg>{points}</trkseg></trk></gpx>"
    )


RUNNING = 'workoutActivityType="HKWorkoutActivityTypeRunning"'
HEALTH = "\n".join(
    [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!DOCTYPE HealthData [",
        "<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>",
        "<!ATTLIST Workout workoutActivityType CDATA #REQUIRED",  # not closed: the malformed DOCTYPE
        "<!ATTLIST Record type CDATA #REQUIRED>",
        "]>",
        '<HealthData locale="en_GB">',
        ' <ExportDate value="2026-03-20 10:00:00 +0100"/>',
        ' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" value="120" '
        'startDate="2026-03-05 07:00:00 +0100" endDate="2026-03-05 07:01:00 +0100"/>',
        f' <Workout {RUNNING} duration="30" durationUnit="min" totalDistance="5.2" totalDistanceUnit="km" '
        'sourceName="Apple Watch" startDate="2021-06-05 23:40:00 +0200" endDate="2021-06-06 00:12:00 +0200">',
        '  <MetadataEntry key="HKIndoorWorkout" value="0"/>',
        " </Workout>",
        f' <Workout {RUNNING} duration="40" durationUnit="min" sourceName="Apple Watch" '
        'startDate="2026-03-05 07:00:00 +0100" endDate="2026-03-05 07:45:00 +0100">',
        '  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" sum="400" unit="Cal"/>',
        '  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" '
        'startDate="2026-03-05 07:00:00 +0100" endDate="2026-03-05 07:45:00 +0100" sum="5" unit="mi"/>',
        " </Workout>",
        ' <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="60" durationUnit="min" '
        'sourceName="Apple Watch" startDate="2026-03-06 07:00:00 +0100" endDate="2026-03-06 08:00:00 +0100"/>',
        "</HealthData>",
        "",
    ]
)


def load(src, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return kc.load_runs(src, errors="report", **kw)


def test_fit_run_gives_local_day_timer_distance_and_rpe_over_ten(tmp_path):
    (tmp_path / "a.fit").write_bytes(run_fit(rpe=70, feel=50))  # 23:30 UTC + 1 h → 2 March locally
    runs = load(tmp_path / "a.fit")
    assert runs[["date", "distance_km", "duration_s", "rpe", "line"]].values.tolist() == [
        [pd.Timestamp("2026-03-02"), 5.0, 1800.0, 7.0, 1]
    ]


def test_ride_is_set_aside_and_treadmill_is_a_run(tmp_path):
    (tmp_path / "ride.fit").write_bytes(run_fit(sport=2, metres=30000, timer=3600, elapsed=3700))
    (tmp_path / "mill.fit").write_bytes(run_fit("2026-03-05T06:00:00", sub_sport=1, metres=6000, timer=2100))
    runs = load(tmp_path)
    assert runs[["date", "distance_km"]].values.tolist() == [[pd.Timestamp("2026-03-05"), 6.0]]
    skipped = runs.attrs["skipped"]
    assert skipped[["line", "what", "reason"]].values.tolist() == [[1, "cycling (generic)", "not a run"]]
    assert skipped["file"].iloc[0].endswith("ride.fit")


def test_multisport_gives_its_running_legs(tmp_path):
    (tmp_path / "tri.fit").write_bytes(multisport())
    runs = load(tmp_path / "tri.fit")
    assert runs[["distance_km", "duration_s", "line"]].values.tolist() == [[4.0, 1200.0, 1], [5.0, 1500.0, 4]]
    assert sorted(runs.attrs["skipped"]["line"]) == [2, 3]


def test_fit_gz_is_read_by_content(tmp_path):
    (tmp_path / "123.fit.gz").write_bytes(gzip.compress(run_fit(metres=8000, timer=2880)))
    runs = load(tmp_path / "123.fit.gz")
    assert runs[["distance_km", "duration_s"]].values.tolist() == [[8.0, 2880.0]]


@pytest.mark.parametrize("make", [run_fit, multisport, lambda: run_fit(sub_sport=1, rpe=40, points=300)])
def test_fast_decoder_agrees_with_the_full_decode(make):
    import fitdecode

    data = make()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with fitdecode.FitReader(io.BytesIO(data)) as reader:  # the writer's CRCs are checked here
            assert sum(isinstance(f, fitdecode.FitDataMessage) for f in reader) > 0
        full = fit.full_summaries(data)
    fast = fit.summaries(data)
    for s in fast["sessions"]:
        s.pop("timestamp", None)
    assert fast == full


def test_tcx_with_leading_spaces_and_a_treadmill_tcx(tmp_path):
    (tmp_path / "strava.tcx").write_text(TCX)
    (tmp_path / "mill.tcx").write_text(TREADMILL_TCX)
    runs = load(tmp_path)
    assert runs[["date", "distance_km", "duration_s"]].values.tolist() == [
        [pd.Timestamp("2026-03-03"), 6.0, 1800.0],
        [pd.Timestamp("2026-03-04"), 7.0, 2400.0],
    ]


def test_gpx_distance_moving_time_and_the_assumed_day(tmp_path):
    (tmp_path / "late.gpx").write_text(gpx("2026-03-06T23:30:00"))
    runs = load(tmp_path)
    assert runs["distance_km"].round(2).tolist() == [1.11] and runs["duration_s"].tolist() == [300.0]
    assert runs["date"].tolist() == [pd.Timestamp("2026-03-06")]  # the UTC day: no zone set
    doubt = runs.attrs["doubtful"]
    assert doubt["reason"].tolist() == ["the local day is assumed: UTC (the file holds no local time)"]
    (tmp_path / "kneecare.toml").write_text('time_zone = "Europe/Oslo"\n')
    assert load(tmp_path)["date"].tolist() == [pd.Timestamp("2026-03-07")]
    assert load(tmp_path / "late.gpx", tz="America/New_York")["date"].tolist() == [pd.Timestamp("2026-03-06")]


def test_apple_health_ios15_ios17_and_a_malformed_doctype(tmp_path):
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as z:
        z.writestr("apple_health_export/export.xml", HEALTH)
    runs = load(tmp_path / "export.zip")
    assert runs[["date", "distance_km", "duration_s"]].values.tolist() == [
        [pd.Timestamp("2021-06-05"), 5.2, 1800.0],  # iOS 15 attributes; the start's own offset gives the day
        [pd.Timestamp("2026-03-05"), 8.04672, 2400.0],  # iOS 17 statistics, in miles
    ]
    assert runs["line"].tolist() == [10, 13]  # the Workout elements' lines in export.xml
    assert runs.attrs["skipped"][["line", "what"]].values.tolist() == [[17, "cycling"]]


def strava_folder(root):
    (root / "activities").mkdir(parents=True)
    (root / "activities.csv").write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Perceived Exertion,Filename\n"
        '1,"Mar 1, 2026, 11:30:00 PM",Late run,Run,1900,5.00,6,activities/1.fit.gz\n'
        '2,"Mar 3, 2026, 5:00:00 PM",Evening,Run,1820,6.00,,activities/2.tcx.gz\n'
        '3,"Mar 4, 2026, 5:00:00 PM",Spin,Ride,3600,30.0,,\n'
    )
    (root / "profile.csv").write_text("Name,Weight\nme,60\n")
    (root / "activities" / "1.fit.gz").write_bytes(gzip.compress(run_fit()))
    (root / "activities" / "2.tcx.gz").write_bytes(gzip.compress(TCX.encode()))


def test_strava_folder_counts_each_run_once(tmp_path):
    strava_folder(tmp_path)
    runs = load(tmp_path)
    assert runs[["date", "distance_km"]].values.tolist() == [
        [pd.Timestamp("2026-03-02"), 5.0],  # the FIT file's local day and distance (Strava's start is 1 March UTC)
        [pd.Timestamp("2026-03-03"), 6.0],
    ]
    assert runs["rpe"].iloc[0] == 6.0 and pd.isna(runs["rpe"].iloc[1])  # Strava's RPE fills the FIT file's gap
    assert all(f.endswith(("1.fit.gz", "2.tcx.gz")) for f in runs["file"].astype(str))
    dup = runs.attrs["skipped"]
    dup = dup[dup["what"] == "a run"]
    assert dup["line"].tolist() == [2, 3]
    assert "1.fit.gz line 1" in dup["reason"].iloc[0]
    assert not runs.attrs["unread"]  # profile.csv, another Strava feature, is not read


def test_a_log_of_ones_own_beside_a_strava_export_is_still_read(tmp_path):
    strava_folder(tmp_path)
    (tmp_path / "my_runs.csv").write_text("date,distance_km\n2026-03-20,4.0\n")
    runs = load(tmp_path)
    assert runs["distance_km"].tolist() == [5.0, 6.0, 4.0] and not runs.attrs["unread"]


def test_strava_zip_and_garmin_account_zip(tmp_path):
    folder = tmp_path / "export"
    strava_folder(folder)
    with zipfile.ZipFile(tmp_path / "strava.zip", "w") as z:
        for p in folder.rglob("*"):
            if p.is_file():
                z.write(p, p.relative_to(folder).as_posix())
    assert load(tmp_path / "strava.zip")["distance_km"].tolist() == [5.0, 6.0]
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("1.fit", run_fit())
        z.writestr("2.fit", run_fit("2026-03-09T07:00:00", metres=10000, timer=3300))
    with zipfile.ZipFile(tmp_path / "garmin.zip", "w") as z:
        z.writestr("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", inner.getvalue())
        z.writestr("DI_CONNECT/DI-Connect-User/user_profile.json", "{}")
    runs = load(tmp_path / "garmin.zip")
    assert runs[["date", "distance_km"]].values.tolist() == [
        [pd.Timestamp("2026-03-02"), 5.0],
        [pd.Timestamp("2026-03-09"), 10.0],
    ]
    assert runs["file"].astype(str).iloc[1].endswith("UploadedFiles_0-_Part1.zip/2.fit")


def test_watch_folder_two_runs_on_one_day_stay_two_and_a_second_read_uses_the_cache(tmp_path, monkeypatch):
    activity = tmp_path / "GARMIN" / "Activity"
    activity.mkdir(parents=True)
    (activity / "am.fit").write_bytes(run_fit("2026-03-10T06:00:00", metres=5000))
    (activity / "pm.fit").write_bytes(run_fit("2026-03-10T17:00:00", metres=5000))
    (tmp_path / "GARMIN" / "Monitor").mkdir()
    (tmp_path / "GARMIN" / "Monitor" / "m.fit").write_bytes(b"not read")
    runs = load(tmp_path)
    assert runs["distance_km"].tolist() == [5.0, 5.0] and runs["athlete"].astype(str).tolist() == ["me", "me"]
    assert (tmp_path / CACHE_NAME).exists()
    garmin = load(tmp_path / "GARMIN")  # the watch's own folder given: Monitor/ is no athlete
    assert garmin["athlete"].astype(str).tolist() == ["me", "me"] and not len(garmin.attrs["skipped"])
    with monkeypatch.context() as m:  # the second read decodes nothing: the cache holds both files
        m.setattr(fit, "rows_of", lambda *_args, **_kwargs: pytest.fail("decoded again"))
        again = load(tmp_path)
    pd.testing.assert_frame_equal(runs, again)
    (activity / "pm.fit").write_bytes(run_fit("2026-03-10T17:00:00", metres=6000))  # a changed file is read again
    assert load(tmp_path)["distance_km"].tolist() == [5.0, 6.0]


def test_a_typed_log_and_a_watch_file_of_the_same_run_count_once(tmp_path):
    (tmp_path / "runs.csv").write_text("date,distance_km,duration\n2026-03-10,5.1,30:00\n")
    (tmp_path / "am.fit").write_bytes(run_fit("2026-03-10T06:00:00", metres=5000))
    (tmp_path / "pm.fit").write_bytes(run_fit("2026-03-10T17:00:00", metres=8000, timer=2880))
    runs = load(tmp_path)
    assert runs[["distance_km", "line"]].values.tolist() == [[5.0, 1], [8.0, 1]]
    assert [f.rsplit("/", 1)[-1] for f in runs["file"].astype(str)] == ["am.fit", "pm.fit"]
    (dup,) = runs.attrs["skipped"].itertuples()
    assert dup.file.endswith("runs.csv") and dup.line == 2 and "am.fit line 1" in dup.reason


def test_apple_health_vertical_tab_and_a_broken_workout(tmp_path):
    tab = HEALTH.replace('sourceName="Apple Watch" startDate="2021', 'sourceName="Anna\x0bs Watch" startDate="2021')
    broken = f' <Workout {RUNNING} duration="20" durationUnit="min" startDate="2026-03-08 07:00:00 +0100" x/>\n'
    (tmp_path / "export.xml").write_text(tab.replace("</HealthData>", broken + "</HealthData>"), encoding="utf-8")
    runs = load(tmp_path / "export.xml")
    assert runs["line"].tolist() == [10, 13]  # the vertical tab (iOS 16) is no obstacle
    (aside,) = runs.attrs["skipped"].query("line == 18").itertuples()
    assert aside.what.startswith("a workout that is not well-formed xml")


def test_apple_health_read_in_small_chunks_gives_the_same_workouts(tmp_path, monkeypatch):
    from kneecare_analysis.loaders.read import apple_health

    (tmp_path / "export.xml").write_text(HEALTH, encoding="utf-8")
    whole = load(tmp_path / "export.xml")
    monkeypatch.setattr(apple_health, "CHUNK", 7)  # every element split across reads
    pd.testing.assert_frame_equal(load(tmp_path / "export.xml"), whole)
    assert whole["line"].tolist() == [10, 13]


def test_two_tracks_of_one_gpx_minutes_apart_stay_two(tmp_path):
    first, second = gpx("2026-03-06T07:00:00"), gpx("2026-03-06T07:06:00")
    track = second[second.index("<trk>") : second.index("</gpx>")]
    (tmp_path / "log.gpx").write_text(first.replace("</gpx>", track + "</gpx>"))
    runs = load(tmp_path)
    assert runs["line"].tolist() == [1, 2] and not len(runs.attrs["skipped"])


def test_gpx_without_type_is_read_as_a_run_and_a_route_without_times_is_not(tmp_path):
    (tmp_path / "a.gpx").write_text(gpx("2026-03-06T07:00:00", kind=""))
    (tmp_path / "b.gpx").write_text(
        gpx("2026-03-07T07:00:00").replace("<time>", "<name>").replace("</time>", "</name>")
    )
    runs = load(tmp_path)
    assert runs["date"].tolist() == [pd.Timestamp("2026-03-06")]
    assert "the file names no activity type: read as a run" in runs.attrs["doubtful"]["reason"].tolist()
    assert runs.attrs["skipped"]["what"].tolist() == ["a track without times (a route, not a recording)"]


def test_apple_health_holding_a_strava_run_is_counted_once(tmp_path):
    (tmp_path / "run.fit").write_bytes(run_fit("2026-03-05T06:01:00", metres=8000, timer=2390))
    strava = (
        f' <Workout {RUNNING} duration="39.5" durationUnit="min" totalDistance="8.1" totalDistanceUnit="km" '
        'sourceName="Strava" startDate="2026-03-05 07:00:30 +0100" endDate="2026-03-05 07:44:00 +0100"/>\n'
    )
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as z:
        z.writestr("apple_health_export/export.xml", HEALTH.replace("</HealthData>", strava + "</HealthData>"))
        z.writestr("apple_health_export/workout-routes/route_2026-03-05_7.00am.gpx", gpx("2026-03-05T06:00:00"))
        z.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    runs = load(tmp_path)
    assert runs["distance_km"].tolist() == [5.2, 8.0]  # the FIT file wins over Apple Health's two copies
    dups = runs.attrs["skipped"].query("what == 'a run'")
    assert dups["line"].tolist() == [13, 18] and all("run.fit line 1" in r for r in dups["reason"])
    assert not runs.attrs["unread"] and not len(runs.attrs["rejected"])  # the routes and clinical file: not read
