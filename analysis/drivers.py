"""Satisfaction drivers: which measures move with the outcome, how sure we are, where to act.

Works on `Dataset.responses()` or on any plain table with an outcome column and numeric driver
columns; driver names stay as the user's file spells them.

* :func:`screen_drivers` — which columns can serve as drivers, and why the others cannot.
* :func:`correlations` — each driver's correlation with the outcome (Spearman by default,
  Pearson / Kendall on request) with a 95 % interval, Holm-adjusted p-value and n. Spearman's p
  is a permutation p below :data:`SPEARMAN_T_MIN` pairs; Kendall's τ-b interval uses the
  asymptotic standard error with ties (:func:`kendall_tau_b`).
* :func:`segment_correlations`, :func:`correlation_difference` — the ranking per segment and a
  Fisher z test of whether one driver's correlation differs between two segments.
* :func:`speed_curve` — CSAT % by first-response / resolution-time band with Wilson intervals,
  and the band from which satisfaction is significantly below the best band.
* :func:`importance_performance` — the importance × performance quadrant.
* :func:`drivers_payload` — the JSON the command line prints.
* :func:`driver_patterns` — the distinct (outcome, flag, drivers, segments) rows with their counts
  (analysis.patterns) that :func:`analyse_drivers` builds once and every figure above reads
  (:func:`patterns_serve` says where the rows are needed instead: Kendall, permutation p-values).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from analysis import quadrant
from analysis.formatting import band_labels
from analysis.inference import holm, wilson_interval
from analysis.importance import EXACT_MAX, ImportanceError, relative_importance
from analysis.lazy import lazy
from analysis.patterns import Patterns, weighted_midranks
from analysis.schema import (ALERT_FIRST_RESPONSE_MIN, CSAT_SATISFIED, FRT_MIN, HANDLE_MIN, RESOLUTION_H, ROW,
                             SLA_TIERS, SOURCE)

# imported on first use (analysis.lazy): a command that needs none of them starts without them
stats = lazy("scipy.stats")
multipletests = lazy("statsmodels.stats.multitest", "multipletests")

METHODS = ("spearman", "pearson", "kendall")
MIN_ROWS = 10            # fewer pairs than this: no correlation
MAX_MISSING = 0.5        # a driver missing in more than half the rows is not analysed
SPEARMAN_T_MIN = 30      # from this many pairs Spearman's p is the t approximation; below, a permutation p
PERMUTATIONS = 9999      # random pairings of the permutation p (exact enumeration when n! is fewer)
PERMUTATION_SEED = 0
KENDALL_MAX_CELLS = 4_000_000   # distinct (x, y) cells of the τ-b table; beyond, Fieller's SE (few ties)
# Columns of a responses frame that are outcomes or bookkeeping, never drivers by default.
NOT_DRIVERS = {ROW, SOURCE, "csat", "nps", CSAT_SATISFIED}

# Per-driver problem reasons (i18n keys "drivers_problem_<reason>").
MISSING_COLUMN, NON_NUMERIC, TOO_MUCH_MISSING, CONSTANT, TOO_FEW_ROWS = (
    "missing_column", "non_numeric", "too_much_missing", "constant", "too_few_rows")


class DriversError(ValueError):
    """The outcome itself cannot be analysed (missing, non-numeric, constant or too few rows).

    `reason` is the matching problem code (missing_column, non_numeric, too_few_rows,
    constant) so that a page can say it in the user's language."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason


# --- screening ------------------------------------------------------------------------------

def _is_number(column: pd.Series) -> bool:
    """Whether the column holds numbers or booleans (what :func:`_as_number` can convert)."""
    return pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column)


def _as_number(column: pd.Series) -> pd.Series | None:
    """The column as float64 (booleans as 0/1), or None when it is not numeric."""
    if _is_number(column):
        return column.astype("Float64").astype(float) if column.dtype != float else column
    return None


def _count(mask: np.ndarray | pd.Series, weights: np.ndarray | None) -> int:
    """How many rows `mask` selects; row i standing for weights[i] rows when weights are given."""
    mask = np.asarray(mask, dtype=bool)
    return int(mask.sum()) if weights is None else int(weights[mask].sum())


def default_drivers(frame: pd.DataFrame, outcome: str) -> list[str]:
    """Every numeric (or boolean) column except the outcome, the other satisfaction outcomes
    (csat, nps, csat_satisfied) and bookkeeping columns (source row/file)."""
    return [c for c in frame.columns
            if c != outcome and c not in NOT_DRIVERS and _as_number(frame[c]) is not None]


def outcome_values(frame: pd.DataFrame, outcome: str, weights: np.ndarray | None = None) -> pd.Series:
    """The outcome as float64; raises :class:`DriversError` when it cannot be analysed. With
    `weights`, `frame` is a table of patterns (analysis.patterns), row i standing for weights[i]
    responses."""
    if outcome not in frame.columns:
        raise DriversError(f"outcome column {outcome!r} not found", MISSING_COLUMN)
    y = _as_number(frame[outcome])
    if y is None:
        raise DriversError(f"outcome column {outcome!r} is not numeric", NON_NUMERIC)
    present = y.dropna()
    count = _count(y.notna(), weights)
    if count < MIN_ROWS:
        raise DriversError(f"outcome {outcome!r} has {count} values; at least {MIN_ROWS} needed",
                           TOO_FEW_ROWS)
    if present.nunique() < 2:
        raise DriversError(f"outcome {outcome!r} is constant", CONSTANT)
    return y


def screen_drivers(frame: pd.DataFrame, outcome: str, drivers: Sequence[str] | None = None,
                   patterns: Patterns | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """The usable drivers as a float frame, and a {driver: problem reason} for the others.

    A driver is unusable when the column is missing, not numeric, missing in more than half
    the rows where the outcome is present, constant, or shares fewer than :data:`MIN_ROWS`
    rows with the outcome. With `patterns` (of `frame`, holding the outcome and every numeric
    driver) the counts come from them and the frame returned has one row per pattern."""
    source, weights = (frame, None) if patterns is None else (patterns.values, patterns.counts)
    y = outcome_values(source, outcome, weights)
    names = default_drivers(frame, outcome) if drivers is None else [d for d in drivers if d != outcome]
    has_y = y.notna().to_numpy()
    with_y = _count(has_y, weights)
    usable, problems = {}, {}
    for name in names:
        if name not in frame.columns:
            problems[name] = MISSING_COLUMN
            continue
        if not _is_number(frame[name]):
            problems[name] = NON_NUMERIC
            continue
        x = _as_number(source[name])
        present = x.notna().to_numpy()
        if _count(has_y & ~present, weights) / with_y > MAX_MISSING:
            problems[name] = TOO_MUCH_MISSING
        elif _count(has_y & present, weights) < MIN_ROWS:
            problems[name] = TOO_FEW_ROWS
        elif x[has_y].nunique() < 2:
            problems[name] = CONSTANT
        else:
            usable[name] = x
    return pd.DataFrame(usable, index=source.index), problems


def one_hot(frame: pd.DataFrame, column: str, reference: object | None = None) -> pd.DataFrame:
    """`frame` with one 0/1 column per value of a categorical `column` (e.g. channel), named
    "column=value", so a category can enter the ranking and the models as a driver.

    The `reference` value (default: the most frequent) gets no column: each indicator compares
    its value with the reference. Rows where `column` is missing get NaN indicators."""
    values = frame[column]
    counts = values.value_counts()
    counts = counts[counts > 0]          # a categorical dtype lists values absent from these rows
    if reference is None and len(counts):
        reference = counts.index[0]
    indicators = {f"{column}={value}": (values == value).astype(float).where(values.notna())
                  for value in counts.index if value != reference}
    return frame.assign(**indicators)


OUTCOMES = ("csat", CSAT_SATISFIED, "nps")
# Ticket measures a responses frame carries that can serve as drivers beside the survey ratings;
# the categorical ones enter as 0/1 indicators (see expand_drivers).
OPERATIONAL = (FRT_MIN, RESOLUTION_H, HANDLE_MIN, "transfers", "reopened", "channel")
CATEGORICAL = ("channel",)


def available_outcomes(frame: pd.DataFrame) -> list[str]:
    """The satisfaction outcomes (csat score, csat_satisfied top-2-box flag, nps) that have at
    least one value in `frame`, in that order."""
    return [c for c in OUTCOMES if c in frame.columns and frame[c].notna().any()]


def operational_drivers(frame: pd.DataFrame) -> list[str]:
    """The operational measures of :data:`OPERATIONAL` that have at least one value in `frame`."""
    return [c for c in OPERATIONAL if c in frame.columns and frame[c].notna().any()]


def suggested_drivers(frame: pd.DataFrame, ratings: Sequence[str]) -> list[str]:
    """The drivers analysed unless the user picks others: the survey sub-ratings (`ratings`,
    e.g. Dataset.drivers) that have a value in `frame`; without any, the numeric operational
    measures. The Drivers page and `python -m analysis drivers` both start from these."""
    present = [c for c in ratings if c in frame.columns and frame[c].notna().any()]
    return present or [c for c in operational_drivers(frame) if c not in CATEGORICAL]


def expand_drivers(frame: pd.DataFrame, drivers: Sequence[str],
                   categorical: Sequence[str] = CATEGORICAL) -> tuple[pd.DataFrame, list[str]]:
    """`frame` with 0/1 indicator columns for the categorical drivers among `drivers`, and the
    driver list with each such driver replaced by its indicators "column=value" (the most
    frequent value is the reference, see :func:`one_hot`). Other drivers pass unchanged, so a
    non-numeric one is still reported as such by :func:`screen_drivers`."""
    names: list[str] = []
    for name in drivers:
        if name in categorical and name in frame.columns and _as_number(frame[name]) is None:
            before = set(frame.columns)
            frame = one_hot(frame, name)
            names += [c for c in frame.columns if c not in before]
        else:
            names.append(name)
    return frame, names


def sla_edges(time: str = FRT_MIN) -> list[float]:
    """Fixed band edges for a speed curve taken from the SLA tiers in analysis.schema: the
    first-response targets (minutes) for frt_min, the resolution targets (hours; working
    days counted as 24 h) for resolution_h, then wider bands up to infinity."""
    if time == FRT_MIN:
        targets = {tier.respond_min for tier in SLA_TIERS.values()} | {ALERT_FIRST_RESPONSE_MIN}
        wider = [60, 240, 1440]
    elif time == RESOLUTION_H:
        targets = {tier.resolve_h if tier.resolve_h is not None else 24 * tier.resolve_business_days
                   for tier in SLA_TIERS.values()}
        wider = [168]
    else:
        raise ValueError(f"no SLA targets for {time!r}; pass edges or use quantile bands")
    return [0.0, *sorted(float(t) for t in targets | set(wider)), float("inf")]


# --- correlations ---------------------------------------------------------------------------

def fisher_se(r: np.ndarray | float, n: np.ndarray | float, method: str) -> np.ndarray:
    """Standard error of atanh(r) for a correlation of `method` on n pairs.

    Pearson: 1/√(n−3). Spearman: Bonett & Wright (2000), √((1 + r²/2)/(n−3)).
    Kendall: Fieller, Hartley & Pearson (1957), √(0.437/(n−4))."""
    r, n = np.asarray(r, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "pearson":
            return 1 / np.sqrt(n - 3)
        if method == "spearman":
            return np.sqrt((1 + r ** 2 / 2) / (n - 3))
        if method == "kendall":
            return np.sqrt(0.437 / (n - 4))
    raise ValueError(f"unknown method {method!r}")


def fisher_ci(r: np.ndarray | float, n: np.ndarray | float, method: str = "pearson",
              level: float = 0.95, se: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Confidence interval of a correlation: tanh(atanh(r) ± z·SE), SE as in :func:`fisher_se`
    unless `se` (the SE of atanh r, NaN where :func:`fisher_se` should be used) is given."""
    r = np.asarray(r, dtype=float)
    z = stats.norm.ppf((1 + level) / 2)
    se_default = fisher_se(r, n, method)
    se = se_default if se is None else np.where(np.isfinite(se), se, se_default)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.arctanh(np.clip(r, -1, 1))
    return np.tanh(centre - z * se), np.tanh(centre + z * se)


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Kendall's τ-b of complete pairs and its asymptotic standard error with ties (the ASE of
    SAS PROC FREQ, Brown & Benedetti 1977), from the contingency table of distinct values.

    With w_r = n² − Σ n_i·², w_c = n² − Σ n_·j², w = √(w_r w_c), for each cell A_ij (D_ij) the
    observations concordant (discordant) with it, d_ij = A_ij − D_ij, v_ij = n_i· w_c + n_·j w_r:
    τ_b = Σ n_ij d_ij / w and ASE = √(Σ n_ij (2 w d_ij + τ_b v_ij)² − n³ τ_b² (w_r + w_c)²) / w².
    The ASE is NaN when the table would exceed :data:`KENDALL_MAX_CELLS` cells (two nearly
    continuous variables, hence few ties) or τ-b is undefined."""
    x_values, xi = np.unique(x, return_inverse=True)
    y_values, yi = np.unique(y, return_inverse=True)
    rows, cols = len(x_values), len(y_values)
    if rows * cols > KENDALL_MAX_CELLS:
        return float(stats.kendalltau(x, y).statistic), float("nan")
    n = float(len(x))
    table = np.bincount(xi * cols + yi, minlength=rows * cols).reshape(rows, cols).astype(float)
    cum = np.zeros((rows + 1, cols + 1))
    cum[1:, 1:] = table.cumsum(axis=0).cumsum(axis=1)          # cum[i, j]: rows < i, columns < j
    row_lt, col_lt = cum[:-1, -1:], cum[-1:, :-1]
    row_le, col_le = cum[1:, -1:], cum[-1:, 1:]
    concordant = cum[:-1, :-1] + (n - row_le - col_le + cum[1:, 1:])
    discordant = (row_lt - cum[:-1, 1:]) + (col_lt - cum[1:, :-1])
    d = concordant - discordant
    n_i, n_j = table.sum(axis=1), table.sum(axis=0)
    w_r, w_c = n * n - (n_i ** 2).sum(), n * n - (n_j ** 2).sum()
    w = math.sqrt(w_r * w_c)
    if w == 0:
        return float("nan"), float("nan")
    tau = float((table * d).sum() / w)
    v = n_i[:, None] * w_c + n_j[None, :] * w_r
    inner = float((table * (2 * w * d + tau * v) ** 2).sum() - n ** 3 * tau ** 2 * (w_r + w_c) ** 2)
    return tau, math.sqrt(max(inner, 0.0)) / w ** 2


def kendall_se_z(tau: float, ase: float) -> float:
    """SE of atanh τ from the ASE of τ (delta method): ASE / (1 − τ²); NaN when not finite."""
    with np.errstate(invalid="ignore", divide="ignore"):
        se = ase / (1 - tau * tau)
    return float(se) if np.isfinite(se) and se > 0 else float("nan")


def spearman_permutation_p(x_rank: np.ndarray, y_rank: np.ndarray, resamples: int = PERMUTATIONS,
                           seed: int = PERMUTATION_SEED) -> float:
    """Two-sided permutation p of Spearman's ρ (Pearson's r of mid-ranks, so ties are kept):
    scipy.stats.permutation_test over pairings, exact when n! ≤ `resamples`, else `resamples`
    seeded random pairings."""
    b = np.asarray(y_rank, dtype=float) - np.mean(y_rank)

    def rho(a, axis=-1):
        # only x is permuted (n! pairings): passing both samples would permute both, (n!)² orderings
        a = a - a.mean(axis=axis, keepdims=True)
        return (a * b).sum(axis=axis) / np.sqrt((a * a).sum(axis=axis) * (b * b).sum())

    res = stats.permutation_test((np.asarray(x_rank, dtype=float),), rho, permutation_type="pairings",
                                 vectorized=True,
                                 n_resamples=resamples, alternative="two-sided",
                                 rng=np.random.default_rng(seed))
    return float(res.pvalue)


def midranks(x: np.ndarray) -> np.ndarray:
    """The ranks of `x` with ties given their mean rank (scipy's rankdata "average"), from the
    counts of each distinct value: ratings take a hash of a few values instead of a sort of
    every response."""
    codes, _ = pd.factorize(np.asarray(x), sort=True)
    counts = np.bincount(codes)
    mean_rank = np.cumsum(counts) - (counts - 1) / 2.0
    return mean_rank[codes]


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    # einsum, not BLAS: a threaded ddot costs milliseconds per call on a busy 2-core machine
    x, y = x - x.mean(), y - y.mean()
    dot = lambda a, b: float(np.einsum("i,i->", a, b))
    return float(np.clip(dot(x, y) / math.sqrt(dot(x, x) * dot(y, y)), -1, 1))


def _weighted_pearson(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> float:
    """Pearson's r of x and y with row i standing for weights[i] pairs."""
    n = weights.sum()
    x, y = x - np.einsum("i,i->", weights, x) / n, y - np.einsum("i,i->", weights, y) / n
    dot = lambda a, b: float(np.einsum("i,i,i->", weights, a, b))
    return float(np.clip(dot(x, y) / math.sqrt(dot(x, x) * dot(y, y)), -1, 1))


def _t_p(r: float, n: float) -> float:
    """Two-sided p of a correlation r on n pairs: t = r√((n−2)/(1−r²)) on n − 2 df."""
    if abs(r) == 1:
        return 0.0
    t = r * math.sqrt((n - 2) / (1 - r * r))
    return float(2 * stats.t.sf(abs(t), n - 2))


def adjust_p(p: np.ndarray, correction: str = "holm") -> np.ndarray:
    """Multiple-testing adjusted p-values: Holm here, any other statsmodels multipletests method."""
    if correction == "holm":
        return holm(p)
    return multipletests(np.asarray(p, dtype=float), method=correction)[1]


def correlation(x: np.ndarray, y: np.ndarray, method: str = "spearman") -> tuple[float, float]:
    """(r, two-sided p) of complete pairs x, y.

    Pearson's r is tested with t = r√((n−2)/(1−r²)) on n−2 df; Spearman's ρ (Pearson's r of
    mid-ranks) likewise from :data:`SPEARMAN_T_MIN` pairs on, and by a permutation test below
    (:func:`spearman_permutation_p`); Kendall's τ-b with scipy's test (exact for small untied
    samples, else normal with the ties' variance)."""
    if method == "kendall":
        res = stats.kendalltau(x, y)
        return float(res.statistic), float(res.pvalue)
    if method == "spearman":
        x, y = midranks(x), midranks(y)
        return _rank_correlation(x, y, permute=len(x) < SPEARMAN_T_MIN)
    if method != "pearson":
        raise ValueError(f"unknown method {method!r}")
    return _rank_correlation(x, y)


def _rank_correlation(x: np.ndarray, y: np.ndarray, permute: bool = False) -> tuple[float, float]:
    """Pearson's r of x and y (ranks for Spearman) with its t-test p-value on n − 2 df, or with
    the permutation p when `permute`."""
    r = _pearson(x, y)
    if permute:
        return r, spearman_permutation_p(x, y)
    return r, _t_p(r, len(x))


def patterns_serve(patterns: Patterns, frame: pd.DataFrame, outcome: str, drivers: Sequence[str] | None,
                   method: str) -> bool:
    """Whether :func:`correlations` can take its figures from `patterns` (of `frame`) rather than
    the rows: Pearson or Spearman (Kendall's test is scipy's on the rows), the outcome and every
    numeric driver among the patterns' columns, and for Spearman at least
    :data:`SPEARMAN_T_MIN` pairs per driver, so that no p is a permutation p (a permutation
    pairs rows, and the p would depend on their order)."""
    if method == "kendall" or outcome not in frame.columns or not patterns.numeric([outcome]):
        return False
    names = default_drivers(frame, outcome) if drivers is None else [d for d in drivers if d != outcome]
    numeric = [d for d in names if d in frame.columns and _is_number(frame[d])]
    if not patterns.numeric(numeric):
        return False
    if method == "spearman":
        has_y = patterns.values[outcome].notna().to_numpy()
        for name in numeric:
            if _count(has_y & patterns.values[name].notna().to_numpy(), patterns.counts) < SPEARMAN_T_MIN:
                return False
    return True


def correlations(frame: pd.DataFrame, outcome: str, drivers: Sequence[str] | None = None,
                 method: str = "spearman", level: float = 0.95, correction: str = "holm",
                 patterns: Patterns | None = None) -> pd.DataFrame:
    """Each driver's correlation with the outcome, ranked by |r|.

    Columns: driver, r, ci_low, ci_high (interval at `level`, Fisher z with the SE of
    :func:`fisher_se`: Bonett–Wright for Spearman; for Kendall the ASE with ties of
    :func:`kendall_tau_b` by the delta method), p (two-sided; Spearman below
    :data:`SPEARMAN_T_MIN` pairs by permutation),
    p_adj (corrected across the drivers by `correction`, a statsmodels multipletests method,
    Holm by default), n (pairs where both are present) and problem (None, or why the driver
    has no figure: missing_column, non_numeric, too_much_missing, constant, too_few_rows).
    Drivers with a problem come last with NaN figures.

    `patterns` (analysis.patterns.Patterns of `frame`): the same figures from the distinct rows
    weighted by their counts — Pearson's r of the values, Spearman's of their mid-ranks among the
    responses — wherever :func:`patterns_serve` says they can be; otherwise from the rows.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if patterns is not None and not patterns_serve(patterns, frame, outcome, drivers, method):
        patterns = None
    weights = None if patterns is None else patterns.counts
    y = outcome_values(frame if patterns is None else patterns.values, outcome, weights)
    usable, problems = screen_drivers(frame, outcome, drivers, patterns)
    rows = []
    has_y = y.notna().to_numpy()
    y_all = y.to_numpy()[has_y]
    y_rank = None
    if method == "spearman":
        y_rank = midranks(y_all) if weights is None else weighted_midranks(y_all, weights[has_y])
    for name in usable.columns:
        x = usable[name].to_numpy()
        both = has_y & ~np.isnan(x)
        xv, yv = x[both], y.to_numpy()[both]
        if np.ptp(xv) == 0 or np.ptp(yv) == 0:        # constant on the shared rows only
            problems[name] = CONSTANT
            continue
        se_z = float("nan")
        # the outcome's ranks are the same for every complete driver: rank it once
        same_rows = both.sum() == has_y.sum()
        if weights is not None:
            w = weights[both]
            if method == "spearman":
                xv, yv = weighted_midranks(xv, w), y_rank if same_rows else weighted_midranks(yv, w)
            r = _weighted_pearson(xv, yv, w)
            p = _t_p(r, float(w.sum()))
        elif y_rank is not None and same_rows:
            r, p = _rank_correlation(midranks(xv), y_rank, permute=len(xv) < SPEARMAN_T_MIN)
        else:
            r, p = correlation(xv, yv, method)
        if method == "kendall":
            se_z = kendall_se_z(*kendall_tau_b(xv, yv))
        rows.append({"driver": name, "r": r, "p": p, "n": _count(both, weights), "se_z": se_z})
    table = pd.DataFrame(rows, columns=["driver", "r", "p", "n", "se_z"])
    if len(table):
        table["ci_low"], table["ci_high"] = fisher_ci(table["r"].to_numpy(), table["n"].to_numpy(),
                                                      method, level, se=table["se_z"].to_numpy())
        table["p_adj"] = adjust_p(table["p"].to_numpy(), correction)
    else:
        table = table.assign(ci_low=np.nan, ci_high=np.nan, p_adj=np.nan)
    table["problem"] = None
    table = table.reindex(table["r"].abs().sort_values(ascending=False, kind="stable").index)
    order = drivers if drivers is not None else list(problems)
    bad = pd.DataFrame({"driver": [d for d in order if d in problems],
                        "problem": [problems[d] for d in order if d in problems]})
    columns = ["driver", "r", "ci_low", "ci_high", "p", "p_adj", "n", "problem"]
    if len(bad):
        bad = bad.reindex(columns=columns).assign(n=0)
        table = pd.concat([table, bad], ignore_index=True) if len(table) else bad
    table[["r", "ci_low", "ci_high", "p", "p_adj"]] = table[["r", "ci_low", "ci_high", "p", "p_adj"]].astype(float)
    table["n"] = table["n"].astype(int)
    table["problem"] = table["problem"].astype(object).where(table["problem"].notna(), None)
    return table[columns].reset_index(drop=True)


# --- segments -------------------------------------------------------------------------------

def segment_correlations(frame: pd.DataFrame, outcome: str, segment: str,
                         drivers: Sequence[str] | None = None, method: str = "spearman",
                         min_rows: int = MIN_ROWS, patterns: Patterns | None = None) -> pd.DataFrame:
    """The correlation ranking per value of `segment` (e.g. channel, customer_type), long form.

    Columns: segment, then those of :func:`correlations`; p_adj is Holm-corrected over the whole
    segment × driver table returned (the family a reader scans), not within each segment.
    A segment with fewer than `min_rows` outcome values gets one row per driver with problem
    "too_few_rows". Use :func:`side_by_side` for a driver × segment table.

    `patterns` (of `frame`, with `segment` among their columns): each segment's figures from its
    patterns where they serve (:func:`patterns_serve`), else from its rows."""
    names = list(drivers) if drivers is not None else default_drivers(frame, outcome)
    names = [d for d in names if d != segment]
    parts = []
    # only the columns the correlations read: grouping the whole responses frame copies every column
    columns = list(dict.fromkeys(c for c in [outcome, segment, *names] if c in frame.columns))
    for value, part, sub in _segment_parts(frame, columns, segment, outcome, names, method, patterns):
        try:
            table = correlations(part, outcome, names, method, patterns=sub)
        except DriversError:
            table = pd.DataFrame({"driver": names, "r": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                                  "p": np.nan, "p_adj": np.nan, "n": 0, "problem": TOO_FEW_ROWS})
        parts.append(table.assign(segment=value))
    if not parts:
        return pd.DataFrame(columns=["segment", "driver", "r", "ci_low", "ci_high", "p", "p_adj", "n",
                                     "problem"])
    out = pd.concat(parts, ignore_index=True)
    tested = out["p"].notna().to_numpy()
    out["p_adj"] = np.nan
    if tested.any():
        out.loc[tested, "p_adj"] = holm(out.loc[tested, "p"].to_numpy())
    return out[["segment", *[c for c in out.columns if c != "segment"]]]


def _segment_parts(frame: pd.DataFrame, columns: list[str], segment: str, outcome: str, names: list[str],
                   method: str, patterns: Patterns | None):
    """(value, rows, patterns) for each value of `segment` in sorted order (as a groupby gives
    them): the segment's patterns with the full frame (for the columns' types) where the
    patterns serve, else its rows (its own rows; patterns None)."""
    if patterns is None or not patterns.has([segment]):
        for value, part in frame[columns].groupby(segment, sort=True, dropna=True):
            yield value, part, None
        return
    for value, group in patterns.values.groupby(segment, sort=True, dropna=True):
        sub = Patterns(group.reset_index(drop=True), patterns.counts[group.index.to_numpy()])
        if patterns_serve(sub, frame, outcome, names, method):
            yield value, frame, sub
        else:
            yield value, frame.loc[(frame[segment] == value).to_numpy(), columns], None


def side_by_side(segments: pd.DataFrame, value: str = "r") -> pd.DataFrame:
    """Driver × segment table of one column of :func:`segment_correlations` (r by default)."""
    return segments.pivot(index="driver", columns="segment", values=value)


@dataclass
class CorrelationDifference:
    """Fisher z test of H0: the correlation is the same in two independent groups.

    z = (atanh r1 − atanh r2) / √(SE1² + SE2²), SEs as in :func:`fisher_se` (Kendall's from the
    ASE with ties when known, see :func:`correlation_difference`); p two-sided.
    `problem` says why there is no test (too_few_rows) and leaves z and p None."""
    r1: float
    n1: int
    r2: float
    n2: int
    difference: float
    z: float | None
    p: float | None
    method: str
    problem: str | None = None

    def differs(self, alpha: float = 0.05) -> bool:
        """Whether the test rejects equal correlations at level `alpha` (False without a test)."""
        return self.p is not None and self.p < alpha


def correlation_difference(r1: float, n1: int, r2: float, n2: int, method: str = "pearson",
                           se1: float | None = None, se2: float | None = None) -> CorrelationDifference:
    """Test whether two correlations from independent samples differ (Fisher z difference).

    `se1`, `se2`: the SEs of atanh r when known (Kendall's from the ASE with ties); otherwise,
    or when NaN, those of :func:`fisher_se`."""
    minimum = 5 if method == "kendall" else 4
    if min(n1, n2) < minimum or not (np.isfinite(r1) and np.isfinite(r2)):
        return CorrelationDifference(r1, n1, r2, n2, r1 - r2, None, None, method, TOO_FEW_ROWS)
    pick = lambda given, r, n: given if given is not None and math.isfinite(given) else float(fisher_se(r, n, method))
    se = math.hypot(pick(se1, r1, n1), pick(se2, r2, n2))
    z = (math.atanh(max(min(r1, 1 - 1e-12), -1 + 1e-12))
         - math.atanh(max(min(r2, 1 - 1e-12), -1 + 1e-12))) / se
    return CorrelationDifference(r1, n1, r2, n2, r1 - r2, z, float(2 * stats.norm.sf(abs(z))), method)


def compare_segments(frame: pd.DataFrame, outcome: str, driver: str, segment: str, first: object,
                     second: object, method: str = "spearman",
                     patterns: Patterns | None = None) -> CorrelationDifference:
    """Does `driver`'s correlation with `outcome` differ between two values of `segment`?
    (Each side from its patterns where they serve, see :func:`segment_correlations`.)"""
    found = []
    columns = list(dict.fromkeys([segment, driver, outcome]))          # not every column of the responses
    for value in (first, second):
        sub = None
        if patterns is not None and patterns.has([segment]):
            sub = patterns.where((patterns.values[segment] == value).to_numpy(dtype=bool, na_value=False))
            if not patterns_serve(sub, frame, outcome, [driver], method):
                sub = None
        part = frame if sub is not None else frame.loc[(frame[segment] == value).to_numpy(), columns]
        try:
            row = correlations(part, outcome, [driver], method, patterns=sub).iloc[0]
            se = float("nan")
            if method == "kendall" and row["problem"] is None:
                pairs = part[[driver, outcome]].apply(pd.to_numeric, errors="coerce").astype(float).dropna()
                se = kendall_se_z(*kendall_tau_b(pairs[driver].to_numpy(), pairs[outcome].to_numpy()))
            found.append((float(row["r"]), int(row["n"]), se))
        except DriversError:
            found.append((float("nan"), 0, float("nan")))
    (r1, n1, se1), (r2, n2, se2) = found
    return correlation_difference(r1, n1, r2, n2, method, se1, se2)


# --- speed curve ----------------------------------------------------------------------------

@dataclass
class SpeedCurve:
    """CSAT % by band of an operational time (first response, resolution).

    `table`: band (label: "≤ 2.6", "2.6–10", "> 10"; right ends included), low, high (band
    edges in the time's unit), n, satisfied, pct (satisfied / n, 0–1), ci_low, ci_high (Wilson interval), p_vs_best (one-sided
    two-proportion z test of "lower than the best band", Holm-adjusted over the later bands),
    below_best (p_vs_best < alpha). `best` is the band with the highest pct; `falls_from` the
    first band after it whose CSAT is significantly below it (None: no such band).
    `excluded` counts rows without a time or without a score.
    """
    time: str
    table: pd.DataFrame
    best: str | None
    falls_from: str | None
    n: int
    excluded: dict[str, int] = field(default_factory=dict)
    problem: str | None = None


def satisfied_flag(frame: pd.DataFrame, satisfied: str = CSAT_SATISFIED) -> pd.Series:
    """The satisfied (top-box) flag as float 0/1 with NaN where unknown."""
    return frame[satisfied].astype("Float64").astype(float)


def _band_labels(bands: pd.Index, exact: bool) -> list[str]:
    """Band names as people say them ("≤ 0.87", "0.87–2.6", "> 10"; `exact`: the user's own
    edges as given): analysis.formatting.band_labels."""
    return band_labels([b.left for b in bands], [b.right for b in bands], exact)


def speed_curve(frame: pd.DataFrame, time: str = FRT_MIN, satisfied: str = CSAT_SATISFIED,
                edges: Sequence[float] | None = None, quantiles: int = 5, alpha: float = 0.05,
                level: float = 0.95, min_rows: int = MIN_ROWS) -> SpeedCurve:
    """CSAT % per band of `time` (e.g. frt_min in minutes, resolution_h in hours).

    Bands are the fixed `edges` (left-open, right-closed, the last may be inf) or else
    `quantiles` equal-count bands (fewer when ties merge edges)."""
    t = pd.to_numeric(frame[time], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    s = satisfied_flag(frame, satisfied).to_numpy()
    no_time, no_score = np.isnan(t), np.isnan(s)
    ok = ~no_time & ~no_score
    excluded = {"no_time": int(no_time.sum()), "no_score": int((~no_time & no_score).sum())}
    t, s = t[ok], s[ok]
    empty = pd.DataFrame(columns=["band", "low", "high", "n", "satisfied", "pct", "ci_low", "ci_high",
                                  "p_vs_best", "below_best"])
    if len(t) < min_rows or np.ptp(t) == 0:
        return SpeedCurve(time, empty, None, None, int(len(t)), excluded, TOO_FEW_ROWS)
    # pandas' cut / qcut by hand (numpy on the times, pandas only for the bands' names): the same
    # edges (np.quantile, as Series.quantile), the same right-closed bands with the lowest value
    # in the first, the same interval labels; half the cost at 400,000 responses
    bins = np.asarray(list(edges), dtype=float) if edges is not None else np.quantile(
        t, np.linspace(0, 1, quantiles + 1))
    unique = pd.unique(bins)
    if len(unique) < len(bins) and len(bins) != 2:           # qcut's duplicates="drop"
        bins = unique
    ids = np.searchsorted(bins, t, side="left")
    ids[t == bins[0]] = 1
    inside = (ids > 0) & (ids < len(bins))
    excluded["outside_bands"] = int((~inside).sum())
    intervals = pd.cut(bins, bins=bins, include_lowest=True).categories
    size = np.bincount(ids[inside] - 1, minlength=len(intervals))
    total = np.bincount(ids[inside] - 1, weights=s[inside], minlength=len(intervals))
    used = size > 0
    intervals, n, k = intervals[used], size[used], total[used]
    low, high = wilson_interval(k, n, level)
    table = pd.DataFrame({"band": _band_labels(intervals, exact=edges is not None),
                          "low": [b.left for b in intervals], "high": [b.right for b in intervals],
                          "n": n.astype(int), "satisfied": k.astype(int), "pct": k / n,
                          "ci_low": low, "ci_high": high})
    best = int(np.argmax(table["pct"].to_numpy()))
    p_best = table["pct"].iloc[best]
    later = np.arange(best + 1, len(table))
    p_vs = np.full(len(table), np.nan)
    if len(later):
        # pooled two-proportion z test, one-sided: the later band is worse than the best one
        pooled = (k[best] + k[later]) / (n[best] + n[later])
        se = np.sqrt(pooled * (1 - pooled) * (1 / n[best] + 1 / n[later]))
        with np.errstate(invalid="ignore", divide="ignore"):
            z = (p_best - k[later] / n[later]) / se
        raw = np.where(se > 0, stats.norm.sf(z), np.where(k[later] / n[later] < p_best, 0.0, 1.0))
        p_vs[later] = holm(raw)
    table["p_vs_best"] = p_vs
    table["below_best"] = p_vs < alpha
    falls = table.loc[table["below_best"], "band"]
    return SpeedCurve(time, table, table["band"].iloc[best], falls.iloc[0] if len(falls) else None,
                      int(n.sum()), excluded)


# --- importance × performance ---------------------------------------------------------------
# The quadrant itself, with its intervals and "undecided" drivers, is analysis.quadrant.

FIX_FIRST, KEEP_UP, LOW_PRIORITY, POSSIBLE_OVERKILL, UNDECIDED = (
    quadrant.FIX_FIRST, quadrant.KEEP_UP, quadrant.LOW_PRIORITY, quadrant.POSSIBLE_OVERKILL, quadrant.UNDECIDED)


def driver_performance(frame: pd.DataFrame, drivers: Sequence[str], kind: str = "mean",
                       top: Sequence[float] | None = None) -> pd.Series:
    """How well each driver scores: its mean ("mean"), or the share of ratings in the
    top codes `top` ("top2", e.g. [4, 5] on a 1–5 scale; default the two highest values seen).
    The intervals are in :func:`analysis.quadrant.performance_table`."""
    return quadrant.performance_table(frame, drivers, kind, top).set_index("driver")["performance"].rename(None)


def importance_performance(importance: pd.Series | pd.DataFrame,
                           performance: pd.Series | pd.DataFrame) -> pd.DataFrame:
    """The importance × performance quadrant, split at the means of the drivers shown
    (:func:`analysis.quadrant.place`).

    importance: each driver's relative weight (share of R²) as a Series, or the
    ImportanceResult table with its ci_low / ci_high; performance: a Series of means / top-2-box
    shares, or :func:`analysis.quadrant.performance_table` with its interval. High importance +
    low performance = fix_first; high + high = keep_up; low + low = low_priority; low importance
    + high performance = possible_overkill; a driver whose interval on either axis contains the
    split is undecided. Without intervals a value equal to the mean counts as high."""
    if isinstance(importance, pd.Series):
        importance = importance.rename("importance").rename_axis("driver").reset_index()
    if isinstance(performance, pd.Series):
        performance = pd.DataFrame({"driver": performance.index, "performance": performance.to_numpy(),
                                    "low": np.nan, "high": np.nan, "n": 0})
    return quadrant.place(importance, performance)


# --- the command-line payload ---------------------------------------------------------------

def _json(value: object) -> object:
    """A float for JSON: None for NaN/inf."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def drivers_payload(frame: pd.DataFrame, outcome: str, drivers: Sequence[str] | None = None,
                    method: str = "spearman", boot: int = 200, seed: int = 0) -> dict:
    """{"outcome","method","n","r2","drivers":[...]} for `python -m analysis drivers --json`.

    n is the rows with an outcome; r2 the R² of the linear model on all usable drivers (complete
    rows); each driver: name, r, ci_low, ci_high, p_adj, n (pairs), importance (its LMG share
    of R², Johnson's weight beyond 12 drivers) and its bootstrap interval. Sorted by
    importance (drivers without one last, then by |r|); NaN becomes None."""
    try:
        n = int(outcome_values(frame, outcome).notna().sum())
    except DriversError as err:
        # no figure at all: said in a sentence, with its code, not as a failure of the command
        present = int(pd.to_numeric(frame[outcome], errors="coerce").notna().sum()) if outcome in frame.columns else 0
        return {"outcome": outcome, "method": method, "n": present, "r2": None, "drivers": [],
                "problem": err.reason, "message": OUTCOME_PROBLEMS.get(err.reason, str(err)).format(
                    outcome=outcome, n=present, needed=MIN_ROWS)}
    # the page's table of distinct rows, so that the command prints the page's figures to the digit
    table = driver_patterns(frame, outcome, drivers, segments=())
    corr = correlations(frame, outcome, drivers, method, patterns=table)
    usable = corr.loc[corr["problem"].isna(), "driver"].tolist()
    r2, importance = None, pd.DataFrame(columns=["driver", "importance", "ci_low", "ci_high"])
    importance_problem = None
    if usable:
        try:
            result = relative_importance(frame, outcome, usable, method="auto", boot=boot, seed=seed,
                                         patterns=table)
            r2, importance = result.r2, result.table
        except (ImportanceError, np.linalg.LinAlgError) as err:
            importance_problem = str(err) if isinstance(err, ImportanceError) else "the drivers are too collinear to separate"
    merged = corr.merge(importance[["driver", "importance", "ci_low", "ci_high"]]
                        .rename(columns={"ci_low": "importance_ci_low", "ci_high": "importance_ci_high"}),
                        on="driver", how="left")
    merged["_abs"] = merged["r"].abs()
    merged = merged.sort_values(["importance", "_abs"], ascending=False, na_position="last", kind="stable")
    rows = [{"name": str(row.driver), "r": _json(row.r), "ci_low": _json(row.ci_low),
             "ci_high": _json(row.ci_high), "p_adj": _json(row.p_adj), "n": int(row.n),
             "importance": _json(row.importance), "importance_ci_low": _json(row.importance_ci_low),
             "importance_ci_high": _json(row.importance_ci_high),
             "problem": None if pd.isna(row.problem) else str(row.problem)}
            for row in merged.itertuples(index=False)]
    out = {"outcome": outcome, "method": method, "n": n, "r2": _json(r2), "drivers": rows}
    if importance_problem:
        out["importance_problem"] = importance_problem
    return out


# What the command line says when the outcome itself cannot be analysed (the pages say it in the
# user's language from the same codes).
OUTCOME_PROBLEMS = {
    MISSING_COLUMN: "the files have no column {outcome!r} to explain",
    NON_NUMERIC: "{outcome!r} holds no ratings (its values are not numbers or scale labels)",
    TOO_FEW_ROWS: "too few responses: {n} with a value of {outcome!r}, at least {needed} are needed",
    CONSTANT: "every response gives {outcome!r} the same value, so nothing can explain it",
}


__all__ = ["DriversError", "screen_drivers", "default_drivers", "correlations", "correlation",
           "fisher_se", "fisher_ci", "segment_correlations", "side_by_side", "correlation_difference",
           "compare_segments", "CorrelationDifference", "speed_curve", "SpeedCurve",
           "driver_performance", "importance_performance", "drivers_payload", "EXACT_MAX",
           "DriversPage", "analyse_drivers", "one_hot", "sla_edges", "holm", "adjust_p", "OUTCOMES",
           "OPERATIONAL", "available_outcomes", "operational_drivers", "expand_drivers",
           "suggested_drivers", "driver_patterns", "patterns_serve"]


# --- the whole page in one call ---------------------------------------------------------------

@dataclass
class DriversPage:
    """Every analysis of the Drivers page for one outcome and driver set (one cacheable call).

    Each part is None when the data cannot support it, with the reason in `problems`
    (part name -> message)."""
    outcome: str
    method: str
    correlations: pd.DataFrame
    importance: object | None = None          # importance.ImportanceResult
    quadrant: pd.DataFrame | None = None
    ols: object | None = None                 # models.ModelResult
    ordinal: object | None = None
    top2box: object | None = None
    speed: dict[str, SpeedCurve] = field(default_factory=dict)
    segments: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)   # rows, with_outcome, no_outcome
    # the distinct (outcome, satisfied, drivers, segments) rows of the frame with their counts, which
    # every figure above was computed from; the page passes them on to the segment rankings
    patterns: Patterns | None = None


SEGMENTS = ("channel", "customer_type")      # the columns the driver ranking is compared across


def segment_columns(frame: pd.DataFrame, segments: Sequence[str] = SEGMENTS) -> list[str]:
    """The `segments` the frame can be split by (present, with a value somewhere)."""
    return [s for s in segments if s in frame.columns and frame[s].notna().any()]


def driver_patterns(frame: pd.DataFrame, outcome: str, drivers: Sequence[str] | None = None,
                    satisfied: str = CSAT_SATISFIED, segments: Sequence[str] = SEGMENTS) -> Patterns:
    """The distinct rows of the outcome, the satisfied flag, the numeric `drivers` (default: all,
    see :func:`default_drivers`) and the `segments` in `frame`, with their counts (missing as a
    value): the one table every analysis of :func:`analyse_drivers` reads."""
    names = default_drivers(frame, outcome) if drivers is None else list(drivers)
    columns = [outcome, satisfied, *names, *segment_columns(frame, segments)]
    columns = [c for c in dict.fromkeys(columns) if c in frame.columns
               and (c in segments or _is_number(frame[c]))]
    return Patterns.of(frame, columns)


def analyse_drivers(frame: pd.DataFrame, outcome: str, drivers: Sequence[str] | None = None,
                    method: str = "spearman", boot: int = 200, seed: int = 0,
                    segments: Sequence[str] = SEGMENTS,
                    times: Sequence[str] = (FRT_MIN, RESOLUTION_H), satisfied: str = CSAT_SATISFIED,
                    performance: str = "mean", quadrant_drivers: Sequence[str] | None = None) -> DriversPage:
    """Correlations, relative importance, the three models, quadrant, speed curves and segment
    rankings of the Drivers page. Models and importance use the drivers without a problem; the
    ordinal model is skipped for an outcome with fewer than three levels, the top-2-box model
    and speed curves when `satisfied` is not a column. The quadrant places the usable drivers
    among `quadrant_drivers` (default: all), since performance only compares across drivers on
    one scale (e.g. the 1–5 sub-ratings, not minutes). A driver whose performance or importance
    interval contains its split is "undecided" rather than given a quadrant (analysis.quadrant)."""
    from analysis import models                       # models imports importance, not drivers

    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    with_outcome = int(outcome_values(frame, outcome).notna().sum())     # raises DriversError
    # One table of distinct rows for every figure below: the responses repeat a few thousand
    # patterns, and each analysis finding them again on every response cost ~0.06 s at 1M tickets.
    # The segments ride along so that the page's segment rankings come from the same table; the
    # analyses read their projection without them (several times fewer patterns).
    table = driver_patterns(frame, outcome, drivers, satisfied, tuple(dict.fromkeys([*SEGMENTS, *segments])))
    core = table.project([c for c in table.columns if c not in SEGMENTS and c not in segments])
    corr = correlations(frame, outcome, drivers, method, patterns=core)
    page = DriversPage(outcome, method, corr, patterns=table)
    page.counts = {"rows": len(frame), "with_outcome": with_outcome, "no_outcome": len(frame) - with_outcome}
    usable = corr.loc[corr["problem"].isna(), "driver"].tolist()
    if usable:
        try:
            page.importance = relative_importance(frame, outcome, usable, boot=boot, seed=seed, patterns=core)
            weights = page.importance.table
            placed = [d for d in usable if quadrant_drivers is None or d in quadrant_drivers]
            if len(placed) >= 2:
                page.quadrant = quadrant.place(weights[weights["driver"].isin(placed)],
                                               quadrant.performance_table(frame, placed, performance))
            else:
                page.problems["quadrant"] = "fewer than two rating drivers to place"
        except ImportanceError as err:
            page.problems["importance"] = str(err)
        fits = {"ols": (models.standardized_ols, outcome), "ordinal": (models.ordinal_logit, outcome)}
        if satisfied in frame.columns:
            fits["top2box"] = (models.top2box_logit, satisfied)
        for name, (fit, target) in fits.items():
            try:
                setattr(page, name, fit(frame, target, usable, patterns=core))
            except (models.ModelError, np.linalg.LinAlgError) as err:
                page.problems[name] = str(err)
    if satisfied in frame.columns:
        for time in times:
            if time in frame.columns:
                page.speed[time] = speed_curve(frame, time, satisfied)
    for segment in segment_columns(frame, segments):
        page.segments[segment] = segment_correlations(frame, outcome, segment, usable, method, patterns=table)
    return page
