"""Saving survives being killed, and several writers at once: every save that returned is in the logs, whole
and once, the logs always load, and nothing appears that was never saved.

A writer is killed at each step of a save in turn: the test counts the calls a save makes that touch the disk
(open, read, write, flush, fsync, replace, close, the lock's flock, ...) and then, for every step, starts a writer
that saves a few sessions and is killed by SIGKILL right before that step of its next save. What the writer
printed before it died — the saves that returned — is what must be in the logs. A save replaces three logs
(runs, pain, routine): a kill between two replacements leaves the journal, and the next load completes the save,
so a session is in all three logs, whole, or in none."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import kneecare_analysis as kc

DRILLS = [("self_massage", "both", None, 300)]
DRILLS += [(d, s, 20, None) for d in ("hip_abduction", "clamshell", "glute_bridge") for s in ("left", "right")]
DRILLS += [("couch_stretch", s, None, 120) for s in ("left", "right")]
ROWS_PER_SESSION = len(DRILLS)


NOTE = 'session {session}, "quoted"\nline two'  # a comma, quotes and a line break in every note


WRITER = f"""
import _io, fcntl, io, os, posix, signal, sys, tempfile
from kneecare_analysis.logbook import save_session

folder = sys.argv[1]
DISK = {{"open", "read", "readlines", "write", "flush", "fsync", "replace", "rename", "unlink", "close", "__exit__",
        "flock", "mkdir", "scandir", "ftruncate"}}
steps = []


def before_each_disk_step(frame, event, arg):
    # the last save's calls that touch the disk, counted; SIGKILL right before the kill_at-th
    if event != "c_call" or getattr(arg, "__name__", None) not in DISK:
        return
    owner = getattr(arg, "__self__", None)
    if only not in ("-", arg.__name__):
        return
    if owner in (posix, fcntl, _io) or isinstance(owner, io.IOBase):
        steps.append(arg.__name__)
        if len(steps) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


save_session(tempfile.mkdtemp(), "warm-up", [], [], [])  # what a first save reads once (words) read before forking
print("ready", flush=True)
for order in sys.stdin:  # "TAG COUNT KILL_AT ONLY": a writer of its own (a forked process) saves COUNT sessions
    tag, count, kill_at, only = order.split()[0], int(order.split()[1]), int(order.split()[2]), order.split()[3]
    writer = os.fork()
    if writer == 0:
        for i in range(count):
            session = f"{{tag}}-{{i}}"
            rows = [{{"timestamp": "2026-03-04", "athlete": tag, "drill": d, "side": s, "reps": r, "seconds": t,
                     "note": {NOTE!r}.format(session=session), "session": session}} for d, s, r, t in {DRILLS!r}]
            pain = [{{"timestamp": "2026-03-04", "athlete": tag, "pain": "3", "context": "after_run",
                      "session": session}}]
            run = [{{"date": "2026-03-04", "athlete": tag, "distance_km": "5", "duration_min": "30", "rpe": "4",
                     "session": session}}]
            if i == count - 1:
                sys.setprofile(before_each_disk_step)
            save_session(folder, session, rows, pain, run)
            sys.setprofile(None)
            print(session, flush=True)  # the save returned
        print("steps", len(steps), flush=True)
        os._exit(0)
    print("ended", os.waitstatus_to_exitcode(os.waitpid(writer, 0)[1]), flush=True)
"""


class Writers:
    """A process that has imported the kit and forks one writer per order, so a writer starts in milliseconds."""

    def __init__(self, folder: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout.readline() == "ready\n"

    def save(self, tag: str, count: int, kill_at: int = 0, only: str = "-") -> tuple[set[str], int, int | None]:
        """A writer saving ``count`` sessions; with ``kill_at``, killed right before that disk step of its last
        save (with ``only``, that call of this one name, e.g. the 2nd ``replace``). Returns the sessions whose
        save returned, the writer's exit code, and the last save's disk steps (``None`` when it was killed)."""
        self.process.stdin.write(f"{tag} {count} {kill_at} {only}\n")
        self.process.stdin.flush()
        returned, steps = set(), None
        for line in self.process.stdout:
            word, _, rest = line.strip().partition(" ")
            if word == "ended":
                return returned, int(rest), steps
            if word == "steps":
                steps = int(rest)
            else:
                returned.add(word)
        raise AssertionError(f"the writers' process ended: {self.process.wait()}")

    def close(self) -> None:
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


def rows_by_session(path: Path) -> dict[str, list[dict]]:
    """A log's rows per session id, read with the csv module (the kit's loader drops the session column)."""
    out: dict[str, list[dict]] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out.setdefault(row["session"], []).append(row)
    return out


def whole(session: str, rows: list[dict]) -> bool:
    """The session's rows exactly as the writer gave them: every drill and side once, its note intact."""
    tag = session.rsplit("-", 1)[0]
    expected = Counter((d, s, "" if r is None else str(r), "" if t is None else str(t)) for d, s, r, t in DRILLS)
    got = Counter((row["drill"], row["side"], row["reps"], row["seconds"]) for row in rows)
    return got == expected and all(
        row["athlete"] == tag and row["note"] == NOTE.format(session=session) for row in rows
    )


def logs_by_session(folder: Path) -> dict[str, dict[str, list[dict]]]:
    """The three logs' rows per session id: ``{"routine": {...}, "pain": {...}, "runs": {...}}``."""
    names = {"routine": "routine_log.csv", "pain": "pain_log.csv", "runs": "runs.csv"}
    return {kind: rows_by_session(folder / name) for kind, name in names.items()}


def test_a_writer_killed_at_any_step_of_a_save_never_loses_a_saved_session(tmp_path):
    journal = tmp_path / kc.paths.JOURNAL_NAME
    writers = Writers(tmp_path)
    try:
        saved, code, steps = writers.save("first", 2)  # the logs exist from here on; a save's disk steps counted
        assert (saved, code) == ({"first-0", "first-1"}, 0)
        assert steps >= 30  # the lock, then for each log: read, write, flush, fsync; the journal; the replaces
        killed: set[str] = set()
        rolled_forward = rolled_back = 0
        for step in range(1, steps + 5):  # a save clearing a killed save's temporary files takes a few more steps
            count = 1 + step % 3  # zero to two saves that return, then the one killed
            returned, code, last_steps = writers.save(f"k{step}", count, kill_at=step)
            in_flight = f"k{step}-{count - 1}"
            if code == 0:  # this save touched the disk fewer times (no stale file to clear): it returned
                assert last_steps < step and in_flight in returned
            else:
                assert code == -signal.SIGKILL and in_flight not in returned
                killed.add(in_flight)
            assert returned | {in_flight} == {f"k{step}-{i}" for i in range(count)}
            saved |= returned

            pending = journal.exists()
            ds = kc.load_dataset(tmp_path, errors="report")  # a load completes a save whose journal is on disk
            assert not journal.exists()
            logs = logs_by_session(tmp_path)
            present = set(logs["routine"]) | set(logs["pain"]) | set(logs["runs"])
            if in_flight not in returned:
                if pending:
                    assert in_flight in present, f"step {step}: a journal on disk, but the save was not completed"
                    rolled_forward += 1
                elif in_flight not in present:
                    rolled_back += 1
            assert saved <= present, f"step {step}: a save that returned is missing"
            assert present <= saved | killed, f"step {step}: a session appeared that was never saved"
            for session in present:  # all or nothing: whole in each of the three logs
                assert whole(session, logs["routine"].get(session, [])), f"step {step}: {session} not whole"
                assert len(logs["pain"].get(session, [])) == 1, f"step {step}: {session} lacks its one pain score"
                assert len(logs["runs"].get(session, [])) == 1, f"step {step}: {session} lacks its one run"
            assert len(ds.log) == ROWS_PER_SESSION * len(present)  # nothing of an unsaved session is counted
            assert len(ds.pain) == len(present) and len(ds.runs) == len(present)
            assert ds.runs["duration_s"].sum() == 30 * 60 * len(present)  # no run minutes counted twice
            saved |= present & {in_flight}  # whole in the logs: it was saved, it counts from now on
        assert len(killed) >= steps - 2  # the writer really died inside its save, at (almost) every step
        assert rolled_back >= 10 and rolled_forward >= 3  # killed before its journal was on disk, and after

        returned, code, _ = writers.save("last", 1)  # the next save clears what killed saves left
        saved |= returned
        assert code == 0 and saved <= set(rows_by_session(tmp_path / "routine_log.csv"))
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    finally:
        writers.close()


def test_a_writer_killed_between_two_replacements_leaves_a_save_the_next_load_completes(tmp_path):
    writers = Writers(tmp_path)
    journal = tmp_path / kc.paths.JOURNAL_NAME
    try:
        saved, code, _ = writers.save("first", 1)
        assert code == 0
        # the 1st replace puts the journal in place; then runs, pain, routine: killed before each log's replacement
        for n, replaced in ((2, ()), (3, ("runs",)), (4, ("runs", "pain"))):
            returned, code, _ = writers.save(f"r{n}", 1, kill_at=n, only="replace")
            assert code == -signal.SIGKILL and returned == set() and journal.exists()
            logs = logs_by_session(tmp_path)
            assert tuple(kind for kind in ("runs", "pain", "routine") if f"r{n}-0" in logs[kind]) == replaced
            ds = kc.load_dataset(tmp_path)  # the load completes the save first: the session is whole
            assert not journal.exists()
            saved.add(f"r{n}-0")
            logs = logs_by_session(tmp_path)
            assert all(set(logs[kind]) == saved for kind in logs)
            assert all(whole(session, logs["routine"][session]) for session in saved)
            assert len(ds.log) == ROWS_PER_SESSION * len(saved) and len(ds.pain) == len(ds.runs) == len(saved)
        returned, code, _ = writers.save("dropped", 1, kill_at=1, only="replace")  # the journal's own replace
        assert code == -signal.SIGKILL and not journal.exists()  # killed before its journal: rolled back
        returned, code, _ = writers.save("next", 1)  # the next save clears the dropped save's temporary files
        assert code == 0 and [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
        logs = logs_by_session(tmp_path)
        assert all(set(logs[kind]) == saved | {"next-0"} for kind in logs)
    finally:
        writers.close()


def test_four_writers_at_once(tmp_path):
    writers = [Writers(tmp_path) for _ in range(4)]
    for k, w in enumerate(writers):  # the four save at the same time
        w.process.stdin.write(f"w{k} 50 0 -\n")
        w.process.stdin.close()
    saved: set[str] = set()
    for w in writers:
        out = w.process.stdout.read()
        assert w.process.wait(timeout=300) == 0 and out.endswith("ended 0\n")
        saved |= {line for line in out.splitlines() if line.startswith("w")}
    assert len(saved) == 200
    routine = rows_by_session(tmp_path / "routine_log.csv")
    assert set(routine) == saved
    assert all(whole(session, rows) for session, rows in routine.items()), "rows of sessions were lost or mixed"
    assert set(rows_by_session(tmp_path / "pain_log.csv")) == saved
    log = kc.load_routine_log(tmp_path / "routine_log.csv")
    assert len(log) == 1800 and log["note"].str.contains("\nline two").all()


# ---- saves keep the logs' file mode ------------------------------------------------------------------------------
def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_save_keeps_a_shared_logs_mode_and_a_new_log_gets_the_umasks(tmp_path):
    import os

    import pytest

    from kneecare_analysis.logbook import HISTORY_NAME, save_session

    if not hasattr(os, "fchmod"):
        pytest.skip("file modes are POSIX")
    row = {"timestamp": "2026-03-04", "athlete": "me", "drill": "clamshell", "side": "left", "reps": 20}
    old = os.umask(0o002)  # a coach's shared folder: the group writes too
    try:
        save_session(tmp_path / "shared", "s1", [row], [{"timestamp": "2026-03-04", "pain": 2}], [])
        for name in ("routine_log.csv", "pain_log.csv", HISTORY_NAME):
            assert _mode(tmp_path / "shared" / name) == 0o664, name  # never mkstemp's 600
        os.umask(0o022)
        save_session(tmp_path / "mine", "s1", [row], [])
        assert _mode(tmp_path / "mine" / "routine_log.csv") == 0o644
        (tmp_path / "mine" / "routine_log.csv").chmod(0o664)  # shared later, by hand
        (tmp_path / "mine" / "pain_log.csv").chmod(0o640)
        save_session(tmp_path / "mine", "s2", [dict(row, reps=18)], [{"timestamp": "2026-03-05", "pain": 1}])
        assert _mode(tmp_path / "mine" / "routine_log.csv") == 0o664  # kept through the replacement
        assert _mode(tmp_path / "mine" / "pain_log.csv") == 0o640
        assert kc.load_routine_log(tmp_path / "mine")["reps"].tolist() == [20, 18]
    finally:
        os.umask(old)
