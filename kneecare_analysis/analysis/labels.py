"""Readable flag text from boolean columns.

>>> import pandas as pd
>>> high, rise = pd.Series([True, False, True]), pd.Series([True, False, False])
>>> join_labels([(high, "pain high"), (rise, "pain up")], high.index).tolist()
['pain high; pain up', '', 'pain high']
"""

from __future__ import annotations

import pandas as pd


def join_labels(pairs: list[tuple[pd.Series, str]], index: pd.Index) -> pd.Series:
    """The labels of the masks that are true in each row, joined by ``"; "`` (``""`` where none is).

    Parameters
    ----------
    pairs : list of (boolean Series, str)
        Each mask and the words for it, in the order they are to be read.
    index : Index
        The rows.

    Returns
    -------
    Series of str

    Examples
    --------
    >>> import pandas as pd
    >>> join_labels([(pd.Series([True, False]), "over 5/10")], pd.RangeIndex(2)).tolist()
    ['over 5/10', '']
    """
    text = pd.Series("", index=index, dtype=object)
    for mask, label in pairs:
        hit = mask.to_numpy(dtype=bool)
        text = text.mask(hit, text.where(text == "", text + "; ") + label)
    return text
