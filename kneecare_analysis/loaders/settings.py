"""A data folder's settings, said once for every loader, app and notebook: ``kneecare.toml``.

What a file cannot tell about itself — the unit of a Garmin account's distances, the time zone of UTC start
times, the order of day and month in numeric dates, the runner's name, the activity types that are runs in a
language the kit does not know — goes in the folder's ``kneecare.toml``, found beside the files or up to two
folders above them. What a caller passes (``units=``, ``tz=``, ``dayfirst=``, ``default_athlete=``,
``run_types=``) wins over the file; what neither says stays the kit's default, which the loaded frame then names
(``attrs["assumed"]``, ``attrs["doubtful"]``). ``attrs["settings"]`` names the file that was used.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / SETTINGS_FILE).write_text('units = "mi"\\ntime_zone = "Europe/Oslo"\\nathlete = "Ana"\\n')
>>> s = read_settings(folder)
>>> s.units, s.time_zone, s.athlete, s.dayfirst
('mi', 'Europe/Oslo', 'Ana', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import LogFormatError, Problem

SETTINGS_FILE = "kneecare.toml"
KEYS = {
    "units": "'km' or 'mi': what the folder's exports' bare distances are in",
    "time_zone": "a time zone name such as 'Europe/Oslo'",
    "dayfirst": "true (03/04/2026 is 3 April) or false (it is 4 March)",
    "athlete": "the runner's name, for rows that name none",
    "run_types": "a list of the activity types that are runs, in the export's own words",
    "pain_scale": "'0-10' (the default) or '0-100' (a VAS, read as tenths: 45 is 4.5)",
}


@dataclass(frozen=True)
class Settings:
    """A folder's settings (``None`` where the file says nothing), and the file they came from."""

    units: str | None = None
    time_zone: str | None = None
    dayfirst: bool | None = None
    athlete: str | None = None
    run_types: tuple[str, ...] = ()
    file: str | None = None
    pain_scale: str | None = None  # "0-100": the pain scores are a 0–100 VAS


def read_settings(folder: str | Path) -> Settings:
    """The settings in ``folder/kneecare.toml`` (or none); a wrong key or value is a :class:`LogFormatError`
    naming the line."""
    from ..routine import tomllib

    path = Path(folder) / SETTINGS_FILE
    if not path.is_file():
        return Settings()
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LogFormatError(f"not valid TOML ({exc})", file=str(path)) from None
    lines = text.splitlines()
    problems = [_problem(path, lines, key, value) for key, value in data.items()]
    problems = [p for p in problems if p is not None]
    if problems:
        raise LogFormatError(problems)
    types = data.get("run_types", ())
    return Settings(
        units=data.get("units"),
        time_zone=data.get("time_zone"),
        dayfirst=data.get("dayfirst"),
        athlete=data.get("athlete"),
        run_types=tuple(types),
        file=str(path),
        pain_scale=data.get("pain_scale"),
    )


def _problem(path: Path, lines: list[str], key: str, value: object) -> Problem | None:
    line = next((i for i, text in enumerate(lines, start=1) if text.strip().startswith(key)), None)
    if key not in KEYS:
        return Problem(str(path), line, key, None, f"one of the keys {', '.join(KEYS)}")
    valid = {
        "units": value in ("km", "mi"),
        "time_zone": isinstance(value, str) and _known_zone(value),
        "dayfirst": isinstance(value, bool),
        "athlete": isinstance(value, str) and bool(value.strip()),
        "run_types": isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value),
        "pain_scale": value in ("0-10", "0-100"),
    }[key]
    return None if valid else Problem(str(path), line, key, str(value), KEYS[key])


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def settings_for(path: str | Path) -> Settings:
    """The settings that apply to a file or a folder: the first ``kneecare.toml`` in it (a folder), beside it
    (a file), or up to two folders above (an export keeps its files a folder or two down)."""
    path = Path(path).expanduser()
    start = path if path.is_dir() else path.parent
    for folder in [start, *list(start.parents)[:2]]:
        if (folder / SETTINGS_FILE).is_file():
            return read_settings(folder)
    return Settings()


def source_settings(src: object) -> Settings:
    """The settings of a loader's ``src``: a path's, or the one folder's of a list of paths; none for a
    DataFrame or paths in several folders."""
    if isinstance(src, (str, Path)):
        return settings_for(src)
    if isinstance(src, (list, tuple)) and src and all(isinstance(s, (str, Path)) for s in src):
        found = {settings_for(s) for s in src}
        return found.pop() if len(found) == 1 else Settings()
    return Settings()
