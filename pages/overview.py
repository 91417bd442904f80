"""Overview page: the headline KPIs of the selected range with their change against the previous
range of the same length, the volume/CSAT trend, breakdowns by channel and category, and the
hour × weekday heatmap. Every number comes from analysis.kpis; this page only draws."""
from __future__ import annotations

import streamlit as st

from analysis import coverage, kpis
from charts import overview as charts
from ui import cards, filters, mapping_editor, state, widgets
from ui.cache import memo

tr = state.tr
CARD_KEYS = ("tickets", "frt_median_min", "resolution_median_h", "handle_median_min", "fcr_pct", "csat_pct",
             "csat_mean", "nps", "complaint_rate_pct", "repeat_contact_pct", "reopen_pct", "open_backlog")
OPTIONAL = ("nps", "reopen_pct")          # shown only where the data has them
BREAKDOWN_BY = ("channel", "category", "request_type", "priority", "customer_type")
BREAKDOWN_VALUES = ("tickets", "share_pct", "csat_pct", "frt_median_min", "resolution_median_h",
                    "handle_median_min", "fcr_pct", "complaint_rate_pct")
BREAKDOWN_KINDS = {"tickets": widgets.COUNT, "csat_n": widgets.COUNT, "share_pct": widgets.PERCENT,
                   "csat_pct": widgets.PERCENT, "fcr_pct": widgets.PERCENT, "complaint_rate_pct": widgets.PERCENT,
                   "frt_median_min": widgets.DURATION, "resolution_median_h": widgets.DURATION,
                   "handle_median_min": widgets.DURATION}

st.title(tr("nav.overview"))
full, chosen = widgets.page_filters()
# Masks over observations read once per dataset: a filter change cuts no new dataset, and the
# range's figures see the rows before it too (previous range, repeat-contact look-back, backlog).
view = filters.undated_view(full, chosen)
scale = tuple(full.csat_scale)
low, high = scale

mapping_editor.gaps_section(full, coverage.PAGE_FAMILIES["overview"])
# Cards and breakdowns need no dates (a KPI needs only its own fields); the trend and the heatmap do.
dated = full.date_span[0] is not None

start, end = chosen.start, chosen.end

window = st.columns([1, 3])[0].number_input(tr("overview_page.repeat_window"), min_value=1, max_value=365, value=7,
                                            step=1, key="overview_repeat_days",
                                            help=tr("overview_page.repeat_window_help"))
# figures are memoised on the dataset and the filters, not on the view (views are let go)
values = chosen.values
report = memo("overview.kpis", full, (values, start, end, float(window)),
              lambda: kpis.overview_of(view, start=start, end=end, data_start=full.date_span[0],
                                       repeat_window_days=float(window)))

widgets.tickets_count_line(full, chosen)

# --- cards -----------------------------------------------------------------------------------
top = "–".join(str(c) for c in full.satisfied_codes)


def definition(key: str) -> str:
    if key == "csat_pct":
        return tr("overview_page.def.csat_pct", top=top, low=low, high=high)
    if key == "csat_mean":
        return tr("overview_page.def.csat_mean", low=low, high=high)
    if key == "repeat_contact_pct":
        return tr("overview.def.repeat_contact_pct", days=f"{window:g}")
    return tr(f"overview.def.{key}")


# without a chosen range the caption above says so once, rather than on every card
no_change = tr(f"overview_page.no_change.{report.problem}") if report.problem == kpis.NO_EARLIER_DATA else ""
shown = [k for k in CARD_KEYS if k not in OPTIONAL or report.current[k].n > 0]
specs = [cards.CardSpec(report.current[k], report.changes[k], tr(f"overview_page.card.{k}"), definition(k),
                        no_change) for k in shown]
if report.start is not None:
    st.caption(tr("overview_page.range", start=chosen.start.date(), end=chosen.end.date(),
                  prev=report.previous_start.date()))
else:
    st.caption(tr("overview_page.range_all"))
widgets.card_flow(specs)
if report.current["csat_pct"].n == 0:
    st.info(tr("overview_page.no_scores"))
missing = [tr(f"overview_page.card.{k}") for k in OPTIONAL if k not in shown]


def card_line(key: str) -> str:
    r = report.current[key]
    if r.is_km:     # Kaplan–Meier: the open tickets are in, censored; the solved-only figure beside
        return tr("overview_page.how.card_line_km", label=tr(f"overview_page.card.{key}"), definition=definition(key),
                  n=f"{r.n:,}", censored=f"{r.censored:,}", solved=cards.number(r.solved, r.unit),
                  n_solved=f"{r.n_solved or 0:,}", left_out=cards.left_out(r.excluded))
    return tr("overview_page.how.card_line", label=tr(f"overview_page.card.{key}"), definition=definition(key),
              n=f"{r.n:,}", left_out=cards.left_out(r.excluded))


notes = "\n".join(card_line(k) for k in shown)
widgets.how_computed("overview_page.how.cards", lines=notes,
                     missing=", ".join(missing) if missing else tr("overview_page.none"),
                     compare=tr(f"overview_page.no_change.{report.problem}") if report.problem
                     else tr("overview_page.how.compare"))

# --- trend -----------------------------------------------------------------------------------
st.subheader(tr("overview_page.trend"))
if not dated:
    st.info(tr("overview_page.no_dates"))
in_range = cards.number(report.current["tickets"].value, "tickets")
if dated:
    grain = st.segmented_control(tr("overview_page.grain"), ["W", "M"], default="W", key="overview_grain",
                                 format_func=lambda g: tr(f"overview_page.grain.{g}")) or "W"
    trend = memo("overview.trend", full, (values, grain, start, end),
                 lambda: kpis.trend_of(view, grain, start=start, end=end))
    if trend.empty:
        st.info(tr("overview_page.no_rows"))
    else:
        widgets.show_chart(charts.trend_chart(trend, state.lang()), key="overview_chart1")
    widgets.how_computed("overview_page.how.trend", periods=f"{len(trend):,}",
                         grain=tr(f"overview_page.grain.{grain}"), tickets=in_range,
                         responses=f"{report.current['csat_pct'].n:,}")

# --- breakdowns ------------------------------------------------------------------------------
st.subheader(tr("overview_page.breakdown"))
labels = {"tickets": tr("overview.kpi.tickets"), "share_pct": tr("overview.axis.share_pct"),
          "csat_n": tr("overview_page.col.csat_n"),
          **{k: tr(f"overview.kpi.{k}") for k in BREAKDOWN_VALUES if k not in ("tickets", "share_pct")}}
# one dimension at a time: only the breakdown in sight is computed on a filter change
available = [c for c in BREAKDOWN_BY if full.tickets[c].notna().any()]
if not available:
    st.info(tr("overview_page.no_breakdown"))
else:
    by = st.segmented_control(tr("overview_page.breakdown_by"), available, default=available[0], key="overview_by",
                              format_func=lambda c: tr(f"filter.{c}")) or available[0]
    value = st.columns(3)[0].selectbox(tr("overview_page.chart_value"), BREAKDOWN_VALUES, key="overview_value",
                                       format_func=labels.get)
    table = memo("overview.breakdown", full, (values, by, start, end),
                 lambda: kpis.breakdown_of(view, by, start=start, end=end))
    shown_table = table.replace({by: {kpis.BLANK_LABEL: tr("overview.blank")}})
    widgets.show_chart(charts.breakdown_chart(shown_table, by, value, state.lang()), key=f"overview_chart2_{by}")
    widgets.table(shown_table, BREAKDOWN_KINDS, labels={by: tr(f"filter.{by}"), **labels})
    widgets.how_computed("overview_page.how.breakdown", groups=f"{len(table):,}",
                         tickets=in_range, blank=tr("overview.blank"))

# --- heatmap ---------------------------------------------------------------------------------
if dated:
    st.subheader(tr("overview_page.heatmap"))
    cells = memo("overview.heatmap", full, (values, start, end), lambda: kpis.heatmap_of(view, start=start, end=end))
    widgets.show_chart(charts.heatmap_chart(cells, state.lang()), key="overview_chart3")
    undated = int(full.tickets["created_at"].isna().sum()) if start is None else \
        report.current["tickets"].excluded.get("no_created_at", 0)
    widgets.how_computed("overview_page.how.heatmap", tickets=in_range, left_out=f"{undated:,}")
