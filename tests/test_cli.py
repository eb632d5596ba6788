"""The kneecare command: validate, summary, report, export, demo — and text from athletes made inert."""

import csv
import io
import re
import shutil
import subprocess
import sys

import pytest

import kneecare_analysis as kc
from kneecare_analysis.cli import EXAMPLES, main

from .conftest import SAMPLE

EVIL_NOTE = '<script>alert(1)</script> =HYPERLINK("http://evil.example","x")'


@pytest.fixture
def squad_with_notes(tmp_path):
    folder = tmp_path / "squad"
    shutil.copytree(SAMPLE / "squad", folder)
    with (folder / "routine_log.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            ["=cmd|' /C calc'!A0", "2026-04-20", "clams", "both", "20", "", "", EVIL_NOTE]
        )
    return folder


def test_validate_lists_problems_and_exits_1(capsys):
    code = main(["validate", str(SAMPLE / "checklist" / "routine_log.csv"), str(SAMPLE / "runner")])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0].endswith("routine_log.csv:7:Hip abductions R: '2O' expected a whole number of reps ≥ 0")
    assert out[1].endswith(
        "routine_log.csv:13:Date: '31/04/2026' expected a real calendar date (this day does not exist)"
    )
    assert re.search(r"routine_log.csv:19:Knee pain: '12' expected a pain score from 0 to 10", out[2])
    # 362 routine rows, 96 pain scores, 58 runs and 83 questionnaire answers (the files' own line counts)
    assert out[3] == f"{SAMPLE / 'runner'}: 599 rows read, no problems"


def test_validate_lists_each_problem_of_a_row(write, capsys):
    path = write("routine_log.csv", "date,drill,side,reps\n2026-02-30,clams,middle,20\n")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:2:date: '2026-02-30' expected a real calendar date (this day does not exist)",
        f"{path}:2:side: 'middle' expected a side: left, right or both (L, R, B; blank means both)",
    ]


def test_validate_clean_files_exit_0(write, capsys):
    path = write("pain_log.csv", "date,pain\n2026-03-02,3\n")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"{path}: 1 rows read, no problems"


def test_validate_unreadable_and_unknown_files(write, capsys):
    path = write("x.csv", "colour,size\nred,9\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: cannot tell what this file holds")  # the reason, with no 'expected' or ':nan:'
    assert ":nan" not in out and "expected cannot" not in out
    assert main(["validate", str(write("y.csv", b"\x00\x01binary"))]) == 1
    assert "binary" in capsys.readouterr().out


def test_summary_as_text_and_csv(capsys):
    assert main(["summary", str(SAMPLE / "runner")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.split(r"\s{2,}", lines[0])[:4] == ["athlete", "week", "program week", "sessions"]
    # the first, partial week: 5 sessions, 4 complete, 97 % of the routine (as the weekly_summary doctest)
    assert lines[1].split()[:9] == ["Sam", "02", "Mar", "2026", "1", "5", "4", "97", "%"]
    assert len(lines) == 1 + 13
    assert main(["summary", str(SAMPLE / "squad"), "--athlete", "Kai", "--csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {r["athlete"] for r in rows} == {"Kai"} and rows[0]["week_start"] == "2026-01-05"


def test_report_is_self_contained_and_escapes_athlete_text(squad_with_notes, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(squad_with_notes), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)=['"](https?:)?//""", html)  # nothing fetched from outside
    # the two squad heatmaps (routine, load), a figure per athlete (12 + 1), and the 12 sample athletes' load
    assert html.count("data:image/png;base64,") == 2 + 13 + 12
    assert "Squad overview" in html and html.index("Squad overview") < html.index("id='athlete-Ana'")
    assert "wrote" in capsys.readouterr().out


def test_export_neutralises_formulas(squad_with_notes, tmp_path):
    out = tmp_path / "weeks.csv"
    assert main(["export", str(squad_with_notes), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    athletes = {r["athlete"] for r in rows}
    assert "'=cmd|' /C calc'!A0" in athletes and "=cmd|' /C calc'!A0" not in athletes
    assert all(not v.startswith(("=", "+", "@")) for r in rows for v in r.values())
    ana = [r for r in rows if r["athlete"] == "Ana"]
    assert ana[0]["week_start"] == "2026-01-05" and float(ana[0]["run_km_change"]) > 0
    assert any(r["run_km_change"].startswith("-") for r in ana)  # numbers stay numbers


def test_demo_and_help(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "squad" / "routine_log.csv").exists()
    for command in EXAMPLES:
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert "examples:" in text and f"kneecare {command}" in text


def test_console_script_is_installed():
    script = shutil.which("kneecare", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert script, "the kneecare command is not installed (pip install -e .)"
    done = subprocess.run([script, "--help"], capture_output=True, text=True, check=True)
    assert "validate" in done.stdout and "report" in done.stdout


def test_report_api_for_one_athlete():
    from kneecare_analysis.report import render_report

    html = render_report(kc.load_dataset(SAMPLE / "squad"), athlete="Ana")
    assert "Squad overview" not in html and html.count("data:image/png;base64,") == 2  # routine, then load


def test_one_broken_file_never_sinks_the_folder(tmp_path, capsys):
    """The summary of a folder with one unreadable file shows the rest and names the file left out."""
    folder = tmp_path / "me"
    folder.mkdir()
    (folder / "routine_log.csv").write_text(
        "date,drill,side,reps\n2026-03-02,clams,both,20\n2026-03-03,clams,both,20\n"
    )
    (folder / "pain_log.csv").write_text("date,pain,context\n2026-03-02,4,morning\n2026-03-03,x,morning\n")
    (folder / "notes.csv").write_text("shopping,list\nmilk,eggs\n")
    code = main(["summary", str(folder), "--csv"])
    captured = capsys.readouterr()
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert [(r["week_start"], r["sessions_done"], r["pain_n"]) for r in rows] == [("2026-03-02", "2", "1")]
    assert captured.err.splitlines() == [
        "kneecare summary: 1 row did not load and is left out (kneecare validate lists them; --strict stops instead):",
        "  pain_log.csv:3: pain: “x” is not a pain score from 0 to 10 (NRS) — make it a pain score from 0 to 10 (NRS)",
        "  not the kit's (left out): notes.csv",
        "note: Add your runs (a Strava activities.csv, a Garmin export or your watch's files) beside your logs to "
        "see your running load beside your pain.",
    ]
    assert main(["summary", str(folder), "--strict"]) == 1  # all or nothing, for a script
    assert "notes.csv" in capsys.readouterr().err


def test_plan_draws_each_athletes_start_and_keeps_it_hidden(tmp_path, capsys):
    from kneecare_analysis.design import check_design, read_design

    shutil.copy(SAMPLE / "squad" / "pain_log.csv", tmp_path / "pain_log.csv")
    assert main(["plan", str(tmp_path), "--squad", "--seed", "4", "--days", "14", "28"]) == 0
    out = capsys.readouterr().out
    plan = read_design(tmp_path)
    assert len(plan) == 12 and check_design(plan).all()
    assert ((plan["admissible_to"] - plan["planned_on"]).dt.days == 28).all()
    assert "Ana: score knee pain each morning from" in out and "between" in out
    assert main(["plan", str(tmp_path), "--athlete", "Ana"]) == 1  # a plan is never redrawn
    assert "already has a plan" in capsys.readouterr().err
    assert main(["plan", str(SAMPLE / "runner")]) == 1  # never into the sample
    assert not (SAMPLE / "runner" / "design.toml").exists()
