"""Questionnaire answers of any format → ``athlete, date, instrument, item, answer, note, file, line``.

Each answer is checked against its instrument (:mod:`kneecare_analysis.instruments`): the instrument must be
known, the item one of its items, the answer one of that item's options (AKPS, KOOS-PF: its position, 0 for
the first) or in its range (PSFS 0–10, GROC −7…+7). An item answered twice for the same day is kept once: the
second answer is rejected, naming the line of the first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...instruments import INSTRUMENTS, instrument_names
from ..cells import STRING, parse_words, sort_rows
from ..checks import RowChecks
from ..formats.base import Options, Records
from ..numbers import read_numbers
from .common import athletes, categorical, cells, coded_in, dates, masked, optional_text, origin, typed

COLUMNS = ["athlete", "date", "instrument", "item", "answer", "note", "file", "line"]
IDS = list(INSTRUMENTS)
INSTRUMENT_EXPECTED = "an instrument: " + ", ".join(IDS)


def build(records: Records, options: Options, chk: RowChecks) -> pd.DataFrame:
    """The typed frame of ``records``; the problems of each record go into ``chk``."""
    n = len(records)
    header = records.columns
    sep = records.table.separator
    day = dates(records, chk, dayfirst=options.dayfirst)

    inst_cells = cells(records, "instrument")
    found, why = parse_words(inst_cells.values, instrument_names(), what=INSTRUMENT_EXPECTED)
    chk.add_values(why, header.get("instrument", "instrument"), inst_cells)
    code = inst_cells.take(coded_in(found, IDS))

    item_cells = cells(records, "item")
    item_numbers = read_numbers(item_cells.values, separator=sep, what="an item number (1, 2, …)")
    item = item_cells.take(item_numbers.value)
    answer_cells = cells(records, "answer")
    answer_numbers = read_numbers(answer_cells.values, separator=sep, what="an answer (a whole number)")
    answer = answer_cells.take(answer_numbers.value)

    known = code >= 0
    count = np.array([len(INSTRUMENTS[i].items) for i in IDS])[np.where(known, code, 0)]
    item_ok = known & ~np.isnan(item) & (item == np.round(item)) & (item >= 1) & (item <= count)
    bad_item = np.flatnonzero(known & ~item_ok)
    chk.add_at(
        bad_item,
        header.get("item", "item"),
        item_cells,
        [f"an item of {INSTRUMENTS[IDS[code[i]]].short}: 1 to {count[i]}" for i in bad_item],
    )
    ranges = {
        (c, k): INSTRUMENTS[i].answer_range(k)
        for c, i in enumerate(IDS)
        for k in range(1, len(INSTRUMENTS[i].items) + 1)
    }
    bad_answer, reasons = [], []
    for i in np.flatnonzero(item_ok):
        low, high = ranges[(int(code[i]), int(item[i]))]
        a = answer[i]
        if np.isnan(a) or a != round(a) or not low <= a <= high:
            inst = INSTRUMENTS[IDS[code[i]]]
            if inst.answers is None:
                options_ = inst.items[int(item[i]) - 1].options
                what = f"an option of {inst.short} item {int(item[i])}: 0 to {high} ({', '.join(options_)})"
            else:
                what = f"a {inst.short} answer from {low} to {high}"
            bad_answer.append(i)
            reasons.append(what)
    chk.add_at(np.array(bad_answer, dtype=np.int64), header.get("answer", "answer"), answer_cells, reasons)

    who = athletes(cells(records, "athlete"), default=records.table.default_athlete)
    frame = pd.DataFrame(
        {
            "athlete": who,
            "date": day,
            "instrument": categorical(code.astype(np.int16), IDS),
            "item": masked(np.where(item_ok, item, np.nan), whole=True),
            "answer": masked(answer, whole=True),
            "note": optional_text(cells(records, "note")),
            **origin(records),
        },
        copy=False,
    )
    _twice(frame, chk, header.get("item", "item"))
    return frame[chk.keep_mask(n)] if chk.any() else frame


def _twice(frame: pd.DataFrame, chk: RowChecks, column) -> None:
    """An item answered again for the same athlete, day and instrument: the later row is rejected."""
    key = ["athlete", "date", "instrument", "item"]
    again = frame.duplicated(key, keep="first").to_numpy() & frame["item"].notna().to_numpy()
    if not again.any():
        return
    first_line = frame.groupby(key, observed=True, dropna=False)["line"].transform("first").to_numpy()
    pos = np.flatnonzero(again)
    chk.add_at(
        pos,
        column,
        frame["item"].astype(str).to_numpy()[pos],
        [f"one answer per item and day: line {first_line[i]} answers it already" for i in pos],
    )


def tidy(frame: pd.DataFrame, options: Options) -> pd.DataFrame:
    """Column order, dtypes and order of rows (athlete, date, file order)."""
    out = typed(
        frame,
        {
            "athlete": None,
            "date": np.dtype("datetime64[ns]"),
            "instrument": pd.CategoricalDtype(IDS),
            "item": pd.Int64Dtype(),
            "answer": pd.Int64Dtype(),
            "note": STRING,
            "file": None,
            "line": np.dtype("int64"),
        },
    )
    return sort_rows(out, ["athlete", "date"])
