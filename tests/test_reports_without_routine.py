"""Reports for a runner who brings no routine log yet: pain and runs, pain alone, or runs alone. The HTML report,
the PDF, ``kneecare report`` and the progress explorer show what the data holds (pain week by week, running load,
each run's light, the pain change) and say in one line what adding each missing piece would give; nothing of
the routine is invented (no 0 % week, no empty table).

Every expected value is worked out by hand from the rows written here:

- runs: Tue 3 Mar (no distance), Thu 5 Mar (no distance), Tue 10 Mar (5.0 km): weeks of 2 and 9 March hold 2 and
  1 runs.
- pain: 8 scores. 3 Mar morning 2 and after the run 4, 4 Mar morning 2: the run of 3 Mar is yellow (4 ≤ 5,
  settled); 5 Mar morning 3 and after the run 6, 6 Mar morning 3: the run of 5 Mar is red (6 over 5); 10 Mar
  morning 2 and no score with the run: unknown; 11 Mar morning 2. The week of 2 March: 2, 4, 2, 3, 6, 3 → mean
  20/6 = 3.3, highest 6, 6 scores; the week of 9 March: 2, 2 → mean 2.0, highest 2.0, 2 scores.
"""

import dataclasses

import pypdf
import pytest

import kneecare_analysis as kc
from kneecare_analysis.cli import main
from kneecare_analysis.dataset import NEXT_STEPS
from kneecare_analysis.pdf import write_pdf
from kneecare_analysis.render import text_of
from kneecare_analysis.report import render_report
from kneecare_analysis.widgets import ProgressExplorer

from .conftest import SAMPLE

RUNS = "date,distance_km,duration_min,rpe\n2026-03-03,,30,5\n2026-03-05,,40,6\n2026-03-10,5.0,30,4\n"
PAIN = (
    "date,pain,context\n2026-03-03,2,morning\n2026-03-03,4,after_run\n2026-03-04,2,morning\n"
    "2026-03-05,3,morning\n2026-03-05,6,after_run\n2026-03-06,3,morning\n2026-03-10,2,morning\n"
    "2026-03-11,2,morning\n"
)
SHOWN = {
    "pain and runs": "Shown: knee pain week by week, pain against its baseline, running load week by week and each "
    "run's traffic light.",
    "pain": "Shown: knee pain week by week and pain against its baseline.",
    "runs": "Shown: running load week by week.",
}
MISSING = {
    "pain and runs": ["routine"],
    "pain": ["routine", "runs"],
    "runs": ["routine", "pain"],
}


def folder(tmp_path, kind: str):
    out = tmp_path / kind.replace(" ", "-")
    out.mkdir()
    if "pain" in kind:
        (out / "pain_log.csv").write_text(PAIN)
    if "runs" in kind:
        (out / "activities.csv").write_text(RUNS)
    return out


def pdf_text(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Each folder's HTML report (charts left as empty images: their words are read here) and PDF text."""
    out = {}
    root = tmp_path_factory.mktemp("without-routine")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kneecare_analysis.report.png", lambda *_, **__: b"")
        for kind in SHOWN:
            ds = kc.load_dataset(folder(root, kind))
            page = render_report(ds)
            out[kind] = (page, text_of(page), pdf_text(write_pdf(ds, root / f"{kind}.pdf")))
    return out


@pytest.mark.parametrize("kind", list(SHOWN))
def test_the_report_says_what_it_shows_and_what_adding_the_rest_would_give(pages, kind):
    page, text, pdf = pages[kind]
    steps = [NEXT_STEPS[k] for k in MISSING[kind]]
    assert SHOWN[kind] in text
    assert all(step in text for step in steps)
    (one,) = pdf  # one athlete: one page, no overview
    assert SHOWN[kind] in one
    for step in steps:  # wrapped on the page: its words in order
        assert " ".join(step.split()) in one
    # nothing of the routine invented: no answer, no doses, no association, no week at 0 %
    for words in ("Did the routine help?", "routine done", "dose", "Association, not cause", "0 %", "missed"):
        assert words not in text and words not in one
    assert "nan" not in text.lower().split() and "nan" not in one.lower().split()
    for table in page.split("<table")[1:]:  # never an empty table
        assert "<td" in table.split("</table>")[0]


def test_pain_and_runs_give_pain_weeks_load_and_the_lights(pages):
    _, text, (pdf,) = pages["pain and runs"]
    assert "As of the data runs to 11 March 2026" in text
    assert "2 weeks · 8 pain scores · 3 runs" in pdf
    assert "Runs as traffic lights (3 run days: 0 green, 1 yellow, 1 red, 1 unknown)" in pdf
    assert "Running load and knee pain, week by week (2 weeks)" in pdf
    assert "Pain against baseline" in text and "Pain against baseline" in pdf
    # the weeks: 2 March mean 3.3, highest 6, 6 scores, 2 runs of unknown distance; 9 March 2.0, 2.0, 2, 5.0 km
    assert "02 Mar 2026 1 3.3 6.0 6" in text and "09 Mar 2026 2 2.0 2.0 2 5.0" in text


def test_pain_alone_gives_pain_weeks_and_no_runs(pages):
    _, text, (pdf,) = pages["pain"]
    assert "2 weeks · 8 pain scores" in pdf and "runs" not in pdf.split("Shown:")[0]
    assert "Knee pain, week by week (2 weeks)" in pdf
    assert "traffic lights" not in pdf and "running km" not in text
    assert "02 Mar 2026 1 3.3 6.0 6" in text and "09 Mar 2026 2 2.0 2.0 2" in text


def test_runs_alone_give_running_load_and_no_pain(pages):
    _, text, (pdf,) = pages["runs"]
    assert "2 weeks · 3 runs" in pdf and "pain scores" not in pdf.split("Shown:")[0]
    assert "Running load, week by week (2 weeks)" in pdf
    assert "traffic lights" not in pdf and "Pain against baseline" not in text and "Pain against baseline" not in pdf
    assert "running km" in text and "pain mean" not in text
    assert "09 Mar 2026 2 5.0" in text


@pytest.mark.parametrize("kind", list(SHOWN))
def test_the_command_writes_both_and_says_what_is_missing(tmp_path, capsys, kind):
    data = folder(tmp_path, kind)
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    assert main(["report", str(data), "--out", str(html), "--pdf", str(pdf)]) == 0
    out, err = capsys.readouterr()
    assert f"wrote {html}" in out and f"wrote {pdf}" in out
    assert err.strip().splitlines() == [f"note: {NEXT_STEPS[k]}" for k in MISSING[kind]]
    assert SHOWN[kind] in text_of(html.read_text(encoding="utf-8"))
    assert SHOWN[kind] in pdf_text(pdf)[0]


def test_the_command_still_stops_on_a_folder_with_nothing(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "--pdf", str(tmp_path / "r.pdf")]) == 1
    assert "holds no logs yet" in capsys.readouterr().err and not (tmp_path / "r.pdf").exists()


def test_a_pdf_of_nothing_at_all_is_refused(tmp_path):
    ds = kc.load_dataset(folder(tmp_path, "pain"))
    empty = dataclasses.replace(ds, pain=ds.pain.iloc[:0])
    with pytest.raises(ValueError, match="nothing to report: no routine session, pain score or run"):
        write_pdf(empty, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_squad_without_routine_logs_has_an_overview_of_pain_alone(tmp_path):
    """Two athletes with pain scores only: the overview lists them with their pain, without the routine's columns
    or a call read from a routine nobody logged. Ana: 2, 4 (week of 2 Mar) and 3 (week of 9 Mar); Ben: 5 and 7
    (week of 9 Mar)."""
    (tmp_path / "pain.csv").write_text(
        "athlete,date,pain,context\nAna,2026-03-02,2,morning\nAna,2026-03-04,4,morning\nAna,2026-03-10,3,morning\n"
        "Ben,2026-03-09,5,morning\nBen,2026-03-11,7,morning\n"
    )
    ds = kc.load_dataset(tmp_path)
    first, *athletes = pdf_text(write_pdf(ds, tmp_path / "squad.pdf"))
    assert first.startswith("Squad overview As of 11 Mar 2026") and "who needs attention" not in first
    assert "mean 6.0 · highest 7.0 · 2 scores" in first and "mean 3.0 · highest 3.0 · 1 score" in first
    for words in ("call", "check in", "adherence", "no session"):
        assert words not in first
    # a page each, from each athlete's first score: Ana's week of 2 March, Ben's of 9 March
    assert sum(" Ana 02 Mar 2026 – 15 Mar 2026 · 2 weeks · 3 pain scores " in page for page in athletes) == 1
    assert sum(" Ben 09 Mar 2026 – 15 Mar 2026 · 1 week · 2 pain scores " in page for page in athletes) == 1
    text = text_of(render_report(ds))
    assert "Squad overview As of 11 Mar 2026" in text and "adherence" not in text and "no session" not in text
    assert text.count(SHOWN["pain"]) == 2


def test_the_lights_of_runs_without_any_pain_score_say_what_is_missing(tmp_path):
    ds = kc.load_dataset(folder(tmp_path, "runs"))
    lights = kc.run_tolerance(ds.runs, pain=ds.pain)  # a pain log with no scores at all
    assert lights["date"].dt.strftime("%d %b").tolist() == ["03 Mar", "05 Mar", "10 Mar"]
    assert lights["light"].astype(str).tolist() == ["unknown"] * 3
    assert set(lights["reason"]) == {"no pain score during or after the run"}
    assert ds.run_tolerance()["light"].astype(str).tolist() == ["unknown"] * 3


@pytest.mark.parametrize("kind", list(SHOWN))
def test_the_explorer_shows_what_there_is(tmp_path, kind):
    e = ProgressExplorer(kc.load_dataset(folder(tmp_path, kind)))
    assert text_of(e.missing.value) == " ".join([SHOWN[kind], *(NEXT_STEPS[k] for k in MISSING[kind])])
    title = {
        "pain and runs": "me: running load and knee pain, week by week",
        "pain": "me: knee pain, week by week (no routine logged)",
        "runs": "me: running load, week by week (no pain scores)",
    }
    assert e.axes("trend").get_title() == title[kind]
    assert bytes(e.trend.value[1:4]) == b"PNG"
    with pytest.raises(ValueError, match="charts: trend"):  # no drills and no calendar of doses
        e.axes("calendar")
    assert e.drills.layout.display == "none" and e.calendar.layout.display == "none"
    assert e.table.value.count("<tr>") == 2 + 1  # the two weeks
    summary, _ = e.frames()
    weeks = list(summary["week_start"])
    e.set(weeks=(weeks[1], weeks[1]))  # the second week alone
    assert e.table.value.count("<tr>") == 1 + 1 and "09 Mar 2026" in e.table.value


def test_an_athlete_of_a_squad_who_logged_no_routine(tmp_path):
    """The squad sample with Ana's routine rows taken out: her page shows her pain, running load and lights and says
    what her routine log would give; the squad's other pages keep the routine."""
    lines = (SAMPLE / "squad" / "routine_log.csv").read_text().splitlines(keepends=True)
    (tmp_path / "routine_log.csv").write_text("".join(line for line in lines if not line.startswith("Ana,")))
    for name in ("pain_log.csv", "runs.csv"):
        (tmp_path / name).write_bytes((SAMPLE / "squad" / name).read_bytes())
    ds = kc.load_dataset(tmp_path)
    assert "Ana" in ds.athletes and ds.for_athlete("Ana").next_steps() == [NEXT_STEPS["routine"]]
    (page,) = pdf_text(write_pdf(ds, tmp_path / "ana.pdf", athlete="Ana"))
    assert SHOWN["pain and runs"] in page and " ".join(NEXT_STEPS["routine"].split()) in page
    assert "Did the routine help?" not in page and "sessions" not in page and "Running load and knee pain" in page
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kneecare_analysis.report.png", lambda *_, **__: b"")
        text = text_of(render_report(ds, athlete="Ana"))
    assert SHOWN["pain and runs"] in text and NEXT_STEPS["routine"] in text and "Did the routine help?" not in text
    (ben,) = pdf_text(write_pdf(ds, tmp_path / "ben.pdf", athlete="Ben"))
    assert "Did the routine help?" in ben and "Shown:" not in ben
