"""Driver models against MASS::polr, statsmodels fitted independently, and numerical derivatives."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools.numdiff import approx_fprime, approx_hess

from analysis.models import (AnalyticOrderedLogit, ModelError, ordinal_logit, standardized_ols,
                             top2box_logit)

FIXTURES = Path(__file__).parent / "fixtures"
LEVELS = ["unlikely", "somewhat likely", "very likely"]


def ucla() -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / "drivers_ologit_ucla.csv")
    frame["apply"] = pd.Categorical(frame["apply"], categories=LEVELS, ordered=True)
    return frame


def test_ordinal_logit_matches_mass_polr():
    # R 3.4.4 MASS::polr(apply ~ pared + public + gpa, method="logistic"), as stored in
    # statsmodels/miscmodels/tests/results/results_ordinal_model.py
    coef = [1.04769011, -0.05878572, 0.61594057]
    se = [0.2658, 0.2979, 0.2606]
    thresholds = [2.203915, 4.299363]
    result = ordinal_logit(ucla(), "apply", ["pared", "public", "gpa"])
    assert result.n == 400
    assert np.allclose(result.table["coef"], coef, atol=2e-4, rtol=0)
    assert np.allclose(result.table["se"], se, atol=1e-4, rtol=0)
    assert np.allclose(result.table["odds_ratio"], np.exp(coef), atol=1e-3, rtol=0)
    assert list(result.thresholds.index) == ["unlikely|somewhat likely", "somewhat likely|very likely"]
    # polr's zeta are the cut points themselves; statsmodels estimates the first cut and the logs
    # of the increments. polr stopped slightly short of the optimum (its score there is ~1e-3),
    # along the gpa/cut-point ridge, so the exact maximum sits 6e-4 from its printed cuts:
    assert np.allclose(result.thresholds, thresholds, atol=7e-4, rtol=0)
    model = AnalyticOrderedLogit(ucla()["apply"], ucla()[["pared", "public", "gpa"]])
    polr = np.r_[coef, thresholds[0], np.log(thresholds[1] - thresholds[0])]
    ours = np.r_[result.table["coef"], result.thresholds.iloc[0],
                 np.log(result.thresholds.iloc[1] - result.thresholds.iloc[0])]
    assert model.loglike(ours) >= model.loglike(polr)
    assert model.loglike(ours) == pytest.approx(-358.5124, abs=1e-4)        # polr's logLik
    assert np.abs(model.score(ours)).max() < 1e-6


def test_ordinal_logit_equals_statsmodels_numerical_fit():
    frame = ucla()
    reference = OrderedModel(frame["apply"], frame[["pared", "public", "gpa"]], distr="logit").fit(
        method="bfgs", disp=False, gtol=1e-8, maxiter=2000)
    result = ordinal_logit(frame, "apply", ["pared", "public", "gpa"])
    assert np.allclose(result.table["coef"], reference.params.iloc[:3], atol=2e-4)
    assert np.allclose(result.table["se"], reference.bse.iloc[:3], rtol=2e-3)


def test_analytic_score_and_hessian_equal_numerical_derivatives():
    rng = np.random.default_rng(3)
    x = pd.DataFrame(rng.normal(size=(300, 2)), columns=["a", "b"])
    y = np.digitize(x["a"] - 0.5 * x["b"] + rng.logistic(size=300), [-2, 0, 1.5]) + 1
    model = AnalyticOrderedLogit(pd.Series(y), x)
    params = np.array([0.8, -0.3, -1.5, 0.4, -0.2])
    assert np.allclose(model.score(params), approx_fprime(params, model.loglike, centered=True), atol=1e-5)
    assert np.allclose(model.hessian(params), approx_hess(params, model.loglike), rtol=1e-4, atol=1e-3)


def test_ordinal_logit_on_repeated_ratings_equals_the_fit_on_every_row():
    # 1–5 ratings repeat a few patterns: the model runs on the patterns with their counts, and
    # must give what statsmodels' own OrderedModel gives on all 3,000 rows
    rng = np.random.default_rng(8)
    a, b = rng.integers(1, 6, size=(2, 3000))
    y = np.digitize(0.7 * a + 0.3 * b + rng.logistic(size=3000), [3, 4, 5, 6]) + 1
    frame = pd.DataFrame({"y": y, "a": a.astype(float), "b": b.astype(float)})
    reference = OrderedModel(frame["y"], frame[["a", "b"]], distr="logit").fit(
        method="bfgs", disp=False, gtol=1e-8, maxiter=2000)
    result = ordinal_logit(frame, "y", ["a", "b"])
    assert result.n == 3000
    assert np.allclose(result.table["coef"], reference.params.iloc[:2], atol=2e-4)
    assert np.allclose(result.table["se"], reference.bse.iloc[:2], rtol=2e-3)
    assert np.allclose(result.thresholds, reference.model.transform_threshold_params(reference.params)[1:-1],
                       atol=1e-3)
    counts = np.bincount(y)[1:]
    llnull = counts @ np.log(counts / 3000)                 # thresholds only: the observed shares
    assert result.fit == pytest.approx(1 - reference.llf / llnull, rel=1e-6)


def test_ordinal_sentences_carry_numbers_and_keys():
    result = ordinal_logit(ucla(), "apply", ["pared", "public", "gpa"])
    by_driver = {s.values["driver"]: s for s in result.sentences}
    assert by_driver["pared"].key == "drivers_sent_ordinal_binary"     # 0/1: with vs without
    assert by_driver["public"].key == "drivers_sent_ordinal_unclear"   # CI of OR spans 1
    assert by_driver["gpa"].key == "drivers_sent_ordinal_unit"
    assert by_driver["pared"].values["odds_ratio"] == pytest.approx(np.exp(1.04769011), abs=1e-3)


def test_standardized_ols_equals_ols_times_sd_ratio_with_hc3():
    mtcars = pd.read_csv(FIXTURES / "drivers_mtcars.csv")
    drivers = ["cyl", "disp", "hp", "gear"]
    result = standardized_ols(mtcars, "mpg", drivers)
    raw = sm.OLS(mtcars["mpg"], sm.add_constant(mtcars[drivers])).fit(cov_type="HC3")
    ratio = mtcars[drivers].std() / mtcars["mpg"].std()
    assert np.allclose(result.table["coef"], raw.params[drivers] * ratio, atol=1e-10)
    # z-scoring rescales HC3 standard errors by the same ratio; p-values are unchanged
    assert np.allclose(result.table["se"], raw.bse[drivers] * ratio, rtol=1e-8)
    # inference on Student's t with the residual df (32 − 4 − 1 = 27), as statsmodels' use_t
    robust_t = sm.OLS(mtcars["mpg"], sm.add_constant(mtcars[drivers])).fit(cov_type="HC3", use_t=True)
    assert np.allclose(result.table["p"], robust_t.pvalues[drivers], rtol=1e-8)
    df = len(mtcars) - len(drivers) - 1
    t_stat = raw.params[drivers] / raw.bse[drivers]
    assert np.allclose(result.table["p"], 2 * stats.t.sf(np.abs(t_stat), df), rtol=1e-8)
    half = stats.t.ppf(0.975, df) * result.table["se"].to_numpy()
    assert np.allclose(result.table["ci_high"] - result.table["coef"], half, rtol=1e-8)
    # the normal would have put cyl's p at 5e-6 where t gives 1e-4 on 27 df
    assert not np.allclose(result.table["p"], raw.pvalues[drivers], rtol=1e-3)
    assert result.fit == pytest.approx(0.7791896, abs=5e-7)              # rwa README's R²
    assert "drivers_note_vif" in result.notes
    assert {s.key for s in result.sentences} <= {"drivers_sent_ols", "drivers_sent_ols_unclear"}


def test_standardized_ols_on_repeated_ratings_equals_hc3_ols_of_every_row():
    rng = np.random.default_rng(21)
    frame = pd.DataFrame(rng.integers(1, 6, size=(5000, 3)).astype(float), columns=["a", "b", "c"])
    frame["y"] = np.clip(np.round(1 + 0.5 * frame["a"] + 0.3 * frame["b"] + rng.normal(size=5000)), 1, 5)
    result = standardized_ols(frame, "y", ["a", "b", "c"])
    z = (frame - frame.mean()) / frame.std()
    reference = sm.OLS(z["y"], sm.add_constant(z[["a", "b", "c"]])).fit(cov_type="HC3", use_t=True)
    assert result.n == 5000
    assert np.allclose(result.table["coef"], reference.params[["a", "b", "c"]], atol=1e-10)
    assert np.allclose(result.table["se"], reference.bse[["a", "b", "c"]], rtol=1e-8)
    assert np.allclose(result.table["p"], reference.pvalues[["a", "b", "c"]], rtol=1e-6, atol=1e-300)
    assert np.allclose(result.table["ci_low"], reference.conf_int()[0][["a", "b", "c"]], atol=1e-10)
    assert result.fit == pytest.approx(reference.rsquared, abs=1e-12)


def test_top2box_logit_equals_statsmodels_logit():
    rng = np.random.default_rng(4)
    n = 500
    frame = pd.DataFrame({"speed": rng.integers(1, 6, n).astype(float), "wait": rng.exponential(10, n)})
    latent = 0.9 * frame["speed"] - 0.05 * frame["wait"] + rng.logistic(size=n)
    frame["csat"] = np.clip(np.round(latent), 1, 5)
    frame["csat_satisfied"] = pd.array(frame["csat"] >= 4, dtype="boolean")
    result = top2box_logit(frame, "csat_satisfied", ["speed", "wait"])
    reference = sm.Logit((frame["csat"] >= 4).astype(float), sm.add_constant(frame[["speed", "wait"]])).fit(disp=False)
    assert np.allclose(result.table["coef"], reference.params[["speed", "wait"]], atol=1e-7)
    assert np.allclose(result.table["odds_ratio"], np.exp(reference.params[["speed", "wait"]]), rtol=1e-6)
    from_score = top2box_logit(frame, "csat", ["speed", "wait"], top=[4, 5])
    assert np.allclose(from_score.table["coef"], result.table["coef"])
    assert result.sentences[0].key == "drivers_sent_top2box_point"


def test_top2box_logit_on_repeated_ratings_equals_the_logit_of_every_row():
    rng = np.random.default_rng(12)
    frame = pd.DataFrame({"speed": rng.integers(1, 6, 4000).astype(float), "tone": rng.integers(1, 6, 4000).astype(float)})
    frame["top"] = (0.8 * frame["speed"] + 0.4 * frame["tone"] + rng.logistic(size=4000)) > 4
    result = top2box_logit(frame, "top", ["speed", "tone"])
    reference = sm.Logit(frame["top"].astype(float), sm.add_constant(frame[["speed", "tone"]])).fit(disp=False)
    assert result.n == 4000
    assert np.allclose(result.table["coef"], reference.params[["speed", "tone"]], atol=1e-7)
    assert np.allclose(result.table["se"], reference.bse[["speed", "tone"]], rtol=1e-6)
    assert np.allclose(result.table["p"], reference.pvalues[["speed", "tone"]], rtol=1e-5)
    assert result.fit == pytest.approx(reference.prsquared, abs=1e-8)


def test_model_guards():
    frame = pd.DataFrame({"y": [1, 2, 3, 4, 5] * 2, "x": [1.0] * 10})
    with pytest.raises(ModelError, match="too few"):
        standardized_ols(frame.head(5), "y", ["x"])
    with pytest.raises(ModelError, match="constant"):
        ordinal_logit(frame, "y", ["x"])
    with pytest.raises(ModelError, match="not found"):
        top2box_logit(frame, "y", ["zzz"])
    two_levels = pd.DataFrame({"y": [1, 2] * 10, "x": np.arange(20.0)})
    with pytest.raises(ModelError, match="three"):
        ordinal_logit(two_levels, "y", ["x"])


def test_pseudo_r2_equals_statsmodels_mcfadden():
    # our closed-form null log-likelihoods against statsmodels' fitted null models
    frame = ucla()
    result = ordinal_logit(frame, "apply", ["pared", "public", "gpa"])
    reference = OrderedModel(frame["apply"], frame[["pared", "public", "gpa"]], distr="logit").fit(
        method="bfgs", disp=False, maxiter=2000)
    assert result.fit == pytest.approx(reference.prsquared, abs=1e-6)
    frame["top"] = frame["apply"] == "very likely"
    logit = top2box_logit(frame, "top", ["pared", "public", "gpa"])
    ref = sm.Logit(frame["top"].astype(float), sm.add_constant(frame[["pared", "public", "gpa"]])).fit(disp=False)
    assert logit.fit == pytest.approx(ref.prsquared, abs=1e-8)
