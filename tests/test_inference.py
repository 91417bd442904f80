"""The shared Wilson interval and Holm correction, against the formulas written out here and
against statsmodels."""
import math

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from analysis.inference import holm, wilson_interval


@pytest.mark.parametrize("k,n", [(30, 40), (0, 12), (12, 12), (1, 3), (523, 1000)])
def test_wilson_by_the_formula(k, n):
    # centre = (p + z²/2n) / (1 + z²/n), half-width = z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n)
    z, p = 1.959963984540054, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low, high = wilson_interval(k, n)
    assert low[0] == pytest.approx(centre - half, abs=1e-12)
    assert high[0] == pytest.approx(centre + half, abs=1e-12)


def test_wilson_empty_is_nan_and_vectorised():
    low, high = wilson_interval([0, 5], [0, 10])
    assert np.isnan(low[0]) and np.isnan(high[0]) and low[1] < 0.5 < high[1]


def test_holm_step_down_by_hand_and_against_statsmodels():
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.5, 0.04])
    # Sorted: 0.005·6=0.03, 0.01·5=0.05, 0.03·4=0.12, 0.04·3=0.12, 0.04·2=0.08→0.12 (monotone), 0.5·1=0.5
    assert holm(p).tolist() == pytest.approx([0.05, 0.12, 0.12, 0.03, 0.5, 0.12])
    assert np.allclose(holm(p), multipletests(p, method="holm")[1])
