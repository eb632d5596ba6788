"""One validation report from the rows the loaders set aside as problems (``errors="report"``).

>>> import kneecare_analysis as kc
>>> log = kc.load_routine_log(kc.paths.SAMPLE_DIR / "checklist", errors="report")
>>> len(kc.validation_report(log))
2
"""

from __future__ import annotations

import pandas as pd

from .checks import REJECTED_COLUMNS


def validation_report(*frames: pd.DataFrame) -> pd.DataFrame:
    """Every problem of loaded frames once, in file order: what to fix, where.

    Parameters
    ----------
    *frames : DataFrame
        Frames loaded with ``errors="report"`` (their ``attrs["rejected"]``).

    Returns
    -------
    DataFrame
        ``file``, ``line``, ``column``, ``value``, ``reason`` (what was expected): each problem of a row on its
        own line, a bad date of a checklist row once, not once per cell.

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> folder = kc.paths.SAMPLE_DIR / "checklist"
    >>> log = kc.load_routine_log(folder, errors="report")
    >>> print(kc.validation_report(log)[["line", "column", "value"]].to_string(index=False))
     line           column      value
        7 Hip abductions R         2O
       13             Date 31/04/2026
    """
    parts = []
    for frame in frames:
        rejected = frame.attrs.get("rejected")
        problems = getattr(rejected, "problems", None)
        if problems is not None and len(problems):
            parts.append(problems)
        elif isinstance(rejected, pd.DataFrame) and len(rejected):  # rejected rows kept from elsewhere
            parts.append(pd.DataFrame(rejected)[REJECTED_COLUMNS])
    if not parts:
        return pd.DataFrame(columns=REJECTED_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[REJECTED_COLUMNS]
    out = out.drop_duplicates(["file", "line", "column", "reason"])
    return out.sort_values(["file", "line"], kind="stable", ignore_index=True)
