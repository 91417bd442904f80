"""Login in the real browser (issue 18): the app with an [auth] section in its secrets, against a
fake OpenID Connect provider on localhost (tests/browser/oidc_fake.py). A visitor not logged in gets
the login screen on every URL; logging in runs Streamlit's whole st.login flow; each team works in
its own store (goals added by one team are not another's); logging out locks the app again."""
from __future__ import annotations

import os

import pytest

from analysis.store import STORE_FILE, Store
from analysis.teams import team_folder
from bench.appserver import AppServer, AppServerError, free_port

from .conftest import SCREENS, STARTUP_SECONDS, WAIT_MS, _require_chromium, wait_for_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def login_app(tmp_path_factory):
    """(URL, fake provider, data folder) of the app with login on."""
    _require_chromium()
    from .oidc_fake import FakeProvider

    folder = tmp_path_factory.mktemp("login")
    with FakeProvider() as idp:
        port = free_port()
        secrets = folder / "secrets.toml"
        secrets.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "fupan-test-cookie-secret-0123456789"
client_id = "fupan"
client_secret = "fupan-test-secret"
server_metadata_url = "{idp.metadata_url}"
""")
        data = folder / "data"
        try:
            server = AppServer({**os.environ, "FUPAN_DATA_DIR": str(data)}, folder / "streamlit.log",
                               options=("--secrets.files", str(secrets)), startup_s=STARTUP_SECONDS, port=port)
        except AppServerError as err:
            pytest.fail(str(err))
        with server:
            yield server.url, idp, data


def visitor(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    wait_for_idle(page)
    return context, page


def log_in(page, idp, user: dict) -> None:
    idp.user = user
    page.get_by_role("button", name="Log in").click()
    page.get_by_text(f"Logged in as {user['name']}").wait_for(timeout=WAIT_MS)
    wait_for_idle(page)


def open_goals(page) -> None:
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Goals").first.click()
    page.get_by_role("heading", name="Goals").first.wait_for(timeout=WAIT_MS)
    wait_for_idle(page)


def test_login_screen_then_a_store_per_team(browser, login_app):

    url, idp, data = login_app
    context, page = visitor(browser, url)
    try:
        # not logged in: the login screen only, on the app's URL and on a page's
        page.get_by_role("button", name="Log in").wait_for(timeout=WAIT_MS)
        assert page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Overview").count() == 0
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / "en_1400_login.png"))
        page.goto(f"{url}/overview", wait_until="domcontentloaded")
        wait_for_idle(page)
        page.get_by_role("button", name="Log in").wait_for(timeout=WAIT_MS)
        assert page.get_by_role("button", name="Use sample data (English)").count() == 0

        log_in(page, idp, {"email": "ann@east.example", "name": "Ann"})
        assert idp.logins == 1
        page.get_by_text("team east.example").wait_for(timeout=WAIT_MS)
        page.get_by_role("button", name="Use sample data (English)").click()
        page.get_by_text("Loaded 30,000 tickets").wait_for(timeout=WAIT_MS)
        wait_for_idle(page)
        open_goals(page)
        page.get_by_role("button", name="Add the example goals").click()
        page.get_by_role("button", name="Add the example goals").wait_for(state="detached", timeout=WAIT_MS)
        wait_for_idle(page)
        page.screenshot(path=str(SCREENS / "en_1400_login_goals.png"))
    finally:
        context.close()
    east = Store(team_folder(data, "east.example") / STORE_FILE)
    assert len(east.goals()) == 3
    assert not (data / STORE_FILE).exists()                      # nothing in a store shared by all

    context, page = visitor(browser, url)
    try:
        log_in(page, idp, {"email": "bo@west.example", "name": "Bo"})
        page.get_by_role("button", name="Use sample data (English)").click()
        page.get_by_text("Loaded 30,000 tickets").wait_for(timeout=WAIT_MS)
        wait_for_idle(page)
        open_goals(page)
        # the empty state, not east's three goals
        page.get_by_role("button", name="Add the example goals").wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(SCREENS / "en_1400_login_other_team.png"))
        page.get_by_role("button", name="Log out").click()
        page.get_by_role("button", name="Log in").wait_for(timeout=WAIT_MS)
        assert page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Goals").count() == 0
    finally:
        context.close()
    assert len(east.goals()) == 3 and Store(team_folder(data, "west.example") / STORE_FILE).goals() == []
