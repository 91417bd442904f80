"""Chart specs of the Drivers page and the i18n keys its analyses emit."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.drivers import correlations, importance_performance, speed_curve
from analysis.importance import relative_importance
from analysis.quadrant import place
from analysis.models import ordinal_logit, standardized_ols, top2box_logit
from charts.drivers import correlation_chart, importance_chart, quadrant_chart, speed_curve_chart
from i18n import catalogue, t
from i18n.drivers import STRINGS

FIXTURES = Path(__file__).parent / "fixtures"
DRIVERS = ["Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality"]


def swiss() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "drivers_swiss.csv")


def _marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]


def _rows(spec: dict, chart) -> int:
    return len(chart.layer[0].data)


def test_correlation_chart_has_bars_and_ci_whiskers_without_problem_rows():
    frame = swiss().assign(const=1.0)
    table = correlations(frame, "Fertility", [*DRIVERS, "const"])
    chart = correlation_chart(table, outcome="Fertility", lang="zh")
    spec = chart.to_dict()
    assert _marks(spec) == ["bar", "rule"]
    assert spec["layer"][1]["encoding"]["x"]["field"] == "ci_low"
    assert spec["layer"][1]["encoding"]["x2"]["field"] == "ci_high"
    assert len(chart.data) == 5                                         # 'const' has a problem: left out
    assert spec["layer"][0]["encoding"]["x"]["title"] == "与Fertility的相关系数"


def test_importance_chart_and_quadrant():
    result = relative_importance(swiss(), "Fertility", DRIVERS, boot=20)
    chart = importance_chart(result.table)
    spec = chart.to_dict()
    assert _marks(spec) == ["bar", "rule"]
    assert len(chart.data) == 5
    performance = swiss()[DRIVERS].mean()
    quad = importance_performance(result.table.set_index("driver")["importance"], performance)
    qchart = quadrant_chart(quad, lang="en")
    qspec = qchart.to_dict()
    assert _marks(qspec)[:5] == ["circle", "point", "text", "rule", "rule"]
    texts = [v["label"] for layer in qchart.layer[7:] for v in layer.data.to_dict("records")]
    assert sorted(texts) == sorted(["Fix first", "Keep up", "Low priority", "Possible overkill"])


def test_quadrant_chart_draws_both_intervals_and_marks_undecided_drivers():
    importance = pd.DataFrame({"driver": list("abcd"), "importance": [0.30, 0.15, 0.05, 0.10],
                               "ci_low": [0.25, 0.10, 0.02, 0.08], "ci_high": [0.35, 0.20, 0.08, 0.12]})
    performance = pd.DataFrame({"driver": list("abcd"), "performance": [3.0, 4.5, 3.0, 4.5],
                                "low": [2.9, 4.4, 2.9, 4.4], "high": [3.1, 4.6, 3.1, 4.6], "n": 100})
    chart = quadrant_chart(place(importance, performance), lang="zh")
    spec = chart.to_dict()
    filled, hollow, _, whisker_y, whisker_x = spec["layer"][:5]
    assert (whisker_y["encoding"]["y"]["field"], whisker_y["encoding"]["y2"]["field"]) == ("performance_low",
                                                                                          "performance_high")
    assert (whisker_x["encoding"]["x"]["field"], whisker_x["encoding"]["x2"]["field"]) == ("importance_low",
                                                                                          "importance_high")
    data = chart.layer[0].data.set_index("driver")
    assert data.loc["b", "quadrant_label"] == "无法判定" and bool(data.loc["b", "undecided"])
    assert not data.loc[["a", "c", "d"], "undecided"].any()
    assert "无法判定" in hollow["encoding"]["color"]["scale"]["domain"]
    assert filled["transform"] == [{"filter": "!datum.undecided"}] and hollow["mark"]["filled"] is False
    assert hollow["transform"] == [{"filter": "datum.undecided"}]
    # the dashed split lines sit at the averages the verdicts used
    assert chart.layer[5].data["importance"].iloc[0] == pytest.approx(0.15)
    assert chart.layer[6].data["performance"].iloc[0] == pytest.approx(3.75)


def test_speed_curve_chart_has_band_line_and_fall_marker():
    rng = np.random.default_rng(0)
    frt = rng.exponential(20, 2000)
    satisfied = rng.random(2000) < np.where(frt > 30, 0.5, 0.9)
    frame = pd.DataFrame({"frt_min": frt, "csat_satisfied": pd.array(satisfied, dtype="boolean")})
    curve = speed_curve(frame, "frt_min", edges=[0, 5, 10, 30, 60, np.inf])
    assert curve.falls_from is not None
    chart = speed_curve_chart(curve.table, "frt_min", curve.falls_from, lang="zh")
    spec = chart.to_dict()
    assert _marks(spec) == ["area", "line", "rule"]
    assert spec["layer"][0]["encoding"]["y2"]["field"] == "ci_high"
    assert len(chart.data) == 5                      # the five bands, given once to the layered chart
    assert spec["layer"][1]["encoding"]["x"]["title"] == "首次响应时长（分钟）"


def test_every_emitted_key_is_in_the_catalogue_and_formats_in_both_languages():
    assert all(key.startswith("drivers_") for key in STRINGS)
    assert set(STRINGS) <= set(catalogue())
    ucla = pd.read_csv(FIXTURES / "drivers_ologit_ucla.csv")
    ucla["apply"] = pd.Categorical(ucla["apply"], ["unlikely", "somewhat likely", "very likely"], ordered=True)
    ucla["top"] = ucla["apply"] == "very likely"
    results = [ordinal_logit(ucla, "apply", ["pared", "public", "gpa"]),
               top2box_logit(ucla, "top", ["pared", "public", "gpa"]),
               standardized_ols(swiss(), "Fertility", DRIVERS)]
    for result in results:
        for sentence in result.sentences:
            assert sentence.key in STRINGS
            for lang in ("en", "zh"):
                text = t(sentence.key, lang, **sentence.values)
                assert sentence.values["driver"] in text and "{" not in text
    english = t("drivers_sent_ordinal_binary", "en", **results[0].sentences[0].values)
    assert "2.85 times" in english                                      # exp(1.0477) = 2.851
    for reason in ("missing_column", "non_numeric", "too_much_missing", "constant", "too_few_rows"):
        assert f"drivers_problem_{reason}" in STRINGS
    for quadrant in ("fix_first", "keep_up", "low_priority", "possible_overkill", "undecided",
                     "undecided_performance", "undecided_importance", "undecided_both"):
        assert f"drivers_q_{quadrant}" in STRINGS


def test_long_driver_names_are_not_cut_on_the_axis():
    """A survey question as the driver's name (14 Chinese characters, ~200 px) fits the y axis:
    Vega's default label limit (180 px) would cut it."""
    table = pd.DataFrame({"driver": ["问题解决效率（是否一次解决）", "态度"], "r": [0.5, 0.3], "ci_low": [0.4, 0.2],
                          "ci_high": [0.6, 0.4], "p_adj": [0.001, 0.01], "n": [100, 100]})
    spec = correlation_chart(table, lang="zh").to_dict()
    limits = [layer["encoding"]["y"]["axis"]["labelLimit"] for layer in spec["layer"]
              if "axis" in layer["encoding"].get("y", {})] or [spec["encoding"]["y"]["axis"]["labelLimit"]]
    assert min(limits) >= 14 * 14 + 4
