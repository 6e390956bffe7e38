#!/usr/bin/python3
"""Reference values for ReproSpec.Statistics, computed with scipy.

Run from the repository root with Debian's Python (scipy 1.10):

    /usr/bin/python3 tests/reference/generate_reference.py

It rewrites tests/reference/statistics_reference.json, which the C# tests read (they never run Python).
Conventions:
  * A margin delta is implemented by shifting A by -delta before calling scipy, so the null is mean(A) - mean(B) <= delta
    (greater), >= delta (less) or = delta (two-sided).
  * scipy 1.10's ttest_ind has no df or confidence interval; both come from the Welch-Satterthwaite / pooled formulas
    and scipy.stats.t.ppf.
  * scipy 1.10 has no false_discovery_control: Benjamini-Hochberg is computed from its definition
    (adjusted p_(i) = min over j >= i of m p_(j) / j), Holm by an explicit loop over the sorted p-values.
  * Distribution-free intervals of the Hodges-Lehmann estimators (not in scipy) use exact null distributions that are
    enumerated by brute force here, independently of the C# recurrence.
"""
import itertools
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import special, stats

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "statistics_reference.json")
ALTERNATIVES = {"two-sided": "TwoSided", "greater": "Greater", "less": "Less"}
rng = np.random.RandomState(20250101)
# scipy warns that n < 10 is small for the normal approximation; the reference is of what it computes, not a recommendation.
warnings.filterwarnings("ignore", message="Sample size too small for normal approximation")


def floats(x):
    return [float(v) for v in x]


def accuracy_like(n, loc, scale, decimals=None):
    values = rng.normal(loc, scale, n)
    return np.round(values, decimals) if decimals is not None else values


# ---------------------------------------------------------------- t tests and intervals

def t_case(kind, a, b, alternative, margin, confidence):
    a, b = np.asarray(a), np.asarray(b)
    if kind == "paired_t":
        d = a - b
        res = stats.ttest_rel(a - margin, b, alternative=alternative)
        df = len(d) - 1
        se = d.std(ddof=1) / math.sqrt(len(d))
        estimate = d.mean()
    else:
        equal_var = kind == "student"
        res = stats.ttest_ind(a - margin, b, equal_var=equal_var, alternative=alternative)
        va, vb, na, nb = a.var(ddof=1), b.var(ddof=1), len(a), len(b)
        if equal_var:
            df = na + nb - 2
            se = math.sqrt(((na - 1) * va + (nb - 1) * vb) / df * (1 / na + 1 / nb))
        else:
            ea, eb = va / na, vb / nb
            df = (ea + eb) ** 2 / (ea ** 2 / (na - 1) + eb ** 2 / (nb - 1))
            se = math.sqrt(ea + eb)
        estimate = a.mean() - b.mean()
    half = stats.t.ppf((1 + confidence) / 2, df) * se
    return {"a": floats(a), "b": floats(b), "alternative": ALTERNATIVES[alternative], "margin": margin,
            "confidence": confidence,
            "expected": {"statistic": float(res.statistic), "p_value": float(res.pvalue), "df": float(df),
                         "ci_low": float(estimate - half), "ci_high": float(estimate + half),
                         "estimate": float(estimate)}}


def t_cases():
    cases = {"welch": [], "student": [], "paired_t": []}
    sizes = [(2, 2), (3, 5), (5, 4), (10, 10), (30, 25), (60, 60)]
    for na, nb in sizes:
        a = accuracy_like(na, 0.905, 0.02)
        b = accuracy_like(nb, 0.895, 0.03)
        for alternative in ALTERNATIVES:
            for margin, confidence in [(0.0, 0.95), (0.01, 0.90), (-0.02, 0.99)]:
                cases["welch"].append(t_case("welch", a, b, alternative, margin, confidence))
                cases["student"].append(t_case("student", a, b, alternative, margin, confidence))
        paired_b = a - accuracy_like(na, 0.004, 0.01)
        for alternative in ALTERNATIVES:
            for margin, confidence in [(0.0, 0.95), (0.005, 0.90)]:
                cases["paired_t"].append(t_case("paired_t", a, paired_b, alternative, margin, confidence))
    # Large offset, tiny spread: precision of the two-pass mean and variance.
    a = 1e4 + accuracy_like(8, 0.0, 1e-3)
    b = 1e4 + accuracy_like(9, -1e-3, 2e-3)
    for kind in ("welch", "student"):
        cases[kind].append(t_case(kind, a, b, "greater", 0.0, 0.95))
    # Strong effects: p-values far in the tail.
    a = accuracy_like(20, 0.95, 0.005)
    b = accuracy_like(20, 0.90, 0.005)
    for kind in ("welch", "student"):
        cases[kind].append(t_case(kind, a, b, "greater", 0.0, 0.95))
        cases[kind].append(t_case(kind, a, b, "less", 0.0, 0.95))
    return cases


def welch_from_summary_cases():
    out = []
    for (ma, sa, na, mb, sb, nb) in [(0.91, 0.012, 5, 0.89, 0.02, 5), (75.3, 1.1, 3, 74.0, 0.4, 10), (0.5, 0.1, 30, 0.52, 0.05, 2)]:
        for alternative in ALTERNATIVES:
            res = stats.ttest_ind_from_stats(ma - 0.005, sa, na, mb, sb, nb, equal_var=False, alternative=alternative)
            out.append({"mean_a": ma, "sd_a": sa, "n_a": na, "mean_b": mb, "sd_b": sb, "n_b": nb,
                        "alternative": ALTERNATIVES[alternative], "margin": 0.005,
                        "expected": {"statistic": float(res.statistic), "p_value": float(res.pvalue)}})
    return out


def mean_interval_cases():
    out = []
    for n in (2, 3, 7, 40):
        x = accuracy_like(n, 0.8, 0.05)
        for confidence in (0.9, 0.95, 0.99):
            low, high = stats.t.interval(confidence, n - 1, loc=x.mean(), scale=stats.sem(x))
            # One-sided lower bound at the same confidence.
            lower = x.mean() - stats.t.ppf(confidence, n - 1) * stats.sem(x)
            out.append({"x": floats(x), "confidence": confidence,
                        "expected": {"low": float(low), "high": float(high), "one_sided_low": float(lower)}})
    return out


def summary_cases():
    out = []
    for n in (1, 2, 5, 8):
        x = accuracy_like(n, 0.7, 0.1)
        out.append({"x": floats(x), "expected": {
            "mean": float(np.mean(x)), "sd": float(np.std(x, ddof=1)) if n > 1 else None,
            "median": float(np.median(x)), "min": float(np.min(x)), "max": float(np.max(x))}})
    return out


# ---------------------------------------------------------------- rank tests

def exact_u_counts(m, n):
    """Counts of U = 0..m*n by enumerating every choice of the m ranks of A (brute force)."""
    counts = np.zeros(m * n + 1)
    for ranks in itertools.combinations(range(1, m + n + 1), m):
        counts[sum(ranks) - m * (m + 1) // 2] += 1
    return counts


def exact_w_counts(n):
    """Counts of W+ = 0..n(n+1)/2 by enumerating every sign pattern (brute force)."""
    counts = np.zeros(n * (n + 1) // 2 + 1)
    for signs in itertools.product((0, 1), repeat=n):
        counts[sum(r for r, s in zip(range(1, n + 1), signs) if s)] += 1
    return counts


def exact_index(counts, confidence):
    tail = (1 - confidence) / 2
    cdf = np.cumsum(counts) / counts.sum()
    k = 0
    for candidate in range(1, len(counts) + 1):
        if cdf[candidate - 1] > tail * (1 + 1e-12):
            break
        k = candidate
    return k


def approximate_index(count, sd, confidence):
    z = stats.norm.ppf((1 + confidence) / 2)
    return max(0, math.floor(count / 2 + 0.5 - z * sd))


def order_interval(sorted_values, k):
    if k < 1:
        return None, None
    return float(sorted_values[k - 1]), float(sorted_values[len(sorted_values) - k])


def mann_whitney_cases():
    out = []
    designs = [(3, 4, None), (5, 5, None), (8, 12, None), (4, 20, None), (6, 7, 2), (15, 15, None), (12, 14, 2), (30, 40, None)]
    for m, n, decimals in designs:
        a = accuracy_like(m, 0.90, 0.02, decimals)
        b = accuracy_like(n, 0.89, 0.02, decimals)
        for alternative in ALTERNATIVES:
            for margin in (0.0, 0.01):
                x = a - margin
                has_ties = len(np.unique(np.concatenate([x, b]))) < m + n
                exact = min(m, n) <= 8 and not has_ties
                res = stats.mannwhitneyu(x, b, alternative=alternative, method="exact" if exact else "asymptotic")
                diffs = np.sort(np.subtract.outer(a, b).ravel())
                confidence = 0.95
                if exact:
                    k = exact_index(exact_u_counts(min(m, n), max(m, n)), confidence)
                else:
                    k = approximate_index(m * n, math.sqrt(m * n * (m + n + 1) / 12), confidence)
                low, high = order_interval(diffs, k)
                out.append({"a": floats(a), "b": floats(b), "alternative": ALTERNATIVES[alternative], "margin": margin,
                            "confidence": confidence, "method": "Exact" if exact else "Approximate",
                            "expected": {"statistic": float(res.statistic), "p_value": float(res.pvalue),
                                         "estimate": float(np.median(diffs)), "ci_low": low, "ci_high": high}})
    # All values tied: no evidence of a shift (scipy gives z = -inf, p = 1); seven values are too few for a 95 % interval.
    tied = stats.mannwhitneyu([0.5] * 3, [0.5] * 4, method="asymptotic")
    out.append({"a": [0.5, 0.5, 0.5], "b": [0.5, 0.5, 0.5, 0.5], "alternative": "TwoSided", "margin": 0.0,
                "confidence": 0.95, "method": "Approximate",
                "expected": {"statistic": float(tied.statistic), "p_value": float(tied.pvalue), "estimate": 0.0,
                             "ci_low": None, "ci_high": None}})
    return out


def wilcoxon_cases():
    out = []
    designs = [(6, None), (9, None), (12, None), (18, None), (10, 2), (25, 2), (60, None)]
    for n, decimals in designs:
        a = accuracy_like(n, 0.90, 0.02, decimals)
        b = np.round(a - accuracy_like(n, 0.004, 0.01), decimals) if decimals else a - accuracy_like(n, 0.004, 0.01)
        for alternative in ALTERNATIVES:
            for margin in (0.0, 0.002):
                d = a - b - margin
                nonzero = d[d != 0]
                ties = len(np.unique(np.abs(nonzero))) < len(nonzero)
                exact = n <= 50 and len(nonzero) == n and not ties
                res = stats.wilcoxon(d, alternative=alternative, method="exact" if exact else "approx")
                raw = a - b
                walsh = np.sort([(raw[i] + raw[j]) / 2 for i in range(n) for j in range(i, n)])
                confidence = 0.95
                if exact:
                    k = exact_index(exact_w_counts(n), confidence) if n <= 20 else None
                else:
                    k = approximate_index(len(walsh), math.sqrt(n * (n + 1) * (2 * n + 1) / 24), confidence)
                low, high = order_interval(walsh, k) if k is not None else (None, None)
                r = stats.rankdata(np.abs(nonzero))
                w_plus = float(np.sum(r[nonzero > 0]))
                out.append({"a": floats(a), "b": floats(b), "alternative": ALTERNATIVES[alternative], "margin": margin,
                            "confidence": confidence, "method": "Exact" if exact else "Approximate",
                            "interval_checked": k is not None,
                            "expected": {"statistic": float(res.statistic), "w_plus": w_plus, "p_value": float(res.pvalue),
                                         "estimate": float(np.median(walsh)), "ci_low": low, "ci_high": high}})
    # Continuity correction on request (scipy's correction=True).
    a = accuracy_like(15, 0.9, 0.02)
    b = a - accuracy_like(15, 0.004, 0.01)
    for alternative in ALTERNATIVES:
        res = stats.wilcoxon(a - b, alternative=alternative, method="approx", correction=True)
        out.append({"a": floats(a), "b": floats(b), "alternative": ALTERNATIVES[alternative], "margin": 0.0,
                    "confidence": 0.95, "method": "Approximate", "continuity": True, "interval_checked": False,
                    "expected": {"statistic": float(res.statistic), "p_value": float(res.pvalue)}})
    return out


# ---------------------------------------------------------------- permutation tests

def mean_difference(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


def mean_of_differences(x, y, axis=-1):
    return np.mean(x - y, axis=axis)


def permutation_cases():
    out = []
    for m, n, decimals in [(4, 5, None), (6, 6, 2), (7, 9, None), (10, 10, None), (3, 12, 3)]:
        a = accuracy_like(m, 0.90, 0.02, decimals)
        b = accuracy_like(n, 0.89, 0.02, decimals)
        for alternative in ALTERNATIVES:
            for margin in (0.0, 0.01):
                res = stats.permutation_test((a - margin, b), mean_difference, permutation_type="independent",
                                             vectorized=True, n_resamples=np.inf, alternative=alternative)
                out.append({"a": floats(a), "b": floats(b), "paired": False, "alternative": ALTERNATIVES[alternative],
                            "margin": margin, "expected": {"statistic": float(res.statistic), "p_value": float(res.pvalue)}})
    for n, decimals in [(6, None), (10, 2), (15, None)]:
        a = accuracy_like(n, 0.90, 0.02, decimals)
        b = np.round(a - accuracy_like(n, 0.004, 0.01), decimals) if decimals else a - accuracy_like(n, 0.004, 0.01)
        for alternative in ALTERNATIVES:
            for margin in (0.0, 0.002):
                res = stats.permutation_test((a - margin, b), mean_of_differences, permutation_type="samples",
                                             vectorized=True, n_resamples=np.inf, alternative=alternative)
                out.append({"a": floats(a), "b": floats(b), "paired": True, "alternative": ALTERNATIVES[alternative],
                            "margin": margin, "expected": {"statistic": float(res.statistic), "p_value": float(res.pvalue)}})
    return out


# ---------------------------------------------------------------- bootstrap (compared loosely: different random streams)

def bootstrap_cases():
    out = []
    for n, statistic in [(10, "mean"), (25, "mean"), (15, "median"), (40, "iqm")]:
        x = rng.gamma(2.0, 0.05, n) + 0.7
        f = {"mean": np.mean, "median": np.median, "iqm": lambda v, axis=-1: stats.trim_mean(v, 0.25, axis=axis)}[statistic]
        for method in ("BCa", "percentile"):
            res = stats.bootstrap((x,), f, method=method, n_resamples=10000, random_state=7, vectorized=True)
            out.append({"a": floats(x), "b": None, "statistic": statistic, "method": method, "confidence": 0.95,
                        "expected": {"ci_low": float(res.confidence_interval.low), "ci_high": float(res.confidence_interval.high),
                                     "standard_error": float(res.standard_error)}})
    a = rng.gamma(2.0, 0.05, 12) + 0.7
    b = rng.gamma(2.0, 0.05, 15) + 0.68
    for method in ("BCa", "percentile"):
        res = stats.bootstrap((a, b), mean_difference, method=method, n_resamples=10000, random_state=7, vectorized=True)
        out.append({"a": floats(a), "b": floats(b), "statistic": "mean", "method": method, "confidence": 0.95,
                    "expected": {"ci_low": float(res.confidence_interval.low), "ci_high": float(res.confidence_interval.high),
                                 "standard_error": float(res.standard_error)}})
    return out


# ---------------------------------------------------------------- effect sizes, IQM, multiplicity, equivalence

def effect_size_cases():
    out = []
    for m, n, decimals in [(2, 3, None), (5, 5, 2), (10, 8, None), (30, 30, 3)]:
        a = accuracy_like(m, 0.9, 0.02, decimals)
        b = accuracy_like(n, 0.89, 0.02, decimals)
        pooled = math.sqrt(((m - 1) * a.var(ddof=1) + (n - 1) * b.var(ddof=1)) / (m + n - 2))
        d = (a.mean() - b.mean()) / pooled
        nu = m + n - 2
        j = special.gamma(nu / 2) / (math.sqrt(nu / 2) * special.gamma((nu - 1) / 2))
        greater = sum(1 for x in a for y in b if x > y)
        less = sum(1 for x in a for y in b if x < y)
        u1 = stats.mannwhitneyu(a, b).statistic
        out.append({"a": floats(a), "b": floats(b), "expected": {
            "cohens_d": float(d), "hedges_g": float(d * j), "cliffs_delta": (greater - less) / (m * n),
            "a12": float(u1 / (m * n))}})
    return out


def iqm_cases():
    out = []
    for n in list(range(1, 14)) + [40, 101]:
        x = accuracy_like(n, 0.5, 0.3)
        out.append({"x": floats(x), "expected": float(stats.trim_mean(x, 0.25))})
    return out


def holm(p):
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def benjamini_hochberg(p):
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    sorted_p = p[order]
    adjusted_sorted = [min(1.0, min(m * sorted_p[j] / (j + 1) for j in range(i, m))) for i in range(m)]
    adjusted = np.empty(m)
    adjusted[order] = adjusted_sorted
    return adjusted


def multiplicity_cases():
    families = [
        [0.01, 0.04, 0.03, 0.005],
        [0.2, 0.2, 0.01, 0.5, 1.0, 0.0],
        [0.049, 0.051],
        [0.5],
        list(rng.uniform(0, 0.2, 12)),
        # Benjamini & Hochberg (1995), section 4: 15 p-values of which four are rejected at q = 0.05.
        [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0],
    ]
    return [{"p": floats(p), "expected": {"holm": floats(holm(p)), "bh": floats(benjamini_hochberg(p))}} for p in families]


def tost_cases():
    out = []
    for m, n, low, high in [(5, 5, -0.01, 0.01), (10, 12, -0.02, 0.015), (30, 30, -0.005, 0.005)]:
        a = accuracy_like(m, 0.90, 0.01)
        b = accuracy_like(n, 0.899, 0.012)
        for alpha in (0.05, 0.1):
            p_low = stats.ttest_ind(a - low, b, equal_var=False, alternative="greater").pvalue
            p_high = stats.ttest_ind(a - high, b, equal_var=False, alternative="less").pvalue
            ea, eb = a.var(ddof=1) / m, b.var(ddof=1) / n
            df = (ea + eb) ** 2 / (ea ** 2 / (m - 1) + eb ** 2 / (n - 1))
            half = stats.t.ppf(1 - alpha, df) * math.sqrt(ea + eb)
            diff = a.mean() - b.mean()
            out.append({"a": floats(a), "b": floats(b), "lower": low, "upper": high, "alpha": alpha,
                        "expected": {"p_lower": float(p_low), "p_upper": float(p_high), "p_value": float(max(p_low, p_high)),
                                     "ci_low": float(diff - half), "ci_high": float(diff + half)}})
    return out


def reproduces_cases():
    out = []
    for n, reported, tolerance in [(5, (0.912, 0.004, 5), 0.01), (10, (0.80, 0.02, 3), 0.03), (8, (0.905, 0.0, 1), 0.01)]:
        ours = accuracy_like(n, 0.91, 0.005)
        mean, sd, rn = reported
        if rn == 1:
            p_low = stats.ttest_1samp(ours, mean - tolerance, alternative="greater").pvalue
            p_high = stats.ttest_1samp(ours, mean + tolerance, alternative="less").pvalue
        else:
            p_low = stats.ttest_ind_from_stats(ours.mean() + tolerance, ours.std(ddof=1), n, mean, sd, rn, equal_var=False, alternative="greater").pvalue
            p_high = stats.ttest_ind_from_stats(ours.mean() - tolerance, ours.std(ddof=1), n, mean, sd, rn, equal_var=False, alternative="less").pvalue
        out.append({"ours": floats(ours), "reported_mean": mean, "reported_sd": sd, "reported_n": rn, "tolerance": tolerance,
                    "expected": {"p_lower": float(p_low), "p_upper": float(p_high)}})
    return out


# ---------------------------------------------------------------- the seeded stream

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def splitmix(seed, stream, count):
    state = mix(seed ^ mix((stream * GOLDEN + GOLDEN) & MASK))
    values = []
    for _ in range(count):
        state = (state + GOLDEN) & MASK
        values.append(str(mix(state)))
    return values


def seeded_random_cases():
    return [{"seed": str(seed), "stream": str(stream), "expected": splitmix(seed, stream, 5)}
            for seed, stream in [(0, 0), (42, 0), (42, 7), (MASK, 3)]]


def main():
    t = t_cases()
    reference = {
        "generator": "tests/reference/generate_reference.py",
        "python": sys.version.split()[0],
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "welch": t["welch"],
        "student": t["student"],
        "paired_t": t["paired_t"],
        "welch_from_summary": welch_from_summary_cases(),
        "mean_interval": mean_interval_cases(),
        "summary": summary_cases(),
        "mann_whitney": mann_whitney_cases(),
        "wilcoxon": wilcoxon_cases(),
        "permutation": permutation_cases(),
        "bootstrap": bootstrap_cases(),
        "effect_sizes": effect_size_cases(),
        "iqm": iqm_cases(),
        "multiplicity": multiplicity_cases(),
        "tost": tost_cases(),
        "reproduces": reproduces_cases(),
        "seeded_random": seeded_random_cases(),
    }
    with open(OUT, "w", newline="\n") as f:
        json.dump(reference, f, indent=1, allow_nan=False)
        f.write("\n")
    counts = {k: len(v) for k, v in reference.items() if isinstance(v, list)}
    print(f"wrote {OUT}: {sum(counts.values())} cases {counts}")


if __name__ == "__main__":
    main()
