"""Goals: is a metric where it should be, judged at the goal's own grain?

A :class:`Goal` names a metric (a key of the KPI registry, or ``complaint_resolution_pct``), a
direction, a baseline (typed, or the metric over a baseline period), a target, a start and a
deadline (dates, both inclusive), an optional segment filter ``{column: value}`` and its
**grain**: the period whose value the target is about ("Quarterly CSAT 85 %" is read per
quarter). Without a grain, :func:`default_grain` takes it from the dates.

:func:`evaluate_goal` reads the goal's window [start, deadline] per period of its grain (each
period clipped to the window; a period is *complete* once the data reach its last day in the
window) and gives:

- **current**: the latest complete period with at least :data:`MIN_N` observations (its label,
  value and n). Past the deadline: the *deadline period* (the one holding the deadline), whatever
  its n. The period still in progress is reported beside it (``partial_*``), flagged, and is
  never the basis of a verdict;
- **progress** = (current − baseline) / (target − baseline): 0 at the baseline, 1 at the target,
  negative when the metric moved the wrong way; shown as it is, with the n behind it. None when
  the status is "not enough data" and for a hold-the-line goal (target = baseline, where the
  ratio has no meaning). A goal with no complete period yet (a quarter under way) takes it from
  the period in progress when that has at least MIN_N observations (``progress_partial``);
- **projection**: the deadline period's value as the data are heading: what is already observed
  in it, pooled with a trend's prediction for the rest of it (the observations expected at the
  rate seen since the start). The trend runs over the periods of a finer *trend grain*
  (:data:`TREND_GRAINS`: weeks for a quarterly goal) since the start, weighted by their n: a
  binomial GLM for shares, least squares weighted by n for times and means
  (:mod:`analysis.goal_trend`), with a 95 % *prediction* interval that includes the sampling noise
  of the observations still to come and stays inside the metric's range by its link. It needs
  :data:`MIN_PERIODS` trend periods and MIN_N observations, and is not made for a deadline
  further beyond the last trend period than the trend's periods span (:data:`MAX_HORIZON`);
- **status** (the rule; "meets" is ≥ the target for an ``increase`` goal, ≤ for ``decrease``):
  * past the deadline (basis ``deadline_passed``): ``not_enough_data`` when the deadline period
    has fewer than MIN_N observations, else ``met`` if its value meets the target, ``missed``
    if not;
  * before it, with a projection (``projection``): ``on_track`` if the projected value meets the
    target; ``off_track`` if even the favourable end of the prediction interval misses it;
    ``at_risk`` in between;
  * without one but with a current value (``pace``): ``on_track`` if progress ≥ the share of the
    time elapsed, ``at_risk`` if 0 ≤ progress < that share, ``off_track`` if progress < 0;
  * with neither (``too_few``): ``not_enough_data``;
- **hold-the-line goals** (target = baseline: "keep CSAT at 85 %") are on track only while the
  metric holds. A period *holds* when its 95 % interval reaches the target (it is not worse than
  the target beyond sampling noise). Past the deadline: ``met`` if the deadline period holds,
  else ``missed``. With a projection: ``off_track`` if the prediction interval lies wholly on the
  wrong side of the target; ``at_risk`` if it reaches the target but the current period does not
  hold; ``on_track`` otherwise (the projected point may sit a little below the target: for a
  held metric it does so half of the time by chance). Without a projection (basis ``holding``):
  ``on_track`` if the current period holds, ``off_track`` if not;
- **gap planner**: for a share, the observations still expected in the deadline period and how
  many more "successes" (e.g. 4–5 ratings) among them the deadline period's pooled value needs
  than the latest rate gives: ⌈target·(n_observed + n_expected) − successes_observed −
  n_expected·rate⌉ (negative for a "decrease" goal: that many fewer); ``unreachable`` when even
  all (or none) of them would not do. For other metrics the change needed per remaining period of
  the goal's grain, (target − latest) / periods remaining, in the metric's unit.

**Times with open tickets** (the median and P90 of first response and resolution: metrics with a
`censor` reason, :func:`is_km`) are read as the Periods page and the Overview read them: by
Kaplan–Meier, an open ticket censored at its wait so far (:func:`goal_observations`,
`analysis.periods.censored_observations`), end to end: the baseline (the Kaplan–Meier quantile
of the baseline window), every period of the goal's grain, the trend's periods and the deadline
period's observed part. A period whose quantile is *not reached* (the curve never falls to
1 − q: too many tickets still open) has no value: it never meets a target, and no status is built
on it (basis ``not_reached``, status ``not_enough_data``, when it is the period the verdict would
read; no projection, reason ``not_reached``, when it is among the trend's periods or is the
deadline period's observed part). Its n counts the open tickets too (``current_censored`` of
them). Means (``frt_mean_min``) stay solved-only: a mean of censored times has no estimate.

MIN_N is 30 observations per period: the period comparisons' "too small to say" floor
(analysis.compare.MIN_N), and about where a share's 95 % interval narrows to ±15 points at
80 %, still wider than most goal gaps; below it one period's value says little.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.calendar import DEFAULT_CALENDAR, BusinessCalendar
from analysis.goal_trend import fit_trend, model_for, period_points
from analysis.metrics import COUNT, MEDIAN, P90, PROPORTION, Metric, build_metrics
from analysis.periods import (GRAINS, censored_observations, period_end, period_label, period_start, period_table,
                              wall_clock)
from analysis.survival import km_quantile

INCREASE, DECREASE = "increase", "decrease"
ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"
MET, MISSED, NOT_ENOUGH = "met", "missed", "not_enough_data"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, MET, MISSED, NOT_ENOUGH)
BASES = ("deadline_passed", "projection", "pace", "holding", "not_reached", "too_few")
MIN_N = 30              # observations a period needs to carry a verdict (see the module docstring)
MIN_PERIODS = 3         # trend periods a projection needs (a line through two points has no scatter)
# A trend is not read further beyond its last period than the time its periods span: four days of
# data say nothing about a month ahead, however the interval is drawn.
MAX_HORIZON = 1.0
NO_PROJECTION = ("periods", "observations", "horizon", "model", "not_reached")   # why there is no projection
LEVEL = 0.95
# the trend's grain for each goal grain, finest last: the first with MIN_PERIODS periods of data is used
TREND_GRAINS = {"year": ("month", "week", "day"), "quarter": ("week", "day"), "month": ("week", "day"),
                "week": ("day",), "day": ("day",)}
PERIOD_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "quarter": 365.25 / 4, "year": 365.25}
DAY = pd.Timedelta(days=1)
NOT_COMPLAINT = "not_complaint"
TIME_UNITS = ("min", "h", "s")


class GoalError(ValueError):
    """A goal that cannot be evaluated or saved as given (the message says why)."""


def _day(value) -> pd.Timestamp | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else pd.Timestamp(value).normalize()


def default_grain(start, deadline) -> str:
    """The grain a goal is read at when none is given: the calendar year, quarter, month or ISO
    week when start–deadline is exactly one; otherwise month for a span of at least 59 days (two
    months), week for at least 14 days, else day."""
    first, last = _day(start), _day(deadline)
    for grain in ("year", "quarter", "month", "week"):
        begins = pd.Timestamp(period_start(pd.Series([first]), grain)[0])
        if begins == first and period_end(begins, grain) - DAY == last:
            return grain
    days = (last - first) / DAY + 1
    return "month" if days >= 59 else "week" if days >= 14 else "day"


@dataclass(frozen=True)
class Goal:
    """One goal. `baseline` wins over the baseline period when both are given; `segment`
    restricts the data, e.g. {"channel_key": "online"}; `grain` None takes :func:`default_grain`;
    `version` the store's edit count (0: never saved; not part of equality: two goals with the same
    fields are the same goal)."""
    id: str
    metric: str
    direction: str
    target: float
    start: object
    deadline: object
    baseline: float | None = None
    baseline_start: object = None
    baseline_end: object = None
    segment: dict = field(default_factory=dict)
    grain: str | None = None
    name: str = ""
    version: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        for name in ("start", "deadline", "baseline_start", "baseline_end"):
            object.__setattr__(self, name, _day(getattr(self, name)))
        if self.direction not in (INCREASE, DECREASE):
            raise GoalError(f"direction must be {INCREASE!r} or {DECREASE!r}, not {self.direction!r}")
        if self.start is None or self.deadline is None or self.deadline < self.start:
            raise GoalError("a goal needs a start and a deadline on or after it")
        if self.grain is None:
            object.__setattr__(self, "grain", default_grain(self.start, self.deadline))
        if self.grain not in GRAINS:
            raise GoalError(f"grain must be one of {', '.join(GRAINS)}")
        if self.baseline is None and (self.baseline_start is None or self.baseline_end is None):
            raise GoalError("give a baseline value or a baseline period (start and end)")
        if self.baseline is not None:
            object.__setattr__(self, "baseline", float(self.baseline))
            wrong = (self.target < self.baseline) if self.direction == INCREASE else (self.target > self.baseline)
            if wrong:
                raise GoalError(f"a goal to {self.direction} from {self.baseline:g} cannot target {self.target:g}")
        object.__setattr__(self, "target", float(self.target))
        object.__setattr__(self, "segment", dict(self.segment or {}))

    def replace(self, **changes) -> Goal:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


COMPLAINT_RESOLUTION_HOURS = 72     # seed 002: complaints solved within 3 (working) days …
COMPLAINT_RESOLUTION_DAYS = 3       # … read as working days on a business calendar when there is one
TOO_RECENT = "too_recent"


def complaint_resolution_metric(hours: float = COMPLAINT_RESOLUTION_HOURS,
                                calendar: BusinessCalendar | None = DEFAULT_CALENDAR,
                                working_days: float = COMPLAINT_RESOLUTION_DAYS) -> Metric:
    """Share of complaint tickets (is_complaint) resolved in time, in percent: seed 002's
    "complaint resolution rate" (投诉解决率, solved within 3 working days).

    With a business `calendar` (the default: 09:00–18:00 on Chinese working days, holidays and
    make-up days included) "in time" is within `working_days` working days of creation, read as
    sla.py reads "N working days" (N × the minutes of a working day: from Tuesday 14:00 to Friday
    14:00); the resolution instant is the export's resolved_at, else creation + resolution_h. With
    `calendar` None, within `hours` clock hours. A complaint still open counts as not resolved in
    time. Complaints whose time was not yet up at the data's end (the latest creation time) are
    left out (reason too_recent): they cannot have failed yet, and counting them as unresolved
    would make every recent period look worse than it is."""
    def extract(tickets: pd.DataFrame, responses: pd.DataFrame):
        complaint = tickets["is_complaint"].fillna(False).astype(bool)
        created = pd.to_datetime(tickets["created_at"])
        taken_h = pd.to_numeric(tickets["resolution_h"], errors="coerce")
        end = created.max()
        if calendar is None:
            in_time = taken_h.le(hours).astype("float64")
            recent = created > end - pd.Timedelta(hours=hours)
        else:
            # the calendar only for complaints (a few % of the tickets): that is what costs
            rows = complaint.to_numpy() & created.notna().to_numpy()
            start = created[rows]
            resolved = pd.to_datetime(tickets["resolved_at"][rows]) if "resolved_at" in tickets.columns else \
                pd.Series(pd.NaT, index=start.index, dtype="datetime64[ns]")
            resolved = resolved.fillna(start + pd.to_timedelta(taken_h[rows], unit="h"))
            due = pd.Series(pd.NaT, index=tickets.index, dtype="datetime64[ns]")
            due[rows] = calendar.add_working_days(start, working_days)
            in_time = pd.Series(np.nan, index=tickets.index)
            in_time[rows] = (resolved <= due[rows]).to_numpy().astype("float64")
            recent = due > end
        return created, in_time, {NOT_COMPLAINT: ~complaint, TOO_RECENT: complaint & recent}
    rule = f"{hours:g} hours" if calendar is None else f"{working_days:g} working days"
    return Metric("complaint_resolution_pct", PROPORTION, True, "%", "tickets",
                  f"Share of complaint tickets resolved within {rule} of creation.", extract)


def goal_metrics(csat_scale: tuple[int, int] = (1, 5),
                 calendar: BusinessCalendar | None = DEFAULT_CALENDAR) -> dict[str, Metric]:
    """The metrics a goal can name: the KPI registry plus complaint resolution (in working days
    on `calendar`; clock hours with None)."""
    return {**build_metrics(csat_scale), "complaint_resolution_pct": complaint_resolution_metric(calendar=calendar)}


def default_goals(anchor) -> list[Goal]:
    """The three goals of seed 002, placed around `anchor` (normally the data's last day):
    quarterly CSAT 75 → 85 % over anchor's quarter, read per quarter; online first response
    15 → 8 min within 30 days starting two weeks before anchor, read per week (an online day has
    too few tickets for a verdict); complaint resolution 80 → 95 % over anchor's quarter, read per
    quarter."""
    day = pd.Timestamp(anchor).normalize()
    q_start = pd.Timestamp(period_start(pd.Series([day]), "quarter")[0])
    q_end = q_start + pd.DateOffset(months=3) - DAY
    frt_start = day - pd.Timedelta(days=14)
    return [
        Goal("csat_quarterly", "csat_pct", INCREASE, 85, q_start, q_end, baseline=75, grain="quarter",
             name="Quarterly CSAT 75 → 85 %"),
        Goal("online_frt_30d", "frt_mean_min", DECREASE, 8, frt_start, frt_start + pd.Timedelta(days=29),
             baseline=15, segment={"channel_key": "online"}, grain="week",
             name="Online average first response 15 → 8 min in 30 days"),
        Goal("complaint_resolution", "complaint_resolution_pct", INCREASE, 95, q_start, q_end, baseline=80,
             grain="quarter", name="Complaint resolution 80 → 95 %"),
    ]


_EMPTY = pd.DataFrame()


@dataclass(frozen=True)
class GoalStatus:
    """A goal evaluated on data up to `asof` (see the module docstring for every figure). Values
    in the metric's unit. `current*`: the period the verdict reads (label, value, n);
    `partial_*`: the period still in progress (shown, never judged); `progress` a fraction
    (1 = target reached), `progress_partial` True when it comes from the period in progress;
    `projected*`: the deadline period's (`deadline_period`) projected value and its 95 %
    prediction interval, `projected_n` the observations expected in it in all; `trend_grain` and
    `trend_model` the trend behind it (`no_projection` why there is none), `slope_per_period` its
    change per trend period at the deadline (metric's unit); `expected_n` / `needed_count` / `unreachable` the share gap
    planner, `change_per_period` the other metrics' one; `table` the goal-grain periods (with
    ``complete``), `trend_table` the trend periods (with ``fitted``); `problem` why something is
    missing. `km`: a Kaplan–Meier time (n counts open tickets, `*_censored` of them);
    `*_not_reached`: that period's quantile is not reached (its value None)."""
    goal: Goal
    unit: str
    asof: pd.Timestamp | None
    baseline: float | None
    current: float | None = None
    current_period: str | None = None
    current_n: int = 0
    progress: float | None = None
    projected: float | None = None
    projected_low: float | None = None
    projected_high: float | None = None
    slope_per_period: float | None = None
    status: str | None = None
    status_basis: str | None = None
    elapsed: float | None = None
    periods_remaining: float | None = None
    expected_n: float | None = None
    needed_count: int | None = None
    change_per_period: float | None = None
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    problem: str | None = None
    partial_value: float | None = None
    partial_period: str | None = None
    partial_n: int = 0
    progress_partial: bool = False
    projected_n: float | None = None
    deadline_period: str | None = None
    trend_grain: str | None = None
    trend_model: str | None = None
    unreachable: bool = False
    trend_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    no_projection: str | None = None        # before the deadline, why there is no projection (NO_PROJECTION)
    km: bool = False                        # a Kaplan–Meier time: open tickets censored, not left out
    current_not_reached: bool = False       # the current period's Kaplan–Meier quantile is not reached
    partial_not_reached: bool = False
    current_censored: int = 0               # open tickets (still waiting) among current_n
    partial_censored: int = 0

    @property
    def hold_the_line(self) -> bool:
        """The target is the baseline: the goal is to keep the metric where it is."""
        return self.baseline is not None and self.goal.target == self.baseline

    @property
    def latest(self) -> float | None:
        """The latest value to plan from: the current period's, else the one in progress."""
        return self.current if self.current is not None else self.partial_value


def _meets(value: float, goal: Goal) -> bool:
    return value >= goal.target if goal.direction == INCREASE else value <= goal.target


def _favourable(low: float, high: float, goal: Goal) -> float:
    return high if goal.direction == INCREASE else low


def _holds(row: pd.Series, goal: Goal) -> bool:
    """The period's 95 % interval reaches the target: not worse than it beyond sampling noise.
    A period with no value (a Kaplan–Meier quantile not reached) never holds."""
    if pd.isna(row["value"]):
        return False
    end = _favourable(row["ci_low"], row["ci_high"], goal)
    return _meets(row["value"] if pd.isna(end) else float(end), goal)


def segment_mask(frame: pd.DataFrame, segment: dict) -> pd.Series:
    """True for rows where every segment column equals its value (compared as text)."""
    keep = pd.Series(True, index=frame.index)
    for column, value in segment.items():
        if column not in frame.columns:
            raise GoalError(f"segment column {column!r} is not in the data")
        keep &= frame[column].eq(str(value)).fillna(False).astype(bool) if frame[column].dtype != object \
            else frame[column].astype("str").eq(str(value)).fillna(False).astype(bool)
    return keep


_KM_Q = {MEDIAN: 0.5, P90: 0.9}


def is_km(metric: Metric) -> bool:
    """A quantile of a time still running for open tickets (first response, resolution): the goal
    reads it by Kaplan–Meier, open tickets censored at their wait so far, as the Periods page and
    the Overview do. Means (``frt_mean_min``) stay solved-only."""
    return metric.censor is not None and metric.kind in _KM_Q


def goal_observations(metric: Metric, tickets: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """The observations a goal on `metric` reads: for a Kaplan–Meier time
    (:func:`is_km`) `analysis.periods.censored_observations` (``when``, ``value``, ``event``:
    False for an open ticket, its value the wait so far); otherwise `metric.observations`."""
    if is_km(metric):
        return censored_observations(metric.frame(tickets, responses), metric)
    return metric.observations(tickets, responses)


def figure_of(metric: Metric, values, events=None) -> float | None:
    """The metric's figure for a slice of observations: the Kaplan–Meier quantile when `events`
    is given for a Kaplan–Meier time (None when not reached, or no rows), else
    `metric.aggregate`."""
    if events is not None and is_km(metric):
        values = np.asarray(values, dtype="float64")
        if not len(values):
            return None
        return km_quantile(values, np.asarray(events, dtype=bool), _KM_Q[metric.kind]).estimate
    return metric.aggregate(values)


def segment_observations(metric: Metric, tickets: pd.DataFrame, responses: pd.DataFrame, segment: dict,
                         all_obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The metric's observations (:func:`goal_observations`) restricted to the segment.
    Observations keep their source frame's index, so the segment is applied as a mask on the full
    set (no copy of the frames)."""
    if all_obs is None:
        all_obs = goal_observations(metric, tickets, responses)
    if not segment:
        return all_obs
    source = tickets if metric.source == "tickets" else responses
    mask = segment_mask(source, segment)
    return all_obs[mask.reindex(all_obs.index, fill_value=False).to_numpy()]


def goal_periods(when: pd.Series, value: pd.Series, metric: Metric, goal: Goal, asof: pd.Timestamp,
                 event: pd.Series | None = None) -> pd.DataFrame:
    """The window's periods of the goal's grain (analysis.periods.period_table on the window's
    observations: value, n, 95 % interval) with ``complete``: the data reach the period's last day
    within the window (asof ≥ min(period end, deadline + 1 day) − 1 day). With `event` (a
    Kaplan–Meier time) each period is the Kaplan–Meier quantile, as on the Periods page, with
    ``censored`` and ``not_reached`` (value NaN)."""
    last = min(goal.deadline, asof)
    obs = pd.DataFrame({"when": when, "value": value})
    if event is not None:
        obs["event"] = np.asarray(event, dtype=bool)
    table = period_table(obs, metric, goal.grain, span=(goal.start, last), reps=None)
    if table.empty:
        return table.assign(complete=pd.Series(dtype=bool))
    ends = pd.to_datetime(table["end"]).clip(upper=goal.deadline + DAY)
    return table.assign(complete=(ends <= asof + DAY).to_numpy())


@dataclass(frozen=True)
class _Projection:
    value: float
    low: float
    high: float
    n: float
    trend_grain: str
    model: str
    slope: float
    points: pd.DataFrame


def _projection(goal: Goal, metric: Metric, when: pd.Series, value: pd.Series, asof: pd.Timestamp,
                d_start: pd.Timestamp, observed: tuple[int, float | None], n_future: float,
                level: float = LEVEL, event: np.ndarray | None = None) -> _Projection | str:
    """The deadline period's value pooled from what is observed in it and the trend's prediction
    for the rest; else why there is none (a key of NO_PROJECTION): fewer than MIN_PERIODS trend
    periods, fewer than MIN_N observations (or none expected), a deadline further ahead than
    MAX_HORIZON allows, no slope to fit, or (``not_reached``, a Kaplan–Meier time with `event`)
    a trend period or the deadline period's observed part whose quantile is not reached: it has
    no value, and leaving the slowest periods out would bend the trend towards the target."""
    end = asof + DAY
    points = pd.DataFrame()
    for grain in TREND_GRAINS[goal.grain]:
        points = period_points(when, value.to_numpy(), metric, grain, goal.start, end, event)
        if len(points) >= MIN_PERIODS:
            break
    if len(points) < MIN_PERIODS:
        return "periods"
    if points["n"].sum() < MIN_N or n_future <= 0:
        return "observations"
    n_obs, v_obs = observed
    if event is not None and (points["not_reached"].any() or (n_obs and v_obs is None)):
        return "not_reached"
    future_start = max(goal.start, d_start, end)
    future_days = (goal.deadline + DAY - future_start) / DAY
    x0 = (future_start - goal.start) / DAY + future_days / 2
    x = points["x"].to_numpy(dtype="float64")
    if x0 - x.max() > MAX_HORIZON * (x.max() - x.min()):
        return "horizon"
    trend = fit_trend(points, model_for(metric))
    if trend is None:
        return "model"
    point, low, high = trend.predict(x0, n_future, future_days, level)
    if metric.kind == COUNT:
        pooled = [n_obs + v for v in (point, low, high)]
        total = float(n_obs + point)
    elif n_obs and v_obs is not None:
        pooled = [(n_obs * v_obs + n_future * v) / (n_obs + n_future) for v in (point, low, high)]
        total = n_obs + n_future
    else:
        pooled, total = [point, low, high], n_future
    step = PERIOD_DAYS[grain]
    slope = float(trend.fitted(x0)[0] - trend.fitted(x0 - step)[0])
    return _Projection(*(float(v) for v in pooled), float(total), grain, trend.model, slope,
                       points.assign(fitted=trend.fitted(points["x"].to_numpy(dtype="float64"))))


def evaluate_goal(goal: Goal, tickets: pd.DataFrame, responses: pd.DataFrame, asof=None,
                  metrics: dict[str, Metric] | None = None, obs: pd.DataFrame | None = None) -> GoalStatus:
    """Evaluate `goal` on the data (see the module docstring for every figure and the status
    rule). `asof` defaults to the last observation's day; `obs` (the segment's observations)
    may be passed in to share work between goals."""
    metrics = metrics or goal_metrics()

    def failed(problem: str, baseline=None, asof_=None) -> GoalStatus:
        return GoalStatus(goal, metrics[goal.metric].unit if goal.metric in metrics else "", asof_, baseline,
                          problem=problem)

    if goal.metric not in metrics:
        return failed(f"unknown metric {goal.metric!r}")
    metric = metrics[goal.metric]
    if obs is None:
        try:
            obs = segment_observations(metric, tickets, responses, goal.segment)
        except GoalError as err:
            return failed(str(err))
    when = wall_clock(obs["when"])
    values = obs["value"]
    # a Kaplan–Meier time: open tickets are in the observations, censored (event False)
    events = obs["event"].to_numpy(dtype=bool) if is_km(metric) and "event" in obs.columns else None
    if when.dropna().empty:
        return failed("no dated observations for this metric and segment")
    asof = pd.Timestamp(asof).normalize() if asof is not None else when.max().normalize()
    baseline = goal.baseline
    if baseline is None:
        in_base = ((when >= goal.baseline_start) & (when < goal.baseline_end + DAY)).to_numpy() \
            & values.notna().to_numpy()
        baseline = figure_of(metric, values[in_base], None if events is None else events[in_base])
        if baseline is None:
            what = "median" if metric.kind == MEDIAN else "90th percentile"
            return failed(f"the baseline period's {what} is not reached (Kaplan–Meier: too many of its tickets "
                          f"are still open)" if events is not None and in_base.any() else
                          "no observations in the baseline period", None, asof)
    baseline = float(baseline)
    end = min(goal.deadline, asof) + DAY
    window = ((when >= goal.start) & (when < end)).to_numpy() & values.notna().to_numpy()
    w_when, w_value = when[window], values[window]
    w_event = None if events is None else events[window]
    if w_when.empty:
        return failed("no observations since the goal's start", baseline, asof)
    table = goal_periods(w_when, w_value, metric, goal, asof, w_event)
    hold = goal.target == baseline
    d_start = pd.Timestamp(period_start(pd.Series([goal.deadline]), goal.grain)[0])
    d_label = period_label(d_start, goal.grain)
    passed = asof >= goal.deadline
    with_data = table[table["n"] > 0]
    current_row = part_row = None
    if passed:
        match = table[pd.to_datetime(table["start"]) == d_start]
        current_row = match.iloc[0] if len(match) and match.iloc[0]["n"] > 0 else None
    else:
        done = with_data[with_data["complete"] & (with_data["n"] >= MIN_N)]
        current_row = done.iloc[-1] if len(done) else None
        running = with_data[~with_data["complete"]]
        part_row = running.iloc[-1] if len(running) else None

    def figure(row) -> tuple[float | None, str | None, int]:
        if row is None:
            return None, None, 0
        return float(row["value"]) if pd.notna(row["value"]) else None, str(row["period"]), int(row["n"])

    def not_reached(row) -> bool:
        return row is not None and bool(row.get("not_reached", False))

    def censored(row) -> int:
        return 0 if row is None or "censored" not in row.index else int(row["censored"])

    current, current_label, current_n = figure(current_row)
    if passed and current_row is None:
        current_label = d_label
    partial, partial_label, partial_n = figure(part_row)
    current_nr, partial_nr = not_reached(current_row), not_reached(part_row)

    # time, and what the deadline period already holds
    total_days = (goal.deadline - goal.start) / DAY + 1
    elapsed_days = min(max((asof - goal.start) / DAY + 1, 0.0), total_days)
    elapsed = elapsed_days / total_days
    periods_remaining = (total_days - elapsed_days) / PERIOD_DAYS[goal.grain]
    d_first = max(goal.start, d_start)
    in_d = (w_when >= d_first).to_numpy()
    n_obs = int(in_d.sum())
    v_obs = figure_of(metric, w_value[in_d], None if w_event is None else w_event[in_d]) if n_obs else None
    future_days = max((goal.deadline + DAY - max(d_first, asof + DAY)) / DAY, 0.0)
    n_future = len(w_when) / elapsed_days * future_days if elapsed_days > 0 else 0.0

    proj = None if passed else _projection(goal, metric, w_when, w_value, asof, d_start, (n_obs, v_obs), n_future,
                                           event=w_event)
    no_projection = proj if isinstance(proj, str) else None
    if no_projection:
        proj = None

    # the status rule
    if passed:
        basis = "deadline_passed"
        if current_row is not None and current_n >= MIN_N and current_nr:
            # a Kaplan–Meier quantile not reached has no value: no verdict is built on it
            basis, status = "not_reached", NOT_ENOUGH
        elif current_row is None or current_n < MIN_N or current is None:
            status = NOT_ENOUGH
        else:
            status = MET if (_holds(current_row, goal) if hold else _meets(current, goal)) else MISSED
    elif proj is not None:
        basis = "projection"
        reachable = _meets(_favourable(proj.low, proj.high, goal), goal)
        if hold:
            status = OFF_TRACK if not reachable else (
                AT_RISK if current_row is not None and not _holds(current_row, goal) else ON_TRACK)
        else:
            status = ON_TRACK if _meets(proj.value, goal) else (AT_RISK if reachable else OFF_TRACK)
    elif current is not None:
        if hold:
            basis, status = "holding", (ON_TRACK if _holds(current_row, goal) else OFF_TRACK)
        else:
            basis = "pace"
            p = (current - baseline) / (goal.target - baseline)
            status = OFF_TRACK if p < 0 else (ON_TRACK if p >= elapsed else AT_RISK)
    elif current_nr:
        basis, status = "not_reached", NOT_ENOUGH
    else:
        basis, status = "too_few", NOT_ENOUGH

    progress, progress_partial = None, False
    if not hold and status != NOT_ENOUGH:
        if current is not None and current_n >= MIN_N:
            progress = (current - baseline) / (goal.target - baseline)
        elif partial is not None and partial_n >= MIN_N:
            progress, progress_partial = (partial - baseline) / (goal.target - baseline), True

    # the gap planner, from the latest value (the current period's, else the one in progress)
    latest = current if current is not None else partial
    expected_n = needed = change = None
    unreachable = False
    if latest is not None and not passed:
        gap = 0.0 if _meets(latest, goal) else goal.target - latest
        if metric.kind == PROPORTION:
            expected_n = n_future
            successes = (v_obs or 0.0) / 100 * n_obs
            required = goal.target / 100 * (n_obs + n_future) - successes
            unreachable = required > n_future + 1e-9 if goal.direction == INCREASE else required < -1e-9
            short = required - n_future * latest / 100      # successes beyond what the latest rate gives
            needed = int(math.copysign(math.ceil(abs(short) - 1e-9), short)) if abs(short) > 1e-9 else 0
        elif periods_remaining > 0:
            change = gap / periods_remaining
    return GoalStatus(
        goal, metric.unit, asof, baseline, current, current_label, current_n, progress,
        proj.value if proj else None, proj.low if proj else None, proj.high if proj else None,
        proj.slope if proj else None, status, basis, elapsed, periods_remaining, expected_n, needed, change,
        table, None, partial, partial_label, partial_n, progress_partial, proj.n if proj else None, d_label,
        proj.trend_grain if proj else None, proj.model if proj else None, unreachable,
        proj.points if proj else _EMPTY, no_projection, events is not None, current_nr, partial_nr,
        censored(current_row), censored(part_row))


def evaluate_goals(goals: list[Goal], tickets: pd.DataFrame, responses: pd.DataFrame, asof=None,
                   csat_scale: tuple[int, int] = (1, 5)) -> list[GoalStatus]:
    """Evaluate several goals, computing each metric's observations once for all of them."""
    metrics = goal_metrics(csat_scale)
    full: dict[str, pd.DataFrame] = {}
    out = []
    for goal in goals:
        obs = None
        if goal.metric in metrics:
            metric = metrics[goal.metric]
            if goal.metric not in full:
                full[goal.metric] = goal_observations(metric, tickets, responses)
            try:
                obs = segment_observations(metric, tickets, responses, goal.segment, full[goal.metric])
            except GoalError:
                obs = None          # evaluate_goal reports the missing column
        out.append(evaluate_goal(goal, tickets, responses, asof, metrics, obs))
    return out


def _json(v):
    if v is None:
        return None
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v) if np.isfinite(v) else None
    return v


def goal_record(status: GoalStatus) -> dict:
    """One evaluated goal as a JSON-safe dict (dates as ISO strings, None for missing): the goal,
    the verdict's period (``current_period``, ``current``, ``n``, ``enough``: n ≥ ``min_n``), the
    period in progress (``partial_*``), progress, the deadline period's projection, the status and
    the gap planner."""
    g = status.goal
    fields = {"id": g.id, "name": g.name, "metric": g.metric, "direction": g.direction, "target": g.target,
              "start": g.start, "deadline": g.deadline, "segment": dict(g.segment), "grain": g.grain,
              "baseline": status.baseline, "unit": status.unit, "asof": status.asof,
              "current_period": status.current_period, "current": status.current, "n": status.current_n,
              "enough": status.current_n >= MIN_N, "min_n": MIN_N,
              "partial_period": status.partial_period, "partial_value": status.partial_value,
              "partial_n": status.partial_n, "progress": status.progress, "progress_partial": status.progress_partial,
              "deadline_period": status.deadline_period, "projected": status.projected,
              "projected_low": status.projected_low, "projected_high": status.projected_high,
              "projected_n": status.projected_n, "trend_grain": status.trend_grain, "trend_model": status.trend_model,
              "no_projection": status.no_projection, "kaplan_meier": status.km,
              "current_not_reached": status.current_not_reached, "current_censored": status.current_censored,
              "partial_not_reached": status.partial_not_reached, "partial_censored": status.partial_censored,
              "status": status.status, "status_basis": status.status_basis, "hold_the_line": status.hold_the_line,
              "expected_n": status.expected_n, "needed_count": status.needed_count, "unreachable": status.unreachable,
              "change_per_period": status.change_per_period, "problem": status.problem}
    return {k: (v if isinstance(v, dict) else _json(v)) for k, v in fields.items()}


def evaluate_dataset_goals(goals: list[Goal], dataset, responses: pd.DataFrame | None = None) -> list[GoalStatus]:
    """`evaluate_goals` on a `Dataset`, as of the last day of its tickets (what the Goals page and
    the CLI both show); `responses` is ``dataset.responses()`` when the caller has it already."""
    last = dataset.date_span[1]
    asof = pd.Timestamp(last).normalize() if last is not None else None
    responses = dataset.responses() if responses is None else responses
    return evaluate_goals(goals, dataset.tickets, responses, asof=asof,
                          csat_scale=getattr(dataset, "csat_scale", (1, 5)))


def target_goal(goals: list[Goal], metric: str) -> Goal | None:
    """The goal whose target belongs on a chart of `metric`: the first one without a segment
    filter, else the first one with a filter (its target is then for that segment only)."""
    for_metric = [g for g in goals if g.metric == metric]
    return next((g for g in for_metric if not g.segment), for_metric[0] if for_metric else None)


GAP_KINDS = ("none", "met", "more", "fewer", "unreachable", "per_period")


def gap_kind(status: GoalStatus) -> str:
    """Which gap-planner sentence fits: ``none`` (no figure: no data, or no time left), ``met``
    (on course: a share needs no more successes than the latest rate gives, another metric
    already meets the target), ``more`` / ``fewer`` (a share needs `needed_count` more / fewer
    successes among the `expected_n` observations still expected in the deadline period),
    ``unreachable`` (not even all, or none, of them would do), ``per_period`` (another metric must
    change by `change_per_period` per period)."""
    latest = status.latest
    if latest is None or status.asof is None or status.asof >= status.goal.deadline:
        return "none"
    if status.needed_count is not None and status.expected_n:
        if status.unreachable:
            return "unreachable"
        increase = status.goal.direction == INCREASE
        if (status.needed_count > 0) if increase else (status.needed_count < 0):
            return "more" if increase else "fewer"
        return "met"
    if _meets(latest, status.goal):
        return "met"
    if status.change_per_period is not None:
        return "per_period"
    return "none"


def goals_payload(dataset, store) -> dict:
    """`{"saved": bool, "asof": date, "store_problem": str | None, "goals": [goal_record…]}`:
    the store's goals evaluated on the dataset. When the store is None, holds no goals or cannot
    be opened (its error goes to ``store_problem``), no goals (``saved`` False): none are invented
    (`python -m analysis goals add`, or the Goals page's "Add the example goals", set some).
    Without a dataset the saved goals are listed unevaluated (``problem`` says so)."""
    saved: list[Goal] = []
    store_problem = None
    if store is not None:
        try:
            saved = list(store.goals())
        except RuntimeError as err:          # StoreError; the page and the CLI carry on without it
            store_problem = str(err)
    if dataset is None:
        return {"saved": bool(saved), "asof": None, "store_problem": store_problem,
                "goals": [{**goal_fields(g), "status": None, "problem": "no data loaded"} for g in saved]}
    last = dataset.date_span[1]
    asof = pd.Timestamp(last).normalize() if last is not None else None
    statuses = evaluate_dataset_goals(saved, dataset) if saved else []
    return {"saved": bool(saved), "asof": _json(asof), "store_problem": store_problem,
            "goals": [goal_record(s) for s in statuses]}


def goal_fields(g: Goal) -> dict:
    """A goal's own fields as a JSON-safe dict (what is saved; no evaluation)."""
    fields = {"id": g.id, "name": g.name, "metric": g.metric, "direction": g.direction, "target": g.target,
              "baseline": g.baseline, "baseline_start": g.baseline_start, "baseline_end": g.baseline_end,
              "start": g.start, "deadline": g.deadline, "segment": dict(g.segment), "grain": g.grain}
    return {k: (v if isinstance(v, dict) else _json(v)) for k, v in fields.items()}
