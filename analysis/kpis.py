"""Overview KPIs: the headline figures for a date range, their change against the previous
range of the same length, the volume/CSAT trend, breakdowns by a dimension and the
hour-of-day × weekday volume heatmap.

Every figure comes from the registry in :mod:`analysis.metrics`, so the app, the command line
and the period comparisons agree to the digit.

Date ranges: `start` is inclusive; `end` is inclusive of the whole day when it is a date (a
timestamp at midnight), otherwise the exact instant is the exclusive upper bound. With neither,
all rows with a date count.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from analysis.metrics import COUNT, MEAN, MEDIAN, P90, Metric, build_metrics
from analysis.observations import BLANK_LABEL, MetricRows, Observations, View, ns  # noqa: F401 (pages read BLANK_LABEL here)
from analysis.sla import DEFAULT_TIME, data_end, knows_open, open_at, sla_compliance
from analysis.survival import KmQuantile, km_curve, km_quantile, quantile_of

TIME_KINDS = (MEDIAN, P90)
KM_KEYS = ("frt_median_min", "frt_p90_min", "resolution_median_h", "resolution_p90_h")   # Kaplan–Meier times
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class KpiResult:
    """One KPI for a range: `value` in `unit` (None when no row supports it), `n` observations
    used, `excluded` {reason: rows left out}; for time metrics `mean`, `median` and `p90` of the
    same observations sit beside the headline value.

    A time that is still running for open tickets (a metric with a `censor` reason: first
    response, resolution) is a Kaplan–Meier figure (:mod:`analysis.survival`): `value`,
    `median` and `p90` are the KM quantiles (None when not reached: `not_reached`, and
    `km_median` / `km_p90` say so with their intervals), `n` counts the finished *and* the
    `censored` tickets (open, counted as still waiting at the as-of: the latest timestamp among
    the tickets in view, as the backlog takes it), and `excluded`
    leaves out only rows with no usable time. The solved-only figure (Zendesk's definition:
    finished tickets only) sits beside it: `solved`, `n_solved`, `median_solved`, `p90_solved`,
    `excluded_solved` (where the censored rows count under their reason); `mean` is the
    solved-only mean (a KM mean needs a curve that reaches 0)."""
    key: str
    value: float | None
    n: int
    unit: str
    kind: str
    higher_is_better: bool
    definition: str
    excluded: dict[str, int] = field(default_factory=dict)
    mean: float | None = None
    median: float | None = None
    p90: float | None = None
    censored: int = 0
    not_reached: bool = False
    ci_low: float | None = None
    ci_high: float | None = None
    km_median: KmQuantile | None = None
    km_p90: KmQuantile | None = None
    solved: float | None = None
    n_solved: int | None = None
    median_solved: float | None = None
    p90_solved: float | None = None
    excluded_solved: dict[str, int] | None = None

    @property
    def is_km(self) -> bool:
        """Whether the figure is a Kaplan–Meier one (open tickets censored)."""
        return self.km_median is not None


@dataclass(frozen=True)
class KpiChange:
    """A KPI now and in the previous equal-length range. `change` is current − previous in the
    KPI's unit (percentage points for percentages); `change_pct` the relative change in %;
    `improved` True/False when the move is good/bad given the metric's direction, None when
    flat or not comparable."""
    key: str
    current: float | None
    previous: float | None
    change: float | None
    change_pct: float | None
    higher_is_better: bool
    improved: bool | None
    n_current: int
    n_previous: int


def date_bounds(start=None, end=None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """[start, end) as timestamps; a date-like `end` (midnight) covers its whole day."""
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    if hi is not None and hi == hi.normalize():   # a date (or midnight) means "through that day"
        hi = hi.normalize() + pd.Timedelta(days=1)
    if lo is not None and hi is not None and hi <= lo:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    return lo, hi


def in_range(when: pd.Series, lo: pd.Timestamp | None, hi: pd.Timestamp | None) -> pd.Series:
    """True where `when` lies in [lo, hi) (an open side where None); False for NaT."""
    keep = pd.Series(True, index=when.index)
    if lo is not None:
        keep &= when >= lo
    if hi is not None:
        keep &= when < hi
    return keep.fillna(False).astype(bool)


def _results(view: View, metrics: dict[str, Metric], lo, hi, repeat_window_days: float = 7,
             rows: dict[str, MetricRows] | None = None) -> dict[str, KpiResult]:
    """Every metric of `metrics` over the view's rows in [lo, hi). Metrics that share their rows
    (median, P90 and mean of one time) share the selection and the summaries."""
    rows = rows or {key: view.rows(metric, repeat_window_days) for key, metric in metrics.items()}
    slots: dict[int, dict] = {}
    scopes: dict[int, np.ndarray | None] = {}
    out = {}
    for key, metric in metrics.items():
        metric_rows = rows[key]
        slot = slots.setdefault(id(metric_rows), {})
        if "values" not in slot:
            # metrics of one source share their times, so the range is found once per source
            if id(metric_rows.when) not in scopes:
                scopes[id(metric_rows.when)] = metric_rows.scope(ns(lo), ns(hi))
            scope = scopes[id(metric_rows.when)]
            slot["values"], slot["excluded"] = metric_rows.pick(scope)
        values = slot["values"]
        if metric.kind not in slot:
            # a count over no source rows at all (a survey with no ticket file) is unknown, not 0
            empty = metric.kind == COUNT and view.size(metric.source) == 0
            slot[metric.kind] = None if empty else metric.aggregate(values)
        extra: dict = {}
        if metric.kind in TIME_KINDS:
            for kind, name in ((MEDIAN, "median"), (P90, "p90"), (MEAN, "mean")):
                if kind not in slot:
                    slot[kind] = replace(metric, kind=kind).aggregate(values)
                extra[name] = slot[kind]
        if metric.censor is not None and metric.kind in TIME_KINDS:
            out[key] = _km_result(metric, slot, metric_rows, scopes[id(metric_rows.when)], extra,
                                  view.wait_shift(metric.unit))
            continue
        out[key] = KpiResult(metric.key, slot[metric.kind], int(len(values)), metric.unit, metric.kind,
                             metric.higher_is_better, metric.definition, dict(slot["excluded"]), **extra)
    return out


def _km_result(metric: Metric, slot: dict, rows: MetricRows, scope, solved: dict, shift: float = 0.0) -> KpiResult:
    """The Kaplan–Meier KpiResult of a censored time (see KpiResult), the curve built once per
    shared row set: the finished rows as events, the open ones at their wait so far (to the
    view's last timestamp: `shift` is View.wait_shift)."""
    if "km" not in slot:
        waiting = rows.censored(scope, metric.censor)
        if shift:
            waiting = waiting - shift
        events = slot["values"]
        curve = km_curve(np.concatenate([events, waiting]),
                         np.concatenate([np.ones(len(events), dtype=bool), np.zeros(len(waiting), dtype=bool)]))
        excluded = dict(slot["excluded"])
        left = excluded.pop(metric.censor, 0) - len(waiting)
        if left > 0:       # open, but with no creation time to measure the wait from
            excluded[metric.censor] = left
        slot["km"] = (quantile_of(curve, 0.5), quantile_of(curve, 0.9), excluded, len(waiting))
    km_median, km_p90, excluded, censored = slot["km"]
    head = km_median if metric.kind == MEDIAN else km_p90
    return KpiResult(metric.key, head.estimate, head.n, metric.unit, metric.kind, metric.higher_is_better,
                     metric.definition, dict(excluded), mean=solved.get("mean"), median=km_median.estimate,
                     p90=km_p90.estimate, censored=censored, not_reached=head.not_reached, ci_low=head.ci_low,
                     ci_high=head.ci_high, km_median=km_median, km_p90=km_p90, solved=slot[metric.kind],
                     n_solved=int(len(slot["values"])), median_solved=solved.get("median"),
                     p90_solved=solved.get("p90"), excluded_solved=dict(slot["excluded"]))


def kpi_report_of(view: View, *, start=None, end=None, repeat_window_days: float = 7) -> dict[str, KpiResult]:
    """Every KPI of the registry for the view's tickets created (responses given) in [start, end]."""
    lo, hi = date_bounds(start, end)
    return _results(view, build_metrics(view.data.csat_scale, repeat_window_days), lo, hi, repeat_window_days)


def time_kpis_of(view: View, *, start=None, end=None) -> dict[str, KpiResult]:
    """First response and resolution (median and P90: Kaplan–Meier, with the solved-only figures)
    for the view's tickets created in [start, end]; the Operations page's cards."""
    lo, hi = date_bounds(start, end)
    metrics = {key: view.data.metric(key) for key in KM_KEYS}
    return _results(view, metrics, lo, hi)


def kpi_report(tickets: pd.DataFrame, responses: pd.DataFrame, *, start=None, end=None,
               repeat_window_days: float = 7, csat_scale: tuple[int, int] = (1, 5)) -> dict[str, KpiResult]:
    """Every KPI of the registry for tickets created (responses given) in [start, end]."""
    return kpi_report_of(View.of(tickets, responses, csat_scale), start=start, end=end,
                         repeat_window_days=repeat_window_days)


def previous_range(start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The range of the same length that ends where [start, end) begins, as [start, end)."""
    lo, hi = date_bounds(start, end)
    if lo is None or hi is None:
        raise ValueError("a previous range needs both a start and an end")
    return lo - (hi - lo), lo


def compare_to_previous(tickets: pd.DataFrame, responses: pd.DataFrame, *, start=None, end=None,
                        repeat_window_days: float = 7, csat_scale: tuple[int, int] = (1, 5)
                        ) -> dict[str, KpiChange]:
    """Each KPI for [start, end] against the previous range of equal length. Without a range the
    data's own span (first to last creation day) is the current range."""
    if start is None or end is None:
        created = pd.to_datetime(tickets["created_at"]).dropna()
        if created.empty:
            raise ValueError("no ticket has a creation time, so there is no range to compare")
        start = created.min().normalize() if start is None else start
        end = created.max().normalize() if end is None else end
    lo, hi = date_bounds(start, end)
    view = View.of(tickets, responses, csat_scale)
    metrics = build_metrics(csat_scale, repeat_window_days)
    rows = {key: view.rows(metric, repeat_window_days) for key, metric in metrics.items()}
    now = _results(view, metrics, lo, hi, repeat_window_days, rows)
    before = _results(view, metrics, lo - (hi - lo), lo, repeat_window_days, rows)
    return {key: _change(metric, now[key], before[key]) for key, metric in metrics.items()}


def _change(metric: Metric, now: KpiResult, before: KpiResult) -> KpiChange:
    change = change_pct = improved = None
    if now.value is not None and before.value is not None:
        change = now.value - before.value
        change_pct = None if before.value == 0 else change / abs(before.value) * 100.0
        if change != 0:
            improved = (change > 0) == metric.higher_is_better
    return KpiChange(metric.key, now.value, before.value, change, change_pct, metric.higher_is_better,
                     improved, now.n, before.n)


def trend_of(view: View, grain: str = "W", *, start=None, end=None) -> pd.DataFrame:
    """Per period (weeks starting Monday for "W", calendar months for "M"): ``period`` (its first
    day), ``tickets`` created, ``csat_n`` responses with a valid score and ``csat_pct`` (share
    satisfied, %, NaN where no response). Every period between the first and the last appears."""
    if grain not in ("W", "M"):
        raise ValueError(f"grain must be 'W' or 'M', not {grain!r}")
    lo, hi = date_bounds(start, end)
    parts = {}
    for key in ("tickets", "csat_pct"):
        metric = view.data.metric(key)
        rows = view.rows(metric)
        keep = rows.usable(ns(lo), ns(hi))
        codes, starts = view.periods(metric, grain)
        keep = keep[codes.take(keep) >= 0]              # a trend places rows in time: undated ones are left out
        parts[key] = summarise_groups(metric, rows.value.take(keep), codes.take(keep), starts)
    out = pd.DataFrame({"tickets": parts["tickets"]["value"], "csat_n": parts["csat_pct"]["n"],
                        "csat_pct": parts["csat_pct"]["value"]}).sort_index()
    if not out.empty:   # periods with no tickets still appear, so gaps show as gaps
        freq = "W-MON" if grain == "W" else "MS"
        out = out.reindex(pd.date_range(out.index.min(), out.index.max(), freq=freq))
    out["tickets"] = out["tickets"].fillna(0).astype("int64")
    out["csat_n"] = out["csat_n"].fillna(0).astype("int64")
    out["csat_pct"] = out["csat_pct"].astype("float64")
    out.index.name = "period"
    return out.reset_index()


def trend(tickets: pd.DataFrame, responses: pd.DataFrame, grain: str = "W", *,
          start=None, end=None, csat_scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """:func:`trend_of` every row of these frames."""
    return trend_of(View.of(tickets, responses, csat_scale), grain, start=start, end=end)


def summarise_groups(metric: Metric, values: np.ndarray, codes: np.ndarray, labels: pd.Index) -> pd.DataFrame:
    """Per group present in `codes`: ``n`` observations and ``value``, the metric's own
    `aggregate` of that group's values (so a group's figure is computed exactly as the KPI)."""
    if len(values) == 0:
        return pd.DataFrame({"n": pd.Series(dtype="int64"), "value": pd.Series(dtype="float64")})
    small = codes.astype("int32" if len(labels) >= 2**15 else "int16")   # radix-sortable
    order = np.argsort(small, kind="stable")
    sorted_codes = small[order]
    present, starts = np.unique(sorted_codes, return_index=True)
    pieces = np.split(values[order], starts[1:])
    aggregated = [metric.aggregate(piece) for piece in pieces]
    return pd.DataFrame({"n": np.array([len(p) for p in pieces], dtype="int64"),
                         "value": np.array([np.nan if v is None else v for v in aggregated], dtype="float64")},
                        index=labels[present])


def summarise_km_groups(metric: Metric, values: np.ndarray, codes: np.ndarray, waiting: np.ndarray,
                        waiting_codes: np.ndarray, labels: pd.Index) -> pd.DataFrame:
    """`summarise_groups` of a censored time: per group ``n`` (finished and still waiting) and
    ``value``, the group's Kaplan–Meier quantile (NaN when not reached), as the KPI."""
    q = 0.5 if metric.kind == MEDIAN else 0.9
    all_values = np.concatenate([values, waiting])
    done = np.concatenate([np.ones(len(values), dtype=bool), np.zeros(len(waiting), dtype=bool)])
    all_codes = np.concatenate([codes, waiting_codes]).astype("int64")
    if not len(all_values):
        return pd.DataFrame({"n": pd.Series(dtype="int64"), "value": pd.Series(dtype="float64")})
    order = np.argsort(all_codes, kind="stable")
    present, starts = np.unique(all_codes[order], return_index=True)
    bounds = np.append(starts, len(order))
    out_n, out_v = [], []
    for i in range(len(present)):     # a loop over groups, each a contiguous slice
        piece = order[bounds[i]:bounds[i + 1]]
        r = km_quantile(all_values[piece], done[piece], q)
        out_n.append(r.n)
        out_v.append(np.nan if r.estimate is None else r.estimate)
    return pd.DataFrame({"n": np.array(out_n, dtype="int64"), "value": np.array(out_v, dtype="float64")},
                        index=labels[present])


def group_figures(view: View, metric: Metric, by: str, lo, hi) -> pd.DataFrame:
    """Per value of `by`: ``n`` and ``value``, the KPI's own definition on the group's rows in
    [lo, hi) (Kaplan–Meier for a censored time, `Metric.aggregate` otherwise)."""
    rows = view.rows(metric)
    keep = rows.usable(ns(lo), ns(hi))
    group, labels = view.groups(metric.source, by)
    if metric.censor is not None and metric.kind in TIME_KINDS:
        wait = rows.waiting(ns(lo), ns(hi), metric.censor)
        return summarise_km_groups(metric, rows.value.take(keep), group.take(keep),
                                   rows.value.take(wait) - view.wait_shift(metric.unit), group.take(wait), labels)
    return summarise_groups(metric, rows.value.take(keep), group.take(keep), labels)


BREAKDOWN_KPIS = ("tickets", "frt_median_min", "resolution_median_h", "handle_median_min", "fcr_pct",
                  "complaint_rate_pct", "csat_pct")


def breakdown_of(view: View, by: str = "channel", *, start=None, end=None) -> pd.DataFrame:
    """One row per value of `by` (channel, category, priority, agent, customer_type, …; blanks
    as "(blank)") among the view's rows, largest first: ``tickets``, ``share_pct`` of tickets,
    ``frt_median_min``, ``resolution_median_h``, ``handle_median_min``, ``fcr_pct``,
    ``complaint_rate_pct``, ``csat_n`` and ``csat_pct``. Each figure is the KPI's own definition
    on the group's rows (NaN where the group has none that support it): first response and
    resolution are Kaplan–Meier medians, open tickets counted as still waiting (NaN also where
    the group's median is not reached)."""
    if by not in view.data.tickets.columns:
        raise ValueError(f"tickets have no column {by!r}")
    lo, hi = date_bounds(start, end)
    columns = {}
    for key in BREAKDOWN_KPIS:
        table = group_figures(view, view.data.metric(key), by, lo, hi)
        columns[key] = table["value"]
        if key == "csat_pct":
            columns["csat_n"] = table["n"]
    out = pd.DataFrame(columns)
    out = out[out["tickets"].notna()]
    out["tickets"] = out["tickets"].astype("int64")
    out["csat_n"] = out["csat_n"].reindex(out.index).fillna(0).astype("int64")
    total = out["tickets"].sum()
    out.insert(1, "share_pct", out["tickets"] / total * 100.0 if total else np.nan)
    out.index.name = by
    return out.sort_values("tickets", ascending=False, kind="stable").reset_index()


def breakdown(tickets: pd.DataFrame, responses: pd.DataFrame, by: str = "channel", *,
              start=None, end=None, csat_scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """:func:`breakdown_of` every row of these frames."""
    return breakdown_of(View.of(tickets, responses, csat_scale), by, start=start, end=end)


def heatmap_of(view: View, *, start=None, end=None) -> pd.DataFrame:
    """Ticket volume by weekday (0 = Monday … 6 = Sunday, with ``weekday_name``) × hour of day
    (0–23), all 168 cells: ``tickets`` and ``share_of_day_pct``, the cell's share of that
    weekday's tickets in % (NaN for a weekday with none)."""
    lo, hi = date_bounds(start, end)
    cell = view.cut("tickets", view.data.hour_of_week)
    created = view.cut("tickets", view.data.created)
    keep = cell >= 0
    if lo is not None:
        keep &= created >= ns(lo)
    if hi is not None:
        keep &= created < ns(hi)
    counts = np.bincount(np.compress(keep, cell), minlength=7 * 24).reshape(7, 24)
    per_day = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(per_day > 0, counts / per_day * 100.0, np.nan)
    out = pd.DataFrame({
        "weekday": np.repeat(np.arange(7), 24),
        "hour": np.tile(np.arange(24), 7),
        "tickets": counts.ravel().astype("int64"),
        "share_of_day_pct": share.ravel(),
    })
    out.insert(1, "weekday_name", [WEEKDAYS[d] for d in out["weekday"]])
    return out


def heatmap(tickets: pd.DataFrame, *, start=None, end=None) -> pd.DataFrame:
    """:func:`heatmap_of` every ticket."""
    return heatmap_of(View.of(tickets, tickets.iloc[:0]), start=start, end=end)


def open_backlog(tickets: pd.DataFrame, as_of=None) -> int | None:
    """Tickets open at `as_of` (default: the last timestamp in the data): created by then and
    either still open or resolved after it. Without creation times, the tickets open as exported
    (their status or missing resolution says so); None when nothing says whether a ticket is open."""
    created = pd.to_datetime(tickets["created_at"])
    if created.notna().sum() == 0:
        # No creation times: the export's own state is all there is (its status says who is open).
        return int(tickets["is_open"].fillna(False).astype(bool).sum()) if knows_open(tickets) else None
    if as_of is None:
        as_of = data_end(tickets)
    return int(open_at(tickets, as_of).sum())


PAYLOAD_KEYS = ("tickets", "csat_pct", "csat_mean", "nps", "frt_median_min", "frt_p90_min",
                "resolution_median_h", "resolution_p90_h", "handle_median_min", "fcr_pct",
                "complaint_rate_pct", "repeat_contact_pct")


CENSORED_KEYS = {"frt_censored": "frt_median_min", "resolution_censored": "resolution_median_h"}


def _json_number(value: float | None, kind: str) -> float | int | None:
    if value is None or not np.isfinite(value):
        return None
    if kind == COUNT:
        return int(value)
    return float(value)


def kpis_payload(dataset, start=None, end=None, calendar: str = DEFAULT_TIME,
                 repeat_window_days: float = 7) -> dict:
    """The JSON of ``python -m analysis kpis``: the headline KPIs, the open backlog at the range's
    end, SLA compliance per priority tier, and {reason: rows} left out across the KPIs and the
    SLA (reason names say which figure they concern, e.g. csat_blank, still_open, sla_no_tier).

    First response and resolution times (``frt_median_min``, ``frt_p90_min``,
    ``resolution_median_h``, ``resolution_p90_h``) are Kaplan–Meier quantiles with open tickets
    censored at the data's as-of (null when not reached: the key is then listed in
    ``not_reached``); ``<key>_solved`` is the solved-only figure (Zendesk's definition);
    ``frt_censored`` / ``resolution_censored`` count the open tickets counted as still waiting;
    ``km`` gives each KM figure's interval, n, events and censored rows."""
    tickets = dataset.tickets
    responses = dataset.responses()
    report = kpi_report(tickets, responses, start=start, end=end, repeat_window_days=repeat_window_days,
                        csat_scale=tuple(dataset.csat_scale))
    payload: dict = {}
    for key in PAYLOAD_KEYS:
        payload[key] = _json_number(report[key].value, report[key].kind)
        if key in KM_KEYS:
            payload[f"{key}_solved"] = _json_number(report[key].solved, report[key].kind)
    for name, key in CENSORED_KEYS.items():
        payload[name] = int(report[key].censored)
    payload["not_reached"] = [key for key in KM_KEYS if report[key].not_reached]
    payload["km"] = {key: {"estimate": _json_number(report[key].value, MEAN),
                           "ci_low": _json_number(report[key].ci_low, MEAN),
                           "ci_high": _json_number(report[key].ci_high, MEAN),   # null: unbounded
                           "n": int(report[key].n), "events": int(report[key].n - report[key].censored),
                           "censored": int(report[key].censored), "not_reached": bool(report[key].not_reached),
                           "n_solved": int(report[key].n_solved or 0)} for key in KM_KEYS}
    lo, hi = date_bounds(start, end)
    as_of = data_end(tickets)
    if hi is not None and as_of is not None:
        as_of = min(as_of, hi)
    payload["open_backlog"] = open_backlog(tickets, as_of) if knows_open(tickets) else None
    ranged = tickets if lo is None and hi is None else tickets[in_range(tickets["created_at"], lo, hi)]
    sla = sla_compliance(ranged, calendar=calendar, as_of=as_of)
    payload["sla"] = [
        {"priority": row.priority, "n": int(row.n),
         "response_met_pct": _json_number(row.response_met_pct, MEAN),
         "resolution_met_pct": _json_number(row.resolution_met_pct, MEAN)}
        for row in sla.compliance.itertuples(index=False)]
    payload["sla_assumed_tier"] = sla.assumed_tier   # the export has no priority: every ticket held to this tier
    # a reason shared by several KPIs (csat_blank for CSAT % and mean) has the same count in each
    excluded: dict[str, int] = {}
    for key in PAYLOAD_KEYS:
        # the solved-only figures leave the open tickets out (still_open, awaiting_response)
        for reason, count in (report[key].excluded_solved or report[key].excluded).items():
            excluded[reason] = max(count, excluded.get(reason, 0))
    excluded.update(sla.excluded)
    payload["excluded"] = excluded
    return payload


# --- the Overview page's cards ----------------------------------------------------------------
NO_RANGE = "no_range_chosen"                     # why a card has no change to show
NO_EARLIER_DATA = "previous_range_before_data"


@dataclass(frozen=True)
class OverviewKpis:
    """Everything the Overview's KPI cards show for one range [`start`, `end`) (None: unbounded,
    every dated row, as :func:`kpi_report` without a range).

    `current`: each registry KPI plus ``open_backlog`` as a :class:`KpiResult`; `changes`: the
    same KPI against the previous range of equal length [`previous_start`, `start`), or None for
    every KPI when `problem` says why there is no comparison: no range was chosen
    (``no_range_chosen``), or the previous range reaches back before the first day the data
    covers (``previous_range_before_data``: a full range set against a part-empty one would
    show a made-up fall)."""
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    previous_start: pd.Timestamp | None
    current: dict[str, KpiResult]
    changes: dict[str, KpiChange | None]
    problem: str | None = None


def report_as_of(tickets: pd.DataFrame | Observations, end=None) -> pd.Timestamp | None:
    """The instant a range's backlog is taken at: the data's last timestamp, or the end of the
    range [.., end) when that comes earlier (a date `end` covers its whole day). `tickets`: the
    ticket frame, or the dataset's Observations (their timestamps read once per dataset)."""
    data = tickets if isinstance(tickets, Observations) else Observations(tickets, tickets.iloc[:0])
    return _as_of(View(data), date_bounds(None, end)[1])


def _as_of(view: View, hi: pd.Timestamp | None) -> pd.Timestamp | None:
    as_of = view.data_end()
    if hi is not None and as_of is not None:
        as_of = min(as_of, hi)
    return as_of


def _backlog_result(view: View, as_of) -> KpiResult:
    if view.knows_open() and view.first_created() is None:
        count = view.open_now()          # no creation times: the tickets open as exported
    else:
        known = as_of is not None and view.knows_open()
        count = view.open_at(as_of) if known else None
    return KpiResult("open_backlog", None if count is None else float(count), int(count or 0), "tickets", COUNT,
                     False, "Tickets created by the end of the range and not resolved by then.")


def overview_of(view: View, *, start=None, end=None, data_start=None,
                repeat_window_days: float = 7) -> OverviewKpis:
    """The Overview's KPIs for the view's rows in [start, end] and their change against the
    previous equal-length range; the figures are those of :func:`kpi_report` and
    :func:`compare_to_previous` on the same rows, each metric's rows read once.

    The view must not be cut to the range (the previous range and the repeat-contact look-back
    need the earlier rows). `data_start` is the first day the export covers (default: the first
    creation time in the view). The open backlog (tickets) is taken at the end of each range
    (:func:`report_as_of`); its previous value at the range's start."""
    lo, hi = date_bounds(start, end)
    metrics = build_metrics(view.data.csat_scale, repeat_window_days)
    rows = {key: view.rows(metric, repeat_window_days) for key, metric in metrics.items()}
    current = _results(view, metrics, lo, hi, repeat_window_days, rows)
    current["open_backlog"] = _backlog_result(view, _as_of(view, hi))
    if lo is None or hi is None:
        return OverviewKpis(lo, hi, None, current, dict.fromkeys(current), NO_RANGE)
    prev_lo = lo - (hi - lo)
    first = pd.Timestamp(data_start) if data_start is not None else view.first_created()
    if first is None or prev_lo < first.normalize():
        return OverviewKpis(lo, hi, prev_lo, current, dict.fromkeys(current), NO_EARLIER_DATA)
    before = _results(view, metrics, prev_lo, lo, repeat_window_days, rows)
    changes: dict[str, KpiChange | None] = {key: _change(metric, current[key], before[key])
                                            for key, metric in metrics.items()}
    backlog_metric = Metric("open_backlog", COUNT, False, "tickets", "tickets")
    changes["open_backlog"] = _change(backlog_metric, current["open_backlog"], _backlog_result(view, lo))
    return OverviewKpis(lo, hi, prev_lo, current, changes, None)


def overview_kpis(tickets: pd.DataFrame, responses: pd.DataFrame, *, start=None, end=None,
                  data_start=None, repeat_window_days: float = 7,
                  csat_scale: tuple[int, int] = (1, 5)) -> OverviewKpis:
    """:func:`overview_of` every row of these frames."""
    return overview_of(View.of(tickets, responses, csat_scale), start=start, end=end, data_start=data_start,
                       repeat_window_days=repeat_window_days)
