"""Questionnaires scored by hand from the published rules (Kujala 1993; Crossley 2018; Stratford 1995; Jaeschke
1989), the answers file checked, saved and entered."""

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.logbook import LogWriteError, save_questionnaire
from kneecare_analysis.widgets import QuestionnaireEntry

from .conftest import SAMPLE


def answers(instrument, values, *, date="2026-03-02", athlete="me", items=None):
    items = items or list(range(1, len(values) + 1))
    return pd.DataFrame(
        {"athlete": athlete, "date": pd.Timestamp(date), "instrument": instrument, "item": items, "answer": values}
    )


def one(frame):
    (row,) = kc.score_questionnaires(frame).to_dict("records")
    return row


def test_akps_best_worst_and_mixed():
    assert one(answers("akps", [0] * 13))["score"] == 100  # 5+5+5+10+5+10+10+10+10+10+10+5+5
    worst = [2, 2, 3, 3, 4, 4, 3, 4, 4, 4, 4, 2, 2]  # the last option of each item: 0 points
    assert one(answers("akps", worst))["score"] == 0
    # limp 3, support 3, walking 1–2 km 2, stairs 8, squatting partial weight 2, running 6, jumping 7,
    # sitting 4, pain 8, swelling 6, kneecap 6, atrophy 3, flexion 3
    mixed = [1, 1, 2, 1, 3, 2, 1, 3, 1, 2, 1, 1, 1]
    assert one(answers("akps", mixed))["score"] == 3 + 3 + 2 + 8 + 2 + 6 + 7 + 4 + 8 + 6 + 6 + 3 + 3  # 61


def test_akps_needs_every_item():
    row = one(answers("akps", [0] * 12))
    assert np.isnan(row["score"]) and row["items_answered"] == 12
    assert row["note"] == "AKPS needs all 13 items (12 answered): no score"


def test_koos_pf_and_its_half_the_items_rule():
    assert one(answers("koos_pf", [0] * 11))["score"] == 100
    assert one(answers("koos_pf", [4] * 11))["score"] == 0
    assert one(answers("koos_pf", [1, 2, 3, 0, 1, 2]))["score"] == 100 - 1.5 * 25  # 6 of 11: mean 1.5 → 62.5
    row = one(answers("koos_pf", [1, 2, 3, 0, 1]))
    assert np.isnan(row["score"]) and "at least 6 of its 11 items (5 answered)" in row["note"]


def test_change_against_the_first_score_and_the_minimal_important_change():
    frame = pd.concat(
        [
            answers("koos_pf", [2] * 11, date="2026-03-02"),  # 50
            answers("koos_pf", [1, 1, 1, 1, 2, 2], date="2026-04-13"),  # mean 4/3 → 66.67: +16.67 ≥ 16.4
            answers("koos_pf", [1, 2, 2, 2, 2, 2], date="2026-05-25"),  # mean 11/6 → 54.17: +4.17
            answers("psfs", [3, 3, 3], date="2026-03-02"),
            answers("psfs", [4, 6, 8], date="2026-04-13"),  # 6: +3 ≥ 2
            answers("groc", [5], date="2026-04-13"),
        ],
        ignore_index=True,
    )
    s = kc.score_questionnaires(frame)
    koos = s[s["instrument"] == "koos_pf"]
    assert koos["baseline"].tolist() == [50.0] * 3
    assert koos["change"].tolist() == pytest.approx([0, 100 - 25 * 4 / 3 - 50, 100 - 25 * 11 / 6 - 50])
    assert koos["meaningful"].tolist() == [False, True, False]
    psfs = s[s["instrument"] == "psfs"]
    assert psfs["score"].tolist() == [3.0, 6.0] and psfs["meaningful"].tolist() == [False, True]
    groc = s[s["instrument"] == "groc"].iloc[0]
    assert groc["score"] == 5 and pd.isna(groc["meaningful"]) and "Kamper" in groc["note"]


def test_the_answers_file_is_checked(write):
    path = write(
        "questionnaires.csv",
        "date,athlete,instrument,item,answer,note\n"
        "2026-03-02,me,akps,1,0,\n"
        "2026-03-02,me,Kujala,3,9,\n"
        "2026-03-02,me,koos-pf,12,1,\n"
        "2026-03-02,me,psfs,1,7,running 10 km\n"
        "2026-03-02,me,psfs,1,6,running 10 km\n"
        "2026-03-02,me,sf36,1,1,\n"
        "2026-03-09,me,groc,1,-8,\n",
    )
    with pytest.raises(kc.LogFormatError) as info:
        kc.load_questionnaires(path)
    text = str(info.value)
    assert "'9' — expected an option of AKPS item 3: 0 to 3 (no limit, more than 2 km, 1–2 km, not possible)" in text
    assert "'12' — expected an item of KOOS-PF: 1 to 11" in text
    assert "expected one answer per item and day: line 5 answers it already" in text
    assert "'sf36' — expected an instrument: akps, koos_pf, psfs, groc" in text
    assert "'-8' — expected a GROC answer from -7 to 7" in text
    q = kc.load_questionnaires(path, errors="report")
    assert q["line"].tolist() == [2, 5] and q["instrument"].astype(str).tolist() == ["akps", "psfs"]
    assert q.attrs["rejected"]["line"].tolist() == [3, 4, 6, 7, 8]


def test_saved_answers_replace_the_same_entry_and_the_data_folder_reads_them(tmp_path):
    rows = [
        {"date": "2026-03-02", "athlete": "me", "instrument": "psfs", "item": i, "answer": a}
        for i, a in [(1, 3), (2, 4)]
    ]
    save_questionnaire(tmp_path, "psfs-1", rows)
    save_questionnaire(tmp_path, "psfs-1", [dict(rows[0], answer=5)])  # corrected: replaces, never adds
    assert kc.load_questionnaires(tmp_path / "questionnaires.csv")["answer"].tolist() == [5]
    (tmp_path / "routine_log.csv").write_text("date,drill,side,reps\n2026-03-02,clams,both,20\n")
    ds = kc.load_dataset(tmp_path)
    assert ds.questionnaires is not None and ds.scores()["score"].tolist() == [5.0]
    with pytest.raises(LogWriteError, match="sample"):
        save_questionnaire(SAMPLE / "runner", "x", rows)


def test_the_entry_widget_saves_what_the_form_says(tmp_path):
    q = QuestionnaireEntry(tmp_path, today="2026-03-02")
    assert len(q.items) == 13 and q.items[0].startswith("1. ") and "Kujala" in q.about
    for n in range(1, 14):
        q.answer(n, 0)
    q.answer(4, 1)  # stairs, "a little pain going down": 8 of 10 points
    q.save()
    assert "Saved: 13 answers of the AKPS for Monday 02 March" in q.status
    assert q.scores()["score"].tolist() == [98.0] and "98.0" in q.shown_scores
    q.choose("psfs")
    q.answer(1, 4, note="running 10 km")
    q.save()
    assert kc.load_questionnaires(tmp_path / "questionnaires.csv").query("instrument == 'psfs'")["note"].tolist() == [
        "running 10 km"
    ]
    with pytest.raises(ValueError, match="from 0 to 10"):
        q.answer(2, 11)
    q.choose("groc")
    with pytest.raises(ValueError, match="nothing answered"):
        q.save()
