"""Drivers page (AppTest), its command line, and the small analysis helpers the page added.

Expected numbers come from the analysis functions called directly on the same (filtered)
responses, from scipy, or from published values (relaimpo, see tests/fixtures/drivers_SOURCES.md);
nothing is copied from what the page printed.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import DescrStatsW
from streamlit.testing.v1 import AppTest

from analysis import drivers as D
from analysis.dataset import RESPONSE_CONTEXT, Dataset
from analysis.formatting import p_text
from analysis.load import load_files
from i18n import t

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGE = "pages/drivers.py"
TIMEOUT = 120
EN = ["tickets_en.csv", "survey_en.csv"]
ZH = ["tickets_zh.csv", "survey_zh.xlsx"]


# --- helpers -------------------------------------------------------------------------------------

def _load(names: list[str]) -> Dataset:
    return load_files([(n, (ROOT / "sample_data" / n).read_bytes()) for n in names]).dataset


@pytest.fixture(scope="module")
def en() -> Dataset:
    return _load(EN)


@pytest.fixture(scope="module")
def en_result(en) -> D.DriversPage:
    """analyse_drivers with the page's defaults on the English sample's responses."""
    return D.analyse_drivers(en.responses(), "csat", en.drivers, boot=200, seed=0, quadrant_drivers=en.drivers)


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    return at


def _open(sample_label: str, lang: str = "en") -> AppTest:
    at = _app()
    next(b for b in at.button if b.label == sample_label).click().run()
    if lang != "en":
        # set before leaving the Data page: AppTest cannot replay that page's translated radio
        at.session_state["lang"] = lang
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The first dataframe on the page with `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [m.value for m in at.warning] + [m.value for m in at.subheader] + [m.value for m in at.title]
    return "\n".join(str(p) for p in parts)


def _expected(frame: pd.DataFrame, outcome: str, drivers: list[str], method: str) -> pd.DataFrame:
    table = D.correlations(frame, outcome, drivers, method)
    return table[table["problem"].isna()].reset_index(drop=True)


def _assert_ranking(shown: pd.DataFrame, expected: pd.DataFrame, labels: dict[str, str] | None = None,
                    lang: str = "en") -> None:
    labels = labels or {}
    names = [labels.get(d, d) for d in expected["driver"]]
    assert shown[t("drivers_driver", lang)].tolist() == names
    # the page computes from the distinct rows with their counts, the expectation from every row:
    # the same sums in another order
    np.testing.assert_allclose(shown[t("drivers_page_col_r", lang)].to_numpy(), expected["r"].to_numpy(), rtol=1e-11)
    # p as text ("< 0.001", never 0 or 1e-245)
    assert shown[t("drivers_p_adj", lang)].tolist() == [p_text(p) for p in expected["p_adj"]]
    assert "0.000" not in shown[t("drivers_p_adj", lang)].tolist()
    assert shown[t("drivers_n", lang)].tolist() == expected["n"].tolist()


# --- the page ------------------------------------------------------------------------------------

def test_english_sample_ranking_equals_the_analysis(en, en_result):
    at = _open("Use sample data (English)")
    responses = en.responses()
    expected = _expected(responses, "csat", D.suggested_drivers(responses, en.drivers), "spearman")
    _assert_ranking(_table(at, "p (Holm-adjusted)"), expected)
    assert expected["driver"].iloc[0] == "Resolution Speed"          # the sample's built-in strongest driver
    page = _texts(at)
    for header in ("Correlation ranking", "Relative importance", "Models: all drivers together",
                   "Where to act first: importance × performance", "Speed and satisfaction", "Segments"):
        assert header in page
    # relative importance: the page's table equals analyse_drivers on the same responses
    result = en_result
    shown = _table(at, "Part of R²")
    np.testing.assert_array_equal(shown["Part of R²"].to_numpy(), result.importance.table["importance"].to_numpy())
    assert f"**{result.importance.r2:.3f}**" in page
    # one plain-language sentence per driver and model, and the "how computed" counts
    assert "One point more on Resolution Speed goes with" in page
    assert f"{result.counts['no_outcome']:,} have no Overall satisfaction (score) value" in page
    # segments: a channel × driver table and the two-segment test
    wide = next(d.value for d in at.dataframe if "Phone" in d.value.columns)
    segments = D.side_by_side(result.segments["channel"])
    np.testing.assert_array_equal(wide.loc["Timeliness"].to_numpy(), segments.loc["Timeliness"].to_numpy())
    first = at.selectbox(key="drivers_compare_first").value
    second = at.selectbox(key="drivers_compare_second").value
    test = D.compare_segments(responses, "csat", "Resolution Speed", "channel", first, second)
    assert (f"Resolution Speed: r = {test.r1:.2f} in {first} (n = {test.n1:,}) against r = {test.r2:.2f} "
            f"in {second} (n = {test.n2:,}); difference {test.difference:+.2f}, z = {test.z:.2f}") in page


def test_the_samples_close_rating_means_leave_every_rating_undecided(en, en_result):
    at = _open("Use sample data (English)")
    responses = en.responses()
    # independently: each rating's Student-t 95 % interval of the mean (statsmodels) against the
    # average of the means, and the bootstrap interval of its importance against the average part
    means = {d: responses[d].dropna().to_numpy() for d in en.drivers}
    split = np.mean([v.mean() for v in means.values()])
    intervals = {d: DescrStatsW(v).tconfint_mean(alpha=0.05) for d, v in means.items()}
    assert all(low <= split <= high for low, high in intervals.values())      # the split falls on noise
    assert max(v.mean() for v in means.values()) - min(v.mean() for v in means.values()) < 0.02
    shown = _table(at, "Performance 95 % low").set_index("Driver")
    for driver, (low, high) in intervals.items():
        assert shown.loc[driver, "Performance"] == pytest.approx(means[driver].mean(), abs=1e-12)
        assert shown.loc[driver, "Performance 95 % low"] == pytest.approx(low, abs=1e-12)
        assert shown.loc[driver, "Performance 95 % high"] == pytest.approx(high, abs=1e-12)
    importance = en_result.importance.table.set_index("driver")
    imp_split = importance["importance"].mean()
    both = {d for d in en.drivers if importance.loc[d, "ci_low"] <= imp_split <= importance.loc[d, "ci_high"]}
    for driver in en.drivers:
        reason = "both" if driver in both else "performance"
        assert shown.loc[driver, "Quadrant"] == t(f"drivers_q_undecided_{reason}", "en")
    assert not {"Fix first", "Keep up", "Low priority", "Possible overkill"} & set(shown["Quadrant"])
    assert "Undecided: performance cannot be told apart from the average" in set(shown["Quadrant"])
    page = _texts(at)
    assert "5 of 5 ratings cannot be placed in a quadrant" in page


def test_chinese_quadrant_reads_undecided_in_chinese():
    at = _open("Use sample data (中文)", lang="zh")
    shown = _table(at, t("drivers_page_col_perf_low", "zh"))
    assert all(v.startswith("无法判定：") for v in shown[t("drivers_quadrant", "zh")])
    assert "5 个评分中有 5 个无法归入象限" in _texts(at)


def test_model_and_segment_p_values_are_text_and_segments_are_holm_over_the_table(en, en_result):
    at = _open("Use sample data (English)")
    ols = _table(at, "β (standardized)")
    assert ols["p"].tolist() == [p_text(p) for p in en_result.ols.table["p"]]
    assert set(ols["p"]) == {"< 0.001"}                                       # the sample's strong ratings
    # segments by channel: the p table below the r table, Holm over all 25 cells (statsmodels)
    long = en_result.segments["channel"]
    adjusted = multipletests(long["p"].to_numpy(), method="holm")[1]
    r_wide, p_wide = [d.value for d in at.dataframe if "Phone" in d.value.columns]
    assert r_wide.loc["Timeliness", "Phone"] == pytest.approx(
        stats.spearmanr(*en.responses().query("channel == 'Phone'")[["Timeliness", "csat"]].dropna().T.to_numpy()).statistic)
    for (segment, driver), value in zip(zip(long["segment"], long["driver"]), adjusted):
        assert p_wide.loc[driver, segment] == p_text(value)
    assert "p, Holm-adjusted over every cell of this table" in _texts(at)


def test_outcome_method_and_driver_choice_change_the_figures(en):
    at = _open("Use sample data (English)")
    responses = en.responses()
    at.selectbox(key="drivers_outcome_en").set_value("nps")
    at.radio(key="drivers_method_en").set_value("kendall").run()
    assert not at.exception
    _assert_ranking(_table(at, "p (Holm-adjusted)"), _expected(responses, "nps", en.drivers, "kendall"))

    # top-2-box outcome: no ordinal model (two levels), said on the page
    at.selectbox(key="drivers_outcome_en").set_value("csat_satisfied").run()
    assert not at.exception
    assert any("three outcome levels" in i.value for i in at.info)

    # operational measures: first response time and channel (as indicators) join the ranking
    at.selectbox(key="drivers_outcome_en").set_value("csat")
    at.radio(key="drivers_method_en").set_value("pearson")
    at.multiselect(key="drivers_drivers_en").set_value([*en.drivers, "frt_min", "channel"]).run()
    assert not at.exception
    frame, names = D.expand_drivers(responses, [*en.drivers, "frt_min", "channel"])
    expected = _expected(frame, "csat", names, "pearson")
    labels = {"frt_min": "First response time (min)",
              **{n: f"Channel: {n.split('=', 1)[1]}" for n in names if n.startswith("channel=")}}
    _assert_ranking(_table(at, "p (Holm-adjusted)"), expected, labels)
    assert "Channel: Email" in _table(at, "p (Holm-adjusted)")["Driver"].tolist()


def test_a_channel_filter_recomputes_on_the_filtered_responses(en):
    from ui.filters import Filters, apply
    at = _open("Use sample data (English)")
    at.multiselect(key="filter_channel").set_value(["Phone"]).run()
    assert not at.exception
    responses = apply(en, Filters(values=(("channel", ("Phone",)),))).responses()
    expected = _expected(responses, "csat", en.drivers, "spearman")
    shown = _table(at, "p (Holm-adjusted)")
    _assert_ranking(shown, expected)
    assert shown["n"].max() < len(en.responses())


def test_chinese_sample_in_chinese_shows_the_files_driver_names():
    zh = _load(ZH)
    at = _open("Use sample data (中文)", lang="zh")
    page = _texts(at)
    assert "相关性排名" in page and "相对重要性" in page and "速度与满意度" in page
    responses = zh.responses()
    expected = _expected(responses, "csat", zh.drivers, "spearman")
    shown = _table(at, t("drivers_p_adj", "zh"))
    _assert_ranking(shown, expected, lang="zh")
    assert set(shown["驱动因素"]) == {"解决速度", "专业程度", "服务态度", "解决效果", "响应及时性"}
    assert "解决速度 每高 1 分" in page            # model sentence in Chinese with the file's name
    # the Chinese sample has no NPS: it is not offered as an outcome
    assert at.selectbox(key="drivers_outcome_zh").options == ["总体满意度（评分）", "满意率（前两档：是否满意）"]


def test_tickets_without_any_survey_get_a_clear_message():
    at = _app()
    at.switch_page("pages/data.py").run()
    csv = ("Ticket ID,Created at,Ticket Channel\n"
           + "".join(f"T{i},2024-01-0{1 + i % 9} 10:00,{'Phone' if i % 2 else 'Email'}\n" for i in range(30)))
    at.file_uploader[0].set_value([("t.csv", csv.encode(), "text/csv")]).run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("needs satisfaction scores" in i.value for i in at.info)
    assert not at.dataframe


def _survey_dataset(n: int) -> Dataset:
    """A hand-built Dataset in the documented shape: n responses, one usable sub-rating, one
    mostly blank, one constant."""
    rng = np.random.default_rng(1)
    ids = [f"T{i}" for i in range(n)]
    tickets = pd.DataFrame({c: pd.Series([pd.NA] * n, dtype="str") for c in RESPONSE_CONTEXT})
    tickets = tickets.assign(ticket_id=ids, customer_id=[f"C{i}" for i in range(n)],
                             channel=["Phone", "Email"] * (n // 2) + ["Phone"] * (n % 2),
                             created_at=pd.date_range("2024-01-01", periods=n, freq="h"),
                             frt_min=rng.uniform(1, 60, n), resolution_h=rng.uniform(0.1, 48, n),
                             handle_min=np.nan, transfers=np.nan, reopened=np.nan, csat=np.nan, nps=np.nan)
    speed = rng.integers(1, 6, n).astype(float)
    csat = np.clip(speed + rng.integers(-1, 2, n), 1, 5)
    blank = np.where(np.arange(n) % 4 == 0, 4.0, np.nan)
    survey = pd.DataFrame({"ticket_id": ids, "customer_id": [f"C{i}" for i in range(n)],
                           "responded_at": pd.date_range("2024-01-02", periods=n, freq="h"), "csat": csat,
                           "csat_satisfied": pd.array(csat >= 4, dtype="boolean"), "nps": np.nan,
                           "reason": pd.NA, "comment": pd.NA, "Speed": speed, "Mostly blank": blank,
                           "Constant": 3.0, "source_row": np.arange(2, n + 2), "source_file": "s.csv"})
    return Dataset(tickets=tickets, survey=survey, drivers=["Speed", "Mostly blank", "Constant"], name="hand.csv")


def test_unusable_drivers_and_too_few_rows_get_clear_messages():
    at = _app()
    at.session_state["dataset"] = _survey_dataset(40)
    at.switch_page(PAGE).run()
    assert not at.exception
    left_out = _table(at, "Reason")
    assert dict(zip(left_out["Driver"], left_out["Reason"])) == {
        "Mostly blank": "More than half the values are missing", "Constant": "Same value everywhere"}
    assert _table(at, "p (Holm-adjusted)")["Driver"].tolist() == ["Speed"]
    assert any("at least two survey sub-ratings" in i.value for i in at.info)     # no quadrant with one rating

    at.session_state["dataset"] = _survey_dataset(6)
    at.run()
    assert not at.exception
    assert any("cannot be analysed on these responses: fewer than 10 responses have a value" in w.value
               for w in at.warning)


# --- the command line: one engine, two faces ----------------------------------------------------

def _cli(*args: str) -> dict:
    """`python -m analysis drivers ARGS --json` in a child process, its JSON."""
    done = subprocess.run([sys.executable, "-m", "analysis", "drivers", *args, "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_cli_on_the_english_sample_equals_the_page_engine(en, en_result, capsys):
    # the command's own main() in this process (the child-process route is checked on swiss below)
    from analysis.__main__ import main
    assert main(["drivers", str(ROOT / "sample_data/tickets_en.csv"), str(ROOT / "sample_data/survey_en.csv"),
                 "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    responses = en.responses()
    expected = json.loads(json.dumps(D.drivers_payload(responses, "csat", D.suggested_drivers(responses, en.drivers))))
    assert got == expected
    # and the page's figures (analyse_drivers) are the same numbers
    page = en_result
    importance = page.importance.table.set_index("driver")
    corr = page.correlations.set_index("driver")
    assert got["r2"] == page.importance.r2 and got["n"] == page.counts["with_outcome"]
    for row in got["drivers"]:
        assert row["importance"] == importance.loc[row["name"], "importance"]
        assert row["importance_ci_low"] == importance.loc[row["name"], "ci_low"]
        assert row["r"] == corr.loc[row["name"], "r"] and row["p_adj"] == corr.loc[row["name"], "p_adj"]


def test_cli_on_a_plain_table_swiss():
    got = _cli("tests/fixtures/drivers_swiss.csv", "--outcome", "Fertility")
    swiss = pd.read_csv(FIXTURES / "drivers_swiss.csv")
    drivers = ["Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality"]
    assert got == json.loads(json.dumps(D.drivers_payload(swiss, "Fertility", drivers)))
    # independent checks: scipy's Spearman, and relaimpo's published LMG (drivers_SOURCES.md)
    published = {"Agriculture": 0.05709122, "Examination": 0.17117303, "Education": 0.26013468,
                 "Catholic": 0.10557015, "Infant.Mortality": 0.11276592}
    assert [row["name"] for row in got["drivers"]] == sorted(published, key=published.get, reverse=True)
    for row in got["drivers"]:
        assert row["importance"] == pytest.approx(published[row["name"]], abs=5e-8)
        assert row["r"] == pytest.approx(stats.spearmanr(swiss[row["name"]], swiss["Fertility"]).statistic, abs=1e-12)
        assert row["n"] == 47
    assert got["r2"] == pytest.approx(0.7067, abs=5e-5)


def test_cli_without_an_outcome_for_a_plain_table_says_so(capsys):
    from analysis.__main__ import main
    assert main(["drivers", str(FIXTURES / "drivers_swiss.csv"), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --outcome must name a column of drivers_swiss.csv") and err.count("\n") == 1


# --- analysis helpers added for the page -------------------------------------------------------

def test_outcomes_operational_and_suggested_drivers():
    frame = pd.DataFrame({"csat": [4.0, 5.0], "csat_satisfied": pd.array([True, True], dtype="boolean"),
                          "nps": [np.nan, np.nan], "frt_min": [1.0, 2.0], "transfers": [np.nan, np.nan],
                          "channel": ["Phone", "Email"], "Speed": [np.nan, np.nan]})
    assert D.available_outcomes(frame) == ["csat", "csat_satisfied"]
    assert D.operational_drivers(frame) == ["frt_min", "channel"]
    assert D.suggested_drivers(frame, ["Speed"]) == ["frt_min"]          # no rating has data
    assert D.suggested_drivers(frame.assign(Speed=[3.0, 4.0]), ["Speed", "Gone"]) == ["Speed"]


def test_expand_drivers_makes_indicators_against_the_most_frequent_value():
    frame = pd.DataFrame({"channel": pd.Categorical(["A", "A", "B", None, "C"], categories=["A", "B", "C", "Z"]),
                          "x": [1.0, 2, 3, 4, 5]})
    out, names = D.expand_drivers(frame, ["x", "channel"])
    assert names == ["x", "channel=B", "channel=C"]                       # A is the reference; Z never occurs
    assert out["channel=B"].tolist()[:3] == [0.0, 0.0, 1.0] and np.isnan(out["channel=B"].iloc[3])


def test_outcome_error_carries_a_reason_and_the_page_result_counts_rows():
    frame = pd.DataFrame({"csat": [1.0] * 12, "x": np.arange(12.0)})
    with pytest.raises(D.DriversError) as err:
        D.analyse_drivers(frame, "csat", ["x"], boot=0)
    assert err.value.reason == "constant"
    with pytest.raises(D.DriversError) as err:
        D.correlations(frame.head(5).assign(csat=[1.0, 2, 3, 4, 5]), "csat", ["x"])
    assert err.value.reason == "too_few_rows"
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"csat": rng.integers(1, 6, 30).astype(float), "a": rng.integers(1, 6, 30).astype(float),
                          "b": rng.integers(1, 6, 30).astype(float), "t": rng.uniform(0, 9, 30)})
    frame.loc[:3, "csat"] = np.nan
    page = D.analyse_drivers(frame, "csat", ["a", "b", "t"], boot=0, segments=(), quadrant_drivers=["a", "b"])
    assert page.counts == {"rows": 30, "with_outcome": 26, "no_outcome": 4}
    assert sorted(page.quadrant["driver"]) == ["a", "b"]                # minutes are not placed with ratings


def test_speed_band_labels_are_short_and_the_difference_test_reads_its_p():
    frame = pd.DataFrame({"frt_min": np.arange(1.0, 41.0), "csat_satisfied": [True, False] * 20})
    curve = D.speed_curve(frame, edges=[0, 10, 20.5, float("inf")])
    assert curve.table["band"].tolist() == ["≤ 10", "10–20.5", "> 20.5"]
    test = D.correlation_difference(0.7, 200, 0.3, 200, "pearson")
    # independent Fisher z: (atanh .7 − atanh .3) / √(2/197)
    z = (np.arctanh(0.7) - np.arctanh(0.3)) / np.sqrt(2 / 197)
    assert test.z == pytest.approx(z) and test.differs() and not test.differs(alpha=1e-20)
    assert not D.correlation_difference(0.7, 3, 0.3, 200).differs()
