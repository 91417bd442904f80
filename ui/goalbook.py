"""The session's goals, for the Goals, Periods and Report pages: the store's (an empty store has
none: nothing is seeded), or, while the store cannot be opened, a list kept in the session's
memory that starts empty. The example goals are added only when the user asks."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.formatting import MISSING
from analysis.goals import Goal, default_goals
from analysis.store import GoalBook, Store, StoreError, add_example_goals, goal_book

LOCK_TIMEOUT_S = 2.0
MEMORY = "goals_memory"          # the in-memory goals while the store is unusable
OPENED = "goals_opened"          # {goal id: the goal as its form was opened}: the base of a save
CONFLICT = "goals_conflict"      # the save or delete the store refused: {"mine", "saved", "action"}
FORM_PREFIX = "goalform_{}_"     # the form's widget keys for one goal (pages/goals.py)


def store() -> Store:
    """This session's store (the team's with login on)."""
    from ui.state import store_path
    return Store(store_path(), lock_timeout=LOCK_TIMEOUT_S)


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


def opened(goal: Goal) -> Goal:
    """The goal as its form was first shown in this session (its version is what a save starts
    from): the store's goal the first time, the same snapshot on every rerun after, whatever others
    save meanwhile. Only the goal on screen is remembered (a form not drawn loses its edits anyway)."""
    seen = st.session_state.get(OPENED, {})
    st.session_state[OPENED] = {goal.id: seen.get(goal.id, goal)}
    return st.session_state[OPENED][goal.id]


def vanished(picked: str | None, by_id: dict[str, Goal]) -> dict[str, Goal]:
    """{id: snapshot} for the goal whose form is open here when someone else deleted it meanwhile."""
    seen = st.session_state.get(OPENED, {})
    return {picked: seen[picked]} if picked in seen and picked not in by_id else {}


def conflict(picked: str | None) -> dict | None:
    """The refused save or delete of the goal on screen (None when there is none, or when the goal
    was deleted meanwhile: the page then shows it as deleted)."""
    refused = st.session_state.get(CONFLICT)
    if refused is None or refused["mine"].id != picked or refused["saved"] is None:
        return None
    return refused


def conflict_panel(picked: str | None, name_of, metric_label, save, saved) -> None:
    """The save or delete of the goal on screen that the store refused: what differs, the store's
    value beside the user's, and the two ways on: take theirs (the form opens again with them) or,
    for a save, write the user's over them (`save(goal, version)`; `saved(goal)` after it)."""
    from ui.state import tr
    from ui.text import plain
    from ui.widgets import table

    refused = conflict(picked)
    if refused is None:
        return
    theirs = refused["saved"]
    st.error(tr(f"goals_page.conflict.{refused['action']}", name=plain(name_of(theirs))), icon=":material/group:")
    table(differences(refused["mine"], theirs, metric_label), key="goals_conflict_table")
    row = st.container(horizontal=True)
    if row.button(tr("goals_page.conflict.take"), key="goals_conflict_take", icon=":material/download:"):
        forget(picked)
        st.rerun()
    if refused["action"] == "save" and row.button(tr("goals_page.conflict.overwrite"), key="goals_conflict_overwrite"):
        kept = save(refused["mine"], theirs.version)
        if kept is not None:
            forget(picked)
            saved(kept)
            st.rerun()


def forget(goal_id: str) -> None:
    """Drop the goal's snapshot, its form's widget values and its conflict: its form opens again
    with the store's values."""
    st.session_state.get(OPENED, {}).pop(goal_id, None)
    refused = st.session_state.get(CONFLICT)
    if refused is not None and refused["mine"].id == goal_id:
        del st.session_state[CONFLICT]
    for key in [k for k in st.session_state if str(k).startswith(FORM_PREFIX.format(goal_id))]:
        del st.session_state[key]


def differences(mine: Goal, theirs: Goal, metric_label) -> pd.DataFrame:
    """The fields where the refused edit and the store's newer goal differ: field, the store's
    value (saved by someone else), the user's, in the session's language."""
    from ui.state import tr
    from ui.widgets import segment_text

    def text(name: str, value) -> str:
        if value is None or value == {} or (isinstance(value, float) and pd.isna(value)):
            return MISSING
        if name == "metric":
            return metric_label(value)
        if name == "direction":
            return tr(f"goals_page.f.direction.{value}")
        if name == "grain":
            return tr(f"periods.grain.{value}")
        if name == "segment":
            return segment_text(value)
        if isinstance(value, pd.Timestamp):
            return str(value.date())
        return f"{value:g}" if isinstance(value, float) else str(value)

    rows = [(tr(label), text(name, getattr(theirs, name)), text(name, getattr(mine, name)))
            for name, label in DIFF_FIELDS if getattr(theirs, name) != getattr(mine, name)]
    return pd.DataFrame(rows, columns=[tr("goals_page.conflict.field"),
                                       tr("goals_page.conflict.theirs", version=theirs.version),
                                       tr("goals_page.conflict.mine")])


DIFF_FIELDS = (("name", "goals_page.f.name"), ("metric", "goals_page.f.metric"),
               ("direction", "goals_page.f.direction"), ("baseline", "goals_page.f.baseline"),
               ("baseline_start", "goals_page.conflict.baseline_start"),
               ("baseline_end", "goals_page.conflict.baseline_end"), ("target", "goals_page.f.target"),
               ("start", "goals_page.f.start"), ("deadline", "goals_page.f.deadline"),
               ("grain", "goals_page.f.grain"), ("segment", "goals_page.f.segment_column"))


def is_sample(dataset) -> bool:
    """True when the dataset is one of the app's sample files (English or Chinese)."""
    from ui.state import SAMPLES

    if dataset is None or "source_file" not in dataset.tickets.columns:
        return False
    files = set(dataset.tickets["source_file"].dropna().astype(str).unique())
    return bool(files) and any(files <= set(names) for names in SAMPLES.values())


__all__ = ["CONFLICT", "LOCK_TIMEOUT_S", "MEMORY", "OPENED", "StoreError", "add_examples", "book", "conflict",
           "conflict_panel", "differences", "forget", "is_sample", "opened", "store", "vanished"]
