"""Pain diaries of other shapes: a score column under another name, one column per moment, comment and blank
lines, a column named by the caller."""

import pytest

import kneecare_analysis as kc


@pytest.mark.parametrize("name", ["pain", "Knee pain", "knee_pain", "Pain score", "pain level", "Intensity", "NRS"])
def test_common_score_names(write, name):
    pain = kc.load_pain_log(write("diary.csv", f"date,{name}\n2026-03-02,3\n"))
    assert pain["pain"].tolist() == [3.0]


def test_a_score_column_named_by_the_caller_in_a_semicolon_file(write):
    path = write("diary.csv", "Date;Wie schlimm;Notiz\n02.03.2026;4,5;Treppe\n03.03.2026;2;\n")
    with pytest.raises(kc.LogFormatError, match="a 'pain' column"):
        kc.load_pain_log(path)
    pain = kc.load_pain_log(path, columns={"pain": "Wie schlimm", "note": "Notiz"}, dayfirst=True)
    assert pain["pain"].tolist() == [4.5, 2.0] and pain["note"].tolist()[0] == "Treppe"


def test_a_diary_with_other_scores_comment_and_blank_lines(write):
    text = (
        "date,knee_pain,pain_shoulder, leg_fatigue, nsaids\n"
        "25-3-2021,3,0,2, False\n"
        "26-3-2021,4,1,2, True\n"
        "\n"
        "\n"
        "27-3-2021,2,0,1, False\n"
        "\n"
        "#date,knee_pain,pain_shoulder, leg_fatigue, nsaids\n"
    )
    pain = kc.load_pain_log(write("pain.csv", text))
    assert pain["pain"].tolist() == [3.0, 4.0, 2.0]  # the knee, not the shoulder
    assert [str(d.date()) for d in pain["date"]] == ["2021-03-25", "2021-03-26", "2021-03-27"]  # 25 > 12: day first
    skipped = pain.attrs["skipped"]
    assert skipped[["line", "reason"]].values.tolist() == [
        [4, "a blank line"],
        [5, "a blank line"],
        [7, "a blank line"],
        [8, "a comment line (#)"],
    ]
    assert len(pain) + len(skipped) == 7  # every line after the header


def test_one_column_per_moment(write):
    text = (
        "date,pain_before,stiffness,first_steps_pain,post_run_pain,pain_during,location,side,evening_pain_score\n"
        "2026-10-07,,0,2,3,,,,\n"
        "2026-10-06,1,1,0,,4,,right,2\n"
        "2026-10-05,,0,,,,,,\n"
    )
    pain = kc.load_pain_log(write("pain_log.csv", text))
    got = [(str(r.date.date()), r.pain, r.context, r.knee, r.note) for r in pain.itertuples()]
    assert [g[:4] for g in got] == [
        ("2026-10-06", 1.0, "other", "right"),
        ("2026-10-06", 0.0, "morning", "right"),
        ("2026-10-06", 4.0, "during_run", "right"),
        ("2026-10-06", 2.0, "other", "right"),
        ("2026-10-07", 2.0, "morning", "unspecified"),
        ("2026-10-07", 3.0, "after_run", "unspecified"),
    ]
    assert [g[4] for g in got if g[2] == "other"] == ["pain_before", "evening_pain_score"]  # the moment kept
    assert pain.attrs["skipped"][["line", "reason"]].values.tolist() == [[4, "no pain score in this row"]]


def test_a_table_without_a_date(write):
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_pain_log(write("diary.csv", "when,pain\nmonday,3\n"))
    assert "a 'date' (or 'timestamp') column" in str(exc.value) and "'when', 'pain'" in str(exc.value)


@pytest.mark.parametrize("name", ["time", "datetime", "when", "recorded", "Recorded at"])
def test_a_date_and_time_column_under_another_usual_name(write, name):
    text = f"{name},intensity,side,migraine\n11/14/2025,6,none,TRUE\n11/20/2025 21:15,3,left,FALSE\n"
    pain = kc.load_pain_log(write("headaches.csv", text))
    assert pain["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-11-14", "2025-11-20"]
    assert pain["pain"].tolist() == [6.0, 3.0]
    # a side column that holds other sides than the knee's ("none") is a note, not a reason to reject
    assert pain["note"].tolist() == ["side: none", "side: left"]
    assert pain["knee"].astype(str).tolist() == ["unspecified", "unspecified"]


def test_when_with_moments_stays_the_context(write):
    text = "date,when,pain\n2026-03-02,morning,3\n2026-03-03,after run,4\n"
    pain = kc.load_pain_log(write("diary.csv", text))
    assert pain["context"].astype(str).tolist() == ["morning", "after_run"]


def test_a_side_column_of_knee_sides_is_the_knee(write):
    text = "date,pain,side,note\n2026-03-02,3,L,stairs\n2026-03-03,4,right,\n"
    pain = kc.load_pain_log(write("diary.csv", text))
    assert pain["knee"].astype(str).tolist() == ["left", "right"]
    assert pain["note"].fillna("").tolist() == ["stairs", ""]


def test_a_side_note_joins_the_row_note(write):
    text = "date,pain,side,note\n2026-03-02,3,neck,after work\n2026-03-03,4,,\n"
    pain = kc.load_pain_log(write("diary.csv", text))
    assert pain["note"].fillna("").tolist() == ["after work; side: neck", ""]
