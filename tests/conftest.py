"""Shared fixtures: the repository's folders (``ROOT``, ``SAMPLE``: every test takes its paths from here), file
writers, the hand-worked runner, and a guard that the sample data is never touched.

Two settings for the whole run:

- every process a test starts (the notebook kernels nbval runs the notebooks in, JupyterLab and the apps in the
  browser tests, the writers of the durability tests) runs with the network cut off: ``tests/nonet`` goes first
  on their ``PYTHONPATH``, and its ``sitecustomize`` makes any connection to another machine fail
  (test_no_network.py checks it is in force);
- the property tests run a modest number of examples; ``HYPOTHESIS_PROFILE=thorough`` runs many more.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import kneecare_analysis as kc

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
NONET = ROOT / "tests" / "nonet"

# Examples per property test: ``default`` for every run of the suite, ``thorough`` on demand
# (``HYPOTHESIS_PROFILE=thorough make test``). The loaders are slow enough per example that Hypothesis must not
# call them too slow, and timing never decides a test here.
settings.register_profile("default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "default")


def pytest_configure():
    """Whatever the tests start inherits this environment: the network guard goes first on its path."""
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(NONET) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(NONET), *paths])


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def sample_untouched():
    """Every test run ends with data/sample/ exactly as it started."""
    before = _digest(SAMPLE)
    yield
    assert _digest(SAMPLE) == before, "a test wrote into data/sample/"


@pytest.fixture
def write(tmp_path):
    """``write("name.csv", text_or_bytes, encoding="utf-8")`` → the path of a new file in a temp folder."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode(encoding))
        else:
            path.write_bytes(content)
        return path

    return _write


# The hand-worked runner (``hand_worked``, and its files ``LOG``, ``PAIN``, ``RUNS``): a runner starting on
# Wednesday 4 March 2026 (a partial first week), with pain scores before the first session, and a last pain
# score on Wednesday 18 March that ends the window.
#
#   Wed 4   full session, every drill at target                         dose 1.0, complete
#   Thu 5   massage 150 s per leg (adds to 300: 1.0); hip abduction L 10 + L 10 (two rows: 20) and R 15
#           (0.875); no clamshells (0); bridge `both` 30 (capped at 1.0); couch `both` 60 s (0.5 each side)
#           dose (1 + 0.875 + 0 + 1 + 0.5) / 5 = 0.675
#   Fri 6   nothing (missed)
#   Sat 7   clamshells `both` 16 logged 23:50 at UTC−8 (still Saturday as written): 0.8 → dose 0.16
#   Sun 8   nothing
#   Mon 9   every drill at its minimum (15 reps, 300 s, 120 s): (1 + .75 + .75 + .75 + 1) / 5 = 0.85, complete
#   Tue 10 – Wed 18  nothing
LOG = """timestamp,drill,side,reps,seconds
2026-03-04T19:00:00+01:00,foam roll,,,300
2026-03-04T19:10:00+01:00,hip abduction,both,20,
2026-03-04T19:12:00+01:00,clamshell,both,20,
2026-03-04T19:14:00+01:00,glute bridge,both,20,
2026-03-04T19:16:00+01:00,couch stretch,L,,120
2026-03-04T19:18:00+01:00,couch stretch,R,,120
2026-03-05T19:00:00+01:00,foam roll,L,,150
2026-03-05T19:05:00+01:00,foam roll,R,,150
2026-03-05T19:10:00+01:00,hip abduction,L,10,
2026-03-05T19:11:00+01:00,hip abduction,L,10,
2026-03-05T19:12:00+01:00,hip abduction,R,15,
2026-03-05T19:14:00+01:00,glute bridge,both,30,
2026-03-05T19:16:00+01:00,couch stretch,both,,60
2026-03-07T23:50:00-08:00,clamshell,both,16,
2026-03-09T07:00:00+01:00,foam roll,,,300
2026-03-09T07:06:00+01:00,hip abduction,both,15,
2026-03-09T07:08:00+01:00,clamshell,both,15,
2026-03-09T07:10:00+01:00,glute bridge,both,15,
2026-03-09T07:12:00+01:00,couch stretch,L,,120
2026-03-09T07:14:00+01:00,couch stretch,R,,120
"""
PAIN = """date,pain,context
2026-02-20,9,after_run
2026-02-26,6,after_run
2026-03-01,5,morning
2026-03-02,7,morning
2026-03-05,4,after_run
2026-03-07,6,during_run
2026-03-18,3,after_run
"""
RUNS = """date,distance_km
2026-02-26,10
2026-03-03,10
2026-03-05,5
2026-03-10,12
2026-03-17,20
"""


@pytest.fixture
def hand_worked(write):
    """The hand-worked runner loaded from files: ``(log, pain, runs)``."""
    log = kc.load_routine_log(write("routine_log.csv", LOG))
    pain = kc.load_pain_log(write("pain_log.csv", PAIN))
    runs = kc.load_runs(write("runs.csv", RUNS))
    return log, pain, runs


@pytest.fixture
def browser():
    """Chromium driven by Playwright, kept offline (see ``tests/browsing.py``)."""
    from .browsing import offline_chromium

    yield from offline_chromium()
