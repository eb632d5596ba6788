"""Apple Health's export (``export.zip`` → ``apple_health_export/export.xml``): its workouts, streamed.

The file is read in chunks of a megabyte, keeping only the workout being read, so a 4 GB export needs no
more memory than a small one: the bytes are searched for ``<Workout`` elements, and only those are parsed (by
expat). Each ``Workout`` element is one row, on its own line:
running workouts (``HKWorkoutActivityTypeRunning``) are runs, the others are set aside by their type. The
distance is the workout's ``WorkoutStatistics`` of ``HKQuantityTypeIdentifierDistanceWalkingRunning`` (iOS 16
and later), else its ``totalDistance`` attribute (iOS 15 and earlier), in the unit written (km, mi, m). The
timer time is ``duration`` (pauses excluded), the elapsed time end minus start; the local day is the start's
own offset (``2026-03-02 07:10:00 +0100``). Some exports carry a DOCTYPE whose internal declarations are
not well-formed: it is never parsed, so it does no harm. The vertical tabs some iOS versions wrote into values
are taken out; a workout that is still not well-formed is set aside with the reason, the others are read.
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
    """The workouts of an export streamed from ``stream`` (``first``: bytes already taken from it).

    The bytes are scanned for ``<Workout`` elements and only those are parsed (by expat, each on its own): the
    millions of ``Record`` elements around them are passed over at the speed of a byte search, and the
    DOCTYPE, well-formed or not, is never parsed."""
    rows: list[dict] = []
    buffer, line, eof = first, 1, False  # ``line``: the line buffer[0] is on
    while not eof:
        more = stream.read(CHUNK)
        eof = not more
        buffer += more
        pos = 0
        while (found := WORKOUT.search(buffer, pos)) is not None:
            end = _element_end(buffer, found.start())
            if end is None:  # the element goes on in the next chunk
                if len(buffer) - found.start() > MAX_WORKOUT:
                    line += buffer.count(b"\n", pos, found.start())
                    raise LogFormatError(
                        f"the workout on line {line} does not end within {MAX_WORKOUT >> 20} MB: export it again",
                        file=name,
                    )
                break
            line += buffer.count(b"\n", pos, found.start())
            rows.append(_parse(buffer[found.start() : end], line))
            line += buffer.count(b"\n", found.start(), end)
            pos = end
        if found is not None and not eof:
            keep = found.start()
        else:  # keep a tail that may hold the start of ``<Workout``
            keep = max(pos, len(buffer) - 16)
        if eof and found is not None:
            raise LogFormatError(
                f"the Apple Health export is cut short inside a workout (line {line}): export it again",
                file=name,
            )
        line += buffer.count(b"\n", pos, keep)
        buffer = buffer[keep:]
    return rows


WORKOUT = re.compile(rb"<Workout[\s/>]")
START_TAG = re.compile(rb"<Workout(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")  # quoted values may hold ">"
MAX_WORKOUT = 16 << 20  # a workout element is a few kilobytes; this much without its end is a broken file
NOT_XML = bytes(range(32)).translate(None, b"\t\n\r")  # control characters XML 1.0 forbids
END_TAG = b"</Workout>"


def _element_end(buffer: bytes, start: int) -> int | None:
    """Where the ``Workout`` element starting at ``start`` ends, or ``None`` when the buffer ends first."""
    tag = START_TAG.match(buffer, start)
    if tag is None:
        return None
    if tag.group(0).endswith(b"/>"):
        return tag.end()
    close = buffer.find(END_TAG, tag.end())
    return None if close < 0 else close + len(END_TAG)


def _parse(fragment: bytes, line: int) -> dict:
    """One workout's row; a workout that is not well-formed XML (iOS 16 wrote vertical tabs into some values,
    which are taken out first) is a row set aside with the reason."""
    parser = xml.parsers.expat.ParserCreate("UTF-8")
    handlers = _Workouts(parser)
    parser.StartElementHandler, parser.EndElementHandler = handlers.start, handlers.end
    try:
        parser.Parse(fragment.translate(None, NOT_XML), True)
    except xml.parsers.expat.ExpatError as exc:
        return {"line": line, "sport": f"a workout that is not well-formed XML ({exc})", "reader": "apple_health"}
    row = handlers.rows[0]
    row["line"] = line
    return row
