"""Tests of analysis/periods.py: bucketing at calendar boundaries and across a time-zone change,
the per-period intervals against independent computations, comparisons and the JSON payload."""
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.periods_frames import tickets_frame  # noqa: E402

from analysis.dataset import Dataset  # noqa: E402
from analysis.metrics import METRICS  # noqa: E402
from analysis.periods import (PeriodError, bootstrap_quantile_interval, compare_payload, compare_periods,  # noqa: E402
                              compare_segments, period_labels, period_start, period_table,
                              same_period_last_year, wall_clock)


def labels(values, grain):
    return period_labels(pd.Series(pd.to_datetime(values, format="mixed")), grain).tolist()


# --- bucketing ---------------------------------------------------------------------------------
def test_iso_week_year_boundaries():
    assert labels(["2024-12-29 23:59", "2024-12-30 00:00", "2025-01-05 23:59", "2025-01-06"], "week") == \
        ["2024-W52", "2025-W01", "2025-W01", "2025-W02"]
    assert labels(["2021-01-03", "2021-01-04", "2020-12-31"], "week") == ["2020-W53", "2021-W01", "2020-W53"]
    assert labels(["2026-12-31", "2027-01-01"], "week") == ["2026-W53", "2026-W53"]


def test_iso_weeks_agree_with_python_isocalendar_over_four_years():
    days = pd.Series(pd.date_range("2023-01-01", "2026-12-31 18:00", freq="17h"))
    expected = [f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in days.dt.date]
    assert period_labels(days, "week").tolist() == expected


def test_month_quarter_year_boundaries():
    ts = ["2025-03-31 23:59:59", "2025-04-01 00:00", "2024-12-31 23:59:59", "2025-01-01", "2024-02-29 12:00"]
    assert labels(ts, "month") == ["2025-03", "2025-04", "2024-12", "2025-01", "2024-02"]
    assert labels(ts, "quarter") == ["2025-Q1", "2025-Q2", "2024-Q4", "2025-Q1", "2024-Q1"]
    assert labels(ts, "year") == ["2025", "2025", "2024", "2025", "2024"]
    assert labels(ts, "day") == ["2025-03-31", "2025-04-01", "2024-12-31", "2025-01-01", "2024-02-29"]


def test_period_starts_agree_with_pandas_periods():
    rng = np.random.default_rng(5)
    when = pd.Series(pd.Timestamp("2023-06-01") + pd.to_timedelta(rng.uniform(0, 900, 2000), unit="D"))
    for grain, freq in [("month", "M"), ("quarter", "Q"), ("year", "Y"), ("day", "D")]:
        expected = when.dt.to_period(freq).dt.start_time.to_numpy("datetime64[ns]")
        assert (period_start(when, grain) == expected).all()
    assert (period_start(when, "week") == when.dt.to_period("W-SUN").dt.start_time.to_numpy("datetime64[ns]")).all()


def test_missing_times_stay_missing():
    s = pd.Series(pd.to_datetime(["2025-01-02", None]))
    assert np.isnat(period_start(s, "month")[1])
    assert period_labels(s, "month").isna().tolist() == [False, True]


def test_timezone_change_buckets_by_local_calendar_day():
    # Berlin switches to summer time on 2025-03-30 at 02:00 local (01:00 UTC)
    utc = pd.Series(pd.to_datetime(["2025-03-29T23:30:00Z", "2025-03-30T01:30:00Z", "2025-03-30T22:30:00Z",
                                    "2025-03-31T22:30:00Z"], utc=True))
    local = wall_clock(utc, "Europe/Berlin")
    assert local.dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2025-03-30 00:30", "2025-03-30 03:30", "2025-03-31 00:30", "2025-04-01 00:30"]
    assert period_labels(local, "day").tolist() == ["2025-03-30", "2025-03-30", "2025-03-31", "2025-04-01"]
    assert period_labels(local, "month").tolist() == ["2025-03", "2025-03", "2025-03", "2025-04"]
    # the same instants given in the Berlin zone land in the same buckets (converted consistently)
    berlin = utc.dt.tz_convert("Europe/Berlin")
    assert period_labels(wall_clock(berlin), "day").tolist() == period_labels(local, "day").tolist()
    # strings with mixed offsets across the change: one zone first, then the local day
    mixed = pd.Series(["2025-03-30T01:30:00+01:00", "2025-03-30T03:30:00+02:00", "2025-03-31T00:15:00+02:00"],
                      dtype="object")
    assert wall_clock(mixed, "Europe/Berlin").dt.strftime("%d %H:%M").tolist() == ["30 01:30", "30 03:30", "31 00:15"]


def test_period_table_converts_aware_input_before_bucketing():
    when = pd.Series(pd.to_datetime(["2025-03-31T22:30:00Z", "2025-03-31T21:30:00Z"], utc=True))
    obs = pd.DataFrame({"when": when.dt.tz_convert("Asia/Shanghai"), "value": [1.0, 0.0]})
    table = period_table(obs, METRICS["csat_pct"], "month")
    assert table["period"].tolist() == ["2025-04"] and table["n"].tolist() == [2]


def test_same_period_last_year():
    assert same_period_last_year(pd.Timestamp("2025-03-01"), "month") == pd.Timestamp("2024-03-01")
    assert same_period_last_year(pd.Timestamp("2024-12-30"), "week") == pd.Timestamp("2024-01-01")  # 2025-W01 → 2024-W01
    assert same_period_last_year(pd.Timestamp("2020-12-28"), "week") is None                      # 2020-W53
    assert same_period_last_year(pd.Timestamp("2025-04-01"), "quarter") == pd.Timestamp("2024-04-01")


def test_unknown_grain_raises():
    with pytest.raises(PeriodError):
        period_start(pd.Series(pd.to_datetime(["2025-01-01"])), "fortnight")


# --- the table and its intervals ----------------------------------------------------------------
def _obs(values, start="2025-01-15", days=100, seed=0):
    rng = np.random.default_rng(seed)
    when = pd.Timestamp(start) + pd.to_timedelta(np.sort(rng.uniform(0, days, len(values))), unit="D")
    return pd.DataFrame({"when": when, "value": np.asarray(values, dtype="float64")})


def test_proportion_table_values_and_wilson_by_hand():
    rng = np.random.default_rng(1)
    obs = _obs(rng.integers(0, 2, 900))
    table = period_table(obs, METRICS["csat_pct"], "month")
    months = obs["when"].dt.strftime("%Y-%m")
    for row in table.itertuples():
        v = obs["value"][months == row.period]
        x, n = v.sum(), len(v)
        assert row.n == n and row.value == pytest.approx(METRICS["csat_pct"].aggregate(v))
        z = stats.norm.ppf(0.975)
        p = x / n
        centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
        half = z / (1 + z ** 2 / n) * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2))
        assert row.ci_low == pytest.approx(100 * (centre - half)) and row.ci_high == pytest.approx(100 * (centre + half))


def test_partial_periods_at_the_edges():
    obs = _obs(np.ones(500), start="2025-01-15", days=76)          # 15 Jan … ~1 Apr
    obs.loc[obs.index[-1], "when"] = pd.Timestamp("2025-03-31 18:00")
    obs.loc[obs.index[0], "when"] = pd.Timestamp("2025-01-15 08:00")
    table = period_table(obs, METRICS["tickets"], "month")
    assert dict(zip(table["period"], table["partial"])) == {"2025-01": True, "2025-02": False, "2025-03": False}
    q = period_table(obs, METRICS["tickets"], "quarter")
    assert q["partial"].tolist() == [True]
    # a span given explicitly (the data set's whole span) decides instead of the observations'
    full = period_table(obs, METRICS["tickets"], "month", span=(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-04-10")))
    assert full["partial"].tolist() == [False, False, False]


def test_empty_periods_in_between_are_kept():
    when = pd.to_datetime(["2025-01-10", "2025-01-11", "2025-03-05"])
    obs = pd.DataFrame({"when": when, "value": [1.0, 0.0, 1.0]})
    table = period_table(obs, METRICS["csat_pct"], "month")
    assert table["period"].tolist() == ["2025-01", "2025-02", "2025-03"]
    assert table["n"].tolist() == [2, 0, 1] and np.isnan(table["value"].iloc[1])
    counts = period_table(obs, METRICS["tickets"], "month")
    assert counts["value"].tolist() == [2, 0, 1]


def test_mean_interval_is_student_t():
    rng = np.random.default_rng(2)
    obs = _obs(rng.integers(1, 6, 300))
    table = period_table(obs, METRICS["csat_mean"], "month")
    months = obs["when"].dt.strftime("%Y-%m")
    for row in table.itertuples():
        v = obs["value"][months == row.period]
        lo, hi = stats.t.interval(0.95, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
        assert (row.ci_low, row.ci_high) == (pytest.approx(lo), pytest.approx(hi))


def test_count_interval_is_exact_poisson():
    obs = _obs(np.ones(250))
    table = period_table(obs, METRICS["tickets"], "month")
    for row in table.itertuples():
        k = row.n
        # Garwood bounds: P(X ≥ k | lo) = 2.5 % and P(X ≤ k | hi) = 2.5 %
        assert stats.poisson.sf(k - 1, row.ci_low) == pytest.approx(0.025, abs=1e-9)
        assert stats.poisson.cdf(k, row.ci_high) == pytest.approx(0.025, abs=1e-9)


def test_nps_value_and_interval_from_respondent_scores():
    rng = np.random.default_rng(4)
    obs = _obs(rng.integers(0, 11, 600))
    table = period_table(obs, METRICS["nps"], "month")
    months = obs["when"].dt.strftime("%Y-%m")
    for row in table.itertuples():
        v = obs["value"][months == row.period]
        assert row.value == pytest.approx(METRICS["nps"].aggregate(v))
        # NPS is the mean of +1 / 0 / −1 per respondent; its standard error is that mean's
        s = np.where(v >= 9, 1.0, np.where(v <= 6, -1.0, 0.0))
        se = s.std(ddof=0) / np.sqrt(len(s))
        assert row.ci_high - row.ci_low == pytest.approx(2 * 1.959964 * 100 * se, rel=1e-5)


def test_quantile_values_match_the_metric_and_bootstrap_is_seeded():
    rng = np.random.default_rng(6)
    obs = _obs(rng.lognormal(2, 0.8, 400))
    for key in ("frt_median_min", "frt_p90_min"):
        m = METRICS[key]
        table = period_table(obs, m, "month")
        months = obs["when"].dt.strftime("%Y-%m")
        for row in table.itertuples():
            v = obs["value"][months == row.period]
            assert row.value == pytest.approx(m.aggregate(v))
            assert row.ci_low <= row.value <= row.ci_high
        again = period_table(obs, m, "month")
        assert again["ci_low"].tolist() == table["ci_low"].tolist()     # same seed, same interval


def test_exact_bootstrap_agrees_with_many_seeded_resamples():
    rng = np.random.default_rng(7)
    x = rng.lognormal(2, 0.7, 301)
    for q in (0.5, 0.9):
        exact = bootstrap_quantile_interval(x, q, reps=None)
        # an independent resampling bootstrap of the same order statistic, many reps
        k = int(np.ceil(q * len(x)))
        boots = np.sort(x[np.random.default_rng(1).integers(0, len(x), (20000, len(x)))], axis=1)[:, k - 1]
        lo, hi = np.quantile(boots, [0.025, 0.975])
        sx = np.sort(x)
        # within one order statistic of each other
        assert abs(np.searchsorted(sx, exact[0]) - np.searchsorted(sx, lo)) <= 1
        assert abs(np.searchsorted(sx, exact[1]) - np.searchsorted(sx, hi)) <= 1
    assert bootstrap_quantile_interval([3.0], 0.5) == (None, None)


# --- comparisons -------------------------------------------------------------------------------
def test_compare_current_with_previous_and_last_year():
    rng = np.random.default_rng(8)
    obs = _obs(rng.integers(0, 2, 3000), start="2024-01-01", days=500)
    m = METRICS["csat_pct"]
    comps = compare_periods(obs, m, "month")
    assert [c.against for c in comps] == ["previous", "last_year"]
    cur = comps[0].current
    assert comps[0].previous == (pd.Period(cur, "M") - 1).strftime("%Y-%m")
    assert comps[1].previous == (pd.Period(cur, "M") - 12).strftime("%Y-%m")
    months = obs["when"].dt.strftime("%Y-%m")
    for c in comps:
        a, b = obs["value"][months == c.current], obs["value"][months == c.previous]
        z, p = proportions_ztest([a.sum(), b.sum()], [len(a), len(b)])
        assert c.test.p_value == pytest.approx(p)
        assert c.change == pytest.approx(100 * (a.mean() - b.mean()))
    year = compare_periods(obs, m, "year")
    assert [c.against for c in year] == ["previous"]
    with pytest.raises(PeriodError):
        compare_periods(obs, m, "month", current="1999-01")


def test_compare_times_tests_the_difference_of_the_median():
    rng = np.random.default_rng(9)
    obs = _obs(rng.lognormal(2, 1, 800), start="2025-01-01", days=59)
    comps = compare_periods(obs, METRICS["frt_median_min"], "month", current="2025-02")
    months = obs["when"].dt.strftime("%Y-%m")
    now, before = obs["value"][months == "2025-02"], obs["value"][months == "2025-01"]
    c = comps[0]
    assert c.test.test == "quantile_bootstrap"
    assert c.change == pytest.approx(np.median(now) - np.median(before))
    assert c.test.ci_low < c.change < c.test.ci_high


def test_segments_get_holm_correction():
    n = 1200
    rng = np.random.default_rng(10)
    created = pd.Series(pd.Timestamp("2025-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 59, n)), unit="D"))
    csat = pd.Series(rng.choice([2.0, 4.0, 5.0], n))
    t = tickets_frame(created, csat=csat)
    out = compare_segments(t, t, METRICS["csat_pct"], "channel_key", "month")
    assert set(out["segment"]) == {"phone", "online", "email"}
    p = out["p_value"].to_numpy()
    order = np.argsort(p)
    adj = np.maximum.accumulate(np.minimum(p[order] * (len(p) - np.arange(len(p))), 1))
    expected = np.empty(len(p))
    expected[order] = adj
    assert out["p_holm"].to_numpy() == pytest.approx(expected)
    with pytest.raises(PeriodError):
        compare_segments(t, t, METRICS["csat_pct"], "no_such_column", "month")


def test_compare_payload_shape_and_json_safety():
    created = pd.Series(pd.date_range("2024-11-20", "2025-02-10", freq="7h"))
    t = tickets_frame(created)
    payload = compare_payload(Dataset(t), "frt_median_min", "month")
    assert set(payload) == {"metric", "period", "periods", "comparisons"}
    # first response is Kaplan–Meier per period: each period also says how many still wait and
    # whether its median is reached
    assert set(payload["periods"][0]) == {"period", "value", "n", "ci_low", "ci_high", "partial", "censored",
                                          "not_reached"}
    assert set(payload["comparisons"][0]) == {"current", "previous", "against", "current_value", "previous_value",
                                              "n_current", "n_previous", "change", "ci_low", "ci_high", "test",
                                              "p_value", "effect_size", "too_small", "verdict"}
    for c in payload["comparisons"]:
        # n and the too-small flag travel with the figure; a too-small side has no p
        assert c["n_current"] >= 0 and isinstance(c["too_small"], bool)
        assert (c["p_value"] is None) or not c["too_small"]
        if c["ci_low"] is not None:
            assert c["ci_low"] <= c["change"] <= c["ci_high"]
    assert payload["periods"][0]["partial"] is True and payload["periods"][-1]["partial"] is True
    json.dumps(payload, allow_nan=False)
    # a period with no responses gives None, not NaN
    t2 = t.copy()
    t2.loc[(t2["created_at"] >= "2024-12-01") & (t2["created_at"] < "2025-01-01"), "csat"] = np.nan
    t2["csat_satisfied"] = pd.Series(t2["csat"] >= 4, dtype="boolean").where(t2["csat"].notna())
    p2 = compare_payload(Dataset(t2), "csat_pct", "month")
    dec = next(r for r in p2["periods"] if r["period"] == "2024-12")
    assert dec["value"] is None and dec["n"] == 0 and dec["ci_low"] is None
    json.dumps(p2, allow_nan=False)
    with pytest.raises(PeriodError):
        compare_payload(Dataset(t), "nonsense", "month")
    with pytest.raises(PeriodError):
        compare_payload(Dataset(t), "csat_pct", "decade")


def test_day_labels_are_python_dates():
    when = pd.Series(pd.date_range("2025-02-27", periods=4, freq="D"))
    assert period_labels(when, "day").tolist() == [
        (dt.date(2025, 2, 27) + dt.timedelta(days=i)).isoformat() for i in range(4)]


def test_period_report_equals_table_and_comparisons():
    from analysis.periods import period_report
    rng = np.random.default_rng(11)
    obs = _obs(rng.lognormal(2, 1, 2000), start="2024-01-01", days=500)
    m = METRICS["frt_p90_min"]
    table, comps = period_report(obs, m, "quarter")
    pd.testing.assert_frame_equal(table, period_table(obs, m, "quarter"))
    assert comps == compare_periods(obs, m, "quarter", table=table)
