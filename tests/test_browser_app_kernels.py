"""An app can run for weeks: each page load starts a kernel, and a closed page's kernel is shut down once no page
has been connected to it for the app's idle time, while an open page keeps its own however idle it is. The
figures for 50 page loads are made by ``benchmarks/app_kernels.py``."""

from __future__ import annotations

import secrets
import socket
import time

import psutil
import pytest

from kneecare_analysis import apps

from .browsing import serve, visit

pytestmark = pytest.mark.browser
IDLE_S = 4  # short, so the test is quick; the app's own is apps.IDLE_S


def kernels(server_pid: int) -> list[psutil.Process]:
    """The kernels the app's server started."""
    found = []
    for p in psutil.Process(server_pid).children(recursive=True):
        try:
            if p.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(p.cmdline()):
                found.append(p)
        except psutil.Error:  # a kernel that ended while we looked
            continue
    return found


def test_a_closed_pages_kernel_is_shut_down_and_an_open_ones_is_kept(browser, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    data = tmp_path / "data"
    data.mkdir()
    cmd, env = apps.command("walkthrough", data, token=token, port=port, idle_s=IDLE_S)
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
    with serve(cmd, env, tmp_path / "app.log", "the walkthrough app") as server:
        kept = browser.new_page()
        visit(kept, apps.url("127.0.0.1", port, token))
        kept.wait_for_selector(".kc-walkthrough", timeout=90_000)
        closed = browser.new_page()
        visit(closed, apps.url("127.0.0.1", port, token))
        closed.wait_for_selector(".kc-walkthrough", timeout=90_000)
        assert len(kernels(server.pid)) == 2
        closed.close()
        # the closed page's kernel goes; the open one, loaded first and so idle at least as long, stays
        deadline = time.monotonic() + 60
        while len(kernels(server.pid)) > 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        log = (tmp_path / "app.log").read_text()
        assert len(kernels(server.pid)) == 1, log
        assert log.count("Culling 'idle' kernel") == 1 and "with 0 connections" in log
