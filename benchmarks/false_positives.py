"""How often the kit claims the routine helped when it did nothing: simulated runners whose routine has no
effect on the knee, put through the kit's public functions on their defaults, with one scenario where it does
help (a real effect of −1.5 points) as the power row. Prints Markdown tables and writes
``docs/false_positives.md``.

    python benchmarks/false_positives.py [--runners 100] [--squads 50] [--seed 2026] [--out docs/false_positives.md]

About 1 to 5 minutes with the defaults on a shared 2-core machine (the AR(1) model of ``routine_effect`` takes
about a quarter of a second a runner). Every scenario has its own fixed seed, derived from ``--seed``.

The scenarios:

- the four of the issue that asked for this table, each 16 to 17 weeks of routine after a baseline of 14 to 21
  days (the start drawn by the kit's own plan, :func:`kneecare_analysis.design.new_plan`), one morning score a
  day (10 % missing), generated here: a knee that heals (6 → 3) while adherence fades (.95 → .35) or while the habit
  grows (.4 → .9); no trend, but the knee and the habit both wander (weekly AR(1), φ = .7); independent noise;
- the scenarios of :mod:`kneecare_analysis.demo` (``demo.SCENARIOS``; 6 weeks after the admissible window):
  natural recovery, no effect, regression to the mean, reverse causation, habit grows, habit fades, real effect.

For each scenario and runner, on the kit's defaults:

- ``relationship(weekly_summary(log, pain=pain))``: the headline ρ (program week held constant, effective-n p)
  same week and lag 1, and the raw ρ beside it (its p also on the effective number of weeks); for the old kit's
  behaviour, plain Spearman p (``scipy.stats.spearmanr``) on the same weekly columns, same week and lag 1;
- ``pain_change(log, pain=pain)``: the verdict "improved by at least 2 points", and the ``improved`` flag (change
  ≤ −2 with no uncertainty, the old kit's "improved");
- ``routine_effect(pain, design)``: its verdicts, the CI wholly below 0, and the randomisation p at its smallest
  possible value (1 / the number of admissible starts);
- ``squad_randomisation_test`` on separate squads of 12 runners: p < .05.

A share counts every runner of the scenario: a runner with no ρ, or no verdict, is not a claim.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

import kneecare_analysis as kc
from kneecare_analysis import demo
from kneecare_analysis.design import new_plan

ROOT = Path(__file__).resolve().parents[1]
SQUAD_SIZE = 12
ISSUE_WEEKS = 16  # weeks of routine after the start, in the issue's four scenarios
BASELINE_DAYS = (14, 21)  # the admissible window, as the kit's plan draws it
PLANNED_ON = dt.date(2026, 3, 2)
MISSING = 0.1  # the share of mornings without a score
WANDER_PHI = 0.7  # week-to-week autocorrelation of the wandering knee and habit

Generator = Callable[..., demo.Scenario]  # (athletes=, seed=) -> Scenario


# ---------------------------------------------------------------- the issue's four scenarios


def _spells(n: int, rng: np.random.Generator, phi: float, sd: float) -> np.ndarray:
    """An AR(1) series of length ``n`` with marginal SD ``sd``, started from its stationary spread."""
    out = np.empty(n)
    out[0] = rng.normal(0, sd)
    shocks = rng.normal(0, sd * np.sqrt(1 - phi**2), n)
    for t in range(1, n):
        out[t] = phi * out[t - 1] + shocks[t]
    return out


def _session_rows(athlete: str, day: dt.date) -> list[tuple]:
    """One complete session of the default routine, one row per drill and side."""
    rows = []
    for drill in kc.DEFAULT_ROUTINE.drills:
        sides = ("left", "right") if drill.sided else ("both",)
        for side in sides:
            reps = drill.target if drill.kind == "reps" else None
            seconds = float(drill.target) if drill.kind == "timed" else None
            rows.append((athlete, day, drill.id, side, reps, seconds))
    return rows


def issue_scenario(kind: str, *, athletes: int, seed: int) -> demo.Scenario:
    """One of the issue's four no-effect scenarios: ``"heals_fades"``, ``"heals_grows"``, ``"wander"`` or
    ``"noise"``. A plan drawn on day 0 (start between day 14 and day 21), and data to day 133: 16 weeks after the
    window's last day, so 16 to 17 weeks of routine (18 calendar weeks in the summary); one integer
    morning score a day (the knee's level plus the demo's good and bad spells and day-to-day error), 10 %
    missing. The routine never changes the knee."""
    rng = np.random.default_rng(seed)
    names = [f"runner{i:03d}" for i in range(1, athletes + 1)]
    design = new_plan(
        names,
        today=PLANNED_ON,
        baseline_days=BASELINE_DAYS,
        seed=int(rng.integers(0, 2**62)),
        now=f"{PLANNED_ON.isoformat()}T07:00:00+00:00",
    )
    n_days = BASELINE_DAYS[1] + 7 * ISSUE_WEEKS + 1
    days = np.arange(n_days)
    log_rows, pain_rows, level_rows = [], [], []
    for row in design.itertuples():
        start = (row.start.date() - PLANNED_ON).days
        share = np.clip((days - start) / (n_days - 1 - start), 0.0, 1.0)  # 0 at the start, 1 on the last day
        if kind in ("heals_fades", "heals_grows"):
            level = 6.0 - 3.0 * days / (n_days - 1)
            first, last = (0.95, 0.35) if kind == "heals_fades" else (0.4, 0.9)
            p_session = first + (last - first) * share
        elif kind == "wander":
            weeks = days // 7
            level = 4.0 + _spells(weeks[-1] + 1, rng, WANDER_PHI, 1.0)[weeks]
            p_session = np.clip(0.65 + _spells(weeks[-1] + 1, rng, WANDER_PHI, 0.2)[weeks], 0.05, 0.98)
        elif kind == "noise":
            level = np.full(n_days, 4.0)
            p_session = np.full(n_days, 0.7)
        else:
            raise ValueError(f"unknown scenario {kind!r}")
        noise = _spells(n_days, rng, demo.AR_PHI, demo.AR_SD) + rng.normal(0, demo.MORNING_SD, n_days)
        scores = np.clip(np.round(level + noise), 0, 10)
        scored = rng.random(n_days) >= MISSING
        done = (days >= start) & (rng.random(n_days) < p_session)
        for t in days:
            day = PLANNED_ON + dt.timedelta(days=int(t))
            if done[t]:
                log_rows += _session_rows(row.athlete, day)
            if scored[t]:
                pain_rows.append((row.athlete, day, int(scores[t]), "morning"))
            level_rows.append((row.athlete, pd.Timestamp(day), float(level[t])))
    log = kc.load_routine_log(
        pd.DataFrame(log_rows, columns=["athlete", "date", "drill", "side", "reps", "seconds"]).astype(
            {"reps": "Int64", "seconds": "Float64"}
        )
    )
    pain = kc.load_pain_log(pd.DataFrame(pain_rows, columns=["athlete", "date", "pain", "context"]))
    level_frame = pd.DataFrame(level_rows, columns=["athlete", "date", "level"])
    return demo.Scenario(kind, log, pain, pd.DataFrame(), design, level_frame)


def _issue(kind: str) -> Generator:
    def make(*, athletes: int, seed: int) -> demo.Scenario:
        return issue_scenario(kind, athletes=athletes, seed=seed)

    return make


def _demo(name: str) -> Generator:
    def make(*, athletes: int, seed: int) -> demo.Scenario:
        return demo.SCENARIOS[name](athletes=athletes, seed=seed)

    return make


# key: (label, generator, whether the routine works)
SCENARIOS: dict[str, tuple[str, Generator, bool]] = {
    "heals_fades": ("issue: knee heals 6 → 3, adherence fades .95 → .35", _issue("heals_fades"), False),
    "heals_grows": ("issue: knee heals 6 → 3, habit grows .4 → .9", _issue("heals_grows"), False),
    "wander": ("issue: no trend, both wander (weekly AR(1))", _issue("wander"), False),
    "noise": ("issue: independent noise", _issue("noise"), False),
    "natural_recovery": ("demo: natural_recovery (6 → 3)", _demo("natural_recovery"), False),
    "no_effect": ("demo: no_effect", _demo("no_effect"), False),
    "regression_to_mean": ("demo: regression_to_mean", _demo("regression_to_mean"), False),
    "reverse_causation": ("demo: reverse_causation", _demo("reverse_causation"), False),
    "habit_grows": ("demo: changing_habit grows", _demo("habit_grows"), False),
    "habit_fades": ("demo: changing_habit fades", _demo("habit_fades"), False),
    "real_effect": ("demo: real_effect −1.5 (power)", _demo("real_effect"), True),
}


# ---------------------------------------------------------------- the old kit's test, for comparison


def plain_spearman(summary: pd.DataFrame) -> pd.DataFrame:
    """Per athlete, plain Spearman p (weeks taken as independent, no trend held): adherence against pain the
    same week (``p_plain``) and the week after (``p_plain_lag1``), on weeks with both; NaN below 5 weeks."""
    rows = []
    for athlete, s in summary.groupby(summary["athlete"].astype(str), sort=True):
        s = s.set_index("week_start").sort_index()
        same = s[["dose_adherence", "pain_mean"]].dropna()
        nxt = s["pain_mean"].rename("next")
        nxt.index = nxt.index - pd.Timedelta(days=7)
        lag = s[["dose_adherence"]].join(nxt).dropna()
        p = [float(stats.spearmanr(f.iloc[:, 0], f.iloc[:, 1]).pvalue) if len(f) >= 5 else np.nan for f in (same, lag)]
        rows.append({"athlete": athlete, "p_plain": p[0], "p_plain_lag1": p[1]})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- one scenario


def _share(flags: pd.Series | np.ndarray) -> float:
    return float(np.mean(np.asarray(flags, dtype=bool)))


def runner_rates(s: demo.Scenario) -> dict:
    """The shares of ``s``'s runners for which each view claims an effect (every runner in the denominator)."""
    summary = kc.weekly_summary(s.log, pain=s.pain)
    rel = kc.relationship(summary)
    plain = plain_spearman(summary)
    change = kc.pain_change(s.log, pain=s.pain)
    effect = kc.routine_effect(s.pain, s.design)
    n = len(s.design)
    rel = rel.set_index("athlete").reindex(s.design["athlete"])
    plain = plain.set_index("athlete").reindex(s.design["athlete"])
    change = change.set_index("athlete").reindex(s.design["athlete"])
    sig, sig_lag = rel["p"] < 0.05, rel["p_lag1"] < 0.05
    raw, raw_lag = rel["p_raw"] < 0.05, rel["p_raw_lag1"] < 0.05
    old, old_lag = plain["p_plain"] < 0.05, plain["p_plain_lag1"] < 0.05
    verdict = effect["verdict"].astype(str)
    return {
        "runners": n,
        "weeks": float(summary.groupby(summary["athlete"].astype(str)).size().median()),
        "no_rho": _share(rel["p"].isna()),
        "p": _share(sig),
        "p_lag1": _share(sig_lag),
        "p_either": _share(sig | sig_lag),
        "p_raw": _share(raw),
        "p_raw_either": _share(raw | raw_lag),
        "p_plain": _share(old),
        "p_plain_lag1": _share(old_lag),
        "p_plain_either": _share(old | old_lag),
        "improved_2": _share(change["verdict"].astype(str).str.startswith("improved by at least")),
        "improved_flag": _share(change["improved"].fillna(False)) if "improved" in change else np.nan,
        "clear": _share(verdict == "clear improvement of at least the MCID"),
        "smaller": _share(verdict == "a change smaller than the MCID"),
        "cannot_tell": _share(verdict == "cannot tell yet"),
        "ci_below_0": _share(effect["ci_high"] < 0),
        "p_rand_min": _share(effect["p_randomisation"] <= 1 / effect["n_starts"].clip(lower=1) + 1e-9),
    }


def squad_rate(s: demo.Scenario) -> tuple[int, float]:
    """The squads of ``SQUAD_SIZE`` runners in ``s`` (in name order) and the share with the squad's
    randomisation test p < .05."""
    names = s.design["athlete"].tolist()
    squads = [names[i : i + SQUAD_SIZE] for i in range(0, len(names) - SQUAD_SIZE + 1, SQUAD_SIZE)]
    p = []
    for squad in squads:
        test = kc.squad_randomisation_test(
            s.pain[s.pain["athlete"].isin(squad)], s.design[s.design["athlete"].isin(squad)]
        )
        p.append(float(test["p"].iloc[0]))
    return len(squads), _share(np.array(p) < 0.05)


def false_positive_table(
    *,
    runners: int = 100,
    squads: int = 50,
    seed: int = 2026,
    scenarios: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """One row per scenario: how often each of the kit's views claims an effect.

    Parameters
    ----------
    runners : int
        Runners per scenario for the per-runner views.
    squads : int
        Squads of 12 per scenario (separate runners) for the squad's randomisation test; 0 for none.
    seed : int
        The seed every scenario's own seeds are derived from (each scenario's by its place in ``SCENARIOS``,
        so a subset gives the same rows as the whole table).
    scenarios : list of str, optional
        Keys of ``SCENARIOS`` to run (all by default).
    progress : callable, optional
        Called with a line of text after each scenario.

    Returns
    -------
    DataFrame
        ``key``, ``scenario`` (in words), ``effect`` (whether the routine works), ``runners``, ``weeks``
        (median weeks in the summary), the shares ``no_rho`` (no headline ρ: too few weeks, or nothing left
        once the program week is held constant), ``p``, ``p_lag1``, ``p_either`` (the headline ρ, program
        week held constant), ``p_raw``, ``p_raw_either`` (the raw ρ, effective-n p), ``p_plain``, ``p_plain_lag1``,
        ``p_plain_either`` (plain Spearman: the old kit), ``improved_2`` (pain_change's verdict "improved by
        at least 2 points"), ``improved_flag`` (its ``improved``: change ≤ −2), ``clear``, ``smaller``,
        ``cannot_tell`` (routine_effect's verdicts), ``ci_below_0``, ``p_rand_min`` (p = 1 / admissible
        starts), then ``squads`` and ``squad_p`` (the squad test's p < .05).
    """
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' notes on the AR(1) fits: the verdicts are counted as given
        for i, (key, (label, make, works)) in enumerate(SCENARIOS.items()):
            if scenarios is not None and key not in scenarios:
                continue
            t0 = time.perf_counter()
            row = {"key": key, "scenario": label, "effect": works}
            row.update(runner_rates(make(athletes=runners, seed=seed * 100 + i)))
            n_squads, squad_p = (0, np.nan)
            if squads:
                n_squads, squad_p = squad_rate(make(athletes=squads * SQUAD_SIZE, seed=seed * 100 + 50 + i))
            row.update(squads=n_squads, squad_p=squad_p)
            rows.append(row)
            if progress is not None:
                progress(f"{label}: {time.perf_counter() - t0:.0f} s")
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- Markdown


def _pct(x: float) -> str:
    return "–" if pd.isna(x) else f"{100 * x:.0f} %"


ASSOCIATION = [
    ("no_rho", "no ρ"),
    ("p", "ρ p < .05"),
    ("p_lag1", "lag-1 p < .05"),
    ("p_either", "either"),
    ("p_raw", "raw ρ p < .05"),
    ("p_raw_either", "raw either"),
    ("p_plain", "old: Spearman p < .05"),
    ("p_plain_lag1", "old: lag-1"),
    ("p_plain_either", "old: either"),
    ("improved_2", '"improved by at least 2 points"'),
    ("improved_flag", 'old: "improved"'),
]
ANSWER = [
    ("clear", '"clear improvement of at least the MCID"'),
    ("smaller", '"smaller than the MCID"'),
    ("cannot_tell", '"cannot tell yet"'),
    ("ci_below_0", "CI wholly below 0"),
    ("p_rand_min", "randomisation p = 1/8"),
    ("squad_p", "squad of 12: p < .05"),
]


def markdown(table: pd.DataFrame, columns: list[tuple[str, str]]) -> str:
    """``table``'s scenarios with ``columns`` (key, header) as percentages, as a Markdown table."""
    size = "runners (squads of 12)" if "squad_p" in dict(columns) else "runners × weeks"
    head = ["scenario", size, *(h for _, h in columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in table.itertuples(index=False):
        r = row._asdict()
        if "squad_p" in dict(columns):
            runners = f"{r['runners']} ({r['squads']} squads)"
        else:
            runners = f"{r['runners']} × {r['weeks']:g} wk"
        lines.append("| " + " | ".join([r["scenario"], runners, *(_pct(r[k]) for k, _ in columns)]) + " |")
    return "\n".join(lines)


def findings(table: pd.DataFrame) -> str:
    """The table's worst no-effect rows and the power row, in sentences (they follow the numbers of any run)."""
    null, power = table[~table["effect"]], table[table["effect"]]
    if null.empty or power.empty:
        return ""

    def worst(column: str) -> str:
        if null[column].isna().all():
            return "–"
        row = null.loc[null[column].idxmax()]
        return f"{_pct(row[column])} ({row['scenario']})" if row[column] > 0 else "0 % (none in any scenario)"

    real = power.iloc[0]
    squads = int(table["squads"].iloc[0])
    squad = (
        f"- the squad's randomisation test ({squads} squads of {SQUAD_SIZE} a scenario), p < .05: "
        f"{worst('squad_p')} (5 % by design; each squad counts {100 / squads:.0f} %)."
        if squads
        else ""
    )
    return f"""Across the {len(null)} scenarios where the routine does nothing, the worst row of each view:

- the headline ρ (program week held constant), p < .05 the same week or a week later: {worst("p_either")}; the
  raw ρ on the effective number of weeks: {worst("p_raw_either")}; the old plain Spearman: {worst("p_plain_either")};
- `pain_change`'s "improved by at least 2 points": {worst("improved_2")}; the old "improved" flag:
  {worst("improved_flag")}. A knee that heals by itself does improve: the verdict describes the change, not its
  cause (that is `routine_effect`'s question);
- `routine_effect`'s "clear improvement of at least the MCID": {worst("clear")}; its 95 % CI wholly below 0:
  {worst("ci_below_0")} (a CI that keeps its promise: about 2.5 %); one runner's randomisation p = 1/8:
  {worst("p_rand_min")} (12.5 % by design){";" if squad else "."}
{squad}

With a real effect of −1.5 points: the CI wholly below 0 in {_pct(real["ci_below_0"])} of runners, "clear
improvement of at least the MCID" in {_pct(real["clear"])} (the effect is smaller than the MCID), one runner's
randomisation p = 1/8 in {_pct(real["p_rand_min"])}, the squad's test p < .05 in {_pct(real["squad_p"])}.
"""


def document(table: pd.DataFrame, *, command: str, seconds: float) -> str:
    """The text of ``docs/false_positives.md``."""
    today = dt.date.today().strftime("%-d %b %Y")
    runners, squads = int(table["runners"].iloc[0]), int(table["squads"].iloc[0])
    return f"""# How often the kit claims an effect that is not there

Made by `benchmarks/false_positives.py` on {today}:

    {command}

Sizes: {runners} runners per scenario for the per-runner views; {squads} squads of {SQUAD_SIZE} (other runners)
per scenario for the squad's randomisation test. Fixed seeds: the same command gives the same table. It took
{seconds:.0f} s on a shared 2-core machine. Re-run the command after any change to the analysis it calls.

One view still claims too often, and it is stated here rather than hidden: on a knee whose pain wanders in
week-long spells ("both wander"), `routine_effect`'s CI — built for day-to-day autocorrelation — lies wholly
below 0 for about 1 runner in 7, and says "clear improvement" for about 1 in 50. A randomised start is the
protection against it: the randomisation p and the squad's test need no model of the noise.

Every runner below does a routine that **changes nothing** in the knee, except the last row's (a real
effect of −1.5 points reached over 14 days: the power row). Each share counts every runner of the scenario; a
runner without a ρ or a verdict is not a claim. At a 5 % level a view that keeps its promise claims an
effect in about 5 % of the no-effect runners (both lags together: up to about 10 %).

The scenarios: the four of the issue that asked for this table (16 to 17 weeks of routine after a baseline of 14
to 21 days, the start drawn by the kit's plan; one morning score a day, 10 % missing; generated in the script)
and the scenarios of `kneecare_analysis.demo` (6 weeks after the admissible window; same scoring). See the
script's docstring for each.

For comparison, the issue's table of the kit before this round (its own generator and sizes; "any of the 3
tests" as the issue counted them, the old views being ρ the same week, ρ at lag 1 and the partial ρ on load;
"improved": change ≤ −2 with no uncertainty):

| scenario (no causal link) | same-week p < .05 | lag-1 p < .05 | any of the 3 tests | "improved" |
|---|---|---|---|---|
| knee heals (6 → 3), adherence fades (.95 → .35) | 64 % | 47 % | 75 % | 86 % |
| knee heals, habit grows (.4 → .9) | 37 % (all ρ < 0) | 25 % | 46 % | 88 % |
| no trend, both wander (AR(1)) | 8.8 % | 8.4 % | 16.5 % | 7.8 % |
| independent noise | 6.3 % | 4.4 % | 11.9 % | 0 % |

## The association views and the pain change

`relationship(weekly_summary(log, pain=pain))` on its defaults: the headline ρ holds the program week constant
and takes its p on the effective number of weeks (same week, lag 1, either); the raw ρ beside it (its p also on
the effective number of weeks). "Old" is what the kit did before: plain Spearman p on the same weekly columns,
weeks taken as independent. `pain_change(log, pain=pain)`: its verdict "improved by at least 2 points" (the
whole 95 % CI at or below −2), and its `improved` flag (change ≤ −2 with no uncertainty: the old "improved").

{markdown(table, ASSOCIATION)}

## The answer: `routine_effect` and the squad's randomisation test

`routine_effect(pain, design)` on its defaults (morning scores, 14-day ramp, MCID 2 points, Crossley 2004):
its three verdicts, the 95 % CI of the level change wholly below 0, and the randomisation p at its smallest
possible value, 1/8 (8 admissible starts: a runner alone can reach no lower, so under no effect it happens in
12.5 % of runners by design). `squad_randomisation_test` on squads of {SQUAD_SIZE}: p < .05.

{markdown(table, ANSWER)}

The real effect (−1.5 points) is smaller than the MCID (2 points), so "clear improvement of at least the
MCID" is not the row's power: "CI wholly below 0" and the squad's test are.

## In short

{findings(table)}"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=100, help="runners per scenario")
    parser.add_argument("--squads", type=int, default=50, help="squads of 12 per scenario (0: none)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", default=str(ROOT / "docs" / "false_positives.md"), help="the Markdown file")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    table = false_positive_table(
        runners=args.runners,
        squads=args.squads,
        seed=args.seed,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    seconds = time.perf_counter() - t0
    print(markdown(table, ASSOCIATION))
    print()
    print(markdown(table, ANSWER))
    command = "python benchmarks/false_positives.py" + "".join(
        f" --{k} {v}" for k, v in (("runners", args.runners), ("squads", args.squads), ("seed", args.seed))
    )
    Path(args.out).write_text(document(table, command=command, seconds=seconds), encoding="utf-8")
    print(f"\nwrote {args.out} ({seconds:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
