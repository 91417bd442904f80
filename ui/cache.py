"""Per-session memo of analysis results, keyed by the (filtered) dataset object and parameters.

The filtered dataset is itself memoised per filter values (ui.filters), so while the filters do
not change the same object comes back and every analysis on it is computed once per session.
Hashing a million-row frame for st.cache_data would cost more than many analyses themselves.

The memo is bounded in entries and in bytes: its results' frames and arrays, and the filtered
datasets its entries were computed on (an entry keeps its dataset alive), counted once each; the
session's own dataset is not counted (the session holds it anyway). The least recently used
entries go first, but never one the current script run has used: a page whose own results pass
the bound at 1M tickets (Root causes: ~0.9 GB) evicted its first results while computing its last,
and every rerun computed them all again (3.3 s a rerun, bench_browser). Session state, and this
memo with it, goes when the session ends.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analysis.memory import MB, value_bytes

MAX_ENTRIES = 64
# A session's derived results at 1M tickets are tens of MB each (the joined responses ~110 MB);
# a filtered cut of the dataset up to its size (~290 MB with the survey).
MAX_BYTES = 768 * MB
RUN = "_memo_run"


def memo(name: str, data: object, params: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`'s result for (`name`, `data`, `params`), reusing an earlier one in this
    session when `data` is the very same object and the params are equal."""
    store: OrderedDict = st.session_state.setdefault("_memo", OrderedDict())
    used: dict = st.session_state.setdefault("_memo_used", {})       # key -> the run that last used it
    run = _this_run()
    key = (name, id(data), params)
    hit = store.get(key)
    if hit is not None and hit[0] is data:
        store.move_to_end(key)
        used[key] = run
        return hit[1]
    value = compute()
    store[key] = (data, value, value_bytes(value))
    used[key] = run
    while len(store) > MAX_ENTRIES or held_bytes(store) > MAX_BYTES:
        old = next((k for k in store if used.get(k) != run), None)
        if old is None:          # everything held is this run's: the page needs it all
            break
        del store[old]
        used.pop(old, None)
    return value


def _this_run() -> int:
    return st.session_state.get(RUN, 0)


def new_run() -> None:
    """Count the session's script runs (app.py calls it at the top of every run), so the memo can
    tell this run's results from older ones."""
    st.session_state[RUN] = st.session_state.get(RUN, 0) + 1


def held_bytes(store: OrderedDict) -> int:
    """Bytes the memo keeps alive: its results, and each dataset its entries were computed on
    once (but the session's own)."""
    seen = {id(st.session_state.get("dataset"))}
    total = 0
    for data, _, size in store.values():
        total += size
        if id(data) not in seen:
            seen.add(id(data))
            total += value_bytes(data, depth=0)
    return total


def responses(data) -> pd.DataFrame:
    """`data.responses()` (survey joined to tickets), once per dataset object per session: every
    page asks for it, and the join is one of the costlier steps of a filter change."""
    return memo("responses", data, (), data.responses)
