"""Charts in the reader's language: Vega's format locale on the chart's config, so a Chinese
reader sees 二月, not "February", on time axes (in the app and in exported images)."""
from __future__ import annotations

import re

import altair as alt
import pandas as pd
import vl_convert

from charts.locale import localised


def monthly_chart() -> alt.Chart:
    frame = pd.DataFrame({"month": pd.date_range("2026-01-01", periods=4, freq="MS"), "tickets": [10, 20, 15, 30]})
    return alt.Chart(frame).mark_line().encode(x="month:T", y="tickets:Q").configure_axis(labelFontSize=11)


def axis_labels(spec: dict) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]+)</text>", vl_convert.vegalite_to_svg(spec))


def test_chinese_time_axis_names_months_in_chinese():
    labels = axis_labels(localised(monthly_chart(), "zh").to_dict())
    assert "二月" in labels and "三月" in labels
    assert not any("February" in text or "March" in text for text in labels)


def test_english_is_left_as_vega_draws_it():
    chart = monthly_chart()
    assert localised(chart, "en") is chart
    assert "February" in axis_labels(chart.to_dict())


def test_the_chart_keeps_its_own_config_and_the_original_is_unchanged():
    chart = monthly_chart()
    spec = localised(chart, "zh").to_dict()
    assert spec["config"]["axis"] == {"labelFontSize": 11}
    assert spec["config"]["locale"]["time"]["shortDays"][1] == "周一"
    assert "locale" not in chart.to_dict()["config"]


def test_a_spec_dict_is_localised_the_same_way():
    spec = monthly_chart().to_dict()
    out = localised(spec, "zh")
    assert out["config"]["locale"]["number"]["thousands"] == ","
    assert "locale" not in spec["config"] and out["config"]["axis"] == spec["config"]["axis"]
