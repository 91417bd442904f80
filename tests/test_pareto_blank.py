"""Blank causes and default populations: a row with no cause recorded is left out of every
ranking, share and test (the stratified Pareto, the before/after comparison, the skew test, the
fishbone) and counted apart; a cause column's default population is the one it applies to.
Expected values are counted by hand in the comments or computed with scipy / pandas here."""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import pareto as pa
from analysis.fishbone import fishbone
from analysis.load import load_files
from analysis.report import complaints_section


def frame(**columns) -> pd.DataFrame:
    return pd.DataFrame({k: pd.array(v, dtype="str") if k in {"category", "channel", "reason"} else v
                         for k, v in columns.items()})


def test_stratified_pareto_leaves_blanks_out_of_every_group():
    # x: a ×4, blank ×2; y: b ×3, a ×1, blank ×1. Overall a 5, b 3 (of 8 with a cause), 3 blank.
    f = frame(category=["a"] * 4 + [None, ""] + ["b"] * 3 + ["a", "  "],
              channel=["x"] * 6 + ["y"] * 5)
    s = pa.stratified_pareto(f, "category", "channel")
    assert s.order == ["a", "b"] and s.overall.n_blank == 3
    assert s.n_blank == {"x": 2, "y": 1}
    x = s.table[s.table["stratum"] == "x"]
    assert x["count"].tolist() == [4, 0] and x["share"].tolist() == pytest.approx([1.0, 0.0])
    y = s.strata["y"]
    assert y.table["cause"].tolist() == ["b", "a"] and y.table["share"].tolist() == pytest.approx([0.75, 0.25])
    assert y.n == 5 and y.n_cause == 4 and y.n_blank == 1


def test_compare_periods_leaves_blanks_out_of_the_shares_and_the_test():
    # The hand case of test_pareto (a 20 / 30 → 30 / 20: X² = 4.0 on 1 df) with 50 and 5 blank
    # rows added: a blank "cause" would enter the test and swamp it; left out, X² stays 4.0.
    before = frame(category=["a"] * 20 + ["b"] * 30 + [None] * 50)
    after = frame(category=["a"] * 30 + ["b"] * 20 + [""] * 5)
    c = pa.compare_periods(before, after, "category")
    assert c.table["cause"].tolist() == ["a", "b"]
    assert c.chi2 == pytest.approx(4.0) and c.dof == 1 and c.p == pytest.approx(stats.chi2.sf(4.0, 1))
    assert c.table["share_before"].tolist() == pytest.approx([0.4, 0.6])
    assert (c.before.n_blank, c.after.n_blank) == (50, 5)
    # a period whose rows all lack a cause has nothing to compare
    assert pa.compare_periods(frame(category=[None] * 3), after, "category").problem


def test_skew_test_reads_the_causes_only():
    # Four equal causes (10 each) and 100 blank rows: with the blank as a cause, X² against equal
    # shares would be huge; without it the causes are exactly uniform (X² = 0, p = 1).
    f = frame(category=["a"] * 10 + ["b"] * 10 + ["c"] * 10 + ["d"] * 10 + [None] * 100)
    skew = pa.skew_test(pa.pareto(f, "category"))
    expected = stats.chisquare([10, 10, 10, 10])
    assert skew.n == 40 and skew.k == 4
    assert skew.chi2 == pytest.approx(expected.statistic) and skew.p == pytest.approx(expected.pvalue)
    assert skew.verdict == "uniform"


def test_fishbone_counts_blank_causes_apart():
    # 未解决 ×3 and 服务态度 ×2 (process, people) and 4 blank reasons.
    f = frame(reason=["未解决"] * 3 + ["服务态度"] * 2 + [None] * 4)
    result = fishbone(f, "reason")
    assert result.pareto.table["cause"].tolist() == ["Process", "People"]
    assert result.pareto.table["share"].tolist() == pytest.approx([0.6, 0.4])
    assert result.pareto.n_blank == 4 and result.pareto.n == 9
    assert "(blank)" not in result.groups["cause"].tolist()


# --- default populations ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def en(sample_files):
    return load_files([(n, sample_files[n]) for n in ("tickets_en.csv", "survey_en.csv")]).dataset


def headers(**fields) -> list:
    """Load reports as source_headers reads them: {canonical field: the file's header}."""
    return [SimpleNamespace(mapping=SimpleNamespace(fields=fields))]


def test_default_population_follows_the_column(en):
    assert pa.default_population(en, "reason") == pa.DefaultPopulation(pa.LOW_SCORE_TICKETS, "low_score_column")
    assert pa.default_population(en, "category") == pa.DefaultPopulation(pa.ALL, "any_row")
    assert pa.default_population(en, "request_type").population == pa.ALL
    # a category column headed "投诉类型" / "Complaint Type" is a complaint type
    zh = replace(en, files=headers(category="投诉类型"))
    assert pa.default_population(zh, "category") == pa.DefaultPopulation(pa.COMPLAINTS, "complaint_column")
    assert pa.default_population(replace(en, files=headers(category="Complaint Type")), "category").population \
        == pa.COMPLAINTS
    # … but when the data marks no complaint, every row is counted, and the basis says why
    none = replace(en, files=headers(category="投诉类型"), tickets=en.tickets.assign(is_complaint=False))
    assert pa.default_population(none, "category") == pa.DefaultPopulation(pa.ALL, "no_complaints")
    # a header saying dissatisfaction (差评原因) is a low-score reason; without low scores: all rows
    assert pa.default_population(replace(en, files=headers(category="差评原因")), "category").population \
        == pa.LOW_SCORE_TICKETS
    happy = replace(en, survey=en.survey.assign(csat_satisfied=pd.array([True] * len(en.survey), dtype="boolean")))
    assert pa.default_population(happy, "reason") == pa.DefaultPopulation(pa.ALL, "no_low_scores")


def test_population_payload_counts_the_default_population(en):
    payload = pa.population_payload(en, "reason")
    responses = en.responses()
    low = responses[responses["csat_satisfied"].eq(False).fillna(False).to_numpy()]
    reason = low["reason"].astype("object")
    blank = reason.isna() | reason.astype("str").str.strip().eq("")
    counts = reason[~blank].value_counts()
    assert payload["population"] == "low_scores" and payload["level"] == "responses"
    assert payload["rows_in"] == len(responses) and payload["rows_in_population"] == len(low)
    assert payload["population_excluded"] == {"no_score": int(responses["csat_satisfied"].isna().sum())}
    assert {i["cause"]: i["count"] for i in payload["items"]} == counts.to_dict()
    assert payload["n_no_cause"] == int(blank.sum()) and payload["n_with_cause"] + payload["n_no_cause"] == len(low)
    # asked for by name, the population is taken as asked
    assert pa.population_payload(en, "reason", pa.ALL)["rows_in_population"] == len(responses)


def test_report_states_the_rows_with_no_category(en):
    # 40 complaints lose their category: the report's Pareto ranks the others and says so.
    tickets = en.tickets.copy()
    complaint_rows = np.flatnonzero(tickets["is_complaint"].to_numpy())[:40]
    category = tickets["category"].astype("object")
    category.iloc[complaint_rows] = None
    tickets["category"] = pd.array(category, dtype="str")
    sec = complaints_section(replace(en, tickets=tickets), "en")
    complaints = tickets[tickets["is_complaint"]]
    counts = complaints["category"].dropna().value_counts()
    table = sec.tables["pareto"]
    assert "(blank)" not in table["cause"].tolist() and table["count"].sum() == counts.sum()
    first, second = sec.sentences[0], sec.sentences[1]
    assert first.values["n"] == counts.sum() == len(complaints) - 40
    assert second.key == "pareto.report.no_cause"
    assert second.text("en") == (f"No cause recorded in “Problem category”: 40 of the {len(complaints):,} "
                                 f"complaints, left out of the shares ({counts.sum():,} + 40 = {len(complaints):,}).")
