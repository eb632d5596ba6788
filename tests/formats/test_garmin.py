"""Garmin Connect's Activities.csv in the languages it exports in: headers and activity types of each language,
the layouts with and without Favorite, "--" for not recorded, Moving Time else Time, decimal commas."""

import pytest

import kneecare_analysis as kc

from ..exports import header, rows_csv

# language: (header file, [activity type, date, distance, time, moving time] column names, run types, other types)
LANGUAGES = {
    "de": (
        "garmin_de",
        ["Aktivitätstyp", "Datum", "Distanz", "Zeit", "Zeit in Bewegung"],
        ["Laufen", "Laufbandtraining", "Laufen auf der Bahn", "Trailrunning"],
        ["Radfahren", "Skilanglauf"],
    ),
    "pt": (
        "garmin_pt",
        ["Tipo de atividade", "Data", "Distância", "Tempo", "Tempo em movimento"],
        ["Corrida", "Corrida em esteira", "Corrida em trilhas"],
        ["Natação em piscina", "Ciclismo"],
    ),
    "es": (
        "garmin_es",
        ["Tipo de actividad", "Fecha", "Distancia", "Tiempo", "Tiempo en movimiento"],
        ["Carrera", "Entrenamiento en cinta", "Carrera en pista"],
        ["Ciclismo", "Natación en piscina"],
    ),
    "da": (
        "garmin_da",
        ["Aktivitetstype", "Dato", "Distance", "Tid", "Tid i bevægelse"],
        ["Løb", "Løb terræn", "Løbebånd"],
        ["Styrketræning", "Svøm i pool"],
    ),
    "sv": (
        "garmin_sv",
        ["Aktivitetstyp", "Datum", "Distans", "Tid", "Färdtid"],
        ["Löpning", "Löpband", "Terränglöpning"],
        ["Styrketräning", "Längdskidåkning fristil"],
    ),
    "pl": (
        "garmin_pl",
        ["Typ aktywności", "Data", "Dystans", "Czas", "Czas ruchu"],
        ["Bieganie", "Bieżnia"],
        ["Jazda na rowerze", "Narciarstwo biegowe"],
    ),
    "no": (
        "garmin_no",
        ["Aktivitetstype", "Dato", "Distanse", "Tid", "Tid i bevegelse"],
        ["Løping", "Tredemølle", "Terrengløping"],
        ["Styrketrening", "Skiløping"],
    ),
    "fr": (
        "garmin_fr",
        ["Type d'activité", "Date", "Distance", "Durée", "Temps de déplacement"],
        ["Course à pied", "Course à pied sur tapis roulant", "Trail"],
        ["Musculation", "Randonnée"],
    ),
    "it": (
        "garmin_it",
        ["Tipo di attività", "Data", "Distanza", "Tempo", "Tempo in movimento"],
        ["Corsa", "Corsa su tapis roulant", "Trail running"],
        ["Ciclismo", "Nuoto in piscina"],
    ),
    "nl": (
        "garmin_nl",
        ["Activiteittype", "Datum", "Afstand", "Tijd", "Tijd bewogen"],
        ["Hardlopen", "Loopband", "Trailrunning"],
        ["Fietsen", "Wandelen"],
    ),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_language_reads_its_runs_and_sets_the_rest_aside(write, language):
    name, (kind, date, distance, time, moving), runs, others = LANGUAGES[language]
    columns = header(name)
    assert columns[0] == kind  # the header files are the exports' own, every column in order
    rows = [
        {kind: runs[0], date: "2026-03-02 07:10:00", distance: "5.20", time: "00:31:00", moving: "00:30:00"},
        {kind: others[0], date: "2026-03-02 18:00:00", distance: "20.00", time: "01:00:00", moving: "00:58:00"},
        {kind: runs[1], date: "2026-03-04 06:30:00", distance: "8.00", time: "00:48:00", moving: "--:--:--"},
        {kind: others[1], date: "2026-03-05 08:00:00", distance: "10.00", time: "01:10:00", moving: "01:05:00"},
        {kind: runs[-1], date: "2026-03-07 09:00:00", distance: "12.50", time: "01:20:00", moving: "01:15:00"},
    ]
    runs_frame = kc.load_runs(write("Activities.csv", rows_csv(columns, rows, quote_all=True)))
    assert [str(d.date()) for d in runs_frame["date"]] == ["2026-03-02", "2026-03-04", "2026-03-07"]
    assert runs_frame["distance_km"].tolist() == [5.2, 8.0, 12.5]
    assert runs_frame["duration_s"].tolist() == [1800.0, 2880.0, 4500.0]  # moving time, else the activity's time
    assert runs_frame["line"].tolist() == [2, 4, 6]
    skipped = runs_frame.attrs["skipped"]
    assert skipped[["line", "what", "reason"]].values.tolist() == [
        [3, others[0], "not a run"],
        [5, others[1], "not a run"],
    ]
    assert len(runs_frame) + len(skipped) + len(runs_frame.attrs["rejected"]) == len(rows)


def test_layout_without_favorite_and_placeholders(write):
    columns = header("garmin_en_no_favorite")
    assert "Favorite" not in columns
    rows = [
        {
            "Activity Type": "Running",
            "Date": "2024-12-13 07:00:00",
            "Title": "Run",
            "Distance": "10.01",
            "Time": "00:55:00",
            "Moving Time": "--:--:--",
            "Avg HR": "--",
        },
        {
            "Activity Type": "Trail Running",
            "Date": "2024-12-14 07:00:00",
            "Title": "Hills",
            "Distance": "14.20",
            "Time": "01:40:00",
            "Moving Time": "01:32:10",
        },
        {
            "Activity Type": "Walking",
            "Date": "2024-12-14 12:00:00",
            "Title": "Walk",
            "Distance": "--",
            "Time": "00:30:00",
            "Moving Time": "--:--:--",
        },
    ]
    runs = kc.load_runs(write("Activities.csv", rows_csv(columns, rows)))
    assert runs["distance_km"].tolist() == [10.01, 14.2]
    assert runs["duration_s"].tolist() == [3300.0, 5530.0]  # no Moving Time recorded: the Time
    assert runs.attrs["skipped"]["what"].tolist() == ["Walking"]


def test_a_zero_moving_time_is_not_recorded(write):
    name, (kind, date, distance, time, moving), runs, _ = LANGUAGES["pt"]
    rows = [{kind: runs[0], date: "2021-05-02 06:00:00", distance: "6.00", time: "00:32:09", moving: "00:00:00"}]
    frame = kc.load_runs(write("Activities.csv", rows_csv(header(name), rows)))
    assert frame["duration_s"].tolist() == [1929.0]


def test_one_decimal_comma_among_decimal_points_is_read_as_written(write):
    """A column of 4.23-style values with one 2,81: the 2,81 is 2.81 km, and 12.00 stays 12 km."""
    name, (kind, date, distance, time, moving), runs, _ = LANGUAGES["de"]
    rows = [
        {kind: runs[0], date: "2023-03-31 08:10:41", distance: "4.23", time: "00:22:07", moving: "00:21:46"},
        {kind: runs[2], date: "2022-04-29 07:08:31", distance: "2,81", time: "00:12:06", moving: "00:11:52"},
        {kind: runs[0], date: "2022-04-30 07:08:31", distance: "12.00", time: "01:02:00", moving: "01:01:00"},
    ]
    frame = kc.load_runs(write("Activities.csv", rows_csv(header(name), rows)))
    assert frame["distance_km"].tolist() == [2.81, 12.0, 4.23]


def test_an_account_with_decimal_commas(write):
    columns = header("garmin")
    rows = [
        {
            "Activity Type": "Running",
            "Date": "2022-12-17 08:16:26",
            "Distance": "4,14",
            "Time": "00:28:21",
            "Moving Time": "00:28:19",
            "Steps": "3,890",
        },
        {
            "Activity Type": "Running",
            "Date": "2022-12-18 08:16:26",
            "Distance": "12,00",
            "Time": "01:05:00",
            "Moving Time": "01:04:00",
        },
        {
            "Activity Type": "Running",
            "Date": "2022-12-19 08:16:26",
            "Distance": "1,500",
            "Time": "00:09:00",
            "Moving Time": "00:09:00",
        },
    ]
    runs = kc.load_runs(write("Activities.csv", rows_csv(columns, rows, quote_all=True)))
    assert runs["distance_km"].tolist() == [4.14, 12.0, 1.5]  # 1,500 takes the column's decimal comma


def test_thousands_reading_that_makes_a_run_impossible_names_both_readings(write):
    columns = header("garmin")
    rows = [
        {"Activity Type": "Running", "Date": "2022-12-17 08:16:26", "Distance": "5.10", "Time": "00:28:21"},
        {"Activity Type": "Running", "Date": "2022-12-18 08:16:26", "Distance": "1,500", "Time": "00:09:00"},
    ]
    path = write("Activities.csv", rows_csv(columns, rows, quote_all=True))
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_runs(path)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column, problem.value) == (3, "Distance", "1,500")
    assert "1,500" in problem.expected and "1.5" in problem.expected  # both readings, and how to write it


def test_miles_accounts(write):
    rows = [{"Activity Type": "Running", "Date": "2025-02-06 17:06:03", "Distance": "3.10", "Time": "00:28:00"}]
    runs = kc.load_runs(write("Activities.csv", rows_csv(header("garmin"), rows)), units="mi")
    assert runs["distance_km"].tolist() == pytest.approx([3.1 * 1.609344])


def test_an_excel_resave_without_accents_and_with_day_first_dates(write):
    text = (
        "Aktivitetstyp;Datum;Favorit;Namn;Distans;Kalorier;Tid;Medelpuls;Fardtid;Total tid\n"
        "Lopning;1.4.2024;FALSE;Vantaa;7,5;500;0:40:00;150;0:39:00;0:40:00\n"
        "Padel;30.3.2024;FALSE;Padel;0;300;1:00:00;120;0:58:00;1:00:00\n"
        "Lopband;29.3.2024;FALSE;Matto;8;520;0:44:00;140;0:44:00;0:44:00\n"
    )
    runs = kc.load_runs(write("Activities.csv", text))
    assert [str(d.date()) for d in runs["date"]] == ["2024-03-29", "2024-04-01"]
    assert runs["distance_km"].tolist() == [8.0, 7.5] and runs["duration_s"].tolist() == [2640.0, 2340.0]


def test_a_language_the_kit_does_not_know_says_which_words_are_missing(write):
    text = (
        "Tür,Dátum,Kedvenc,Cím,Táv,Kalória,Idő,Átl. pulzus\n"
        "Futás,2025-05-01 07:00:00,false,Reggel,5.00,300,00:30:00,150\n"
        "Kerékpározás,2025-05-02 07:00:00,false,Bringa,20.00,500,01:00:00,130\n"
    )
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_runs(write("Activities.csv", text))
    message = str(exc.value)
    assert "Garmin Connect export" in message and "language the kit has no words for" in message
    assert "'Tür'" in message and "the kit does not guess which activities are runs" in message
    assert "Its activity types: 'Futás', 'Kerékpározás'." in message  # the file's own, named for the answer
    assert "kc.load_runs(path, run_types=['Futás', …])" in message


def test_a_row_that_is_not_a_run_is_set_aside_even_with_a_bad_date(write):
    rows = [
        {"Activity Type": "Cycling", "Date": "yesterday", "Distance": "20.00", "Time": "01:00:00"},
        {"Activity Type": "Running", "Date": "2025-02-06 17:06:03", "Distance": "5.00", "Time": "00:30:00"},
    ]
    runs = kc.load_runs(write("Activities.csv", rows_csv(header("garmin"), rows)))
    assert len(runs) == 1 and len(runs.attrs["skipped"]) == 1 and len(runs.attrs["rejected"]) == 0


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
    text = rows_csv(header("garmin"), rows, quote_all=True)
    runs = kc.load_runs(write("Activities.csv", text))
    assert runs["distance_km"].tolist() == [5.48, 10.1, 12.0]
    assert runs["duration_s"].tolist() == [1868.0, 4050.5, 4500.0]  # moving time, else the activity time
    assert runs.attrs["skipped"]["what"].tolist() == ["Pool Swim"]
    miles = kc.load_runs(write("Activities.csv", text), units="mi")
    assert miles["distance_km"].tolist() == pytest.approx([5.48 * 1.609344, 10.1 * 1.609344, 12 * 1.609344])
    european = rows_csv(header("garmin"), [dict(rows[0], Distance="5,81")], quote_all=True)
    assert kc.load_runs(write("Activities.csv", european))["distance_km"].tolist() == [5.81]
