"""A runner's first hour: whatever they bring gives them something true, and nothing stops on a bad row.

Folders with runs only, pain only, runs and pain, a routine log only, everything, or nothing yet; a pain log with
two typos and a file that is not the kit's. Every expected value is worked out by hand from the rows written here.
"""

import csv
import io
import json
import math
import shutil

import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis import lab, render
from kneecare_analysis.cli import main
from kneecare_analysis.dataset import NEXT_STEPS, folder_to_read

from .conftest import SAMPLE

# Three runs (one without a distance) and six pain scores, no routine log.
RUNS = "date,distance_km,duration_min,rpe\n2026-03-03,,30,5\n2026-03-05,,40,6\n2026-03-10,5.0,30,4\n"
PAIN = (
    "date,pain,context\n2026-03-03,4,morning\n2026-03-04,3,after_run\n2026-03-06,5,morning\n"
    "2026-03-09,2,morning\n2026-03-11,3,morning\n2026-03-12,6,after_run\n"
)


@pytest.fixture
def runs_and_pain(tmp_path):
    folder = tmp_path / "me"
    folder.mkdir()
    (folder / "activities.csv").write_text(RUNS)
    (folder / "pain_log.csv").write_text(PAIN)
    return folder


def test_runs_and_pain_without_a_routine_log_give_weeks_of_pain_and_running(runs_and_pain):
    ds = kc.load_dataset(runs_and_pain)
    assert (ds.holds("routine"), ds.holds("pain"), ds.holds("runs")) == (False, True, True)
    assert ds.next_steps() == [NEXT_STEPS["routine"]]
    weeks = ds.weekly_summary()
    # from the first run or score (Tue 3 Mar, in the week of Mon 2 Mar) to the last score (Thu 12 Mar)
    assert weeks["week_start"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-02", "2026-03-09"]
    assert weeks["days_in_window"].tolist() == [6, 4]  # Tue 3 to Sun 8 March, Mon 9 to Thu 12 March
    assert weeks["pain_n"].tolist() == [3, 3]
    assert weeks["pain_mean"].tolist() == pytest.approx([4.0, 11 / 3])  # (4+3+5)/3, (2+3+6)/3
    assert weeks["pain_max"].tolist() == [5.0, 6.0]
    assert weeks["run_count"].tolist() == [2, 1]
    assert math.isnan(weeks["run_km"].iloc[0])  # two runs, neither with a distance: unknown, not 0 km
    assert weeks["run_km"].iloc[1] == 5.0
    # the routine's columns are unknown, never "0 % done"
    assert weeks[["dose_adherence", "sessions_done", "prescribed"]].isna().all().all()
    assert weeks["band"].isna().all()
    assert weeks["flags"].tolist() == ["", "pain over 5/10"]


def test_a_week_with_no_run_has_0_km_and_a_run_without_distance_blank(runs_and_pain):
    (runs_and_pain / "pain_log.csv").write_text(PAIN + "2026-03-18,2,morning\n")
    weeks = kc.load_dataset(runs_and_pain).weekly_summary()
    assert weeks["run_count"].tolist() == [2, 1, 0]
    assert weeks["run_km"].tolist()[1:] == [5.0, 0.0]  # no run that week: 0 km is true
    table = render.text_table(render.summary_view(weeks)).splitlines()
    assert table[1].split()[:7] == ["me", "02", "Mar", "2026", "1", "4.0", "5.0"]  # no km in the first week
    assert "running km" in table[0] and "routine done" not in table[0] and "sessions" not in table[0]


def test_pain_alone_gives_pain_over_the_weeks_and_a_first_week_baseline(tmp_path):
    days = pd.date_range("2026-03-02", "2026-03-16")
    scores = [4, 4, 5, 3, 4, 4, 4, 3, 2, 2, 3, 2, 2, 2, 1]  # the first week's mean 4.0; the last 7 days' 2.0
    (tmp_path / "pain.csv").write_text(
        "date,pain,context\n" + "".join(f"{d:%Y-%m-%d},{s},morning\n" for d, s in zip(days, scores, strict=True))
    )
    ds = kc.load_dataset(tmp_path)
    assert ds.runs is None and not ds.holds("routine")
    assert len(ds.weekly_summary()) == 3  # the weeks of 2, 9 and 16 March
    row = ds.pain_change().iloc[0]
    assert (row["baseline_from"], row["baseline"], row["baseline_n"]) == ("first week", 4.0, 7)
    assert (row["latest"], row["latest_n"], row["change"]) == (2.0, 7, -2.0)
    assert ds.routine_effect().empty  # no start to measure from
    assert ds.run_tolerance().empty


def test_runs_alone_give_running_load_and_lights_that_say_what_is_missing(tmp_path):
    (tmp_path / "activities.csv").write_text(RUNS)
    ds = kc.load_dataset(tmp_path)
    assert ds.end == pd.Timestamp("2026-03-10")  # the last run closes the weeks when nothing else is logged
    assert ds.weekly_summary()["run_count"].tolist() == [2, 1]
    lights = ds.run_tolerance()
    assert lights["light"].astype(str).tolist() == ["unknown"] * 3
    assert set(lights["reason"]) == {"no pain score during or after the run"}
    assert ds.next_steps() == [NEXT_STEPS["routine"], NEXT_STEPS["pain"]]


def test_a_routine_log_alone_still_gives_the_routine(tmp_path):
    shutil.copy(SAMPLE / "runner" / "routine_log.csv", tmp_path)
    ds = kc.load_dataset(tmp_path)
    weeks = ds.weekly_summary()
    # as the weekly_summary doctest on the sample runner: 13 weeks, the first 97 % done
    assert len(weeks) == 13 and round(weeks["dose_adherence"].iloc[0], 2) == 0.97
    assert ds.next_steps() == [NEXT_STEPS["pain"], NEXT_STEPS["runs"]]


def test_no_baseline_from_the_days_of_latest():
    """One session and five mornings scored: the first week and the last 7 days are the same days, so there is
    no baseline yet, and the reason says how many of the 7 days after the first week there are."""
    log = kc.load_routine_log(pd.DataFrame({"date": ["2026-03-02"], "drill": ["clamshell"], "reps": [20]}))
    days = pd.date_range("2026-03-02", "2026-03-06")
    pain = kc.load_pain_log(pd.DataFrame({"date": days, "pain": [4, 4, 5, 3, 4], "context": "morning"}))
    row = kc.pain_change(log, pain=pain).iloc[0]
    assert math.isnan(row["baseline"]) and math.isnan(row["change"])
    assert row["baseline_reason"].startswith("not enough scores yet — 0 of the 7 days needed after the first week")
    assert row["verdict"].startswith("cannot tell: no baseline (not enough scores yet")
    # 13 days (2–14 March): 6 days after the first week, still one short
    days = pd.date_range("2026-03-02", "2026-03-14")
    pain = kc.load_pain_log(pd.DataFrame({"date": days, "pain": 3, "context": "morning"}))
    assert "— 6 of the 7 days" in kc.pain_change(log, pain=pain)["baseline_reason"].iloc[0]


def test_latest_never_reaches_back_before_the_start():
    """A baseline of the 14 days before the start, and a start 1 day before the last score: "latest" is that
    day's score alone, never the baseline's days."""
    log = kc.load_routine_log(pd.DataFrame({"date": ["2026-03-02"], "drill": ["clamshell"], "reps": [20]}))
    before = pd.date_range("2026-02-20", "2026-02-26")
    pain = pd.DataFrame({"date": [*before, pd.Timestamp("2026-03-02")], "pain": [5] * 7 + [3], "context": "morning"})
    row = kc.pain_change(log, pain=kc.load_pain_log(pain)).iloc[0]
    assert (row["baseline_from"], row["baseline"], row["baseline_n"]) == ("before start", 5.0, 7)
    assert (row["latest"], row["latest_n"], row["change"]) == (3.0, 1, -2.0)  # not (5+5+5+3)/4 = 4.5


def test_an_empty_folder_shows_the_sample_until_then(tmp_path, capsys):
    assert folder_to_read(tmp_path, sample="runner").resolve() == (SAMPLE / "runner").resolve()
    words = render.text_of(render.banner(folder_to_read(tmp_path, sample="runner"), asked=tmp_path).data)
    assert words.startswith(f"Your folder {tmp_path} holds no logs yet. Until then this is the made-up sample")
    for command in (["summary", str(tmp_path)], ["export", str(tmp_path), "--out", str(tmp_path / "w.csv")]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert "nothing to summarise" in err and "holds no logs yet" in err
    assert not (tmp_path / "w.csv").exists()
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "r.html")]) == 1
    assert not (tmp_path / "r.html").exists()


def test_the_cli_on_runs_and_pain(runs_and_pain, tmp_path, capsys):
    assert main(["summary", str(runs_and_pain)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 3 and "Empty DataFrame" not in out and "nan" not in out.lower()
    assert lines[0].split("  ")[0] == "athlete" and "pain mean" in lines[0] and "running km" in lines[0]
    assert err.strip() == f"note: {NEXT_STEPS['routine']}"
    weeks = tmp_path / "weeks.csv"
    assert main(["export", str(runs_and_pain), "--out", str(weeks)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {weeks} (2 weeks)"
    rows = list(csv.DictReader(io.StringIO(weeks.read_text(encoding="utf-8-sig"))))
    assert [(r["week_start"], r["pain_n"], r["run_count"]) for r in rows] == [
        ("2026-03-02", "3", "2"),
        ("2026-03-09", "3", "1"),
    ]
    assert main(["report", str(runs_and_pain), "--out", str(tmp_path / "r.html")]) == 0
    assert capsys.readouterr().err.strip() == f"note: {NEXT_STEPS['routine']}"
    assert main(["validate", str(runs_and_pain)]) == 0
    assert "0 routine rows, 6 pain scores, 3 runs" in capsys.readouterr().out


@pytest.fixture
def two_typos(tmp_path):
    folder = tmp_path / "typos"
    folder.mkdir()
    (folder / "pain_log.csv").write_text(
        "date,pain,context\n2026-03-02,4,morning\n2026-03-03,5O,morning\n2026-03-04,3,morning\n2026-03-05,16,morning\n"
    )
    (folder / "shoes.csv").write_text("brand,model,km\nAsics,Novablast,412\n")
    return folder


def test_two_typos_and_a_shoe_list_in_a_runners_words(two_typos, capsys):
    ds = kc.load_dataset(two_typos, errors="report")
    assert len(ds.pain) == 2
    words = render.problems_in_words(ds.problems, folder=two_typos)
    assert words[["file", "line"]].values.tolist() == [["shoes.csv", ""], ["pain_log.csv", "3"], ["pain_log.csv", "5"]]
    assert words["wrong"].tolist()[1:] == [
        "pain: “5O” has a letter O (not a zero) after the 5",
        "pain: “16” is not a pain score from 0 to 10 (NRS)",
    ]
    assert words["fix"].iloc[1] == "retype it with digits only"  # "50" would not be a score either
    assert "kneecare.toml" in words["fix"].iloc[2] and "scale=" not in words["fix"].iloc[2]
    panel = render.text_of(render.problems_panel(ds.problems, folder=two_typos))
    assert panel.startswith("Files and rows that did not load 2 rows were left out; everything else loaded.")
    assert panel.endswith("Not the kit's (left out, nothing to fix): shoes.csv")

    assert main(["summary", str(two_typos)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[1:4] == [
        "  pain_log.csv:3: pain: “5O” has a letter O (not a zero) after the 5 — retype it with digits only",
        "  pain_log.csv:5: pain: “16” is not a pain score from 0 to 10 (NRS) — make it a pain score from 0 to 10 "
        '(NRS); if every score in this column is 0–100, write pain_scale = "0-100" in the folder\'s kneecare.toml',
        "  not the kit's (left out): shoes.csv",
    ]
    assert max(len(line) for line in err) < 250  # never the 700-character listing of every format
    assert main(["summary", str(two_typos), "--strict"]) == 1  # all or nothing, for scripts


def test_a_letter_o_in_reps_is_named_and_fixed():
    problems = pd.DataFrame(
        {
            "file": ["log.csv"],
            "line": [7],
            "column": ["Hip abductions R"],
            "value": ["2O"],
            "reason": ["a whole number of reps ≥ 0"],
        }
    )
    row = render.problems_in_words(problems).iloc[0]
    assert (row["wrong"], row["fix"]) == (
        "Hip abductions R: “2O” has a letter O (not a zero) after the 2",
        "type a zero for the letter O: 20",
    )


def test_a_vas_folder_is_read_with_the_settings_file(tmp_path):
    (tmp_path / "pain_log.csv").write_text("date,pain\n2026-03-02,45\n2026-03-03,100\n")
    with pytest.raises(kc.LogFormatError, match='pain_scale = "0-100"'):
        kc.load_dataset(tmp_path)
    (tmp_path / "kneecare.toml").write_text('pain_scale = "0-100"\n')
    assert kc.load_dataset(tmp_path).pain["pain"].tolist() == [4.5, 10.0]


def test_tables_a_runner_reads_are_in_words():
    change = pd.DataFrame(
        {
            "athlete": ["Sam"],
            "context": ["morning"],
            "window_start": pd.to_datetime(["2026-03-02"]),
            "window_end": pd.to_datetime(["2026-03-30"]),
            "baseline": [5.0],
            "baseline_n": [7],
            "baseline_from": ["first week"],
            "baseline_reason": [""],
            "latest": [3.7],
            "latest_n": [6],
            "latest_reason": [""],
            "change": [-1.3],
            "change_low": [-2.04],
            "change_high": [-0.56],
            "pct_change": [-0.26],
            "improved": [False],
            "improved_30pct": [False],
            "verdict": ["changed by less than 2 points"],
        }
    )
    view = render.pain_change_view(change)
    assert view.iloc[0].to_dict() == {
        "scores of": "morning",
        "baseline": "5.0",
        "baseline scores": "7",
        "latest 7 days": "3.7",
        "latest scores": "6",
        "change (points)": "−1.3",
        "95 % CI": "−2.0 to −0.6",
        "change (%)": "−26\u00a0%",
        "improved ≥ 2 points": "no",
        "verdict": "changed by less than 2 points",
    }
    text = render.text_table(view)
    for raw in ("NaN", "<NA>", "_", "False", "-0.26", "-0.0"):
        assert raw not in text


def test_help_documents_the_exit_codes(capsys):
    for command in ("summary", "report", "export", "validate"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert "exit codes:" in text and "1  nothing to summarise" in text
    with pytest.raises(SystemExit):
        main(["summary", "--help"])
    assert "--strict" in capsys.readouterr().out


def test_make_lab_opens_on_a_start_page(tmp_path, monkeypatch):
    monkeypatch.setenv("KNEECARE_DATA", str(tmp_path / "empty"))
    (tmp_path / "empty").mkdir()
    kit = tmp_path / "kit"
    kit.mkdir()
    shutil.copytree(SAMPLE.parents[1] / "notebooks", kit / "notebooks")
    lab.working_copies(kit)
    page = json.loads((kit / lab.WORK / lab.START).read_text())
    text = "".join("".join(c["source"]) for c in page["cells"])
    assert f"your folder `{tmp_path / 'empty'}`, which holds no logs yet" in text
    assert "KNEECARE_DATA=~/knee make lab" in text
    for original in lab.originals(kit):
        assert f"]({original.name})" in text  # every notebook listed, as a link
    cmd = lab.command(kit)
    assert f"--LabApp.default_url=/lab/tree/{lab.WORK}/{lab.START}" in cmd
    settings = kit / lab.WORK / lab.LAB_SETTINGS
    assert f"--LabApp.app_settings_dir={settings}" in cmd
    overrides = json.loads((settings / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert json.loads((settings / "page_config.json").read_text())["buildCheck"] is False
