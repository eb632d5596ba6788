"""Property tests: what any valid log survives, and what any broken file ends in.

How many examples each test tries is the profile's (tests/conftest.py): a modest number in every run,
``HYPOTHESIS_PROFILE=thorough`` for many more."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import kneecare_analysis as kc
from kneecare_analysis.logbook import save_session
from kneecare_analysis.safety import FORMULA_START

DRILLS = kc.DEFAULT_ROUTINE.drills
TEXT = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.sampled_from(
    [",", ";", '"', "'", "\n", "é", "ø", "ß", "中", "😀", "ł", "ş"]
)


def clean_text(min_size: int = 0) -> st.SearchStrategy[str]:
    """Text as a person types it: anything printable, quotes, commas and newlines, not padded with spaces and
    not starting like a formula (formula-like text is neutralised on purpose, tested elsewhere)."""
    return (
        st.text(TEXT, min_size=min_size, max_size=30)
        .map(str.strip)
        .filter(lambda t: len(t) >= min_size and not t.startswith(FORMULA_START))
    )


@st.composite
def log_rows(draw) -> dict:
    d = draw(st.sampled_from(DRILLS))
    side = draw(st.sampled_from(d.sides if not d.sided else ("left", "right", "both")))
    row = {
        "timestamp": draw(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))).isoformat(),
        "athlete": draw(clean_text(1).filter(lambda t: "\n" not in t)),  # a name is one line (notes may be more)
        "drill": d.id,
        "side": side,
        "note": draw(clean_text()) or None,
    }
    if d.kind == "reps":
        row["reps"] = draw(st.integers(0, 500))
    else:
        row["seconds"] = draw(st.integers(0, 7200).map(lambda s: s / 2))
    return row


def as_tuples(rows: list[dict]) -> list[tuple]:
    return sorted(
        (
            (r["athlete"], r["timestamp"], r["drill"], r["side"], r.get("reps"), r.get("seconds"), r["note"])
            for r in rows
        ),
        key=repr,
    )


@given(st.lists(log_rows(), min_size=1, max_size=12))
def test_valid_logs_round_trip_unchanged(rows):
    with tempfile.TemporaryDirectory() as folder:
        save_session(folder, "s1", [dict(r, session="s1") for r in rows], [])
        log = kc.load_routine_log(Path(folder) / "routine_log.csv")
    loaded = [
        {
            "athlete": r.athlete,
            "timestamp": r.date.date().isoformat(),
            "drill": r.drill,
            "side": r.side,
            "reps": None if pd.isna(r.reps) else int(r.reps),
            "seconds": None if pd.isna(r.seconds) else float(r.seconds),
            "note": None if pd.isna(r.note) else r.note,
        }
        for r in log.itertuples()
    ]
    assert as_tuples(loaded) == as_tuples(rows)


ROUTINE = (
    b'timestamp,athlete,drill,side,reps,sets,seconds,note\n2026-03-02T19:00:00+01:00,me,foam roll,,,,300,"a, ""b"""\n'
    b"2026-03-02,me,clams,L,20,,,\n2026-03-02,me,clams,R,10,2,,\n03/02/2026,me,couch stretch,both,,,2:00,\xc3\xa9\n"
)
CHECKLIST = (
    b"Date;Foam roll (min);Clams L;Clams R;Couch stretch L (s);Knee pain;Notes\n"
    b"13/03/2026;5;x;x;120;3,5;ok\n14/03/2026;2,5;20;18;;4;\n"
)
PAIN = b"date,pain,context,knee,note\n2026-03-02,4.5,after run,L,\n2026-03-03,3,morning,,stairs fine\n"
MUTATION = st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.integers(0, 10_000), st.integers(0, 255))


def mutate(data: bytes, mutations) -> bytes:
    out = bytearray(data)
    for op, where, byte in mutations:
        at = where % (len(out) + 1)
        if op == "insert":
            out.insert(at, byte)
        elif out and op == "delete":
            del out[min(at, len(out) - 1)]
        elif out:
            out[min(at, len(out) - 1)] = byte
    return bytes(out)


def ends_well(loader, data: bytes, suffix: str = ".csv") -> None:
    """Loading ends in a frame or a LogFormatError, in both error modes — never in another exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"log{suffix}"
        path.write_bytes(data)
        for errors in ("raise", "report"):
            try:
                frame = loader(path, errors=errors)
            except kc.LogFormatError as exc:
                assert exc.problems and all(p.file == str(path) for p in exc.problems)
            else:
                assert isinstance(frame, pd.DataFrame)


@given(st.lists(MUTATION, min_size=1, max_size=8))
def test_mutated_routine_logs_end_in_a_frame_or_a_clear_error(mutations):
    ends_well(kc.load_routine_log, mutate(ROUTINE, mutations))


@given(st.lists(MUTATION, min_size=1, max_size=8))
def test_mutated_checklists_end_in_a_frame_or_a_clear_error(mutations):
    ends_well(kc.load_routine_log, mutate(CHECKLIST, mutations))


@given(st.lists(MUTATION, min_size=1, max_size=8))
def test_mutated_pain_logs_end_in_a_frame_or_a_clear_error(mutations):
    ends_well(kc.load_pain_log, mutate(PAIN, mutations))


GARBAGE = st.sampled_from(["", "x", "-1", "1e999", "nan", "12.5", "2:99", "??", "2026-02-30", "both sides?"])


@st.composite
def messy_rows(draw) -> list[str]:
    cells = [
        draw(st.sampled_from(["2026-03-02", "2026-03-03T23:00:00-08:00", "5 Mar 2026"]) | GARBAGE),
        draw(st.sampled_from(["clams", "foam roll", "couch stretch", "bridge"]) | GARBAGE),
        draw(st.sampled_from(["L", "R", "both", ""]) | GARBAGE),
        draw(st.sampled_from(["20", "15", ""]) | GARBAGE),
        draw(st.sampled_from(["120", "2:00", ""]) | GARBAGE),
    ]
    return cells


@given(st.lists(messy_rows(), min_size=1, max_size=15))
def test_report_mode_accounts_for_every_row(rows):
    frame = pd.DataFrame(rows, columns=["date", "drill", "side", "reps", "seconds"])
    loaded = kc.load_routine_log(frame, errors="report")
    rejected, skipped = loaded.attrs["rejected"], loaded.attrs["skipped"]
    assert len(loaded) + len(skipped) + len(rejected) == len(rows)  # each row in exactly one of the three
    lines = [*loaded["line"], *rejected["line"], *skipped["line"]]
    assert sorted(lines) == list(range(2, len(rows) + 2))
