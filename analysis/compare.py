"""Tests of "did it change?" between two periods (or segments), one per kind of metric.

Each test returns a :class:`StatTest`: the test's name, its statistic, the two-sided p-value, an
effect size whose sign says which way the *first* sample (the current period) moved, the two n,
and a ``too_small`` flag when the samples are too small for the test's approximation to be
trusted ("too small to say"). A test that cannot be computed at all (an empty side, no variation)
returns ``p_value=None`` with a ``problem`` saying why, never NaN.

========================  ===============================  ================================
metric kind               test                             effect size
========================  ===============================  ================================
proportion (CSAT %, FCR)  two-proportion z (pooled),      Cohen's h = 2·asin√p1 − 2·asin√p2
                          Newcombe's interval
median, p90 (times)       bootstrap of the difference of   the difference itself
                          that very quantile (normal with
                          order-statistic SEs at large n)
mean (mean score)         Welch's t (unequal variances)    Cohen's d (pooled SD)
nps                       z on the difference of two NPS   the difference in points
                          (trinomial variances)
a category mix            Pearson chi-square (r × c)       Cramér's V
count (ticket volume)     two Poisson rates (score test)   rate ratio per day of exposure
censored times (first     log-rank (open tickets           difference of the Kaplan–Meier
response, resolution)     still waiting censored);         quantiles
                          interval: analysis.survival
========================  ===============================  ================================

Each test of a figure's change also gives the 95 % interval of that change (``ci_low``,
``ci_high``: current − previous in the figure's unit, points for percentages), so the verdict,
the p-value and the interval are about the same number. Mann–Whitney (whole distributions) and
the chi-square of the NPS mix remain available, but no verdict on a median, a P90 or an NPS
rests on them: a P90 can double while the medians agree, and an NPS can stay at 0 while its mix
moves.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import inference
from analysis.lazy import lazy
from analysis.metrics import COUNT, MEAN, MEDIAN, NPS, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN, P90, PROPORTION

# imported on first use (analysis.lazy): a command that needs none of them starts without them
stats = lazy("scipy.stats")
confint_proportions_2indep = lazy("statsmodels.stats.proportion", "confint_proportions_2indep")
proportions_ztest = lazy("statsmodels.stats.proportion", "proportions_ztest")
test_poisson_2indep = lazy("statsmodels.stats.rates", "test_poisson_2indep")

# Below these sizes a difference is "too small to say": 30 per group is the usual floor for the
# normal approximations of z and t; expected cell counts under 5 break the chi-square / z
# approximation (Cochran's rule); fewer than 10 events make a Poisson rate too noisy to compare.
MIN_N = 30
MIN_EXPECTED = 5
MIN_EVENTS = 10
LEVEL = 0.95          # every interval of a change
BOOT_REPS = 1_000     # bootstrap resamples of a quantile difference (seeded: the page shows the same figure)
BOOT_MAX_N = 2_000    # above this per side the quantile difference uses the normal approximation
SEED = 0


@dataclass(frozen=True)
class StatTest:
    """One two-sample comparison. `effect_size` is signed so that positive means the first
    sample is higher (larger proportion, longer times, higher mean; for Cramér's V and the rate
    ratio see `effect_name`)."""
    test: str
    statistic: float | None
    p_value: float | None
    effect_size: float | None
    effect_name: str
    n1: int
    n2: int
    too_small: bool
    problem: str | None = None
    ci_low: float | None = None      # 95 % interval of the change (first − second), the figure's unit
    ci_high: float | None = None
    direction: int | None = None     # a test with a direction of its own (log-rank): +1 first higher/longer


def _finite(x: float) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


def _clean(values) -> np.ndarray:
    arr = np.asarray(pd.Series(values, dtype="float64").dropna(), dtype="float64")
    return arr


def cohens_h(p1: float, p2: float) -> float:
    """Cohen's h for two proportions (0–1): the difference of their arcsine-square-root
    transforms; 0.2 small, 0.5 medium, 0.8 large."""
    return float(2 * np.arcsin(np.sqrt(p1)) - 2 * np.arcsin(np.sqrt(p2)))


def two_proportion_test(x1: int, n1: int, x2: int, n2: int) -> StatTest:
    """Two-proportion z-test with the pooled variance (statsmodels `proportions_ztest`), for
    x1 of n1 against x2 of n2 "successes" (e.g. satisfied ratings)."""
    if n1 == 0 or n2 == 0:
        return StatTest("two_proportion_z", None, None, None, "cohens_h", n1, n2, True,
                        "one of the periods has no observations")
    pooled = (x1 + x2) / (n1 + n2)
    expected = min(n * p for n in (n1, n2) for p in (pooled, 1 - pooled))
    too_small = min(n1, n2) < MIN_N or expected < MIN_EXPECTED
    h = cohens_h(x1 / n1, x2 / n2)
    if pooled in (0.0, 1.0):
        return StatTest("two_proportion_z", None, None, h, "cohens_h", n1, n2, True,
                        "every observation is the same (all 0 % or all 100 %)")
    z, p = proportions_ztest(np.array([x1, x2]), np.array([n1, n2]))
    lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - LEVEL)
    return StatTest("two_proportion_z", _finite(z), _finite(p), h, "cohens_h", n1, n2, too_small,
                    ci_low=_finite(100 * lo), ci_high=_finite(100 * hi))


def rank_biserial(u1: float, n1: int, n2: int) -> float:
    """Rank-biserial correlation from the Mann–Whitney U of the first sample: the share of
    pairs where the first is larger minus the share where it is smaller (−1…1)."""
    return float(2.0 * u1 / (n1 * n2) - 1.0)


def mann_whitney(a, b) -> StatTest:
    """Two-sided Mann–Whitney U test (scipy) of sample `a` against `b`: do values in `a` tend to
    be larger? Used for skewed times, where a median comparison is what matters."""
    a, b = _clean(a), _clean(b)
    n1, n2 = len(a), len(b)
    if n1 == 0 or n2 == 0:
        return StatTest("mann_whitney", None, None, None, "rank_biserial", n1, n2, True,
                        "one of the periods has no observations")
    if np.ptp(np.concatenate([a, b])) == 0:
        return StatTest("mann_whitney", None, None, 0.0, "rank_biserial", n1, n2, True,
                        "every observation has the same value")
    res = stats.mannwhitneyu(a, b, alternative="two-sided")
    return StatTest("mann_whitney", _finite(res.statistic), _finite(res.pvalue),
                    rank_biserial(res.statistic, n1, n2), "rank_biserial", n1, n2, min(n1, n2) < MIN_N)


def cohens_d(a, b) -> float | None:
    """Cohen's d: difference of means over the pooled standard deviation (n − 1 weights)."""
    a, b = _clean(a), _clean(b)
    n1, n2 = len(a), len(b)
    if n1 < 2 or n2 < 2:
        return None
    pooled = np.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / (n1 + n2 - 2))
    return None if pooled == 0 else float((a.mean() - b.mean()) / pooled)


def welch(a, b) -> StatTest:
    """Welch's two-sample t-test (unequal variances, scipy `ttest_ind(equal_var=False)`) of the
    mean of `a` against the mean of `b`; for mean scores."""
    a, b = _clean(a), _clean(b)
    n1, n2 = len(a), len(b)
    if n1 < 2 or n2 < 2:
        return StatTest("welch_t", None, None, None, "cohens_d", n1, n2, True,
                        "each period needs at least two observations")
    if a.var() == 0 and b.var() == 0:
        return StatTest("welch_t", None, None, None, "cohens_d", n1, n2, True,
                        "both periods have no variation")
    res = stats.ttest_ind(a, b, equal_var=False)
    ci = res.confidence_interval(LEVEL)
    return StatTest("welch_t", _finite(res.statistic), _finite(res.pvalue), cohens_d(a, b), "cohens_d",
                    n1, n2, min(n1, n2) < MIN_N, ci_low=_finite(ci.low), ci_high=_finite(ci.high))


def cramers_v(chi2: float, n: int, shape: tuple[int, int]) -> float:
    """Cramér's V = √(χ² / (n · (min(rows, cols) − 1))), 0 (no association) … 1."""
    k = min(shape) - 1
    return float(np.sqrt(chi2 / (n * k))) if n and k else 0.0


def chi_square_mix(table, correction: bool = False) -> StatTest:
    """Pearson chi-square test of independence on a contingency table (rows = periods or
    groups, columns = categories), e.g. whether the channel mix or the NPS
    promoter/passive/detractor mix shifted. Categories empty in every row are dropped.
    `correction=True` applies Yates' continuity correction to a 2 × 2 table (R's prop.test
    default)."""
    counts = np.asarray(table, dtype="float64")
    counts = counts[:, counts.sum(axis=0) > 0]
    counts = counts[counts.sum(axis=1) > 0]
    n_rows = counts.shape[0]
    n1 = int(np.asarray(table)[0].sum())
    n2 = int(np.asarray(table)[1].sum()) if np.asarray(table).shape[0] > 1 else 0
    if n_rows < 2 or counts.shape[1] < 2:
        return StatTest("chi_square", None, None, None, "cramers_v", n1, n2, True,
                        "need at least two non-empty groups and two categories")
    chi2, p, _, expected = stats.chi2_contingency(counts, correction=correction)
    return StatTest("chi_square", _finite(chi2), _finite(p), cramers_v(chi2, int(counts.sum()), counts.shape),
                    "cramers_v", n1, n2, bool(expected.min() < MIN_EXPECTED))


def k_proportions_test(x, n) -> StatTest:
    """Chi-square test that k groups share one proportion (R `prop.test(x, n)` for k > 2):
    the k × 2 table of successes and failures."""
    x, n = np.asarray(x, dtype="float64"), np.asarray(n, dtype="float64")
    return chi_square_mix(np.column_stack([x, n - x]))


def nps_mix(scores) -> np.ndarray:
    """Counts of detractors (0–6), passives (7–8) and promoters (9–10) among 0–10 scores."""
    s = _clean(scores)
    detractors = int((s <= NPS_DETRACTOR_MAX).sum())
    promoters = int((s >= NPS_PROMOTER_MIN).sum())
    return np.array([detractors, len(s) - detractors - promoters, promoters])


def _wald(test: str, diff: float, se: float, effect_name: str, n1: int, n2: int, too_small: bool) -> StatTest:
    """The z test of "no change" and the Wald 95 % interval of a difference `diff` with standard
    error `se` (both in the figure's unit)."""
    z = diff / se
    half = stats.norm.ppf(0.5 + LEVEL / 2) * se
    return StatTest(test, _finite(z), _finite(2 * stats.norm.sf(abs(z))), diff, effect_name, n1, n2, too_small,
                    ci_low=_finite(diff - half), ci_high=_finite(diff + half))


def nps_counts(scores) -> tuple[int, int, int]:
    """(promoters, detractors, n) among 0–10 scores."""
    detractors, _, promoters = nps_mix(scores)
    return int(promoters), int(detractors), int(len(_clean(scores)))


def nps_variance(promoters: float, detractors: float, n: float) -> float:
    """Variance of an NPS (as a fraction, −1…1) from one trinomial sample of n:
    (p₊ + p₋ − (p₊ − p₋)²) / n."""
    p_plus, p_minus = promoters / n, detractors / n
    return float((p_plus + p_minus - (p_plus - p_minus) ** 2) / n)


def nps_difference(current, previous) -> StatTest:
    """Change of NPS between two independent samples of 0–10 scores: the difference in points,
    its Wald 95 % interval and the z test of "no change", with the two NPS variances summed. The
    test is about the NPS itself, so an NPS that stays put reads as no change whatever its
    promoter/passive/detractor mix does."""
    (pp1, pd1, n1), (pp2, pd2, n2) = nps_counts(current), nps_counts(previous)
    if n1 == 0 or n2 == 0:
        return StatTest("nps_difference_z", None, None, None, "nps_points", n1, n2, True,
                        "one of the periods has no observations")
    diff = 100 * ((pp1 - pd1) / n1 - (pp2 - pd2) / n2)
    se = 100 * np.sqrt(nps_variance(pp1, pd1, n1) + nps_variance(pp2, pd2, n2))
    too_small = min(n1, n2) < MIN_N
    if se == 0:
        return StatTest("nps_difference_z", None, None, diff, "nps_points", n1, n2, True,
                        "every observation is in the same group")
    return _wald("nps_difference_z", diff, se, "nps_points", n1, n2, too_small)


def quantile_se(x: np.ndarray, q: float) -> float:
    """Standard error of the q-quantile of a large sample, distribution-free: the order statistics
    at ranks n·q ± z·√(n·q·(1 − q)) bound its 95 % interval (the binomial interval for a
    quantile), and the SE is that width over 2z."""
    n = len(x)
    z = stats.norm.ppf(0.5 + LEVEL / 2)
    half = z * np.sqrt(n * q * (1 - q))
    ranks = np.clip(np.array([np.floor(n * q - half), np.ceil(n * q + half)]).astype(int), 0, n - 1)
    lo, hi = np.partition(x, ranks)[ranks]
    return float((hi - lo) / (2 * z))


def quantile_difference(a, b, q: float, reps: int = BOOT_REPS, seed: int = SEED) -> StatTest:
    """Change of the q-quantile (linear interpolation, as the figure is reported) from `b` to `a`:
    the difference, its 95 % interval and a p-value for "no change", so a P90 is judged on the
    P90 and not on the whole distribution.

    Up to BOOT_MAX_N values a side: the bootstrap of that very difference (each sample resampled
    apart, `reps` times, seeded); p is twice the smaller share of resampled differences on either
    side of 0, so p < 0.05 exactly when the percentile interval excludes 0. Above: a Wald
    interval and z test with each side's distribution-free `quantile_se` (the bootstrap's
    answer at that size, without its cost)."""
    a, b = _clean(a), _clean(b)
    n1, n2 = len(a), len(b)
    if n1 < 2 or n2 < 2:
        return StatTest("quantile_bootstrap", None, None, None, "difference", n1, n2, True,
                        "each period needs at least two observations")
    diff = float(np.quantile(a, q) - np.quantile(b, q))
    if np.ptp(np.concatenate([a, b])) == 0:
        return StatTest("quantile_bootstrap", None, None, 0.0, "difference", n1, n2, True,
                        "every observation has the same value")
    too_small = min(n1, n2) < MIN_N
    if max(n1, n2) <= BOOT_MAX_N:
        rng = np.random.default_rng(seed)
        d = (np.quantile(a[rng.integers(0, n1, size=(reps, n1))], q, axis=1)
             - np.quantile(b[rng.integers(0, n2, size=(reps, n2))], q, axis=1))
        lo, hi = np.quantile(d, [(1 - LEVEL) / 2, 1 - (1 - LEVEL) / 2])
        p = min(1.0, 2 * min(np.mean(d <= 0), np.mean(d >= 0)))
        return StatTest("quantile_bootstrap", None, float(p), diff, "difference", n1, n2, too_small,
                        ci_low=float(lo), ci_high=float(hi))
    se = float(np.hypot(quantile_se(a, q), quantile_se(b, q)))
    if se == 0:
        return StatTest("quantile_normal", None, None, diff, "difference", n1, n2, True,
                        "the quantile does not vary between samples")
    return _wald("quantile_normal", diff, se, "difference", n1, n2, too_small)


def poisson_rates(count1: int, days1: float, count2: int, days2: float) -> StatTest:
    """Score test of two Poisson rates (statsmodels `test_poisson_2indep`): tickets per day in
    period 1 (count1 over days1 days of data) against period 2; effect = rate ratio."""
    if days1 <= 0 or days2 <= 0:
        return StatTest("poisson_rate", None, None, None, "rate_ratio", count1, count2, True,
                        "one of the periods has no days of data")
    ratio = (count1 / days1) / (count2 / days2) if count2 else None
    if count1 == 0 or count2 == 0:
        # a period with no tickets at all is a gap in the export far more often than a real zero
        return StatTest("poisson_rate", None, None, ratio, "rate_ratio", count1, count2, True,
                        "one of the periods has no tickets")
    res = test_poisson_2indep(count1, days1, count2, days2, method="score")
    return StatTest("poisson_rate", _finite(res.statistic), _finite(res.pvalue), ratio, "rate_ratio",
                    count1, count2, min(count1, count2) < MIN_EVENTS)


def test_for_kind(kind: str, current, previous, days: tuple[float, float] | None = None) -> StatTest:
    """The right test for a metric `kind` on two slices of observation values (current first).
    `days` (current, previous) are the days of data each period covers, used for counts."""
    if kind == PROPORTION:
        a, b = _clean(current), _clean(previous)
        return two_proportion_test(int(a.sum()), len(a), int(b.sum()), len(b))
    if kind in (MEDIAN, P90):
        return quantile_difference(current, previous, 0.5 if kind == MEDIAN else 0.9)
    if kind == MEAN:
        return welch(current, previous)
    if kind == NPS:
        return nps_difference(current, previous)
    if kind == COUNT:
        d1, d2 = days if days is not None else (1.0, 1.0)
        return poisson_rates(len(_clean(current)), d1, len(_clean(previous)), d2)
    raise ValueError(f"unknown metric kind {kind!r}")


test_for_kind.__test__ = False   # a library function, not a pytest test


def logrank_quantile_test(current, current_done, previous, previous_done, q: float) -> StatTest:
    """Two periods of a time that is still running for open tickets (right-censored durations,
    `*_done` False for a ticket still waiting): the log-rank test decides (p, and `direction`
    +1 when the current period finishes later, i.e. its times are longer), and the change is the
    difference of the two Kaplan–Meier q-quantiles with its interval (analysis.survival
    `quantile_change`: bootstrap up to 2,000 a side, Wald with Collett's SE above; None when a
    quantile is not reached). Too small to say below MIN_N observations a side or MIN_EVENTS
    finished tickets in all."""
    from analysis.survival import logrank, quantile_change

    lr = logrank(current, current_done, previous, previous_done)
    change = quantile_change(current, current_done, previous, previous_done, q)
    events = change.current.events + change.previous.events
    too_small = min(lr.n1, lr.n2) < MIN_N or events < MIN_EVENTS
    return StatTest("logrank", lr.chisq, lr.p_value, change.change, "difference", lr.n1, lr.n2,
                    too_small or lr.p_value is None, lr.problem, change.ci_low, change.ci_high,
                    lr.direction if lr.p_value is not None else None)


def holm(p_values) -> list[float | None]:
    """Holm–Bonferroni adjusted p-values (analysis.inference.holm) for several segments compared
    at once; None stays None and is not counted as a test."""
    p = [None if v is None or not np.isfinite(v) else float(v) for v in p_values]
    tested = [i for i, v in enumerate(p) if v is not None]
    out: list[float | None] = [None] * len(p)
    if tested:
        adjusted = inference.holm([p[i] for i in tested])
        for i, v in zip(tested, adjusted):
            out[i] = float(v)
    return out
