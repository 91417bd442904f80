"""Control charts (p, Laney p′, XmR) with their run-rule signals: one Altair chart per
analysis.control.ControlChart (one row per period), every label from the catalogue."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from analysis.control import P, P_PRIME, RUN, RUN_LENGTH, ControlChart
from charts.locale import axis_title
from i18n import t

SIGNAL_COLOR, OUT_COLOR, POINT_COLOR, LIMIT_COLOR, ZONE_COLOR, TARGET_COLOR = (
    "#e67e22", "#d62728", "#1f77b4", "#888888", "#dddddd", "#2ca02c")


def rule_name(rule: str, convention: str, lang: str = "en", short: bool = False) -> str:
    """A run rule as the page shows it (full name, or the short mark drawn beside a point)."""
    return t(f"control.rule{'_short' if short else ''}.{rule}", lang, **({"k": RUN_LENGTH[convention]}
                                                                        if rule == RUN and not short else {}))


def rules_text(rules: tuple, convention: str, lang: str = "en", short: bool = False) -> str:
    """The rules fired at one point, joined ("" when none)."""
    return ("、" if lang == "zh" else ", ").join(rule_name(r, convention, lang, short) for r in rules)


def chart_frame(chart: ControlChart, lang: str = "en") -> pd.DataFrame:
    """The points as drawn: the chart's columns plus the ±1σ / ±2σ zone edges, the rule names
    (`rules_text`, translated) and their short marks (`rules_mark`), and `status` ("out" outside
    the limits, "signal" for another rule, "" for none)."""
    p = chart.points
    frame = p[["period", "value", "n", "center", "lcl", "ucl"]].copy()
    for k in (1, 2):
        frame[f"zone_lo{k}"] = p["center"] - k * p["sigma"]
        frame[f"zone_hi{k}"] = p["center"] + k * p["sigma"]
    frame["rules_text"] = [rules_text(r, chart.convention, lang) for r in p["rules"]]   # one per period
    frame["rules_mark"] = [rules_text(r, chart.convention, lang, short=True) for r in p["rules"]]
    frame["status"] = np.where(p["out"].notna(), "out", np.where(p["signal"].astype(bool), "signal", ""))
    frame["period"] = frame["period"].astype("str")
    return frame


def control_chart(chart: ControlChart, lang: str = "en", title: str | None = None, unit: str = "",
                  measure: str = "") -> alt.LayerChart:
    """The period values with the centre line, the 3σ control limits (stepped when they vary with
    n), faint ±1σ and ±2σ zone edges, points coloured by signal (red outside the limits, orange
    when another run rule fired) with the short names of the rules that fired written above them,
    and the goal's target as a dashed green line. The y axis names `measure` (the metric) with
    its unit; the chart's kind is its title."""
    frame = chart_frame(chart, lang)
    title = title if title is not None else t(f"control.kind.{chart.kind}", lang)
    x = alt.X("period:O", sort=frame["period"].tolist(), title=None)
    y_title = axis_title(measure, unit, lang) if measure else unit
    step = "step" if chart.kind in (P, P_PRIME) else "linear"
    base = alt.Chart()          # data on the layer: Altair hashes (prints) data given to every layer
    center = base.mark_line(color="#555555").encode(
        x=x, y=alt.Y("center:Q", title=y_title, scale=alt.Scale(zero=False)))
    zones = [base.mark_line(interpolate=step, color=ZONE_COLOR, strokeDash=[1, 3]).encode(x=x, y=alt.Y(f"{c}:Q"))
             for c in ("zone_lo2", "zone_lo1", "zone_hi1", "zone_hi2")]
    limits = [base.mark_line(interpolate=step, color=LIMIT_COLOR, strokeDash=[3, 3]).encode(x=x, y=alt.Y(f"{c}:Q"))
              for c in ("lcl", "ucl")]
    value = alt.Y("value:Q")
    line = base.mark_line(color=POINT_COLOR).encode(x=x, y=value)
    tooltip = [alt.Tooltip("period:O", title=t("control.chart.period", lang)),
               alt.Tooltip("value:Q", format=".2f", title=t("control.chart.value", lang)),
               alt.Tooltip("n:Q", title=t("control.chart.n", lang)),
               alt.Tooltip("lcl:Q", format=".2f", title=t("control.chart.lcl", lang)),
               alt.Tooltip("ucl:Q", format=".2f", title=t("control.chart.ucl", lang)),
               alt.Tooltip("rules_text:N", title=t("control.chart.rules", lang))]
    colour = alt.Color("status:N", legend=None,
                       scale=alt.Scale(domain=["", "signal", "out"], range=[POINT_COLOR, SIGNAL_COLOR, OUT_COLOR]))
    points = base.mark_circle(size=70, opacity=1).encode(x=x, y=value, color=colour, tooltip=tooltip)
    marks = base.transform_filter("datum.rules_mark != ''").mark_text(dy=-12, fontSize=10, color=SIGNAL_COLOR).encode(
        x=x, y=value, text=alt.Text("rules_mark:N"))
    layers = [center, *zones, *limits, line, points, marks]
    if chart.target is not None:
        layers.append(alt.Chart(pd.DataFrame({"target": [float(chart.target)]})).mark_rule(
            color=TARGET_COLOR, strokeDash=[6, 3]).encode(y=alt.Y("target:Q")))
    return alt.layer(*layers, data=frame).properties(title=title)
