"""A business-hours calendar: which days are working days, and how many working minutes lie
between two instants.

Working days are weekdays minus public holidays, plus (for China) the make-up working days
(调休上班) that the State Council moves onto weekends. China uses the `chinese_calendar` package,
which knows both lists (2004–2026 in version 1.11); years it does not cover, and every other
country, use the `holidays` package, which lists public holidays only.

Elapsed business time is computed without a loop per ticket: each instant is mapped to its
*business position*, the working minutes between a fixed origin and that instant (cumulative
working minutes of the days before it, plus the clipped minutes of its own day). The business
time between two instants is then the difference of their positions, and "N working days later"
is the instant whose position is N × (minutes in a working day) further on.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.schema import WORKDAY_HOURS

DAY_NS = 86_400 * 10**9
MINUTE_NS = 60 * 10**9


class CalendarError(ValueError):
    """The calendar cannot be built (unknown country, working hours that make no sense)."""


@lru_cache(maxsize=64)
def _china_days(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date], bool]:
    """(holidays, make-up working days, covered by chinese_calendar) for one year."""
    import chinese_calendar

    covered = any(d.year == year for d in chinese_calendar.holidays)
    if covered:
        return (frozenset(d for d in chinese_calendar.holidays if d.year == year),
                frozenset(d for d in chinese_calendar.workdays if d.year == year), True)
    return frozenset(_country_holidays("CN", year)), frozenset(), False


@lru_cache(maxsize=256)
def _country_holidays(country: str, year: int) -> frozenset[dt.date]:
    import holidays

    try:
        return frozenset(holidays.country_holidays(country, years=year).keys())
    except NotImplementedError as exc:   # holidays raises this for an unknown country code
        raise CalendarError(f"no public-holiday list for country {country!r}") from exc


@dataclass(frozen=True)
class BusinessCalendar:
    """Working hours `start_hour`–`end_hour` (local wall clock, hours may be fractional) on
    working days of `country` (ISO code; "CN" adds make-up working days). `extra_holidays` and
    `extra_workdays` let a team add its own closures and working weekends."""
    start_hour: float = WORKDAY_HOURS[0]
    end_hour: float = WORKDAY_HOURS[1]
    country: str | None = "CN"
    extra_holidays: frozenset[dt.date] = field(default_factory=frozenset)
    extra_workdays: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not 0 <= self.start_hour < self.end_hour <= 24:
            raise CalendarError(f"working hours {self.start_hour}–{self.end_hour} are not a span within a day")

    @property
    def minutes_per_day(self) -> float:
        """Working minutes in one working day (540 for 09:00–18:00)."""
        return (self.end_hour - self.start_hour) * 60.0

    # --- days -----------------------------------------------------------------------------
    def working_days(self, first: dt.date, last: dt.date) -> pd.Series:
        """Boolean Series indexed by every date from `first` to `last`: True on working days."""
        days = pd.date_range(first, last, freq="D")
        flags = days.day_of_week < 5
        if self.country:
            off: set[dt.date] = set(self.extra_holidays)
            on: set[dt.date] = set(self.extra_workdays)
            for year in range(first.year, last.year + 1):
                if self.country.upper() == "CN":
                    hol, work, _ = _china_days(year)
                    off |= hol
                    on |= work
                else:
                    off |= _country_holidays(self.country, year)
            as_date = days.date
            flags = (flags | np.isin(as_date, list(on))) & ~np.isin(as_date, list(off - set(self.extra_workdays)))
        return pd.Series(flags, index=days)

    def uncovered_years(self, years: list[int]) -> list[int]:
        """Years for which China's make-up working days are unknown (chinese_calendar has no
        data), so only weekends and public holidays are used: shown as a caveat."""
        if not self.country or self.country.upper() != "CN":
            return []
        return [y for y in years if not _china_days(y)[2]]

    def _table(self, first_day: int, last_day: int) -> tuple[np.ndarray, np.ndarray]:
        """(working flag, working minutes before the day) for day numbers first..last (days
        since the epoch); the cumulative array has one extra entry for the end of the last day."""
        first = dt.date(1970, 1, 1) + dt.timedelta(days=int(first_day))
        last = dt.date(1970, 1, 1) + dt.timedelta(days=int(last_day))
        working = self.working_days(first, last).to_numpy()
        per_day = working * self.minutes_per_day
        before = np.concatenate([[0.0], np.cumsum(per_day)])
        return working, before

    # --- instants -------------------------------------------------------------------------
    def business_minutes(self, start, end) -> np.ndarray:
        """Working minutes from `start` to `end` (arrays of datetimes, NaT allowed), as float64;
        negative when `end` is before `start`, NaN where either is missing."""
        s = _as_ns(start)
        e = _as_ns(end)
        if s.shape != e.shape:
            raise ValueError("start and end must have the same length")
        ok = (s != _NAT) & (e != _NAT)
        out = np.full(s.shape, np.nan)
        if not ok.any():
            return out
        s_ok, e_ok = s[ok], e[ok]
        lo = min(s_ok.min(), e_ok.min()) // DAY_NS
        hi = max(s_ok.max(), e_ok.max()) // DAY_NS
        working, before = self._table(lo, hi)
        e_day, e_in = self._position(e_ok, lo, working, before)
        s_day, s_in = self._position(s_ok, lo, working, before)
        # whole days and the minutes within them apart: the sum then does not depend on where the
        # table starts, so a ticket's span is the same whatever other tickets are passed with it
        out[ok] = (e_day - s_day) + (e_in - s_in)
        return out

    def _position(self, ns: np.ndarray, lo: int, working: np.ndarray, before: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
        """(working minutes of the whole days from day `lo` to the instant's day, working minutes
        of that day before the instant)."""
        day = ns // DAY_NS
        idx = day - lo
        minute = (ns - day * DAY_NS) / MINUTE_NS
        inside = np.clip(minute - self.start_hour * 60.0, 0.0, self.minutes_per_day)
        return before[idx], inside * working[idx]

    def add_business_minutes(self, start, minutes) -> np.ndarray:
        """The earliest instant `minutes` working minutes after each `start` (datetime64[ns]
        array; NaT where start or minutes is missing). A start outside working hours counts
        from the next opening."""
        s = _as_ns(start)
        m = np.broadcast_to(np.asarray(minutes, dtype="float64"), s.shape)
        ok = (s != _NAT) & np.isfinite(m) & (m >= 0)
        out = np.full(s.shape, _NAT, dtype="int64")
        if ok.any():
            s_ok, m_ok = s[ok], m[ok]
            lo = s_ok.min() // DAY_NS
            # enough calendar days to hold the longest target, with room for holiday weeks
            span_days = int(np.ceil(m_ok.max() / self.minutes_per_day * 7 / 5)) + 40
            hi = s_ok.max() // DAY_NS + span_days
            working, before = self._table(lo, hi)
            start_day, start_in = self._position(s_ok, lo, working, before)
            target = start_day + start_in + m_ok
            ends = before[1:]
            # the first day whose working minutes reach the target position: the earliest instant
            idx = np.searchsorted(ends, target, side="left")
            idx = np.minimum(idx, len(working) - 1)
            offset = target - before[idx]
            day_ns = (lo + idx) * DAY_NS
            found = day_ns + np.rint((self.start_hour * 60.0 + offset) * MINUTE_NS).astype("int64")
            # a start on a closed day with a zero target would map back to that day's opening
            out[ok] = np.maximum(found, s_ok)
        return out.view("datetime64[ns]")

    def add_working_days(self, start, days: float) -> np.ndarray:
        """`days` working days after each `start`: the same time of day on the N-th following
        working day for a start inside working hours (09:00-18:00 by default)."""
        return self.add_business_minutes(start, float(days) * self.minutes_per_day)

    def is_working_time(self, when) -> np.ndarray:
        """True where the instant lies within working hours on a working day."""
        ns = _as_ns(when)
        ok = ns != _NAT
        out = np.zeros(ns.shape, dtype=bool)
        if ok.any():
            day = ns[ok] // DAY_NS
            lo, hi = day.min(), day.max()
            working, _ = self._table(lo, hi)
            minute = (ns[ok] - day * DAY_NS) / MINUTE_NS
            out[ok] = working[day - lo] & (minute >= self.start_hour * 60) & (minute < self.end_hour * 60)
        return out


_NAT = np.iinfo("int64").min


def _as_ns(values) -> np.ndarray:
    """Datetimes (Series, Index, array, list, scalar) as int64 nanoseconds, NaT as int64 min."""
    if not isinstance(values, (pd.Series, pd.Index, np.ndarray, list, tuple)):
        values = [values]
    index = pd.DatetimeIndex(pd.to_datetime(pd.Series(values) if not isinstance(values, (pd.Series, pd.Index))
                                            else values))
    if index.tz is not None:
        index = index.tz_localize(None)
    return index.as_unit("ns").asi8


def clock_minutes(start, end) -> np.ndarray:
    """Clock (24/7) minutes from `start` to `end`, NaN where either is missing."""
    s, e = _as_ns(start), _as_ns(end)
    out = (e - s) / MINUTE_NS
    return np.where((s == _NAT) | (e == _NAT), np.nan, out)


def add_clock_minutes(start, minutes) -> np.ndarray:
    """Each `start` plus `minutes` of clock time (datetime64[ns], NaT where missing)."""
    s = _as_ns(start)
    m = np.broadcast_to(np.asarray(minutes, dtype="float64"), s.shape)
    ok = (s != _NAT) & np.isfinite(m)
    out = np.full(s.shape, _NAT, dtype="int64")
    out[ok] = s[ok] + np.rint(m[ok] * MINUTE_NS).astype("int64")
    return out.view("datetime64[ns]")


DEFAULT_CALENDAR = BusinessCalendar()
