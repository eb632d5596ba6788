"""Benchmark: how quickly the coach's screens answer, measured in Chromium as a coach meets them — the dashboard
app's first screen, switching athlete, the PDF buttons (until the browser has the download), the HTML report,
notebook 03 Run All in JupyterLab and the progress explorer's redraw in notebook 02 — on the sample squad and on
a generated squad of 50 athletes. Prints a table; asserts nothing (the tests never time anything).

    python benchmarks/coach_app.py [--athletes 50] [--repeat 3] [--skip-lab] [--out benchmarks/out/coach]

Every figure is the median of ``--repeat`` visits, each visit a fresh page (a fresh kernel); a switch of athlete
is measured "cold" (straight after the first screen: the athlete's charts are drawn on the click) and "warm"
(after the page has been idle for a while, when the app has drawn the others' charts in the background).
Needs Playwright and Debian's Chromium, as the browser tests do.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kneecare_analysis as kc  # noqa: E402
from kneecare_analysis import apps, demo  # noqa: E402
from tests.browsing import (  # noqa: E402
    ANSWERS,
    CHROMIUM,
    CHROMIUM_ARGS,
    KERNEL_IDLE,
    RUN_ALL,
    _free_port,
    jupyterlab,
    serve,
    visit,
)

DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
IDLE_WAIT = 20.0  # seconds the page is left alone before the warm switches (the app draws meanwhile)
SWITCHES = 3  # athletes opened per visit, cold and again warm


def generated_squad(folder: Path, athletes: int, *, seed: int = 11) -> Path:
    """A squad of ``athletes`` with a real effect of the routine (:func:`kneecare_analysis.demo.real_effect`):
    its routine log, pain scores and runs written as the CSV files a squad folder holds."""
    s = demo.real_effect(athletes=athletes, seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    log = s.log.assign(date=s.log["date"].dt.strftime("%Y-%m-%d"))
    log[["athlete", "date", "drill", "side", "reps", "seconds"]].to_csv(folder / "routine_log.csv", index=False)
    pain = s.pain.assign(date=s.pain["date"].dt.strftime("%Y-%m-%d"))
    pain[["athlete", "date", "pain", "context"]].to_csv(folder / "pain_log.csv", index=False)
    runs = s.runs.assign(date=s.runs["date"].dt.strftime("%Y-%m-%d"))
    keep = [c for c in ("athlete", "date", "distance_km", "duration_s", "rpe") if c in runs]
    runs[keep].to_csv(folder / "runs.csv", index=False)
    return folder


# the PDF button answered: a download started (more than ``seen``), or the panel says there is no PDF
PDF_ANSWERED = """seen => window.kcDownloads && window.kcDownloads.size > seen
    || document.querySelector('.kc-picker-panel').innerText.includes('No PDF')"""
CHARTS = "() => Array.from(document.querySelectorAll('.kc-athlete-charts img'), img => img.src)"


def timed(action, until) -> float:
    started = time.perf_counter()
    action()
    until()
    return time.perf_counter() - started


def dashboard_visit(chromium, url: str, names: list[str]) -> dict[str, list[float]]:
    """One visit: the first screen, cold switches, warm switches after the page was idle, then the PDFs."""
    out: dict[str, list[float]] = {}
    context = chromium.new_context(**DESKTOP, accept_downloads=True)
    page = context.new_page()
    try:
        page.wait_for_function(ANSWERS, arg=url.split("?")[0], polling=100, timeout=60_000)  # the server answers
        out["first screen"] = [
            timed(
                lambda: page.goto(url),
                lambda: page.wait_for_selector(".kc-dashboard .kc-team-table", timeout=180_000),
            )
        ]
        page.wait_for_selector(".kc-dashboard p:has-text(':')", timeout=60_000)

        def switch(name: str, when: str) -> None:
            """Open ``name``: the time until the words and the first chart show, and until all four charts do."""
            before = page.evaluate(CHARTS)
            started = time.perf_counter()
            page.locator(".kc-athlete-picker select").select_option(name)
            page.wait_for_selector(f".kc-dashboard p:has-text('{name}:')", timeout=60_000)
            out.setdefault(f"switch athlete ({when}): words and first chart", []).append(time.perf_counter() - started)
            page.wait_for_function(f"b => ({CHARTS})().every((src, i) => src && src !== b[i])", arg=before)
            out.setdefault(f"switch athlete ({when}): all four charts", []).append(time.perf_counter() - started)

        for name in names[1 : 1 + SWITCHES]:
            switch(name, "cold")
        time.sleep(IDLE_WAIT)  # a coach reads the overview; the app draws the other athletes meanwhile
        for name in names[1 + SWITCHES : 1 + 2 * SWITCHES]:
            switch(name, "warm")
        downloads: list = []
        page.on("download", lambda d: downloads.append(d))
        for what, selector in (("athlete PDF", ".kc-pdf-athlete"), ("squad PDF", ".kc-pdf-squad")):
            print(f"  {what}…", file=sys.stderr, flush=True)
            started = time.perf_counter()
            page.locator(selector).click()  # the PDF made in the kernel, sent to the page, saved by the browser
            expected = len(downloads) + 1
            page.wait_for_function(PDF_ANSWERED, arg=len(downloads), timeout=600_000)
            if "No PDF" in page.locator(".kc-picker-panel").inner_text():
                said = page.locator(".kc-picker-panel").inner_text()
                print(f"  {what} failed: {' '.join(said.split())[-200:]}", file=sys.stderr, flush=True)
                out[what] = [float("nan")]
                continue
            while len(downloads) < expected:  # Playwright's word of the download the page started
                page.wait_for_timeout(20)
            failed = downloads[-1].failure()  # waits until the whole file is in the browser's hands
            out[what] = [float("nan") if failed else time.perf_counter() - started]
    finally:
        context.close()
    return out


def dashboard(chromium, folder: Path, tmp: Path, repeat: int) -> dict[str, list[float]]:
    names = kc.team_overview(kc.load_dataset(folder, errors="report").weekly_summary())["athlete"].astype(str)
    port, token = _free_port(), secrets.token_hex(16)
    cmd, env = apps.command("dashboard", folder, token=token, port=port)
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / f"runtime-{port}")
    env["JUPYTER_CONFIG_DIR"] = str(tmp / f"config-{port}")
    results: dict[str, list[float]] = {}
    with serve(cmd, env, tmp / f"app-{port}.log", "the dashboard app"):
        url = apps.url("127.0.0.1", port, token)
        for _ in range(repeat):
            for key, values in dashboard_visit(chromium, url, names.tolist()).items():
                print(f"  {key}: {', '.join(f'{v:.2f} s' for v in values)}", file=sys.stderr, flush=True)
                results.setdefault(key, []).extend(values)
    return results


def html_report(chromium, folder: Path, tmp: Path, repeat: int) -> dict[str, list[float]]:
    """``kneecare report DIR --out`` (a fresh process, as a coach runs it), then the file opened in Chromium."""
    made, shown = [], []
    out = tmp / f"report-{folder.name}.html"
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kneecare_analysis.cli", "report", str(folder), "--out", str(out)],
            check=True,
            capture_output=True,
        )
        made.append(time.perf_counter() - started)
        page = chromium.new_page(**DESKTOP)
        started = time.perf_counter()
        page.goto(out.as_uri(), wait_until="load")
        shown.append(time.perf_counter() - started)
        page.close()
    return {"HTML report (command)": made, "HTML report (opened)": shown}


def notebooks(chromium, folder: Path, tmp: Path, repeat: int, *, explorer: bool) -> dict[str, list[float]]:
    """Notebook 03 Run All in JupyterLab on ``folder`` (from the kernel idle to every cell run), and with
    ``explorer`` the progress explorer of notebook 02 on the sample runner: a change of the pain context and of
    the top chart's view, until the chart's image changed."""
    from kneecare_analysis import lab

    results: dict[str, list[float]] = {}
    runs = [("03_coach_review.ipynb", folder)]
    if explorer:
        runs.append(("02_my_progress.ipynb", kc.paths.SAMPLE_DIR / "runner"))
    for name, data in runs:
        with jupyterlab(tmp, data, f"{name[:2]}-{secrets.token_hex(3)}") as (url, token):
            for _ in range(repeat):
                page = chromium.new_page(**DESKTOP)
                path = f"{lab.WORK}/{name}"
                visit(page, f"{url}/lab/tree/{path}?token={token}")
                page.wait_for_function(KERNEL_IDLE, arg=path, timeout=180_000)
                ran = timed(
                    lambda: page.evaluate(RUN_ALL, path),  # noqa: B023
                    lambda: page.wait_for_function("() => window.kcRunAll !== undefined", timeout=300_000),  # noqa: B023
                )
                print(f"  {name} Run All: {ran:.2f} s", file=sys.stderr, flush=True)
                if name.startswith("03"):
                    results.setdefault("notebook 03 Run All", []).append(ran)
                else:
                    page.wait_for_selector(".kc-explorer img", timeout=60_000)
                    results.setdefault("explorer redraw (pain context)", []).append(redraw(page, "context"))
                    results.setdefault("explorer redraw (view)", []).append(redraw(page, "view"))
                page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")  # no dialog
                page.close()
    return results


CHART_SRC = "() => document.querySelector('.kc-explorer img').src"


def redraw(page, control: str) -> float:
    before = page.evaluate(CHART_SRC)

    def change() -> None:
        if control == "context":
            page.locator(".kc-explorer select").nth(1).select_option(index=1)
        else:
            page.locator(".kc-view button").nth(1).click()

    return timed(change, lambda: page.wait_for_function(f"b => ({CHART_SRC})() !== b", arg=before, timeout=30_000))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=50, help="the generated squad's size (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="visits per measure (default 3; the median is shown)")
    parser.add_argument("--skip-lab", action="store_true", help="leave out JupyterLab (notebooks 03 and 02)")
    parser.add_argument("--skip-sample", action="store_true", help="only the generated squad")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    # the servers' kernels and the report command import this checkout, whatever is installed
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

    results: dict[str, dict[str, list[float]]] = {}
    with ExitStack() as stack, sync_playwright() as p:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kneecare-bench-")))
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        squads = {
            "sample squad (12)": kc.paths.SAMPLE_DIR / "squad",
            f"generated squad ({args.athletes})": generated_squad(tmp / "generated", args.athletes),
        }
        if args.skip_sample:
            squads.pop("sample squad (12)")
        for label, folder in squads.items():
            print(f"{label}: the dashboard…", file=sys.stderr, flush=True)
            results[label] = dashboard(chromium, folder, tmp, args.repeat)
            results[label].update(html_report(chromium, folder, tmp, args.repeat))
            if not args.skip_lab:
                print(f"{label}: JupyterLab…", file=sys.stderr, flush=True)
                results[label].update(
                    notebooks(chromium, folder, tmp, args.repeat, explorer=label.startswith("sample"))
                )
        chromium.close()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, Chromium {CHROMIUM}")
    labels = list(results)
    measures = list(dict.fromkeys(m for r in results.values() for m in r))
    print("| measure | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    for m in measures:
        cells = []
        for label in labels:
            values = results[label].get(m)
            if not values:
                cells.append("–")
            elif any(v != v for v in values):  # NaN: it failed (printed above)
                cells.append("failed")
            else:
                cells.append(f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})")
        print(f"| {m} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
