"""Loaders: files in, tidy frames out. They validate and never analyse.

``read`` turns files into tables (one reader per file type), ``formats`` holds one module per format the kit
reads (and picks a table's format by its content), ``frames`` parses and checks the records of each kind,
``pipeline`` runs those steps once for every entry point, and ``load`` holds the public loaders and
``validate`` (``docs/architecture.md``, "From a file to a chart").

>>> from kneecare_analysis import loaders, paths
>>> log = loaders.load_routine_log(paths.SAMPLE_DIR / "runner")
>>> log.attrs["format"]
'routine_log'
"""

from .load import load_checkins, load_pain_log, load_questionnaires, load_routine_log, load_runs, validate
from .pipeline import Loaded
from .report import validation_report
from .sources import progress

__all__ = [
    "Loaded",
    "load_checkins",
    "load_pain_log",
    "load_questionnaires",
    "load_routine_log",
    "load_runs",
    "progress",
    "validate",
    "validation_report",
]
