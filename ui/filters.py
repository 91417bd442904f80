"""The sidebar filters every analysis page shares, and the filtered data they produce.

Filtering is a boolean mask over the ticket frame (no re-reading, see analysis.selection). Pages
that need a filtered Dataset get one cached in the session by the filter values; the Overview
aggregates masks over observations read once per dataset (analysis.observations), so a filter
change cuts no new dataset at all.
"""
from __future__ import annotations

from collections import OrderedDict

import pandas as pd
import streamlit as st

from analysis.dataset import Dataset
from analysis.observations import View
from analysis.selection import Filters, apply, response_mask, ticket_mask
from ui import state
from ui.cache import memo

__all__ = ["Filters", "apply", "sidebar", "filtered", "undated_view", "rows"]

# Filterable columns: canonical name -> i18n key of its label.
FILTER_COLUMNS = {"channel": "filter.channel", "request_type": "filter.request_type",
                  "category": "filter.category", "priority": "filter.priority",
                  "agent": "filter.agent", "customer_type": "filter.customer_type"}
MAX_OPTIONS = 500
DATES_KEY = "filter_dates"
FILTERS_FOR, FILTERS_KEPT = "filters_for", "filters_kept"     # session keys Streamlit never cleans up
KEPT_VIEWS = 2          # a view holds its cut rows: ~70 MB at 600k of 1M tickets


def sidebar(ds: Dataset) -> Filters:
    """Draw the filter widgets and return the chosen filters.

    Streamlit treats a widget of the same key on another page as another widget, and forgets
    a widget's value on a page that does not draw it (the Data page): a filter chosen on the
    Overview came back empty on the Agents page. So each value is also kept under a key of our
    own, and written back to its widget key before the widget is drawn; a new dataset starts
    with no filters."""
    tr = state.tr
    st.sidebar.subheader(tr("filter.title"))
    kept = _kept_for(ds)
    start, end = ds.date_span
    chosen_start = chosen_end = None
    if start is not None:
        span = (start.date(), end.date())
        current = st.session_state.get(DATES_KEY, kept.get(DATES_KEY))
        if _is_range(current):          # not while a new range is half picked
            if span[0] <= current[0] <= current[1] <= span[1]:
                st.session_state[DATES_KEY] = tuple(current)
            else:
                st.session_state.pop(DATES_KEY, None)
        # The default (the whole span) also makes it a range picker; a range written back
        # above takes precedence over it.
        picked = st.sidebar.date_input(tr("filter.dates"), value=span, min_value=span[0], max_value=span[1],
                                       key=DATES_KEY)
        if _is_range(picked):
            kept[DATES_KEY] = tuple(picked)
            chosen_start, chosen_end = pd.Timestamp(picked[0]), pd.Timestamp(picked[1])
            if chosen_start <= start.normalize() and chosen_end >= end.normalize():
                chosen_start = chosen_end = None
    values = []
    for column, label in FILTER_COLUMNS.items():
        options = _options(ds, column)
        if len(options) < 2:
            continue
        key = f"filter_{column}"
        current = st.session_state.get(key, kept.get(key))
        if current is not None:
            st.session_state[key] = [v for v in current if v in options]
        picked = st.sidebar.multiselect(tr(label), options, key=key, placeholder=tr("filter.all"))
        kept[key] = list(picked)
        if picked:
            values.append((column, tuple(picked)))
    return Filters(chosen_start, chosen_end, tuple(values))


def _is_range(value: object) -> bool:
    return isinstance(value, (tuple, list)) and len(value) == 2


def _kept_for(ds: Dataset) -> dict:
    """The filter values last chosen on this dataset (a new dataset: none, and its widgets
    start empty)."""
    token = (id(ds), ds.name, len(ds.tickets))
    if st.session_state.get(FILTERS_FOR) != token:
        for key in [DATES_KEY, *(f"filter_{c}" for c in FILTER_COLUMNS)]:
            st.session_state.pop(key, None)
        st.session_state[FILTERS_FOR] = token
        st.session_state[FILTERS_KEPT] = {}
    return st.session_state[FILTERS_KEPT]


def _options(ds: Dataset, column: str) -> list[str]:
    """The column's values, most frequent first (counted once per dataset)."""
    def count() -> list[str]:
        counts = ds.tickets[column].value_counts()
        return [str(v) for v in counts.index[:MAX_OPTIONS]]
    return memo("filters.options", ds, (column,), count)


def rows(ds: Dataset, filters: Filters):
    """The tickets the filters keep, as a mask (None: all), once per filter values and dates."""
    return memo("filters.rows", ds, (filters,), lambda: ticket_mask(ds.tickets, filters))


def filtered(ds: Dataset, filters: Filters) -> Dataset:
    """apply(), memoised per session on the dataset's identity and the filter values."""
    cache = st.session_state.setdefault("filters_cache", {})
    key = (id(ds), filters)
    if key not in cache:
        cache.clear()
        cache[key] = apply(ds, filters, ds.links)
    return cache[key]


def undated_view(ds: Dataset, filters: Filters) -> View:
    """Every filter but the date range (the range's figures need the rows before it too: the
    previous range, the repeat-contact look-back, the backlog), as masks over the dataset's
    observations (read once per dataset and CSAT scale): the same object while the filters'
    values do not change. A view keeps the rows it has cut (tens of MB on a million tickets),
    so a session keeps only its last few views; figures computed on them are memoised on the
    dataset and the filter values instead."""
    data = ds.observations
    views: OrderedDict = st.session_state.setdefault("filters_views", OrderedDict())
    key = (id(ds), filters.values)
    hit = views.get(key)
    if hit is None or hit.data is not data:
        tickets = ticket_mask(ds.tickets, filters.undated())
        hit = views[key] = View(data, tickets, response_mask(ds.links, tickets))
    views.move_to_end(key)
    while len(views) > KEPT_VIEWS:
        views.popitem(last=False)
    return hit
