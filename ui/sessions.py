"""Housekeeping that gives a shared server its memory back after visitors leave.

Streamlit (1.67) keeps a disconnected session, its session state and its uploads, for
`server.disconnectedSessionTTL` seconds (120 by default) so that a browser can reconnect. After
that the session is only forgotten lazily, when another session disconnects, and even then it is
never shut down: its uploads stay in Streamlit's upload manager for as long as the server runs
(the session storage drops the entry without calling `shutdown()`). A server whose last visitors
left kept their datasets and their uploaded bytes for good (issue 18: 53 MB -> 1.47 GB after
50 visits, and it stayed there).

So a thread of ours, every SWEEP_SECONDS:
- shuts down the sessions whose reconnect time has passed (as Streamlit's own close does: their
  uploads, media files and caches go) and empties their session state (Streamlit's message loop
  keeps a reference to the last session it served), on the server's event loop, where Streamlit
  does it;
- drops the uploads of sessions Streamlit no longer knows at all;
- lets the shared store's strong holds expire (ui.state.SHARED, CACHE_TTL after last use);
- and, when anything was let go, hands the freed memory back to the system (malloc_trim and
  Arrow's pools), so the server's resident memory falls instead of staying at its peak.

The first three reach into Streamlit's runtime; each step checks that what it needs is there and
does nothing otherwise (tests/test_memory.py pins the names on the installed version).
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import json
import logging
import os
import sys
import threading
from typing import Any

from analysis import memory

SWEEP_SECONDS = 30.0
_LOG = logging.getLogger(__name__)
_started = threading.Event()


def start() -> None:
    """Start the housekeeping thread, once per server process."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_loop, name="fupan-memory-sweep", daemon=True).start()


def _loop() -> None:
    stop = threading.Event()
    while not stop.wait(SWEEP_SECONDS):
        try:
            sweep()
        except Exception:       # housekeeping must never take the server down
            _LOG.exception("memory sweep failed")


def sweep() -> dict[str, int]:
    """One pass; what it let go: sessions shut down, sessions whose uploads were dropped,
    expired shared entries; "freed" 1 when memory was handed back."""
    from ui import state
    done = {"sessions": 0, "uploads": 0, "shared": state.SHARED.expire(), "freed": 0}
    runtime = _runtime()
    if runtime is not None:
        done["sessions"], done["uploads"] = _on_event_loop(runtime, lambda: (
            close_expired_sessions(runtime), drop_orphan_uploads(runtime)))
    if any(done.values()):
        memory.return_free_memory()
        done["freed"] = 1
    if os.environ.get(LOG_ENV):
        _report(runtime, done, state.SHARED)
    return done


LOG_ENV = "FUPAN_MEMORY_LOG"       # set (bench/bench_load.py does): each sweep writes one line to stderr


def _report(runtime: Any, done: dict[str, int], shared: memory.SharedStore) -> None:
    """One line of what the server holds, for the load test's log."""
    manager = getattr(runtime, "_session_mgr", None)
    uploads = getattr(runtime, "uploaded_file_mgr", None)
    try:
        import pyarrow as pa
        arrow = pa.total_allocated_bytes()
    except ImportError:
        arrow = 0
    line = {"rss": memory.process_rss(), "active": len(manager.list_active_sessions()) if manager else 0,
            "known": len(manager.list_sessions()) if manager else 0,
            "upload_bytes": getattr(uploads, "_total_bytes", 0), "shared_live": shared.live_count(),
            "shared_bytes": shared.live_bytes(), "shared_recent": len(shared.recent), "arrow": arrow,
            **{f"let_go_{k}": v for k, v in done.items()}}
    print("fupan-memory " + json.dumps(line), file=sys.stderr, flush=True)


def _runtime() -> Any | None:
    from streamlit import runtime
    return runtime.get_instance() if runtime.exists() else None


def _on_event_loop(runtime: Any, work, timeout: float = 30.0):
    """Run `work()` on the runtime's event loop (Streamlit's session manager is not thread-safe)
    and return its result; run it here when there is no loop to run it on."""
    objs = getattr(runtime, "_async_objs", None)
    loop = getattr(objs, "eventloop", None)
    if loop is None or loop.is_closed():
        return (0, 0)
    future: concurrent.futures.Future = concurrent.futures.Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:          # handed to the waiting thread
            future.set_exception(exc)
    loop.call_soon_threadsafe(run)
    return future.result(timeout)


def close_expired_sessions(runtime: Any) -> int:
    """Shut down the disconnected sessions whose reconnect time has passed; how many."""
    manager = getattr(runtime, "_session_mgr", None)
    cache = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    expire = getattr(cache, "expire", None)
    if expire is None:
        return 0
    with getattr(manager, "_storage_lock", None) or contextlib.nullcontext():
        gone = expire()
    for _, info in gone:
        session = getattr(info, "session", None)
        if session is not None:
            session.shutdown()
            # Streamlit's message loop keeps its loop variable bound to the last session it
            # served (Runtime._loop_coroutine) until another session connects: that session's
            # state, and the dataset in it, would outlive it. Its state is emptied here.
            session_state = getattr(session, "_session_state", None)
            if session_state is not None and hasattr(session_state, "clear"):
                session_state.clear()
    return len(gone)


def drop_orphan_uploads(runtime: Any) -> int:
    """Drop the uploaded files of sessions that Streamlit no longer knows (neither connected nor
    waiting to reconnect); how many sessions' files went."""
    manager = getattr(runtime, "_session_mgr", None)
    uploads = getattr(runtime, "uploaded_file_mgr", None)
    stored = getattr(uploads, "file_storage", None)
    if manager is None or stored is None or not hasattr(uploads, "remove_session_files"):
        return 0
    known = {info.session.id for info in manager.list_sessions()}
    orphans = [sid for sid in list(stored) if sid not in known]
    for sid in orphans:
        uploads.remove_session_files(sid)
    return len(orphans)
