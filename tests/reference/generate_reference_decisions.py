#!/usr/bin/python3
"""Reference values for the statistics behind threshold, quantile, stability and divergence claims.

Run from the repository root with Debian's Python (scipy 1.10):

    /usr/bin/python3 tests/reference/generate_reference_decisions.py

It rewrites tests/reference/decisions_reference.json (one-sample t tests, exact binomial tests, Clopper-Pearson
intervals), which tests/ReproSpec.Tests/Statistics/DecisionReferenceTests.cs reads; the tests never run Python.
"""
import json
import os

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261126)

one_sample = []
for n in (2, 3, 5, 8, 20):
    for bound in (-0.5, 0.0, 0.3):
        x = rng.normal(0.2, 0.7, n).round(6).tolist()
        for alternative in ("greater", "less", "two-sided"):
            r = stats.ttest_1samp(x, bound, alternative=alternative)
            ci = stats.ttest_1samp(x, bound).confidence_interval(0.9)
            one_sample.append({
                "x": x, "bound": bound, "alternative": alternative,
                "expected": {"statistic": float(r.statistic), "p": float(r.pvalue), "df": n - 1,
                             "ci90": [float(ci.low), float(ci.high)]}})

binomial = []
for n in (1, 5, 10, 30, 57):
    for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
        if not 0 <= k <= n:
            continue
        for p0 in (0.1, 0.5, 0.8, 0.9):
            for alternative in ("greater", "less", "two-sided"):
                r = stats.binomtest(k, n, p0, alternative=alternative)
                binomial.append({"k": k, "n": n, "p0": p0, "alternative": alternative, "expected": float(r.pvalue)})

clopper_pearson = []
for n in (1, 5, 10, 30, 57):
    for k in sorted({0, 1, n // 2, n}):
        for confidence in (0.9, 0.95):
            ci = stats.binomtest(k, n).proportion_ci(confidence, method="exact")
            clopper_pearson.append({"k": k, "n": n, "confidence": confidence, "expected": [float(ci.low), float(ci.high)]})

with open(os.path.join(HERE, "decisions_reference.json"), "w") as out:
    json.dump({"one_sample_t": one_sample, "binomial": binomial, "clopper_pearson": clopper_pearson}, out, indent=1)
    out.write("\n")
print(len(one_sample), len(binomial), len(clopper_pearson))
