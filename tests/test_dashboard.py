"""The coach's dashboard without a browser: the heading (squad, as-of date), the loading problems per athlete,
charts drawn once per dataset, the PDF buttons (a download, a copy only where asked) and the drawing done while
the page is idle. The app in Chromium is in test_browser_coach_app.py."""

from __future__ import annotations

import asyncio
import base64
import csv
import re
import shutil
from pathlib import Path

import kneecare_analysis as kc
from kneecare_analysis import plots
from kneecare_analysis.render import text_of
from kneecare_analysis.widgets import CoachDashboard
from kneecare_analysis.widgets.squad_page import problems_by_athlete, squad_name

from .conftest import SAMPLE

AS_OF = "Sun 26 Apr 2026"  # the sample squad's last logged day (its CSVs' last date)


def squad_folder(root: Path, *, athletes: tuple[str, ...] | None = None) -> Path:
    """The sample squad as a coach keeps it, in ``root/harriers``: a sub-folder per athlete (``athletes`` only,
    when given), a typo ("4O") in the pain score on line 4 of Grace's pain log, and an unrelated shoes.csv
    beside the athletes."""
    squad = root / "harriers"
    for name in ("routine_log.csv", "pain_log.csv", "runs.csv"):
        with (SAMPLE / "squad" / name).open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for athlete in sorted({r["athlete"] for r in rows} & set(athletes or {r["athlete"] for r in rows})):
            (squad / athlete).mkdir(parents=True, exist_ok=True)
            with (squad / athlete / name).open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
                writer.writeheader()
                writer.writerows(r for r in rows if r["athlete"] == athlete)
    pain = squad / "Grace" / "pain_log.csv"
    if pain.is_file():
        lines = pain.read_text(encoding="utf-8").splitlines()
        cells = lines[3].split(",")  # line 4: the third score
        cells[2] = "4O"
        lines[3] = ",".join(cells)
        pain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (squad / "shoes.csv").write_text("brand,model,km\nAsics,Novablast,420\nHoka,Clifton,130\n", encoding="utf-8")
    return squad


def test_problems_are_grouped_by_the_athlete_they_belong_to(tmp_path):
    squad = squad_folder(tmp_path)
    (squad / "pain_diary.csv").write_text("date,pain\n2026-13-45,3\n", encoding="utf-8")  # nobody's, unreadable
    found = problems_by_athlete(kc.load_dataset(squad, errors="report"))
    found = found.astype(object).where(found.notna(), None)
    rows = [(r.athlete, r.kind, r.file, r.line, r.column, r.value) for r in found.itertuples()]
    assert rows == [
        ("Grace", "athlete", "Grace/pain_log.csv", 4, "pain", "4O"),
        (None, "no athlete", "pain_diary.csv", 2, "date", "2026-13-45"),
        (None, "not the kit's", "shoes.csv", None, None, None),
    ]


def test_the_heading_names_the_squad_and_the_date_the_data_runs_to(tmp_path):
    squad = squad_folder(tmp_path, athletes=("Ana", "Grace"))
    d = CoachDashboard(kc.load_dataset(squad, errors="report"))
    heading = text_of(d.heading.value)
    assert heading == f"harriers: who needs attention first As of {AS_OF} (the last day in the data) · 2 athletes"
    assert d.title == f"harriers · squad overview as of {AS_OF}"
    problems = text_of(d.problems_panel.value)
    assert problems.startswith("1 file did not load cleanly") and "Grace Grace/pain_log.csv, line 4, pain: '4O'" in (
        problems
    )
    assert problems.endswith("Not the kit's, left out: shoes.csv (columns 'brand', 'model', 'km').")
    assert d.widget.children.index(d.heading) + 1 == d.widget.children.index(d.problems_panel) <= 2  # at the top
    (squad / "kneecare.toml").write_text('athlete = "Ana"\n', encoding="utf-8")
    assert squad_name(squad) == "Ana"  # a folder's own name for its runner wins over the folder's name
    assert squad_name(SAMPLE / "squad") == "Sample squad"


def test_each_chart_is_drawn_once_per_dataset(monkeypatch):
    d = CoachDashboard(kc.load_dataset(SAMPLE / "squad"))
    drawn = []
    chart = plots.adherence_vs_pain
    monkeypatch.setattr(plots, "adherence_vs_pain", lambda *a, **k: drawn.append(k["athlete"]) or chart(*a, **k))
    for name in ("Ana", "Ben", "Ana", "Ben", "Ana"):
        d.select(name)
    assert drawn == ["Ana", "Ben"]
    assert d.detail_charts.value == d.image("Ana", "routine") and d.detail_text.value.startswith("<p><b>Ana</b>")
    assert d.detail_load.layout.display is None and d.detail_load.value[:4] == b"\x89PNG"


def test_a_chart_with_nothing_to_draw_takes_no_room(tmp_path):
    for name in ("routine_log.csv", "pain_log.csv"):  # the squad without its runs
        shutil.copy(SAMPLE / "squad" / name, tmp_path / name)
    d = CoachDashboard(kc.load_dataset(tmp_path))
    assert d.detail_charts.value[:4] == b"\x89PNG" and d.detail_charts.layout.display is None
    for image in (d.detail_load, d.detail_lights, d.load_map):  # no runs: no load, no traffic lights
        assert image.value == b"" and image.layout.display == "none"  # hidden: no broken-image sign


def test_a_pdf_is_downloaded_in_the_browser_and_saved_only_where_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the folder a server would be started from
    ds = kc.load_dataset(SAMPLE / "squad")
    d = CoachDashboard(ds)
    d.select("Ana")
    d.pdf_athlete.click()
    assert list(tmp_path.rglob("*.pdf")) == []  # no copy anywhere
    (output,) = d.download.outputs
    script = output["data"]["text/html"]
    payload = re.search(r"atob\('([A-Za-z0-9+/=]+)'\)", script).group(1)
    assert base64.b64decode(payload).startswith(b"%PDF")
    assert re.search(r'a\.download = "kneecare-Ana-\d{4}-\d{2}-\d{2}\.pdf"', script)
    assert "Downloaded kneecare-Ana-" in d.pdf_status.value and "copy" not in d.pdf_status.value
    saved = CoachDashboard(ds, pdf_folder=tmp_path / "pdfs")
    saved.pdf_athlete.click()  # the athlete shown first: Kai
    (made,) = (tmp_path / "pdfs").glob("*.pdf")
    assert made.name.startswith("kneecare-Kai-") and made.read_bytes().startswith(b"%PDF")
    assert f"Saved a copy in {tmp_path / 'pdfs'}" in saved.pdf_status.value


def test_the_app_draws_the_other_athletes_while_idle(tmp_path):
    squad = tmp_path / "three"
    shutil.copytree(squad_folder(tmp_path, athletes=("Ana", "Ben", "Kai")), squad)
    ds = kc.load_dataset(squad, errors="report")

    async def visit() -> CoachDashboard:
        d = CoachDashboard(ds, app=True)
        assert d.detail_charts.value == b"" and d.heatmap.value == b""  # nothing drawn before the page shows
        assert d.to_draw == 3 * 4 + 2  # four charts an athlete, and the squad's two
        for _ in range(3):
            await asyncio.sleep(0)  # the kernel's loop goes round: the page has not said it is shown
        assert d.to_draw == 3 * 4 + 2  # so nothing is drawn yet: the first screen comes first
        d.page_shown.click()  # as the page's script does once it is shown
        while d.to_draw:
            await asyncio.sleep(0.01)
        return d

    d = asyncio.run(visit())
    assert d.detail_charts.value[:4] == b"\x89PNG" and d.heatmap.value[:4] == b"\x89PNG"  # shown once drawn
    (title,) = d.download.outputs
    assert f'document.title = "three · squad overview as of {AS_OF}"' in title["data"]["text/html"]
