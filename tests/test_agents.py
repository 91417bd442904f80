"""Per-agent table: counts and medians row by row, Wilson interval against statsmodels."""
from __future__ import annotations

import statistics

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from analysis.agents import agent_table

# agent: (responses, satisfied); frt and handle per ticket follow a rule written out below
PLAN = {"王芳": (40, 30), "李雷": (35, 20), "韩梅": (5, 5)}


def make_tickets() -> tuple[pd.DataFrame, list[dict]]:
    rows = []
    i = 0
    for agent, (n, k) in PLAN.items():
        for j in range(n):
            i += 1
            rows.append({"ticket_id": str(i), "agent": agent,
                         "created_at": pd.Timestamp("2026-03-02 09:00") + pd.Timedelta(hours=i),
                         "frt_min": float(i % 7 + len(agent)), "handle_min": float(j % 5 + 2),
                         "first_contact_resolved": j % 3 != 0,
                         "csat": 5.0 if j < k else 2.0})
    # one ticket with no agent and no score
    rows.append({"ticket_id": "x", "agent": None, "created_at": pd.Timestamp("2026-03-05 10:00"),
                 "frt_min": 3.0, "handle_min": 1.0, "first_contact_resolved": None, "csat": None})
    frame = pd.DataFrame(rows)
    frame["agent"] = frame["agent"].astype("str")
    frame["ticket_id"] = frame["ticket_id"].astype("str")
    frame["created_at"] = frame["created_at"].astype("datetime64[ns]")
    frame["first_contact_resolved"] = frame["first_contact_resolved"].astype("boolean")
    frame["csat"] = frame["csat"].astype("float64")
    frame["csat_satisfied"] = (frame["csat"] >= 4).astype("boolean").mask(frame["csat"].isna())
    return frame, rows


def test_agent_table_row_by_row():
    tickets, rows = make_tickets()
    responses = tickets[tickets["csat"].notna()]
    table = agent_table(tickets, responses).set_index("agent")
    for agent, (n, k) in PLAN.items():
        mine = [r for r in rows if r["agent"] == agent]
        assert table.loc[agent, "tickets"] == len(mine)
        assert table.loc[agent, "frt_median_min"] == statistics.median(r["frt_min"] for r in mine)
        assert table.loc[agent, "handle_median_min"] == statistics.median(r["handle_min"] for r in mine)
        fcr = [r["first_contact_resolved"] for r in mine]
        assert table.loc[agent, "fcr_pct"] == pytest.approx(100 * sum(fcr) / len(fcr))
        assert table.loc[agent, "csat_n"] == n
        assert table.loc[agent, "csat_pct"] == pytest.approx(100 * k / n)
        lo, hi = proportion_confint(k, n, method="wilson")
        assert table.loc[agent, "csat_ci_low"] == pytest.approx(100 * lo)
        assert table.loc[agent, "csat_ci_high"] == pytest.approx(100 * hi)
    # 5 responses: flagged, not ranked; the others ranked by CSAT %
    assert bool(table.loc["韩梅", "small_n"]) and pd.isna(table.loc["韩梅", "csat_rank"])
    assert table.loc["王芳", "csat_rank"] == 1 and table.loc["李雷", "csat_rank"] == 2
    # the blank agent keeps its ticket, with no CSAT and no FCR to show
    assert table.loc["(blank)", "tickets"] == 1 and table.loc["(blank)", "csat_n"] == 0
    assert pd.isna(table.loc["(blank)", "csat_pct"]) and pd.isna(table.loc["(blank)", "fcr_pct"])
    assert list(table["tickets"]) == sorted(table["tickets"], reverse=True)
