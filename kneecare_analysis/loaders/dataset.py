"""A data folder — ``routine_log.*``, ``pain_log.*``, optional ``runs.*`` and ``routine.toml`` — as one object.

>>> import kneecare_analysis as kc
>>> ds = kc.load_dataset("data/sample/runner")        # doctest: +SKIP
>>> ds.athletes                                         # doctest: +SKIP
['me']
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path

import pandas as pd

from ..errors import LogFormatError
from ..routine import DEFAULT_ROUTINE, Routine, load_routine
from . import _checklist
from ._sources import files_named, iter_tables
from .pain_log import PAIN_COLUMNS, load_pain_tables, tidy_pain
from .routine_log import load_routine_log
from .runs import RUN_STEMS, load_runs


@dataclass
class Dataset:
    """Everything loaded from one data folder; frames follow the design's column lists."""

    log: pd.DataFrame
    pain: pd.DataFrame
    runs: pd.DataFrame | None
    routine: Routine
    folder: Path | None = None

    @property
    def athletes(self) -> list[str]:
        """Every athlete with a routine, pain or run row, sorted."""
        names = set(self.log["athlete"].astype(str)) | set(self.pain["athlete"].astype(str))
        if self.runs is not None:
            names |= set(self.runs["athlete"].astype(str))
        return sorted(names)

    def for_athlete(self, athlete: str) -> Dataset:
        """The same dataset restricted to one athlete."""
        if athlete not in self.athletes:
            raise KeyError(f"no athlete {athlete!r}; athletes: {', '.join(self.athletes)}")

        def pick(frame: pd.DataFrame | None) -> pd.DataFrame | None:
            if frame is None:
                return None
            out = frame[frame["athlete"].astype(str) == athlete].reset_index(drop=True)
            out["athlete"] = out["athlete"].cat.remove_unused_categories()
            return out

        return replace(self, log=pick(self.log), pain=pick(self.pain), runs=pick(self.runs))


def load_dataset(
    folder: str | Path, *, dayfirst: bool | None = None, errors: str = "raise", routine: Routine | None = None
) -> Dataset:
    """Load a runner's or a squad's folder (one sub-folder per athlete also works)."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise LogFormatError(
            "not a folder: expected a folder holding routine_log.csv and pain_log.csv", file=str(folder)
        )
    if routine is None:
        toml = folder / "routine.toml"
        routine = load_routine(toml) if toml.exists() else DEFAULT_ROUTINE
    log = load_routine_log(folder, dayfirst=dayfirst, errors=errors, routine=routine)
    pain_tables = iter_tables(folder, "pain_log", athlete=None, required=False)
    if log.attrs.get("format") in ("checklist", "mixed"):
        checklists = (
            t for t in iter_tables(folder, "routine_log", athlete=None) if _checklist.is_checklist(t, routine)
        )
        pain_tables = chain(pain_tables, checklists)
    pain = load_pain_tables(pain_tables, dayfirst=dayfirst, errors=errors, routine=routine)
    if not len(pain) and not len(pain.columns):
        pain = tidy_pain(pd.DataFrame(columns=PAIN_COLUMNS))
    has_runs = files_named(folder, RUN_STEMS) or any(
        files_named(sub, RUN_STEMS) for sub in folder.iterdir() if sub.is_dir() and not sub.name.startswith((".", "_"))
    )
    runs = load_runs(folder, dayfirst=dayfirst, errors=errors) if has_runs else None
    return Dataset(log=log, pain=pain, runs=runs, routine=routine, folder=folder)
