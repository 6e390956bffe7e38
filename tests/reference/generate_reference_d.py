#!/usr/bin/python3
"""Reference values for ReproSpec statistics part D: one-sample and paired t tests on tied (discrete) values.

Regenerate with:  /usr/bin/python3 tests/reference/generate_reference_d.py   (under a minute; Debian's scipy 1.10.1)
Writes tests/reference/statistics_reference_d.json next to this script, never calling ReproSpec.

When the values tie (two of |x_i - bound| equal, or one of them 0: a metric on a lattice such as accuracy on a small
test set), ReproSpec's one-sample and paired t tests take their p-value from the exact sign-flip distribution of the
mean, exact whenever the values are symmetric about the bound. Here:

* p_value: scipy's exact permutation_test (permutation_type="samples", n_resamples=inf) of the mean of x - bound
  (of a - b - margin when paired), for each alternative.
* interval: the two-sided interval that inverts that test, computed independently: every sign pattern enumerated
  with numpy, and each bound found by bisection on the margin between a margin below (above) every value and the
  mean, as the margins where the one-sided p-value at (1 - confidence)/2 stops rejecting.
"""
import itertools
import json
import os

import numpy as np
import scipy.stats as st

HERE = os.path.dirname(os.path.abspath(__file__))
ALTERNATIVES = {"Greater": "greater", "Less": "less", "TwoSided": "two-sided"}


def exact_p(d, alternative):
    res = st.permutation_test((np.asarray(d, float),), np.mean, permutation_type="samples",
                              alternative=alternative, n_resamples=np.inf, vectorized=False)
    return float(res.pvalue)


def signs(n):
    return np.array(list(itertools.product([-1.0, 1.0], repeat=n)))


def tails(d, margin, patterns):
    c = np.asarray(d, float) - margin
    observed = c.sum()
    sums = patterns @ np.abs(c)  # sign flips of |c| give the same sums as sign flips of c
    slack = len(c) * 1e-9 * max(np.max(np.abs(d)), abs(margin), 1e-300)
    return float(np.mean(sums >= observed - slack)), float(np.mean(sums <= observed + slack))


def interval(d, confidence):
    d = np.asarray(d, float)
    n = len(d)
    tail = (1 - confidence) / 2
    if 2.0 ** -n >= tail:
        return [None, None]
    patterns = signs(n)
    span = d.max() - d.min()

    def bound(outside, inside, upper):
        for _ in range(60):
            mid = (outside + inside) / 2
            greater, less = tails(d, mid, patterns)
            if (less if upper else greater) < tail:
                outside = mid
            else:
                inside = mid
        return inside

    return [bound(d.min() - span, d.mean(), False), bound(d.max() + span, d.mean(), True)]


def main():
    one_sample = [
        ([28 / 30] * 7 + [29 / 30] * 8, 0.95),                      # issue #13's two-valued metric at 15 seeds
        ([29 / 30] * 7 + [28 / 30, 1.0, 27 / 30], 0.9),             # iris-like: 7 of 10 seeds at 0.9667
        ([0.9, 0.9, 1.0, 0.8, 0.9, 1.0], 0.85),
        ([0.5, 0.6, 0.4, 0.5, 0.7, 0.6, 0.6], 0.5),                 # values at the bound
        ([0.9, 0.9333333333333333, 0.9, 0.8666666666666667, 0.9333333333333333, 0.9666666666666667, 0.9, 0.9,
          0.9333333333333333, 0.8666666666666667, 0.9, 0.9333333333333333], 0.88),
    ]
    paired = [
        ([0.9, 0.93, 0.9, 0.97, 0.93, 0.9, 0.97, 0.93], [0.87, 0.9, 0.9, 0.93, 0.9, 0.93, 0.9, 0.9], 0.0),
        ([0.8, 0.8, 0.9, 0.7, 0.8, 0.9, 0.8, 0.8, 0.9, 0.8, 0.7, 0.9, 0.8, 0.9, 0.8, 0.8],
         [0.7, 0.8, 0.8, 0.7, 0.7, 0.8, 0.8, 0.7, 0.8, 0.8, 0.8, 0.8, 0.7, 0.8, 0.8, 0.7], 0.05),
        ([1.0, 2.0, 2.0, 3.0, 1.0], [0.0, 1.0, 3.0, 1.0, 1.0], -0.5),
    ]
    cases = []
    for x, bound in one_sample:
        d = np.asarray(x) - bound
        for name, alternative in ALTERNATIVES.items():
            cases.append({"kind": "one_sample", "x": x, "bound": bound, "alternative": name,
                          "expected": {"p_value": exact_p(d, alternative)}})
        for confidence in (0.9, 0.95):
            cases.append({"kind": "one_sample_interval", "x": x, "bound": bound, "alternative": "TwoSided",
                          "confidence": confidence, "expected": {"interval": interval(x, confidence)}})
    for a, b, margin in paired:
        d = np.asarray(a) - np.asarray(b)
        for name, alternative in ALTERNATIVES.items():
            cases.append({"kind": "paired", "a": a, "b": b, "margin": margin, "alternative": name,
                          "expected": {"p_value": exact_p(d - margin, alternative)}})
        cases.append({"kind": "paired_interval", "a": a, "b": b, "margin": margin, "alternative": "TwoSided",
                      "confidence": 0.9, "expected": {"interval": interval(d, 0.9)}})
    out = {"generated_by": "tests/reference/generate_reference_d.py", "scipy": __import__("scipy").__version__,
           "tied_location": cases}
    with open(os.path.join(HERE, "statistics_reference_d.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
