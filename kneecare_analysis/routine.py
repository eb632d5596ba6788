"""The prescription as data: drills, targets, minimums, sessions a week, cues — and loading one from TOML.

TOML is read with the standard library's ``tomllib`` (``tomli`` before Python 3.11), which reports the line
and column of a syntax error. The default drills' aliases are words, in ``words/drills.toml``.

>>> DEFAULT_ROUTINE.drill("clamshell").target
20
>>> DEFAULT_ROUTINE.resolve("Clam shells")
'clamshell'
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .errors import LogFormatError, Problem
from .vocab import drill_aliases, name_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

Kind = Literal["reps", "timed"]


@dataclass(frozen=True)
class Drill:
    """One drill of the routine.

    Parameters
    ----------
    id : str
        Its id in the logs (``"clamshell"``).
    name : str
        Its name on screen.
    kind : {"reps", "timed"}
        Counted in reps or in seconds.
    sided : bool
        Done on each side (left and right) rather than once.
    target : float
        The prescribed reps or seconds (per side when ``sided``).
    minimum : float
        The least that counts as done.
    cues : tuple of str
        How to do it, a line each.
    aliases : tuple of str
        Other names it goes by in logs and app exports.

    Examples
    --------
    >>> from kneecare_analysis import DEFAULT_ROUTINE
    >>> bridge = DEFAULT_ROUTINE.drill("glute_bridge")
    >>> bridge.describe_target(), bridge.sides
    ('20 reps per side', ('left', 'right'))
    """

    id: str
    name: str
    kind: Kind
    sided: bool
    target: float
    minimum: float
    cues: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def sides(self) -> tuple[str, ...]:
        """The sides a session must cover: ``("left", "right")`` or ``("both",)``."""
        return ("left", "right") if self.sided else ("both",)

    @property
    def unit(self) -> str:
        return "reps" if self.kind == "reps" else "s"

    def describe_target(self) -> str:
        """``'20 reps per side'``, ``'300 s'``…"""
        amount = f"{self.target:g} {'reps' if self.kind == 'reps' else 's'}"
        return f"{amount} per side" if self.sided else amount


@dataclass(frozen=True)
class Routine:
    """A prescription: its drills (equal weights in the daily dose) and how many sessions a week.

    Parameters
    ----------
    name : str
        What it is called.
    drills : tuple of Drill
        Its drills, in the order they are done.
    sessions_per_week : float
        Sessions prescribed a week (7: after every day's run, or daily).

    Examples
    --------
    >>> from kneecare_analysis import DEFAULT_ROUTINE
    >>> DEFAULT_ROUTINE.ids
    ['self_massage', 'hip_abduction', 'clamshell', 'glute_bridge', 'couch_stretch']
    >>> DEFAULT_ROUTINE.resolve("Foam rolling"), DEFAULT_ROUTINE.resolve("Clam-Shell")
    ('self_massage', 'clamshell')
    """

    name: str
    drills: tuple[Drill, ...]
    sessions_per_week: float = 7.0
    _aliases: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        table: dict[str, str] = {}
        for d in self.drills:
            for alias in (d.id, d.name, *d.aliases):
                table.setdefault(name_key(alias), d.id)
        object.__setattr__(self, "_aliases", table)

    @property
    def ids(self) -> list[str]:
        return [d.id for d in self.drills]

    def drill(self, drill_id: str) -> Drill:
        for d in self.drills:
            if d.id == drill_id:
                return d
        raise KeyError(f"no drill {drill_id!r} in routine {self.name!r}; drills: {', '.join(self.ids)}")

    def resolve(self, name: object) -> str | None:
        """The drill id an alias names (case, punctuation and plural ``s`` ignored), or ``None``."""
        return self._aliases.get(name_key(name))

    def to_frame(self):
        """The prescription as a table: drill, name, kind, sides, target, minimum, unit."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "drill": d.id,
                    "name": d.name,
                    "sides": " and ".join(d.sides),
                    "target": d.target,
                    "minimum": d.minimum,
                    "unit": "reps" if d.kind == "reps" else "seconds",
                }
                for d in self.drills
            ]
        )

    def known_names(self) -> str:
        """The drill ids with their aliases, for error messages."""
        return "; ".join(f"{d.id} ({', '.join(d.aliases)})" if d.aliases else d.id for d in self.drills)


_ALIASES = drill_aliases()

DEFAULT_ROUTINE = Routine(
    name="Knee care cool-down",
    sessions_per_week=7,
    drills=(
        Drill(
            id="self_massage",
            name="Self-massage",
            kind="timed",
            sided=False,
            target=300,
            minimum=300,
            cues=(
                "Foam roller or massage stick, both legs: outer hip (TFL), piriformis, hamstrings, quads, calves, "
                "inner thigh.",
                "Slow passes, about a minute per area; pause on tender spots rather than grinding over them.",
                "Discomfort is fine, sharp pain is not: ease off the pressure.",
            ),
            aliases=_ALIASES["self_massage"],
        ),
        Drill(
            id="hip_abduction",
            name="Side-lying hip abduction",
            kind="reps",
            sided=True,
            target=20,
            minimum=15,
            cues=(
                "Lie on your side, both legs straight, body in one line.",
                "Raise the top leg a little behind you, heel first, toes pointing forward.",
                "Lower slowly; stop the set when the hip rolls back or the thigh front takes over.",
            ),
            aliases=_ALIASES["hip_abduction"],
        ),
        Drill(
            id="clamshell",
            name="Clamshell",
            kind="reps",
            sided=True,
            target=20,
            minimum=15,
            cues=(
                "Lie on your side, knees bent, feet together.",
                "Open the top knee like a shell while the feet stay in touch.",
                "Keep the pelvis still: roll no further back than the hip allows.",
            ),
            aliases=_ALIASES["clamshell"],
        ),
        Drill(
            id="glute_bridge",
            name="Single-leg glute bridge",
            kind="reps",
            sided=True,
            target=20,
            minimum=15,
            cues=(
                "On your back, one foot planted, the other leg lifted.",
                "Push through the heel and lift the hips until knee, hip and shoulder line up.",
                "Keep both hips at the same height all the way up and down.",
            ),
            aliases=_ALIASES["glute_bridge"],
        ),
        Drill(
            id="couch_stretch",
            name="Couch stretch",
            kind="timed",
            sided=True,
            target=120,
            minimum=120,
            cues=(
                "Kneel with the back knee in the corner of the sofa, shin up its back, front foot flat.",
                "Bring the torso upright and squeeze the glute of the back leg.",
                "Breathe and hold; the stretch is in the front of the thigh and hip, never in the knee.",
            ),
            aliases=_ALIASES["couch_stretch"],
        ),
    ),
)

_DRILL_KEYS = {"id", "name", "kind", "sided", "target", "minimum", "cues", "aliases"}
_TOP_KEYS = {"name", "sessions_per_week", "drill", "drills"}


def load_routine(path: str | Path) -> Routine:
    """Read a prescription from a ``routine.toml``; a drill named like a default drill inherits what it leaves
    out.

    Parameters
    ----------
    path : str or Path
        The TOML file: ``sessions_per_week``, ``name`` and ``[[drill]]`` tables (``id``, ``target``,
        ``minimum``, ``aliases``, …).

    Returns
    -------
    Routine
        The prescription; a mistake in the file raises :class:`~kneecare_analysis.LogFormatError` with its line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> toml = pathlib.Path(tempfile.mkdtemp()) / "routine.toml"
    >>> _ = toml.write_text('sessions_per_week = 3\\n[[drill]]\\nid = "clamshell"\\ntarget = 30\\n')
    >>> routine = load_routine(toml)
    >>> routine.sessions_per_week, routine.drill("clamshell").target, len(routine.drills)
    (3.0, 30, 1)
    """
    path = Path(path)
    file = str(path)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise LogFormatError(f"no routine file at {file}", file=file) from None
    except UnicodeDecodeError as exc:
        raise LogFormatError(f"not UTF-8 text (byte {exc.start})", file=file) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        raise LogFormatError([Problem(file, line, None, None, f"valid TOML ({exc})")]) from None
    return routine_from_dict(data, file=file, lines=raw.splitlines())


def folder_routine(folder: str | Path) -> Routine:
    """The prescription of a data folder: its ``routine.toml`` when it has one, else the default routine.

    Parameters
    ----------
    folder : str or Path
        The data folder.

    Returns
    -------
    Routine
        :func:`load_routine` of ``folder/routine.toml``, or :data:`DEFAULT_ROUTINE`.

    Examples
    --------
    >>> folder_routine("/no/such/folder") is DEFAULT_ROUTINE
    True
    """
    toml = Path(folder).expanduser() / "routine.toml"
    return load_routine(toml) if toml.is_file() else DEFAULT_ROUTINE


class _Problems:
    """The problems of a routine file, each placed on the first line that holds its key or its drill."""

    def __init__(self, file: str, lines: list[str]) -> None:
        self.file, self.lines, self.found = file, lines, []

    def line_of(self, text: str) -> int | None:
        return next((i for i, ln in enumerate(self.lines, start=1) if text in ln), None)

    def bad(self, key: str, value: object, expected: str, near: str | None = None) -> None:
        value = None if value is None else str(value)
        self.found.append(Problem(self.file, self.line_of(near or key), key, value, expected))


def routine_from_dict(data: dict, *, file: str = "<routine>", lines: list[str] | None = None) -> Routine:
    """Build and validate a :class:`Routine` from plain data (as read from TOML)."""
    problems = _Problems(file, lines or [])
    for key in data:
        if key not in _TOP_KEYS:
            problems.bad(key, None, f"one of the keys {', '.join(sorted(_TOP_KEYS - {'drills'}))}")
    name = data.get("name", "Prescribed routine")
    spw = data.get("sessions_per_week", 7)
    if isinstance(spw, bool) or not isinstance(spw, (int, float)) or not 0 < spw <= 7:
        problems.bad("sessions_per_week", spw, "a number of sessions a week above 0 and at most 7")
        spw = 7
    entries = data.get("drill", data.get("drills"))
    if not isinstance(entries, list) or not entries:
        problems.bad("drill", None, "at least one [[drill]] table")
        entries = []
    drills = [d for d in (_drill(entry, problems) for entry in entries) if d is not None]
    _check_names(drills, problems)
    if problems.found:
        raise LogFormatError(problems.found)
    return Routine(name=str(name), drills=tuple(drills), sessions_per_week=float(spw))


def _drill(entry: object, problems: _Problems) -> Drill | None:
    """One ``[[drill]]`` table as a drill (a default drill's values fill what it leaves out), or ``None``."""
    if not isinstance(entry, dict):
        problems.bad("drill", entry, "a [[drill]] table")
        return None
    did = entry.get("id")
    if not isinstance(did, str) or not did.strip():
        problems.bad("id", did, 'a drill id (text), e.g. id = "clamshell"', near="[[drill]]")
        return None
    near = f'"{did}"'
    for key in entry:
        if key not in _DRILL_KEYS:
            problems.bad(key, None, f"one of the drill keys {', '.join(sorted(_DRILL_KEYS))}", near=key)
    base = next((d for d in DEFAULT_ROUTINE.drills if d.id == did), None)
    kind = entry.get("kind", base.kind if base else None)
    if kind not in ("reps", "timed"):
        problems.bad("kind", kind, "'reps' or 'timed'", near=near)
        return None
    sided = entry.get("sided", base.sided if base else True)
    if not isinstance(sided, bool):
        problems.bad("sided", sided, "true or false", near=near)
        return None
    same_kind = base if base and base.kind == kind else None
    amounts = _amounts(entry, same_kind, kind, problems, near)
    texts = _texts(entry, base, problems, near)
    if amounts is None or texts is None:
        return None
    target, minimum = amounts
    cues, aliases = texts
    drill_name = entry.get("name", base.name if base else did.replace("_", " ").capitalize())
    name = str(drill_name)
    return Drill(id=did, name=name, kind=kind, sided=sided, target=target, minimum=minimum, cues=cues, aliases=aliases)


def _amounts(entry: dict, base: Drill | None, kind: str, problems: _Problems, near: str) -> tuple | None:
    """A drill's target and minimum, checked: a positive target (whole reps), a minimum from 0 to the target."""
    target = entry.get("target", base.target if base else None)
    if isinstance(target, bool) or not isinstance(target, (int, float)) or target <= 0:
        problems.bad("target", target, f"a positive number of {'reps' if kind == 'reps' else 'seconds'}", near=near)
        return None
    if kind == "reps" and float(target) != int(target):
        problems.bad("target", target, "a whole number of reps", near=near)
        return None
    minimum = entry.get("minimum", min(base.minimum, target) if base else target)
    if isinstance(minimum, bool) or not isinstance(minimum, (int, float)) or minimum < 0:
        problems.bad("minimum", minimum, "a number ≥ 0", near=near)
        return None
    if minimum > target:
        problems.bad("minimum", minimum, f"a minimum no higher than the target ({target:g})", near=near)
        return None
    return (int(target) if kind == "reps" else float(target)), minimum


def _texts(entry: dict, base: Drill | None, problems: _Problems, near: str) -> tuple | None:
    """A drill's cues and aliases, each a list of texts."""
    out = []
    for key in ("cues", "aliases"):
        value = entry.get(key, getattr(base, key) if base else ())
        if isinstance(value, str) or not all(isinstance(v, str) for v in value):
            problems.bad(key, value, "a list of texts", near=near)
            return None
        out.append(tuple(value))
    return tuple(out)


def _check_names(drills: list[Drill], problems: _Problems) -> None:
    """Each drill id once, and each name (id, name, alias) for one drill only."""
    seen: dict[str, str] = {}
    ids: set[str] = set()
    for d in drills:
        if d.id in ids:
            problems.bad("id", d.id, "each drill id once", near=f'"{d.id}"')
        ids.add(d.id)
        for alias in (d.id, d.name, *d.aliases):
            owner = seen.setdefault(name_key(alias), d.id)
            if owner != d.id:
                problems.bad("aliases", alias, f"a name not already used by drill {owner!r}", near=alias)


def with_sessions_per_week(routine: Routine, sessions: float) -> Routine:
    """The same routine prescribed ``sessions`` times a week."""
    return replace(routine, sessions_per_week=float(sessions))
