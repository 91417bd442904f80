"""Goals: is a metric moving toward its target fast enough to get there by the deadline?

A :class:`Goal` names a metric (a key of the KPI registry, or ``complaint_resolution_pct``), a
direction, a baseline (typed, or the metric over a baseline period), a target, a start and a
deadline (dates, both inclusive), an optional segment filter ``{column: value}`` and the review
grain (the period the per-period values use, ``week`` by default).

For each goal, :func:`evaluate_goal` gives
- **current**: the metric over the last period-length of time (the last day, 7 days, month,
  quarter or year of the goal's grain) up to `asof` (or the deadline, if earlier), within the
  goal's window (when that stretch has no data, the latest period that has some);
- **progress** = (current − baseline) / (target − baseline): 0 at the baseline, 1 at the target,
  negative when the metric moved the wrong way;
- **projection**: an ordinary least-squares line (statsmodels OLS) through the per-period values
  since the start, against the days from the start to each period's middle, read off at the
  deadline, with its 95 % *prediction* interval (the range for a single period's value there),
  clipped to what the metric can take (0–100 %, times ≥ 0); it needs at least
  :data:`MIN_PERIODS` periods with data;
- **status** (the rule):
  * after the deadline: ``on_track`` if the current value meets the target, else ``off_track``;
  * with a projection: ``on_track`` if the projected value meets the target; ``off_track`` if
    even the favourable end of the prediction interval misses it; ``at_risk`` in between (the
    trend misses, but reaching the target is within the interval);
  * without one (too few periods yet), by pace: ``on_track`` if progress ≥ the share of the time
    elapsed, ``at_risk`` if progress is between 0 and that share, ``off_track`` if the metric
    has moved away from the target (progress < 0);
  "meets" means ≥ the target for an ``increase`` goal and ≤ for a ``decrease`` goal;
- **gap planner**: for a proportion, the responses (or tickets) expected until the deadline at
  the rate seen since the start, and how many more "successes" (e.g. 4–5 ratings) they must
  contain than the current rate gives: expected_n × (target − current)/100, rounded up (negative
  for a "decrease" goal: that many fewer); for other metrics the change needed per remaining
  period, (target − current) / periods remaining, in the metric's unit.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS

from analysis.metrics import PROPORTION, Metric, build_metrics
from analysis.periods import GRAINS, period_start, period_table, wall_clock

INCREASE, DECREASE = "increase", "decrease"
ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"
MIN_PERIODS = 3
LEVEL = 0.95
PERIOD_LENGTH = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(days=7), "month": pd.DateOffset(months=1),
                 "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}
PERIOD_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "quarter": 365.25 / 4, "year": 365.25}
NOT_COMPLAINT = "not_complaint"
TIME_UNITS = ("min", "h", "s")


class GoalError(ValueError):
    """A goal that cannot be evaluated or saved as given (the message says why)."""


def _day(value) -> pd.Timestamp | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else pd.Timestamp(value).normalize()


@dataclass(frozen=True)
class Goal:
    """One goal. `baseline` wins over the baseline period when both are given; `segment`
    restricts the data, e.g. {"channel_key": "online"}."""
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
    grain: str = "week"
    name: str = ""

    def __post_init__(self) -> None:
        for name in ("start", "deadline", "baseline_start", "baseline_end"):
            object.__setattr__(self, name, _day(getattr(self, name)))
        if self.direction not in (INCREASE, DECREASE):
            raise GoalError(f"direction must be {INCREASE!r} or {DECREASE!r}, not {self.direction!r}")
        if self.grain not in GRAINS:
            raise GoalError(f"grain must be one of {', '.join(GRAINS)}")
        if self.start is None or self.deadline is None or self.deadline < self.start:
            raise GoalError("a goal needs a start and a deadline on or after it")
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


COMPLAINT_RESOLUTION_HOURS = 72     # seed 002: complaints solved within 3 (working) days
TOO_RECENT = "too_recent"


def complaint_resolution_metric(hours: float = COMPLAINT_RESOLUTION_HOURS) -> Metric:
    """Share of complaint tickets (is_complaint) resolved within `hours` of creation, in percent;
    seed 002's "complaint resolution rate" (投诉解决率). Complaints younger than `hours` at the
    data's end are left out (reason too_recent): they cannot have failed yet, and counting them as
    unresolved would make every recent period look worse than it is."""
    def extract(tickets: pd.DataFrame, responses: pd.DataFrame):
        complaint = tickets["is_complaint"].fillna(False).astype(bool)
        created = pd.to_datetime(tickets["created_at"])
        in_time = pd.to_numeric(tickets["resolution_h"], errors="coerce").le(hours).astype("float64")
        recent = created > created.max() - pd.Timedelta(hours=hours)
        return created, in_time, {NOT_COMPLAINT: ~complaint, TOO_RECENT: complaint & recent}
    return Metric("complaint_resolution_pct", PROPORTION, True, "%", "tickets",
                  f"Share of complaint tickets resolved within {hours:g} hours.", extract)


def goal_metrics(csat_scale: tuple[int, int] = (1, 5)) -> dict[str, Metric]:
    """The metrics a goal can name: the KPI registry plus complaint resolution."""
    return {**build_metrics(csat_scale), "complaint_resolution_pct": complaint_resolution_metric()}


def default_goals(anchor) -> list[Goal]:
    """The three goals of seed 002, placed around `anchor` (normally the data's last day):
    quarterly CSAT 75 → 85 % over anchor's quarter; online first response 15 → 8 min within 30
    days starting two weeks before anchor (reviewed daily); complaint resolution 80 → 95 % over
    anchor's quarter."""
    day = pd.Timestamp(anchor).normalize()
    q_start = pd.Timestamp(period_start(pd.Series([day]), "quarter")[0])
    q_end = q_start + pd.DateOffset(months=3) - pd.Timedelta(days=1)
    frt_start = day - pd.Timedelta(days=14)
    return [
        Goal("csat_quarterly", "csat_pct", INCREASE, 85, q_start, q_end, baseline=75,
             name="Quarterly CSAT 75 → 85 %"),
        Goal("online_frt_30d", "frt_mean_min", DECREASE, 8, frt_start, frt_start + pd.Timedelta(days=29),
             baseline=15, segment={"channel_key": "online"}, grain="day",
             name="Online average first response 15 → 8 min in 30 days"),
        Goal("complaint_resolution", "complaint_resolution_pct", INCREASE, 95, q_start, q_end, baseline=80,
             name="Complaint resolution 80 → 95 %"),
    ]


@dataclass(frozen=True)
class GoalStatus:
    """A goal evaluated on data up to `asof`. Values in the metric's unit; `progress` a fraction
    (1 = target reached); `projected*` the trend's value at the deadline and its 95 % prediction
    interval; `slope_per_period` the trend's change per period; `expected_n` / `needed_count`
    the proportion gap planner; `change_per_period` the other metrics' gap planner;
    `table` the per-period values since the start; `problem` why something is missing."""
    goal: Goal
    unit: str
    asof: pd.Timestamp | None
    baseline: float | None
    current: float | None
    current_period: str | None     # the dates the current value covers, "first…last"
    current_n: int
    progress: float | None
    projected: float | None
    projected_low: float | None
    projected_high: float | None
    slope_per_period: float | None
    status: str | None
    status_basis: str | None
    elapsed: float | None
    periods_remaining: float | None
    expected_n: float | None
    needed_count: int | None
    change_per_period: float | None
    table: pd.DataFrame
    problem: str | None = None


def _meets(value: float, goal: Goal) -> bool:
    return value >= goal.target if goal.direction == INCREASE else value <= goal.target


def segment_mask(frame: pd.DataFrame, segment: dict) -> pd.Series:
    """True for rows where every segment column equals its value (compared as text)."""
    keep = pd.Series(True, index=frame.index)
    for column, value in segment.items():
        if column not in frame.columns:
            raise GoalError(f"segment column {column!r} is not in the data")
        keep &= frame[column].eq(str(value)).fillna(False).astype(bool) if frame[column].dtype != object \
            else frame[column].astype("str").eq(str(value)).fillna(False).astype(bool)
    return keep


def segment_observations(metric: Metric, tickets: pd.DataFrame, responses: pd.DataFrame, segment: dict,
                         all_obs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The metric's observations restricted to the segment. Observations keep their source
    frame's index, so the segment is applied as a mask on the full set (no copy of the frames)."""
    if all_obs is None:
        all_obs = metric.observations(tickets, responses)
    if not segment:
        return all_obs
    source = tickets if metric.source == "tickets" else responses
    mask = segment_mask(source, segment)
    return all_obs[mask.reindex(all_obs.index, fill_value=False).to_numpy()]


def project(table: pd.DataFrame, start: pd.Timestamp, at: pd.Timestamp, asof: pd.Timestamp,
            level: float = LEVEL) -> tuple[float, float, float, float] | None:
    """OLS trend of the period values against days since `start` (each period placed at the
    middle of the part of it up to `asof`), evaluated at `at`: (point, low, high, slope per
    day), low/high the prediction interval. None with fewer than MIN_PERIODS values."""
    t = table[table["value"].notna()]
    if len(t) < MIN_PERIODS:
        return None
    s = pd.to_datetime(t["start"]).clip(lower=start)
    e = pd.to_datetime(t["end"]).clip(upper=asof + pd.Timedelta(days=1))
    mid = ((s + (e - s) / 2) - start) / pd.Timedelta(days=1)
    y = t["value"].to_numpy("float64")
    if np.ptp(mid.to_numpy()) == 0:
        return None
    fit = OLS(y, np.column_stack([np.ones(len(y)), mid.to_numpy("float64")])).fit()
    x_at = (at - start) / pd.Timedelta(days=1)
    frame = fit.get_prediction(np.array([[1.0, x_at]])).summary_frame(alpha=1 - level)
    return (float(frame["mean"].iloc[0]), float(frame["obs_ci_lower"].iloc[0]),
            float(frame["obs_ci_upper"].iloc[0]), float(fit.params[1]))


def evaluate_goal(goal: Goal, tickets: pd.DataFrame, responses: pd.DataFrame, asof=None,
                  metrics: dict[str, Metric] | None = None, obs: pd.DataFrame | None = None) -> GoalStatus:
    """Evaluate `goal` on the data (see the module docstring for every figure and the status
    rule). `asof` defaults to the last observation's day; `obs` (the segment's observations)
    may be passed in to share work between goals."""
    metrics = metrics or goal_metrics()
    empty = pd.DataFrame()

    def failed(problem: str, baseline=None, asof_=None) -> GoalStatus:
        return GoalStatus(goal, metrics[goal.metric].unit if goal.metric in metrics else "", asof_, baseline,
                          None, None, 0, None, None, None, None, None, None, None, None, None, None, None, None,
                          empty, problem)

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
    if when.dropna().empty:
        return failed("no dated observations for this metric and segment")
    asof = pd.Timestamp(asof).normalize() if asof is not None else when.max().normalize()
    baseline = goal.baseline
    if baseline is None:
        in_base = (when >= goal.baseline_start) & (when < goal.baseline_end + pd.Timedelta(days=1))
        baseline = metric.aggregate(values[in_base.to_numpy()])
        if baseline is None:
            return failed("no observations in the baseline period", None, asof)
    end = min(goal.deadline, asof) + pd.Timedelta(days=1)
    window = ((when >= goal.start) & (when < end)).to_numpy()
    w_obs = pd.DataFrame({"when": when[window], "value": values[window]})
    if w_obs.empty:
        return failed("no observations since the goal's start", baseline, asof)
    table = period_table(w_obs, metric, goal.grain, span=(goal.start, min(goal.deadline, asof)), reps=None)
    # "current" is one period's length back from asof, so a period that has only just begun
    # (a partial week of two days) does not stand for where the metric is now
    recent_start = max(goal.start, min(goal.deadline, asof) + pd.Timedelta(days=1) - PERIOD_LENGTH[goal.grain])
    recent = w_obs["value"][(w_obs["when"] >= recent_start).to_numpy()]
    current = metric.aggregate(recent)
    current_label = f"{recent_start.date()}…{min(goal.deadline, asof).date()}"
    if current is None:
        # nothing that recent: the latest period that has data stands in
        last = table[table["n"] > 0].iloc[-1]
        recent = w_obs["value"][(w_obs["when"] >= last["start"]).to_numpy()]
        current, current_label = metric.aggregate(recent), str(last["period"])
    progress = None if goal.target == baseline else (current - baseline) / (goal.target - baseline)
    total_days = (goal.deadline - goal.start) / pd.Timedelta(days=1) + 1
    elapsed_days = min(max((asof - goal.start) / pd.Timedelta(days=1) + 1, 0.0), total_days)
    elapsed = elapsed_days / total_days
    remaining_days = total_days - elapsed_days
    periods_remaining = remaining_days / PERIOD_DAYS[goal.grain]
    trend = project(table, goal.start, goal.deadline, asof)
    projected = low = high = slope = None
    if trend is not None:
        projected, low, high, slope_day = trend
        slope = slope_day * PERIOD_DAYS[goal.grain]
        # a straight line can run past what the metric can take: 0–100 % or a time below zero
        floor, ceiling = (0.0, 100.0) if metric.kind == PROPORTION else (0.0, np.inf) if metric.unit in TIME_UNITS \
            else (-np.inf, np.inf)
        projected, low, high = (float(np.clip(v, floor, ceiling)) for v in (projected, low, high))
    if asof >= goal.deadline:
        status, basis = (ON_TRACK if _meets(current, goal) else OFF_TRACK), "deadline_passed"
    elif trend is not None:
        favourable = high if goal.direction == INCREASE else low
        status = ON_TRACK if _meets(projected, goal) else (AT_RISK if _meets(favourable, goal) else OFF_TRACK)
        basis = "projection"
    else:
        status = OFF_TRACK if progress is not None and progress < 0 else (
            ON_TRACK if progress is None or progress >= elapsed else AT_RISK)
        basis = "pace"
    expected_n = needed = change = None
    gap = 0.0 if _meets(current, goal) else goal.target - current
    if metric.kind == PROPORTION:
        expected_n = len(w_obs) / elapsed_days * remaining_days if elapsed_days > 0 else None
        if expected_n is not None:
            needed = int(math.copysign(math.ceil(abs(expected_n * gap / 100) - 1e-9), gap)) if gap else 0
    elif periods_remaining > 0:
        change = gap / periods_remaining
    return GoalStatus(goal, metric.unit, asof, float(baseline), current, current_label, int(len(recent)),
                      progress, projected, low, high, slope, status, basis, elapsed, periods_remaining,
                      expected_n, needed, change, table)


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
                full[goal.metric] = metric.observations(tickets, responses)
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
    """One evaluated goal as a JSON-safe dict (dates as ISO strings, None for missing)."""
    g = status.goal
    fields = {"id": g.id, "name": g.name, "metric": g.metric, "direction": g.direction, "target": g.target,
              "start": g.start, "deadline": g.deadline, "segment": dict(g.segment), "grain": g.grain,
              "baseline": status.baseline, "unit": status.unit, "asof": status.asof, "current": status.current,
              "current_period": status.current_period, "n": status.current_n, "progress": status.progress,
              "projected": status.projected, "projected_low": status.projected_low,
              "projected_high": status.projected_high, "status": status.status,
              "status_basis": status.status_basis, "expected_n": status.expected_n,
              "needed_count": status.needed_count, "change_per_period": status.change_per_period,
              "problem": status.problem}
    return {k: (v if isinstance(v, dict) else _json(v)) for k, v in fields.items()}


def evaluate_dataset_goals(goals: list[Goal], dataset) -> list[GoalStatus]:
    """`evaluate_goals` on a `Dataset`, as of the last day of its tickets (what the Goals page and
    the CLI both show)."""
    last = dataset.date_span[1]
    asof = pd.Timestamp(last).normalize() if last is not None else None
    return evaluate_goals(goals, dataset.tickets, dataset.responses(), asof=asof,
                          csat_scale=getattr(dataset, "csat_scale", (1, 5)))


def target_goal(goals: list[Goal], metric: str) -> Goal | None:
    """The goal whose target belongs on a chart of `metric`: the first one without a segment
    filter, else the first one with a filter (its target is then for that segment only)."""
    for_metric = [g for g in goals if g.metric == metric]
    return next((g for g in for_metric if not g.segment), for_metric[0] if for_metric else None)


GAP_KINDS = ("none", "met", "more", "fewer", "per_period")


def gap_kind(status: GoalStatus) -> str:
    """Which gap-planner sentence fits: ``none`` (no figure: no data, or no time left), ``met``
    (the current value already meets the target), ``more`` / ``fewer`` (a proportion needs
    `needed_count` more / fewer successes among the `expected_n` expected observations),
    ``per_period`` (another metric must change by `change_per_period` per period)."""
    if status.current is None or status.asof is None or status.asof >= status.goal.deadline:
        return "none"
    if _meets(status.current, status.goal):
        return "met"
    if status.needed_count is not None and status.expected_n:
        return "more" if status.needed_count > 0 else "fewer"
    if status.change_per_period is not None:
        return "per_period"
    return "none"


def goals_payload(dataset, store) -> dict:
    """`{"saved": bool, "asof": date, "store_problem": str | None, "goals": [goal_record…]}`:
    the store's goals evaluated on the dataset. When the store is None, holds no goals or cannot
    be opened (its error goes to ``store_problem``), seed 002's default goals anchored on the
    data's last day (``saved`` False). Without a dataset the saved goals are listed unevaluated
    (``problem`` says so)."""
    saved: list[Goal] = []
    store_problem = None
    if store is not None:
        try:
            saved = list(store.goals())
        except RuntimeError as err:          # StoreError; the page and the CLI carry on without it
            store_problem = str(err)
    if dataset is None:
        return {"saved": bool(saved), "asof": None, "store_problem": store_problem,
                "goals": [{**_goal_fields(g), "status": None, "problem": "no data loaded"} for g in saved]}
    last = dataset.date_span[1]
    goals = saved or (default_goals(last) if last is not None else [])
    asof = pd.Timestamp(last).normalize() if last is not None else None
    statuses = evaluate_dataset_goals(goals, dataset)
    return {"saved": bool(saved), "asof": _json(asof), "store_problem": store_problem,
            "goals": [goal_record(s) for s in statuses]}


def _goal_fields(g: Goal) -> dict:
    fields = {"id": g.id, "name": g.name, "metric": g.metric, "direction": g.direction, "target": g.target,
              "baseline": g.baseline, "baseline_start": g.baseline_start, "baseline_end": g.baseline_end,
              "start": g.start, "deadline": g.deadline, "segment": dict(g.segment), "grain": g.grain}
    return {k: (v if isinstance(v, dict) else _json(v)) for k, v in fields.items()}
