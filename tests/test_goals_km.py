"""Goals on first-response and resolution quantiles are judged by Kaplan–Meier, open tickets
censored at their wait so far, end to end (baseline, every period, the trend's points, the verdict),
as the Periods page reads them; checked against statsmodels SurvfuncRight (tests/kmref.py) on rows
rebuilt here from the cleaned tickets, and against analysis.periods.metric_periods. Means stay
solved-only."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from kmref import sm_curve, sm_quantile

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.goal_trend import period_points  # noqa: E402
from analysis.goals import (DECREASE, MET, MISSED, NOT_ENOUGH, Goal, evaluate_dataset_goals, goal_record,  # noqa: E402
                            goal_metrics, goals_payload)
from analysis.load import load_files  # noqa: E402
from analysis.periods import metric_periods  # noqa: E402

SAMPLE = ROOT / "sample_data"


@pytest.fixture(scope="module")
def sample():
    return load_files([(n, (SAMPLE / n).read_bytes()) for n in ("tickets_en.csv", "survey_en.csv")]).dataset


def resolution_rows(ds, start, end, online=False):
    """(hours, finished) of the tickets created in [start, end): a resolved ticket its resolution
    time, an open one the clock hours from creation to the data's last timestamp (censored);
    negative or unknown times left out."""
    t = ds.tickets
    now = max(t[c].max() for c in ("created_at", "first_response_at", "resolved_at", "closed_at"))
    rows = t[(t["created_at"] >= start) & (t["created_at"] < end)]
    if online:
        rows = rows[rows["channel_key"] == "online"]
    waiting = rows["resolution_h"].isna() & rows["is_open"].astype(bool)
    hours = np.where(waiting, (now - rows["created_at"]).dt.total_seconds() / 3600, rows["resolution_h"])
    keep = ~np.isnan(hours) & (hours >= 0)
    return hours[keep], (~waiting).to_numpy()[keep], rows


def one(ds, goal):
    return evaluate_dataset_goals([goal], ds)[0]


def test_a_resolution_goal_reads_the_kaplan_meier_figure_of_its_period(sample):
    """December 2025: 45 % of its tickets still open. The goal's value is the Kaplan–Meier median
    (about 22 h), the Periods page's figure for 2025-12, not the solved-only 0.2 h, so a "median
    resolution ≤ 1 h" goal is missed."""
    goal = Goal("dec", "resolution_median_h", DECREASE, 1, "2025-12-01", "2025-12-31", baseline=30, grain="month")
    s = one(sample, goal)
    hours, done, rows = resolution_rows(sample, "2025-12-01", "2026-01-01")
    expected = sm_quantile(sm_curve(hours, done), 0.5)
    assert s.km and s.current_period == "2025-12"
    assert s.current == pytest.approx(expected) and 15 < expected < 35
    assert (s.current_n, s.current_censored) == (len(hours), int((~done).sum()))
    page = metric_periods(sample, "resolution_median_h", "month", reps=None).table.set_index("period").loc["2025-12"]
    assert s.current == pytest.approx(page["value"]) and s.current_n == page["n"]
    solved = float(np.median(rows["resolution_h"].dropna()))
    assert solved < 1                                   # solved-only, the goal would read "met"
    assert s.status == MISSED and s.status_basis == "deadline_passed"
    record = goal_record(s)
    assert record["kaplan_meier"] is True and record["current_censored"] == int((~done).sum())
    assert record["current"] == pytest.approx(expected) and record["current_not_reached"] is False


def test_a_segment_goal_reads_the_segments_kaplan_meier_figure(sample):
    goal = Goal("on", "resolution_median_h", DECREASE, 1, "2025-11-01", "2025-11-30", baseline=30,
                grain="month", segment={"channel_key": "online"})
    s = one(sample, goal)
    hours, done, _ = resolution_rows(sample, "2025-11-01", "2025-12-01", online=True)
    assert s.current == pytest.approx(sm_quantile(sm_curve(hours, done), 0.5))
    assert s.current_n == len(hours)


def test_a_period_whose_median_is_not_reached_has_no_value_and_no_verdict(sample):
    """2025-W52: most of its tickets are still open; the Kaplan–Meier median is not reached. The
    solved-only median (well under 1 h) would call a "≤ 1 h" goal met; here there is no value and
    the status is not built on it."""
    goal = Goal("w52", "resolution_median_h", DECREASE, 1, "2025-12-22", "2025-12-28", baseline=30, grain="week")
    s = one(sample, goal)
    hours, done, rows = resolution_rows(sample, "2025-12-22", "2025-12-29")
    assert sm_quantile(sm_curve(hours, done), 0.5) is None          # statsmodels: not reached either
    assert float(np.median(rows["resolution_h"].dropna())) < 1
    assert s.current is None and s.current_not_reached and s.current_period == "2025-W52"
    assert s.status == NOT_ENOUGH and s.status_basis == "not_reached" and s.status != MET
    assert s.progress is None and s.current_n == len(hours)
    assert goal_record(s)["current_not_reached"] is True


def test_the_baseline_period_is_the_kaplan_meier_quantile_of_its_window(sample):
    goal = Goal("q", "resolution_median_h", DECREASE, 0.1, "2025-10-01", "2026-03-31",
                baseline_start="2025-07-01", baseline_end="2025-09-30", grain="month")
    s = one(sample, goal)
    hours, done, _ = resolution_rows(sample, "2025-07-01", "2025-10-01")
    assert s.baseline == pytest.approx(sm_quantile(sm_curve(hours, done), 0.5))
    # the latest weeks' medians are not reached: no trend is fitted through them (nor around them)
    assert s.no_projection == "not_reached" and s.projected is None
    assert s.current_period == "2025-12" and s.current == pytest.approx(
        sm_quantile(sm_curve(*resolution_rows(sample, "2025-12-01", "2026-01-01")[:2]), 0.5))


def test_a_baseline_period_whose_quantile_is_not_reached_is_a_problem(sample):
    goal = Goal("p", "resolution_p90_h", DECREASE, 5, "2025-12-01", "2025-12-31",
                baseline_start="2025-12-01", baseline_end="2025-12-31", grain="month")
    s = one(sample, goal)
    hours, done, _ = resolution_rows(sample, "2025-12-01", "2026-01-01")
    assert sm_quantile(sm_curve(hours, done), 0.9) is None
    assert s.status is None and "not reached" in s.problem


def test_the_trend_points_are_kaplan_meier_quantiles_per_week(sample):
    metric = goal_metrics()["resolution_median_h"]
    hours, done, rows = resolution_rows(sample, "2025-10-06", "2025-11-03")
    waits = np.where(rows["resolution_h"].isna() & rows["is_open"].astype(bool), 0.0, rows["resolution_h"])
    when = rows["created_at"][~np.isnan(waits) & (waits >= 0)].reset_index(drop=True)
    points = period_points(when, hours, metric, "week", pd.Timestamp("2025-10-06"), pd.Timestamp("2025-11-03"), done)
    assert list(points["period"]) == ["2025-W41", "2025-W42", "2025-W43", "2025-W44"]
    week = pd.to_datetime(when).dt.isocalendar().week.to_numpy()
    for row in points.itertuples():
        mine = week == int(row.period[-2:])
        assert row.n == mine.sum()
        assert row.value == pytest.approx(sm_quantile(sm_curve(hours[mine], done[mine]), 0.5))
        assert not row.not_reached


def test_a_first_response_p90_goals_trend_runs_on_kaplan_meier_weeks(sample):
    """A running goal (deadline ahead of the data): its trend's weekly points are the Kaplan–Meier
    P90 of each week's first responses (statsmodels on the rebuilt rows)."""
    goal = Goal("f", "frt_p90_min", DECREASE, 60, "2025-10-01", "2026-03-31",
                baseline_start="2025-07-01", baseline_end="2025-09-30", grain="month")
    s = one(sample, goal)
    assert s.status_basis == "projection" and s.trend_grain == "week"
    t = sample.tickets
    now = max(t[c].max() for c in ("created_at", "first_response_at", "resolved_at", "closed_at"))
    unanswered = t["answered"].astype("boolean").eq(False).fillna(False).to_numpy()
    waiting = t["frt_min"].isna().to_numpy() & t["is_open"].astype(bool).to_numpy() & ~unanswered
    minutes = np.where(waiting, (now - t["created_at"]).dt.total_seconds() / 60, t["frt_min"])
    ok = ~np.isnan(minutes) & (minutes >= 0) & ~unanswered & t["created_at"].notna().to_numpy()
    for row in s.trend_table.itertuples():
        mine = ok & (t["created_at"] >= row.start).to_numpy() & (t["created_at"] < row.end).to_numpy() \
            & (t["created_at"] >= "2025-10-01").to_numpy()
        assert row.n == mine.sum()
        assert row.value == pytest.approx(sm_quantile(sm_curve(minutes[mine], ~waiting[mine]), 0.9))


def test_the_mean_first_response_stays_solved_only(sample):
    goal = Goal("m", "frt_mean_min", DECREASE, 8, "2025-11-01", "2025-11-30", baseline=15, grain="month")
    s = one(sample, goal)
    t = sample.tickets
    nov = t[(t["created_at"] >= "2025-11-01") & (t["created_at"] < "2025-12-01")]
    answered = ~nov["answered"].astype("boolean").eq(False).fillna(False)
    frt = nov.loc[answered, "frt_min"].dropna()
    frt = frt[frt >= 0]
    assert not s.km and s.current_censored == 0
    assert (s.current, s.current_n) == (pytest.approx(frt.mean()), len(frt))


def test_the_goals_json_carries_the_kaplan_meier_fields(sample, tmp_path):
    from analysis.store import STORE_FILE, Store

    store = Store(tmp_path / STORE_FILE)
    store.save_goal(Goal("dec", "resolution_median_h", DECREASE, 1, "2025-12-01", "2025-12-31", baseline=30,
                         grain="month"))
    payload = goals_payload(sample, store)
    [g] = payload["goals"]
    hours, done, _ = resolution_rows(sample, "2025-12-01", "2026-01-01")
    assert g["current"] == pytest.approx(sm_quantile(sm_curve(hours, done), 0.5))
    assert g["kaplan_meier"] and g["current_censored"] == int((~done).sum()) and g["status"] == MISSED
