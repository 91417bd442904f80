"""Sessions share one read-only copy of the same upload, never another's; the memory budget
refuses a load with a message and keeps the data loaded before; session state keeps no upload
bytes (issues 17, 18). Page tests through AppTest; each AppTest is a session of one process,
as the sessions of one server are."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui import state

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
PAGES = ["pages/data.py", "pages/workspace.py", "pages/overview.py", "pages/operations.py", "pages/agents.py",
         "pages/drivers.py", "pages/root_causes.py", "pages/periods.py", "pages/goals.py", "pages/report.py"]


def session() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, data, "text/csv") for name, data in files]).run()
    assert not at.exception, at.exception
    return at


def errors(at: AppTest) -> list[str]:
    """The error messages as shown (markdown's escapes of the file names' dots taken out)."""
    return [e.value.replace("\\", "") for e in at.error]


def small_export(seed: int) -> bytes:
    """A small ticket export whose bytes differ by seed."""
    lines = (SAMPLE / "tickets_en.csv").read_bytes().splitlines(keepends=True)
    return b"".join(lines[:1 + 400 + seed])


# --- one copy per content -----------------------------------------------------------------------
def test_two_sessions_uploading_the_same_bytes_get_the_same_dataset_object():
    data = small_export(1)
    first, second = upload(session(), ("tickets.csv", data)), upload(session(), ("tickets.csv", data))
    assert first.session_state["dataset"] is second.session_state["dataset"]


def test_different_bytes_or_another_name_make_another_dataset():
    first = upload(session(), ("tickets.csv", small_export(2)))
    other_bytes = upload(session(), ("tickets.csv", small_export(3)))
    other_name = upload(session(), ("mine.csv", small_export(2)))     # the name is in the dataset (source_file)
    ds = first.session_state["dataset"]
    assert other_bytes.session_state["dataset"] is not ds and other_name.session_state["dataset"] is not ds
    assert len(other_bytes.session_state["dataset"].tickets) == len(ds.tickets) + 1
    assert set(other_name.session_state["dataset"].tickets["source_file"]) == {"mine.csv"}


def test_session_state_keeps_where_the_files_came_from_not_their_bytes():
    at = upload(session(), ("tickets.csv", small_export(4)))

    def large_bytes(value, depth=0):
        if isinstance(value, (bytes, bytearray, memoryview)):
            return len(value) > 1000
        if depth < 4 and isinstance(value, (list, tuple, set)):
            return any(large_bytes(v, depth + 1) for v in value)
        if depth < 4 and isinstance(value, dict):
            return any(large_bytes(v, depth + 1) for v in value.values())
        return False

    held = at.session_state.to_dict()      # the uploader widget's own value is Streamlit's file object
    assert not [key for key, value in held.items() if large_bytes(value)]
    source, = at.session_state["sources"]
    assert (source.name, source.size) == ("tickets.csv", len(small_export(4))) and source.file_id


def test_a_mapping_change_reads_the_upload_again_from_the_uploader():
    at = upload(session(), ("tickets.csv", small_export(5)))
    before = at.session_state["dataset"]
    editor = at.data_editor[0]
    row = int(editor.value.index[editor.value["column"] == "Ticket Type"][0])
    at.session_state[editor.key] = {"edited_rows": {row: {"field": ""}}, "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert not at.exception
    after = at.session_state["dataset"]
    assert after is not before and before.tickets["request_type"].notna().any()
    assert after.tickets["request_type"].isna().all()


def test_a_file_no_longer_in_the_uploader_cannot_be_read_again_and_says_so():
    at = upload(session(), ("tickets.csv", small_export(6)))
    at.session_state["sources"] = [state.Source("tickets.csv", "00" * 32, 10, file_id="gone")]
    assert state.SOURCES == "sources"
    editor = at.data_editor[0]
    row = int(editor.value.index[editor.value["column"] == "Ticket Type"][0])
    at.session_state[editor.key] = {"edited_rows": {row: {"field": ""}}, "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if b.label == "Apply mapping").click().run()
    assert not at.exception
    assert any("tickets.csv is no longer in the uploader" in e for e in errors(at))
    assert len(at.session_state["dataset"].tickets) > 0          # what was loaded stays


# --- the memory budget --------------------------------------------------------------------------
def test_a_load_past_the_memory_budget_is_refused_and_the_data_loaded_before_stays(monkeypatch):
    at = session()
    next(b for b in at.button if b.label == "Use sample data (English)").click().run()
    before = at.session_state["dataset"]
    monkeypatch.setenv("FUPAN_MEMORY_BUDGET", "1MB")
    upload(at, ("other.csv", small_export(7)))
    message = next(e for e in errors(at) if e.startswith("Not loaded"))
    size = len(small_export(7)) / 2 ** 10
    assert f"other.csv ({size:.0f} KB) would need about" in message and "of its 1 MB memory limit" in message
    assert at.session_state["dataset"] is before
    assert any(i.value == "The data loaded before is still loaded." for i in at.info)
    assert any(b.label == "Try loading again" for b in at.button)
    # once there is room again, "Try loading again" loads the file still in the uploader
    monkeypatch.delenv("FUPAN_MEMORY_BUDGET")
    next(b for b in at.button if b.label == "Try loading again").click().run()
    assert not at.exception
    assert set(at.session_state["dataset"].tickets["source_file"]) == {"other.csv"}
    assert not [e for e in errors(at) if e.startswith("Not loaded")]


def test_the_refusal_is_said_in_chinese_too(monkeypatch):
    at = session()
    at.session_state["lang"] = "zh"
    at.run()
    monkeypatch.setenv("FUPAN_MEMORY_BUDGET", "1MB")
    upload(at, ("其他.csv", small_export(8)))
    message = next(e for e in errors(at) if e.startswith("未加载"))
    assert "其他.csv" in message and "服务器的内存上限为 1 MB" in message
    assert "dataset" not in at.session_state or at.session_state["dataset"] is None


# --- read-only: nothing downstream changes the shared frames ----------------------------------------
def freeze(frame: pd.DataFrame) -> int:
    """Make every numpy array under `frame` read-only (a write in place raises); how many."""
    count = 0
    for block in frame._mgr.blocks:
        values = block.values
        for array in (values, *(getattr(values, a, None) for a in ("_ndarray", "_data", "_mask", "_codes"))):
            if isinstance(array, np.ndarray):
                array.flags.writeable = False
                count += 1
    return count


def fingerprint(ds) -> tuple:
    """Everything a later session would see of the dataset: columns, types and every value."""
    def frame(f):
        if f is None:
            return None
        return (tuple(f.columns), tuple(map(str, f.dtypes)), len(f),
                int(pd.util.hash_pandas_object(f, index=True).sum()))
    return (frame(ds.tickets), frame(ds.survey), tuple(ds.drivers), ds.csat_scale, ds.nps_scale, ds.name,
            len(ds.quality), tuple(r.file for r in ds.files), ds.csat_top)


def test_walking_every_page_leaves_the_shared_frames_as_they_were():
    at = session()
    next(b for b in at.button if b.label == "Use sample data (English)").click().run()
    ds = at.session_state["dataset"]
    assert freeze(ds.tickets) > 10 and freeze(ds.survey) > 3
    seen = fingerprint(ds)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    # and with a filter, which cuts the rows (a copy, never a write into the shared frame)
    channel = ds.tickets["channel"].value_counts().index[0]
    for page in ("pages/overview.py", "pages/drivers.py", "pages/root_causes.py", "pages/periods.py"):
        at.switch_page(page)
        at.session_state["filter_channel"] = [channel]
        at.run()
        assert not at.exception, (page, at.exception)
    assert fingerprint(ds) == seen
    # the next session with the same sample gets this very object, unchanged
    other = session()
    next(b for b in other.button if b.label == "Use sample data (English)").click().run()
    assert other.session_state["dataset"] is ds
