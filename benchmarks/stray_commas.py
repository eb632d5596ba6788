"""A large CSV with one stray comma on every row: the figures of benchmarks/README.md ("Hostile rows").

    python benchmarks/stray_commas.py [--mb 200] [--row "2026-03-02,ana,clams,L,20,x"]

Writes ``--mb`` megabytes of ``--row`` (one field more than the header ``date,athlete,drill,side,reps``)
into a temporary folder, then loads it with ``kc.load_dataset(folder, errors="report")`` and prints the time,
the peak resident memory of the process (``import kneecare_analysis`` and pandas included) and how many
problems are listed. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kneecare_analysis as kc  # noqa: E402 - this checkout's package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200)
    parser.add_argument("--row", default="2026-03-02,ana,clams,L,20,x")
    args = parser.parse_args()
    row = args.row.encode() + b"\n"
    rows = int(args.mb * 1024**2 / len(row)) // 10_000 * 10_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "routine_log.csv"
        with path.open("wb") as fh:
            fh.write(b"date,athlete,drill,side,reps\n")
            for _ in range(rows // 10_000):
                fh.write(row * 10_000)
        start = time.monotonic()
        try:
            ds = kc.load_dataset(Path(tmp), errors="report")
            outcome = f"{len(ds.problems):,} problems listed, the last: {ds.problems['reason'].iloc[-1][:60]}"
        except kc.LogFormatError as exc:
            outcome = f"refused: {exc.problems[0].expected[:60]}…"
        seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.mb:.0f} MB, {rows:,} rows: {seconds:.1f} s, peak {peak:,.0f} MB; {outcome}")


if __name__ == "__main__":
    main()
