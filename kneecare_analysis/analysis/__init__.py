"""Analysis: tidy frames in, tidy frames out. No file I/O and no plotting here. Each function checks its frames
and options first (:mod:`.inputs`); the calendar they share (weeks, windows, amounts) is :mod:`.calendar`.

>>> import kneecare_analysis as kc
>>> from kneecare_analysis import analysis
>>> ds = kc.load_dataset(kc.paths.SAMPLE_DIR / "runner")
>>> analysis.weekly_summary(ds.log, pain=ds.pain)["band"].value_counts().sort_index().to_dict()
{'green': 5, 'yellow': 2, 'red': 6}
"""

from .adherence import daily_adherence, weekly_summary
from .effect import baseline_corrected_tau, nonoverlap, pain_mcids, routine_effect, squad_randomisation_test
from .load import weekly_load
from .pain import baseline_pain, pain_change, pain_flags
from .questionnaires import score_questionnaires
from .relationship import cohort_relationship, relationship
from .team import attention_rules, data_as_of, team_overview
from .tolerance import run_tolerance

__all__ = [
    "attention_rules",
    "baseline_corrected_tau",
    "baseline_pain",
    "cohort_relationship",
    "daily_adherence",
    "data_as_of",
    "nonoverlap",
    "pain_change",
    "pain_flags",
    "pain_mcids",
    "relationship",
    "routine_effect",
    "run_tolerance",
    "score_questionnaires",
    "squad_randomisation_test",
    "team_overview",
    "weekly_load",
    "weekly_summary",
]
