"""Memory on a shared server (issues 17, 18): the byte-bounded cache, the shared store, the load
estimate and the budget (analysis.memory), and the Streamlit internals ui.sessions relies on."""
from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import memory
from analysis.memory import GB, MB, ByteLRU, LoadEstimate, Machine, MemoryBudget, OverBudget, SharedStore

ROOT = Path(__file__).resolve().parent.parent


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Thing:
    """Something weak-referenceable, like a Dataset."""


# --- ByteLRU -------------------------------------------------------------------------------------
def test_the_cache_holds_at_most_its_bytes_dropping_the_least_recently_used():
    cache = ByteLRU(max_bytes=100, ttl=60, clock=Clock())
    cache.put("a", "A", 40)
    cache.put("b", "B", 40)
    assert cache.get("a") == "A"            # a is now the most recently used
    cache.put("c", "C", 40)                 # 120 > 100: the least recently used (b) goes
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("c") == "C"
    assert cache.total_bytes == 80 and len(cache) == 2


def test_many_small_entries_fit_where_six_large_ones_would_not():
    cache = ByteLRU(max_bytes=10 * MB, ttl=60, clock=Clock())
    for i in range(100):
        cache.put(i, i, 100_000)            # 100 x 0.1 MB = 10 MB
    assert len(cache) == 100
    cache.put("big", "x", 6 * MB)           # room is made for it, oldest first
    assert cache.total_bytes <= 10 * MB and cache.get("big") == "x" and cache.get(0) is None and cache.get(99) == 99


def test_a_value_larger_than_the_whole_cache_is_not_kept_and_evicts_nothing():
    cache = ByteLRU(max_bytes=100, ttl=60, clock=Clock())
    cache.put("a", "A", 60)
    assert cache.put("huge", "H", 101) is False
    assert cache.get("huge") is None and cache.get("a") == "A"


def test_entries_expire_ttl_after_their_last_use():
    clock = Clock()
    cache = ByteLRU(max_bytes=100, ttl=10, clock=clock)
    cache.put("a", "A", 1)
    cache.put("b", "B", 1)
    clock.now = 8
    assert cache.get("a") == "A"            # used at 8: lives until 18
    clock.now = 12
    assert cache.expire() == 1              # b (written at 0) is gone
    assert cache.get("b") is None and cache.get("a") == "A"
    clock.now = 40
    assert cache.get("a") is None and cache.total_bytes == 0


def test_replacing_a_key_counts_its_bytes_once():
    cache = ByteLRU(max_bytes=100, ttl=60, clock=Clock())
    cache.put("a", "A", 30)
    cache.put("a", "A2", 50)
    assert cache.total_bytes == 50 and cache.get("a") == "A2"


def test_the_shared_store_has_no_way_to_list_its_keys():
    # an entry is found only by its key (a hash of bytes the session holds itself)
    public = {n for n in dir(SharedStore) if not n.startswith("_")}
    assert public == {"get", "put", "get_or_create", "live_bytes", "live_count", "expire", "clear"}
    public = {n for n in dir(ByteLRU) if not n.startswith("_")}
    assert public == {"get", "put", "pop", "expire", "clear", "total_bytes"}


# --- SharedStore ---------------------------------------------------------------------------------
def test_the_same_object_comes_back_while_anyone_holds_it_and_goes_after():
    clock = Clock()
    store = SharedStore(max_bytes=1000, ttl=10, clock=clock)
    held = Thing()
    store.put("k", held, 100, extra=["note"])
    assert store.get("k")[0] is held and store.get("k")[1] == ["note"]
    clock.now = 100
    store.expire()                          # the strong hold has expired ...
    assert store.get("k")[0] is held        # ... but a session still holds it: still shared
    assert store.live_bytes() == 100
    del held
    gc.collect()
    assert store.get("k") is None and store.live_bytes() == 0


def test_the_strong_hold_keeps_a_recent_object_for_the_next_visitor_then_lets_it_go():
    clock = Clock()
    store = SharedStore(max_bytes=1000, ttl=10, clock=clock)
    store.put("k", Thing(), 100)            # the loading session is already gone
    gc.collect()
    assert store.get("k") is not None       # within ttl: the next visitor with these bytes gets it
    clock.now = 30
    store.expire()
    gc.collect()
    assert store.get("k") is None


def test_get_or_create_makes_an_object_once_for_sessions_asking_at_the_same_time():
    store = SharedStore(max_bytes=1000, ttl=60)
    made, started = [], threading.Event()

    def create():
        made.append(1)
        started.set()
        time.sleep(0.2)                     # the second session asks meanwhile
        return Thing(), None

    results = []

    def session():
        results.append(store.get_or_create("k", create, lambda obj: 10)[0])

    threads = [threading.Thread(target=session) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and results[0] is results[1] is results[2]


def test_a_refused_creation_leaves_nothing_behind():
    store = SharedStore(max_bytes=1000, ttl=60)

    def refuse():
        raise OverBudget(10, 5, 100, 1)

    with pytest.raises(OverBudget):
        store.get_or_create("k", refuse, lambda obj: 10)
    assert store.get("k") is None and store.live_count() == 0
    obj, _ = store.get_or_create("k", lambda: (Thing(), None), lambda obj: 10)
    assert store.get("k")[0] is obj


def test_a_failed_load_is_not_stored():
    store = SharedStore(max_bytes=1000, ttl=60)
    assert store.get_or_create("k", lambda: (None, ["error"]), lambda obj: 10) == (None, ["error"])
    assert store.get("k") is None


# --- sizes ---------------------------------------------------------------------------------------
def test_frame_bytes_counts_numbers_text_and_python_objects():
    n = 10_000
    frame = pd.DataFrame({"x": np.zeros(n), "s": pd.Series(["abcdefghij"] * n, dtype="str"),
                          "o": pd.Series(["hello world!"] * n, dtype=object)})
    # float64: 8 bytes a row; pandas' Arrow text (large_string): 10 bytes + an 8-byte offset a row
    # (+ one offset); objects: an 8-byte pointer + the string object itself a row
    expected = 8 * n + (10 * n + 8 * (n + 1)) + (8 * n + sys.getsizeof("hello world!") * n)
    assert abs(memory.frame_bytes(frame) - expected) <= 200          # the index and validity bitmaps


def test_value_bytes_looks_into_tuples_dicts_and_objects():
    a, b = np.zeros(1000), np.zeros(500)
    holder = Thing()
    holder.table, holder.label = pd.DataFrame({"v": np.zeros(100)}), "x"
    assert memory.value_bytes((a, {"b": b}, holder, "text")) == 8000 + 4000 + 800 + 132


# --- the estimate --------------------------------------------------------------------------------
def csv_bytes(rows: int) -> bytes:
    frame = pd.DataFrame({"Ticket ID": [f"T{i}" for i in range(rows)], "Created": ["2025-01-01 10:00"] * rows,
                          "Channel": ["Phone", "Email"] * (rows // 2)})
    return frame.to_csv(index=False).encode()


def test_a_utf8_csv_is_estimated_on_its_bytes():
    data = csv_bytes(20_000)
    peak_factor, kept_factor = memory.FACTORS["utf8"]
    got = memory.estimate_load([("t.csv", data)])
    assert got == LoadEstimate(len(data), int(memory.BASE_PEAK + peak_factor * len(data)), int(kept_factor * len(data)))


def test_a_utf16_file_counts_half_its_bytes_and_gb18030_counts_as_8bit():
    text = csv_bytes(2000).decode()
    utf16 = text.encode("utf-16")
    assert memory.file_kind(utf16) == ("utf16", len(utf16) // 2)
    gb = ("工单编号,渠道\n" + "T1,电话\n" * 1000).encode("gb18030")
    assert memory.file_kind(gb) == ("8bit", len(gb))
    assert memory.file_kind("工单编号,渠道\n".encode()) == ("utf8", len("工单编号,渠道\n".encode()))


def test_a_workbook_is_counted_on_its_uncompressed_sheets(tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    for i in range(3000):
        sheet.append([f"T{i}", "Phone", 4])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    # the uncompressed size of the xl/ parts, as the zip's listing gives them
    (tmp_path / "book.xlsx").write_bytes(data)
    listing = subprocess.run([sys.executable, "-m", "zipfile", "-l", str(tmp_path / "book.xlsx")], capture_output=True)
    sizes = [int(line.split()[-1]) for line in listing.stdout.decode().splitlines()[1:] if line.startswith("xl/")]
    assert memory.file_kind(data) == ("xlsx", sum(sizes))
    assert sum(sizes) > 3 * len(data)       # what a decompression bomb would hide from a size check


def test_several_files_peak_at_the_largest_on_top_of_what_the_earlier_ones_keep():
    small, large = csv_bytes(2000), csv_bytes(40_000)
    peak, kept = memory.FACTORS["utf8"]
    got = memory.estimate_load([("a.csv", small), ("b.csv", large)])
    assert got.peak_bytes == int(memory.BASE_PEAK + max(peak * len(small), peak * len(large) + kept * len(small)))


MEASURE = """
import io, json, os, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from analysis import memory
from analysis.load import load_files

def hwm():
    with open(f"/proc/{{os.getpid()}}/status") as f:
        return next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmHWM"))

files = [(Path(p).name, Path(p).read_bytes()) for p in {paths!r}]
memory.return_free_memory()
before = memory.process_rss()
result = load_files(files)
assert result.dataset is not None
print(json.dumps({{"peak": hwm() - before, "estimate": memory.estimate_load(files).peak_bytes}}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
@pytest.mark.parametrize("make", ["csv", "xlsx", "parquet", "pair"])
def test_the_estimate_covers_the_measured_peak_of_a_load(tmp_path, make):
    sample = ROOT / "sample_data"
    if make == "csv":
        paths = [sample / "tickets_en.csv"]
    elif make == "pair":
        paths = [sample / "tickets_en.csv", sample / "survey_en.csv"]
    elif make == "xlsx":
        paths = [sample / "survey_zh.xlsx"]
    else:
        path = tmp_path / "tickets.parquet"
        pd.read_csv(sample / "tickets_en.csv").to_parquet(path)
        paths = [path]
    done = subprocess.run([sys.executable, "-c", MEASURE.format(root=str(ROOT), paths=[str(p) for p in paths])],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["estimate"] >= measured["peak"], measured


# --- the budget ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [("8GB", 8 * GB), ("8g", 8 * GB), ("512MB", 512 * MB), ("1.5G", int(1.5 * GB)),
                                            ("50%", 12 * GB), ("1000000", 1_000_000), ("2 GiB", 2 * GB)])
def test_budget_sizes_as_an_operator_writes_them(text, expected):
    assert memory.parse_size(text, total=24 * GB) == expected


@pytest.mark.parametrize("text", ["lots", "0%", "150%", "-1GB", ""])
def test_a_budget_setting_that_is_not_a_size_is_refused(text):
    with pytest.raises(ValueError):
        memory.parse_size(text, total=24 * GB)


def test_the_default_budget_is_a_share_of_the_machine_and_the_setting_overrides_it():
    assert memory.budget_bytes({}, total=20 * GB) == int(20 * GB * memory.DEFAULT_SHARE)
    assert memory.budget_bytes({"FUPAN_MEMORY_BUDGET": "3GB"}, total=20 * GB) == 3 * GB
    assert memory.budget_bytes({"FUPAN_MEMORY_BUDGET": "25%"}, total=20 * GB) == 5 * GB
    # a typo must not stop the server: the default applies
    assert memory.budget_bytes({"FUPAN_MEMORY_BUDGET": "3 gigs"}, total=20 * GB) == int(20 * GB * memory.DEFAULT_SHARE)


def test_the_machine_reading_matches_proc_meminfo():
    if not Path("/proc/meminfo").exists():
        pytest.skip("needs /proc")
    fields = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    total = int(fields["MemTotal"].split()[0]) * 1024
    box = memory.machine()
    assert 0 < box.total <= total and 0 < box.available <= box.total


def budget(limit: int, held: int, total: int = 100 * GB, available: int = 100 * GB, freed: list | None = None):
    return MemoryBudget(limit=lambda: limit, held=lambda: held, machine=lambda: Machine(total, available),
                        free=(lambda: freed.append(1)) if freed is not None else (lambda: None))


def test_a_load_within_the_budget_runs_and_one_past_it_is_refused_with_the_figures():
    freed: list = []
    b = budget(limit=4 * GB, held=3 * GB, freed=freed)
    with b.reserve(LoadEstimate(100 * MB, 500 * MB, 200 * MB)):
        assert b.reserved == 500 * MB
    assert b.reserved == 0
    with pytest.raises(OverBudget) as refused:
        with b.reserve(LoadEstimate(400 * MB, 2 * GB, 800 * MB)):
            pytest.fail("a refused load must not run")
    assert (refused.value.needed, refused.value.room, refused.value.limit) == (2 * GB, 1 * GB, 4 * GB)
    assert freed == [1]                     # freed memory handed back once before refusing
    assert "1.0 GB is left of the server's 4.0 GB budget" in str(refused.value)


def test_two_loads_at_once_see_each_others_reservation():
    b = budget(limit=4 * GB, held=2 * GB)
    with b.reserve(LoadEstimate(0, 1500 * MB, 0)):
        with pytest.raises(OverBudget):
            with b.reserve(LoadEstimate(0, 1500 * MB, 0)):      # 2 GB + 1.5 + 1.5 > 4 GB
                pass
    with b.reserve(LoadEstimate(0, 1500 * MB, 0)):              # the first has finished
        pass


def test_the_machine_limits_a_load_even_within_the_budget():
    # another process has taken the machine's memory: the budget alone would allow it
    b = budget(limit=20 * GB, held=1 * GB, total=24 * GB, available=2 * GB)
    with pytest.raises(OverBudget) as refused:
        with b.reserve(LoadEstimate(0, 1 * GB, 0)):
            pass
    # what is left is what the machine could give less its reserve (5 % of its memory)
    assert refused.value.room == 2 * GB - int(24 * GB * memory.SYSTEM_RESERVE_SHARE)


# --- what ui.sessions reaches into -----------------------------------------------------------------
def test_streamlit_still_has_what_the_session_sweep_uses():
    """ui.sessions closes expired sessions and drops orphaned uploads through these; an upgrade
    of Streamlit that renames them must fail here rather than leak memory quietly."""
    import inspect

    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.runtime import Runtime
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    storage = MemorySessionStorage(ttl_seconds=1)
    assert callable(storage._cache.expire)
    uploads = MemoryUploadedFileManager("/upload")
    assert isinstance(uploads.file_storage, dict) and callable(uploads.remove_session_files)
    init = inspect.getsource(WebsocketSessionManager.__init__)
    assert "self._session_storage" in init and "self._storage_lock" in init
    assert callable(WebsocketSessionManager.list_sessions)
    assert "self._async_objs" in inspect.getsource(Runtime.__init__) and "eventloop" in inspect.getsource(Runtime.start)
    assert isinstance(Runtime.uploaded_file_mgr, property)
    from streamlit.runtime.app_session import AppSession
    assert "self._session_state = SessionState()" in inspect.getsource(AppSession.__init__)


def test_expired_sessions_are_shut_down_and_orphaned_uploads_dropped():
    """The sweep on a stand-in runtime built from Streamlit's own storage and upload manager:
    Streamlit's storage forgets an expired session without shutting it down; the sweep does."""
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from ui import sessions

    class Session:
        def __init__(self, sid):
            self.id, self.shut = sid, False
            self._session_state = {"dataset": object()}

        def shutdown(self):
            self.shut = True
            uploads.remove_session_files(self.id)

    class Info:
        def __init__(self, session):
            self.session = session

    class Manager:
        def __init__(self):
            self._session_storage = MemorySessionStorage(ttl_seconds=0.2)
            self._storage_lock = threading.Lock()
            self.active = []

        def list_sessions(self):
            return self.active + self._session_storage.list()

    uploads = MemoryUploadedFileManager("/upload")
    manager = Manager()
    runtime = type("Runtime", (), {})()
    runtime._session_mgr, runtime.uploaded_file_mgr = manager, uploads
    live, gone = Session("live"), Session("gone")
    manager.active.append(Info(live))
    manager._session_storage.save(Info(gone))
    for sid in ("live", "gone", "never-known"):
        uploads.add_file(sid, UploadedFileRec(f"f-{sid}", "t.csv", "text/csv", b"x" * 1000))
    assert sessions.close_expired_sessions(runtime) == 0        # within its reconnect time: kept
    time.sleep(0.3)
    assert sessions.close_expired_sessions(runtime) == 1 and gone.shut and not live.shut
    assert gone._session_state == {} and "dataset" in live._session_state
    assert sessions.drop_orphan_uploads(runtime) == 1           # "never-known"'s
    assert set(uploads.file_storage) == {"live"}
