"""kneecare-analysis: log a knee-care routine and pain scores, and see week by week how they go together.

>>> import kneecare_analysis as kc
>>> [d.id for d in kc.DEFAULT_ROUTINE.drills]
['self_massage', 'hip_abduction', 'clamshell', 'glute_bridge', 'couch_stretch']

The package imports only the standard library at first; pandas, matplotlib and ipywidgets load when a
function that needs them is first used, so ``import kneecare_analysis`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import LogFormatError, Problem
from .routine import DEFAULT_ROUTINE, Drill, Routine, folder_routine, load_routine

__version__ = "0.1.0"

_LAZY = {
    "Dataset": "dataset",
    "load_dataset": "dataset",
    "load_pain_log": "loaders",
    "load_routine_log": "loaders",
    "load_runs": "loaders",
    "load_questionnaires": "loaders",
    "load_checkins": "loaders",
    "validation_report": "loaders",
    "validate": "loaders",
    "daily_adherence": "analysis",
    "weekly_summary": "analysis",
    "pain_change": "analysis",
    "baseline_pain": "analysis",
    "cohort_relationship": "analysis",
    "pain_flags": "analysis",
    "relationship": "analysis",
    "score_questionnaires": "analysis",
    "run_tolerance": "analysis",
    "team_overview": "analysis",
    "routine_effect": "analysis",
    "squad_randomisation_test": "analysis",
    "nonoverlap": "analysis",
    "baseline_corrected_tau": "analysis",
    "pain_mcids": "analysis",
    "Session": "session",
    "plan_design": "design",
}
_SUBMODULES = {
    "analysis",
    "dataset",
    "demo",
    "design",
    "instruments",
    "loaders",
    "paths",
    "pdf",
    "plots",
    "render",
    "widgets",
    "vocab",
}

__all__ = [
    "DEFAULT_ROUTINE",
    "Drill",
    "LogFormatError",
    "Problem",
    "Routine",
    "folder_routine",
    "load_routine",
    *_LAZY,
    *_SUBMODULES,
]

if TYPE_CHECKING:  # pragma: no cover
    from . import analysis, dataset, demo, design, instruments, loaders, paths, pdf, plots, render, vocab, widgets  # noqa: F401
    from .analysis import (  # noqa: F401
        baseline_corrected_tau,
        daily_adherence,
        nonoverlap,
        pain_change,
        pain_flags,
        pain_mcids,
        relationship,
        routine_effect,
        run_tolerance,
        score_questionnaires,
        squad_randomisation_test,
        team_overview,
        weekly_summary,
    )
    from .dataset import Dataset, load_dataset  # noqa: F401
    from .loaders import (  # noqa: F401
        load_checkins,
        load_pain_log,
        load_questionnaires,
        load_routine_log,
        load_runs,
        validate,
        validation_report,
    )
    from .session import Session  # noqa: F401


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
