"""What the kit writes into a data folder is never read back as a log: a weekly export, an HTML report, a PDF,
the loaders' cache and the save journal sit beside the logs and change nothing that loads."""

import shutil

import pytest

import kneecare_analysis as kc
from kneecare_analysis.cli import main

from .conftest import SAMPLE

OWN = "the kit's own weekly summary (made by kneecare export or summary), not a log"


@pytest.fixture
def runner(tmp_path):
    folder = tmp_path / "runner"
    shutil.copytree(SAMPLE / "runner", folder)
    return folder


def test_a_weekly_export_saved_among_the_logs_is_set_aside(runner, capsys):
    before = kc.load_dataset(runner)
    assert main(["export", str(runner), "--out", str(runner / "weeks.csv")]) == 0
    assert main(["report", str(runner), "--out", str(runner / "report.html")]) == 0
    capsys.readouterr()

    after = kc.load_dataset(runner)  # errors="raise": nothing in the folder is a problem
    assert len(after.log) == len(before.log) and len(after.pain) == len(before.pain)
    assert len(after.runs) == len(before.runs)
    skipped = after.log.attrs["skipped"]
    mine = skipped[skipped["file"].str.endswith("weeks.csv")]
    assert mine[["line", "what", "reason"]].values.tolist() == [[1, "a file", OWN]]

    assert main(["validate", str(runner)]) == 0
    said = capsys.readouterr().out
    assert "no problems" in said and "cannot tell" not in said


def test_a_summary_saved_by_hand_is_set_aside_too(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "pain_log.csv").write_text("date,pain,context\n2026-03-02,3,morning\n2026-03-03,2,morning\n")
    (folder / "summary.csv").write_text(
        "athlete,week_start,program_week,dose_adherence\nme,2026-03-02,1,0.5\n", encoding="utf-8-sig"
    )
    pain = kc.load_pain_log(folder)
    assert pain["pain"].tolist() == [3.0, 2.0]
    assert pain.attrs["skipped"]["reason"].tolist() == [OWN]
