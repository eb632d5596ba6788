"""The table every reader returns: text cells with the line each row is on, and the rows set aside."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...errors import LogFormatError, Problem

MAX_PROBLEMS = 1000  # rows a table lists one by one as too long for its header; the rest are counted
MAX_ROWS = 5_000_000  # the most rows read at once, whatever the file type (a 1,000-athlete year is about 3 M)


def row_limit() -> int:
    """:data:`MAX_ROWS`, read when a file is read (every reader checks against it)."""
    return MAX_ROWS


def too_many_rows(name: str, rows: int | None = None) -> LogFormatError:
    """The error for a file of more rows than the kit reads at once.

    >>> too_many_rows("log.csv", 7_000_000).problems[0].expected[:62]
    'the file holds 7,000,000 rows; the kit reads up to 5,000,000 r'
    """
    holds = f"the file holds {rows:,} rows" if rows is not None else f"the file holds more than {row_limit():,} rows"
    return LogFormatError(
        f"{holds}; the kit reads up to {row_limit():,} rows at once: split it, by year or by athlete, into several "
        "files",
        file=name,
    )


@dataclass
class Table:
    """A table as read: ``frame`` has positional columns ``0..n-1`` whose headers are ``headers``; row ``i`` is on
    line ``lines[i]``. ``set_aside`` lists the lines the reader did not read as rows (blank lines, comments)
    as ``(line, what, reason)``; ``problems`` the lines it could not read (a row longer than the header).
    ``engine`` says which reader read it (``"exact"``, ``"fast"``), and ``engine_note`` why a file the fast
    engine could have read went to the exact reader."""

    name: str
    headers: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    separator: str | None = None
    problems: list[Problem] = field(default_factory=list)
    set_aside: list[tuple[int, str, str]] = field(default_factory=list)
    default_athlete: str | None = None
    raw: tuple | None = None  # (rows, lines, set_aside) as read, header row included: see :meth:`reheaded`
    engine: str = "exact"
    engine_note: str | None = None
    exact: Callable[[], Table] | None = None  # the same file read by the exact reader (a fast-read table)

    def column(self, index: int) -> pd.Series:
        return self.frame[index]

    def reheaded(self, row: int) -> Table | None:
        """The same table with its ``row``-th row (0 = the header as read) as the header, the rows above it set
        aside; ``None`` for a table with no header to move (Parquet, JSON, a DataFrame). A table the fast engine
        read is read again by the exact reader first, which keeps the raw rows."""
        if self.raw is None and self.exact is not None:
            again = self.exact()
            again.default_athlete = self.default_athlete
            again.engine_note = f"read by the exact reader: the header is on row {row + 1}, below a title"
            return again.reheaded(row)
        if self.raw is None or row >= len(self.raw[0]):
            return None
        rows, lines, set_aside = self.raw
        table = from_rows(self.name, rows, lines, separator=self.separator, set_aside=set_aside, header=row)
        table.default_athlete, table.engine, table.engine_note = self.default_athlete, self.engine, self.engine_note
        return table

    def __len__(self) -> int:
        return len(self.frame)


def from_rows(
    name: str,
    rows: list[list[str]],
    lines: list[int],
    *,
    separator: str | None = None,
    set_aside: list[tuple[int, str, str]] | None = None,
    header: int = 0,
) -> Table:
    """A table of the rows a reader kept (blank and comment lines already aside), with row ``header`` as the
    header: rows above it are set aside, a row longer than it is a problem, a shorter one is padded. Past
    :data:`MAX_PROBLEMS` such rows the rest are one problem that counts them (memory stays bounded for a file
    with a stray separator on every row).

    >>> t = from_rows("log.csv", [["date", "reps"], ["2026-03-02", "20", "x"]], [1, 2], separator=",")
    >>> t.headers, len(t), t.problems[0].expected
    (['date', 'reps'], 0, '2 fields like the header, found 3 (a separator inside an unquoted value?)')
    """
    headers = list(rows[header])
    while headers and not str(headers[-1]).strip():
        headers.pop()
    headers = [str(h).strip() for h in headers]
    n = len(headers)
    aside = [
        (line, " ".join(c for c in row if c.strip())[:60], "above the header")
        for row, line in zip(rows[:header], lines[:header], strict=True)
    ]
    body, body_lines, problems = [], [], []
    beyond, first_beyond = 0, 0  # rows too long past the first MAX_PROBLEMS: counted, not each listed
    for row, line in zip(rows[header + 1 :], lines[header + 1 :], strict=True):
        if len(row) > n and any(c.strip() for c in row[n:]):
            joined = (separator or ", ").join(row)[:60]
            expected = (
                f"{n} fields like the header, found {len(row)} (a separator inside an unquoted value?)"
                if separator
                else f"no values right of the header's {n} columns"
            )
            if len(problems) < MAX_PROBLEMS:
                problems.append(Problem(name, line, None, joined, expected))
            else:
                beyond += 1
                first_beyond = first_beyond or line
            continue
        body.append((row + [""] * n)[:n])
        body_lines.append(line)
    if beyond:
        problems.append(Problem(name, first_beyond, None, f"and {beyond:,} more rows like these", expected))
    if body:
        frame = pd.DataFrame(body, columns=range(n), dtype=object)
    else:
        frame = pd.DataFrame({i: pd.Series([], dtype=object) for i in range(n)})
    kept = sorted(aside + list(set_aside or []))
    table = Table(name, headers, frame, np.asarray(body_lines, dtype=np.int64), separator, problems, kept)
    table.raw = (rows, lines, set_aside or [])
    return table


def table_from_frame(frame: pd.DataFrame, *, name: str = "<DataFrame>") -> Table:
    """Wrap a DataFrame; its rows are numbered as lines 2, 3, … as if it had been saved with a header.

    >>> t = table_from_frame(pd.DataFrame({"date": ["2026-03-02"], "reps": ["20"]}))
    >>> t.headers, t.lines.tolist()
    (['date', 'reps'], [2])
    """
    if not isinstance(frame, pd.DataFrame):
        raise LogFormatError(f"expected a path, a list of paths, a folder or a DataFrame, got {type(frame).__name__}")
    headers = [str(c) for c in frame.columns]
    body = frame.reset_index(drop=True)
    body.columns = range(len(headers))
    return Table(name, headers, body, np.arange(2, len(body) + 2, dtype=np.int64))


def cell_text(value: object) -> str:
    """Excel and JSON cell values as the text a person would have typed.

    >>> cell_text(dt.datetime(2026, 3, 2)), cell_text(20.0), cell_text(dt.timedelta(minutes=2, seconds=5))
    ('2026-03-02', '20', '0:02:05')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if (value.hour, value.minute, value.second) != (0, 0, 0) else str(value.date())
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        total = int(round(value.total_seconds()))
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    return str(value)
