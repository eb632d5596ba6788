"""Benchmark: the kit's loaders and analyses on a club's year, against the raw parse. Prints numbers; asserts
nothing (``make bench``). Every timing is the minimum of several runs.

    python benchmarks/bench.py [--athletes 1000] [--repeat 5] [--out benchmarks/out]
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

import kneecare_analysis as kc
from kneecare_analysis import demo
from kneecare_analysis.routine import DEFAULT_ROUTINE

START = np.datetime64("2025-01-06")
QUOTING = "none"  # as spreadsheets and pandas write CSV: quotes only where a cell needs them (none here)
CONTEXTS = np.array(["after_run", "morning", "during_run", "rest"])


def synthetic_runs(athletes: int, days: int = 365, seed: int = 8) -> pd.DataFrame:
    """The squad's runs, as a loaded runs frame: 4 in 7 days, with minutes and an RPE (3 % without one)."""
    rng = np.random.default_rng(seed)
    a_idx, d_idx = np.nonzero(rng.random((athletes, days)) < 4 / 7)
    km = rng.uniform(4, 16, len(a_idx))
    return pd.DataFrame(
        {
            "athlete": np.array([f"athlete{i:04d}" for i in range(athletes)])[a_idx],
            "date": pd.to_datetime(START) + pd.to_timedelta(d_idx, unit="D"),
            "distance_km": km,
            "duration_s": km * rng.uniform(300, 400, len(a_idx)),
            "rpe": np.where(rng.random(len(a_idx)) < 0.03, np.nan, rng.integers(2, 9, len(a_idx))),
        }
    )


def synthetic_squad(athletes: int, days: int = 365, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A squad's year in the long format (one row per drill and side) and its pain scores, made vectorised."""
    rng = np.random.default_rng(seed)
    names = np.array([f"athlete{i:04d}" for i in range(athletes)])
    keep = rng.uniform(0.3, 0.95, athletes)
    done = rng.random((athletes, days)) < keep[:, None]
    a_idx, d_idx = np.nonzero(done)
    plan = [(d.id, s) for d in DEFAULT_ROUTINE.drills for s in d.sides]
    kinds = {d.id: d.kind for d in DEFAULT_ROUTINE.drills}
    n, k = len(a_idx), len(plan)
    drill = np.array([p[0] for p in plan])[np.tile(np.arange(k), n)]
    side = np.array([p[1] for p in plan])[np.tile(np.arange(k), n)]
    timed = np.array([kinds[p[0]] == "timed" for p in plan])[np.tile(np.arange(k), n)]
    amount = rng.choice([12, 15, 18, 20, 20, 20, 22], n * k)
    log = pd.DataFrame(
        {
            "athlete": names[np.repeat(a_idx, k)],
            "date": (START + np.repeat(d_idx, k).astype("timedelta64[D]")).astype(str),
            "drill": drill,
            "side": side,
            "reps": np.where(timed, "", amount.astype(str)),
            "seconds": np.where(timed, (amount * 6 + 120 * (drill == "self_massage")).astype(str), ""),
        }
    )
    scored = rng.random((athletes, days)) < 0.8
    pa_idx, pd_idx = np.nonzero(scored)
    pain = pd.DataFrame(
        {
            "athlete": names[pa_idx],
            "date": (START + pd_idx.astype("timedelta64[D]")).astype(str),
            "pain": rng.integers(0, 9, len(pa_idx)).astype(str),
            "context": CONTEXTS[rng.integers(0, len(CONTEXTS), len(pa_idx))],
        }
    )
    return log, pain


def write(frame: pd.DataFrame, folder: Path, stem: str, *, quoting: str = QUOTING) -> tuple[Path, Path]:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    csv_path, parquet_path = folder / f"{stem}.csv", folder / f"{stem}.parquet"
    pacsv.write_csv(table, csv_path, pacsv.WriteOptions(quoting_style=quoting))
    typed = frame.assign(date=pd.to_datetime(frame["date"]))
    pq.write_table(pa.Table.from_pandas(typed, preserve_index=False), parquet_path)
    return csv_path, parquet_path


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def best_of_pair(baseline, measured, repeat: int) -> tuple[tuple[float, object], tuple[float, object]]:
    """:func:`best` of two functions run in turn, so that a ratio of the two compares runs made under the
    same conditions (a shared VM drifts by tens of percent from one second to the next)."""
    first, second = (float("inf"), None), (float("inf"), None)
    for _ in range(repeat):
        first = min(first, best(baseline, 1), key=lambda x: x[0])
        second = min(second, best(measured, 1), key=lambda x: x[0])
    return first, second


# pandas.read_csv asked for the same typed columns the loaders return (without their checks)
LOG_TYPES = {"athlete": "category", "drill": "category", "side": "category", "reps": "Int64", "seconds": "Float64"}
PAIN_TYPES = {"athlete": "category", "pain": "Float64", "context": "category"}


def load_ratios(log_csv: Path, pain_csv: Path, repeat: int) -> dict[str, float]:
    """The routine and pain logs loaded by the kit, against the raw pyarrow parse and against pandas.read_csv
    with typed columns, each pair timed in turn on the same files."""
    (raw, _), (load_a, _) = best_of_pair(
        lambda: (pacsv.read_csv(log_csv), pacsv.read_csv(pain_csv)),
        lambda: (kc.load_routine_log(log_csv), kc.load_pain_log(pain_csv)),
        repeat,
    )
    (typed, _), (load_b, _) = best_of_pair(
        lambda: (
            pd.read_csv(log_csv, dtype=LOG_TYPES, parse_dates=["date"]),
            pd.read_csv(pain_csv, dtype=PAIN_TYPES, parse_dates=["date"]),
        ),
        lambda: (kc.load_routine_log(log_csv), kc.load_pain_log(pain_csv)),
        repeat,
    )
    return {"raw": raw, "load_raw": load_a, "typed": typed, "load_typed": load_b}


def fresh_process(code: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    return min(times)


# The child reads its own high-water mark (VmHWM): on Linux ru_maxrss of a child started from this large
# process would report this process's peak instead of its own.
PEAK = """
import resource, sys
import kneecare_analysis as kc
log = kc.load_routine_log(sys.argv[1]); pain = kc.load_pain_log(sys.argv[2])
summary = kc.weekly_summary(log, pain=pain); kc.team_overview(summary)
try:
    print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", default=str(Path(__file__).parent / "out"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(
        f"machine: {platform.processor() or platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, pandas {pd.__version__}, pyarrow {pa.__version__}"
    )

    log_frame, pain_frame = synthetic_squad(args.athletes)
    log_csv, log_parquet = write(log_frame, out, "routine_log")
    pain_csv, pain_parquet = write(pain_frame, out, "pain_log")
    print(
        f"data: {args.athletes} athletes x 365 days: {len(log_frame):,} routine rows "
        f"({log_csv.stat().st_size / 2**20:.0f} MB CSV), {len(pain_frame):,} pain rows\n"
    )

    r = args.repeat
    print("loading, 300 athletes (the targets: ≤ 3 × the raw parse, ≤ 1.2 × pandas.read_csv with typed columns):")
    keep = set(log_frame["athlete"].unique()[:300])
    with tempfile.TemporaryDirectory() as tmp:
        for quoting in (QUOTING, "all_valid"):
            lc = write(log_frame[log_frame["athlete"].isin(keep)], Path(tmp), "routine_log", quoting=quoting)[0]
            pc = write(pain_frame[pain_frame["athlete"].isin(keep)], Path(tmp), "pain_log", quoting=quoting)[0]
            t = load_ratios(lc, pc, r + 2)
            label = "cells quoted only where needed" if quoting == QUOTING else "every text cell quoted"
            raw_ratio, typed_ratio = t["load_raw"] / t["raw"], t["load_typed"] / t["typed"]
            print(
                f"  {label:<31} raw parse {t['raw']:.3f} s, pandas {t['typed']:.3f} s, load {t['load_raw']:.3f} s:"
                f" load/raw = {raw_ratio:.2f}, load/pandas = {typed_ratio:.2f}"
            )
    print()
    (raw_csv, _), (load_csv, (log, pain)) = best_of_pair(
        lambda: (pacsv.read_csv(log_csv), pacsv.read_csv(pain_csv)),
        lambda: (kc.load_routine_log(log_csv), kc.load_pain_log(pain_csv)),
        r + 2,
    )
    (raw_pq, _), (load_pq, _) = best_of_pair(
        lambda: (pd.read_parquet(log_parquet), pd.read_parquet(pain_parquet)),
        lambda: (kc.load_routine_log(log_parquet), kc.load_pain_log(pain_parquet)),
        r + 2,
    )
    summary_t, summary = best(lambda: kc.weekly_summary(log, pain=pain), r)
    runs = synthetic_runs(args.athletes)
    with_load_t, _ = best(lambda: kc.weekly_summary(log, pain=pain, runs=runs), r)
    overview_t, _ = best(lambda: kc.team_overview(summary), r)
    baseline = fresh_process("pass", 5)
    imported = fresh_process("import kneecare_analysis", 5)
    peak_kib = int(
        subprocess.run(
            [sys.executable, "-c", PEAK, str(log_csv), str(pain_csv)], check=True, capture_output=True, text=True
        ).stdout.strip()
    )

    rows = [
        ("(a) raw parse, pyarrow.csv.read_csv", raw_csv, ""),
        ("(b) load_routine_log + load_pain_log, CSV", load_csv, f"(b)/(a) = {load_csv / raw_csv:.2f}   target ≤ 3.0"),
        ("    pandas.read_parquet", raw_pq, ""),
        ("    load_routine_log + load_pain_log, Parquet", load_pq, f"ratio = {load_pq / raw_pq:.2f}   target ≤ 1.5"),
        ("(c) weekly_summary", summary_t, "target ≤ 2 s"),
        (f"    with runs ({len(runs):,}): km, load, ACWR", with_load_t, ""),
        ("(d) team_overview", overview_t, "target ≤ 0.5 s"),
        (
            "(e) import kneecare_analysis, fresh process",
            imported - baseline,
            f"(interpreter start {baseline:.3f} s not counted)   target ≤ 0.3 s",
        ),
    ]
    for label, seconds, note in rows:
        print(f"{label:<48} {seconds:8.3f} s   {note}")
    print(f"{'(f) peak memory: load + summary + overview':<48} {peak_kib / 1024:8.0f} MiB   target ≤ 2048 MiB")

    print("\nscaling (the same squad, cut to fewer athletes):")
    names = log_frame["athlete"].unique()
    for n in (100, 300, args.athletes):
        with tempfile.TemporaryDirectory() as tmp:
            keep = set(names[:n])
            sub_log, sub_pain = log_frame[log_frame["athlete"].isin(keep)], pain_frame[pain_frame["athlete"].isin(keep)]
            lc, _ = write(sub_log, Path(tmp), "routine_log")
            pc, _ = write(sub_pain, Path(tmp), "pain_log")
            t_load, (l2, p2) = best(lambda lc=lc, pc=pc: (kc.load_routine_log(lc), kc.load_pain_log(pc)), r)
            t_sum, s2 = best(lambda l2=l2, p2=p2: kc.weekly_summary(l2, pain=p2), r)
            t_over, _ = best(lambda s2=s2: kc.team_overview(s2), r)
            print(
                f"  {n:5d} athletes, {len(sub_log):>9,} rows: load {t_load:6.3f} s   summary {t_sum:6.3f} s   "
                f"overview {t_over:6.3f} s   ({len(sub_log) / max(t_load + t_sum, 1e-9) / 1e6:.2f} M rows/s)"
            )

    print("\nProgressExplorer, one runner's year (headless):")
    with tempfile.TemporaryDirectory() as tmp:
        demo.simulate_runner(tmp, weeks=52)
        explorer = kc.widgets.ProgressExplorer(kc.load_dataset(tmp))
        print(f"  first display {explorer.last_update_ms:6.0f} ms")
        weeks = list(explorer.frames()[0]["week_start"])
        changes = [
            ("weeks", {"weeks": (weeks[10], weeks[30])}),
            ("weeks", {"weeks": (weeks[0], weeks[-1])}),
            ("pain context (first time)", {"pain_context": "morning"}),
            ("pain context (again)", {"pain_context": "all"}),
            ("drills (first time)", {"drills": ["clamshell", "couch_stretch"]}),
            ("drills (again)", {"drills": ["clamshell", "glute_bridge", "couch_stretch"]}),
            ("weeks", {"weeks": (weeks[5], weeks[20])}),
        ]
        for label, change in changes:
            explorer.set(**change)
            print(f"  {label:<28} {explorer.last_update_ms:6.0f} ms   target ≤ 200 ms")
    print(f"\nthis process's peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
