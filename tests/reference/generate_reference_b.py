#!/usr/bin/python3
"""Reference values for ReproSpec statistics part B (power, noncentral t, almost stochastic order,
probability of improvement, group-sequential boundaries).

Regenerate with:  /usr/bin/python3 tests/reference/generate_reference_b.py   (about 10 minutes: the multivariate
normal probabilities behind the group-sequential boundaries are computed to 1e-11)
Writes tests/reference/statistics_reference_b.json next to this script. Needs numpy and scipy only; every value is
computed here with independent methods (scipy's Boost noncentral t, numerical quadrature, multivariate normal
probabilities), never by calling ReproSpec.
"""
import json
import os

import numpy as np
import scipy
import scipy.stats as st
from scipy import integrate, optimize

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- noncentral t
def nct_cdf_by_quadrature(t, df, nc):
    """P(T <= t) = E_V[Phi(t sqrt(V/df) - nc)], V ~ chi2(df): an independent check of scipy's Boost values."""
    f = lambda u: st.norm.cdf(t * np.sqrt(u / df) - nc) * st.chi2.pdf(u, df)
    return integrate.quad(f, 0, st.chi2.isf(1e-17, df), epsabs=0, epsrel=1e-12, limit=500, points=[df])[0]


def noncentral_t_points():
    points = []
    for df in [1, 2.5, 3, 5, 9.7, 20, 50, 200, 1000, 1e5]:
        for nc in [-20, -5, -2, -0.5, 0, 0.3, 1, 2.5, 5, 10, 20, 38, 60]:
            for t in [-10, -3, -1, -0.2, 0, 0.5, 1, 2, 3, 6, 15, 45, 80]:
                cdf = float(st.nct.cdf(t, df, nc))
                sf = float(st.nct.sf(t, df, nc))
                quad = nct_cdf_by_quadrature(t, df, nc)
                # Both Boost and any series are only absolutely accurate in the far tail opposite to nc: keep the
                # point only where the two independent methods agree, so the reference itself is trustworthy.
                if abs(cdf - quad) > 1e-8 * min(quad, 1 - quad) + 1e-14:
                    continue
                points.append({"t": t, "df": df, "nc": nc, "cdf": cdf, "sf": sf})
    return points


# ---------------------------------------------------------------- Welch power
def welch_power(delta, sd_a, sd_b, n_a, n_b, alpha, alternative, margin):
    """Noncentral-t approximation: Welch-Satterthwaite df of the true variances, ncp (delta - margin) / se."""
    err_a, err_b = sd_a ** 2 / n_a, sd_b ** 2 / n_b
    df = (err_a + err_b) ** 2 / (err_a ** 2 / (n_a - 1) + err_b ** 2 / (n_b - 1))
    ncp = (delta - margin) / np.sqrt(err_a + err_b)
    if alternative == "Greater":
        return st.nct.sf(st.t.ppf(1 - alpha, df), df, ncp)
    if alternative == "Less":
        return st.nct.cdf(st.t.ppf(alpha, df), df, ncp)
    return st.nct.sf(st.t.ppf(1 - alpha / 2, df), df, ncp) + st.nct.cdf(st.t.ppf(alpha / 2, df), df, ncp)


def welch_power_points():
    cases = [
        (1.0, 1.0, 1.0, 5, 5, 0.05, "Greater", 0.0),
        (1.0, 1.0, 1.0, 20, 20, 0.05, "Greater", 0.0),
        (0.5, 1.0, 2.0, 10, 30, 0.05, "Greater", 0.0),
        (3.0, 1.5, 0.8, 8, 8, 0.01, "Greater", 1.0),
        (-1.0, 1.0, 1.0, 10, 10, 0.05, "Less", 0.0),
        (0.2, 0.5, 0.5, 12, 7, 0.05, "Less", 1.0),
        (1.0, 1.0, 1.0, 10, 10, 0.05, "TwoSided", 0.0),
        (-0.7, 2.0, 0.3, 4, 40, 0.1, "TwoSided", 0.2),
        (0.0, 1.0, 1.0, 10, 10, 0.05, "Greater", 0.0),
        (2.0, 1.0, 1.0, 2, 2, 0.05, "Greater", 0.0),
        (10.0, 1.0, 1.0, 30, 30, 0.001, "Greater", 0.0),
    ]
    return [{"delta": d, "sdA": sa, "sdB": sb, "nA": na, "nB": nb, "alpha": al, "alternative": alt, "margin": m,
             "power": float(welch_power(d, sa, sb, na, nb, al, alt, m))} for d, sa, sb, na, nb, al, alt, m in cases]


def colas_example():
    """Colas, Sigaud and Oudeyer (2018): the example data shipped with their code (github.com/flowersteam/
    rl-difference-testing, files data1 and data2: 20 final performances per algorithm on Half-Cheetah). Only the
    summary statistics are kept here. Their compute_beta() uses a one-sided Welch test at alpha = 0.05 and the
    shifted central t approximation beta = T_nu(t_crit - t_eps); we report both that and the noncentral t."""
    mean_1, sd_1 = 3649.020043223908, 945.7728043543613
    mean_2, sd_2 = 4913.363358011769, 1387.8420677514603
    epsilon = mean_2 - mean_1
    out = {"mean1": mean_1, "sd1": sd_1, "mean2": mean_2, "sd2": sd_2, "epsilon": epsilon, "alpha": 0.05, "rows": []}
    for n in [2, 3, 5, 10, 15, 20, 30]:
        nu = (sd_1 ** 2 + sd_2 ** 2) ** 2 * (n - 1) / (sd_1 ** 4 + sd_2 ** 4)
        t_eps = epsilon / np.sqrt((sd_1 ** 2 + sd_2 ** 2) / n)
        t_crit = st.t.ppf(1 - 0.05, nu)
        out["rows"].append({"n": n,
                            "beta_shifted_t": float(st.t.cdf(t_crit - t_eps, nu)),
                            "beta_noncentral_t": float(1 - welch_power(epsilon, sd_2, sd_1, n, n, 0.05, "Greater", 0))})
    out["seeds_for_power_0.8"] = next(n for n in range(2, 1000)
                                      if welch_power(epsilon, sd_2, sd_1, n, n, 0.05, "Greater", 0) >= 0.8)
    return out


# ---------------------------------------------------------------- almost stochastic order
def quantile_steps(x):
    x = np.sort(np.asarray(x, dtype=float))
    return x


def violation_ratio_exact(a, b):
    """eps_W2 of Dror et al. (2019), eq. 4-5, with exact integrals of the step quantile functions
    F^-1(p) = x_(ceil(p n)): evaluate both at the midpoints of the merged steps."""
    a, b = np.sort(a), np.sort(b)
    n, m = len(a), len(b)
    cuts = np.union1d(np.arange(1, n + 1) / n, np.arange(1, m + 1) / m)
    cuts = np.unique(np.concatenate([[0.0], cuts]))
    widths = np.diff(cuts)
    mids = (cuts[:-1] + cuts[1:]) / 2
    qa = a[np.clip(np.ceil(mids * n).astype(int) - 1, 0, n - 1)]
    qb = b[np.clip(np.ceil(mids * m).astype(int) - 1, 0, m - 1)]
    diff = qb - qa
    total = np.sum(widths * diff ** 2)
    if total == 0:
        return 0.5
    return float(np.sum(widths * np.maximum(diff, 0) ** 2) / total)


def violation_ratio_grid(a, b, dt=0.005):
    """The published discretisation (left Riemann sum, step dt), for comparison only."""
    a, b = np.sort(a), np.sort(b)
    n, m = len(a), len(b)
    p = np.arange(0, 1, dt)
    qa = a[np.clip(np.ceil(p * n).astype(int) - 1, 0, n - 1)]
    qb = b[np.clip(np.ceil(p * m).astype(int) - 1, 0, m - 1)]
    diff = qb - qa
    return float(np.sum(np.maximum(diff, 0) ** 2 * dt) / np.sum(diff ** 2 * dt))


def aso_reference(a, b, confidence, k, iterations, rng):
    """eps_min = eps + Phi^-1(confidence) sigma / sqrt(nm/(n+m)), sigma = sd of sqrt(k/2)(eps* - eps) over
    bootstrap resamples of k scores per arm (deep-significance's aso()). With many iterations this is the
    value a 1,000-iteration run estimates; we also return the Monte-Carlo standard error of sigma for 1,000."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    n, m = len(a), len(b)
    eps = violation_ratio_exact(a, b)
    # Both resamples have k scores, so their quantile steps coincide and the exact integrals are plain sums over the
    # sorted resamples: vectorised in chunks.
    samples = []
    for start in range(0, iterations, 500):
        size = min(500, iterations - start)
        ra = np.sort(rng.choice(a, (size, k)), axis=1)
        rb = np.sort(rng.choice(b, (size, k)), axis=1)
        diff = rb - ra
        total = np.sum(diff ** 2, axis=1)
        ratio = np.where(total > 0, np.sum(np.maximum(diff, 0) ** 2, axis=1) / np.where(total > 0, total, 1), 0.5)
        samples.extend(ratio)
    samples = np.array(samples)
    sigma = np.sqrt(k / 2) * samples.std()
    # Standard error of a standard deviation from 1,000 draws: sigma sqrt((kurtosis - 1) / (4 * 1000)).
    kurtosis = st.kurtosis(samples, fisher=False) if samples.std() > 0 else 1.0
    sigma_se_1000 = sigma * np.sqrt(max(kurtosis - 1, 0) / (4 * 1000))
    scale = np.sqrt(n * m / (n + m))
    z = st.norm.ppf(confidence)
    eps_min = min(max(eps + z * sigma / scale, 0), 1)
    return {"violation_ratio": eps, "violation_ratio_grid_0005": violation_ratio_grid(a, b),
            "sigma": float(sigma), "sigma_se_at_1000": float(sigma_se_1000),
            "eps_min": float(eps_min), "eps_min_se_at_1000": float(z * sigma_se_1000 / scale)}


def aso_cases():
    rng = np.random.default_rng(20190728)
    # Hand-written samples whose empirical quantile functions cross (except the dominance case), so the
    # violation ratio is strictly between 0 and 1 and the bootstrap has something to estimate.
    cases = [
        ("A better but crossing, 5 vs 5", np.array([0.40, 0.85, 1.25, 1.55, 1.64]), np.array([-0.85, -0.35, 0.95, 1.30, 1.80])),
        ("clear dominance, 6 vs 6", np.array([2.1, 2.5, 2.9, 3.3, 3.6, 4.0]), np.array([0.2, 0.6, 1.0, 1.3, 1.7, 2.0])),
        ("same centre, larger spread, 7 vs 6", np.array([-2.9, -1.9, -0.9, 0.1, 1.1, 2.1, 3.1]), np.array([-1.4, -0.8, -0.2, 0.4, 1.0, 1.6])),
        ("B better, 8 vs 12", np.array([-1.63, -0.40, 0.27, 0.29, 0.58, 0.63, 0.82, 1.66]),
         np.array([-0.31, -0.25, -0.23, -0.13, 0.07, 0.42, 0.66, 0.78, 1.20, 1.36, 1.64, 1.70])),
        ("unequal sizes with ties, 6 vs 9", np.array([0.81, 0.83, 0.83, 0.85, 0.79, 0.84]),
         np.array([0.80, 0.81, 0.83, 0.79, 0.82, 0.80, 0.81, 0.78, 0.86])),
    ]
    out = []
    for name, a, b in cases:
        row = {"name": name, "a": [float(round(v, 6)) for v in a], "b": [float(round(v, 6)) for v in b], "confidence": 0.95}
        row.update(aso_reference(row["a"], row["b"], 0.95, 1000, 20000, rng))
        out.append(row)
    return out


def aso_grid_eps_min(a, b, rng, confidence=0.95, k=1000, iterations=1000, dt=0.005):
    """eps_min exactly as deep-significance's aso() computes it: grid sums of step dt for every violation ratio."""
    def ratios(x, y):
        x, y = np.sort(x, axis=-1), np.sort(y, axis=-1)
        n, m = x.shape[-1], y.shape[-1]
        p = np.arange(0, 1, dt)
        d = y[..., np.clip(np.ceil(p * m).astype(int) - 1, 0, m - 1)] - x[..., np.clip(np.ceil(p * n).astype(int) - 1, 0, n - 1)]
        total = np.sum(d ** 2, axis=-1)
        return np.where(total > 0, np.sum(np.maximum(d, 0) ** 2, axis=-1) / np.where(total > 0, total, 1), 0)
    eps = ratios(a, b)
    samples = ratios(rng.choice(a, (iterations, k)), rng.choice(b, (iterations, k)))
    sigma = np.std(np.sqrt(k / 2) * (samples - eps))
    return min(max(eps + st.norm.ppf(confidence) * sigma / np.sqrt(len(a) * len(b) / (len(a) + len(b))), 0), 1)


def aso_false_dominance():
    """How often deep-significance's ASO declares dominance (eps_min < 0.2) between two samples of 10 from the same
    normal distribution: a property of the method that ReproSpec's implementation must share."""
    rng = np.random.default_rng(1_000_003)
    replications = 1000
    hits = sum(aso_grid_eps_min(rng.normal(0, 1, 10), rng.normal(0, 1, 10), rng) < 0.2 for _ in range(replications))
    return {"n": 10, "threshold": 0.2, "replications": replications, "rate": hits / replications}


# ---------------------------------------------------------------- probability of improvement
def newcombe_interval(theta_hat, n, m, confidence):
    """Newcombe (2006) method 5: {theta : (theta_hat - theta)^2 <= z^2 V(theta)}, V the Hanley-McNeil variance
    with N* = (n + m)/2 in place of both sample sizes."""
    z = st.norm.ppf((1 + confidence) / 2)
    n_star = (n + m) / 2
    v = lambda th: th * (1 - th) * (1 + (n_star - 1) * (1 - th) / (2 - th) + (n_star - 1) * th / (1 + th)) / (n * m)
    g = lambda th: (theta_hat - th) ** 2 - z ** 2 * v(th)
    # g <= 0 at theta_hat and > 0 at the far ends; step just off theta_hat so a zero variance there (theta_hat 0 or 1)
    # does not hand brentq a root at the bracket's end.
    low = 0.0 if theta_hat <= 0 else optimize.brentq(g, 0, theta_hat - 1e-13, xtol=1e-14)
    high = 1.0 if theta_hat >= 1 else optimize.brentq(g, theta_hat + 1e-13, 1, xtol=1e-14)
    return low, high


def probability_of_improvement_cases():
    out = []
    for case in aso_cases_for_poi():
        a, b = np.asarray(case["a"]), np.asarray(case["b"])
        wins = (a[:, None] > b[None, :]).sum() + 0.5 * (a[:, None] == b[None, :]).sum()
        # Independent of the double loop: scipy's Mann-Whitney U of A is the same count.
        u = st.mannwhitneyu(a, b, alternative="greater").statistic
        assert abs(u - wins) < 1e-9
        theta = float(wins / (len(a) * len(b)))
        low, high = newcombe_interval(theta, len(a), len(b), 0.95)
        out.append({"a": case["a"], "b": case["b"], "estimate": theta, "low": low, "high": high, "confidence": 0.95})
    return out


def aso_cases_for_poi():
    return [
        {"a": [3.1, 2.7, 3.5, 2.9, 3.3], "b": [2.5, 2.9, 2.2, 2.8, 2.6]},
        {"a": [1, 2, 3, 4], "b": [5, 6, 7]},
        {"a": [5, 6, 7], "b": [1, 2, 3, 4]},
        {"a": [0.81, 0.83, 0.83, 0.85, 0.80, 0.84], "b": [0.80, 0.81, 0.83, 0.79, 0.82, 0.80, 0.81, 0.78, 0.83]},
        {"a": [1, 1, 1], "b": [1, 1]},
    ]


# ---------------------------------------------------------------- group-sequential boundaries
def spent(kind, alpha, t):
    if kind == "OBrienFleming":
        return 2 * st.norm.sf(st.norm.isf(alpha / 2) / np.sqrt(t))
    return alpha * np.log(1 + (np.e - 1) * t)


def boundaries_by_multivariate_normal(fractions, alpha, kind):
    """Solve P(Z_1 < c_1, ..., Z_{k-1} < c_{k-1}, Z_k >= c_k) = alpha(t_k) - alpha(t_{k-1}) with Genz's
    multivariate normal CDF (scipy), Corr(Z_i, Z_j) = sqrt(t_i / t_j): independent of the recursive integration."""
    t = np.asarray(fractions, float)
    cum = np.array([spent(kind, alpha, x) for x in t])
    cum[-1] = alpha
    c = [st.norm.isf(cum[0])]
    for k in range(1, len(t)):
        corr = np.sqrt(np.minimum.outer(t[:k + 1], t[:k + 1]) / np.maximum.outer(t[:k + 1], t[:k + 1]))
        options = dict(maxpts=4_000_000, abseps=1e-11, releps=1e-9, seed=12345)
        prev = st._multivariate.multivariate_normal_frozen(np.zeros(k), corr[:k, :k], **options)
        full = st._multivariate.multivariate_normal_frozen(np.zeros(k + 1), corr, **options)
        p_prev = float(prev.cdf(np.array(c))) if k > 1 else float(st.norm.cdf(c[0]))
        target = cum[k] - cum[k - 1]

        def crossing(x):
            inner = float(full.cdf(np.array(c + [x])))
            return p_prev - inner - target

        c.append(optimize.brentq(crossing, -5, 20, xtol=1e-9))
    return [float(v) for v in c]


def group_sequential_cases():
    designs = [
        ("5 equal looks, one-sided 0.025", [0.2, 0.4, 0.6, 0.8, 1.0], 0.025, "OBrienFleming"),
        ("5 equal looks, one-sided 0.025", [0.2, 0.4, 0.6, 0.8, 1.0], 0.025, "Pocock"),
        ("looks at 3,6,...,18,20 of 20 seeds, 0.05", [n / 20 for n in [3, 6, 9, 12, 15, 18, 20]], 0.05, "OBrienFleming"),
        ("looks at 3,6,...,18,20 of 20 seeds, 0.05", [n / 20 for n in [3, 6, 9, 12, 15, 18, 20]], 0.05, "Pocock"),
        ("looks at 5,10,15 of 15 seeds, 0.01", [5 / 15, 10 / 15, 1.0], 0.01, "OBrienFleming"),
    ]
    return [{"name": name, "fractions": f, "alpha": a, "spending": kind, "z": boundaries_by_multivariate_normal(f, a, kind)}
            for name, f, a, kind in designs]


def main():
    reference = {
        "generator": "tests/reference/generate_reference_b.py",
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "noncentral_t": noncentral_t_points(),
        "welch_power": welch_power_points(),
        "colas2018": colas_example(),
        "almost_stochastic_order": aso_cases(),
        "aso_false_dominance": aso_false_dominance(),
        "probability_of_improvement": probability_of_improvement_cases(),
        "group_sequential": group_sequential_cases(),
    }
    with open(os.path.join(HERE, "statistics_reference_b.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
