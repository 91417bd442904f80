"""Inference helpers shared by every analysis: the Wilson interval for a proportion and Holm's
multiple-testing correction. One definition each, so the Agents table, the period comparisons
and the drivers page agree."""
from __future__ import annotations

import numpy as np

from .lazy import lazy

# imported on first use (analysis.lazy): a command that needs none of them starts without them
proportion_confint = lazy("statsmodels.stats.proportion", "proportion_confint")


def wilson_interval(successes, n, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for proportions, as fractions (0–1), vectorised; NaN where n is 0."""
    x, n = np.asarray(successes, dtype="float64"), np.asarray(n, dtype="float64")
    x, n = np.atleast_1d(x), np.atleast_1d(n)
    lo, hi = np.full(x.shape, np.nan), np.full(x.shape, np.nan)
    ok = n > 0
    if ok.any():
        lo[ok], hi[ok] = proportion_confint(x[ok], n[ok], alpha=1 - level, method="wilson")
    return lo, hi


def holm(p) -> np.ndarray:
    """Holm's step-down adjusted p-values: the k-th smallest of m times (m − k + 1), made
    non-decreasing, capped at 1. (statsmodels' multipletests gives the same numbers but runs a
    full garbage collection on every Holm call, a quarter second in a busy app.)"""
    p = np.asarray(p, dtype=float)
    order = np.argsort(p, kind="stable")
    m = len(p)
    adjusted = np.minimum(1.0, np.maximum.accumulate(p[order] * np.arange(m, 0, -1)))
    out = np.empty(m)
    out[order] = adjusted
    return out
