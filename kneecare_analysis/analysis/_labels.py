"""Readable flag text from boolean columns."""

from __future__ import annotations

import pandas as pd


def join_labels(pairs: list[tuple[pd.Series, str]], index: pd.Index) -> pd.Series:
    """``"a; b"`` for the rows where masks ``a`` and ``b`` are true, ``""`` where none is."""
    text = pd.Series("", index=index, dtype=object)
    for mask, label in pairs:
        hit = mask.to_numpy(dtype=bool)
        text = text.mask(hit, text.where(text == "", text + "; ") + label)
    return text
