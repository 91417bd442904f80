"""A mapping remembered in the store from another session (issue 18): a file with the same headers
is read with it, the Data page says so, and one click reads it with the automatic mapping instead
(for this session; the store keeps the remembered one for the others)."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.load import load_files
from analysis.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
TICKETS = "tickets_en.csv"


@pytest.fixture
def remembered(tmp_path, monkeypatch):
    """A store holding a colleague's mapping for the sample's ticket headers: Ticket Type feeds nothing."""
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "store"))
    report = next(r for r in load_files([(TICKETS, (ROOT / "sample_data" / TICKETS).read_bytes())]).reports)
    theirs = report.mapping.to_dict()
    assert theirs["fields"].pop("request_type") == "Ticket Type"
    Workspace().save_profiles({report.signature: theirs})
    return report.signature


def test_a_remembered_mapping_is_announced_and_can_be_undone(remembered):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    next(b for b in at.button if b.label == "Use sample data (English)").click().run()
    assert not at.exception, at.exception
    notes = [i.value for i in at.info if "saved earlier for files with these headers" in i.value]
    assert len(notes) == 1 and TICKETS in notes[0].replace("\\", "")   # the ticket file only (markdown escaped)
    assert at.session_state["dataset"].tickets["request_type"].isna().all()

    at.button(key=f"forget_{remembered}").click().run()
    assert not at.exception, at.exception
    assert at.session_state["dataset"].tickets["request_type"].notna().any()
    assert not [i for i in at.info if "saved earlier" in i.value]
    assert Workspace().profiles()[remembered]["fields"].get("request_type") is None   # the store is untouched


def test_a_mapping_chosen_in_this_session_is_not_announced(tmp_path, monkeypatch):
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "store"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    next(b for b in at.button if b.label == "Use sample data (English)").click().run()
    editor = at.data_editor[0]
    row = int(editor.value.index[editor.value["column"] == "Ticket Type"][0])
    at.session_state[editor.key] = {"edited_rows": {row: {"field": ""}}, "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert not at.exception, at.exception
    assert at.session_state["dataset"].tickets["request_type"].isna().all()
    assert not [i for i in at.info if "saved earlier" in i.value]
