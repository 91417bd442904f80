"""Relative importance of correlated drivers: how much of R² each driver accounts for.

Two decompositions of the R² of a linear regression of the outcome on all drivers, both
computed from the correlation matrix alone (so they do not depend on the drivers' units):

* **LMG / Shapley** (Lindeman, Merenda & Gold 1980; Grömping 2006, R package *relaimpo*):
  a driver's share is its increase in R² when it enters the model, averaged over every order
  in which the drivers can enter. Computed exactly from the R² of all 2^p subsets, weighting
  the gain of adding driver j to subset S by |S|! (p-|S|-1)! / p! (the Shapley value).
* **Johnson's relative weights** (Johnson 2000): regress the outcome on the orthogonal
  counterpart Z of the drivers (the symmetric square root of the drivers' correlation matrix),
  and share each Z's squared coefficient back to the drivers by their squared loadings.
  A close, much cheaper approximation of LMG; used beyond :data:`EXACT_MAX` drivers.

Both sets of shares sum to the model's R² (a proportion of the outcome's variance, 0–1).
Bootstrap intervals resample rows (seeded) and use percentiles.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd

from analysis.patterns import Patterns, weighted_corr

EXACT_MAX = 12            # exact LMG needs all 2^p subsets: 4096 regressions at p = 12
MIN_ROWS = 10             # fewer complete rows than this: no model
VIF_NOTE = 5.0            # VIF above this gets a note (10 is the other common rule of thumb)
BOOT_CHUNK = 32           # bootstrap replicates whose row weights are held in memory at once
DISTINCT_MIN_ROWS = 1_000  # from this many rows the bootstrap looks for repeated rows …
DISTINCT_SHARE = 0.25      # … and draws distinct rows when they are at most this share of the rows


class ImportanceError(ValueError):
    """The data cannot support a relative-importance analysis (the message says why)."""


@dataclass
class ImportanceResult:
    """Relative importance of each driver for one outcome.

    `table` has one row per driver, sorted by importance: driver, importance (the driver's
    part of R², a proportion of the outcome's variance), share (importance / R², 0–1),
    ci_low / ci_high (bootstrap percentile interval of importance; NaN when boot=0), vif
    (variance inflation factor of the driver among the others) and high_vif (vif > threshold).
    `r2` is the R² of the full model, `n` the complete rows used, `excluded` the rows left out
    per reason, `notes` sentence keys (i18n) such as "drivers_note_vif".
    """
    method: str
    r2: float
    n: int
    table: pd.DataFrame
    excluded: dict[str, int] = field(default_factory=dict)
    boot: int = 0
    notes: list[str] = field(default_factory=list)


# --- the decompositions, from a correlation matrix ---------------------------------------

def subset_r2(corr: np.ndarray) -> np.ndarray:
    """R² of the outcome on every subset of drivers, from correlation matrices.

    `corr` is (p+1)×(p+1) with the outcome first, or a stack (B, p+1, p+1). Returns an array
    (…, 2^p) indexed by bitmask: bit j set means driver j is in the subset. R²(S) is
    r_S' R_SS⁻¹ r_S, the squared multiple correlation.
    """
    corr = np.asarray(corr, dtype=float)
    stacked = corr.ndim == 3
    c = corr if stacked else corr[None]
    p = c.shape[-1] - 1
    out = np.zeros((c.shape[0], 1 << p))
    rxy = c[:, 0, 1:]
    rxx = c[:, 1:, 1:]
    for k in range(1, p + 1):
        subsets = np.array(list(combinations(range(p), k)))            # (m, k)
        masks = (1 << subsets).sum(axis=1)
        sub = rxx[:, subsets[:, :, None], subsets[:, None, :]]         # (B, m, k, k)
        r = rxy[:, subsets]                                            # (B, m, k)
        beta = np.linalg.solve(sub, r[..., None])[..., 0]
        out[:, masks] = np.einsum("bmk,bmk->bm", r, beta)
    return out if stacked else out[0]


def shapley_from_subsets(r2: np.ndarray, p: int) -> np.ndarray:
    """Shapley value of each of p drivers from the R² of all subsets (…, 2^p) -> (…, p)."""
    masks = np.arange(1 << p)
    size = np.array([bin(m).count("1") for m in masks])
    out = np.zeros(r2.shape[:-1] + (p,))
    for j in range(p):
        without = masks[(masks >> j) & 1 == 0]
        s = size[without]
        weight = np.array([factorial(k) * factorial(p - k - 1) for k in s]) / factorial(p)
        gain = r2[..., without | (1 << j)] - r2[..., without]
        out[..., j] = gain @ weight
    return out


def lmg_from_corr(corr: np.ndarray) -> np.ndarray:
    """Exact LMG (Shapley) shares of R² for each driver; outcome first in `corr`."""
    p = np.asarray(corr).shape[-1] - 1
    return shapley_from_subsets(subset_r2(corr), p)


def johnson_from_corr(corr: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights of each driver; outcome first in `corr` (… stacks)."""
    corr = np.asarray(corr, dtype=float)
    rxx = corr[..., 1:, 1:]
    rxy = corr[..., 1:, 0]
    values, vectors = np.linalg.eigh(rxx)
    # Λ = V diag(√λ) V': the correlations between the drivers and their closest orthogonal set Z
    lam = (vectors * np.sqrt(np.clip(values, 0, None))[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    beta = np.linalg.solve(lam, rxy[..., None])                       # outcome on Z
    return ((lam ** 2) @ (beta ** 2))[..., 0]


def vif_from_corr(rxx: np.ndarray) -> np.ndarray:
    """Variance inflation factors: the diagonal of the inverse of the drivers' correlation matrix."""
    return np.diag(np.linalg.inv(rxx))


# --- from data ------------------------------------------------------------------------------

def _moment_columns(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Columns [1, z_i, z_i z_j (i <= j)], so one weighted sum gives every moment at once."""
    i, j = np.triu_indices(z.shape[1])
    return np.column_stack([np.ones(len(z)), z, z[:, i] * z[:, j]]), i, j


def _corr_from_moments(sums: np.ndarray, q: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Correlation matrices (B, q, q) from weighted sums of [1, z, z_i z_j] (B, 1 + q + q(q+1)/2)."""
    total = sums[:, :1]
    mean = sums[:, 1:1 + q] / total
    cross = np.zeros((len(sums), q, q))
    cross[:, i, j] = sums[:, 1 + q:] / total
    cross[:, j, i] = cross[:, i, j]
    cov = cross - mean[:, :, None] * mean[:, None, :]
    sd = np.sqrt(np.clip(np.einsum("bii->bi", cov), 0, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / (sd[:, :, None] * sd[:, None, :])


def distinct_rows(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct rows of `data`, how many times each occurs). Ratings of a few columns have
    few patterns (six 1–5 ratings: at most 15,625), so a key per row in mixed radix of each
    column's codes finds them with one integer sort."""
    codes, uniques = zip(*(pd.factorize(column, sort=True) for column in data.T))
    sizes = np.array([len(u) for u in uniques], dtype=np.float64)
    if np.prod(sizes) >= 2.0 ** 62:
        rows, counts = np.unique(data, axis=0, return_counts=True)
        return rows, counts
    key = np.zeros(len(data), dtype=np.int64)
    for c, size in zip(codes, sizes):
        key = key * int(size) + c
    keys, counts = np.unique(key, return_counts=True)
    rows = np.empty((len(keys), data.shape[1]))
    for col in range(data.shape[1] - 1, -1, -1):
        size = int(sizes[col])
        rows[:, col] = np.asarray(uniques[col])[keys % size]
        keys = keys // size
    return rows, counts


def draws_patterns(n: int, patterns: int) -> bool:
    """Whether the bootstrap of `n` rows with `patterns` distinct ones draws the patterns
    (multinomial) rather than the rows: from :data:`DISTINCT_MIN_ROWS` rows on, when the distinct
    rows are at most :data:`DISTINCT_SHARE` of them."""
    return n >= DISTINCT_MIN_ROWS and patterns <= DISTINCT_SHARE * n


def bootstrap_corr(data: np.ndarray, boot: int, seed: int = 0, counts: np.ndarray | None = None) -> np.ndarray:
    """Correlation matrices of `boot` row resamples (with replacement) of `data` -> (boot, q, q).

    A resample is represented by how often each row was drawn (its weight), so each replicate
    costs one weighted sum of the moment columns instead of copying the rows. When the rows
    repeat a few patterns (ratings, :func:`draws_patterns`), a resample is drawn as how often
    each distinct row was drawn: multinomial with the rows' shares, the same distribution as
    drawing the n rows, at a cost that grows with the patterns rather than the rows.

    `counts`: `data` is already the distinct rows, sorted (as :func:`distinct_rows` or
    analysis.patterns give them), row i standing for counts[i] rows; the draws are then those the
    rows themselves would get (the same multinomial over the same patterns in the same order)."""
    rng = np.random.default_rng(seed)
    if counts is not None:
        n, q = int(counts.sum()), data.shape[1]
        # centred and scaled by the rows' mean and SD: the same z, hence moments, as on the rows
        mean = counts @ data / n
        z = (data - mean) / np.sqrt(counts @ (data - mean) ** 2 / n)
        rows = z
    else:
        n, q = data.shape
        z = (data - data.mean(axis=0)) / data.std(axis=0)   # centred and scaled: products stay O(1)
        rows, counts = distinct_rows(z) if n >= DISTINCT_MIN_ROWS else (z, None)
        if counts is None or not draws_patterns(n, len(rows)):
            rows, counts = z, None
    moments, i, j = _moment_columns(rows)
    out = []
    for start in range(0, boot, BOOT_CHUNK):
        reps = min(BOOT_CHUNK, boot - start)
        if counts is None:
            draws = rng.integers(0, n, size=(reps, n)) + (np.arange(reps) * n)[:, None]
            weights = np.bincount(draws.ravel(), minlength=reps * n).reshape(reps, n).astype(float)
        else:
            weights = rng.multinomial(n, counts / n, size=reps).astype(float)
        # (moments' weights')' rather than weights @ moments: the same sums, but this operand
        # layout is several times faster in OpenBLAS
        out.append(_corr_from_moments((moments.T @ weights.T).T, q, i, j))
    return np.concatenate(out) if out else np.empty((0, q, q))


def relative_importance(frame: pd.DataFrame, outcome: str, drivers: list[str], method: str = "auto",
                        boot: int = 200, seed: int = 0, level: float = 0.95,
                        vif_threshold: float = VIF_NOTE, patterns: Patterns | None = None) -> ImportanceResult:
    """Relative importance of `drivers` for `outcome` on the rows where all are present.

    method: "lmg" (exact Shapley, at most :data:`EXACT_MAX` drivers), "johnson", or "auto"
    (LMG up to EXACT_MAX drivers, Johnson beyond). Bootstrap: `boot` row resamples with
    `seed`; the interval is the (1-level)/2 and (1+level)/2 percentiles of each driver's
    importance. Raises :class:`ImportanceError` when there are too few complete rows, a
    constant column, or drivers so collinear that R² cannot be decomposed; callers screen
    columns first (see analysis.drivers.screen_drivers).

    `patterns` (analysis.patterns.Patterns of `frame`, with the outcome and drivers among its
    columns): the same figures from the distinct rows and their counts. The bootstrap then draws
    the patterns, as it does on the rows when they repeat (:func:`draws_patterns`); where the
    rows would be drawn one by one instead (few rows, or mostly distinct ones), the rows of
    `frame` are used, so that the interval is the same whichever is passed.
    """
    if method not in ("auto", "lmg", "johnson"):
        raise ValueError(f"unknown method {method!r}")
    p = len(drivers)
    if p == 0:
        raise ImportanceError("no drivers")
    if method == "lmg" and p > EXACT_MAX:
        raise ImportanceError(f"exact LMG supports at most {EXACT_MAX} drivers, got {p}")
    chosen = "lmg" if method == "lmg" or (method == "auto" and p <= EXACT_MAX) else "johnson"
    columns = [outcome, *drivers]
    counts = None
    if patterns is not None and patterns.numeric(columns):
        complete = patterns.complete(columns)
        if boot <= 0 or draws_patterns(complete.rows, len(complete)):
            data = np.column_stack([complete.numbers(c) for c in columns])
            counts, n = complete.counts, complete.rows
            excluded = {"missing_value": patterns.rows - n}
    if counts is None:
        numeric = frame[columns].apply(pd.to_numeric, errors="coerce").astype(float)
        present = numeric.notna().all(axis=1)
        data = numeric[present].to_numpy()
        n = len(data)
        excluded = {"missing_value": int((~present).sum())}
    if n < max(MIN_ROWS, p + 2):
        raise ImportanceError(f"{n} complete rows for {p} drivers: too few")
    sd = data.std(axis=0) if counts is None else np.ptp(data, axis=0)    # patterns: constant = one value
    if (sd == 0).any():
        raise ImportanceError("constant column: " + ", ".join(np.array(columns)[sd == 0]))
    corr = np.corrcoef(data, rowvar=False) if counts is None else weighted_corr(data, counts)
    rxx = corr[1:, 1:]
    if np.linalg.cond(rxx) > 1e12:
        raise ImportanceError("drivers are perfectly collinear")
    decompose = lmg_from_corr if chosen == "lmg" else johnson_from_corr
    estimate = decompose(corr)
    r2 = float(corr[0, 1:] @ np.linalg.solve(rxx, corr[1:, 0]))
    vif = vif_from_corr(rxx)
    low = high = np.full(p, np.nan)
    if boot > 0:
        stack = bootstrap_corr(data, boot, seed, counts)
        usable = np.isfinite(stack).all(axis=(1, 2)) & (np.linalg.cond(stack[:, 1:, 1:]) < 1e12)
        if usable.any():
            draws = decompose(stack[usable])
            tail = (1 - level) / 2
            low, high = np.quantile(draws, [tail, 1 - tail], axis=0)
    table = pd.DataFrame({"driver": drivers, "importance": estimate, "share": estimate / r2,
                          "ci_low": low, "ci_high": high, "vif": vif, "high_vif": vif > vif_threshold})
    table = table.sort_values("importance", ascending=False, kind="stable").reset_index(drop=True)
    notes = ["drivers_note_vif"] if (vif > vif_threshold).any() else []
    return ImportanceResult(method=chosen, r2=r2, n=n, table=table, excluded=excluded, boot=boot, notes=notes)
