"""The importance × performance quadrant with its uncertainty: where to act first, and which
drivers the data cannot place.

Each driver has two figures: its importance (part of R², with the bootstrap interval of
analysis.importance) and its performance (mean rating with a Student-t interval, or the share
of top-box ratings with a Wilson interval). The split lines are the averages over the drivers
shown. On each axis a driver is "high" when its whole interval lies above the split, "low" when
it lies below, and "undecided" when the interval contains the split: the data cannot tell it
apart from the line. Only a driver decided on both axes is given a quadrant; the others are
"undecided", so that a split that falls on noise (driver means 4.11–4.13 with SE 0.009) does not
send two ratings to "fix first". Without an interval (no bootstrap) an axis falls back to the
point value, a value equal to the split counting as high.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from analysis.inference import wilson_interval
from analysis.lazy import lazy

# imported on first use (analysis.lazy): a command that needs none of them starts without them
stats = lazy("scipy.stats")

FIX_FIRST, KEEP_UP, LOW_PRIORITY, POSSIBLE_OVERKILL, UNDECIDED = (
    "fix_first", "keep_up", "low_priority", "possible_overkill", "undecided")
HIGH, LOW = "high", "low"
QUADRANTS = (FIX_FIRST, KEEP_UP, LOW_PRIORITY, POSSIBLE_OVERKILL)


def performance_table(frame: pd.DataFrame, drivers: Sequence[str], kind: str = "mean",
                      top: Sequence[float] | None = None, level: float = 0.95) -> pd.DataFrame:
    """Each driver's performance with its interval at `level`: driver, performance, low, high, n.

    kind "mean": the mean rating, interval mean ± t(n−1)·s/√n (NaN below two ratings);
    kind "top2": the share of ratings in the codes `top` (default: the two highest values
    seen), Wilson interval. n counts the ratings present."""
    names = list(drivers)
    if kind == "mean":
        # column by column on the present values (no frame-wide apply or masked matrices: at 1M
        # rows this costs a few tens of milliseconds)
        mean, squares, count = np.full(len(names), np.nan), np.full(len(names), np.nan), np.zeros(len(names))
        for k, name in enumerate(names):
            x = pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            x = x[~np.isnan(x)]
            count[k] = len(x)
            if len(x):
                mean[k] = x.mean()
                centred = x - mean[k]
                squares[k] = float(np.einsum("i,i->", centred, centred))     # einsum: no threaded BLAS
        with np.errstate(invalid="ignore", divide="ignore"):
            half = stats.t.ppf((1 + level) / 2, count - 1) * np.sqrt(squares / (count - 1) / count)
        half = np.where(count >= 2, half, np.nan)
        out = pd.DataFrame({"performance": mean, "low": mean - half, "high": mean + half, "n": count},
                           index=pd.Index(names))
    elif kind == "top2":
        values = frame[names].apply(pd.to_numeric, errors="coerce").astype(float)
        n = values.count()
        shares, hits = {}, {}
        for name in values.columns:                     # one vectorised isin per driver column
            x = values[name].dropna()
            codes = top if top is not None else np.sort(x.unique())[-2:]
            hits[name] = float(x.isin(codes).sum())
            shares[name] = hits[name] / len(x) if len(x) else np.nan
        k = pd.Series(hits).reindex(values.columns)
        low, high = wilson_interval(k.to_numpy(), n.to_numpy(), level)
        out = pd.DataFrame({"performance": pd.Series(shares).reindex(values.columns), "low": low,
                            "high": high, "n": n})
    else:
        raise ValueError(f"kind must be 'mean' or 'top2', got {kind!r}")
    out.index.name = "driver"
    out["n"] = out["n"].astype(int)
    return out.reset_index()


def side(value: pd.Series, low: pd.Series, high: pd.Series, split: float) -> np.ndarray:
    """high / low / undecided for each driver on one axis: the interval [low, high] against the
    split (an interval that contains it, ends included, is undecided); the point value where the
    interval is unknown (NaN)."""
    known = low.notna() & high.notna()
    by_interval = np.select([low > split, high < split], [HIGH, LOW], UNDECIDED)
    by_point = np.where(value >= split, HIGH, LOW)
    return np.where(known, by_interval, by_point)


def place(importance: pd.DataFrame, performance: pd.DataFrame) -> pd.DataFrame:
    """The quadrant of each driver, with "undecided" where an interval contains its split.

    importance: driver, importance, ci_low, ci_high (ImportanceResult.table or a subset);
    performance: :func:`performance_table`. Returns one row per driver present in both:
    driver, importance, importance_low, importance_high, performance, performance_low,
    performance_high, n, importance_split, performance_split (the averages over these drivers),
    importance_side, performance_side (high / low / undecided) and quadrant (fix_first: high
    importance, low performance; keep_up: high, high; low_priority: low, low;
    possible_overkill: low importance, high performance; undecided: either side undecided)."""
    imp = importance.set_index("driver")
    perf = performance.set_index("driver")
    table = pd.DataFrame({
        "importance": imp["importance"],
        "importance_low": imp["ci_low"] if "ci_low" in imp else np.nan,
        "importance_high": imp["ci_high"] if "ci_high" in imp else np.nan}).join(
        perf.rename(columns={"low": "performance_low", "high": "performance_high"}), how="inner")
    table = table.dropna(subset=["importance", "performance"])
    table.index.name = "driver"
    table["importance_split"] = table["importance"].mean()
    table["performance_split"] = table["performance"].mean()
    table["importance_side"] = side(table["importance"], table["importance_low"], table["importance_high"],
                                    table["importance"].mean())
    table["performance_side"] = side(table["performance"], table["performance_low"], table["performance_high"],
                                     table["performance"].mean())
    important, performing = table["importance_side"], table["performance_side"]
    table["quadrant"] = np.select(
        [(important == UNDECIDED) | (performing == UNDECIDED), (important == HIGH) & (performing == LOW),
         (important == HIGH) & (performing == HIGH), (important == LOW) & (performing == LOW)],
        [UNDECIDED, FIX_FIRST, KEEP_UP, LOW_PRIORITY], POSSIBLE_OVERKILL)
    return table.reset_index()


def undecided_reason(row_importance_side: str, row_performance_side: str) -> str | None:
    """Which axis leaves a driver undecided: "both", "importance", "performance" or None."""
    imp, perf = row_importance_side == UNDECIDED, row_performance_side == UNDECIDED
    return "both" if imp and perf else "importance" if imp else "performance" if perf else None


__all__ = ["performance_table", "place", "side", "undecided_reason", "QUADRANTS", "FIX_FIRST", "KEEP_UP",
           "LOW_PRIORITY", "POSSIBLE_OVERKILL", "UNDECIDED"]
