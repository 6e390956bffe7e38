"""Reference values for ReproSpec.Statistics.CombinationTest (weighted inverse-normal / Stouffer combination).

scipy.stats.combine_pvalues(method="stouffer", weights=[w1, w2]) combines one-sided p-values as
1 - Phi(sum w_i Phi^-1(1 - p_i) / sqrt(sum w_i^2)); with w1^2 + w2^2 = 1 this is ReproSpec's InverseNormal.
Run: python3 tests/reference/generate_reference_combination.py > tests/reference/combination_reference.json
"""
import json
import math

import scipy
from scipy import stats

cases = []
for p1, p2, n1, n2 in [
    (0.06, 0.03, 10, 10),
    (0.2, 0.01, 5, 20),
    (0.5, 0.5, 20, 5),
    (0.9, 0.001, 12, 12),
    (0.0123, 0.4, 15, 30),
    (0.3, 0.7, 3, 3),
]:
    w1 = math.sqrt(n1 / (n1 + n2))
    w2 = math.sqrt(n2 / (n1 + n2))
    combined = stats.combine_pvalues([p1, p2], method="stouffer", weights=[w1, w2]).pvalue
    # Conditional power (normal approximation) at level 0.01 with drift 2.0: 1 - Phi(needed - drift).
    needed = (stats.norm.isf(0.01) - w1 * stats.norm.isf(p1)) / w2
    power = stats.norm.sf(needed - 2.0)
    cases.append({"p1": p1, "p2": p2, "n1": n1, "n2": n2, "w1": w1, "combined": float(combined), "conditional_power_0_01_drift_2": float(power)})

print(json.dumps({"scipy": scipy.__version__, "cases": cases}, indent=1))
