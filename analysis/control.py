"""Control charts (Shewhart) of a metric per period, so that a point outside the limits, or a
pattern no chance variation makes, stands out from ordinary period-to-period noise.

- p chart for a proportion (CSAT %): centre p̄ = Σx / Σn over all periods, limits
  p̄ ± 3·σ_pᵢ with σ_pᵢ = √(p̄(1 − p̄)/nᵢ) for each period's own nᵢ (wider for small periods),
  clipped to 0–100 %. Its limits hold only sampling noise: with thousands of ratings a period
  they are so narrow that real month-to-month variation puts almost every point outside
  (over-dispersion).
- Laney's p′ chart (Laney 2002, Quality Engineering 14(4) 531–537; Minitab's "Laney P′"): each
  period's standardised distance zᵢ = (pᵢ − p̄)/σ_pᵢ, its moving ranges |zᵢ − zᵢ₋₁|, and
  σ_z = mean moving range / 1.128 (d₂ for ranges of two). Limits p̄ ± 3·σ_pᵢ·σ_z: the binomial
  limits widened (σ_z > 1) or narrowed (σ_z < 1) by the variation the periods really show.
  σ_z ≈ 1 means the p chart was right; the p′ chart then gives the same limits.
- XmR (individuals and moving range) chart for a per-period figure such as the median first
  response: centre x̄ = mean of the period values, moving ranges MRᵢ = |xᵢ − xᵢ₋₁|, limits
  x̄ ± 2.66·MR̄ (2.66 = 3/d₂), and the moving-range chart's upper limit 3.267·MR̄ (D₄). Limits
  are the textbook ones, not clipped at zero.

Every point carries `z`, its distance from the centre in the chart's own sigma (so |z| = 3 is
exactly a control limit), and the run rules that fired at it (:func:`run_rules`). A point is
``out`` ("above" / "below") when it lies outside its limits. The goal's target, when given, is
carried for the chart's target line; it does not move the limits.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

D2 = 1.128           # expected range of two standard normal draws (moving ranges of two points)
XMR_SIGMA = 2.66     # 3 / d2: the XmR limits in moving ranges
MR_UCL = 3.267       # D4 for n = 2
SIGMAS = 3.0         # limits at three sigma

P, P_PRIME, XMR = "p", "p_prime", "xmr"

# --- run rules ----------------------------------------------------------------------------------
# Western Electric (Statistical Quality Control Handbook, 1956) and Nelson (1984, J. Quality
# Technology 16(4)) share four of the patterns below and differ in the run on one side of the
# centre: 8 points for Western Electric, 9 for Nelson. The trend rule (6 points steadily rising
# or falling) is Nelson's rule 3 and Western Electric's supplementary trend rule.
BEYOND_3, TWO_OF_THREE, FOUR_OF_FIVE, RUN, TREND = (
    "beyond_3sigma", "two_of_three_beyond_2sigma", "four_of_five_beyond_1sigma", "run_one_side", "trend")
RULES = (BEYOND_3, TWO_OF_THREE, FOUR_OF_FIVE, RUN, TREND)
NELSON, WESTERN_ELECTRIC = "nelson", "western_electric"
RUN_LENGTH = {NELSON: 9, WESTERN_ELECTRIC: 8}
CONVENTIONS = tuple(RUN_LENGTH)
TREND_LENGTH = 6     # points in a row, each above (below) the one before


@dataclass(frozen=True)
class ControlChart:
    """`points`: period, value, n, center, lcl, ucl, out ("above", "below" or None), z (distance
    from the centre in sigmas of this chart), sigma (one sigma of the point, in the value's unit:
    the zones the run rules read are centre ± 1, 2, 3 sigma), rules (tuple of the run-rule keys that fired at the
    point, empty when none) and signal (any rule fired); for XmR also mr (moving range) and
    mr_out. Values in the metric's unit (% for the p and p′ charts). `sigma_z`: Laney's factor
    (p′ only); `convention`: the run rules' convention ("nelson" or "western_electric")."""
    kind: str                       # "p", "p_prime" or "xmr"
    center: float | None
    points: pd.DataFrame
    target: float | None = None
    mr_bar: float | None = None
    mr_ucl: float | None = None
    problem: str | None = None
    sigma_z: float | None = None
    convention: str = NELSON

    @property
    def signals(self) -> pd.DataFrame:
        """The points at which a run rule fired: period, value, rules."""
        if "signal" not in self.points:
            return pd.DataFrame(columns=["period", "value", "rules"])
        return self.points.loc[self.points["signal"], ["period", "value", "rules"]].reset_index(drop=True)


def _window_count(flags: np.ndarray, k: int) -> np.ndarray:
    """Per point i: how many of the points i−k+1 … i are flagged (fewer points at the start)."""
    total = np.concatenate([[0], np.cumsum(flags, dtype="int64")])
    end = np.arange(1, len(flags) + 1)
    return total[end] - total[np.maximum(end - k, 0)]


def run_rules(z: np.ndarray, values: np.ndarray | None = None, convention: str = NELSON) -> pd.DataFrame:
    """Which run rules fire at each point, one boolean column per rule of :data:`RULES`.

    `z` is each point's distance from the centre line in sigmas (NaN: unknown, never part of a
    pattern); `values` the plotted values the trend rule reads (default `z`). A rule fires at the
    point that completes its pattern, and at every later point that continues it:

    - beyond_3sigma: the point is more than 3σ from the centre (outside the limits);
    - two_of_three_beyond_2sigma: the point is beyond 2σ and so are at least 2 of the last 3
      points (it included), all on the same side;
    - four_of_five_beyond_1sigma: the point is beyond 1σ and so are at least 4 of the last 5,
      same side;
    - run_one_side: the last 8 (Western Electric) or 9 (Nelson) points, the point included, all
      strictly on the same side of the centre (a point on the centre line breaks the run);
    - trend: the last 6 points each strictly above (or below) the one before.
    """
    if convention not in RUN_LENGTH:
        raise ValueError(f"unknown run-rule convention {convention!r}; choose one of {CONVENTIONS}")
    z = np.asarray(z, dtype="float64")
    values = z if values is None else np.asarray(values, dtype="float64")
    with np.errstate(invalid="ignore"):
        out = {BEYOND_3: np.abs(z) > SIGMAS}
        zone = {}
        for rule, sigmas, needed, window in ((TWO_OF_THREE, 2, 2, 3), (FOUR_OF_FIVE, 1, 4, 5)):
            fired = np.zeros(len(z), dtype=bool)
            for beyond in (z > sigmas, z < -sigmas):       # each side on its own
                fired |= beyond & (_window_count(beyond, window) >= needed)
            zone[rule] = fired
        out.update(zone)
        k = RUN_LENGTH[convention]
        out[RUN] = (_window_count(z > 0, k) == k) | (_window_count(z < 0, k) == k)
        step = np.diff(values)
        steps = TREND_LENGTH - 1
        rising = np.concatenate([[0], _window_count(step > 0, steps)]) == steps
        falling = np.concatenate([[0], _window_count(step < 0, steps)]) == steps
        out[TREND] = rising | falling
    return pd.DataFrame({rule: out[rule] for rule in RULES})


def _with_rules(points: pd.DataFrame, z: np.ndarray, values: np.ndarray, sigma: np.ndarray,
                convention: str) -> pd.DataFrame:
    fired = run_rules(z, values, convention)
    names = np.array(RULES, dtype=object)
    matrix = fired.to_numpy()
    rules = [tuple(names[row]) for row in matrix]          # one tuple per period (a few dozen)
    return points.assign(sigma=sigma, z=z, rules=pd.Series(rules, index=points.index, dtype="object"),
                         signal=matrix.any(axis=1))


def _out(value: np.ndarray, lcl: np.ndarray, ucl: np.ndarray) -> pd.Series:
    flags = np.where(value > ucl, "above", np.where(value < lcl, "below", None))
    return pd.Series(flags, dtype="object")


def _empty(kind: str, t: pd.DataFrame, target: float | None, problem: str, convention: str) -> ControlChart:
    points = t.assign(center=np.nan, lcl=np.nan, ucl=np.nan, out=None, sigma=np.nan, z=np.nan,
                      rules=[() for _ in range(len(t))], signal=False)
    return ControlChart(kind, None, points, target, problem=problem, convention=convention)


@dataclass(frozen=True)
class _Binomial:
    """What the p and p′ charts share: periods with ratings, p̄, each period's σ_p and z."""
    table: pd.DataFrame
    n: np.ndarray
    p: np.ndarray
    p_bar: float
    sigma_p: np.ndarray
    z: np.ndarray


def _binomial(table: pd.DataFrame) -> _Binomial | None:
    t = table[table["n"] > 0]
    if len(t) < 2:
        return None
    n = t["n"].to_numpy("float64")
    p = t["value"].to_numpy("float64") / 100
    p_bar = float((p * n).sum() / n.sum())
    sigma_p = np.sqrt(p_bar * (1 - p_bar) / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sigma_p > 0, (p - p_bar) / sigma_p, np.nan)    # p̄ of 0 or 1: no spread to measure
    return _Binomial(t, n, p, p_bar, sigma_p, z)


def _proportion_chart(kind: str, b: _Binomial, factor: float, target: float | None, convention: str,
                      sigma_z: float | None) -> ControlChart:
    half = SIGMAS * b.sigma_p * factor
    lcl, ucl = 100 * np.clip(b.p_bar - half, 0, 1), 100 * np.clip(b.p_bar + half, 0, 1)
    value = 100 * b.p
    with np.errstate(divide="ignore", invalid="ignore"):
        z = b.z / factor if factor > 0 else np.where(b.z == 0, 0.0, np.sign(b.z) * np.inf)
    points = pd.DataFrame({"period": b.table["period"].to_numpy(), "value": value, "n": b.table["n"].to_numpy(),
                           "center": 100 * b.p_bar, "lcl": lcl, "ucl": ucl, "out": _out(value, lcl, ucl)})
    return ControlChart(kind, float(100 * b.p_bar), _with_rules(points, z, value, 100 * b.sigma_p * factor,
                                                                convention), target,
                        sigma_z=sigma_z, convention=convention)


def p_chart(table: pd.DataFrame, target: float | None = None, convention: str = NELSON) -> ControlChart:
    """p chart from a period table of a proportion metric (columns period, value in %, n)."""
    b = _binomial(table)
    if b is None:
        return _empty(P, table[table["n"] > 0], target, "a control chart needs at least two periods with data",
                      convention)
    return _proportion_chart(P, b, 1.0, target, convention, None)


def laney_sigma_z(z: np.ndarray) -> float:
    """Laney's σ_z: the mean moving range of consecutive z-scores / 1.128 (periods whose z is
    unknown are skipped, so the range joins the neighbours that have one)."""
    known = np.asarray(z, dtype="float64")
    known = known[np.isfinite(known)]
    if len(known) < 2:
        return float("nan")
    return float(np.abs(np.diff(known)).mean() / D2)


def laney_p_chart(table: pd.DataFrame, target: float | None = None, convention: str = NELSON) -> ControlChart:
    """Laney's p′ chart from a period table of a proportion metric (columns period, value in %, n):
    the p chart's limits times σ_z (:func:`laney_sigma_z`), so that they hold the variation the
    periods really show, not only binomial sampling noise."""
    b = _binomial(table)
    if b is None:
        return _empty(P_PRIME, table[table["n"] > 0], target,
                      "a control chart needs at least two periods with data", convention)
    sigma_z = laney_sigma_z(b.z)
    if not np.isfinite(sigma_z):
        return _empty(P_PRIME, b.table, target, "every period has the same proportion of 0 or 100 %", convention)
    return _proportion_chart(P_PRIME, b, sigma_z, target, convention, sigma_z)


def xmr_chart(table: pd.DataFrame, target: float | None = None, convention: str = NELSON) -> ControlChart:
    """XmR chart from a period table (columns period, value, n) of per-period figures; periods
    without a value are left out (the moving range joins the neighbours that have one)."""
    t = table[table["value"].notna()]
    if len(t) < 2:
        return _empty(XMR, t, target, "an XmR chart needs at least two periods with a value", convention)
    x = t["value"].to_numpy("float64")
    mr = np.abs(np.diff(x))
    mr_bar, center = float(mr.mean()), float(x.mean())
    lcl, ucl = center - XMR_SIGMA * mr_bar, center + XMR_SIGMA * mr_bar
    mr_full = np.concatenate([[np.nan], mr])
    points = pd.DataFrame({"period": t["period"].to_numpy(), "value": x, "n": t["n"].to_numpy(),
                           "center": center, "lcl": lcl, "ucl": ucl,
                           "out": _out(x, np.full(len(x), lcl), np.full(len(x), ucl)),
                           "mr": mr_full, "mr_out": mr_full > MR_UCL * mr_bar})
    sigma = XMR_SIGMA * mr_bar / SIGMAS           # so that |z| = 3 falls exactly on a limit
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (x - center) / sigma if sigma > 0 else np.zeros(len(x))
    return ControlChart(XMR, center, _with_rules(points, z, x, np.full(len(x), sigma), convention), target,
                        mr_bar, MR_UCL * mr_bar,
                        convention=convention)
