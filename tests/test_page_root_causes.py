"""Root causes page (AppTest), its command line twin, and the small analysis helpers it uses.

Expected numbers come from the analysis functions on frames built here (or from plain pandas
on the sample files), never from what the page printed."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import fishbone as fb
from analysis import pareto as pa
from analysis import themes as th
from analysis.__main__ import main as cli_main
from analysis.load import load_files
from analysis.schema import satisfied_codes
from ui.text import plain

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
PAGE = "pages/root_causes.py"


# --- helpers ---------------------------------------------------------------------------------------
def load(*names: str):
    return load_files([(n, (SAMPLE / n).read_bytes()) for n in names]).dataset


@pytest.fixture(scope="module")
def en():
    return load("tickets_en.csv", "survey_en.csv")


def open_page(sample_button: str = "Use sample data (English)", lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    next(b for b in at.button if b.label == sample_button).click().run()
    at.switch_page(PAGE).run()
    if lang != "en":
        # Set after leaving the Data page: AppTest trips over that page's translated radio.
        at.session_state["lang"] = lang
        at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def page_en() -> AppTest:
    """One session on the English sample for the page tests below (loading is the slow part);
    each test sets every control it depends on."""
    return open_page()


def reset(at: AppTest) -> AppTest:
    for key, value in (("rc_cause", "category"), ("rc_population", "all"), ("rc_weight", "count"),
                       ("rc_text", "description")):
        at.selectbox(key=f"{key}_en").set_value(value)
    at.number_input(key="rc_other").set_value(0.0)
    at.multiselect(key="filter_channel").set_value([])
    at.run()
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, label: str) -> AppTest:
    """Show the tab named `label`, as a click on it does: only the tab shown runs."""
    at.session_state["rc_tab"] = label
    at.run()
    assert not at.exception, at.exception
    return at


def frames(at) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def page_text(at) -> str:
    parts = [m.value for kind in (at.markdown, at.caption, at.info, at.warning, at.success, at.subheader, at.title)
             for m in kind]
    return "\n".join(str(p) for p in parts)


def main_table(at, cause: str = "Cause") -> pd.DataFrame:
    return frames(at)[0].rename(columns={cause: "cause"})


def assert_table_equals(shown: pd.DataFrame, expected: pa.ParetoResult, weight_title: str | None = None,
                        names: tuple[str, ...] = ("Count", "Share", "Cumulative share", "Vital few")) -> None:
    """The page's table against a ParetoResult computed here (`weight_title`: None for a count);
    the table shows shares in percent ("39.0 %": the fraction × 100)."""
    table = expected.table
    count, share, cum_share, vital = names
    assert shown["cause"].tolist() == table["cause"].tolist()
    assert shown[count].tolist() == table["count"].tolist()
    if weight_title is not None:
        np.testing.assert_allclose(shown[weight_title].to_numpy(float), table["weight"].to_numpy(float), rtol=1e-12)
    np.testing.assert_allclose(shown[share].to_numpy(float), 100 * table["share"].to_numpy(float), rtol=1e-12)
    np.testing.assert_allclose(shown[cum_share].to_numpy(float), 100 * table["cum_share"].to_numpy(float), rtol=1e-12)
    assert shown[vital].tolist() == table["vital_few"].tolist()


# --- the page on the English sample -----------------------------------------------------------------
def test_english_sample_table_weight_fold_and_filter(en, page_en):
    at = reset(page_en)
    expected = pa.pareto(en.tickets, "category")
    assert_table_equals(main_table(at), expected)
    text = page_text(at)
    assert "Pareto of Category — All tickets" in text              # the user's header, not "category"
    skew = pa.skew_test(expected)
    assert "Is it really skewed?" in text and f"p {pa.p_text(skew.p_used)}" in text
    assert f"{expected.vital_n} of {len(expected.table)} causes carry {expected.vital_share:.0%}" in text
    assert not at.exception

    # weight = handling hours, tail below 10 % folded into Other
    at.selectbox(key="rc_weight_en").set_value("handle_hours").run()
    at.number_input(key="rc_other").set_value(10.0).run()
    assert not at.exception
    expected = pa.pareto(en.tickets, "category", "handle_hours", 0.8, 0.10)
    assert expected.folded                                          # the fold really happens here
    assert_table_equals(main_table(at), expected, "Handling hours")
    assert main_table(at)["cause"].iloc[-1] == "Other"

    # a sidebar filter: the table follows the filtered tickets
    at.multiselect(key="filter_channel").set_value(["Phone"]).run()
    assert not at.exception
    phone = en.tickets[en.tickets["channel"] == "Phone"]
    assert_table_equals(main_table(at), pa.pareto(phone, "category", "handle_hours", 0.8, 0.10), "Handling hours")


def test_text_themes_on_low_score_comments_reproduce_the_canned_scripts_share(en, page_en):
    at = reset(page_en)
    at.selectbox(key="rc_population_en").set_value("low_scores").run()
    at.selectbox(key="rc_text_en").set_value("comment").run()
    open_tab(at, "Causes from text")
    # Independently: plain pandas over the survey file; low = a valid score outside the top two boxes.
    survey = pd.read_csv(SAMPLE / "survey_en.csv", encoding="utf-8-sig", dtype={"Comment": "str"})
    score = survey["Satisfaction Score"]
    low = survey[score.between(1, 5) & ~score.isin(satisfied_codes(1, 5))]
    phrases = ["canned response", "canned answer", "scripted answer", "scripted response", "copy-paste repl",
               "copy paste repl"]
    comment = low["Comment"].fillna("").str.lower()
    mentions = np.zeros(len(low), dtype=bool)
    for phrase in phrases:
        mentions |= comment.str.contains(phrase, regex=False).to_numpy()
    share = mentions.sum() / len(low)
    assert 0.20 <= share <= 0.27                                   # the 000 finding: ≈ 23 %
    themes = next(f for f in frames(at) if "Share of all rows" in f.columns)
    shown = themes.loc[themes["Theme"] == "Canned scripts / lack of empathy"].iloc[0]
    assert shown["Texts"] == mentions.sum()
    assert shown["Share of all rows"] == pytest.approx(100 * share, rel=1e-12)       # in percent
    text = page_text(at)
    # the theme's label is the user's dictionary text: escaped for markdown ("/" as "\\/"), shown as it is
    assert (f"{share:.1%} of the {len(low):,} survey responses (Low scores only) mention "
            f"“{plain('Canned scripts / lack of empathy')}”") in text
    assert "23 % of low scores mention canned scripts" in text

    # the keyword dictionary is editable: dropping "copy-paste reply" lowers the count accordingly
    editor = next(e for e in at.data_editor if list(e.value.columns) == ["key", "label", "include", "exclude"])
    row = int(editor.value.index[editor.value["key"] == "canned_scripts"][0])
    at.session_state[editor.key] = {"edited_rows": {row: {"include": "canned response, scripted answer"}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    narrow = comment.str.contains("canned response", regex=False) | comment.str.contains("scripted answer",
                                                                                          regex=False)
    themes = next(f for f in frames(at) if "Share of all rows" in f.columns)
    assert themes.loc[themes["Theme"] == "Canned scripts / lack of empathy", "Texts"].iloc[0] == narrow.sum()
    assert at.session_state["rc_themes"]["canned_scripts"]["include"] == ["canned response", "scripted answer"]
    next(b for b in at.button if b.label == "Reset to the default themes").click().run()
    assert at.session_state["rc_themes"] == th.DEFAULT_THEMES


def low_score_survey() -> pd.DataFrame:
    """The survey file's low scores, read with plain pandas: a valid score outside the top two boxes."""
    survey = pd.read_csv(SAMPLE / "survey_en.csv", encoding="utf-8-sig")
    score = survey["Satisfaction Score"]
    return survey[score.between(1, 5) & ~score.isin(satisfied_codes(1, 5))]


def test_a_reason_counts_low_scores_by_default_and_leaves_blank_reasons_out(en, page_en):
    at = reset(page_en)
    at.selectbox(key="rc_cause_en").set_value("reason").run()
    assert not at.exception
    # the population follows the column: a dissatisfaction reason is recorded for low scores
    assert at.selectbox(key="rc_population_en").value == "low_scores"
    low = low_score_survey()
    counts = low["Reason"].dropna().value_counts()
    shown = main_table(at)
    assert dict(zip(shown["cause"], shown["Count"])) == counts.to_dict()
    np.testing.assert_allclose(shown["Share"].to_numpy(float), 100 * (counts / counts.sum()).to_numpy(), rtol=1e-12)
    text = page_text(at)
    assert f"Counted: **Low scores only**, {len(low):,} of {len(en.responses()):,} survey responses." in text
    assert "This is the default for “Reason”: a dissatisfaction reason is recorded for low scores." in text

    # every response: before, "(blank)" (mostly satisfied customers) was the only vital few
    at.selectbox(key="rc_population_en").set_value("all").run()
    assert not at.exception and at.selectbox(key="rc_population_en").value == "all"
    survey = pd.read_csv(SAMPLE / "survey_en.csv", encoding="utf-8-sig")
    blank = survey["Reason"].isna() | survey["Reason"].astype("str").str.strip().eq("")
    counts = survey.loc[~blank, "Reason"].value_counts()
    shown = main_table(at)
    assert "(blank)" not in shown["cause"].tolist() and shown["cause"].iloc[0] == "Not resolved"
    assert dict(zip(shown["cause"], shown["Count"])) == counts.to_dict()
    assert shown["Vital few"].sum() >= 2          # the real reasons, not the blank, are the vital few
    n = len(en.responses())
    assert len(survey) == n
    assert (f"No cause recorded: **{int(blank.sum()):,}** of the {n:,} survey responses have no “Reason”. "
            f"They are left out of the ranking; the shares are of the {int(counts.sum()):,} that have one "
            f"({int(counts.sum()):,} + {int(blank.sum()):,} = {n:,}).") in page_text(at)
    assert "The default for “Reason” is: Low scores only." in page_text(at)
    # the rows with no cause can still be opened
    open_tab(at, "Drill-down")
    drill = at.selectbox(key="rc_drill")
    assert drill.options[-1] == "(no cause recorded)"
    drill.set_value("(blank)").run()
    assert not at.exception
    rows = next(f for f in frames(at) if "Reason" in f.columns and "Ticket ID" in f.columns)
    assert len(rows) == int(blank.sum())

    # back to the category: its own default (every ticket) comes back
    at.selectbox(key="rc_cause_en").set_value("category").run()
    assert not at.exception and at.selectbox(key="rc_population_en").value == "all"
    assert "Every one of the 30,000 tickets has a “Category” recorded." in page_text(at)


def test_drill_down_lists_the_tickets_behind_a_cause(en, page_en):
    at = open_tab(reset(page_en), "Drill-down")
    at.selectbox(key="rc_drill").set_value("Payment").run()
    assert not at.exception
    rows = next(f for f in frames(at) if "Ticket Description" in f.columns)
    expected = en.tickets[en.tickets["category"] == "Payment"]
    assert len(rows) == len(expected)
    assert set(rows["Category"]) == {"Payment"}
    assert rows["Ticket ID"].tolist() == expected["ticket_id"].tolist()
    assert rows["Ticket Description"].tolist() == expected["description"].tolist()
    assert any(b.label == "Download CSV" for b in at.get("download_button"))


def test_before_after_chi_square_matches_scipy_on_the_two_halves(en, page_en):
    from scipy.stats import chi2_contingency
    at = open_tab(reset(page_en), "Before / after")
    created = en.tickets["created_at"]
    middle = created.min() + (created.max() - created.min()) / 2
    dated = en.tickets[created.notna()]
    half = np.where(dated["created_at"] < middle, "before", "after")
    statistic, p, dof, _ = chi2_contingency(pd.crosstab(half, dated["category"]).to_numpy(), correction=False)
    line = next(m.value for m in at.markdown if "Chi-square test of homogeneity" in m.value)
    assert f"χ² = {statistic:.2f}, df = {dof}, p {pa.p_text(p)}" in line

    # chosen dates: by default the first and the second half of the calendar days
    at.radio(key="rc_period_mode_en").set_value("dates").run()
    assert not at.exception and not at.warning
    (b0, b1), (a0, a1) = at.date_input(key="rc_before").value, at.date_input(key="rc_after").value
    assert b1 < a0
    day = dated["created_at"].dt.normalize()
    period = np.where(day <= pd.Timestamp(b1), "before", "after")
    statistic, p, dof, _ = chi2_contingency(pd.crosstab(period, dated["category"]).to_numpy(), correction=False)
    line = next(m.value for m in at.markdown if "Chi-square test of homogeneity" in m.value)
    assert f"χ² = {statistic:.2f}, df = {dof}, p {pa.p_text(p)}" in line
    at.radio(key="rc_period_mode_en").set_value("halves").run()


def test_fishbone_headings_are_a_pareto_and_the_mapping_is_editable(en, page_en):
    at = open_tab(reset(page_en), "Fishbone")
    editor = next(e for e in at.data_editor if list(e.value.columns) == ["cause", "heading"])
    expected = fb.fishbone(en.tickets, "category")
    assert editor.value["cause"].tolist() == expected.groups["cause"].tolist()
    heading_tables = [f for f in frames(at) if "Cause" in f.columns and set(f["Cause"]) & {"Process", "Product"}]
    assert_table_equals(heading_tables[-1].rename(columns={"Cause": "cause"}), expected.pareto)
    # "Other" is not in the default mapping: put it under Policy, and "Orders" under People.
    rows = editor.value.reset_index(drop=True)
    edits = {int(rows.index[rows["cause"] == "Other"][0]): {"heading": "policy"},
             int(rows.index[rows["cause"] == "Orders"][0]): {"heading": "people"}}
    at.session_state[editor.key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, at.exception
    edited = fb.fishbone(en.tickets, "category", {**fb.default_mapping(), "Other": "policy", "Orders": "people"})
    assert edited.unmapped == []
    heading_tables = [f for f in frames(at) if "Cause" in f.columns and set(f["Cause"]) & {"Policy", "People"}]
    assert_table_equals(heading_tables[-1].rename(columns={"Cause": "cause"}), edited.pareto)
    assert at.session_state["rc_fish"] == {"Other": "policy", "Orders": "people"}


def test_chinese_sample_in_chinese_and_a_choice_survives_the_language_switch():
    at = open_page("Use sample data (中文)")
    zh = load("tickets_zh.csv", "survey_zh.xlsx")
    assert_table_equals(main_table(at), pa.pareto(zh.tickets, "category"))
    at.selectbox(key="rc_population_en").set_value("complaints").run()
    at.session_state["lang"] = "zh"       # each language has its own widget; the choice is kept
    at.run()
    assert not at.exception, at.exception
    population = at.selectbox(key="rc_population_zh")
    assert population.value == "complaints"
    assert population.options == ["全部工单", "仅投诉", "仅低分", "仅超时（SLA 违约）"]
    text = page_text(at)
    assert "根因分析" in text and "问题类型的帕累托分析 —— 仅投诉" in text and "分布是否真的集中" in text
    shown = main_table(at, "原因")
    assert {"数量", "占比", "累计占比", "关键少数"} <= set(shown.columns)
    complaints = zh.tickets[zh.tickets["is_complaint"]]
    assert_table_equals(shown, pa.pareto(complaints, "category"), names=("数量", "占比", "累计占比", "关键少数"))


def test_data_without_a_category_falls_back_to_text_themes():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    descriptions = ["Refund still not received", "The delivery is late and no tracking", "Agent gave a canned response",
                    "Package arrived broken", "Login fails with my password"] * 4
    csv = "Ticket ID,Created at,Ticket Description\n" + "\n".join(
        f"T{i:03d},2024-03-{i % 28 + 1:02d} 10:00:00,{d}" for i, d in enumerate(descriptions))
    at.file_uploader[0].set_value([("t.csv", csv.encode(), "text/csv")]).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert any("no problem-category column" in i.value and "Ticket Description" in i.value for i in at.info)
    frame = pd.DataFrame({"description": descriptions})
    expected, _ = th.theme_pareto(frame, "description")
    shown = main_table(at)
    assert shown["cause"].tolist() == expected.table["cause"].tolist()
    assert shown["Count"].tolist() == expected.table["count"].tolist()
    # populations that the file cannot support say so instead of failing
    at.selectbox(key="rc_population_en").set_value("low_scores").run()
    assert not at.exception
    assert any("needs satisfaction scores" in i.value for i in at.info)


def test_data_with_neither_cause_nor_text_says_what_is_needed():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    csv = "Ticket ID,Created at,Handle Time\n" + "\n".join(f"T{i},2024-03-0{i + 1} 10:00:00,00:05:00" for i in range(5))
    at.file_uploader[0].set_value([("t.csv", csv.encode(), "text/csv")]).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert any("needs a cause column" in i.value for i in at.info)


def test_a_category_without_any_text_says_so_in_the_text_tab():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    csv = "Ticket ID,Created at,Category\n" + "\n".join(
        f"T{i},2024-03-0{i + 1} 10:00:00,{'Payment' if i % 2 else 'Orders'}" for i in range(6))
    at.file_uploader[0].set_value([("t.csv", csv.encode(), "text/csv")]).run()
    at.switch_page(PAGE).run()
    assert main_table(at)["cause"].tolist() == ["Orders", "Payment"]
    open_tab(at, "Causes from text")
    assert any("need a free-text column" in i.value for i in at.info)


# --- command line: one engine, two faces -------------------------------------------------------------
def run_cli(*args: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(["pareto", *args, "--json"]) == 0
    return json.loads(out.getvalue())


def as_json(payload: dict) -> dict:
    return json.loads(json.dumps(payload))


def test_cli_json_equals_the_payload_to_the_digit():
    ds = load("tickets_en.csv")
    tickets = ds.tickets
    proc = subprocess.run([sys.executable, "-m", "analysis", "pareto", "sample_data/tickets_en.csv", "--by",
                           "Category", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    # a category any ticket can have: every ticket, as on the page
    assert got == as_json(pa.pareto_payload(tickets, "category")) | {
        "by": "Category", "population": "all", "population_basis": "any_row", "level": "tickets",
        "rows_in": len(tickets), "rows_in_population": len(tickets), "population_excluded": {}}
    assert got == as_json(pa.population_payload(ds, "category")) | {"by": "Category"}

    got = run_cli(str(SAMPLE / "tickets_en.csv"), "--by", "Category", "--weight", "handle_hours",
                  "--other-below", "0.1", "--cut", "0.7")
    expected = as_json(pa.population_payload(ds, "category", None, "handle_hours", 0.7, 0.1)) | {"by": "Category"}
    assert got == expected and got["items"][-1]["cause"] == "Other"
    # a population asked for by name
    got = run_cli(str(SAMPLE / "tickets_en.csv"), "--by", "Category", "--population", "complaints")
    complaints = tickets[tickets["is_complaint"]]
    assert got["population"] == "complaints" and got["population_basis"] is None
    assert got["rows_in_population"] == len(complaints) == got["n"]
    assert {i["cause"]: i["count"] for i in got["items"]} == complaints["category"].astype("object").value_counts().to_dict()


def test_cli_survey_reason_counts_low_scores_and_leaves_blank_reasons_out(en):
    files = [str(SAMPLE / "tickets_en.csv"), str(SAMPLE / "survey_en.csv")]
    got = run_cli(*files, "--by", "Reason")
    assert got == as_json(pa.population_payload(en, "reason")) | {"by": "Reason"}
    # Independently, from the survey file with pandas: the low scores (a valid score outside the
    # top two boxes), their reasons counted, blank reasons counted apart.
    survey = pd.read_csv(SAMPLE / "survey_en.csv", encoding="utf-8-sig")
    score = survey["Satisfaction Score"]
    low = survey[score.between(1, 5) & ~score.isin(satisfied_codes(1, 5))]
    reason = low["Reason"].astype("object").where(low["Reason"].astype("str").str.strip().ne(""))
    counts = reason.dropna().value_counts()
    assert got["population"] == "low_scores" and got["population_basis"] == "low_score_column"
    assert got["level"] == "responses" and got["rows_in_population"] == len(low)
    assert {i["cause"]: i["count"] for i in got["items"]} == counts.to_dict()
    assert got["n_no_cause"] == int(reason.isna().sum()) and got["n_with_cause"] == int(counts.sum())
    assert got["n_with_cause"] + got["n_no_cause"] == got["n"] == len(low)
    assert got["items"][0]["share"] == pytest.approx(counts.iloc[0] / counts.sum())
    assert "(blank)" not in {i["cause"] for i in got["items"]}

    got = run_cli(*files, "--by", "Category", "--weight", "low_scores")
    assert got == as_json(pa.population_payload(en, "category", None, "low_scores")) | {"by": "Category"}
    assert got == as_json(pa.pareto_payload(en.responses(), "category", "low_scores")) | {
        "by": "Category", "population": "all", "population_basis": "any_row", "level": "responses",
        "rows_in": len(en.responses()), "rows_in_population": len(en.responses()), "population_excluded": {}}
    # low-score responses: those whose ticket has a category make the total, the others (a response
    # no ticket matches has no category) are counted apart; NA scores stay out
    low_scores = int((en.survey["csat_satisfied"] == False).sum())  # noqa: E712
    assert got["total"] + got["weight_no_cause"] == low_scores and got["weight_no_cause"] > 0


# --- analysis helpers the page relies on ---------------------------------------------------------------
def test_cause_and_text_columns_and_header_resolution(en):
    causes = pa.cause_columns(en.tickets)
    assert causes["category"] == 6 and causes["channel"] == 5
    assert "ticket_id" not in causes and "channel_key" not in causes and "description" not in causes  # 78 texts
    assert pa.text_columns(en) == ["description", "comment"]           # notes are empty in this export
    assert pa.resolve_column(en, "Category") == "category"
    assert pa.resolve_column(en, "Reason") == "reason"
    assert pa.resolve_column(en, "ticket channel") == "channel"       # header compared loosely
    assert pa.resolve_column(en, "Resolution Speed") == "Resolution Speed"
    assert pa.resolve_column(en, "Nope") is None
    assert not pa.needs_responses(en, ["category"])
    assert pa.needs_responses(en, ["reason"]) and pa.needs_responses(en, ["category"], pa.LOW_SCORE_TICKETS)
    assert pa.needs_responses(en, ["category"], weight=pa.LOW_SCORES)


def test_p_values_are_reported_without_a_false_zero():
    assert pa.p_text(0.0) == "< 0.001" and pa.p_text(0.00099) == "< 0.001"
    assert pa.p_text(0.0582) == "= 0.0582" and pa.p_text(None) == "–" and pa.p_text(float("nan")) == "–"


def test_sla_breach_mask_by_hand():
    t0 = pd.Timestamp("2024-03-04 10:00")
    tickets = pd.DataFrame({
        "ticket_id": ["a", "b", "c", "d"],
        "priority": ["Urgent", "Urgent", "High", "?"],
        "priority_key": pd.array(["urgent", "urgent", "high", pd.NA], dtype="str"),
        "agent": ["x"] * 4,
        "created_at": [t0] * 4,
        # urgent: respond in 5 min, resolve in 2 h; high: 10 min / 24 h
        "first_response_at": [t0 + pd.Timedelta(minutes=3), t0 + pd.Timedelta(minutes=9),
                              t0 + pd.Timedelta(minutes=4), t0 + pd.Timedelta(minutes=1)],
        "resolved_at": [t0 + pd.Timedelta(hours=1), t0 + pd.Timedelta(hours=1), t0 + pd.Timedelta(hours=30),
                        t0 + pd.Timedelta(hours=1)],
        "frt_min": [3.0, 9.0, 4.0, 1.0], "resolution_h": [1.0, 1.0, 30.0, 1.0], "is_open": [False] * 4,
    }, index=[10, 11, 12, 13])
    mask = pa.sla_breach_mask(tickets)
    assert mask.index.tolist() == [10, 11, 12, 13]
    assert mask.tolist()[:3] == [False, True, True] and pd.isna(mask.iloc[3])
    responses = pd.DataFrame({"ticket_id": ["c", "a", "zz", "d"]})
    mapped = pa.breach_mask_for(responses, tickets, pa.RESPONSES_LEVEL)
    assert mapped.tolist()[:2] == [True, False] and mapped.isna().tolist() == [False, False, True, True]
    population = pa.select_population(tickets, pa.SLA_BREACHES, pa.breach_mask_for(tickets, tickets, "tickets"))
    assert population.frame["ticket_id"].tolist() == ["b", "c"] and population.excluded == {"sla_unknown": 1}


def test_periods_halves_and_chosen_days():
    dates = pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-05", None, "2024-01-09"])
    frame = pd.DataFrame({"created_at": dates, "cause": list("abcde")})
    split = pa.split_periods(frame, "created_at")
    assert split.before_range[1] == pd.Timestamp("2024-01-05")      # midpoint of 1 .. 9 January
    assert split.before["cause"].tolist() == ["a", "b"] and split.after["cause"].tolist() == ["c", "e"]
    assert split.excluded == {"no_date": 1}
    chosen = pa.split_periods(frame, "created_at", pa.day_period("2024-01-01", "2024-01-01"),
                              pa.day_period("2024-01-05", "2024-01-06"))
    assert chosen.before["cause"].tolist() == ["a"] and chosen.after["cause"].tolist() == ["c"]
    assert chosen.excluded == {"no_date": 1, "outside_periods": 2}
    (b0, b1), (a0, a1) = pa.day_halves(frame["created_at"])      # 9 days: 4 + 5
    assert [str(d) for d in (b0, b1, a0, a1)] == ["2024-01-01", "2024-01-04", "2024-01-05", "2024-01-09"]
    by_days = pa.split_periods(frame, "created_at", pa.day_period(b0, b1), pa.day_period(a0, a1))
    assert by_days.before["cause"].tolist() == ["a", "b"] and by_days.after["cause"].tolist() == ["c", "e"]
    with pytest.raises(pa.ParetoError):
        pa.day_halves(pd.Series(pd.to_datetime(["2024-01-01 08:00", "2024-01-01 17:00"])))
    with pytest.raises(pa.ParetoError):
        pa.split_periods(frame, "created_at", pa.day_period("2024-01-01", "2024-01-05"),
                         pa.day_period("2024-01-05", "2024-01-06"))


def test_theme_mentions_match_the_theme_pareto_and_the_table_round_trips():
    frame = pd.DataFrame({"text": ["refund and broken item", "late delivery", "", "nothing here", "退款"],
                          "handle_min": [60.0, 30.0, 10.0, 5.0, 120.0]})
    tags = th.tag_texts(frame["text"])
    mentions = th.theme_mentions(frame, tags)
    # hand count: refunds x2 (rows 0, 4), product quality x1 (row 0), logistics x1 (row 1)
    assert mentions["theme"].value_counts().to_dict() == {"Returns and refunds": 2, "Product quality": 1,
                                                          "Logistics transparency": 1}
    result, _ = th.theme_pareto(frame, "text", weight="handle_hours")
    direct = pa.pareto(mentions, "theme", "handle_hours")
    pd.testing.assert_frame_equal(result.table, direct.table)
    assert direct.table.set_index("cause").loc["Returns and refunds", "weight"] == pytest.approx(3.0)

    table = th.themes_table(lang="zh")
    assert table.loc[table["key"] == "refunds", "label"].iloc[0] == "退换货与退款"
    assert th.themes_to_dict(th.themes_from_table(table, "zh")) == th.DEFAULT_THEMES
    table.loc[table["key"] == "refunds", "label"] = "退款问题"
    table.loc[len(table)] = ["shipping_fee", "Shipping fee", "运费，shipping fee; postage", ""]
    themes = th.themes_from_table(table, "zh", th.default_themes())
    assert themes["refunds"].label("zh") == "退款问题" and themes["refunds"].label("en") == "Returns and refunds"
    assert themes["shipping_fee"].include == ["运费", "shipping fee", "postage"]
    with pytest.raises(th.ThemeError):
        th.themes_from_table(pd.concat([table, table.iloc[[0]]], ignore_index=True), "zh")
    # the editor shows no keys: a row added there has none, and is named after its label
    table.loc[len(table)] = [None, "运费问题", "运费", ""]
    themes = th.themes_from_table(table, "zh", th.default_themes())
    assert themes["运费问题"].label("zh") == "运费问题" and themes["运费问题"].include == ["运费"]


def test_only_the_tab_shown_runs_and_it_stays_open_in_the_other_language():
    at = open_tab(open_page(), "Fishbone")
    drawn = {t.label: len(t.children) for t in at.tabs}
    assert drawn["Fishbone"] > 0
    assert all(n == 0 for label, n in drawn.items() if label != "Fishbone")   # nothing computed for them
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception, at.exception
    drawn = {t.label: len(t.children) for t in at.tabs}
    assert drawn["鱼骨图"] > 0 and sum(drawn.values()) == drawn["鱼骨图"]
