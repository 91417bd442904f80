"""The session's goals, for the Goals, Periods and Report pages: the store's (an empty store has
none: nothing is seeded), or, while the store cannot be opened, a list kept in the session's
memory that starts empty. The example goals are added only when the user asks."""
from __future__ import annotations

import streamlit as st

from analysis.goals import Goal, default_goals
from analysis.store import GoalBook, Store, StoreError, add_example_goals, goal_book

LOCK_TIMEOUT_S = 2.0
MEMORY = "goals_memory"          # the in-memory goals while the store is unusable


def store() -> Store:
    return Store(lock_timeout=LOCK_TIMEOUT_S)


def book(the_store: Store | None = None) -> GoalBook:
    """The goals the pages work on. With the store unusable: the in-memory list (empty at first)
    and the store's error in `problem`."""
    found = goal_book(the_store or store())
    if found.problem:
        return GoalBook(list(st.session_state.setdefault(MEMORY, [])), False, found.problem)
    return found


def add_examples(anchor, the_store: Store | None = None, in_memory: bool = False) -> list[Goal]:
    """Add the three example goals anchored on `anchor` (the data's last day): to the store in one
    transaction, or to the session's memory when the store is unusable (`in_memory`). Returns the
    goals after it. StoreError when the store refuses the write."""
    if in_memory:
        have = list(st.session_state.get(MEMORY, []))
        ids = {g.id for g in have}
        st.session_state[MEMORY] = have + [g for g in default_goals(anchor) if g.id not in ids]
        return st.session_state[MEMORY]
    return add_example_goals(the_store or store(), anchor)


def is_sample(dataset) -> bool:
    """True when the dataset is one of the app's sample files (English or Chinese)."""
    from ui.state import SAMPLES

    if dataset is None or "source_file" not in dataset.tickets.columns:
        return False
    files = set(dataset.tickets["source_file"].dropna().astype(str).unique())
    return bool(files) and any(files <= set(names) for names in SAMPLES.values())


__all__ = ["LOCK_TIMEOUT_S", "MEMORY", "StoreError", "add_examples", "book", "is_sample", "store"]
