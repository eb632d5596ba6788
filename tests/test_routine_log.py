"""Long routine logs: column names, sides, amounts, dates, athletes, output shape, errors."""

import pandas as pd
import pytest

import kneecare_analysis as kc


def load(write, text, **kw):
    return kc.load_routine_log(write("routine_log.csv", text), **kw)


def test_output_columns_types_and_order(write):
    log = load(
        write,
        "Athlete,Date,Drill,Side,Reps,Seconds,Note\n"
        "zoe,2026-03-03,couch stretch,R,,120,\n"
        "amy,2026-03-03,clams,R,20,,\n"
        "amy,2026-03-02,bridge,L,15,,\n"
        "amy,2026-03-02,foam roll,,,300,first\n",
    )
    assert list(log.columns) == ["athlete", "date", "drill", "side", "reps", "seconds", "note", "file", "line"]
    assert str(log["date"].dtype) == "datetime64[ns]"
    assert isinstance(log["drill"].dtype, pd.CategoricalDtype)
    assert list(log["drill"].cat.categories) == kc.DEFAULT_ROUTINE.ids
    assert list(log["side"].cat.categories) == ["left", "right", "both"]
    assert str(log["reps"].dtype) == "Int64" and str(log["seconds"].dtype) == "Float64"
    # sorted by athlete, date, then the routine's drill order
    assert log[["athlete", "drill"]].astype(str).values.tolist() == [
        ["amy", "self_massage"],
        ["amy", "glute_bridge"],
        ["amy", "clamshell"],
        ["zoe", "couch_stretch"],
    ]
    assert log["line"].iloc[0] == 5  # the massage row is line 5 of the file
    assert log["note"].iloc[0] == "first" and pd.isna(log["note"].iloc[1])


@pytest.mark.parametrize(
    "header",
    ["date,drill,side,reps", "DATE,Drill,SIDE,Reps", " Date , Drill , Side , Reps ", "date,exercise,leg,repetitions"],
)
def test_header_spelling_does_not_matter(write, header):
    log = load(write, f"{header}\n2026-03-02,clams,l,20\n")
    assert (log["drill"].iloc[0], log["side"].iloc[0], log["reps"].iloc[0]) == ("clamshell", "left", 20)


@pytest.mark.parametrize(
    "side, expected",
    [
        ("L", "left"),
        ("left", "left"),
        ("Left", "left"),
        ("R", "right"),
        ("right", "right"),
        ("B", "both"),
        ("both", "both"),
        ("", "both"),
        ("each side", "both"),
    ],
)
def test_side_words(write, side, expected):
    assert load(write, f"date,drill,side,reps\n2026-03-02,clams,{side},20\n")["side"].iloc[0] == expected


def test_sets_times_reps_and_time_units(write):
    log = load(
        write,
        "date,drill,side,reps,sets,seconds,minutes,duration\n"
        "2026-03-02,clams,L,10,3,,,\n"
        "2026-03-02,foam roll,,,,,5,\n"
        "2026-03-02,couch stretch,L,,,,,2:00\n"
        "2026-03-02,couch stretch,R,,2,,,1:05\n"
        "2026-03-02,massage,,,,,,0:01:30\n"
        "2026-03-02,massage,,,,90 s,,\n"
        "2026-03-02,massage,,,,,1.5,\n",
    )
    got = [
        (r.drill, r.side, r.reps if not pd.isna(r.reps) else None, r.seconds if not pd.isna(r.seconds) else None)
        for r in log.itertuples()
    ]
    assert got == [
        ("self_massage", "both", None, 300.0),
        ("self_massage", "both", None, 90.0),
        ("self_massage", "both", None, 90.0),
        ("self_massage", "both", None, 90.0),
        ("clamshell", "left", 30, None),
        ("couch_stretch", "left", None, 120.0),
        ("couch_stretch", "right", None, 130.0),
    ]


def test_two_rows_same_drill_side_day_are_both_kept(write):
    log = load(write, "date,drill,side,reps\n2026-03-02,clams,L,10\n2026-03-02,clams,L,10\n")
    assert log["reps"].tolist() == [10, 10]


def test_timestamps_keep_the_date_as_written(write):
    log = load(
        write,
        "timestamp,drill,side,reps\n"
        "2026-03-02T23:55:00-05:00,clams,L,20\n"  # already 3 March in UTC: still 2 March as written
        "2026-03-03T00:10:00+09:00,clams,R,20\n"  # 2 March in UTC: still 3 March as written
        "2026-03-04 07:30,clams,L,20\n",
    )
    assert [str(d.date()) for d in log["date"]] == ["2026-03-02", "2026-03-03", "2026-03-04"]


def test_day_first_detected_from_the_file(write):
    log = load(write, "date,drill,reps\n02/03/2026,clams,20\n13/03/2026,clams,20\n")
    assert [str(d.date()) for d in log["date"]] == ["2026-03-02", "2026-03-13"]


def test_month_first_detected_from_the_file(write):
    log = load(write, "date,drill,reps\n3/2/2026,clams,20\n3/13/2026,clams,20\n")
    assert [str(d.date()) for d in log["date"]] == ["2026-03-02", "2026-03-13"]


def test_ambiguous_dates_are_an_error_that_names_dayfirst(write):
    text = "date,drill,reps\n02/03/2026,clams,20\n04/04/2026,clams,20\n05/03/2026,clams,20\n"
    with pytest.raises(kc.LogFormatError) as exc:
        load(write, text)
    assert [p.line for p in exc.value.problems] == [2, 4]  # 04/04 reads the same either way
    assert "dayfirst=True" in str(exc.value)
    assert [str(d.date()) for d in load(write, text, dayfirst=False)["date"]] == [
        "2026-02-03",
        "2026-04-04",
        "2026-05-03",
    ]
    assert [str(d.date()) for d in load(write, text, dayfirst=True)["date"]] == [
        "2026-03-02",
        "2026-03-05",
        "2026-04-04",
    ]


def test_month_names(write):
    log = load(write, 'date,drill,reps\n2 Mar 2026,clams,20\n"Mar 3, 2026",clams,20\nTue 4 March 2026,clams,20\n')
    assert [str(d.date()) for d in log["date"]] == ["2026-03-02", "2026-03-03", "2026-03-04"]


def test_athlete_defaults(write):
    assert load(write, "date,drill,reps\n2026-03-02,clams,20\n")["athlete"].tolist() == ["me"]
    assert load(write, "date,drill,reps\n2026-03-02,clams,20\n", default_athlete="Sam")["athlete"].tolist() == ["Sam"]
    log = load(write, "athlete,date,drill,reps\nAmy,2026-03-02,clams,20\n,2026-03-02,clams,20\n", default_athlete="Sam")
    assert log["athlete"].tolist() == ["Amy", "Sam"]


BAD = (
    "date,drill,side,reps,seconds\n"
    "2026-03-02,clams,L,20,\n"  # 2 good
    "2026-03-02,clamp,L,20,\n"  # 3 unknown drill
    "2026-03-02,clams,middle,20,\n"  # 4 unknown side
    "2026-03-02,clams,L,twenty,\n"  # 5 text for a number
    "2026-03-02,clams,L,-3,\n"  # 6 negative
    "2026-03-02,clams,L,12.5,\n"  # 7 fraction of a rep
    "2026-03-02,couch stretch,L,2,\n"  # 8 timed drill with reps only
    "2026-03-02,clams,L,,60\n"  # 9 rep drill with time only
    "2026-03-02,clams,L,,\n"  # 10 no amount
    "2026-02-30,clams,L,20,\n"  # 11 impossible date
    "yesterday,clams,L,20,\n"  # 12 not a date
    ",clams,L,20,\n"  # 13 no date
    "2026-03-02,foam roll,,,-300\n"  # 14 negative time
    "2026-03-02,foam roll,,,5 mins\n"  # 15 good (300 s)
)


def test_every_bad_cell_is_named_with_line_column_value(write):
    with pytest.raises(kc.LogFormatError) as exc:
        load(write, BAD)
    got = [(p.line, p.column, p.value) for p in exc.value.problems]
    assert got == [
        (3, "drill", "clamp"),
        (4, "side", "middle"),
        (5, "reps", "twenty"),
        (6, "reps", "-3"),
        (7, "reps", "12.5"),
        (8, "reps", "2"),
        (9, "seconds", "60"),
        (10, "reps", ""),
        (11, "date", "2026-02-30"),
        (12, "date", "yesterday"),
        (13, "date", ""),
        (14, "seconds", "-300"),
    ]
    message = str(exc.value)
    assert "routine_log.csv:3, column 'drill': 'clamp' — expected a drill name: self_massage" in message
    assert "couch_stretch is timed" in message and "clamshell is counted in reps" in message
    assert "does not exist" in message


def test_report_mode_keeps_good_rows_and_accounts_for_every_row(write):
    log = load(write, BAD, errors="report")
    rejected = log.attrs["rejected"]
    assert len(log) + len(rejected) == 14  # data rows in BAD
    assert log["line"].tolist() == [15, 2]
    assert rejected["line"].tolist() == list(range(3, 15))
    assert list(rejected.columns) == ["file", "line", "column", "value", "reason"]
    assert rejected.loc[0, "reason"].startswith("column 'drill': expected a drill name")


def test_more_than_twenty_problems_are_counted(write):
    text = "date,drill,reps\n" + "".join(f"2026-03-02,clams,x{i}\n" for i in range(25))
    with pytest.raises(kc.LogFormatError) as exc:
        load(write, text)
    assert len(exc.value.problems) == 20 and exc.value.total == 25
    assert "… and 5 more" in str(exc.value)


@pytest.mark.parametrize(
    "header, fragment",
    [
        ("date,side,reps", "a 'drill' column"),
        ("drill,side,reps", "a 'date' (or 'timestamp') column"),
        ("date,drill,side", "an amount column"),
        ("date,drill,reps,Reps", "'reps' appears in columns C ('reps') and D ('Reps')"),
    ],
)
def test_missing_or_repeated_columns_refuse_the_file(write, header, fragment):
    with pytest.raises(kc.LogFormatError) as exc:
        load(write, f"{header}\n2026-03-02,clams,20,20\n")
    assert fragment in str(exc.value)


def test_list_of_files_and_errors_arg(write):
    a = write("a.csv", "date,drill,reps\n2026-03-02,clams,20\n")
    b = write("b.csv", "date,drill,reps\n2026-03-03,clams,18\n")
    assert kc.load_routine_log([a, b])["reps"].tolist() == [20, 18]
    with pytest.raises(ValueError):
        kc.load_routine_log(a, errors="ignore")


def test_frames_with_rejected_rows_still_combine(write):
    a = load(write, "date,drill,reps\n2026-03-02,clams,20\n2026-03-02,clams,x\n", errors="report")
    b = kc.load_routine_log(write("b.csv", "date,drill,reps\n2026-03-03,clams,18\nbad,clams,1\n"), errors="report")
    both = pd.concat([a, b], ignore_index=True)
    assert both["reps"].tolist() == [20, 18]
    assert a[["athlete", "drill"]].astype(str).values.tolist() == [["me", "clamshell"]]
    assert len(a.attrs["rejected"]) == 1 and a.attrs["rejected"].loc[0, "value"] == "x"


def test_rows_come_out_sorted_whatever_the_input_order(write):
    ordered = "athlete,date,drill,side,reps\na,2026-03-02,clams,L,1\na,2026-03-02,clams,R,2\nb,2026-03-01,clams,L,3\n"
    shuffled = "athlete,date,drill,side,reps\nb,2026-03-01,clams,L,3\na,2026-03-02,clams,R,2\na,2026-03-02,clams,L,1\n"
    for text in (ordered, shuffled):
        log = kc.load_routine_log(write("log.csv", text))
        assert log["reps"].tolist() == [1, 2, 3] and log.index.tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    "cells, fragment",
    [
        ("clams,99999999999999999999,", "from 0 to 1,000"),  # an integer overflow
        ("clams,5000000,", "from 0 to 1,000"),
        ("couch stretch,,inf", "finite"),
        ("couch stretch,,nan", "finite"),
        ("couch stretch,,20000", "at most 4 hours"),
        ("couch stretch,,-5", "a number of seconds"),
    ],
)
def test_implausible_and_non_finite_amounts_are_rejected(write, cells, fragment):
    log = load(write, f"date,drill,reps,seconds\n2026-03-02,clams,20,\n2026-03-02,{cells}\n", errors="report")
    assert log["reps"].tolist() == [20]
    (reason,) = log.attrs["rejected"]["reason"]
    assert fragment in reason


def test_sets_times_reps_over_the_limit(write):
    log = load(write, "date,drill,sets,reps\n2026-03-02,clams,3,20\n2026-03-02,clams,100,20\n", errors="report")
    assert log["reps"].tolist() == [60]
    assert "at most 1,000 reps in one row" in log.attrs["rejected"]["reason"].iloc[0]
