"""Teams (issue 18): who belongs to which team (analysis/teams.py), and with login on (st.login,
AppTest's mocked user) the login screen for a visitor not logged in and a store per team: nobody
opens another team's saved datasets, goals or column mappings."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.load import load_files
from analysis.store import STORE_FILE, Store, add_example_goals
from analysis.teams import TeamError, team_folder, team_of
from analysis.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
        "client_id": "fupan", "client_secret": "x", "server_metadata_url":
        "https://login.example.com/.well-known/openid-configuration"}


# --- who is in which team -----------------------------------------------------------------------------
def test_a_team_comes_from_the_list_then_the_claim_then_the_domain():
    teams = {"Ann@East.example": "Support East", "@contractor.example": "Support West"}
    assert team_of({"email": "ann@east.example"}, teams) == "Support East"        # by address, any case
    assert team_of({"email": "zed@contractor.example"}, teams) == "Support West"   # by "@domain"
    assert team_of({"email": "bo@east.example", "groups": ["tier2", "all"]}, teams, claim="groups") == "tier2"
    assert team_of({"email": "bo@east.example"}, teams, claim="groups") == "east.example"
    with pytest.raises(TeamError):
        team_of({"name": "No Mail"})


def test_team_folders_are_safe_and_never_shared_by_names_that_read_alike(tmp_path):
    a, b = team_folder(tmp_path, "Support/East"), team_folder(tmp_path, "support east")
    assert a != b and a.parent == b.parent == tmp_path / "teams"
    assert ".." not in a.name and "/" not in a.name
    assert team_folder(tmp_path, "../../etc").resolve().is_relative_to((tmp_path / "teams").resolve())
    assert team_folder(tmp_path, "客服一组").name.endswith(team_folder(tmp_path, "客服一组").name[-8:])


# --- the app with login on ----------------------------------------------------------------------------------
@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def session(user: dict | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False} if user is None else {"is_logged_in": True, **user}
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_visitor_not_logged_in_sees_only_the_login_screen(data_dir):
    at = session(None)
    assert [b.label for b in at.button] == ["Log in"]
    assert not [b for b in at.button if "sample" in b.label.lower()]
    assert "keeps each team's saved datasets" in at.markdown[0].value
    assert not data_dir.exists() or not any(data_dir.rglob(STORE_FILE))       # no store opened for it


def test_each_team_sees_its_own_saved_datasets_and_goals_only(data_dir):
    sample = load_files([(n, (ROOT / "sample_data" / n).read_bytes())
                         for n in ("tickets_en.csv", "survey_en.csv")]).dataset
    east = Store(team_folder(data_dir, "east.example") / STORE_FILE)
    Workspace(east).save("East Q4", sample)
    add_example_goals(east, sample.date_span[1])

    ann = session({"email": "ann@east.example", "name": "Ann"})
    assert "Logged in as Ann · team east.example" in sidebar_captions(ann)
    assert ann.session_state["workspace_name"] == "East Q4"                 # her team's latest dataset
    ann.switch_page("pages/goals.py").run()
    assert not [b for b in ann.button if b.key == "goals_add_examples"]      # the team's three goals

    bo = session({"email": "bo@west.example", "name": "Bo"})
    assert "No data loaded yet." in sidebar_captions(bo) and "Logged in as Bo · team west.example" in sidebar_captions(bo)
    bo.switch_page("pages/workspace.py").run()
    assert not bo.exception, bo.exception
    assert not [d for d in bo.dataframe if "East Q4" in d.value.to_string()]
    bo.switch_page("pages/goals.py").run()
    assert not bo.exception, bo.exception
    assert Store(team_folder(data_dir, "west.example") / STORE_FILE).goals() == []
    assert len(east.goals()) == 3 and Workspace(east).names() == ["East Q4"]


def sidebar_captions(at: AppTest) -> list[str]:
    """The sidebar's captions as they read (markdown escapes taken out)."""
    return [c.value.replace("\\", "") for c in at.sidebar.caption]
