"""An analyst's path in a real browser: sample data → every analysis page renders without an
error → a chart pinned on the Overview shows up in the Report page's notebook; a sidebar filter
recomputes the Overview's cards, and the breakdown switches dimension."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from analysis.load import load_files

from .conftest import SCREENS, WAIT_MS, switch_language, wait_for_idle

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
PAGES = ["Overview", "Operations & SLA", "Agents", "Satisfaction drivers", "Root causes",
         "Period comparison", "Goals", "Report & workshop"]


def _open(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=name).first.click()
    page.get_by_role("heading", name=name.split(" &")[0]).first.wait_for(timeout=WAIT_MS)
    wait_for_idle(page)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def test_every_page_renders_on_the_sample_and_a_pin_reaches_the_notebook(page):
    page.get_by_role("button", name="Use sample data (English)").click()
    page.get_by_text("Loaded 30,000 tickets").wait_for(timeout=WAIT_MS)
    wait_for_idle(page)
    for name in PAGES:
        _open(page, name)

    _open(page, "Overview")
    page.get_by_role("button", name="Pin to notebook").first.click()
    popover = page.locator('[data-testid="stPopoverBody"]')
    popover.get_by_role("textbox").fill("Volume peaks in March")
    popover.get_by_role("textbox").press("Enter")
    wait_for_idle(page)
    popover.get_by_role("button", name="Pin to notebook").click()
    wait_for_idle(page)

    _open(page, "Report & workshop")
    page.get_by_text("Volume peaks in March").first.wait_for(timeout=WAIT_MS)


def test_a_sidebar_filter_recomputes_the_overview_cards(page):
    # expected volumes counted here off the sample file: every ticket (no date range is chosen, so
    # the 7 without a creation time count too), all and by phone
    ds = load_files([(n, (SAMPLE / n).read_bytes()) for n in ("tickets_en.csv", "survey_en.csv")]).dataset
    dated = ds.tickets
    phone = int((dated["channel"] == "Phone").sum())
    page.get_by_role("button", name="Use sample data (English)").click()
    page.get_by_text("Loaded 30,000 tickets").wait_for(timeout=WAIT_MS)
    wait_for_idle(page)
    _open(page, "Overview")
    tickets = page.locator('[data-testid="stMetric"]').filter(has_text="Tickets").first
    assert tickets.locator('[data-testid="stMetricValue"]').inner_text() == f"{len(dated):,}"
    channel = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Channel")
    channel.click()
    page.get_by_role("option", name="Phone", exact=True).click()
    page.keyboard.press("Escape")
    expect(tickets.locator('[data-testid="stMetricValue"]')).to_have_text(f"{phone:,}", timeout=WAIT_MS)
    # the breakdown by another dimension draws its table
    priority = page.get_by_role("radio", name="Priority", exact=True)
    priority.click()
    wait_for_idle(page)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    expect(priority).to_have_attribute("aria-checked", "true")
    assert page.locator('[data-testid="stException"]').count() == 0
    # the filter holds on the next page, past the Data page (which draws no filters), and back
    _open(page, "Agents")
    expect(channel).to_contain_text("Phone", timeout=WAIT_MS)
    _open(page, "Data")
    _open(page, "Overview")
    expect(tickets.locator('[data-testid="stMetricValue"]')).to_have_text(f"{phone:,}", timeout=WAIT_MS)
    expect(channel).to_contain_text("Phone")


def test_root_causes_runs_the_tab_clicked_and_keeps_it_in_the_other_language(page):
    page.get_by_role("button", name="Use sample data (English)").click()
    page.get_by_text("Loaded 30,000 tickets").wait_for(timeout=WAIT_MS)
    wait_for_idle(page)
    _open(page, "Root causes")
    groups = page.get_by_text("One panel per group", exact=False)
    fishbone_help = page.get_by_text("Ishikawa headings", exact=False)
    expect(groups).to_be_visible()
    assert fishbone_help.count() == 0                     # a hidden tab is not even computed
    page.get_by_role("tab", name="Fishbone").click()      # the click reruns the page for that tab
    expect(fishbone_help).to_be_visible(timeout=WAIT_MS)
    wait_for_idle(page)
    assert groups.count() == 0
    switch_language(page, "中文", "根因分析")
    expect(page.get_by_role("tab", name="鱼骨图")).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
    expect(page.get_by_text("六大鱼骨图类别", exact=False).first).to_be_visible(timeout=WAIT_MS)
    wait_for_idle(page)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "中文_1400_root_causes_fishbone_tab.png"), full_page=True)
