"""What the browser tests share: Chromium kept offline, servers started and stopped, JupyterLab driven by its own
commands, screenshots kept in ``test-artifacts/``. The ``browser`` fixture is in ``conftest.py``; see
``test_browser.py`` for how the tests use these."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kneecare_analysis import apps, lab

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _need_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append("Debian's chromium (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install playwright)")
    if missing:
        message = "the browser test needs " + " and ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout


def _stop(server: subprocess.Popen) -> None:
    """Stop a server started in a session of its own, and everything it started."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


@contextmanager
def serve(cmd: list[str], env: dict, log_path: Path, what: str):
    """Run a server in a session of its own, its output copied to ``log_path``; ready once it says it "is running
    at" its address; yields the server's process. Stopped, with everything it started, on the way out."""
    server = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    said_running, settled = threading.Event(), threading.Event()

    def copy_output() -> None:
        with log_path.open("w") as log:
            for line in server.stdout:
                log.write(line)
                log.flush()
                if "is running at" in line:
                    said_running.set()
                    settled.set()
        settled.set()  # the output ended: the server stopped

    reader = threading.Thread(target=copy_output, daemon=True)
    reader.start()
    try:
        if not settled.wait(timeout=120) or not said_running.is_set():
            raise RuntimeError(f"{what} did not start:\n" + log_path.read_text())
        yield server
    finally:
        _stop(server)
        reader.join(timeout=20)


@contextmanager
def jupyterlab(tmp_path: Path, data: Path, name: str):
    """JupyterLab as ``make lab`` starts it, in a kit folder of its own under ``tmp_path``; yields its URL and
    token."""
    kit = tmp_path / f"kit-{name}"
    kit.mkdir()
    (kit / "notebooks").symlink_to(ROOT / "notebooks")
    lab.working_copies(kit)
    port, token = _free_port(), secrets.token_hex(16)
    settings = tmp_path / f"settings-{name}"
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}')  # no "notified about news?" toast over the screenshots
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')  # every cell stays in the page, scrolled past or not
    env = dict(os.environ, KNEECARE_DATA=str(data), JUPYTER_CONFIG_DIR=str(tmp_path / f"config-{name}"))
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / f"runtime-{name}")
    args = lab.command(kit) + [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--LabApp.workspaces_dir={tmp_path / f'workspaces-{name}'}",
        f"--LabApp.user_settings_dir={settings}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: the tests run JupyterLab's commands
    ]
    log_path = tmp_path / f"lab-{name}.log"
    with serve(args, env, log_path, "JupyterLab"):
        said = log_path.read_text()
        assert "error linking extension" not in said, said  # JupyterLab took every option given
        yield f"http://127.0.0.1:{port}", token


# True once a server answers at the URL (an opaque answer will do): it may log that it is running a moment
# before it listens.
ANSWERS = """url => fetch(url, {mode: 'no-cors', cache: 'no-store'}).then(() => true, () => false)"""


def visit(page, url: str) -> None:
    """Go to ``url`` once its server answers."""
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(url))
    page.wait_for_function(ANSWERS, arg=origin, polling=100, timeout=60_000)
    page.goto(url)


# The notebook open at ``path`` in JupyterLab's main area, its kernel connected and idle.
KERNEL_IDLE = """path => {
    const app = window.jupyterapp;
    const panel = app && Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === path);
    const kernel = panel && panel.context.isReady && panel.sessionContext.session?.kernel;
    return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""
# JupyterLab's "Run All Cells" on that notebook; window.kcRunAll holds its outcome once every cell has run.
RUN_ALL = """path => {
    const app = window.jupyterapp;
    const panel = Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === path);
    app.shell.activateById(panel.id);
    window.kcRunAll = undefined;
    app.commands.execute('notebook:run-all-cells').then(
        ran => { window.kcRunAll = ran === true ? 'ran' : `not every cell ran: ${ran}`; },
        error => { window.kcRunAll = `failed: ${error}`; },
    );
}"""


# Bring the notebook open at ``path`` to the front of JupyterLab's main area; on a phone-sized screen, with the
# file browser a restored layout may have opened closed again, as a runner would tap it shut.
ACTIVATE = """path => {
    const app = window.jupyterapp;
    const panel = Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === path);
    if (window.innerWidth < 600) { app.shell.collapseLeft(); }
    app.shell.activateById(panel.id);
}"""


def run_all(page, url: str, token: str, notebook: str, ready: str) -> None:
    """Open a working copy by its URL, run every cell with JupyterLab's command once its kernel is idle, and wait
    for the run to end and ``ready`` (a CSS selector) to show."""
    path = f"{lab.WORK}/{notebook}"
    visit(page, f"{url}/lab/tree/{path}?token={token}")
    page.wait_for_function(KERNEL_IDLE, arg=path, timeout=120_000)
    page.evaluate(RUN_ALL, path)
    page.wait_for_function("() => window.kcRunAll !== undefined", timeout=180_000)
    assert page.evaluate("window.kcRunAll") == "ran", page.evaluate("window.kcRunAll")
    page.evaluate(ACTIVATE, path)  # in front again: a restored layout may have brought another document forward
    try:
        page.wait_for_selector(ready, timeout=60_000)
    except Exception:  # noqa: BLE001 - re-raised: the screen it found is kept to look at
        page.screenshot(path=str(ARTIFACTS / f"failed-{notebook}.png"))
        raise


def shot(page, name: str, *, show: str | None = None) -> None:
    """A screenshot, with ``show`` (a selector) scrolled into view first."""
    no_news = page.locator(".jp-Notification-Toast button", has_text="No")
    if no_news.count():
        no_news.first.click()
    if show is not None:
        page.locator(show).last.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


class Offline:
    """Chromium whose pages may only reach this machine: a request to any other host is refused and recorded."""

    def __init__(self, chromium):
        self.chromium = chromium
        self.outside: list[str] = []

    def new_page(self, **context):
        ctx = self.chromium.new_context(**context)
        ctx.route("**/*", self._route)
        return ctx.new_page()

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "file") or parts.hostname in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


def offline_chromium():
    """Chromium that may only reach this machine, for the ``browser`` fixture; afterwards no request left the
    machine and the checkout's files are as they were."""
    _need_browser()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    before = _git_status()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        offline = Offline(chromium)
        try:
            yield offline
        finally:
            chromium.close()
    assert offline.outside == [], f"requests left the machine: {offline.outside}"
    assert _git_status() == before  # using the kit changed no file of the checkout


@contextmanager
def app(tmp_path: Path, name: str, data: Path):
    """An app as ``kneecare walkthrough`` / ``kneecare dashboard`` serves it; yields its URL with the token."""
    port, token = _free_port(), secrets.token_hex(16)
    cmd, env = apps.command(name, data, token=token, port=port, pdf_folder=tmp_path / "pdfs")
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / f"runtime-{name}")
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / f"config-{name}")
    with serve(cmd, env, tmp_path / f"app-{name}.log", f"the {name} app"):
        yield apps.url("127.0.0.1", port, token)


def scroll_width(page) -> int:
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
