"""'Is it really skewed?': the goodness-of-fit test against scipy, the verdicts, and Wilkinson's
acceptance intervals against the exact distribution of the larger of two binomial counts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.pareto import chi_square_equal_shares, pareto, skew_test


def counts(values: list[int]) -> pd.Series:
    return pd.Series(values, index=[f"c{i}" for i in range(len(values))])


@pytest.mark.parametrize("values", [[542, 323, 213, 198], [50, 50, 50, 50, 50], [7, 3, 1, 1, 0, 2], [30, 10]])
def test_goodness_of_fit_matches_scipy(values):
    statistic, dof, p = chi_square_equal_shares(np.array(values))
    reference = stats.chisquare(values)                    # expected defaults to equal shares
    assert statistic == pytest.approx(reference.statistic)
    assert p == pytest.approx(reference.pvalue)
    assert dof == len(values) - 1


def test_dissatisfaction_reasons_of_seed_003_are_skewed():
    # 003: unresolved 542, too slow 323, attitude 213, unreasonable solution 198 (1,276 responses).
    s = skew_test(counts([542, 323, 213, 198]))
    reference = stats.chisquare([542, 323, 213, 198])
    assert s.chi2 == pytest.approx(reference.statistic) and s.p == pytest.approx(reference.pvalue)
    assert s.top_n == 1                                    # top 20 % of 4 causes, rounded up
    assert s.top_share == pytest.approx(542 / 1276) and s.top_expected == pytest.approx(0.25)
    assert s.verdict == "skewed"                           # .425 >= 1.5 × .25
    assert s.ranks["above"].iloc[0]                        # the top cause is outside its interval


def test_equal_counts_are_called_uniform():
    s = skew_test(counts([50] * 5))
    assert s.verdict == "uniform" and s.p == pytest.approx(1.0) and s.chi2 == 0
    # The largest of five equal counts is within what chance gives the largest (the smallest one is
    # above its band: exactly equal counts are flatter than chance, which is no Pareto either).
    assert not s.ranks["above"].iloc[0]


def test_significant_but_flat_mix_is_weak():
    s = skew_test(counts([2300, 2000, 2000, 1900, 1800]))
    assert s.p < 1e-6 and s.verdict == "weak"              # top share .23 vs .20: no vital few
    assert s.vital_n == 4


def test_too_little_data():
    assert skew_test(counts([12])).verdict == "insufficient"
    assert skew_test(counts([3, 2])).verdict == "insufficient"


def test_small_expected_counts_use_the_monte_carlo_p():
    s = skew_test(counts([9, 1, 1, 1, 0, 1, 1, 1, 1, 1]), reps=2000)   # n/k < 5 (zero cause dropped)
    assert s.k == 9 and s.p_used == s.p_mc
    assert 0 < s.p_mc < 0.01 and s.verdict == "skewed"


def test_pareto_result_is_tested_on_unfolded_counts():
    frame = pd.DataFrame({"category": pd.array(["a"] * 60 + ["b"] * 20 + list("cdefghij") * 2, dtype="str")})
    r = pareto(frame, "category", other_below=0.05, weight=pd.Series(1.0, index=frame.index))
    s = skew_test(r)
    assert s.k == 10 and s.n == 96


def test_wilkinson_interval_for_two_causes_matches_the_exact_distribution():
    # With two equal causes, the larger count M = max(X, n − X), X ~ Binomial(n, ½), and
    # P(M ≤ m) = P(n − m ≤ X ≤ m). Its 2.5 % and 97.5 % quantiles bound rank 1.
    n = 200
    s = skew_test(counts([110, 90]), reps=4000, seed=1)
    m = np.arange(n // 2, n + 1)
    cdf = stats.binom.cdf(m, n, 0.5) - stats.binom.cdf(n - m - 1, n, 0.5)
    lower, upper = m[np.argmax(cdf >= 0.025)], m[np.argmax(cdf >= 0.975)]
    assert abs(s.ranks["lower"].iloc[0] - lower) <= 1
    assert abs(s.ranks["upper"].iloc[0] - upper) <= 1
    # The smaller count mirrors it: rank 2 interval = n − rank 1 interval.
    assert s.ranks["upper"].iloc[1] == pytest.approx(n - s.ranks["lower"].iloc[0])


@pytest.mark.parametrize("values", [[542, 323, 213, 198], [50] * 5, [2300, 2000, 2000, 1900, 1800], [3, 2]])
def test_every_verdict_formats_in_both_languages(values):
    from i18n import t
    s = skew_test(counts(values))
    for lang in ("en", "zh"):
        text = t(f"pareto.skew.{s.verdict}", lang, **s.message_args())
        assert text != f"pareto.skew.{s.verdict}" and "{" not in text
