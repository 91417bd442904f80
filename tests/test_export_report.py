"""Report exports: the workbook opened with openpyxl (every sheet, no formula anywhere, formula
text escaped, Chinese intact), the HTML page (self-contained, user text escaped, script-safe
JSON), chart images (PNG header, Chinese glyph text in the SVG) and the `report` CLI."""
from __future__ import annotations

import io
import json
import re

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import export
from analysis.__main__ import main
from analysis.load import load_files
from analysis.report import build_report, notebook_report

SECTIONS = ("overview", "complaints", "periods")      # enough for layout checks; quick


@pytest.fixture(scope="module")
def en(sample_files):
    return load_files([(n, sample_files[n]) for n in ("tickets_en.csv", "survey_en.csv")]).dataset


@pytest.fixture(scope="module")
def hostile(en):
    """The English sample with formula text and markup in the labels users see."""
    tickets = en.tickets.copy()
    for column in ("category", "agent"):
        tickets[column] = tickets[column].astype("str")     # labels may come categorical
    head = tickets.index[:400]
    tickets.loc[head, "category"] = "=HYPERLINK(\"http://evil\",\"x\")"
    tickets.loc[tickets.index[400:800], "category"] = "<script>window.__pwned=1</script>"
    tickets.loc[head, "agent"] = "+cmd|' /C calc'!A0"
    tickets.loc[tickets.index[:1000], "is_complaint"] = True
    return type(en)(tickets=tickets, survey=en.survey, drivers=en.drivers, quality=en.quality, files=en.files,
                    name="@hostile.csv")


def _cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws.title, cell


def test_workbook_sheets_and_no_formulas(hostile):
    report = build_report(hostile, boot=0, sections=SECTIONS, filters={"Channel": "-Phone"})
    data = export.workbook_bytes(report)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Summary", "KPIs", "Complaints", "Trend", "Data quality", "Definitions", "Filters"]
    texts = []
    for _, cell in _cells(data):
        assert cell.data_type != "f"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
            texts.append(cell.value)
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in texts          # escaped, still readable
    assert "'+cmd|' /C calc'!A0" in texts
    assert "'-Phone" in texts
    # the tables behind the charts are there with numbers as numbers
    ws = book["Complaints"]
    counts = [c.value for c in ws["B"] if isinstance(c.value, (int, float))]
    assert sum(counts) == pytest.approx(report.section("complaints").tables["pareto"]["count"].sum())


def test_chinese_workbook_keeps_chinese(sample_files):
    zh = load_files([(n, sample_files[n]) for n in ("tickets_zh.csv", "survey_zh.xlsx")]).dataset
    report = build_report(zh, lang="zh", boot=0, sections=("complaints",))
    book = load_workbook(io.BytesIO(export.workbook_bytes(report)))
    assert book.sheetnames == ["摘要", "投诉", "数据质量", "指标定义", "筛选条件"]
    causes = set(report.section("complaints").tables["pareto"]["cause"])
    found = {c.value for _, c in _cells(export.workbook_bytes(report)) if isinstance(c.value, str)}
    assert causes <= found and any("\u4e00" <= ch <= "\u9fff" for ch in "".join(causes))


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    names = [export.sheet_name("What: drives [satisfaction]? a/b\\c * and a very long tail", taken),
             export.sheet_name("What: drives [satisfaction]? a/b\\c * and a very long tail", taken),
             export.sheet_name("", taken)]
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert len({n.lower() for n in names}) == 3


def test_html_is_self_contained_and_escapes_user_text(hostile):
    report = build_report(hostile, boot=0, sections=SECTIONS)
    page = export.report_html(report)
    assert "<script src" not in page and "<link" not in page
    assert not re.search(r"""(src|href)\s*=\s*['"]?https?:""", page)
    # the category label appears only escaped: as HTML text or as \u003c inside the chart JSON
    assert "<script>window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "\\u003cscript\\u003ewindow.__pwned" in page
    assert page.count("class='chart'") == sum(len(s.charts) for s in report.sections)


def test_script_json_round_trips_and_cannot_close_the_script():
    value = {"a": "</script><script>alert(1)</script>", "b": "x\u2028y", "c": "&amp;"}
    text = export.script_json(value)
    assert "</" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_html_has_no_nan_in_chart_json(en):
    report = build_report(en, boot=0, sections=("periods",))
    page = export.report_html(report)
    specs = page[page.index("const specs = ") + len("const specs = "):]
    specs = specs[:specs.index(";\nfor (const")]
    parsed = json.loads(specs)                     # strict JSON: NaN would not parse in a browser either
    assert parsed and all("$schema" not in s for s in parsed.values())


def test_chart_images(sample_files):
    zh = load_files([(n, sample_files[n]) for n in ("tickets_zh.csv",)]).dataset
    report = build_report(zh, lang="zh", boot=0, sections=("complaints",))
    chart = report.section("complaints").charts["pareto"]
    png = export.chart_png(chart, scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    svg = export.chart_svg(chart)
    assert svg.lstrip().startswith("<svg") and "原因" in svg        # axis title kept as Chinese text
    assert "container" not in json.dumps(export.static_spec(chart))


def test_notebook_exports_escape_notes():
    items = [{"title": "<b>Top</b>", "spec": None, "note": "=cmd() <script>alert(1)</script>",
              "table": pd.DataFrame({"cause": ["@SUM(A1)", "ok"], "n": [1, np.nan]}), "filters": {"Agent": "Wu"}}]
    report = notebook_report(items)
    page = export.report_html(report)
    assert "<script>alert(1)" not in page and "&lt;b&gt;Top&lt;/b&gt;" in page
    values = [c.value for _, c in _cells(export.workbook_bytes(report))]
    assert "'=cmd() <script>alert(1)</script>" in values and "'@SUM(A1)" in values


def test_write_report_refuses_other_formats(tmp_path, en):
    report = build_report(en, boot=0, sections=("complaints",))
    with pytest.raises(ValueError, match="xlsx or .html"):
        export.write_report(report, tmp_path / "r.pdf")


def test_cli_report(tmp_path, monkeypatch, capsys, sample_files):
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "data"))
    for name in ("tickets_zh.csv", "survey_zh.xlsx"):
        (tmp_path / name).write_bytes(sample_files[name])
    files = [str(tmp_path / "tickets_zh.csv"), str(tmp_path / "survey_zh.xlsx")]
    out = tmp_path / "report.xlsx"
    assert main(["report", *files, "--out", str(out), "--lang", "zh", "--from", "2025-01-01", "--json",
                 "--to", "2025-06-30"]) == 0
    payload = json.loads(capsys.readouterr().out)
    book = load_workbook(out)
    assert book.sheetnames[0] == "摘要" and len(book.sheetnames) == 10
    assert payload["lang"] == "zh" and payload["out"] == str(out)
    # one engine, two faces: the CLI's counts are the report's on the same files and range
    ds = load_files([(n, sample_files[n]) for n in ("tickets_zh.csv", "survey_zh.xlsx")]).dataset
    same = build_report(ds, lang="zh", start="2025-01-01", end="2025-06-30", sections=("overview",))
    assert payload["tickets"] == same.n_tickets and payload["responses"] == same.n_responses
    assert not (tmp_path / "data").exists()            # no goals store created as a side effect
    html_out = tmp_path / "report.html"
    assert main(["report", *files, "--out", str(html_out)]) == 0
    assert html_out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    capsys.readouterr()
    assert main(["report", *files, "--out", str(tmp_path / "r.pdf")]) == 2
    assert "xlsx or .html" in capsys.readouterr().err
