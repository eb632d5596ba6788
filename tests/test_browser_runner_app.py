"""The walkthrough app in Chromium, walked by runners on a phone (390 × 844, touch) and a laptop (1400 × 1000):
a session corrected the next day, deleted by mistake and brought back with Undo; the morning after a run, whose
score is asked first and lights the run; a save into a folder holding a file of another app, which still answers
"Saved" and lists the file. The app is served as ``kneecare walkthrough`` serves it (``tests/browsing.py``); every
step waits for what it needs on screen, never for a fixed time, and each screen's screenshot is kept in
``test-artifacts/runner-app-*.png``. The folders are made by the kit's own session model, as an earlier day of
the walkthrough would have left them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import kneecare_analysis as kc
from kneecare_analysis.logbook import history
from kneecare_analysis.session import Session

from .browsing import ARTIFACTS, PHONE, app, scroll_width, visit

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}
TITLE = "Knee-care routine · today's session"
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"  # laid out, drawn


def _ran_yesterday(folder, *, morning: float = 2, after_run: float = 3) -> dt.date:
    """Yesterday's session as the walkthrough saved it: this morning's score, the routine, a run, a score after
    the run."""
    yesterday = dt.date.today() - dt.timedelta(days=1)
    day = Session(folder, today=yesterday, session_id="yesterday")
    day.set_pain(morning, context="morning")
    day.set_pain(after_run, context="after_run", when="after")
    day.set_run(40, rpe=5)
    for drill in kc.DEFAULT_ROUTINE.drills:
        day.record(drill.id, **{"reps" if drill.kind == "reps" else "seconds": drill.target})
    day.save()
    return yesterday


class Screens:
    """Screenshots of one walk, each looked at by name, and the widest page seen (no sideways scrolling). Each is
    the screen as the runner sees it — with ``show`` (a selector) scrolled into the middle of it — since Back and
    Next stay at the bottom of the screen as the page scrolls."""

    def __init__(self, page, walk: str):
        self.page, self.walk, self.widths = page, walk, {}

    def __call__(self, name: str, *, show: str | None = None) -> None:
        self.widths[name] = scroll_width(self.page)
        if show is None:
            self.page.evaluate("window.scrollTo(0, 0)")
        else:
            self.page.locator(show).last.evaluate("e => e.scrollIntoView({block: 'center'})")
        self.page.evaluate(PAINTED)
        self.page.screenshot(path=str(ARTIFACTS / f"runner-app-{self.walk}-{name}.png"))


def _open(browser, url: str, screen: str):
    page = browser.new_page(**SCREENS[screen])
    visit(page, url)
    page.wait_for_selector(".kc-walkthrough.kc-phone .kc-pain-before", timeout=90_000)
    return page


def _to_summary(page) -> None:
    """Next until the summary, skipping the scores not yet answered; each step waits for the next heading."""
    from playwright.sync_api import expect

    where = page.locator(".kc-where")
    for _ in range(len(kc.DEFAULT_ROUTINE.drills) + 3):
        heading = where.inner_text()
        if heading == "Summary":
            break
        for when in ("before", "after"):
            skip = page.locator(f".kc-pain-{when}-skip")
            if skip.is_visible() and not page.locator(f".kc-pain-{when}-said :text('Your score')").count():
                skip.click()
        page.locator(".kc-next").click()
        expect(where).not_to_have_text(heading, timeout=30_000)
    page.wait_for_selector(".kc-save", timeout=30_000)


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_session_edited_the_next_day_then_deleted_and_undone(browser, tmp_path, screen):
    from playwright.sync_api import expect

    data = tmp_path / "data"
    yesterday = _ran_yesterday(data)
    day = yesterday.strftime("%A %d %B")
    with app(tmp_path, "walkthrough", data) as url:
        page = _open(browser, url, screen)
        shots = Screens(page, f"edit-{screen}")
        try:
            assert page.title() == TITLE
            shots("1-opened")
            page.locator(".kc-edit-0").click()  # yesterday's session, from the list
            expect(page.locator(".kc-status")).to_contain_text(f"Editing the session of {day}", timeout=30_000)
            for _ in range(3):
                page.locator(".kc-next").click()
            expect(page.locator(".kc-where")).to_contain_text("Drill 3 of 5: Clamshell")
            box = page.locator(".kc-clamshell-left input")
            box.fill("12")  # fewer than done: the summary marks it
            box.press("Enter")
            expect(page.locator(".kc-status")).to_contain_text("Changed since you saved", timeout=30_000)
            shots("2-changed", show=".kc-clamshell-left")
            _to_summary(page)
            expect(page.locator(".kc-short").last).to_contain_text("short of the minimum (left): at least 15 reps")
            shots("3-summary", show=".kc-short")
            page.locator(".kc-save").click()
            expect(page.locator(".kc-status")).to_contain_text(
                f"Saved: 9 drill entries, 2 pain scores and the day's run for {day}", timeout=30_000
            )
            shots("4-saved", show=".kc-status")
            page.locator(".kc-delete-0").click()  # a wrong tap
            expect(page.locator(".kc-status")).to_contain_text(f"Deleted the session of {day}.", timeout=30_000)
            expect(page.locator(".kc-undo")).to_be_visible()
            expect(page.locator(".kc-edit-0")).to_have_count(0)
            shots("5-deleted", show=".kc-undo")
            page.locator(".kc-undo").click()
            expect(page.locator(".kc-status")).to_contain_text("Undone: the session is back", timeout=30_000)
            expect(page.locator(".kc-edit-0")).to_have_count(1)
            expect(page.locator(".kc-undo")).to_be_hidden()
            shots("6-undone", show=".kc-sessions")
        finally:
            page.close()
    assert all(width <= SCREENS[screen]["viewport"]["width"] for width in shots.widths.values()), shots.widths

    log = kc.load_routine_log(data)  # the session is back, as corrected, and on its own day
    assert log["date"].unique().tolist() == [pd.Timestamp(yesterday)] and len(log) == 9
    assert log.loc[(log["drill"] == "clamshell") & (log["side"] == "left"), "reps"].item() == 12
    assert history(data)["action"].tolist() == ["save", "edit", "delete", "undo"]
    for name in shots.widths:
        assert (ARTIFACTS / f"runner-app-edit-{screen}-{name}.png").stat().st_size > 20_000


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_next_mornings_score_is_asked_and_lights_the_run(browser, tmp_path, screen):
    from playwright.sync_api import expect

    data = tmp_path / "data"
    yesterday = _ran_yesterday(data, morning=2, after_run=3)
    with app(tmp_path, "walkthrough", data) as url:
        page = _open(browser, url, screen)
        shots = Screens(page, f"morning-{screen}")
        try:
            morning = page.locator(".kc-morning")
            expect(morning).to_contain_text("You ran yesterday: how is your knee this morning?", timeout=30_000)
            shots("1-asked", show=".kc-morning")
            page.locator(".kc-pain-morning").get_by_role("button", name="2", exact=True).click()
            expect(page.locator(".kc-pain-morning-said")).to_contain_text("Your score: 2 out of 10", timeout=30_000)
            chosen = page.locator(".kc-pain-morning .mod-active")
            expect(chosen).to_have_text("2")
            assert chosen.evaluate("b => getComputedStyle(b).color") == "rgb(255, 255, 255)"  # white on dark blue
            shots("2-scored", show=".kc-morning")
            _to_summary(page)
            page.locator(".kc-save").click()
            status = page.locator(".kc-status")
            expect(status).to_contain_text("Saved: 1 pain score for", timeout=30_000)
            expect(status).to_contain_text(
                f"Your run on {yesterday.strftime('%A')}: yellow — pain 3 after the run, settled by the next morning."
            )
            same_week = dt.date.today().weekday() > 0  # yesterday's scores count in this week unless it is Monday
            per_moment = "in the mornings 2.0/10 (2 scores); after runs 3.0/10 (1 score)."
            expect(status).to_contain_text(per_moment if same_week else "in the mornings 2.0/10 (1 score).")
            shots("3-lit", show=".kc-status")
        finally:
            page.close()
    assert all(width <= SCREENS[screen]["viewport"]["width"] for width in shots.widths.values()), shots.widths

    lights = kc.load_dataset(data).run_tolerance()  # the same light from the saved logs
    assert lights[["date", "pain_after", "morning_before", "morning_after"]].values.tolist() == [
        [pd.Timestamp(yesterday), 3.0, 2.0, 2.0]
    ]
    assert lights["light"].astype(str).tolist() == ["yellow"]
    pain = kc.load_pain_log(data)
    today = pain[pain["date"] == pd.Timestamp(dt.date.today())]
    assert today[["pain", "context"]].astype(str).values.tolist() == [["2.0", "morning"]]


def test_the_first_screen_of_a_phone_fits_the_scale_and_next(browser, tmp_path):
    """Nothing logged yet: the pain scale in two even rows, the chosen score clear, Next in sight unscrolled."""
    data = tmp_path / "data"
    with app(tmp_path, "walkthrough", data) as url:
        page = _open(browser, url, "phone")
        shots = Screens(page, "first-phone")
        try:
            assert page.title() == TITLE
            buttons = page.locator(".kc-pain-before .widget-toggle-button")
            boxes = [buttons.nth(i).bounding_box() for i in range(buttons.count())]
            assert len(boxes) == 11
            rows = sorted({round(b["y"]) for b in boxes})
            assert len(rows) == 2, rows  # 0–5 above, 6–10 below
            assert [round(b["y"]) for b in boxes] == [rows[0]] * 6 + [rows[1]] * 5
            widths = {round(b["width"]) for b in boxes}
            assert max(widths) - min(widths) <= 1 and min(widths) >= 48, widths
            assert all(b["height"] >= 48 for b in boxes)
            gaps = [boxes[i + 1]["x"] - (boxes[i]["x"] + boxes[i]["width"]) for i in range(5)]
            assert min(gaps) >= 4, gaps  # apart, not touching
            nxt = page.locator(".kc-next").bounding_box()
            assert nxt["y"] + nxt["height"] <= PHONE["viewport"]["height"], nxt  # in sight without scrolling
            assert nxt["height"] >= 48
            shots("1-first")
            page.locator(".kc-pain-before").get_by_role("button", name="3", exact=True).click()
            page.locator(".kc-next").click()
            page.locator(".kc-where", has_text="Drill 1 of 5").wait_for(timeout=30_000)
            assert page.get_by_text("Self-massage", exact=False).count() == 1  # the drill's name said once
            plus = [page.locator(f".kc-hip_abduction-left-{b}") for b in ("minus1", "plus1", "plus5", "target")]
            page.locator(".kc-next").click()
            boxes = [b.bounding_box() for b in plus]
            assert all(b["height"] >= 48 and b["width"] >= 48 for b in boxes), boxes
            assert all(boxes[i + 1]["x"] - (boxes[i]["x"] + boxes[i]["width"]) >= 4 for i in range(3)), boxes
            assert page.locator(".kc-status").inner_text().strip() == ""  # the reminder to score went once scored
            shots("2-reps", show=".kc-hip_abduction-right-plus5")
        finally:
            page.close()
    assert all(width <= 390 for width in shots.widths.values()), shots.widths


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_save_into_a_folder_holding_a_foreign_csv_says_saved(browser, tmp_path, screen):
    from playwright.sync_api import expect

    data = tmp_path / "data"
    data.mkdir()
    (data / "shoes.csv").write_text("brand,model,km\nNike,Pegasus,300\n", encoding="utf-8")
    with app(tmp_path, "walkthrough", data) as url:
        page = _open(browser, url, screen)
        shots = Screens(page, f"foreign-{screen}")
        try:
            page.locator(".kc-pain-before").get_by_role("button", name="3", exact=True).click()
            expect(page.locator(".kc-pain-before-said")).to_contain_text("Your score: 3 out of 10", timeout=30_000)
            _to_summary(page)
            page.locator(".kc-save").click()
            status = page.locator(".kc-status")
            expect(status).to_contain_text("Saved: 1 pain score for", timeout=30_000)
            expect(status).to_contain_text("Some files in your folder did not load")
            expect(status.locator(".kc-problems li")).to_contain_text("shoes.csv: cannot tell what this file holds")
            expect(status).to_contain_text(
                "no session of the routine saved yet; knee pain before the routine 3.0/10 (1 score)"
            )
            shots("1-saved", show=".kc-problems")
        finally:
            page.close()
    assert all(width <= SCREENS[screen]["viewport"]["width"] for width in shots.widths.values()), shots.widths
    assert kc.load_pain_log(data / "pain_log.csv")[["pain", "context"]].astype(str).values.tolist() == [
        ["3.0", "before_routine"]
    ]


def test_notebook_01_opened_again_asks_to_run_its_cell_instead_of_a_dead_widget(browser, tmp_path):
    """The committed notebook keeps no widget state: opened before running, the walkthrough's cell says to run it
    (never "Error displaying widget: model not found", never an earlier session's widget)."""
    from playwright.sync_api import expect

    from kneecare_analysis import lab

    from .browsing import KERNEL_IDLE, jupyterlab

    path = f"{lab.WORK}/01_routine_walkthrough.ipynb"
    with jupyterlab(tmp_path, tmp_path / "data", "reopen") as (url, token):
        page = browser.new_page(**DESKTOP)
        try:
            visit(page, f"{url}/lab/tree/{path}?token={token}")
            page.wait_for_function(KERNEL_IDLE, arg=path, timeout=120_000)
            outputs = page.locator(".jp-OutputArea-output")
            expect(outputs.filter(has_text="Run this cell to start the walkthrough.")).to_have_count(1, timeout=30_000)
            outputs.filter(has_text="Run this cell to start").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "runner-app-reopen-01.png"))
            assert page.locator("text=Error displaying widget").count() == 0
            assert page.locator(".kc-walkthrough").count() == 0
        finally:
            page.close()
