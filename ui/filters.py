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
from analysis.observations import Observations, View
from analysis.selection import Filters, apply, response_mask, response_tickets, ticket_mask
from ui import state
from ui.cache import memo, responses

__all__ = ["Filters", "apply", "sidebar", "filtered", "undated_view", "rows"]

# Filterable columns: canonical name -> i18n key of its label.
FILTER_COLUMNS = {"channel": "filter.channel", "request_type": "filter.request_type",
                  "category": "filter.category", "priority": "filter.priority",
                  "agent": "filter.agent", "customer_type": "filter.customer_type"}
MAX_OPTIONS = 500
KEPT_VIEWS = 2          # a view holds its cut rows: ~70 MB at 600k of 1M tickets


def sidebar(ds: Dataset) -> Filters:
    """Draw the filter widgets and return the chosen filters."""
    tr = state.tr
    st.sidebar.subheader(tr("filter.title"))
    start, end = ds.date_span
    chosen_start = chosen_end = None
    if start is not None:
        picked = st.sidebar.date_input(tr("filter.dates"), value=(start.date(), end.date()),
                                       min_value=start.date(), max_value=end.date(), key="filter_dates")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            chosen_start, chosen_end = pd.Timestamp(picked[0]), pd.Timestamp(picked[1])
            if chosen_start <= start.normalize() and chosen_end >= end.normalize():
                chosen_start = chosen_end = None
    values = []
    for column, label in FILTER_COLUMNS.items():
        options = _options(ds, column)
        if len(options) < 2:
            continue
        picked = st.sidebar.multiselect(tr(label), options, key=f"filter_{column}",
                                        placeholder=tr("filter.all"))
        if picked:
            values.append((column, tuple(picked)))
    return Filters(chosen_start, chosen_end, tuple(values))


def _options(ds: Dataset, column: str) -> list[str]:
    """The column's values, most frequent first (counted once per dataset)."""
    def count() -> list[str]:
        counts = ds.tickets[column].value_counts()
        return [str(v) for v in counts.index[:MAX_OPTIONS]]
    return memo("filters.options", ds, (column,), count)


def rows(ds: Dataset, filters: Filters):
    """The tickets the filters keep, as a mask (None: all), once per filter values and dates."""
    return memo("filters.rows", ds, (filters,), lambda: ticket_mask(ds.tickets, filters))


def links(ds: Dataset):
    """Each response's ticket (analysis.selection.response_tickets), once per dataset."""
    return memo("filters.links", ds, (), lambda: response_tickets(ds))


def filtered(ds: Dataset, filters: Filters) -> Dataset:
    """apply(), memoised per session on the dataset's identity and the filter values."""
    cache = st.session_state.setdefault("filters_cache", {})
    key = (id(ds), filters)
    if key not in cache:
        cache.clear()
        cache[key] = apply(ds, filters, links(ds))
    return cache[key]


def undated_view(ds: Dataset, filters: Filters) -> View:
    """Every filter but the date range (the range's figures need the rows before it too: the
    previous range, the repeat-contact look-back, the backlog), as masks over the dataset's
    observations (read once per dataset and CSAT scale): the same object while the filters'
    values do not change. A view keeps the rows
    it has cut (tens of MB on a million tickets), so a session keeps only its last few views;
    figures computed on them are memoised on the dataset and the filter values instead."""
    data = memo("filters.observations", ds, (), lambda: Observations(ds.tickets, responses(ds), ds.csat_scale))
    views: OrderedDict = st.session_state.setdefault("filters_views", OrderedDict())
    key = (id(ds), filters.values)
    hit = views.get(key)
    if hit is None or hit.data is not data:
        tickets = ticket_mask(ds.tickets, filters.undated())
        hit = views[key] = View(data, tickets, response_mask(links(ds), tickets))
    views.move_to_end(key)
    while len(views) > KEPT_VIEWS:
        views.popitem(last=False)
    return hit
