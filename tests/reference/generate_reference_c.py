#!/usr/bin/python3
"""Reference values for ReproSpec statistics part C: samples with no spread and rank tests under ties.

Regenerate with:  /usr/bin/python3 tests/reference/generate_reference_c.py   (a few seconds; Debian's scipy 1.10.1)
Writes tests/reference/statistics_reference_c.json next to this script. Every p-value is scipy's exact
permutation_test (n_resamples=inf): sign flips for one-sample and paired data, relabellings for two samples,
computed on the raw statistic, never by calling ReproSpec.

* no_spread: t tests whose sample (or differences) are constant. A t statistic is then infinite; the exact
  randomisation p-value of the mean (difference) is 2^-n for sign flips and 1/C(m+n, m) for relabellings.
* mann_whitney_ties / wilcoxon_ties: the exact distribution of U of A (mid-ranks) and of W+ (mid-ranks of |d|,
  zeros dropped as in zero_method="wilcox") conditional on the ties.
"""
import json
import os

import numpy as np
import scipy.stats as st

HERE = os.path.dirname(os.path.abspath(__file__))
ALTERNATIVES = {"Greater": "greater", "Less": "less", "TwoSided": "two-sided"}


def exact_one_sample(d, alternative):
    res = st.permutation_test((np.asarray(d, float),), np.mean, permutation_type="samples",
                              alternative=alternative, n_resamples=np.inf, vectorized=False)
    return float(res.pvalue)


def exact_two_sample(x, y, statistic, alternative):
    res = st.permutation_test((np.asarray(x, float), np.asarray(y, float)), statistic, permutation_type="independent",
                              alternative=alternative, n_resamples=np.inf, vectorized=False)
    return float(res.pvalue)


def mean_difference(x, y):
    return np.mean(x) - np.mean(y)


def u_of_a(x, y):
    ranks = st.rankdata(np.concatenate([x, y]))
    m = len(x)
    return ranks[:m].sum() - m * (m + 1) / 2


def w_plus(d):
    d = d[d != 0]
    ranks = st.rankdata(np.abs(d))
    return ranks[d > 0].sum()


def no_spread_cases():
    cases = []
    # One sample against a bound: the example (three seeds at 29/30 against 0.95), and others.
    for x, bound in [([29 / 30] * 3, 0.95), ([0.9] * 2, 0.5), ([0.75] * 5, 0.8), ([1.0] * 8, 0.99), ([0.5] * 4, 0.5)]:
        for name, alternative in ALTERNATIVES.items():
            cases.append({"kind": "one_sample", "x": x, "bound": bound, "alternative": name,
                          "expected": {"p_value": exact_one_sample(np.asarray(x) - bound, alternative)}})
    # Paired: constant differences a[i] - b[i] (binary-exact values so the differences are exactly equal).
    for a, b, margin in [([0.75, 0.5, 0.625], [0.5, 0.25, 0.375], 0.0), ([1.0, 2.0, 3.0, 4.0], [1.5, 2.5, 3.5, 4.5], -0.25),
                         ([0.875] * 6, [0.625] * 6, 0.125), ([0.5, 0.25], [0.25, 0.0], 0.25)]:
        d = np.asarray(a) - np.asarray(b) - margin
        for name, alternative in ALTERNATIVES.items():
            cases.append({"kind": "paired", "a": a, "b": b, "margin": margin, "alternative": name,
                          "expected": {"p_value": exact_one_sample(d, alternative)}})
    # Two samples, each constant: Welch and Student alike.
    for a, b, margin in [([0.75] * 3, [0.5] * 3, 0.0), ([0.75] * 3, [0.5] * 5, 0.125), ([0.5] * 4, [0.75] * 4, 0.0),
                         ([1.0] * 2, [0.0] * 2, 0.5), ([0.25] * 6, [0.25] * 6, 0.0)]:
        shifted = np.asarray(a) - margin
        for name, alternative in ALTERNATIVES.items():
            cases.append({"kind": "two_sample", "a": a, "b": b, "margin": margin, "alternative": name,
                          "expected": {"p_value": exact_two_sample(shifted, np.asarray(b, float), mean_difference, alternative)}})
    return cases


def mann_whitney_tie_cases():
    samples = [
        ([1.0] * 3, [0.0] * 3, 0.0),                                   # all tied within each group: p = 1/20
        ([29 / 30, 29 / 30, 28 / 30, 1.0], [28 / 30, 28 / 30, 29 / 30, 27 / 30], 0.0),
        ([0.9667, 0.9667, 0.9333, 0.9667, 1.0], [0.9333, 0.9667, 0.9333, 0.9, 0.9333], 0.0),
        ([3.0, 3.0, 2.0, 2.0, 1.0, 3.0], [2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 2.0], 0.0),
        ([0.5, 0.5, 0.75, 0.75], [0.25, 0.5, 0.5, 0.25], 0.25),         # ties created by the shift
        ([0.1, 0.2, 0.2, 0.3, 0.4, 0.4, 0.4, 0.5], [0.1, 0.1, 0.2, 0.3, 0.3, 0.4, 0.2, 0.1], 0.0),
    ]
    cases = []
    for a, b, margin in samples:
        shifted = np.asarray(a) - margin
        for name, alternative in ALTERNATIVES.items():
            cases.append({"a": a, "b": b, "margin": margin, "alternative": name,
                          "expected": {"statistic": float(u_of_a(shifted, np.asarray(b))),
                                       "p_value": exact_two_sample(shifted, np.asarray(b, float), u_of_a, alternative)}})
    return cases


def wilcoxon_tie_cases():
    samples = [
        ([0.75, 0.5, 0.625], [0.5, 0.25, 0.375], 0.0),                    # three equal differences: 1/8
        ([1.0, 1.0, 0.5, 0.75, 0.25], [0.5, 0.75, 0.5, 0.25, 0.0], 0.0),   # ties and a zero
        ([2.0, 3.0, 1.0, 4.0, 2.0, 5.0, 1.0], [1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0], 0.0),
        ([0.5, 0.75, 0.75, 1.0, 0.5, 0.25], [0.25, 0.25, 0.5, 0.5, 0.5, 0.5], 0.25),
        ([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [1.0, 0.0, 0.0, 2.0, 3.0, 3.0, 7.0, 5.0, 6.0, 6.0], 0.0),
    ]
    cases = []
    for a, b, margin in samples:
        d = np.asarray(a) - np.asarray(b) - margin
        nonzero = d[d != 0]
        for name, alternative in ALTERNATIVES.items():
            res = st.permutation_test((nonzero,), w_plus, permutation_type="samples", alternative=alternative,
                                      n_resamples=np.inf, vectorized=False)
            cases.append({"a": a, "b": b, "margin": margin, "alternative": name,
                          "expected": {"statistic": float(w_plus(d)), "p_value": float(res.pvalue)}})
    return cases


def main():
    import scipy
    out = {
        "generator": "tests/reference/generate_reference_c.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "no_spread": no_spread_cases(),
        "mann_whitney_ties": mann_whitney_tie_cases(),
        "wilcoxon_ties": wilcoxon_tie_cases(),
    }
    with open(os.path.join(HERE, "statistics_reference_c.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
