"""The control-chart section of the Period comparison page (AppTest): Laney's p′ by default with
the reason stated, the plain p chart as the alternative, the run rules named per period in the
user's language, and the chart spec (charts/control.py). Expected values come from
analysis/control.py on the period table computed here, never from what the page printed."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import control, periods  # noqa: E402
from analysis.load import load_files  # noqa: E402
from analysis.metrics import build_metrics  # noqa: E402
from charts.control import chart_frame, control_chart, rules_text  # noqa: E402

PAGE = "pages/periods.py"
SAMPLE = ROOT / "sample_data"


def open_page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if lang != "en":
        at.session_state["lang"] = lang
        at.session_state["dataset"] = load_files([(f, (SAMPLE / f).read_bytes())
                                                  for f in ("tickets_zh.csv", "survey_zh.xlsx")]).dataset
    else:
        next(b for b in at.button if b.label == "Use sample data (English)").click().run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    os.environ["FUPAN_DATA_DIR"] = str(tmp_path_factory.mktemp("store_ctl"))
    try:
        yield open_page()
    finally:
        os.environ.pop("FUPAN_DATA_DIR", None)


def period_table(ds, key: str, grain: str = "month") -> pd.DataFrame:
    m = build_metrics(ds.csat_scale)[key]
    span = ds.date_span if m.source == "tickets" else None
    return periods.period_table(m.observations(ds.tickets, ds.responses()), m, grain, span=span)


def texts(at) -> str:
    return "\n".join(str(e.value) for kind in (at.markdown, at.caption, at.info) for e in kind).replace("\\", "")


def charts(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]


def test_p_prime_by_default_with_its_reason_and_signals(english):
    at = english
    ds = at.session_state["dataset"]
    table = period_table(ds, "csat_pct")
    laney, plain = control.laney_p_chart(table, 85.0), control.p_chart(table, 85.0)
    assert [t.label for t in at.tabs][:1] == ["CSAT % (p′ and p charts)"]
    text = texts(at)
    # σ_z of the sample's months and how many months each chart puts outside its limits
    assert f"σ_z = {laney.sigma_z:.2f}" in text
    assert (f"p chart: {int(plain.points['out'].notna().sum())} of {len(table)} periods outside its limits; "
            f"p′: {int(laney.points['out'].notna().sum())}") in text
    # every signal is named with its rules (the first twelve are listed)
    first = laney.signals.iloc[0]
    assert f"{first['period']} ({rules_text(first['rules'], 'nelson')})" in text
    assert "Signals (run rules, Nelson (1984))" in text
    titles = [c.get("title") for c in charts(at)]
    assert "Laney p′ chart" in titles


def test_plain_p_chart_and_western_electric_on_request(english):
    at = english
    at.selectbox(key="periods_control_kind_en").set_value("p").run()
    assert not at.exception
    assert "p chart (binomial limits)" in [c.get("title") for c in charts(at)]
    at.selectbox(key="periods_control_convention_en").set_value("western_electric").run()
    assert not at.exception
    ds = at.session_state["dataset"]
    plain = control.p_chart(period_table(ds, "csat_pct"), 85.0, "western_electric")
    text = texts(at)
    assert "Signals (run rules, Western Electric (1956))" in text
    first = plain.signals.iloc[0]
    assert f"{first['period']} ({rules_text(first['rules'], 'western_electric')})" in text
    at.selectbox(key="periods_control_kind_en").set_value("p_prime")
    at.selectbox(key="periods_control_convention_en").set_value("nelson").run()


def test_chinese_rule_names(tmp_path, monkeypatch):
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "store"))
    at = open_page("zh")
    text = texts(at)
    assert "满意度（p′ 与 p 控制图）" in [t.label for t in at.tabs]
    assert "判异规则：Nelson（1984）" in text or "没有触发任何判异规则" in text
    assert "默认显示 Laney p′ 控制图" in text


# --- the chart's spec ----------------------------------------------------------------------------
def test_chart_spec_marks_points_with_translated_rule_names():
    # XmR on x = 10, 12, 11, 13, 30: only the last point is beyond 3σ (z = 3.04).
    table = pd.DataFrame({"period": [f"P{i}" for i in range(5)], "value": [10.0, 12.0, 11.0, 13.0, 30.0], "n": 40})
    chart = control.xmr_chart(table, target=8)
    spec = control_chart(chart, "zh", unit="min").to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["line"] * 8 + ["circle", "text", "rule"]
    rows = next(v for v in spec["datasets"].values() if len(v) == 5)
    assert [r["rules_text"] for r in rows] == ["", "", "", "", "1 个点超出 3σ"]
    assert [r["status"] for r in rows] == ["", "", "", "", "out"]
    assert spec["title"] == "XmR 控制图"
    text_layer = spec["layer"][9]
    assert text_layer["encoding"]["text"]["field"] == "rules_mark"
    # the zones: centre ± 1σ, 2σ with σ = 2.66 × MR̄ / 3 (MR̄ = 5.5)
    assert rows[0]["zone_hi2"] == pytest.approx(15.2 + 2 * 2.66 * 5.5 / 3)
    assert any(v == [{"target": 8.0}] for v in spec["datasets"].values())


def test_chart_frame_of_p_prime_steps_and_other_signals():
    n = np.array([100, 200, 100, 200, 100, 100, 100, 100, 100, 100])
    x = np.array([60, 90, 40, 110, 50, 52, 54, 56, 58, 60])        # 50 → 60 %: six rising at the end
    chart = control.laney_p_chart(pd.DataFrame({"period": [f"P{i}" for i in range(10)], "value": 100 * x / n,
                                                "n": n}))
    frame = chart_frame(chart)
    trend = frame.loc[frame["rules_text"].str.contains("6 in a row"), "period"].tolist()
    assert trend == ["P9"]
    assert frame.loc[frame["period"] == "P9", "status"].item() in ("signal", "out")
    spec = control_chart(chart).to_dict()
    assert spec["layer"][5]["mark"]["interpolate"] == "step"            # limits vary with n
