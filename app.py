"""Fupan (复盘): customer-service review. Entry point: navigation, language, active dataset."""
from __future__ import annotations

import os

# One BLAS thread, set before numpy loads: threaded OpenBLAS made the drivers page 2x slower on
# the 2-core machines this runs on (bench/RESULTS.md, Drivers).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import streamlit as st  # noqa: E402

from ui import cache, sessions, state, teams, warmup
from ui.text import plain

warmup.start()      # scipy.stats and statsmodels off the first statistics page
sessions.start()    # closed sessions' data, uploads and expired shared datasets leave memory

# The icon from a file: a ":material/…:" page icon makes the browser fetch it from fonts.gstatic.com,
# and teams run this on intranets with no internet.
# The tables' own "Download as CSV" writes formula-looking cells (=, +, -, @) live; the app's
# downloads escape them. config.toml says so too; this holds when the server was started from
# another folder (config.toml unread), from the session's second run on (the first run's
# settings are sent before the script runs).
st.set_option("client.disableDataExport", True)

ICON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ui", "assets", "icon.png")
st.set_page_config(page_title="Fupan 复盘", page_icon=ICON, layout="wide")

# (file, title key, icon); the Data page comes first and is the default.
PAGES = [
    ("pages/data.py", "nav.data", ":material/upload_file:"),
    ("pages/workspace.py", "nav.workspace", ":material/database:"),
    ("pages/overview.py", "nav.overview", ":material/dashboard:"),
    ("pages/operations.py", "nav.operations", ":material/timer:"),
    ("pages/agents.py", "nav.agents", ":material/support_agent:"),
    ("pages/drivers.py", "nav.drivers", ":material/psychology:"),
    ("pages/root_causes.py", "nav.root_causes", ":material/bar_chart:"),
    ("pages/periods.py", "nav.periods", ":material/compare_arrows:"),
    ("pages/goals.py", "nav.goals", ":material/flag:"),
    ("pages/report.py", "nav.report", ":material/slideshow:"),
]

cache.new_run()     # the memo keeps what this run uses, whatever its size (ui/cache.py)

with st.sidebar:
    choice = st.segmented_control("Language / 语言", ["English", "中文"], key="lang_choice",
                                  default="English")
    st.session_state[state.LANG] = "zh" if choice == "中文" else "en"

if teams.locked():
    # login on and nobody logged in: the login screen stands at every page's URL (a bookmarked
    # page shows it, not "page not found"), so no URL reaches data
    login = state.tr("login.title")
    st.navigation([st.Page(teams.login_screen, title=login, icon=":material/login:", default=True),
                   *(st.Page(teams.login_screen, title=login, url_path=os.path.splitext(os.path.basename(path))[0])
                     for path, _, _ in PAGES[1:])], position="hidden").run()
    st.stop()
teams.sidebar()
nav = st.navigation([st.Page(path, title=state.tr(title), icon=icon, default=(i == 0))
                     for i, (path, title, icon) in enumerate(PAGES)])



def dataset_caption() -> None:
    # a function, not module-level code: this script's globals live on in sys.modules["__main__"]
    # after the run, and a global `ds` kept the last visitor's dataset after every session ended
    ds = state.dataset()
    with st.sidebar:
        if ds is None:
            st.caption(state.tr("app.no_dataset"))
        else:
            start, end = ds.date_span
            if start is None or end is None:      # no creation dates: no span, rather than "– – –"
                st.caption(state.tr("app.dataset_no_dates", name=plain(ds.name), rows=f"{len(ds.tickets):,}"))
            else:
                st.caption(state.tr("app.dataset", name=plain(ds.name), rows=f"{len(ds.tickets):,}",
                                    start=start.date(), end=end.date()))


dataset_caption()
nav.run()
