#!/usr/bin/python3
"""Reference values for ReproSpec's spread tests (variance-by-source claims): Brown-Forsythe and the F ratio.

Regenerate with:  /usr/bin/python3 tests/reference/generate_reference_spread.py   (a second; needs numpy and scipy)
Writes tests/reference/spread_reference.json next to this script. Every value comes from scipy, never ReproSpec:
  - levene_two_sided: scipy.stats.levene(a, b, center="median").pvalue (Brown-Forsythe, two-sided);
  - bf_greater / bf_less: scipy.stats.ttest_ind on |x - median(x)|, alternative "greater" / "less" (the one-sided
    Brown-Forsythe test; for two samples levene's F is the square of this pooled t);
  - f_greater: scipy.stats.f.sf(s2a / s2b, na - 1, nb - 1); ratio_low / ratio_high: the 90 % F interval of the ratio;
  - t_upper: scipy.stats.t.isf(tail, df) in far tails, for the t quantiles of early sequential looks.
"""
import json
import os

import numpy as np
import scipy
import scipy.stats as st

HERE = os.path.dirname(os.path.abspath(__file__))


def case(name, a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    da = np.abs(a - np.median(a))
    db = np.abs(b - np.median(b))
    ratio = np.var(a, ddof=1) / np.var(b, ddof=1)
    dfa, dfb = len(a) - 1, len(b) - 1
    return {
        "name": name,
        "a": a.tolist(),
        "b": b.tolist(),
        "levene_two_sided": float(st.levene(a, b, center="median").pvalue),
        "bf_statistic": float(st.ttest_ind(da, db).statistic),
        "bf_greater": float(st.ttest_ind(da, db, alternative="greater").pvalue),
        "bf_less": float(st.ttest_ind(da, db, alternative="less").pvalue),
        "ratio": float(ratio),
        "f_greater": float(st.f.sf(ratio, dfa, dfb)),
        "ratio_low": float(ratio / st.f.ppf(0.95, dfa, dfb)),
        "ratio_high": float(ratio / st.f.ppf(0.05, dfa, dfb)),
    }


def main():
    rng = np.random.default_rng(20210301)
    cases = [
        case("normal, equal n, a wider", rng.normal(0.9, 0.02, 10), rng.normal(0.9, 0.01, 10)),
        case("normal, equal n, equal scale", rng.normal(0.5, 1, 12), rng.normal(3, 1, 12)),
        case("normal, unequal n", rng.normal(0, 3, 7), rng.normal(0, 1, 15)),
        case("heavy tails (t, 3 df)", rng.standard_t(3, 20), rng.standard_t(3, 20) * 0.5),
        case("skewed (exponential)", rng.exponential(1, 9), rng.exponential(2, 9)),
        # Accuracies on a small test set: few distinct values, many ties.
        case("discrete accuracies, 36 test items", rng.binomial(36, 0.95, 10) / 36, np.round(rng.normal(0.95, 0.03, 10) * 36) / 36),
        case("ties, odd n", [0.9, 0.9, 0.95, 1.0, 0.85], [0.9, 0.92, 0.9, 0.91, 0.9]),
        case("one sample nearly constant", [0.80, 0.85, 0.90, 0.95, 0.70, 0.75], [0.9, 0.9, 0.9, 0.9, 0.9, 0.91]),
    ]
    # Upper t quantiles in far tails (early looks of O'Brien-Fleming designs at 2 to 5 degrees of freedom).
    quantiles = [{"df": df, "tail": tail, "t": float(st.t.isf(tail, df))}
                 for df in [1, 2, 3, 4, 9, 30] for tail in [0.05, 1e-3, 1e-5, 1e-7, 1e-9, 1e-12]]
    with open(os.path.join(HERE, "spread_reference.json"), "w") as out:
        json.dump({"scipy": scipy.__version__, "numpy": np.__version__, "cases": cases, "t_upper": quantiles}, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
