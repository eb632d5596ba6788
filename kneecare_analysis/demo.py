"""Seeded sample data: one runner (12 weeks and a baseline week), a squad of 12 (16 weeks), and a runner's
own daily-checklist spreadsheet with three typical mistakes — and the scenarios a claim "the routine helped" must
survive (:func:`natural_recovery`, :func:`regression_to_mean`, :func:`reverse_causation`, :func:`no_effect`,
:func:`changing_habit`) beside one where it did (:func:`real_effect`), each a :class:`Scenario` of tidy frames.

The same seed writes the same bytes, so the committed ``data/sample/`` can be checked against a fresh run.

>>> import tempfile
>>> from kneecare_analysis import demo
>>> sorted({p.parent.name for p in demo.write_sample(tempfile.mkdtemp())})
['checklist', 'runner', 'squad']

Command line: ``python -m kneecare_analysis.demo --out data/sample``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .routine import DEFAULT_ROUTINE

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

SEED = 2026
RUNNER_START = dt.date(2026, 3, 4)  # a Wednesday: the first program week is partial
RUNNER_WEEKS = 12
SQUAD_START = dt.date(2026, 1, 5)
SQUAD_WEEKS = 16
PLATEAU = 0.3


@dataclass(frozen=True)
class Profile:
    """How an athlete keeps up: weekly session probability from start to end, and how they feel."""

    name: str
    adherence_start: float
    adherence_end: float
    start_delay_days: int = 0
    stop_after_days: int | None = None
    baseline_pain: float = 5.0
    sensitivity: float = 3.0
    weekly_km: float = 30.0
    spike_week: int | None = None


SQUAD = (
    Profile("Ana", 0.95, 0.92, baseline_pain=5.5, weekly_km=42),
    Profile("Ben", 0.90, 0.88, 1, baseline_pain=4.5, weekly_km=35),
    Profile("Chloe", 0.93, 0.90, 2, baseline_pain=6.0, sensitivity=3.5, weekly_km=28),
    Profile("Dev", 0.92, 0.35, baseline_pain=5.0, weekly_km=50, spike_week=10),
    Profile("Elif", 0.88, 0.30, 3, baseline_pain=6.5, weekly_km=32),
    Profile("Finn", 0.85, 0.45, 1, baseline_pain=4.0, weekly_km=25),
    Profile("Grace", 0.35, 0.25, baseline_pain=5.5, sensitivity=2.0, weekly_km=38),
    Profile("Hugo", 0.30, 0.40, 2, baseline_pain=4.5, weekly_km=30, spike_week=7),
    Profile("Isla", 0.90, 0.85, 28, baseline_pain=6.0, weekly_km=22),
    Profile("Jonas", 0.80, 0.80, 35, baseline_pain=5.0, weekly_km=45),
    Profile("Kai", 0.90, 0.80, 0, stop_after_days=45, baseline_pain=5.5, weekly_km=33),
    Profile("Lena", 0.75, 0.70, 1, baseline_pain=7.0, sensitivity=1.0, weekly_km=40, spike_week=12),
)
RUNNER = Profile("Sam", 0.97, 0.30, baseline_pain=6.2, sensitivity=4.0, weekly_km=30, spike_week=9)

NOTES = (
    "short on time",
    "tight hips today",
    "did it after an easy run",
    "knee a bit sore on stairs",
    "felt good",
    "hamstrings tender with the roller",
    "evening session",
)


def _fmt(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def _simulate(profile: Profile, start: dt.date, days: int, rng: np.random.Generator, *, baseline_days: int = 7):
    """Daily doses, routine rows, pain rows and runs of one athlete (dates as ``datetime.date``)."""
    log, pain, runs = [], [], []
    dose_memory = 0.0
    first = start + dt.timedelta(days=profile.start_delay_days)
    last_logged = first + dt.timedelta(days=profile.stop_after_days) if profile.stop_after_days else None
    total = days + baseline_days
    for i in range(total):
        day = start - dt.timedelta(days=baseline_days) + dt.timedelta(days=i)
        week = max((day - first).days, 0) // 7
        progress = min(max((day - first).days / max(days - profile.start_delay_days, 1), 0.0), 1.0)
        decline = max(progress - PLATEAU, 0.0) / (1 - PLATEAU)  # a good start holds for a while, then fades
        p_session = profile.adherence_start + (profile.adherence_end - profile.adherence_start) * decline
        in_program = day >= first and (last_logged is None or day <= last_logged)
        dose = 0.0
        if in_program and rng.random() < p_session:
            dose = _session(day, rng, log, fading=1 - p_session)
        # pain follows the routine with a lag: a slowly moving memory of recent doses
        dose_memory = 0.88 * dose_memory + 0.12 * dose
        run_today = rng.random() < 0.62
        if run_today:
            base_km = profile.weekly_km / 4.3
            if profile.spike_week is not None and week == profile.spike_week:
                base_km *= 1.5
            spike = profile.spike_week is not None and week == profile.spike_week
            runs.append((day, round(float(base_km * rng.uniform(0.7, 1.35)), 2), spike))
        logging_pain = last_logged is None or day <= last_logged
        if not logging_pain:
            continue
        level = profile.baseline_pain - profile.sensitivity * dose_memory
        if run_today and rng.random() < 0.85:
            score = np.clip(round(level + rng.normal(0, 0.8)), 0, 10)
            pain.append((day, "after_run", score))
            if rng.random() < 0.25:
                pain.append((day, "during_run", np.clip(round(level - 1 + rng.normal(0, 0.8)), 0, 10)))
        if rng.random() < 0.4:
            pain.append((day, "morning", np.clip(round(level - 1.5 + rng.normal(0, 0.7)), 0, 10)))
    return log, pain, runs


def _session(day: dt.date, rng: np.random.Generator, log: list, *, fading: float) -> float:
    """Append one session's rows; returns its daily dose (for the pain model)."""
    doses = []
    for drill in DEFAULT_ROUTINE.drills:
        if rng.random() < 0.3 * fading:  # a skipped drill, more often as motivation fades
            doses.append(0.0)
            continue
        note = str(rng.choice(NOTES)) if rng.random() < 0.04 else ""
        short = rng.random() < 0.15 + 0.5 * fading  # a rushed session falls short of the target
        if drill.kind == "timed":
            if drill.sided:
                for side in ("left", "right"):
                    secs = float(rng.choice([60, 90, 100] if short else [120, 120, 120, 150]))
                    log.append((day, drill.id, side, None, None, secs, note))
                doses.append(min(secs / drill.target, 1.0))
            elif rng.random() < 0.2:  # massage logged per leg: the two rows add up
                secs = float(rng.choice([90, 120] if short else [150, 150, 180]))
                log.append((day, drill.id, "left", None, None, secs, note))
                log.append((day, drill.id, "right", None, None, secs, ""))
                doses.append(min(2 * secs / drill.target, 1.0))
            else:
                secs = float(rng.choice([150, 180, 240] if short else [300, 300, 300, 360]))
                log.append((day, drill.id, "both", None, None, secs, note))
                doses.append(min(secs / drill.target, 1.0))
        else:
            reps = int(rng.choice([10, 12, 15, 18] if short else [20, 20, 20, 22]))
            roll = rng.random()
            if roll < 0.15 and not short:  # two sets of ten, logged with a sets column
                log.append((day, drill.id, "both", 10, 2, None, note))
                doses.append(min(20 / drill.target, 1.0))
            elif roll < 0.35:  # each side logged on its own: the weaker right side manages fewer
                weaker = reps - int(rng.choice([0, 2, 3, 5]))
                log.append((day, drill.id, "left", reps, None, None, note))
                log.append((day, drill.id, "right", weaker, None, None, ""))
                doses.append((min(reps / drill.target, 1.0) + min(weaker / drill.target, 1.0)) / 2)
            else:
                log.append((day, drill.id, "both", reps, None, None, note))
                doses.append(min(reps / drill.target, 1.0))
    return float(np.mean(doses))


RUN_HEADER = ["athlete", "date", "distance_km", "duration_min", "rpe"]


def _run_rows(runs, profile: Profile, rng: np.random.Generator) -> list[list[str]]:
    """Runs with their minutes (5:15–6:30 min/km) and session RPE (harder for longer runs and in a spike week;
    one run in twenty without it), drawn from their own generator so the rest of the sample stays as it was."""
    rows = []
    usual = profile.weekly_km / 4.3
    for day, km, spike in runs:
        minutes = km * rng.uniform(5.25, 6.5)
        rpe = 4 + 3 * (km / usual - 1) + (1.5 if spike else 0) + rng.normal(0, 0.8)
        given = rng.random() >= 0.05
        rpe_text = str(int(np.clip(round(rpe), 1, 9))) if given else ""
        rows.append([profile.name, day.isoformat(), f"{km:.2f}", f"{minutes:.0f}", rpe_text])
    return rows


QUESTIONNAIRE_HEADER = ["date", "athlete", "instrument", "item", "answer", "note"]
# Forms filled in at the start and later, as the runner might: AKPS option positions (0 = the first option),
# KOOS-PF 0–4 (0 = none), PSFS 0–10 per activity, GROC −7…+7. Picked by hand, not drawn.
FORMS = {
    "akps": (
        [1, 0, 1, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0],
        [0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0],
        [0, 0, 0, 1, 1, 2, 1, 1, 1, 1, 0, 0, 0],
    ),
    "koos_pf": (
        [2, 2, 3, 2, 2, 1, 2, 3, 2, 2, 2],
        [1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1],
        [1, 1, 2, 1, 2, 1, 1, 2, 2, 1, 1],
    ),
    "psfs": ([3, 5, 4], [6, 7, 6], [6, 7, 5]),
    "groc": (None, [4], [3]),
}
PSFS_ACTIVITIES = ["running 10 km", "stairs going down", "squatting"]


def _questionnaire_rows(athlete: str, days: list[dt.date]) -> list[list[str]]:
    """The sample forms of one athlete on ``days`` (the start, and two later days)."""
    rows = []
    for instrument, forms in FORMS.items():
        for day, answers in zip(days, forms, strict=True):
            for item, answer in enumerate(answers or [], start=1):
                note = PSFS_ACTIVITIES[item - 1] if instrument == "psfs" else ""
                rows.append([day.isoformat(), athlete, instrument, str(item), str(answer), note])
    return rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _log_rows(log, athlete: str | None, rng: np.random.Generator, *, timestamps: bool):
    rows = []
    session_day, clock = None, 0
    for day, drill, side, reps, sets, secs, note in log:
        if timestamps:  # an evening session in local time with its UTC offset, a couple of minutes a row
            if day != session_day:
                session_day, clock = day, int(rng.integers(17 * 60, 22 * 60))
            clock += 2
            offset = "+01:00" if day < dt.date(2026, 3, 29) else "+02:00"
            when = f"{day.isoformat()}T{clock // 60:02d}:{clock % 60:02d}:00{offset}"
        else:
            when = day.isoformat()
        row = [when, drill, side, "" if reps is None else str(reps), "" if sets is None else str(sets)]
        row += ["" if secs is None else _fmt(secs), note]
        rows.append(([athlete] if athlete else []) + row)
    return rows


def write_sample(out: str | Path, *, seed: int = SEED) -> list[Path]:
    """Write ``runner/``, ``squad/`` and ``checklist/`` sample folders under ``out``; returns the files written."""
    out = Path(out)
    rng = np.random.default_rng(seed)
    run_rng = np.random.default_rng([seed, 1])
    written = []

    log, pain, runs = _simulate(RUNNER, RUNNER_START, RUNNER_WEEKS * 7, rng)
    folder = out / "runner"  # the sample runner has a name, so nobody takes Sam's weeks for their own ("me")
    head = ["timestamp", "drill", "side", "reps", "sets", "seconds", "note"]
    rows = _log_rows(log, RUNNER.name, rng, timestamps=True)
    written.append(_write(folder / "routine_log.csv", ["athlete", *head], rows))
    written.append(
        _write(
            folder / "pain_log.csv",
            ["athlete", "date", "pain", "context", "knee", "note"],
            [[RUNNER.name, d.isoformat(), _fmt(p), c, "right", ""] for d, c, p in pain],
        )
    )
    written.append(_write(folder / "runs.csv", RUN_HEADER, _run_rows(runs, RUNNER, run_rng)))
    days = [RUNNER_START + dt.timedelta(days=k) for k in (0, 6 * 7, 12 * 7 - 1)]
    written.append(_write(folder / "questionnaires.csv", QUESTIONNAIRE_HEADER, _questionnaire_rows(RUNNER.name, days)))

    all_log, all_pain, all_runs = [], [], []
    for profile in SQUAD:
        log, pain, runs = _simulate(profile, SQUAD_START, SQUAD_WEEKS * 7, rng)
        all_log += _log_rows(log, profile.name, rng, timestamps=False)
        all_pain += [[profile.name, d.isoformat(), _fmt(p), c, ""] for d, c, p in pain]
        all_runs += _run_rows(runs, profile, run_rng)
    folder = out / "squad"
    written.append(_write(folder / "routine_log.csv", ["athlete", "date", *head[1:]], all_log))
    written.append(_write(folder / "pain_log.csv", ["athlete", "date", "pain", "context", "note"], all_pain))
    written.append(_write(folder / "runs.csv", RUN_HEADER, all_runs))

    checklist = out / "checklist" / "routine_log.csv"
    checklist.parent.mkdir(parents=True, exist_ok=True)
    with checklist.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\n")
        writer.writerow(CHECKLIST_HEADER)
        writer.writerows(_checklist_rows(rng))
    written.append(checklist)
    return written


def simulate_runner(folder: str | Path, *, weeks: int = 52, seed: int = SEED) -> Path:
    """Write one runner's ``weeks`` of logs (same profile as the sample runner) into ``folder``, for benchmarks."""
    folder = Path(folder)
    rng = np.random.default_rng(seed)
    log, pain, runs = _simulate(RUNNER, RUNNER_START, weeks * 7, rng)
    head = ["timestamp", "drill", "side", "reps", "sets", "seconds", "note"]
    _write(folder / "routine_log.csv", head, _log_rows(log, None, rng, timestamps=True))
    _write(folder / "pain_log.csv", ["date", "pain", "context"], [[d.isoformat(), _fmt(p), c] for d, c, p in pain])
    _write(folder / "runs.csv", ["date", "distance_km"], [[d.isoformat(), f"{km:.2f}"] for d, km, _ in runs])
    return folder


# ---- scenarios: daily morning scores and a random start ---------------------------------------------------
SCENARIO_START = dt.date(2026, 3, 2)  # the day the plan is made: the baseline's first day
DAYS_AFTER = 42  # days scored after the admissible window's last day
MORNING_SD = 0.5  # the day-to-day error of one integer score around the knee's level
AR_PHI = 0.5  # how much of yesterday's deviation carries into today (a knee has good and bad spells)
AR_SD = 0.6  # the spells' spread (the marginal SD of the AR(1) part)


@dataclass(frozen=True)
class Scenario:
    """Simulated athletes in the kit's formats: ``log`` (as :func:`kneecare_analysis.load_routine_log` returns
    it), ``pain`` (one ``morning`` score a day, integers 0–10, some days missing), ``runs`` (as
    :func:`kneecare_analysis.load_runs`) and ``design`` (one randomised start per athlete, as ``Dataset.design``),
    with ``level``: the knee's true daily level, ``athlete, date, level`` (what the scores are noisy readings of)."""

    name: str
    log: pd.DataFrame
    pain: pd.DataFrame
    runs: pd.DataFrame
    design: pd.DataFrame
    level: pd.DataFrame


Level = Callable[[np.ndarray, int, np.random.Generator], np.ndarray]  # (days from the plan, start) -> level
Adherence = Callable[[int, int, float], float]  # (day from the plan, start, yesterday's score) -> P(session)


def _athlete_names(athletes: int | Sequence[str]) -> list[str]:
    if isinstance(athletes, int):
        if athletes < 1:
            raise ValueError("athletes is a count of at least 1, or a list of names")
        return ["me"] if athletes == 1 else [f"athlete{i:02d}" for i in range(1, athletes + 1)]
    return [str(a) for a in athletes]


def _spells(n: int, rng: np.random.Generator, *, phi: float = AR_PHI, sd: float = AR_SD) -> np.ndarray:
    """AR(1) deviations with marginal SD ``sd``, started from their stationary spread."""
    out = np.empty(n)
    out[0] = rng.normal(0, sd)
    innovations = rng.normal(0, sd * np.sqrt(1 - phi**2), n)
    for t in range(1, n):
        out[t] = phi * out[t - 1] + innovations[t]
    return out


def _simulate_scenario(
    name: str,
    level: Level,
    adherence: Adherence,
    *,
    athletes: int | Sequence[str],
    seed: int,
    planned_on: dt.date,
    baseline_days: tuple[int, int],
    days_after: int,
    missing: float,
) -> Scenario:
    """The engine of every scenario: for each athlete a start drawn from its window (the design's own draw), the
    knee's level, integer morning scores, the routine from the start on, and runs."""
    import pandas as pd

    from .design import draw_start, new_plan
    from .loaders import load_pain_log, load_routine_log, load_runs

    rng = np.random.default_rng(seed)
    names = _athlete_names(athletes)
    design = new_plan(
        names,
        today=planned_on,
        baseline_days=baseline_days,
        seed=int(rng.integers(0, 2**62)),
        now=f"{planned_on.isoformat()}T07:00:00+00:00",
    )
    n_days = baseline_days[1] + days_after + 1
    log_rows, pain_rows, run_rows, levels = [], [], [], []
    for row in design.itertuples():
        start = (draw_start(row.admissible_from, row.admissible_to, seed=int(row.seed)) - planned_on).days
        days = np.arange(n_days)
        true = level(days, start, rng)
        scores = np.clip(np.round(true + _spells(n_days, rng) + rng.normal(0, MORNING_SD, n_days)), 0, 10)
        scored = rng.random(n_days) >= missing
        previous = float(scores[0])
        for t in range(n_days):
            day = planned_on + dt.timedelta(days=t)
            if t >= start and rng.random() < adherence(t, start, previous):
                done: list = []
                _session(day, rng, done, fading=0.1)
                log_rows += [(row.athlete, *entry) for entry in done]
            if scored[t]:
                pain_rows.append((row.athlete, day, int(scores[t]), "morning"))
            previous = float(scores[t])
            if rng.random() < 0.5:
                km = float(rng.uniform(5, 10))
                run_rows.append(
                    (row.athlete, day, round(km, 2), round(km * rng.uniform(5.25, 6.5)), int(rng.integers(3, 8)))
                )
        levels += [
            (row.athlete, planned_on + dt.timedelta(days=int(t)), float(v)) for t, v in zip(days, true, strict=True)
        ]
    log_columns = ["athlete", "date", "drill", "side", "reps", "sets", "seconds", "note"]
    log = load_routine_log(pd.DataFrame(log_rows, columns=log_columns).astype({"reps": "Int64", "sets": "Int64"}))
    pain = load_pain_log(pd.DataFrame(pain_rows, columns=["athlete", "date", "pain", "context"]))
    runs = load_runs(pd.DataFrame(run_rows, columns=["athlete", "date", "distance_km", "duration_min", "rpe"]))
    level_frame = pd.DataFrame(levels, columns=["athlete", "date", "level"])
    level_frame["date"] = pd.to_datetime(level_frame["date"])
    return Scenario(name, log, pain, runs, design, level_frame)


def _linear(frm: float, to: float) -> Level:
    def level(days: np.ndarray, start: int, rng: np.random.Generator) -> np.ndarray:  # noqa: ARG001
        return frm + (to - frm) * days / max(days[-1], 1)

    return level


def _steady(p: float) -> Adherence:
    def adherence(t: int, start: int, previous: float) -> float:  # noqa: ARG001
        return p

    return adherence


def natural_recovery(
    *,
    athletes: int | Sequence[str] = 1,
    seed: int = SEED,
    planned_on: dt.date = SCENARIO_START,
    baseline_days: tuple[int, int] = (14, 21),
    days_after: int = DAYS_AFTER,
    missing: float = 0.1,
    from_pain: float = 6.0,
    to_pain: float = 3.0,
    adherence: float = 0.85,
) -> Scenario:
    """A knee that heals by itself, ``from_pain`` to ``to_pain`` in a straight line over the whole period,
    whatever the routine does (it does nothing): before/after comparisons are fooled, a random start is not.

    Parameters
    ----------
    athletes : int or list of str
        How many athletes (``"me"`` for one, ``athlete01``… for more), or their names.
    seed : int
        The seed: the same seed gives the same frames.
    planned_on : date
        The day the plan is made (the baseline's first day).
    baseline_days : (int, int)
        The admissible window for the start, in days after ``planned_on``.
    days_after : int
        Days scored after the window's last day.
    missing : float
        The share of mornings without a score.
    from_pain, to_pain : float
        The knee's level on the first and on the last day.
    adherence : float
        The chance of a session on each day from the start on.

    Returns
    -------
    Scenario
        ``log``, ``pain``, ``runs``, ``design``, ``level`` (see :class:`Scenario`).

    Examples
    --------
    >>> s = natural_recovery(seed=1)
    >>> s.design[["athlete", "randomised"]].values.tolist(), s.pain["context"].unique().tolist()
    ([['me', True]], ['morning'])
    >>> s.level["level"].iloc[[0, -1]].round(1).tolist()
    [6.0, 3.0]
    """
    return _simulate_scenario(
        "natural recovery",
        _linear(from_pain, to_pain),
        _steady(adherence),
        athletes=athletes,
        seed=seed,
        planned_on=planned_on,
        baseline_days=baseline_days,
        days_after=days_after,
        missing=missing,
    )


def no_effect(
    *,
    athletes: int | Sequence[str] = 1,
    seed: int = SEED,
    planned_on: dt.date = SCENARIO_START,
    baseline_days: tuple[int, int] = (14, 21),
    days_after: int = DAYS_AFTER,
    missing: float = 0.1,
    pain: float = 4.0,
    adherence: float = 0.85,
) -> Scenario:
    """A stable knee at level ``pain`` with good and bad spells; the routine, done faithfully, changes nothing.

    Parameters
    ----------
    athletes, seed, planned_on, baseline_days, days_after, missing
        As :func:`natural_recovery`.
    pain : float
        The knee's level every day.
    adherence : float
        The chance of a session on each day from the start on.

    Returns
    -------
    Scenario
        ``log``, ``pain``, ``runs``, ``design``, ``level``.

    Examples
    --------
    >>> s = no_effect(athletes=3, seed=2)
    >>> s.design["athlete"].tolist(), float(s.level["level"].std())
    (['athlete01', 'athlete02', 'athlete03'], 0.0)
    """
    return _simulate_scenario(
        "no effect",
        _linear(pain, pain),
        _steady(adherence),
        athletes=athletes,
        seed=seed,
        planned_on=planned_on,
        baseline_days=baseline_days,
        days_after=days_after,
        missing=missing,
    )


def regression_to_mean(
    *,
    athletes: int | Sequence[str] = 1,
    seed: int = SEED,
    planned_on: dt.date = SCENARIO_START,
    baseline_days: tuple[int, int] = (14, 21),
    days_after: int = DAYS_AFTER,
    missing: float = 0.1,
    pain: float = 4.0,
    flare: float = 3.0,
    settle_days: float = 4.0,
) -> Scenario:
    """A knee whose usual level is ``pain``, met on a bad day: the runner starts (makes the plan) when it is
    ``flare`` points above usual, and it settles back with a half-life of ``settle_days`` whatever is done.

    Parameters
    ----------
    athletes, seed, planned_on, baseline_days, days_after, missing
        As :func:`natural_recovery`.
    pain : float
        The knee's usual level.
    flare : float
        How far above usual it is on the day the plan is made.
    settle_days : float
        The flare's half-life in days.

    Returns
    -------
    Scenario
        ``log``, ``pain``, ``runs``, ``design``, ``level``.

    Examples
    --------
    >>> s = regression_to_mean(seed=3)
    >>> s.level["level"].iloc[[0, -1]].round(1).tolist()
    [7.0, 4.0]
    """

    def level(days: np.ndarray, start: int, rng: np.random.Generator) -> np.ndarray:  # noqa: ARG001
        return pain + flare * 0.5 ** (days / settle_days)

    return _simulate_scenario(
        "regression to the mean",
        level,
        _steady(0.85),
        athletes=athletes,
        seed=seed,
        planned_on=planned_on,
        baseline_days=baseline_days,
        days_after=days_after,
        missing=missing,
    )


def reverse_causation(
    *,
    athletes: int | Sequence[str] = 1,
    seed: int = SEED,
    planned_on: dt.date = SCENARIO_START,
    baseline_days: tuple[int, int] = (14, 21),
    days_after: int = DAYS_AFTER,
    missing: float = 0.1,
    pain: float = 4.0,
    per_point: float = 0.2,
) -> Scenario:
    """A stable knee the routine does nothing for, but more routine when it hurts: from the start on, the chance
    of a session is 0.5 on a usual morning and ``per_point`` higher for each point the morning's score is above
    ``pain`` (lower below it), between 0.05 and 0.98.

    Parameters
    ----------
    athletes, seed, planned_on, baseline_days, days_after, missing
        As :func:`natural_recovery`.
    pain : float
        The knee's level every day.
    per_point : float
        How much the chance of a session rises for each point of pain above usual.

    Returns
    -------
    Scenario
        ``log``, ``pain``, ``runs``, ``design``, ``level``.

    Examples
    --------
    >>> s = reverse_causation(seed=4)
    >>> float(s.level["level"].std())
    0.0
    """

    def adherence(t: int, start: int, previous: float) -> float:  # noqa: ARG001
        return float(np.clip(0.5 + per_point * (previous - pain), 0.05, 0.98))

    return _simulate_scenario(
        "reverse causation",
        _linear(pain, pain),
        adherence,
        athletes=athletes,
        seed=seed,
        planned_on=planned_on,
        baseline_days=baseline_days,
        days_after=days_after,
        missing=missing,
    )


def changing_habit(
    *,
    habit: str = "grows",
    athletes: int | Sequence[str] = 1,
    seed: int = SEED,
    planned_on: dt.date = SCENARIO_START,
    baseline_days: tuple[int, int] = (14, 21),
    days_after: int = DAYS_AFTER,
    missing: float = 0.1,
    from_pain: float = 6.0,
    to_pain: float = 3.0,
) -> Scenario:
    """A knee that heals by itself (``from_pain`` to ``to_pain``) while the habit changes: ``"grows"`` (a session
    on 40 % of days at the start, 90 % at the end) or ``"fades"`` (95 % to 35 %). The routine does nothing, yet
    adherence and pain trend together: the weekly association looks like an effect.

    Parameters
    ----------
    habit : {"grows", "fades"}
        How the chance of a session changes from the start to the last day.
    athletes, seed, planned_on, baseline_days, days_after, missing
        As :func:`natural_recovery`.
    from_pain, to_pain : float
        The knee's level on the first and on the last day.

    Returns
    -------
    Scenario
        ``log``, ``pain``, ``runs``, ``design``, ``level``.

    Examples
    --------
    >>> s = changing_habit(habit="fades", seed=5)
    >>> s.name
    'habit fades'
    """
    ends = {"grows": (0.4, 0.9), "fades": (0.95, 0.35)}
    if habit not in ends:
        raise ValueError('habit is "grows" or "fades"')
    first, last = ends[habit]
    n_days = baseline_days[1] + days_after + 1

    def adherence(t: int, start: int, previous: float) -> float:  # noqa: ARG001
        return first + (last - first) * (t - start) / max(n_days - 1 - start, 1)

    return _simulate_scenario(
        f"habit {habit}",
        _linear(from_pain, to_pain),
        adherence,
        athletes=athletes,
        seed=seed,
        planned_on=planned_on,
        baseline_days=baseline_days,
        days_after=days_after,
        missing=missing,
    )


def real_effect(
    *,
    effect: float = -1.5,
    ramp_days: int = 14,
    athletes: int | Sequence[str] = 1,
    seed: int = SEED,
    planned_on: dt.date = SCENARIO_START,
    baseline_days: tuple[int, int] = (14, 21),
    days_after: int = DAYS_AFTER,
    missing: float = 0.1,
    pain: float = 5.0,
    adherence: float = 0.85,
) -> Scenario:
    """A routine that works: a stable knee at ``pain`` whose level falls by ``effect`` points, reached in a
    straight line over ``ramp_days`` from the start and kept after it.

    Parameters
    ----------
    effect : float
        The change in the knee's level once the ramp is over (negative: less pain).
    ramp_days : int
        Days from the start until the whole effect is reached.
    athletes, seed, planned_on, baseline_days, days_after, missing
        As :func:`natural_recovery`.
    pain : float
        The knee's level before the start.
    adherence : float
        The chance of a session on each day from the start on.

    Returns
    -------
    Scenario
        ``log``, ``pain``, ``runs``, ``design``, ``level``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = real_effect(seed=6)
    >>> start = s.design["start"].iloc[0]
    >>> s.level.set_index("date")["level"].loc[[start - pd.Timedelta(days=1), start + pd.Timedelta(days=13)]].tolist()
    [5.0, 3.5]
    """
    if ramp_days < 1:
        raise ValueError("ramp_days is at least 1")

    def level(days: np.ndarray, start: int, rng: np.random.Generator) -> np.ndarray:  # noqa: ARG001
        return pain + effect * np.clip((days - start + 1) / ramp_days, 0.0, 1.0)

    return _simulate_scenario(
        "real effect",
        level,
        _steady(adherence),
        athletes=athletes,
        seed=seed,
        planned_on=planned_on,
        baseline_days=baseline_days,
        days_after=days_after,
        missing=missing,
    )


SCENARIOS = {
    "natural_recovery": natural_recovery,
    "regression_to_mean": regression_to_mean,
    "reverse_causation": reverse_causation,
    "no_effect": no_effect,
    "habit_grows": lambda **options: changing_habit(habit="grows", **options),
    "habit_fades": lambda **options: changing_habit(habit="fades", **options),
    "real_effect": real_effect,
}  # every scenario by name, each taking athletes=, seed= and the common options


CHECKLIST_HEADER = [
    "Date",
    "Foam roll (min)",
    "Hip abductions L",
    "Hip abductions R",
    "Clams L",
    "Clams R",
    "Bridge L",
    "Bridge R",
    "Couch stretch L (s)",
    "Couch stretch R (s)",
    "Knee pain",
    "Notes",
]
CHECKLIST_START = dt.date(2026, 4, 6)
CHECKLIST_MISTAKES = {  # row index: (column, text) — what a runner typing on a phone gets wrong
    5: ("Hip abductions R", "2O"),
    11: ("Date", "31/04/2026"),
    17: ("Knee pain", "12"),
}


def _checklist_rows(rng: np.random.Generator) -> list[list[str]]:
    """Four weeks of a runner's own spreadsheet: semicolons, decimal commas, ticks, day-first dates."""
    rows = []
    for i in range(28):
        day = CHECKLIST_START + dt.timedelta(days=i)
        cells = {"Date": day.strftime("%d/%m/%Y")}
        if rng.random() < 0.82:
            cells["Foam roll (min)"] = str(rng.choice(["5", "5", "4,5", "x", "3"]))
            for side in ("L", "R"):
                cells[f"Hip abductions {side}"] = str(rng.choice([20, 20, 18, 15]))
                cells[f"Clams {side}"] = "x"
                cells[f"Bridge {side}"] = str(rng.choice([20, 15, 12]))
                cells[f"Couch stretch {side} (s)"] = str(rng.choice([120, 120, 90]))
            if rng.random() < 0.15:
                cells["Clams L"] = cells["Clams R"] = ""
        if rng.random() < 0.85:
            cells["Knee pain"] = str(rng.choice(["4", "3,5", "3", "2,5", "2"]))
        if rng.random() < 0.1:
            cells["Notes"] = str(rng.choice(NOTES))
        if i in CHECKLIST_MISTAKES:
            column, text = CHECKLIST_MISTAKES[i]
            cells[column] = text
        rows.append([cells.get(h, "") for h in CHECKLIST_HEADER])
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kneecare_analysis.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="data/sample", help="folder to write runner/ and squad/ into")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for path in write_sample(args.out, seed=args.seed):
        print(path)


if __name__ == "__main__":
    main()
