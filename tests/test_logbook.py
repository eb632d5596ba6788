"""Saving sessions: idempotent by session id, every other byte kept, the sample folder refused."""

import pytest

import kneecare_analysis as kc
from kneecare_analysis.logbook import LogWriteError, delete_session, save_session, saved_sessions
from kneecare_analysis.paths import JOURNAL_NAME

from .conftest import SAMPLE

ROW = {"timestamp": "2026-03-04", "athlete": "me", "drill": "clamshell", "side": "left", "reps": 20, "session": "s1"}
PAIN = {"timestamp": "2026-03-04", "athlete": "me", "pain": "3", "context": "after_run", "session": "s1"}


def test_first_save_writes_both_logs_with_headers(tmp_path):
    result = save_session(tmp_path, "s1", [ROW], [PAIN])
    assert result.changed and result.routine_rows == 1 and result.pain_rows == 1
    assert (tmp_path / "routine_log.csv").read_text() == (
        "timestamp,athlete,drill,side,reps,seconds,note,session\n2026-03-04,me,clamshell,left,20,,,s1\n"
    )
    assert (tmp_path / "pain_log.csv").read_text() == (
        "timestamp,athlete,pain,context,knee,note,session\n2026-03-04,me,3,after_run,,,s1\n"
    )
    assert kc.load_routine_log(tmp_path)["reps"].tolist() == [20]


def test_saving_again_replaces_the_session_and_keeps_everything_else(tmp_path):
    log = tmp_path / "routine_log.csv"
    log.write_bytes(
        b"\xef\xbb\xbftimestamp,athlete,drill,side,reps,seconds,note,session\r\n"
        b'2026-03-01,me,clamshell,left,18,,"two\r\nlines",old\r\n'
    )
    before = log.read_bytes()
    save_session(tmp_path, "s1", [ROW], [])
    first = log.read_bytes()
    assert first.startswith(before)  # nothing that was there is touched
    assert not save_session(tmp_path, "s1", [ROW], []).changed  # the same session again adds nothing
    assert log.read_bytes() == first
    save_session(tmp_path, "s1", [dict(ROW, reps=22), dict(ROW, side="right", reps=21)], [])
    assert log.read_bytes() == before + b"2026-03-04,me,clamshell,left,22,,,s1\n2026-03-04,me,clamshell,right,21,,,s1\n"
    loaded = kc.load_routine_log(tmp_path)
    assert loaded["reps"].tolist() == [18, 22, 21] and loaded["note"].iloc[0] == "two\r\nlines"


def test_formula_like_notes_are_neutralised(tmp_path):
    save_session(tmp_path, "s1", [dict(ROW, note='=HYPERLINK("http://x","y")')], [])
    assert kc.load_routine_log(tmp_path)["note"].iloc[0] == '\'=HYPERLINK("http://x","y")'


def test_refusals_change_nothing(tmp_path):
    with pytest.raises(LogWriteError, match="sample data"):
        save_session(SAMPLE / "runner", "s1", [ROW], [])
    other = tmp_path / "routine_log.csv"
    other.write_text("Date,Clams L,Clams R\n2026-03-01,x,x\n")
    with pytest.raises(LogWriteError, match="missing: timestamp, athlete, drill"):
        save_session(tmp_path, "s1", [ROW], [])
    assert other.read_text() == "Date,Clams L,Clams R\n2026-03-01,x,x\n"
    assert not (tmp_path / "pain_log.csv").exists() or (tmp_path / "pain_log.csv").read_text().count("\n") == 1
    with pytest.raises(ValueError, match="session id"):
        save_session(tmp_path / "new", "a,b", [ROW], [])


def test_no_temporary_files_are_left_behind(tmp_path):
    save_session(tmp_path, "s1", [ROW], [PAIN])
    save_session(tmp_path, "s2", [dict(ROW, session="s2")], [])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".kneecare.lock",
        "kneecare-history.log",
        "pain_log.csv",
        "routine_log.csv",
    ]


def test_the_logbook_stamps_the_session_itself(tmp_path):
    bare = {k: v for k, v in ROW.items() if k != "session"}
    bare_pain = {k: v for k, v in PAIN.items() if k != "session"}
    save_session(tmp_path, "s7", [bare], [bare_pain])
    save_session(tmp_path, "s7", [bare], [bare_pain])  # saved twice, through the public function
    assert (tmp_path / "routine_log.csv").read_text().splitlines()[1:] == ["2026-03-04,me,clamshell,left,20,,,s7"]
    assert (tmp_path / "pain_log.csv").read_text().splitlines()[1:] == ["2026-03-04,me,3,after_run,,,s7"]


def test_a_row_of_another_session_is_refused_with_nothing_written(tmp_path):
    save_session(tmp_path, "s1", [ROW], [PAIN])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(ValueError, match="row 2 belongs to session 's2', not 's3'"):
        save_session(tmp_path, "s3", [dict(ROW, session=""), dict(ROW, session="s2")], [])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_run_is_saved_only_when_given_and_kept_when_not_asked_about(tmp_path):
    save_session(tmp_path, "s1", [ROW], [], [])
    assert not (tmp_path / "runs.csv").exists()  # no run given, no runs.csv made
    run = {"date": "2026-03-02", "athlete": "me", "duration_min": 35, "rpe": 5}
    assert save_session(tmp_path, "s1", [ROW], [], [run]).run_rows == 1
    text = (tmp_path / "runs.csv").read_text()
    assert text == "date,athlete,distance_km,duration_min,rpe,note,session\n2026-03-02,me,,35,5,,s1\n"
    save_session(tmp_path, "s1", [ROW], [PAIN])  # run_rows=None: runs.csv stays as it is
    assert (tmp_path / "runs.csv").read_text() == text
    delete_session(tmp_path, "s1")
    assert (tmp_path / "runs.csv").read_text() == "date,athlete,distance_km,duration_min,rpe,note,session\n"


def test_carriage_returns_and_nuls_are_made_safe_before_writing(tmp_path):
    save_session(
        tmp_path,
        "s1",
        [dict(ROW, athlete="Ann\rLee\t", note="sore\rthen\r\nfine\x00")],
        [dict(PAIN, athlete="Ann\rLee\t")],
    )
    raw = (tmp_path / "routine_log.csv").read_bytes()
    assert b"\r" not in raw and b"\x00" not in raw
    assert raw.endswith(b'2026-03-04,Ann Lee ,clamshell,left,20,,"sore\nthen\nfine",s1\n')
    loaded = kc.load_routine_log(tmp_path)
    assert loaded["note"].tolist() == ["sore\nthen\nfine"]
    assert (
        save_session(
            tmp_path, "s1", [dict(ROW, athlete="Ann Lee ", note="sore\nthen\nfine")], [dict(PAIN, athlete="Ann Lee ")]
        ).changed
        is False
    )  # the same session, saved again: replaced, not added


def test_text_that_cannot_be_written_changes_no_file(tmp_path):
    run = {"date": "2026-03-04", "athlete": "me", "duration_min": 30, "rpe": 4}
    save_session(tmp_path, "s1", [ROW], [PAIN], [run])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(ValueError, match="row 1, note.*cannot be written as text: nothing was saved"):
        save_session(tmp_path, "s2", [dict(ROW, session="s2", note="knee \udcff")], [PAIN | {"session": ""}], [run])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_session_ids_are_stripped_and_checked(tmp_path):
    save_session(tmp_path, "s1 ", [ROW], [PAIN])
    save_session(tmp_path, "s1\t", [ROW], [PAIN])  # the same session: not added twice
    save_session(tmp_path, "\ts1", [dict(ROW, session="s1 ")], [PAIN])
    assert (tmp_path / "routine_log.csv").read_text().splitlines()[1:] == ["2026-03-04,me,clamshell,left,20,,,s1"]
    for bad in ("", " \t", "a\tb", "a\rb", "a\x00b", "a,b", "a\udcffb"):
        with pytest.raises(ValueError, match="a session id is a short text"):
            save_session(tmp_path, bad, [ROW], [])


def test_a_session_holding_only_a_run_is_listed_and_deleted(tmp_path):
    save_session(tmp_path, "s1", [ROW], [PAIN])
    save_session(tmp_path, "r1", [], [], [{"date": "2026-03-05", "athlete": "me", "duration_min": 30, "rpe": 4}])
    listed = saved_sessions(tmp_path)
    assert listed.to_dict("records") == [
        {"session": "r1", "date": "2026-03-05", "athlete": "me", "drill_rows": 0, "pain_rows": 0, "run_rows": 1},
        {"session": "s1", "date": "2026-03-04", "athlete": "me", "drill_rows": 1, "pain_rows": 1, "run_rows": 0},
    ]
    delete_session(tmp_path, "r1")
    assert saved_sessions(tmp_path)["session"].tolist() == ["s1"]
    assert (tmp_path / "runs.csv").read_text() == "date,athlete,distance_km,duration_min,rpe,note,session\n"


def test_a_load_completes_a_save_whose_journal_is_on_disk(tmp_path):
    save_session(tmp_path, "s1", [ROW], [PAIN])
    # a save killed after its journal and its first replacement: pain_log.csv is new, routine_log.csv not yet
    old_routine = (tmp_path / "routine_log.csv").read_text()
    (tmp_path / ".routine_log.csv.x1.tmp").write_text(old_routine + "2026-03-05,me,clamshell,left,21,,,s2\n")
    (tmp_path / "pain_log.csv").write_text((tmp_path / "pain_log.csv").read_text() + "2026-03-05,me,4,after_run,,,s2\n")
    (tmp_path / JOURNAL_NAME).write_text(
        '{"label": "s2", "files": {"pain_log.csv": ".pain_log.csv.x0.tmp", '
        '"routine_log.csv": ".routine_log.csv.x1.tmp"}}'
    )
    ds = kc.load_dataset(tmp_path)
    assert ds.log["reps"].tolist() == [20, 21] and ds.pain["pain"].tolist() == [3, 4]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".kneecare.lock",
        "kneecare-history.log",
        "pain_log.csv",
        "routine_log.csv",
    ]


def test_a_save_drops_the_temporary_files_of_a_save_killed_before_its_journal(tmp_path):
    save_session(tmp_path, "s1", [ROW], [PAIN])
    (tmp_path / ".routine_log.csv.x1.tmp").write_text("half of a save")
    (tmp_path / "..kneecare-journal.json.x2.tmp")  # the journal's own temporary file.write_text('{"label": "s2", "fi')
    save_session(tmp_path, "s3", [dict(ROW, session="s3")], [])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".kneecare.lock",
        "kneecare-history.log",
        "pain_log.csv",
        "routine_log.csv",
    ]
    assert set(saved_sessions(tmp_path)["session"]) == {"s1", "s3"}


# ---- the history: every change recorded in a plain file, and undone from it ------------------------------------
def test_every_change_is_recorded_in_a_plain_history_and_can_be_undone(tmp_path):
    import json

    from kneecare_analysis.logbook import HISTORY_NAME, history, undo_change

    save_session(tmp_path, "s1", [ROW], [PAIN])
    save_session(tmp_path, "s1", [dict(ROW, reps=12)], [PAIN])  # corrected
    save_session(tmp_path, "s1", [dict(ROW, reps=12)], [PAIN])  # the same again: not a change
    delete_session(tmp_path, "s1")
    lines = (tmp_path / HISTORY_NAME).read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]  # one JSON object a line: readable, and read back
    assert [e["action"] for e in entries] == ["save", "edit", "delete"]
    assert entries[1]["before"]["routine_log.csv"][0]["reps"] == "20"
    assert entries[1]["after"]["routine_log.csv"][0]["reps"] == "12"
    assert entries[2]["after"] == {"pain_log.csv": [], "routine_log.csv": []}
    assert history(tmp_path)[["action", "session", "date", "rows_before", "rows_after"]].values.tolist() == [
        ["save", "s1", "2026-03-04", 0, 2],
        ["edit", "s1", "2026-03-04", 1, 1],  # only the routine log changed
        ["delete", "s1", "2026-03-04", 2, 0],
    ]
    assert saved_sessions(tmp_path).empty
    undo_change(tmp_path)  # the delete undone: the corrected session is back
    assert kc.load_routine_log(tmp_path)["reps"].tolist() == [12]
    undo_change(tmp_path)  # then the edit: 20 reps again
    assert kc.load_routine_log(tmp_path)["reps"].tolist() == [20]
    first = history(tmp_path)["change"].iloc[0]
    undo_change(tmp_path, first)  # the first save undone: the session is gone
    assert saved_sessions(tmp_path).empty
    assert history(tmp_path)["action"].tolist()[-3:] == ["undo", "undo", "undo"]
    with pytest.raises(ValueError, match="no change 'nope'"):
        undo_change(tmp_path, "nope")
    assert undo_change(tmp_path / "empty") is None


def test_the_loaders_never_take_the_history_for_a_log(tmp_path):
    from kneecare_analysis.logbook import HISTORY_NAME

    save_session(tmp_path, "s1", [ROW], [PAIN])
    delete_session(tmp_path, "s1")
    save_session(tmp_path, "s2", [dict(ROW, session="s2")], [dict(PAIN, session="s2")])
    assert (tmp_path / HISTORY_NAME).exists()
    ds = kc.load_dataset(tmp_path, errors="report")
    assert ds.problems.empty and len(ds.log) == 1 and len(ds.pain) == 1
    assert kc.load_dataset(tmp_path).log["reps"].tolist() == [20]  # strict loading is happy too


def test_a_torn_last_line_of_the_history_is_skipped(tmp_path):
    from kneecare_analysis.logbook import HISTORY_NAME, history

    save_session(tmp_path, "s1", [ROW], [PAIN])
    with (tmp_path / HISTORY_NAME).open("a", encoding="utf-8") as fh:
        fh.write('{"change": "x", "action": "sa')  # a write cut short
    save_session(tmp_path, "s1", [ROW], [])
    assert history(tmp_path)["action"].tolist() == ["save", "edit"]
