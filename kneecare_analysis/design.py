"""The plan that lets a runner ask "did the routine help me?" and get an answer natural healing cannot fake: a
randomised AB design (for a squad, staggered random starts: a randomised multiple-baseline design).

A runner starts with a **baseline**: one knee-pain score a day in one fixed context (the morning, before anything
else) and no routine. The kit draws the day the routine starts **at random** from an admissible window (by
default day 14 to day 21 after the plan is made), with numpy's ``Generator`` from a seed it records, and stores
the plan — seed, time of the draw, window and drawn start — in the folder's ``design.toml`` before the start is
known to the runner. The walkthrough keeps the day to itself until it comes (:func:`phase_of`).

Why this answers the question: a knee that heals by itself heals the same whichever day the routine starts, so
the change around the drawn day is no larger than around any other admissible day; a routine that helps lowers
the pain from the drawn day on, wherever it fell. Because the start was drawn, the chance of a change as large
as the one seen, had the routine done nothing, is the share of the admissible days that show one as large
(Edgington's randomisation test; a squad's test sums over its athletes, each drawn independently from its own
window). The test guards against a false claim; it has little power when the routine needs longer to act (its
ramp) than the window is wide: on :func:`kneecare_analysis.demo.real_effect` (−1.5 points, a 14-day ramp, 8
admissible days) one runner's test reaches p = 1/8 in about 15 % of runs against about 12 % with no effect, and
in 46 % when the effect is immediate. How large the change is, with its CI, comes from the daily-score model.
One runner with 8 admissible days can reach p = 1/8 at best: the window's length is the test's resolution.

A runner may decline (:func:`decline_design`): nothing is planned, the decline is kept so the kit does not ask
again, and every descriptive view works as before. Asking for a plan later (:func:`plan_design`) replaces it.

The file is never written into the shipped sample (``paths.is_sample``); it is written atomically under the
folder's lock. The loaders read only table files, so ``design.toml`` beside the logs is never taken for one.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> plan = plan_design(folder, today="2026-03-02", seed=7, now="2026-03-02T08:00:00+00:00")
>>> plan[["athlete", "randomised", "admissible_from", "admissible_to"]]
  athlete  randomised admissible_from admissible_to
0      me        True      2026-03-16    2026-03-23
>>> phase_of(read_design(folder), "me", today="2026-03-06").phase
'baseline'
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from filelock import FileLock

from .paths import LOCK_NAME, atomic_write, is_sample
from .vocab import CONTEXTS, words

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DESIGN_FILE = "design.toml"
DESIGN_COLUMNS = [
    "athlete",
    "start",
    "randomised",
    "admissible_from",
    "admissible_to",
    "seed",
    "drawn_at",
    "baseline_context",
    "planned_on",
]
BASELINE_DAYS = (14, 21)  # the admissible window: the routine starts on one of these days after the plan
DEFAULT_CONTEXT = "morning"
DEFAULT_RUNNER = "me"  # the athlete of a runner's own folder
MIN_BASELINE_DAYS = 5  # the fewest baseline scores anything can be said from
MAX_BASELINE_DAYS = 84
LOCK_TIMEOUT_S = 60
SEED_BITS = 63  # a TOML integer is a signed 64-bit one


class DesignWriteError(OSError):
    """A plan cannot be stored (the sample folder, or an athlete who already has one); nothing was changed."""


@dataclass(frozen=True)
class Phase:
    """Where an athlete stands in the plan on a day: ``"none"`` (no plan), ``"baseline"`` or ``"routine"``.

    ``day`` counts from 1 (the first day of the phase); ``start`` is shown only from the day it comes (``None``
    during the baseline, when only the window is shown)."""

    phase: str
    day: int | None = None
    start: dt.date | None = None
    admissible_from: dt.date | None = None
    admissible_to: dt.date | None = None
    drawn_at: str | None = None
    context: str = DEFAULT_CONTEXT

    @property
    def message(self) -> str:
        """What the walkthrough says on this day, in plain words (empty without a plan).

        Examples
        --------
        >>> Phase("routine", day=1, start=dt.date(2026, 3, 18)).message.split(". ")[0]
        'Your routine starts today (Wednesday 18 March)'
        """
        if self.phase == "none":
            return ""
        text = words("design")["text"]
        if self.phase == "baseline":
            return _say(
                text["baseline"],
                day=self.day,
                admissible_from=_day_words(self.admissible_from),
                admissible_to=_day_words(self.admissible_to),
            )
        if self.day == 1:
            return _say(text["starts_today"], start=_day_words(self.start))
        return _say(text["routine"], day=self.day, start=_day_words(self.start), drawn=(self.drawn_at or "")[:10])


def explain(*, baseline_days: tuple[int, int] = BASELINE_DAYS) -> str:
    """The plan and why a random start means natural healing cannot fake a result, in plain words (for the
    walkthrough, the notebooks and the report).

    Parameters
    ----------
    baseline_days : (int, int)
        The admissible window, in days after the plan.

    Returns
    -------
    str
        Three paragraphs: the plan, why the start is random, and that declining is fine.

    Examples
    --------
    >>> explain().split(": ")[0]
    'Knee pain often eases by itself'
    >>> "8 possible days" in explain()
    True
    """
    lo, hi = _window(baseline_days)
    text = words("design")["text"]
    parts = [text["offer"], text["why"], text["decline"]]
    return "\n\n".join(_say(p, min_days=lo, max_days=hi, n_starts=hi - lo + 1) for p in parts)


def draw_start(admissible_from: str | dt.date, admissible_to: str | dt.date, *, seed: int) -> dt.date:
    """The start drawn from the admissible window (both ends included) by ``numpy.random.default_rng(seed)``:
    one ``integers`` draw, so anyone can check a stored plan.

    Parameters
    ----------
    admissible_from, admissible_to : date or str
        The first and last day the routine may start.
    seed : int
        The seed of the draw (recorded in the plan).

    Returns
    -------
    date
        The drawn start.

    Examples
    --------
    >>> import numpy as np
    >>> offset = int(np.random.default_rng(7).integers(0, 8))  # the same draw, by hand
    >>> draw_start("2026-03-16", "2026-03-23", seed=7) == dt.date(2026, 3, 16) + dt.timedelta(days=offset)
    True
    """
    lo, hi = _date(admissible_from), _date(admissible_to)
    if hi < lo:
        raise ValueError(f"the admissible window ends ({hi}) before it begins ({lo})")
    offset = int(np.random.default_rng(int(seed)).integers(0, (hi - lo).days + 1))
    return lo + dt.timedelta(days=offset)


def new_plan(
    athletes: str | list[str] = "me",
    *,
    today: str | dt.date | None = None,
    baseline_days: tuple[int, int] = BASELINE_DAYS,
    context: str = DEFAULT_CONTEXT,
    seed: int | None = None,
    now: str | dt.datetime | None = None,
) -> pd.DataFrame:
    """Draw a plan (nothing is stored): for each athlete a start drawn at random from its own window, day
    ``baseline_days[0]`` to day ``baseline_days[1]`` after ``today``.

    Parameters
    ----------
    athletes : str or list of str
        One runner, or a squad (each athlete drawn independently: a randomised multiple-baseline design).
    today : date or str, optional
        The day the plan is made, the baseline's first day; by default today.
    baseline_days : (int, int)
        The admissible window in days after ``today`` (at least 5, at most 84 days).
    context : str
        The one context the baseline's daily score is taken in.
    seed : int, optional
        The seed; by default a fresh one from the operating system. With a squad, a generator from it draws each
        athlete's own seed, in the order given, so each row can be checked on its own.
    now : datetime or str, optional
        The time of the draw (recorded); by default now.

    Returns
    -------
    DataFrame
        One row per athlete: ``athlete, start, randomised, admissible_from, admissible_to, seed, drawn_at,
        baseline_context, planned_on`` (dates as Timestamps, ``drawn_at`` an ISO 8601 text with its offset).

    Examples
    --------
    >>> plan = new_plan(["Ana", "Ben"], today="2026-01-05", seed=1, now="2026-01-05T09:00:00+00:00")
    >>> plan[["athlete", "admissible_from", "admissible_to"]]
      athlete admissible_from admissible_to
    0     Ana      2026-01-19    2026-01-26
    1     Ben      2026-01-19    2026-01-26
    >>> by_hand = [pd.Timestamp(draw_start("2026-01-19", "2026-01-26", seed=s)) for s in plan["seed"]]
    >>> plan["start"].tolist() == by_hand
    True
    """
    names = [athletes] if isinstance(athletes, str) else list(athletes)
    names = [str(a).strip() for a in names]
    if not names or any(not a for a in names) or len(set(names)) != len(names):
        raise ValueError("name each athlete once (a runner alone is 'me')")
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(CONTEXTS)}")
    lo, hi = _window(baseline_days)
    first = _date(today) if today is not None else dt.date.today()
    drawn = _stamp(now)
    if seed is None:
        seeds = [secrets.randbits(SEED_BITS) for _ in names]
    elif len(names) == 1:
        seeds = [int(seed)]
    else:
        seeds = [int(s) for s in np.random.default_rng(int(seed)).integers(0, 2**SEED_BITS, size=len(names))]
    admissible_from, admissible_to = first + dt.timedelta(days=lo), first + dt.timedelta(days=hi)
    rows = [
        {
            "athlete": a,
            "start": draw_start(admissible_from, admissible_to, seed=s),
            "randomised": True,
            "admissible_from": admissible_from,
            "admissible_to": admissible_to,
            "seed": s,
            "drawn_at": drawn,
            "baseline_context": context,
            "planned_on": first,
        }
        for a, s in zip(names, seeds, strict=True)
    ]
    return design_frame(rows)


def design_frame(rows: list[dict]) -> pd.DataFrame:
    """Plan rows (dicts keyed by :data:`DESIGN_COLUMNS`) as the tidy frame ``Dataset.design`` holds.

    Parameters
    ----------
    rows : list of dict
        One per athlete; a missing key is empty (a start the runner chose has no window, seed or draw time).

    Returns
    -------
    DataFrame
        ``athlete, start, randomised, admissible_from, admissible_to, seed, drawn_at, baseline_context,
        planned_on``: dates as Timestamps, ``seed`` as a nullable integer, ``randomised`` as bool.

    Examples
    --------
    >>> design_frame([{"athlete": "me", "start": "2026-03-20", "randomised": False}]).dtypes["seed"]
    Int64Dtype()
    """

    def column(key: str) -> list:
        return [None if _empty(r.get(key)) else r.get(key) for r in rows]

    frame = pd.DataFrame({"athlete": pd.Series([str(a) for a in column("athlete")], dtype=object)})
    frame["start"] = pd.to_datetime(pd.Series(column("start"), dtype=object))
    frame["randomised"] = pd.Series([bool(v) for v in column("randomised")], dtype=bool)
    for key in ("admissible_from", "admissible_to"):
        frame[key] = pd.to_datetime(pd.Series(column(key), dtype=object))
    frame["seed"] = pd.array([None if v is None else int(v) for v in column("seed")], dtype="Int64")
    frame["drawn_at"] = pd.Series(column("drawn_at"), dtype=object)
    frame["baseline_context"] = pd.Series([v or DEFAULT_CONTEXT for v in column("baseline_context")], dtype=object)
    frame["planned_on"] = pd.to_datetime(pd.Series(column("planned_on"), dtype=object))
    return frame


def plan_design(folder: str | Path, athletes: str | list[str] = "me", **options) -> pd.DataFrame:
    """Draw a plan (:func:`new_plan`) and store it in the folder's ``design.toml`` before anyone sees the start.

    An athlete who already has a plan keeps it (a plan redrawn after the data are seen is no longer random): that
    is an error and nothing is written. An athlete who had declined is now planned.

    Parameters
    ----------
    folder : str or Path
        The data folder (never the sample's).
    athletes : str or list of str
        One runner (``"me"``) or the squad's athletes.
    **options
        ``today``, ``baseline_days``, ``context``, ``seed``, ``now`` as :func:`new_plan` takes them.

    Returns
    -------
    DataFrame
        The rows stored, as :func:`new_plan` returns them.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> plan_design(folder, ["Ana", "Ben"], today="2026-01-05", seed=3)["athlete"].tolist()
    ['Ana', 'Ben']
    >>> read_design(folder)["randomised"].tolist()
    [True, True]
    """
    plan = new_plan(athletes, **options)
    with _locked(folder) as path:
        plans, declined = _read(path)
        taken = sorted(set(plan["athlete"]) & {str(p["athlete"]) for p in plans})
        if taken:
            raise DesignWriteError(
                f"{', '.join(taken)} already {'has' if len(taken) == 1 else 'have'} a plan: a start redrawn after "
                "the scores are seen is no longer random, so the plan stays as it is. Nothing was changed"
            )
        plans += [_row_for_file(r) for r in plan.to_dict("records")]
        declined = [d for d in declined if d["athlete"] not in set(plan["athlete"])]
        _write(path, plans, declined)
    return plan


def record_start(folder: str | Path, athlete: str = "me", *, start: str | dt.date, context: str = DEFAULT_CONTEXT):
    """Store a start the runner chose (not drawn): the answer then cannot rule out natural healing, and says so.

    Parameters
    ----------
    folder : str or Path
        The data folder (never the sample's).
    athlete : str
        The runner.
    start : date or str
        The day the routine started.
    context : str
        The context of the daily score.

    Returns
    -------
    DataFrame
        The row stored (``randomised`` False; no window, seed or draw time).

    Examples
    --------
    >>> import tempfile
    >>> record_start(tempfile.mkdtemp(), start="2026-03-09")[["athlete", "start", "randomised"]]
      athlete      start  randomised
    0      me 2026-03-09       False
    """
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(CONTEXTS)}")
    row = design_frame(
        [{"athlete": str(athlete), "start": _date(start), "randomised": False, "baseline_context": context}]
    )
    with _locked(folder) as path:
        plans, declined = _read(path)
        if any(str(p["athlete"]) == str(athlete) for p in plans):
            raise DesignWriteError(f"{athlete} already has a plan: nothing was changed")
        plans.append(_row_for_file(row.iloc[0].to_dict()))
        _write(path, plans, [d for d in declined if d["athlete"] != str(athlete)])
    return row


def decline_design(folder: str | Path, athlete: str = "me", *, now: str | dt.datetime | None = None) -> None:
    """Keep a runner's "no, thanks": no plan is drawn, and the walkthrough does not offer it again (asking for
    one with :func:`plan_design` still works).

    Parameters
    ----------
    folder : str or Path
        The data folder (never the sample's).
    athlete : str
        The runner who declined.
    now : datetime or str, optional
        When; by default now.

    Returns
    -------
    None

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> decline_design(folder)
    >>> declined(folder), len(read_design(folder))
    (['me'], 0)
    """
    athlete = str(athlete).strip() or DEFAULT_RUNNER
    with _locked(folder) as path:
        plans, rows = _read(path)
        if any(str(p["athlete"]) == athlete for p in plans):
            raise DesignWriteError(f"{athlete} already has a plan: it stays as it is")
        if athlete not in {d["athlete"] for d in rows}:
            rows.append({"athlete": athlete, "on": _stamp(now)})
            _write(path, plans, rows)


def read_design(folder: str | Path) -> pd.DataFrame:
    """The plans stored in the folder's ``design.toml`` (empty, with its columns, when there is none).

    Parameters
    ----------
    folder : str or Path
        The data folder.

    Returns
    -------
    DataFrame
        As :func:`design_frame`: one row per athlete with a plan.

    Examples
    --------
    >>> import tempfile
    >>> list(read_design(tempfile.mkdtemp()).columns)[:3]
    ['athlete', 'start', 'randomised']
    """
    plans, _ = _read(Path(folder).expanduser() / DESIGN_FILE)
    return design_frame(plans)


def declined(folder: str | Path) -> list[str]:
    """The athletes who declined the plan (and have none), in the order they did.

    Examples
    --------
    >>> import tempfile
    >>> declined(tempfile.mkdtemp())
    []
    """
    return [d["athlete"] for d in _read(Path(folder).expanduser() / DESIGN_FILE)[1]]


def check_design(design: pd.DataFrame) -> pd.Series:
    """Whether each randomised start is the one its seed draws from its window (``draw_start``): a stored plan
    anyone can check. Rows not randomised are ``False``.

    Parameters
    ----------
    design : DataFrame
        As ``Dataset.design`` or :func:`read_design` returns it.

    Returns
    -------
    Series of bool
        One per row.

    Examples
    --------
    >>> plan = new_plan("me", today="2026-03-02", seed=11)
    >>> check_design(plan).tolist()
    [True]
    >>> check_design(plan.assign(start=plan["start"] + pd.Timedelta(days=1))).tolist()
    [False]
    """
    ok = [
        bool(r.randomised)
        and pd.Timestamp(draw_start(r.admissible_from.date(), r.admissible_to.date(), seed=int(r.seed))) == r.start
        for r in design.itertuples()
    ]
    return pd.Series(ok, index=design.index, dtype=bool)


def phase_of(design: pd.DataFrame | None, athlete: str, *, today: str | dt.date | None = None) -> Phase:
    """Where ``athlete`` stands in the plan on ``today``: the start is revealed only from the day it comes.

    Parameters
    ----------
    design : DataFrame or None
        The plans (``Dataset.design``, :func:`read_design`); ``None`` for none.
    athlete : str
        The athlete.
    today : date or str, optional
        The day; by default today.

    Returns
    -------
    Phase
        ``phase`` (``"none"``, ``"baseline"``, ``"routine"``), ``day`` (1 on the phase's first day), ``start``
        (``None`` during a randomised baseline), the window, ``drawn_at`` and the score's ``context``.

    Examples
    --------
    >>> plan = new_plan("me", today="2026-03-02", seed=7)
    >>> phase_of(plan, "me", today="2026-03-02").day, phase_of(plan, "me", today="2026-03-02").start
    (1, None)
    >>> start = plan["start"].iloc[0].date()
    >>> phase_of(plan, "me", today=start).phase, phase_of(plan, "me", today=start).day
    ('routine', 1)
    """
    day = _date(today) if today is not None else dt.date.today()
    if design is None or not len(design):
        return Phase("none")
    mine = design[design["athlete"].astype(str) == str(athlete)]
    if mine.empty:
        return Phase("none")
    r = mine.iloc[0]
    start = r["start"].date()
    window = {
        "admissible_from": None if pd.isna(r["admissible_from"]) else r["admissible_from"].date(),
        "admissible_to": None if pd.isna(r["admissible_to"]) else r["admissible_to"].date(),
        "drawn_at": r["drawn_at"],
        "context": r["baseline_context"],
    }
    if day >= start:
        return Phase("routine", day=(day - start).days + 1, start=start, **window)
    first = r["planned_on"].date() if pd.notna(r["planned_on"]) else day
    shown = None if r["randomised"] else start
    return Phase("baseline", day=max((day - first).days + 1, 1), start=shown, **window)


# ---- the file ---------------------------------------------------------------------------------------------
FILE_HEAD = (
    "# The plan of a randomised AB design, made by kneecare-analysis: each athlete's routine starts on a day\n"
    "# drawn at random from the admissible window, with numpy.random.default_rng(seed).integers(0, days).\n"
    "# Do not edit: a start changed by hand is no longer random (kneecare_analysis.design.check_design).\n"
)


class _Lock:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder).expanduser()

    def __enter__(self) -> Path:
        if is_sample(self.folder):
            raise DesignWriteError(
                f"{self.folder} is the shipped sample data, which stays as it is: plan in data/personal/ or the "
                "folder KNEECARE_DATA points at"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        self.lock = FileLock(str(self.folder / LOCK_NAME), timeout=LOCK_TIMEOUT_S)
        self.lock.acquire()
        return self.folder / DESIGN_FILE

    def __exit__(self, *exc) -> None:
        self.lock.release()


def _locked(folder: str | Path) -> _Lock:
    return _Lock(folder)


def _read(path: Path) -> tuple[list[dict], list[dict]]:
    if not path.exists():
        return [], []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DesignWriteError(f"{path} is not a plan the kit can read ({exc}): nothing was changed") from None
    return list(data.get("plan", [])), list(data.get("declined", []))


def _row_for_file(row: dict) -> dict:
    out = {}
    for key in DESIGN_COLUMNS:
        value = row.get(key)
        if _empty(value):
            continue
        if isinstance(value, pd.Timestamp):
            value = value.date().isoformat()
        elif isinstance(value, (np.integer, np.bool_)):
            value = value.item()
        out[key] = value
    return out


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def _write(path: Path, plans: list[dict], declined_rows: list[dict]) -> None:
    blocks = [FILE_HEAD + "version = 1\n"]
    for name, rows in (("plan", plans), ("declined", declined_rows)):
        for row in rows:
            lines = [f"[[{name}]]"] + [f"{k} = {_toml_value(v)}" for k, v in row.items()]
            blocks.append("\n".join(lines) + "\n")
    atomic_write(path, "\n".join(blocks).encode("utf-8"))


# ---- small helpers ----------------------------------------------------------------------------------------
def _window(baseline_days: tuple[int, int]) -> tuple[int, int]:
    lo, hi = (int(d) for d in baseline_days)
    if not MIN_BASELINE_DAYS <= lo <= hi <= MAX_BASELINE_DAYS:
        raise ValueError(
            f"baseline_days is (first, last) admissible day with {MIN_BASELINE_DAYS} <= first <= last <= "
            f"{MAX_BASELINE_DAYS}; got {baseline_days}"
        )
    return lo, hi


def _empty(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _date(value: str | dt.date) -> dt.date:
    return pd.Timestamp(value).date()


def _stamp(now: str | dt.datetime | None) -> str:
    when = pd.Timestamp(now) if now is not None else pd.Timestamp(dt.datetime.now().astimezone())
    return when.isoformat(timespec="seconds")


def _day_words(day: dt.date | None) -> str:
    return "" if day is None else day.strftime("%A %d %B")


def _say(template: str, **values) -> str:
    return " ".join(template.split()).format(**values)
