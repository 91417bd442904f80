"""Tests of analysis/control.py against hand computations of the Shewhart limits."""
import numpy as np
import pandas as pd
import pytest

from analysis.control import laney_p_chart, laney_sigma_z, p_chart, run_rules, xmr_chart


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


# --- Laney's p′ chart --------------------------------------------------------------------------
def test_laney_p_prime_hand_worked():
    # x = 60, 90, 40, 110, 50 of n = 100, 200, 100, 200, 100: p̄ = 350 / 700 = 0.5.
    # σ_p = √(.25/100) = .05 (n 100), √(.25/200) = .0353553 (n 200).
    # p = .60 .45 .40 .55 .50 → z = 2, −1.414214, −2, 1.414214, 0.
    # MR = 3.414214, 0.585786, 3.414214, 1.414214 → MR̄ = 8.828427 / 4 = 2.207107;
    # σ_z = 2.207107 / 1.128 = 1.956655. Limits for n 100: .5 ± 3 × .05 × 1.956655 = .5 ± .293498.
    n = np.array([100, 200, 100, 200, 100])
    x = np.array([60, 90, 40, 110, 50])
    res = laney_p_chart(table(100 * x / n, n))
    assert res.kind == "p_prime" and res.center == pytest.approx(50.0)
    assert res.sigma_z == pytest.approx(1.956655, abs=1e-6)
    assert res.points["ucl"].iloc[0] == pytest.approx(100 * (0.5 + 0.293498), abs=1e-4)
    assert res.points["lcl"].iloc[0] == pytest.approx(100 * (0.5 - 0.293498), abs=1e-4)
    # The same from the definition with numpy, for every period.
    p_bar = x.sum() / n.sum()
    sigma_p = np.sqrt(p_bar * (1 - p_bar) / n)
    z = (x / n - p_bar) / sigma_p
    sigma_z = np.abs(np.diff(z)).mean() / 1.128
    np.testing.assert_allclose(res.points["ucl"], 100 * np.minimum(p_bar + 3 * sigma_p * sigma_z, 1), rtol=1e-12)
    np.testing.assert_allclose(res.points["lcl"], 100 * np.maximum(p_bar - 3 * sigma_p * sigma_z, 0), rtol=1e-12)
    np.testing.assert_allclose(res.points["z"], z / sigma_z, rtol=1e-12)     # z in p′ sigmas
    # the plain p chart on the same data: limits without σ_z, z in binomial sigmas
    plain = p_chart(table(100 * x / n, n))
    np.testing.assert_allclose(plain.points["ucl"], 100 * np.minimum(p_bar + 3 * sigma_p, 1), rtol=1e-12)
    np.testing.assert_allclose(plain.points["z"], z, rtol=1e-12)


def test_laney_sigma_z_near_one_without_over_dispersion_and_large_with_it():
    rng = np.random.default_rng(7)
    n = rng.integers(3000, 6000, size=400)
    binomial = rng.binomial(n, 0.8)
    # Truly binomial periods: the moving-range estimate of z's spread is ≈ 1 (over 200 seeds its
    # mean is 1.001 and its sd 0.046 at 400 periods), so p′ gives the p chart's limits.
    assert laney_sigma_z((binomial / n - 0.8) / np.sqrt(0.16 / n)) == pytest.approx(1.0, abs=0.15)
    res = laney_p_chart(table(100 * binomial / n, n))
    assert res.sigma_z == pytest.approx(1.0, abs=0.15)
    # Each period's own rate drawn around 0.8 (sd 0.02): at n ≈ 4500 the binomial sd is 0.006, so
    # σ_z ≈ √(0.02² + 0.006²) / 0.006 ≈ 3.5; the p chart flags a large share of the periods, p′ few.
    rates = np.clip(rng.normal(0.8, 0.02, size=400), 0, 1)
    spread = rng.binomial(n, rates)
    laney, plain = laney_p_chart(table(100 * spread / n, n)), p_chart(table(100 * spread / n, n))
    assert 2.8 < laney.sigma_z < 4.2
    assert plain.points["out"].notna().mean() > 0.3
    assert laney.points["out"].notna().mean() < 0.02


def test_laney_needs_two_periods_and_spread():
    assert laney_p_chart(table([80.0], [100])).problem
    assert laney_p_chart(table([100.0, 100.0], [10, 20])).problem     # p̄ = 1: no spread to measure


# --- run rules -----------------------------------------------------------------------------------
def fired(z, values=None, convention="nelson"):
    """{rule: [positions where it fired]} for the rules that fired anywhere."""
    rules = run_rules(np.asarray(z, float), None if values is None else np.asarray(values, float), convention)
    return {rule: np.flatnonzero(rules[rule]).tolist() for rule in rules if rules[rule].any()}


def test_one_point_beyond_three_sigma_only():
    assert fired([0.1, -0.2, 0.3, 3.5, -0.1, 0.2]) == {"beyond_3sigma": [3]}
    assert fired([0.1, -3.01, 0.3]) == {"beyond_3sigma": [1]}
    assert fired([0.1, 3.0, 0.3]) == {}                 # on the limit is not beyond it


def test_two_of_three_beyond_two_sigma_only():
    # 2.2 and 2.3 are two of the three points 2–4, same side: the rule fires at 4 (the second).
    assert fired([0.5, -0.5, 2.2, 0.4, 2.3, -0.3]) == {"two_of_three_beyond_2sigma": [4]}
    # opposite sides do not make the pattern; three apart (2.2 … 2.3 at distance 3) neither
    assert fired([0.5, 2.2, -2.3, 0.1]) == {}
    assert fired([2.2, 0.1, -0.1, 2.3]) == {}


def test_four_of_five_beyond_one_sigma_only():
    # beyond +1σ at 2, 3, 5, 6: four of the five points 2–6, fired at 6.
    assert fired([0.2, -0.3, 1.5, 1.2, 0.5, 1.8, 1.4, -0.5]) == {"four_of_five_beyond_1sigma": [6]}
    assert fired([1.5, -1.2, 1.5, -1.8, 1.4]) == {}   # alternating sides


def test_run_on_one_side_eight_for_western_electric_nine_for_nelson():
    # Eight points above the centre (1–8), alternating up and down so that no trend forms.
    eight = [-0.5, 0.3, 0.5, 0.2, 0.6, 0.4, 0.7, 0.1, 0.3, -0.2]
    assert fired(eight, convention="western_electric") == {"run_one_side": [8]}
    assert fired(eight, convention="nelson") == {}
    nine = [-0.5, 0.3, 0.5, 0.2, 0.6, 0.4, 0.7, 0.1, 0.3, 0.2, -0.2]
    assert fired(nine, convention="nelson") == {"run_one_side": [9]}
    assert fired(nine, convention="western_electric") == {"run_one_side": [8, 9]}   # and the point continuing it
    # a point on the centre line breaks the run
    assert fired([0.3, 0.5, 0.2, 0.6, 0.0, 0.4, 0.7, 0.1, 0.3], convention="western_electric") == {}


def test_six_in_a_row_rising_only():
    assert fired([-0.5, -0.4, -0.2, 0.0, 0.3, 0.6, 0.2]) == {"trend": [5]}
    assert fired([0.6, 0.3, 0.0, -0.2, -0.4, -0.5, 0.2]) == {"trend": [5]}
    assert fired([-0.5, -0.4, -0.2, -0.2, 0.3, 0.6, 0.2]) == {}        # a tie breaks the trend
    # the trend reads the plotted values, not z: z flat, values rising
    assert fired(np.zeros(6), values=[1, 2, 3, 4, 5, 6]) == {"trend": [5]}


def test_rules_unknown_convention_and_nan():
    with pytest.raises(ValueError):
        run_rules(np.zeros(3), convention="mine")
    assert fired([np.nan, 3.5, np.nan]) == {"beyond_3sigma": [1]}


def test_charts_carry_the_rules_per_point():
    # XmR: x = 10, 12, 11, 13, 30 (hand-worked above): z of 30 = (30 − 15.2) / (2.66 × 5.5 / 3) = 3.035.
    res = xmr_chart(table([10.0, 12.0, 11.0, 13.0, 30.0], [40] * 5))
    assert res.points["z"].iloc[-1] == pytest.approx((30 - 15.2) / (2.66 * 5.5 / 3))
    assert res.points["rules"].tolist() == [(), (), (), (), ("beyond_3sigma",)]
    assert res.signals["period"].tolist() == ["P4"]
    # the p chart's beyond-3σ points are exactly its points outside the limits
    n = np.array([200, 50, 400, 100, 300])
    x = np.array([150, 25, 300, 95, 225])
    res = p_chart(table(100 * x / n, n))
    beyond = ["beyond_3sigma" in r for r in res.points["rules"]]
    assert beyond == res.points["out"].notna().tolist() == [False, True, False, True, False]
