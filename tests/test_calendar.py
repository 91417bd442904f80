"""Business-hours calendar against a minute-by-minute count over a hand-written day list.

China's 2026 arrangement, from the State Council General Office notice on 2026 holidays
(国务院办公厅关于2026年部分节假日安排的通知): New Year Jan 1–3 off, Sun Jan 4 worked; Spring
Festival Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked; Qingming Apr 4–6 off; Labour Day May 1–5
off, Sat May 9 worked; Dragon Boat Jun 19–21 off; Mid-Autumn Sep 25–27 off; National Day Oct 1–7
off, Sun Sep 20 and Sat Oct 10 worked.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.calendar import BusinessCalendar, CalendarError, clock_minutes

T = dt.datetime
OFF_2026 = {dt.date(2026, 1, d) for d in (1, 2, 3)} | {dt.date(2026, 2, d) for d in range(15, 24)} \
    | {dt.date(2026, 4, d) for d in (4, 5, 6)} | {dt.date(2026, 5, d) for d in range(1, 6)} \
    | {dt.date(2026, 6, d) for d in (19, 20, 21)} | {dt.date(2026, 9, d) for d in (25, 26, 27)} \
    | {dt.date(2026, 10, d) for d in range(1, 8)}
MAKEUP_2026 = {dt.date(2026, 1, 4), dt.date(2026, 2, 14), dt.date(2026, 2, 28), dt.date(2026, 5, 9),
               dt.date(2026, 9, 20), dt.date(2026, 10, 10)}


def is_working_day(day: dt.date) -> bool:
    if day in MAKEUP_2026:
        return True
    return day.weekday() < 5 and day not in OFF_2026


def minutes_by_hand(start: dt.datetime, end: dt.datetime, open_h=9, close_h=18) -> int:
    """Walk the span one minute at a time, counting minutes inside working hours."""
    count = 0
    t = start
    while t < end:
        if is_working_day(t.date()) and open_h <= t.hour < close_h:
            count += 1
        t += dt.timedelta(minutes=1)
    return count


SPANS = [
    (T(2026, 3, 6, 17, 0), T(2026, 3, 9, 10, 0)),      # Friday evening -> Monday: weekend skipped
    (T(2026, 9, 30, 16, 30), T(2026, 10, 9, 9, 45)),   # across the National Day holiday
    (T(2026, 2, 13, 17, 0), T(2026, 2, 16, 11, 0)),    # Sat 2-14 is a make-up working day
    (T(2026, 2, 27, 20, 0), T(2026, 3, 2, 8, 0)),      # Sat 2-28 make-up day, Sunday off
    (T(2026, 1, 1, 10, 0), T(2026, 1, 5, 10, 0)),      # New Year off, Sun 1-4 worked
    (T(2026, 3, 10, 7, 0), T(2026, 3, 10, 8, 0)),      # before opening: nothing
    (T(2026, 3, 10, 10, 15), T(2026, 3, 10, 10, 45)),  # inside one morning
    (T(2026, 3, 7, 9, 0), T(2026, 3, 8, 18, 0)),       # an ordinary weekend: nothing
]


def test_business_minutes_match_minute_walk():
    cal = BusinessCalendar()
    start = pd.Series([s for s, _ in SPANS], dtype="datetime64[ns]")
    end = pd.Series([e for _, e in SPANS], dtype="datetime64[ns]")
    got = cal.business_minutes(start, end)
    expected = [minutes_by_hand(s, e) for s, e in SPANS]
    np.testing.assert_allclose(got, expected)
    assert expected[2] == 60 + 540 + 0   # Friday's last hour + the make-up Saturday, Monday a holiday


def test_holiday_and_makeup_day_flags():
    days = BusinessCalendar().working_days(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert bool(days[pd.Timestamp("2026-02-14")]) is True     # Saturday, worked
    assert bool(days[pd.Timestamp("2026-10-01")]) is False    # Thursday, National Day
    for day, flag in days.items():
        assert flag == is_working_day(day.date()), day


def test_reverse_and_missing():
    cal = BusinessCalendar()
    s = pd.Series([T(2026, 3, 10, 12), None], dtype="datetime64[ns]")
    e = pd.Series([T(2026, 3, 10, 10), T(2026, 3, 10, 10)], dtype="datetime64[ns]")
    out = cal.business_minutes(s, e)
    assert out[0] == -120 and np.isnan(out[1])


def test_custom_hours_and_other_country():
    cal = BusinessCalendar(start_hour=8.5, end_hour=17.5, country="US")
    # 2026-07-03 (Friday) is the observed Independence Day in the US
    s, e = T(2026, 7, 2, 17, 0), T(2026, 7, 6, 9, 0)
    got = cal.business_minutes([s], [e])[0]
    assert got == 30 + 30      # Thu 17:00–17:30, Mon 08:30–09:00
    with pytest.raises(CalendarError):
        BusinessCalendar(start_hour=18, end_hour=9)


def test_add_working_days_skips_holidays_and_uses_makeup_days():
    cal = BusinessCalendar()
    starts = pd.Series([T(2026, 2, 13, 14, 0), T(2026, 9, 30, 10, 0), T(2026, 3, 7, 12, 0), T(2026, 3, 10, 14)],
                       dtype="datetime64[ns]")
    got = pd.to_datetime(cal.add_working_days(starts, 3))
    # by hand: Fri 2-13 -> Sat 2-14 (1), holiday week, Tue 2-24 (2), Wed 2-25 (3) at 14:00
    assert got[0] == pd.Timestamp("2026-02-25 14:00")
    # Wed 9-30 -> Thu 10-8 (1), Fri 10-9 (2), Sat 10-10 make-up (3)
    assert got[1] == pd.Timestamp("2026-10-10 10:00")
    # a Saturday start counts from Monday's opening: Mon, Tue, Wed -> Wed 18:00
    assert got[2] == pd.Timestamp("2026-03-11 18:00")
    assert got[3] == pd.Timestamp("2026-03-13 14:00")
    # the deadline is exactly 3 working days of minutes away
    np.testing.assert_allclose(cal.business_minutes(starts, pd.Series(got)), 3 * 540)


def test_add_business_minutes_and_clock():
    cal = BusinessCalendar()
    start = pd.Series([T(2026, 3, 6, 17, 55), T(2026, 3, 7, 3, 0), None], dtype="datetime64[ns]")
    got = pd.to_datetime(cal.add_business_minutes(start, 10))
    assert got[0] == pd.Timestamp("2026-03-09 09:05")   # 5 min on Friday, 5 on Monday
    assert got[1] == pd.Timestamp("2026-03-09 09:10")
    assert pd.isna(got[2])
    assert clock_minutes([T(2026, 3, 6, 17)], [T(2026, 3, 9, 9)])[0] == (2 * 24 + 16) * 60


def test_vectorised_on_many_rows_is_quick():
    import time
    rng = np.random.default_rng(1)
    n = 200_000
    base = np.datetime64("2025-06-01", "m")   # whole minutes, so the minute walk is exact
    s = base + rng.integers(0, 400 * 1440, n).astype("timedelta64[m]")
    e = s + rng.integers(0, 10 * 1440, n).astype("timedelta64[m]")
    t0 = time.perf_counter()
    out = BusinessCalendar().business_minutes(s, e)
    assert time.perf_counter() - t0 < 2.0
    assert np.all(out >= 0) and np.all(out <= 11 * 540)
    # spot-check a few against the minute walk
    in_2026 = np.flatnonzero((s >= np.datetime64("2026-01-01")) & (e < np.datetime64("2027-01-01")))
    for i in rng.choice(in_2026, 5, replace=False):
        a, b = pd.Timestamp(s[i]).to_pydatetime(), pd.Timestamp(e[i]).to_pydatetime()
        assert out[i] == pytest.approx(minutes_by_hand(a, b))


INSTANTS = st.datetimes(min_value=T(2025, 12, 1), max_value=T(2026, 12, 31)).map(lambda d: d.replace(microsecond=0))


@settings(max_examples=60, deadline=None)
@given(INSTANTS, INSTANTS, INSTANTS)
def test_business_minutes_add_up(a, b, c):
    """Spans are differences of positions: a→c equals a→b plus b→c, whatever the order."""
    cal = BusinessCalendar()
    ab, bc, ac = (cal.business_minutes([x], [y])[0] for x, y in ((a, b), (b, c), (a, c)))
    assert ac == pytest.approx(ab + bc, abs=1e-6)
    assert abs(ac) <= abs((c - a).total_seconds()) / 60 + 1e-6


@settings(max_examples=60, deadline=None)
@given(INSTANTS, st.integers(min_value=0, max_value=5 * 540))
def test_add_business_minutes_inverts_span(start, minutes):
    cal = BusinessCalendar()
    due = cal.add_business_minutes([start], minutes)
    assert cal.business_minutes([start], due)[0] == pytest.approx(minutes, abs=1e-6)
    assert pd.Timestamp(due[0]) >= pd.Timestamp(start)


def test_a_span_does_not_depend_on_the_other_rows_passed_with_it():
    # the SLA page judges every ticket once and filters afterwards: a ticket's business minutes
    # must come out bit for bit the same whatever other tickets share the call
    cal = BusinessCalendar()
    start = pd.Series(pd.to_datetime(["2025-07-03 10:17:31.500", "2020-01-02 09:00:00.000"]))
    end = pd.Series(pd.to_datetime(["2025-07-04 11:05:02.250", "2020-01-03 09:00:00.000"]))
    alone = cal.business_minutes(start[:1], end[:1])[0]
    together = cal.business_minutes(start, end)[0]
    assert alone == together
    assert alone == pytest.approx((18 * 60 - (10 * 60 + 17.525)) + (11 * 60 + 5 + 2.25 / 60 - 9 * 60))
