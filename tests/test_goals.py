"""Tests of analysis/goals.py: progress, projections on series with a known slope (vs numpy and the
textbook prediction-interval formula), the status rule, the gap planner, segments, baselines from
a period, the complaint-resolution metric and the JSON payload."""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.periods_frames import tickets_frame  # noqa: E402

from analysis.dataset import Dataset  # noqa: E402
from analysis.goals import (AT_RISK, DECREASE, INCREASE, OFF_TRACK, ON_TRACK, Goal, GoalError,  # noqa: E402
                            complaint_resolution_metric, default_goals, evaluate_goal, evaluate_goals,
                            goals_payload, project)


def frt_tickets(start, days, per_day, frt_of_day, channel="online"):
    """`per_day` tickets a day for `days` days, every ticket of day d with first response frt_of_day(d)."""
    d = np.repeat(np.arange(days), per_day)
    created = pd.Timestamp(start) + pd.to_timedelta(d, unit="D") + pd.to_timedelta(
        np.tile(np.arange(per_day), days) * 10 + 60 * 9, unit="min")
    return tickets_frame(created, frt_min=frt_of_day(d).astype(float), channel=np.full(len(d), channel))


def test_goal_validation():
    with pytest.raises(GoalError):
        Goal("g", "csat_pct", "sideways", 85, "2025-01-01", "2025-03-31", baseline=75)
    with pytest.raises(GoalError):
        Goal("g", "csat_pct", INCREASE, 85, "2025-03-01", "2025-01-31", baseline=75)
    with pytest.raises(GoalError):
        Goal("g", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31")           # no baseline at all
    with pytest.raises(GoalError):
        Goal("g", "frt_median_min", DECREASE, 20, "2025-01-01", "2025-03-31", baseline=15)
    g = Goal("g", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31", baseline=75)
    assert g.start == pd.Timestamp("2025-01-01") and g.replace(target=90).target == 90.0


def test_projection_on_a_known_slope_is_exact():
    # median first response falls by exactly 0.1 min a day: 15, 14.9, 14.8, …
    t = frt_tickets("2025-03-01", 20, 5, lambda d: 15 - 0.1 * d)
    goal = Goal("frt", "frt_median_min", DECREASE, 8, "2025-03-01", "2025-03-30", baseline=15, grain="day")
    st = evaluate_goal(goal, t, t, asof="2025-03-20")
    # each day sits at its middle, x = d + 0.5, so y = 15.05 − 0.1·x; the deadline is x = 29
    assert st.projected == pytest.approx(15.05 - 0.1 * 29)
    assert st.slope_per_period == pytest.approx(-0.1)
    assert st.projected_high - st.projected_low == pytest.approx(0, abs=1e-6)   # no scatter, no spread
    assert st.current == pytest.approx(15 - 0.1 * 19) and st.current_period == "2025-03-20…2025-03-20"
    assert st.progress == pytest.approx((st.current - 15) / (8 - 15))
    assert st.status == OFF_TRACK and st.status_basis == "projection"          # 12.15 min, far from 8


def test_projection_interval_matches_the_textbook_formula():
    rng = np.random.default_rng(1)
    x = np.arange(10) * 7 + 3.5
    y = 70 + 0.2 * x + rng.normal(0, 1.5, 10)
    table = pd.DataFrame({"start": pd.Timestamp("2025-01-06") + pd.to_timedelta(np.arange(10) * 7, unit="D"),
                          "end": pd.Timestamp("2025-01-13") + pd.to_timedelta(np.arange(10) * 7, unit="D"),
                          "value": y, "n": 50})
    point, low, high, slope = project(table, pd.Timestamp("2025-01-06"), pd.Timestamp("2025-06-30"),
                                      asof=pd.Timestamp("2025-06-30"))
    b, a = np.polyfit(x, y, 1)
    x0 = (pd.Timestamp("2025-06-30") - pd.Timestamp("2025-01-06")).days
    resid = y - (a + b * x)
    s = np.sqrt((resid ** 2).sum() / 8)
    se = s * np.sqrt(1 + 1 / 10 + (x0 - x.mean()) ** 2 / ((x - x.mean()) ** 2).sum())
    t = stats.t.ppf(0.975, 8)
    assert slope == pytest.approx(b) and point == pytest.approx(a + b * x0)
    assert low == pytest.approx(a + b * x0 - t * se) and high == pytest.approx(a + b * x0 + t * se)


def test_status_rule_on_track_at_risk_off_track():
    improving = frt_tickets("2025-03-01", 20, 5, lambda d: 15 - 0.4 * d)           # reaches 8 by day ~18
    worsening = frt_tickets("2025-03-01", 20, 5, lambda d: 15 + 0.2 * d)
    goal = Goal("frt", "frt_median_min", DECREASE, 8, "2025-03-01", "2025-03-30", baseline=15, grain="day")
    assert evaluate_goal(goal, improving, improving, asof="2025-03-20").status == ON_TRACK
    assert evaluate_goal(goal, worsening, worsening, asof="2025-03-20").status == OFF_TRACK
    # a noisy flat series: the trend misses 14, but 14 is inside the prediction interval
    rng = np.random.default_rng(2)
    noise = rng.normal(0, 2.0, 20)
    noisy = frt_tickets("2025-03-01", 20, 5, lambda d: 15 + noise[d])
    st = evaluate_goal(goal.replace(target=14), noisy, noisy, asof="2025-03-20")
    assert st.projected > 14 and st.projected_low <= 14
    assert st.status == AT_RISK
    # after the deadline the current value decides
    done = evaluate_goal(goal, improving, improving, asof="2025-04-05")
    assert done.status_basis == "deadline_passed" and done.status == ON_TRACK


def test_pace_rule_with_too_few_periods():
    t = frt_tickets("2025-03-01", 10, 5, lambda d: 15 - 0.5 * d)
    goal = Goal("frt", "frt_median_min", DECREASE, 8, "2025-03-01", "2025-06-30", baseline=15, grain="month")
    st = evaluate_goal(goal, t, t, asof="2025-03-10")
    assert st.projected is None and st.status_basis == "pace"
    # progress (15 − 13)/(15 − 8) ≈ 0.29 after 10 of 122 days elapsed → on track
    assert st.progress == pytest.approx((st.current - 15) / (8 - 15))
    assert st.elapsed == pytest.approx(10 / 122) and st.status == ON_TRACK
    back = frt_tickets("2025-03-01", 10, 5, lambda d: 15 + 0.5 * d)
    assert evaluate_goal(goal, back, back, asof="2025-03-10").status == OFF_TRACK


def test_gap_planner_for_a_proportion():
    # 12 responses a day, exactly 3 of every 4 satisfied (75 %), over 28 days of a 91-day goal
    days, per_day = 28, 12
    d = np.repeat(np.arange(days), per_day)
    created = pd.Timestamp("2025-01-01") + pd.to_timedelta(d, unit="D") + pd.to_timedelta(
        np.tile(np.arange(per_day), days) * 30 + 480, unit="min")
    csat = np.where(np.arange(len(d)) % 4 == 0, 3.0, 5.0)
    t = tickets_frame(created, csat=csat)
    goal = Goal("csat", "csat_pct", INCREASE, 85, "2025-01-01", "2025-03-31", baseline=75)
    st = evaluate_goal(goal, t, t, asof="2025-01-28")
    assert st.current == pytest.approx(75)
    # 90 days in the goal, 28 elapsed → 62 remain at 12 a day = 744 expected; 10 points more of them
    assert st.expected_n == pytest.approx(12 * 62)
    assert st.needed_count == int(np.ceil(744 * 0.10))
    assert st.change_per_period is None


def test_gap_planner_for_a_time_metric():
    t = frt_tickets("2025-03-01", 14, 5, lambda d: np.full(len(d), 12.0))
    goal = Goal("frt", "frt_median_min", DECREASE, 8, "2025-03-01", "2025-03-30", baseline=15, grain="week")
    st = evaluate_goal(goal, t, t, asof="2025-03-14")
    # 16 days = 16/7 weeks remain; 12 → 8 min needs −4 / (16/7) per week
    assert st.periods_remaining == pytest.approx(16 / 7)
    assert st.change_per_period == pytest.approx(-4 / (16 / 7))
    met = evaluate_goal(goal.replace(target=13), t, t, asof="2025-03-14")
    assert met.change_per_period == 0


def test_segment_filter_and_baseline_period():
    online = frt_tickets("2025-02-01", 40, 4, lambda d: np.full(len(d), 6.0), channel="online")
    phone = frt_tickets("2025-02-01", 40, 4, lambda d: np.full(len(d), 30.0), channel="phone")
    t = pd.concat([online, phone], ignore_index=True)
    goal = Goal("frt", "frt_median_min", DECREASE, 8, "2025-03-01", "2025-03-30", baseline_start="2025-02-01",
                baseline_end="2025-02-28", segment={"channel_key": "online"}, grain="week")
    st = evaluate_goal(goal, t, t, asof="2025-03-12")
    assert st.baseline == pytest.approx(6.0) and st.current == pytest.approx(6.0)
    everyone = evaluate_goal(goal.replace(segment={}), t, t, asof="2025-03-12")
    assert everyone.baseline == pytest.approx(18.0)      # median of 6s and 30s, half each
    missing = evaluate_goal(goal.replace(segment={"team": "a"}), t, t)
    assert missing.problem and missing.status is None


def test_complaint_resolution_is_share_of_complaints_resolved_within_72_hours():
    created = pd.Series(pd.date_range("2025-01-01", periods=10, freq="D"))
    complaint = [True, True, True, True, False, False, True, False, True, True]
    hours = [10, np.nan, 80, 72, 5, np.nan, 1, 2, np.nan, 3]     # NaN: not resolved (yet)
    t = tickets_frame(created, is_complaint=complaint, resolution_h=hours)
    m = complaint_resolution_metric()
    obs = m.observations(t, t)
    # By hand: complaints on days 1,2,3,4,7,9,10; day 10 is within 72 h of the data's end (day 10)
    # and day 9 too (24 h before it): both too recent. Left: days 1,2,3,4,7 with hours 10, open, 80,
    # 72, 1 → within 72 h: days 1, 4, 7 → 3 of 5.
    assert len(obs) == 5 and m.aggregate(obs["value"]) == pytest.approx(100 * 3 / 5)
    assert m.excluded(t, t) == {"not_complaint": 3, "too_recent": 2}


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
    assert payload["saved"] is False and len(payload["goals"]) == 3
    json.dumps(payload, allow_nan=False)
    for g in payload["goals"]:
        assert g["status"] in (ON_TRACK, AT_RISK, OFF_TRACK)
    statuses = evaluate_goals(goals, t, t)
    assert [s.goal.id for s in statuses] == [g.id for g in goals]


def test_payload_with_a_store_a_broken_store_and_no_data(tmp_path):
    from analysis.store import STORE_FILE, Store
    created = pd.Series(pd.date_range("2025-01-01", "2025-03-20", freq="2h"))
    t = tickets_frame(created)
    store = Store(tmp_path / STORE_FILE)
    store.save_goal(Goal("mine", "fcr_pct", INCREASE, 90, "2025-02-01", "2025-04-30", baseline=60))
    payload = goals_payload(Dataset(t), store)
    assert payload["saved"] is True and [g["id"] for g in payload["goals"]] == ["mine"]
    assert payload["goals"][0]["status"] in (ON_TRACK, AT_RISK, OFF_TRACK)
    json.dumps(payload, allow_nan=False)
    listed = goals_payload(None, store)
    assert listed["goals"][0]["id"] == "mine" and listed["goals"][0]["status"] is None
    broken = tmp_path / "broken" / STORE_FILE
    broken.parent.mkdir()
    broken.write_bytes(b"not a database" * 50)
    fallback = goals_payload(Dataset(t), Store(broken))
    assert "not a Fupan store" in fallback["store_problem"] and fallback["saved"] is False
    assert len(fallback["goals"]) == 3
