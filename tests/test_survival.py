"""Kaplan–Meier quantiles, their intervals, the log-rank test and the change of a quantile
(analysis.survival), each against statsmodels (SurvfuncRight, survdiff) on random censored data
and against examples worked by hand; and the sample's December resolution time."""
from __future__ import annotations

import math
import statistics
from pathlib import Path

import numpy as np
import pytest
from kmref import sm_curve, sm_interval, sm_quantile
from scipy import stats
from statsmodels.duration.survfunc import survdiff

from analysis.kpis import kpi_report, kpis_payload
from analysis.load import load_files
from analysis.periods import comparison_verdict, metric_periods
from analysis.survival import km_curve, km_quantile, km_quantiles, logrank, quantile_change, quantile_se

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def random_censored(rng, n, digits=None):
    t = rng.exponential(5.0, n)
    if digits is not None:
        t = np.round(t, digits)        # ties, and ties between a finish and a censoring
    done = rng.random(n) < rng.uniform(0.3, 1.0)
    return t, done


# --- the curve and its quantiles against statsmodels ------------------------------------------
@pytest.mark.parametrize("seed", range(40))
def test_curve_quantiles_and_intervals_equal_survfuncright(seed):
    rng = np.random.default_rng(seed)
    t, done = random_censored(rng, int(rng.integers(5, 300)), digits=[None, 0, 1][seed % 3])
    sf = sm_curve(t, done)
    curve = km_curve(t, done)
    np.testing.assert_allclose(curve.times, sf.surv_times)
    np.testing.assert_allclose(curve.surv, sf.surv_prob)
    np.testing.assert_allclose(curve.se, sf.surv_prob_se, equal_nan=True)
    for q in (0.5, 0.9, 0.25):
        got = km_quantile(t, done, q)
        expected = sm_quantile(sf, q)
        assert (got.estimate is None) == (expected is None)
        if expected is not None:
            assert got.estimate == pytest.approx(expected)
        assert got.not_reached == (expected is None)
        lo, hi = sm_interval(sf, q)
        assert (got.ci_low is None) == (lo is None) and (got.ci_high is None) == (hi is None)
        if lo is not None:
            assert got.ci_low == pytest.approx(lo)
        if hi is not None:
            assert got.ci_high == pytest.approx(hi)
        assert got.n == len(t) and got.events == int(done.sum()) and got.censored == int((~done).sum())


def test_hand_worked_example():
    # durations 1 2 2 3 4 5 6 7, finished 1 1 0 1 0 1 1 0 (one of the 2s and the 4 and 7 still waiting)
    t = [1, 2, 2, 3, 4, 5, 6, 7]
    done = [True, True, False, True, False, True, True, False]
    # S(1) = 7/8; S(2) = 7/8 · 6/7 = 3/4 (7 at risk: the censored 2 is still at risk at 2);
    # S(3) = 3/4 · 4/5 = 0.6; S(5) = 0.6 · 2/3 = 0.4; S(6) = 0.4 · 1/2 = 0.2
    curve = km_curve(t, done)
    assert curve.times.tolist() == [1, 2, 3, 5, 6]
    assert curve.at_risk.tolist() == [8, 7, 5, 3, 2]
    np.testing.assert_allclose(curve.surv, [7 / 8, 3 / 4, 0.6, 0.4, 0.2])
    # Greenwood at 5: S² · Σ d / (n (n − d)) over 1, 2, 3, 5
    greenwood = 0.4 * math.sqrt(1 / (8 * 7) + 1 / (7 * 6) + 1 / (5 * 4) + 1 / (3 * 2))
    assert curve.se[3] == pytest.approx(greenwood)
    r = km_quantiles(t, done, (0.5, 0.75, 0.9))
    assert r[0.5].estimate == 5 and r[0.75].estimate == 6     # first time S < 0.5, S < 0.25
    assert r[0.9].estimate is None and r[0.9].not_reached      # S ends at 0.2 > 0.1
    assert (r[0.5].n, r[0.5].events, r[0.5].censored) == (8, 5, 3)


def test_nothing_censored_gives_the_sample_median():
    # the curve sits at exactly 1/2 between the 4th and 5th of 8: the midpoint, as R and SAS
    t = [3.0, 1.0, 8.0, 4.0, 2.0, 10.0, 6.0, 5.0]
    assert km_quantile(t, [True] * 8).estimate == statistics.median(t) == 4.5
    assert km_quantile(t[:7], [True] * 7).estimate == statistics.median(t[:7])


def test_not_reached_when_fewer_than_half_finished():
    t = np.arange(1.0, 11.0)
    done = np.array([True] * 4 + [False] * 6)     # 4 of 10 finished, the rest still waiting
    r = km_quantile(t, done, 0.5)
    assert r.estimate is None and r.not_reached and r.events == 4 and r.censored == 6
    nothing = km_quantile([], [], 0.5)
    assert nothing.estimate is None and not nothing.not_reached and nothing.n == 0


# --- log-rank -----------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(20))
def test_logrank_equals_survdiff(seed):
    rng = np.random.default_rng(100 + seed)
    a, da = random_censored(rng, int(rng.integers(5, 200)), digits=[None, 0][seed % 2])
    b, db = random_censored(rng, int(rng.integers(5, 200)), digits=[None, 0][seed % 2])
    b = b * rng.uniform(0.7, 1.5)
    got = logrank(a, da, b, db)
    chisq, p = survdiff(np.r_[a, b], np.r_[da, db].astype(float), np.r_[np.zeros(len(a)), np.ones(len(b))])
    assert got.chisq == pytest.approx(chisq) and got.p_value == pytest.approx(p, abs=1e-12)


def test_logrank_hand_worked():
    # A finishes at 1 and 3, B at 2 and 4: at 1, 4 at risk (2 of A): E_A = 1/2, V = 1/4; at 2, 3 at
    # risk (1 of A): E_A = 1/3, V = 2/9; at 3, 2 at risk (1 of A): E_A = 1/2, V = 1/4; at 4 one at
    # risk (not in the variance). O_A = 2, E_A = 4/3, χ² = (2 − 4/3)² / (13/18) = 8/13
    got = logrank([1, 3], [True, True], [2, 4], [True, True])
    assert got.expected == pytest.approx(4 / 3) and got.observed == 2
    assert got.chisq == pytest.approx(8 / 13)
    assert got.p_value == pytest.approx(stats.chi2.sf(8 / 13, 1))
    assert got.direction == -1           # A finished more than expected: sooner, shorter times


def test_logrank_direction_and_tiny_p_are_not_zero():
    rng = np.random.default_rng(5)
    slow = rng.exponential(4, 400)
    fast = rng.exponential(1, 400)
    got = logrank(slow, np.ones(400, bool), fast, np.ones(400, bool))
    assert got.direction == 1 and 0 < got.p_value < 1e-20
    assert got.p_value == pytest.approx(stats.chi2.sf(got.chisq, 1))
    assert logrank([], [], [1.0], [True]).p_value is None


# --- the change of a quantile -----------------------------------------------------------------
def test_quantile_change_bootstrap_and_wald_cover_the_difference():
    rng = np.random.default_rng(11)
    # exponential times with true medians 5·ln 2 and 7·ln 2; independent censoring
    for n, method in ((800, "bootstrap"), (20_000, "wald")):
        a = rng.exponential(5, n)
        b = rng.exponential(7, n)
        ca, cb = rng.exponential(30, n), rng.exponential(30, n)
        got = quantile_change(np.minimum(a, ca), a <= ca, np.minimum(b, cb), b <= cb, 0.5)
        assert got.method == method
        assert got.change == pytest.approx(got.current.estimate - got.previous.estimate)
        assert got.ci_low < -2 * math.log(2) < got.ci_high
        assert got.ci_low < got.change < got.ci_high
    # not reached on one side: no change and no interval
    none = quantile_change([1, 2, 3], [False] * 3, [1, 2, 3], [True] * 3)
    assert none.change is None and none.ci_low is None


def test_collett_se_agrees_with_a_bootstrap_se():
    rng = np.random.default_rng(3)
    n = 4000
    x, c = rng.exponential(5, n), rng.exponential(25, n)
    t, done = np.minimum(x, c), x <= c
    se = quantile_se(km_curve(t, done), 0.5)
    boot = []
    for _ in range(300):
        i = rng.integers(0, n, n)
        boot.append(km_quantile(t[i], done[i]).estimate)
    assert se == pytest.approx(np.std(boot, ddof=1), rel=0.25)
    # with nothing censored, the sample median's asymptotic SE 1 / (2 f(m) √n); for an exponential
    # of mean 5 the density at the median is 1/10, so the SE is 5 / √n
    uncensored = quantile_se(km_curve(x, np.ones(n, bool)), 0.5)
    assert uncensored == pytest.approx(5 / math.sqrt(n), rel=0.15)


# --- the sample data --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample():
    return load_files([(n, (SAMPLE / n).read_bytes()) for n in ("tickets_en.csv", "survey_en.csv")]).dataset


def december_rows(ds):
    t = ds.tickets
    now = max(t[c].max() for c in ("created_at", "first_response_at", "resolved_at", "closed_at"))
    dec = t[(t["created_at"] >= "2025-12-01") & (t["created_at"] < "2026-01-01")]
    waiting = dec["resolution_h"].isna() & dec["is_open"].astype(bool)
    hours = np.where(waiting, (now - dec["created_at"]).dt.total_seconds() / 3600, dec["resolution_h"])
    keep = ~np.isnan(hours)
    return hours[keep], (~waiting).to_numpy()[keep], dec


def test_december_resolution_is_far_above_the_solved_only_median(sample):
    hours, done, dec = december_rows(sample)
    assert (~done).mean() > 0.4                    # 45 % of December is still open
    sf = sm_curve(hours, done)
    expected = sm_quantile(sf, 0.5)
    r = kpi_report(sample.tickets, sample.responses(), start="2025-12-01", end="2025-12-31")["resolution_median_h"]
    assert r.value == pytest.approx(expected)
    assert (r.ci_low, r.ci_high) == pytest.approx(sm_interval(sf, 0.5))
    solved = float(np.median(dec["resolution_h"].dropna()))
    assert r.solved == pytest.approx(solved) and solved < 0.25
    assert r.value > 50 * solved and 15 < r.value < 35
    assert r.censored == int((~done).sum())
    p90 = kpi_report(sample.tickets, sample.responses(), start="2025-12-01", end="2025-12-31")["resolution_p90_h"]
    assert p90.value is None and p90.not_reached and sm_quantile(sf, 0.9) is None


def test_kpis_json_keys(sample):
    payload = kpis_payload(sample, start="2025-12-01", end="2025-12-31")
    hours, done, dec = december_rows(sample)
    sf = sm_curve(hours, done)
    assert payload["resolution_median_h"] == pytest.approx(sm_quantile(sf, 0.5))
    assert payload["resolution_median_h_solved"] == pytest.approx(float(np.median(dec["resolution_h"].dropna())))
    assert payload["resolution_p90_h"] is None and "resolution_p90_h" in payload["not_reached"]
    assert payload["resolution_censored"] == int((~done).sum())
    km = payload["km"]["resolution_median_h"]
    assert (km["ci_low"], km["ci_high"]) == pytest.approx(sm_interval(sf, 0.5))
    assert km["events"] + km["censored"] == km["n"] == len(hours)
    for key in ("frt_median_min", "frt_p90_min", "resolution_median_h", "resolution_p90_h"):
        assert f"{key}_solved" in payload and key in payload["km"]
    # the solved-only figures still say why the open tickets are out of them
    assert payload["excluded"]["still_open"] >= payload["resolution_censored"]


def test_december_against_november_is_judged_by_logrank(sample):
    view = metric_periods(sample, "resolution_median_h", "month")
    dec = view.table.set_index("period").loc["2025-12"]
    hours, done, _ = december_rows(sample)
    assert dec["value"] == pytest.approx(sm_quantile(sm_curve(hours, done), 0.5))
    c = next(c for c in view.comparisons if c.against == "previous")
    assert c.test.test == "logrank"
    t = sample.tickets
    now = max(t[col].max() for col in ("created_at", "first_response_at", "resolved_at", "closed_at"))
    nov = t[(t["created_at"] >= "2025-11-01") & (t["created_at"] < "2025-12-01")]
    waiting = nov["resolution_h"].isna() & nov["is_open"].astype(bool)
    nh = np.where(waiting, (now - nov["created_at"]).dt.total_seconds() / 3600, nov["resolution_h"])
    keep = ~np.isnan(nh)
    chisq, _ = survdiff(np.r_[hours, nh[keep]], np.r_[done, (~waiting).to_numpy()[keep]].astype(float),
                        np.r_[np.zeros(len(hours)), np.ones(int(keep.sum()))])
    # survdiff's p is 1 − cdf, 0.0 this far out; the tail itself is not 0
    assert c.test.statistic == pytest.approx(chisq)
    assert c.test.p_value == pytest.approx(stats.chi2.sf(chisq, 1), rel=1e-9) and c.test.p_value > 0
    assert comparison_verdict(c) == "up"            # December resolves later: times up
