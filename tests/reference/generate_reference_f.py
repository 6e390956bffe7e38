#!/usr/bin/python3
"""Reference values for ReproSpec statistics part F: rank statistics and effect sizes of large samples, without m*n arrays.

Regenerate with:  /usr/bin/python3 tests/reference/generate_reference_f.py   (a few seconds; Debian's scipy 1.10.1)
Writes tests/reference/statistics_reference_f.json next to this script, never calling ReproSpec.

`reprospec compare` on a million rows computes the Hodges-Lehmann shift and pseudo-median and their order-statistic
intervals by selection over sorted samples, and Cliff's delta and A12 from ranks. Here the same quantities on a
subsample (a few hundred rows: tied values on a grid of 1/200, as accuracies are, and continuous values) come from their definitions over
every pair, with numpy, and the tests from scipy:

* mann_whitney: scipy.stats.mannwhitneyu(a - margin, b, method="asymptotic") (tie and continuity corrections), U of A,
  the median of all a_i - b_j, and the order-statistic interval [D(k), D(N - k + 1)] of the sorted differences with
  k = floor(N/2 + 1/2 - z * sqrt(m n (m + n + 1) / 12)) (the normal-approximation index, transcribed).
* wilcoxon: scipy.stats.wilcoxon(d - margin, mode="approx", correction=False) with W+ (the rank sum of the positive
  differences), the median of the Walsh averages (d_i + d_j)/2, i <= j, and their interval with
  k = floor(N/2 + 1/2 - z * sqrt(n (n + 1) (2n + 1) / 24)).
* effects: Cliff's delta = mean(sign(a_i - b_j)) over every pair, A12 = P(a > b) + P(a = b)/2, Hedges' g with the exact
  correction Gamma(nu/2) / (sqrt(nu/2) Gamma((nu - 1)/2)), nu = m + n - 2.
"""
import json
import os

import numpy as np
import scipy.special as sp
import scipy.stats as st

HERE = os.path.dirname(os.path.abspath(__file__))
Z = st.norm.ppf(0.975)


def grid(rng, n, mean, sd):
    return [float(v) for v in np.round(np.clip(rng.normal(mean, sd, n), 0, 1) * 200) / 200]


def order_interval(sorted_values, k):
    if k < 1:
        return [None, None]
    return [float(sorted_values[k - 1]), float(sorted_values[len(sorted_values) - k])]


def mann_whitney(a, b, margin, alternative):
    a, b = np.array(a), np.array(b)
    m, n = len(a), len(b)
    result = st.mannwhitneyu(a - margin, b, alternative=alternative, method="asymptotic", use_continuity=True)
    u1 = st.mannwhitneyu(a - margin, b, alternative="greater", method="asymptotic").statistic
    differences = np.sort((a[:, None] - b[None, :]).ravel())
    k = int(np.floor(m * n / 2 + 0.5 - Z * np.sqrt(m * n * (m + n + 1) / 12)))
    return {"u": float(u1), "p": float(result.pvalue), "estimate": float(np.median(differences)),
            "interval": order_interval(differences, k)}


def wilcoxon(a, b, margin, alternative):
    d = np.array(a) - np.array(b)
    result = st.wilcoxon(d - margin, alternative=alternative, mode="approx", correction=False, zero_method="wilcox")
    shifted = d - margin
    nonzero = shifted[shifted != 0]
    ranks = st.rankdata(np.abs(nonzero))
    w_plus = float(ranks[nonzero > 0].sum())
    n = len(d)
    i, j = np.triu_indices(n)
    walsh = np.sort((d[i] + d[j]) / 2)
    k = int(np.floor(len(walsh) / 2 + 0.5 - Z * np.sqrt(n * (n + 1) * (2 * n + 1) / 24)))
    return {"w_plus": w_plus, "p": float(result.pvalue), "estimate": float(np.median(walsh)), "interval": order_interval(walsh, k)}


def effects(a, b):
    a, b = np.array(a), np.array(b)
    signs = np.sign(a[:, None] - b[None, :])
    greater, equal = float((signs > 0).mean()), float((signs == 0).mean())
    m, n = len(a), len(b)
    nu = m + n - 2
    pooled = np.sqrt(((m - 1) * a.var(ddof=1) + (n - 1) * b.var(ddof=1)) / nu)
    j = np.exp(sp.gammaln(nu / 2) - sp.gammaln((nu - 1) / 2)) / np.sqrt(nu / 2)
    return {"cliffs_delta": float(signs.mean()), "a12": greater + equal / 2, "hedges_g": float((a.mean() - b.mean()) / pooled * j)}


def main():
    rng = np.random.default_rng(20261207)
    cases = []
    for (m, n, shift, tied) in [(300, 400, 0.01, True), (257, 257, 0.0, True), (400, 300, -0.005, True), (211, 211, 0.004, False)]:
        a = grid(rng, m, 0.90 + shift, 0.03) if tied else [float(v) for v in rng.normal(0.90 + shift, 0.03, m)]
        b = grid(rng, n, 0.90, 0.03) if tied else [float(v) for v in rng.normal(0.90, 0.03, n)]
        for alternative, margin in [("greater", 0.0), ("less", 0.01), ("two-sided", 0.0)]:
            cases.append({"a": a, "b": b, "alternative": alternative, "margin": margin,
                          "mann_whitney": mann_whitney(a, b, margin, alternative), "effects": effects(a, b),
                          "wilcoxon": wilcoxon(a, b, margin, alternative) if m == n else None})
    with open(os.path.join(HERE, "statistics_reference_f.json"), "w") as f:
        json.dump({"rank_effects": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
