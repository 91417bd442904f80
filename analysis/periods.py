"""A metric per period (day, ISO week, month, quarter, year) with n and a 95 % interval, and the
current period against the previous one and the same period last year.

Bucketing works on naive wall-clock times (the `Dataset` contract). Time-zone-aware input is
first converted to one zone (:func:`wall_clock`), so a data set that crosses a daylight-saving
change, or mixes offsets, lands every instant in the period of its local calendar day.

Labels: day ``2025-03-01``, week ``2025-W01`` (ISO 8601: weeks start on Monday and belong to
the year of their Thursday, so 2024-12-30 is in 2025-W01), month ``2025-03``, quarter
``2025-Q1``, year ``2025``.

Intervals (95 % by default) per metric kind:
- proportion: Wilson score interval (statsmodels `proportion_confint(method="wilson")`), in %;
- median / P90 of a time still running for open tickets (first response, resolution: a metric
  with a `censor` reason): the Kaplan–Meier quantile with open tickets censored at their wait
  so far, and its Brookmeyer–Crowley interval (:mod:`analysis.survival`); "not reached" (no
  value, ``not_reached`` True) when the curve never falls to 1 − q; the comparisons use the
  log-rank test (:func:`analysis.compare.logrank_quantile_test`);
- other median / P90: percentile bootstrap. Seeded resampling (1,000 reps, seed 0) while the whole
  table needs at most :data:`RESAMPLE_BUDGET` draws (about 5,000 observations); beyond that the
  *exact* bootstrap distribution of the order statistic (the limit of the resampling bootstrap as
  reps → ∞, from the binomial formula), which needs no seed and keeps a million tickets, or 730
  daily periods, within the speed budget;
- mean: Student t interval, mean ± t(n−1)·s/√n;
- nps: normal interval with the trinomial variance (p₊ + p₋ − (p₊ − p₋)²)/n, in points;
- count: exact Poisson (Garwood) interval for the number of tickets.

A period is *partial* when the data do not cover all of its days: the first and last periods of
a data set that starts or ends mid-period.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.compare import StatTest, holm, logrank_quantile_test, test_for_kind
from analysis.inference import wilson_interval
from analysis.lazy import lazy
from analysis.metrics import COUNT, MEAN, MEDIAN, NPS, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN, P90, PROPORTION, Metric

# imported on first use (analysis.lazy): a command that needs none of them starts without them
stats = lazy("scipy.stats")

GRAINS = ("day", "week", "month", "quarter", "year")
RESAMPLE_MAX_N = 5_000
RESAMPLE_BUDGET = 5_000_000     # draws per table: 1,000 reps × 5,000 observations in all
BOOT_REPS = 1_000
SEED = 0
ALPHA = 0.05        # a comparison's p below this reads as a real change
TABLE_COLUMNS = ["period", "start", "end", "value", "n", "ci_low", "ci_high", "partial"]
_FREQ = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}
_QUANTILE = {MEDIAN: 0.5, P90: 0.9}


class PeriodError(ValueError):
    """A request the period analysis cannot answer (unknown grain, no dated observations…)."""


def _check_grain(grain: str) -> None:
    if grain not in GRAINS:
        raise PeriodError(f"unknown grain {grain!r}: use one of {', '.join(GRAINS)}")


# --- bucketing --------------------------------------------------------------------------------
def wall_clock(when: pd.Series, tz: str | None = None) -> pd.Series:
    """Naive datetime64[ns] wall-clock times. Naive input is taken as already local. Aware input
    (or strings with offsets, even mixed ones) is converted to `tz` — by default the series' own
    zone, or UTC for mixed offsets — and the zone dropped, so each instant keeps its local
    calendar day."""
    s = pd.Series(when)
    if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
        parsed = pd.to_datetime(s, errors="coerce", utc=True, format="mixed")
        had_offset = s.astype("str").str.contains(r"(?:[+-]\d{2}:?\d{2}|Z)$", regex=True).any()
        s = parsed if had_offset else parsed.dt.tz_localize(None)
    elif not isinstance(s.dtype, pd.DatetimeTZDtype):
        s = pd.to_datetime(s, errors="coerce")
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        if tz is not None:
            s = s.dt.tz_convert(tz)
        s = s.dt.tz_localize(None)
    return s.astype("datetime64[ns]")


def _starts_of_days(days: np.ndarray, grain: str) -> np.ndarray:
    """Period start (datetime64[D]) of each calendar day in `days` (datetime64[D])."""
    if grain == "day":
        return days
    if grain == "week":
        d = days.astype("int64")
        return (d - (d + 3) % 7).astype("datetime64[D]")      # 1970-01-01 was a Thursday (Monday = 0)
    if grain == "month":
        return days.astype("datetime64[M]").astype("datetime64[D]")
    if grain == "quarter":
        m = days.astype("datetime64[M]").astype("int64")
        return (m - m % 3).astype("datetime64[M]").astype("datetime64[D]")
    return days.astype("datetime64[Y]").astype("datetime64[D]")


_NS_PER_DAY = 86_400 * 10 ** 9


def period_codes(when: pd.Series, grain: str) -> tuple[np.ndarray, pd.DatetimeIndex]:
    """(code of each time's period, the grid of period starts from the first to the last): code
    i means grid[i]; −1 where the time is missing. The calendar arithmetic is done once per
    distinct day (a lookup table), then gathered, so a million rows cost a few milliseconds."""
    _check_grain(grain)
    t = wall_clock(when).to_numpy("datetime64[ns]")
    bad = np.isnat(t)
    codes = np.full(len(t), -1, dtype="int64")
    if bad.all():
        return codes, pd.DatetimeIndex([], dtype="datetime64[ns]")
    days = np.floor_divide(t.view("int64"), _NS_PER_DAY)
    good = days[~bad]
    first, last = good.min(), good.max()
    lut_starts = _starts_of_days(np.arange(first, last + 1).astype("datetime64[D]"), grain)
    grid = pd.date_range(lut_starts[0], lut_starts[-1], freq=_FREQ[grain]).astype("datetime64[ns]")
    lut_codes = np.searchsorted(grid.to_numpy().astype("datetime64[D]"), lut_starts)
    codes[~bad] = lut_codes[good - first]
    return codes, grid


def period_start(when: pd.Series, grain: str) -> np.ndarray:
    """The start (midnight of its first day) of the period each time falls in, as a
    datetime64[ns] array; NaT stays NaT."""
    codes, grid = period_codes(when, grain)
    out = np.full(len(codes), np.datetime64("NaT"), dtype="datetime64[ns]")
    ok = codes >= 0
    out[ok] = grid.to_numpy()[codes[ok]]
    return out


def period_end(start: pd.Timestamp, grain: str) -> pd.Timestamp:
    """The exclusive end of the period starting at `start` (the next period's start)."""
    _check_grain(grain)
    step = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(days=7), "month": pd.DateOffset(months=1),
            "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}[grain]
    return pd.Timestamp(start) + step


def period_label(start: pd.Timestamp, grain: str) -> str:
    """The label of the period starting at `start` (see the module docstring)."""
    _check_grain(grain)
    start = pd.Timestamp(start)
    if grain == "day":
        return start.strftime("%Y-%m-%d")
    if grain == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if grain == "month":
        return start.strftime("%Y-%m")
    if grain == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def period_labels(when: pd.Series, grain: str) -> pd.Series:
    """The period label of every time (NA where the time is missing)."""
    starts = pd.Series(period_start(when, grain), index=pd.Series(when).index)
    uniq = starts.dropna().unique()
    names = {s: period_label(s, grain) for s in uniq}
    return starts.map(names).astype("str").where(starts.notna())


def same_period_last_year(start: pd.Timestamp, grain: str) -> pd.Timestamp | None:
    """Start of the same period one year earlier: the same date, ISO week number, month or
    quarter (None when the ISO week did not exist, i.e. week 53)."""
    _check_grain(grain)
    start = pd.Timestamp(start)
    if grain == "week":
        year, week, _ = start.isocalendar()
        try:
            return pd.Timestamp.fromisocalendar(year - 1, week, 1)
        except ValueError:
            return None
    return start - pd.DateOffset(years=1)


# --- intervals --------------------------------------------------------------------------------
def t_interval(mean, sd, n, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Student t interval for a mean: mean ± t(n−1)·sd/√n; NaN where n < 2."""
    mean, sd, n = (np.asarray(v, dtype="float64") for v in (mean, sd, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        half = stats.t.ppf(0.5 + level / 2, n - 1) * sd / np.sqrt(n)
    half = np.where(n >= 2, half, np.nan)
    return mean - half, mean + half


def poisson_interval(count, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval for a Poisson count, from chi-square quantiles."""
    k = np.asarray(count, dtype="float64")
    a = 1 - level
    lo = np.where(k > 0, stats.chi2.ppf(a / 2, 2 * k) / 2, 0.0)
    hi = stats.chi2.ppf(1 - a / 2, 2 * k + 2) / 2
    return lo, hi


def nps_interval(promoters, detractors, n, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Normal interval for NPS in points, with the variance of a difference of two shares of one
    trinomial sample: (p₊ + p₋ − (p₊ − p₋)²)/n."""
    pp, pd_, n = (np.asarray(v, dtype="float64") for v in (promoters, detractors, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        p_plus, p_minus = pp / n, pd_ / n
        nps = p_plus - p_minus
        se = np.sqrt((p_plus + p_minus - nps ** 2) / n)
    z = stats.norm.ppf(0.5 + level / 2)
    return 100 * (nps - z * se), 100 * (nps + z * se)


def bootstrap_quantile_interval(values, q: float, level: float = 0.95, reps: int | None = BOOT_REPS,
                                seed: int = SEED) -> tuple[float | None, float | None]:
    """Percentile-bootstrap interval for the q-quantile of `values`.

    With `reps` set and n ≤ RESAMPLE_MAX_N: `reps` seeded resamples, each summarised by the same
    linearly interpolated quantile the metric reports. Otherwise (or `reps=None`) the exact
    bootstrap distribution of the ⌈q·n⌉-th order statistic: in a resample, that order statistic
    is ≤ x₍ⱼ₎ exactly when at least ⌈q·n⌉ draws are ≤ x₍ⱼ₎, a Binomial(n, j/n) event."""
    x = np.sort(np.asarray(pd.Series(values, dtype="float64").dropna()))
    return _quantile_interval_sorted(x, q, level, reps, seed)


def _quantile_interval_sorted(x: np.ndarray, q: float, level: float, reps: int | None,
                              seed: int) -> tuple[float | None, float | None]:
    n = len(x)
    if n < 2:
        return None, None
    lo_p, hi_p = (1 - level) / 2, 1 - (1 - level) / 2
    if reps is not None and n <= RESAMPLE_MAX_N:
        rng = np.random.default_rng(seed)
        boot = np.quantile(x[rng.integers(0, n, size=(reps, n))], q, axis=1)
        lo, hi = np.quantile(boot, [lo_p, hi_p])
        return float(lo), float(hi)
    k = max(int(np.ceil(q * n)), 1)
    # the distribution's mass lies within a few binomial SDs of k: evaluate the CDF only there
    width = int(7 * np.sqrt(n * q * (1 - q))) + 20    # beyond 7 SDs the tail is < 1e-11
    j = np.arange(max(k - width, 1), min(k + width, n) + 1)
    cdf = stats.binom.sf(k - 1, n, j / n)          # P(k-th order statistic of a resample ≤ x_(j))
    lo = j[min(np.searchsorted(cdf, lo_p), len(j) - 1)]
    hi = j[min(np.searchsorted(cdf, hi_p), len(j) - 1)]
    return float(x[lo - 1]), float(x[hi - 1])


# --- the per-period table ---------------------------------------------------------------------
def _span_days(obs: pd.DataFrame, span) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """(first day, last day) of the data's coverage, at midnight."""
    if span is None:
        when = obs["when"].dropna()
        if when.empty:
            return None
        span = (when.min(), when.max())
    first, last = (wall_clock(pd.Series([v])).iloc[0] for v in span)
    if pd.isna(first) or pd.isna(last):
        return None
    return first.normalize(), last.normalize()


@dataclass(frozen=True)
class _Bucketed:
    """Observations with their period codes: shared by the table and the comparisons so the
    bucketing of a million rows is done once."""
    when: pd.Series
    value: np.ndarray
    codes: np.ndarray
    grid: pd.DatetimeIndex
    event: np.ndarray | None = None      # censored times: True finished, False still waiting


def _bucket(obs: pd.DataFrame, grain: str) -> _Bucketed:
    """`obs` with an ``event`` column (bool) holds censored times (see `censored_observations`)."""
    _check_grain(grain)
    when = wall_clock(obs["when"])
    value = pd.to_numeric(obs["value"]).to_numpy("float64")
    event = obs["event"].to_numpy(dtype=bool) if "event" in obs.columns else None
    keep = when.notna().to_numpy() & ~np.isnan(value)
    if not keep.all():
        when, value = when[keep], value[keep]
        event = None if event is None else event[keep]
    codes, grid = period_codes(when, grain)
    return _Bucketed(when, value, codes, grid, event)


def censored_observations(frame: pd.DataFrame, metric: Metric) -> pd.DataFrame:
    """The rows of a `Metric.frame` a Kaplan–Meier figure uses: ``when``, ``value`` and
    ``event`` (True: finished; False: open, censored at its wait so far). Without a `censor`
    reason the metric's usable rows, all finished. An open row with no wait (no creation time)
    stays out, under its reason."""
    usable = frame["reason"].isna()
    keep = usable
    if metric.censor is not None:
        keep = usable | ((frame["reason"] == metric.censor).fillna(False) & frame["value"].notna())
    out = frame.loc[keep, ["when", "value"]]
    return out.assign(event=usable[keep].to_numpy(dtype=bool))


def censored_excluded(frame: pd.DataFrame, metric: Metric) -> tuple[dict[str, int], int]:
    """({reason: rows} left out of the Kaplan–Meier figure, rows censored): the censored rows
    are in it, not left out."""
    from analysis.metrics import excluded_counts

    counts = excluded_counts(frame)
    if metric.censor is None:
        return counts, 0
    censored = int(((frame["reason"] == metric.censor).fillna(False) & frame["value"].notna()).sum())
    left = counts.pop(metric.censor, 0) - censored
    if left > 0:
        counts[metric.censor] = left
    return counts, censored


def _group_order(codes: np.ndarray, k: int) -> np.ndarray:
    """Row order grouping equal codes together (radix sort on small integers)."""
    small = codes.astype(np.int16) if k < np.iinfo(np.int16).max else codes
    return np.argsort(small, kind="stable")


def period_table(obs: pd.DataFrame, metric: Metric, grain: str, span=None, level: float = 0.95,
                 reps: int | None = BOOT_REPS, seed: int = SEED) -> pd.DataFrame:
    """One row per period from the first to the last with data (empty periods in between kept,
    with n = 0 and no value, except counts which are 0): ``period`` label, ``start``/``end``
    (end exclusive), ``value`` (the metric's figure, its unit), ``n`` (observations),
    ``ci_low``/``ci_high`` (the interval, same unit, NaN when n cannot support one) and
    ``partial`` (the data cover only part of the period). `obs` is `metric.observations(...)`;
    `span` (first, last time of the data) defaults to the observations' own."""
    return _table(_bucket(obs, grain), metric, grain, span, level, reps, seed)


def _table(b: _Bucketed, metric: Metric, grain: str, span, level: float, reps: int | None,
           seed: int) -> pd.DataFrame:
    when, value, codes, grid = b.when, b.value, b.codes, b.grid
    if len(value) == 0:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in TABLE_COLUMNS})
    k = len(grid)
    n = np.bincount(codes, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.bincount(codes, weights=value, minlength=k)
        mean = np.where(n > 0, total / n, np.nan)
    kind = metric.kind
    if kind == PROPORTION:
        val = 100 * mean
        lo, hi = (100 * v for v in wilson_interval(total, n, level))
    elif kind == MEAN:
        with np.errstate(invalid="ignore", divide="ignore"):
            sq = np.bincount(codes, weights=(value - mean[codes]) ** 2, minlength=k)
            sd = np.sqrt(sq / (n - 1))
        val = mean
        lo, hi = t_interval(mean, sd, n, level)
    elif kind == COUNT:
        val = n.astype("float64")
        lo, hi = poisson_interval(n, level)
    elif kind == NPS:
        prom = np.bincount(codes, weights=(value >= NPS_PROMOTER_MIN), minlength=k)
        detr = np.bincount(codes, weights=(value <= NPS_DETRACTOR_MAX), minlength=k)
        with np.errstate(invalid="ignore", divide="ignore"):
            val = 100 * (prom - detr) / n
        lo, hi = nps_interval(prom, detr, n, level)
    elif kind in _QUANTILE and b.event is not None:
        return _km_table(b, metric, grain, span, level)
    elif kind in _QUANTILE:
        q = _QUANTILE[kind]
        val, lo, hi = np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan)
        # group rows by period once (an integer sort), then each period is a contiguous slice:
        # a loop over periods, not rows
        sorted_vals = value[_group_order(codes, k)]
        if reps is not None and len(value) * reps > RESAMPLE_BUDGET:
            reps = None
        bounds = np.concatenate([[0], np.cumsum(n)])
        for i in range(k):
            x = np.sort(sorted_vals[bounds[i]:bounds[i + 1]])
            if len(x):
                val[i] = np.quantile(x, q)      # linear interpolation, as Metric.aggregate
                lo[i], hi[i] = (np.nan if v is None else v for v in _quantile_interval_sorted(x, q, level, reps, seed))
    else:
        raise PeriodError(f"unknown metric kind {kind!r}")
    first, last = _span_days(pd.DataFrame({"when": when}), span)
    ends = pd.DatetimeIndex([period_end(s, grain) for s in grid]).astype("datetime64[ns]")
    partial = (grid < first) | (ends > last + pd.Timedelta(days=1))
    return pd.DataFrame({
        "period": [period_label(s, grain) for s in grid],
        "start": grid, "end": ends,
        "value": val, "n": n.astype("int64"), "ci_low": lo, "ci_high": hi, "partial": np.asarray(partial)})


def _km_table(b: _Bucketed, metric: Metric, grain: str, span, level: float) -> pd.DataFrame:
    """The per-period table of a censored time: per period the Kaplan–Meier quantile (NaN when
    not reached) with its interval (``ci_high`` NaN when unbounded), ``n`` (finished and
    waiting), ``censored`` and ``not_reached``. A loop over periods, each a contiguous slice."""
    from analysis.survival import km_quantile

    q = _QUANTILE[metric.kind]
    k = len(b.grid)
    n = np.bincount(b.codes, minlength=k)
    order = _group_order(b.codes, k)
    values, events = b.value[order], b.event[order]
    bounds = np.concatenate([[0], np.cumsum(n)])
    val, lo, hi = np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan)
    censored = np.zeros(k, dtype="int64")
    not_reached = np.zeros(k, dtype=bool)
    for i in range(k):
        if n[i]:
            r = km_quantile(values[bounds[i]:bounds[i + 1]], events[bounds[i]:bounds[i + 1]], q, level)
            val[i], lo[i], hi[i] = (np.nan if v is None else v for v in (r.estimate, r.ci_low, r.ci_high))
            censored[i], not_reached[i] = r.censored, r.not_reached
    first, last = _span_days(pd.DataFrame({"when": b.when}), span)
    ends = pd.DatetimeIndex([period_end(s, grain) for s in b.grid]).astype("datetime64[ns]")
    partial = (b.grid < first) | (ends > last + pd.Timedelta(days=1))
    return pd.DataFrame({
        "period": [period_label(s, grain) for s in b.grid], "start": b.grid, "end": ends,
        "value": val, "n": n.astype("int64"), "ci_low": lo, "ci_high": hi, "partial": np.asarray(partial),
        "censored": censored, "not_reached": not_reached})


def covered_days(row: pd.Series, span) -> float:
    """Days of the period `row` (start, end) that the data's span covers."""
    first, last = span
    start = max(pd.Timestamp(row["start"]), first)
    end = min(pd.Timestamp(row["end"]), last + pd.Timedelta(days=1))
    return max((end - start) / pd.Timedelta(days=1), 0.0)


# --- comparisons ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodComparison:
    """The current period against one earlier period (`against`: "previous" or "last_year").
    `change` = current − previous value in the metric's unit (points for percentages); None when
    either value is missing."""
    current: str
    previous: str
    against: str
    current_value: float | None
    previous_value: float | None
    change: float | None
    test: StatTest


def _num(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def previous_start(start: pd.Timestamp, grain: str) -> pd.Timestamp:
    """Start of the period just before the one starting at `start`."""
    _check_grain(grain)
    step = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(days=7), "month": pd.DateOffset(months=1),
            "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}[grain]
    return pd.Timestamp(start) - step


def compare_periods(obs: pd.DataFrame, metric: Metric, grain: str, current: str | None = None,
                    span=None, table: pd.DataFrame | None = None) -> list[PeriodComparison]:
    """The `current` period (label; default the last with data) against the previous period and
    the same period last year (for the year grain these coincide: one comparison), each with the
    metric kind's test (see `analysis.compare`). An earlier period outside the data is skipped.
    `table` is `period_table` of the same observations, when already computed."""
    b = _bucket(obs, grain)
    if table is None:
        table = _table(b, metric, grain, span, 0.95, None, SEED)
    return _compare(b, table, metric, grain, current, span)


def period_report(obs: pd.DataFrame, metric: Metric, grain: str, span=None, current: str | None = None,
                  level: float = 0.95, reps: int | None = BOOT_REPS,
                  seed: int = SEED) -> tuple[pd.DataFrame, list[PeriodComparison]]:
    """`period_table` and `compare_periods` together, bucketing the observations once."""
    b = _bucket(obs, grain)
    table = _table(b, metric, grain, span, level, reps, seed)
    return table, _compare(b, table, metric, grain, current, span)


def _compare(b: _Bucketed, table: pd.DataFrame, metric: Metric, grain: str, current: str | None,
             span) -> list[PeriodComparison]:
    if table.empty:
        return []
    by_label = table.set_index("period")
    current = table["period"].iloc[-1] if current is None else current
    if current not in by_label.index:
        raise PeriodError(f"period {current!r} is not in the data ({table['period'].iloc[0]} … "
                          f"{table['period'].iloc[-1]})")
    cur = by_label.loc[current]
    targets = [("previous", previous_start(cur["start"], grain))]
    if grain != "year":
        targets.append(("last_year", same_period_last_year(cur["start"], grain)))
    cover = _span_days(pd.DataFrame({"when": b.when}), span)

    def rows_of(start) -> np.ndarray:
        return b.codes == b.grid.get_loc(pd.Timestamp(start))

    here = rows_of(cur["start"])
    a = b.value[here]
    out = []
    for against, start in targets:
        label = None if start is None else period_label(start, grain)
        if label is None or label not in by_label.index:
            continue
        prev = by_label.loc[label]
        there = rows_of(prev["start"])
        if b.event is not None and metric.kind in _QUANTILE:
            res = logrank_quantile_test(a, b.event[here], b.value[there], b.event[there], _QUANTILE[metric.kind])
        else:
            res = test_for_kind(metric.kind, a, b.value[there],
                                days=(covered_days(cur, cover), covered_days(prev, cover)))
        cv, pv = _num(cur["value"]), _num(prev["value"])
        out.append(PeriodComparison(current, label, against, cv, pv,
                                    None if cv is None or pv is None else cv - pv, res))
    return out


def compare_segments(tickets: pd.DataFrame, responses: pd.DataFrame, metric: Metric, segment: str,
                     grain: str, current: str | None = None, against: str = "previous") -> pd.DataFrame:
    """The current-vs-earlier comparison (`against` "previous" or "last_year") within each value
    of the `segment` column (e.g. channel_key), with Holm-adjusted p-values (``p_holm``) because
    several segments are tested at once. One row per segment: segment, current, previous,
    current_value, previous_value, change, test, p_value, p_holm, effect_size, n_current,
    n_previous, too_small (True also where the segment has no data in one of the periods)."""
    frame = tickets if metric.source == "tickets" else responses
    if segment not in frame.columns:
        raise PeriodError(f"segment column {segment!r} is not in the {metric.source}")
    all_obs = censored_observations(metric.frame(tickets, responses), metric) if metric.censor \
        else metric.observations(tickets, responses)
    if current is None:
        table = period_table(all_obs, metric, grain, reps=None)
        if table.empty:
            raise PeriodError(f"no dated observations for {metric.key}")
        current = table["period"].iloc[-1]
    seg = frame[segment].reindex(all_obs.index)
    rows = []
    for value in seg.dropna().unique():
        obs = all_obs[(seg == value).to_numpy()]
        try:
            found = [c for c in compare_periods(obs, metric, grain, current=current) if c.against == against]
        except PeriodError:
            found = []
        row = {"segment": value, "current": current, "previous": None, "current_value": None,
               "previous_value": None, "change": None, "test": None, "p_value": None, "effect_size": None,
               "n_current": 0, "n_previous": 0, "too_small": True}
        if found:
            c = found[0]
            row.update(previous=c.previous, current_value=c.current_value, previous_value=c.previous_value,
                       change=c.change, test=c.test.test, p_value=c.test.p_value, effect_size=c.test.effect_size,
                       n_current=c.test.n1, n_previous=c.test.n2, too_small=c.test.too_small)
        rows.append(row)
    out = pd.DataFrame(rows)
    if not out.empty:
        out.insert(out.columns.get_loc("p_value") + 1, "p_holm", holm(out["p_value"].tolist()))
    return out


def segment_summary(segments: pd.DataFrame, alpha: float = ALPHA) -> dict[str, int]:
    """Counts over a `compare_segments` result: ``tested`` (segments with a p-value),
    ``significant`` (Holm-adjusted p < `alpha` and not too small to say), ``small`` (too small
    to say)."""
    if segments.empty:
        return {"tested": 0, "significant": 0, "small": 0}
    p = pd.to_numeric(segments["p_holm"], errors="coerce")
    small = segments["too_small"].astype(bool)
    return {"tested": int(p.notna().sum()), "significant": int(((p < alpha) & ~small).sum()),
            "small": int(small.sum())}


# --- the payload for the CLI and the page -----------------------------------------------------
def _json(v):
    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    return f if np.isfinite(f) else None


@dataclass(frozen=True)
class PeriodView:
    """A metric of a dataset per period: the `period_table`, the current period's comparisons,
    the observations used (`n`) and the rows left out per reason (`excluded`, see
    `analysis.metrics`). The Period comparison page and the CLI both read this."""
    metric: Metric
    grain: str
    table: pd.DataFrame
    comparisons: list[PeriodComparison]
    n: int
    excluded: dict[str, int]
    censored: int = 0          # open tickets counted as still waiting (Kaplan–Meier times)


def metric_periods(dataset, metric: str, grain: str, reps: int | None = BOOT_REPS,
                   seed: int = SEED) -> PeriodView:
    """The per-period table and comparisons of the KPI `metric` (a key of the registry for the
    dataset's CSAT scale) at `grain`. Ticket metrics take the tickets' date span for partial
    periods, response metrics their own; the observations are read once."""
    from analysis.metrics import build_metrics, excluded_counts

    metrics = build_metrics(getattr(dataset, "csat_scale", (1, 5)))
    if metric not in metrics:
        raise PeriodError(f"unknown metric {metric!r}: use one of {', '.join(metrics)}")
    _check_grain(grain)
    m = metrics[metric]
    responses = dataset.responses() if m.source == "responses" else dataset.tickets.iloc[:0]
    frame = m.frame(dataset.tickets, responses)
    span = dataset.date_span if m.source == "tickets" else None
    span = None if span is None or span[0] is None else span
    if m.censor is not None and m.kind in _QUANTILE:     # Kaplan–Meier per period, log-rank between
        obs = censored_observations(frame, m)
        excluded, censored = censored_excluded(frame, m)
        table, comparisons = period_report(obs, m, grain, span=span, reps=reps, seed=seed)
        return PeriodView(m, grain, table, comparisons, int(len(obs)), excluded, censored)
    obs = frame.loc[frame["reason"].isna(), ["when", "value"]]
    table, comparisons = period_report(obs, m, grain, span=span, reps=reps, seed=seed)
    return PeriodView(m, grain, table, comparisons, int(len(obs)), excluded_counts(frame))


VERDICTS = ("no_data", "no_test", "too_small", "up", "down", "no_clear_change")


def comparison_verdict(c: PeriodComparison, alpha: float = ALPHA) -> str:
    """What a comparison says, in one word for a sentence: ``no_data`` (a value is missing),
    ``no_test`` (the test could not be computed, see ``c.test.problem``), ``too_small`` (too few
    observations to say), ``up`` / ``down`` (p < `alpha`: the change is unlikely to be chance),
    ``no_clear_change`` (p ≥ `alpha`: within what chance produces). A log-rank comparison
    (censored times) takes its direction from the test: ``up`` when the current period finishes
    later (longer times), ``down`` sooner; ``no_data`` there only when a side has no rows."""
    # a test with a direction of its own (log-rank on censored times): the verdict follows it,
    # even where a Kaplan–Meier quantile is not reached and so has no change to show
    own = c.test.direction is not None or c.test.test == "logrank"
    if (not c.test.n1 or not c.test.n2) if own else c.change is None:
        return "no_data"
    if c.test.p_value is None:
        return "no_test"
    if c.test.too_small:
        return "too_small"
    if c.test.p_value < alpha:
        return "up" if ((c.test.direction or 0) > 0 if own else c.change > 0) else "down"
    return "no_clear_change"


def segment_options(frame: pd.DataFrame, candidates) -> list[str]:
    """The `candidates` columns of `frame` that can split it into segments: present, with at
    least two distinct non-missing values."""
    return [c for c in candidates if c in frame.columns and frame[c].nunique(dropna=True) >= 2]


def compare_payload(dataset, metric: str, period: str) -> dict:
    """`{"metric", "period", "periods": [{"period", "value", "n", "ci_low", "ci_high",
    "partial"}], "comparisons": [{"current", "previous", "against", "current_value",
    "previous_value", "n_current", "n_previous", "change", "ci_low", "ci_high", "test", "p_value",
    "effect_size", "too_small", "verdict"}]}` for a `Dataset`, a metric key and a grain; JSON-safe
    (None for NaN). For first response and resolution times each period also has ``censored``
    (open tickets counted as still waiting) and ``not_reached`` (the Kaplan–Meier quantile is not
    reached: ``value`` None), and the test is ``logrank``. ``ci_low``/``ci_high`` bound the change; ``p_value`` is None when the sides are
    too small to say (``too_small``), as on the page."""
    view = metric_periods(dataset, metric, period)
    table, comparisons = view.table, view.comparisons
    km = "not_reached" in table.columns      # Kaplan–Meier per period (times with open tickets censored)
    return {
        "metric": metric,
        "period": period,
        "periods": [{"period": r.period, "value": _json(r.value), "n": int(r.n), "ci_low": _json(r.ci_low),
                     "ci_high": _json(r.ci_high), "partial": bool(r.partial),
                     **({"censored": int(r.censored), "not_reached": bool(r.not_reached)} if km else {})}
                    for r in table.itertuples()],
        "comparisons": [{"current": c.current, "previous": c.previous, "against": c.against,
                         "current_value": _json(c.current_value), "previous_value": _json(c.previous_value),
                         "n_current": int(c.test.n1), "n_previous": int(c.test.n2), "change": _json(c.change),
                         "ci_low": _json(c.test.ci_low), "ci_high": _json(c.test.ci_high), "test": c.test.test,
                         "p_value": None if c.test.too_small else _json(c.test.p_value),
                         "effect_size": _json(c.test.effect_size), "too_small": bool(c.test.too_small),
                         "verdict": comparison_verdict(c)} for c in comparisons],
    }
