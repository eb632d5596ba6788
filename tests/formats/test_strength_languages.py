"""Strength exports in the languages the apps write them in, and the layouts they have used: each set of a
drill counted, every other exercise set aside (look-alikes with their reason), nothing rejected, and never a run
— whatever the language, a table with an exercise, a set's order, reps or a weight is not a running log."""

import csv
import io

import pytest

import kneecare_analysis as kc

# Strong's columns in each language: date, workout, duration, exercise, set order, weight, reps, distance,
# seconds, notes (en and fr as seen in real exports; the others the app's wording)
STRONG = {
    "en": [
        "Date",
        "Workout Name",
        "Duration",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Reps",
        "Distance",
        "Seconds",
        "Notes",
    ],
    "fr": [
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
    ],
    "de": [
        "Datum",
        "Workout-Name",
        "Dauer",
        "Übungsname",
        "Satzreihenfolge",
        "Gewicht",
        "Wiederholungen",
        "Distanz",
        "Sekunden",
        "Notizen",
    ],
    "es": [
        "Fecha",
        "Nombre del entrenamiento",
        "Duración",
        "Nombre del ejercicio",
        "Orden de la serie",
        "Peso",
        "Repeticiones",
        "Distancia",
        "Segundos",
        "Notas",
    ],
    "it": [
        "Data",
        "Nome dell'allenamento",
        "Durata",
        "Nome dell'esercizio",
        "Ordine della serie",
        "Peso",
        "Ripetizioni",
        "Distanza",
        "Secondi",
        "Note",
    ],
    "pt": [
        "Data",
        "Nome do treino",
        "Duração",
        "Nome do exercício",
        "Ordem da série",
        "Peso",
        "Repetições",
        "Distância",
        "Segundos",
        "Notas",
    ],
    "nl": [
        "Datum",
        "Naam training",
        "Duur",
        "Naam oefening",
        "Setvolgorde",
        "Gewicht",
        "Herhalingen",
        "Afstand",
        "Seconden",
        "Notities",
    ],
    "ru": [
        "Дата",
        "Название тренировки",
        "Продолжительность",
        "Название упражнения",
        "Порядок подходов",
        "Вес",
        "Повторения",
        "Расстояние",
        "Секунды",
        "Заметки",
    ],
}
SETS = [
    ("Clam", "1", "0", "20", "0"),
    ("Clam", "2", "0", "18", "0"),
    ("Glute Bridge", "1", "0", "15", "0"),
    ("Bench Press (Barbell)", "1", "60", "8", "0"),
    ("Leg Raise", "1", "0", "12", "0"),
    ("Couch Stretch", "1", "0", "0", "90"),
]


def _strong(headers: list[str], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    for name, order, weight, reps, seconds in SETS:
        writer.writerow(["2026-03-02 18:30:00", "Knee", "25min", name, order, weight, reps, "0", seconds, ""])
    return out.getvalue()


@pytest.mark.parametrize("language", sorted(STRONG))
def test_strong_in_its_languages(write, language):
    path = write("strong.csv", _strong(STRONG[language]))
    log = kc.load_routine_log(path)
    assert log.attrs["format"] == "strong"
    assert log.groupby("drill", observed=True).size().to_dict() == {
        "clamshell": 2,
        "glute_bridge": 1,
        "couch_stretch": 1,
    }
    assert dict(zip(log.attrs["skipped"]["what"], log.attrs["skipped"]["reason"], strict=True)) == {
        "Bench Press (Barbell)": "not a routine drill",
        "Leg Raise": "an abdominal leg raise, not the side-lying hip abduction",
    }
    assert not len(log.attrs["rejected"])
    assert len(kc.validate(path).frames["runs"]) == 0
    with pytest.raises(kc.LogFormatError, match="a Strong app export, which holds a routine log, not runs"):
        kc.load_runs(path, errors="report")


def test_strong_semicolon_layout(write):
    headers = [
        "Workout #",
        "Date",
        "Workout Name",
        "Duration (sec)",
        "Exercise Name",
        "Set Order",
        "Weight (kg)",
        "Reps",
        "RPE",
        "Distance (meters)",
        "Seconds",
        "Notes",
        "Workout Notes",
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(headers)
    writer.writerow(
        ["12", "2026-03-02 18:30:00", "Knee", "1500", "Clamshell (Left)", "1", "0", "20", "", "0", "0", "", ""]
    )
    writer.writerow(
        ["12", "2026-03-02 18:30:00", "Knee", "1500", "Squat (Barbell)", "1", "80,5", "5", "8", "0", "0", "", ""]
    )
    log = kc.load_routine_log(write("strong.csv", out.getvalue()))
    assert log[["drill", "side", "reps"]].values.tolist() == [["clamshell", "left", 20]]
    assert log.attrs["skipped"]["what"].tolist() == ["Squat (Barbell)"]


@pytest.mark.parametrize(
    "headers",
    [
        [
            "Date",
            "Exercise",
            "Reps",
            "Weight(kg)",
            "Duration(s)",
            "Distance(m)",
            "Incline",
            "Resistance",
            "isWarmup",
            "Note",
            "multiplier",
        ],
        ["Date", "Exercise", "Sets", "Reps", "Weight", "isWarmup", "Note"],
    ],
)
def test_fitbod(write, headers):
    names = [
        "Clam",
        "Single Leg Glute Bridge",
        "Floor Bridge",
        "Side Leg Raises",
        "Leg Raise",
        "Hanging Leg Raise",
        "Side Bridge",
        "Barbell Glute Bridge",
        "Stability Ball Hip Bridge",
        "Chin Up",
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, lineterminator="\n", restval="", extrasaction="ignore")
    writer.writeheader()
    for name in names:
        writer.writerow({"Date": "2019-02-13", "Exercise": name, "Reps": "10", "isWarmup": "false", "Sets": "1"})
    log = kc.load_routine_log(write("WorkoutExport.csv", out.getvalue()))
    assert log.attrs["format"] == "fitbod"
    assert log.groupby("drill", observed=True).size().to_dict() == {
        "hip_abduction": 1,
        "clamshell": 1,
        "glute_bridge": 2,
    }
    reasons = dict(zip(log.attrs["skipped"]["what"], log.attrs["skipped"]["reason"], strict=True))
    assert reasons == {
        "Leg Raise": "an abdominal leg raise, not the side-lying hip abduction",
        "Hanging Leg Raise": "an abdominal leg raise, not the side-lying hip abduction",
        "Side Bridge": "a side bridge is a side plank, not the glute bridge",
        "Barbell Glute Bridge": "an equipment variant (barbell, machine, ball…), not the bodyweight drill",
        "Stability Ball Hip Bridge": "an equipment variant (barbell, machine, ball…), not the bodyweight drill",
        "Chin Up": "not a routine drill",
    }
    assert not len(log.attrs["rejected"])


@pytest.mark.parametrize("weight", ["Weight (lbs)", "Weight (kgs)"])
def test_fitnotes_weight_in_the_header(write, weight):
    text = (
        f"Date,Exercise,Category,{weight},Reps,Distance,Distance Unit,Time\n"
        "2017-06-23,Glute Bridge,Legs,0.0,15,,,\n"
        "2017-06-23,Single Leg Bridge,Legs,0.0,12,,,\n"
        "2017-06-23,Side Plank Hip Abductions,Abs,0.0,10,,,\n"
        "2017-06-23,Lying Leg Raises,Abs,0.0,12,,,\n"
    )
    log = kc.load_routine_log(write("FitNotes_Export.csv", text))
    assert log.attrs["format"] == "fitnotes"
    assert log["drill"].tolist() == ["glute_bridge", "glute_bridge"]
    assert log.attrs["skipped"]["reason"].tolist() == [
        "a side plank, not a routine drill",
        "an abdominal leg raise, not the side-lying hip abduction",
    ]


def test_an_unknown_strength_export_is_never_runs(write):
    # an app the kit does not know, with a date and a distance column: its strength columns say what it is
    text = "Date,Movement,Set,Reps,Weight,Distance\n2026-03-02,Deadlift,1,5,100,0\n"
    with pytest.raises(kc.LogFormatError, match="strength"):
        kc.load_runs(write("lifts.csv", text))


def test_strong_in_a_language_without_words_by_its_layout(write):
    headers = [
        "Dátum",
        "Edzés neve",
        "Időtartam",
        "Gyakorlat neve",
        "Sorozat sorrend",
        "Súly",
        "Ismétlések",
        "Távolság",
        "Másodpercek",
        "Jegyzetek",
        "Edzés jegyzetek",
        "RPE",
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerow(
        ["2026-03-02 18:30:00", "Térd", "1h 2min", "Clamshell (Left)", "1", "0", "20", "0", "0", "", "", ""]
    )
    writer.writerow(
        ["2026-03-02 18:30:00", "Térd", "1h 2min", "Squat (Barbell)", "W", "40", "10", "0", "0", "", "", ""]
    )
    writer.writerow(["2026-03-02 18:30:00", "Térd", "1h 2min", "Couch Stretch", "1", "0", "0", "0", "90", "", "", "8"])
    path = write("strong.csv", out.getvalue())
    log = kc.load_routine_log(path)
    assert log.attrs["format"] == "strong"
    assert log[["drill", "side"]].values.tolist() == [["clamshell", "left"], ["couch_stretch", "both"]]
    assert log["reps"].iloc[0] == 20 and log["seconds"].iloc[1] == 90.0
    assert log.attrs["skipped"]["what"].tolist() == ["Squat (Barbell)"]
    assert len(kc.validate(path).frames["runs"]) == 0


@pytest.mark.parametrize(
    ("name", "drill"),
    [
        ("Side-Lying Hip Abduction", "hip_abduction"),
        ("Lying Side Leg Raise", "hip_abduction"),
        ("Glute Bridge Bodyweight", "glute_bridge"),
        ("Foam Rolling", "self_massage"),
        ("Half Kneeling Hip Flexor Stretch", "couch_stretch"),
        ("Couch Stretch", "couch_stretch"),
    ],
)
def test_drill_names_the_apps_use(write, name, drill):
    header = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
    timed = drill in ("self_massage", "couch_stretch")  # held or rolled for a time, not counted in reps
    text = header + f"2025-04-29,{name},Legs,0,kgs,{0 if timed else 10},,,{'0:01:30' if timed else ''}\n"
    log = kc.load_routine_log(write("FitNotes_Export.csv", text), errors="report")
    assert log["drill"].tolist() == [drill]
