"""Relative importance (LMG / Shapley, Johnson's weights) against brute force and published values."""
from __future__ import annotations

from itertools import permutations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.importance import (ImportanceError, bootstrap_corr, distinct_rows, johnson_from_corr, lmg_from_corr,
                                 relative_importance)

FIXTURES = Path(__file__).parent / "fixtures"


def _ols_r2(frame: pd.DataFrame, outcome: str, drivers: list[str]) -> float:
    if not drivers:
        return 0.0
    return sm.OLS(frame[outcome], sm.add_constant(frame[list(drivers)])).fit().rsquared


def _lmg_brute_force(frame: pd.DataFrame, outcome: str, drivers: list[str]) -> dict[str, float]:
    """Average over ALL entry orders of each driver's sequential R² gain, each R² a statsmodels OLS."""
    gains = dict.fromkeys(drivers, 0.0)
    orders = list(permutations(drivers))
    cache: dict[frozenset, float] = {}

    def r2(subset):
        key = frozenset(subset)
        if key not in cache:
            cache[key] = _ols_r2(frame, outcome, sorted(subset))
        return cache[key]

    for order in orders:
        for i, name in enumerate(order):
            gains[name] += r2(order[: i + 1]) - r2(order[:i])
    return {k: v / len(orders) for k, v in gains.items()}


def test_lmg_matches_brute_force_over_all_orderings():
    rng = np.random.default_rng(7)
    n = 80
    base = rng.normal(size=(n, 4))
    x = base @ np.array([[1, .5, .2, 0], [0, 1, .4, .3], [0, 0, 1, .6], [0, 0, 0, 1]])  # correlated drivers
    frame = pd.DataFrame(x, columns=["速度", "attitude", "skill", "wait"])
    frame["y"] = x @ np.array([0.8, 0.3, -0.5, 0.2]) + rng.normal(size=n)
    drivers = ["速度", "attitude", "skill", "wait"]
    expected = _lmg_brute_force(frame, "y", drivers)
    result = relative_importance(frame, "y", drivers, method="lmg", boot=0)
    got = dict(zip(result.table["driver"], result.table["importance"]))
    for name in drivers:
        assert got[name] == pytest.approx(expected[name], abs=1e-10)
    assert result.r2 == pytest.approx(_ols_r2(frame, "y", drivers), abs=1e-12)
    assert result.table["importance"].sum() == pytest.approx(result.r2, abs=1e-12)


def test_lmg_swiss_matches_relaimpo():
    # relaimpo vignette v1.0 (Groemping 2006, JSS 17(1)), calc.relimp(swiss, type="lmg"), R² 0.7067
    published = {"Agriculture": 0.05709122, "Examination": 0.17117303, "Education": 0.26013468,
                 "Catholic": 0.10557015, "Infant.Mortality": 0.11276592}
    swiss = pd.read_csv(FIXTURES / "drivers_swiss.csv")
    result = relative_importance(swiss, "Fertility", list(published), method="lmg", boot=0)
    got = dict(zip(result.table["driver"], result.table["importance"]))
    for name, value in published.items():
        assert got[name] == pytest.approx(value, abs=5e-8)
    assert result.r2 == pytest.approx(0.7067, abs=5e-5)
    assert result.n == 47
    assert list(result.table["driver"]) == ["Education", "Examination", "Infant.Mortality", "Catholic",
                                            "Agriculture"]


def test_lmg_mtcars_matches_relaimpo():
    # jluchman/domir README: relaimpo::calc.relimp(mpg ~ am + vs + cyl, data=mtcars, type="lmg")
    published = {"am": 0.1774892, "vs": 0.2027032, "cyl": 0.3817849}
    mtcars = pd.read_csv(FIXTURES / "drivers_mtcars.csv")
    result = relative_importance(mtcars, "mpg", list(published), boot=0)
    assert result.method == "lmg"
    got = dict(zip(result.table["driver"], result.table["importance"]))
    for name, value in published.items():
        assert got[name] == pytest.approx(value, abs=5e-7)
    assert result.r2 == pytest.approx(0.7619773, abs=5e-7)


def test_johnson_mtcars_matches_rwa():
    # martinctc/rwa README: rwa(mtcars, "mpg", c("cyl","disp","hp","gear")): raw weights, R² 0.7791896
    published = {"cyl": 0.2284797, "disp": 0.2221469, "hp": 0.2321744, "gear": 0.0963886}
    rescaled_pct = {"cyl": 29.32274, "disp": 28.50999, "hp": 29.79691, "gear": 12.37037}
    mtcars = pd.read_csv(FIXTURES / "drivers_mtcars.csv")
    result = relative_importance(mtcars, "mpg", list(published), method="johnson", boot=0)
    assert result.method == "johnson"
    table = result.table.set_index("driver")
    for name, value in published.items():
        assert table.loc[name, "importance"] == pytest.approx(value, abs=5e-7)
        assert 100 * table.loc[name, "share"] == pytest.approx(rescaled_pct[name], abs=5e-5)
    assert result.r2 == pytest.approx(0.7791896, abs=5e-7)
    # cyl, disp, hp are strongly collinear in mtcars: VIF > 5 flags them
    assert set(table.index[table["high_vif"]]) == {"cyl", "disp", "hp"}
    assert result.notes == ["drivers_note_vif"]


def test_auto_switches_to_johnson_beyond_twelve_and_shares_sum_to_r2():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 13))
    frame = pd.DataFrame(x, columns=[f"d{i}" for i in range(13)])
    frame["y"] = x[:, :3].sum(axis=1) + rng.normal(size=300)
    result = relative_importance(frame, "y", [f"d{i}" for i in range(13)], boot=0)
    assert result.method == "johnson"
    assert result.table["importance"].sum() == pytest.approx(result.r2, abs=1e-10)
    with pytest.raises(ImportanceError):
        relative_importance(frame, "y", [f"d{i}" for i in range(13)], method="lmg")


def test_johnson_close_to_lmg_and_equal_for_uncorrelated_drivers():
    # with orthogonal drivers both decompositions give each driver its squared correlation
    corr = np.eye(4)
    corr[0, 1:] = corr[1:, 0] = [0.5, 0.3, 0.1]
    assert np.allclose(lmg_from_corr(corr), [0.25, 0.09, 0.01])
    assert np.allclose(johnson_from_corr(corr), [0.25, 0.09, 0.01])


def test_bootstrap_is_seeded_and_covers_the_estimate():
    swiss = pd.read_csv(FIXTURES / "drivers_swiss.csv")
    drivers = ["Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality"]
    a = relative_importance(swiss, "Fertility", drivers, boot=60, seed=3)
    b = relative_importance(swiss, "Fertility", drivers, boot=60, seed=3)
    pd.testing.assert_frame_equal(a.table, b.table)
    t = a.table
    assert (t["ci_low"] <= t["importance"]).all() and (t["importance"] <= t["ci_high"]).all()
    assert (t["ci_low"] >= 0).all()


def test_bootstrap_corr_equals_correlation_of_resampled_rows():
    # the weighted-moment shortcut must equal np.corrcoef on the explicitly resampled rows
    rng = np.random.default_rng(0)
    data = rng.normal(size=(50, 3))
    stack = bootstrap_corr(data, boot=5, seed=11)
    draws = np.random.default_rng(11).integers(0, 50, size=(5, 50))
    for b in range(5):
        assert np.allclose(stack[b], np.corrcoef(data[draws[b]], rowvar=False))


def test_distinct_rows_are_numpy_unique_rows_with_their_counts():
    rng = np.random.default_rng(1)
    data = rng.integers(1, 6, size=(3000, 4)).astype(float)
    data[::7, 2] = 2.5                                     # a non-integer code too
    rows, counts = distinct_rows(data)
    expected_rows, expected_counts = np.unique(data, axis=0, return_counts=True)
    assert np.array_equal(rows, expected_rows) and np.array_equal(counts, expected_counts)


def test_bootstrap_over_distinct_ratings_has_the_spread_of_resampled_rows():
    # 1–5 ratings repeat a few patterns: the bootstrap draws patterns (multinomial), which must
    # spread like drawing the rows themselves (np.corrcoef of explicit resamples)
    rng = np.random.default_rng(5)
    latent = rng.normal(size=(4000, 1))
    data = np.clip(np.round(3 + latent + rng.normal(size=(4000, 3))), 1, 5)
    stack = bootstrap_corr(data, boot=400, seed=2)
    picks = np.random.default_rng(9).integers(0, len(data), size=(400, len(data)))
    explicit = np.array([np.corrcoef(data[p], rowvar=False) for p in picks])
    sample = np.corrcoef(data, rowvar=False)
    for a, b in ((0, 1), (0, 2), (1, 2)):
        assert abs(stack[:, a, b].mean() - sample[a, b]) < 0.005
        # the SD of a 400-replicate bootstrap is itself uncertain by about 1/sqrt(2*400) = 3.5 %
        assert stack[:, a, b].std() == pytest.approx(explicit[:, a, b].std(), rel=0.15)


def test_guards_raise_typed_errors():
    frame = pd.DataFrame({"y": np.arange(8.0), "a": np.arange(8.0) % 3})
    with pytest.raises(ImportanceError, match="too few"):
        relative_importance(frame, "y", ["a"])
    frame = pd.DataFrame({"y": np.arange(30.0), "a": 1.0, "b": np.arange(30.0) % 4})
    with pytest.raises(ImportanceError, match="constant"):
        relative_importance(frame, "y", ["a", "b"])
    frame = pd.DataFrame({"y": np.arange(30.0) % 7, "a": np.arange(30.0), "b": 2 * np.arange(30.0)})
    with pytest.raises(ImportanceError, match="collinear"):
        relative_importance(frame, "y", ["a", "b"])
    mixed = pd.DataFrame({"y": np.arange(30.0) % 7, "a": np.arange(30.0) % 5, "b": np.arange(30.0) % 3})
    mixed.loc[:4, "a"] = np.nan
    result = relative_importance(mixed, "y", ["a", "b"], boot=0)
    assert result.n == 25 and result.excluded == {"missing_value": 5}
