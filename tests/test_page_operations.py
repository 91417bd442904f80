"""Operations & SLA page: compliance per tier equals analysis.sla (clock and business time, edited
tiers), the CLI's SLA block equals the page's table, breaches and backlog, Chinese labels, and
data without priority or creation times. Plus the tier-table helpers the page's editor uses."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import pagekit

from analysis import schema, sla
from analysis.kpis import report_as_of
from analysis.schema import SlaTier

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
PAGE = "pages/operations.py"
TINY = (b"Ticket ID,Created at,Channel\nT1,2024-01-01 09:00,Phone\nT2,2024-01-02 10:00,Email\n"
        b"T3,2024-01-03 11:00,Phone\n")


def open_page(lang: str = "en") -> AppTest:
    return pagekit.open_page(PAGE, lang)


def table(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def assert_same(page: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert page["Priority"].tolist() == expected["priority"].tolist()
    assert page["Tickets"].tolist() == expected["n"].tolist()
    for shown, key in (("First response met (%)", "response_met_pct"), ("Resolution met (%)", "resolution_met_pct")):
        for a, b in zip(page[shown], expected[key]):
            assert (math.isnan(a) and math.isnan(b)) or a == b


# --- tier table helpers --------------------------------------------------------------------------
def test_tier_table_round_trip_and_errors():
    table_ = sla.tiers_table()
    assert table_["priority"].tolist() == list(schema.SLA_TIERS)
    # DOMAIN.md: urgent 5 min / 2 h, medium 30 min / 3 working days
    assert table_.loc[0, ["respond_min", "resolve_h"]].tolist() == [5.0, 2.0]
    assert table_.loc[2, "resolve_business_days"] == 3.0 and math.isnan(table_.loc[2, "resolve_h"])
    assert sla.tiers_from_table(table_) == {k: SlaTier(float(t.respond_min),
                                                        None if t.resolve_h is None else float(t.resolve_h),
                                                        t.resolve_business_days) for k, t in schema.SLA_TIERS.items()}
    edited = pd.concat([table_, pd.DataFrame({"priority": [" VIP ", None], "respond_min": [1.0, 3.0]})])
    assert sla.tiers_from_table(edited)["vip"] == SlaTier(1.0)
    for bad in ({"priority": ["x"], "respond_min": [-1.0]}, {"priority": ["x", "x"], "respond_min": [1.0, 2.0]},
                {"priority": ["x"], "respond_min": [float("nan")]}):
        with pytest.raises(sla.SlaError):
            sla.tiers_from_table(pd.DataFrame(bad))


def test_uncovered_years_names_years_without_make_up_days():
    tickets = pd.DataFrame({"created_at": pd.to_datetime(["2024-05-01", "2099-01-03", None])})
    assert sla.uncovered_years(tickets) == [2099]


# --- the page ------------------------------------------------------------------------------------
def test_compliance_equals_sla_report_and_the_cli():
    at = open_page()
    ds = at.session_state["dataset"]
    # the page and the CLI both measure in business time unless told otherwise (targets are working days)
    assert at.segmented_control(key="ops_calendar").value == "business"
    expected = sla.sla_compliance(ds.tickets, calendar="business", as_of=report_as_of(ds.tickets)).compliance
    page = table(at, "First response met (%)")
    assert_same(page, expected)
    files = [str(SAMPLE / "tickets_en.csv"), str(SAMPLE / "survey_en.csv")]
    out = subprocess.run([sys.executable, "-m", "analysis", "kpis", *files, "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    cli = pd.DataFrame(json.loads(out.stdout)["sla"]).rename(columns={"n": "Tickets", "priority": "Priority",
                                                                       "response_met_pct": "First response met (%)",
                                                                       "resolution_met_pct": "Resolution met (%)"})
    assert_same(cli.fillna(float("nan")), expected)
    # breaches: ticket, how late, agent; the backlog figures equal analysis.sla.backlog
    report = sla.sla_compliance(ds.tickets, calendar="business", as_of=report_as_of(ds.tickets))
    shown_late = report.breaches["late_min"].head(1000)
    # the times read in the unit of their median: minutes < 2 h, hours < 3 days, else days
    typical = float(pd.concat([report.breaches[c].head(1000) for c in ("elapsed_min", "target_min", "late_min")])
                    .abs().median())
    unit, per = ("min", 1) if typical < 120 else ("h", 60) if typical < 4320 else ("d", 1440)
    breaches = table(at, f"Late by ({unit})")
    assert breaches["Ticket"].tolist() == report.breaches["ticket_id"].head(1000).tolist()
    assert np.allclose(breaches[f"Late by ({unit})"], shown_late / per)
    assert (breaches[f"Late by ({unit})"] > 0).all() and "Agent" in breaches.columns
    monitor = sla.backlog(ds.tickets, calendar="business", as_of=report_as_of(ds.tickets))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Open tickets"] == f"{monitor.open_count:,}"
    assert metrics["Past their SLA"] == f"{monitor.overdue_count:,}"
    assert metrics["Unanswered > 10 min"] == f"{monitor.alert_count:,}"
    assert any(b.label == "Download CSV" for b in at.get("download_button"))


def test_business_hours_and_edited_tiers():
    at = open_page()
    ds = at.session_state["dataset"]
    as_of = report_as_of(ds.tickets)
    at.segmented_control(key="ops_calendar").set_value("business").run()
    assert not at.exception
    business = sla.sla_compliance(ds.tickets, calendar="business", as_of=as_of).compliance
    assert_same(table(at, "First response met (%)"), business)
    assert any("make-up working days" in c.value for c in at.caption)
    # urgent: respond within 60 minutes instead of 5
    at.session_state["ops_tiers"] = {"edited_rows": {0: {"respond_min": 60}}, "added_rows": [], "deleted_rows": []}
    at.run()
    tiers = dict(schema.SLA_TIERS, urgent=SlaTier(60, resolve_h=2))
    edited = sla.sla_compliance(ds.tickets, calendar="business", tiers=tiers, as_of=as_of).compliance
    assert_same(table(at, "First response met (%)"), edited)
    assert edited["response_met_pct"].iloc[0] > business["response_met_pct"].iloc[0]
    # an impossible target: a clear message, the defaults apply
    at.session_state["ops_tiers"] = {"edited_rows": {0: {"respond_min": -5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert any("cannot be used" in e.value for e in at.error)
    assert_same(table(at, "First response met (%)"), business)


def test_filter_change_and_alert_threshold():
    at = open_page()
    ds = at.session_state["dataset"]
    at.multiselect(key="filter_channel").set_value(["Email"]).run()
    kept = ds.tickets[ds.tickets["channel"] == "Email"].reset_index(drop=True)
    expected = sla.sla_compliance(kept, calendar="business", as_of=report_as_of(ds.tickets)).compliance
    assert_same(table(at, "First response met (%)"), expected)
    at.number_input(key="ops_alert_min").set_value(60.0).run()
    monitor = sla.backlog(kept, calendar="business", as_of=report_as_of(ds.tickets), alert_threshold_min=60.0)
    assert {m.label: m.value for m in at.metric}["Unanswered > 60 min"] == f"{monitor.alert_count:,}"
    # as of now (the sample ends in 2025): every open ticket has waited since, none is "near"
    at.segmented_control(key="ops_as_of").set_value("now").run()
    assert not at.exception
    now = sla.backlog(kept, calendar="business", as_of=pd.Timestamp.now().floor("min"), alert_threshold_min=60.0)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Open tickets"] == f"{now.open_count:,}" and shown["Near their SLA"] == "0"


def test_chinese_labels():
    at = open_page("zh")
    assert any(s.value == "各紧急程度 SLA 达成率" for s in at.subheader)
    assert any("首次响应达成率（%）" in d.value.columns for d in at.dataframe)
    assert "未结工单" in [m.label for m in at.metric]


def test_data_without_priority_says_what_is_missing():
    at = pagekit.open_page_on_upload(PAGE, "t.csv", TINY)
    assert not at.exception
    assert any("no priority column" in i.value for i in at.info)
    # neither a resolution time nor a status: the backlog is unknown, not 0
    assert any("cannot tell which tickets are still open" in i.value for i in at.info)
    assert "Open tickets" not in [m.label for m in at.metric]


def test_time_cards_are_kaplan_meier_with_the_solved_only_figure():
    """The Operations page's response and resolution cards: the Kaplan–Meier figure (statsmodels
    on the sample's rows, open tickets at their clock wait to the export's last timestamp) with
    the solved-only figure and the still-waiting count beside it."""
    import numpy as np
    from kmref import sm_curve, sm_quantile

    at = open_page()
    ds = at.session_state["dataset"]
    t = ds.tickets
    now = max(t[c].max() for c in ("created_at", "first_response_at", "resolved_at", "closed_at"))
    waiting = t["resolution_h"].isna() & t["is_open"].astype(bool)
    hours = np.where(waiting, (now - t["created_at"]).dt.total_seconds() / 3600, t["resolution_h"])
    keep = ~np.isnan(hours)
    expected = sm_quantile(sm_curve(hours[keep], (~waiting).to_numpy()[keep]), 0.5)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Resolution time (median)"] == f"{expected:.2f} h"
    solved = float(np.median(t["resolution_h"].dropna()))
    captions = "\n".join(c.value for c in at.caption)
    censored = int((waiting & t["created_at"].notna()).sum())
    assert f"solved only {solved:.2f} h · {censored:,} still waiting" in captions
    assert "Resolution time (P90)" in shown and "First response (P90)" in shown


def test_backlog_ages_read_in_the_unit_of_their_median():
    at = open_page()
    ds = at.session_state["dataset"]
    monitor = sla.backlog(ds.tickets, calendar="business", as_of=report_as_of(ds.tickets))
    late = monitor.tickets[monitor.tickets["state"].isin(["overdue", "near"])].head(1000)
    hours = late["age_h"].abs().median()
    unit, per_hour = ("min", 60) if hours < 2 else ("h", 1) if hours < 72 else ("d", 1 / 24)
    shown = table(at, f"Age (clock {unit})")
    assert np.allclose(shown[f"Age (clock {unit})"], late["age_h"] * per_hour)
    waited = late[["age_min", "left_min", "waiting_response_min"]].abs().stack().median()
    unit, per_min = ("min", 1) if waited < 120 else ("h", 60) if waited < 4320 else ("d", 1440)
    assert np.allclose(shown[f"Time left ({unit})"], late["left_min"] / per_min, equal_nan=True)
