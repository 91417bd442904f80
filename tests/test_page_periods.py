"""The Period comparison page (AppTest) and the small analysis helpers it reads: the page's table
and comparisons equal analysis.periods on the same (filtered) data, Chinese labels, a filter
change, a data set without survey, the CLI's JSON to the digit, and the verdict / segment /
mix-reading helpers checked against hand-worked cases."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.formatting import p_text  # noqa: E402
from analysis import mix, periods  # noqa: E402
from analysis.compare import StatTest  # noqa: E402
from analysis.load import load_files  # noqa: E402
from analysis.metrics import METRICS, _response_when, build_metrics  # noqa: E402
from kmref import sm_curve, sm_interval, sm_quantile  # noqa: E402
from ui.filters import Filters, apply  # noqa: E402

TIMEOUT = 120
PAGE = "pages/periods.py"
EN = ["tickets_en.csv", "survey_en.csv"]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Every test gets its own store folder: nothing is written to ./data."""
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "store"))
    return tmp_path / "store"


def open_page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    if lang != "en":
        # AppTest cannot re-read the Data page's Chinese role radio after a load (its options are
        # formatted, its value is not), so the Chinese sample goes into the session directly
        at.session_state["lang"] = lang
        files = ["tickets_zh.csv", "survey_zh.xlsx"]
        at.session_state["dataset"] = load_files([(f, (ROOT / "sample_data" / f).read_bytes())
                                                  for f in files]).dataset
    else:
        next(b for b in at.button if b.label == "Use sample data (English)").click().run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def expected_table(ds, key: str, grain: str) -> pd.DataFrame:
    """period_table of the metric's observations, computed here from the registry (not through
    the page's helper)."""
    m = build_metrics(ds.csat_scale)[key]
    obs = m.observations(ds.tickets, ds.responses())
    span = ds.date_span if m.source == "tickets" else None
    return periods.period_table(obs, m, grain, span=span)


def assert_table_equal(shown: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert shown["Period"].tolist() == expected["period"].tolist()
    assert shown["n"].tolist() == expected["n"].tolist()
    np.testing.assert_array_equal(shown["Value"].to_numpy("float64"), expected["value"].to_numpy("float64"))
    np.testing.assert_array_equal(shown["95 % low"].to_numpy("float64"), expected["ci_low"].to_numpy("float64"))
    np.testing.assert_array_equal(shown["95 % high"].to_numpy("float64"), expected["ci_high"].to_numpy("float64"))
    assert shown["Partial period"].tolist() == expected["partial"].tolist()


# --- the page ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def english(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store_en")
    os.environ["FUPAN_DATA_DIR"] = str(folder)
    # the sample's example goals, as the Goals page's "Add the example goals" writes them (their
    # targets are drawn on this page)
    from analysis.store import STORE_FILE, Store, add_example_goals
    sample = load_files([(f, (ROOT / "sample_data" / f).read_bytes()) for f in ("tickets_en.csv", "survey_en.csv")])
    add_example_goals(Store(folder / STORE_FILE), sample.dataset.date_span[1])
    try:
        yield open_page()
    finally:
        os.environ.pop("FUPAN_DATA_DIR", None)


def test_default_table_and_comparisons_equal_the_analysis(english):
    at = english
    ds = at.session_state["dataset"]
    assert_table_equal(frame_with(at, "95 % low"), expected_table(ds, "csat_pct", "month"))
    m = build_metrics(ds.csat_scale)["csat_pct"]
    expected = periods.compare_periods(m.observations(ds.tickets, ds.responses()), m, "month")
    shown = frame_with(at, "Compared with")
    assert shown["Earlier period"].tolist() == [c.previous for c in expected] == ["2025-11", "2024-12"]
    assert shown["p-value"].tolist() == [p_text(c.test.p_value) for c in expected]
    assert shown["Change, 95 % low"].tolist() == pytest.approx([c.test.ci_low for c in expected])
    assert shown["Test"].tolist() == ["Two-proportion z-test"] * 2
    # the plain-words verdicts and every section are there
    text = "\n".join(m.value for m in at.markdown)
    assert "vs previous period" in text and "vs same period last year" in text
    assert "Holm correction" in text and "channel" in text
    assert [t.label for t in at.tabs] == ["CSAT % (p′ and p charts)", "First response, median (XmR chart)"]
    assert "target 85.0 %" in "\n".join(c.value for c in at.caption)     # the CSAT goal's line


def test_other_metric_and_grain_equal_the_analysis(english):
    at = english
    at.selectbox(key="periods_metric").set_value("frt_median_min").run()
    at.selectbox(key="periods_grain").set_value("week").run()
    assert not at.exception
    ds = at.session_state["dataset"]
    shown = frame_with(at, "95 % low")
    # first response is a Kaplan–Meier median per week now (an open ticket not yet answered counts
    # as still waiting): statsmodels SurvfuncRight on each ISO week's rows, worked out here
    t = ds.tickets
    now = max(t[c].max() for c in ("created_at", "first_response_at", "resolved_at", "closed_at"))
    waiting = t["frt_min"].isna() & t["is_open"].astype(bool)
    minutes = np.where(waiting, (now - t["created_at"]).dt.total_seconds() / 60, t["frt_min"])
    week = t["created_at"].dt.to_period("W-SUN").dt.start_time.dt.date
    rows = pd.DataFrame({"week": week, "minutes": minutes, "done": ~waiting}).dropna()
    assert len(shown) == rows["week"].nunique()
    for start, (value, low, high, n, still) in zip(shown["Starts"], shown[["Value", "95 % low", "95 % high", "n",
                                                                           "Still waiting"]].to_numpy()):
        g = rows[rows["week"] == start]
        sf = sm_curve(g["minutes"], g["done"])
        lo, hi = sm_interval(sf, 0.5)
        assert n == len(g) and still == int((~g["done"]).sum())
        assert value == pytest.approx(sm_quantile(sf, 0.5)), start
        assert low == pytest.approx(lo) and (np.isnan(high) if hi is None else high == pytest.approx(hi)), start
    # a censored time is judged by the log-rank test, not on solved-only medians
    tests = frame_with(at, "Compared with")["Test"].tolist()
    assert set(tests) == {"Log-rank test (open tickets counted as still waiting)"}


def test_segments_get_holm_adjusted_p_values(english):
    at = english
    at.selectbox(key="periods_metric").set_value("csat_pct").run()
    at.selectbox(key="periods_grain").set_value("quarter").run()
    seg = frame_with(at, "p (Holm-adjusted)")
    ds = at.session_state["dataset"]
    expected = periods.compare_segments(ds.tickets, ds.responses(), METRICS["csat_pct"], "channel", "quarter")
    assert seg["Segment"].tolist() == expected["segment"].astype("str").tolist()
    # Holm by hand: sort the p-values, multiply the i-th smallest by (k − i), running maximum, cap 1
    p = expected["p_value"].to_numpy("float64")
    order = np.argsort(p)
    k = len(p)
    adj = np.minimum(np.maximum.accumulate(p[order] * (k - np.arange(k))), 1.0)
    by_hand = np.empty(k)
    by_hand[order] = adj
    small = expected["too_small"].to_numpy(bool)
    assert seg["p (Holm-adjusted)"].tolist() == ["too few" if s else p_text(v) for s, v in zip(small, by_hand)]


def test_mix_rows_add_up_and_match_the_decomposition(english):
    at = english
    shown = frame_with(at, "Due to a different mix")
    ds = at.session_state["dataset"]
    d = mix.mix_between_periods(ds.tickets, ds.responses(), METRICS["csat_pct"], "quarter", "2025-Q3", "2025-Q4",
                                "channel")
    total = shown["Due to a different mix"].sum() + shown["Due to service within segments"].sum()
    assert total == pytest.approx(d.total, abs=1e-9)
    assert total == pytest.approx(d.rate_after - d.rate_before, abs=1e-9)


def test_chinese_labels():
    at = open_page("zh")
    ds = at.session_state["dataset"]
    table = next(d.value for d in at.dataframe if "样本数" in d.value.columns)
    assert table["周期"].tolist() == expected_table(ds, "csat_pct", "month")["period"].tolist()
    text = "\n".join(m.value for m in at.markdown)
    assert "环比" in text and "同比" in text
    assert any("对比" in d.value.columns for d in at.dataframe)
    assert at.title[0].value == "周期对比"


def test_a_channel_filter_changes_the_table():
    at = open_page()
    at.multiselect(key="filter_channel").set_value(["Phone"]).run()
    assert not at.exception
    ds = apply(at.session_state["dataset"], Filters(values=(("channel", ("Phone",)),)))
    shown = frame_with(at, "95 % low")
    assert_table_equal(shown, expected_table(ds, "csat_pct", "month"))
    assert shown["n"].sum() < expected_table(at.session_state["dataset"], "csat_pct", "month")["n"].sum()


def test_tickets_without_survey_or_scores_show_a_clear_message():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/data.py").run()
    csv = (b"ticket_id,created_at,first_response_at\n"
           + b"".join(f"T{i},2025-0{1 + i % 3}-{10 + i % 9} 09:00,2025-0{1 + i % 3}-{10 + i % 9} 09:{10 + i % 40}\n"
                      .encode() for i in range(60)))
    at.file_uploader[0].set_value([("t.csv", csv, "text/csv")]).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    infos = "\n".join(i.value for i in at.info)
    assert "No usable rows for **CSAT %**" in infos and "no satisfaction responses" in infos
    assert "mix-adjusted change needs CSAT %" in infos
    # a ticket metric still works on the same data
    at.selectbox(key="periods_metric").set_value("frt_median_min").run()
    assert not at.exception
    assert frame_with(at, "95 % low")["n"].sum() == 60


# --- the CLI: one engine, two faces --------------------------------------------------------------
def test_cli_compare_json_equals_the_analysis_and_the_page(data_dir):
    env = {**os.environ, "FUPAN_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "analysis", "compare", *[f"sample_data/{f}" for f in EN],
                          "--metric", "csat_pct", "--period", "month", "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    ds = load_files([(f, (ROOT / "sample_data" / f).read_bytes()) for f in EN]).dataset
    table = expected_table(ds, "csat_pct", "month")
    assert [p["period"] for p in payload["periods"]] == table["period"].tolist()
    assert [p["value"] for p in payload["periods"]] == table["value"].tolist()       # to the digit
    assert [p["ci_low"] for p in payload["periods"]] == table["ci_low"].tolist()
    assert [p["n"] for p in payload["periods"]] == table["n"].tolist()
    m = METRICS["csat_pct"]
    comps = periods.compare_periods(m.observations(ds.tickets, ds.responses()), m, "month")
    assert [(c["previous"], c["p_value"], c["effect_size"]) for c in payload["comparisons"]] == \
        [(c.previous, c.test.p_value, c.test.effect_size) for c in comps]


# --- helpers the page reads ------------------------------------------------------------------------
def _comparison(change, p, too_small=False):
    test = StatTest("two_proportion_z", 1.0, p, 0.1, "cohens_h", 100, 100, too_small)
    return periods.PeriodComparison("2025-02", "2025-01", "previous", 1.0, 1.0, change, test)


def test_comparison_verdicts():
    assert periods.comparison_verdict(_comparison(3.0, 0.01)) == "up"
    assert periods.comparison_verdict(_comparison(-3.0, 0.049)) == "down"
    assert periods.comparison_verdict(_comparison(3.0, 0.05)) == "no_clear_change"
    assert periods.comparison_verdict(_comparison(3.0, 0.001, too_small=True)) == "too_small"
    assert periods.comparison_verdict(_comparison(3.0, None)) == "no_test"
    assert periods.comparison_verdict(_comparison(None, None)) == "no_data"


def test_segment_summary_and_options():
    seg = pd.DataFrame({"p_holm": [0.01, 0.2, None, 0.001], "too_small": [False, False, True, True]})
    assert periods.segment_summary(seg) == {"tested": 3, "significant": 1, "small": 2}
    assert periods.segment_summary(pd.DataFrame()) == {"tested": 0, "significant": 0, "small": 0}
    frame = pd.DataFrame({"channel": ["a", "b", None], "priority": ["x", "x", None]})
    assert periods.segment_options(frame, ["channel", "priority", "agent"]) == ["channel"]


def test_metric_periods_equals_period_table_and_reports_exclusions():
    t = pd.DataFrame({"created_at": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-03", None]),
                      "frt_min": [5.0, np.nan, 7.0, 3.0]})

    class Data:
        tickets, csat_scale = t, (1, 5)
        date_span = (t["created_at"].min(), t["created_at"].max())

        def responses(self):
            return t.iloc[:0]

    view = periods.metric_periods(Data(), "frt_median_min", "month", reps=None)
    assert view.n == 2 and view.excluded == {"no_created_at": 1, "frt_unknown": 1}
    assert view.table["value"].tolist() == [5.0, 7.0]       # one usable ticket per month
    with pytest.raises(periods.PeriodError):
        periods.metric_periods(Data(), "nonsense", "month")


def test_mix_reading_names_simpsons_paradox():
    # Hand-worked: A 90 % → 95 %, B 50 % → 55 % (both better by 5 points) while the mix moves from
    # mostly A (100 of 120) to mostly B (100 of 120): overall 83.3 % → 61.7 %, a fall.
    counts = pd.DataFrame({"x_before": [90, 10], "n_before": [100, 20], "x_after": [19, 55], "n_after": [20, 100]},
                          index=["A", "B"])
    d = mix.decompose_counts(counts)
    assert d.total == pytest.approx(74 / 120 * 100 - 100 / 120 * 100)
    assert d.rate_effect == pytest.approx(5.0)
    assert mix.mix_reading(d) == "simpson"
    same_mix = pd.DataFrame({"x_before": [80, 40], "n_before": [100, 100], "x_after": [90, 50],
                             "n_after": [100, 100]}, index=["A", "B"])
    assert mix.mix_reading(mix.decompose_counts(same_mix)) == "mostly_rate"
    shifted = pd.DataFrame({"x_before": [90, 50], "n_before": [50, 50], "x_after": [171, 5], "n_after": [95, 5]},
                           index=["A", "B"])        # same rates, more of the better segment
    assert mix.mix_reading(mix.decompose_counts(shifted)) == "mostly_mix"
    empty = pd.DataFrame({"x_before": [0], "n_before": [0], "x_after": [1], "n_after": [2]}, index=["A"])
    assert mix.mix_reading(mix.decompose_counts(empty)) == "none"


def test_responses_without_a_response_date_use_the_ticket_date_without_warning():
    responses = pd.DataFrame({"created_at": pd.to_datetime(["2025-01-01 10:00", None]), "csat": [5.0, 2.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        when = _response_when(responses)
        obs = METRICS["csat_pct"].observations(responses.iloc[:0], responses)
    assert when.tolist()[0] == pd.Timestamp("2025-01-01 10:00") and pd.isna(when.iloc[1])
    assert when.dtype == "datetime64[ns]" and obs["value"].tolist() == [1.0]
