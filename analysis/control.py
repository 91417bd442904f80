"""Control charts (Shewhart) of a metric per period, so that a point outside the limits stands out
from ordinary period-to-period noise.

- p-chart for a proportion (CSAT %): centre p̄ = Σx / Σn over all periods, limits
  p̄ ± 3·√(p̄(1 − p̄)/nᵢ) for each period's own nᵢ (so they are wider for small periods),
  clipped to 0–100 %.
- XmR (individuals and moving range) chart for a per-period figure such as the median first
  response: centre x̄ = mean of the period values, moving ranges MRᵢ = |xᵢ − xᵢ₋₁|, limits
  x̄ ± 2.66·MR̄ (2.66 = 3/d₂ with d₂ = 1.128 for ranges of two), and the moving-range chart's upper
  limit 3.267·MR̄ (D₄). Limits are the textbook ones, not clipped at zero.

A point is flagged ``out`` ("above" / "below") when it lies outside its limits. The goal's
target, when given, is carried for the chart's target line; it does not move the limits.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

XMR_SIGMA = 2.66     # 3 / d2, d2 = 1.128 for moving ranges of two consecutive points
MR_UCL = 3.267       # D4 for n = 2


@dataclass(frozen=True)
class ControlChart:
    """`points`: period, value, n, center, lcl, ucl, out ("above", "below" or None); for XmR
    also mr (moving range) and mr_out. Values in the metric's unit (% for the p-chart)."""
    kind: str                       # "p" or "xmr"
    center: float | None
    points: pd.DataFrame
    target: float | None = None
    mr_bar: float | None = None
    mr_ucl: float | None = None
    problem: str | None = None


def _out(value: np.ndarray, lcl: np.ndarray, ucl: np.ndarray) -> pd.Series:
    flags = np.where(value > ucl, "above", np.where(value < lcl, "below", None))
    return pd.Series(flags, dtype="object")


def p_chart(table: pd.DataFrame, target: float | None = None) -> ControlChart:
    """p-chart from a period table of a proportion metric (columns period, value in %, n)."""
    t = table[table["n"] > 0]
    if len(t) < 2:
        return ControlChart("p", None, t.assign(center=np.nan, lcl=np.nan, ucl=np.nan, out=None), target,
                            problem="a control chart needs at least two periods with data")
    n = t["n"].to_numpy("float64")
    x = t["value"].to_numpy("float64") / 100 * n
    p_bar = x.sum() / n.sum()
    half = 3 * np.sqrt(p_bar * (1 - p_bar) / n)
    lcl, ucl = 100 * np.clip(p_bar - half, 0, 1), 100 * np.clip(p_bar + half, 0, 1)
    value = t["value"].to_numpy("float64")
    points = pd.DataFrame({"period": t["period"].to_numpy(), "value": value, "n": t["n"].to_numpy(),
                           "center": 100 * p_bar, "lcl": lcl, "ucl": ucl, "out": _out(value, lcl, ucl)})
    return ControlChart("p", float(100 * p_bar), points, target)


def xmr_chart(table: pd.DataFrame, target: float | None = None) -> ControlChart:
    """XmR chart from a period table (columns period, value, n) of per-period figures; periods
    without a value are left out (the moving range joins the neighbours that have one)."""
    t = table[table["value"].notna()]
    if len(t) < 2:
        return ControlChart("xmr", None, t.assign(center=np.nan, lcl=np.nan, ucl=np.nan, out=None), target,
                            problem="an XmR chart needs at least two periods with a value")
    x = t["value"].to_numpy("float64")
    mr = np.abs(np.diff(x))
    mr_bar, center = float(mr.mean()), float(x.mean())
    lcl, ucl = center - XMR_SIGMA * mr_bar, center + XMR_SIGMA * mr_bar
    mr_full = np.concatenate([[np.nan], mr])
    points = pd.DataFrame({"period": t["period"].to_numpy(), "value": x, "n": t["n"].to_numpy(),
                           "center": center, "lcl": lcl, "ucl": ucl,
                           "out": _out(x, np.full(len(x), lcl), np.full(len(x), ucl)),
                           "mr": mr_full, "mr_out": mr_full > MR_UCL * mr_bar})
    return ControlChart("xmr", center, points, target, mr_bar, MR_UCL * mr_bar)
