"""Issue 18, items 3 and 4 in the real browser: a store whose saved dataset, goal, agents,
categories, survey columns and file names are markdown, HTML and bare URLs (tests/hostile.py).
A new visitor (the app opens the latest saved dataset) walks every page:

- no request leaves localhost (the hostile names point at evil.example), no <img> or <a> points
  there, no dialog opens (the <img onerror=alert(1)>), no bold or heading is made of a name;
- the names show as the characters they are (the page's text, with the invisible word joiners
  ui.text.plain puts in bare URLs left out);
- the Data page's preview table offers no "Download as CSV" on its toolbar, and the app's own
  download of the cleaned tickets writes the formula-looking cells escaped.

The app runs on a server of its own here: its store holds the hostile dataset, which every new
session of the shared server would otherwise open."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from .conftest import ROOT, WAIT_MS, _require_chromium, served, wait_for_idle

sys.path.insert(0, str(ROOT / "tests"))
import hostile  # noqa: E402

pytestmark = pytest.mark.browser

WORD_JOINER = "\u2060"
LOCAL_SCHEMES = ("data", "blob", "about")
NO_FILE_PICKER = "delete Window.prototype.showSaveFilePicker; delete window.showSaveFilePicker;"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# words the hostile names would turn into bold text or headings if read as markdown / HTML
MARKED_UP = {"bold", "pay", "why", "goal", "VIP", "head"}
DOM_FINDINGS = """() => ({
  images: [...document.querySelectorAll('img')].map(e => e.getAttribute('src') || ''),
  links: [...document.querySelectorAll('a')].map(e => e.getAttribute('href') || ''),
  handlers: document.querySelectorAll('[onerror], [onload]').length,
  marked: [...document.querySelectorAll('strong, b, em, h1, h2, h3, h4, h5, h6')].map(e => e.textContent.trim()),
  text: document.querySelector('[data-testid="stApp"]').textContent,
})"""


def _prepare_store(folder: Path) -> None:
    """The hostile dataset saved in the store at `folder`, with a hostile goal on a hostile agent."""
    from analysis.goals import INCREASE, Goal
    from analysis.load import load_files
    from analysis.store import Store, store_path
    from analysis.workspace import Workspace

    before = os.environ.get("FUPAN_DATA_DIR")
    os.environ["FUPAN_DATA_DIR"] = str(folder)
    try:
        Workspace().save(hostile.DATASET_NAME, load_files(hostile.files()).dataset)
        Store(store_path()).save_goal(Goal(id="", metric="csat_pct", direction=INCREASE, target=90.0,
                                           start="2025-07-01", deadline="2025-12-31", baseline=70.0,
                                           segment={"agent": hostile.AGENTS["Agent Lin"]}, name=hostile.GOAL_NAME))
    finally:
        if before is None:
            os.environ.pop("FUPAN_DATA_DIR", None)
        else:
            os.environ["FUPAN_DATA_DIR"] = before


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    """URL of a `streamlit run app.py` whose store holds the hostile dataset and goal."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("hostile_data")
    _prepare_store(folder)
    yield from served(folder, tmp_path_factory.mktemp("hostile_streamlit") / "streamlit.log")


def settle(page) -> None:
    wait_for_idle(page)
    page.wait_for_timeout(300)
    wait_for_idle(page)


def _no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, \
        page.locator('[data-testid="stException"]').first.inner_text()


def test_hostile_names_fetch_nothing_and_show_as_text(browser, hostile_url, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(NO_FILE_PICKER)
    app_host = urlparse(hostile_url).netloc
    requested: list[str] = []
    outside: list[str] = []
    dialogs: list[str] = []

    def guard(route):
        url = urlparse(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.netloc == app_host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    findings: dict[str, dict] = {}
    text: dict[str, str] = {}
    try:
        page.goto(hostile_url, wait_until="domcontentloaded")
        settle(page)
        links = page.locator('[data-testid="stSidebarNavLink"]')
        for i in range(links.count()):
            name = links.nth(i).inner_text().strip().splitlines()[-1]
            links.nth(i).click()
            settle(page)
            _no_exception(page)
            found = page.evaluate(DOM_FINDINGS)
            text[name] = found.pop("text").replace(WORD_JOINER, "")
            found["images"] = [s for s in found["images"] if hostile.EVIL in s or s == "x"]
            found["links"] = [s for s in found["links"] if hostile.EVIL in s or s.startswith("mailto:")]
            found["marked"] = [s for s in found["marked"] if s in MARKED_UP]
            if any(found.values()):
                findings[name] = found
            if name == "Goals":
                page.screenshot(path=str(tmp_path / "goals.png"), full_page=True)
        page.wait_for_timeout(1000)      # an image fetch a page started would have been asked for by now
    finally:
        context.close()
    assert [u for u in requested if urlparse(u).netloc not in (app_host, "") and hostile.EVIL in u] == []
    assert outside == []
    assert dialogs == []
    assert findings == {}
    # the names as the characters they are, where the pages name them
    assert hostile.DATASET_NAME in text["Data"]                       # the sidebar's dataset line
    assert hostile.TICKETS_FILE in text["Data"] and hostile.SURVEY_FILE in text["Data"]
    assert hostile.DATASET_NAME in text["Workspace"]
    assert hostile.GOAL_NAME in text["Goals"]
    assert f"Agent = {hostile.AGENTS['Agent Lin']}" in text["Goals"]  # the goal's segment
    assert hostile.CATEGORIES["Orders"] in text["Root causes"]


def test_preview_toolbar_has_no_csv_download_and_the_app_download_is_escaped(browser, hostile_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(NO_FILE_PICKER)
    page = context.new_page()
    try:
        page.goto(hostile_url, wait_until="domcontentloaded")
        settle(page)
        grid = page.locator("xpath=//h3[contains(., 'Cleaned data')]/following::*[@data-testid='stDataFrame'][1]")
        grid.scroll_into_view_if_needed()
        grid.hover()
        toolbar = grid.locator('[data-testid="stElementToolbar"] button')
        toolbar.first.wait_for()
        actions = [b.get_attribute("aria-label") for b in toolbar.all()]
        assert "Search" in actions and "Download as CSV" not in actions, actions
        with page.expect_download(timeout=WAIT_MS) as info:
            page.get_by_role("button", name="Download the cleaned tickets (CSV, every row)").click()
        data = Path(info.value.path()).read_bytes()
    finally:
        context.close()
    cleaned = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(cleaned) == 30_000                    # every ticket (sample_data/README.md), not the 200 shown
    cells = pd.Series(cleaned.to_numpy().ravel())
    live = cells[cells.str.startswith(FORMULA_STARTS) & pd.to_numeric(cells, errors="coerce").isna()]
    assert list(live) == []
    assert "'" + hostile.AGENTS["Agent Zheng"] in set(cleaned["Agent"])
    assert {"'+SUM(1,2)", "'-2+3", "'@SUM(1)"} <= set(cleaned[hostile.EXTRA_HEADER[1]])
    assert "'+SUM(1,2)" in set(cleaned["Channel"])
