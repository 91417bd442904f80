"""What-if: move a driver and read the predicted satisfaction off the drivers model.

The scenario moves every response's driver value — by a number of points on its own scale
("add", e.g. resolution-speed rating +0.5) or by a fraction of itself ("relative", e.g. first
response −30 % is −0.3). Points added are clipped to the range observed in the data, because a
linear model says nothing about ratings above the scale's top; a relative move keeps each value's
sign (a time stays a time) and is not clipped, so a goal's median or P90 moves by the same factor.

Two models of the drivers page answer on the same complete rows:

* the outcome's mean (e.g. CSAT score 1–5): OLS of the outcome on the drivers in their own
  units with HC3 errors. The predicted mean is the mean of the rows' predictions, x̄ₛ·b, and its
  variance x̄ₛᵀ V x̄ₛ (V the HC3 covariance of b): a confidence interval for the mean, not for a
  single customer's score, on Student's t with the residual degrees of freedom (n − k − 1), as
  the coefficients' intervals (the normal would be too narrow with few responses).
* the satisfied share (CSAT %, top-2-box): a logistic regression of the satisfied flag; the
  predicted share is the mean of the rows' predicted probabilities with the moved drivers, its
  interval by the delta method (gradient mean(p(1−p)·x) of the share with respect to b).

Each change (scenario − now) gets its own interval from the difference of the two gradients,
which is narrower than comparing two overlapping intervals. These are associations: the
prediction holds if the driver moves *and* the relation seen in the data stays as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
from statsmodels.discrete.discrete_model import Logit
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant
from scipy import stats
from scipy.special import expit

from analysis.metrics import MEAN, MEDIAN, P90, build_metrics
from analysis.schema import CSAT_SATISFIED, FRT_MIN, HANDLE_MIN, RESOLUTION_H

ADD, RELATIVE = "add", "relative"
MIN_ROWS = 30          # fewer complete rows than this: a scenario's interval would be meaningless
LEVEL = 0.95
# A time driver moves its goal metrics directly: every time × (1 + change) moves its median, P90
# and mean by the same factor (quantiles are equivariant under monotone maps, the mean is linear).
_TIME_PREFIX = {FRT_MIN: "frt_", RESOLUTION_H: "resolution_", HANDLE_MIN: "handle_"}
TIME_GOALS = {time: tuple(key for key, metric in build_metrics().items()
                          if key.startswith(prefix) and metric.kind in (MEDIAN, P90, MEAN))
              for time, prefix in _TIME_PREFIX.items()}
WOULD_MEET, UNCERTAIN, WOULD_MISS, NOT_MODELLED = "would_meet", "uncertain", "would_miss", "not_modelled"


class WhatIfError(ValueError):
    """The data or the scenario cannot support a prediction (the message says why)."""


@dataclass(frozen=True)
class Shift:
    """Move `driver` by `change`: points on its own scale ("add") or a fraction of each value
    ("relative": −0.3 is 30 % less)."""
    driver: str
    change: float
    mode: str = ADD

    def apply(self, values: pd.Series) -> pd.Series:
        """The moved values ("add": clipped to the range observed in `values`)."""
        if self.mode == ADD:
            return (values + self.change).clip(values.min(), values.max())
        if self.mode == RELATIVE:
            if self.change <= -1:
                raise WhatIfError("a relative change must be above −100 %")
            return values * (1.0 + self.change)
        raise WhatIfError(f"mode must be {ADD!r} or {RELATIVE!r}, not {self.mode!r}")


@dataclass(frozen=True)
class Prediction:
    """A predicted figure now and under the scenario, in the outcome's unit (score points for a
    mean, % for a share): `now` (the model's value with the drivers as observed), `scenario`
    with its `low`–`high` interval, `change` = scenario − now with `change_low`–`change_high`."""
    now: float
    scenario: float
    low: float
    high: float
    change: float
    change_low: float
    change_high: float


@dataclass
class WhatIf:
    """A scenario's predicted outcome mean (`mean`, from OLS) and satisfied share (`share` in %,
    from the logit; None when there is no satisfied flag or it is constant); `coefficients` the
    OLS slope per unit of each driver with its interval; `n` complete rows used; `excluded` rows
    left out per reason; `clipped` per driver the share (0–1) of rows the clipping held back."""
    outcome: str
    drivers: list[str]
    shifts: list[Shift]
    n: int
    mean: Prediction
    share: Prediction | None
    coefficients: pd.DataFrame
    excluded: dict[str, int] = field(default_factory=dict)
    clipped: dict[str, float] = field(default_factory=dict)
    level: float = LEVEL


def _interval(estimate: float, se: float, level: float, df: float | None = None) -> tuple[float, float]:
    """estimate ± q·se, q the normal quantile, or Student's t on `df` degrees of freedom."""
    q = float(stats.norm.ppf(0.5 + level / 2) if df is None else stats.t.ppf(0.5 + level / 2, df))
    return float(estimate - q * se), float(estimate + q * se)


def _complete(frame: pd.DataFrame, outcome: str, drivers: Sequence[str]) -> tuple[pd.DataFrame, pd.Series]:
    missing = [c for c in [outcome, *drivers] if c not in frame.columns]
    if missing:
        raise WhatIfError("columns not found: " + ", ".join(map(str, missing)))
    numeric = frame[[outcome, *drivers]].apply(pd.to_numeric, errors="coerce").astype("float64")
    ok = numeric.notna().all(axis=1)
    return numeric, ok


def moved_drivers(x: pd.DataFrame, shifts: Sequence[Shift]) -> pd.DataFrame:
    """The driver columns of `x` with each shift applied (the others as observed)."""
    out = x.copy()
    for shift in shifts:
        if shift.driver not in out.columns:
            raise WhatIfError(f"{shift.driver!r} is not a driver of the model ({', '.join(map(str, x.columns))})")
        out[shift.driver] = shift.apply(x[shift.driver])
    return out


def _mean_prediction(x0: np.ndarray, x1: np.ndarray, beta: np.ndarray, cov: np.ndarray, level: float,
                     df: float) -> Prediction:
    g0, g1 = x0.mean(axis=0), x1.mean(axis=0)
    now, scen = float(g0 @ beta), float(g1 @ beta)
    low, high = _interval(scen, float(np.sqrt(g1 @ cov @ g1)), level, df)
    d = g1 - g0
    c_low, c_high = _interval(scen - now, float(np.sqrt(max(d @ cov @ d, 0.0))), level, df)
    return Prediction(now, scen, low, high, scen - now, c_low, c_high)


def _share_prediction(x0: np.ndarray, x1: np.ndarray, beta: np.ndarray, cov: np.ndarray,
                      level: float) -> Prediction:
    p0, p1 = expit(x0 @ beta), expit(x1 @ beta)
    g0 = (p0 * (1 - p0)) @ x0 / len(x0)          # d mean(p) / d beta
    g1 = (p1 * (1 - p1)) @ x1 / len(x1)
    now, scen = float(p0.mean()), float(p1.mean())
    low, high = _interval(scen, float(np.sqrt(g1 @ cov @ g1)), level)
    d = g1 - g0
    c_low, c_high = _interval(scen - now, float(np.sqrt(max(d @ cov @ d, 0.0))), level)
    pct = 100.0
    return Prediction(now * pct, scen * pct, max(low, 0.0) * pct, min(high, 1.0) * pct, (scen - now) * pct,
                      c_low * pct, c_high * pct)


def what_if(frame: pd.DataFrame, outcome: str, drivers: Sequence[str], shifts: Sequence[Shift],
            satisfied: str = CSAT_SATISFIED, level: float = LEVEL) -> WhatIf:
    """Predicted mean `outcome` and satisfied share when `shifts` move the drivers, on the rows
    of `frame` (one per response) where the outcome and every driver are present.

    Raises :class:`WhatIfError` for a driver or shift the data do not have, fewer than
    :data:`MIN_ROWS` complete rows, a constant driver or perfectly collinear drivers."""
    drivers = list(dict.fromkeys(drivers))
    if not drivers:
        raise WhatIfError("no drivers")
    numeric, ok = _complete(frame, outcome, drivers)
    for shift in shifts:
        if shift.driver not in drivers:
            raise WhatIfError(f"{shift.driver!r} is not a driver of the model ({', '.join(drivers)})")
    n = int(ok.sum())
    if n < max(MIN_ROWS, len(drivers) + 2):
        raise WhatIfError(f"{n} complete rows for {len(drivers)} drivers: too few for a prediction")
    x = numeric.loc[ok, drivers]
    y = numeric.loc[ok, outcome]
    constant = [d for d in drivers if x[d].nunique() < 2]
    if constant:
        raise WhatIfError("constant driver: " + ", ".join(constant))
    if len(drivers) > 1 and np.linalg.cond(np.corrcoef(x.to_numpy(), rowvar=False)) > 1e12:
        raise WhatIfError("drivers are perfectly collinear")
    moved = moved_drivers(x, shifts)
    x0 = add_constant(x.to_numpy(), has_constant="add")
    x1 = add_constant(moved.to_numpy(), has_constant="add")

    ols = OLS(y.to_numpy(), x0).fit(cov_type="HC3", use_t=True)
    cov = np.asarray(ols.cov_params())
    mean = _mean_prediction(x0, x1, np.asarray(ols.params), cov, level, float(ols.df_resid))
    ci = np.asarray(ols.conf_int(alpha=1 - level))[1:]
    coefficients = pd.DataFrame({"driver": drivers, "coef": np.asarray(ols.params)[1:],
                                 "ci_low": ci[:, 0], "ci_high": ci[:, 1], "p": np.asarray(ols.pvalues)[1:]})

    share = None
    if satisfied in frame.columns:
        flag = frame.loc[ok, satisfied]
        known = flag.notna().to_numpy()
        target = flag[known].astype("float64").to_numpy()
        if known.sum() >= MIN_ROWS and 0 < target.mean() < 1:
            try:
                logit = Logit(target, x0[known]).fit(disp=0, maxiter=200)
                share = _share_prediction(x0[known], x1[known], np.asarray(logit.params),
                                          np.asarray(logit.cov_params()), level)
            except (np.linalg.LinAlgError, ValueError):
                share = None    # separation: the share is left out rather than made up

    clipped = {}
    for shift in shifts:
        raw = x[shift.driver] + shift.change if shift.mode == ADD else x[shift.driver] * (1 + shift.change)
        clipped[shift.driver] = float((raw != moved[shift.driver]).mean())
    excluded = {"missing_value": int((~ok).sum())}
    return WhatIf(outcome, drivers, list(shifts), n, mean, share, coefficients, excluded, clipped, level)


def _verdict(low: float, high: float, target: float, increase: bool) -> str:
    if increase:
        return WOULD_MEET if low >= target else WOULD_MISS if high < target else UNCERTAIN
    return WOULD_MEET if high <= target else WOULD_MISS if low > target else UNCERTAIN


def goal_implications(result: WhatIf, statuses: Sequence, shifts: Sequence[Shift] | None = None) -> pd.DataFrame:
    """What the scenario means for each goal (`statuses`: analysis.goals.GoalStatus).

    For a CSAT % goal the predicted change in the satisfied share (points, with its interval) is
    added to the goal's current value; for a mean-score goal the change in the mean (when the
    model's outcome is the CSAT score). A time goal (first response, resolution, handling median,
    P90 or mean) moves with a "relative" shift of its own time by the same factor, an "add" shift by
    the same minutes/hours (quantiles move with the values). Other goals: ``not_modelled``.
    One row per goal: goal, metric, target, direction, current, predicted, low, high, verdict
    (would_meet / uncertain / would_miss / not_modelled)."""
    shifts = list(result.shifts if shifts is None else shifts)
    rows = []
    for status in statuses:
        goal = status.goal
        current = status.current
        increase = goal.direction == "increase"
        predicted = low = high = None
        if current is not None:
            if goal.metric == "csat_pct" and result.share is not None:
                s = result.share
                predicted, low, high = current + s.change, current + s.change_low, current + s.change_high
            elif goal.metric == "csat_mean" and result.outcome == "csat":
                m = result.mean
                predicted, low, high = current + m.change, current + m.change_low, current + m.change_high
            else:
                for shift in shifts:
                    if goal.metric in TIME_GOALS.get(shift.driver, ()):
                        moved = current * (1 + shift.change) if shift.mode == RELATIVE else current + shift.change
                        predicted = low = high = max(moved, 0.0)
        verdict = NOT_MODELLED if predicted is None else _verdict(low, high, goal.target, increase)
        rows.append({"goal": goal.name or goal.id, "metric": goal.metric, "target": goal.target,
                     "direction": goal.direction, "current": current, "predicted": predicted,
                     "low": low, "high": high, "verdict": verdict})
    columns = ["goal", "metric", "target", "direction", "current", "predicted", "low", "high", "verdict"]
    out = pd.DataFrame(rows, columns=columns)
    for c in ("current", "predicted", "low", "high"):
        out[c] = out[c].astype("float64")
    return out


def model_drivers(frame: pd.DataFrame, ratings: Sequence[str], max_missing: float = 0.5) -> list[str]:
    """The drivers a what-if can move: the survey's sub-ratings and the operational times
    (first response, resolution), each kept when at most `max_missing` of the rows lack it and
    it is not constant."""
    out = []
    for name in [*ratings, FRT_MIN, RESOLUTION_H]:
        if name not in frame.columns or name in out:
            continue
        values = pd.to_numeric(frame[name], errors="coerce")
        if values.isna().mean() <= max_missing and values.nunique() >= 2:
            out.append(name)
    return out


__all__ = ["Shift", "Prediction", "WhatIf", "WhatIfError", "what_if", "goal_implications", "moved_drivers",
           "model_drivers", "ADD", "RELATIVE", "WOULD_MEET", "UNCERTAIN", "WOULD_MISS", "NOT_MODELLED"]
