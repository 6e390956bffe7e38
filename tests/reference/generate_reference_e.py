#!/usr/bin/python3
"""Reference values for ReproSpec statistics part E: the exact binomial bound for values that are shares of k items.

Regenerate with:  /usr/bin/python3 tests/reference/generate_reference_e.py   (a few seconds; Debian's scipy 1.10.1)
Writes tests/reference/statistics_reference_e.json next to this script, never calling ReproSpec.

A threshold claim on values that are all shares of k items (accuracy on a test set of k items: 29/30, 1, 28/30) takes,
for each one-sided test, the larger of the t / sign-flip p-value and the exact binomial p-value of the pooled counts
S = sum(k * x) out of N = n * k trials. The binomial p is used only one unit of count beyond the null mean
(S >= N * bound + 1 for "mean <= bound", S <= N * bound - 1 for "mean >= bound"; 1 otherwise), where Hoeffding (1956,
Theorem 4) bounds every Poisson-binomial tail by the binomial's. Here:

* shares: k (the smallest denominator, from Python's fractions), S, N, scipy.stats.binomtest's one-sided p-values with
  that rule, the interval that inverts them (scipy.stats.beta.ppf, Clopper-Pearson's ends, kept one unit of count
  from the estimate), and the combined threshold p-value with the location test computed by scipy (ttest_1samp when
  no two |x - bound| tie and none is 0, the exact sign-flip permutation_test otherwise).
* betting: the betting (hedged capital) test of a bounded mean (Waudby-Smith & Ramdas 2024), written here in numpy
  from its definition: capital prod(1 + lambda_i (y_i - m)) with the predictable plug-in bets, p = min(1, 1/max capital),
  for H0 mean <= bound ("greater") and mean >= bound ("less"), and the interval's ends by a grid scan of the bound.
* refinement: the check that a coarser lattice (k' dividing the true k) never gives a smaller binomial p-value on the
  same values: P(Bin(N, q) >= c) >= P(Bin(gN, q) >= gc) whenever c >= Nq + 1, and the mirrored lower tail, over a grid;
  the count of violations must be 0.
"""
import json
import os
from fractions import Fraction

import numpy as np
import scipy.stats as st

HERE = os.path.dirname(os.path.abspath(__file__))


def items(x):
    k = 1
    for v in x:
        k = np.lcm(k, Fraction(v).limit_denominator(10_000).denominator)
    return int(k)


def tails(count, trials, bound):
    # A null every share satisfies ("mean <= 1", "mean >= 0") cannot be rejected: 1. A null no share satisfies
    # ("mean <= -0.1", "mean >= 1.003") puts no floor under the location test's p: 0 (it never binds in the maximum).
    if bound >= 1 or bound <= 0:
        greater = 1.0 if bound >= 1 else (0.0 if bound < 0 or count >= 1 else 1.0)
        less = 1.0 if bound <= 0 else (0.0 if bound > 1 or count <= trials - 1 else 1.0)
        return greater, less
    mean = trials * bound
    greater = st.binomtest(count, trials, bound, alternative="greater").pvalue if count >= mean + 1 else 1.0
    less = st.binomtest(count, trials, bound, alternative="less").pvalue if count <= mean - 1 else 1.0
    return float(greater), float(less)


def interval(count, trials, confidence):
    tail = (1 - confidence) / 2
    low = 0.0 if count == 0 else min(st.beta.ppf(tail, count, trials - count + 1), (count - 1) / trials)
    high = 1.0 if count == trials else max(st.beta.ppf(1 - tail, count + 1, trials - count), (count + 1) / trials)
    return [max(0.0, float(low)), min(1.0, float(high))]


def tied(x, bound):
    m = np.sort(np.abs(np.asarray(x) - bound))
    tolerance = 1e-9 * max(np.max(np.abs(x)), abs(bound))
    return m[0] <= tolerance or np.any(np.diff(m) <= tolerance)


def location_p(x, bound, alternative):
    x = np.asarray(x, float)
    if np.var(x) == 0 or tied(x, bound):
        res = st.permutation_test((x - bound,), np.mean, permutation_type="samples", alternative=alternative,
                                  n_resamples=np.inf, vectorized=False)
        return float(res.pvalue)
    return float(st.ttest_1samp(x, bound, alternative=alternative).pvalue)


def share_case(x, bound, confidence=0.95):
    k = items(x)
    count = int(round(sum(v * k for v in x)))
    trials = len(x) * k
    greater, less = tails(count, trials, bound)
    return {
        "x": list(x), "bound": bound, "confidence": confidence,
        "expected": {
            "items": k, "count": count, "trials": trials, "p_greater": greater, "p_less": less,
            "interval": interval(count, trials, confidence),
            "threshold_p_greater": max(greater, location_p(x, bound, "greater")),
            "threshold_p_less": max(less, location_p(x, bound, "less")),
        },
    }


def betting_p(y, m, alpha, greater):
    if (m >= 1) if greater else (m <= 0):
        return 1.0
    if (m < 0) if greater else (m > 1):
        return 0.0
    y = np.asarray(y, float)
    t = np.arange(1, len(y) + 1)
    # Running estimates before seed i: mean (1/2 + sum_{j<i} y_j)/i, variance (1/4 + sum_{j<i} (y_j - mean_before_j)^2)/i.
    sums = 0.5 + np.concatenate(([0.0], np.cumsum(y)[:-1]))
    mean_before = sums / t
    squares = 0.25 + np.concatenate(([0.0], np.cumsum((y - mean_before) ** 2)[:-1]))
    variance = squares / t
    cap = 0.75 / (m if greater else 1 - m)
    bets = np.minimum(np.sqrt(2 * np.log(1 / alpha) / (variance * t * np.log(1 + t))), cap)
    steps = (y - m) if greater else (m - y)
    log_capital = np.cumsum(np.log1p(bets * steps))
    return float(min(1.0, np.exp(-max(0.0, log_capital.max()))))


def betting_case(x, low, high, bound, alpha=0.05, confidence=0.95):
    y = (np.asarray(x, float) - low) / (high - low)
    m = (bound - low) / (high - low)
    tail = (1 - confidence) / 2
    grid = np.linspace(0, 1, 100_001)
    rejected_low = [g for g in grid if g <= y.mean() and betting_p(y, g, alpha, True) < tail]
    rejected_high = [g for g in grid if g >= y.mean() and betting_p(y, g, alpha, False) < tail]
    lo = max(rejected_low) if rejected_low else 0.0
    hi = min(rejected_high) if rejected_high else 1.0
    return {
        "x": list(x), "low": low, "high": high, "bound": bound, "alpha": alpha, "confidence": confidence,
        "expected": {
            "p_greater": betting_p(y, m, alpha, True), "p_less": betting_p(y, m, alpha, False),
            "interval": [low + (high - low) * lo, low + (high - low) * hi], "grid_step": (high - low) * 1e-5,
        },
    }


def refinement_violations():
    checked = violations = 0
    for n in range(1, 121):
        for g in (2, 3, 5, 10):
            for q in (0.5, 0.7, 0.9, 0.95, 0.97, 0.99, 0.995):
                for c in range(0, n + 1):
                    if c >= n * q + 1:
                        checked += 1
                        if st.binom.sf(c - 1, n, q) < st.binom.sf(g * c - 1, g * n, q) * (1 - 1e-12):
                            violations += 1
                    if c <= n * q - 1:
                        checked += 1
                        if st.binom.cdf(c, n, q) < st.binom.cdf(g * c, g * n, q) * (1 - 1e-12):
                            violations += 1
    return checked, violations


def main():
    thirty = [k / 30 for k in range(31)]
    cases = [
        share_case([1.0] * 10, 0.9),
        share_case([1.0] * 20, 0.9),
        share_case([1.0] * 19 + [29 / 30], 0.99),
        share_case([1.0] * 9 + [29 / 30], 0.99),
        share_case([29 / 30] * 10, 0.95),
        share_case([thirty[29], thirty[28], thirty[30], thirty[29], thirty[27]], 0.9),
        share_case([thirty[29], thirty[28], thirty[30], thirty[29], thirty[27]], 0.97, 0.9),
        share_case([0.9] * 8 + [1.0] * 2, 0.92),
        share_case([0.9] * 10, 0.92),
        share_case([148 / 150, 1.0, 149 / 150], 0.98),
        share_case([148 / 150, 1.0, 149 / 150, 147 / 150, 1.0, 150 / 150, 146 / 150, 149 / 150], 0.985, 0.99),
        share_case([0.1, 0.0, 0.0, 0.2, 0.1], 0.3),
        share_case([0.25, 0.5, 0.75, 0.5], 0.5),
        # Bounds at and beyond the ends of [0, 1]: a reproduction's reported mean ± tolerance can leave the range.
        share_case([thirty[29], thirty[28], thirty[30], thirty[29], thirty[27]], 1.003),
        share_case([thirty[29], thirty[28], thirty[30], thirty[29], thirty[27]], 1.0),
        share_case([1.0] * 5, 1.0),
        share_case([0.1, 0.0, 0.0, 0.2, 0.1], 0.0),
        share_case([0.0] * 4, 0.0),
        share_case([0.1, 0.0, 0.0, 0.2, 0.1], -0.05),
    ]
    rng = np.random.default_rng(20261202)
    betting = [
        betting_case([1.0] * 40, 0, 1, 0.9),
        betting_case([1.0] * 10, 0, 1, 0.9),
        betting_case(list((rng.binomial(30, 0.97, 30) / 30)), 0, 1, 0.9),
        betting_case(list((rng.binomial(30, 0.97, 30) / 30)), 0, 1, 0.9, 0.01, 0.9),
        betting_case(list(rng.uniform(0.2, 0.8, 25)), 0, 1, 0.4),
        betting_case(list(rng.uniform(0.2, 0.8, 25)), 0, 1, 0.6),
        betting_case(list(rng.uniform(-3, 5, 50)), -3, 5, 0.2),
        betting_case([0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0], 0, 1, 0.5),
    ]
    checked, violations = refinement_violations()
    out = {
        "generator": "tests/reference/generate_reference_e.py",
        "scipy": st.__name__ and __import__("scipy").__version__,
        "shares": cases,
        "betting": betting,
        "refinement": {"checked": checked, "violations": violations},
    }
    with open(os.path.join(HERE, "statistics_reference_e.json"), "w") as f:
        json.dump(out, f, indent=1)
    print(f"{len(cases)} cases, refinement: {checked} checked, {violations} violations")


if __name__ == "__main__":
    main()
