"""The coach's dashboard app in Chromium at a phone's, a tablet's and a desktop's width, on a squad folder of one
sub-folder per athlete where Grace's pain log has a typo and a shoe list lies beside the athletes: no control is
clipped, the heading names the squad and the date the data runs to, the problems come first and name the athlete,
and the PDF button downloads a PDF in the browser without leaving a copy anywhere on disk."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import pytest

from kneecare_analysis import apps

from .browsing import ARTIFACTS, PHONE, _free_port, scroll_width, serve, visit
from .test_dashboard import AS_OF, squad_folder

pytestmark = pytest.mark.browser

SCREENS = {
    "phone": PHONE,
    "tablet": {"viewport": {"width": 768, "height": 1024}},
    "desktop": {"viewport": {"width": 1400, "height": 1000}},
}
CONTROLS = (".kc-athlete-picker select", ".kc-pdf-athlete", ".kc-pdf-squad")


def dashboard(tmp_path: Path, squad: Path):
    """The dashboard app as ``kneecare dashboard SQUAD`` serves it (no --pdfs), started in an empty folder."""
    port, token = _free_port(), secrets.token_hex(16)
    cmd, env = apps.command("dashboard", squad, token=token, port=port)
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
    env["KNEECARE_DATA"] = str(tmp_path / "a-runners-own-folder")  # what a runner's setting would say: ignored
    return serve(cmd, env, tmp_path / "app.log", "the dashboard app"), apps.url("127.0.0.1", port, token)


def assert_reachable(page, selector: str, width: int) -> None:
    """The control lies inside the page's width, and once scrolled to it is in view and uncovered."""
    control = page.locator(selector).first
    control.scroll_into_view_if_needed()
    box = control.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, selector
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (selector, box, width)
    panel = page.locator(".kc-dashboard").bounding_box()  # every box inside the page's own: none cut at its edge
    assert panel["x"] <= box["x"] and box["x"] + box["width"] <= panel["x"] + panel["width"] + 0.5, (selector, box)
    inner = page.evaluate(
        """selector => {
            const control = document.querySelector(selector);
            let box = control.getBoundingClientRect();
            for (let up = control.parentElement; up; up = up.parentElement) {
                const style = getComputedStyle(up);
                if (style.overflowX !== 'visible' && up.scrollWidth <= up.clientWidth) {
                    const edge = up.getBoundingClientRect();
                    if (box.left < edge.left - 0.5 || box.right > edge.right + 0.5) return up.className;
                }
            }
            return '';
        }""",
        selector,
    )
    assert inner == "", f"{selector} is cut by {inner}"
    view = page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"] + 1, (selector, box)
    on_top = page.evaluate(
        """([selector, x, y]) => {
            const control = document.querySelector(selector);
            const hit = document.elementFromPoint(x, y);
            return !!hit && (control === hit || control.contains(hit) || hit.contains(control));
        }""",
        [selector, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, f"{selector} is covered"


def test_the_dashboard_at_every_width(browser, tmp_path):
    squad = squad_folder(tmp_path)
    server, url = dashboard(tmp_path, squad)
    today = dt.date.today()
    with server:
        for screen, context in SCREENS.items():
            page = browser.new_page(**context)
            width = context["viewport"]["width"]
            try:
                visit(page, url)
                page.wait_for_selector(".kc-dashboard .kc-team-table", timeout=120_000)
                assert page.locator(".jp-InputArea:visible").count() == 0  # no code on the page
                heading = page.locator(".kc-heading").inner_text()
                assert "harriers" in heading and f"As of {AS_OF}" in heading, heading
                page.wait_for_function("() => document.title.includes('as of')", timeout=30_000)
                assert page.title() == f"harriers · squad overview as of {AS_OF}"
                problems = page.locator(".kc-problems")
                said = " ".join(problems.inner_text().split())
                assert "Grace" in said and "Grace/pain_log.csv, line 4, pain: '4O'" in said, said
                assert "Not the kit's, left out: shoes.csv" in said, said
                first = problems.bounding_box()["y"]
                assert first < page.locator(".kc-team-table").bounding_box()["y"]  # the problems come first
                assert scroll_width(page) <= width  # nothing runs off the side of the page
                for selector in CONTROLS:
                    assert_reachable(page, selector, width)
                flags = page.locator(".kc-team-table tbody tr:first-child td:nth-child(3)").bounding_box()  # why
                assert flags["width"] >= 140, flags  # the reasons keep room for their words (not 70 px)
                page.locator(".kc-athlete-picker select").select_option("Ana")
                page.wait_for_selector(".kc-dashboard p:has-text('Ana:')", timeout=30_000)
                page.screenshot(path=str(ARTIFACTS / f"coach-app-{screen}.png"), full_page=True)
                with page.expect_download(timeout=60_000) as download:
                    page.locator(".kc-pdf-athlete").click()
                pdf = download.value
                assert pdf.suggested_filename == f"kneecare-Ana-{today:%Y-%m-%d}.pdf"
                assert Path(pdf.path()).read_bytes().startswith(b"%PDF")
                page.wait_for_selector(".kc-pdf-link", timeout=30_000)  # a link to save it again
                assert "Downloaded kneecare-Ana-" in page.locator(".kc-picker-panel").inner_text()
                if screen == "desktop":
                    with page.expect_download(timeout=120_000) as download:
                        page.locator(".kc-pdf-squad").click()
                    assert download.value.suggested_filename == f"kneecare-squad-{today:%Y-%m-%d}.pdf"
                    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
                    page.screenshot(path=str(ARTIFACTS / "coach-app-desktop-pdfs.png"), full_page=True)
            finally:
                page.close()
    written = [p for p in tmp_path.rglob("*.pdf")]
    assert written == []  # downloaded in the browser only: no copy in any folder (the checkout is checked too)
