"""Collecting row problems while parsing, without a Python loop over good rows.

Each check adds the rows it rejects as a small frame; at the end the loader either raises one
:class:`LogFormatError` (the first 20 problems, and how many more) or returns the rejected records with their
reasons in ``frame.attrs["rejected"]``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import MAX_LISTED, LogFormatError, Problem
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
        """Record every row whose ``reason`` is set; ``column`` and ``values`` name the cell."""
        bad = reason.notna().to_numpy(dtype=bool, na_value=False)
        if not bad.any():
            return
        pos = np.flatnonzero(bad)
        if isinstance(column, pd.Series):
            cols = column.iloc[pos].to_numpy(dtype=object)
        else:
            cols = np.full(len(pos), column, dtype=object)
        if isinstance(values, pd.Series):
            vals = text(values.iloc[pos]).to_numpy(dtype=object)
        else:
            vals = np.full(len(pos), values, dtype=object)
        self._parts.append(
            pd.DataFrame(
                {
                    "pos": pos,
                    "line": self.lines[pos],
                    "column": cols,
                    "value": vals,
                    "reason": reason.iloc[pos].to_numpy(dtype=object),
                }
            )
        )

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
    out = pd.concat(nonempty, ignore_index=True) if nonempty else frames[0].iloc[:0] if frames else None
    if out is None:
        out = pd.DataFrame(columns=columns)
    out.attrs["rejected"] = _rejected(allp)
    return out


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


def _int_or_none(x) -> int | None:
    return None if pd.isna(x) else int(x)


def _str_or_none(x) -> str | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else str(x)
