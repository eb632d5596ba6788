"""The corpus of bad inputs in tests/data/bad/: every file ends in a LogFormatError naming the file and, for a
row problem, the line, the column and the value; with errors="report" the good rows load and the bad ones
are set aside, loaded + rejected = the data rows."""

import pytest

import kneecare_analysis as kc

from .conftest import ROOT

BAD = ROOT / "tests" / "data" / "bad"

# file: [(line, column, value), …] of the rejected rows, and how many good rows load with errors="report"
ROW_PROBLEMS = {
    "r_unknown_drill.csv": ([(3, "drill", "plank")], 1),
    "r_misspelt_side.csv": ([(3, "side", "lfet")], 1),
    "r_text_for_reps.csv": ([(3, "reps", "twenty")], 1),
    "r_negative_reps.csv": ([(3, "reps", "-5")], 1),
    "r_negative_seconds.csv": ([(3, "seconds", "-120")], 1),
    "r_no_amount.csv": ([(3, "reps", "")], 1),
    "r_timed_with_reps.csv": ([(3, "reps", "2")], 1),
    "r_rep_drill_with_time.csv": ([(3, "seconds", "60")], 1),
    "r_fraction_of_a_rep.csv": ([(3, "reps", "12.5")], 1),
    "r_impossible_date.csv": ([(3, "date", "2026-02-30")], 1),
    "r_not_a_date.csv": ([(3, "date", "yesterday")], 1),
    "r_year_typo.csv": ([(3, "date", "2206-03-02")], 1),
    "r_ambiguous_dates.csv": ([(3, "date", "03/04/2026")], 1),
    "r_mixed_date_orders.csv": ([(2, "date", "13/03/2026"), (3, "date", "03/14/2026")], 0),
    "r_bad_duration.csv": ([(3, "duration", "2:75")], 1),
    "r_text_for_sets.csv": ([(3, "sets", "two")], 1),
    "r_semicolon_bad_number.csv": ([(3, "minutes", "2,5x")], 1),
    "r_ragged_row.csv": ([(3, None, "2026-03-02,clams,R,20,,an,extra,cell")], 1),
    "r_checklist_bad_cell.csv": ([(3, "Clams R", "lots")], 3),
    "r_broken_line.jsonl": ([(2, None, '{"date": "2026-03-03", "drill": "clams", "reps": 20')], 1),
    "p_pain_above_10.csv": ([(3, "pain", "11")], 1),
    "p_pain_below_0.csv": ([(3, "pain", "-1")], 1),
    "p_text_pain.csv": ([(3, "pain", "sore")], 1),
    "p_vas_values_unannounced.csv": ([(3, "pain", "45")], 1),
    "p_unknown_context.csv": ([(3, "context", "sleeping")], 1),
    "p_unknown_knee.csv": ([(3, "knee", "middle")], 1),
    "p_impossible_time.csv": ([(3, "timestamp", "2026-03-03T25:61")], 2),
    "p_no_date.csv": ([(3, "date", "")], 1),
}
# file: what the message says about a file that cannot be read at all (and the line, where there is one)
FILE_PROBLEMS = {
    "r_missing_drill_column.csv": ("a 'drill' column", None),
    "r_missing_date_column.csv": ("a 'date' (or 'timestamp') column", None),
    "r_missing_amount_columns.csv": ("an amount column", None),
    "r_repeated_column.csv": ("'reps' appears in columns C ('reps') and D ('Reps')", None),
    "r_unclosed_quote.csv": ("a closing quote", 3),
    "r_empty.csv": ("the file is empty", None),
    "r_only_blank_lines.csv": ("the file is empty", None),
    "r_binary.csv": ("binary file", None),
    "r_not_excel.xlsx": ("not a readable Excel workbook", None),
    "r_undecodable.csv": ("UTF-8 or cp1252", 2),
    "r_utf16_without_bom.csv": ("UTF-16 text without a byte-order mark", None),
    "r_checklist_unknown_column.csv": ("known drills", None),
    "r_checklist_timed_in_reps.csv": ("couch_stretch is timed", None),
    "p_missing_pain_column.csv": ("a 'pain' column", None),
    "p_vas_column_unannounced.csv": ('pain_scale = "0-100"', None),
}


def loader(name: str):
    return kc.load_pain_log if name.startswith("p_") else kc.load_routine_log


def test_the_corpus_is_complete():
    on_disk = {p.name for p in BAD.iterdir()}
    assert on_disk == set(ROW_PROBLEMS) | set(FILE_PROBLEMS) and len(on_disk) >= 30


@pytest.mark.parametrize("name", sorted(ROW_PROBLEMS))
def test_row_problems(name):
    expected, good = ROW_PROBLEMS[name]
    path = BAD / name
    with pytest.raises(kc.LogFormatError) as exc:
        loader(name)(path)
    got = [(p.line, p.column, p.value) for p in exc.value.problems]
    assert got == expected
    assert all(p.file == str(path) for p in exc.value.problems)
    assert str(path) in str(exc.value) and all(f":{line}" in str(exc.value) for line, _, _ in expected)
    frame = loader(name)(path, errors="report")
    rejected = frame.attrs["rejected"]
    assert len(frame) == good
    assert sorted(set(rejected["line"])) == sorted({line for line, _, _ in expected})


@pytest.mark.parametrize("name", sorted(FILE_PROBLEMS))
def test_file_problems(name):
    fragment, line = FILE_PROBLEMS[name]
    for errors in ("raise", "report"):
        with pytest.raises(kc.LogFormatError) as exc:
            loader(name)(BAD / name, errors=errors)
        assert fragment in str(exc.value)
        assert exc.value.problems[0].file == str(BAD / name) and exc.value.problems[0].line == line
