"""Loaders: files in, tidy frames out. They validate and never analyse.

``read`` turns files into tables, ``formats`` holds one module per format the kit reads (and picks a table's
format by its content), ``frames`` parses and checks the records of each kind, ``load`` runs those steps
(``docs/architecture.md``, "From a file to a chart").

>>> from kneecare_analysis import loaders, paths
>>> log = loaders.load_routine_log(paths.SAMPLE_DIR / "runner")
>>> log.attrs["format"]
'routine_log'
"""

from .dataset import Dataset, load_dataset
from .load import load_checkins, load_pain_log, load_questionnaires, load_routine_log, load_runs
from .report import validation_report
from .sources import progress

__all__ = [
    "Dataset",
    "load_checkins",
    "load_dataset",
    "load_pain_log",
    "load_questionnaires",
    "load_routine_log",
    "load_runs",
    "progress",
    "validation_report",
]
