"""A folder's kneecare.toml says once what its files cannot: units, time zone, date order, the runner's name, the
activity types that are runs. What the caller passes wins; what neither says is named as assumed."""

from __future__ import annotations

import pytest

import kneecare_analysis as kc
from kneecare_analysis.loaders.settings import SETTINGS_FILE, read_settings

from .exports import header, rows_csv

GARMIN_MILES = [{"Activity Type": "Running", "Date": "2025-02-06 17:06:03", "Distance": "3.10", "Time": "00:28:00"}]


def test_a_garmin_account_in_miles_said_once_for_the_folder(tmp_path):
    (tmp_path / "Activities.csv").write_text(rows_csv(header("garmin"), GARMIN_MILES))
    plain = kc.load_runs(tmp_path)
    assert plain["distance_km"].tolist() == [3.1]  # km assumed, and said
    (reason,) = plain.attrs["assumed"]["reason"]
    assert 'put units = "mi" in the folder\'s kneecare.toml' in reason and plain.attrs["settings"] is None
    (tmp_path / SETTINGS_FILE).write_text('units = "mi"\n')
    runs = kc.load_runs(tmp_path)
    assert runs["distance_km"].tolist() == pytest.approx([3.1 * 1.609344])
    assert len(runs.attrs["assumed"]) == 0 and runs.attrs["settings"] == str(tmp_path / SETTINGS_FILE)
    assert kc.load_runs(tmp_path / "Activities.csv")["distance_km"].tolist() == pytest.approx([3.1 * 1.609344])
    assert kc.load_runs(tmp_path, units="km")["distance_km"].tolist() == [3.1]  # the caller wins
    ds = kc.load_dataset(tmp_path)
    assert ds.runs["distance_km"].tolist() == pytest.approx([3.1 * 1.609344])


def test_date_order_and_the_runners_name(tmp_path):
    (tmp_path / "routine_log.csv").write_text("date,drill,side,reps\n03/04/2026,clams,both,20\n")
    with pytest.raises(kc.LogFormatError, match="dayfirst"):
        kc.load_routine_log(tmp_path)  # 03/04 could be either
    (tmp_path / SETTINGS_FILE).write_text('dayfirst = true\nathlete = "Ana"\n')
    log = kc.load_routine_log(tmp_path)
    assert [str(d.date()) for d in log["date"]] == ["2026-04-03"] and log["athlete"].tolist() == ["Ana"]
    assert kc.load_routine_log(tmp_path, dayfirst=False)["date"].dt.month.tolist() == [3]
    assert kc.load_routine_log(tmp_path, default_athlete="Bo")["athlete"].tolist() == ["Bo"]


def test_run_types_in_a_language_the_kit_does_not_know(tmp_path):
    (tmp_path / "Activities.csv").write_text(
        "Tür,Dátum,Kedvenc,Cím,Táv,Kalória,Idő,Átl. pulzus\n"
        "Futás,2025-05-01 07:00:00,false,Reggel,5.00,300,00:30:00,150\n"
        "Kerékpározás,2025-05-02 07:00:00,false,Bringa,20.00,500,01:00:00,130\n"
    )
    (tmp_path / SETTINGS_FILE).write_text('run_types = ["Futás"]\n')
    runs = kc.load_runs(tmp_path)
    assert runs["distance_km"].tolist() == [5.0] and len(runs.attrs["skipped"]) == 1


@pytest.mark.parametrize(
    "text, line, key, expected",
    [
        ('units = "miles"\n', 1, "units", "'km' or 'mi'"),
        ('athlete = "Ana"\ntime_zone = "Mars/Base"\n', 2, "time_zone", "a time zone name"),
        ("dayfirst = 1\n", 1, "dayfirst", "true (03/04/2026 is 3 April)"),
        ("colour = 'blue'\n", 1, "colour", "one of the keys units, time_zone"),
    ],
)
def test_a_wrong_setting_names_its_line_and_what_was_expected(tmp_path, text, line, key, expected):
    (tmp_path / SETTINGS_FILE).write_text(text)
    with pytest.raises(kc.LogFormatError) as exc:
        read_settings(tmp_path)
    (problem,) = exc.value.problems
    assert (problem.file, problem.line, problem.column) == (str(tmp_path / SETTINGS_FILE), line, key)
    assert problem.expected.startswith(expected)


def test_the_screens_say_what_was_assumed_and_how_to_change_it(tmp_path):
    from kneecare_analysis.render import assumptions, text_of

    (tmp_path / "Activities.csv").write_text(rows_csv(header("garmin"), GARMIN_MILES))
    ds = kc.load_dataset(tmp_path)
    shown = text_of(assumptions([ds.log, ds.pain, ds.runs]))
    assert shown.startswith(f"Assumed where a file does not say: {tmp_path / 'Activities.csv'}: the file does not")
    assert "kneecare.toml" in shown
    (tmp_path / SETTINGS_FILE).write_text('units = "km"\n')  # said once: nothing assumed, nothing shown
    ds = kc.load_dataset(tmp_path)
    assert assumptions([ds.log, ds.pain, ds.runs]) == ""
