"""Altair charts of the Drivers page, built from the aggregated tables of analysis.drivers /
analysis.importance (one row per driver or band, never raw responses).

Every encoding is given as its channel object (alt.X("r:Q"), alt.Tooltip("n:Q"), …), never as a
bare "field:type" string or dict: Altair turns those into channel objects through from_dict,
which hashes the whole Vega-Lite schema on every call (~5 ms each, a fifth of the Drivers page's
drawing at 1M tickets). The specs are the same either way (tests/test_drivers_charts.py)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.formatting import p_texts
from analysis.quadrant import UNDECIDED
from i18n import t

_QUADRANTS = ("fix_first", "keep_up", "low_priority", "possible_overkill")
_QUADRANT_COLOURS = ("#e45756", "#54a24b", "#9d9da0", "#f58518")     # red, green, grey, orange
_UNDECIDED_COLOUR = "#6b6b6b"                                          # dark grey, drawn hollow

# Driver names are the survey's column headers, often whole questions ("问题解决效率（是否一次解决）"):
# Vega cuts axis labels at 180 px by default.
DRIVER_AXIS = alt.Axis(labelLimit=320)


def _padded(values: pd.Series, share: float = 0.2) -> tuple[float, float]:
    """The range of `values` widened by `share` of its span on each side (±1 % of the value
    when all are equal)."""
    low, high = float(values.min()), float(values.max())
    pad = (high - low) * share or abs(high) * 0.01 or 1.0
    return low - pad, high + pad


def _ranked(table: pd.DataFrame, value: str) -> pd.DataFrame:
    data = table.dropna(subset=[value]).copy()
    if "problem" in data.columns:
        data = data[data["problem"].isna()].drop(columns="problem")
    return data


def correlation_chart(table: pd.DataFrame, outcome: str = "", lang: str = "en") -> alt.LayerChart:
    """Ranked horizontal bars of each driver's correlation with whiskers for its interval.

    `table` is analysis.drivers.correlations(); drivers with a problem are left out (the page
    lists them with their reason)."""
    data = _ranked(table, "r")
    data["order"] = -data["r"].abs()
    data["p_text"] = p_texts(data["p_adj"])
    y = alt.Y("driver:N", sort=alt.EncodingSortField("order", order="ascending"), title=t("drivers_driver", lang),
              axis=DRIVER_AXIS)
    tooltip = [alt.Tooltip("driver:N", title=t("drivers_driver", lang)),
               alt.Tooltip("r:Q", format=".2f"), alt.Tooltip("ci_low:Q", format=".2f"),
               alt.Tooltip("ci_high:Q", format=".2f"),
               alt.Tooltip("p_text:N", title=t("drivers_p_adj", lang)),
               alt.Tooltip("n:Q", title=t("drivers_n", lang))]
    base = alt.Chart().encode(y=y)
    bars = base.mark_bar().encode(
        x=alt.X("r:Q", title=t("drivers_correlation", lang, outcome=outcome), scale=alt.Scale(domain=[-1, 1])),
        color=alt.ColorValue(condition={"test": "datum.r >= 0", "value": "#4c78a8"}, value="#e45756"),
        tooltip=tooltip)
    whiskers = base.mark_rule(color="black").encode(x=alt.X("ci_low:Q"), x2=alt.X2("ci_high:Q"))
    return alt.layer(bars, whiskers, data=data)


def importance_chart(table: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Bars of each driver's part of R² (LMG or Johnson) with bootstrap-interval whiskers.

    `table` is ImportanceResult.table (driver, importance, share, ci_low, ci_high, …)."""
    data = _ranked(table, "importance")
    y = alt.Y("driver:N", sort=alt.EncodingSortField("importance", order="descending"), axis=DRIVER_AXIS,
              title=t("drivers_driver", lang))
    base = alt.Chart().encode(y=y)
    bars = base.mark_bar(color="#4c78a8").encode(
        x=alt.X("importance:Q", title=t("drivers_importance_axis", lang)),
        tooltip=[alt.Tooltip("driver:N", title=t("drivers_driver", lang)),
                 alt.Tooltip("importance:Q", format=".3f"), alt.Tooltip("share:Q", format=".0%"),
                 alt.Tooltip("ci_low:Q", format=".3f"), alt.Tooltip("ci_high:Q", format=".3f")])
    layers = [bars]
    if data[["ci_low", "ci_high"]].notna().all(axis=None):
        layers.append(base.mark_rule(color="black").encode(x=alt.X("ci_low:Q"), x2=alt.X2("ci_high:Q")))
    return alt.layer(*layers, data=data)


def quadrant_chart(table: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Importance (x) against performance (y), split at the means, each quadrant labelled, with
    each driver's 95 % intervals as whiskers on both axes. Undecided drivers (an interval that
    contains its split) are hollow grey points, named "Undecided" in the legend.

    `table` is analysis.quadrant.place() (driver, importance, importance_low / _high,
    performance, performance_low / _high, importance_split, performance_split, quadrant); a
    table without the interval columns (analysis.drivers.importance_performance on plain
    Series) is drawn without whiskers."""
    data = table.copy()
    for column in ("importance_low", "importance_high", "performance_low", "performance_high"):
        if column not in data.columns:
            data[column] = float("nan")
    data["quadrant_label"] = [t(f"drivers_q_{q}", lang) for q in data["quadrant"]]
    data["undecided"] = data["quadrant"] == UNDECIDED
    mid_x = float(data["importance_split"].iloc[0]) if "importance_split" in data else data["importance"].mean()
    mid_y = float(data["performance_split"].iloc[0]) if "performance_split" in data else data["performance"].mean()
    # the plotted range reaches a fifth beyond the drivers and their whiskers, so that the quadrant
    # names in its corners do not sit on top of the extreme drivers' points and names
    xs = pd.concat([data["importance"], data["importance_low"], data["importance_high"]]).dropna()
    ys = pd.concat([data["performance"], data["performance_low"], data["performance_high"]]).dropna()
    lo_x, hi_x = _padded(xs)
    lo_y, hi_y = _padded(ys)
    corners = pd.DataFrame({
        "x": [hi_x, hi_x, lo_x, lo_x], "y": [lo_y, hi_y, lo_y, hi_y],
        "label": [t(f"drivers_q_{q}", lang) for q in _QUADRANTS],
        "align": ["right", "right", "left", "left"]})
    x = alt.X("importance:Q", title=t("drivers_importance_axis", lang), scale=alt.Scale(domain=[lo_x, hi_x], nice=False))
    y = alt.Y("performance:Q", title=t("drivers_performance", lang),
              scale=alt.Scale(zero=False, domain=[lo_y, hi_y], nice=False))
    names = [*_QUADRANTS, UNDECIDED]
    colours = alt.Scale(domain=[t(f"drivers_q_{q}", lang) for q in names], range=[*_QUADRANT_COLOURS, _UNDECIDED_COLOUR])
    tooltip = [alt.Tooltip("driver:N", title=t("drivers_driver", lang)),
               alt.Tooltip("importance:Q", format=".3f", title=t("drivers_page_col_importance", lang)),
               alt.Tooltip("importance_low:Q", format=".3f", title=t("drivers_page_col_imp_low", lang)),
               alt.Tooltip("importance_high:Q", format=".3f", title=t("drivers_page_col_imp_high", lang)),
               alt.Tooltip("performance:Q", format=".3f", title=t("drivers_performance", lang)),
               alt.Tooltip("performance_low:Q", format=".3f", title=t("drivers_page_col_perf_low", lang)),
               alt.Tooltip("performance_high:Q", format=".3f", title=t("drivers_page_col_perf_high", lang)),
               alt.Tooltip("quadrant_label:N", title=t("drivers_quadrant", lang))]
    base = alt.Chart(data)
    colour = alt.Color("quadrant_label:N", title=t("drivers_quadrant", lang), scale=colours)
    # decided drivers as filled dots, undecided ones as hollow rings, one colour legend for both
    decided = base.transform_filter("!datum.undecided").mark_circle(size=90, opacity=1).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    undecided = base.transform_filter("datum.undecided").mark_point(size=90, strokeWidth=2, filled=False).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    text = base.mark_text(dx=8, dy=-8, align="left").encode(x=x, y=y, text=alt.Text("driver:N"))
    whisker_y = base.mark_rule(color="#555", opacity=0.7).encode(
        x=x, y=alt.Y("performance_low:Q", title=t("drivers_performance", lang)), y2=alt.Y2("performance_high:Q"))
    whisker_x = base.mark_rule(color="#555", opacity=0.7).encode(
        y=y, x=alt.X("importance_low:Q", title=t("drivers_importance_axis", lang)), x2=alt.X2("importance_high:Q"))
    rule_x = alt.Chart(pd.DataFrame({"importance": [mid_x]})).mark_rule(strokeDash=[4, 4]).encode(
        x=alt.X("importance:Q"))
    rule_y = alt.Chart(pd.DataFrame({"performance": [mid_y]})).mark_rule(strokeDash=[4, 4]).encode(
        y=alt.Y("performance:Q"))
    left = alt.Chart(corners[corners["align"] == "left"]).mark_text(align="left", fontWeight="bold", opacity=0.6,
                                                                      dx=4, baseline="middle")
    right = alt.Chart(corners[corners["align"] == "right"]).mark_text(align="right", fontWeight="bold", opacity=0.6,
                                                                        dx=-4, baseline="middle")
    labels = [c.encode(x=alt.X("x:Q"), y=alt.Y("y:Q"), text=alt.Text("label:N")) for c in (left, right)]
    return alt.layer(decided, undecided, text, whisker_y, whisker_x, rule_x, rule_y, *labels)


def speed_curve_chart(table: pd.DataFrame, time: str = "frt_min", falls_from: str | None = None,
                      lang: str = "en") -> alt.LayerChart:
    """CSAT % per time band as a line with its Wilson interval as a band; the band from which
    satisfaction is significantly below the best is marked.

    `table` is SpeedCurve.table (band, n, pct, ci_low, ci_high, below_best, …)."""
    data = table.copy()
    data["band"] = data["band"].astype(str)
    order = list(data["band"])
    x = alt.X("band:N", sort=order, title=t(f"drivers_time_{time}", lang))
    pct = alt.Y("pct:Q", axis=alt.Axis(format="%"), title=t("drivers_csat_pct", lang), scale=alt.Scale(zero=False))
    band = alt.Chart().mark_area(opacity=0.25).encode(x=x, y=alt.Y("ci_low:Q"), y2=alt.Y2("ci_high:Q"))
    line = alt.Chart().mark_line(point=True).encode(
        x=x, y=pct, tooltip=[alt.Tooltip("band:N"), alt.Tooltip("n:Q"), alt.Tooltip("pct:Q", format=".1%"),
                             alt.Tooltip("ci_low:Q", format=".1%"), alt.Tooltip("ci_high:Q", format=".1%")])
    layers = [band, line]
    if falls_from is not None:
        layers.append(alt.Chart(pd.DataFrame({"band": [falls_from]})).mark_rule(color="#e45756", strokeDash=[4, 4])
                      .encode(x=alt.X("band:N", sort=order)))
    return alt.layer(*layers, data=data)
