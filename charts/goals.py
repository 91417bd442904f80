"""Charts of the Goals page: a bullet chart of every goal's progress (baseline = 0, target = 1,
so goals in different units share one axis) and a goal's trend projection to the deadline with
its prediction interval. Plain functions returning Altair charts."""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.goals import GoalStatus

STATUS_COLOURS = {"on_track": "#2ca02c", "at_risk": "#ff7f0e", "off_track": "#d62728", "none": "#999999"}


def bullet_chart(statuses: list[GoalStatus], title: str = "",
                 status_labels: dict[str, str] | None = None) -> alt.LayerChart:
    """One row per goal: a grey range from baseline (0) to target (1), a bar for the progress so
    far coloured by status, and a tick at the target. Tooltips give the values in their units.
    `status_labels` names the statuses in the legend (default: the status keys)."""
    labels = {k: (status_labels or {}).get(k, k) for k in STATUS_COLOURS}
    rows = pd.DataFrame([{
        "goal": s.goal.name or s.goal.id, "progress": s.progress, "status": labels[s.status or "none"],
        "baseline": s.baseline, "current": s.current, "target": s.goal.target, "unit": s.unit,
        "zero": 0.0, "one": 1.0} for s in statuses])
    if rows.empty:
        rows = pd.DataFrame(columns=["goal", "progress", "status", "baseline", "current", "target", "unit",
                                     "zero", "one"])
    y = alt.Y("goal:N", title=None, axis=alt.Axis(labelLimit=360))     # goal names are sentences
    base = alt.Chart(rows)
    band = base.mark_bar(color="#e5e5e5", size=22).encode(y=y, x=alt.X("zero:Q", title="Progress (baseline 0 → target 1)"),
                                                          x2="one:Q")
    bar = base.mark_bar(size=10).encode(
        y=y, x="zero:Q", x2="progress:Q",
        color=alt.Color("status:N", scale=alt.Scale(domain=list(labels.values()), range=list(STATUS_COLOURS.values())),
                        title="Status"),
        tooltip=["goal:N", "status:N", alt.Tooltip("progress:Q", format=".0%"), alt.Tooltip("baseline:Q", format=".2f"),
                 alt.Tooltip("current:Q", format=".2f"), alt.Tooltip("target:Q", format=".2f"), "unit:N"])
    tick = base.mark_tick(color="black", thickness=2, size=26).encode(y=y, x="one:Q")
    return alt.layer(band, bar, tick).properties(title=title)


def projection_chart(status: GoalStatus, title: str = "") -> alt.LayerChart:
    """A goal's per-period values since its start, the trend line to the deadline, the 95 %
    prediction interval at the deadline, and the baseline and target lines."""
    g = status.goal
    table = status.table
    points = pd.DataFrame({"date": pd.to_datetime(table["start"]).clip(lower=g.start) if len(table) else [],
                           "value": table["value"] if len(table) else [], "n": table["n"] if len(table) else [],
                           "period": table["period"] if len(table) else []})
    points["date"] = pd.to_datetime(points["date"]).dt.strftime("%Y-%m-%d")
    x = alt.X("date:T", title=None)
    layers = [alt.Chart(points).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title=f"{g.metric} ({status.unit})"),
        tooltip=["period:N", alt.Tooltip("value:Q", format=".2f"), "n:Q"])]
    if status.projected is not None and status.slope_per_period is not None and status.asof is not None:
        trend = pd.DataFrame({"date": [g.deadline.strftime("%Y-%m-%d")], "value": [status.projected],
                              "low": [status.projected_low], "high": [status.projected_high]})
        last = points.iloc[[-1]][["date", "value"]] if len(points) else trend[["date", "value"]]
        path = pd.concat([last, trend[["date", "value"]]], ignore_index=True)
        layers.append(alt.Chart(path).mark_line(strokeDash=[4, 4], color="#555").encode(x=x, y="value:Q"))
        layers.append(alt.Chart(trend).mark_errorbar(ticks=True, color="#555").encode(
            x=x, y=alt.Y("low:Q", title=""), y2="high:Q"))
        layers.append(alt.Chart(trend).mark_point(shape="diamond", size=80, color="#555").encode(
            x=x, y="value:Q", tooltip=[alt.Tooltip("value:Q", title="Projected", format=".2f"),
                                       alt.Tooltip("low:Q", format=".2f"), alt.Tooltip("high:Q", format=".2f")]))
    lines = pd.DataFrame({"what": ["target", "baseline"], "y": [g.target, status.baseline]}).dropna()
    layers.append(alt.Chart(lines).mark_rule(strokeDash=[6, 3]).encode(
        y="y:Q", color=alt.Color("what:N", scale=alt.Scale(domain=["target", "baseline"],
                                                           range=["#2ca02c", "#999999"]), title=None),
        tooltip=["what:N", alt.Tooltip("y:Q", format=".2f")]))
    return alt.layer(*layers).properties(title=title or g.name or g.metric)
