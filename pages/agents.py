"""Agents page: one row per agent (volume, median first response and handling time, FCR, CSAT %
with its Wilson interval); agents with few survey responses are flagged instead of ranked.
Every number comes from analysis.agents; this page only draws."""
from __future__ import annotations

import streamlit as st

from analysis import agents, kpis
from charts import operations as charts
from ui import filters, state, widgets
from ui.cache import memo

tr = state.tr

st.title(tr("nav.agents"))
full, chosen = widgets.page_filters()
# the filters as masks over observations read once (as on the Overview): no dataset is cut
view = filters.undated_view(full, chosen)
widgets.tickets_count_line(full, chosen)

if not full.tickets["agent"].notna().any():
    st.info(tr("agents_page.no_agent"))
    st.stop()

min_n = st.columns([1, 2])[0].number_input(tr("agents_page.min_n"), min_value=1, max_value=10_000,
                                          value=agents.MIN_RANKED_N, step=1, key="agents_min_n",
                                          help=tr("agents_page.min_n_help"))
table = memo("agents.table", full, (chosen.values, chosen.start, chosen.end, int(min_n)),
             lambda: agents.agent_table_of(view, start=chosen.start, end=chosen.end, min_n=int(min_n)))

labels = {"agent": tr("filter.agent"), "tickets": tr("overview.kpi.tickets"),
          "frt_median_min": tr("overview.kpi.frt_median_min"), "frt_n": tr("agents_page.col.frt_n"),
          "handle_median_min": tr("overview.kpi.handle_median_min"), "handle_n": tr("agents_page.col.handle_n"),
          "fcr_pct": tr("agents_page.col.fcr_pct"), "fcr_n": tr("agents_page.col.fcr_n"),
          "csat_n": tr("agents_page.col.csat_n"), "csat_pct": tr("overview.axis.csat_pct"),
          "csat_ci_low": tr("agents_page.col.csat_ci_low"), "csat_ci_high": tr("agents_page.col.csat_ci_high"),
          "small_n": tr("agents_page.col.small_n"), "csat_rank": tr("agents_page.col.csat_rank")}
# satisfaction and its interval first (what the page is read for), the n columns last
ORDER = ["agent", "tickets", "csat_pct", "csat_ci_low", "csat_ci_high", "csat_n", "small_n", "csat_rank",
         "frt_median_min", "handle_median_min", "fcr_pct", "frt_n", "handle_n", "fcr_n"]
shown = table[ORDER].replace({"agent": {kpis.BLANK_LABEL: tr("overview.blank")}})
widgets.table(shown, {
    "tickets": widgets.COUNT, "csat_n": widgets.COUNT, "frt_n": widgets.COUNT, "handle_n": widgets.COUNT,
    "fcr_n": widgets.COUNT, "csat_rank": widgets.NUMBER, "csat_pct": widgets.PERCENT, "csat_ci_low": widgets.PERCENT,
    "csat_ci_high": widgets.PERCENT, "fcr_pct": widgets.PERCENT, "frt_median_min": widgets.DURATION,
    "handle_median_min": widgets.DURATION}, labels=labels)
widgets.csv_download(table, "agents.csv", key="agents_csv")
if table["small_n"].any():
    st.caption(tr("agents_page.small_n", min_n=int(min_n)))
widgets.how_computed("agents_page.how.table", agents=f"{len(table):,}", min_n=int(min_n),
                     blank=tr("overview.blank"))

st.subheader(tr("agents_page.chart"))
if table["csat_pct"].notna().any():
    widgets.show_chart(charts.agent_csat_chart(shown, state.lang()), key="agents_chart1")
    widgets.how_computed("agents_page.how.chart", min_n=int(min_n))
else:
    st.info(tr("agents_page.no_scores"))
