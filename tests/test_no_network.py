"""Health data stay local: the whole pipeline — load, summary, charts, report, the four notebooks — runs with
every connection to another machine made to fail, and the package's source holds no network client."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from .conftest import ROOT, SAMPLE

PIPELINE = r"""
import socket, sys, tempfile
from pathlib import Path
import sitecustomize as guard

assert socket.socket.connect is guard.guarded_connect, "the guard is not installed"
assert not guard.allowed(("192.0.2.1", 443)) and not guard.allowed(("example.org", 443))
assert guard.allowed(("127.0.0.1", 8888)) and guard.allowed(("::1", 8888))

import matplotlib
matplotlib.use("Agg")
import kneecare_analysis as kc
from kneecare_analysis.report import write_report

out = Path(tempfile.mkdtemp())
ds = kc.load_dataset(sys.argv[1] + "/squad")
summary = ds.weekly_summary()
kc.team_overview(summary); kc.relationship(summary); kc.pain_change(ds.log, pain=ds.pain)
kc.plots.squad_heatmap(summary).figure.savefig(out / "heatmap.png")
write_report(ds, out / "report.html")

import nbformat
from nbclient import NotebookClient
notebooks = Path(sys.argv[2])
for path in sorted(notebooks.glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(notebooks)}}).execute()
    print("ran", path.name)
print("pipeline ok")
"""


def test_the_pipeline_runs_with_the_network_cut_off(tmp_path):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "tests" / "nonet"), env.get("PYTHONPATH")]))
    env["KNEECARE_DATA"] = "sample"  # the sample, whatever data/personal/ holds
    env["MPLBACKEND"] = "Agg"
    done = subprocess.run(
        [sys.executable, "-c", PIPELINE, str(SAMPLE), str(ROOT / "notebooks")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("ran ") == len(list((ROOT / "notebooks").glob("*.ipynb"))) == 5
    assert "pipeline ok" in done.stdout


def test_the_package_has_no_network_client():
    clients = re.compile(r"^\s*(import|from)\s+(socket|urllib|http\.client|requests|httpx|aiohttp|ftplib|smtplib)\b")
    for path in (ROOT / "kneecare_analysis").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert not clients.match(line), f"{path}:{number} imports a network client: {line.strip()}"
