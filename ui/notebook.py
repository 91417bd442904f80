"""The analysis notebook: findings pinned from any page, with the filters in force and a note.

Pin API (the whole of it, for page authors)::

    from ui import notebook

    notebook.pin("chart", tr("overview.trend_title"), chart=chart, table=trend_table,
                 filters=chosen.describe(), key="overview_trend")

* ``kind``: "chart" or "table" (what the item mainly is; an item may carry both).
* ``title``: shown in the notebook and used as the section title in its exports.
* ``chart``: an Altair chart (or a Vega-Lite dict); stored as its spec, so it must already be
  aggregated (a few thousand rows at most, as every chart builder in charts/ ensures).
* ``table``: a DataFrame (e.g. the table behind the chart); stored as a copy.
* ``filters``: {label: value} of the filters in force (``Filters.describe()``).
* ``key``: unique on the page; names the widgets ("pin_<key>", "pin_note_<key>").

It draws a small "Pin to notebook" popover holding a note box and the pin button. The items live in
``st.session_state["notebook"]`` (a list of dicts: id, kind, title, spec, table, filters, note,
pinned_at); :func:`render` lists them with reorder / edit note / remove, and the Report page
exports and presents them (analysis.report.notebook_report).
"""
from __future__ import annotations

import uuid

import pandas as pd
import streamlit as st

from analysis.export import spec_of
from charts.locale import localised
from ui import state, widgets
from ui.text import plain

NOTEBOOK = "notebook"
MAX_TABLE_ROWS = 5_000     # a pinned table is a finding, not a data dump


def items() -> list[dict]:
    """The notebook's items in their order (the session's own list)."""
    return st.session_state.setdefault(NOTEBOOK, [])


def add(kind: str, title: str, chart=None, table: pd.DataFrame | None = None, filters: dict | None = None,
        note: str = "") -> dict:
    """Append an item to the notebook and return it (no widget; :func:`pin` calls this)."""
    item = {"id": uuid.uuid4().hex[:12], "kind": kind, "title": str(title),
            "spec": None if chart is None else spec_of(chart),
            "table": None if table is None else table.head(MAX_TABLE_ROWS).copy(),
            "filters": {str(k): str(v) for k, v in (filters or {}).items()}, "note": str(note or ""),
            "pinned_at": pd.Timestamp.now().floor("s").isoformat()}
    items().append(item)
    return item


def move(index: int, step: int) -> None:
    """Move item `index` by `step` places (−1 up, +1 down), staying within the list."""
    entries = items()
    target = index + step
    if 0 <= index < len(entries) and 0 <= target < len(entries):
        entries[index], entries[target] = entries[target], entries[index]


def remove(item_id: str) -> None:
    st.session_state[NOTEBOOK] = [i for i in items() if i["id"] != item_id]


def set_note(item_id: str, note: str) -> None:
    for item in items():
        if item["id"] == item_id:
            item["note"] = str(note)


def pin(kind: str, title: str, chart=None, table: pd.DataFrame | None = None, filters: dict | None = None,
        *, key: str) -> None:
    """The "Pin to notebook" popover under a chart or table: a note box and a button that adds the item."""
    # A material icon, not an emoji: machines without an emoji font draw emoji as boxes.
    with st.popover(state.tr("notebook.pin"), icon=":material/push_pin:"):
        note = st.text_input(state.tr("notebook.note"), key=f"pin_note_{key}")
        if st.button(state.tr("notebook.pin"), key=f"pin_{key}"):
            add(kind, title, chart=chart, table=table, filters=filters, note=note)
            st.toast(state.tr("notebook.pinned"))


def _note_changed(item_id: str, widget_key: str) -> None:
    set_note(item_id, st.session_state.get(widget_key, ""))


def render(anonymise=None) -> None:
    """The notebook: each item with its chart, table, filters and an editable note; ↑ ↓ and
    Remove buttons. `anonymise` (optional) maps (spec, table) to their anonymised versions."""
    entries = items()
    if not entries:
        st.info(state.tr("notebook.empty"))
        return
    st.caption(state.tr("notebook.count", n=len(entries)))
    for index, item in enumerate(list(entries)):
        with st.container(border=True):
            st.subheader(plain(item["title"]))
            if item["filters"]:
                st.caption(state.tr("notebook.filters",
                                    filters="; ".join(f"{plain(k)}: {plain(v)}" for k, v in item["filters"].items())))
            spec, table = item["spec"], item["table"]
            if anonymise is not None:
                spec, table = anonymise(spec, table)
            if spec is not None:
                st.vega_lite_chart(localised(spec, state.lang()), width="stretch")
            if table is not None:
                widgets.table(table)
            widget = f"note_{item['id']}"
            if widget not in st.session_state:
                st.session_state[widget] = item["note"]
            st.text_area(state.tr("notebook.note"), key=widget, on_change=_note_changed,
                         args=(item["id"], widget))
            up, down, drop, _ = st.columns([1, 1, 2, 6])
            if up.button(state.tr("notebook.up"), key=f"up_{item['id']}", disabled=index == 0):
                move(index, -1)
                st.rerun()
            if down.button(state.tr("notebook.down"), key=f"down_{item['id']}", disabled=index == len(entries) - 1):
                move(index, 1)
                st.rerun()
            if drop.button(state.tr("notebook.remove"), key=f"remove_{item['id']}"):
                remove(item["id"])
                st.rerun()
