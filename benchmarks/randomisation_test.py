"""What a randomised start buys, on the demo scenarios: how often one runner's randomisation test (Edgington;
statistic: the baseline's mean morning score minus the mean from ``ramp`` days after a candidate start, over the
8 admissible starts) reaches its smallest p (1/8), with no effect and with a real one. Prints numbers; asserts
nothing. About 2 minutes with the defaults.

    python benchmarks/randomisation_test.py [--null 600] [--effect 150]
"""

from __future__ import annotations

import argparse

import numpy as np

from kneecare_analysis import demo


def p_value(s: demo.Scenario, ramp: int) -> float:
    """One athlete's exact randomisation p: the share of admissible starts whose statistic is at least the drawn
    start's."""
    g = s.pain.merge(s.design, on="athlete")
    t = (g["date"] - g["planned_on"]).dt.days.to_numpy()
    y = g["pain"].to_numpy()
    lo = (g["admissible_from"].iloc[0] - g["planned_on"].iloc[0]).days
    hi = (g["admissible_to"].iloc[0] - g["planned_on"].iloc[0]).days
    drawn = (g["start"].iloc[0] - g["planned_on"].iloc[0]).days
    stat = np.array([y[t < c].mean() - y[t >= c + ramp].mean() for c in range(lo, hi + 1)])
    return float(np.mean(stat >= stat[drawn - lo] - 1e-12))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--null", type=int, default=600, help="runners with no effect")
    parser.add_argument("--effect", type=int, default=150, help="runners with a real effect, per ramp")
    args = parser.parse_args()
    null = [p_value(demo.no_effect(seed=20000 + r), 0) for r in range(args.null)]
    print(f"no effect: P(p <= 1/8) = {np.mean(np.array(null) <= 0.125):.3f} (n = {args.null}; exact: 0.125)")
    for ramp in (1, 14):
        p = [p_value(demo.real_effect(seed=30000 + r, ramp_days=ramp), ramp - 1) for r in range(args.effect)]
        print(f"real effect -1.5, ramp {ramp:2d} days: P(p <= 1/8) = {np.mean(np.array(p) <= 0.125):.3f}")


if __name__ == "__main__":
    main()
