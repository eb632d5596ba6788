"""The physio's PDF read back: its pages, their text (the n behind the numbers, the MCIDs used, the statement
that these are associations) and each page rendered to PNG (kept in test-artifacts/ to look at)."""

import re

import numpy as np
import pypdf
import pypdfium2

import kneecare_analysis as kc
from kneecare_analysis.cli import main
from kneecare_analysis.pdf import write_pdf
from kneecare_analysis.widgets import CoachDashboard

from .conftest import ROOT, SAMPLE

ARTIFACTS = ROOT / "test-artifacts"


def pages_text(path):
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def rendered(path, stem):
    """Every page as PNG (A4 at 50 dpi); returns the images' sizes and how much of each is not white."""
    ARTIFACTS.mkdir(exist_ok=True)
    out = []
    document = pypdfium2.PdfDocument(path)
    for i, page in enumerate(document, start=1):
        image = page.render(scale=50 / 72).to_pil().convert("L")
        image.save(ARTIFACTS / f"{stem}-{i:02d}.png")
        inked = float((np.asarray(image) < 200).mean())
        out.append((image.size, inked))
    document.close()
    return out


def test_the_squad_pdf_opens_with_the_overview_in_attention_order(tmp_path):
    path = write_pdf(kc.load_dataset(SAMPLE / "squad"), tmp_path / "squad.pdf")
    text = pages_text(path)
    assert len(text) == 1 + 1 + 12  # the overview, the squad's weeks (no room left below 12 rows), an athlete a page
    assert "Squad overview — who needs attention first" in text[0]
    assert "Squad overview — routine done per week" in text[1] and "in the order above" in text[1]
    overview = kc.team_overview(kc.load_dataset(SAMPLE / "squad").weekly_summary())
    order = overview["athlete"].astype(str).tolist()
    rows = [f" {r.attention} {r.athlete} {r.flags}" for r in overview.itertuples()]  # a row: the action first
    positions = [text[0].index(row) for row in rows]
    assert positions == sorted(positions)  # the table lists them in the overview's order
    for name, page in zip(order, text[2:], strict=True):  # then a page each, in that order, titled by the name
        assert f" {name} " in f" {page} "
    for page in text[2:]:
        assert "associations, not proof that the routine caused the change" in page
        assert "weeks ·" in page and "sessions ·" in page and "pain scores" in page  # the n behind the numbers
        assert "Pain against baseline" in page and "Runs as traffic lights" in page
        # the answer first, with its n, MCID and source, and design; then the association, trend held constant
        assert page.index("Did the routine help?") < page.index("Association, not cause") < page.index("Pain against")
        assert "after-ramp morning scores" in page and "an MCID of 2 points (Crossley 2004)" in page
        assert "Design: AB, start chosen by the runner." in page
        assert "program week held constant" in page and "raw ρ" in page and "adjusted across the squad (Holm)" in page
    assert "did the routine help?" in text[0] and "cannot tell yet:" in text[0]
    # the data's last day on the overview and at the foot of every page, each page numbered
    assert "As of 26 Apr 2026, the data's last day · last week: 20–26 Apr 2026" in text[0]
    for k, page in enumerate(text, start=1):
        assert f"page {k} of 14" in page and "as of 26 Apr 2026 (the data's last day)" in page
    # every number with its n and week, an old one marked old, both pain statistics named
    assert "mean 2.0 · highest 3.0 · 5 scores · week of 16 Feb · 9 weeks ago, old" in text[0]
    assert "pain over 5/10 (highest 6.0)" in text[0] and "mean 4.4 · highest 6.0 · 10 scores" in text[0]
    # the definitions in full, "two red runs within 7 days" included
    assert "call: a pain score over 5/10 last week (the week's highest score, not its mean)" in text[0]
    assert "two red runs within 7 days" in text[0] and "check in: a red week" in text[0]
    kai = text[2 + order.index("Kai")]
    assert "no latest: no pain score in the 7 days to 26 Apr 2026" in kai
    for size, inked in rendered(path, "pdf-squad"):
        assert size == (414, 585) and inked > 0.02  # an A4 page with something drawn on it


def test_the_runner_pdf_shows_the_questionnaires_and_the_mcid_it_uses(tmp_path):
    path = write_pdf(kc.load_dataset(SAMPLE / "runner"), tmp_path / "sam.pdf")
    (page,) = pages_text(path)
    assert " Sam " in page
    assert "The change that matters: 2 points on the 0–10 scale" in page
    # morning scores by default: 1 in the 14 days before the start and 4 in the first week, under the 5 needed
    assert "morning scores: no baseline (scores: 1 in the 14 days before the start" in page
    assert "cannot tell: no baseline" in page and "(yet)" not in page
    # the sample forms: AKPS 76 → 84 (+8 < 10), KOOS-PF 47.7 → 65.9 (+18.2 ≥ 16.4), PSFS 4.0 → 6.0 (+2 ≥ 2)
    assert "04 Mar 2026: 76.0" in page and "26 May 2026: 84.0" in page
    assert "+8.0" in page and "+18.2" in page and "+2.0" in page
    assert "58 run days: 3 green, 15 yellow, 4 red, 36 unknown" in page
    # Sam's first session is on 4 Mar with one morning score before it: too few to answer, and said so
    assert "Did the routine help? Cannot tell yet." in page and "1 baseline and" in page
    assert "not enough data: 1 morning score before the start (5 needed" in page.lower()
    assert "adjusted across" not in page  # one athlete: one test, nothing to adjust
    rendered(path, "pdf-runner")


def test_the_command_and_the_dashboard_write_it(tmp_path, capsys):
    assert main(["report", str(SAMPLE / "runner"), "--pdf", str(tmp_path / "r.pdf")]) == 0
    assert "wrote" in capsys.readouterr().out and len(pages_text(tmp_path / "r.pdf")) == 1
    assert main(["report", str(SAMPLE / "runner")]) == 2  # neither --out nor --pdf
    dashboard = CoachDashboard(kc.load_dataset(SAMPLE / "squad"), pdf_folder=tmp_path / "pdf")
    dashboard.pdf_athlete.click()
    (made,) = (tmp_path / "pdf").glob("kneecare-*.pdf")
    assert made.name.startswith(f"kneecare-{dashboard.picker.value}-") and "Saved" in dashboard.pdf_status.value
    assert len(pages_text(made)) == 1
    dashboard.pdf_squad.click()
    assert len(pages_text(next((tmp_path / "pdf").glob("kneecare-squad-*.pdf")))) == 14


def test_a_typo_in_one_file_is_listed_on_the_first_page_with_its_athlete(tmp_path):
    """Chloe's score on line 300 of the squad's pain log reads "seven": the PDF is still made, every athlete in it,
    and its first page names the file, the line and Chloe."""
    folder = tmp_path / "squad"
    folder.mkdir()
    for name in ("routine_log.csv", "runs.csv"):
        (folder / name).write_bytes((SAMPLE / "squad" / name).read_bytes())
    lines = (SAMPLE / "squad" / "pain_log.csv").read_text().splitlines()
    assert lines[299].startswith("Chloe,") and lines[298].startswith("Chloe,") and lines[300].startswith("Chloe,")
    fields = lines[299].split(",")
    lines[299] = ",".join([fields[0], fields[1], "seven", *fields[3:]])
    (folder / "pain_log.csv").write_text("\n".join(lines) + "\n")
    path = write_pdf(kc.load_dataset(folder, errors="report"), tmp_path / "typo.pdf")
    text = pages_text(path)
    assert len(text) == 1 + 1 + 12
    assert "Files that did not load cleanly: 1 problem in 1 file." in text[0]
    assert "pain_log.csv 300 Chloe pain seven a pain score from 0 to 10" in text[0]
    one = write_pdf(kc.load_dataset(folder, errors="report"), tmp_path / "chloe.pdf", athlete="Chloe")
    assert [("Files that did not load cleanly" in page) for page in pages_text(one)] == [True, False]
    assert "pain_log.csv 300 Chloe" in pages_text(one)[0]
    assert len(pages_text(write_pdf(kc.load_dataset(folder, errors="report"), tmp_path / "a.pdf", athlete="Ana"))) == 1
    rendered(path, "pdf-typo")


def test_no_sessions_a_pdf_of_the_pain(tmp_path):
    """One pain score and no routine log: a page of that week's pain, saying what adding the rest would give."""
    (tmp_path / "pain_log.csv").write_text("date,pain\n2026-03-02,3\n")
    (page,) = pages_text(write_pdf(kc.load_dataset(tmp_path), tmp_path / "x.pdf"))
    assert " me 02 Mar 2026 – 08 Mar 2026 · 1 week · 1 pain scores " in page
    assert "Shown: knee pain week by week and pain against its baseline." in page
    assert "Add your routine log" in page and "Add your runs" in page
    assert "sessions" not in page and "Did the routine help?" not in page


def test_a_big_squads_overview_runs_over_pages_and_never_off_one(tmp_path):
    from kneecare_analysis import demo

    s = demo.real_effect(athletes=25, seed=3)
    for frame, name, columns in (
        (s.log, "routine_log.csv", ["athlete", "date", "drill", "side", "reps", "seconds"]),
        (s.pain, "pain_log.csv", ["athlete", "date", "pain", "context"]),
    ):
        frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d"))[columns].to_csv(tmp_path / name, index=False)
    text = pages_text(write_pdf(kc.load_dataset(tmp_path), tmp_path / "squad.pdf"))
    assert len(text) == 3 + 25  # 12, 12 and 1 athletes on the overview's pages, then a page each
    for k in (1, 2, 3):
        assert f"Squad overview — who needs attention first ({k} of 3)" in text[k - 1]
        assert "call: a pain score over 5/10 last week" in text[k - 1]  # the definitions on every part
    names = sorted(s.log["athlete"].astype(str).unique())
    rows = " ".join(text[:3])
    listed = [len(re.findall(rf"(?:call|check in|ok) {n} ", rows)) for n in names]  # a row: the action, the name
    assert listed == [1] * 25  # each athlete in the table once
    assert "in the order above" in text[2]  # the squad's weeks below the last part, where there is room
