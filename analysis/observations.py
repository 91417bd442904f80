"""Every KPI read once off a whole dataset, so that a filter or a date range is a mask.

Each metric of :mod:`analysis.metrics` is a per-row fact (a ticket's first response time, a
response's score), except repeat contact, which depends on which other tickets are in view. So
the rows are read once per loaded dataset into numpy arrays (:class:`MetricRows`), and a
:class:`View` (boolean masks over the tickets and the responses) is aggregated without cutting a
new million-row dataset or joining the survey again. Repeat contact is recomputed for the view's
tickets from one sorted order (:class:`analysis.metrics.ContactOrder`).

A view selects responses through the ticket each is joined to (see :mod:`analysis.selection`).
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.metrics import (NO_CREATED_AT, NO_RESPONSE_DATE, REPEAT_CONTACT, ContactOrder, Metric, build_metrics,
                              contact_order, repeat_flags, with_window)
from analysis.periods import period_codes
from analysis.sla import event_times

NAT = np.iinfo(np.int64).min      # how numpy stores NaT in int64 nanoseconds
UNDATED = (NO_CREATED_AT, NO_RESPONSE_DATE)
BLANK_LABEL = "(blank)"           # the group of rows with no value in a breakdown's column
GRAINS = {"W": "week", "M": "month"}   # the Overview's trend grains, as analysis.periods names them
DAY_NS, HOUR_NS = 86_400 * 10**9, 3_600 * 10**9


def ns(when: pd.Timestamp | None) -> int | None:
    """A bound as int64 nanoseconds (None stays None)."""
    return None if when is None else pd.Timestamp(when).as_unit("ns").value


def as_ns(column: pd.Series) -> np.ndarray:
    """A datetime column as int64 nanoseconds, NaT as `NAT`."""
    return pd.to_datetime(column).to_numpy("datetime64[ns]").view("int64")


def group_codes(frame: pd.DataFrame, by: str) -> tuple[np.ndarray, pd.Index]:
    """(group code per row, label per code) for column `by`; blanks (and a missing column) are
    the "(blank)" group. Factorising once beats grouping 1M strings once per metric."""
    if by not in frame.columns:
        return np.zeros(len(frame), dtype="int64"), pd.Index([BLANK_LABEL], dtype="object")
    codes, uniques = pd.factorize(frame[by])
    labels = pd.Index([*np.asarray(uniques, dtype=object), BLANK_LABEL], dtype="object")
    return np.where(codes < 0, len(uniques), codes), labels


@dataclass(frozen=True)
class MetricRows:
    """One metric read off every source row (ticket or response): `when` (int64 ns, `NAT` where
    unknown), `value` (float64) and `reason` (int8 index into `reasons` of why the row cannot
    support the metric, -1 where it can)."""
    when: np.ndarray
    value: np.ndarray
    reason: np.ndarray
    reasons: tuple[str, ...]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> MetricRows:
        """From a `Metric.frame`."""
        return cls(frame["when"].to_numpy("datetime64[ns]").view("int64"), frame["value"].to_numpy("float64"),
                   frame["reason"].cat.codes.to_numpy("int8"), tuple(frame["reason"].cat.categories))

    def dated_in(self, lo: int | None, hi: int | None) -> np.ndarray | None:
        """Rows dated in [lo, hi) (int64 ns; None: open side); None when both sides are open."""
        if lo is None and hi is None:
            return None
        inside = self.when != NAT
        if lo is not None:
            inside &= self.when >= lo
        if hi is not None:
            inside &= self.when < hi
        return inside

    @property
    def undated(self) -> int:
        """The reason code of "no date" (the metric's last reason, see Metric.frame)."""
        return len(self.reasons) - 1 if self.reasons and self.reasons[-1] in UNDATED else -2

    def scope(self, lo: int | None, hi: int | None) -> np.ndarray | None:
        """Positions of the rows a figure for [lo, hi) accounts for: those dated in the range,
        and the undated ones (reported as left out: they cannot be placed in any range); None:
        every row (no range: a row needs no date to count)."""
        inside = self.dated_in(lo, hi)
        if inside is None:
            return None
        return np.flatnonzero(inside | (self.when == NAT))

    def pick(self, scope: np.ndarray | None) -> tuple[np.ndarray, dict[str, int]]:
        """(the usable values among the `scope` rows (positions), {reason: rows left out},
        reasons with no rows omitted). Over every row (`scope` None) a row whose only fault is
        a missing date is usable."""
        reason = self.reason if scope is None else self.reason.take(scope)
        value = self.value if scope is None else self.value.take(scope)
        counts = np.bincount(reason.view(np.uint8), minlength=256)   # -1 (usable) counts as 255
        usable = reason < 0
        if scope is None and self.undated >= 0:
            usable |= reason == self.undated
            counts[self.undated] = 0
        return np.compress(usable, value), {name: int(c) for name, c in zip(self.reasons, counts) if c}

    def censored(self, scope: np.ndarray | None, reason: str | None) -> np.ndarray:
        """The values (time waited so far) of the `scope` rows left out under `reason`, the
        metric's censoring reason, that have one (an open ticket with no creation time has
        none); empty when the metric censors nothing."""
        if reason is None or reason not in self.reasons:
            return np.empty(0, dtype="float64")
        code = self.reasons.index(reason)
        rows = self.reason if scope is None else self.reason.take(scope)
        value = self.value if scope is None else self.value.take(scope)
        picked = np.compress(rows == code, value)
        return picked[np.isfinite(picked)]

    def waiting(self, lo: int | None, hi: int | None, reason: str | None) -> np.ndarray:
        """Positions of the rows censored under `reason` (still waiting, with a wait so far)
        dated in [lo, hi); with no range, all of them. Empty when the metric censors nothing."""
        if reason is None or reason not in self.reasons:
            return np.empty(0, dtype="int64")
        keep = (self.reason == self.reasons.index(reason)) & np.isfinite(self.value)
        inside = self.dated_in(lo, hi)
        return np.flatnonzero(keep if inside is None else keep & inside)

    def usable(self, lo: int | None, hi: int | None) -> np.ndarray:
        """Positions of the rows that support the metric and are dated in [lo, hi); with no
        range, every row that supports it, dated or not."""
        keep = self.reason < 0
        inside = self.dated_in(lo, hi)
        if inside is None:
            return np.flatnonzero(keep | (self.reason == self.undated) if self.undated >= 0 else keep)
        return np.flatnonzero(keep & inside)

    def take(self, rows: np.ndarray, when: np.ndarray | None = None) -> MetricRows:
        """These rows only (positions); `when`, when given, is ``self.when.take(rows)`` already."""
        return MetricRows(self.when.take(rows) if when is None else when, self.value.take(rows),
                          self.reason.take(rows), self.reasons)


class Observations:
    """A dataset's tickets and responses (``Dataset.responses()``) with every metric's rows read
    once, lazily, for the dataset's CSAT scale. Treat the frames as read-only.

    Safe to share between threads: one dataset's observations serve every session holding it,
    and are read ahead on a thread of their own (:meth:`warm`) while the first page is still
    being asked for; a figure asked for meanwhile waits for it rather than reading it twice."""

    def __init__(self, tickets: pd.DataFrame, responses: pd.DataFrame, csat_scale: tuple[int, int] = (1, 5)):
        self.tickets, self.responses = tickets, responses
        self.csat_scale = tuple(csat_scale)
        self.metrics: dict[str, Metric] = build_metrics(self.csat_scale)
        self._rows: dict[int, MetricRows] = {}
        self._when: dict[str, np.ndarray] = {}
        self._groups: dict[tuple[str, str], tuple[np.ndarray, pd.Index]] = {}
        self._periods: dict[tuple[int, str], tuple[np.ndarray, np.ndarray, pd.DatetimeIndex]] = {}
        self._lock = threading.RLock()

    def warm(self, by: Iterable[str] = (), grains: Iterable[str] = ()) -> None:
        """Read now what the first figures of a dataset ask for: every metric's rows, the
        repeat-contact order, the per-ticket instants (creation, resolution, latest, open), and
        for both sources the groups of the columns `by` and the periods of `grains` ("W", "M")."""
        first: dict[str, MetricRows] = {}
        for metric in self.metrics.values():
            first.setdefault(metric.source, self.rows(metric))
        for name in ("created", "hour_of_week", "resolved", "latest", "is_open", "knows_open"):
            getattr(self, name)
        for source, rows in first.items():
            for column in by:
                self.groups(source, column)
            for grain in grains:
                self.periods(rows, grain)

    def frame(self, source: str) -> pd.DataFrame:
        return self.tickets if source == "tickets" else self.responses

    def metric(self, key: str, repeat_window_days: float = 7) -> Metric:
        return with_window(self.metrics[key], repeat_window_days)

    def rows(self, metric: Metric) -> MetricRows:
        """The metric's rows over the whole dataset; metrics sharing an extractor (median, P90 and
        mean of one time) share them, and metrics of one source share one `when` array when their
        times agree (they do: creation, or the response's date), so a view cuts it once."""
        base = self.metrics.get(metric.key, metric)
        ident = id(base.extract)
        hit = self._rows.get(ident)
        if hit is not None:
            return hit
        with self._lock:          # read by one thread; another asking meanwhile waits for it
            if ident not in self._rows:
                self._rows[ident] = self._read(base)
            return self._rows[ident]

    def _read(self, base: Metric) -> MetricRows:
        if base.key == REPEAT_CONTACT:   # the default window, from the order the views share
            base = with_window(base, 7, self.contact_order)
        rows = MetricRows.of(base.frame(self.tickets, self.responses))
        shared = self._when.setdefault(base.source, rows.when)
        if shared is not rows.when and np.array_equal(shared, rows.when):
            rows = MetricRows(shared, rows.value, rows.reason, rows.reasons)
        return rows

    @cached_property
    def contact_order(self) -> ContactOrder:
        return contact_order(self.tickets)

    def groups(self, source: str, by: str) -> tuple[np.ndarray, pd.Index]:
        """(group code per row, labels) of column `by` of the tickets or the responses."""
        with self._lock:
            if (source, by) not in self._groups:
                codes, labels = group_codes(self.frame(source), by)
                self._groups[(source, by)] = codes.astype(np.min_scalar_type(len(labels))), labels
            return self._groups[(source, by)]

    def periods(self, rows: MetricRows, grain: str) -> tuple[np.ndarray, pd.DatetimeIndex]:
        """(period code per row, the periods' first instants) of `rows.when`: weeks from Monday
        ("W") or months ("M"); code -1 where the time is unknown."""
        key = (id(rows.when), grain)
        with self._lock:
            if key not in self._periods:
                codes, starts = period_codes(pd.Series(rows.when.view("datetime64[ns]")), GRAINS[grain])
                self._periods[key] = (rows.when, codes.astype(np.int32), starts)
            return self._periods[key][1:]

    # --- per-ticket times for the heatmap and the backlog ---------------------------------------
    @cached_property
    def created(self) -> np.ndarray:
        return as_ns(self.tickets["created_at"])

    @cached_property
    def hour_of_week(self) -> np.ndarray:
        """Weekday (0 = Monday) × 24 + hour of each creation time; -1 where unknown."""
        when = self.created
        days = when // DAY_NS
        cell = ((days + 3) % 7) * 24 + (when - days * DAY_NS) // HOUR_NS   # 1970-01-01 was a Thursday
        return np.where(when == NAT, -1, cell).astype("int16")

    @cached_property
    def resolved(self) -> np.ndarray:
        """When each ticket was resolved: its resolution time, else creation + resolution hours."""
        return as_ns(event_times(self.tickets, "resolved_at", self.tickets["resolution_h"] * 60.0))

    @cached_property
    def latest(self) -> np.ndarray:
        """Each ticket's latest timestamp (the data's "now" is the largest), NAT where none."""
        stamps = [as_ns(self.tickets[c]) for c in ("created_at", "first_response_at", "resolved_at", "closed_at")
                  if c in self.tickets.columns] + ([self.resolved] if "resolution_h" in self.tickets.columns else [])
        return np.maximum.reduce(stamps) if stamps else np.full(len(self.tickets), NAT)

    @cached_property
    def is_open(self) -> np.ndarray:
        return self.tickets["is_open"].fillna(False).to_numpy(dtype=bool)

    @cached_property
    def knows_open(self) -> np.ndarray:
        """Tickets with a resolution time or a status: they can say whether they are still open."""
        columns = [c for c in ("resolved_at", "resolution_h", "status") if c in self.tickets.columns]
        if not columns:
            return np.zeros(len(self.tickets), dtype=bool)
        return self.tickets[columns].notna().to_numpy().any(axis=1)


@dataclass(frozen=True, eq=False)
class View:
    """Some rows of an :class:`Observations`: boolean masks over its tickets and its responses
    (None: all rows). The view's arrays are the observations' arrays cut to its rows, each cut
    once and kept, so every figure of a page works on the view's rows only."""
    data: Observations
    tickets: np.ndarray | None = None
    responses: np.ndarray | None = None
    _cut: dict = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, tickets: pd.DataFrame, responses: pd.DataFrame, csat_scale: tuple[int, int] = (1, 5)) -> View:
        """Every row of these frames."""
        return cls(Observations(tickets, responses, csat_scale))

    def positions(self, source: str) -> np.ndarray | None:
        """Positions of the view's tickets or responses (None: all); taking by position is ten
        times faster than by a boolean mask, and every array of the view is cut by them."""
        mask = self.tickets if source == "tickets" else self.responses
        if mask is None:
            return None
        if source not in self._cut:
            self._cut[source] = (mask, np.flatnonzero(mask))
        return self._cut[source][1]

    def cut(self, source: str, array: np.ndarray) -> np.ndarray:
        """`array` (one value per ticket or response of the observations) at the view's rows."""
        rows = self.positions(source)
        if rows is None:
            return array
        key = id(array)
        if key not in self._cut:
            self._cut[key] = (array, array.take(rows))   # the array is kept so its id is not reused
        return self._cut[key][1]

    def size(self, source: str) -> int:
        """How many source rows the view holds."""
        mask = self.tickets if source == "tickets" else self.responses
        return len(self.data.frame(source)) if mask is None else int(mask.sum())

    def rows(self, metric: Metric, repeat_window_days: float = 7) -> MetricRows:
        """The metric's rows in the view. Repeat contact counts only the view's own tickets (a
        customer's phone call does not make their next e-mail a repeat when the view is e-mail)."""
        full = self.data.rows(metric)
        if metric.key == REPEAT_CONTACT and (repeat_window_days != 7 or self.tickets is not None):
            key = (REPEAT_CONTACT, repeat_window_days)
            if key not in self._cut:
                flags = repeat_flags(self.data.contact_order, repeat_window_days, self.tickets)
                full = MetricRows(full.when, flags, full.reason, full.reasons)
                self._cut[key] = (full, self._take(metric.source, full))
            return self._cut[key][1]
        key = ("rows", id(full))
        if key not in self._cut:
            self._cut[key] = (full, self._take(metric.source, full))
        return self._cut[key][1]

    def _take(self, source: str, rows: MetricRows) -> MetricRows:
        positions = self.positions(source)
        return rows if positions is None else rows.take(positions, self.cut(source, rows.when))

    def groups(self, source: str, by: str) -> tuple[np.ndarray, pd.Index]:
        codes, labels = self.data.groups(source, by)
        return self.cut(source, codes), labels

    def periods(self, metric: Metric, grain: str) -> tuple[np.ndarray, pd.DatetimeIndex]:
        """(period code per row of the view, the periods' first instants) of the metric's times."""
        codes, starts = self.data.periods(self.data.rows(metric), grain)
        return self.cut(metric.source, codes), starts

    def first_created(self) -> pd.Timestamp | None:
        created = self.cut("tickets", self.data.created)
        created = created[created != NAT]
        return pd.Timestamp(created.min()) if len(created) else None

    def wait_shift(self, unit: str) -> float:
        """How much earlier the view's "now" is than the dataset's, in `unit` ("min" or "h"): the
        waits of the open tickets (`analysis.metrics.waited_so_far`, read once to the dataset's
        last timestamp) minus this are their waits to the view's own last timestamp, as the
        backlog takes it, so a filter as a mask gives the figures of the cut dataset."""
        if self.tickets is None:
            return 0.0
        latest = self.data.latest
        latest = latest[latest != NAT]
        mine = self.data_end()
        if mine is None or not len(latest):
            return 0.0
        return (int(latest.max()) - ns(mine)) / (60e9 if unit == "min" else 3_600e9)

    def data_end(self) -> pd.Timestamp | None:
        """The latest timestamp among the view's tickets: its "now"."""
        latest = self.cut("tickets", self.data.latest)
        latest = latest[latest != NAT]
        return pd.Timestamp(latest.max()) if len(latest) else None

    def knows_open(self) -> bool:
        return bool(self.cut("tickets", self.data.knows_open).any())

    def open_now(self) -> int:
        """Tickets of the view open as exported (a file without creation times has no "as of")."""
        return int(self.cut("tickets", self.data.is_open).sum())

    def open_at(self, as_of: pd.Timestamp) -> int:
        """Tickets of the view open at `as_of`: created by then, still open or resolved later
        (:func:`analysis.sla.open_at`'s rule, on the arrays read once)."""
        at = ns(as_of)
        created = self.cut("tickets", self.data.created)
        resolved = self.cut("tickets", self.data.resolved)
        is_open = self.cut("tickets", self.data.is_open)
        return int(((created != NAT) & (created <= at) & (is_open | (resolved > at))).sum())
