"""Tests of analysis/compare.py against scipy/statsmodels on the same counts and against published
values (sources in tests/fixtures/periods_SOURCES.md)."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.stats.contingency import association
from statsmodels.stats.proportion import proportions_ztest

from analysis.compare import (chi_square_mix, cohens_d, cohens_h, holm, k_proportions_test, mann_whitney,
                              nps_mix, poisson_rates, test_for_kind, two_proportion_test, welch)

FIXTURES = Path(__file__).parent / "fixtures"


def test_two_proportion_z_matches_statsmodels_docstring():
    # statsmodels proportions_ztest docstring / test_proportion.py: count [5, 12], nobs [83, 99]
    res = two_proportion_test(5, 83, 12, 99)
    assert res.statistic == pytest.approx(-1.4078304151258787, rel=1e-10)
    assert res.p_value == pytest.approx(0.15918129181156992, rel=1e-10)
    assert res.test == "two_proportion_z"
    # Cohen's h by hand: 2·asin(√p1) − 2·asin(√p2)
    assert res.effect_size == pytest.approx(2 * np.arcsin(np.sqrt(5 / 83)) - 2 * np.arcsin(np.sqrt(12 / 99)))
    # 5 successes of 83: expected count under the pool is ~7.7 ≥ 5 but n ≥ 30, so a test is possible
    assert res.too_small is False


def test_two_proportion_z_is_the_pooled_normal_test_by_hand():
    x1, n1, x2, n2 = 340, 400, 300, 400
    p = (x1 + x2) / (n1 + n2)
    z = (x1 / n1 - x2 / n2) / np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    res = two_proportion_test(x1, n1, x2, n2)
    assert res.statistic == pytest.approx(z)
    assert res.p_value == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert res.statistic == pytest.approx(proportions_ztest([x1, x2], [n1, n2])[0])


def test_k_sample_proportions_match_r_prop_test_smokers():
    # R ?prop.test: smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82)
    res = k_proportions_test([83, 90, 129, 70], [86, 93, 136, 82])
    assert res.statistic == pytest.approx(12.6, abs=0.05)       # R prints X-squared = 12.6
    assert res.p_value == pytest.approx(0.005585, rel=1e-3)
    res2 = k_proportions_test([73, 90, 114, 75], [86, 93, 136, 82])
    assert res2.statistic == pytest.approx(11.11938768628861, rel=1e-9)
    assert res2.p_value == pytest.approx(0.011097511366581344, rel=1e-9)


def test_pairwise_two_by_two_matches_stored_r_results():
    # statsmodels test_proportion.py stores R's pairwise p-values without continuity correction;
    # the 2 × 2 chi-square and the pooled two-proportion z are the same test (z² = χ²)
    for (x1, n1, x2, n2), p in [((73, 86, 90, 93), 0.00533824886503131),
                                ((73, 86, 114, 136), 0.8327574849753566),
                                ((90, 93, 75, 82), 0.1309487516334318)]:
        res = chi_square_mix([[x1, n1 - x1], [x2, n2 - x2]])
        assert res.p_value == pytest.approx(p, rel=1e-9)
        z = two_proportion_test(x1, n1, x2, n2)
        assert z.p_value == pytest.approx(p, rel=1e-9)
        assert z.statistic ** 2 == pytest.approx(res.statistic)
    # Yates' correction (R prop.test's default) makes the 2 × 2 test more conservative
    corrected = chi_square_mix([[73, 13], [90, 3]], correction=True)
    assert corrected.p_value > 0.00533824886503131


def test_welch_matches_r_t_test_on_sleep():
    sleep = pd.read_csv(FIXTURES / "periods_sleep.csv")
    g1, g2 = sleep.loc[sleep.group == 1, "extra"], sleep.loc[sleep.group == 2, "extra"]
    res = welch(g1, g2)
    # R: t = -1.8608, df = 17.776, p-value = 0.07939
    assert res.statistic == pytest.approx(-1.8608, abs=5e-5)
    assert res.p_value == pytest.approx(0.07939, abs=5e-6)
    assert res.test == "welch_t"
    # Cohen's d by hand with the pooled SD
    s1, s2 = g1.std(), g2.std()
    pooled = np.sqrt((9 * s1 ** 2 + 9 * s2 ** 2) / 18)
    assert res.effect_size == pytest.approx((0.75 - 2.33) / pooled)
    assert res.too_small is True            # 10 per group


def test_mann_whitney_matches_scipy_and_rank_biserial_counts_pairs():
    rng = np.random.default_rng(3)
    a, b = rng.lognormal(2.2, 0.6, 60), rng.lognormal(2.0, 0.6, 70)
    a[:5] = b[:5]                            # some ties
    res = mann_whitney(a, b)
    ref = stats.mannwhitneyu(a, b, alternative="two-sided")
    assert res.p_value == pytest.approx(ref.pvalue)
    diff = np.subtract.outer(a, b)
    share = ((diff > 0).sum() + 0.5 * (diff == 0).sum()) / diff.size
    assert res.effect_size == pytest.approx(2 * share - 1)


def test_chi_square_mix_and_cramers_v_match_scipy():
    table = np.array([[120, 90, 40, 10], [100, 110, 30, 25]])
    res = chi_square_mix(table)
    chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
    assert res.statistic == pytest.approx(chi2) and res.p_value == pytest.approx(p)
    assert res.effect_size == pytest.approx(association(table, method="cramer"))
    assert (res.n1, res.n2) == (260, 265)


def test_nps_change_is_tested_on_the_nps_itself():
    cur = np.array([10, 9, 9, 8, 7, 3, 10, 10, 6, 9] * 5, dtype=float)
    prev = np.array([10, 5, 4, 8, 7, 3, 9, 6, 6, 9] * 5, dtype=float)
    assert nps_mix(cur).tolist() == [10, 10, 30]
    res = test_for_kind("nps", cur, prev)
    # by hand: NPS 40 (30 promoters, 10 detractors of 50) against −20 (15 and 25 of 50): +60
    # points; the variance of each is (p+ + p- − (p+ − p-)²)/n
    v1 = (30 / 50 + 10 / 50 - (20 / 50) ** 2) / 50
    v2 = (15 / 50 + 25 / 50 - (10 / 50) ** 2) / 50
    se = 100 * np.sqrt(v1 + v2)
    assert res.test == "nps_difference_z" and res.effect_size == pytest.approx(60.0)
    assert res.p_value == pytest.approx(2 * stats.norm.sf(60 / se))
    assert (res.ci_low, res.ci_high) == pytest.approx((60 - 1.959964 * se, 60 + 1.959964 * se), rel=1e-5)


def test_an_unchanged_nps_with_a_new_mix_is_no_change():
    # issue 15: NPS 0 → 0 read "down, p 6e-6" from a chi-square on the mix
    cur = np.array([10] * 300 + [0] * 300, dtype=float)        # 50 % promoters, 50 % detractors
    prev = np.array([8] * 600, dtype=float)                    # all passives
    res = test_for_kind("nps", cur, prev)
    assert res.effect_size == 0 and res.p_value == pytest.approx(1.0)
    assert res.ci_low < 0 < res.ci_high


def test_proportion_change_has_newcombes_interval():
    # Newcombe (1998) method 10, hybrid score, computed from the two Wilson intervals by hand
    x1, n1, x2, n2 = 56, 70, 48, 80
    z = stats.norm.ppf(0.975)

    def wilson(x, n):
        p = x / n
        mid = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return mid - half, mid + half
    (l1, u1), (l2, u2) = wilson(x1, n1), wilson(x2, n2)
    p1, p2 = x1 / n1, x2 / n2
    lo = p1 - p2 - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = p1 - p2 + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    res = two_proportion_test(x1, n1, x2, n2)
    assert (res.ci_low, res.ci_high) == pytest.approx((100 * lo, 100 * hi), rel=1e-6)


def test_mean_change_has_welchs_interval():
    a = np.array([4, 5, 3, 4, 5, 5, 2, 4], dtype=float)
    b = np.array([3, 2, 4, 3, 1, 2, 3], dtype=float)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))      # Welch–Satterthwaite
    half = stats.t.ppf(0.975, df) * np.sqrt(va + vb)
    res = test_for_kind("mean", a, b)
    d = a.mean() - b.mean()
    assert (res.ci_low, res.ci_high) == pytest.approx((d - half, d + half))


def test_p90_is_judged_on_the_p90_not_on_the_whole_distribution():
    # issue 15: the same bulk, a longer tail. Mann–Whitney sees the bulk (p large); the P90 moved.
    rng = np.random.default_rng(3)
    bulk = rng.uniform(0, 10, 800)
    before = np.concatenate([bulk[:400], rng.uniform(10, 11, 100)])
    after = np.concatenate([bulk[400:], rng.uniform(18, 20, 100)])
    assert stats.mannwhitneyu(after, before).pvalue > 0.05
    res = test_for_kind("p90", after, before)
    assert res.test == "quantile_bootstrap"
    assert res.effect_size == pytest.approx(np.quantile(after, 0.9) - np.quantile(before, 0.9))
    assert res.p_value < 0.05 and res.ci_low > 0


def test_quantile_difference_p_agrees_with_its_interval():
    rng = np.random.default_rng(5)
    for shift in (0.0, 0.2, 0.5, 1.0):
        a, b = rng.lognormal(1 + shift, 1, 300), rng.lognormal(1, 1, 300)
        res = test_for_kind("median", a, b)
        assert (res.p_value < 0.05) == (res.ci_low > 0 or res.ci_high < 0)


def test_quantile_difference_interval_covers_at_large_n():
    # above BOOT_MAX_N per side: the normal approximation; its interval covers the true change
    from analysis.compare import BOOT_MAX_N
    rng = np.random.default_rng(11)
    true = stats.expon.ppf(0.9, scale=2) - stats.expon.ppf(0.9, scale=1)
    covered = 0
    for _ in range(40):
        res = test_for_kind("p90", rng.exponential(2, BOOT_MAX_N * 2), rng.exponential(1, BOOT_MAX_N * 2))
        covered += res.ci_low <= true <= res.ci_high
    assert covered >= 34          # 95 % of 40 is 38; Binomial(40, 0.95) ≥ 34 with probability > 0.99


def test_a_period_without_tickets_gets_no_p_value():
    res = test_for_kind("count", np.ones(40), np.array([]), days=(30, 31))
    assert res.p_value is None and res.too_small


def test_poisson_rates_score_test_by_hand():
    c1, e1, c2, e2 = 620, 31.0, 540, 30.0
    pooled = (c1 + c2) / (e1 + e2)
    z = (c1 / e1 - c2 / e2) / np.sqrt(pooled * (1 / e1 + 1 / e2))
    res = poisson_rates(c1, e1, c2, e2)
    assert res.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-6)
    assert res.effect_size == pytest.approx((c1 / e1) / (c2 / e2))


def test_dispatch_by_kind():
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 2, 200).astype(float), rng.integers(0, 2, 200).astype(float)
    assert test_for_kind("proportion", a, b).test == "two_proportion_z"
    assert test_for_kind("median", a + 1, b).test == "quantile_bootstrap"
    assert test_for_kind("p90", a + 1, b).test == "quantile_bootstrap"
    assert test_for_kind("nps", a * 10, b * 10).test == "nps_difference_z"
    assert test_for_kind("mean", a, b).test == "welch_t"
    assert test_for_kind("count", a, b, days=(30, 31)).test == "poisson_rate"
    with pytest.raises(ValueError):
        test_for_kind("nonsense", a, b)


def test_guards_give_none_and_a_problem_not_nan():
    for res in (mann_whitney([], [1, 2]), welch([1], [1, 2, 3]), two_proportion_test(0, 0, 3, 10),
                welch([2, 2, 2], [2, 2, 2]), mann_whitney([1, 1], [1, 1]), two_proportion_test(10, 10, 20, 20),
                chi_square_mix([[0, 0], [3, 4]])):
        assert res.p_value is None and res.problem and res.too_small
    assert cohens_d([1], [2]) is None
    assert two_proportion_test(3, 10, 5, 12).too_small is True


def test_holm_matches_hand_computation_and_skips_none():
    p = [0.01, 0.04, None, 0.03, 0.20]
    # hand: sorted 0.01, 0.03, 0.04, 0.20 with m = 4 → ×4, ×3, ×2, ×1, then running max, capped at 1
    expected = {0: 0.04, 3: 0.09, 1: 0.09, 4: 0.20}
    out = holm(p)
    assert out[2] is None
    for i, v in expected.items():
        assert out[i] == pytest.approx(v)


def test_cohens_h_symmetry():
    assert cohens_h(0.8, 0.7) == pytest.approx(-cohens_h(0.7, 0.8))
    assert cohens_h(0.5, 0.5) == 0
