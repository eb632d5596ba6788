"""Exercise names of strength apps (Strong, Hevy, FitNotes) as the routine's drills, with their side.

A name is a drill when, after normalising case and punctuation, it is one of the routine's drill names or
aliases (or a name the user maps with ``drills={"Side clams": "clamshell"}``). A side comes from a word of the
kit's one table of sides (:func:`~kneecare_analysis.vocab.side_words`) at the end, the start or in brackets —
``(Left)``, ``- R``, ``L``, ``(Each Side)`` — and defaults to both. Any other bracket names another exercise:
``Hip Abduction (Machine)`` is not the side-lying drill, ``Hip Thrust (Barbell)`` not a single-leg bridge;
a bracket that completes a drill's name (``Glute Bridge (Single Leg)``) is part of it.

>>> from kneecare_analysis.routine import DEFAULT_ROUTINE
>>> look_alike("Hanging Leg Raise"), look_alike("Stability Ball Hip Bridge")[:24], look_alike("Bench Press")
('an abdominal leg raise, not the side-lying hip abduction', 'an equipment variant (ba', None)
>>> [exercise_drill(n, DEFAULT_ROUTINE) for n in ["Clamshell (Left)", "Side-Lying Hip Abduction - R",
...  "Hip Abduction (Machine)", "Glute Bridge (Single Leg)", "Bench Press (Barbell)"]]
[('clamshell', 'left'), ('hip_abduction', 'right'), None, ('glute_bridge', 'both'), None]
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ...routine import Routine
from ...vocab import name_key, side_words, split_side, word_key
from ...vocab import words as word_table

_BRACKET = re.compile(r"\(([^()]*)\)?")


def exercise_drill(name: str, routine: Routine, own: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``(drill, side)`` an app's exercise name stands for, or ``None`` for another exercise."""
    own_keys = {name_key(k): v for k, v in (own or {}).items()}
    if name_key(name) in own_keys:
        return own_keys[name_key(name)], "both"
    sides = side_words()
    side = "both"
    rest = []
    for words in (word_key(b) for b in _BRACKET.findall(str(name))):
        if words in sides:
            side = sides[words]
        elif words:
            rest.append(words)
    base, named = split_side(_BRACKET.sub(" ", str(name)))
    side = named or side
    for candidate in [base] if not rest else [f"{' '.join(rest)} {base}", f"{base} {' '.join(rest)}"]:
        drill = own_keys.get(name_key(candidate)) or routine.resolve(candidate)
        if drill is not None:
            return drill, side
    return None


def look_alike(name: str) -> str | None:
    """Why an exercise that looks like a drill is not one (``words/drills.toml`` ``[look_alikes]``), or
    ``None``. Only asked of names that are not drills: "Side Leg Raise" is the drill before it is a leg raise."""
    table = word_table("drills")
    key = f" {name_key(name)} "
    for phrase, reason in table["look_alikes"].items():
        if f" {name_key(phrase)} " in key:
            return reason
    gear = table["look_alike_equipment"]
    if any(f" {w} " in key for w in gear["drill_words"]) and any(f" {w} " in key for w in gear["equipment"]):
        return gear["reason"]
    return None
