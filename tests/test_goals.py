"""Tests of analysis/goals.py and analysis/goal_trend.py: goals judged at their own grain.

Independent values: the sample's Q4 top-2-box share recomputed with pandas from the raw survey
file; the binomial GLM refitted with statsmodels in the test and its prediction interval worked by
hand; the weighted least squares solved with numpy's normal equations; the interval's coverage
by simulation; Wilson intervals from statsmodels for the hold-the-line rule; working days counted
by hand from the State Council's 2025 holiday notice."""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from scipy.special import expit
from statsmodels.stats.proportion import proportion_confint

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.periods_frames import tickets_frame  # noqa: E402

from analysis.dataset import Dataset  # noqa: E402
from analysis.goal_trend import BINOMIAL, FLAT, WLS_LINEAR, WLS_LOG, fit_trend, period_points  # noqa: E402
from analysis.goals import (AT_RISK, DECREASE, INCREASE, MET, MIN_N, MISSED, NOT_ENOUGH, OFF_TRACK,  # noqa: E402
                            ON_TRACK, STATUSES, Goal, GoalError, complaint_resolution_metric, default_goals,
                            default_grain, evaluate_goal, evaluate_goals, gap_kind, goal_metrics, goal_record,
                            goals_payload)
from analysis.load import load_files  # noqa: E402
from analysis.metrics import METRICS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DAY = pd.Timedelta(days=1)


def daily_csat(start, per_day, share_of_day) -> pd.DataFrame:
    """`per_day[d]` responses on day d (from `start`), round(share_of_day(d) · n) of them a 5, the
    rest a 2; the responses of a day spread over its working hours."""
    per_day = np.asarray(per_day)
    d = np.repeat(np.arange(len(per_day)), per_day)
    within = np.concatenate([np.arange(k) for k in per_day]) if len(d) else np.array([], dtype=int)
    good = np.concatenate([np.arange(k) < round(share_of_day(i) * k) for i, k in enumerate(per_day)]) \
        if len(d) else np.array([], dtype=bool)
    created = pd.Timestamp(start) + pd.to_timedelta(d, unit="D") + pd.to_timedelta(540 + within % 480, unit="min")
    return tickets_frame(created, csat=np.where(good, 5.0, 2.0))


def frt_tickets(start, days, per_day, frt_of_day, channel="online"):
    """`per_day` tickets a day for `days` days, every ticket of day d with first response frt_of_day(d)."""
    d = np.repeat(np.arange(days), per_day)
    created = pd.Timestamp(start) + pd.to_timedelta(d, unit="D") + pd.to_timedelta(
        np.tile(np.arange(per_day), days) * 10 + 60 * 9, unit="min")
    return tickets_frame(created, frt_min=frt_of_day(d).astype(float), channel=np.full(len(d), channel))


# --- the goal and its grain ----------------------------------------------------------------------
def test_goal_validation():
    with pytest.raises(GoalError):
        Goal("g", "csat_pct", "sideways", 85, "2025-01-01", "2025-03-31", baseline=75)
    with pytest.raises(GoalError):
        Goal("g", "csat_pct", INCREASE, 85, "2025-03-01", "2025-01-31", baseline=75)
    with pytest.raises(GoalError):
        Goal("g", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31")           # no baseline at all
    with pytest.raises(GoalError):
        Goal("g", "frt_median_min", DECREASE, 20, "2025-01-01", "2025-03-31", baseline=15)
    with pytest.raises(GoalError):
        Goal("g", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31", baseline=75, grain="fortnight")
    g = Goal("g", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31", baseline=75)
    assert g.start == pd.Timestamp("2025-01-01") and g.replace(target=90).target == 90.0


def test_the_grain_defaults_from_the_dates():
    assert default_grain("2025-10-01", "2025-12-31") == "quarter"
    assert default_grain("2025-01-01", "2025-12-31") == "year"
    assert default_grain("2025-02-01", "2025-02-28") == "month"
    assert default_grain("2025-03-03", "2025-03-09") == "week"           # Monday to Sunday
    assert default_grain("2025-01-15", "2025-06-14") == "month"          # not aligned, five months
    assert default_grain("2025-12-17", "2026-01-15") == "week"           # thirty days
    assert default_grain("2025-03-04", "2025-03-12") == "day"
    assert Goal("g", "csat_pct", INCREASE, 85, "2025-10-01", "2025-12-31", baseline=75).grain == "quarter"
    goals = {g.id: g for g in default_goals("2025-12-31")}
    assert (goals["csat_quarterly"].grain, goals["complaint_resolution"].grain, goals["online_frt_30d"].grain) \
        == ("quarter", "quarter", "week")


# --- the sample: the quarterly goal is read per quarter -----------------------------------------
@pytest.fixture(scope="module")
def sample():
    return load_files([(f, (ROOT / "sample_data" / f).read_bytes()) for f in ("tickets_en.csv", "survey_en.csv")]
                      ).dataset


def test_the_samples_quarterly_csat_goal_is_missed_on_q4_not_on_its_last_week(sample):
    # independent: Q4 2025's top-2-box share straight from the survey file with pandas
    raw = pd.read_csv(ROOT / "sample_data" / "survey_en.csv")
    when = pd.to_datetime(raw["Survey Date"])
    score = pd.to_numeric(raw["Satisfaction Score"], errors="coerce")
    q4 = (when >= "2025-10-01") & (when < "2026-01-01") & score.between(1, 5)
    share, n = 100 * (score[q4] >= 4).mean(), int(q4.sum())
    assert n == 1359 and share == pytest.approx(84.6946, abs=1e-4)

    goal = next(g for g in default_goals(sample.date_span[1]) if g.id == "csat_quarterly")
    st = evaluate_goal(goal, sample.tickets, sample.responses(), asof=sample.date_span[1], metrics=goal_metrics())
    assert (st.current_period, st.current_n) == ("2025-Q4", n)
    assert st.current == pytest.approx(share)
    assert st.status == MISSED and st.status_basis == "deadline_passed"
    assert st.progress == pytest.approx((share - 75) / (85 - 75))
    # the old reading: the last ISO week's 27 responses at 92.6 % said "on track"
    last_week = (when >= "2025-12-25") & (when < "2026-01-01") & score.between(1, 5)
    assert last_week.sum() == 27 and 100 * (score[last_week] >= 4).mean() > 85


def test_the_samples_complaint_goal_is_judged_on_the_quarters_complaints(sample):
    statuses = {s.goal.id: s for s in evaluate_goals(default_goals(sample.date_span[1]), sample.tickets,
                                                     sample.responses(), asof=sample.date_span[1])}
    st = statuses["complaint_resolution"]
    assert st.current_period == "2025-Q4" and st.current_n >= MIN_N and st.status == MISSED
    assert -1 < st.progress < 1                                   # not −533 %
    # read per ISO week instead, the deadline week has a handful of complaints: not enough data
    weekly = evaluate_goal(st.goal.replace(grain="week"), sample.tickets, sample.responses(),
                           asof=sample.date_span[1])
    assert weekly.current_period == "2026-W01" and weekly.current_n < MIN_N
    assert weekly.status == NOT_ENOUGH and weekly.progress is None
    frt = statuses["online_frt_30d"]
    assert frt.current_period == "2025-W52" and frt.partial_period == "2026-W01" and frt.deadline_period == "2026-W03"
    assert frt.status in (ON_TRACK, AT_RISK, OFF_TRACK) and frt.trend_grain == "day" and frt.trend_model == WLS_LOG


# --- not enough data, the partial period, the deadline period -----------------------------------
def test_five_complaints_are_not_enough_data_and_give_no_progress():
    created = pd.Series(pd.date_range("2025-10-02 10:00", periods=60, freq="36h"))
    complaint = np.zeros(60, dtype=bool)
    complaint[[3, 12, 20, 33, 41]] = True                 # five complaints in the quarter, none resolved in time
    t = tickets_frame(created, is_complaint=complaint, resolution_h=np.full(60, 200.0))
    goal = Goal("c", "complaint_resolution_pct", INCREASE, 95, "2025-10-01", "2025-12-31", baseline=80)
    st = evaluate_goal(goal, t, t, asof="2025-12-31")
    assert (st.current_period, st.current_n, st.current) == ("2025-Q4", 5, 0.0)
    assert st.status == NOT_ENOUGH and st.status_basis == "deadline_passed" and st.progress is None
    record = goals_payload(Dataset(t), None)["goals"]      # the defaults on these tickets: JSON-safe
    json.dumps(record, allow_nan=False)


def test_after_the_deadline_the_deadline_periods_value_decides():
    # a quarter at 80 % whose last week is at 95 %: the quarter misses 85 %
    days = pd.date_range("2025-01-01", "2025-03-31")
    share = np.where(days >= "2025-03-24", 0.95, 0.80)
    t = daily_csat("2025-01-01", np.full(len(days), 20), lambda d: share[d])
    goal = Goal("q", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31", baseline=75)
    st = evaluate_goal(goal, t, t, asof="2025-04-10")
    expected = 100 * (t["csat"] >= 4).mean()                          # the whole quarter, by pandas
    assert st.current == pytest.approx(expected) and st.current_n == len(t) == 20 * 90
    assert st.status == MISSED and st.projected is None


def test_the_partial_period_is_shown_never_judged():
    # monthly goal; March is under way with a great but tiny start
    days = pd.date_range("2025-01-01", "2025-03-02")
    per_day = np.where(days >= "2025-03-01", 2, 20)
    share = np.where(days >= "2025-03-01", 1.0, np.where(days >= "2025-02-01", 0.82, 0.78))
    t = daily_csat("2025-01-01", per_day, lambda d: share[d])
    goal = Goal("m", "csat_pct", INCREASE, 85, "2025-01-01", "2025-06-30", baseline=75, grain="month")
    st = evaluate_goal(goal, t, t, asof="2025-03-02")
    feb = t[(t["created_at"] >= "2025-02-01") & (t["created_at"] < "2025-03-01")]
    assert st.current_period == "2025-02" and st.current == pytest.approx(100 * (feb["csat"] >= 4).mean())
    assert (st.partial_period, st.partial_n, st.partial_value) == ("2025-03", 4, 100.0)
    assert st.progress == pytest.approx((st.current - 75) / 10) and not st.progress_partial
    assert st.table.set_index("period")["complete"].to_dict() == {"2025-01": True, "2025-02": True, "2025-03": False}


def test_pace_rule_when_the_trend_cannot_reach_the_deadline():
    # two complete months of a year-long goal: the deadline lies too far ahead to project
    days = pd.date_range("2025-01-01", "2025-02-28")
    t = daily_csat("2025-01-01", np.full(len(days), 20), lambda d: 0.80)
    goal = Goal("y", "csat_pct", INCREASE, 85, "2025-01-01", "2025-12-31", baseline=75, grain="month")
    st = evaluate_goal(goal, t, t, asof="2025-02-28")
    assert st.projected is None and st.no_projection == "horizon" and st.status_basis == "pace"
    assert st.progress == pytest.approx(0.5) and st.elapsed == pytest.approx(59 / 365)
    assert st.status == ON_TRACK                                      # half-way after 16 % of the time
    worse = daily_csat("2025-01-01", np.full(len(days), 20), lambda d: 0.70)
    assert evaluate_goal(goal, worse, worse, asof="2025-02-28").status == OFF_TRACK
    # and a quarterly goal four days in: neither a complete quarter nor a trend
    early = evaluate_goal(goal.replace(deadline="2025-03-31", grain="quarter"), t, t, asof="2025-01-04")
    assert early.status == NOT_ENOUGH and early.status_basis == "too_few" and early.progress is None


# --- the trend: a binomial GLM weighted by n ----------------------------------------------------
def weekly_csat_goal():
    """Eight weeks of responses (n differs per week) with a rising share, as of a Sunday."""
    rng = np.random.default_rng(4)
    days = pd.date_range("2025-01-01", "2025-02-23")
    per_day = rng.integers(5, 40, len(days))
    share = 0.70 + 0.002 * np.arange(len(days)) + rng.normal(0, 0.04, len(days))
    t = daily_csat("2025-01-01", per_day, lambda d: float(np.clip(share[d], 0, 1)))
    goal = Goal("q", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31", baseline=75)
    return t, goal


def test_projection_is_the_binomial_glm_fitted_by_hand():
    t, goal = weekly_csat_goal()
    st = evaluate_goal(goal, t, t, asof="2025-02-23")
    assert st.trend_grain == "week" and st.trend_model == BINOMIAL and st.status_basis == "projection"
    # by hand: successes and n per ISO week, each week at the middle of its days since 1 January
    when = t["created_at"]
    week_start = (when - pd.to_timedelta(when.dt.day_of_week, unit="D")).dt.normalize()
    g = pd.DataFrame({"w": week_start, "s": (t["csat"] >= 4).astype(float)}).groupby("w")["s"].agg(["sum", "count"])
    starts = pd.Series(g.index)
    lo = starts.clip(lower=pd.Timestamp("2025-01-01"))
    hi = (starts + pd.Timedelta(days=7)).clip(upper=pd.Timestamp("2025-02-24"))
    x = ((lo - pd.Timestamp("2025-01-01")) / DAY + (hi - lo) / DAY / 2).to_numpy(dtype=float)
    s, n = g["sum"].to_numpy(), g["count"].to_numpy(dtype=float)
    fit = sm.GLM(np.column_stack([s, n - s]), sm.add_constant(x), family=sm.families.Binomial()).fit()
    phi = max(1.0, fit.pearson_chi2 / (len(x) - 2))
    # the rest of the quarter: 24 February – 31 March, 36 days at the rate seen so far
    n_future = len(t) / 54 * 36
    x0 = 54 + 36 / 2
    v = np.array([1.0, x0])
    eta = v @ fit.params
    p = expit(eta)
    var = v @ (fit.cov_params() * phi) @ v + phi / (n_future * p * (1 - p))
    z = stats.norm.ppf(0.975)
    pooled = [100 * (s.sum() + n_future * q) / (n.sum() + n_future)
              for q in (p, expit(eta - z * np.sqrt(var)), expit(eta + z * np.sqrt(var)))]
    assert (st.projected, st.projected_low, st.projected_high) == pytest.approx(pooled, rel=1e-9)
    assert st.projected_n == pytest.approx(n.sum() + n_future)
    assert st.trend_table["n"].tolist() == n.astype(int).tolist()


def test_a_one_response_partial_week_barely_moves_the_trend():
    base = [140] * 10
    t_full = daily_csat("2025-01-06", np.repeat(np.array(base) // 7, 7), lambda d: 0.80)

    def with_last_week(n_last):
        last = daily_csat("2025-03-17", [n_last], lambda d: 0.0)        # a Monday, all of them unhappy
        return pd.concat([t_full, last], ignore_index=True)

    goal = Goal("q", "csat_pct", INCREASE, 85, "2025-01-06", "2025-04-06", baseline=75, grain="quarter")
    flat = evaluate_goal(goal, t_full, t_full, asof="2025-03-16")
    tiny = evaluate_goal(goal, *[with_last_week(1)] * 2, asof="2025-03-17")
    full = evaluate_goal(goal, *[with_last_week(140)] * 2, asof="2025-03-17")
    assert abs(tiny.slope_per_period - flat.slope_per_period) < 0.02 * abs(full.slope_per_period - flat.slope_per_period)
    assert full.projected < tiny.projected - 5
    # both last weeks read 0 % at the same place, so an unweighted line through the weekly
    # shares (the old reading) could not tell them apart: only n does
    assert tiny.trend_table.iloc[-1][["x", "value"]].tolist() == full.trend_table.iloc[-1][["x", "value"]].tolist()
    assert (tiny.trend_table.iloc[-1]["n"], full.trend_table.iloc[-1]["n"]) == (1, 140)


def test_all_successes_leave_an_interval_below_100_and_the_link_keeps_it_in_range():
    days = pd.date_range("2025-01-06", "2025-02-16")
    t = daily_csat("2025-01-06", np.full(len(days), 3), lambda d: 1.0)
    goal = Goal("c", "csat_pct", INCREASE, 99, "2025-01-06", "2025-03-30", baseline=90, grain="quarter")
    st = evaluate_goal(goal, t, t, asof="2025-02-16")
    assert st.trend_model == FLAT
    assert st.projected_low < st.projected <= st.projected_high <= 100 and st.projected_low < 99.5
    # a steep climb: the logit bends the projection under 100 % without a clip
    rising = daily_csat("2025-01-06", np.full(len(days), 30), lambda d: min(0.6 + 0.009 * d, 1.0))
    st = evaluate_goal(goal, rising, rising, asof="2025-02-16")
    assert st.trend_model == BINOMIAL and 0 < st.projected_low < st.projected < st.projected_high < 100


def test_the_prediction_interval_covers_a_future_weeks_share_95_times_in_100():
    # simulation: a logit-linear weekly share, 12 weeks of varying n observed, the 16th predicted
    rng = np.random.default_rng(11)
    x = np.arange(12) * 7 + 3.5
    x0, n_future = 15 * 7 + 3.5, 60
    truth = lambda xx: expit(0.8 + 0.01 * xx)                                    # noqa: E731
    hits = 0
    runs = 400
    for _ in range(runs):
        n = rng.integers(20, 150, 12)
        s = rng.binomial(n, truth(x))
        pts = pd.DataFrame({"x": x, "n": n, "total": s.astype(float), "value": 100 * s / n, "days": 7.0})
        trend = fit_trend(pts, BINOMIAL)
        _, lo, hi = trend.predict(x0, n_future)
        future = 100 * rng.binomial(n_future, truth(x0)) / n_future
        hits += lo <= future <= hi
    assert 0.92 <= hits / runs <= 0.985


# --- the trend: least squares weighted by n -----------------------------------------------------
def test_time_trend_is_weighted_least_squares_on_the_log_solved_by_hand():
    rng = np.random.default_rng(3)
    per_day = rng.integers(4, 30, 15)
    d = np.repeat(np.arange(15), per_day)
    frt = np.exp(np.log(15) - 0.02 * d + rng.normal(0, 0.4, len(d)))
    created = pd.Timestamp("2025-03-03") + pd.to_timedelta(d, unit="D") + pd.Timedelta(hours=10)
    t = tickets_frame(created, frt_min=frt, channel=np.full(len(d), "online"))
    goal = Goal("f", "frt_mean_min", DECREASE, 8, "2025-03-03", "2025-03-30", baseline=15, grain="week")
    st = evaluate_goal(goal, t, t, asof="2025-03-17")
    assert st.trend_model == WLS_LOG and st.trend_grain == "day"
    # by hand: daily means, their log, the normal equations with weights n
    days = pd.Series(d)
    mean = pd.Series(frt).groupby(days).mean().to_numpy()
    n = pd.Series(frt).groupby(days).size().to_numpy(dtype=float)
    x = np.arange(15) + 0.5
    X = np.column_stack([np.ones(15), x])
    W = np.diag(n)
    XtWX_inv = np.linalg.inv(X.T @ W @ X)
    beta = XtWX_inv @ X.T @ W @ np.log(mean)
    resid = np.log(mean) - X @ beta
    sigma2 = (n * resid ** 2).sum() / 13
    # the deadline week (24–30 March) is all to come: 7 days at the rate so far
    n_future = len(t) / 15 * 7
    v = np.array([1.0, 21 + 3.5])
    var = sigma2 * v @ XtWX_inv @ v + sigma2 / n_future
    q = stats.t.ppf(0.975, 13)
    eta = v @ beta
    assert (st.projected, st.projected_low, st.projected_high) == pytest.approx(
        [np.exp(eta), np.exp(eta - q * np.sqrt(var)), np.exp(eta + q * np.sqrt(var))], rel=1e-9)
    assert st.projected_low > 0


def test_mean_score_trend_is_linear_weighted_least_squares():
    pts = pd.DataFrame({"x": [1.0, 8, 15, 22], "n": [10, 100, 50, 5], "value": [3.9, 4.0, 4.2, 4.8],
                        "total": 0.0, "days": 7.0})
    trend = fit_trend(pts, WLS_LINEAR)
    wls = sm.WLS(pts["value"], sm.add_constant(pts["x"]), weights=pts["n"]).fit()
    assert trend.params == pytest.approx(wls.params.to_numpy())
    point, lo, hi = trend.predict(29.0, 40)
    se = np.sqrt(np.array([1, 29.0]) @ wls.cov_params().to_numpy() @ np.array([1, 29.0]) + wls.scale / 40)
    assert (lo, hi) == pytest.approx((point - stats.t.ppf(0.975, 2) * se, point + stats.t.ppf(0.975, 2) * se))


def test_period_points_match_pandas():
    t, goal = weekly_csat_goal()
    obs = METRICS["csat_pct"].observations(t, t)
    pts = period_points(obs["when"], obs["value"].to_numpy(), METRICS["csat_pct"], "month", goal.start,
                        pd.Timestamp("2025-02-24"))
    by_month = t.groupby(t["created_at"].dt.to_period("M"))["csat"].agg(lambda c: 100 * (c >= 4).mean())
    assert pts["value"].to_numpy() == pytest.approx(by_month.to_numpy())
    assert pts["days"].tolist() == [31.0, 23.0] and pts["x"].tolist() == [15.5, 31 + 11.5]


# --- hold the line ------------------------------------------------------------------------------
def test_a_hold_the_line_goal_is_on_track_only_while_the_metric_holds():
    days = pd.date_range("2025-01-01", "2025-03-31")
    goal = Goal("h", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31", baseline=85, grain="month")
    held = daily_csat("2025-01-01", np.full(len(days), 20), lambda d: 0.85 if d % 3 else 0.80)    # 83.3 %
    fallen = daily_csat("2025-01-01", np.full(len(days), 20), lambda d: 0.70)
    # during: a flat metric at the target holds; one 15 points down does not
    mid_held = evaluate_goal(goal, held, held, asof="2025-02-28")
    mid_fallen = evaluate_goal(goal, fallen, fallen, asof="2025-02-28")
    assert mid_held.hold_the_line and mid_held.progress is None
    assert mid_held.status == ON_TRACK and mid_fallen.status == OFF_TRACK
    # after: the deadline month holds when its Wilson interval (statsmodels) reaches 85 %
    for frame, verdict in ((held, MET), (fallen, MISSED)):
        st = evaluate_goal(goal, frame, frame, asof="2025-03-31")
        march = frame[frame["created_at"] >= "2025-03-01"]
        _, high = proportion_confint((march["csat"] >= 4).sum(), len(march), method="wilson")
        assert (100 * high >= 85) == (verdict == MET) and st.status == verdict and st.current_period == "2025-03"
    # without a projection (a year-long goal two months in) the current month decides: the old
    # pace rule had no gap to compare and called every hold-the-line goal "on track"
    year = goal.replace(deadline="2025-12-31")
    early_held = evaluate_goal(year, held, held, asof="2025-02-28")
    early_fallen = evaluate_goal(year, fallen, fallen, asof="2025-02-28")
    assert early_held.status_basis == early_fallen.status_basis == "holding"
    assert (early_held.status, early_fallen.status) == (ON_TRACK, OFF_TRACK)


# --- complaint resolution in working days ---------------------------------------------------------
def test_complaint_resolution_counts_three_working_days_on_the_chinese_calendar():
    # by hand (09:00–18:00, 540 working minutes a day; 2025 National Day: 1–8 October off,
    # Sunday 28 September and Saturday 11 October worked):
    created = pd.to_datetime(["2025-03-07 10:00",    # Fri → Tue 16:00: 480 + 540 + 420 = 1,440 min ≤ 1,620: in time
                              "2025-03-04 14:00",    # Tue → Fri 15:00: 240 + 540 + 540 + 360 = 1,680 min: late
                              "2025-09-30 10:00",    # Tue → Thu 9 Oct 10:00 over the holiday: 480 + 60 = 540: in time
                              "2025-09-27 12:00",    # Sat (off) → Tue 30 Sep 18:00: Sun 28, Mon, Tue = 1,620: in time
                              "2025-10-20 09:00"])   # the data's end
    resolved = pd.to_datetime(["2025-03-11 16:00", "2025-03-07 15:00", "2025-10-09 10:00", "2025-09-30 18:00",
                               "2025-10-20 10:00"])
    hours = (resolved - created) / pd.Timedelta(hours=1)
    t = tickets_frame(created, is_complaint=[True, True, True, True, False], resolution_h=hours.to_numpy())
    t["resolved_at"] = resolved
    working = complaint_resolution_metric().observations(t, t)["value"].tolist()
    assert working == [1.0, 0.0, 1.0, 1.0]
    clock = complaint_resolution_metric(calendar=None).observations(t, t)["value"].tolist()
    assert clock == [0.0, 0.0, 0.0, 0.0]                 # 102 h, 73 h, 216 h, 78 h: all over 72 clock hours


def test_complaint_resolution_in_clock_hours_and_too_recent():
    created = pd.Series(pd.date_range("2025-01-01", periods=10, freq="D"))
    complaint = [True, True, True, True, False, False, True, False, True, True]
    hours = [10, np.nan, 80, 72, 5, np.nan, 1, 2, np.nan, 3]     # NaN: not resolved (yet)
    t = tickets_frame(created, is_complaint=complaint, resolution_h=hours)
    m = complaint_resolution_metric(calendar=None)
    obs = m.observations(t, t)
    # By hand: complaints on days 1,2,3,4,7,9,10; day 10 is within 72 h of the data's end (day 10)
    # and day 9 too (24 h before it): both too recent. Left: days 1,2,3,4,7 with hours 10, open, 80,
    # 72, 1 → within 72 h: days 1, 4, 7 → 3 of 5.
    assert len(obs) == 5 and m.aggregate(obs["value"]) == pytest.approx(100 * 3 / 5)
    assert m.excluded(t, t) == {"not_complaint": 3, "too_recent": 2}
    # in working days (1 January a holiday, the 4th–5th a weekend): 1 Jan 10 h, 3 Jan (Fri) + 80 h
    # = Mon 6 Jan 08:00 and 4 Jan (Sat) + 72 h = Tue 7 Jan are all within three working days
    # (due Mon 6, Tue 7 and Wed 8 January 18:00); 9 and 10 January are still too recent
    w = complaint_resolution_metric()
    assert w.observations(t, t)["value"].tolist() == [1.0, 0.0, 1.0, 1.0, 1.0]
    assert w.excluded(t, t) == {"not_complaint": 3, "too_recent": 2}


# --- the gap planner, segments, baselines, payload -----------------------------------------------
def test_gap_planner_pools_the_deadline_period():
    # 12 responses a day, 3 of every 4 satisfied (75 %), over 28 days of a 90-day quarter
    days, per_day = 28, 12
    d = np.repeat(np.arange(days), per_day)
    created = pd.Timestamp("2025-01-01") + pd.to_timedelta(d, unit="D") + pd.to_timedelta(
        np.tile(np.arange(per_day), days) * 30 + 480, unit="min")
    csat = np.where(np.arange(len(d)) % 4 == 0, 3.0, 5.0)
    t = tickets_frame(created, csat=csat)
    goal = Goal("csat", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31", baseline=75)
    st = evaluate_goal(goal, t, t, asof="2025-01-28")
    assert st.current is None and st.partial_value == pytest.approx(75) and st.partial_n == 336
    # 62 days remain at 12 a day = 744 expected; the quarter needs 85 % of 1,080 = 918 satisfied,
    # 252 are in, 744 · 75 % = 558 come at the current rate: 108 more
    assert st.expected_n == pytest.approx(744)
    assert st.needed_count == 108 and gap_kind(st) == "more" and not st.unreachable
    assert evaluate_goal(goal.replace(target=99), t, t, asof="2025-01-28").unreachable


def test_gap_planner_for_a_time_metric():
    t = frt_tickets("2025-03-01", 14, 5, lambda d: np.full(len(d), 12.0))
    goal = Goal("frt", "frt_median_min", DECREASE, 8, "2025-03-01", "2025-03-30", baseline=15, grain="week")
    st = evaluate_goal(goal, t, t, asof="2025-03-14")
    # 16 days = 16/7 weeks remain; 12 → 8 min needs −4 / (16/7) per week
    assert st.periods_remaining == pytest.approx(16 / 7)
    assert st.change_per_period == pytest.approx(-4 / (16 / 7)) and gap_kind(st) == "per_period"
    met = evaluate_goal(goal.replace(target=13), t, t, asof="2025-03-14")
    assert met.change_per_period == 0 and gap_kind(met) == "met"


def test_segment_filter_and_baseline_period():
    online = frt_tickets("2025-02-01", 40, 8, lambda d: np.full(len(d), 6.0), channel="online")
    phone = frt_tickets("2025-02-01", 40, 8, lambda d: np.full(len(d), 30.0), channel="phone")
    t = pd.concat([online, phone], ignore_index=True)
    goal = Goal("frt", "frt_median_min", DECREASE, 8, "2025-03-01", "2025-03-30", baseline_start="2025-02-01",
                baseline_end="2025-02-28", segment={"channel_key": "online"}, grain="week")
    st = evaluate_goal(goal, t, t, asof="2025-03-12")
    assert st.baseline == pytest.approx(6.0) and st.current == pytest.approx(6.0) and st.current_period == "2025-W10"
    everyone = evaluate_goal(goal.replace(segment={}), t, t, asof="2025-03-12")
    assert everyone.baseline == pytest.approx(18.0)      # median of 6s and 30s, half each
    missing = evaluate_goal(goal.replace(segment={"team": "a"}), t, t)
    assert missing.problem and missing.status is None


def test_no_data_gives_a_problem_not_a_crash():
    t = frt_tickets("2025-01-01", 5, 2, lambda d: np.full(len(d), 5.0))
    goal = Goal("frt", "frt_median_min", DECREASE, 8, "2025-06-01", "2025-06-30", baseline=15)
    st = evaluate_goal(goal, t, t)
    assert st.problem and st.current is None and st.status is None
    assert evaluate_goal(goal.replace(metric="nonsense"), t, t).problem


def test_defaults_and_payload_are_json_safe():
    created = pd.Series(pd.date_range("2025-01-01", "2025-05-20", freq="3h"))
    t = tickets_frame(created)
    goals = default_goals(pd.Timestamp("2025-05-20"))
    assert [g.metric for g in goals] == ["csat_pct", "frt_mean_min", "complaint_resolution_pct"]
    assert goals[1].segment == {"channel_key": "online"} and (goals[1].deadline - goals[1].start).days == 29
    assert (goals[0].baseline, goals[0].target, goals[2].baseline, goals[2].target) == (75, 85, 80, 95)
    payload = goals_payload(Dataset(t), None)
    assert payload["saved"] is False and payload["goals"] == []         # no store: no goals, none invented
    statuses = evaluate_goals(goals, t, t)
    records = [goal_record(s) for s in statuses]
    json.dumps(records, allow_nan=False)
    for g in records:
        assert g["status"] in STATUSES and g["min_n"] == MIN_N and g["enough"] == (g["n"] >= MIN_N)
    assert [s.goal.id for s in statuses] == [g.id for g in goals]


def test_payload_with_a_store_a_broken_store_and_no_data(tmp_path):
    from analysis.store import STORE_FILE, Store
    created = pd.Series(pd.date_range("2025-01-01", "2025-03-20", freq="2h"))
    t = tickets_frame(created)
    store = Store(tmp_path / STORE_FILE)
    store.save_goal(Goal("mine", "fcr_pct", INCREASE, 90, "2025-02-01", "2025-04-30", baseline=60))
    payload = goals_payload(Dataset(t), store)
    assert payload["saved"] is True and [g["id"] for g in payload["goals"]] == ["mine"]
    assert payload["goals"][0]["status"] in STATUSES
    json.dumps(payload, allow_nan=False)
    listed = goals_payload(None, store)
    assert listed["goals"][0]["id"] == "mine" and listed["goals"][0]["status"] is None
    broken = tmp_path / "broken" / STORE_FILE
    broken.parent.mkdir()
    broken.write_bytes(b"not a database" * 50)
    fallback = goals_payload(Dataset(t), Store(broken))
    assert "not a Fupan store" in fallback["store_problem"] and fallback["saved"] is False
    assert fallback["goals"] == []
