"""Questionnaire scores, each against the athlete's first score on the same instrument.

Scoring follows each published instrument (:mod:`kneecare_analysis.instruments` holds the items, points and
sources): AKPS sums the chosen options' points (0–100, all 13 items needed); KOOS-PF is 100 − mean answer × 25
(at least 6 of its 11 items); PSFS the mean of up to 3 activities (0–10); GROC its one answer (−7 … +7).
Higher is better on all four. A change counts as ``meaningful`` when it improves on the baseline by at least
the instrument's minimal important change (AKPS 10, KOOS-PF 16.4, PSFS 2). A GROC rates the change itself: it
has no baseline, change or threshold (NA, and the ``note`` says why).

>>> answers = pd.DataFrame({"athlete": "me", "date": pd.to_datetime(["2026-03-02"] * 3 + ["2026-04-13"] * 3),
...                         "instrument": "psfs", "item": [1, 2, 3] * 2, "answer": [3, 4, 5, 6, 7, 5]})
>>> scores = score_questionnaires(answers)
>>> scores[["score", "change", "meaningful"]].values.tolist()
[[4.0, 0.0, False], [6.0, 2.0, True]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..instruments import INSTRUMENTS
from .inputs import ANSWERS, check_frame

COLUMNS = [
    "athlete",
    "date",
    "instrument",
    "score",
    "items_answered",
    "baseline",
    "change",
    "meaningful",
    "mic",
    "note",
]


def score_questionnaires(answers: pd.DataFrame) -> pd.DataFrame:
    """The score of every questionnaire answered, against the athlete's first and the change that matters.

    Parameters
    ----------
    answers : DataFrame
        :func:`kneecare_analysis.load_questionnaires`'s frame: ``athlete, date, instrument, item, answer``.

    Returns
    -------
    DataFrame
        One row per athlete, date and instrument: ``athlete``, ``date``, ``instrument``, ``score``,
        ``items_answered`` (distinct items), ``baseline`` (the athlete's first score on it), ``change`` (score −
        baseline), ``meaningful`` (change ≥ ``mic``, the minimal important change; NA without one), ``mic``
        and ``note`` (why a score or a verdict is missing).

    Examples
    --------
    >>> import kneecare_analysis as kc
    >>> answers = kc.load_questionnaires(kc.paths.SAMPLE_DIR / "runner")
    >>> scores = kc.score_questionnaires(answers).round({"score": 1})
    >>> scores[["date", "instrument", "score", "change", "meaningful"]].head(4)
            date instrument  score  change  meaningful
    0 2026-03-04       akps   76.0     0.0       False
    1 2026-03-04    koos_pf   47.7     0.0       False
    2 2026-03-04       psfs    4.0     0.0       False
    3 2026-04-15       akps   88.0    12.0        True
    """
    if isinstance(answers, pd.DataFrame) and answers.empty:  # a folder without questionnaires: no scores
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    check_frame(answers, ANSWERS, by="score_questionnaires")
    a = pd.DataFrame(
        {
            "athlete": answers["athlete"].astype(str).to_numpy(),
            "date": pd.to_datetime(answers["date"]).dt.normalize().to_numpy(),
            "instrument": answers["instrument"].astype(str).to_numpy(),
            "item": pd.to_numeric(answers["item"]).astype(int).to_numpy(),
            "answer": pd.to_numeric(answers["answer"]).astype(float).to_numpy(),
        }
    )
    unknown = sorted(set(a["instrument"]) - set(INSTRUMENTS))
    if unknown:
        raise ValueError(f"unknown instruments {unknown}; instruments: {', '.join(INSTRUMENTS)}")
    points = {
        (key, n, float(answer)): p
        for key, inst in INSTRUMENTS.items()
        for n, item in enumerate(inst.items, start=1)
        for answer, p in enumerate(item.points)
    }
    a["points"] = [points.get(k, np.nan) for k in zip(a["instrument"], a["item"], a["answer"], strict=True)]
    a = a.drop_duplicates(["athlete", "date", "instrument", "item"], keep="last")
    forms = a.groupby(["athlete", "date", "instrument"], sort=True).agg(
        items_answered=("item", "nunique"), total=("points", "sum"), mean=("answer", "mean"), first=("answer", "first")
    )
    forms = forms.reset_index()
    rule = forms["instrument"].map({k: i.rule for k, i in INSTRUMENTS.items()})
    need = forms["instrument"].map({k: i.min_items for k, i in INSTRUMENTS.items()})
    score = np.select(
        [rule == "sum", rule == "koos", rule == "mean", rule == "value"],
        [forms["total"], 100 - forms["mean"] * 25, forms["mean"], forms["first"]],
        np.nan,
    )
    enough = forms["items_answered"] >= need
    forms["score"] = np.where(enough, score, np.nan)
    short = forms["instrument"].map({k: i.short for k, i in INSTRUMENTS.items()})
    of = forms["instrument"].map({k: len(i.items) for k, i in INSTRUMENTS.items()})
    few = [
        f"{s} needs {f'all {n} items' if n == total else f'at least {n} of its {total} items'} ({got} answered): "
        "no score"
        for s, n, total, got in zip(short, need, of, forms["items_answered"], strict=True)
    ]
    forms["note"] = np.where(enough, "", few)
    scored = forms[forms["score"].notna()]
    first = scored.groupby(["athlete", "instrument"])["score"].first()
    forms["baseline"] = pd.MultiIndex.from_frame(forms[["athlete", "instrument"]]).map(first.get).astype(float)
    is_change = rule == "value"  # a GROC rates the change itself: no baseline to subtract
    forms.loc[is_change, "baseline"] = np.nan
    forms["change"] = forms["score"] - forms["baseline"]
    forms["mic"] = forms["instrument"].map({k: i.mic for k, i in INSTRUMENTS.items()}).astype(float)
    verdict = pd.array(forms["change"] >= forms["mic"], dtype="boolean")
    verdict[forms["mic"].isna().to_numpy() | forms["change"].isna().to_numpy()] = pd.NA
    forms["meaningful"] = verdict
    no_mic = forms["instrument"].map({k: i.mic_note for k, i in INSTRUMENTS.items()})
    forms["note"] = np.where((forms["note"] == "") & forms["mic"].isna(), no_mic, forms["note"])
    forms["items_answered"] = forms["items_answered"].astype(int)
    return forms[COLUMNS].reset_index(drop=True)
