"""Distinct rows with their counts: one table that every analysis of the Drivers page reads.

Survey ratings repeat a few patterns: 400,000 responses with a 1–5 score and five 1–5 ratings
have a few thousand distinct (score, ratings) rows. Each figure of the Drivers page depends on
the responses only through sums over them (means, cross-products, mid-ranks, log-likelihoods,
HC3 sandwiches, a bootstrap that redraws responses), so it is the same when computed on the
distinct rows, each weighted by how many responses it stands for, at the cost of the patterns
instead of the responses.

A missing value is a value of its own here (a pattern "score 4, speed missing" has its count), so
each analysis still drops the responses it cannot use and counts them, exactly as on the rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

# Above this many cells of the mixed-radix key space the patterns are found by a sort of the keys
# rather than by counting every cell (a 1–5 score, a flag and five 1–5 ratings with their missing
# values: 6⁶·3 = 140,000 cells, counted in one pass).
COUNT_CELLS_MAX = 1 << 23


@dataclass(frozen=True)
class Patterns:
    """The distinct rows of some columns of a frame and how many rows each stands for.

    `values` has one row per distinct combination of the columns' values (missing included),
    with the frame's own dtypes, sorted by the columns' values in column order (missing first);
    `counts` (int64, ≥ 1) the number of rows of the frame with that combination. `rows` is their
    total, the frame's length."""
    values: pd.DataFrame
    counts: np.ndarray

    @property
    def rows(self) -> int:
        """How many rows of the frame the patterns stand for."""
        return int(self.counts.sum())

    def __len__(self) -> int:
        return len(self.values)

    @property
    def columns(self) -> list[str]:
        return list(self.values.columns)

    def has(self, columns: Sequence[str]) -> bool:
        """Whether every one of `columns` is a column of the patterns."""
        return all(c in self.values.columns for c in columns)

    @classmethod
    def of(cls, frame: pd.DataFrame, columns: Sequence[str] | None = None,
           weights: np.ndarray | None = None) -> "Patterns":
        """The patterns of `columns` (default: all) in `frame`; with `weights`, row i of `frame`
        stands for weights[i] rows (the patterns of patterns, as :meth:`complete` uses)."""
        columns = list(frame.columns if columns is None else columns)
        codes, uniques = [], []
        for name in columns:
            # missing gets code 0, the values 1.. in sorted order: the keys sort the patterns
            code, unique = pd.factorize(frame[name], sort=True)
            codes.append(code.astype(np.int64) + 1)
            uniques.append(unique)
        sizes = [len(u) + 1 for u in uniques]
        if float(np.prod(np.array(sizes, dtype=float))) >= 2.0 ** 62:
            # too many combinations for one integer key: fall back to the rows of codes
            stacked = np.column_stack(codes) if codes else np.zeros((len(frame), 0), dtype=np.int64)
            distinct, inverse = np.unique(stacked, axis=0, return_inverse=True)
            counts = np.bincount(inverse.ravel(), weights=weights, minlength=len(distinct))
            pattern_codes = list(distinct.T)
        else:
            key = np.zeros(len(frame), dtype=np.int64)
            for code, size in zip(codes, sizes):
                key = key * size + code
            cells = int(np.prod(sizes))
            if cells <= max(COUNT_CELLS_MAX, 2 * len(frame)):
                per_cell = np.bincount(key, weights=weights, minlength=cells)
                keys = np.flatnonzero(per_cell)
                counts = per_cell[keys]
            else:
                keys, inverse = np.unique(key, return_inverse=True)
                counts = np.bincount(inverse, weights=weights, minlength=len(keys))
            pattern_codes = []
            for size in reversed(sizes):
                pattern_codes.append(keys % size)
                keys = keys // size
            pattern_codes.reverse()
        values = {}
        for name, code, unique in zip(columns, pattern_codes, uniques):
            taken = pd.api.extensions.take(unique, np.asarray(code, dtype=np.int64) - 1, allow_fill=True)
            values[name] = pd.Series(taken)       # an Index of the column's own dtype
        out = pd.DataFrame(values, columns=columns)
        return cls(out, np.rint(counts).astype(np.int64) if weights is not None else counts.astype(np.int64))

    def numeric(self, columns: Sequence[str]) -> bool:
        """Whether every one of `columns` is a column of the patterns holding numbers or booleans
        (so that a value is missing exactly where its number is)."""
        return self.has(columns) and all(
            pd.api.types.is_numeric_dtype(self.values[c]) or pd.api.types.is_bool_dtype(self.values[c])
            for c in columns)

    def project(self, columns: Sequence[str]) -> "Patterns":
        """The patterns of `columns` alone (missing values kept), over the same rows."""
        return Patterns.of(self.values, list(columns), weights=self.counts)

    def complete(self, columns: Sequence[str]) -> "Patterns":
        """The patterns of `columns` alone, over the rows where every one of them has a value
        (rows with a missing value among them left out; :attr:`rows` says how many are left)."""
        columns = list(columns)
        present = self.values[columns].notna().all(axis=1).to_numpy()
        return Patterns.of(self.values.loc[present, columns].reset_index(drop=True), columns,
                           weights=self.counts[present])

    def where(self, mask: np.ndarray | pd.Series) -> "Patterns":
        """The patterns whose rows satisfy `mask` (one boolean per pattern), e.g. one segment."""
        mask = np.asarray(mask, dtype=bool)
        return Patterns(self.values.loc[mask].reset_index(drop=True), self.counts[mask])

    def numbers(self, column: str) -> np.ndarray:
        """A column as float64 (booleans as 0/1, missing as NaN)."""
        return pd.to_numeric(self.values[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def weighted_mean(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Mean of each column of `x` (or of a vector) where row i counts weights[i] times."""
    return np.tensordot(weights, x, axes=(0, 0)) / weights.sum()


def weighted_corr(data: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The correlation matrix of the columns of `data` where row i stands for weights[i] rows:
    np.corrcoef of the rows repeated that often."""
    centred = data - weighted_mean(data, weights)
    cov = (centred * weights[:, None]).T @ centred
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.clip(cov / np.outer(sd, sd), -1, 1)


def weighted_sd(x: np.ndarray, weights: np.ndarray, ddof: int = 0) -> np.ndarray:
    """Standard deviation of each column of `x` (or of a vector), row i counted weights[i] times,
    with `ddof` as numpy's (n − ddof in the denominator, n the total weight)."""
    centred = x - weighted_mean(x, weights)
    return np.sqrt(np.tensordot(weights, centred * centred, axes=(0, 0)) / (weights.sum() - ddof))


def weighted_midranks(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The mid-rank of each x[i] among the rows, row i standing for weights[i] rows: the number of
    rows with a smaller value plus (the rows with this value + 1) / 2 — scipy's rankdata
    "average" of the repeated rows."""
    codes, _ = pd.factorize(np.asarray(x), sort=True)
    per_value = np.bincount(codes, weights=weights)
    mean_rank = np.cumsum(per_value) - (per_value - 1) / 2.0
    return mean_rank[codes]


__all__ = ["Patterns", "weighted_mean", "weighted_corr", "weighted_sd", "weighted_midranks"]
