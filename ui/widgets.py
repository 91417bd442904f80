"""Shared Streamlit widgets: the page frame (dataset + filters), downloads, notes.

Pages call :func:`page_data` first: it returns the filtered dataset, or draws the "no data yet"
notice and stops the page.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.dataset import Dataset
from analysis.export import to_csv_bytes
from ui import filters, state


def page_data() -> tuple[Dataset, filters.Filters]:
    """The active dataset with the sidebar filters applied; stops the page when there is none."""
    ds = state.dataset()
    if ds is None:
        st.info(state.tr("app.no_data"))
        st.page_link("pages/data.py", label=state.tr("app.go_to_data"), icon=":material/upload_file:")
        st.stop()
    chosen = filters.sidebar(ds)
    return filters.filtered(ds, chosen), chosen


def csv_download(frame: pd.DataFrame, file_name: str, label_key: str = "common.download_csv",
                 key: str | None = None, deferred: bool = False) -> None:
    """A CSV download (UTF-8 with BOM for Excel, formula-looking cells escaped). `deferred`
    writes the CSV only when the button is clicked (large tables: no cost on every rerun)."""
    data = (lambda: to_csv_bytes(frame)) if deferred else to_csv_bytes(frame)
    st.download_button(state.tr(label_key), data, file_name=file_name,
                       mime="text/csv", key=key or f"dl_{file_name}")


def how_computed(text_key: str, **values: object) -> None:
    """The "how is this computed" note under a card or table."""
    with st.expander(state.tr("common.how_computed")):
        st.markdown(state.tr(text_key, **values))


def placeholder(title_key: str, body_key: str) -> None:
    """A page whose analysis is still to come: says which analysis will live there."""
    st.title(state.tr(title_key))
    st.info(state.tr(body_key))
