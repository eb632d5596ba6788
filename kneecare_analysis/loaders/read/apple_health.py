"""Apple Health's export (``export.zip`` → ``apple_health_export/export.xml``): its workouts, streamed.

The file is read in chunks of a megabyte by the C parser (expat), keeping only the workout being read, so a
4 GB export needs no more memory than a small one. Each ``Workout`` element is one row, on its own line:
running workouts (``HKWorkoutActivityTypeRunning``) are runs, the others are set aside by their type. The
distance is the workout's ``WorkoutStatistics`` of ``HKQuantityTypeIdentifierDistanceWalkingRunning`` (iOS 16
and later), else its ``totalDistance`` attribute (iOS 15 and earlier), in the unit written (km, mi, m). The
timer time is ``duration`` (pauses excluded), the elapsed time end minus start; the local day is the start's
own offset (``2026-03-02 07:10:00 +0100``). Some exports carry a DOCTYPE whose internal declarations are
not well-formed: it is dropped (its lines kept as blank lines, so line numbers stay right).
"""

from __future__ import annotations

import re
import xml.parsers.expat
from typing import BinaryIO

from ...errors import LogFormatError
from .activity import OWN_DAY, parse_stamp, utc_text

CHUNK = 1 << 20
RUNNING = "HKWorkoutActivityTypeRunning"
DISTANCE = "HKQuantityTypeIdentifierDistanceWalkingRunning"
TO_METRES = {"km": 1000.0, "m": 1.0, "mi": 1609.344, "yd": 0.9144, "ft": 0.3048, "cm": 0.01}
TO_SECONDS = {"min": 60.0, "s": 1.0, "sec": 1.0, "hr": 3600.0, "h": 3600.0}
DOCTYPE = re.compile(rb"<!DOCTYPE.*?(?=<HealthData[\s>])", re.DOTALL)


def is_health(head: bytes) -> bool:
    """Whether the start of a file is an Apple Health export."""
    return b"<HealthData" in head or (b"<!DOCTYPE HealthData" in head)


def _amount(value: str | None, unit: str | None, table: dict[str, float]) -> float | None:
    try:
        return float(value) * table[(unit or "").strip()]
    except (TypeError, ValueError, KeyError):
        return None


class _Workouts:
    """expat's handlers: the workout being read, and the rows of those done."""

    def __init__(self, parser: xml.parsers.expat.XMLParserType) -> None:
        self.parser = parser
        self.rows: list[dict] = []
        self.current: dict | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "Workout":
            self.current = {"line": self.parser.CurrentLineNumber, "attrs": attrs, "stat": None, "indoor": False}
        elif self.current is not None:
            if tag == "WorkoutStatistics" and attrs.get("type") == DISTANCE:
                self.current["stat"] = _amount(attrs.get("sum"), attrs.get("unit"), TO_METRES)
            elif tag == "MetadataEntry" and attrs.get("key") == "HKIndoorWorkout":
                self.current["indoor"] = attrs.get("value") == "1"

    def end(self, tag: str) -> None:
        if tag == "Workout" and self.current is not None:
            self.rows.append(_row(self.current))
            self.current = None


def _row(workout: dict) -> dict:
    attrs = workout["attrs"]
    start, end = parse_stamp(attrs.get("startDate", "")), parse_stamp(attrs.get("endDate", ""))
    metres = workout["stat"]
    if metres is None:
        metres = _amount(attrs.get("totalDistance"), attrs.get("totalDistanceUnit"), TO_METRES)
    kind = attrs.get("workoutActivityType", "")
    return {
        "line": workout["line"],
        "sport": "running" if kind == RUNNING else kind.removeprefix("HKWorkoutActivityType"),
        "sub_sport": "indoor" if workout["indoor"] else "",
        "distance_m": metres,
        "timer_s": _amount(attrs.get("duration"), attrs.get("durationUnit"), TO_SECONDS),
        "elapsed_s": (end - start).total_seconds() if start is not None and end is not None else None,
        "start_utc": utc_text(start),
        "local_date": start.date().isoformat() if start is not None else "",
        "day_from": OWN_DAY if start is not None and start.tzinfo is not None else "",
        "source_name": attrs.get("sourceName", ""),
        "reader": "apple_health",
    }


def rows_of(stream: BinaryIO, name: str, *, first: bytes = b"") -> list[dict]:
    """The workouts of an export streamed from ``stream`` (``first``: bytes already taken from it)."""
    parser = xml.parsers.expat.ParserCreate()
    handlers = _Workouts(parser)
    parser.StartElementHandler, parser.EndElementHandler = handlers.start, handlers.end
    parser.buffer_text = True
    head = first
    while b"<HealthData" not in head:  # the DOCTYPE ends where the root starts
        more = stream.read(CHUNK)
        if not more:
            break
        head += more
    head = DOCTYPE.sub(lambda m: b"\n" * m.group(0).count(b"\n"), head, count=1)
    try:
        parser.Parse(head, False)
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:
        raise LogFormatError(
            f"the Apple Health export is not well-formed XML at line {exc.lineno} ({exc}): export it again",
            file=name,
        ) from None
    return handlers.rows
