"""Tests of analysis/control.py against hand computations of the Shewhart limits."""
import numpy as np
import pandas as pd
import pytest

from analysis.control import p_chart, xmr_chart


def table(values, n):
    return pd.DataFrame({"period": [f"P{i}" for i in range(len(values))], "value": values, "n": n})


def test_p_chart_limits_vary_with_n_and_flag_points():
    n = np.array([200, 50, 400, 100, 300])
    x = np.array([150, 25, 300, 95, 225])
    res = p_chart(table(100 * x / n, n), target=85)
    p_bar = x.sum() / n.sum()                                   # 795 / 1050
    for i, row in res.points.iterrows():
        half = 3 * np.sqrt(p_bar * (1 - p_bar) / n[i])
        assert row.lcl == pytest.approx(100 * (p_bar - half)) and row.ucl == pytest.approx(100 * min(p_bar + half, 1))
    assert res.center == pytest.approx(100 * p_bar) and res.target == 85
    # 95/100 = 95 % lies above its own upper limit; 25/50 = 50 % below its lower limit
    assert res.points["out"].tolist() == [None, "below", None, "above", None]


def test_p_chart_limits_are_clipped_to_0_100():
    res = p_chart(table([100.0, 96.0], [5, 50]))
    assert res.points["ucl"].max() <= 100 and res.points["lcl"].min() >= 0


def test_xmr_hand_worked():
    # x = 10, 12, 11, 13, 30: MR = 2, 1, 2, 17 → MR̄ = 5.5; x̄ = 15.2; limits 15.2 ± 2.66 × 5.5
    res = xmr_chart(table([10.0, 12.0, 11.0, 13.0, 30.0], [40] * 5), target=8)
    assert res.center == pytest.approx(15.2) and res.mr_bar == pytest.approx(5.5)
    assert res.points["ucl"].iloc[0] == pytest.approx(15.2 + 14.63)
    assert res.points["lcl"].iloc[0] == pytest.approx(15.2 - 14.63)
    assert res.points["out"].tolist() == [None, None, None, None, "above"]
    assert res.mr_ucl == pytest.approx(3.267 * 5.5)
    assert res.points["mr_out"].tolist() == [False, False, False, False, False]


def test_xmr_skips_periods_without_value_and_needs_two():
    res = xmr_chart(table([10.0, np.nan, 14.0], [5, 0, 5]))
    assert res.points["mr"].iloc[1] == 4
    assert xmr_chart(table([10.0], [5])).problem
    assert p_chart(table([50.0, np.nan], [10, 0])).problem
