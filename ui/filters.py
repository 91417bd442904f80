"""The sidebar filters every analysis page shares, and the filtered dataset they produce.

Filtering is a boolean mask over the ticket frame (no re-reading); the result is cached in the
session by the filter values, so revisiting a page with the same filters costs nothing.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from analysis.dataset import Dataset
from ui import state
from ui.cache import memo

# Filterable columns: canonical name -> i18n key of its label.
FILTER_COLUMNS = {"channel": "filter.channel", "request_type": "filter.request_type",
                  "category": "filter.category", "priority": "filter.priority",
                  "agent": "filter.agent", "customer_type": "filter.customer_type"}
MAX_OPTIONS = 500


@dataclass(frozen=True)
class Filters:
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None          # inclusive day
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def describe(self) -> dict[str, str]:
        """The filters in force, for notes and exports."""
        out = {}
        if self.start is not None:
            out["from"] = self.start.date().isoformat()
        if self.end is not None:
            out["to"] = self.end.date().isoformat()
        for column, chosen in self.values:
            out[column] = ", ".join(chosen)
        return out


def apply(ds: Dataset, filters: Filters) -> Dataset:
    """The dataset restricted to the filters: tickets by mask, survey rows to the kept tickets
    (responses whose ticket is unknown stay only when no ticket filter is active)."""
    tickets = ds.tickets
    mask = pd.Series(True, index=tickets.index)
    created = tickets["created_at"]
    if filters.start is not None:
        mask &= created >= filters.start
    if filters.end is not None:
        mask &= created < filters.end + pd.Timedelta(days=1)
    for column, chosen in filters.values:
        mask &= tickets[column].isin(chosen)
    if mask.all():
        return ds
    kept = tickets[mask]
    survey = ds.survey
    if survey is not None:
        key = "ticket_id" if survey["ticket_id"].notna().any() else "customer_id"
        survey = survey[_member(survey[key], kept[key].dropna())]
    return dataclasses.replace(ds, tickets=kept.reset_index(drop=True), survey=survey)


def _member(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """values.isin(allowed) for id strings; Arrow's hash lookup, because pandas' isin on Arrow
    strings takes ~7 s for 400k ids in 400k rows (0.3 s this way). Blanks are never members."""
    try:
        found = pc.is_in(pa.array(values, type=pa.large_string(), from_pandas=True),
                         value_set=pa.array(allowed, type=pa.large_string(), from_pandas=True))
    except (pa.ArrowInvalid, pa.ArrowTypeError):   # not text after all: pandas' own isin
        return values.isin(allowed).to_numpy(dtype=bool)
    return found.to_numpy(zero_copy_only=False).astype(bool)


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
    counts = ds.tickets[column].value_counts()
    return [str(v) for v in counts.index[:MAX_OPTIONS]]


def filtered(ds: Dataset, filters: Filters) -> Dataset:
    """apply(), memoised per session on the dataset's identity and the filter values."""
    cache = st.session_state.setdefault("filters_cache", {})
    key = (id(ds), filters)
    if key not in cache:
        cache.clear()
        cache[key] = apply(ds, filters)
    return cache[key]


def undated(ds: Dataset, filters: Filters) -> Dataset:
    """The dataset with every filter but the date range, for figures that need the rows before
    the range too (the previous range, the repeat-contact look-back, the backlog). Memoised per
    session; the same object as `filtered()` when no date range is chosen."""
    if filters.start is None and filters.end is None:
        return filtered(ds, filters)
    return memo("filters.undated", ds, (filters.values,),
                lambda: apply(ds, dataclasses.replace(filters, start=None, end=None)))
