"""The daily checklist a runner keeps: one row a day, one column per drill (and side), ticks or amounts.

A header is a drill alias, then optionally a side (``L``, ``R``, ``left``, ``right``…: the kit's one table of
side words), then optionally a unit in brackets (``(reps)``, ``(s)``, ``(sec)``, ``(min)``); these words are
data, in ``words/checklist.toml`` and ``words/answers.toml``. A cell holds an amount, or a tick (``x``, ``✓``, ``yes``…;
``1`` in a column of ticks) for the target; blank is not done. ``Knee pain``-like columns hold pain scores (a
context in the header, e.g. ``Morning pain``, is kept) and ``Notes`` the day's note. One routine record per
filled drill cell, one pain record per filled pain cell.

>>> parse_drill_header("Couch stretch R (s)", DEFAULT_ROUTINE)
('couch_stretch', 'right', 'seconds')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...errors import LogFormatError, Problem
from ...routine import DEFAULT_ROUTINE, Routine
from ...vocab import column_key, side_words, split_side, word_key, words
from ..cells import text
from ..coded import Coded
from ..headers import roles
from ..read import Table
from .base import Claim, Format, Options, Records, skipped, summary_rows

_BRACKETS = re.compile(r"[\(\[]([^\)\]]*)[\)\]]")


@functools.cache
def _header_words() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """The checklist's unit words (word → ``reps``, ``seconds`` or ``minutes``), ignored column keys and filler
    words in brackets, from ``words/checklist.toml``."""
    table = words("checklist")
    units = {word: unit for unit, names in table["unit"].items() for word in names}
    return units, frozenset(table["ignored"]), frozenset(table["filler"])


def parse_drill_header(header: str, routine: Routine = DEFAULT_ROUTINE) -> tuple[str, str, str | None] | None:
    """``(drill, side, unit)`` a checklist header names, or ``None`` when it names no drill."""
    units, _, filler = _header_words()
    sides = side_words()
    side, unit = "both", None
    for inner in _BRACKETS.findall(header):
        key = word_key(inner)
        if not key:
            continue
        if key in units:
            unit = units[key]
            continue
        if key in sides:
            side = sides[key]
            continue
        for token in re.split(r"[,;/ ]+", key):
            if token in sides:
                side = sides[token]
            elif token in units:
                unit = units[token]
            elif token not in filler:
                return None
    parts = word_key(_BRACKETS.sub(" ", header)).split()
    if len(parts) > 1 and parts[-1] in units and routine.resolve(split_side(" ".join(parts[:-1]))[0]):
        unit = units[parts.pop()]
    name, named = split_side(" ".join(parts))
    drill = routine.resolve(name) if name else None
    return None if drill is None else (drill, named or side, unit)


def pain_header(header: str) -> tuple[str, str] | None:
    """``(context, knee)`` of a pain column header such as ``Knee pain``, ``Morning pain`` or ``Pain L``."""
    key = word_key(_BRACKETS.sub(" ", header))
    if "pain" not in key.split():
        return None
    context = "unspecified"
    table = words("answers")["context"]
    for phrase in sorted(table, key=len, reverse=True):
        if phrase and len(phrase) > 2 and re.search(rf"\b{re.escape(phrase)}\b", key):
            context = table[phrase]
            break
    return context, split_side(key)[1] or "unspecified"


@dataclass
class Layout:
    date: int
    athlete: int | None = None
    note: int | None = None
    drills: dict[int, tuple[str, str, str | None]] = field(default_factory=dict)
    pain: dict[int, tuple[str, str]] = field(default_factory=dict)


def recognise(table: Table, options: Options) -> Claim:
    keys = {column_key(h) for h in table.headers}
    if keys & roles("routine")["drill"]:
        return Claim(False, "no 'drill' column (a checklist has one column per drill)")
    if any(parse_drill_header(h, options.routine) for h in table.headers):
        return Claim(True)
    return Claim(False, "a column per drill, such as 'Clamshell L' or 'Couch stretch R (s)'")


def layout(table: Table, routine: Routine) -> Layout:
    """Classify every column; a column that is none of date, athlete, note, pain or a drill is an error (unless
    it is empty or a weekday/week column), so no filled cell is skipped silently."""
    common = roles("routine")
    date = athlete = note = None
    drills: dict[int, tuple[str, str, str | None]] = {}
    pains: dict[int, tuple[str, str]] = {}
    problems: list[Problem] = []
    for i, header in enumerate(table.headers):
        key = column_key(header)
        if (key in common["date"] or key in common["timestamp"]) and date is None:
            date = i
        elif key in common["athlete"] and athlete is None:
            athlete = i
        elif key in common["note"] and note is None:
            note = i
        elif (parsed := parse_drill_header(header, routine)) is not None:
            drill = routine.drill(parsed[0])
            if drill.kind == "timed" and parsed[2] == "reps":
                problems.append(
                    Problem(table.name, None, header, None, f"a time unit, (s) or (min): {drill.id} is timed")
                )
            elif drill.kind == "reps" and parsed[2] in ("seconds", "minutes"):
                problems.append(Problem(table.name, None, header, None, f"(reps) or no unit: {drill.id} counts reps"))
            drills[i] = parsed
        elif (p := pain_header(header)) is not None:
            pains[i] = p
        elif key in _header_words()[1] or not (text(table.column(i)) != "").any():
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
    return Layout(date=date, athlete=athlete, note=note, drills=drills, pain=pains)


def read(table: Table, kind: str, options: Options) -> Records:
    lay = layout(table, options.routine)
    frame = table.frame
    keep, summaries = summary_rows(table, lay.date)
    base = {"date": text(frame[lay.date])}
    if lay.athlete is not None:
        base["athlete"] = text(frame[lay.athlete])
    if lay.note is not None:
        base["note"] = text(frame[lay.note])
    parts = []
    yes_words, no_words = set(words("answers")["tick"]["yes"]), set(words("answers")["tick"]["no"])
    columns = lay.drills if kind == "routine" else lay.pain
    for order, (i, meaning) in enumerate(columns.items()):
        cells = text(frame[i])
        filled = (cells != "").to_numpy() & keep
        if not filled.any():
            continue
        part = {"pos": np.flatnonzero(filled), "order": order, "column": table.headers[i]}
        part.update({k: v.to_numpy(dtype=object)[filled] for k, v in base.items()})
        if kind == "routine":
            drill_id, side, unit = meaning
            drill = options.routine.drill(drill_id)
            low = cells[filled].str.lower()
            tick_column = unit is None and low.isin(yes_words | no_words | {"0", "1"}).all()
            yes = (low.isin(yes_words) | (tick_column & (low == "1"))).to_numpy()
            no = (low.isin(no_words) | (tick_column & (low == "0"))).to_numpy()
            amount = np.where(yes, f"{drill.target:g}", np.where(no, "0", cells[filled].to_numpy(dtype=object)))
            field_name = "reps" if drill.kind == "reps" else "minutes" if unit == "minutes" else "seconds"
            if field_name == "minutes":  # a tick is the target, in seconds
                part["seconds"] = np.where(yes | no, amount, "")
                part["minutes"] = np.where(yes | no, "", amount)
            else:
                part[field_name] = amount
            part.update(drill=drill_id, side=side)
        else:
            context, knee = meaning
            part.update(pain=cells[filled].to_numpy(dtype=object), context=context, knee=knee)
        parts.append(pd.DataFrame(part))
    fields = ["date", "athlete", "note"] + (
        ["drill", "side", "reps", "seconds", "minutes"] if kind == "routine" else ["pain", "context", "knee"]
    )
    if parts:
        out = pd.concat(parts, ignore_index=True).sort_values(["pos", "order"], kind="stable", ignore_index=True)
    else:
        out = pd.DataFrame({f: pd.Series(dtype=object) for f in ["pos", "column", *fields]})
    present = [f for f in fields if f in out]
    cells = {f: Coded.of(out[f].fillna("") if f in ("reps", "seconds", "minutes") else out[f]) for f in present}
    shown = {f: out["column"].to_numpy(dtype=object) for f in present}
    shown["date"] = table.headers[lay.date]
    if lay.athlete is not None:
        shown["athlete"] = table.headers[lay.athlete]
    if lay.note is not None:
        shown["note"] = table.headers[lay.note]
    pos = out["pos"].to_numpy(dtype=np.int64)
    empty_rows = np.setdiff1d(np.flatnonzero(keep), pos)
    what = "a day without a drill entry" if kind == "routine" else "a day without a pain score"
    aside = pd.concat([skipped(table, empty_rows, "", what), summaries], ignore_index=True)
    return Records(kind, table, table.lines[pos], cells, shown, aside, {"all_dates": base["date"]})


FORMAT = Format(
    name="checklist",
    title="a daily checklist (one row a day, a column per drill)",
    kinds=("routine", "pain"),
    export=False,
    recognise=recognise,
    read=read,
)
