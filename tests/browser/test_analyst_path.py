"""An analyst's path in a real browser: sample data → every analysis page renders without an
error → a chart pinned on the Overview shows up in the Report page's notebook."""
from __future__ import annotations

import pytest

from .conftest import WAIT_MS, wait_for_idle

pytestmark = pytest.mark.browser

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
