"""The daily checklist spreadsheet: ticks, units, sides, pain and notes columns."""

import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.loaders.formats.checklist import parse_drill_header

HEADER = (
    "Date;Foam roll (min);Hip abductions L;Hip abductions R;Clams L;Clams R;Bridge L;Bridge R;"
    "Couch stretch L (s);Couch stretch R (s);Knee pain;Notes\n"
)


@pytest.mark.parametrize(
    "header, parsed",
    [
        ("Foam roll (min)", ("self_massage", "both", "minutes")),
        ("Hip abductions L", ("hip_abduction", "left", None)),
        ("Clamshell right (reps)", ("clamshell", "right", "reps")),
        ("Couch stretch R (s)", ("couch_stretch", "right", "seconds")),
        ("Couch stretch (L, sec)", ("couch_stretch", "left", "seconds")),
        ("Single-leg glute bridges R", ("glute_bridge", "right", None)),
        ("Left clam", ("clamshell", "left", None)),
        ("Knee pain", None),
        ("Sleep (h)", None),
    ],
)
def test_header_grammar(header, parsed):
    assert parse_drill_header(header) == parsed


def test_amounts_ticks_units_and_notes(write):
    path = write(
        "check.csv",
        HEADER + "02/03/2026;5;20;20;x;x;15;15;120;120;3;\n"
        "03/03/2026;2,5;✓;yes;;;;;;;4,5;short on time\n"
        "13/03/2026;no;;;;;;;90;2:00;;\n",
    )
    log = kc.load_routine_log(path)
    got = [
        (
            str(r.date.date()),
            r.drill,
            r.side,
            None if pd.isna(r.reps) else r.reps,
            None if pd.isna(r.seconds) else r.seconds,
            None if pd.isna(r.note) else r.note,
        )
        for r in log.itertuples()
    ]
    assert got == [
        ("2026-03-02", "self_massage", "both", None, 300.0, None),
        ("2026-03-02", "hip_abduction", "left", 20, None, None),
        ("2026-03-02", "hip_abduction", "right", 20, None, None),
        ("2026-03-02", "clamshell", "left", 20, None, None),  # x = the target
        ("2026-03-02", "clamshell", "right", 20, None, None),
        ("2026-03-02", "glute_bridge", "left", 15, None, None),
        ("2026-03-02", "glute_bridge", "right", 15, None, None),
        ("2026-03-02", "couch_stretch", "left", None, 120.0, None),
        ("2026-03-02", "couch_stretch", "right", None, 120.0, None),
        ("2026-03-03", "self_massage", "both", None, 150.0, "short on time"),
        ("2026-03-03", "hip_abduction", "left", 20, None, "short on time"),
        ("2026-03-03", "hip_abduction", "right", 20, None, "short on time"),
        ("2026-03-13", "self_massage", "both", None, 0.0, None),  # "no" is logged as 0
        ("2026-03-13", "couch_stretch", "left", None, 90.0, None),
        ("2026-03-13", "couch_stretch", "right", None, 120.0, None),
    ]
    assert log.attrs["format"] == "checklist"
    assert str(log["file"].iloc[0]).endswith("check.csv") and (log["line"].iloc[0], log["line"].iloc[-1]) == (2, 4)
    pain = kc.load_pain_log(path)
    assert [(str(r.date.date()), r.pain, r.note if not pd.isna(r.note) else None) for r in pain.itertuples()] == [
        ("2026-03-02", 3.0, None),
        ("2026-03-03", 4.5, "short on time"),
    ]


def test_ones_in_a_tick_column_are_ticks_but_amounts_elsewhere(write):
    path = write("c.csv", "Date,Clams,Foam roll (min),Couch stretch L\n2026-03-02,1,1,1\n2026-03-03,0,2,x\n")
    log = kc.load_routine_log(path)
    got = [(str(r.date.date()), r.drill, r.reps if not pd.isna(r.reps) else r.seconds) for r in log.itertuples()]
    assert got == [
        ("2026-03-02", "self_massage", 60.0),  # 1 minute: a unit makes it an amount
        ("2026-03-02", "clamshell", 20),  # a column of 1s and 0s: ticks
        ("2026-03-02", "couch_stretch", 120.0),  # 1 and x: a tick column
        ("2026-03-03", "self_massage", 120.0),
        ("2026-03-03", "clamshell", 0),
        ("2026-03-03", "couch_stretch", 120.0),
    ]


def test_pain_contexts_from_headers(write):
    path = write(
        "c.csv", "Date,Clams,Morning pain,Pain after run (0-10),Day\n2026-03-02,x,2,4,Mon\n2026-03-03,x,,3,Tue\n"
    )
    pain = kc.load_pain_log(path)
    assert [(str(r.date.date()), r.context, r.pain) for r in pain.itertuples()] == [
        ("2026-03-02", "morning", 2.0),
        ("2026-03-02", "after_run", 4.0),
        ("2026-03-03", "after_run", 3.0),
    ]


def test_unknown_columns_and_bad_cells(write):
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(write("c.csv", "Date,Clams L,Clamshel R\n2026-03-02,20,20\n"))
    assert exc.value.problems[0].column == "Clamshel R" and "known drills" in str(exc.value)
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(write("c.csv", "Date,Clams L,Couch stretch L (reps)\n2026-03-02,20,20\n"))
    assert "couch_stretch is timed" in str(exc.value)
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(write("c.csv", "Date,Clams L,Clams R\n2026-03-02,20,lots\n2026-03-03,x,x\n"))
    assert [(p.line, p.column, p.value) for p in exc.value.problems] == [(2, "Clams R", "lots")]


def test_report_mode_counts_cells(write):
    path = write("c.csv", "Date,Clams L,Clams R\n2026-03-02,20,lots\n2026-02-31,x,x\n2026-03-04,,\n")
    log = kc.load_routine_log(path, errors="report")
    assert len(log) == 1 and len(log.attrs["rejected"]) == 3  # 4 filled cells: 1 loaded, 3 rejected


def test_a_checklist_with_no_filled_drill_cell_loads_empty(write):
    path = write("c.csv", "Date,Clams L,Clams R,Knee pain\n2026-03-02,,,3\n")
    assert len(kc.load_routine_log(path)) == 0
    assert kc.load_pain_log(path)["pain"].tolist() == [3.0]
