"""Critical values of the skew-robust paired test (issue #25): Hall's (1992) transformation of the paired t statistic,
with critical values that hold for every member of a family of skewed distributions at the margin.

For each number of seeds n and each upper-tail probability p on a grid, the table holds the largest, over the family,
of an upper confidence bound on the (1 - p) quantile of Hall's statistic

    H = t + g / (6 sqrt(n)) (1 + 2 t^2) + g^2 / (27 n) t^3,   t = sqrt(n) (mean - margin) / s,   g = m3 / s^3

(s with n - 1, m3 the third central moment with n): the order statistic that leaves at most R p - 3 sqrt(R p (1 - p))
replications above it, so a Monte Carlo quantile that came out low by three standard errors is still covered.
H is odd (mirrored data give -H), so the same table bounds the lower tail of the mirrored family.

The family: the normal; standardised Gamma with skewness 0.5, 1, 1.5 and 2; lognormal with skewness 1 and 2; each
also mirrored (left tails: a method that now and then falls well short). ReproSpec ships the table
(src/ReproSpec/Statistics/SkewRobustPairedT.table.csv); its tests check the decisions it gives by their own seeded
simulation in C#, so this script is needed only to rebuild the table.

    /usr/bin/python3 bench/python/skew_robust_table.py           # about 12 min on 2 cores
    /usr/bin/python3 bench/python/skew_robust_table.py --check   # the shipped table's error at its worst members, fresh seeds
"""
import os
import sys
from multiprocessing import Pool

import numpy as np
from scipy import optimize

SEEDS = list(range(2, 41)) + [45, 50, 60, 80, 100, 150, 200]
P_GRID = np.unique(np.concatenate([np.geomspace(1e-4, 0.05, 80), np.linspace(0.05, 0.999, 60)]))
CHUNK = 200_000


def replications(n):
    return 1_000_000 if n <= 40 else 400_000


def lognormal_sigma(skew):
    return optimize.brentq(lambda s: (np.exp(s * s) + 2) * np.sqrt(np.exp(s * s) - 1) - skew, 1e-6, 3)


def family():
    members = [("normal", None)]
    for skew in (0.5, 1.0, 1.5, 2.0):
        members += [(f"gamma{sign}{skew}", ("gamma", skew, sign)) for sign in (1, -1)]
    for skew in (1.0, 2.0):
        members += [(f"lognormal{sign}{skew}", ("lognormal", skew, sign)) for sign in (1, -1)]
    return members


def draw(rng, member, shape):
    if member is None:
        return rng.standard_normal(shape)
    kind, skew, sign = member
    if kind == "gamma":
        k = 4 / skew ** 2
        x = (rng.gamma(k, 1, shape) - k) / np.sqrt(k)
    else:
        s = lognormal_sigma(skew)
        mean, var = np.exp(s * s / 2), (np.exp(s * s) - 1) * np.exp(s * s)
        x = (rng.lognormal(0, s, shape) - mean) / np.sqrt(var)
    return sign * x


def hall(x):
    n = x.shape[1]
    m = x.mean(1)
    s = x.std(1, ddof=1)
    t = np.sqrt(n) * m / s
    g = ((x - m[:, None]) ** 3).mean(1) / s ** 3
    return t + g / (6 * np.sqrt(n)) * (1 + 2 * t * t) + g * g / (27 * n) * t ** 3


def critical_values(n):
    r = replications(n)
    worst = np.full(len(P_GRID), -np.inf)
    for index, (_, member) in enumerate(family()):
        rng = np.random.default_rng([2025, n, index])
        values = np.concatenate([hall(draw(rng, member, (min(CHUNK, r - done), n))) for done in range(0, r, CHUNK)])
        values = np.sort(values)[::-1]
        allowed = np.floor(r * P_GRID - 3 * np.sqrt(r * P_GRID * (1 - P_GRID))).astype(int)
        worst = np.maximum(worst, values[np.clip(allowed, 0, r - 1)])
    print(f"n = {n}: c(0.05) = {worst[np.searchsorted(P_GRID, 0.05)]:.3f}", file=sys.stderr, flush=True)
    return n, worst


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "..", "src", "ReproSpec", "Statistics", "SkewRobustPairedT.table.csv")
    with Pool(2) as pool:
        rows = sorted(pool.map(critical_values, SEEDS, chunksize=1), key=lambda r: r[0])
    with open(out, "w") as f:
        f.write("# Critical values of Hall's statistic for the skew-robust paired test: bench/python/skew_robust_table.py\n")
        f.write("p," + ",".join(f"{p:.6g}" for p in P_GRID) + "\n")
        for n, worst in rows:
            f.write(f"{n}," + ",".join(f"{c:.6g}" for c in worst) + "\n")


def check():
    """Rejection rate at the margin of the shipped table's critical values, on fresh streams (R = 200,000)."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "src", "ReproSpec", "Statistics", "SkewRobustPairedT.table.csv")
    rows = [line.strip().split(",") for line in open(path) if not line.startswith("#")]
    grid = [float(x) for x in rows[0][1:]]
    table = {int(r[0]): [float(x) for x in r[1:]] for r in rows[1:]}
    rng = np.random.default_rng(20261207)
    for n in (5, 10, 20, 40):
        for level in (0.05, 0.01):
            critical = table[n][max(i for i, p in enumerate(grid) if p <= level)]
            rates = []
            for name, member in (("gamma-2", ("gamma", 2.0, -1)), ("lognormal-2", ("lognormal", 2.0, -1)), ("normal", None)):
                rates.append(f"{name} {np.mean(hall(draw(rng, member, (200_000, n))) >= critical):.4f}")
            print(f"n = {n}, level {level}: critical value {critical:.3f}; rejection rate at the margin: {', '.join(rates)}")


if __name__ == "__main__":
    check() if "--check" in sys.argv else main()
