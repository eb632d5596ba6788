"""JSON lines (one object per line) and JSON arrays of records: the fields of all records are the columns.

>>> t = parse('{"date": "2026-03-02", "reps": 20}\\n\\n{"date": "2026-03-03", "side": "L"}\\n', "log.jsonl")
>>> t.headers, t.lines.tolist(), t.frame.values.tolist()
(['date', 'reps', 'side'], [1, 3], [['2026-03-02', '20', ''], ['2026-03-03', '', 'L']])
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ...errors import LogFormatError, Problem
from .table import Table, cell_text, from_rows
from .text import decode_text

SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
MAX_BYTES = 400 * 1024 * 1024


def read(path: Path, name: str) -> list[Table]:
    """The file as one table."""
    return [parse(decode_text(path.read_bytes(), name), name)]


def hostile(exc: RecursionError | ValueError) -> str:
    """What was expected of JSON too deeply nested, or holding a number too long, to be read.

    >>> hostile(RecursionError("maximum recursion depth exceeded"))
    'JSON nested less deeply (no log nests objects or lists more than a few levels)'
    """
    if isinstance(exc, RecursionError):
        return "JSON nested less deeply (no log nests objects or lists more than a few levels)"
    return f"numbers of at most {sys.get_int_max_str_digits() or 4300:,} digits (a number on the line is longer)"


def _record(line: str) -> dict | str:
    """The JSON object on a line, or what was expected of the line."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"one JSON object on the line ({exc.msg})"
    except (RecursionError, ValueError) as exc:
        return hostile(exc)
    return item if isinstance(item, dict) else "one JSON object on the line"


def parse(text: str, name: str) -> Table:
    """JSON lines (or one JSON array of records) to a table; each record's line is its line in the file."""
    stripped = text.strip()
    if not stripped:
        raise LogFormatError("the file is empty: expected one JSON object per line", file=name)
    records: list[tuple[int, dict]] = []
    problems: list[Problem] = []
    set_aside: list[tuple[int, str, str]] = []
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise LogFormatError([Problem(name, exc.lineno, None, None, f"valid JSON ({exc.msg})")]) from None
        except (RecursionError, ValueError) as exc:
            raise LogFormatError([Problem(name, 1, None, None, hostile(exc))]) from None
        for i, item in enumerate(data, start=1):
            if isinstance(item, dict):
                records.append((i, item))
            else:
                problems.append(Problem(name, i, None, str(item)[:60], "a JSON object (record) per entry"))
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                set_aside.append((number, "", "a blank line"))
                continue
            item = _record(line)
            if isinstance(item, str):
                problems.append(Problem(name, number, None, line[:60], item))
            else:
                records.append((number, item))
    headers: list[str] = []
    for _, item in records:
        for key in item:
            if key not in headers:
                headers.append(key)
    if not headers and not problems:
        raise LogFormatError("no records in the file", file=name)
    rows = [[cell_text(item.get(h)) for h in headers] for _, item in records]
    table = from_rows(name, [headers, *rows], [0] + [n for n, _ in records], set_aside=set_aside)
    table.problems, table.raw = problems, None  # JSON records carry their own field names: no header to find
    return table
