"""Exercise names of strength apps (Strong, Hevy, FitNotes) as the routine's drills, with their side.

A name is a drill when, after normalising case and punctuation, it is one of the routine's drill names or
aliases (or a name the user maps with ``drills={"Side clams": "clamshell"}``). A side comes from a suffix —
``(Left)``, ``- R``, ``L``, ``(Each Side)`` — and defaults to both. Any other bracket names another exercise:
``Hip Abduction (Machine)`` is not the side-lying drill, ``Hip Thrust (Barbell)`` not a single-leg bridge;
a bracket that completes a drill's name (``Glute Bridge (Single Leg)``) is part of it.

>>> from kneecare_analysis.routine import DEFAULT_ROUTINE
>>> [exercise_drill(n, DEFAULT_ROUTINE) for n in ["Clamshell (Left)", "Side-Lying Hip Abduction - R",
...  "Hip Abduction (Machine)", "Glute Bridge (Single Leg)", "Bench Press (Barbell)"]]
[('clamshell', 'left'), ('hip_abduction', 'right'), None, ('glute_bridge', 'both'), None]
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ...routine import Routine
from ...vocab import name_key, word_key

_BRACKET = re.compile(r"\(([^()]*)\)?")
_SIDE_WORDS = {
    "left": "left",
    "l": "left",
    "right": "right",
    "r": "right",
    "each side": "both",
    "per side": "both",
    "both": "both",
    "both sides": "both",
    "bilateral": "both",
}


def exercise_drill(name: str, routine: Routine, own: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``(drill, side)`` an app's exercise name stands for, or ``None`` for another exercise."""
    own_keys = {name_key(k): v for k, v in (own or {}).items()}
    if name_key(name) in own_keys:
        return own_keys[name_key(name)], "both"
    inner = [word_key(b) for b in _BRACKET.findall(str(name))]
    base = word_key(_BRACKET.sub(" ", str(name)))
    side = "both"
    rest = []
    for words in inner:
        if words in _SIDE_WORDS:
            side = _SIDE_WORDS[words]
        elif words:
            rest.append(words)
    parts = base.split()
    if len(parts) > 1 and parts[-1] in ("l", "r", "left", "right"):
        side = _SIDE_WORDS[parts.pop()]
    elif len(parts) > 1 and parts[0] in ("left", "right"):
        side = _SIDE_WORDS[parts.pop(0)]
    base = " ".join(parts)
    for candidate in [base] if not rest else [f"{' '.join(rest)} {base}", f"{base} {' '.join(rest)}"]:
        drill = own_keys.get(name_key(candidate)) or routine.resolve(candidate)
        if drill is not None:
            return drill, side
    return None
