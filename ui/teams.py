"""Optional login with Streamlit's ``st.login`` (OpenID Connect) and the store of the user's team.

Login is on when ``.streamlit/secrets.toml`` has an ``[auth]`` section (Streamlit's own settings:
redirect_uri, cookie_secret, client_id, client_secret, server_metadata_url; ``[auth.<name>]`` for
several providers, with ``fupan.login_provider`` naming the one to use). Then a visitor who is not
logged in sees only the login screen, and a logged-in user works in the store of their team
(analysis/teams.py says how the team is told and where its store lives). Without ``[auth]``
there are no teams and the data folder holds the one store (the server then listens on
127.0.0.1 only: .streamlit/config.toml).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis import teams
from analysis.store import STORE_FILE, StoreError, data_dir
from ui import state
from ui.text import plain


def login_on() -> bool:
    """True when the secrets configure a login ([auth])."""
    try:
        return "auth" in st.secrets
    except Exception:       # no secrets file at all (StreamlitSecretNotFoundError): no login
        return False


def _settings() -> dict:
    try:
        return dict(st.secrets.get("fupan", {}))
    except Exception:
        return {}


def team() -> str | None:
    """The logged-in user's team; None with login off or nobody logged in. Raises teams.TeamError
    when the identity tells no team."""
    if not login_on() or not st.user.is_logged_in:
        return None
    settings = _settings()
    return teams.team_of(st.user.to_dict(), settings.get("teams"), settings.get("team_claim"))


class LoginRequired(StoreError):
    """Login is on and this session has no team: no store is opened for it."""


def store_path() -> Path:
    """The store of this session: the team's with login on, else the data folder's. With login on
    and no team (nobody logged in, or a login that tells no team) LoginRequired: a page reached
    without the login screen never falls back on a shared store."""
    if not login_on():
        return data_dir() / STORE_FILE
    try:
        found = team()
    except teams.TeamError as err:
        raise LoginRequired(str(err)) from None
    if found is None:
        raise LoginRequired("log in first: with login on, every store belongs to a team")
    return teams.team_folder(data_dir(), found) / STORE_FILE


def locked() -> bool:
    """True when the app shows only its login screen: login on and nobody logged in, or a
    logged-in user whose team cannot be told."""
    if not login_on():
        return False
    if not st.user.is_logged_in:
        return True
    try:
        team()
    except teams.TeamError:
        return True
    return False


def login_screen() -> None:
    """The one page of a locked app: what Fupan is, and the login button (or why a logged-in
    user cannot go on, and the way out)."""
    tr = state.tr
    st.title("Fupan 复盘")
    if st.user.is_logged_in:
        try:
            team()
        except teams.TeamError:
            st.error(tr("login.no_team"))
            st.button(tr("login.logout"), on_click=st.logout, key="logout", icon=":material/logout:")
            return
    st.markdown(tr("login.intro"))
    if st.button(tr("login.button"), type="primary", icon=":material/login:", key="login"):
        provider = _settings().get("login_provider")
        st.login(provider) if provider else st.login()


def sidebar() -> None:
    """Who is logged in, in which team, and the way out; nothing with login off."""
    if not login_on() or not st.user.is_logged_in:
        return
    with st.sidebar:
        who = st.user.get("name") or st.user.get("email") or ""
        st.caption(state.tr("login.as", name=plain(str(who)), team=plain(team())))
        st.button(state.tr("login.logout"), on_click=st.logout, key="logout", icon=":material/logout:")
