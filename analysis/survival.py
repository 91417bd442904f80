"""Time-to-event figures with open tickets censored: Kaplan–Meier quantiles, their intervals, the
log-rank test and the change of a quantile between two periods.

A ticket still open (or still waiting for its first response) at the data's as-of time has not
"taken" its time yet: all we know is that its time exceeds the wait so far. Leaving it out makes
recent periods look fast (only the quick ones have finished); the Kaplan–Meier estimator keeps it
as a *right-censored* observation, at risk until its wait so far.

Definitions (those of statsmodels ``SurvfuncRight``, which the tests check this module against):

- the survival curve S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ/nᵢ), dᵢ events at tᵢ, nᵢ at
  risk just before tᵢ (durations ≥ tᵢ; a censoring tied with an event is still at risk);
- Greenwood's standard error of S;
- the q-quantile is the first event time where S < 1 − q (strictly, as statsmodels
  ``SurvfuncRight.quantile``), except where S equals 1 − q exactly between two event times:
  then the midpoint of the two, as R's ``survfit`` and SAS ``LIFETEST`` (so with nothing
  censored the median is the ordinary sample median); **not reached** when S never falls below
  1 − q (for the median: fewer than half are known to have finished by the longest follow-up)
  — then there is no estimate, only a lower bound;
- its 95 % interval (Brookmeyer–Crowley) inverts the z test of S(t) = 1 − q on the
  complementary log-log scale; the upper limit is unbounded (None) when the test never rejects
  beyond the last event time.

The curve is built from counts per distinct duration (``np.unique`` of the event and of the
censored durations, one sort), so a million tickets take a few tens of milliseconds.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lazy import lazy

# imported on first use (analysis.lazy): a command that needs none of them starts without them
stats = lazy("scipy.stats")
# scipy.stats.norm.ppf is this function (bit for bit), without importing scipy.stats (0.5 s):
# the KPI report's intervals need only the normal quantile
ndtri = lazy("scipy.special", "ndtri")

LEVEL = 0.95
BOOT_REPS = 1_000
BOOT_MAX_N = 2_000          # above this per side the quantile difference takes the Wald step
SEED = 0
COLLETT_EPS = 0.05          # Collett's window for the density at a quantile (see quantile_se)
MIN_N = 30                  # below this per side a comparison is "too small to say"


@dataclass(frozen=True)
class KmCurve:
    """A Kaplan–Meier curve at its event times: `times` (ascending), `surv` S(t) just after each,
    `se` Greenwood's SE of S there, `at_risk`, `events`; `n` observations, `n_events`,
    `n_censored`."""
    times: np.ndarray
    surv: np.ndarray
    se: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray
    n: int
    n_events: int
    n_censored: int


@dataclass(frozen=True)
class KmQuantile:
    """A Kaplan–Meier q-quantile: `estimate` (None when not reached or no data), its interval
    (`ci_low`, `ci_high`; `ci_high` None when unbounded), `n` observations, `events` (finished),
    `censored` (still waiting), `not_reached` (S never fell below 1 − q)."""
    q: float
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    events: int
    censored: int
    not_reached: bool


def _clean(durations, resolved) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(durations, dtype="float64")
    e = np.asarray(resolved, dtype=bool)
    if t.shape != e.shape:
        raise ValueError("durations and resolved flags must have the same length")
    ok = np.isfinite(t)
    if not ok.all():
        t, e = t[ok], e[ok]
    return t, e


def km_curve(durations, resolved) -> KmCurve:
    """The Kaplan–Meier curve of right-censored `durations` (`resolved` True: the event happened
    at that duration; False: still waiting then). NaN durations are ignored."""
    t, e = _clean(durations, resolved)
    n = len(t)
    ev_times, d = np.unique(t[e], return_counts=True)
    cens = np.sort(t[~e])
    # at risk at tᵢ: everyone whose duration is ≥ tᵢ = n − events before tᵢ − censorings before tᵢ
    events_before = np.concatenate([[0], np.cumsum(d)[:-1]])
    at_risk = n - events_before - np.searchsorted(cens, ev_times, side="left")
    d = d.astype("float64")
    at_risk_f = at_risk.astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        surv = np.cumprod(1.0 - d / at_risk_f)
        terms = d / np.clip(at_risk_f * (at_risk_f - d), 1e-12, np.inf)
        terms[at_risk == d] = np.nan            # Greenwood is undefined once the curve hits 0
        se = surv * np.sqrt(np.cumsum(terms))
    return KmCurve(ev_times, surv, se, at_risk, d, n, int(e.sum()), int(n - e.sum()))


FLAT_TOL = 1e-9      # S within this of 1 − q is "exactly" 1 − q (a running product of ratios)


def _quantile_at(curve: KmCurve, q: float) -> float | None:
    target = 1.0 - q
    hit = np.flatnonzero(curve.surv < target - FLAT_TOL)
    if not len(hit):
        return None
    i = hit[0]
    if i > 0 and abs(curve.surv[i - 1] - target) <= FLAT_TOL:
        # the curve sits exactly at 1 − q from the previous event time to this one: the midpoint
        return float((curve.times[i - 1] + curve.times[i]) / 2)
    return float(curve.times[i])


def _quantile_ci(curve: KmCurve, q: float, level: float) -> tuple[float | None, float | None]:
    """Brookmeyer–Crowley limits on the cloglog scale, as SurvfuncRight.quantile_ci."""
    s, se = curve.surv, curve.se
    z = ndtri(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.log(-np.log(s))
        gprime = -1.0 / (s * np.log(s))
        r = (g - np.log(-np.log(1.0 - q))) / (gprime * se)
    inside = np.flatnonzero(np.abs(r) <= z)
    if not len(inside):
        return None, None
    lo = float(curve.times[inside[0]])
    hi = None if inside[-1] == len(curve.times) - 1 else float(curve.times[inside[-1] + 1])
    return lo, hi


def quantile_of(curve: KmCurve, q: float, level: float = LEVEL) -> KmQuantile:
    """The q-quantile of a curve with its interval."""
    est = _quantile_at(curve, q) if curve.n else None
    lo, hi = _quantile_ci(curve, q, level) if curve.n_events else (None, None)
    not_reached = curve.n > 0 and est is None
    return KmQuantile(q, est, lo, hi, curve.n, curve.n_events, curve.n_censored, not_reached)


def km_quantile(durations, resolved, q: float = 0.5, level: float = LEVEL) -> KmQuantile:
    """The Kaplan–Meier q-quantile (0.5: median, 0.9: P90) of right-censored durations."""
    return quantile_of(km_curve(durations, resolved), q, level)


def km_quantiles(durations, resolved, qs=(0.5, 0.9), level: float = LEVEL) -> dict[float, KmQuantile]:
    """Several quantiles of one curve (built once): {q: KmQuantile}."""
    curve = km_curve(durations, resolved)
    return {q: quantile_of(curve, q, level) for q in qs}


# --- log-rank ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class LogRank:
    """The log-rank test of two curves: `chisq` (1 df), `p_value` (None when it cannot be
    computed: a side empty or no event at all), `observed`/`expected` events of the first
    sample; `direction` +1 when the first sample finishes *later* (fewer events than expected:
    longer times), −1 sooner, 0 neither."""
    chisq: float | None
    p_value: float | None
    observed: float
    expected: float
    direction: int
    n1: int
    n2: int
    problem: str | None = None


def logrank(d1, e1, d2, e2) -> LogRank:
    """Log-rank test of "the two samples finish at the same rate": the unweighted test of
    statsmodels `survdiff`, computed here in one pass over the distinct times so the first
    sample's observed and expected events come with it; p from the chi-square survival function,
    so a tiny p is not rounded to 0.
    The first sample's observed and expected events say which way it differs."""
    t1, f1 = _clean(d1, e1)
    t2, f2 = _clean(d2, e2)
    n1, n2 = len(t1), len(t2)
    if n1 == 0 or n2 == 0:
        return LogRank(None, None, float(f1.sum()), np.nan, 0, n1, n2, "one of the periods has no observations")
    if not (f1.any() or f2.any()):
        return LogRank(None, None, 0.0, 0.0, 0, n1, n2, "no observation has finished")
    time = np.concatenate([t1, t2])
    event = np.concatenate([f1, f2]).astype("float64")
    group = np.concatenate([np.zeros(n1, dtype="int8"), np.ones(n2, dtype="int8")])
    # expected events of sample 1: Σ dᵢ · n₁ᵢ / nᵢ over the distinct times
    utime, inverse = np.unique(time, return_inverse=True)
    k = len(utime)
    d_all = np.bincount(inverse, weights=event, minlength=k)
    at_all = np.cumsum(np.bincount(inverse, minlength=k)[::-1])[::-1].astype("float64")
    first = group == 0
    at_1 = np.cumsum(np.bincount(inverse[first], minlength=k)[::-1])[::-1].astype("float64")
    share = at_1 / at_all
    expected = float(np.sum(d_all * share))
    observed = float(f1.sum())
    # the hypergeometric variance of sample 1's events, over times with more than one at risk
    # (as statsmodels `survdiff`, which the tests check this against)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = d_all * share * (1.0 - share) * (at_all - d_all) / (at_all - 1.0)
    variance = float(np.sum(terms[at_all > 1]))
    chisq = (observed - expected) ** 2 / variance if variance > 0 else np.nan
    if not np.isfinite(chisq):
        return LogRank(None, None, observed, expected, 0, n1, n2, "the test is undefined for these samples")
    direction = 0 if np.isclose(observed, expected) else (1 if observed < expected else -1)
    return LogRank(chisq, float(stats.chi2.sf(chisq, 1)), observed, expected, direction, n1, n2)


# --- the change of a quantile between two periods -----------------------------------------------
@dataclass(frozen=True)
class QuantileChange:
    """Current − previous KM q-quantile with its 95 % interval (None where it cannot be given:
    a quantile not reached, or a bound unbounded) and `method` ("bootstrap" or "wald")."""
    current: KmQuantile
    previous: KmQuantile
    change: float | None
    ci_low: float | None
    ci_high: float | None
    method: str


def quantile_se(curve: KmCurve, q: float) -> float | None:
    """SE of the KM q-quantile: Greenwood's SE of S at the quantile over the density there, the
    density read off the curve between the last time with S ≥ 1 − q + ε and the first with
    S ≤ 1 − q − ε, ε = 0.05 (Collett, *Modelling Survival Data in Medical Research*, §2.4).
    None when the curve does not reach that far."""
    est = _quantile_at(curve, q)
    if est is None:
        return None
    s, target = curve.surv, 1.0 - q
    upper = np.flatnonzero(s >= target + COLLETT_EPS)
    lower = np.flatnonzero(s <= target - COLLETT_EPS)
    if not len(lower):
        return None
    u_time, u_surv = (curve.times[upper[-1]], s[upper[-1]]) if len(upper) else (0.0, 1.0)
    l_time, l_surv = curve.times[lower[0]], s[lower[0]]
    if l_time <= u_time:
        return None
    density = (u_surv - l_surv) / (l_time - u_time)
    at = max(int(np.searchsorted(curve.times, est, side="right")) - 1, 0)   # the step at the quantile
    se_s = curve.se[at]
    if not np.isfinite(se_s) or density <= 0:
        return None
    return float(se_s / density)


def _boot_quantiles(t: np.ndarray, e: np.ndarray, q: float, reps: int, rng: np.random.Generator) -> np.ndarray:
    """The KM q-quantile of `reps` resamples (inf where not reached), all at once: each resample
    sorted by (time, events before censorings), S after each row is a running product of
    (1 − event / at-risk) (ties telescope to (1 − d/n)), and the quantile the first time S < 1 − q."""
    n = len(t)
    order = np.lexsort((~e, t))               # ranks by time, an event before a censoring at a tie
    ts, es = t[order], e[order]
    idx = np.sort(rng.integers(0, n, size=(reps, n)), axis=1)
    times, events = ts[idx], es[idx].astype("float64")
    at_risk = n - np.arange(n, dtype="float64")
    surv = np.cumprod(1.0 - events / at_risk, axis=1)
    below = surv < 1.0 - q - FLAT_TOL
    found = below.any(axis=1)
    first = below.argmax(axis=1)
    rows = np.arange(reps)
    at = times[rows, first]
    # the curve exactly at 1 − q before it: the midpoint from the last event time (as _quantile_at)
    last_event = np.maximum.accumulate(np.where(events > 0, times, -np.inf), axis=1)
    before = np.maximum(first - 1, 0)
    flat = (first > 0) & (np.abs(surv[rows, before] - (1.0 - q)) <= FLAT_TOL)
    at = np.where(flat, (last_event[rows, before] + at) / 2, at)
    return np.where(found, at, np.inf)


def quantile_change(d1, e1, d2, e2, q: float = 0.5, level: float = LEVEL, reps: int = BOOT_REPS,
                    seed: int = SEED) -> QuantileChange:
    """The change of the KM q-quantile from sample 2 (previous) to sample 1 (current).

    Up to BOOT_MAX_N observations a side: percentile bootstrap of that very difference (each
    sample resampled apart, `reps` times, seeded; a resample whose quantile is not reached counts
    as +∞, so a bound that reaches it is unbounded). Above: a Wald step, difference ± z·√(SE₁² +
    SE₂²), each SE by `quantile_se` (Collett's density estimate). No interval when either
    quantile is not reached."""
    t1, f1 = _clean(d1, e1)
    t2, f2 = _clean(d2, e2)
    c1, c2 = km_curve(t1, f1), km_curve(t2, f2)
    cur, prev = quantile_of(c1, q, level), quantile_of(c2, q, level)
    boot = max(len(t1), len(t2)) <= BOOT_MAX_N
    method = "bootstrap" if boot else "wald"
    if cur.estimate is None or prev.estimate is None:
        return QuantileChange(cur, prev, None, None, None, method)
    change = cur.estimate - prev.estimate
    if boot:
        if min(len(t1), len(t2)) < 2:
            return QuantileChange(cur, prev, change, None, None, method)
        rng = np.random.default_rng(seed)
        a = _boot_quantiles(t1, f1, q, reps, rng)
        b = _boot_quantiles(t2, f2, q, reps, rng)
        with np.errstate(invalid="ignore"):
            diff = a - b
        diff = np.sort(np.where(np.isnan(diff), np.inf, diff))   # both not reached: unknown, unbounded
        lo_i = int(np.floor((1 - level) / 2 * reps))
        hi_i = min(int(np.ceil((1 + level) / 2 * reps)) - 1, reps - 1)
        lo, hi = diff[lo_i], diff[hi_i]
        return QuantileChange(cur, prev, change, float(lo) if np.isfinite(lo) else None,
                              float(hi) if np.isfinite(hi) else None, method)
    se1, se2 = quantile_se(c1, q), quantile_se(c2, q)
    if se1 is None or se2 is None:
        return QuantileChange(cur, prev, change, None, None, method)
    half = ndtri(0.5 + level / 2) * float(np.hypot(se1, se2))
    return QuantileChange(cur, prev, change, float(change - half), float(change + half), method)
