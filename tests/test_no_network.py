"""Health data stay local: the pipeline — load, summary, charts, report — runs with every connection to another
machine made to fail, so do the notebooks, and the package's source holds no network client.

The network guard is ``tests/nonet/sitecustomize.py``; tests/conftest.py puts it first on the ``PYTHONPATH`` of
every process the tests start. The notebooks run once, under nbval, in kernels started from that environment:
the kernel test here proves such a kernel is cut off, instead of running every notebook a second time."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from .conftest import NONET, ROOT, SAMPLE

GUARD = r"""
import socket
import sitecustomize as guard

assert socket.socket.connect is guard.guarded_connect, "the guard is not installed"
assert not guard.allowed(("192.0.2.1", 443)) and not guard.allowed(("example.org", 443))
assert guard.allowed(("127.0.0.1", 8888)) and guard.allowed(("::1", 8888))
for attempt in (lambda: socket.create_connection(("192.0.2.1", 443), timeout=5),
                lambda: socket.getaddrinfo("example.org", 443)):
    try:
        attempt()
    except guard.NetworkBlocked:
        pass
    else:
        raise AssertionError("a connection to another machine went through")
"""

PIPELINE = r"""
import sys, tempfile
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import kneecare_analysis as kc
from kneecare_analysis.report import write_report

out = Path(tempfile.mkdtemp())
squad = kc.load_dataset(sys.argv[1] + "/squad")
summary = squad.weekly_summary()
kc.team_overview(summary); kc.relationship(summary); kc.pain_change(squad.log, pain=squad.pain)
kc.plots.squad_heatmap(summary).figure.savefig(out / "heatmap.png")
write_report(kc.load_dataset(sys.argv[1] + "/runner"), out / "report.html")  # one runner's: the same code, fast
print("pipeline ok")
"""


def test_every_process_the_tests_start_is_cut_off():
    assert os.environ["PYTHONPATH"].split(os.pathsep)[0] == str(NONET)


def test_the_pipeline_runs_with_the_network_cut_off(tmp_path):
    env = dict(os.environ, KNEECARE_DATA="sample", MPLBACKEND="Agg")  # the sample, whatever data/personal/ holds
    done = subprocess.run(
        [sys.executable, "-c", GUARD + PIPELINE, str(SAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "pipeline ok" in done.stdout


def test_a_notebook_kernel_is_cut_off():
    """A kernel started as nbval starts the notebooks' (this Python, this environment) cannot reach out."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        outputs = []
        reply = client.execute_interactive(GUARD + "\nprint('kernel cut off')", timeout=120, output_hook=outputs.append)
        assert reply["content"]["status"] == "ok", reply["content"]
        printed = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
        assert "kernel cut off" in printed
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_the_package_has_no_network_client():
    clients = re.compile(r"^\s*(import|from)\s+(socket|urllib|http\.client|requests|httpx|aiohttp|ftplib|smtplib)\b")
    for path in (ROOT / "kneecare_analysis").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert not clients.match(line), f"{path}:{number} imports a network client: {line.strip()}"
