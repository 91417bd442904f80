"""Per-session memo of analysis results, keyed by the (filtered) dataset object and parameters.

The filtered dataset is itself memoised per filter values (ui.filters), so while the filters do
not change the same object comes back and every analysis on it is computed once per session.
Hashing a million-row frame for st.cache_data would cost more than many analyses themselves.

The memo is bounded in entries and in bytes: its results' frames and arrays, and the filtered
datasets its entries were computed on (an entry keeps its dataset alive), counted once each; the
session's own dataset is not counted (the session holds it anyway). The least recently used
entries go first; session state, and this memo with it, goes when the session ends.
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


def memo(name: str, data: object, params: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`'s result for (`name`, `data`, `params`), reusing an earlier one in this
    session when `data` is the very same object and the params are equal."""
    store: OrderedDict = st.session_state.setdefault("_memo", OrderedDict())
    key = (name, id(data), params)
    hit = store.get(key)
    if hit is not None and hit[0] is data:
        store.move_to_end(key)
        return hit[1]
    value = compute()
    store[key] = (data, value, value_bytes(value))
    while len(store) > MAX_ENTRIES:
        store.popitem(last=False)
    while len(store) > 1 and held_bytes(store) > MAX_BYTES:
        store.popitem(last=False)
    return value


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
