"""An app left running for weeks: what 50 page loads leave behind. The figures of benchmarks/README.md.

    python benchmarks/app_kernels.py [--loads 50] [--open 2] [--app walkthrough]

Serves the app as ``kneecare walkthrough`` does (``apps.command``, the app's own idle time ``apps.IDLE_S``) on
127.0.0.1 over an empty data folder, then in Debian's Chromium loads the page ``--loads`` times, each page
closed once its widget shows, except the last ``--open`` pages, which stay open. Prints the kernels running and
the resident memory of the server and its kernels right after the loads, then once no closed page's kernel is
left (or after 3 minutes), with the time that took. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kneecare_analysis import apps  # noqa: E402
from tests.browsing import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def kernels(server: psutil.Process) -> list[psutil.Process]:
    found = []
    for p in server.children(recursive=True):
        try:
            if p.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(p.cmdline()):
                found.append(p)
        except psutil.Error:
            continue
    return found


def resident_mb(server: psutil.Process) -> float:
    total = 0
    for p in [server, *server.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=50)
    parser.add_argument("--open", type=int, default=2, help="pages left open at the end")
    parser.add_argument("--app", default="walkthrough", choices=sorted(apps.APPS))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        token = secrets.token_hex(16)
        cmd, env = apps.command(args.app, Path(tmp), token=token, port=port)
        env["JUPYTER_RUNTIME_DIR"] = str(Path(tmp) / ".runtime")
        log = open(Path(tmp) / ".app.log", "w")  # noqa: SIM115 - kept open while the server runs
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        server = psutil.Process(proc.pid)
        link = apps.url("127.0.0.1", port, token)
        try:
            with sync_playwright() as p:
                chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                ready = f".kc-{args.app}"
                started = time.monotonic()
                kept = []
                for i in range(args.loads):
                    page = chromium.new_page()
                    for _ in range(600):  # the server may not listen yet
                        try:
                            page.goto(link)
                            break
                        except Exception:  # noqa: BLE001 - refused until the server listens
                            time.sleep(0.2)
                    page.wait_for_selector(ready, timeout=120_000)
                    if i >= args.loads - args.open:
                        kept.append(page)
                    else:
                        page.close()
                loaded = time.monotonic() - started
                print(f"{args.loads} page loads of the {args.app} app in {loaded:.0f} s ({args.open} left open)")
                print(f"  right after: {len(kernels(server))} kernels, {resident_mb(server):,.0f} MB resident")
                settle = time.monotonic()
                while len(kernels(server)) > args.open and time.monotonic() - settle < 180:
                    time.sleep(1)
                print(
                    f"  {time.monotonic() - settle:.0f} s later: {len(kernels(server))} kernels, "
                    f"{resident_mb(server):,.0f} MB resident (idle time {apps.IDLE_S} s)"
                )
                chromium.close()
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
            log.close()


if __name__ == "__main__":
    main()
