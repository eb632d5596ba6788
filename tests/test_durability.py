"""Saving survives being killed, and several writers at once: the logs always load, and hold whole sessions."""

from __future__ import annotations

import csv
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import kneecare_analysis as kc

WRITER = r"""
import sys
from kneecare_analysis.logbook import save_session

folder, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
drills = [("self_massage", "both", None, 300)]
drills += [(d, s, 20, None) for d in ("hip_abduction", "clamshell", "glute_bridge") for s in ("left", "right")]
drills += [("couch_stretch", s, None, 120) for s in ("left", "right")]
print("ready", flush=True)
for i in range(count):
    session = f"{tag}-{i}"
    note = f"session {session}, \"quoted\"\nline two"
    rows = [{"timestamp": "2026-03-04", "athlete": tag, "drill": d, "side": s, "reps": r, "seconds": t,
             "note": note, "session": session} for d, s, r, t in drills]
    pain = [{"timestamp": "2026-03-04", "athlete": tag, "pain": "3", "context": "after_run", "session": session}]
    save_session(folder, session, rows, pain)
    print(session, flush=True)
"""
ROWS_PER_SESSION = 9


def sessions_in(path: Path) -> Counter:
    """Rows per session id in a log, read with the csv module (the kit's loader drops the session column)."""
    if not path.exists():
        return Counter()
    with path.open(encoding="utf-8", newline="") as fh:
        return Counter(row["session"] for row in csv.DictReader(fh))


def athletes_by_session(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["session"], set()).add(row["athlete"])
    return out


def test_killed_writers_never_leave_a_broken_log(tmp_path):
    rng = random.Random(2026)
    returned: set[str] = set()
    kills = 0
    for run in range(55):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), f"run{run}", "1000"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        done = [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
        child.stdout.close()
        returned.update(done)
        in_flight = f"run{run}-{len(done)}"  # the save under way when the kill came

        counts = sessions_in(tmp_path / "routine_log.csv")
        assert returned <= set(counts), "a save that returned is missing"
        assert set(counts) - returned <= {in_flight}, "a session appeared that was never saved"
        assert set(counts.values()) <= {ROWS_PER_SESSION}, "a session was half written"
        log = kc.load_routine_log(tmp_path / "routine_log.csv")  # it always loads
        assert len(log) == ROWS_PER_SESSION * len(counts)
        returned.update(set(counts) & {in_flight})  # it completed: it counts from now on
        pain = sessions_in(tmp_path / "pain_log.csv")
        assert set(counts) <= set(pain) and set(pain.values()) <= {1}
    assert kills >= 50 and len(returned) > 50
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 2  # at most the last killed save's; the next save clears them


def test_four_writers_at_once(tmp_path):
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), f"w{k}", "50"], stdout=subprocess.PIPE, text=True
        )
        for k in range(4)
    ]
    for w in writers:
        out, _ = w.communicate(timeout=300)
        assert w.returncode == 0
        assert len(out.split()) == 51  # ready + 50 sessions
    counts = sessions_in(tmp_path / "routine_log.csv")
    assert len(counts) == 200 and set(counts.values()) == {ROWS_PER_SESSION}
    owners = athletes_by_session(tmp_path / "routine_log.csv")
    assert all(owners[s] == {s.split("-")[0]} for s in owners), "rows of one session were mixed with another's"
    assert len(sessions_in(tmp_path / "pain_log.csv")) == 200
    log = kc.load_routine_log(tmp_path / "routine_log.csv")
    assert len(log) == 1800 and log["note"].str.contains("\nline two").all()
