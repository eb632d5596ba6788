"""Daily check-ins from Google Forms, read as pain scores."""

import pytest

import kneecare_analysis as kc

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


def test_text_blank_and_empty_answer_columns(write):
    form = (
        "Timestamp,Your name,How bad was the knee today? (0-10),When did it hurt most?,Any swelling?,Photo\n"
        "2024/05/01 8:00:00 AM GMT,Ana,3,On the stairs,,\n"
        "2024/05/02 8:00:00 AM GMT,Ana,,,,\n"
        "2024/05/03 8:00:00 AM GMT,Ana,5,After my run,a little,\n"
    )
    pain = kc.load_pain_log(write("responses.csv", form), errors="report")
    assert [(str(r.date.date()), r.pain, r.context) for r in pain.itertuples()] == [
        ("2024-05-01", 3.0, "stairs"),
        ("2024-05-03", 5.0, "after_run"),
    ]
    assert pain.attrs["rejected"]["line"].tolist() == [3]  # the day with no answer to the pain question


def test_a_wellness_export_without_a_timestamp(write):
    text = "Date,Athlete,How sore is your knee? (0-10),Sleep (h)\n2024-05-01,Kai,2,7\n2024-05-02,Kai,4,6\n"
    pain = kc.load_checkins(write("wellness.csv", text))
    assert pain["pain"].tolist() == [2.0, 4.0] and pain["athlete"].tolist() == ["Kai", "Kai"]


def test_a_pain_question_that_names_its_moment_gives_the_context(write):
    morning = "Timestamp,Your name,Knee pain this morning? (0-10)\n3/4/2026 7:01:00,Ana,2\n3/5/2026 7:05:00,Ana,1\n"
    pain = kc.load_checkins(write("morning.csv", morning), dayfirst=False)
    assert pain[["pain", "context"]].astype(str).values.tolist() == [["2.0", "morning"], ["1.0", "morning"]]
    today = "Timestamp,Your name,How much did your knee hurt today? (0-10)\n3/4/2026 7:01:00,Ana,2\n"
    assert kc.load_checkins(write("today.csv", today), dayfirst=False)["context"].astype(str).tolist() == [
        "unspecified"
    ]
