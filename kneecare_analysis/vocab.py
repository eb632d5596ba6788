"""The words the kit understands: name normalisation, sides, pain contexts, knees and ticks.

>>> name_key("Side-lying Hip Abductions")
'side lying hip abduction'
>>> column_key("Knee pain (0–10)")
'kneepain010'
"""

from __future__ import annotations

import re

SIDES = ("left", "right", "both")
KNEES = ("left", "right", "both", "unspecified")
CONTEXTS = ("rest", "morning", "during_run", "after_run", "stairs", "worst_24h", "other", "unspecified")

SIDE_WORDS = {
    "": "both",
    "both": "both",
    "b": "both",
    "bilateral": "both",
    "each": "both",
    "each side": "both",
    "per side": "both",
    "left": "left",
    "l": "left",
    "right": "right",
    "r": "right",
}

KNEE_WORDS = {
    "": "unspecified",
    "unspecified": "unspecified",
    "left": "left",
    "l": "left",
    "right": "right",
    "r": "right",
    "both": "both",
    "b": "both",
    "bilateral": "both",
}

CONTEXT_WORDS = {
    "": "unspecified",
    "unspecified": "unspecified",
    "rest": "rest",
    "at rest": "rest",
    "resting": "rest",
    "morning": "morning",
    "am": "morning",
    "on waking": "morning",
    "during run": "during_run",
    "during running": "during_run",
    "during": "during_run",
    "run": "during_run",
    "after run": "after_run",
    "after running": "after_run",
    "post run": "after_run",
    "after": "after_run",
    "stairs": "stairs",
    "stair": "stairs",
    "worst 24h": "worst_24h",
    "worst 24 h": "worst_24h",
    "worst in 24h": "worst_24h",
    "worst": "worst_24h",
    "other": "other",
}

TICK_YES = frozenset({"x", "✓", "✔", "☑", "✅", "yes", "y", "true", "done"})
TICK_NO = frozenset({"no", "n", "false", "✗", "✘", "-"})

_PUNCT = re.compile(r"[^0-9a-z ]+")
_SPACES = re.compile(r"\s+")
_COLUMN_PUNCT = re.compile(r"[^0-9a-z]+")


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("ch", "sh", "ss", "x")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def name_key(text: object) -> str:
    """Lower-case, ``-``/``_`` and punctuation to spaces, plural ``s`` dropped: the key drill aliases match on."""
    s = _PUNCT.sub(" ", str(text).strip().lower().replace("-", " ").replace("_", " "))
    return " ".join(_singular(w) for w in _SPACES.split(s) if w)


def word_key(text: object) -> str:
    """Lower-case, punctuation to single spaces (no plural folding): the key side and context words match on."""
    s = _PUNCT.sub(" ", str(text).strip().lower().replace("-", " ").replace("_", " "))
    return " ".join(w for w in _SPACES.split(s) if w)


def column_key(text: object) -> str:
    """Case-, space- and punctuation-insensitive key of a column header."""
    return _COLUMN_PUNCT.sub("", str(text).strip().lower())
