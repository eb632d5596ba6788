"""Collecting row problems while parsing, without a Python loop over good rows, and ending a load with them.

Each check adds the rows it rejects as a small frame; at the end :func:`finish` either raises one
:class:`LogFormatError` (the first 20 problems, and how many more) or keeps the rejected rows, each with its
reasons, in ``frame.attrs["rejected"]``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import MAX_LISTED, LogFormatError, Problem
from .cells import text
from .coded import Coded

REJECTED_COLUMNS = ["file", "line", "column", "value", "reason"]
SKIPPED_COLUMNS = ["file", "line", "what", "reason"]


class AttrFrame(pd.DataFrame):
    """A frame kept in another frame's ``attrs`` (rejected and skipped rows).

    pandas deep-copies ``attrs`` and compares them with ``==`` when frames are combined (``concat``,
    ``astype``); a plain DataFrame there makes those calls fail. This one is copied and compared by identity
    (``.eq()`` still compares cell by cell), and anything derived from it is a plain DataFrame.
    """

    _metadata = ["problems"]  # rejected rows: one row per problem (a rejected row may have several)

    @property
    def _constructor(self):
        return pd.DataFrame

    def __deepcopy__(self, memo=None):
        return self

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = object.__hash__


def empty_attr(columns: list[str]) -> AttrFrame:
    """An empty frame of these columns (``line`` an integer), for ``attrs``."""
    return AttrFrame({c: np.array([], dtype=np.int64 if c == "line" else object) for c in columns}, copy=False)


class RowChecks:
    """The problems found in one table's records (``lines[i]`` is record ``i``'s line in the file)."""

    def __init__(self, name: str, lines: np.ndarray, unread: list[Problem] | None = None):
        self.name = name
        self.lines = np.asarray(lines, dtype=np.int64)
        self._parts: list[pd.DataFrame] = []
        self.unread: list[Problem] = list(unread or [])
        self.files: np.ndarray | None = None  # each record's own file, in a table of many files' rows

    def add_values(self, reason: pd.Series, column, cells: Coded, shown: pd.Series | None = None) -> None:
        """Record every row whose cell's distinct value has a ``reason`` (one reason per value of ``cells``);
        ``shown`` is the text quoted for each value (default: the stripped cell)."""
        bad = reason.notna().to_numpy(dtype=bool, na_value=False)
        if not bad.any():
            return
        pos = np.flatnonzero(bad[cells.codes])
        codes = cells.codes[pos]
        shown = text(cells.values) if shown is None else shown
        self.add_at(pos, column, shown.to_numpy(dtype=object)[codes], reason.to_numpy(dtype=object)[codes])

    def add_at(self, pos: np.ndarray, column, values, reasons) -> None:
        """Record the rows at positions ``pos``; ``column`` is a header or one header per record, ``values`` and
        ``reasons`` one entry per position (or one for all; ``values`` may be the :class:`Coded` cells)."""
        pos = np.asarray(pos)
        if not len(pos):
            return
        if isinstance(column, (pd.Series, np.ndarray)):
            cols = np.asarray(column, dtype=object)[pos]
        else:
            cols = np.full(len(pos), column, dtype=object)
        if isinstance(values, Coded):
            values = text(values.values).to_numpy(dtype=object)[values.codes[pos]]
        self._parts.append(
            pd.DataFrame(
                {
                    "pos": pos,
                    "line": self.lines[pos],
                    "column": cols,
                    "value": _per_position(values, len(pos)),
                    "reason": _per_position(reasons, len(pos)),
                }
            )
        )

    def any(self) -> bool:
        return bool(self._parts)

    def keep_mask(self, n: int) -> np.ndarray:
        keep = np.ones(n, dtype=bool)
        if self._parts:
            keep[np.concatenate([p["pos"].to_numpy() for p in self._parts])] = False
        return keep

    def problems_frame(self) -> pd.DataFrame | None:
        """One row per problem (a record may have several), in file order."""
        frames = list(self._parts)
        if self.unread:
            frames.append(
                pd.DataFrame(
                    {
                        "pos": -1 - np.arange(len(self.unread)),
                        "file": [p.file or self.name for p in self.unread],
                        "line": [p.line for p in self.unread],
                        "column": [p.column for p in self.unread],
                        "value": [p.value for p in self.unread],
                        "reason": [p.expected for p in self.unread],
                    }
                )
            )
        if not frames:
            return None
        out = pd.concat(frames, ignore_index=True)
        pos = out["pos"].to_numpy()
        mine = np.asarray(self.files, dtype=object)[np.maximum(pos, 0)] if self.files is not None else self.name
        out["file"] = np.where(pos >= 0, mine, out.get("file", self.name))
        return out.sort_values(["line", "pos"], kind="stable", ignore_index=True)


def raise_or_keep(checks: list[RowChecks], *, errors: str) -> AttrFrame:
    """Raise every problem of ``checks`` (``errors="raise"``), or return the rejected rows for ``attrs``."""
    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    problems = [p for p in (c.problems_frame() for c in checks) if p is not None]
    allp = pd.concat(problems, ignore_index=True) if problems else None
    if allp is not None and errors == "raise":
        raise problems_error(allp)
    return rejected_rows(allp)


def problems_error(problems: pd.DataFrame) -> LogFormatError:
    """One error for a frame of problems (``file, line, column, value, reason``): the first
    :data:`~kneecare_analysis.errors.MAX_LISTED` listed, with how many there are in all."""
    unique = problems.drop_duplicates(["file", "line", "column", "reason"])
    return LogFormatError(
        [
            Problem(r.file, _int_or_none(r.line), _str_or_none(r.column), _str_or_none(r.value), r.reason)
            for r in unique.head(MAX_LISTED).itertuples()
        ],
        total=len(unique),
    )


def rejected_rows(allp: pd.DataFrame | None) -> AttrFrame:
    """One row per rejected record (``file, line, column, value, reason``, the reasons joined), with every
    single problem in ``.problems``."""
    if allp is None or not len(allp):
        rejected = empty_attr(REJECTED_COLUMNS)
        rejected.problems = empty_attr(REJECTED_COLUMNS)
        return rejected
    allp = allp.assign(
        detail=np.where(
            allp["column"].isna(),
            allp["reason"].astype(str),
            "column '" + allp["column"].astype(str) + "': expected " + allp["reason"].astype(str),
        )
    )
    grouped = allp.groupby(["file", "pos"], sort=False)
    first = grouped.first()
    out = pd.DataFrame(
        {
            "file": first.index.get_level_values("file"),
            "line": first["line"].to_numpy(),
            "column": first["column"].to_numpy(),
            "value": first["value"].to_numpy(),
            "reason": grouped["detail"].agg("; ".join).to_numpy(),
        }
    )
    rejected = AttrFrame(out.sort_values(["file", "line"], kind="stable", ignore_index=True))
    rejected.problems = allp[REJECTED_COLUMNS].reset_index(drop=True)
    return rejected


def _per_position(x, n: int) -> np.ndarray:
    if isinstance(x, (np.ndarray, pd.Series, list)):
        return np.asarray(x, dtype=object)
    return np.full(n, x, dtype=object)


def _int_or_none(x) -> int | None:
    return None if pd.isna(x) else int(x)


def _str_or_none(x) -> str | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else str(x)
