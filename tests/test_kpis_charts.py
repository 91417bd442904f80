"""Chart builders of the Overview/Operations pages: valid Vega-Lite specs on aggregated data."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.agents import agent_table
from analysis.kpis import breakdown, heatmap, trend
from analysis.sla import age_histogram, backlog, sla_compliance
from charts.operations import agent_csat_chart, backlog_age_chart, sla_chart
from charts.overview import breakdown_chart, heatmap_chart, trend_chart
from test_kpis import make_tickets, responses_of


@pytest.fixture(scope="module")
def frames():
    tickets = make_tickets()
    return tickets, responses_of(tickets)


def _data_rows(spec: dict) -> int:
    return sum(len(v) for v in spec.get("datasets", {}).values())


def test_overview_charts(frames):
    tickets, responses = frames
    tr = trend(tickets, responses, "W")
    spec = trend_chart(tr, "zh").to_dict()
    assert _data_rows(spec) == len(tr)
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert spec["layer"][0]["encoding"]["y"]["title"] == "工单量"
    table = breakdown(tickets, responses, "channel")
    spec = breakdown_chart(table, "channel").to_dict()
    assert spec["encoding"]["y"]["field"] == "channel" and _data_rows(spec) == len(table)
    spec = heatmap_chart(heatmap(tickets)).to_dict()
    assert _data_rows(spec) == 168 and spec["encoding"]["color"]["field"] == "share_of_day_pct"


def test_operations_charts(frames):
    tickets, responses = frames
    compliance = sla_compliance(tickets).compliance
    spec = sla_chart(compliance).to_dict()
    assert _data_rows(spec) == compliance[["response_met_pct", "resolution_met_pct"]].notna().sum().sum()
    report = backlog(tickets)
    hist = age_histogram(report.tickets)
    assert hist["tickets"].sum() == report.open_count
    spec = backlog_age_chart(hist).to_dict()
    assert spec["encoding"]["y"]["stack"] is True
    spec = agent_csat_chart(agent_table(tickets, responses)).to_dict()
    assert len(spec["layer"]) == 2


def test_raw_rows_are_refused():
    with pytest.raises(ValueError):
        heatmap_chart(pd.DataFrame({"weekday": [0] * 6000, "hour": 0, "tickets": 1, "share_of_day_pct": 1.0}))


def test_age_histogram_bands():
    ages = pd.DataFrame({"age_h": [0.5, 3.9, 4.0, 30.0, 500.0], "state": ["ok", "near", "overdue", "overdue", "overdue"]})
    hist = age_histogram(ages)
    by_band = hist.groupby("band", sort=False)["tickets"].sum()
    assert by_band["0–1 h"] == 1 and by_band["1–4 h"] == 1 and by_band["4–8 h"] == 1
    assert by_band["24–48 h"] == 1 and by_band["≥ 168 h"] == 1
