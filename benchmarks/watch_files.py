"""Reading a whole history straight from the watch and the phone: the figures of benchmarks/README.md.

    python benchmarks/watch_files.py [--files 1000] [--health-gb 2] [--out benchmarks/out/watch]

(a) a watch folder of ``--files`` FIT files, each an hour's run recorded every second (3,600 record messages,
about 80 kB), read with ``kc.load_runs`` the first time (no cache; a progress bar) and
the second time (from the folder's ``.kneecare-cache.json``); (b) an Apple Health ``export.xml`` of
``--health-gb`` gigabytes (heart-rate and step records, a running workout every 2,000 records), read by
``kc.load_runs`` in a fresh process whose peak resident memory is measured. Files are written into
``--out`` (git-ignored ``benchmarks/out/``) and kept for a second run. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.formats import fit_writer as w  # noqa: E402 - the tests' FIT writer, from the protocol's description


def hour_run(start: dt.datetime, seconds: int = 3600) -> bytes:
    """A FIT file of an hour's run: file_id, 3,600 records (time, lat, lon, distance, speed, heart rate,
    cadence, altitude), laps every 1 km, the session and the activity."""
    fields = [(253, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85), (5, 4, 0x86), (6, 2, 0x84), (2, 2, 0x84), (3, 1, 2)]
    fields += [(4, 1, 2)]
    definition = bytes([0x40 | 2]) + struct.pack("<BBHB", 0, 0, 20, len(fields))
    definition += b"".join(bytes(f) for f in fields)
    rec = struct.Struct("<BIiiIHHBB")
    base = w.stamp(start)
    body = [w.file_id(start), definition]
    for i in range(seconds):
        body.append(rec.pack(2, base + i, 700_000_000 + i * 10, 120_000_000, i * 280, 2800, 2500, 150, 85))
    metres = seconds * 2.8
    body.append(w.session(start, sport=1, sub_sport=0, timer=seconds, elapsed=seconds + 30, metres=metres, rpe=50))
    body.append(w.activity(start + dt.timedelta(seconds=seconds), 3600))
    return w.fit_file(b"".join(body))


def write_fit_folder(folder: Path, files: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    first = dt.datetime(2023, 1, 1, 7, tzinfo=dt.timezone.utc)
    for i in range(files):
        path = folder / f"{i:05d}.fit"
        if not path.exists():
            path.write_bytes(hour_run(first + dt.timedelta(days=i, minutes=i % 60)))


def write_health(path: Path, gigabytes: float) -> None:
    if path.exists() and path.stat().st_size >= gigabytes * 1e9 * 0.99:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    record = (
        ' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" sourceVersion="10.1" '
        'unit="count/min" creationDate="2024-01-01 07:00:05 +0100" startDate="2024-01-01 07:00:00 +0100" '
        'endDate="2024-01-01 07:00:00 +0100" value="142"/>\n'
    )
    workout = (
        ' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="40" durationUnit="min" '
        'sourceName="Apple Watch" startDate="{day} 07:00:00 +0100" endDate="{day} 07:45:00 +0100">\n'
        '  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="8" unit="km"/>\n'
        " </Workout>\n"
    )
    records = (record * 2000).encode()
    first = dt.date(2015, 1, 1)
    with open(path, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n')
        written, i = 0, 0
        while written < gigabytes * 1e9:
            block = records + workout.format(day=first + dt.timedelta(days=i)).encode()
            out.write(block)
            written, i = written + len(block), i + 1
        out.write(b"</HealthData>\n")


def measure_fit(folder: Path) -> tuple[float, float, int]:
    (folder / ".kneecare-cache.json").unlink(missing_ok=True)
    code = textwrap.dedent(
        f"""
        import time, kneecare_analysis as kc
        from kneecare_analysis.loaders.sources import progress
        t = time.perf_counter()
        with progress():
            runs = kc.load_runs({str(folder)!r})
        first = time.perf_counter() - t
        t = time.perf_counter()
        again = kc.load_runs({str(folder)!r})
        print(first, time.perf_counter() - t, len(runs), len(again))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=False, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=True
    )
    first, second, rows, _ = out.stdout.split()
    return float(first), float(second), int(rows)


def measure_health(path: Path) -> tuple[float, float, int]:
    code = textwrap.dedent(
        f"""
        import resource, time, kneecare_analysis as kc
        t = time.perf_counter()
        runs = kc.load_runs({str(path)!r})
        print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(runs))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT, check=True)
    seconds, peak, rows = out.stdout.split()
    return float(seconds), float(peak), int(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--health-gb", type=float, default=2.0)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "watch")
    args = parser.parse_args(argv)
    folder = args.out / "GARMIN" / "Activity"
    if args.files > 0:
        write_fit_folder(folder, args.files)
        size = sum(p.stat().st_size for p in folder.glob("*.fit")) / 1e6
        first, second, rows = measure_fit(folder)
        print(
            f"(a) {args.files} FIT files ({size:.0f} MB, {rows} runs): first read {first:.1f} s, second {second:.2f} s"
        )
    if args.health_gb > 0:
        export = args.out / "apple_health_export" / "export.xml"
        write_health(export, args.health_gb)
        seconds, peak, rows = measure_health(export)
        gb = export.stat().st_size / 1e9
        print(f"(b) Apple Health export.xml {gb:.2f} GB ({rows} runs): {seconds:.0f} s, peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
