"""Every page in the real browser, in English and in Chinese, at a projector's 1440 px and a
laptop's 1024 px:

- offline: teams run the app on intranets with no internet, so no page may ask the network for
  anything (fonts, icons, scripts); every request that does not go to the app's own localhost
  address is blocked and recorded;
- no internal name in the text the page shows (field keys, reason codes, True/False/None/nan);
- a screenshot of each whole page, kept under test-artifacts/screens/ (named by language, width
  and page) for a reader to look at and for CI to keep as artefacts. Streamlit scrolls inside its
  main area, so a browser "full page" shot would show only the first screen: the viewport is made
  as tall as the page for the shot."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import SCREENS, WAIT_MS, switch_language, wait_for_idle

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data", "blob", "about")
VIEWPORT_HEIGHT = 900
# Chromium draws a screenshot up to 16,384 px; the longest page (Root causes) is well under this
TALLEST_SHOT = 12_000
MAIN_HEIGHT = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
# a snake_case token that is not part of a file name (tickets_en.csv) or a path
INTERNAL = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./-])|(?<![\w-])(?:True|False|None|nan|NaN)(?![\w-])")
ALLOWED = {"FUPAN_DATA_DIR"}
# Labels Streamlit cuts with an ellipsis when their box is too narrow (metric labels and values,
# button labels), a segmented control scrolled inside its box, and a selectbox's chosen value wider
# than the box: each one's text. Tables are canvas drawings (no DOM to measure): they scroll, their
# first column pinned, and the screenshots show them.
CUT_OFF = """() => {
  const cut = [];
  for (const e of document.querySelector('[data-testid="stMain"]').querySelectorAll('*')) {
    if (e.clientWidth === 0 || e.scrollWidth <= e.clientWidth + 1) continue;
    const style = getComputedStyle(e);
    const ellipsis = style.textOverflow === 'ellipsis' && style.overflowX === 'hidden';
    const group = e.getAttribute('data-testid') === 'stButtonGroup';
    const chosen = e.tagName === 'INPUT' && e.closest('[data-testid="stSelectbox"]') !== null;
    if (ellipsis || group || chosen) cut.push((e.innerText || e.value || '').trim());
  }
  return cut;
}"""
# the main area's text without the icons (Material Symbols are ligatures: "expand_more" in the DOM
# is an arrow on screen; a widget's icon is an stIconMaterial, one in markdown — a badge's — an
# untranslated role="img"); textContent, so text inside collapsed expanders is read too
VISIBLE_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  main.querySelectorAll('[data-testid="stIconMaterial"], [role="img"][translate="no"]').forEach(e => e.remove());
  return main.textContent;
}"""


def whole_page_screenshot(page, path: Path, width: int) -> None:
    """The whole page in one picture: the viewport as tall as the main area's content for the
    shot, then back to a screen's height (the next page is read as a user sees it)."""
    height = VIEWPORT_HEIGHT
    for _ in range(4):      # until the page fits: charts drawn late make it longer after the first look
        wanted = min(page.evaluate(MAIN_HEIGHT), TALLEST_SHOT)
        if wanted <= height:
            break
        height = wanted
        page.set_viewport_size({"width": width, "height": height})
        settle(page)                    # charts and tables lay themselves out again
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})


@pytest.mark.parametrize("width", [1440, 1024])
@pytest.mark.parametrize("button, language", [("Use sample data (English)", None),
                                              ("使用示例数据（中文）", "中文")])
def test_every_page_offline_without_internal_names(browser, app_url, button, language, width):
    context = browser.new_context(viewport={"width": width, "height": VIEWPORT_HEIGHT}, locale="en-US")
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
    cut: dict[str, list[str]] = {}
    SCREENS.mkdir(parents=True, exist_ok=True)

    def look(name: str, shot: str) -> None:
        """Screenshot the page as it stands, and note any internal name or cut-off label on it."""
        whole_page_screenshot(page, SCREENS / f"{language or 'English'}_{width}_{shot}.png", width)
        text = page.evaluate(VISIBLE_TEXT)
        found = [t for t in INTERNAL.findall(text) if t not in ALLOWED]
        if found:
            shown[name] = sorted(set(found))
        clipped = page.evaluate(CUT_OFF)
        if clipped:
            cut[name] = clipped

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
            slug = urlparse(links.nth(i).get_attribute("href") or "").path.strip("/") or "data"
            links.nth(i).click()
            settle(page)
            look(name, f"{i:02d}_{slug}")
            examples = page.locator(".st-key-goals_add_examples button")
            if examples.count():
                # the goals' tables and cards too: the sample's example goals, one click away (the
                # app's store is the session's, so later runs find them there)
                examples.click()
                examples.wait_for(state="detached")      # the click's run has drawn the goals
                settle(page)
                look(f"{name} (example goals)", f"{i:02d}_{slug}_examples")
    finally:
        context.close()
    assert outside == []
    assert shown == {}
    assert cut == {}


# the grey boxes Streamlit draws while an element's code is still loading (a fresh browser context
# loads the metric and selectbox code on its first page): nothing to read or measure yet
LOADING = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]'


def settle(page) -> None:
    """Until the script run is over and what loads after it (element code, charts, icons) is drawn."""
    wait_for_idle(page)
    page.wait_for_timeout(300)
    wait_for_idle(page)
    page.wait_for_function(f"() => !document.querySelector('{LOADING}')", timeout=WAIT_MS)
