"""Per-session memo of analysis results, keyed by the (filtered) dataset object and parameters.

The filtered dataset is itself memoised per filter values (ui.filters), so while the filters do
not change the same object comes back and every analysis on it is computed once per session.
Hashing a million-row frame for st.cache_data would cost more than many analyses themselves.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

MAX_ENTRIES = 64


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
    store[key] = (data, value)
    while len(store) > MAX_ENTRIES:
        store.popitem(last=False)
    return value


def responses(data) -> pd.DataFrame:
    """`data.responses()` (survey joined to tickets), once per dataset object per session: every
    page asks for it, and the join is one of the costlier steps of a filter change."""
    return memo("responses", data, (), data.responses)
