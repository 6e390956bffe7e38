"""One-sided error of the paired t test and skew-corrected alternatives at the margin (issue #25).

Per-seed differences are a standardised Gamma with skewness 0.5, 1 or 2 (mirrored for negative skewness), mean at
the margin, so a rejection in either direction is an error. Compared at alpha = 0.05: Student's t, Hall's (1992)
cubic transformation, Johnson's (1978) modified t, and (with --bootstrap) the bootstrap-t and Hall + bootstrap.
Exploratory: the figures in the session 9 note came from this script; it is not a test of ReproSpec's code.

    /usr/bin/python3 bench/python/skew_corrected_t.py               # R = 20,000 per row, a few seconds
    /usr/bin/python3 bench/python/skew_corrected_t.py --bootstrap   # R = 4,000, B = 999, several minutes
"""
import sys

import numpy as np
from scipy import stats

ALPHA = 0.05
rng = np.random.default_rng(1)


def differences(n, skew, replications):
    if skew == 0:
        return rng.standard_normal((replications, n))
    k = 4 / skew**2
    g = (rng.gamma(k, 1, (replications, n)) - k) / np.sqrt(k)
    return g if skew > 0 else -g


def student(x, mu=0.0):
    n = x.shape[-1]
    s = x.std(-1, ddof=1)
    return np.sqrt(n) * (x.mean(-1) - mu) / np.where(s == 0, 1e-12, s)


def hall(x, mu=0.0):
    n = x.shape[-1]
    m = x.mean(-1)
    s = x.std(-1, ddof=1)
    s = np.where(s == 0, 1e-12, s)
    t = np.sqrt(n) * (m - mu) / s
    g = ((x - m[..., None]) ** 3).mean(-1) / s**3
    return t + g / (6 * np.sqrt(n)) * (1 + 2 * t**2) + g**2 / (27 * n) * t**3


def johnson(x):
    n = x.shape[-1]
    m = x.mean(-1)
    s = x.std(-1, ddof=1)
    mu3 = ((x - m[:, None]) ** 3).mean(-1) * n * n / ((n - 1) * (n - 2))
    return (m + mu3 / (6 * s**2 * n) + mu3 / (3 * s**4) * m**2) / (s / np.sqrt(n))


def analytic(replications=20_000):
    for n in (5, 10, 20):
        q = stats.t.ppf(1 - ALPHA, n - 1)
        for skew in (0, 0.5, -0.5, 1, -1, 2, -2):
            x = differences(n, skew, replications)
            row = [f"n={n:2d} skew={skew:+.1f}"]
            for name, f in (("t", student), ("hall", hall), ("johnson", johnson)):
                z = f(x)
                row.append(f"{name} up {np.mean(z > q):.3f} lo {np.mean(z < -q):.3f}")
            print(" | ".join(row), flush=True)


def bootstrap(replications=4_000, resamples=999):
    for n in (5, 10):
        index = rng.integers(0, n, (resamples, n))
        for skew in (1, -1, 2, -2):
            x = differences(n, skew, replications)
            counts = {name: [0, 0] for name in ("bootstrap-t", "hall+bootstrap")}
            for sample in x:
                resampled, centre = sample[index], sample.mean()
                for name, f in (("bootstrap-t", student), ("hall+bootstrap", hall)):
                    observed = f(sample[None, :])[0]
                    boot = f(resampled, centre)
                    counts[name][0] += (1 + np.sum(boot >= observed)) / (resamples + 1) <= ALPHA
                    counts[name][1] += (1 + np.sum(boot <= observed)) / (resamples + 1) <= ALPHA
            print(f"n={n:2d} skew={skew:+.1f} | " + " | ".join(
                f"{name} up {up / replications:.3f} lo {lo / replications:.3f}" for name, (up, lo) in counts.items()), flush=True)


if __name__ == "__main__":
    bootstrap() if "--bootstrap" in sys.argv else analytic()
