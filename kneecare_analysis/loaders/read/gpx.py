"""GPX files: points only. A track's distance is the sum of great-circle steps between its points, its moving
time the time between points while moving (a step of at least 0.5 m/s; pauses and the gaps between segments
do not count), its elapsed time first point to last. GPX times are UTC: the local day is the day in the
folder's time zone setting (``kneecare.toml``, ``time_zone = "Europe/Oslo"``, or ``tz=``), else the UTC day,
and the row says which. A track without times (a route drawn on a map) is not a recording: set aside.

>>> round(_metres([(59.0, 10.0), (59.01, 10.0)]))
1112
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from .activity import day_in_zone, parse_stamp, utc_text

EARTH_M = 6_371_008.8  # the mean Earth radius
MOVING = 0.5  # m/s: slower steps are a pause
TYPES = {"9": "running", "1": "cycling", "run": "running", "running": "running", "trail_running": "running"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _step(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_M * math.asin(min(1.0, math.sqrt(h)))


def _metres(points: list[tuple[float, float]]) -> float:
    return sum(_step(a, b) for a, b in zip(points, points[1:], strict=False))


def rows_of(root: ET.Element, *, zone: str | None) -> list[dict]:
    """One row per track of a parsed GPX document."""
    rows = []
    tracks = [t for t in root.iter() if _local(t.tag) == "trk"]
    for number, track in enumerate(tracks, start=1):
        kind = next(((c.text or "").strip().lower() for c in track if _local(c.tag) == "type"), "")
        metres, moving, stamps = 0.0, 0.0, []
        for segment in (s for s in track if _local(s.tag) == "trkseg"):
            before = None
            for point in (p for p in segment if _local(p.tag) == "trkpt"):
                try:
                    where = (float(point.get("lat", "")), float(point.get("lon", "")))
                except ValueError:
                    continue
                when = next((parse_stamp(c.text or "") for c in point if _local(c.tag) == "time"), None)
                if before is not None:
                    step = _step(before[0], where)
                    metres += step
                    if when is not None and before[1] is not None:
                        seconds = (when - before[1]).total_seconds()
                        if seconds > 0 and step / seconds >= MOVING:
                            moving += seconds
                if when is not None:
                    stamps.append(when)
                before = (where, when)
        if not stamps:  # a planned route, or a track drawn on a map: not a recording
            rows.append({"line": number, "sport": "a track without times (a route, not a recording)", "reader": "gpx"})
            continue
        start = min(stamps)
        day, day_from = day_in_zone(start, zone)
        rows.append(
            {
                "line": number,
                "sport": TYPES.get(kind, kind),
                "distance_m": round(metres, 1),
                "timer_s": round(moving, 1),
                "elapsed_s": (max(stamps) - start).total_seconds(),
                "start_utc": utc_text(start),
                "local_date": day,
                "day_from": day_from,
                "source_name": root.get("creator", ""),
                "reader": "gpx",
            }
        )
    return rows
