"""Shared Streamlit widgets: the page frame (dataset + filters), tables, downloads, notes.

Pages call :func:`page_data` first: it returns the filtered dataset, or draws the "no data yet"
notice and stops the page. Every table goes through :func:`table`: one rule for how a column's
numbers are written (by the column's kind) and a pinned first column.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from analysis import quality
from analysis.dataset import Dataset
from analysis.export import chart_png, chart_svg, to_csv_bytes
from analysis import formatting as F
from analysis.formatting import MINUTES_PER, duration_unit
from charts.locale import localised
from ui import cards, filters, state


ACTIVE_FILTERS = "active_filters"
# Altair checks a chart against the whole Vega-Lite schema each time it becomes a spec, and
# st.altair_chart does that on every draw: 10–40 ms a chart, a fifth of the Drivers page's first
# run at 1M tickets. The charts come from our own builders, so the test run checks every chart each
# page draws (tests/conftest.py sets this variable to 1) and the app draws them unchecked.
VALIDATE_CHARTS = "FUPAN_VALIDATE_CHARTS"


class _Unchecked:
    """`chart` as st.altair_chart reads it (its to_dict) with Altair's schema check only when
    :data:`VALIDATE_CHARTS` is 1."""

    def __init__(self, chart):
        self.chart = chart

    def to_dict(self, *args, **kwargs):
        kwargs.setdefault("validate", os.environ.get(VALIDATE_CHARTS) == "1")
        return self.chart.to_dict(*args, **kwargs)


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


def lazy_tabs(names: Sequence[str], key: str) -> dict[str, object]:
    """Tabs whose hidden panels do not run: `names` are catalogue keys of the tab labels; returns
    each name's container, whose `.open` says whether it is the tab shown (a page draws a panel
    only `if tab.open`). Switching tabs reruns the page. The tab shown is kept by name, so it stays
    open when the language (and so its label) changes."""
    labels = {name: state.tr(name) for name in names}
    shown = st.session_state.get(f"{key}.name")
    if shown in labels and st.session_state.get(key) not in labels.values():
        st.session_state[key] = labels[shown]          # the language changed: the same tab in this one
    containers = dict(zip(names, st.tabs(list(labels.values()), key=key, on_change="rerun")))
    st.session_state[f"{key}.name"] = next((n for n, c in containers.items() if c.open), names[0])
    return containers


def show_chart(chart, key: str, title: str | None = None, table: pd.DataFrame | None = None, where=None) -> None:
    """Draw an Altair chart with its "pin to notebook" action beside it (the filters in force go
    with the pin). `title` defaults to the chart's own title."""
    from ui import notebook   # imported here: notebook imports this module's neighbours
    chart = localised(chart, state.lang())
    (where or st).altair_chart(_Unchecked(chart), width="stretch")
    if title is None:
        title = _chart_title(chart)
    # the three actions as wide as their labels, in a row that wraps (in a half-page column, fixed
    # columns cut "Pin to notebook" and "PNG")
    actions = (where or st).container(horizontal=True, vertical_alignment="center")
    with actions:
        notebook.pin("chart", str(title or key), chart=chart, table=table,
                     filters=st.session_state.get(ACTIVE_FILTERS, {}), key=key)
    # Images are drawn only when asked for: vl-convert costs a fraction of a second per chart.
    actions.download_button(state.tr("common.download_png"), lambda: chart_png(chart), file_name=f"{key}.png",
                               mime="image/png", key=f"png_{key}", icon=":material/image:")
    actions.download_button(state.tr("common.download_svg"), lambda: chart_svg(chart).encode("utf-8"),
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


def csv_download(frame: pd.DataFrame | Callable[[], pd.DataFrame], file_name: str,
                 label_key: str = "common.download_csv", key: str | None = None, deferred: bool = False) -> None:
    """A CSV download (UTF-8 with BOM for Excel, formula-looking cells escaped). `deferred`
    writes the CSV only when the button is clicked (large tables: no cost on every rerun);
    `frame` may then be a function that makes the table, called on the click too."""
    made = frame if callable(frame) else (lambda: frame)
    data = (lambda: to_csv_bytes(made())) if deferred else to_csv_bytes(made())
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


def preview_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A cleaned frame as the Data page shows it: its row number in the user's file first (no
    0-based index), without the internal keys the cleaner adds (channel_key …: the file's own
    labels sit beside them), the columns by their names for the reader."""
    columns = [c for c in frame.columns if not str(c).endswith("_key")]
    if "source_row" in columns:
        columns = ["source_row", *[c for c in columns if c != "source_row"]]
    labels: list[str] = []
    for c in columns:
        label = column_label(str(c))
        labels.append(label if label not in labels else f"{label} ({c})")   # a file's own column of that name
    return frame[columns].set_axis(labels, axis=1)


def dataset_preview(frame: pd.DataFrame, rows: int) -> None:
    """The first `rows` rows of a cleaned frame as :func:`preview_frame` has them."""
    shown = preview_frame(frame.head(rows))
    table(shown, {shown.columns[0]: NUMBER} if "source_row" in frame.columns else None)


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


def count_line(count) -> None:
    """The page's count line (an `analysis.quality.PageCount`): rows used of the rows in the
    user's files and why the rest are out. Nothing without files of the role."""
    if count is None:
        return
    kind = count.role if count.from_files else f"{count.role}_dataset"
    if not count.left_out:
        st.caption(state.tr(f"count.{kind}_all", read=f"{count.read:,}"))
        return
    items = state.tr("count.sep").join(state.tr("count.item", reason=cards.reason_label(r), n=f"{n:,}")
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


def responses_count_line(full: Dataset, shown: Dataset, responses: int, excluded: dict[str, int]) -> None:
    """The count line of a page whose figures see `responses` satisfaction responses of the
    filtered dataset `shown`, of which it leaves out `excluded`: against the rows of the survey
    files, or, where the scores come in the ticket file, against its rows (a ticket without a
    score is out for that reason)."""
    if any(f.role == "survey" for f in full.files):
        count_line(quality.page_count(full, "survey", responses, excluded))
        return
    tickets = len(shown.tickets)
    count_line(quality.page_count(full, "tickets", tickets, {"no_score": tickets - responses, **excluded}))


# --- cards and figures in rows that wrap -------------------------------------------------------
# A card or figure this wide shows its label and value whole ("First response (median)", "1,050.6 min");
# rows hold as many as fit and wrap the rest: four cards to a row at 1440 px, two at 1024 px, where
# four columns of a quarter each cut them to "5.85…".
TILE_WIDTH = 220


def card_flow(specs: Sequence[cards.CardSpec]) -> None:
    """KPI cards (ui.cards.kpi_card) side by side, as many to a row as the page's width holds."""
    with st.container(horizontal=True):
        for spec in specs:
            with st.container(width=TILE_WIDTH):
                cards.kpi_card(spec)


def metric_flow(metrics: Sequence[Mapping], where=None) -> None:
    """st.metric figures (each a dict of st.metric's arguments) side by side, as many to a row as
    the width holds, each wide enough for its label and value."""
    with (where or st).container(horizontal=True):
        for metric in metrics:
            st.metric(**metric, width=TILE_WIDTH)


# --- tables ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """What a table column holds, hence how its numbers are written: `digits` decimals, and a
    sign in front when `signed` (a change)."""
    name: str
    digits: int = 0
    signed: bool = False


# The decimals are analysis.formatting's (DECIMALS: one rule for the tables, the HTML report and
# the workbook); this is how Streamlit's tables are told them.
TEXT = Kind("text")            # words: as they are
LABEL = Kind("label")          # words naming the row (a driver, a channel): as they are
FIGURE = Kind("figure")        # figures written as text with their unit ("84.3 %", "< 0.001"): right-aligned
COUNT = Kind("count")          # how many: whole, with thousands separators ("11,685")
NUMBER = Kind("number")        # a whole number that names, not counts (a row of the file, a rank): "3297"
PERCENT = Kind("percent", F.DECIMALS[F.PCT])     # 0–100: one decimal and " %" ("72.5 %", "100.0 %")
SHARE = Kind("share", F.DECIMALS[F.SHARE])       # a fraction 0–1 written as a percent ("39.0 %")
POINTS = Kind("points", F.DECIMALS[F.PCT], signed=True)    # a change of a percent (0–100) in points ("+3.2 pp")
SHARE_CHANGE = Kind("share_change", F.DECIMALS[F.SHARE], signed=True)   # a change of a fraction (0.032): "+3.2 pp"
DURATION = Kind("decimal", F.DECIMALS[F.MINUTES])   # a time in the unit its header names (min, h or d)
COEF = Kind("decimal", F.DECIMALS[F.COEF])       # r, parts of R², coefficients: three decimals


def decimals(digits: int, signed: bool = False) -> Kind:
    """Figures to `digits` decimals, every row alike (r 0.412 / 0.080, not 0.41 / 0.08)."""
    return Kind("decimal", digits, signed)


def metric_kind(unit: str, values: pd.Series | None = None, change: bool = False) -> Kind:
    """The kind of a metric's figures by its unit ("%", "tickets", "min", "h", "points"), or of
    their changes (`change`: signed; a percent's change in percentage points). Points (a mean
    score, NPS) take the decimals their `values` read in."""
    if unit == "%":
        return POINTS if change else PERCENT
    if unit == "tickets":
        return Kind("count", signed=change)
    digits = ((inferred_kind(values).digits if values is not None else F.DECIMALS[F.DECIMAL]) if unit == "points"
              else F.DECIMALS[F.MINUTES])
    return decimals(digits, signed=change)


def inferred_kind(values: pd.Series) -> Kind:
    """A column's kind from its values, for the columns a page does not name: integers are
    counts, fractional numbers get the decimals their typical size reads in (3 below 1, 2 below
    10, else 1), the rest is text."""
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return TEXT
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    numbers = numbers[np.isfinite(numbers)]
    if pd.api.types.is_integer_dtype(values) or not len(numbers) or np.all(numbers == np.round(numbers)):
        return COUNT
    typical = float(np.median(np.abs(numbers)))
    return decimals(3 if typical < 1 else 2 if typical < 10 else 1)


def column_formats(frame: pd.DataFrame, kinds: Mapping[str, Kind] | None = None, pin_first: bool = True) -> dict:
    """st.dataframe's column_config for `frame`: each column written by its kind (`kinds`, keyed
    by the frame's column names; the others by `inferred_kind`), the first column pinned so it
    stays in sight when a wide table scrolls (`pin_first`)."""
    kinds = kinds or {}
    config = {}
    for i, column in enumerate(frame.columns):
        kind = kinds.get(column) or inferred_kind(frame[column])
        pinned = True if pin_first and i == 0 else None
        if kind.name in ("text", "label"):
            config[str(column)] = st.column_config.Column(pinned=pinned, width=text_width(frame[column], column))
        elif kind.name == "figure":
            config[str(column)] = st.column_config.TextColumn(pinned=pinned, alignment="right")
        else:
            config[str(column)] = st.column_config.NumberColumn(pinned=pinned, format=number_format(kind))
    return config


# Glide (Streamlit's table) sizes a column on a sample of its rows and cut "Request type (inquiry,"
# in the mapping table; a text column is given the width of its longest text instead. The table's
# 14 px Source Sans, measured in Chromium: about 6 px a character of running text, 7–8 a digit or
# capital, 14 a Chinese character; plus the cell's padding, up to Glide's widest automatic column
# (500 px), never below its narrowest (50 px).
LATIN_PX, TALL_EXTRA_PX, WIDE_PX, PADDING_PX, WIDEST_PX, NARROWEST_PX = 6.0, 1.0, 14.0, 24, 500, 50
TALL = r"[A-Z0-9]"
WIDE = r"[\u2e80-\uffef]"      # CJK characters and full-width forms
_TALL, _WIDE = re.compile(TALL), re.compile(WIDE)
WIDEST_CHAR_PX = max(WIDE_PX, LATIN_PX + TALL_EXTRA_PX)
FEW_TEXTS = 500     # up to this many texts are measured one by one (the pattern engine's start-up costs more)


def _text_px(text: str) -> float:
    return len(text) * LATIN_PX + len(_TALL.findall(text)) * TALL_EXTRA_PX + len(_WIDE.findall(text)) * (WIDE_PX - LATIN_PX)


def text_width(values: pd.Series, header: object) -> int | None:
    """The px width a text column needs for its longest text or its header; None for a column
    without text (a bool or date column: Streamlit sizes those well)."""
    if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
        return None
    texts = values.dropna()
    if len(texts) <= FEW_TEXTS:
        widest = max(map(_text_px, {str(header), *map(str, texts)}))
    else:
        texts = texts.astype("string")
        lengths = texts.str.len()
        # only a text at least this long can be the widest: the longest is at least 6 px a character
        texts = texts[lengths * WIDEST_CHAR_PX >= lengths.max() * LATIN_PX]
        px = texts.str.len() * LATIN_PX + texts.str.count(TALL) * TALL_EXTRA_PX + texts.str.count(WIDE) * (WIDE_PX - LATIN_PX)
        widest = max(float(px.max()), _text_px(str(header)))
    return int(min(WIDEST_PX, max(NARROWEST_PX, widest + PADDING_PX)))


# Glide's rows and header are 35 px, its border 1 px a side; it scrolls past 50 rows anyway.
ROW_PX, MAX_WHOLE_ROWS = 35, 50


def whole_height(rows: int) -> int:
    """The px height that shows a table of `rows` rows without scrolling inside it (st.dataframe
    shows ten by default): a file's column mapping is read as a whole, every column at once."""
    return (min(rows, MAX_WHOLE_ROWS) + 1) * ROW_PX + 3


def number_format(kind: Kind) -> str:
    """The printf format (Streamlit's sprintf-js, "," for thousands) a numeric kind is written in."""
    sign = "+" if kind.signed else ""
    if kind.name == "number":
        return "%d"
    if kind.name == "count":
        return f"%{sign},d"
    figure = f"%{sign},.{kind.digits}f"
    if kind.name in ("percent", "share"):
        return f"{figure} %%"
    if kind.name in ("points", "share_change"):
        return state.tr("cards.delta.pp", value=figure)
    return figure


def shown_values(frame: pd.DataFrame, kinds: Mapping[str, Kind] | None = None) -> pd.DataFrame:
    """`frame` as the table shows it: shares and their changes ×100 (a format string cannot
    scale: 0.39 is written "39.0 %"); every other column as it is."""
    scaled = [c for c, k in (kinds or {}).items() if k.name in ("share", "share_change") and c in frame.columns]
    if not scaled:
        return frame
    return frame.assign(**{str(c): pd.to_numeric(frame[c], errors="coerce") * 100 for c in scaled})


def table(frame: pd.DataFrame, kinds: Mapping[str, Kind] | None = None, *, labels: Mapping[str, str] | None = None,
          where=None, column_config: Mapping | None = None, **options):
    """Draw `frame` as a table the width of the page, its numbers written by column kind (see
    `column_formats`; `column_config` adds to or overrides it: labels, hidden columns), its first
    column pinned when the index is hidden (a shown index is pinned by Streamlit), scrolling
    sideways when the columns do not fit, a missing value written "–" (the house dash, not the grid's
    grey "None"). `labels` renames the columns for the reader (`kinds` then names them as the frame
    has them). `options` go to st.dataframe (hide_index defaults to True, width to "stretch")."""
    options = {"hide_index": True, "width": "stretch", "placeholder": F.MISSING, **options}
    if labels:
        kinds = {labels.get(c, c): k for c, k in (kinds or {}).items()}
        frame = frame.rename(columns=labels)
    config = column_formats(frame, kinds, pin_first=bool(options["hide_index"]))
    for name, extra in (column_config or {}).items():
        if isinstance(extra, dict):           # a column type or label: what it sets, over the format
            extra = {**(config.get(name) or {}), **{k: v for k, v in extra.items() if v is not None}}
        elif isinstance(extra, str):
            extra = {**(config.get(name) or {}), "label": extra}
        config[name] = extra
    return (where or st).dataframe(shown_values(frame, kinds), column_config=config, **options)


def in_reading_unit(frame: pd.DataFrame, columns: Sequence[str], minutes_per_value: float = 1.0):
    """(`frame` with the duration `columns` — `minutes_per_value` minutes each: 1 for minutes, 60
    for hours — in the unit their median reads in, that unit): days for a ticket two years late,
    not 1,050,575 min."""
    minutes = frame[list(columns)] * minutes_per_value
    unit = duration_unit(minutes.to_numpy())
    return frame.assign(**(minutes / MINUTES_PER[unit])), unit
