"""File formats, encodings and separators: the same log in every form loads to the same rows."""

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest

import kneecare_analysis as kc

ROWS = [  # date, drill, side, reps, seconds, note — the expected content of every variant below
    ("2026-03-02", "self_massage", "both", None, 300.0, "café après"),
    ("2026-03-02", "clamshell", "left", 20, None, None),
    ("2026-03-02", "couch_stretch", "right", None, 150.0, None),
]
CSV = (
    "date,drill,side,reps,seconds,note\n2026-03-02,foam roll,,,300,café après\n2026-03-02,clams,L,20,,\n"
    "2026-03-02,couch stretch,R,,150,\n"
)


def rows(frame):
    out = []
    for r in frame.itertuples():
        out.append(
            (
                str(r.date.date()),
                r.drill,
                r.side,
                None if pd.isna(r.reps) else int(r.reps),
                None if pd.isna(r.seconds) else float(r.seconds),
                None if pd.isna(r.note) else r.note,
            )
        )
    return out


@pytest.mark.parametrize(
    "name, content, encoding",
    [
        ("log.csv", CSV, "utf-8"),
        ("log.csv", "\ufeff" + CSV, "utf-8"),  # BOM
        ("log.csv", CSV, "cp1252"),  # Excel on Windows
        ("log.csv", CSV.replace("\n", "\r\n"), "utf-8"),
        ("log.csv", "\ufeff" + CSV, "utf-16"),  # "Unicode text" from Excel
        ("log.csv", CSV.replace(",", ";"), "utf-8"),
        ("log.tsv", CSV.replace(",", "\t"), "utf-8"),
        ("log.txt", CSV.replace(",", "\t"), "utf-8"),
        ("log.csv", "\n\n" + CSV.replace("\n2026-03-02,clams", "\n\n2026-03-02,clams"), "utf-8"),  # blank lines
    ],
)
def test_text_variants(write, name, content, encoding):
    assert rows(kc.load_routine_log(write(name, content, encoding))) == ROWS


def test_decimal_commas_in_semicolon_files(write):
    path = write("log.csv", "Date;Drill;Minutes\n2026-03-02;foam roll;2,5\n2026-03-02;couch stretch;1,75\n")
    assert kc.load_routine_log(path)["seconds"].tolist() == [150.0, 105.0]


def test_xlsx(tmp_path):
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Drill", "Side", "Reps", "Seconds", "Note"])
    ws.append([dt.datetime(2026, 3, 2), "foam roll", None, None, 300, "café après"])
    ws.append([dt.datetime(2026, 3, 2), "clams", "L", 20, None, None])
    ws.append([])  # a blank row in the middle
    ws.append([dt.date(2026, 3, 2), "couch stretch", "R", None, 150.0, None])
    path = tmp_path / "log.xlsx"
    wb.save(path)
    log = kc.load_routine_log(path)
    assert rows(log) == ROWS
    assert log["line"].tolist() == [2, 3, 5] and set(log["file"].astype(str)) == {str(path)}


def test_jsonl_and_json_array(write):
    records = [
        {"date": "2026-03-02", "drill": "foam roll", "seconds": 300, "note": "café après"},
        {"date": "2026-03-02", "drill": "clams", "side": "L", "reps": 20},
        {"date": "2026-03-02", "drill": "couch stretch", "side": "R", "seconds": 150.0, "note": None},
    ]
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    assert rows(kc.load_routine_log(write("log.jsonl", lines))) == ROWS
    assert rows(kc.load_routine_log(write("log.json", json.dumps(records)))) == ROWS


def test_parquet_keeps_types(tmp_path):
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-03-02"] * 3),
            "drill": ["foam roll", "clams", "couch stretch"],
            "side": [None, "L", "R"],
            "reps": pd.array([None, 20, None], dtype="Int64"),
            "seconds": [300, np.nan, 150],
            "note": ["café après", None, None],
        }
    )
    path = tmp_path / "log.parquet"
    frame.to_parquet(path)
    assert rows(kc.load_routine_log(path)) == ROWS
    assert rows(kc.load_routine_log(frame)) == ROWS


def test_quoted_newlines_keep_true_line_numbers(write):
    path = write(
        "log.csv",
        'date,drill,side,reps,note\n2026-03-02,clams,L,20,"two\nlines"\n2026-03-02,clams,R,2O,\n',
    )
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(path)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column, problem.value) == (4, "reps", "2O")


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("log.csv", b"", "empty"),
        ("log.csv", b"\n\n  \n", "empty"),
        ("log.csv", bytes(range(256)) * 4, "binary"),
        ("log.xlsx", b"date,drill\n2026-03-02,clams\n", "not a readable Excel workbook"),
        ("log.xls", b"whatever", "save the sheet as .xlsx"),
        ("log.csv", b"PK\x03\x04rest-of-a-zip", ".xlsx extension"),
        ("log.csv", b'date,drill,reps\n2026-03-02,"clams,20\n2026-03-03,clams,20\n', "closing quote"),
        (
            "log.csv",
            "date,drill,reps\n2026-03-02,clams,20\n2026-03-03,clams\x81,20\n".encode("latin-1"),
            "UTF-8 or cp1252",
        ),
        ("log.parquet", b"not parquet at all", "Parquet"),
    ],
)
def test_unreadable_files_are_refused_by_name(write, name, content, fragment):
    path = write(name, content)
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(path)
    assert str(path) in str(exc.value)
    assert fragment in str(exc.value)


def test_unclosed_quote_names_the_line_it_opens_on(write):
    path = write("log.csv", 'date,drill,reps\n2026-03-01,clams,20\n2026-03-02,"clams,20\n2026-03-03,clams,20\n')
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(path)
    assert exc.value.problems[0].line == 3


def test_ragged_rows(write):
    path = write("log.csv", "date,drill,reps\n2026-03-02,clams,20\n2026-03-02,clams,20,extra,cells\n2026-03-03,clams\n")
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(path)
    long_row, short_row = exc.value.problems  # the short row is read with its missing cell blank: no amount
    assert long_row.line == 3 and "3 fields like the header, found 5" in long_row.expected
    assert short_row.line == 4 and "an amount" in short_row.expected
    log = kc.load_routine_log(path, errors="report")
    assert len(log) == 1
    assert log.attrs["rejected"]["line"].tolist() == [3, 4]


QUOTED_NOTE = '"a note, with a comma"'


def big_log(rows: int) -> str:
    lines = ["date,drill,side,reps,seconds,note"]
    for i in range(rows):
        lines.append(
            f"2026-03-{1 + i % 28:02d},{'clams' if i % 2 else 'couch stretch'},L,{'20' if i % 2 else ''},"
            f"{'' if i % 2 else '120'},{QUOTED_NOTE if i % 7 == 0 else ''}"
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_large_files_read_the_same_by_both_readers(write, monkeypatch, newline):
    from kneecare_analysis.loaders.read import delimited

    text = big_log(40_000).replace("2026-03-06,clams,L,20,,", "2026-03-06,clams,L,2O,,", 1)  # row 5, line 7
    text = text.replace("\n2026-03-10,clams", "\n\n2026-03-10,clams", 1)  # a blank line after line 10
    text = text.replace("\n", newline)
    path = write("big.csv", "\ufeff" + text)
    assert path.stat().st_size > delimited.FAST_BYTES
    fast = kc.load_routine_log(path, errors="report")
    monkeypatch.setattr(delimited, "FAST_BYTES", 1 << 40)  # the exact reader only
    exact = kc.load_routine_log(path, errors="report")
    pd.testing.assert_frame_equal(fast, exact)
    assert fast.attrs["rejected"][["line", "column", "value"]].values.tolist() == [[7, "reps", "2O"]]
    assert fast["line"].max() == 40_000 + 2  # the header, 40,000 rows and the blank line
    assert fast.attrs["skipped"][["line", "reason"]].values.tolist() == [[11, "a blank line"]]


def test_large_files_with_quoted_newlines_fall_back_to_the_exact_reader(write):
    text = big_log(40_000).replace(QUOTED_NOTE, '"two\nlines"', 1)
    log = kc.load_routine_log(write("big.csv", text))
    assert len(log) == 40_000 and (log["note"] == "two\nlines").sum() == 1
    assert log["line"].max() == 40_002  # one line more than rows


def quoted(text: str) -> str:
    """Every cell in double quotes, as pyarrow's and some spreadsheets' CSV writers do."""
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(csv.reader(io.StringIO(text)))
    return out.getvalue()


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t, id="plain"),
        pytest.param(quoted, id="every-cell-quoted"),
        pytest.param(lambda t: t.replace("\n2026-03-09,", "\n,,,,,\n2026-03-09,", 1), id="row-of-separators"),
        pytest.param(lambda t: t.replace("\n2026-03-09,", "\r2026-03-09,", 1), id="lone-CR"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="CRLF"),
        pytest.param(lambda t: t.rstrip("\n"), id="no-final-newline"),
        pytest.param(lambda t: t.replace("date,drill", '"da\nte",drill', 1), id="header-over-two-lines"),
    ],
)
def test_fast_reader_agrees_with_the_exact_reader(write, monkeypatch, variant):
    """Whatever the fast path takes on (or hands back to the exact reader), rows, line numbers and problems
    are those of the exact reader."""
    from kneecare_analysis.loaders.read import delimited

    text = big_log(40_000).replace("2026-03-06,clams,L,20,,", "2026-03-06,clams,L,-3,,", 1)  # row 5, line 7
    path = write("big.csv", variant(text))
    assert path.stat().st_size > delimited.FAST_BYTES
    fast = kc.load_routine_log(path, errors="report")
    monkeypatch.setattr(delimited, "FAST_BYTES", 1 << 40)
    exact = kc.load_routine_log(path, errors="report")
    pd.testing.assert_frame_equal(fast, exact)
    pd.testing.assert_frame_equal(fast.attrs["rejected"], exact.attrs["rejected"])
    assert len(fast) + len(fast.attrs["rejected"]) >= 39_999


def test_fast_reader_numbers_rows_by_their_lines(write, monkeypatch):
    from kneecare_analysis.loaders.read import delimited

    path = write("big.csv", big_log(40_000))
    calls = []
    fast = delimited.fast_csv.read

    def counted(*args, **kwargs):
        table = fast(*args, **kwargs)
        calls.append(table)
        return table

    monkeypatch.setattr(delimited.fast_csv, "read", counted)
    log = kc.load_routine_log(path)
    (table,) = calls  # the fast path read the file, into dictionary-encoded columns
    assert table is not None and all(isinstance(table.frame[c].dtype, pd.CategoricalDtype) for c in table.frame)
    assert sorted(log["line"]) == list(range(2, 40_002))  # header on line 1, rows on lines 2…40,001
    assert set(log["file"].astype(str)) == {str(path)}
    row = log[log["line"] == 40_001]  # the last row: i = 39,999 is odd, so clams on 2026-03-{1 + 39,999 % 28} = 16
    assert row[["drill", "reps"]].values.tolist() == [["clamshell", 20]] and row["date"].iloc[0].day == 16


def test_parquet_in_its_own_types_loads_like_the_same_frame(tmp_path):
    """Dictionary-encoded text with gaps, a stored index, a categorical with an unused category, dates with
    and without a time of day, and a timezone: the Parquet file loads exactly as the DataFrame it came from."""
    import pyarrow.parquet as pq

    n = 70_000  # above the size where dates are coded by day
    days = pd.Timestamp("2026-03-02") + pd.to_timedelta(np.arange(n) // 360, unit="D")  # 195 days
    frame = pd.DataFrame(
        {
            "athlete": pd.Categorical(np.where(np.arange(n) % 3, "ann", "bo"), categories=["ann", "bo", "cy"]),
            "date": days,
            "drill": np.where(np.arange(n) % 2, "clams", "couch stretch"),
            "side": np.where(np.arange(n) % 5 == 0, None, "L"),
            "reps": np.where(np.arange(n) % 2, "20", ""),
            "seconds": np.where(np.arange(n) % 2, None, "120"),
            "note": np.where(np.arange(n) % 1000 == 0, "sore", None),
        },
        index=pd.Index(np.arange(n) * 3 + 7, name="row"),  # stored as a column of the file, not loaded
    )
    for dates in (days, days + pd.Timedelta("18h"), (days + pd.Timedelta("23h")).tz_localize("America/Chicago")):
        frame["date"] = dates
        path = tmp_path / "log.parquet"
        frame.to_parquet(path)
        assert "row" in pq.read_schema(path).names
        from_file, from_frame = kc.load_routine_log(path), kc.load_routine_log(frame.reset_index(drop=True))
        pd.testing.assert_frame_equal(
            from_file.drop(columns="file"), from_frame.drop(columns="file"), check_categorical=True
        )
        assert from_file["date"].min() == pd.Timestamp("2026-03-02")  # the written date, time of day dropped
        assert list(from_file.athlete.cat.categories) == ["ann", "bo"]
        assert from_file["side"].value_counts().to_dict() == {"left": n - n // 5, "both": n // 5, "right": 0}
        assert from_file["note"].notna().sum() == n // 1000
        first_row = from_file[from_file["line"] == 2]  # the file's first row, numbered like a line
        assert first_row[["athlete", "drill"]].astype(str).values.tolist() == [["bo", "couch_stretch"]]


@pytest.mark.parametrize("title", ["Sam's knee log, spring 2026,,,,", "Sam's knee log"])
def test_a_title_row_above_the_header_is_found_in_a_large_file_too(write, monkeypatch, title):
    """A title above the header is found wherever the file's size sends it: a large file that the fast engine
    took with the title as its header is read again by the exact reader, and says so."""
    from kneecare_analysis.loaders.read import delimited

    path = write("big.csv", title + "\n" + big_log(40_000))
    assert path.stat().st_size > delimited.FAST_BYTES
    fast = kc.load_routine_log(path)
    assert len(fast) == 40_000 and fast["line"].min() == 3 and fast["line"].max() == 40_002
    assert fast.attrs["skipped"][["line", "reason"]].values.tolist() == [[1, "above the header"]]
    assert fast.attrs["read_by"][str(path)].startswith("exact (")
    monkeypatch.setattr(delimited, "FAST_BYTES", 1 << 40)  # the exact reader only
    exact = kc.load_routine_log(path)
    pd.testing.assert_frame_equal(fast, exact)
    assert exact.attrs["read_by"] == {str(path): "exact"}


def test_the_reader_says_which_engine_read_a_file(write):
    small = write("small.csv", big_log(10))
    big = write("big.csv", big_log(40_000))
    assert kc.load_routine_log(small).attrs["read_by"] == {str(small): "exact"}
    assert kc.load_routine_log(big).attrs["read_by"] == {str(big): "fast"}
    commented = write("commented.csv", "# exported by hand\n" + big_log(40_000))
    assert kc.load_routine_log(commented).attrs["read_by"] == {
        str(commented): "exact (read by the exact reader: a comment line at the top)"
    }


def test_every_reader_is_in_the_registry_and_the_data_folder_asks_it(tmp_path):
    from kneecare_analysis import paths
    from kneecare_analysis.loaders.read import READERS, SUFFIXES

    expected = {
        ".csv",
        ".tsv",
        ".txt",
        ".tab",
        ".xlsx",
        ".xlsm",
        ".ods",
        ".jsonl",
        ".ndjson",
        ".json",
        ".parquet",
        ".pq",
        ".fit",
        ".tcx",
        ".gpx",
        ".xml",
        ".gz",
        ".zip",
    }
    assert expected == set(SUFFIXES)
    assert sum(len(r.SUFFIXES) for r in READERS) == len(SUFFIXES)  # one reader per suffix
    (tmp_path / "notes.md").write_text("# not a table\n")
    assert not paths.holds_logs(tmp_path)
    (tmp_path / "Ana").mkdir()
    (tmp_path / "Ana" / "log.pq").write_bytes(b"")
    assert paths.holds_logs(tmp_path)
