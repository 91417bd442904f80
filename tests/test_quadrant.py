"""The importance × performance quadrant with intervals: a driver whose interval contains its
split is undecided, not assigned a quadrant. Intervals checked against statsmodels / scipy."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

from analysis.drivers import importance_performance
from analysis.quadrant import performance_table, place


def test_performance_interval_is_the_student_t_interval_of_the_mean():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.integers(1, 6, 40).astype(float), "b": rng.integers(2, 6, 40).astype(float)})
    frame.loc[::5, "b"] = np.nan
    table = performance_table(frame, ["a", "b"]).set_index("driver")
    for name in ("a", "b"):
        values = frame[name].dropna().to_numpy()
        low, high = DescrStatsW(values).tconfint_mean(alpha=0.05)
        assert table.loc[name, "performance"] == pytest.approx(values.mean(), abs=1e-12)
        assert (table.loc[name, "low"], table.loc[name, "high"]) == (pytest.approx(low, abs=1e-12),
                                                                     pytest.approx(high, abs=1e-12))
        assert table.loc[name, "n"] == len(values)


def test_top2_performance_has_the_wilson_interval():
    frame = pd.DataFrame({"a": [1, 2, 4, 5, 5, 3, 4, 2, 1, 5.]})
    row = performance_table(frame, ["a"], kind="top2", top=[4, 5]).iloc[0]
    assert row["performance"] == pytest.approx(0.5)
    low, high = proportion_confint(5, 10, method="wilson")
    assert (row["low"], row["high"]) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


def _importance(values: dict, half: float | None) -> pd.DataFrame:
    imp = pd.Series(values)
    return pd.DataFrame({"driver": imp.index, "importance": imp.to_numpy(),
                         "ci_low": imp.to_numpy() - half if half is not None else np.nan,
                         "ci_high": imp.to_numpy() + half if half is not None else np.nan})


def test_a_mean_within_noise_of_the_split_is_undecided():
    # four ratings on 400 responses each: three close to the average of the means, one far below
    rng = np.random.default_rng(1)
    n = 400
    base = rng.integers(1, 6, n).astype(float)
    frame = pd.DataFrame({"speed": base, "skill": np.roll(base, 1), "wait": np.roll(base, 2),
                          "decor": np.clip(np.roll(base, 3) - 1, 1, 5)})
    perf = performance_table(frame, list(frame.columns)).set_index("driver")
    split = perf["performance"].mean()
    # by hand: speed/skill/wait have the same mean (rolled copies), above the split by about a
    # quarter point; their t half-width is t(399)·s/√400 ≈ 0.14
    importance = _importance({"speed": 0.30, "skill": 0.25, "wait": 0.05, "decor": 0.02}, half=0.01)
    q = place(importance, perf.reset_index()).set_index("driver")
    for name in ("speed", "skill", "wait"):
        assert perf.loc[name, "low"] > split                        # whole interval above the line
    assert perf.loc["decor", "high"] < split
    assert q["quadrant"].to_dict() == {"speed": "keep_up", "skill": "keep_up", "wait": "possible_overkill",
                                       "decor": "low_priority"}
    # the same drivers with means 0.01 apart: every interval contains the split -> undecided
    close = pd.DataFrame({"driver": ["speed", "skill", "wait", "decor"],
                          "performance": [4.126, 4.115, 4.118, 4.109], "low": [4.108, 4.097, 4.100, 4.091],
                          "high": [4.144, 4.133, 4.136, 4.127], "n": 12_000})
    q = place(importance, close).set_index("driver")
    assert (q["quadrant"] == "undecided").all()
    assert (q["performance_side"] == "undecided").all()
    assert q["importance_side"].to_dict() == {"speed": "high", "skill": "high", "wait": "low", "decor": "low"}


def test_importance_interval_across_its_split_is_undecided_and_bounds_count_as_containing():
    perf = pd.DataFrame({"driver": list("abcd"), "performance": [3.0, 4.5, 3.0, 4.5],
                         "low": [2.9, 4.4, 2.9, 4.4], "high": [3.1, 4.6, 3.1, 4.6], "n": 100})
    # split = mean importance = 0.15; b's interval [0.10, 0.20] contains it; d's ends exactly on it
    importance = pd.DataFrame({"driver": list("abcd"), "importance": [0.30, 0.15, 0.05, 0.10],
                               "ci_low": [0.25, 0.10, 0.02, 0.05], "ci_high": [0.35, 0.20, 0.08, 0.15]})
    q = place(importance, perf).set_index("driver")
    assert q["importance_split"].iloc[0] == pytest.approx(0.15)
    assert q["importance_side"].to_dict() == {"a": "high", "b": "undecided", "c": "low", "d": "undecided"}
    assert q["quadrant"].to_dict() == {"a": "fix_first", "b": "undecided", "c": "low_priority", "d": "undecided"}


def test_without_intervals_the_point_decides_as_before():
    importance = pd.Series({"speed": 0.30, "skill": 0.25, "wait": 0.05, "decor": 0.02})
    performance = pd.Series({"speed": 3.1, "skill": 4.6, "wait": 3.0, "decor": 4.8})
    q = importance_performance(importance, performance).set_index("driver")["quadrant"]
    assert q.to_dict() == {"speed": "fix_first", "skill": "keep_up", "wait": "low_priority",
                           "decor": "possible_overkill"}
