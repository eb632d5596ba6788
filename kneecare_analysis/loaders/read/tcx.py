"""TCX files (Garmin's Training Center XML, Strava's and many apps' exports): one summary row per activity.

A run's timer time is the sum of its laps' ``TotalTimeSeconds`` and its distance the sum of their
``DistanceMeters``; elapsed time runs from the first lap's start to the last track point (or the last lap's
end). A treadmill run has laps and no track points. Strava's files begin with spaces before ``<?xml``, which
XML parsers refuse: leading white space is stripped first. Times are UTC; the local day is found as for GPX
(:func:`.activity.day_in_zone`), unless a time carries its own offset.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from .activity import OWN_DAY, day_in_zone, parse_stamp, utc_text


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) == name]


def _text(element: ET.Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def rows_of(root: ET.Element, *, zone: str | None) -> list[dict]:
    """The summary rows of a parsed TCX document."""
    rows = []
    activities = [a for a in root.iter() if _local(a.tag) == "Activity"]
    for number, activity in enumerate(activities, start=1):
        laps = _children(activity, "Lap")
        start = parse_stamp(_text(activity, "Id")) or (parse_stamp(laps[0].get("StartTime", "")) if laps else None)
        timer = [_number(_text(lap, "TotalTimeSeconds")) for lap in laps]
        metres = [_number(_text(lap, "DistanceMeters")) for lap in laps]
        times = [parse_stamp(t.text or "") for t in activity.iter() if _local(t.tag) == "Time"]
        times = [t for t in times if t is not None]
        end = max(times) if times else None
        if end is None and laps:
            last = parse_stamp(laps[-1].get("StartTime", ""))
            end = last + dt.timedelta(seconds=timer[-1] or 0) if last is not None else None
        elapsed = (end - start).total_seconds() if start is not None and end is not None else None
        own = start is not None and start.utcoffset() not in (None, dt.timedelta(0))
        day, day_from = (start.date().isoformat(), OWN_DAY) if own else day_in_zone(start, zone)
        sport = activity.get("Sport", "")
        rows.append(
            {
                "line": number,
                "sport": "running" if sport.lower() == "running" else sport.lower(),
                "sub_sport": "" if times else "no track points (a treadmill?)",
                "distance_m": sum(m for m in metres if m is not None) if any(m is not None for m in metres) else None,
                "timer_s": sum(t for t in timer if t is not None) if any(t is not None for t in timer) else None,
                "elapsed_s": elapsed,
                "start_utc": utc_text(start),
                "local_date": day,
                "day_from": day_from,
                "source_name": _creator(activity),
                "reader": "tcx",
            }
        )
    return rows


def _creator(activity: ET.Element) -> str:
    found = _children(activity, "Creator")
    return _text(found[0], "Name") if found else ""
