"""The trend behind a goal's projection: per-period values weighted by how many observations each
period holds, and a *prediction* of a future stretch's value whose interval includes the
sampling noise of the observations still to come.

The points are the periods of a "trend grain" (finer than the goal's own grain: weeks for a
quarterly goal), each placed at x = days from the goal's start to the middle of the part of it
the data cover. The model depends on the metric:

- **proportion** (CSAT %, complaint resolution …): a binomial GLM with the logit link on each
  period's (successes, failures) (statsmodels ``GLM(family=Binomial())``), so a period of 1
  response weighs 1/140 of a period of 140. Over-dispersion: φ = max(1, Pearson χ² / (k − 2));
  periods that scatter more than binomial noise widen the interval, never narrow it.
- **time** (minutes, hours, seconds): least squares on the log of each period's value, weighted
  by n (statsmodels ``WLS``); a time's projection stays above 0 through the log, not a clip.
- **count** (tickets): a Poisson GLM with the log link and log(days covered) as offset.
- **other means** (mean score, NPS): least squares on the value weighted by n.

Prediction for `n_future` new observations centred at x0 (the part of the deadline period
still to come):

- proportion: η̂ = x0ᵀβ̂; Var = x0ᵀ Σ̂ x0 + φ / (n_future · p̂(1 − p̂)) (the fitted value's variance
  plus the binomial variance of a share of n_future, both on the logit scale, delta method);
  interval expit(η̂ ± z·√Var): inside 0–100 % by the link, and never of zero width;
- least squares: ŷ ± t(k − 2)·√(x0ᵀ Σ̂ x0 + σ̂² / n_future), σ̂² the weighted residual variance
  per observation (statsmodels' WLS scale); on the log scale for times, then exp;
- count: log(μ̂·d) ± z·√(x0ᵀ Σ̂ x0 + φ / (μ̂·d)), d the future days, then exp.

When every observation so far is a success (or every one a failure) the logit slope has no
finite estimate (perfect separation); the trend is then flat at the Jeffreys-adjusted pooled rate
p̃ = (s + ½)/(N + 1), with Var(η̂) = 1 / ((N + 1)·p̃(1 − p̃)) and the same binomial term, so 100 %
so far still leaves room below 100 % at the deadline.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.lazy import lazy
from analysis.metrics import COUNT, MEDIAN, NPS, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN, P90, PROPORTION, Metric
from analysis.periods import period_codes, period_end, period_label
from analysis.survival import km_quantile

# imported on first use (analysis.lazy): a command that needs none of them starts without them
stats = lazy("scipy.stats")
expit = lazy("scipy.special", "expit")
logit = lazy("scipy.special", "logit")
Binomial = lazy("statsmodels.genmod.families", "Binomial")
Poisson = lazy("statsmodels.genmod.families", "Poisson")
GLM = lazy("statsmodels.genmod.generalized_linear_model", "GLM")
WLS = lazy("statsmodels.regression.linear_model", "WLS")
PerfectSeparationWarning = lazy("statsmodels.tools.sm_exceptions", "PerfectSeparationWarning")

LEVEL = 0.95
TIME_UNITS = ("min", "h", "s")
BINOMIAL, WLS_LOG, WLS_LINEAR, POISSON, FLAT = "binomial_glm", "wls_log", "wls", "poisson_glm", "flat_jeffreys"
_QUANTILE = {MEDIAN: 0.5, P90: 0.9}


def model_for(metric: Metric) -> str:
    """Which trend model a metric gets (see the module docstring)."""
    if metric.kind == PROPORTION:
        return BINOMIAL
    if metric.kind == COUNT:
        return POISSON
    return WLS_LOG if metric.unit in TIME_UNITS else WLS_LINEAR


def period_points(when: pd.Series, value: np.ndarray, metric: Metric, grain: str, start: pd.Timestamp,
                  end: pd.Timestamp, event: np.ndarray | None = None) -> pd.DataFrame:
    """One row per period of `grain` that has observations, from `when`/`value` (the goal's
    observations; `start`–`end` the goal's window, `end` exclusive): ``period``, ``start``,
    ``end`` (exclusive), ``days`` covered within the window, ``x`` (days from `start` to the middle
    of the covered part), ``n``, ``value`` (the metric's figure: % for proportions) and ``total``
    (successes for a proportion, the count for a count). No intervals: this is the trend's input,
    computed with bincounts (one sort for quantiles), not per row.

    With `event` (True: finished, False: still open, `value` its wait so far) a quantile is the
    Kaplan–Meier quantile of the period (as the Periods page's), and ``not_reached`` marks a
    period whose curve never falls to 1 − q (``value`` NaN: it has no value to fit)."""
    value = np.asarray(value, dtype="float64")
    codes, grid = period_codes(when, grain)
    k = len(grid)
    columns = ["period", "start", "end", "days", "x", "n", "value", "total", "not_reached"]
    if k == 0:
        return pd.DataFrame({c: [] for c in columns})
    n = np.bincount(codes, minlength=k)
    # NPS is the mean of +100 (promoter), 0 and −100 (detractor) per response; the rest average as they are
    score = 100.0 * ((value >= NPS_PROMOTER_MIN).astype(float) - (value <= NPS_DETRACTOR_MAX)) \
        if metric.kind == NPS else value
    total = np.bincount(codes, weights=score, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n
    not_reached = np.zeros(k, dtype=bool)
    if metric.kind == PROPORTION:
        val = 100.0 * mean
    elif metric.kind == COUNT:
        val, total = n.astype(float), n.astype(float)
    elif metric.kind in _QUANTILE and event is not None:
        order = np.argsort(codes, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(n)])
        sorted_values, sorted_events = value[order], np.asarray(event, dtype=bool)[order]
        val = np.full(k, np.nan)
        for i in range(k):          # a loop over periods, not rows
            if n[i]:
                r = km_quantile(sorted_values[bounds[i]:bounds[i + 1]], sorted_events[bounds[i]:bounds[i + 1]],
                                _QUANTILE[metric.kind])
                val[i] = np.nan if r.estimate is None else r.estimate
                not_reached[i] = r.not_reached
    elif metric.kind in _QUANTILE:
        order = np.argsort(codes, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(n)])
        sorted_values = value[order]
        val = np.array([np.quantile(sorted_values[bounds[i]:bounds[i + 1]], _QUANTILE[metric.kind])
                        if n[i] else np.nan for i in range(k)])     # a loop over periods, not rows
    else:
        val = mean
    ends = pd.DatetimeIndex([period_end(s, grain) for s in grid])
    lo = np.maximum(grid.to_numpy(), np.datetime64(start, "ns"))
    hi = np.minimum(ends.to_numpy(), np.datetime64(end, "ns"))
    day = np.timedelta64(1, "D")
    days = (hi - lo) / day
    x = ((lo - np.datetime64(start, "ns")) / day) + days / 2
    frame = pd.DataFrame({"period": [period_label(s, grain) for s in grid], "start": grid, "end": ends,
                          "days": days, "x": x, "n": n.astype("int64"), "value": val, "total": total,
                          "not_reached": not_reached})
    return frame[frame["n"] > 0].reset_index(drop=True)


@dataclass(frozen=True)
class Trend:
    """A fitted trend. `params` (intercept, slope per day) and `cov` on the model's scale (logit,
    log or the metric's unit); `scale` φ for the GLMs, σ̂² per observation for least squares;
    `df` the residual degrees of freedom; `points` the fitted periods."""
    model: str
    params: np.ndarray
    cov: np.ndarray
    scale: float
    df: int
    points: pd.DataFrame

    def linear(self, x) -> np.ndarray:
        """The linear predictor at days `x` (logit, log or the value itself)."""
        x = np.atleast_1d(np.asarray(x, dtype="float64"))
        return self.params[0] + self.params[1] * x

    def fitted(self, x) -> np.ndarray:
        """The trend's value at days `x`, in the metric's unit (% for proportions, per day for counts)."""
        eta = self.linear(x)
        if self.model in (BINOMIAL, FLAT):
            return 100.0 * expit(eta)
        if self.model in (WLS_LOG, POISSON):
            return np.exp(eta)
        return eta

    def predict(self, x0: float, n_future: float, days_future: float = 1.0,
                level: float = LEVEL) -> tuple[float, float, float]:
        """(point, low, high): the value `n_future` new observations centred at day `x0` will show
        (a share in %, a mean or quantile in the metric's unit, or for a count the number of
        tickets over `days_future` days), with its `level` prediction interval (see the module
        docstring for the variance)."""
        eta = float(self.linear(x0)[0])
        v = np.array([1.0, float(x0)])
        var_fit = float(v @ self.cov @ v)
        if self.model in (BINOMIAL, FLAT):
            p = expit(eta)
            var = var_fit + self.scale / (max(n_future, 1e-9) * p * (1 - p))
            z = stats.norm.ppf(0.5 + level / 2)
            return (100.0 * p, 100.0 * float(expit(eta - z * np.sqrt(var))),
                    100.0 * float(expit(eta + z * np.sqrt(var))))
        if self.model == POISSON:
            mu = np.exp(eta) * days_future
            var = var_fit + self.scale / max(mu, 1e-9)
            z = stats.norm.ppf(0.5 + level / 2)
            return float(mu), float(mu * np.exp(-z * np.sqrt(var))), float(mu * np.exp(z * np.sqrt(var)))
        var = var_fit + self.scale / max(n_future, 1e-9)
        t = stats.t.ppf(0.5 + level / 2, self.df)
        lo, hi = eta - t * np.sqrt(var), eta + t * np.sqrt(var)
        if self.model == WLS_LOG:
            return float(np.exp(eta)), float(np.exp(lo)), float(np.exp(hi))
        return float(eta), float(lo), float(hi)


def fit_trend(points: pd.DataFrame, model: str) -> Trend | None:
    """Fit `model` to `points` (from :func:`period_points`); None with fewer than 3 periods or
    when every period sits at the same x (no slope can be estimated), or a time trend with a
    value ≤ 0 (no log), which then falls back to the linear fit."""
    pts = points[points["n"] > 0]
    k = len(pts)
    if k < 3 or np.ptp(pts["x"].to_numpy(dtype="float64")) == 0:
        return None
    x = pts["x"].to_numpy(dtype="float64")
    n = pts["n"].to_numpy(dtype="float64")
    X = np.column_stack([np.ones(k), x])
    if model == BINOMIAL:
        s = pts["total"].to_numpy(dtype="float64")
        if s.sum() <= 0 or s.sum() >= n.sum():
            return _flat(pts, s.sum(), n.sum())
        with warnings.catch_warnings():
            warnings.simplefilter("error", PerfectSeparationWarning.resolved())
            try:
                fit = GLM(np.column_stack([s, n - s]), X, family=Binomial()).fit()
            except PerfectSeparationWarning.resolved():
                return _flat(pts, s.sum(), n.sum())
        phi = max(1.0, float(fit.pearson_chi2) / (k - 2))
        return Trend(BINOMIAL, np.asarray(fit.params), np.asarray(fit.cov_params()) * phi, phi, k - 2, pts)
    if model == POISSON:
        c = pts["total"].to_numpy(dtype="float64")
        fit = GLM(c, X, family=Poisson(), offset=np.log(pts["days"].to_numpy(dtype="float64"))).fit()
        phi = max(1.0, float(fit.pearson_chi2) / (k - 2))
        return Trend(POISSON, np.asarray(fit.params), np.asarray(fit.cov_params()) * phi, phi, k - 2, pts)
    y = pts["value"].to_numpy(dtype="float64")
    if model == WLS_LOG:
        if (y <= 0).any():
            model = WLS_LINEAR
        else:
            y = np.log(y)
    fit = WLS(y, X, weights=n).fit()
    return Trend(model, np.asarray(fit.params), np.asarray(fit.cov_params()), float(fit.scale), k - 2, pts)


def _flat(pts: pd.DataFrame, s: float, n: float) -> Trend:
    p = (s + 0.5) / (n + 1.0)
    var = 1.0 / ((n + 1.0) * p * (1 - p))
    return Trend(FLAT, np.array([float(logit(p)), 0.0]), np.array([[var, 0.0], [0.0, 0.0]]), 1.0,
                 len(pts) - 2, pts)
