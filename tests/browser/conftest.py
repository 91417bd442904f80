"""The real app in a real browser: `streamlit run app.py` on a free localhost port, driven by
Playwright in Debian's headless Chromium (never a Playwright browser download).

Browser tests are skipped only on a developer machine without /usr/bin/chromium; under CI
(the CI variable set) a missing browser is a failure, so they cannot silently stop running."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.appserver import AppServer, AppServerError

ROOT = Path(__file__).resolve().parents[2]
# Screenshots of every page (tests/browser/test_offline.py), kept for a reader and as CI's artefacts
SCREENS = ROOT / "test-artifacts" / "screens"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out, which this machine's
# closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
STARTUP_SECONDS = 90
WAIT_MS = 60_000   # one wait on a shared 2-core machine


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing under CI: scripts/test.sh installs Debian's chromium")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); browser tests skipped")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    """URL of a running `streamlit run app.py` (its data folder in a temp dir), stopped after the session."""
    _require_chromium()
    yield from served(tmp_path_factory.mktemp("fupan_data"), tmp_path_factory.mktemp("streamlit") / "streamlit.log")


def served(data_dir: Path, log: Path):
    """The URL of `streamlit run app.py` on `data_dir`, for a fixture to yield; stopped after."""
    try:
        server = AppServer({**os.environ, "FUPAN_DATA_DIR": str(data_dir)}, log, startup_s=STARTUP_SECONDS)
    except AppServerError as err:
        pytest.fail(str(err))
    with server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium under Playwright, shared by the session's tests."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh browser context (so a fresh Streamlit session) with the app's first page open."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.set_default_timeout(WAIT_MS)
    pg = context.new_page()
    pg.goto(app_url, wait_until="domcontentloaded")
    wait_for_idle(pg)
    yield pg
    context.close()


def wait_for_idle(pg) -> None:
    """Until the app has rendered and no script run is in progress."""
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=WAIT_MS)


def switch_language(pg, name: str, heading: str) -> None:
    """Pick `name` ("中文" / "English") in the sidebar's language switch, until the page's
    `heading` shows in that language. The first click of the first session after the server
    starts is sometimes dropped by Streamlit (a second one always works): tests click again
    rather than fail on it; a user sees nothing change and clicks again."""
    switch = pg.locator('[data-testid="stSidebar"]').get_by_role("radio", name=name)
    target = pg.get_by_role("heading", name=heading, exact=True)
    for _ in range(3):
        if switch.get_attribute("aria-checked") != "true":   # clicking a chosen option unchooses it
            switch.click()
        try:
            target.wait_for(timeout=10_000)
            break
        except Exception:       # playwright's TimeoutError: try the switch again
            continue
    target.wait_for(timeout=WAIT_MS)
    wait_for_idle(pg)


def pytest_terminal_summary(terminalreporter) -> None:
    """Name the screenshot folder at the end of the run, for a reader and for CI to keep."""
    shots = sorted(SCREENS.glob("*.png")) if SCREENS.is_dir() else []
    if shots:
        terminalreporter.write_line(f"page screenshots ({len(shots)}): {SCREENS}")
