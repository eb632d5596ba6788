"""Collecting row problems while parsing, without a Python loop over good rows.

Each check adds the rows it rejects as a small frame; at the end the loader either raises one
:class:`LogFormatError` (the first 20 problems, and how many more) or returns the rejected records with their
reasons in ``frame.attrs["rejected"]``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import MAX_LISTED, LogFormatError, Problem
from ._coded import Coded
from ._parse import text

REJECTED_COLUMNS = ["source", "file", "line", "column", "value", "reason"]


class RejectedRows(pd.DataFrame):
    """The rejected records kept at ``frame.attrs["rejected"]``: a DataFrame that pandas can carry in ``attrs``.

    pandas deep-copies ``attrs`` and compares them with ``==`` when frames are combined (``concat``,
    ``astype``); a plain DataFrame there makes those calls fail. This one is copied and compared by identity
    (``.eq()`` still compares cell by cell), and anything derived from it is a plain DataFrame.
    """

    _metadata = ["problems"]  # one row per problem (a rejected row may have several): file, line, column…

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


class RowChecks:
    """The problems found in one table's records (``lines[i]`` is record ``i``'s line in the file)."""

    def __init__(self, name: str, lines: np.ndarray):
        self.name = name
        self.lines = np.asarray(lines, dtype=np.int64)
        self._parts: list[pd.DataFrame] = []
        self.unread: list[Problem] = []

    def add(self, reason: pd.Series, column: str | pd.Series, values: pd.Series | str | None) -> None:
        """Record every row whose ``reason`` is set (one reason per row); ``column`` and ``values`` name the cell."""
        bad = reason.notna().to_numpy(dtype=bool, na_value=False)
        if not bad.any():
            return
        pos = np.flatnonzero(bad)
        if isinstance(values, pd.Series):
            values = text(values.iloc[pos]).to_numpy(dtype=object)
        self.add_at(pos, column, values, reason.iloc[pos].to_numpy(dtype=object))

    def add_values(self, reason: pd.Series, column: str | pd.Series, cells: Coded, shown: pd.Series | None = None):
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
        """Record the rows at positions ``pos``; ``column`` is a header or one header per row of the table,
        ``values`` and ``reasons`` one entry per position (or one for all)."""
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
        """Whether any record has a problem."""
        return bool(self._parts)

    def rejected(self) -> np.ndarray:
        """Positions of the records with at least one problem."""
        if not self._parts:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate([p["pos"].to_numpy() for p in self._parts]))

    def keep_mask(self, n: int) -> np.ndarray:
        keep = np.ones(n, dtype=bool)
        keep[self.rejected()] = False
        return keep

    def problems_frame(self) -> pd.DataFrame:
        """One row per problem (a record may have several), in file order."""
        frames = list(self._parts)
        if self.unread:
            frames.append(
                pd.DataFrame(
                    {
                        "pos": -1 - np.arange(len(self.unread)),
                        "line": [p.line for p in self.unread],
                        "column": [p.column for p in self.unread],
                        "value": [p.value for p in self.unread],
                        "reason": [p.expected for p in self.unread],
                    }
                )
            )
        if not frames:
            return pd.DataFrame(columns=["pos", "line", "column", "value", "reason", "file"])
        out = pd.concat(frames, ignore_index=True)
        out["file"] = self.name
        return out.sort_values(["line", "pos"], kind="stable", ignore_index=True)


def finish(frames: list[pd.DataFrame], checks: list[RowChecks], *, errors: str, columns: list[str]) -> pd.DataFrame:
    """Concatenate the good records; raise, or attach the rejected ones, as ``errors`` says."""
    if errors not in ("raise", "report"):
        raise ValueError("errors must be 'raise' or 'report'")
    problems = [c.problems_frame() for c in checks]
    problems = [p for p in problems if len(p)]
    allp = pd.concat(problems, ignore_index=True) if problems else None
    if allp is not None and errors == "raise":
        listed = allp.drop_duplicates(["file", "line", "column", "reason"]).head(MAX_LISTED)
        total = len(allp.drop_duplicates(["file", "line", "column", "reason"]))
        raise LogFormatError(
            [
                Problem(r.file, _int_or_none(r.line), _str_or_none(r.column), _str_or_none(r.value), r.reason)
                for r in listed.itertuples()
            ],
            total=total,
        )
    nonempty = [f for f in frames if len(f)]
    out = concat(nonempty) if nonempty else frames[0].iloc[:0] if frames else None
    if out is None:
        out = pd.DataFrame(columns=columns)
    out.attrs["rejected"] = _rejected(allp)
    return out


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat`` that keeps categorical columns categorical when the frames' categories differ (one
    athlete per file): the categories are united first, so no column falls back to millions of strings."""
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    frames = list(frames)
    for column in frames[0].columns:
        dtypes = [f[column].dtype for f in frames]
        if not all(isinstance(d, pd.CategoricalDtype) for d in dtypes) or all(d == dtypes[0] for d in dtypes):
            continue
        categories = pd.Index(pd.unique(np.concatenate([np.asarray(d.categories, dtype=object) for d in dtypes])))
        frames = [f.assign(**{column: f[column].cat.set_categories(categories)}) for f in frames]
    return pd.concat(frames, ignore_index=True)


def _rejected(allp: pd.DataFrame | None) -> pd.DataFrame:
    if allp is None:
        rejected = RejectedRows({c: pd.Series(dtype=object) for c in REJECTED_COLUMNS})
        rejected.problems = pd.DataFrame(columns=["file", "line", "column", "value", "reason"])
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
    out.insert(0, "source", out["file"].astype(str) + ":" + out["line"].astype("Int64").astype(str))
    rejected = RejectedRows(out.sort_values(["file", "line"], kind="stable", ignore_index=True))
    rejected.problems = allp[["file", "line", "column", "value", "reason"]].reset_index(drop=True)
    return rejected


def _per_position(x, n: int) -> np.ndarray:
    if isinstance(x, (np.ndarray, pd.Series, list)):
        return np.asarray(x, dtype=object)
    return np.full(n, x, dtype=object)


def _int_or_none(x) -> int | None:
    return None if pd.isna(x) else int(x)


def _str_or_none(x) -> str | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else str(x)
