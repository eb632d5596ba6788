"""TrainingPeaks' ``workouts.csv``: ``Title, WorkoutType, …, WorkoutDay, …, DistanceInMeters, …,
TimeTotalInHours, …, Rpe, Feeling``.

A workout with neither a time nor a distance was planned and not done: it is set aside, like the workouts
that are not runs. ``Rpe`` is TrainingPeaks' 1–10 scale and is kept as it is.
"""

from __future__ import annotations

from ..headers import keys
from ..read import Table
from .base import Claim, Format, Options, Records
from .running import is_run, recorded, run_records


def _index(table: Table, name: str) -> int | None:
    found = keys(table)
    return found.index(name) if name in found else None


def recognise(table: Table, options: Options) -> Claim:
    if {"workoutday", "workouttype"} <= set(keys(table)):
        return Claim(True)
    return Claim(False, "TrainingPeaks' columns WorkoutDay and WorkoutType")


def read(table: Table, kind: str, options: Options) -> Records:
    types = table.column(_index(table, "workouttype"))
    columns = {"date": _index(table, "workoutday")}
    hours, metres = _index(table, "timetotalinhours"), _index(table, "distanceinmeters")
    done = False
    for field, index in (("duration", hours), ("distance", metres)):
        if index is not None:
            columns[field] = index
            done = done | recorded(table.column(index))
    if _index(table, "rpe") is not None:
        columns["rpe"] = _index(table, "rpe")
    return run_records(
        table,
        columns,
        runs=is_run(types),
        types=types,
        planned=~done if hours is not None or metres is not None else None,
        hints={"distance_unit": "m", "duration_factor": 3600.0, "recorded": True},
    )


FORMAT = Format(
    name="trainingpeaks",
    title="a TrainingPeaks export (workouts.csv)",
    kinds=("runs",),
    export=True,
    recognise=recognise,
    read=read,
)
