#!/usr/bin/python3
"""Reference values for ReproSpec statistics part B (power, noncentral t, almost stochastic order,
probability of improvement, group-sequential boundaries).

Regenerate with:  /usr/bin/python3 tests/reference/generate_reference_b.py
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
