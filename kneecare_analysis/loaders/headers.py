"""Which column is which: headers matched case-, space- and punctuation-insensitively to the kit's roles.

The header words are data (``words/headers.toml``).

>>> sorted(roles("pain"))[:4]
['athlete', 'context', 'date', 'knee']
"""

from __future__ import annotations

import functools
import unicodedata

from ..errors import LogFormatError, Problem
from ..vocab import column_key, words
from .read import Table


@functools.cache
def roles(kind: str) -> dict[str, frozenset[str]]:
    """The header keys of each role of a kind (``routine``, ``pain``, ``runs``), the common roles first."""
    table = words("headers")
    return {role: frozenset(keys) for role, keys in {**table["common"], **table[kind]}.items()}


def script_key(text: object) -> str:
    """A header as a key in any script: lower-case letters and digits of any alphabet, accents dropped.

    >>> script_key("Nom de l'exercice"), script_key("Übungsname"), script_key("Название упражнения")
    ('nomdelexercice', 'ubungsname', 'названиеупражнения')
    """
    s = unicodedata.normalize("NFKD", str(text).strip().lower())
    return "".join(ch for ch in s if ch.isalnum() and not unicodedata.combining(ch))


def strength_columns(table: Table) -> list[str]:
    """The headers that say ``table`` is a strength-training log (an exercise, a set's order, reps, a weight:
    ``words/headers.toml`` ``[strength_evidence]`` and the strength apps' own names, in every language there).

    >>> from kneecare_analysis.loaders.read import from_rows
    >>> strength_columns(from_rows("x.csv", [["Date", "Übungsname", "Distanz"], ["2026-03-02", "Clam", "0"]], [1, 2]))
    ['Übungsname']
    """
    return [h for h in table.headers if script_key(h) in _strength_keys()]


@functools.cache
def _strength_keys() -> frozenset[str]:
    table = words("headers")
    found = set(table["strength_evidence"]["keys"])
    for app in table["apps"].values():
        for role in ("exercise", "set_order", "set_index", "reps", "weight", "warmup"):
            found |= {script_key(w) for w in app.get(role, [])}
    return frozenset(found)


KIT_OUTPUTS = {"weekly_summary": "the kit's own weekly summary (made by kneecare export or summary), not a log"}


def kit_output(table: Table) -> str | None:
    """What the kit wrote, when ``table`` is one of its own outputs (``words/headers.toml`` ``[kit_outputs]``),
    else ``None``: such a table is set aside, never read as a log.

    >>> from kneecare_analysis.loaders.read import from_rows
    >>> weeks = from_rows("weeks.csv", [["athlete", "week_start", "program_week"], ["Sam", "2026-03-02", "1"]], [1, 2])
    >>> kit_output(weeks)
    "the kit's own weekly summary (made by kneecare export or summary), not a log"
    """
    have = {script_key(h) for h in table.headers}
    for name, needed in words("headers")["kit_outputs"].items():
        if have.issuperset(needed):
            return KIT_OUTPUTS[name]
    return None


def keys(table: Table) -> list[str]:
    return [column_key(h) for h in table.headers]


def find_roles(table: Table, kind: str, *, rename: dict[str, str] | None = None) -> dict[str, int]:
    """Map each role to the index of its column; a role found in two columns is an error. ``rename`` maps a
    role to a header the caller names for it (``{"pain": "Intensity"}``)."""
    found: dict[str, list[int]] = {}
    named = {column_key(h): role for role, h in (rename or {}).items()}
    for i, key in enumerate(keys(table)):
        if key in named:
            found.setdefault(named[key], []).append(i)
            continue
        for role, role_keys in roles(kind).items():
            if key in role_keys and role not in (rename or {}):
                found.setdefault(role, []).append(i)
                break
    missing = [h for h in (rename or {}).values() if column_key(h) not in keys(table)]
    problems = [Problem(table.name, None, h, None, f"a column named {h!r}; found {describe(table)}") for h in missing]
    problems += [
        Problem(
            table.name,
            None,
            table.headers[idx[0]],
            None,
            f"each column once: {role!r} appears in columns "
            + " and ".join(f"{column_letter(i)} ({table.headers[i]!r})" for i in idx),
        )
        for role, idx in found.items()
        if len(idx) > 1
    ]
    if problems:
        raise LogFormatError(problems)
    return {role: idx[0] for role, idx in found.items()}


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def describe(table: Table) -> str:
    """The headers, quoted, for messages."""
    shown = ", ".join(repr(h) for h in table.headers[:12]) or "none"
    return shown + (f" and {len(table.headers) - 12} more" if len(table.headers) > 12 else "")
