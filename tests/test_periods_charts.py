"""Tests of charts/periods.py and charts/goals.py: the specs carry the interval band, the partial
marking, the target line, the control limits and the goal statuses, from aggregated data only."""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.periods_frames import tickets_frame  # noqa: E402

from analysis.goals import default_goals, evaluate_goals  # noqa: E402
from analysis.metrics import METRICS  # noqa: E402
from analysis.periods import period_table  # noqa: E402
from charts.goals import bullet_chart, projection_chart  # noqa: E402
from charts.periods import period_chart  # noqa: E402


def tickets():
    rng = np.random.default_rng(0)
    created = pd.Series(pd.Timestamp("2025-01-10") + pd.to_timedelta(np.sort(rng.uniform(0, 150, 3000)), unit="D"))
    return tickets_frame(created, csat=pd.Series(rng.choice([2.0, 4.0, 5.0], 3000)))


def marks(spec):
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]


def test_period_chart_has_band_partial_marking_and_target():
    t = tickets()
    table = period_table(METRICS["csat_pct"].observations(t, t), METRICS["csat_pct"], "month")
    spec = period_chart(table, "CSAT", "%", target=85).to_dict()
    assert marks(spec) == ["area", "line", "point", "rule"]
    data = next(iter(spec["datasets"].values()))
    assert len(data) == len(table) and {"ci_low", "ci_high", "partial"} <= set(data[0])
    assert [row["partial"] for row in data] == table["partial"].tolist()
    assert spec["layer"][2]["encoding"]["fillOpacity"]["condition"]["test"] == "datum.partial"
    assert any(v == [{"target": 85.0}] for v in spec["datasets"].values())


def test_goal_charts():
    t = tickets()
    statuses = evaluate_goals(default_goals(pd.Timestamp("2025-06-05")), t, t)
    spec = bullet_chart(statuses).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["status"] for r in rows] == [s.status or "none" for s in statuses]
    assert marks(spec) == ["bar", "bar", "tick"]
    with_projection = next(s for s in statuses if s.projected is not None)
    pspec = projection_chart(with_projection).to_dict()
    assert "errorbar" in marks(pspec) and marks(pspec)[-1] == "rule"


def test_the_partial_legend_names_partial_periods_in_the_readers_language_and_only_when_there_are_any():
    t = tickets()
    table = period_table(METRICS["csat_pct"].observations(t, t), METRICS["csat_pct"], "month")
    whole = table.assign(partial=False)
    shape = period_chart(whole, "CSAT %", "%").to_dict()["layer"][2]["encoding"]["shape"]
    assert shape["legend"] is None                                 # no "Partial period ● false"
    spec = period_chart(table.assign(partial=[True] + [False] * (len(table) - 1)), "满意度", "%", lang="zh").to_dict()
    assert spec["layer"][2]["encoding"]["shape"]["title"] == "不完整周期"
    data = next(iter(spec["datasets"].values()))
    assert {row["kind"] for row in data} == {"不完整（数据只覆盖部分）", "完整"}
    assert spec["layer"][0]["encoding"]["y"]["title"] == "满意度（%）"
    assert period_chart(whole, "CSAT %", "%").to_dict()["layer"][0]["encoding"]["y"]["title"] == "CSAT %"
