"""One validation report from the rows the loaders set aside (``errors="report"``).

>>> log = kc.load_routine_log("routine_log.csv", errors="report")     # doctest: +SKIP
>>> kc.validation_report(log)                                          # doctest: +SKIP
"""

from __future__ import annotations

import pandas as pd

from ._checks import REJECTED_COLUMNS


def validation_report(*frames: pd.DataFrame) -> pd.DataFrame:
    """Every problem of the given frames once (a bad date on a checklist row is one problem, not one per cell):
    ``file, line, column, value, reason``, in file order."""
    parts = [f.attrs["rejected"] for f in frames if isinstance(f.attrs.get("rejected"), pd.DataFrame)]
    parts = [pd.DataFrame(p) for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=REJECTED_COLUMNS[1:])
    out = pd.concat(parts, ignore_index=True)[REJECTED_COLUMNS[1:]]
    out = out.drop_duplicates(["file", "line", "column", "reason"])
    return out.sort_values(["file", "line"], kind="stable", ignore_index=True)
