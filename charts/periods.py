"""Charts of the Period comparison page: a metric per period with its interval band (partial
periods drawn hollow) and the target line (the control charts are in charts.control). Plain
functions returning Altair charts; the inputs are already aggregated (one row per period)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from charts.locale import axis_title
from i18n import t


def _periods_frame(table: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in ["period", "start", "value", "n", "ci_low", "ci_high", "partial"] if c in table.columns]
    frame = table[cols].copy()
    if "start" in frame:
        frame["start"] = pd.to_datetime(frame["start"]).dt.strftime("%Y-%m-%d")
    return frame


def _target_rule(target: float | None, lang: str = "en") -> alt.Chart | None:
    if target is None:
        return None
    return alt.Chart(pd.DataFrame({"target": [float(target)]})).mark_rule(
        color="#2ca02c", strokeDash=[6, 3]).encode(
            y=alt.Y("target:Q"), tooltip=[alt.Tooltip("target:Q", title=t("periods.chart.target", lang))])


def period_chart(table: pd.DataFrame, title: str = "", unit: str = "", target: float | None = None,
                 lang: str = "en") -> alt.LayerChart:
    """The metric per period (line and points) with its 95 % interval as a band; partial
    periods drawn as hollow points, named in a legend only when there are any; the target as
    a dashed line. Labels in `lang`."""
    frame = _periods_frame(table)
    frame["kind"] = [t("periods.chart.partial" if p else "periods.chart.complete", lang)
                     for p in frame.get("partial", pd.Series(False, index=frame.index))]
    order = frame["period"].tolist()
    x = alt.X("period:O", sort=order, title=None)
    tooltip = [alt.Tooltip("period:O", title=t("periods.col.period", lang)),
               alt.Tooltip("value:Q", format=",.2f", title=t("periods.col.value", lang)),
               alt.Tooltip("n:Q", format=",", title=t("periods.col.n", lang)),
               alt.Tooltip("ci_low:Q", format=",.2f", title=t("periods_page.col.ci_low", lang)),
               alt.Tooltip("ci_high:Q", format=",.2f", title=t("periods_page.col.ci_high", lang)),
               alt.Tooltip("kind:N", title=t("periods.col.partial", lang))]
    base = alt.Chart()          # data on the layer: Altair hashes (prints) data given to every layer
    # zero=False: a share moving between 75 and 85 % must not be flattened against a 0 baseline
    band = base.mark_area(opacity=0.2).encode(
        x=x, y=alt.Y("ci_low:Q", title=axis_title(title, unit, lang), scale=alt.Scale(zero=False)), y2=alt.Y2("ci_high:Q"))
    value = alt.Y("value:Q")
    line = base.mark_line().encode(x=x, y=value)
    partial = bool(frame.get("partial", pd.Series(dtype=bool)).any())
    points = base.mark_point(size=60, filled=True).encode(
        x=x, y=value, tooltip=tooltip,
        fillOpacity=alt.FillOpacityValue(1.0, condition={"test": "datum.partial", "value": 0.0}),
        # a legend of one entry ("complete") says nothing: only when some period is partial
        shape=alt.Shape("kind:N", title=t("periods.col.partial", lang), legend=alt.Legend() if partial else None))
    layers = [band, line, points]
    rule = _target_rule(target, lang)
    if rule is not None:
        layers.append(rule)
    return alt.layer(*layers, data=frame).properties(title=title)
