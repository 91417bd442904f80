"""Offline: teams run the app on intranets with no internet, so no page may ask the network for
anything (fonts, icons, scripts). Every request that does not go to the app's own localhost
address is blocked and recorded while a user loads each sample and opens every page, in
English and in Chinese."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .conftest import WAIT_MS, switch_language, wait_for_idle

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data", "blob", "about")


@pytest.mark.parametrize("button, language", [("Use sample data (English)", None),
                                              ("使用示例数据（中文）", "中文")])
def test_no_request_leaves_the_machine_on_any_page(browser, app_url, button, language):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    context.set_default_timeout(WAIT_MS)
    outside: list[str] = []
    app_host = urlparse(app_url).netloc

    def guard(route):
        url = urlparse(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.netloc == app_host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto(app_url, wait_until="domcontentloaded")
        wait_for_idle(page)
        if language:
            switch_language(page, language, "数据")
        page.get_by_role("button", name=button).click()
        page.locator('[data-testid="stAlert"]').first.wait_for(timeout=WAIT_MS)
        wait_for_idle(page)
        links = page.locator('[data-testid="stSidebarNavLink"]')
        for i in range(links.count()):
            links.nth(i).click()
            wait_for_idle(page)
            page.wait_for_timeout(300)      # charts and icons load after the script run
            wait_for_idle(page)
    finally:
        context.close()
    assert outside == []
