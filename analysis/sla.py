"""SLA compliance per priority tier, the breach list, and the live backlog monitor.

Targets per tier come from `schema.SLA_TIERS` (DOMAIN.md / seed 002) unless the caller passes
its own. Elapsed time is counted either on the clock (24/7) or in business time on a
:class:`~analysis.calendar.BusinessCalendar` (working hours on working days only).

How "N working days" is read: in business time, N × the minutes of a working day (so 3 working
days from Tuesday 14:00 end on Friday 14:00); in clock time, N × 24 hours.

A ticket with no first response (or not yet resolved) is not simply dropped: if by `as_of` it
has already waited longer than its target it counts as missed (an open breach); if it is still
within its target it is "pending" and left out of the compliance rate, with the count reported.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.calendar import DEFAULT_CALENDAR, BusinessCalendar, add_clock_minutes, clock_minutes
from analysis.schema import ALERT_FIRST_RESPONSE_MIN, SLA_TIERS, SlaTier

CLOCK, BUSINESS = "clock", "business"
# What the app, the report and the CLI measure SLA time in unless told otherwise: the seed
# targets are written in working days ("3个工作日"), which only business time honours.
DEFAULT_TIME = BUSINESS
RESPONSE, RESOLUTION = "response", "resolution"
TARGETS = (RESPONSE, RESOLUTION)
STATES = ("overdue", "near", "ok", "no_target")     # of an open ticket against its next target

# Reasons a ticket is left out of an SLA rate.
NO_TIER = "sla_no_tier"                         # priority unknown or without a target
NO_CREATED_AT = "sla_no_created_at"
RESPONSE_PENDING = "sla_response_pending"      # not answered yet, still within target
RESPONSE_UNKNOWN = "sla_response_unknown"      # answered, but when is unknown/impossible
RESOLUTION_PENDING = "sla_resolution_pending"
RESOLUTION_UNKNOWN = "sla_resolution_unknown"

NEAR_FRACTION = 0.2   # "near its SLA": less than this share of the target left
DEFAULT_TIER = "medium"   # the tier every ticket is held to when the export has no priority at all


class SlaError(ValueError):
    """SLA settings that cannot be used (unknown calendar, a tier with no targets)."""


@dataclass(frozen=True)
class SlaReport:
    """`compliance`: one row per tier in `tiers` order with tickets (``n``), ``response_n``
    judged, ``response_met_pct``, ``resolution_n``, ``resolution_met_pct`` (% met, NaN where none
    judged) and the targets in minutes. `breaches`: one row per missed target with ticket_id,
    priority, agent, ``target`` (response/resolution), ``elapsed_min``, ``target_min``,
    ``late_min`` (minutes beyond the target, in the chosen time) and ``still_open``.
    `excluded`: {reason: tickets left out of a rate}. Minutes are business minutes when
    `calendar` is "business"."""
    compliance: pd.DataFrame
    breaches: pd.DataFrame
    excluded: dict[str, int]
    calendar: str
    as_of: pd.Timestamp | None
    assumed_tier: str | None = None       # the tier every ticket was held to (the export has no priority)


@dataclass(frozen=True)
class BacklogReport:
    """Open tickets at `as_of`: ``tickets`` lists each with its age (``age_h`` clock hours,
    ``age_min`` in the chosen time), time left to its next target (``due``: response or
    resolution, ``left_min``; negative when overdue) and ``state`` (overdue / near / ok /
    no_target); `open_count`, `overdue_count`, `near_count`, `overdue_rate_pct` (% of open
    tickets with a target that are overdue; None with none), `alert_count` (open tickets
    waiting for a first response longer than the alert threshold; None when the export has no
    first responses at all)."""
    as_of: pd.Timestamp | None
    tickets: pd.DataFrame
    open_count: int
    overdue_count: int
    near_count: int
    overdue_rate_pct: float | None
    alert_count: int | None
    alert_threshold_min: float = ALERT_FIRST_RESPONSE_MIN
    problem: str | None = None


def normalise_tiers(tiers: dict | None) -> dict[str, SlaTier]:
    """`tiers` as {priority_key: SlaTier}; entries may be SlaTier or dicts of its fields."""
    tiers = SLA_TIERS if tiers is None else tiers
    out = {}
    for key, tier in tiers.items():
        tier = tier if isinstance(tier, SlaTier) else SlaTier(**tier)
        if tier.respond_min is None and tier.resolve_h is None and tier.resolve_business_days is None:
            raise SlaError(f"tier {key!r} has no target")
        out[str(key)] = tier
    return out


def _targets(priority: pd.Series, tiers: dict[str, SlaTier], calendar: str,
             cal: BusinessCalendar) -> tuple[np.ndarray, np.ndarray]:
    """(response target, resolution target) in minutes of the chosen time, NaN without a tier."""
    day_min = cal.minutes_per_day if calendar == BUSINESS else 24 * 60.0
    respond = {k: (np.nan if t.respond_min is None else float(t.respond_min)) for k, t in tiers.items()}
    resolve = {k: (t.resolve_business_days * day_min if t.resolve_business_days is not None
                   else np.nan if t.resolve_h is None else t.resolve_h * 60.0) for k, t in tiers.items()}
    # look targets up per distinct priority, then spread by code: mapping 1M strings is slow
    codes, uniques = pd.factorize(priority)
    respond_by = np.array([respond.get(u, np.nan) for u in uniques] + [np.nan], dtype="float64")
    resolve_by = np.array([resolve.get(u, np.nan) for u in uniques] + [np.nan], dtype="float64")
    return respond_by[codes], resolve_by[codes]


def _elapsed(start: pd.Series, end: pd.Series, fallback_min: pd.Series | None, calendar: str,
             cal: BusinessCalendar) -> np.ndarray:
    out = clock_minutes(start, end)
    if calendar == BUSINESS:
        # an end stamped before its start stays negative (unknown, as on the clock): outside
        # working hours both instants sit at the same opening, and 0 working minutes would "meet"
        # any target
        return np.where(out < 0, out, cal.business_minutes(start, end))
    if fallback_min is not None:   # exports with a duration column but no timestamp
        out = np.where(np.isnan(out), fallback_min.to_numpy(dtype="float64", na_value=np.nan), out)
    return out


def _check_calendar(calendar: str) -> None:
    if calendar not in (CLOCK, BUSINESS):
        raise SlaError(f"calendar must be 'clock' or 'business', not {calendar!r}")


def _judge(elapsed: np.ndarray, waited: np.ndarray, target: np.ndarray, done: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(judged, met, pending, unknown) masks: a done target is judged on its elapsed time, an
    undone one is a miss once it has waited longer than the target, else pending."""
    has_target = ~np.isnan(target)
    done_ok = done & ~np.isnan(elapsed) & (elapsed >= 0)
    unknown = has_target & done & ~done_ok
    overdue_open = has_target & ~done & (waited > target)
    pending = has_target & ~done & ~overdue_open
    judged = has_target & (done_ok | overdue_open)
    met = judged & done_ok & (elapsed <= target)
    return judged, met, pending, unknown


@dataclass(frozen=True)
class SlaSpans:
    """What SLA judging needs of each ticket that does not depend on the "as of" instant: its
    tier's targets and the spans to its first response and resolution (arrays over the
    tickets, in minutes of the chosen time). The costly part in business time, read once."""
    tickets: pd.DataFrame
    tiers: dict[str, SlaTier]
    calendar: str
    business_calendar: BusinessCalendar
    priority: np.ndarray                  # code of each ticket's priority_key in `priorities` (-1: blank)
    priorities: pd.Index
    respond_target: np.ndarray
    resolve_target: np.ndarray
    frt: np.ndarray
    ttr: np.ndarray
    answered: np.ndarray
    closed: np.ndarray
    has_date: np.ndarray
    tiered: np.ndarray
    assumed_tier: str | None = None

    @property
    def knows_responses(self) -> bool:
        """Whether the export says when any ticket was first answered. Without a first-response
        column no ticket is "unanswered and overdue": the response target cannot be judged."""
        return bool(self.answered.any())

    @property
    def knows_resolutions(self) -> bool:
        """Whether any ticket has a resolution time: a status alone cannot tell a resolution
        target met from missed, so without one none is judged."""
        return bool((~np.isnan(self.ttr)).any())


def assumed_tier(tickets: pd.DataFrame, default_tier: str | None = DEFAULT_TIER) -> str | None:
    """The tier every ticket is held to when the export has no priority column (no ticket has a
    priority label), else None: each ticket has its own tier, or none."""
    if default_tier is None or not len(tickets) or tickets["priority"].notna().any():
        return None
    return default_tier


def sla_spans(tickets: pd.DataFrame, *, tiers: dict | None = None, calendar: str = CLOCK,
              business_calendar: BusinessCalendar | None = None,
              default_tier: str | None = DEFAULT_TIER) -> SlaSpans:
    """Each ticket's targets and spans (see :class:`SlaSpans`). An export with no priority at
    all is held to `default_tier` throughout (None: left without a tier)."""
    _check_calendar(calendar)
    tiers = normalise_tiers(tiers)
    cal = business_calendar or DEFAULT_CALENDAR
    created = pd.to_datetime(tickets["created_at"])
    responded = pd.to_datetime(tickets["first_response_at"])
    resolved = pd.to_datetime(tickets["resolved_at"])
    assumed = assumed_tier(tickets, default_tier)
    # the key column as it is (categorical): factorised, not turned into a million strings
    priority = (pd.Series(assumed, index=tickets.index, dtype="str") if assumed is not None
                else tickets["priority_key"])
    respond_target, resolve_target = _targets(priority, tiers, calendar, cal)
    codes, priorities = pd.factorize(priority)
    return SlaSpans(
        tickets, tiers, calendar, cal, codes, pd.Index(priorities, dtype="str"), respond_target, resolve_target,
        frt=_elapsed(created, responded, tickets["frt_min"], calendar, cal),
        ttr=_elapsed(created, resolved, tickets["resolution_h"] * 60.0, calendar, cal),
        answered=(responded.notna() | tickets["frt_min"].notna()).to_numpy(),
        closed=~tickets["is_open"].fillna(False).astype(bool).to_numpy() | resolved.notna().to_numpy(),
        has_date=created.notna().to_numpy(),
        tiered=~np.isnan(respond_target) | ~np.isnan(resolve_target), assumed_tier=assumed)


@dataclass(frozen=True)
class SlaJudgement:
    """Every ticket judged against its tier's targets at `as_of`. A judgement is per ticket, so a
    filter is a mask over it: :func:`compliance_of` aggregates any rows without judging again."""
    spans: SlaSpans
    as_of: pd.Timestamp | None
    waited: np.ndarray                    # creation → as_of (-inf without an as_of)
    response: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]     # judged, met, pending, unknown
    resolution: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def judge(spans: SlaSpans, as_of=None) -> SlaJudgement:
    """Each ticket's response and resolution against its tier at `as_of` (default: the data's
    last timestamp); see :func:`sla_compliance`."""
    tickets = spans.tickets
    if as_of is None:
        as_of = data_end(tickets)
    as_of = pd.Timestamp(as_of) if as_of is not None else None
    now = pd.Series(as_of if as_of is not None else pd.NaT, index=tickets.index, dtype="datetime64[ns]")
    waited = _elapsed(pd.to_datetime(tickets["created_at"]), now, None, spans.calendar, spans.business_calendar)
    waited = np.where(np.isnan(waited), -np.inf, waited)   # no "now": an undone target stays pending
    if spans.knows_responses:
        response = _judge(spans.frt, waited, spans.respond_target, spans.answered)
    else:   # every response target unknown, none missed
        nothing = np.zeros(len(waited), dtype=bool)
        response = (nothing, nothing.copy(), nothing.copy(), ~np.isnan(spans.respond_target))
    if spans.knows_resolutions:
        resolution = _judge(spans.ttr, waited, spans.resolve_target, spans.closed)
    else:   # no resolution time anywhere (a status alone says who is done): none judged, none missed
        nothing = np.zeros(len(waited), dtype=bool)
        resolution = (nothing, nothing.copy(), nothing.copy(), ~np.isnan(spans.resolve_target))
    for mask in (*response, *resolution):
        mask &= spans.has_date & spans.tiered
    return SlaJudgement(spans, as_of, waited, response, resolution)


def compliance_of(j: SlaJudgement, rows: np.ndarray | None = None) -> SlaReport:
    """The compliance report of the judged tickets, or of the `rows` among them (a mask)."""
    t = j.spans
    def kept(mask: np.ndarray) -> np.ndarray:
        return mask if rows is None else mask & rows

    r_judged, r_met, r_pending, r_unknown = (kept(m) for m in j.response)
    s_judged, s_met, s_pending, s_unknown = (kept(m) for m in j.resolution)
    scope = kept(t.has_date & t.tiered)

    def per_priority(mask: np.ndarray) -> np.ndarray:
        # weights, not a boolean selection of a million codes (several times slower)
        counts = np.bincount(t.priority + 1, weights=mask & scope, minlength=len(t.priorities) + 1)
        return counts[1:].astype("int64")        # code -1 (blank priority) is never in scope

    grouped = pd.DataFrame({name: per_priority(mask) for name, mask in
                            (("in", scope), ("r_j", r_judged), ("r_m", r_met), ("s_j", s_judged), ("s_m", s_met))},
                           index=t.priorities)
    grouped = grouped.reindex([k for k in t.tiers if k in grouped.index and grouped.loc[k, "in"] > 0])
    compliance = pd.DataFrame({
        "priority": grouped.index.astype("str"),
        "n": grouped["in"].astype("int64").to_numpy(),
        "response_n": grouped["r_j"].astype("int64").to_numpy(),
        "response_met_pct": _pct(grouped["r_m"], grouped["r_j"]),
        "resolution_n": grouped["s_j"].astype("int64").to_numpy(),
        "resolution_met_pct": _pct(grouped["s_m"], grouped["s_j"]),
    })
    targets = _targets(compliance["priority"], t.tiers, t.calendar, t.business_calendar)
    compliance["response_target_min"], compliance["resolution_target_min"] = targets

    excluded = {
        NO_CREATED_AT: int(kept(~t.has_date & t.tiered).sum()),
        NO_TIER: int(kept(~t.tiered).sum()),
        RESPONSE_PENDING: int(r_pending.sum()), RESPONSE_UNKNOWN: int(r_unknown.sum()),
        RESOLUTION_PENDING: int(s_pending.sum()), RESOLUTION_UNKNOWN: int(s_unknown.sum()),
    }
    excluded = {k: v for k, v in excluded.items() if v}
    breaches = pd.concat([
        _breaches(t.tickets, RESPONSE, r_judged & ~r_met, t.frt, j.waited, t.respond_target, ~t.answered),
        _breaches(t.tickets, RESOLUTION, s_judged & ~s_met, t.ttr, j.waited, t.resolve_target, ~t.closed),
    ], ignore_index=True).sort_values("late_min", ascending=False, kind="stable", ignore_index=True)
    return SlaReport(compliance, breaches, excluded, t.calendar, j.as_of, t.assumed_tier)


def sla_compliance(tickets: pd.DataFrame, *, tiers: dict | None = None, calendar: str = CLOCK,
                   business_calendar: BusinessCalendar | None = None, as_of=None,
                   default_tier: str | None = DEFAULT_TIER) -> SlaReport:
    """SLA compliance per priority tier (by ``priority_key``) for first response and resolution.

    A response is met when the time from creation to first response is at most the tier's
    response target; a resolution when creation to resolution is at most its resolution target.
    Open targets count as missed once `as_of` (default: the data's last timestamp) is past them.
    In business time a ticket whose export gives only durations (no timestamps) cannot be placed
    on the calendar: it is left out under ``sla_response_unknown`` / ``sla_resolution_unknown``."""
    spans = sla_spans(tickets, tiers=tiers, calendar=calendar, business_calendar=business_calendar,
                      default_tier=default_tier)
    return compliance_of(judge(spans, as_of))


def _pct(met: pd.Series, judged: pd.Series) -> np.ndarray:
    judged = judged.to_numpy(dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(judged > 0, met.to_numpy(dtype="float64") / judged * 100.0, np.nan)


def _breaches(tickets: pd.DataFrame, target: str, missed: np.ndarray, elapsed: np.ndarray,
              waited: np.ndarray, target_min: np.ndarray, undone: np.ndarray) -> pd.DataFrame:
    so_far = np.where(undone, waited, elapsed)
    rows = tickets.loc[missed, ["ticket_id", "priority", "priority_key", "agent", "created_at"]]
    out = rows.reset_index(drop=True)
    out.insert(4, "target", target)
    out["elapsed_min"] = so_far[missed]
    out["target_min"] = target_min[missed]
    out["late_min"] = out["elapsed_min"] - out["target_min"]
    out["still_open"] = undone[missed]
    if "source_row" in tickets.columns:
        out["source_row"] = tickets.loc[missed, "source_row"].to_numpy()
    return out


def _latest(values: pd.Series) -> pd.Timestamp:
    """The latest instant of a time column (NaT when it has none). A datetime64 column is read
    as its int64 nanoseconds: pandas' max of a million datetimes costs 25 ms, numpy's 1 ms."""
    if values.dtype.kind != "M":
        return pd.to_datetime(values).max()
    stamps = values.to_numpy()
    known = stamps[~np.isnat(stamps)]
    return pd.Timestamp(known.max()) if len(known) else pd.NaT


def data_end(tickets: pd.DataFrame) -> pd.Timestamp | None:
    """The latest timestamp anywhere in the tickets: the data's "now" (a resolution given as a
    duration after creation counts at the instant it ends)."""
    latest = [_latest(tickets[c]) for c in ("created_at", "first_response_at", "resolved_at", "closed_at")
              if c in tickets.columns]
    if "resolution_h" in tickets.columns and "created_at" in tickets.columns:
        # the resolution instants event_times derives: only where there is no stamp (a million
        # timedeltas for rows whose stamp wins anyway would cost most of this function)
        derived = tickets["resolution_h"].notna()
        if "resolved_at" in tickets.columns:
            derived &= tickets["resolved_at"].isna()
        if derived.any():
            part = tickets.loc[derived, ["created_at", "resolution_h"]]
            latest.append((pd.to_datetime(part["created_at"])
                           + pd.to_timedelta(part["resolution_h"] * 60.0, unit="min")).max())
    latest = [t for t in latest if pd.notna(t)]
    return max(latest) if latest else None



def event_times(tickets: pd.DataFrame, stamp: str, minutes_after: pd.Series) -> pd.Series:
    """When an event happened: its timestamp column, else creation plus the duration column
    (exports that give "first response time" as a duration rather than an instant)."""
    created = pd.to_datetime(tickets["created_at"])
    derived = created + pd.to_timedelta(minutes_after, unit="min")
    return pd.to_datetime(tickets[stamp]).fillna(derived)


def open_at(tickets: pd.DataFrame, as_of) -> pd.Series:
    """True for tickets open at `as_of`: created by then, and still open or resolved later."""
    created = pd.to_datetime(tickets["created_at"])
    resolved = event_times(tickets, "resolved_at", tickets["resolution_h"] * 60.0)
    still_open = tickets["is_open"].fillna(False).astype(bool) | (resolved > as_of).fillna(False)
    return (created <= as_of).fillna(False) & still_open


def backlog(tickets: pd.DataFrame, *, as_of=None, tiers: dict | None = None, calendar: str = CLOCK,
            business_calendar: BusinessCalendar | None = None, near_fraction: float = NEAR_FRACTION,
            alert_threshold_min: float = ALERT_FIRST_RESPONSE_MIN, rows: np.ndarray | None = None,
            default_tier: str | None = DEFAULT_TIER) -> BacklogReport:
    """The backlog monitor at `as_of` (default: the data's last timestamp) of the tickets, or of
    the `rows` among them (a mask: a filter). A ticket is open at `as_of` when it was created by
    then and is still open or was resolved later. Its next due target is the first response
    while unanswered, else the resolution; it is *overdue* past that target and *near* when less
    than `near_fraction` of the target is left."""
    _check_calendar(calendar)
    tiers = normalise_tiers(tiers)
    cal = business_calendar or DEFAULT_CALENDAR
    as_of = pd.Timestamp(as_of) if as_of is not None else data_end(tickets)
    columns = ["ticket_id", "priority", "agent", "created_at", "age_h", "age_min", "due", "left_min", "state",
               "waiting_response_min"]
    if as_of is None:
        return BacklogReport(None, pd.DataFrame(columns=columns), 0, 0, 0, None, 0, alert_threshold_min,
                             problem="no ticket has a creation time")
    open_now = open_at(tickets, as_of)
    if rows is not None:
        open_now &= rows
    t = tickets[open_now]          # a few open tickets: everything below reads only them
    created_o = pd.to_datetime(t["created_at"])
    now = pd.Series(as_of, index=t.index, dtype="datetime64[ns]")
    age_min = _elapsed(created_o, now, None, calendar, cal)
    # an export without first responses cannot say who is still waiting for one: each open
    # ticket's next target is then its resolution, and the waiting alert is unknown (None)
    knows_responses = bool((tickets["first_response_at"].notna() | tickets["frt_min"].notna()).any())
    answered = (event_times(t, "first_response_at", t["frt_min"]) <= as_of).fillna(False).to_numpy()
    if not knows_responses:
        answered = np.ones(len(t), dtype=bool)
    assumed = assumed_tier(tickets, default_tier)
    priority = pd.Series(assumed, index=t.index, dtype="str") if assumed else t["priority_key"].astype("str")
    respond_target, resolve_target = _targets(priority, tiers, calendar, cal)
    due_target = np.where(answered, resolve_target, respond_target)
    left = due_target - age_min
    state = np.select([np.isnan(due_target), left < 0, left < near_fraction * due_target],
                      ["no_target", "overdue", "near"], default="ok")
    waiting = np.where(answered, np.nan, age_min)
    out = pd.DataFrame({
        "ticket_id": t["ticket_id"].to_numpy(), "priority": t["priority"].to_numpy(),
        "agent": t["agent"].to_numpy(), "created_at": created_o.to_numpy(),
        "age_h": clock_minutes(created_o, now) / 60.0, "age_min": age_min,
        "due": np.where(answered, RESOLUTION, RESPONSE), "left_min": left, "state": state,
        "waiting_response_min": waiting,
    }).sort_values("left_min", kind="stable", ignore_index=True, na_position="last")
    with_target = int((state != "no_target").sum())
    overdue = int((state == "overdue").sum())
    # the seed-002 alert: a customer waiting for a first response longer than the threshold
    alerts = int((clock_minutes(created_o, now)[~answered] > alert_threshold_min).sum()) if knows_responses else None
    return BacklogReport(as_of, out, int(len(out)), overdue, int((state == "near").sum()),
                         overdue / with_target * 100.0 if with_target else None, alerts, alert_threshold_min)


def first_response_alerts(tickets: pd.DataFrame, threshold_min: float = ALERT_FIRST_RESPONSE_MIN,
                          *, as_of=None) -> pd.DataFrame:
    """Tickets whose first response took (or, unanswered at `as_of`, has already taken) longer
    than `threshold_min` clock minutes, longest wait first: ticket_id, priority, agent,
    created_at, ``wait_min``, ``answered``."""
    as_of = pd.Timestamp(as_of) if as_of is not None else data_end(tickets)
    created = pd.to_datetime(tickets["created_at"])
    frt = tickets["frt_min"].to_numpy(dtype="float64", na_value=np.nan)
    answered = ~np.isnan(frt) | pd.to_datetime(tickets["first_response_at"]).notna().to_numpy()
    open_ = tickets["is_open"].fillna(False).astype(bool).to_numpy()
    if as_of is not None:
        waiting = clock_minutes(created, pd.Series(as_of, index=tickets.index, dtype="datetime64[ns]"))
    else:
        waiting = np.full(len(tickets), np.nan)
    wait = np.where(answered, frt, np.where(open_, waiting, np.nan))
    hit = wait > threshold_min
    out = tickets.loc[hit, ["ticket_id", "priority", "agent", "created_at"]].reset_index(drop=True)
    out["wait_min"] = wait[hit]
    out["answered"] = answered[hit]
    return out.sort_values("wait_min", ascending=False, kind="stable", ignore_index=True)


def deadlines(tickets: pd.DataFrame, *, tiers: dict | None = None, calendar: str = CLOCK,
              business_calendar: BusinessCalendar | None = None) -> pd.DataFrame:
    """Each ticket's ``response_due`` and ``resolution_due`` instants (NaT without a tier or a
    creation time): creation plus the tier's targets in clock or business time."""
    _check_calendar(calendar)
    tiers = normalise_tiers(tiers)
    cal = business_calendar or DEFAULT_CALENDAR
    respond_target, resolve_target = _targets(tickets["priority_key"], tiers, calendar, cal)
    created = pd.to_datetime(tickets["created_at"])
    add = cal.add_business_minutes if calendar == BUSINESS else add_clock_minutes
    return pd.DataFrame({"response_due": add(created, respond_target),
                         "resolution_due": add(created, resolve_target)}, index=tickets.index)


AGE_EDGES_H = (0, 1, 4, 8, 24, 48, 72, 168, np.inf)   # hour bands an operations lead reads at a glance


def age_histogram(open_tickets: pd.DataFrame, edges_h=AGE_EDGES_H) -> pd.DataFrame:
    """Open tickets (``BacklogReport.tickets``) counted per clock-age band and state: ``band``
    (e.g. "4–8 h", ordered by ``band_order``), ``lo_h``, ``hi_h`` (hours, hi exclusive),
    ``state`` and ``tickets``. Empty bands are kept so the axis does not jump."""
    columns = ["band_order", "band", "lo_h", "hi_h", "state", "tickets"]
    if open_tickets.empty:
        return pd.DataFrame(columns=columns)
    edges = np.asarray(edges_h, dtype="float64")
    labels = [f"{lo:g}–{hi:g} h" if np.isfinite(hi) else f"≥ {lo:g} h" for lo, hi in zip(edges[:-1], edges[1:])]
    band = pd.cut(open_tickets["age_h"], edges, right=False, labels=range(len(labels)))
    counts = pd.crosstab(band, open_tickets["state"]).reindex(index=range(len(labels)), fill_value=0)
    long = counts.stack().rename("tickets").reset_index()
    long.columns = ["band_order", "state", "tickets"]
    long["band"] = [labels[i] for i in long["band_order"]]
    long["lo_h"] = edges[long["band_order"].to_numpy()]
    long["hi_h"] = edges[long["band_order"].to_numpy() + 1]
    long["tickets"] = long["tickets"].astype("int64")
    return long[columns]


TIER_COLUMNS = ("priority", "respond_min", "resolve_h", "resolve_business_days")


def tiers_table(tiers: dict | None = None) -> pd.DataFrame:
    """The tiers (default `schema.SLA_TIERS`) as an editable table, one row per priority key:
    ``respond_min`` (minutes), ``resolve_h`` (hours) and ``resolve_business_days`` (working days,
    which wins over hours when both are set); NaN where a tier has no such target."""
    tiers = normalise_tiers(tiers)
    return pd.DataFrame({
        "priority": pd.Series(list(tiers), dtype="str"),
        **{name: pd.Series([np.nan if getattr(t, name) is None else float(getattr(t, name)) for t in tiers.values()],
                           dtype="float64") for name in TIER_COLUMNS[1:]},
    })


def tiers_from_table(table: pd.DataFrame) -> dict[str, SlaTier]:
    """The tiers an edited :func:`tiers_table` describes. Rows with a blank priority are skipped;
    SlaError for a negative or zero target, a repeated priority or a row with no target at all."""
    out: dict[str, SlaTier] = {}
    for row in table.to_dict("records"):
        key = row.get("priority")
        if key is None or pd.isna(key) or not str(key).strip():
            continue
        key = str(key).strip().lower()
        if key in out:
            raise SlaError(f"priority {key!r} appears twice in the SLA tiers")
        values = {}
        for name in TIER_COLUMNS[1:]:
            value = pd.to_numeric(pd.Series([row.get(name)]), errors="coerce").iloc[0]
            if pd.notna(value) and value <= 0:
                raise SlaError(f"tier {key!r}: {name} must be positive, not {value:g}")
            values[name] = None if pd.isna(value) else float(value)
        if values["respond_min"] is None and values["resolve_h"] is None and values["resolve_business_days"] is None:
            raise SlaError(f"tier {key!r} has no target")
        out[key] = SlaTier(**values)
    return out


def uncovered_years(tickets: pd.DataFrame, business_calendar: BusinessCalendar | None = None) -> list[int]:
    """Years of the tickets' creation times for which the calendar lacks China's make-up working
    days (only weekends and public holidays are used there): the business-hours caveat."""
    cal = business_calendar or DEFAULT_CALENDAR
    years = pd.to_datetime(tickets["created_at"]).dt.year.dropna().unique()
    return cal.uncovered_years(sorted(int(y) for y in years))


def knows_open(tickets: pd.DataFrame, rows: np.ndarray | None = None) -> bool:
    """True when the tickets (or the `rows` among them) can say whether they are still open:
    some ticket has a resolution time or a status. Without either, a backlog count would be a
    made-up 0."""
    columns = [c for c in ("resolved_at", "resolution_h", "status") if c in tickets.columns]
    if not columns:
        return False
    known = tickets[columns].notna().to_numpy().any(axis=1)
    return bool((known if rows is None else known & rows).any())
