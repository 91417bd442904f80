"""Altair charts of the Operations and Agents pages, built from analysis.sla / analysis.agents
tables (one row per tier, age band or agent)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from charts.overview import ensure_aggregated
from i18n import t

STATE_COLOURS = {"overdue": "#e45756", "near": "#f58518", "ok": "#54a24b", "no_target": "#bab0ac"}


def sla_chart(compliance: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Grouped bars: % met per priority tier, first response beside resolution.

    `compliance` is SlaReport.compliance (priority, response_met_pct, response_n, resolution_met_pct, …)."""
    data = ensure_aggregated(compliance)
    long = pd.concat([
        pd.DataFrame({"priority": data["priority"], "target": t("overview.target.response", lang),
                      "met_pct": data["response_met_pct"], "n": data["response_n"]}),
        pd.DataFrame({"priority": data["priority"], "target": t("overview.target.resolution", lang),
                      "met_pct": data["resolution_met_pct"], "n": data["resolution_n"]}),
    ], ignore_index=True).dropna(subset=["met_pct"])
    order = list(data["priority"])
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("priority:N", sort=order, title=t("overview.axis.priority", lang)),
        xOffset=alt.XOffset("target:N"),
        y=alt.Y("met_pct:Q", title=t("overview.axis.met_pct", lang), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("target:N", title=None),
        tooltip=[alt.Tooltip("priority:N", title=t("overview.axis.priority", lang)), alt.Tooltip("target:N"),
                 alt.Tooltip("met_pct:Q", format=".1f", title=t("overview.axis.met_pct", lang)),
                 alt.Tooltip("n:Q", title="n")])


def backlog_age_chart(histogram: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Stacked bars of open tickets per age band, coloured by SLA state.

    `histogram` is analysis.sla.age_histogram()."""
    data = ensure_aggregated(histogram).copy()
    data["state_label"] = [t(f"overview.state.{s}", lang) for s in data["state"]]
    states = [s for s in STATE_COLOURS if s in set(data["state"])]
    bands = list(data.sort_values("band_order")["band"].drop_duplicates())
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("band:N", sort=bands, title=t("overview.axis.age", lang)),
        y=alt.Y("tickets:Q", stack=True, title=t("overview.axis.tickets", lang)),
        color=alt.Color("state_label:N", title=None,
                        scale=alt.Scale(domain=[t(f"overview.state.{s}", lang) for s in states],
                                        range=[STATE_COLOURS[s] for s in states])),
        tooltip=[alt.Tooltip("band:N", title=t("overview.axis.age", lang)), alt.Tooltip("state_label:N", title=None),
                 alt.Tooltip("tickets:Q", title=t("overview.axis.tickets", lang))])


def agent_csat_chart(table: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """CSAT % per agent with its Wilson interval; small-n agents drawn hollow and grey.

    `table` is analysis.agents.agent_table()."""
    data = ensure_aggregated(table).dropna(subset=["csat_pct"]).copy()
    y = alt.Y("agent:N", sort=alt.EncodingSortField("csat_pct", order="descending"), title=None)
    base = alt.Chart().encode(y=y)       
    # the axis starts near the lowest interval, not at 0, so the intervals can be told apart
    whiskers = base.mark_rule(color="#888").encode(x=alt.X("csat_ci_low:Q",
                                                           scale=alt.Scale(zero=False, domainMax=100),
                                                           title=t("overview.axis.csat_pct", lang)),
                                                   x2="csat_ci_high:Q")
    points = base.mark_point(size=60, filled=True).encode(
        x="csat_pct:Q",
        color=alt.ColorValue("#4c78a8", condition={"test": "datum.small_n", "value": "#bab0ac"}),
        tooltip=[alt.Tooltip("agent:N"), alt.Tooltip("csat_pct:Q", format=".1f"),
                 alt.Tooltip("csat_ci_low:Q", format=".1f"), alt.Tooltip("csat_ci_high:Q", format=".1f"),
                 alt.Tooltip("csat_n:Q", title="n"), alt.Tooltip("small_n:N")])
    return alt.layer(whiskers, points, data=data)
