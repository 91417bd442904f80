"""The statistics libraries imported in the background when the server starts.

`analysis.lazy` defers scipy.stats and statsmodels to their first use, so that the command line's
`check` and `--help` start fast; in the server that first use was the first statistics page of a
fresh process, which paid ~0.95 s CPU of imports (bench/RESULTS.md, Statistics pages). The server
imports them once, on a thread of its own, while the user is still loading data.
"""
from __future__ import annotations

import atexit
import gc
import importlib
import threading

import streamlit as st

from analysis import lazy

# the modules that declare lazy statistics libraries, and the models, which import them outright
STATISTICS = ("analysis.compare", "analysis.drivers", "analysis.goal_trend", "analysis.inference",
              "analysis.models", "analysis.pareto", "analysis.periods", "analysis.quadrant", "analysis.report",
              "analysis.whatif")


def _import_statistics() -> None:
    for name in STATISTICS:
        importlib.import_module(name)
    lazy.import_declared()
    # what is imported lives as long as the server: out of the collector's sight, so that its
    # full collections walk the sessions' objects, not a million objects of library code
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)      # at exit the interpreter's last collection frees them as before


@st.cache_resource(show_spinner=False)
def start() -> threading.Thread:
    """Start the imports once per server process (the thread, for a test to join)."""
    thread = threading.Thread(target=_import_statistics, name="fupan-warm-up", daemon=True)
    thread.start()
    return thread
