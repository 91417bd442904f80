"""The shared table of distinct rows (analysis.patterns) and every Drivers figure computed from it:
the same as from the rows (the code's row path) and as scipy / statsmodels / pandas on every row."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.miscmodels.ordinal_model import OrderedModel

from analysis import drivers as D
from analysis import models
from analysis.importance import distinct_rows, relative_importance
from analysis.patterns import Patterns, weighted_corr, weighted_midranks, weighted_sd

RATINGS = ["speed", "tone", "skill"]


def responses(n: int = 5000, seed: int = 3) -> pd.DataFrame:
    """A responses frame as the Drivers page gets it: a 1–5 csat with its top-2-box flag, three
    1–5 ratings driven by one latent satisfaction, a few values missing everywhere, a channel
    with one tiny value (fewer than 30 responses) and a customer type."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=n)
    frame = pd.DataFrame({name: np.clip(np.round(3 + w * latent + rng.normal(size=n)), 1, 5)
                          for name, w in zip(RATINGS, (1.0, 0.6, 0.3))})
    frame["csat"] = np.clip(np.round(3.2 + 0.8 * frame["speed"] - 2.4 + 0.5 * frame["tone"] - 1.5
                                     + 0.9 * latent + rng.normal(size=n)), 1, 5)
    for name in [*RATINGS, "csat"]:
        frame.loc[rng.random(n) < 0.04, name] = np.nan
    frame["csat_satisfied"] = pd.array(np.where(frame["csat"].isna(), None, frame["csat"] >= 4), dtype="boolean")
    channel = rng.choice(["Phone", "Email", "Chat", "Other"], n, p=[0.5, 0.3, 0.196, 0.004])
    frame["channel"] = pd.Categorical(channel, categories=["Phone", "Email", "Chat", "Other"])
    frame["customer_type"] = pd.Categorical(rng.choice(["New", "Existing"], n, p=[0.3, 0.7]))
    frame["frt_min"] = rng.lognormal(2, 1, n)
    return frame


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return responses()


@pytest.fixture(scope="module")
def table(frame) -> Patterns:
    return D.driver_patterns(frame, "csat", RATINGS)


# --- the table itself ----------------------------------------------------------------------------

def test_patterns_are_the_groups_of_pandas_with_missing_as_a_value(frame, table):
    columns = ["csat", "csat_satisfied", *RATINGS, "channel", "customer_type"]
    assert table.columns == columns
    expected = frame.groupby(columns, dropna=False, observed=True).size()
    assert table.rows == len(frame) and len(table) == len(expected)

    def keyed(values: pd.DataFrame, counts) -> dict:        # NaN is not equal to itself as a dict key
        return {tuple("missing" if pd.isna(v) else v for v in key): int(c)
                for key, c in zip(values.itertuples(index=False), counts)}

    assert keyed(table.values, table.counts) == keyed(expected.index.to_frame(index=False), expected.to_numpy())
    assert table.values["csat_satisfied"].dtype == "boolean" and table.values["channel"].dtype == "category"


def test_complete_patterns_are_the_distinct_complete_rows_in_their_order(frame, table):
    columns = ["csat", *RATINGS]
    complete = table.complete(columns)
    rows = frame[columns].dropna().to_numpy()
    expected_rows, expected_counts = np.unique(rows, axis=0, return_counts=True)   # lexicographic
    assert np.array_equal(complete.values.to_numpy(), expected_rows)
    assert np.array_equal(complete.counts, expected_counts)
    assert complete.rows == len(rows)
    rows_again, counts_again = distinct_rows(rows)
    assert np.array_equal(rows_again, expected_rows) and np.array_equal(counts_again, expected_counts)


def test_weighted_helpers_equal_numpy_and_scipy_on_the_repeated_rows():
    rng = np.random.default_rng(2)
    data = rng.integers(1, 6, size=(40, 3)).astype(float)
    weights = rng.integers(1, 9, 40)
    repeated = np.repeat(data, weights, axis=0)
    assert np.allclose(weighted_corr(data, weights), np.corrcoef(repeated, rowvar=False), atol=1e-13)
    assert np.allclose(weighted_sd(data, weights, ddof=1), repeated.std(axis=0, ddof=1), rtol=1e-13)
    ranks = weighted_midranks(data[:, 0], weights)
    assert np.allclose(np.repeat(ranks, weights), stats.rankdata(repeated[:, 0]))


# --- correlations ---------------------------------------------------------------------------------

@pytest.mark.parametrize("method,scipy_fn", [("spearman", stats.spearmanr), ("pearson", stats.pearsonr)])
def test_correlations_from_patterns_equal_the_rows_and_scipy(frame, table, method, scipy_fn):
    assert D.patterns_serve(table, frame, "csat", RATINGS, method)
    got = D.correlations(frame, "csat", RATINGS, method, patterns=table)
    rows = D.correlations(frame, "csat", RATINGS, method)
    pd.testing.assert_frame_equal(got, rows, rtol=1e-10)
    for row in got.itertuples():
        pairs = frame[["csat", row.driver]].dropna()
        reference = scipy_fn(pairs[row.driver], pairs["csat"])
        assert row.n == len(pairs)
        assert row.r == pytest.approx(reference.statistic, abs=1e-12)
        assert row.p == pytest.approx(reference.pvalue, rel=1e-8, abs=1e-300)


def test_kendall_and_small_samples_take_the_rows(frame, table):
    pd.testing.assert_frame_equal(D.correlations(frame, "csat", RATINGS, "kendall", patterns=table),
                                  D.correlations(frame, "csat", RATINGS, "kendall"))
    small = frame.iloc[:25]             # Spearman below 30 pairs: a permutation p, which pairs rows
    small_table = D.driver_patterns(small, "csat", RATINGS)
    assert not D.patterns_serve(small_table, small, "csat", RATINGS, "spearman")
    pd.testing.assert_frame_equal(D.correlations(small, "csat", RATINGS, patterns=small_table),
                                  D.correlations(small, "csat", RATINGS))


def test_screening_from_patterns_reports_the_same_problems():
    frame = responses(2000, seed=5)
    frame["mostly_missing"] = np.where(np.arange(2000) % 3 == 0, 2.0, np.nan)
    frame["constant"] = 3.0
    frame["label"] = "x"
    names = [*RATINGS, "mostly_missing", "constant", "label", "absent"]
    table = D.driver_patterns(frame, "csat", names)
    got = D.correlations(frame, "csat", names, patterns=table)
    pd.testing.assert_frame_equal(got, D.correlations(frame, "csat", names), rtol=1e-10)
    assert dict(zip(got["driver"], got["problem"]))["mostly_missing"] == D.TOO_MUCH_MISSING
    assert set(got["problem"].dropna()) == {D.TOO_MUCH_MISSING, D.CONSTANT, D.NON_NUMERIC, D.MISSING_COLUMN}


@pytest.mark.parametrize("method", ["spearman", "pearson"])
def test_segment_rankings_from_patterns_equal_each_segment_on_its_rows(frame, table, method):
    for segment in ("channel", "customer_type"):
        got = D.segment_correlations(frame, "csat", segment, RATINGS, method, patterns=table)
        pd.testing.assert_frame_equal(got, D.segment_correlations(frame, "csat", segment, RATINGS, method),
                                      rtol=1e-10)
    # the tiny segment (fewer than 30 pairs) is ranked on its rows, with the permutation p
    got = D.segment_correlations(frame, "csat", "channel", RATINGS, "spearman", patterns=table)
    other = got[got["segment"] == "Other"].set_index("driver")
    assert other["n"].max() < D.SPEARMAN_T_MIN
    alone = D.correlations(frame[frame["channel"] == "Other"], "csat", RATINGS).set_index("driver")
    pd.testing.assert_frame_equal(other[["r", "p", "n"]], alone.loc[other.index, ["r", "p", "n"]])


def test_segment_comparison_from_patterns_equals_the_rows(frame, table):
    for method in ("spearman", "pearson", "kendall"):
        got = D.compare_segments(frame, "csat", "speed", "channel", "Phone", "Email", method, patterns=table)
        expected = D.compare_segments(frame, "csat", "speed", "channel", "Phone", "Email", method)
        assert (got.n1, got.n2, got.problem) == (expected.n1, expected.n2, expected.problem)
        assert got.z == pytest.approx(expected.z, rel=1e-9) and got.p == pytest.approx(expected.p, rel=1e-7)


# --- importance and models ------------------------------------------------------------------------

def test_importance_from_patterns_has_the_rows_estimates_and_bootstrap_interval(frame, table):
    got = relative_importance(frame, "csat", RATINGS, boot=100, seed=4, patterns=table)
    expected = relative_importance(frame, "csat", RATINGS, boot=100, seed=4)
    assert len(table.complete(["csat", *RATINGS])) < 0.25 * got.n          # the patterns are drawn
    # the same multinomial draws over the same patterns in the same order: the same interval
    pd.testing.assert_frame_equal(got.table, expected.table, rtol=1e-10)
    assert (got.n, got.excluded, got.r2) == (expected.n, expected.excluded, pytest.approx(expected.r2, abs=1e-13))
    complete = frame[["csat", *RATINGS]].dropna()
    r2 = sm.OLS(complete["csat"], sm.add_constant(complete[RATINGS])).fit().rsquared
    assert got.r2 == pytest.approx(r2, abs=1e-12)


def test_importance_on_few_rows_draws_the_rows_as_before():
    small = responses(600, seed=9)       # under 1,000 rows the bootstrap draws rows, in the frame's order
    table = D.driver_patterns(small, "csat", RATINGS)
    pd.testing.assert_frame_equal(relative_importance(small, "csat", RATINGS, boot=50, patterns=table).table,
                                  relative_importance(small, "csat", RATINGS, boot=50).table)


def test_models_from_patterns_equal_statsmodels_on_every_response(frame, table):
    complete = frame[["csat", "csat_satisfied", *RATINGS]].dropna()
    z = (complete[["csat", *RATINGS]] - complete[["csat", *RATINGS]].mean()) / complete[["csat", *RATINGS]].std()
    ols = models.standardized_ols(frame, "csat", RATINGS, patterns=table)
    reference = sm.OLS(z["csat"], sm.add_constant(z[RATINGS])).fit(cov_type="HC3", use_t=True)
    assert ols.n == len(complete) and ols.excluded == {"missing_value": len(frame) - len(complete)}
    assert np.allclose(ols.table["coef"], reference.params[RATINGS], atol=1e-10)
    assert np.allclose(ols.table["se"], reference.bse[RATINGS], rtol=1e-8)
    assert ols.fit == pytest.approx(reference.rsquared, abs=1e-12)

    ordinal = models.ordinal_logit(frame, "csat", RATINGS, patterns=table)
    polr = OrderedModel(complete["csat"], complete[RATINGS], distr="logit").fit(
        method="bfgs", disp=False, gtol=1e-8, maxiter=2000)
    assert np.allclose(ordinal.table["coef"], polr.params.iloc[:3], atol=2e-4)
    assert np.allclose(ordinal.table["se"], polr.bse.iloc[:3], rtol=2e-3)

    logit = models.top2box_logit(frame, "csat_satisfied", RATINGS, patterns=table)
    flag = complete["csat_satisfied"].astype(float)
    reference = sm.Logit(flag, sm.add_constant(complete[RATINGS])).fit(disp=False)
    assert np.allclose(logit.table["coef"], reference.params[RATINGS], atol=1e-7)
    assert np.allclose(logit.table["se"], reference.bse[RATINGS], rtol=1e-6)
    assert logit.fit == pytest.approx(reference.prsquared, abs=1e-8)
    # and what the row path gives, to float precision
    for fit, target in ((models.standardized_ols, "csat"), (models.ordinal_logit, "csat"),
                        (models.top2box_logit, "csat_satisfied"), (models.top2box_logit, "csat")):
        got, rows = fit(frame, target, RATINGS, patterns=table), fit(frame, target, RATINGS)
        pd.testing.assert_frame_equal(got.table, rows.table, rtol=1e-9)
        assert (got.n, got.excluded, got.notes) == (rows.n, rows.excluded, rows.notes)
        assert [s.key for s in got.sentences] == [s.key for s in rows.sentences]


def test_whole_page_equals_each_analysis_on_the_rows(frame):
    page = D.analyse_drivers(frame, "csat", RATINGS, boot=60, seed=1, quadrant_drivers=RATINGS,
                             segments=("channel",))
    assert page.patterns is not None and page.patterns.rows == len(frame)
    pd.testing.assert_frame_equal(page.correlations, D.correlations(frame, "csat", RATINGS), rtol=1e-10)
    pd.testing.assert_frame_equal(page.importance.table,
                                  relative_importance(frame, "csat", RATINGS, boot=60, seed=1).table, rtol=1e-10)
    pd.testing.assert_frame_equal(page.ols.table, models.standardized_ols(frame, "csat", RATINGS).table, rtol=1e-9)
    pd.testing.assert_frame_equal(page.ordinal.table, models.ordinal_logit(frame, "csat", RATINGS).table, rtol=1e-9)
    pd.testing.assert_frame_equal(page.top2box.table,
                                  models.top2box_logit(frame, "csat_satisfied", RATINGS).table, rtol=1e-9)
    pd.testing.assert_frame_equal(page.segments["channel"],
                                  D.segment_correlations(frame, "csat", "channel", RATINGS), rtol=1e-10)


# --- speed curves ---------------------------------------------------------------------------------

def _pandas_curve(frame: pd.DataFrame, bands: pd.Series) -> pd.DataFrame:
    """n and satisfied per band as pandas' own cut / qcut and groupby give them."""
    grouped = frame["csat_satisfied"].astype(float).groupby(bands, observed=False).agg(["size", "sum"])
    grouped = grouped[grouped["size"] > 0]
    return pd.DataFrame({"low": [b.left for b in grouped.index], "high": [b.right for b in grouped.index],
                         "n": grouped["size"].to_numpy(), "satisfied": grouped["sum"].to_numpy()})


@pytest.mark.parametrize("quantiles", [3, 5, 20])
def test_speed_curve_bands_are_pandas_qcut(frame, quantiles):
    data = frame.dropna(subset=["csat_satisfied"]).assign(frt_min=lambda f: f["frt_min"].round(0))   # ties
    curve = D.speed_curve(data, "frt_min", quantiles=quantiles)
    expected = _pandas_curve(data, pd.qcut(data["frt_min"], quantiles, duplicates="drop"))
    pd.testing.assert_frame_equal(curve.table[["low", "high", "n", "satisfied"]], expected, check_dtype=False)
    assert curve.excluded["outside_bands"] == 0


def test_speed_curve_fixed_edges_are_pandas_cut(frame):
    data = frame.dropna(subset=["csat_satisfied"])
    edges = [1.0, 5.0, 10.0, 30.0, float("inf")]          # times under 1 minute fall outside
    curve = D.speed_curve(data, "frt_min", edges=edges)
    bands = pd.cut(data["frt_min"], bins=edges, include_lowest=True)
    pd.testing.assert_frame_equal(curve.table[["low", "high", "n", "satisfied"]], _pandas_curve(data, bands),
                                  check_dtype=False)
    assert curve.excluded["outside_bands"] == int(bands.isna().sum()) > 0


# --- drawing --------------------------------------------------------------------------------------

def test_charts_are_schema_checked_only_when_asked(monkeypatch):
    import altair as alt
    from altair.utils.schemapi import SchemaValidationError

    from ui.widgets import VALIDATE_CHARTS, _Unchecked

    bad = alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x=alt.X("a:Q", bin="sometimes"))
    monkeypatch.setenv(VALIDATE_CHARTS, "1")
    with pytest.raises(SchemaValidationError):
        _Unchecked(bad).to_dict()
    monkeypatch.delenv(VALIDATE_CHARTS)
    assert _Unchecked(bad).to_dict() == bad.to_dict(validate=False)
