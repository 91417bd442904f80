"""Agents page: the table equals analysis.agents.agent_table on the same filtered data, the CSAT
interval is the Wilson interval (checked against statsmodels), small n is flagged and not ranked,
Chinese labels, a filter change, and data without an agent column."""
from __future__ import annotations

import datetime as dt

import math
from pathlib import Path

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint
from streamlit.testing.v1 import AppTest

import pagekit

from analysis.agents import agent_table
from analysis.load import load_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
PAGE = "pages/agents.py"
TINY = b"Ticket ID,Created at,Channel\nT1,2024-01-01 09:00,Phone\nT2,2024-01-02 10:00,Email\n"


def open_page(lang: str = "en") -> AppTest:
    return pagekit.open_page(PAGE, lang)


def page_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "CSAT rank" in d.value.columns)


def same(a, b) -> bool:
    return (pd.isna(a) and pd.isna(b)) or a == b


def test_table_equals_agent_table_and_intervals_are_wilson():
    at = open_page()
    ds = at.session_state["dataset"]
    expected = agent_table(ds.tickets, ds.responses(), csat_scale=tuple(ds.csat_scale))
    page = page_table(at)
    assert page["Agent"].tolist() == expected["agent"].tolist()
    for shown, key in (("Tickets", "tickets"), ("First response (median, min)", "frt_median_min"),
                       ("Handling time (median, min)", "handle_median_min"), ("FCR (%)", "fcr_pct"),
                       ("CSAT %", "csat_pct"), ("CSAT 95 % CI low", "csat_ci_low"), ("Scored responses", "csat_n")):
        assert all(same(a, b) for a, b in zip(page[shown], expected[key])), shown
    # independent check of one agent's figures: counted from the responses, interval by statsmodels
    row = page.iloc[0]
    resp = ds.responses()
    mine = resp[(resp["agent"] == row["Agent"]) & resp["csat"].between(1, 5)]
    k, n = int((mine["csat"] >= 4).sum()), len(mine)
    assert row["Scored responses"] == n and math.isclose(row["CSAT %"], k / n * 100, rel_tol=1e-12)
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert math.isclose(row["CSAT 95 % CI low"], low * 100, rel_tol=1e-9)
    assert math.isclose(row["CSAT 95 % CI high"], high * 100, rel_tol=1e-9)
    assert len(at.get("vega_lite_chart")) == 1      # the CSAT-with-intervals chart


def test_small_n_is_flagged_not_ranked_and_the_threshold_is_editable():
    at = open_page()
    at.number_input(key="agents_min_n").set_value(1000).run()
    page = page_table(at)
    flagged = page["Too few responses to rank"].to_numpy(dtype=bool)
    assert np.array_equal(flagged, page["Scored responses"].to_numpy() < 1000)
    assert page.loc[flagged, "CSAT rank"].isna().all()
    ranked = page.loc[~flagged].sort_values("CSAT rank")
    assert ranked["CSAT %"].is_monotonic_decreasing
    assert any("fewer than 1000" in c.value for c in at.caption)


def test_filter_change():
    at = open_page()
    ds = at.session_state["dataset"]
    at.multiselect(key="filter_channel").set_value(["Phone"]).run()
    kept = ds.tickets[ds.tickets["channel"] == "Phone"].reset_index(drop=True)
    survey = ds.survey[ds.survey["ticket_id"].isin(kept["ticket_id"].dropna())]
    responses = type(ds)(tickets=kept, survey=survey).responses()
    expected = agent_table(kept, responses, csat_scale=tuple(ds.csat_scale))
    page = page_table(at)
    assert page["Tickets"].tolist() == expected["tickets"].tolist()
    assert all(same(a, b) for a, b in zip(page["CSAT %"], expected["csat_pct"]))


def test_a_date_range_counts_tickets_created_and_responses_given_in_it():
    # as on the Overview (the KPI registry): a response counts in the range it was given in
    at = open_page()
    ds = at.session_state["dataset"]
    at.date_input(key="filter_dates").set_value((dt.date(2025, 3, 1), dt.date(2025, 5, 31))).run()
    assert not at.exception
    expected = agent_table(ds.tickets, ds.responses(), start="2025-03-01", end="2025-05-31",
                           csat_scale=tuple(ds.csat_scale))
    page = page_table(at)
    created = ds.tickets["created_at"]
    in_range = (created >= "2025-03-01") & (created < "2025-06-01")
    assert page["Tickets"].sum() == expected["tickets"].sum() == in_range.sum()
    assert all(same(a, b) for a, b in zip(page["CSAT %"], expected["csat_pct"]))


def test_chinese_labels():
    at = open_page("zh")
    frame = next(d.value for d in at.dataframe if "满意率排名" in d.value.columns)
    assert "处理人" in frame.columns and len(frame) > 1
    assert any(s.value == "各客服满意率及 95% 区间" for s in at.subheader)


def test_data_without_agent_column():
    at = pagekit.open_page_on_upload(PAGE, "t.csv", TINY)
    assert not at.exception
    assert any("no agent column" in i.value for i in at.info)
    assert not at.dataframe
