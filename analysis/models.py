"""Regression models of satisfaction on its drivers, with what a plain-language sentence needs.

* :func:`standardized_ols` — OLS of the z-scored outcome on z-scored drivers, HC3 errors with
  t-based intervals and p-values (residual df): "one standard deviation more on X goes with β
  standard deviations more satisfaction".
* :func:`ordinal_logit` — proportional-odds model (statsmodels OrderedModel, logit link) for an
  ordered outcome (1–5 scores): "one point more on X goes with OR times the odds of a higher
  score".
* :func:`top2box_logit` — logistic regression of the satisfied (top-2-box) flag.

Each result carries a list of :class:`Sentence` — an i18n key plus the numbers to fill in —
never English prose, so the page renders them in the user's language.

Every model is fitted on the distinct (outcome, drivers) rows weighted by how many responses each
stands for (analysis.patterns): the same likelihood, estimates and standard errors as on every
response. Each function takes the frame's `patterns` when the caller has them already (the
Drivers page builds them once for all its analyses), and finds them itself otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit
# statsmodels' modules, not statsmodels.api: the api imports every model statsmodels has (time
# series, survival, …), ~0.3–0.6 s on the Drivers page's first run in a fresh server process
from statsmodels.genmod.families import Binomial
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools.tools import add_constant

from analysis.importance import VIF_NOTE, vif_from_corr
from analysis.patterns import Patterns, weighted_corr, weighted_mean, weighted_sd

MIN_ROWS = 10
MAX_LEVELS = 11          # a 0–10 scale is the widest rating an ordinal model is fitted to


class ModelError(ValueError):
    """The data cannot support the model (the message says why)."""


@dataclass
class Sentence:
    """A plain-language finding: an i18n `key` (i18n/drivers.py) and the `values` it formats."""
    key: str
    values: dict


@dataclass
class ModelResult:
    """A fitted driver model.

    `table` has one row per driver: driver, coef (standardized β for OLS, log-odds per unit of
    the driver for the logits), se, ci_low, ci_high (of coef), p, and for the logits
    odds_ratio, or_ci_low, or_ci_high (exp of coef and its interval), plus vif. `n` complete
    rows used; `excluded` rows left out per reason; `fit` a goodness-of-fit figure (R² for
    OLS, McFadden pseudo-R² for the logits); `thresholds` the cut points of the ordinal model
    on the latent scale (empty otherwise); `sentences` one per driver; `notes` i18n keys.
    """
    kind: str
    outcome: str
    n: int
    table: pd.DataFrame
    fit: float
    excluded: dict[str, int] = field(default_factory=dict)
    thresholds: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    sentences: list[Sentence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    converged: bool = True


@dataclass(frozen=True)
class _Complete:
    """The responses a model can use, as distinct rows: the outcome `y` (its own dtype) and the
    drivers `x` (float) of each distinct row, `freq` how many responses it stands for."""
    y: pd.Series
    x: pd.DataFrame
    freq: np.ndarray
    excluded: dict

    @property
    def n(self) -> int:
        """Responses used."""
        return int(self.freq.sum())


def _complete(frame: pd.DataFrame, outcome: str, drivers: Sequence[str],
              patterns: Patterns | None = None) -> _Complete:
    """The distinct rows of outcome and drivers over the responses where all are present, with
    their counts (from `patterns` when they hold these columns, else from `frame`); raises
    ModelError when unusable."""
    drivers = list(drivers)
    columns = [outcome, *drivers]
    if patterns is not None and patterns.has(columns) and patterns.numeric(drivers):
        complete = patterns.complete(columns)
        excluded = {"missing_value": patterns.rows - complete.rows}
    else:
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ModelError("columns not found: " + ", ".join(map(str, missing)))
        x = frame[drivers].apply(pd.to_numeric, errors="coerce").astype(float)
        y = frame[outcome]
        ok = x.notna().all(axis=1) & y.notna()
        rows = x[ok]
        rows.insert(0, outcome, y[ok])
        complete = Patterns.of(rows, columns)
        excluded = {"missing_value": int((~ok).sum())}
    values = complete.values
    x = values[drivers].apply(pd.to_numeric, errors="coerce").astype(float)
    found = _Complete(values[outcome], x, complete.counts, excluded)
    if found.n < max(MIN_ROWS, len(drivers) + 2):
        raise ModelError(f"{found.n} complete rows for {len(drivers)} drivers: too few")
    constant = [c for c in drivers if x[c].nunique() < 2]
    if constant:
        raise ModelError("constant driver: " + ", ".join(map(str, constant)))
    if len(drivers) > 1 and np.linalg.cond(weighted_corr(x.to_numpy(), found.freq)) > 1e12:
        raise ModelError("drivers are perfectly collinear")
    return found


def _vif(x: pd.DataFrame, freq: np.ndarray) -> np.ndarray:
    """Variance inflation factors of the drivers, row i of `x` standing for freq[i] responses."""
    if x.shape[1] < 2:
        return np.ones(x.shape[1])
    return vif_from_corr(weighted_corr(x.to_numpy(), freq))


def _is_rating(x: pd.Series) -> bool:
    """Whole numbers on a short scale: a unit is a rating point."""
    return bool((x == np.round(x)).all() and x.min() >= 0 and x.max() <= 10)


def _odds_sentences(table: pd.DataFrame, x: pd.DataFrame, kind: str, outcome: str) -> list[Sentence]:
    out = []
    for row in table.itertuples(index=False):
        clear = row.or_ci_low > 1 or row.or_ci_high < 1
        values = x[row.driver]
        unit = "binary" if values.isin([0, 1]).all() else "point" if _is_rating(values) else "unit"
        key = f"drivers_sent_{kind}_{unit}" if clear else f"drivers_sent_{kind}_unclear"
        out.append(Sentence(key, {"driver": row.driver, "outcome": outcome, "odds_ratio": row.odds_ratio,
                                  "ci_low": row.or_ci_low, "ci_high": row.or_ci_high, "p": row.p}))
    return out


@dataclass(frozen=True)
class OlsFit:
    params: np.ndarray
    se: np.ndarray         # HC3 standard errors
    df_resid: float        # responses − parameters
    rsquared: float


def hc3_ols(y: np.ndarray, design: np.ndarray, freq: np.ndarray) -> OlsFit:
    """Least squares of `y` on `design` (constant included) where row i stands for `freq[i]`
    identical responses, with the HC3 covariance (MacKinnon & White 1985) of those responses:
    (X'X)⁻¹ X' diag(e²/(1−h)²) X (X'X)⁻¹. Identical responses share their residual e and
    leverage h, so the sums over responses are sums over rows weighted by freq — the same
    figures as statsmodels' OLS(cov_type="HC3") on every response, which has no frequency
    weights for HC3 (its WLS weights rescale the leverage)."""
    weighted = design * freq[:, None]
    inverse = np.linalg.inv(design.T @ weighted)
    params = inverse @ (weighted.T @ y)
    resid = y - design @ params
    leverage = np.einsum("ij,jk,ik->i", design, inverse, design)
    with np.errstate(divide="ignore", invalid="ignore"):
        omega = freq * (resid / (1 - leverage)) ** 2
    cov = inverse @ (design.T @ (design * omega[:, None])) @ inverse
    n = freq.sum()
    mean = freq @ y / n
    rsquared = 1 - (freq @ resid ** 2) / (freq @ (y - mean) ** 2)
    return OlsFit(params, np.sqrt(np.diag(cov)), float(n - design.shape[1]), float(rsquared))


def standardized_ols(frame: pd.DataFrame, outcome: str, drivers: Sequence[str],
                     level: float = 0.95, patterns: Patterns | None = None) -> ModelResult:
    """OLS of the z-scored outcome on the z-scored drivers with HC3 (heteroskedasticity-robust)
    standard errors. coef is the standardized β: the change in the outcome, in its standard
    deviations, for one standard deviation more on the driver, the others held fixed.

    Intervals and p-values use Student's t on the residual degrees of freedom (n − k − 1), not
    the normal: with few responses the normal makes a robust interval too narrow, and at large n
    the two agree."""
    rows = _complete(frame, outcome, drivers, patterns)
    y = pd.to_numeric(rows.y, errors="coerce").to_numpy(dtype=float)
    if pd.Series(y).nunique() < 2:
        raise ModelError(f"outcome {outcome!r} is constant")
    freq, x = rows.freq, rows.x.to_numpy()
    # z-scores with the responses' means and sample SDs (pandas' ddof 1)
    zy = (y - weighted_mean(y, freq)) / weighted_sd(y, freq, ddof=1)
    zx = (x - weighted_mean(x, freq)) / weighted_sd(x, freq, ddof=1)
    fit = hc3_ols(zy, np.column_stack([np.ones(len(zy)), zx]), freq)
    t_crit = stats.t.ppf((1 + level) / 2, fit.df_resid)
    coef, se = fit.params[1:], fit.se[1:]
    vif = _vif(rows.x, freq)
    table = pd.DataFrame({"driver": list(drivers), "coef": coef, "se": se, "ci_low": coef - t_crit * se,
                          "ci_high": coef + t_crit * se, "p": 2 * stats.t.sf(np.abs(coef / se), fit.df_resid),
                          "vif": vif})
    sentences = [Sentence("drivers_sent_ols" if (r.ci_low > 0 or r.ci_high < 0) else "drivers_sent_ols_unclear",
                          {"driver": r.driver, "outcome": outcome, "beta": r.coef, "ci_low": r.ci_low,
                           "ci_high": r.ci_high, "p": r.p})
                 for r in table.itertuples(index=False)]
    notes = ["drivers_note_vif"] if (vif > VIF_NOTE).any() else []
    return ModelResult("ols", outcome, rows.n, table, fit.rsquared, rows.excluded,
                       sentences=sentences, notes=notes)


class AnalyticOrderedLogit(OrderedModel):
    """statsmodels' OrderedModel (logit link) with the analytic score and Hessian.

    The likelihood is OrderedModel's own; only its derivatives are written out, because the
    numerical ones cost seconds on 100,000 rows. With F the logistic cdf, f = F(1−F) its
    density, f' = f(1−2F), the interval (a, b] = (c_{y−1} − xβ, c_y − xβ] and P = F(b) − F(a):
    ∂ℓ/∂b = f(b)/P, ∂ℓ/∂a = −f(a)/P, ∂²ℓ/∂b² = f'(b)/P − (f(b)/P)², ∂²ℓ/∂a² = −f'(a)/P − (f(a)/P)²,
    ∂²ℓ/∂a∂b = f(a)f(b)/P². a and b are linear in (β, c); c is the cumulative sum of
    (θ₀, exp θ₁, …), statsmodels' increments parameterisation, whence the chain rule below.

    `freq` (optional) counts how many responses each row stands for: ratings repeat a few
    patterns, so a model of 400,000 responses is a model of a few thousand weighted rows, with
    the same likelihood, estimates and standard errors.
    """

    def __init__(self, endog, exog, freq=None, **kwds):
        super().__init__(endog, exog, distr="logit", **kwds)
        self.freq = np.ones(self.nobs) if freq is None else np.asarray(freq, dtype=float)

    def loglike(self, params):
        return float(self.freq @ self.loglikeobs(params))

    @property
    def start_params(self):
        """OrderedModel's start (the null model's thresholds, no driver effects) from the
        weighted shares of the outcome levels."""
        shares = np.bincount(self.endog, weights=self.freq, minlength=self.k_levels) / self.freq.sum()
        cuts = self.transform_reverse_threshold_params(self.distr.ppf(np.clip(shares.cumsum(), 0, 1)))
        return np.concatenate((np.zeros(self.k_vars), cuts))

    def _design(self):
        """d(a)/d(β, c) and d(b)/d(β, c) per observation: −x for β and 1 for the cut used.
        They do not depend on the parameters, so they are built once."""
        if getattr(self, "_design_cache", None) is None:
            k, m = self.k_vars, self.k_levels - 1
            y = np.asarray(self.endog)
            has_low, has_upp = y > 0, y < m
            rows = np.arange(self.nobs)
            design_low = np.zeros((self.nobs, k + m))
            design_upp = np.zeros((self.nobs, k + m))
            design_low[:, :k] = design_upp[:, :k] = -np.asarray(self.exog)
            design_upp[rows[has_upp], k + y[has_upp]] = 1.0
            design_low[rows[has_low], k + y[has_low] - 1] = 1.0
            self._design_cache = (design_low, design_upp)
        return self._design_cache

    def _pieces(self, params):
        params = np.asarray(params, dtype=float)
        k, m = self.k_vars, self.k_levels - 1
        low, upp = self._bounds(params)
        cdf_low, cdf_upp = expit(low), expit(upp)          # expit(−inf) = 0, expit(inf) = 1
        pdf_low, pdf_upp = cdf_low * (1 - cdf_low), cdf_upp * (1 - cdf_upp)
        prob = np.maximum(cdf_upp - cdf_low, 1e-300)
        design_low, design_upp = self._design()
        # dc/dθ: c_j = θ₀ + Σ_{i=1..j} exp θ_i
        theta = params[k:]
        jac = np.tril(np.ones((m, m))) * np.concatenate(([1.0], np.exp(theta[1:])))[None, :]
        return params, k, m, cdf_low, cdf_upp, pdf_low, pdf_upp, prob, design_low, design_upp, jac

    def score(self, params):
        params, k, m, _, _, pdf_low, pdf_upp, prob, d_low, d_upp, jac = self._pieces(params)
        w = self.freq / prob
        grad = d_upp.T @ (pdf_upp * w) - d_low.T @ (pdf_low * w)     # in (β, c)
        return np.concatenate((grad[:k], jac.T @ grad[k:]))

    def hessian(self, params):
        params, k, m, cdf_low, cdf_upp, pdf_low, pdf_upp, prob, d_low, d_upp, jac = self._pieces(params)
        g_upp, g_low = pdf_upp / prob, -pdf_low / prob
        freq = self.freq
        h_uu = (pdf_upp * (1 - 2 * cdf_upp) / prob - g_upp ** 2) * freq
        h_ll = (-pdf_low * (1 - 2 * cdf_low) / prob - g_low ** 2) * freq
        h_lu = pdf_low * pdf_upp / prob ** 2 * freq
        g_upp, g_low = g_upp * freq, g_low * freq
        cross = d_low.T @ (d_upp * h_lu[:, None])
        hess = d_upp.T @ (d_upp * h_uu[:, None]) + d_low.T @ (d_low * h_ll[:, None]) + cross + cross.T
        grad_c = (d_upp.T @ g_upp + d_low.T @ g_low)[k:]
        full = np.eye(k + m)
        full[k:, k:] = jac
        out = full.T @ hess @ full
        # second derivative of c in θ_i (i ≥ 1) is exp θ_i for every cut from i on
        curvature = np.concatenate(([0.0], np.exp(params[k + 1:]) * np.cumsum(grad_c[::-1])[::-1][1:]))
        out[k:, k:] += np.diag(curvature)
        return out


def _ordered_codes(y: pd.Series) -> pd.Series:
    """The outcome as an ordered categorical: kept if already ordered, else sorted values."""
    if isinstance(y.dtype, pd.CategoricalDtype) and y.cat.ordered:
        return y.cat.remove_unused_categories()
    values = pd.to_numeric(y, errors="coerce")
    if values.isna().any():
        raise ModelError("the ordinal outcome must be numeric or an ordered categorical")
    if values.nunique() > MAX_LEVELS:
        raise ModelError(f"{values.nunique()} distinct outcome values: not a rating scale (at most {MAX_LEVELS})")
    return pd.Series(pd.Categorical(values, categories=np.sort(values.unique()), ordered=True), index=y.index)


def ordinal_logit(frame: pd.DataFrame, outcome: str, drivers: Sequence[str],
                  level: float = 0.95, patterns: Patterns | None = None) -> ModelResult:
    """Proportional-odds (ordered logit) model of an ordered outcome on the drivers' raw units.

    coef is the change in the log-odds of a higher outcome category per unit of the driver;
    odds_ratio = exp(coef) is the factor on the odds of scoring above any given category.
    thresholds are the cut points c_1 < … on the latent logistic scale (MASS::polr's zeta),
    converted from statsmodels' increments parameterisation."""
    rows = _complete(frame, outcome, drivers, patterns)
    codes = _ordered_codes(rows.y)
    if len(codes.cat.categories) < 3:
        raise ModelError("an ordinal model needs at least three outcome levels; use top2box_logit")
    x, freq, excluded = rows.x.reset_index(drop=True), rows.freq, rows.excluded
    endog = pd.Series(pd.Categorical.from_codes(codes.cat.codes.to_numpy(), categories=codes.cat.categories,
                                                ordered=True))
    model = AnalyticOrderedLogit(endog, x, freq=freq)
    fit = model.fit(method="newton", maxiter=100, disp=False)
    converged = bool(fit.mle_retvals.get("converged", True))
    params, bse = np.asarray(fit.params), np.asarray(fit.bse)
    k = x.shape[1]
    z = stats.norm.ppf((1 + level) / 2)
    coef, se = params[:k], bse[:k]
    table = pd.DataFrame({"driver": list(drivers), "coef": coef, "se": se, "ci_low": coef - z * se,
                          "ci_high": coef + z * se, "p": 2 * stats.norm.sf(np.abs(coef / se))})
    table["odds_ratio"] = np.exp(table["coef"])
    table["or_ci_low"], table["or_ci_high"] = np.exp(table["ci_low"]), np.exp(table["ci_high"])
    table["vif"] = _vif(x, freq)
    labels = [str(c) for c in codes.cat.categories]
    cuts = model.transform_threshold_params(params)[1:-1]
    thresholds = pd.Series(cuts, index=[f"{a}|{b}" for a, b in zip(labels[:-1], labels[1:])])
    notes = ["drivers_note_vif"] if (table["vif"] > VIF_NOTE).any() else []
    if not converged:
        notes.append("drivers_note_not_converged")
    counts = np.bincount(np.asarray(model.endog), weights=freq, minlength=model.k_levels)
    counts = counts[counts > 0]
    llnull = float(counts @ np.log(counts / counts.sum()))   # thresholds only: observed shares
    return ModelResult("ordinal", outcome, int(freq.sum()), table, 1 - fit.llf / llnull, excluded, thresholds,
                       _odds_sentences(table, x, "ordinal", outcome), notes, converged)


def top2box_logit(frame: pd.DataFrame, outcome: str, drivers: Sequence[str],
                  top: Sequence[float] | None = None, level: float = 0.95,
                  patterns: Patterns | None = None) -> ModelResult:
    """Logistic regression of being satisfied (top-2-box) on the drivers' raw units.

    `outcome` is a boolean flag (e.g. csat_satisfied) or a score; for a score, satisfied means
    a value in `top` (default: the two highest values seen). odds_ratio is the factor on the
    odds of a satisfied response per unit of the driver."""
    rows = _complete(frame, outcome, drivers, patterns)
    y, x, freq = rows.y, rows.x, rows.freq
    if pd.api.types.is_bool_dtype(y) or set(pd.unique(y)) <= {0, 1, True, False}:
        flag = y.astype(float)
    else:
        values = pd.to_numeric(y, errors="coerce")
        codes = top if top is not None else np.sort(values.unique())[-2:]
        flag = values.isin(codes).astype(float)
    if flag.nunique() < 2:
        raise ModelError("every response is on the same side of the top-2-box line")
    # the logit as a binomial GLM on the distinct (flag, drivers) patterns weighted by their
    # counts: the likelihood of every response, at the cost of the patterns (several scores
    # share a flag, so the (score, drivers) patterns are merged first)
    merged = Patterns.of(x.assign(**{"\0flag": flag.to_numpy(dtype=float)}), ["\0flag", *x.columns], weights=freq)
    cells = merged.values.to_numpy(dtype=float)
    fit = GLM(cells[:, 0], add_constant(cells[:, 1:], has_constant="add"), family=Binomial(),
                 freq_weights=merged.counts).fit(maxiter=100, tol=1e-12)
    ci = fit.conf_int(alpha=1 - level)[1:]
    table = pd.DataFrame({"driver": list(drivers), "coef": fit.params[1:], "se": fit.bse[1:],
                          "ci_low": ci[:, 0], "ci_high": ci[:, 1], "p": fit.pvalues[1:]})
    table["odds_ratio"] = np.exp(table["coef"])
    table["or_ci_low"], table["or_ci_high"] = np.exp(table["ci_low"]), np.exp(table["ci_high"])
    table["vif"] = _vif(x, freq)
    converged = bool(fit.converged)
    notes = ["drivers_note_vif"] if (table["vif"] > VIF_NOTE).any() else []
    if not converged:
        notes.append("drivers_note_not_converged")
    share = float(weighted_mean(flag.to_numpy(dtype=float), freq))
    llnull = rows.n * (share * np.log(share) + (1 - share) * np.log(1 - share))   # intercept only
    return ModelResult("top2box", outcome, rows.n, table, 1 - fit.llf / llnull, rows.excluded,
                       sentences=_odds_sentences(table, x, "top2box", outcome), notes=notes, converged=converged)
