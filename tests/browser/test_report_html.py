"""The written HTML report in headless Chromium with the network cut off: every chart renders
(an svg or canvas per chart div), no console error, no request leaves file://, and markup in the
data (a <script> in a category, an onerror image in a note) never runs."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis import export
from analysis.load import load_files
from analysis.report import build_report, notebook_report

from .conftest import WAIT_MS

pytestmark = pytest.mark.browser

ATTACKS = ["<script>window.__pwned = 1</script>", "<img src=x onerror=\"window.__pwned = 2\">",
           "</script><script>window.__pwned = 3</script>"]


def _open(browser, path):
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="en-US")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    outside, errors = [], []

    def guard(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()
    page.route("**/*", guard)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(path.as_uri(), wait_until="load")
    return context, page, outside, errors


def _check_rendered(page, n_charts: int) -> None:
    assert page.locator("div.chart").count() == n_charts
    for i in range(n_charts):
        page.wait_for_selector(f"#chart-{i} svg, #chart-{i} canvas", timeout=WAIT_MS)
    assert page.evaluate("window.__pwned") is None


@pytest.fixture(scope="module")
def hostile(sample_files):
    ds = load_files([(n, sample_files[n]) for n in ("tickets_zh.csv", "survey_zh.xlsx")]).dataset
    tickets = ds.tickets.copy()
    for column in ("category", "agent", "description"):
        tickets[column] = tickets[column].astype("str")
    for i, attack in enumerate(ATTACKS):
        rows = tickets.index[i * 50:(i + 1) * 50]
        tickets.loc[rows, "category"] = attack
        tickets.loc[rows, "agent"] = attack
        tickets.loc[rows, "description"] = attack
        tickets.loc[rows, "is_complaint"] = True
    return dataclasses.replace(ds, tickets=tickets, name=ATTACKS[0])


def test_full_report_renders_offline(browser, hostile, tmp_path):
    report = build_report(hostile, lang="zh", boot=0, filters={"渠道": ATTACKS[1]})
    path = export.write_report(report, tmp_path / "report.html")
    context, page, outside, errors = _open(browser, path)
    try:
        _check_rendered(page, sum(len(s.charts) for s in report.sections))
        assert not errors, errors
        assert not outside, outside
        body = page.inner_text("body")
        assert "投诉从哪里来" in body and ATTACKS[0] in body        # shown as text, not run
    finally:
        context.close()


def test_notebook_html_with_markup_in_notes(browser, hostile, tmp_path):
    report = build_report(hostile, boot=0, sections=("complaints",))
    chart = report.section("complaints").charts["pareto"]
    table = pd.DataFrame({"description": ATTACKS, "n": [1, 2, 3]})
    items = [{"title": ATTACKS[2], "spec": export.spec_of(chart), "table": table, "filters": {"x": ATTACKS[0]},
              "note": ATTACKS[1]}]
    path = tmp_path / "notebook.html"
    path.write_text(export.report_html(notebook_report(items)), encoding="utf-8")
    context, page, outside, errors = _open(browser, path)
    try:
        _check_rendered(page, 1)
        assert not errors and not outside
        assert page.locator("img").count() == 0 and page.locator("script").count() == 2   # ours only
    finally:
        context.close()
