"""The workbook a manager forwards, read back with openpyxl: native charts beside the tables the app
charts (reading the table's own cells), number formats by meaning, headers in the report's
language and never a field key, a cover sheet with period and n, widths fitted to the content
(Chinese counting double), the report's language following the data's. Expected figures are
counted here off the sample files with pandas, not taken from the report."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart, LineChart

from analysis import export
from analysis.__main__ import main
from analysis.load import load_files
from analysis.report import build_report
from i18n import catalogue

ROOT = Path(__file__).resolve().parent.parent
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
EN_FILES, ZH_FILES = ("tickets_en.csv", "survey_en.csv"), ("tickets_zh.csv", "survey_zh.xlsx")


def _load(sample_files, names):
    return load_files([(n, sample_files[n]) for n in names]).dataset


@pytest.fixture(scope="module")
def en(sample_files):
    return _load(sample_files, EN_FILES)


@pytest.fixture(scope="module")
def zh(sample_files):
    return _load(sample_files, ZH_FILES)


@pytest.fixture(scope="module")
def en_book(en):
    return load_workbook(io.BytesIO(export.workbook_bytes(build_report(en, boot=0))))


@pytest.fixture(scope="module")
def zh_book(zh):
    return load_workbook(io.BytesIO(export.workbook_bytes(build_report(zh, lang="zh", boot=0))))


def find(ws, text):
    """The first cell whose value is `text`."""
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def below(ws, header, n):
    """The n cells under a header cell."""
    return [ws.cell(row=header.row + 1 + i, column=header.column) for i in range(n)]


def ref_cells(book, ref: str):
    """The cells of a chart reference such as 'Complaints'!$B$6:$B$11."""
    sheet, _, area = ref.rpartition("!")
    return [c for row in book[sheet.strip("'")][area.replace("$", "")] for c in row]


def test_charts_beside_the_tables_the_app_charts(en_book):
    counts = {ws.title: len(ws._charts) for ws in en_book.worksheets}
    assert counts["KPIs"] == 4                     # trend, channels, SLA, agents
    assert counts["Drivers"] == 2                  # correlations, importance
    assert counts["Complaints"] == 1 and counts["Trend"] == 1
    assert counts["Summary"] == counts["Data quality"] == counts["Definitions"] == 0
    kinds = {type(c).__name__ for c in en_book["KPIs"]._charts}
    assert kinds == {"LineChart", "BarChart"}


def test_pareto_chart_reads_its_cells_with_cumulative_share_on_a_second_axis(en, en_book):
    ws = en_book["Complaints"]
    (chart,) = ws._charts
    assert isinstance(chart, BarChart)
    bars = chart.series[0].val.numRef.f
    values = [c.value for c in ref_cells(en_book, bars)]
    # independent: complaint tickets per category, counted with pandas
    complaints = en.tickets.loc[en.tickets["is_complaint"], "category"].dropna().astype(str)
    top = complaints.value_counts()
    assert values[0] == top.iloc[0] and sum(values) == len(complaints)
    cat = chart.series[0].cat
    categories = [c.value for c in ref_cells(en_book, (cat.strRef or cat.numRef).f)]
    assert categories[0] == top.index[0]
    lines = [c for c in chart._charts if isinstance(c, LineChart)]
    assert lines and lines[0].y_axis.axId == 200 and lines[0].y_axis.crosses == "max"
    cumulative = [c.value for c in ref_cells(en_book, lines[0].series[0].val.numRef.f)]
    assert cumulative[-1] == pytest.approx(1.0) and cumulative[0] == pytest.approx(top.iloc[0] / len(complaints))


def test_number_formats_by_meaning(en, en_book, sample_files):
    ws = en_book["Complaints"]
    share = find(ws, "Share")
    first = below(ws, share, 1)[0]
    assert first.number_format == "0.0%" and 0 < first.value < 1
    count = below(ws, find(ws, "Count"), 1)[0]
    assert count.number_format == "#,##0" and isinstance(count.value, int)
    # CSAT % per month: percent points (0–100) with one decimal, the % in the header
    trend = en_book["KPIs"]
    header = find(trend, "CSAT (%)")
    cells = below(trend, header, 3)
    assert all(c.number_format == "0.0" and 0 <= c.value <= 100 for c in cells)
    period = trend.cell(row=header.row + 1, column=1)
    assert period.number_format == "yyyy-mm-dd" and period.value.date() == pd.Timestamp("2024-01-01").date()
    # the KPI table: CSAT % as counted off the survey file with pandas, in points
    survey = pd.read_csv(io.BytesIO(sample_files["survey_en.csv"]), encoding="utf-8-sig")
    score = pd.to_numeric(survey["Satisfaction Score"], errors="coerce")
    valid = score[score.between(1, 5)]
    csat = find(trend, "CSAT %")
    value = trend.cell(row=csat.row, column=csat.column + 1)
    assert value.value == pytest.approx((valid >= 4).mean() * 100) and value.number_format == "0.0"
    # times carry their unit in the header, one decimal
    frt = find(trend, "First response, median (min)")
    assert below(trend, frt, 1)[0].number_format == "#,##0.0"


def test_p_values_three_decimals_and_tiny_ones_as_text(en_book):
    drivers = en_book["Drivers"]
    p = below(drivers, find(drivers, "p-value"), 5)
    # Spearman r ≈ 0.5–0.7 on 12,014 responses: every p is far below 0.001 (scipy agrees: t > 60)
    assert [c.value for c in p] == ["< 0.001"] * 5
    trend = en_book["Trend"]
    cells = below(trend, find(trend, "p-value"), 2)
    assert all(c.number_format == "0.000" and 0.001 <= c.value <= 1 for c in cells)


def test_cover_sheet_has_period_filters_and_n(en):
    report = build_report(en, boot=0, sections=("complaints",), filters={"Channel": "Phone"},
                          start="2025-01-01", end="2025-06-30", now=pd.Timestamp("2026-01-02 09:30"))
    ws = load_workbook(io.BytesIO(export.workbook_bytes(report)))["Summary"]
    rows = {r[0].value: [c.value for c in r[1:] if c.value is not None] for r in ws.iter_rows() if r[0].value}
    assert rows["Period"] == ["2025-01-01 to 2025-06-30"]
    created = en.tickets["created_at"]
    kept = created.between(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-07-01"), inclusive="left")
    assert rows["Tickets"] == [int(kept.sum())]
    assert rows["Survey responses"] == [report.n_responses] and report.n_responses > 0
    assert rows["Generated"][0] == pd.Timestamp("2026-01-02 09:30").to_pydatetime()
    assert find(ws, "Generated").offset(column=1).number_format == "yyyy-mm-dd hh:mm"
    assert "Phone" in {c.value for row in ws.iter_rows() for c in row}
    # without a range: the data's own first and last day
    whole = load_workbook(io.BytesIO(export.workbook_bytes(build_report(en, boot=0, sections=("complaints",)))))
    cell = find(whole["Summary"], "Period").offset(column=1)
    assert cell.value == f"{created.min().date()} to {created.max().date()}"


def test_no_field_key_anywhere(en_book, zh_book):
    """No snake_case token in any cell (headers, quality kinds, statuses, units, left-out reasons);
    the user's own file names are theirs to keep."""
    names = [*EN_FILES, *ZH_FILES]
    for book in (en_book, zh_book):
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str):
                        text = c.value
                        for name in names:
                            text = text.replace(name, "")
                        tokens = re.findall(r"[A-Za-z0-9_]+", text)
                        assert not [w for w in tokens if SNAKE.match(w)], (ws.title, c.coordinate, c.value)


def test_chinese_headers_and_quality_kinds(zh_book, zh):
    ws = zh_book["投诉"]
    header = find(ws, "原因")
    row = [ws.cell(row=header.row, column=i).value for i in range(1, 6)]
    assert row == ["原因", "数量", "权重", "占比", "累计占比"]
    quality = zh_book["数据质量"]
    assert [c.value for c in quality[1]][:4] == ["问题", "文件", "列", "行数"]
    kinds = {i.kind for i in zh.quality}
    texts = {c.value for c in quality["A"][1:]}
    zh_names = {catalogue()[f"quality.kind.{k}"][1] for k in kinds}
    assert texts == zh_names and not texts & kinds
    definitions = zh_book["指标定义"]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert all(cjk.search(c.value) for c in definitions["E"][1:] if c.value)      # 1–5 scale: all translated
    cover = zh_book["摘要"]
    assert {"时间范围", "工单数", "调查回复数", "生成时间", "筛选条件"} <= {c.value for c in cover["A"]}


def test_widths_fitted_and_cjk_counts_double(en_book, zh_book, zh):
    widths = {ws.title: {k: d.width for k, d in ws.column_dimensions.items()} for ws in en_book.worksheets}
    assert len({w for sheet in widths.values() for w in sheet.values()}) > 5          # not one width for all
    assert all(6 <= w <= 60 for sheet in widths.values() for w in sheet.values())
    quality = en_book["Data quality"]
    longest = max(len(str(c.value)) for c in quality["C"] if c.value)
    assert quality.column_dimensions["C"].width >= longest
    ws = zh_book["投诉"]
    causes = zh.tickets.loc[zh.tickets["is_complaint"], "category"].dropna().astype(str).unique()
    assert ws.column_dimensions["A"].width >= 2 * max(len(c) for c in causes)
    assert export.display_width("产品使用") == 8 and export.display_width("Orders") == 6
    # a long Chinese header wraps between characters instead of widening its column
    kpis = zh_book["核心指标"]
    header = find(kpis, "首次响应时长中位数（分钟）")
    width = kpis.column_dimensions[header.column_letter].width
    assert header.alignment.wrap_text and width < export.display_width(header.value)
    assert kpis.row_dimensions[header.row].height >= 30


def test_report_language_follows_the_data(tmp_path, zh, en, sample_files, monkeypatch, capsys):
    assert export.data_lang(zh) == "zh" and export.data_lang(en) == "en"
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "data"))
    files = []
    for name in ZH_FILES:
        (tmp_path / name).write_bytes(sample_files[name])
        files.append(str(tmp_path / name))
    out = tmp_path / "r.xlsx"
    assert main(["report", *files, "--out", str(out), "--json"]) == 0
    assert '"lang": "zh"' in capsys.readouterr().out
    assert load_workbook(out).sheetnames[:2] == ["摘要", "核心指标"]
    assert main(["report", *files, "--out", str(out), "--lang", "en", "--json"]) == 0
    assert load_workbook(out).sheetnames[0] == "Summary"


def test_no_cell_is_a_formula(en_book, zh_book):
    for book in (en_book, zh_book):
        assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_notebook_tables_get_words_for_unknown_columns():
    from analysis.report import notebook_report
    items = [{"title": "Pinned", "spec": None, "note": "", "filters": {},
              "table": pd.DataFrame({"first_reply_pct": [12.5], "cause": ["x"]})}]
    ws = load_workbook(io.BytesIO(export.workbook_bytes(notebook_report(items))))["Pinned"]
    header = find(ws, "First reply pct")
    assert below(ws, header, 1)[0].number_format == "0.0"


def test_html_tables_speak_like_the_workbook(en):
    page = export.report_html(build_report(en, boot=0, sections=("complaints",)))
    assert "<th>Cumulative share</th>" in page and "<th>cum_share</th>" not in page
    complaints = en.tickets.loc[en.tickets["is_complaint"], "category"].dropna().astype(str)
    top = complaints.value_counts()
    assert f"<td>{top.iloc[0] / len(complaints) * 100:.1f} %</td>" in page
    assert "<th>kind</th>" not in page and "<th>Problem</th>" in page


def test_a_pinned_table_with_repeated_column_names_is_written():
    from analysis.report import notebook_report
    table = pd.DataFrame([[1, 2], [3, 4]], columns=["n", "n"])
    items = [{"title": "Pivot", "spec": None, "note": "", "filters": {}, "table": table}]
    ws = load_workbook(io.BytesIO(export.workbook_bytes(notebook_report(items))))["Pivot"]
    header = find(ws, "n")
    assert [c.value for c in ws[header.row + 1]][:2] == [1, 2]


def test_operational_drivers_by_their_names(en):
    """Without survey sub-ratings the drivers are the operational times: named as the catalogue
    names them in the tables and the sentences, never frt_min / handle_min."""
    import dataclasses

    from analysis.drivers import OPERATIONAL
    report = build_report(dataclasses.replace(en, drivers=[]), boot=0, sections=("drivers",))
    assert "frt_min" in set(report.section("drivers").tables["correlations"]["driver"])
    ws = load_workbook(io.BytesIO(export.workbook_bytes(report)))["Drivers"]
    texts = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "First response time" in texts and "Handling time (min)" in texts
    assert not [k for k in OPERATIONAL if "_" in k and re.search(rf"\b{k}\b", texts)]
