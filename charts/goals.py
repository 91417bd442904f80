"""Charts of the Goals page: a bullet chart of every goal's progress (baseline = 0, target = 1,
so goals in different units share one axis) and a goal's trend to the deadline: the trend
periods (dot size = n) with the fitted trend, each period of the goal's grain as a bar across
its dates at its value, and the deadline period's projection with its prediction interval.
Plain functions returning Altair charts; every label is passed in (the page translates)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.goals import GoalStatus

STATUS_COLOURS = {"on_track": "#2ca02c", "at_risk": "#ff7f0e", "off_track": "#d62728", "met": "#006d2c",
                  "missed": "#a50f15", "not_enough_data": "#c7c7c7", "none": "#999999"}
LABELS = {"progress": "Progress (baseline 0 → target 1)", "status": "Status", "target": "Target",
          "baseline": "Baseline", "projected": "Projected", "period": "Period", "n": "n", "trend": "Trend",
          "value": "Value", "partial": "In progress", "low": "95 % low", "high": "95 % high", "unit": "Unit"}


def _label(labels: dict | None, key: str) -> str:
    return (labels or {}).get(key, LABELS[key])


def bullet_chart(statuses: list[GoalStatus], title: str = "", status_labels: dict[str, str] | None = None,
                 labels: dict[str, str] | None = None) -> alt.LayerChart:
    """One row per goal: a grey range from baseline (0) to target (1), a bar for the progress so
    far coloured by status (none when the status is "not enough data"), and a tick at the target.
    Tooltips give the period, its value in its unit and n. `status_labels` names the statuses in
    the legend (default: the status keys), `labels` the axis and tooltip titles."""
    names = {k: (status_labels or {}).get(k, k) for k in STATUS_COLOURS}
    rows = pd.DataFrame([{
        "goal": s.goal.name or s.goal.id, "progress": s.progress, "status": names[s.status or "none"],
        "period": s.current_period or s.partial_period or "", "n": s.current_n or s.partial_n,
        "baseline": s.baseline, "current": s.latest, "target": s.goal.target, "unit": s.unit,
        "zero": 0.0, "one": 1.0} for s in statuses])
    if rows.empty:
        rows = pd.DataFrame(columns=["goal", "progress", "status", "period", "n", "baseline", "current", "target",
                                     "unit", "zero", "one"])
    y = alt.Y("goal:N", title=None, axis=alt.Axis(labelLimit=360))     # goal names are sentences
    base = alt.Chart()          # data on the layer: Altair hashes (prints) data given to every layer
    band = base.mark_bar(color="#e5e5e5", size=22).encode(
        y=y, x=alt.X("zero:Q", title=_label(labels, "progress")), x2="one:Q")
    bar = base.mark_bar(size=10).encode(
        y=y, x="zero:Q", x2="progress:Q",
        color=alt.Color("status:N", scale=alt.Scale(domain=list(names.values()), range=list(STATUS_COLOURS.values())),
                        title=_label(labels, "status")),
        tooltip=[alt.Tooltip("goal:N", title=""), alt.Tooltip("status:N", title=_label(labels, "status")),
                 alt.Tooltip("period:N", title=_label(labels, "period")),
                 alt.Tooltip("current:Q", format=".2f", title=_label(labels, "value")),
                 alt.Tooltip("n:Q", format=",", title=_label(labels, "n")),
                 alt.Tooltip("progress:Q", format=".0%", title=_label(labels, "progress")),
                 alt.Tooltip("baseline:Q", format=".2f", title=_label(labels, "baseline")),
                 alt.Tooltip("target:Q", format=".2f", title=_label(labels, "target")),
                 alt.Tooltip("unit:N", title=_label(labels, "unit"))])
    tick = base.mark_tick(color="black", thickness=2, size=26).encode(y=y, x="one:Q")
    return alt.layer(band, bar, tick, data=rows).properties(title=title)


def _dates(values) -> list[str]:
    return pd.to_datetime(pd.Series(values)).dt.strftime("%Y-%m-%d").tolist()


def projection_chart(status: GoalStatus, title: str = "", y_title: str | None = None,
                     labels: dict[str, str] | None = None) -> alt.LayerChart:
    """A goal's trend periods since its start (dots sized by n, the fitted trend through them),
    its periods of the goal's grain (a bar across each period's dates at its value, dashed while
    in progress), the deadline period's projection at the deadline with its 95 % prediction
    interval, and the baseline and target lines."""
    g = status.goal
    x = alt.X("date:T", title=None)
    y_name = y_title or status.unit
    layers = []
    trend = status.trend_table
    if len(trend):
        pts = pd.DataFrame({"date": _dates(pd.to_datetime(trend["start"]).clip(lower=g.start)),
                            "value": trend["value"].to_numpy(), "n": trend["n"].to_numpy(),
                            "fitted": trend["fitted"].to_numpy(), "period": trend["period"].to_numpy()})
        layers.append(alt.Chart(pts).mark_circle(color="#1f77b4", opacity=0.6).encode(
            x=x, y=alt.Y("value:Q", title=y_name), size=alt.Size("n:Q", title=_label(labels, "n")),
            tooltip=[alt.Tooltip("period:N", title=_label(labels, "period")),
                     alt.Tooltip("value:Q", format=".2f", title=_label(labels, "value")),
                     alt.Tooltip("n:Q", format=",", title=_label(labels, "n"))]))
        path = pts[["date", "fitted"]]
        if status.projected is not None:
            path = pd.concat([path, pd.DataFrame({"date": _dates([g.deadline]), "fitted": [None]})],
                             ignore_index=True)
        layers.append(alt.Chart(path.dropna()).mark_line(color="#1f77b4", strokeDash=[4, 4]).encode(
            x=x, y=alt.Y("fitted:Q", title=y_name)))
    table = status.table
    if len(table):
        bars = pd.DataFrame({"date": _dates(pd.to_datetime(table["start"]).clip(lower=g.start)),
                             "date2": _dates(pd.to_datetime(table["end"]).clip(upper=g.deadline + pd.Timedelta(days=1))),
                             "value": table["value"].to_numpy(), "n": table["n"].to_numpy(),
                             "period": table["period"].to_numpy(),
                             "partial": ~table["complete"].to_numpy(dtype=bool) if "complete" in table else False})
        bars = bars[bars["n"] > 0].assign(state=lambda b: b["partial"].map({True: _label(labels, "partial"), False: ""}))
        layers.append(alt.Chart(bars).mark_rule(strokeWidth=3, color="#444").encode(
            x=x, x2="date2:T", y=alt.Y("value:Q", title=y_name),
            strokeDash=alt.StrokeDashValue([1, 0], condition={"test": "datum.partial", "value": [3, 3]}),
            tooltip=[alt.Tooltip("period:N", title=_label(labels, "period")),
                     alt.Tooltip("value:Q", format=".2f", title=_label(labels, "value")),
                     alt.Tooltip("n:Q", format=",", title=_label(labels, "n")),
                     alt.Tooltip("state:N", title="")]))
    if status.projected is not None:
        proj = pd.DataFrame({"date": _dates([g.deadline]), "value": [status.projected],
                             "low": [status.projected_low], "high": [status.projected_high],
                             "period": [status.deadline_period]})
        layers.append(alt.Chart(proj).mark_errorbar(ticks=True, color="#555").encode(
            x=x, y=alt.Y("low:Q", title=y_name), y2="high:Q"))
        layers.append(alt.Chart(proj).mark_point(shape="diamond", size=80, color="#555").encode(
            x=x, y="value:Q", tooltip=[alt.Tooltip("period:N", title=_label(labels, "period")),
                                       alt.Tooltip("value:Q", title=_label(labels, "projected"), format=".2f"),
                                       alt.Tooltip("low:Q", format=".2f", title=_label(labels, "low")),
                                       alt.Tooltip("high:Q", format=".2f", title=_label(labels, "high"))]))
    target, baseline = _label(labels, "target"), _label(labels, "baseline")
    lines = pd.DataFrame({"what": [target, baseline], "y": [g.target, status.baseline]}).dropna()
    layers.append(alt.Chart(lines).mark_rule(strokeDash=[6, 3]).encode(
        y="y:Q", color=alt.Color("what:N", scale=alt.Scale(domain=[target, baseline], range=["#2ca02c", "#999999"]),
                                 title=None),
        tooltip=[alt.Tooltip("what:N", title=""), alt.Tooltip("y:Q", format=".2f", title=_label(labels, "value"))]))
    return alt.layer(*layers).properties(title=title or g.name or g.metric)
