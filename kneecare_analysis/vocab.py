"""The words the kit understands: how names are normalised, the fixed names it uses, and its word tables.

The tables themselves (headers, answers and sides, drill aliases, Garmin Connect's languages, pain-diary
columns, month names) are data, in ``kneecare_analysis/words/*.toml``; :func:`words` reads one (once).

>>> name_key("Side-lying Hip Abductions")
'side lying hip abduction'
>>> column_key("Knee pain (0–10)")
'kneepain010'
>>> fold("Löpning"), fold("Løb terræn")
('lopning', 'lob terraen')
>>> words("answers")["side"]["l"]
'left'
>>> split_side("Clamshell (L)")
('clamshell', 'left')
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from importlib import resources

SIDES = ("left", "right", "both")
KNEES = ("left", "right", "both", "unspecified")
CONTEXTS = (
    "rest",
    "morning",
    "during_run",
    "after_run",
    "before_routine",
    "after_routine",
    "stairs",
    "worst_24h",
    "other",
    "unspecified",
)  # the moment of a pain score (the design's "Pain log")

_PUNCT = re.compile(r"[^0-9a-z ]+")
_SPACES = re.compile(r"\s+")
_COLUMN_PUNCT = re.compile(r"[^0-9a-z]+")
_UNFOLDED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


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


def fold(text: object) -> str:
    """Lower-case without accents (``Löpning`` → ``lopning``, ``Bieżnia`` → ``bieznia``), punctuation to spaces:
    how words of other languages are compared."""
    s = unicodedata.normalize("NFKD", str(text).strip().lower().translate(_UNFOLDED))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return word_key(s)


def folded_key(text: object) -> str:
    """:func:`column_key` of :func:`fold`: a header of another language as a key."""
    return fold(text).replace(" ", "")


@functools.cache
def words(table: str) -> dict:
    """One of the word tables in ``kneecare_analysis/words/`` (``answers``, ``headers``, ``garmin``, …)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(resources.files("kneecare_analysis").joinpath("words", f"{table}.toml").read_text("utf-8"))


def drill_aliases() -> dict[str, tuple[str, ...]]:
    """The aliases of the default routine's drills, per drill id (``words/drills.toml``).

    >>> drill_aliases()["clamshell"]
    ('clamshell', 'clam shell', 'clam')
    """
    return {drill: tuple(names) for drill, names in words("drills")["aliases"].items()}


def side_words() -> dict[str, str]:
    """The one table of side words (``words/answers.toml``, ``[side]``): a :func:`word_key` → ``left``,
    ``right`` or ``both``; the blank key ``""`` is ``both``. Every reader of a side uses it: a log's side cell,
    a checklist's header (``Clamshell L``), an app's exercise name (``Clamshell (Left)``), a pain column
    (``Pain R``).

    >>> side_words()["r"], side_words()["each side"]
    ('right', 'both')
    """
    return words("answers")["side"]


def split_side(text: object) -> tuple[str, str | None]:
    """A name's :func:`word_key` without the side words at its end (or else its start), and their side
    (``None`` when it names none). A name that is only a side word is not split.

    >>> split_side("Couch stretch R"), split_side("left clamshell"), split_side("Glute bridge, each side")
    (('couch stretch', 'right'), ('clamshell', 'left'), ('glute bridge', 'both'))
    >>> split_side("Right"), split_side("Side bridge")
    (('right', None), ('side bridge', None))
    """
    table = side_words()
    parts = word_key(text).split()
    for n in (2, 1):
        if len(parts) > n and (end := " ".join(parts[-n:])) in table:
            return " ".join(parts[:-n]), table[end]
    for n in (2, 1):
        if len(parts) > n and (start := " ".join(parts[:n])) in table:
            return " ".join(parts[n:]), table[start]
    return " ".join(parts), None
