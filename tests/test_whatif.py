"""What-if predictions, checked against independent computations: the OLS prediction and its HC3
interval by hand in numpy, the logit share's delta-method interval against a parametric
simulation of the coefficients, and time goals against numpy quantiles of the moved times."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.special import expit

from analysis.goals import Goal, GoalStatus
from analysis.whatif import (NOT_MODELLED, RELATIVE, UNCERTAIN, WOULD_MEET, WOULD_MISS, Shift, WhatIfError,
                             goal_implications, model_drivers, moved_drivers, what_if)


def _frame(n: int = 600, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    speed = rng.integers(1, 6, n).astype(float)
    attitude = np.clip(speed + rng.integers(-1, 2, n), 1, 5).astype(float)
    frt = rng.gamma(2.0, 10.0, n)
    latent = 0.6 * speed + 0.3 * attitude - 0.02 * frt + rng.normal(0, 0.8, n)
    csat = np.clip(np.round(latent - latent.mean() + 3.8), 1, 5)
    frame = pd.DataFrame({"csat": csat, "speed": speed, "attitude": attitude, "frt_min": frt})
    frame["csat_satisfied"] = pd.array(csat >= 4, dtype="boolean")
    frame.loc[::50, "speed"] = np.nan            # a few incomplete rows to be excluded
    return frame


def _hc3(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """OLS coefficients and their HC3 covariance, written out from the textbook formula."""
    xtx_inv = np.linalg.inv(x.T @ x)
    beta = xtx_inv @ x.T @ y
    resid = y - x @ beta
    leverage = np.einsum("ij,jk,ik->i", x, xtx_inv, x)
    meat = x.T @ (x * (resid ** 2 / (1 - leverage) ** 2)[:, None])
    return beta, xtx_inv @ meat @ xtx_inv


def test_mean_prediction_matches_hand_computed_ols_and_hc3_interval():
    frame = _frame()
    result = what_if(frame, "csat", ["speed", "attitude", "frt_min"], [Shift("speed", 0.5)])
    ok = frame[["csat", "speed", "attitude", "frt_min"]].notna().all(axis=1)
    assert result.n == int(ok.sum()) and result.excluded == {"missing_value": int((~ok).sum())}
    x = np.column_stack([np.ones(ok.sum()), frame.loc[ok, ["speed", "attitude", "frt_min"]].to_numpy()])
    y = frame.loc[ok, "csat"].to_numpy()
    beta, cov = _hc3(x, y)
    moved = x.copy()
    moved[:, 1] = np.clip(moved[:, 1] + 0.5, 1, 5)
    g = moved.mean(axis=0)
    z = stats.t.ppf(0.975, len(y) - x.shape[1])       # Student's t on the residual df, not the normal
    assert result.mean.now == pytest.approx(y.mean(), rel=1e-9)       # OLS with intercept: mean of fitted = mean of y
    assert result.mean.scenario == pytest.approx(g @ beta, rel=1e-9)
    se = np.sqrt(g @ cov @ g)
    assert result.mean.low == pytest.approx(g @ beta - z * se, rel=1e-7)
    assert result.mean.high == pytest.approx(g @ beta + z * se, rel=1e-7)
    d = g - x.mean(axis=0)
    assert result.mean.change_high - result.mean.change == pytest.approx(z * np.sqrt(d @ cov @ d), rel=1e-7)
    # clipping at the observed top (5): the rows rated 5 cannot move
    assert result.clipped["speed"] == pytest.approx((frame.loc[ok, "speed"] > 4.5).mean())


def test_small_sample_intervals_use_t_on_the_residual_df():
    # 30 complete rows (the minimum), 2 drivers: t on 27 df is 4 % wider than the normal
    frame = _frame(n=31, seed=5).dropna().head(30)
    assert len(frame) == 30
    result = what_if(frame, "csat", ["speed", "attitude"], [Shift("speed", 0.5)])
    x = np.column_stack([np.ones(30), frame[["speed", "attitude"]].to_numpy()])
    beta, cov = _hc3(x, frame["csat"].to_numpy())
    df = 30 - 3
    half = stats.t.ppf(0.975, df) * np.sqrt(np.diag(cov))[1:]
    coef = result.coefficients
    assert np.allclose(coef["coef"], beta[1:], rtol=1e-9)
    assert np.allclose(coef["ci_high"] - coef["coef"], half, rtol=1e-7)
    t_stat = beta[1:] / np.sqrt(np.diag(cov))[1:]
    assert np.allclose(coef["p"], 2 * stats.t.sf(np.abs(t_stat), df), rtol=1e-7)
    moved = x.copy()
    moved[:, 1] = np.clip(moved[:, 1] + 0.5, frame["speed"].min(), frame["speed"].max())
    g = moved.mean(axis=0)
    assert result.mean.high - result.mean.scenario == pytest.approx(stats.t.ppf(0.975, df) * np.sqrt(g @ cov @ g),
                                                                    rel=1e-7)


def test_without_clipping_the_change_is_the_slope_times_the_shift():
    rng = np.random.default_rng(1)
    x = rng.normal(0, 1, 400)
    frame = pd.DataFrame({"y": 2.0 + 0.7 * x + rng.normal(0, 0.5, 400), "x": x})
    # a relative shift of a variable with values of both signs would be odd; use add on a wide range
    result = what_if(frame, "y", ["x"], [Shift("x", 0.0)])
    assert result.mean.change == pytest.approx(0.0, abs=1e-12)
    slope = np.polyfit(x, frame["y"], 1)[0]
    result = what_if(frame.assign(x=frame["x"] + 10), "y", ["x"], [Shift("x", -0.1, RELATIVE)])
    # moving x by -10 % of itself changes the mean by slope × mean(-0.1 x), no value clipped
    assert result.clipped["x"] == 0.0
    assert result.mean.change == pytest.approx(slope * -0.1 * (x + 10).mean(), rel=1e-9)


def test_share_prediction_agrees_with_simulated_coefficients():
    frame = _frame(1500, seed=5)
    drivers = ["speed", "attitude"]
    result = what_if(frame, "csat", drivers, [Shift("speed", 1.0)])
    import statsmodels.api as sm
    ok = frame[["csat", *drivers]].notna().all(axis=1)
    x = sm.add_constant(frame.loc[ok, drivers].to_numpy())
    yflag = frame.loc[ok, "csat_satisfied"].astype(float).to_numpy()
    fit = sm.Logit(yflag, x).fit(disp=0)
    moved = x.copy()
    moved[:, 1] = np.clip(moved[:, 1] + 1, 1, 5)
    assert result.share.now == pytest.approx(100 * fit.predict(x).mean(), rel=1e-6)
    assert result.share.scenario == pytest.approx(100 * fit.predict(moved).mean(), rel=1e-6)
    # an independent interval: simulate the coefficients from their sampling distribution
    rng = np.random.default_rng(0)
    draws = rng.multivariate_normal(fit.params, fit.cov_params(), 4000)
    shares = 100 * expit(moved @ draws.T).mean(axis=0)
    lo, hi = np.quantile(shares, [0.025, 0.975])
    assert result.share.low == pytest.approx(lo, abs=0.4)
    assert result.share.high == pytest.approx(hi, abs=0.4)
    changes = shares - 100 * expit(x @ draws.T).mean(axis=0)
    assert result.share.change_low == pytest.approx(np.quantile(changes, 0.025), abs=0.4)


def _status(metric: str, current: float, target: float, direction: str = "increase") -> GoalStatus:
    goal = Goal(metric, metric, direction, target, "2025-01-01", "2025-03-31",
                baseline=current - 1 if direction == "increase" else current + 1)
    return GoalStatus(goal, "", None, goal.baseline, current, None, 100, 0.5, None, None, None, None, None, None,
                      None, None, None, None, None, pd.DataFrame())


def test_goal_implications_per_metric():
    frame = _frame(1500, seed=7)
    result = what_if(frame, "csat", ["speed", "frt_min"], [Shift("speed", 0.5), Shift("frt_min", -0.3, RELATIVE)])
    s = result.share
    statuses = [_status("csat_pct", 70.0, 70.0 + s.change_low - 0.5),     # the whole interval clears it
                _status("csat_pct", 70.0, 70.0 + s.change_high + 0.5),    # out of reach
                _status("csat_pct", 70.0, 70.0 + s.change),               # inside the interval
                _status("frt_median_min", 12.0, 9.0, "decrease"),
                _status("complaint_rate_pct", 5.0, 3.0, "decrease"),
                _status("frt_mean_min", 20.0, 10.0, "decrease")]
    table = goal_implications(result, statuses)
    assert table["verdict"].tolist() == [WOULD_MEET, WOULD_MISS, UNCERTAIN, WOULD_MEET, NOT_MODELLED, WOULD_MISS]
    assert table.loc[0, "predicted"] == pytest.approx(70.0 + s.change)
    # a median of times each cut by 30 % is the median cut by 30 %: check with numpy
    times = frame["frt_min"].dropna().to_numpy()
    assert np.median(times * 0.7) == pytest.approx(np.median(times) * 0.7)
    assert table.loc[3, "predicted"] == pytest.approx(12.0 * 0.7)
    assert pd.isna(table.loc[4, "predicted"])
    assert np.mean(times * 0.7) == pytest.approx(np.mean(times) * 0.7)          # and so is a mean
    assert table.loc[5, "predicted"] == pytest.approx(14.0)


def test_guards():
    frame = _frame(100)
    with pytest.raises(WhatIfError, match="not a driver"):
        what_if(frame, "csat", ["speed"], [Shift("attitude", 1.0)])
    with pytest.raises(WhatIfError, match="too few"):
        what_if(frame.head(20), "csat", ["speed"], [Shift("speed", 1.0)])
    with pytest.raises(WhatIfError, match="constant"):
        what_if(frame.assign(speed=3.0), "csat", ["speed"], [Shift("speed", 1.0)])
    with pytest.raises(WhatIfError, match="columns not found"):
        what_if(frame, "csat", ["nope"], [])
    with pytest.raises(WhatIfError, match="mode"):
        moved_drivers(frame[["speed"]], [Shift("speed", 1.0, "times")])
    # no satisfied flag: the mean still comes, the share is None (not made up)
    result = what_if(frame.drop(columns="csat_satisfied"), "csat", ["speed"], [Shift("speed", 1.0)])
    assert result.share is None and np.isfinite(result.mean.scenario)


def test_model_drivers_keeps_usable_columns():
    frame = _frame(100).assign(resolution_h=np.nan, constant=1.0)
    assert model_drivers(frame, ["speed", "attitude", "constant"]) == ["speed", "attitude", "frt_min"]
