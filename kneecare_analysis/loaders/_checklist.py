"""The daily checklist a runner keeps: one row a day, one column per drill (and side), ticks or amounts.

A header is a drill alias, then optionally a side (``L``, ``R``, ``left``, ``right``), then optionally a unit in
brackets (``(reps)``, ``(s)``, ``(sec)``, ``(min)``). ``Knee pain``-like columns hold pain scores (a context in
the header, e.g. ``Morning pain``, is kept) and ``Notes`` the day's note.

>>> parse_drill_header("Couch stretch R (s)", DEFAULT_ROUTINE)
('couch_stretch', 'right', 'seconds')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..errors import LogFormatError, Problem
from ..routine import DEFAULT_ROUTINE, Routine
from ..vocab import CONTEXT_WORDS, TICK_NO, TICK_YES, column_key, word_key
from ._columns import ATHLETE, DATE, NOTE, TIMESTAMP
from ._parse import text
from ._read import RawTable

_BRACKETS = re.compile(r"[\(\[]([^\)\]]*)[\)\]]")
_SIDE = {"l": "left", "left": "left", "r": "right", "right": "right", "both": "both", "b": "both"}
_UNIT = {
    "reps": "reps",
    "rep": "reps",
    "x": "reps",
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "second": "seconds",
    "seconds": "seconds",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "m ss": "seconds",
    "mm ss": "seconds",
}
IGNORED = {"day", "weekday", "dayofweek", "week", "weeknumber", "wk"}


def parse_drill_header(header: str, routine: Routine = DEFAULT_ROUTINE) -> tuple[str, str, str | None] | None:
    """``(drill, side, unit)`` a checklist header names, or ``None`` when it names no drill."""
    side, unit = "both", None
    for inner in _BRACKETS.findall(header):
        key = word_key(inner)
        if key in _UNIT:
            unit = _UNIT[key]
            continue
        for token in re.split(r"[,;/ ]+", key):
            if token in _SIDE:
                side = _SIDE[token]
            elif token in _UNIT:
                unit = _UNIT[token]
            elif token in ("per", "side", "each", ""):
                continue
            else:
                return None
    words = word_key(_BRACKETS.sub(" ", header)).split()
    if words and words[-1] in _UNIT and len(words) > 1 and routine.resolve(" ".join(words[:-1])):
        unit = _UNIT[words.pop()]
    if len(words) > 1 and words[-1] in _SIDE:
        side = _SIDE[words.pop()]
    elif len(words) > 1 and words[0] in ("left", "right"):
        side = _SIDE[words.pop(0)]
    drill = routine.resolve(" ".join(words)) if words else None
    if drill is None:
        return None
    return drill, side, unit


@dataclass
class ChecklistLayout:
    date: int
    athlete: int | None = None
    note: int | None = None
    drills: dict[int, tuple[str, str, str | None]] = field(default_factory=dict)
    pain: dict[int, tuple[str, str]] = field(default_factory=dict)


def pain_header(header: str) -> tuple[str, str] | None:
    """``(context, knee)`` of a pain column header such as ``Knee pain``, ``Morning pain`` or ``Pain L``."""
    key = word_key(_BRACKETS.sub(" ", header))
    if "pain" not in key.split():
        return None
    context = "unspecified"
    for phrase in sorted(CONTEXT_WORDS, key=len, reverse=True):
        if phrase and len(phrase) > 2 and re.search(rf"\b{re.escape(phrase)}\b", key):
            context = CONTEXT_WORDS[phrase]
            break
    words = key.split()
    knee = "unspecified"
    if words[-1] in ("l", "left", "r", "right"):
        knee = _SIDE[words[-1]]
    return context, knee


def is_checklist(table: RawTable, routine: Routine) -> bool:
    keys = {column_key(h) for h in table.headers}
    if keys & {"drill", "exercise", "drillname", "exercisename", "drillid"}:
        return False
    return any(parse_drill_header(h, routine) for h in table.headers)


def layout(table: RawTable, routine: Routine) -> ChecklistLayout:
    """Classify every column of a checklist; a column that is none of date, athlete, note, pain or a drill
    is an error (unless it is empty or a weekday/week column), so no filled cell is skipped silently."""
    date = athlete = note = None
    drills: dict[int, tuple[str, str, str | None]] = {}
    pains: dict[int, tuple[str, str]] = {}
    problems: list[Problem] = []
    for i, header in enumerate(table.headers):
        key = column_key(header)
        if (key in DATE or key in TIMESTAMP) and date is None:
            date = i
            continue
        if key in ATHLETE and athlete is None:
            athlete = i
        elif key in NOTE and note is None:
            note = i
        elif (parsed := parse_drill_header(header, routine)) is not None:
            drill = routine.drill(parsed[0])
            unit = parsed[2]
            if drill.kind == "timed" and unit == "reps":
                problems.append(
                    Problem(table.name, None, header, None, f"a time unit, (s) or (min): {drill.id} is timed")
                )
            elif drill.kind == "reps" and unit in ("seconds", "minutes"):
                problems.append(Problem(table.name, None, header, None, f"(reps) or no unit: {drill.id} counts reps"))
            drills[i] = parsed
        elif (p := pain_header(header)) is not None:
            pains[i] = p
        elif key in IGNORED or not (text(table.column(i)) != "").any():
            continue
        else:
            problems.append(
                Problem(
                    table.name,
                    None,
                    header,
                    None,
                    "a drill column (a drill name, then L/R, then a unit like (reps), (s) or (min)); "
                    f"known drills: {routine.known_names()}. Rename the column, or delete it",
                )
            )
    if date is None:
        problems.insert(0, Problem(table.name, None, None, None, "a Date column in the checklist"))
    if problems:
        raise LogFormatError(problems)
    return ChecklistLayout(date=date, athlete=athlete, note=note, drills=drills, pain=pains)


def drill_records(table: RawTable, lay: ChecklistLayout, routine: Routine) -> pd.DataFrame:
    """One record per filled drill cell, in the long log's fields (``reps``/``seconds``/``minutes`` as text)."""
    frame = table.frame
    base = {
        "date": text(frame[lay.date]),
        "athlete": text(frame[lay.athlete]) if lay.athlete is not None else None,
        "note": text(frame[lay.note]) if lay.note is not None else None,
    }
    parts = []
    for order, (i, (drill_id, side, unit)) in enumerate(lay.drills.items()):
        cells = text(frame[i])
        filled = cells != ""
        if not filled.any():
            continue
        drill = routine.drill(drill_id)
        low = cells.str.lower()
        tick_col = unit is None and low[filled].isin(TICK_YES | TICK_NO | {"0", "1"}).all()
        yes = low.isin(TICK_YES) | (tick_col & (low == "1"))
        no = low.isin(TICK_NO) | (tick_col & (low == "0"))
        target = f"{drill.target:g}"
        amount = cells.mask(yes, target).mask(no, "0")
        empty = pd.Series("", index=cells.index, dtype="string")
        if drill.kind == "reps":
            reps, seconds, minutes = amount, empty, empty
        elif unit == "minutes":
            reps, seconds, minutes = empty, amount.where(yes | no, ""), amount.mask(yes | no, "")
        else:
            reps, seconds, minutes = empty, amount, empty
        part = pd.DataFrame(
            {
                "pos": frame.index,
                "order": order,
                "line": table.lines,
                "column": table.headers[i],
                "drill": drill_id,
                "side": side,
                "reps": reps,
                "seconds": seconds,
                "minutes": minutes,
                **{k: v for k, v in base.items() if v is not None},
            }
        )
        parts.append(part[filled.to_numpy()])
    if not parts:  # no drill cell is filled: no records, but every field the parser reads
        fields = ["pos", "order", "line", "column", "drill", "side", "reps", "seconds", "minutes"]
        fields += [k for k, v in base.items() if v is not None]
        return pd.DataFrame({f: pd.Series(dtype=object) for f in fields})
    out = pd.concat(parts, ignore_index=True).sort_values(["pos", "order"], kind="stable", ignore_index=True)
    return out


def pain_records(table: RawTable, lay: ChecklistLayout) -> pd.DataFrame:
    """One record per filled pain cell of a checklist, in the pain log's fields."""
    frame = table.frame
    parts = []
    for order, (i, (context, knee)) in enumerate(lay.pain.items()):
        cells = text(frame[i])
        filled = (cells != "").to_numpy()
        part = pd.DataFrame(
            {
                "pos": frame.index,
                "order": order,
                "line": table.lines,
                "column": table.headers[i],
                "date": text(frame[lay.date]),
                "pain": cells,
                "context": context,
                "knee": knee,
            }
        )
        if lay.athlete is not None:
            part["athlete"] = text(frame[lay.athlete])
        if lay.note is not None:
            part["note"] = text(frame[lay.note])
        parts.append(part[filled])
    if not parts:
        fields = ["pos", "order", "line", "column", "date", "pain", "context", "knee"]
        fields += [k for k, i in (("athlete", lay.athlete), ("note", lay.note)) if i is not None]
        return pd.DataFrame({f: pd.Series(dtype=object) for f in fields})
    return pd.concat(parts, ignore_index=True).sort_values(["pos", "order"], kind="stable", ignore_index=True)
