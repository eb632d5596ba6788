"""Loaders: files in, tidy frames out. They validate and never analyse."""

from .checkins import load_checkins
from .dataset import Dataset, load_dataset
from .pain_log import load_pain_log
from .report import validation_report
from .routine_log import load_routine_log
from .runs import load_runs

__all__ = [
    "Dataset",
    "load_checkins",
    "load_dataset",
    "load_pain_log",
    "load_routine_log",
    "load_runs",
    "validation_report",
]
