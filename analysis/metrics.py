"""The KPI registry: one definition per headline metric, shared by the app, the CLI and the
period comparisons so that every place that shows a KPI computes it the same way.

A :class:`Metric` turns the cleaned frames (``Dataset.tickets`` / ``Dataset.responses()``) into
*observations*, one row per ticket or response that can support the metric, with the time it
belongs to (``when``) and a float ``value``; :meth:`Metric.aggregate` turns any subset of those
values into the reported figure. Filtering to a date range is therefore "filter the observations
on ``when``, then aggregate", and a period comparison aggregates two slices of the same
observations.

Units: proportions are reported in percent (0–100), times in the unit of the source column
(minutes for first response and handling, hours for resolution), NPS in points (−100…100),
``tickets`` as a count.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from analysis.schema import CSAT_SATISFIED, FRT_MIN, HANDLE_MIN, RESOLUTION_H, satisfied_codes
from analysis.sla import data_end

PROPORTION, MEDIAN, P90, MEAN, COUNT, NPS = "proportion", "median", "p90", "mean", "count", "nps"
KINDS = (PROPORTION, MEDIAN, P90, MEAN, COUNT, NPS)

# NPS buckets on the 0–10 "how likely to recommend" question (Reichheld's definition).
NPS_PROMOTER_MIN = 9
NPS_DETRACTOR_MAX = 6
NPS_RANGE = (0, 10)

# Reasons a row is left out of a metric (keys of `Metric.excluded`, shown in the app and CLI).
NO_CREATED_AT = "no_created_at"      # a ticket metric cannot place the ticket in time
NO_RESPONSE_DATE = "no_response_date"  # neither the response nor its ticket has a date
CSAT_BLANK = "csat_blank"
CSAT_OUT_OF_RANGE = "csat_out_of_range"
NPS_BLANK = "nps_blank"
NPS_OUT_OF_RANGE = "nps_out_of_range"
FRT_UNKNOWN = "frt_unknown"
FRT_NEGATIVE = "frt_negative"
STILL_OPEN = "still_open"
AWAITING_RESPONSE = "awaiting_response"   # an open ticket with no first response yet (censored, see `censor`)
RESOLUTION_UNKNOWN = "resolution_unknown"
RESOLUTION_NEGATIVE = "resolution_negative"
HANDLE_UNKNOWN = "handle_unknown"
HANDLE_NEGATIVE = "handle_negative"
FCR_UNKNOWN = "fcr_unknown"
NOT_ANSWERED = "not_answered"        # a call never answered: left out of first-contact resolution
NO_REQUEST_TYPE = "no_request_type"
NO_CUSTOMER_ID = "no_customer_id"
REOPEN_UNKNOWN = "reopen_unknown"
NO_CONTACT_TIME = "no_contact_time"    # repeat contact needs the ticket's time, even over all rows

REPEAT_CONTACT = "repeat_contact_pct"   # the one metric that depends on which other tickets are in view

Extractor = Callable[[pd.DataFrame, pd.DataFrame], tuple[pd.Series, pd.Series, dict[str, pd.Series]]]


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column, or an all-NA column when the frame lacks it (e.g. responses without a survey)."""
    if name in frame.columns:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype="object")


def _datetimes(frame: pd.DataFrame, name: str) -> pd.Series:
    """A timestamp column as datetime64[ns] (all NaT when the frame lacks it), converting only
    when it is not already one: the cleaned frames are, and re-parsing 1M rows costs ~0.5 s."""
    if name not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    column = frame[name]
    if not pd.api.types.is_datetime64_dtype(column.dtype):
        column = pd.to_datetime(column)
    return column if column.dtype == "datetime64[ns]" else column.astype("datetime64[ns]")


def _response_when(responses: pd.DataFrame) -> pd.Series:
    """When a response counts: its own date, else the date of the ticket it answers."""
    if "responded_at" not in responses.columns:
        # responses read off the tickets (no survey file) have only the ticket's date: use it
        # as is rather than filling an all-NaT placeholder (which pandas 3 warns about)
        return _datetimes(responses, "created_at")
    responded = _datetimes(responses, "responded_at")
    created = _datetimes(responses, "created_at")
    return responded.fillna(created) if responded.isna().any() else responded


def _numeric(frame: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(_col(frame, name), errors="coerce").astype("float64")


@dataclass(frozen=True)
class Metric:
    """One KPI: how to read it off the data, how to summarise it, and which way is good.

    `observations` gives one row per usable ticket/response (columns ``when``, ``value``);
    `aggregate` summarises a slice of the values (percent for proportions, the median/P90/mean in
    the metric's unit, the count for volumes, points for NPS); `excluded` counts the rows left
    out per reason."""
    key: str
    kind: str
    higher_is_better: bool
    unit: str
    source: str
    definition: str = ""
    extract: Extractor | None = field(default=None, repr=False, compare=False)
    # A time still running: rows of this reason are left out of the solved-only figure, but their
    # ``value`` holds the time waited so far (clock, from creation to the data's as-of, in the
    # metric's unit), so a Kaplan–Meier figure keeps them as right-censored (analysis.survival).
    censor: str | None = None

    def frame(self, tickets: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
        """Every row of the source frame with ``when``, ``value`` and ``reason`` (categorical;
        NA for a usable row, else the first reason that rules it out). A missing date comes
        last: it rules a row out only of figures that need one (a date range, a trend, a
        period), so a ticket with no creation time still counts among the tickets and its score
        in CSAT. One pass serves both `observations` and `excluded`, and a date filter on
        ``when``."""
        if self.extract is None:
            raise ValueError(f"metric {self.key!r} has no extractor")
        when, value, reasons = self.extract(tickets, responses)
        undated = NO_CREATED_AT if self.source == "tickets" else NO_RESPONSE_DATE
        reasons = {**reasons, undated: when.isna()}
        names = list(reasons)
        masks = [m.fillna(False).to_numpy(dtype=bool) for m in reasons.values()]
        codes = np.select(masks, np.arange(len(names), dtype="int8"), default=-1).astype("int8")
        if when.dtype != "datetime64[ns]":
            when = pd.to_datetime(when).astype("datetime64[ns]")
        return pd.DataFrame({"when": when, "value": value.astype("float64"),
                             "reason": pd.Categorical.from_codes(codes, categories=names)},
                            index=when.index, copy=False)

    def observations(self, tickets: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
        """Columns ``when`` (datetime64) and ``value`` (float64), one row per usable dated observation;
        proportions are 0/1 floats. The index is the source frame's index."""
        full = self.frame(tickets, responses)
        return full.loc[full["reason"].isna(), ["when", "value"]]

    def aggregate(self, values: pd.Series | np.ndarray) -> float | None:
        """The reported figure for these observation values (NaN ignored); None when there are
        none (a count of nothing is 0, a median of nothing does not exist). Plain numpy: a
        breakdown or a trend calls this once per group."""
        values = np.asarray(values, dtype="float64")
        missing = np.isnan(values)
        if missing.any():
            values = values[~missing]
        if self.kind == COUNT:
            return float(len(values))
        if not len(values):
            return None
        if self.kind == PROPORTION:
            return float(values.mean() * 100.0)
        if self.kind == MEDIAN:
            return float(np.median(values))
        if self.kind == P90:
            return float(np.quantile(values, 0.9))   # linear interpolation between order statistics
        if self.kind == MEAN:
            return float(values.mean())
        if self.kind == NPS:
            promoters = (values >= NPS_PROMOTER_MIN).mean()
            detractors = (values <= NPS_DETRACTOR_MAX).mean()
            return float((promoters - detractors) * 100.0)
        raise ValueError(f"unknown metric kind {self.kind!r}")

    def excluded(self, tickets: pd.DataFrame, responses: pd.DataFrame) -> dict[str, int]:
        """Rows of the source frame left out of the figure over all rows, per reason (reasons with
        no rows omitted; a missing date leaves no row out of it)."""
        counts = excluded_counts(self.frame(tickets, responses))
        counts.pop(NO_CREATED_AT if self.source == "tickets" else NO_RESPONSE_DATE, None)
        return counts


def excluded_counts(frame: pd.DataFrame) -> dict[str, int]:
    """{reason: rows} of a `Metric.frame` (or a slice of one), zero counts omitted."""
    counts = frame["reason"].value_counts(sort=False)
    return {str(k): int(v) for k, v in counts.items() if v}


# --- extractors ------------------------------------------------------------------------------
def _volume(tickets: pd.DataFrame, responses: pd.DataFrame):
    when = _datetimes(tickets, "created_at")
    return when, pd.Series(1.0, index=tickets.index), {}


def _unanswered(tickets: pd.DataFrame) -> pd.Series:
    return _col(tickets, "answered").astype("boolean").eq(False).fillna(False).astype(bool)


UNIT_MINUTES = {"min": 1.0, "h": 60.0}


def waited_so_far(tickets: pd.DataFrame, unit: str) -> pd.Series:
    """Clock time from each ticket's creation to the data's as-of (its latest timestamp,
    `analysis.sla.data_end`) in `unit` ("min" or "h"); NaN without a creation time. Clock time,
    because the durations it stands beside (``frt_min``, ``resolution_h``) are clock differences
    of the export's timestamps."""
    created = _datetimes(tickets, "created_at")
    as_of = data_end(tickets) if "created_at" in tickets.columns else None
    if as_of is None:
        return pd.Series(np.nan, index=tickets.index)
    minutes = (pd.Timestamp(as_of) - created) / pd.Timedelta(minutes=1)
    return (minutes / UNIT_MINUTES[unit]).astype("float64")


def _duration(column: str, unknown: str, negative: str, censor: str | None = None, calls: bool = False,
              unit: str = "min") -> Extractor:
    """`calls`: a call never answered is left out (its wait or talk time is no response or handling).
    `censor`: the reason of an open ticket with no time yet (still_open, awaiting_response); its
    value is the clock time it has waited by the data's as-of (:func:`waited_so_far`), so the
    solved-only figure leaves it out under that reason and a Kaplan–Meier figure censors it."""
    def extract(tickets: pd.DataFrame, responses: pd.DataFrame):
        value = _numeric(tickets, column)
        reasons: dict[str, pd.Series] = {NOT_ANSWERED: _unanswered(tickets)} if calls else {}
        if censor is not None:
            # an open ticket has no time yet: say so rather than "unknown", and keep its wait
            running = value.isna() & _col(tickets, "is_open").fillna(False).astype(bool)
            if calls:
                running &= ~reasons[NOT_ANSWERED]
            reasons[censor] = running
            if running.any():
                value = value.where(~running, waited_so_far(tickets, unit))
        reasons[unknown] = value.isna() if censor is None else value.isna() & ~reasons[censor]
        reasons[negative] = value < 0
        return _datetimes(tickets, "created_at"), value, reasons
    return extract


def _score_reasons(score: pd.Series, low: float, high: float, blank: str, out_of_range: str):
    return {blank: score.isna(), out_of_range: score.notna() & ((score < low) | (score > high))}


def _csat_satisfied(csat_scale: tuple[int, int]) -> Extractor:
    low, high = csat_scale
    top_box = [float(c) for c in satisfied_codes(low, high)]

    def extract(tickets: pd.DataFrame, responses: pd.DataFrame):
        score = _numeric(responses, "csat")
        # the cleaner's flag wins (it knows labelled scales); the score decides where it is blank
        derived = np.isin(score.to_numpy(), top_box).astype("float64")
        if CSAT_SATISFIED in responses.columns:
            flagged = responses[CSAT_SATISFIED].astype("boolean").to_numpy(dtype="float64", na_value=np.nan)
            derived = np.where(np.isnan(flagged), derived, flagged)
        value = pd.Series(derived, index=responses.index)
        return _response_when(responses), value, _score_reasons(score, low, high, CSAT_BLANK, CSAT_OUT_OF_RANGE)
    return extract


def _csat_score(csat_scale: tuple[int, int]) -> Extractor:
    low, high = csat_scale

    def extract(tickets: pd.DataFrame, responses: pd.DataFrame):
        score = _numeric(responses, "csat")
        return _response_when(responses), score, _score_reasons(score, low, high, CSAT_BLANK, CSAT_OUT_OF_RANGE)
    return extract


def _nps(tickets: pd.DataFrame, responses: pd.DataFrame):
    score = _numeric(responses, "nps")
    low, high = NPS_RANGE
    return _response_when(responses), score, _score_reasons(score, low, high, NPS_BLANK, NPS_OUT_OF_RANGE)


def _fcr(tickets: pd.DataFrame, responses: pd.DataFrame):
    # a call never answered had no contact to resolve anything in: not a failure of FCR
    flag = _col(tickets, "first_contact_resolved").astype("boolean")
    value = flag.astype("Float64").astype("float64")
    return _datetimes(tickets, "created_at"), value, {NOT_ANSWERED: _unanswered(tickets), FCR_UNKNOWN: flag.isna()}


def _complaint(tickets: pd.DataFrame, responses: pd.DataFrame):
    # without a request type or category the ticket cannot say whether it is a complaint
    typed = _col(tickets, "request_type").notna() | _col(tickets, "category").notna()
    value = _col(tickets, "is_complaint").fillna(False).astype(bool).astype("float64")
    return _datetimes(tickets, "created_at"), value, {NO_REQUEST_TYPE: ~typed}


def _reopen(tickets: pd.DataFrame, responses: pd.DataFrame):
    count = _numeric(tickets, "reopened")
    return _datetimes(tickets, "created_at"), (count > 0).astype("float64"), {REOPEN_UNKNOWN: count.isna()}


@dataclass(frozen=True)
class ContactOrder:
    """The tickets that have a customer and a creation time, sorted by customer, then time, then
    file order: read once per dataset, so the repeat-contact flags of any subset of tickets are
    one pass over it (a filter keeps the order, it only drops rows)."""
    position: np.ndarray     # row position of each sorted ticket in the frame
    customer: np.ndarray     # customer code of each sorted ticket
    time: np.ndarray         # creation time, int64 nanoseconds
    rows: int                # rows of the frame


def _first_seen_codes(ids: pd.Series) -> np.ndarray:
    """pandas.factorize's codes of an id column (0, 1, … in order of first appearance); ids of at
    most 8 bytes hashed as numbers (analysis.keys), the same codes 2–3x faster."""
    from analysis import keys
    packed = keys.pack(ids)
    if packed is not None and packed[1].all():
        return pd.factorize(packed[0])[0]
    return pd.factorize(ids)[0]


def contact_order(tickets: pd.DataFrame) -> ContactOrder:
    created = _datetimes(tickets, "created_at")
    customer = _col(tickets, "customer_id")
    usable = (customer.notna() & created.notna()).to_numpy()
    position = np.flatnonzero(usable)
    if not len(position):
        empty = np.array([], dtype="int64")
        return ContactOrder(empty, empty, empty, len(tickets))
    codes = _first_seen_codes(customer[usable])
    times = created[usable].to_numpy("datetime64[ns]").astype("int64")
    # one int64 key (customer, then time) sorts 3x faster than lexsort; time is coarsened just
    # enough to fit (a few microseconds for a million customers over a year), and the
    # stable sort keeps file order among tickets that close together
    offset = times - times.min()
    unit = max(1, -(-(int(codes.max()) + 1) * (int(offset.max()) + 1) // 2**62))
    key = codes.astype("int64") * (int(offset.max()) // unit + 1) + offset // unit
    order = np.argsort(key, kind="stable")
    return ContactOrder(position[order], codes[order], times[order], len(tickets))


def repeat_flags(order: ContactOrder, window_days: float = 7, rows: np.ndarray | None = None) -> np.ndarray:
    """Per row of the frame: 1.0 where the ticket's customer opened another of the `rows` tickets
    (default: all) in the `window_days` days before it, else 0.0; NaN where the customer or the
    creation time is unknown, or the row is not among `rows`."""
    out = np.full(order.rows, np.nan)
    if rows is None:
        c, t, where = order.customer, order.time, order.position
    else:   # by positions: a take is many times faster than a boolean selection of a million rows
        keep = np.flatnonzero(rows.take(order.position))
        c, t, where = order.customer.take(keep), order.time.take(keep), order.position.take(keep)
    if len(t):
        gap = np.empty(len(t), dtype="float64")
        gap[0] = np.inf
        gap[1:] = np.where(c[1:] == c[:-1], (t[1:] - t[:-1]).astype("float64"), np.inf)
        out[where] = (gap <= window_days * 86_400e9).astype("float64")
    return out


def repeat_contact_flags(tickets: pd.DataFrame, window_days: float = 7) -> pd.Series:
    """1.0 where the ticket's customer opened another ticket in the `window_days` days before it
    (earlier, or at the same instant but earlier in the file), 0.0 otherwise; NaN where
    the customer or the creation time is unknown. The look-back ignores any date filter: a ticket
    on the first day of a range is a repeat if the customer called the day before."""
    return pd.Series(repeat_flags(contact_order(tickets), window_days), index=tickets.index)


def _repeat(window_days: float, order: ContactOrder | None = None) -> Extractor:
    """Repeat-contact flags; `order` is the tickets' `contact_order`, when already known."""
    def extract(tickets: pd.DataFrame, responses: pd.DataFrame):
        known = order if order is not None else contact_order(tickets)
        value = pd.Series(repeat_flags(known, window_days), index=tickets.index)
        when = _datetimes(tickets, "created_at")
        return when, value, {NO_CUSTOMER_ID: _col(tickets, "customer_id").isna(), NO_CONTACT_TIME: when.isna()}
    return extract


# --- the registry ----------------------------------------------------------------------------
def repeat_contact_metric(window_days: float = 7) -> Metric:
    """Repeat-contact rate with an editable look-back window (days)."""
    return Metric(REPEAT_CONTACT, PROPORTION, False, "%", "tickets",
                  f"Share of tickets whose customer had another ticket in the previous {window_days:g} days.",
                  _repeat(window_days))


def build_metrics(csat_scale: tuple[int, int] = (1, 5), repeat_window_days: float = 7) -> dict[str, Metric]:
    """The registry for a dataset's CSAT scale and a repeat-contact window; `METRICS` is the
    default (1–5 scale, 7 days)."""
    low, high = csat_scale
    top = "–".join(str(c) for c in satisfied_codes(low, high))
    # median and P90 of one column share one extractor, so a report reads the rows once
    frt = _duration(FRT_MIN, FRT_UNKNOWN, FRT_NEGATIVE, censor=AWAITING_RESPONSE, calls=True, unit="min")
    resolution = _duration(RESOLUTION_H, RESOLUTION_UNKNOWN, RESOLUTION_NEGATIVE, censor=STILL_OPEN, unit="h")
    csat_score = _csat_score(csat_scale)
    items = [
        Metric("tickets", COUNT, True, "tickets", "tickets", "Number of tickets created.", _volume),
        Metric("csat_pct", PROPORTION, True, "%", "responses",
               f"Share of satisfaction scores of {top} on the {low}–{high} scale (top-2-box).",
               _csat_satisfied(csat_scale)),
        Metric("csat_mean", MEAN, True, "points", "responses",
               f"Mean satisfaction score on the {low}–{high} scale.", csat_score),
        Metric("nps", NPS, True, "points", "responses",
               "% promoters (9–10) − % detractors (0–6) on the 0–10 recommend question.", _nps),
        Metric("frt_median_min", MEDIAN, False, "min", "tickets",
               "Median minutes from creation to first response (Kaplan–Meier: open tickets not yet "
               "answered count as still waiting).", frt, AWAITING_RESPONSE),
        Metric("frt_p90_min", P90, False, "min", "tickets",
               "90th percentile of minutes from creation to first response (Kaplan–Meier, open "
               "tickets not yet answered censored).", frt, AWAITING_RESPONSE),
        # The seed goals are set on the average ("平均15分钟 → 8分钟"), so the mean is a metric too.
        Metric("frt_mean_min", MEAN, False, "min", "tickets",
               "Mean minutes from creation to first response, answered tickets only (an open ticket "
               "not yet answered is left out: a mean of censored times has no estimate; skewed: read it beside "
               "the median).", frt),
        Metric("resolution_median_h", MEDIAN, False, "h", "tickets",
               "Median hours from creation to resolution (Kaplan–Meier: open tickets count as still "
               "waiting at the data's as-of).", resolution, STILL_OPEN),
        Metric("resolution_p90_h", P90, False, "h", "tickets",
               "90th percentile of hours from creation to resolution (Kaplan–Meier, open tickets "
               "censored).", resolution, STILL_OPEN),
        Metric("handle_median_min", MEDIAN, False, "min", "tickets",
               "Median handling (working) time in minutes.",
               _duration(HANDLE_MIN, HANDLE_UNKNOWN, HANDLE_NEGATIVE, calls=True)),
        Metric("fcr_pct", PROPORTION, True, "%", "tickets",
               "Share of tickets resolved on first contact (answered calls only, where the export says which).", _fcr),
        Metric("complaint_rate_pct", PROPORTION, False, "%", "tickets",
               "Share of tickets that are complaints (request type or category 投诉/complaint).", _complaint),
        repeat_contact_metric(repeat_window_days),
        Metric("reopen_pct", PROPORTION, False, "%", "tickets",
               "Share of tickets reopened at least once.", _reopen),
    ]
    return {m.key: m for m in items}


METRICS: dict[str, Metric] = build_metrics()


def with_window(metric: Metric, window_days: float, order: ContactOrder | None = None) -> Metric:
    """`metric` unchanged, or the repeat-contact metric with another look-back window (reading
    the tickets' `order` when given rather than sorting them again)."""
    if metric.key != REPEAT_CONTACT:
        return metric
    return replace(metric, extract=_repeat(window_days, order),
                   definition=repeat_contact_metric(window_days).definition)
