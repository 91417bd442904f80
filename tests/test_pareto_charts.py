"""Chart specs: explicit order (Other last), second axis for the cumulative share, rule at the
cut, vital few highlighted, shared order in small multiples, before/after pairs; small data."""
from __future__ import annotations

import pandas as pd

from analysis.pareto import compare_periods, pareto, skew_test, stratified_pareto
from analysis.themes import tag_texts
from charts.pareto import (VITAL_COLOR, before_after_chart, pareto_chart, stratified_chart,
                           theme_counts_chart)


def frame() -> pd.DataFrame:
    causes = ["b"] * 50 + ["a"] * 30 + ["c"] * 8 + ["d"] * 7 + ["e"] * 5
    return pd.DataFrame({"category": pd.array(causes, dtype="str"),
                         "channel": pd.array(["phone", "online"] * 50, dtype="str")})


def walk(spec):
    """Every dict inside a Vega-Lite spec."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from walk(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from walk(value)


def x_sorts(spec) -> list:
    return [d["x"]["sort"] for d in walk(spec) if isinstance(d.get("x"), dict) and "sort" in d["x"]]


def test_pareto_chart_order_axes_cut_and_highlight():
    result = pareto(frame(), "category", other_below=0.1)
    spec = pareto_chart(result).to_dict()
    assert x_sorts(spec) and all(s == ["b", "a", "Other"] for s in x_sorts(spec))
    assert spec["resolve"]["scale"]["y"] == "independent"
    rules = [d for d in walk(spec) if d.get("mark") == {"type": "rule", "color": "#e67e22", "strokeDash": [6, 4]}]
    assert len(rules) == 1
    datasets = spec["datasets"].values()
    assert any(rows == [{"cut": 0.8}] for rows in datasets)
    bars = next(rows for rows in datasets if len(rows) == 3 and "group" in rows[0])
    assert [r["group"] for r in bars] == ["Vital few", "Vital few", "Other"]
    scale = next(d["color"]["scale"] for d in walk(spec) if isinstance(d.get("color"), dict)
                 and "scale" in d["color"])
    assert scale["range"][0] == VITAL_COLOR
    assert all(len(rows) <= 3 for rows in datasets)         # aggregated, one row per cause


def test_pareto_chart_with_acceptance_intervals_and_problem():
    result = pareto(frame(), "category")
    spec = pareto_chart(result, skew=skew_test(result)).to_dict()
    assert any(d.get("mark", {}) == {"type": "errorbar", "color": "#2c3e50", "thickness": 1.5}
               for d in walk(spec))
    empty = pareto(frame().iloc[:0], "category")
    assert "text" in str(pareto_chart(empty).to_dict()["mark"])


def test_stratified_small_multiples_share_the_order():
    strat = stratified_pareto(frame(), "category", "channel")
    spec = stratified_chart(strat).to_dict()
    assert spec["facet"]["field"] == "stratum"
    assert all(s == strat.order for s in x_sorts(spec))
    assert strat.order == ["b", "a", "c", "d", "e"]


def test_before_after_side_by_side():
    data = frame()
    comparison = compare_periods(data.iloc[:60], data.iloc[60:], "category")
    spec = before_after_chart(comparison).to_dict()
    assert len(spec["hconcat"]) == 2
    assert all(s == comparison.table["cause"].tolist() for s in x_sorts(spec))
    assert any("xOffset" in d.get("encoding", {}) for d in walk(spec))


def test_theme_counts_chart():
    tags = tag_texts(pd.Series(["退款", "物流", "物流"], dtype="str"))
    spec = theme_counts_chart(tags).to_dict()
    sort = next(d["y"]["sort"] for d in walk(spec) if isinstance(d.get("y"), dict) and "sort" in d["y"])
    assert sort[0] == "Logistics transparency"


def cause_axes(spec) -> list[dict]:
    """The axis of every encoding that draws the causes (x in the Pareto charts, y in the themes')."""
    return [d[channel].get("axis", {}) for d in walk(spec) for channel in ("x", "y")
            if isinstance(d.get(channel), dict) and d[channel].get("field") in ("cause", "label")]


def test_every_cause_label_shows_turned_or_cut_never_dropped():
    # Vega-Lite drops labels that would overlap unless labelOverlap is false (the English axis
    # lost every other cause); turned labels need a length limit so a long cause does not push
    # the plot off the page
    data = frame().assign(category=lambda f: f["category"].map(
        {"b": "Product usage question", "a": "Orders", "c": "Payment failed at checkout", "d": "After-sales",
         "e": "Account"}).astype("str"))
    result = pareto(data, "category")
    specs = {"pareto": pareto_chart(result, skew=skew_test(result)).to_dict(),
             "strata": stratified_chart(stratified_pareto(data, "category", "channel")).to_dict(),
             "before_after": before_after_chart(compare_periods(data.iloc[:60], data.iloc[60:], "category")).to_dict()}
    for name, spec in specs.items():
        axes = cause_axes(spec)
        assert axes, name
        for axis in axes:
            assert axis.get("labelOverlap") is False, name
            assert axis.get("labelAngle", 0) != 0, name
            assert 0 < axis.get("labelLimit", 0), name
    themes = cause_axes(theme_counts_chart(tag_texts(pd.Series(["退款", "物流", "物流"], dtype="str"))).to_dict())
    assert themes and all(a.get("labelOverlap") is False and a.get("labelLimit", 0) > 0 for a in themes)
