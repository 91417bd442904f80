"""Every page in the real browser, in English and in Chinese, at a projector's 1440 px and a
laptop's 1024 px:

- offline: teams run the app on intranets with no internet, so no page may ask the network for
  anything (fonts, icons, scripts); every request that does not go to the app's own localhost
  address is blocked and recorded;
- no internal name in the text the page shows (field keys, reason codes, True/False/None/nan);
- a screenshot of each page's first screen (the viewport: Streamlit scrolls inside the page, so a
  "full page" shot is the same), kept under test-artifacts/screens/ for a reader to look at."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import WAIT_MS, switch_language, wait_for_idle

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data", "blob", "about")
SCREENS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
# a snake_case token that is not part of a file name (tickets_en.csv) or a path
INTERNAL = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./-])|(?<![\w-])(?:True|False|None|nan|NaN)(?![\w-])")
ALLOWED = {"FUPAN_DATA_DIR"}
# the main area's text without the icons (Material Symbols are ligatures: "expand_more" in the DOM
# is an arrow on screen); textContent, so text inside collapsed expanders is read too
VISIBLE_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  main.querySelectorAll('[data-testid="stIconMaterial"]').forEach(e => e.remove());
  return main.textContent;
}"""


@pytest.mark.parametrize("width", [1440, 1024])
@pytest.mark.parametrize("button, language", [("Use sample data (English)", None),
                                              ("使用示例数据（中文）", "中文")])
def test_every_page_offline_without_internal_names(browser, app_url, button, language, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
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
    shown: dict[str, list[str]] = {}
    SCREENS.mkdir(parents=True, exist_ok=True)
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
            name = links.nth(i).inner_text().strip().splitlines()[-1]
            links.nth(i).click()
            wait_for_idle(page)
            page.wait_for_timeout(300)      # charts and icons load after the script run
            wait_for_idle(page)
            page.screenshot(path=str(SCREENS / f"{language or 'English'}_{width}_{i:02d}.png"))
            text = page.evaluate(VISIBLE_TEXT)
            found = [t for t in INTERNAL.findall(text) if t not in ALLOWED]
            if found:
                shown[name] = sorted(set(found))
    finally:
        context.close()
    assert outside == []
    assert shown == {}
