"""Shared Streamlit widgets: the page frame (dataset + filters), downloads, notes.

Pages call :func:`page_data` first: it returns the filtered dataset, or draws the "no data yet"
notice and stops the page.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import quality
from analysis.dataset import Dataset
from analysis.export import chart_png, chart_svg, to_csv_bytes
from charts.locale import localised
from ui import filters, state


ACTIVE_FILTERS = "active_filters"


def page_filters() -> tuple[Dataset, filters.Filters]:
    """The active dataset, whole, and the sidebar filters chosen for it; stops the page when
    there is no dataset. For pages that apply the filters as masks (the Overview)."""
    ds = state.dataset()
    if ds is None:
        st.info(state.tr("app.no_data"))
        st.page_link("pages/data.py", label=state.tr("app.go_to_data"), icon=":material/upload_file:")
        st.stop()
    chosen = filters.sidebar(ds)
    st.session_state[ACTIVE_FILTERS] = chosen.describe()
    return ds, chosen


def page_data() -> tuple[Dataset, filters.Filters]:
    """The active dataset with the sidebar filters applied; stops the page when there is none."""
    ds, chosen = page_filters()
    return filters.filtered(ds, chosen), chosen


def show_chart(chart, key: str, title: str | None = None, table: pd.DataFrame | None = None, where=None) -> None:
    """Draw an Altair chart with its "pin to notebook" action beside it (the filters in force go
    with the pin). `title` defaults to the chart's own title."""
    from ui import notebook   # imported here: notebook imports this module's neighbours
    chart = localised(chart, state.lang())
    (where or st).altair_chart(chart, width="stretch")
    if title is None:
        title = _chart_title(chart)
    pin_column, png_column, svg_column = (where or st).columns([2, 1, 1], vertical_alignment="center")
    with pin_column:
        notebook.pin("chart", str(title or key), chart=chart, table=table,
                     filters=st.session_state.get(ACTIVE_FILTERS, {}), key=key)
    # Images are drawn only when asked for: vl-convert costs a fraction of a second per chart.
    png_column.download_button(state.tr("common.download_png"), lambda: chart_png(chart), file_name=f"{key}.png",
                               mime="image/png", key=f"png_{key}", icon=":material/image:")
    svg_column.download_button(state.tr("common.download_svg"), lambda: chart_svg(chart).encode("utf-8"),
                               file_name=f"{key}.svg", mime="image/svg+xml", key=f"svg_{key}",
                               icon=":material/image:")


def _chart_title(chart) -> str | None:
    """The chart's title text, read off the object: `to_dict()` would serialise and validate
    the whole chart again, data included, on every rerun."""
    title = getattr(chart, "title", None)
    if isinstance(title, str):
        return title
    if isinstance(title, dict):
        return title.get("text")
    text = getattr(title, "text", None)
    return text if isinstance(text, str) else None


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


def column_label(name: str) -> str:
    """A cleaned dataset column as a table header: the derived ones by their catalogue name, a
    mapped field by its field name, anything else (the file's own extra columns, driver
    sub-ratings) as the file has it."""
    for key in (f"column.{name}", f"field.{name}"):
        label = state.tr(key)
        if label != key:
            return label
    return name


def dataset_preview(frame: pd.DataFrame, rows: int) -> None:
    """The first `rows` rows of a cleaned frame, numbered as in the user's file (its row
    number first, no 0-based index) and without the internal keys the cleaner adds
    (channel_key …: the file's own labels sit beside them)."""
    shown = frame.head(rows)
    columns = [c for c in shown.columns if not str(c).endswith("_key")]
    if "source_row" in columns:
        columns = ["source_row", *[c for c in columns if c != "source_row"]]
    shown = shown[columns]
    labels: list[str] = []
    for c in columns:
        label = column_label(str(c))
        labels.append(label if label not in labels else f"{label} ({c})")   # a file's own column of that name
    shown.columns = labels
    st.dataframe(shown, hide_index=True, width="stretch")


def segment_column_label(column: str) -> str:
    """A segment column by its filter name; a standard-groups column (channel_key …) says so."""
    base = state.tr(f"filter.{column.removesuffix('_key')}")
    return state.tr("segment.standard", field=base) if column.endswith("_key") else base


def segment_value_label(column: str, value: object) -> str:
    """A segment value: a standard group in the reader's language, a file's label as it is."""
    key = f"key.{column}.{value}"
    label = state.tr(key) if column.endswith("_key") else key
    return str(value) if label == key else label


def segment_text(segment: dict) -> str:
    """A goal's segment in words ("Channel (standard groups) = online chat"), or "all data"."""
    return ", ".join(f"{segment_column_label(k)} = {segment_value_label(k, v)}" for k, v in segment.items()) \
        or state.tr("goals_page.all")


def goal_name(goal, default_names: dict[str, str], unnamed: str = "") -> str:
    """Seed 002's goals in the session's language while they keep their default name
    (`default_names`: id → default name); any other name as the user typed it; `unnamed` for a
    goal without one (the page's name of its metric)."""
    if goal.name and default_names.get(goal.id) == goal.name:
        return state.tr(f"periods.goal.default.{goal.id}")
    return goal.name or unnamed


# Catalogue families that name a page's reasons for leaving rows out, searched in this order.
REASON_FAMILIES = ("count.reason.", "overview.reason.", "rc.reason.")


def reason_label(reason: str) -> str:
    """A reason code in the reader's language, from the first family that has it."""
    for family in REASON_FAMILIES:
        text = state.tr(family + reason)
        if text != family + reason:
            return text
    return reason


def count_line(count) -> None:
    """The page's count line (an `analysis.quality.PageCount`): rows used of the rows in the
    user's files and why the rest are out. Nothing without files of the role."""
    if count is None:
        return
    kind = count.role if count.from_files else f"{count.role}_dataset"
    if not count.left_out:
        st.caption(state.tr(f"count.{kind}_all", read=f"{count.read:,}"))
        return
    items = state.tr("count.sep").join(state.tr("count.item", reason=reason_label(r), n=f"{n:,}")
                                             for r, n in count.left_out.items())
    removed = any(r in quality.REMOVING for r in count.left_out)
    st.caption(state.tr(f"count.{kind}", used=f"{count.used:,}", read=f"{count.read:,}")
               + state.tr("count.left_out", items=items) + (state.tr("count.removed_note") if removed else ""))


def tickets_count_line(full: Dataset, chosen: filters.Filters) -> None:
    """The count line of a page whose figures see the tickets the sidebar filters keep: with a
    date range, the undated tickets the other filters keep are out for want of a date."""
    kept = filters.rows(full, chosen)
    undated = 0
    if chosen.start is not None:
        kept_undated = filters.rows(full, chosen.undated())
        no_date = full.tickets["created_at"].isna().to_numpy()
        undated = int((no_date if kept_undated is None else no_date & kept_undated).sum())
    in_filters = (len(full.tickets) if kept is None else int(kept.sum())) + undated
    count_line(quality.page_count(full, "tickets", in_filters, {"no_created_at": undated}))
