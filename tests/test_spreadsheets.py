"""Spreadsheets as people keep them: a sheet per month, a title above the header, total rows, notes sheets,
copies of a sheet, LibreOffice .ods."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest

import kneecare_analysis as kc

HEADER = ["Date", "Clams L", "Clams R", "Couch stretch L (s)", "Couch stretch R (s)", "Knee pain"]


def month(ws, year_month: tuple[int, int], days: int, *, title: bool = True, total: bool = True) -> None:
    """A runner's month: a title and a blank row above the header, one row a day, totals at the bottom."""
    if title:
        ws.append(["My knee rehab log 2026"])
        ws.append([])
    ws.append(HEADER)
    for d in range(1, days + 1):
        ws.append([dt.date(*year_month, d), 20, 20, 120, 120, 3])
    if total:
        ws.append(["Total", 20 * days, 20 * days, 120 * days, 120 * days, None])


def workbook(path, months: dict[str, tuple[tuple[int, int], int]], *, notes: bool = True, copy_of: str | None = None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (ym, days) in months.items():
        month(wb.create_sheet(name), ym, days)
    if copy_of:
        month(wb.create_sheet(f"{copy_of} (2)"), months[copy_of][0], months[copy_of][1])
    if notes:
        wb.create_sheet("Notes").append(["Remember: ice after long runs"])
    wb.save(path)
    return path


def test_every_month_sheet_loads_once_with_titles_and_totals_aside(tmp_path):
    path = workbook(tmp_path / "log.xlsx", {"March": ((2026, 3), 15), "April": ((2026, 4), 15)})
    log = kc.load_routine_log(path)
    assert len(log) == 30 * 4  # 30 days × 4 drill cells, every entry of both sheets
    assert log.groupby("file", observed=True).size().to_dict() == {f"{path}[April]": 60, f"{path}[March]": 60}
    march = log[log["file"] == f"{path}[March]"]
    assert march["line"].min() == 4 and march["line"].max() == 18  # the file's own rows: title 1, header 3
    skipped = log.attrs["skipped"]
    reasons = skipped.groupby(["file", "reason"]).size().to_dict()
    assert reasons[(f"{path}[March]", "above the header")] == 1
    assert reasons[(f"{path}[March]", "a blank row")] == 1
    assert reasons[(f"{path}[March]", "a summary row")] == 1
    (notes,) = skipped[skipped["file"] == f"{path}[Notes]"]["reason"]
    assert notes.startswith("no log in it: cannot tell what this file holds")
    pain = kc.load_pain_log(path)
    assert len(pain) == 30 and pain["pain"].eq(3).all()
    assert len(pain.attrs["rejected"]) == 0


def test_a_copied_sheet_is_not_counted_twice(tmp_path):
    path = workbook(tmp_path / "log.xlsx", {"March": ((2026, 3), 10)}, copy_of="March")
    with pytest.raises(kc.LogFormatError, match="a day that sheet 'March' holds too"):
        kc.load_routine_log(path)
    log = kc.load_routine_log(path, errors="report")
    assert len(log) == 40 and set(log["file"].astype(str)) == {f"{path}[March]"}
    rejected = log.attrs["rejected"]
    assert set(rejected["file"]) == {f"{path}[March (2)]"} and len(rejected) == 40


def test_a_csv_with_a_title_and_a_total_row(write):
    text = (
        "My knee rehab log 2026,,,\n"
        ",,,\n"
        "Date,Drill,Side,Reps\n"
        "2026-03-02,clams,L,20\n"
        "2026-03-02,clams,R,20\n"
        "2026-03-03,clams,L,15\n"
        "Total,,,55\n"
    )
    log = kc.load_routine_log(write("log.csv", text))
    assert log["reps"].tolist() == [20, 20, 15] and log["line"].tolist() == [4, 5, 6]
    skipped = log.attrs["skipped"]
    assert skipped[["line", "reason"]].values.tolist() == [
        [1, "above the header"],
        [2, "a blank line"],
        [7, "a summary row"],
    ]
    assert len(log) + len(skipped) + len(log.attrs["rejected"]) == 6  # every line but the header


def test_totals_without_a_word_below_the_data(write):
    text = "Date;Clams L;Clams R;Knee pain\n02/03/2026;20;20;3\n03/03/2026;15;15;4\n;35;35;3,5\n"
    log = kc.load_routine_log(write("log.csv", text), dayfirst=True)
    assert log["reps"].tolist() == [20, 20, 15, 15]
    assert log.attrs["skipped"][["line", "reason"]].values.tolist() == [[4, "a total row below the data (no date)"]]


def test_a_forgotten_date_is_not_taken_for_a_total(write):
    text = "date,pain\n2026-03-02,3\n2026-03-03,4\n,2\n"
    with pytest.raises(kc.LogFormatError, match="a date"):
        kc.load_pain_log(write("pain.csv", text))


def test_german_summary_words(write):
    text = "Datum,Übung,Seite,Wiederholungen\n2026-03-02,clams,L,20\nSumme,,,20\nDurchschnitt,,,20\n"
    log = kc.load_routine_log(
        write("log.csv", text.replace("Datum,Übung,Seite,Wiederholungen", "date,drill,side,reps"))
    )
    assert len(log) == 1 and log.attrs["skipped"]["reason"].tolist() == ["a summary row", "a summary row"]


def test_formulas_are_read_as_their_values(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Drill", "Reps"])
    ws.append([dt.date(2026, 3, 2), "clams", "=10*2"])
    path = tmp_path / "log.xlsx"
    wb.save(path)
    # openpyxl writes no cached result; a spreadsheet program does. Without one the cell has no value:
    assert kc.load_routine_log(path, errors="report").attrs["rejected"]["reason"].str.contains("amount").all()


def test_libreoffice_ods(tmp_path):
    path = tmp_path / "log.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame({"Date": ["2026-03-02", "2026-03-03"], "Drill": ["clams", "bridge"], "Reps": [20, 15]}).to_excel(
            writer, sheet_name="March", index=False
        )
        pd.DataFrame({"Date": ["2026-04-01"], "Drill": ["clams"], "Reps": [18]}).to_excel(
            writer, sheet_name="April", index=False
        )
    log = kc.load_routine_log(path)
    assert sorted(log["reps"].tolist()) == [15, 18, 20]
    assert set(log["file"].astype(str)) == {f"{path}[March]", f"{path}[April]"}


def test_an_infinite_figure_is_no_total_row():
    # found by the property test: "1e999" under rows of 20 reps is not their total, it is a bad row
    rows = [["2026-03-02", "clams", "L", "20"]] * 3 + [["", "", "1e999", "20"]]
    log = kc.load_routine_log(pd.DataFrame(rows, columns=["date", "drill", "side", "reps"]), errors="report")
    assert len(log) == 3 and log.attrs["rejected"]["line"].tolist() == [5]
