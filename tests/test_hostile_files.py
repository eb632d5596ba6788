"""Hostile files get a clear error within stated time and memory: a zip bomb named .xlsx, JSON nested without
end or holding a 5,000-digit number, a named pipe, a file mixing encodings, a stray comma on every row, more
rows than the kit reads, files and folders that cannot be read, and a link that loops."""

from __future__ import annotations

import os
import pathlib
import resource
import time
import zipfile

import openpyxl
import pytest

import kneecare_analysis as kc
from kneecare_analysis.loaders import read, sources
from kneecare_analysis.loaders.read import delimited, table

HEADER = "date,athlete,drill,side,reps\n"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_zip_bomb_named_xlsx_is_refused_from_its_declared_sizes(tmp_path):
    bomb = tmp_path / "routine_log.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
        z.filelist[-1].file_size = 1024**3 + 8  # the directory declares a 1 GB sheet; 12 bytes are there
    assert bomb.stat().st_size < 1000
    before, start = peak_rss_mb(), time.monotonic()
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(bomb)
    assert time.monotonic() - start < 2 and peak_rss_mb() - before < 50
    assert str(exc.value).endswith(
        f"{bomb}: unpacks to 1.0 GB; the kit reads workbooks that unpack to up to 1.0 GB: save it as CSV or split it"
    )


def test_a_workbook_whose_parts_lie_about_their_size_is_never_unpacked_beyond_it(tmp_path):
    liar = tmp_path / "routine_log.xlsx"
    with zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b" " * 20_000_000)
        z.filelist[-1].file_size = 100  # declared small, 20 MB inside
    start = time.monotonic()
    with pytest.raises(kc.LogFormatError, match="not a readable Excel workbook"):
        kc.load_routine_log(liar)
    assert time.monotonic() - start < 2


def write_json_lines(path: pathlib.Path, hostile_line: str) -> None:
    good = '{"date": "2026-03-02", "athlete": "ana", "drill": "clams", "side": "L", "reps": 20}'
    path.write_text(f"{good}\n{hostile_line}\n{good}\n", encoding="utf-8")


def test_json_nested_without_end_names_the_file_and_line(tmp_path):
    path = tmp_path / "routine_log.jsonl"
    write_json_lines(path, '{"date": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(path)
    assert f"{path}:2:" in str(exc.value) and "nested less deeply" in str(exc.value)
    ds = kc.load_dataset(tmp_path, errors="report")
    assert len(ds.log) == 2
    assert ds.problems[["file", "line"]].values.tolist() == [[str(path), 2]]


def test_a_5000_digit_number_names_the_file_and_line(tmp_path):
    path = tmp_path / "routine_log.jsonl"
    write_json_lines(path, '{"date": "2026-03-03", "reps": ' + "9" * 5000 + "}")
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(path)
    assert f"{path}:2:" in str(exc.value) and "numbers of at most 4,300 digits" in str(exc.value)


def test_a_json_array_nested_without_end_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "routine_log.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(kc.LogFormatError, match="nested less deeply") as exc:
        kc.load_routine_log(path)
    assert f"{path}:1:" in str(exc.value)


def test_a_named_pipe_is_refused_at_once(tmp_path):
    pipe = tmp_path / "routine_log.csv"
    os.mkfifo(pipe)
    with pytest.raises(kc.LogFormatError, match="not a regular file"):
        kc.load_routine_log(pipe)


def test_one_latin_1_line_among_utf_8_lines_keeps_one_athlete(tmp_path):
    path = tmp_path / "routine_log.csv"
    path.write_bytes(
        HEADER.encode()
        + "2026-03-02,Zoë,clams,L,20\n".encode()
        + "2026-03-03,Zoë,clams,L,21\n".encode("latin-1")
        + "2026-03-04,Zoë,clams,L,22\n".encode()
    )
    log = kc.load_routine_log(path)
    assert log["athlete"].tolist() == ["Zoë", "Zoë", "Zoë"]


def test_a_byte_neither_utf_8_nor_cp1252_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "routine_log.csv"
    path.write_bytes(HEADER.encode() + "2026-03-02,Zoë,clams,L,20\n".encode() + b"2026-03-03,Zo\x81,clams,L,21\n")
    with pytest.raises(kc.LogFormatError) as exc:
        kc.load_routine_log(path)
    assert f"{path}:3: '0x81'" in str(exc.value)


def test_a_stray_comma_on_every_row_lists_1000_and_counts_the_rest(tmp_path):
    path = tmp_path / "routine_log.csv"
    path.write_text(HEADER + "2026-03-02,ana,clams,L,20,x\n" * 5000, encoding="utf-8")
    (got,) = read.read_tables(path)
    assert len(got.problems) == table.MAX_PROBLEMS + 1 == 1001
    assert [p.line for p in got.problems[:2]] == [2, 3]
    last = got.problems[-1]
    assert (last.line, last.value) == (1002, "and 4,000 more rows like these")  # rows 1,001-5,000 start on 1,002
    ds = kc.load_dataset(tmp_path, errors="report")
    assert len(ds.log) == 0 and len(ds.problems) == 1001


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_every_reader_refuses_more_rows_than_the_kit_reads(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(table, "MAX_ROWS", 4)
    rows = [["2026-03-02", "ana", "clams", "L", str(n)] for n in range(5)]
    keys = HEADER.strip().split(",")
    for n in (4, 5):
        path = tmp_path / f"{n}" / f"routine_log{suffix}"
        path.parent.mkdir()
        if suffix == ".csv":
            path.write_text(HEADER + "".join(",".join(r) + "\n" for r in rows[:n]), encoding="utf-8")
        elif suffix == ".jsonl":
            path.write_text("".join(str(dict(zip(keys, r, strict=True))).replace("'", '"') + "\n" for r in rows[:n]))
        else:
            wb = openpyxl.Workbook()
            for r in [keys, *rows[:n]]:
                wb.active.append(r)
            wb.save(path)
    assert kc.load_routine_log(tmp_path / "4" / f"routine_log{suffix}")["reps"].tolist() == [0, 1, 2, 3]
    with pytest.raises(kc.LogFormatError, match="up to 4 rows at once: split it"):
        kc.load_routine_log(tmp_path / "5" / f"routine_log{suffix}")


def test_rows_too_long_for_the_header_count_toward_the_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(table, "MAX_ROWS", 4)
    path = tmp_path / "routine_log.csv"
    path.write_text("date,drill,reps\n" + "2026-03-02,clams,20,x\n" * 5, encoding="utf-8")
    with pytest.raises(kc.LogFormatError, match="up to 4 rows at once"):
        kc.load_routine_log(path, errors="report")


def athlete_folder(root: pathlib.Path, name: str, reps: int) -> pathlib.Path:
    folder = root / name
    folder.mkdir()
    (folder / "routine_log.csv").write_text(f"date,drill,side,reps\n2026-03-02,clams,L,{reps}\n", encoding="utf-8")
    return folder / "routine_log.csv"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_read_permission_is_one_problem_in_report_mode(tmp_path):
    athlete_folder(tmp_path, "ana", 20)
    locked = athlete_folder(tmp_path, "ben", 21)
    locked.chmod(0)
    ds = kc.load_dataset(tmp_path, errors="report")
    assert ds.log["athlete"].tolist() == ["ana"]
    assert ds.problems[["file", "reason"]].values.tolist() == [
        [str(locked), "cannot be read: permission denied (ask the folder's owner)"]
    ]


def test_permission_errors_are_reported_per_file_and_per_folder(tmp_path, monkeypatch):
    athlete_folder(tmp_path, "ana", 20)
    locked = athlete_folder(tmp_path, "ben", 21)
    locked_folder = athlete_folder(tmp_path, "cy", 22).parent
    real_refuse, real_iterdir = delimited.refuse_other_kinds, pathlib.Path.iterdir

    def refuse(path, name):
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        real_refuse(path, name)

    def iterdir(self):
        if self == locked_folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(delimited, "refuse_other_kinds", refuse)
    monkeypatch.setattr(pathlib.Path, "iterdir", iterdir)
    ds = kc.load_dataset(tmp_path, errors="report")
    assert ds.log["athlete"].tolist() == ["ana"]
    got = sorted(map(tuple, ds.problems[["file", "reason"]].values.tolist()))
    assert got == [
        (str(locked), "cannot be read: permission denied (ask the folder's owner)"),
        (str(locked_folder), "a folder that cannot be read: permission denied (ask the folder's owner)"),
    ]


def test_a_link_that_loops_is_not_an_athlete_and_is_reported(tmp_path):
    athlete_folder(tmp_path, "ana", 20)
    (tmp_path / "loop").symlink_to(".")
    (tmp_path / "ana" / "up").symlink_to("..")
    ds = kc.load_dataset(tmp_path, errors="report")
    assert ds.log["athlete"].tolist() == ["ana"] and ds.log["reps"].tolist() == [20]
    assert sorted(ds.problems["file"]) == [str(tmp_path / "ana" / "up"), str(tmp_path / "loop")]
    assert set(ds.problems["reason"]) == {
        "a link to this folder or a folder above it: not read (its files would be counted twice)"
    }
    assert sources.points_upward(tmp_path / "loop") and not sources.points_upward(tmp_path / "ana")
