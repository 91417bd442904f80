"""Altair charts of the Overview page, built from the aggregated tables of analysis.kpis
(one row per period, group or heatmap cell; never raw tickets)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from i18n import t

MAX_ROWS = 5000   # charts receive aggregates; more rows than this means a caller passed raw data


def ensure_aggregated(table: pd.DataFrame) -> pd.DataFrame:
    """`table` unchanged; ValueError when it is too long to be an aggregate."""
    if len(table) > MAX_ROWS:
        raise ValueError(f"{len(table)} rows: aggregate before charting (at most {MAX_ROWS})")
    return table


def trend_chart(trend: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Ticket volume per period (bars, left axis) and CSAT % (line with points, right axis).

    `trend` is analysis.kpis.trend(): period, tickets, csat_n, csat_pct."""
    data = ensure_aggregated(trend).copy()
    x = alt.X("period:T", title=t("overview.axis.period", lang))
    tooltip = [alt.Tooltip("period:T", title=t("overview.axis.period", lang)),
               alt.Tooltip("tickets:Q", title=t("overview.axis.tickets", lang)),
               alt.Tooltip("csat_pct:Q", format=".1f", title=t("overview.axis.csat_pct", lang)),
               alt.Tooltip("csat_n:Q", title="n")]
    base = alt.Chart().encode(x=x, tooltip=tooltip)
    bars = base.mark_bar(color="#9ecae9").encode(y=alt.Y("tickets:Q", title=t("overview.axis.tickets", lang)))
    line = base.mark_line(point=True, color="#e45756").encode(
        y=alt.Y("csat_pct:Q", title=t("overview.axis.csat_pct", lang), scale=alt.Scale(domain=[0, 100])))
    return alt.layer(bars, line, data=data).resolve_scale(y="independent")


def breakdown_chart(table: pd.DataFrame, by: str, value: str = "tickets", lang: str = "en") -> alt.Chart:
    """Horizontal bars of `value` per group of analysis.kpis.breakdown(..., by=by), largest on top."""
    data = ensure_aggregated(table).dropna(subset=[value])
    title = t(f"overview.axis.{value}", lang) if value in ("tickets", "csat_pct", "share_pct") \
        else t(f"overview.kpi.{value}", lang)
    tooltip = [alt.Tooltip(f"{by}:N"), alt.Tooltip("tickets:Q", title=t("overview.axis.tickets", lang)),
               alt.Tooltip("share_pct:Q", format=".1f", title=t("overview.axis.share_pct", lang))]
    if value not in ("tickets", "share_pct"):
        tooltip.append(alt.Tooltip(f"{value}:Q", format=".1f", title=title))
    return alt.Chart(data).mark_bar(color="#4c78a8").encode(
        y=alt.Y(f"{by}:N", sort="-x", title=None),
        x=alt.X(f"{value}:Q", title=title),
        tooltip=tooltip)


def heatmap_chart(cells: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Hour-of-day × weekday rectangles coloured by the cell's share of that weekday's tickets.

    `cells` is analysis.kpis.heatmap() (168 rows)."""
    data = ensure_aggregated(cells).copy()
    data["day"] = [t(f"overview.weekday.{d}", lang) for d in data["weekday"]]
    order = [t(f"overview.weekday.{d}", lang) for d in range(7)]
    return alt.Chart(data).mark_rect().encode(
        x=alt.X("hour:O", title=t("overview.axis.hour", lang)),
        y=alt.Y("day:N", sort=order, title=t("overview.axis.weekday", lang)),
        color=alt.Color("share_of_day_pct:Q", title=t("overview.axis.share_of_day", lang),
                        scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("day:N", title=t("overview.axis.weekday", lang)),
                 alt.Tooltip("hour:O", title=t("overview.axis.hour", lang)),
                 alt.Tooltip("tickets:Q", title=t("overview.axis.tickets", lang)),
                 alt.Tooltip("share_of_day_pct:Q", format=".1f", title=t("overview.axis.share_of_day", lang))])
