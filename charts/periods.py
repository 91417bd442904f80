"""Charts of the Period comparison page: a metric per period with its interval band (partial
periods drawn hollow), the target line, and the p-chart / XmR control charts. Plain functions
returning Altair charts; the inputs are already aggregated (one row per period)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.control import ControlChart

STATUS_COLOURS = {"above": "#d62728", "below": "#d62728"}


def _periods_frame(table: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in ["period", "start", "value", "n", "ci_low", "ci_high", "partial"] if c in table.columns]
    frame = table[cols].copy()
    if "start" in frame:
        frame["start"] = pd.to_datetime(frame["start"]).dt.strftime("%Y-%m-%d")
    return frame


def _target_rule(target: float | None) -> alt.Chart | None:
    if target is None:
        return None
    return alt.Chart(pd.DataFrame({"target": [float(target)]})).mark_rule(
        color="#2ca02c", strokeDash=[6, 3]).encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", title="Target")])


def period_chart(table: pd.DataFrame, title: str = "", unit: str = "", target: float | None = None) -> alt.LayerChart:
    """The metric per period (line and points) with its 95 % interval as a band; partial
    periods drawn as hollow points; the target as a dashed line."""
    frame = _periods_frame(table)
    order = frame["period"].tolist()
    x = alt.X("period:O", sort=order, title=None)
    y_title = f"{title} ({unit})" if unit else title
    tooltip = [alt.Tooltip("period:O"), alt.Tooltip("value:Q", format=".2f"), alt.Tooltip("n:Q"),
               alt.Tooltip("ci_low:Q", format=".2f"), alt.Tooltip("ci_high:Q", format=".2f"),
               alt.Tooltip("partial:N")]
    base = alt.Chart(frame)
    # zero=False: a share moving between 75 and 85 % must not be flattened against a 0 baseline
    band = base.mark_area(opacity=0.2).encode(x=x, y=alt.Y("ci_low:Q", title=y_title, scale=alt.Scale(zero=False)),
                                              y2="ci_high:Q")
    line = base.mark_line().encode(x=x, y="value:Q")
    points = base.mark_point(size=60, filled=True).encode(
        x=x, y="value:Q", tooltip=tooltip,
        fillOpacity=alt.condition("datum.partial", alt.value(0.0), alt.value(1.0)),
        shape=alt.Shape("partial:N", title="Partial period"))
    layers = [band, line, points]
    rule = _target_rule(target)
    if rule is not None:
        layers.append(rule)
    return alt.layer(*layers).properties(title=title)


def control_chart(chart: ControlChart, title: str = "", unit: str = "") -> alt.LayerChart:
    """A p-chart or XmR chart: the period values, the centre line, the control limits (stepped
    for a p-chart's varying limits), points outside the limits in red, and the target line."""
    frame = chart.points[["period", "value", "n", "center", "lcl", "ucl", "out"]].copy()
    frame["out"] = frame["out"].astype("object").where(frame["out"].notna(), "")
    order = frame["period"].tolist()
    x = alt.X("period:O", sort=order, title=None)
    y_title = f"{title} ({unit})" if unit else title
    base = alt.Chart(frame)
    step = "step" if chart.kind == "p" else "linear"
    limits = [base.mark_line(interpolate=step, color="#888", strokeDash=[3, 3]).encode(x=x, y=f"{c}:Q")
              for c in ("lcl", "ucl")]
    center = base.mark_line(color="#555").encode(x=x, y=alt.Y("center:Q", title=y_title, scale=alt.Scale(zero=False)))
    line = base.mark_line(color="#1f77b4").encode(x=x, y="value:Q")
    points = base.mark_circle(size=70).encode(
        x=x, y="value:Q",
        color=alt.condition("datum.out != ''", alt.value("#d62728"), alt.value("#1f77b4")),
        tooltip=["period:O", alt.Tooltip("value:Q", format=".2f"), "n:Q", alt.Tooltip("lcl:Q", format=".2f"),
                 alt.Tooltip("ucl:Q", format=".2f"), "out:N"])
    layers = [center, *limits, line, points]
    rule = _target_rule(chart.target)
    if rule is not None:
        layers.append(rule)
    return alt.layer(*layers).properties(title=title or ("p-chart" if chart.kind == "p" else "XmR chart"))
