"""Page tests (AppTest) of the workspace: Save to workspace and Add a month on the Data page, the
Workspace page (list, rename, delete, Chinese), the app opening on the saved dataset in a new
session, a corrupt store (clear message, uploads still work), and the CLI agreeing with the page.
Every test uses its own FUPAN_DATA_DIR."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.kpis import kpis_payload
from analysis.load import load_files
from analysis.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("FUPAN_DATA_DIR", str(folder))
    return folder


def new_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.success]
    parts += [m.value for m in at.error] + [m.value for m in at.info] + [m.value for m in at.warning]
    parts += [m.value for m in at.subheader] + [m.value for m in at.title]
    return "\n".join(str(p) for p in parts)


def saved_sample(data_dir: Path, name: str = "Sample EN") -> AppTest:
    at = new_app()
    click(at, "Use sample data (English)")
    at.text_input(key="ws_save_name").set_value(name).run()
    click(at, "Save to workspace")
    return at


def month_csv(sample_files) -> bytes:
    """Three tickets of the English export: T0000001 with a longer handling time (an update) and
    two with ids the sample does not have (new)."""
    lines = sample_files["tickets_en.csv"].decode("utf-8").splitlines()
    header, first, second, third = lines[:4]
    assert first.startswith("T0000001,") and "00:06:45" in first
    return "\n".join([header, first.replace("00:06:45", "00:16:45"),
                      "T9999901" + second[len("T0000002"):], "T9999902" + third[len("T0000003"):]]).encode()


def test_save_then_the_workspace_page_lists_it(data_dir):
    at = saved_sample(data_dir)
    assert "Saved **Sample EN**: 30,000 tickets, 12,023 survey responses." in texts(at)
    at.switch_page("pages/workspace.py").run()
    assert not at.exception, at.exception
    (info,) = Workspace().list()
    table = at.dataframe[0].value
    row = table.iloc[0]
    assert (row["Name"], row["Tickets"], row["Survey responses"]) == (info.name, info.tickets, info.responses)
    assert row["First ticket"] == info.start and row["Rows matched on"] == "ticket ID" and bool(row["Open now"])
    assert "How is this computed?" in [e.label for e in at.expander]


def test_a_new_session_opens_on_the_saved_dataset_with_the_same_kpis(data_dir, sample_files):
    saved_sample(data_dir)
    uploaded = load_files([(n, sample_files[n]) for n in ("tickets_en.csv", "survey_en.csv")]).dataset
    at = new_app()                       # another visit: nothing uploaded in this session
    ds = at.session_state["dataset"]
    assert ds is not None and ds.name == "Sample EN"
    assert kpis_payload(ds) == kpis_payload(uploaded)
    assert "Sample EN" in "\n".join(c.value for c in at.sidebar.caption)


def test_add_a_month_previews_then_appends(data_dir, sample_files):
    at = saved_sample(data_dir)
    uploader = at.file_uploader[1]            # the Data page's own uploader comes first
    uploader.set_value([("month.csv", month_csv(sample_files), "text/csv")]).run()
    assert not at.exception, at.exception
    preview = next(d.value for d in at.dataframe if "Added (new)" in d.value.columns)
    tickets = preview.iloc[0]
    assert (tickets["Added (new)"], tickets["Updated (seen before, changed)"], tickets["Unchanged"]) == (2, 1, 0)
    assert Workspace().list()[0].tickets == 30_000             # nothing written before confirming
    click(at, "Add to Sample EN")
    assert "Added to **Sample EN**: 2 new tickets, 1 updated, 0 unchanged" in texts(at)
    assert Workspace().list()[0].tickets == 30_002
    stored = Workspace().open("Sample EN").tickets.set_index("ticket_id")
    assert stored.loc["T0000001", "handle_min"] == pytest.approx(16.75)
    # the same file again: nothing new
    assert "Nothing new" in texts(at)


def test_rename_and_delete_on_the_workspace_page(data_dir):
    at = saved_sample(data_dir)
    at.switch_page("pages/workspace.py").run()
    at.text_input(key="ws_new_name_Sample EN").set_value("Brand X").run()
    click(at, "Rename")
    assert "Renamed to **Brand X**." in texts(at)
    assert [i.name for i in Workspace().list()] == ["Brand X"]
    at.checkbox(key="ws_sure_Brand X").check().run()
    click(at, "Delete")
    assert Workspace().list() == []
    assert "No dataset is saved yet" in texts(at)


def test_workspace_page_in_chinese(data_dir):
    at = saved_sample(data_dir)
    at.session_state["lang"] = "zh"
    at.switch_page("pages/workspace.py").run()
    assert not at.exception, at.exception
    page = texts(at)
    assert "已保存的数据集" in page and "工作区" in page
    assert "工单数" in at.dataframe[0].value.columns


def test_a_corrupt_store_shows_a_message_and_uploads_still_work(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "fupan.duckdb").write_bytes(b"not a database\n" * 500)
    at = new_app()
    assert at.session_state["dataset"] is None if "dataset" in at.session_state else True
    at.switch_page("pages/workspace.py").run()
    assert not at.exception, at.exception
    page = texts(at)
    assert "not a Fupan store" in page and "uploads only" in page
    at.switch_page("pages/data.py").run()
    click(at, "Use sample data (English)")
    assert "Loaded 30,000 tickets" in texts(at)
    assert (data_dir / "fupan.duckdb").read_bytes().startswith(b"not a database")


def test_no_dataset_saved_says_so(data_dir):
    at = new_app()
    at.switch_page("pages/workspace.py").run()
    assert not at.exception and "No dataset is saved yet" in texts(at)
    at.switch_page("pages/data.py").run()
    click(at, "Use sample data (English)")                    # the Data page with its workspace section
    assert "Save to workspace" in [b.label for b in at.button]
    assert "Save a dataset first" in texts(at)
    assert not (data_dir / "fupan.duckdb").exists()          # looking never creates a store


def test_cli_list_agrees_with_the_page(data_dir):
    at = saved_sample(data_dir)
    at.switch_page("pages/workspace.py").run()
    row = at.dataframe[0].value.iloc[0]
    out = subprocess.run([sys.executable, "-m", "analysis", "workspace", "list", "--json"], cwd=ROOT,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert out.returncode == 0, out.stderr
    (listed,) = json.loads(out.stdout)["datasets"]
    assert (listed["name"], listed["tickets"], listed["responses"]) == \
           (row["Name"], row["Tickets"], row["Survey responses"])
    kpis = subprocess.run([sys.executable, "-m", "analysis", "kpis", "--dataset", "Sample EN", "--json"], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert kpis.returncode == 0, kpis.stderr
    from analysis.__main__ import _jsonable
    assert json.loads(kpis.stdout) == json.loads(json.dumps(_jsonable(kpis_payload(at.session_state["dataset"]))))


def test_the_workspace_page_names_the_store_file_never_the_server_path(data_dir):
    at = new_app()
    at.switch_page("pages/workspace.py").run()
    assert not at.exception, at.exception
    shown = texts(at).replace("\\", "")      # as markdown shows it: escapes dropped
    assert "fupan.duckdb" in shown
    assert str(data_dir) not in shown and str(data_dir.parent) not in shown


def test_a_replace_of_a_dataset_written_meanwhile_is_refused(data_dir, sample_files):
    # issue 18: two analysts; Ann chose to replace "Q4" while Bo added a month to it
    at = saved_sample(data_dir, "Q4")
    at.text_input(key="ws_save_name").set_value("Q4").run()
    assert any("already called" in c.value for c in at.caption)
    before = Workspace().list()[0]
    month = load_files([("month.csv", month_csv(sample_files))]).dataset
    assert Workspace().append("Q4", month).written                   # Bo, meanwhile
    bo = Workspace().list()[0]
    assert bo.updated_at > before.updated_at
    at.checkbox(key="ws_replace").check().run()
    click(at, "Save to workspace")
    assert any("someone else wrote" in w.value for w in at.warning)
    after = Workspace().list()[0]
    assert (after.updated_at, after.tickets) == (bo.updated_at, bo.tickets)   # Bo's month is kept
    assert at.checkbox(key="ws_replace").value is False                       # unticked again
    at.checkbox(key="ws_replace").check().run()                      # having looked, Ann replaces it
    click(at, "Save to workspace")
    assert any("saved" in s.value.lower() for s in at.success)
    assert Workspace().list()[0].tickets == before.tickets


def test_the_workspace_refuses_a_replace_against_an_older_version(data_dir, sample_files):
    from analysis.workspace import DatasetChangedError

    ds = load_files([(n, sample_files[n]) for n in ("tickets_en.csv", "survey_en.csv")]).dataset
    ws = Workspace()
    seen = ws.save("Q4", ds).updated_at
    ws.append("Q4", load_files([("month.csv", month_csv(sample_files))]).dataset)
    with pytest.raises(DatasetChangedError):
        ws.save("Q4", ds, replace=True, seen_updated_at=seen)
    assert ws.list()[0].tickets == len(ds.tickets) + 2
    assert ws.save("Q4", ds, replace=True, seen_updated_at=ws.list()[0].updated_at).tickets == len(ds.tickets)
