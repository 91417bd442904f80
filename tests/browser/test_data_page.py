"""The Data page in a real browser: the real uploader, the real rerun, the rendered report.

The tables are drawn on a canvas; the quality table is read through the grid the table keeps
for screen readers (its toolbar has no "Download as CSV": that wrote formula cells live, issue
18), the problem rows through the page's own download button."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from .conftest import ROOT, WAIT_MS, switch_language, wait_for_idle

pytestmark = pytest.mark.browser

SAMPLES = ROOT / "sample_data"
NO_FILE_PICKER = "delete Window.prototype.showSaveFilePicker; delete window.showSaveFilePicker;"


def _download(page, click) -> bytes:
    with page.expect_download(timeout=WAIT_MS) as info:
        click()
    return Path(info.value.path()).read_bytes()


def _table_after(page, heading: str) -> pd.DataFrame:
    """The st.dataframe that follows the sub-heading `heading`, as its accessible grid holds it
    (the rows in view: a short table shows them all)."""
    grid = page.locator(f"xpath=//h3[contains(., '{heading}')]/following::*[@data-testid='stDataFrame'][1]")
    grid.scroll_into_view_if_needed()
    rows = grid.locator("table").first.evaluate(
        "t => [...t.querySelectorAll('tr')].map(r => [...r.children].map(c => c.textContent))")
    return pd.DataFrame(rows[1:], columns=rows[0])


def _no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, \
        page.locator('[data-testid="stException"]').first.inner_text()


def test_chinese_upload_shows_quality_report(page):
    # A download saves through the File System Access API when the browser has it; without it
    # it is an ordinary download that Playwright can catch.
    page.context.add_init_script(NO_FILE_PICKER)
    page.reload()
    wait_for_idle(page)

    page.locator('input[type="file"]').set_input_files(
        [str(SAMPLES / "tickets_zh.csv"), str(SAMPLES / "survey_zh.xlsx")])
    page.get_by_text("Loaded 8,000 tickets").wait_for(timeout=WAIT_MS)
    wait_for_idle(page)
    _no_exception(page)
    page.get_by_role("heading", name="How each file was read").wait_for()

    quality = _table_after(page, "Quality report")
    # The sample's deliberate problems (analysis/sample.py), named in the user's own headers.
    future = quality[quality["Problem"] == "Timestamp in the future"]
    assert list(future["Column"]) == ["解决时间"]
    assert int(future["Rows"].iloc[0].replace(",", "")) > 0
    assert "Resolved before creation" in set(quality["Problem"])
    assert set(quality["File"]) >= {"tickets_zh.csv", "survey_zh.xlsx"}

    rows = pd.read_csv(io.BytesIO(_download(
        page, lambda: page.get_by_role("button", name="Download problem rows (CSV)").click())),
        encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert {"file", "row", "kind", "column"} <= set(rows.columns)
    resolved = rows[(rows["kind"] == "resolved_before_created") & (rows["column"] == "解决时间")]
    assert len(resolved) == int(quality.loc[quality["Problem"] == "Resolved before creation", "Rows"].iloc[0]
                                .replace(",", ""))
    _no_exception(page)


def test_language_switch_to_chinese(page):
    switch_language(page, "中文", "数据")
    page.get_by_text("上传文件").first.wait_for()
    assert page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="总览").count() == 1
    _no_exception(page)


def test_empty_upload_keeps_previous_dataset(page, tmp_path):
    page.get_by_role("button", name="Use sample data (中文)").click()
    page.get_by_text("Loaded 8,000 tickets").wait_for(timeout=WAIT_MS)
    wait_for_idle(page)

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    page.locator('input[type="file"]').set_input_files(str(empty))
    page.get_by_text("empty.csv: the file is empty").wait_for(timeout=WAIT_MS)
    wait_for_idle(page)
    page.get_by_text("The data loaded before is still loaded.").wait_for()
    assert page.get_by_text("Loaded 8,000 tickets").count() == 1
    sidebar = page.locator('[data-testid="stSidebarUserContent"]')
    assert "8,000 tickets" in sidebar.inner_text()
    _no_exception(page)
