"""Reference Kaplan–Meier figures for the tests, read off statsmodels ``SurvfuncRight`` (not
analysis.survival): the quantile with R's / SAS's midpoint where the curve sits exactly at 1 − q
between two event times (statsmodels' own rule otherwise), and its interval."""
from __future__ import annotations

import numpy as np
from statsmodels.duration.survfunc import SurvfuncRight


def sm_curve(durations, finished) -> SurvfuncRight:
    return SurvfuncRight(np.asarray(durations, dtype="float64"), np.asarray(finished, dtype="float64"))


def sm_quantile(sf: SurvfuncRight, q: float) -> float | None:
    """The q-quantile of a statsmodels curve: statsmodels' `quantile` (first event time with
    S < 1 − q), or the midpoint to the previous event time where S there equals 1 − q exactly."""
    s, times = sf.surv_prob, sf.surv_times
    below = np.flatnonzero(s < 1 - q - 1e-9)
    if not len(below):
        assert np.isnan(sf.quantile(q))
        return None
    i = below[0]
    if i > 0 and abs(s[i - 1] - (1 - q)) <= 1e-9:
        return float((times[i - 1] + times[i]) / 2)
    assert np.isclose(sf.quantile(q), times[i])
    return float(times[i])


def sm_interval(sf: SurvfuncRight, q: float) -> tuple[float | None, float | None]:
    """statsmodels' Brookmeyer–Crowley (cloglog) interval; None for an unbounded or missing limit."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lo, hi = sf.quantile_ci(q)
    return (None if not np.isfinite(lo) else float(lo)), (None if not np.isfinite(hi) else float(hi))
