"""What every format module provides, and what it hands on.

A format module holds one ``FORMAT``: how to recognise its table by content (header names and their order,
the shape of values — never the file name) and how to turn the table into :class:`Records` of one kind
(``routine``, ``pain``, ``runs`` or ``questionnaires``): per record its line in the file and its cells by
field, plus the rows it sets aside on purpose (a ride in a running export, a bench press in a strength-app
export). Parsing and checking the cells is shared by all formats of a kind (``loaders/frames``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...routine import DEFAULT_ROUTINE, Routine
from ..cells import strings, text
from ..checks import SKIPPED_COLUMNS
from ..coded import Coded
from ..read import Table

KINDS = ("routine", "pain", "runs", "questionnaires")


@dataclass(frozen=True)
class Options:
    """What the caller said about the data: the routine (drill names), date order, units, names to map."""

    routine: Routine = DEFAULT_ROUTINE
    dayfirst: bool | None = None
    units: str | None = None  # runs: what an export's bare distances are in ("km" or "mi")
    tz: str | None = None  # runs: the zone Strava's UTC start times are turned into
    scale: str = "nrs"  # pain: "nrs" (0–10) or "vas100" (0–100, converted)
    drills: Mapping[str, str] = field(default_factory=dict)  # the user's exercise names → drill ids
    columns: Mapping[str, str] = field(default_factory=dict)  # a field → the header that holds it
    run_types: tuple[str, ...] = ()  # runs: an export's activity types that are running, in the file's own words


@dataclass(frozen=True)
class Claim:
    """Whether a table is a format's; ``missing`` says what it lacks when it is not."""

    fits: bool
    missing: str = ""


@dataclass
class Records:
    """One kind of record read from a table: ``cells[field]`` per record, ``columns[field]`` the header a
    message names (one, or one per record), ``lines`` each record's line, ``skipped`` the rows set aside on
    purpose (``file, line, what, reason``), ``hints`` what the format knows of its values (units, scales)."""

    kind: str
    table: Table
    lines: np.ndarray
    cells: dict[str, Coded]
    columns: dict[str, object]
    skipped: pd.DataFrame | None
    hints: dict[str, object] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)


@dataclass(frozen=True)
class Format:
    """A format: ``recognise(table, options)`` says whether a table is this format's; ``read(table, kind,
    options)`` makes its records of ``kind``. ``export`` marks an app's own export, known by its own headers,
    which wins over the generic layouts a person keeps by hand."""

    name: str
    title: str
    kinds: tuple[str, ...]
    export: bool
    recognise: Callable[[Table, Options], Claim]
    read: Callable[[Table, str, Options], Records]


def skipped(table: Table, positions, what, reason) -> pd.DataFrame:
    """The rows at ``positions`` set aside on purpose: ``what`` they were (one text or one per row) and why."""
    positions = np.asarray(positions, dtype=np.int64)
    n = len(positions)
    return pd.DataFrame(
        {
            "file": table.name,
            "line": table.lines[positions],
            "what": np.broadcast_to(np.asarray(what, dtype=object), (n,)) if n else np.array([], dtype=object),
            "reason": np.broadcast_to(np.asarray(reason, dtype=object), (n,)) if n else np.array([], dtype=object),
        },
        columns=SKIPPED_COLUMNS,
    )


def summary_rows(table: Table, date: int) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows that sum up the others, set aside rather than read: a summary word in the date cell (``Total``,
    ``Average``, ``Summe``… in ``words/summary.toml``), or a row below the last dated row, without a date, whose
    figures are each its column's total, mean or count of entries. (A row without a date whose figures are
    not totals is an entry with its date forgotten: it stays, and is reported.) Returns the rows to keep and
    those set aside."""
    from ...vocab import fold, words

    cells = Coded.of(table.column(date))  # decided once per distinct date cell
    distinct = strings(cells.values)
    summary = set(words("summary")["words"])
    worded_values = np.array([fold(d) in summary or fold(d).split(" ")[0] in summary for d in distinct], dtype=bool)
    blank_values = np.array([not d for d in distinct], dtype=bool)
    if not worded_values.any() and not blank_values.any():
        return np.ones(len(table), dtype=bool), None
    worded, blank = cells.take(worded_values), cells.take(blank_values)
    dated = np.flatnonzero(~blank & ~worded)
    below = np.zeros(len(table), dtype=bool)
    if len(dated):
        for row in np.flatnonzero(blank[dated[-1] + 1 :]) + dated[-1] + 1:
            below[row] = _totals(table, row, dated)
    aside = np.flatnonzero(worded | below)
    if not len(aside):
        return np.ones(len(table), dtype=bool), None
    what = np.asarray(distinct, dtype=object)[cells.codes[aside]]
    reasons = np.where(worded[aside], "a summary row", "a total row below the data (no date)")
    return ~(worded | below), skipped(table, aside, what, reasons)


def _totals(table: Table, row: int, dated: np.ndarray) -> bool:
    """Whether each figure of ``row`` is the total, mean or count of entries of its column over ``dated``."""
    found = False
    for column in table.frame.columns:
        cells = text(table.column(column))
        cell = cells.iloc[row]
        if not cell:
            continue
        value = pd.to_numeric(cell.replace(",", "."), errors="coerce")
        if pd.isna(value) or not np.isfinite(value):  # "1e999" is no total
            return False
        above = cells.iloc[dated]
        numbers = pd.to_numeric(above.str.replace(",", ".", regex=False), errors="coerce")
        numbers = numbers[np.isfinite(numbers)]
        if len(numbers):
            candidates = [numbers.sum(), numbers.mean()]
        else:  # a column of ticks: its total counts them
            candidates = [(above != "").sum()]
        if not any(abs(value - c) <= 0.01 * max(1.0, abs(c)) for c in candidates if not pd.isna(c)):
            return False
        found = True
    return found


def from_columns(
    table: Table,
    kind: str,
    columns: Mapping[str, int | pd.Series],
    *,
    keep: np.ndarray | None = None,
    skipped_rows: pd.DataFrame | None = None,
    hints: dict | None = None,
    headers: Mapping[str, object] | None = None,
) -> Records:
    """Records of the rows ``keep`` (a mask; default all), a field per column: an index into the table or a
    Series built by the format. ``headers`` names a field's column where it is not the table's own."""
    rows = None if keep is None or np.all(keep) else np.asarray(keep, dtype=bool)
    cells, shown = {}, {}
    for name, col in columns.items():
        series = table.column(col) if isinstance(col, (int, np.integer)) else col
        coded = Coded.of(series)
        cells[name] = coded if rows is None else coded.subset(rows)
        shown[name] = table.headers[col] if isinstance(col, (int, np.integer)) else name
    for name, header in (headers or {}).items():
        is_rows = rows is not None and isinstance(header, np.ndarray) and len(header) == len(rows)
        shown[name] = header[rows] if is_rows else header
    lines = table.lines if rows is None else table.lines[rows]
    return Records(kind, table, lines, cells, shown, skipped_rows, dict(hints or {}))
