"""The kit in a real browser, the way it is used: a runner's day and a coach's review in JupyterLab, the
walkthrough app on a phone, the dashboard app, the printed report.

Each JupyterLab is started the way ``make lab`` starts it (``kneecare_analysis.lab``: working copies of the
notebooks in ``my-notebooks/``, the root as the root) in a temporary kit folder, and each app the way
``kneecare walkthrough`` / ``kneecare dashboard`` start it (``kneecare_analysis.apps``), on 127.0.0.1 with a
token, driven through Debian's Chromium by Playwright. JupyterLab is driven by its own commands (its app is
exposed to the page, ``expose_app_in_browser``), never by clicking through its menus, and every step waits for
the state it needs (a server running, a kernel idle, a run finished, a text shown), never for a fixed time.
Every request the pages make is routed: one to any host but loopback is refused and fails the test (nothing of
the kit leaves the machine). Screenshots of every step are kept in ``test-artifacts/``. Afterwards the
checkout's ``git status`` is what it was before. Under CI=true a missing browser fails the test instead of
skipping it.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

import kneecare_analysis as kc

from .browsing import ARTIFACTS, PHONE, app, jupyterlab, run_all, scroll_width, shot, visit
from .conftest import SAMPLE

pytestmark = pytest.mark.browser


def test_a_runners_day(browser, tmp_path):
    """Log yesterday's session with no pain, correct it, then see it in 02 under the banner."""
    data = tmp_path / "data"
    yesterday = dt.date.today() - dt.timedelta(days=1)
    with jupyterlab(tmp_path, data, "runner") as (url, token):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            run_all(page, url, token, "01_routine_walkthrough.ipynb", ".kc-walkthrough")
            shot(page, "runner-1-walkthrough")
            day = page.locator(".kc-date input")
            day.fill(yesterday.isoformat())
            day.press("Tab")
            page.locator(".kc-pain-before").get_by_role("button", name="0", exact=True).click()

            def fill(css: str, value: int) -> None:
                box = page.locator(f"{css} input")
                box.fill(str(value))
                box.press("Enter")

            page.locator(".kc-next").click()
            fill(".kc-self_massage-both", 300)
            page.locator(".kc-next").click()
            fill(".kc-hip_abduction-left", 20)
            fill(".kc-hip_abduction-right", 18)
            page.locator(".kc-next").click()
            page.locator(".kc-clamshell-left-target").click()
            page.locator(".kc-clamshell-right-target").click()
            page.locator(".kc-next").click()
            fill(".kc-glute_bridge-left", 16)
            fill(".kc-glute_bridge-right", 15)
            page.locator(".kc-next").click()
            fill(".kc-couch_stretch-left", 120)
            fill(".kc-couch_stretch-right", 90)
            page.locator(".kc-next").click()  # pain after the routine
            page.locator(".kc-pain-after-skip").click()
            page.locator(".kc-next").click()  # the summary
            page.locator(".kc-save").click()
            page.wait_for_selector(".kc-status :text('Saved: 9 drill entries and 1 pain score')", timeout=30_000)
            shot(page, "runner-2-saved", show=".kc-sessions")

            page.locator(".kc-edit-0").click()  # correct it: two clamshells fewer on the left
            page.wait_for_selector(".kc-status :text('Editing the session of')", timeout=15_000)
            for _ in range(3):
                page.locator(".kc-next").click()
            fill(".kc-clamshell-left", 18)
            page.wait_for_selector(".kc-status :text('Changed since you saved')", timeout=15_000)
            for _ in range(4):
                page.locator(".kc-next").click()
            page.locator(".kc-save").click()
            page.wait_for_selector(".kc-status :text('Saved: 9 drill entries')", timeout=30_000)
            shot(page, "runner-3-edited", show=".kc-sessions")

            run_all(page, url, token, "02_my_progress.ipynb", ".jp-OutputArea-output :text('Your own data:')")
            shot(page, "runner-4-progress")
        finally:
            page.close()

    log = kc.load_routine_log(data)
    assert log["date"].unique().tolist() == [pd.Timestamp(yesterday)] and len(log) == 9
    assert log.loc[(log["drill"] == "clamshell") & (log["side"] == "left"), "reps"].item() == 18
    assert kc.load_pain_log(data)[["pain", "context"]].astype(str).values.tolist() == [["0.0", "before_routine"]]
    for step in ("1-walkthrough", "2-saved", "3-edited", "4-progress"):
        assert (ARTIFACTS / f"runner-{step}.png").stat().st_size > 20_000


def test_a_coach_sees_a_dropout(browser, tmp_path):
    """The sample squad, where Kai stopped logging in February: 03 shows him red, and calls for a call."""
    squad = tmp_path / "squad"
    shutil.copytree(SAMPLE / "squad", squad)
    with jupyterlab(tmp_path, squad, "coach") as (url, token):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            run_all(page, url, token, "03_coach_review.ipynb", ".kc-dashboard")  # the last cell's live widget
            table = page.locator(".jp-OutputArea-output .kc-table", has_text="no session for 9 weeks").first
            rows = (
                "t => Array.from(t.querySelectorAll('tr')).map(r => Array.from(r.cells).map(c => c.textContent.trim()))"
            )
            overview = "\n".join("\t".join(cells) for cells in table.evaluate(rows))  # as shown, laid out or not
            kai = next(line.split("\t") for line in overview.splitlines() if "\tKai\t" in line)
            assert kai[0] == "call" and "no session for 9 weeks" in kai[2] and "red" in kai[3]  # the action first
            shot(page, "coach-1-review", show=".jp-OutputArea-output:has-text('no session for 9 weeks')")
        finally:
            page.close()
    assert (ARTIFACTS / "coach-1-review.png").stat().st_size > 20_000


def test_the_report_prints_an_athlete_a_page(browser, tmp_path):
    """The squad report printed to PDF by Chromium: the overview on the first page (with the data's last day and
    the definitions of call and check in), the squad's weeks on the second, then one page per athlete (12 in the
    sample squad), no blank page; every page rendered to PNG in test-artifacts/ to look at."""
    import pypdf
    import pypdfium2

    from kneecare_analysis.report import write_report

    report = write_report(kc.load_dataset(SAMPLE / "squad"), tmp_path / "squad.html")
    page = browser.new_page()
    try:
        page.goto(report.as_uri())
        page.pdf(format="A4", print_background=True, path=str(ARTIFACTS / "report.pdf"))
    finally:
        page.close()
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(ARTIFACTS / "report.pdf").pages]
    everything = " ".join(pages)
    assert "Squad overview — who needs attention first" in pages[0] and "As of 26 Apr 2026" in pages[0]
    assert "two red runs within 7 days" in everything and "Team overview" not in everything
    assert any("The squad's weeks" in page for page in pages[:4])
    order = kc.team_overview(kc.load_dataset(SAMPLE / "squad").weekly_summary())["athlete"].tolist()
    firsts = [page.split(" ")[4] for page in pages]  # after "page k of n"
    assert [name for name in firsts if name in order] == order  # each athlete opens a page of their own, in order
    document = pypdfium2.PdfDocument(ARTIFACTS / "report.pdf")
    for k, sheet in enumerate(document, start=1):
        sheet.render(scale=80 / 72).to_pil().save(ARTIFACTS / f"report-print-{k:02d}.png")
    document.close()


def test_the_walkthrough_app_on_a_phone(browser, tmp_path):
    """A whole session at 390 × 844 with touch: today's run, rep buttons, a running timer, pain before and after,
    Save — every screen without sideways scrolling, and the rows on disk."""
    from playwright.sync_api import expect

    data = tmp_path / "data"
    widths = {}
    with app(tmp_path, "walkthrough", data) as url:
        page = browser.new_page(**PHONE)
        try:
            visit(page, url)
            page.wait_for_selector(".kc-walkthrough.kc-phone", timeout=90_000)
            assert page.locator(".jp-InputArea:visible").count() == 0  # no code on the page

            def screen(name: str, show: str | None = None) -> None:
                """The screen as the runner sees it, ``show`` scrolled to its middle (Back and Next stay at the
                bottom of the screen as the page scrolls, so a full-page capture would draw them mid-page)."""
                widths[name] = scroll_width(page)
                if show is None:
                    page.evaluate("window.scrollTo(0, 0)")
                else:
                    page.locator(show).last.evaluate("e => e.scrollIntoView({block: 'center'})")
                page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
                page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))

            def tap(css: str, times: int = 1) -> None:
                for _ in range(times):
                    page.locator(css).tap()

            def type_in(css: str, value: int) -> None:
                box = page.locator(f"{css} input")
                box.fill(str(value))
                box.press("Enter")

            screen("1-pain-before")
            page.locator(".kc-pain-before").get_by_role("button", name="3", exact=True).tap()
            type_in(".kc-run-minutes", 35)
            page.locator(".kc-run-rpe select").select_option(label="5 hard")
            tap(".kc-next")
            tap(".kc-self_massage-both-timer button >> nth=0")  # start the countdown
            page.wait_for_selector(".kc-self_massage-both-clock :text('4:5')", timeout=10_000)
            screen("2-timer", ".kc-self_massage-both-clock")
            assert int(page.locator(".kc-self_massage-both input").input_value()) >= 1  # the clock counts in
            type_in(".kc-self_massage-both", 300)
            tap(".kc-next")
            tap(".kc-hip_abduction-left-target")
            tap(".kc-hip_abduction-right-plus5", 3)
            tap(".kc-hip_abduction-right-plus1")
            expect(page.locator(".kc-hip_abduction-left input")).to_have_value("20", timeout=30_000)
            expect(page.locator(".kc-hip_abduction-right input")).to_have_value("16", timeout=30_000)
            screen("3-reps", ".kc-hip_abduction-right-plus5")
            tap(".kc-next")
            tap(".kc-clamshell-left-target")
            tap(".kc-clamshell-right-target")
            tap(".kc-next")
            tap(".kc-glute_bridge-left-plus5", 3)
            tap(".kc-glute_bridge-right-target")
            tap(".kc-next")
            type_in(".kc-couch_stretch-left", 120)
            type_in(".kc-couch_stretch-right", 120)
            screen("4-stretch", ".kc-couch_stretch-right")
            tap(".kc-next")
            page.locator(".kc-pain-after").get_by_role("button", name="2", exact=True).tap()
            tap(".kc-next")
            tap(".kc-save")
            status = page.locator(".kc-status")
            expect(status).to_contain_text("Saved: 9 drill entries, 2 pain scores and today's run", timeout=30_000)
            assert "This week (since" in page.locator(".kc-status").inner_text()  # the week so far, no cell
            screen("5-saved", ".kc-status")
        finally:
            page.close()
    assert widths and all(width <= 390 for width in widths.values()), widths

    log = kc.load_routine_log(data)
    done = {
        (r.drill, r.side): r.reps if r.drill not in ("self_massage", "couch_stretch") else r.seconds
        for r in log.itertuples()
    }
    assert done == {
        ("self_massage", "both"): 300,
        ("hip_abduction", "left"): 20,
        ("hip_abduction", "right"): 16,
        ("clamshell", "left"): 20,
        ("clamshell", "right"): 20,
        ("glute_bridge", "left"): 15,
        ("glute_bridge", "right"): 20,
        ("couch_stretch", "left"): 120,
        ("couch_stretch", "right"): 120,
    }
    pain = kc.load_pain_log(data)
    assert sorted(zip(pain["pain"], pain["context"].astype(str), strict=True)) == [
        (2.0, "after_routine"),
        (3.0, "before_routine"),
    ]
    runs = pd.read_csv(data / "runs.csv")
    assert runs[["duration_min", "rpe"]].values.tolist() == [[35, 5]]
    for name in widths:
        assert (ARTIFACTS / f"phone-{name}.png").stat().st_size > 20_000


def test_the_dashboard_app(browser, tmp_path):
    """The sample squad in the dashboard app: the overview once, no code, no panel of problems, another athlete
    opened, the athlete's PDF saved (the app was given a folder for them)."""
    squad = tmp_path / "squad"
    shutil.copytree(SAMPLE / "squad", squad)
    with app(tmp_path, "dashboard", squad) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            visit(page, url)
            page.wait_for_selector(".kc-dashboard .kc-team-table", timeout=120_000)
            assert page.locator(".jp-InputArea:visible").count() == 0
            assert page.locator(".kc-team-table").count() == 1  # the overview once
            assert "squad: who needs attention first" in page.locator(".kc-heading").inner_text()
            assert page.locator(".kc-problems").count() == 0  # every file loaded: no panel of problems
            overview = page.locator(".kc-team-table").inner_text()
            assert "Kai" in overview and "call" in overview
            page.screenshot(path=str(ARTIFACTS / "dashboard-1-squad.png"), full_page=True)
            assert page.locator(".kc-dashboard p:has-text('Kai:')").count() == 1  # the first in attention order
            page.locator(".kc-athlete-picker select").select_option("Ana")
            page.wait_for_selector(".kc-dashboard p:has-text('Ana:')", timeout=30_000)
            page.locator(".kc-pdf-athlete").click()
            page.wait_for_selector(".kc-pdf-link", timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "dashboard-2-ana.png"), full_page=True)
        finally:
            page.close()
    made = sorted(p.name for p in (tmp_path / "pdfs").glob("*.pdf"))
    assert made == [f"kneecare-Ana-{dt.date.today():%Y-%m-%d}.pdf"]
    assert (tmp_path / "pdfs" / made[0]).read_bytes().startswith(b"%PDF")
