"""Garmin Connect's Activities.csv in the shapes a spreadsheet leaves it: every row wrapped in one pair of
quotes, Excel's re-save (semicolons or commas, day-first dates, accents dropped, Garmin's type keys), a
language the kit has no words for; and the distance unit the file does not state."""

import csv
import io

import pytest

import kneecare_analysis as kc
from kneecare_analysis.errors import LogFormatError

from ..exports import header, rows_csv

FI = ["Suorituksen tyyppi", "Päiväys", "Suosikki", "Otsikko", "Matka", "Kalorit", "Aika", "Keskisyke"]


def _wrapped(text: str) -> str:
    """Each data row as one cell: the row in one pair of quotes, its own quotes doubled."""
    head, *rows = text.splitlines()
    return "\n".join([head] + ['"' + r.replace('"', '""') + '"' for r in rows]) + "\n"


def test_rows_wrapped_in_quotes(write):
    rows = [
        {
            "Activity Type": "Treadmill Running",
            "Date": "2026-05-03 18:10:00",
            "Favorite": "false",
            "Title": "Easy, indoors",
            "Distance": "4.10",
            "Calories": "1,210",
            "Time": "00:25:01",
        },
        {
            "Activity Type": "Walking",
            "Date": "2026-05-02 12:00:00",
            "Favorite": "false",
            "Title": "Walk",
            "Distance": "2.00",
            "Calories": "90",
            "Time": "00:24:00",
        },
    ]
    text = _wrapped(rows_csv(header("garmin"), rows, quote_all=True).replace('"Activity Type"', "Activity Type"))
    runs = kc.load_runs(write("Activities.csv", text))
    assert runs[["distance_km", "duration_s"]].values.tolist() == [[4.1, 1501.0]]
    assert runs.attrs["skipped"]["what"].tolist() == ["Walking"]


def _excel(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_finnish_excel_resave_with_type_keys(write, delimiter):
    rows = [
        FI,
        ["walking", "03/08/2024 09:05", "FALSE", "Kävely", "1.20", "80", "00:15:00", "98"],
        ["street_running", "02/08/2024 17:40", "FALSE", "Iltalenkki", "8.5", "1,011", "00:47:36", "151"],
        ["treadmill_running", "14/07/2024 06:30", "FALSE", "Mattolla", "5", "402", "00:30:00", "--"],
        ["road_biking", "13/07/2024 10:00", "FALSE", "Pyöräily", "40", "2,505", "01:40:00", "--"],
    ]
    runs = kc.load_runs(write("Activities.csv", _excel(rows, delimiter)))
    assert runs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-07-14", "2024-08-02"]
    assert runs["distance_km"].tolist() == [5.0, 8.5]
    assert sorted(runs.attrs["skipped"]["what"]) == ["road_biking", "walking"]


def test_accents_dropped_by_excel(write):
    text = _excel(
        [[h.replace("ä", "a") for h in FI], ["running", "16/06/2024 08:00", "FALSE", "x", "10", "", "00:55:00", ""]],
        ",",
    )
    runs = kc.load_runs(write("Activities.csv", text.encode("cp1252")))
    assert runs["distance_km"].tolist() == [10.0]


def test_unknown_language_with_type_keys_by_layout(write):
    # headers of a language the kit has no words for; Garmin's own type keys in the first column
    rows = [
        ["Tipus", "Nap", "Kedvenc", "Cim", "Tav", "Kaloria", "Ido"],
        ["trail_running", "2024-09-01 07:00:00", "false", "Hegy", "11.0", "900", "01:20:00"],
        ["lap_swimming", "2024-09-02 07:00:00", "false", "Uszas", "1,500", "300", "00:40:00"],
    ]
    runs = kc.load_runs(write("Activities.csv", _excel(rows, ",")))
    assert runs[["distance_km", "duration_s"]].values.tolist() == [[11.0, 4800.0]]
    assert runs.attrs["skipped"]["what"].tolist() == ["lap_swimming"]


def test_unknown_language_asks_which_types_are_runs(write):
    rows = [
        ["Tipus", "Nap", "Kedvenc", "Cim", "Tav", "Kaloria", "Ido"],
        ["Futás", "2024-09-01 07:00:00", "false", "Hegy", "11.0", "900", "01:20:00"],
        ["Úszás", "2024-09-02 07:00:00", "false", "Medence", "1,500", "300", "00:40:00"],
        ["Futás", "2024-09-03 07:00:00", "false", "Kor", "6.5", "500", "00:39:00"],
    ]
    path = write("Activities.csv", _excel(rows, ","))
    with pytest.raises(LogFormatError) as err:
        kc.load_runs(path)
    message = str(err.value)
    assert "Its activity types: 'Futás', 'Úszás'." in message and "run_types=['Futás', …]" in message
    runs = kc.load_runs(path, run_types=["futas"])  # as the file writes it, or with its accents dropped
    assert runs[["distance_km", "duration_s"]].values.tolist() == [[11.0, 4800.0], [6.5, 2340.0]]
    assert runs.attrs["skipped"]["what"].tolist() == ["Úszás"]


def test_run_types_overrule_the_words(write):
    rows = [
        {"Activity Type": "Running", "Date": "2026-05-03 18:10:00", "Distance": "5", "Time": "00:30:00"},
        {"Activity Type": "Hiking", "Date": "2026-05-04 08:00:00", "Distance": "12", "Time": "03:00:00"},
    ]
    runs = kc.load_runs(write("Activities.csv", rows_csv(header("garmin"), rows)), run_types=["Hiking"])
    assert runs["distance_km"].tolist() == [12.0]


def test_assumed_unit_is_said(write):
    rows = [{"Activity Type": "Running", "Date": "2026-05-03 18:10:00", "Distance": "3.01", "Time": "00:27:00"}]
    path = write("Activities.csv", rows_csv(header("garmin"), rows))
    runs = kc.load_runs(path)
    assumed = runs.attrs["assumed"]
    assert assumed[["line", "column", "value"]].values.tolist() == [[1, "Distance", "km"]]
    assert "units='mi'" in assumed["reason"].iloc[0]
    assert "units='mi'" in " ".join(kc.validate(path).doubtful["reason"])
    assert not len(kc.load_runs(path, units="mi").attrs["assumed"])  # said by the caller, and plausible


def test_paces_plausible_only_in_the_other_unit_are_flagged(write):
    # a kilometre account loaded as miles: 3:00 min/km runs become 1:52 min/km, faster than any runner
    rows = [
        {"Activity Type": "Running", "Date": f"2026-05-0{d} 18:10:00", "Distance": "10.00", "Time": "00:30:00"}
        for d in range(1, 5)
    ]
    runs = kc.load_runs(write("Activities.csv", rows_csv(header("garmin"), rows)), units="mi")
    (reason,) = runs.attrs["assumed"]["reason"]
    assert reason.startswith("the paces are plausible only in km: 4 of 4 runs") and "units='km'" in reason
    assert len(runs) == 4  # recorded runs load as recorded; the note says what to change


EXCEL_EN = ["Activity Type", "Date", "Favorite", "Title", "Distance", "Calories", "Time", "Avg HR"]


@pytest.mark.parametrize(
    ("delimiter", "dates", "distances"),
    [
        (",", ["7/22/19 1:14 PM", "7/23/19 6:02 AM"], ["5.00", "6.50"]),  # month-first, 2-digit years
        (";", ["22.07.2019 13:14", "23.07.2019 06:02"], ["5,00", "6,50"]),  # day-first, decimal commas
        (";", ["22/07/2019 13:14", "23/07/2019 06:02"], ["5", "6,5"]),
    ],
)
def test_excel_resaves_of_an_english_export(write, delimiter, dates, distances):
    rows = [EXCEL_EN] + [
        ["Running", d, "FALSE", "Run", km, "300", "00:30:00", "140"] for d, km in zip(dates, distances, strict=True)
    ]
    runs = kc.load_runs(write("Activities.csv", _excel(rows, delimiter)))
    assert runs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2019-07-22", "2019-07-23"]
    assert runs["distance_km"].tolist() == [5.0, 6.5]


def test_excel_dates_whose_order_the_file_does_not_show_ask(write):
    rows = [EXCEL_EN, ["Running", "03/04/2019 07:00", "FALSE", "Run", "5", "300", "00:30:00", "140"]]
    path = write("Activities.csv", _excel(rows, ","))
    with pytest.raises(LogFormatError, match="dayfirst"):
        kc.load_runs(path)
    assert kc.load_runs(path, dayfirst=True)["date"].dt.strftime("%Y-%m-%d").tolist() == ["2019-04-03"]
