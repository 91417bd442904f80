"""The report's content: every section on the samples, its numbers against independent pandas
computations on the same rows, charts aggregated, anonymising agents, date cuts, guards."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.goals import default_goals
from analysis.load import load_files
from analysis.report import (MAX_CHART_ROWS, SECTIONS, agent_aliases, anonymise_frame, build_report, chart_rows,
                             notebook_report, restrict)
from analysis.whatif import Shift
from kmref import sm_curve, sm_quantile


@pytest.fixture(scope="module")
def en(sample_files):
    return load_files([(n, sample_files[n]) for n in ("tickets_en.csv", "survey_en.csv")]).dataset


@pytest.fixture(scope="module")
def zh(sample_files):
    return load_files([(n, sample_files[n]) for n in ("tickets_zh.csv", "survey_zh.xlsx")]).dataset


@pytest.fixture(scope="module")
def report_en(en):
    return build_report(en, boot=20)


def test_every_section_present_with_tables_behind_charts(report_en):
    assert [s.key for s in report_en.sections] == list(SECTIONS)
    for sec in report_en.sections:
        assert sec.problem is None, (sec.key, sec.problem)
        assert sec.narrative and sec.explainer
        for name, chart in sec.charts.items():
            if name != "whatif":
                assert name in sec.tables          # the table behind each chart is exported
            assert 0 < chart_rows(chart) <= MAX_CHART_ROWS
    assert not report_en.quality.empty and set(report_en.definitions["key"]) >= {"csat_pct", "frt_median_min"}


def test_headline_numbers_match_pandas(en, report_en):
    tickets, survey = en.tickets, en.survey
    sec = report_en.section("overview")
    volume = next(s for s in sec.sentences if s.key == "report.sent.volume").values
    assert volume == {"tickets": len(tickets), "responses": len(survey)}
    # CSAT %: share of valid 1–5 scores that are 4 or 5, from the survey frame directly
    scores = survey["csat"].dropna()
    scores = scores[(scores >= 1) & (scores <= 5)]
    csat = next(s for s in sec.sentences if s.key == "report.sent.csat").values
    assert csat["n"] == len(scores)
    assert csat["value"] == pytest.approx((scores >= 4).mean() * 100)
    # first response, answered tickets only: median and P90 over the tickets with a known,
    # non-negative time (the solved-only figure, beside the Kaplan–Meier one)
    frt = tickets["frt_min"].dropna()
    frt = frt[frt >= 0]
    values = next(s for s in sec.sentences if s.key == "report.sent.frt").values
    assert values["median_solved"] == pytest.approx(np.median(frt))
    assert values["p90_solved"] == pytest.approx(np.percentile(frt, 90))
    # the headline is Kaplan–Meier: statsmodels on every dated ticket, an open unanswered one at
    # its clock wait to the export's latest timestamp
    now = max(tickets[c].max() for c in ("created_at", "first_response_at", "resolved_at", "closed_at"))
    waiting = tickets["frt_min"].isna() & tickets["is_open"].astype(bool)
    minutes = np.where(waiting, (now - tickets["created_at"]).dt.total_seconds() / 60, tickets["frt_min"])
    keep = ~np.isnan(minutes) & ~(minutes < 0)
    sf = sm_curve(minutes[keep], (~waiting).to_numpy()[keep])
    assert values["km_median"] == pytest.approx(sm_quantile(sf, 0.5))
    assert values["censored"] == int((waiting & tickets["created_at"].notna()).sum())
    resolution = next(s for s in sec.sentences if s.key == "report.sent.resolution").values
    open_now = tickets["resolution_h"].isna() & tickets["is_open"].astype(bool)
    hours = np.where(open_now, (now - tickets["created_at"]).dt.total_seconds() / 3600, tickets["resolution_h"])
    keep = ~np.isnan(hours) & ~(hours < 0)
    sf = sm_curve(hours[keep], (~open_now).to_numpy()[keep])
    assert resolution["km_median"] == pytest.approx(sm_quantile(sf, 0.5))
    assert resolution["median_solved"] == pytest.approx(tickets["resolution_h"].dropna().median())
    assert "Kaplan–Meier" in next(s for s in sec.sentences if s.key == "report.sent.resolution").text("en")
    kpis = sec.tables["kpis"].set_index("key")
    assert kpis.loc["tickets", "value"] == len(tickets)      # a ticket with no creation time still counts


def test_pareto_sentence_matches_value_counts(en, report_en):
    complaints = en.tickets[en.tickets["is_complaint"]]
    counts = complaints["category"].fillna("(blank)").value_counts()
    values = report_en.section("complaints").sentences[0].values
    assert values["n"] == len(complaints)
    cum = counts.cumsum() / counts.sum()
    # the vital few: the fewest top causes reaching 80 % (the sample has an "Other" category, kept last)
    table = report_en.section("complaints").tables["pareto"]
    named = table[~table["is_other"]]
    assert values["vital"] == int(table["vital_few"].sum())
    assert values["share"] == pytest.approx(named.loc[named["vital_few"], "count"].sum() / counts.sum())
    assert cum.iloc[-1] == pytest.approx(1.0)


def test_period_comparison_against_scipy(en, report_en):
    from scipy import stats
    values = report_en.section("periods").sentences[0].values
    table = report_en.section("periods").tables["periods"].set_index("period")
    now, before = table.loc[values["current"]], table.loc[values["before"]]
    x1, n1 = round(now["value"] * now["n"] / 100), now["n"]
    x2, n2 = round(before["value"] * before["n"] / 100), before["n"]
    # two-proportion z test = chi-square test of the 2×2 table without continuity correction
    chi2, p, _, _ = stats.chi2_contingency([[x1, n1 - x1], [x2, n2 - x2]], correction=False)
    assert values["p"] == ("p < 0.001" if p < 0.001 else f"p = {p:.3f}")
    assert values["change"] == pytest.approx(now["value"] - before["value"])
    assert (values["n_now"], values["n_before"]) == (n1, n2)
    assert values["lo"] < values["change"] < values["hi"]


def test_date_range_cuts_tickets_and_survey(en):
    cut = restrict(en, "2025-03-01", "2025-03-31")
    created = en.tickets["created_at"]
    expected = ((created >= "2025-03-01") & (created < "2025-04-01")).sum()
    assert len(cut.tickets) == expected
    assert cut.survey["ticket_id"].isin(cut.tickets["ticket_id"]).all()
    report = build_report(en, start="2025-03-01", end="2025-03-31", sections=("overview",))
    assert report.n_tickets == expected and report.filters == {"From": "2025-03-01", "To": "2025-03-31"}


def test_anonymised_report_shows_no_agent_name(en):
    names = sorted(en.tickets["agent"].dropna().unique())
    aliases = agent_aliases(reversed(names))
    assert aliases == agent_aliases(names)                      # stable whatever the order
    assert aliases[names[0]] == "Agent 1" and len(set(aliases.values())) == len(names)
    assert agent_aliases(names, "zh")[names[1]] == "坐席2"
    report = build_report(en, anonymise=True, boot=0, sections=("overview", "complaints"))
    text = json.dumps([c.to_dict() for s in report.sections for c in s.charts.values()], default=str)
    text += " ".join(t.to_csv() for s in report.sections for t in s.tables.values())
    assert not [n for n in names if n in text]
    assert "Agent 1" in text


def test_anonymise_frame_replaces_exact_cells_only():
    frame = pd.DataFrame({"agent": ["Li Na", "Wang", None], "note": ["Li Na said", "x", "y"]})
    out = anonymise_frame(frame, {"Li Na": "Agent 1", "Wang": "Agent 2"})
    assert out["agent"].tolist()[:2] == ["Agent 1", "Agent 2"] and pd.isna(out["agent"].iloc[2])
    assert out["note"].iloc[0] == "Li Na said"


def test_chinese_report(zh):
    report = build_report(zh, lang="zh", boot=0, sections=("overview", "complaints", "whatif"))
    assert report.section("complaints").title == "投诉从哪里来"
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in line) for s in report.sections for line in s.narrative)
    causes = report.section("complaints").tables["pareto"]["cause"].tolist()
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in c) for c in causes)


def test_without_goals_the_goals_section_says_none_are_set(en):
    """No goals given (a new user): no defaults invented, in either language."""
    for lang, text in (("en", "No goals set"), ("zh", "尚未设定目标")):
        sec = build_report(en, boot=0, lang=lang, sections=("goals", "whatif")).section("goals")
        assert len(sec.narrative) == 1 and sec.narrative[0].startswith(text)
        assert sec.tables == {} and sec.charts == {} and sec.statuses == [] and sec.problem is None


def test_a_goal_whose_median_is_not_reached_gets_no_verdict_in_the_report(en):
    """2025-W52's resolution median is not reached (statsmodels agrees: tests/test_goals_km.py):
    the report says so instead of a verdict."""
    from analysis.goals import DECREASE, Goal

    goal = Goal("w52", "resolution_median_h", DECREASE, 1, "2025-12-22", "2025-12-28", baseline=30, grain="week",
                name="Christmas week")
    for lang, text in (("en", "Christmas week: no verdict — the median of 2025-W52 is not reached ("),
                       ("zh", "Christmas week：无法判断——2025-W52 的中位数尚未达到（")):
        [line] = build_report(en, boot=0, lang=lang, sections=("goals",), goals=[goal]).section("goals").narrative
        assert line.startswith(text)


def test_whatif_section_uses_the_given_shift(en):
    report = build_report(en, boot=0, sections=("goals", "whatif"), shifts=[Shift("frt_min", -0.3, "relative")],
                          goals=default_goals(en.date_span[1]))
    table = report.section("whatif").tables["whatif_goals"].set_index("metric")
    goals = report.section("goals").tables["goals"].set_index("metric")
    # a median, P90 or mean of times cut by 30 % is 0.7 × the figure
    frt = [m for m in goals.index if m.startswith("frt_")]
    assert frt
    for metric in frt:
        assert table.loc[metric, "predicted"] == pytest.approx(0.7 * goals.loc[metric, "current"])


def test_without_survey_sections_say_why(en):
    tickets = en.tickets.assign(csat=np.nan, csat_satisfied=pd.array([pd.NA] * len(en.tickets), dtype="boolean"),
                                nps=np.nan)
    bare = type(en)(tickets=tickets, survey=None, drivers=[], quality=[], files=[], name="bare")
    report = build_report(bare, boot=0)
    problems = {s.key: s.problem for s in report.sections}
    assert problems["overview"] is None and problems["complaints"] is None
    for key in ("drivers", "periods", "whatif"):
        assert problems[key] and "satisfaction" in problems[key]


def test_notebook_report_keeps_order_notes_and_filters():
    table = pd.DataFrame({"agent": ["Li Na"], "tickets": [3]})
    items = [{"title": "B", "spec": None, "table": table, "filters": {"Channel": "Phone"}, "note": "=1+1"},
             {"title": "A", "spec": {"mark": "bar", "data": {"values": [{"agent": "Li Na"}]}}, "table": None,
              "filters": {}, "note": ""}]
    report = notebook_report(items, aliases={"Li Na": "Agent 1"})
    assert [s.title for s in report.sections] == ["B", "A"]
    assert report.sections[0].notes == ["=1+1", "Filters: Channel: Phone"]
    assert report.sections[0].tables["table"]["agent"].tolist() == ["Agent 1"]
    assert report.sections[1].charts["chart"]["data"]["values"] == [{"agent": "Agent 1"}]


def test_report_boot_keeps_the_resampling_budget():
    from analysis.report import report_boot
    assert report_boot(12_000) == 50                      # 50 × 12,000 rows is within 5,000,000
    assert report_boot(150_000) == 5_000_000 // 150_000   # 33
    assert report_boot(400_000) == 20                     # the floor
    assert report_boot(0) == 50


def test_drivers_table_writes_p_as_text_in_the_report_and_its_html(en, report_en):
    from scipy import stats
    from analysis.export import report_html
    table = report_en.section("drivers").tables["correlations"]
    responses = en.responses()
    both = responses[["Resolution Speed", "csat"]].dropna()
    raw = stats.spearmanr(both["Resolution Speed"], both["csat"]).pvalue          # underflows to 0
    assert raw < 1e-300
    row = table.set_index("driver").loc["Resolution Speed"]
    assert row["p"] == "< 0.001" and row["p_adj"] == "< 0.001"
    html = report_html(report_en)
    section = html[html.index(f"<h2>{report_en.section('drivers').title}</h2>"):]
    section = section[:section.index("</section>")]
    assert "&lt; 0.001" in section and "e-" not in section.split("<table", 1)[1]
