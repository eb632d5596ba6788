"""What the running exports share: telling runs from other activities, taking the first recorded of several
time columns, and setting aside what is not a run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..cells import text
from ..numbers import NOT_RECORDED
from ..read import Table
from .base import Records, from_columns, skipped

RUN_WORD = "run"  # Run, Trail Run, TrailRun, VirtualRun, Running, Treadmill Running…


def is_run(types: pd.Series, words: tuple[str, ...] = (RUN_WORD,), not_words: tuple[str, ...] = ()) -> np.ndarray:
    """Per row: whether the activity type holds one of ``words`` (and none of ``not_words``), compared as
    :func:`~kneecare_analysis.vocab.fold` leaves them; worked out once per distinct type."""
    from ...vocab import fold

    codes, names = pd.factorize(text(types), use_na_sentinel=False)
    folded = [fold(n) for n in names]
    wanted = [fold(w) for w in words]
    unwanted = [fold(w) for w in not_words]
    per_name = [any(w in f for w in wanted) and not any(w in f for w in unwanted) for f in folded]
    return np.array(per_name + [False], dtype=bool)[codes]


def recorded(series: pd.Series) -> np.ndarray:
    """Per row: whether a time or distance cell holds a value (not blank, not ``--``, not a zero)."""
    t = text(series)
    blank = (t == "") | t.str.match(NOT_RECORDED) | t.str.fullmatch(r"0+(?:[.,]0+)?|0?0:00(?::00)?(?:[.,]0+)?")
    return ~blank.to_numpy(dtype=bool)


def first_recorded(table: Table, indexes: list[int]) -> tuple[pd.Series | None, np.ndarray]:
    """The first of several columns holding a value, row by row (moving time, else the activity's time), and
    which header each row's value came from."""
    indexes = [i for i in indexes if i is not None]
    if not indexes:
        return None, np.array([], dtype=object)
    value = text(table.column(indexes[0])).to_numpy(dtype=object).copy()
    source = np.full(len(table), table.headers[indexes[0]], dtype=object)
    have = recorded(table.column(indexes[0]))
    for i in indexes[1:]:
        these = ~have & recorded(table.column(i))
        value[these] = text(table.column(i)).to_numpy(dtype=object)[these]
        source[these] = table.headers[i]
        have |= these
    return pd.Series(value, dtype=object), source


def run_records(
    table: Table,
    columns: dict,
    *,
    runs: np.ndarray,
    types: pd.Series | None,
    planned: np.ndarray | None = None,
    hints: dict | None = None,
    headers: dict | None = None,
) -> Records:
    """Records of the rows that are runs; the others set aside, by their type (``not a run``) or as a workout
    planned and not done."""
    planned = np.zeros(len(table), dtype=bool) if planned is None else planned
    keep = runs & ~planned
    kinds = text(types).to_numpy(dtype=object) if types is not None else np.full(len(table), "", dtype=object)
    other = np.flatnonzero(~runs)
    plan = np.flatnonzero(runs & planned)
    aside = pd.concat(
        [skipped(table, other, kinds[other], "not a run"), skipped(table, plan, kinds[plan], "planned, not done")],
        ignore_index=True,
    ).sort_values("line", kind="stable", ignore_index=True)
    return from_columns(table, "runs", columns, keep=keep, skipped_rows=aside, hints=hints, headers=headers)
