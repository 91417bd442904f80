"""KPIs on a small hand-built ticket table. Every expected value is worked out row by row in
plain Python (statistics, sorted lists, explicit loops), not with the pandas code under test."""
from __future__ import annotations

import datetime as dt
import json
import math
import statistics

import numpy as np
import pandas as pd
import pytest

from analysis.dataset import Dataset
from analysis.kpis import (breakdown, compare_to_previous, date_bounds, heatmap, kpi_report, kpis_payload,
                           open_backlog, trend)
from analysis.metrics import METRICS, build_metrics

T = dt.datetime
# (id, customer, request_type, priority, created, first_response, resolved, handle_min, fcr, reopened, csat, nps, open)
ROWS = [
    ("1", "A", "咨询", "urgent", T(2026, 3, 2, 9, 0), T(2026, 3, 2, 9, 4), T(2026, 3, 2, 10, 0), 5.0, True, 0, 5, 10, False),
    ("2", "A", "投诉", "high", T(2026, 3, 5, 14, 0), T(2026, 3, 5, 14, 30), T(2026, 3, 6, 14, 0), 12.0, False, 1, 2, 3, False),
    ("3", "B", "咨询", "medium", T(2026, 3, 3, 10, 0), T(2026, 3, 3, 10, 10), T(2026, 3, 3, 12, 0), 8.0, True, 0, 4, 9, False),
    ("4", "C", "售后", "low", T(2026, 3, 4, 11, 0), T(2026, 3, 4, 12, 0), None, None, None, None, None, None, True),
    ("5", "B", "咨询", "urgent", T(2026, 3, 12, 16, 0), T(2026, 3, 12, 16, 2), T(2026, 3, 12, 17, 30), 3.0, True, 0, 7, 11, False),
    ("6", None, "投诉", "high", T(2026, 3, 9, 8, 0), None, None, 20.0, False, 2, 0, 6, True),
    ("7", "D", None, "medium", T(2026, 3, 10, 9, 30), T(2026, 3, 10, 9, 45), T(2026, 3, 13, 9, 30), 15.0, None, 0, 3, 7, False),
    ("8", "A", "咨询", "low", T(2026, 3, 11, 13, 0), T(2026, 3, 11, 13, 20), T(2026, 3, 11, 15, 0), 6.0, True, 0, 4, None, False),
    ("9", "E", "咨询", None, None, None, None, 4.0, True, 0, 5, 8, False),
    ("10", "D", "投诉", "urgent", T(2026, 3, 16, 10, 0), T(2026, 3, 16, 10, 20), T(2026, 3, 16, 11, 0), 9.0, False, 0, 1, 2, False),
]


def make_tickets(rows=ROWS) -> pd.DataFrame:
    """The rows in the shape of Dataset.tickets (frt/resolution derived the cleaner's way)."""
    records = []
    for (tid, cust, rtype, prio, created, first, resolved, handle, fcr, reopened, csat, nps, is_open) in rows:
        frt = (first - created).total_seconds() / 60 if (first and created) else None
        res = (resolved - created).total_seconds() / 3600 if (resolved and created) else None
        valid = csat is not None and 1 <= csat <= 5
        records.append({
            "ticket_id": tid, "customer_id": cust, "customer_type": "VIP", "channel": "电话" if int(tid) % 2 else "邮件",
            "request_type": rtype, "category": None, "priority": prio, "agent": f"客服{int(tid) % 3}",
            "status": "处理中" if is_open else "已解决", "channel_key": "phone" if int(tid) % 2 else "email",
            "priority_key": prio, "customer_type_key": "vip", "created_at": created, "first_response_at": first,
            "resolved_at": resolved, "frt_min": frt, "resolution_h": res, "handle_min": handle,
            "first_contact_resolved": fcr, "reopened": reopened, "transfers": 0.0,
            # the cleaner blanks out-of-range scores; this table keeps them to test the guard too
            "csat": csat, "csat_satisfied": (csat >= 4) if valid else None, "nps": nps,
            "is_complaint": rtype == "投诉", "is_open": is_open, "description": "", "notes": "",
            "source_row": int(tid) + 1, "source_file": "t.csv"})
    frame = pd.DataFrame.from_records(records)
    for col in ("created_at", "first_response_at", "resolved_at"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    for col in ("frt_min", "resolution_h", "handle_min", "reopened", "transfers", "csat", "nps"):
        frame[col] = frame[col].astype("float64")
    for col in ("first_contact_resolved", "csat_satisfied"):
        frame[col] = frame[col].astype("boolean")
    for col in ("ticket_id", "customer_id", "request_type", "category", "priority", "priority_key", "agent"):
        frame[col] = frame[col].astype("str")
    return frame


def responses_of(tickets: pd.DataFrame) -> pd.DataFrame:
    return Dataset(tickets).responses()


AS_OF = T(2026, 3, 16, 11, 0)    # the table's latest timestamp (ticket 10's resolution): its "now"


def km_by_hand(finished: list[float], waiting: list[float], q: float = 0.5) -> float | None:
    """Kaplan–Meier q-quantile worked one distinct time at a time in plain Python: S drops by
    (1 − d/n) at each finishing time; the quantile is the first time S < 1 − q (the midpoint
    to the next finishing time where S is exactly 1 − q); None when never reached."""
    times = sorted(set(finished))
    s, previous = 1.0, None
    for t in times:
        at_risk = sum(1 for v in finished + waiting if v >= t)
        s_next = s * (1 - finished.count(t) / at_risk)
        if s_next < 1 - q - 1e-12:
            return (previous + t) / 2 if previous is not None and abs(s - (1 - q)) < 1e-12 else t
        s, previous = s_next, t
    return None


def p90_by_hand(values: list[float]) -> float:
    """Type-7 quantile: interpolate between the order statistics around (n − 1) × 0.9."""
    xs = sorted(values)
    h = (len(xs) - 1) * 0.9
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


@pytest.fixture(scope="module")
def table():
    tickets = make_tickets()
    return tickets, responses_of(tickets), kpi_report(tickets, responses_of(tickets))


def dated(rows=ROWS):
    return [r for r in rows if r[4] is not None]


def test_volume_counts_every_ticket_and_a_date_range_only_dated_ones(table):
    tickets, responses, rep = table
    # Over all rows a ticket needs no date to count; a date range can only hold dated tickets.
    assert rep["tickets"].value == len(ROWS) == 10
    assert rep["tickets"].excluded == {}
    march = kpi_report(tickets, responses, start="2026-03-01", end="2026-03-31")
    assert march["tickets"].value == len(dated()) == 9
    assert march["tickets"].excluded == {"no_created_at": 1}


def test_csat_pct_ignores_blank_and_out_of_range_scores(table):
    _, _, rep = table
    # responses are the tickets with a csat or nps; of those, scores 1..5 count
    # (ticket 9 has no date, and its score counts: CSAT needs a score, not a date)
    scored = [r[10] for r in ROWS if r[10] is not None or r[11] is not None]
    valid = [s for s in scored if s is not None and 1 <= s <= 5]
    satisfied = sum(1 for s in valid if s >= 4)
    assert rep["csat_pct"].n == len(valid) == 7
    assert rep["csat_pct"].value == pytest.approx(100 * satisfied / len(valid))   # 4 of 7
    assert rep["csat_pct"].excluded == {"csat_out_of_range": 2}
    assert rep["csat_mean"].value == pytest.approx(sum(valid) / len(valid))


def test_nps_promoters_minus_detractors(table):
    _, _, rep = table
    scores = [r[11] for r in ROWS if r[11] is not None and 0 <= r[11] <= 10]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    assert rep["nps"].n == len(scores)
    assert rep["nps"].value == pytest.approx(100 * (promoters - detractors) / len(scores))
    assert rep["nps"].excluded["nps_out_of_range"] == 1     # the 11


def test_first_response_median_p90_mean(table):
    _, _, rep = table
    frts = [(r[5] - r[4]).total_seconds() / 60 for r in dated() if r[5] is not None]
    assert sorted(frts) == [2, 4, 10, 15, 20, 20, 30, 60]
    r = rep["frt_median_min"]
    # the headline is Kaplan–Meier: ticket 6 (open, never answered) counts as still waiting
    # from its creation to the data's as-of
    waiting = [(AS_OF - T(2026, 3, 9, 8, 0)).total_seconds() / 60]
    assert r.value == km_by_hand(frts, waiting) == 20.0
    # after the last answer 1 of 9 still waits: S = 1/9 > 10 %, so the P90 is not reached
    assert km_by_hand(frts, waiting, 0.9) is None
    assert rep["frt_p90_min"].value is None and rep["frt_p90_min"].not_reached
    assert r.censored == 1 and r.n == 9
    # the solved-only figures (answered tickets only) sit beside it
    assert r.solved == r.median_solved == statistics.median(frts) == 17.5
    assert rep["frt_p90_min"].solved == pytest.approx(p90_by_hand(frts))
    assert r.mean == pytest.approx(statistics.fmean(frts))
    assert r.p90_solved == pytest.approx(p90_by_hand(frts))
    # ticket 9 has no creation time to measure from; ticket 6 is left out only of the solved-only figure
    assert r.excluded == {"frt_unknown": 1}
    assert r.excluded_solved == {"awaiting_response": 1, "frt_unknown": 1}


def test_resolution_times_say_open_tickets_are_open(table):
    _, _, rep = table
    hours = [(r[6] - r[4]).total_seconds() / 3600 for r in dated() if r[6] is not None]
    waiting = [(AS_OF - r[4]).total_seconds() / 3600 for r in dated() if r[12]]
    assert len(waiting) == 2
    med, p90 = rep["resolution_median_h"], rep["resolution_p90_h"]
    assert med.value == pytest.approx(km_by_hand(hours, waiting))
    # 2 of 9 still open: the curve ends at 2/9 > 10 %, so the P90 is not reached
    assert km_by_hand(hours, waiting, 0.9) is None
    assert p90.value is None and p90.not_reached and not med.not_reached
    assert med.solved == pytest.approx(statistics.median(hours))
    assert p90.solved == pytest.approx(p90_by_hand(hours))
    assert med.censored == 2
    assert med.excluded == {"resolution_unknown": 1}
    assert med.excluded_solved == {"resolution_unknown": 1, "still_open": 2}


def test_handle_fcr_complaint_reopen(table):
    _, _, rep = table
    rows = ROWS           # none of these needs a date
    handles = [r[7] for r in rows if r[7] is not None]
    assert rep["handle_median_min"].value == statistics.median(handles)
    fcr = [r[8] for r in rows if r[8] is not None]
    assert rep["fcr_pct"].value == pytest.approx(100 * sum(fcr) / len(fcr))
    typed = [r for r in rows if r[2] is not None]
    assert rep["complaint_rate_pct"].value == pytest.approx(100 * sum(r[2] == "投诉" for r in typed) / len(typed))
    assert rep["complaint_rate_pct"].excluded == {"no_request_type": 1}
    reopen = [r[9] for r in rows if r[9] is not None]
    assert rep["reopen_pct"].value == pytest.approx(100 * sum(x > 0 for x in reopen) / len(reopen))


def repeat_by_hand(rows, days):
    flags = []
    for i, r in enumerate(rows):
        if r[1] is None or r[4] is None:
            continue
        earlier = [q for j, q in enumerate(rows) if j != i and q[1] == r[1] and q[4] is not None
                   and (r[4] - dt.timedelta(days=days) <= q[4] < r[4] or (q[4] == r[4] and j < i))]
        flags.append(bool(earlier))
    return flags


@pytest.mark.parametrize("days", [7, 3, 10])
def test_repeat_contact_within_window(days):
    tickets = make_tickets()
    rep = kpi_report(tickets, responses_of(tickets), repeat_window_days=days)
    flags = repeat_by_hand(ROWS, days)
    assert rep["repeat_contact_pct"].n == len(flags) == 8
    assert rep["repeat_contact_pct"].value == pytest.approx(100 * sum(flags) / len(flags))


def test_repeat_contact_looks_back_across_the_range_start():
    tickets = make_tickets()
    # A's ticket of 3-05 follows the one of 3-02: still a repeat when the range starts on 3-04
    rep = kpi_report(tickets, responses_of(tickets), start="2026-03-04", end="2026-03-06")
    in_range = [r for r in ROWS if r[4] and dt.datetime(2026, 3, 4) <= r[4] < dt.datetime(2026, 3, 7)]
    assert [r[0] for r in in_range] == ["2", "4"]
    assert rep["repeat_contact_pct"].value == pytest.approx(50.0)
    assert rep["tickets"].value == 2


def test_metrics_registry_matches_report(table):
    tickets, responses, rep = table
    # observations are the dated rows (periods place them in time): the figure of a range that
    # holds every date; excluded counts are those of the figure over all rows
    dated_range = kpi_report(tickets, responses, start="2026-01-01", end="2026-12-31")
    for key, metric in METRICS.items():
        obs = metric.observations(tickets, responses)
        assert list(obs.columns) == ["when", "value"]
        assert obs["when"].dtype == "datetime64[ns]" and obs["value"].dtype == "float64"
        # a censored time's headline is Kaplan–Meier; the registry's aggregate is its solved-only figure
        figure = dated_range[key].solved if metric.censor else dated_range[key].value
        assert metric.aggregate(obs["value"]) == figure
        assert metric.excluded(tickets, responses) == (rep[key].excluded_solved if metric.censor else rep[key].excluded)


def test_empty_data_gives_none_not_zero():
    tickets = make_tickets()
    rep = kpi_report(tickets, responses_of(tickets), start="2030-01-01", end="2030-01-31")
    assert rep["tickets"].value == 0
    for key in ("csat_pct", "frt_median_min", "fcr_pct", "nps", "resolution_p90_h"):
        assert rep[key].value is None and rep[key].n == 0


def test_date_bounds_whole_day_end():
    lo, hi = date_bounds("2026-03-01", "2026-03-31")
    assert hi == pd.Timestamp("2026-04-01") and lo == pd.Timestamp("2026-03-01")
    assert date_bounds(None, "2026-03-31 12:30")[1] == pd.Timestamp("2026-03-31 12:30")
    with pytest.raises(ValueError):
        date_bounds("2026-03-05", "2026-03-01")


def test_compare_to_previous_week():
    tickets = make_tickets()
    out = compare_to_previous(tickets, responses_of(tickets), start="2026-03-09", end="2026-03-15")
    now = [r for r in ROWS if r[4] and T(2026, 3, 9) <= r[4] < T(2026, 3, 16)]
    before = [r for r in ROWS if r[4] and T(2026, 3, 2) <= r[4] < T(2026, 3, 9)]
    assert out["tickets"].current == len(now) and out["tickets"].previous == len(before)
    # Kaplan–Meier medians: an open ticket with no response counts as still waiting at the as-of
    fr_now = km_by_hand([(r[5] - r[4]).total_seconds() / 60 for r in now if r[5]],
                        [(AS_OF - r[4]).total_seconds() / 60 for r in now if not r[5] and r[12]])
    fr_before = km_by_hand([(r[5] - r[4]).total_seconds() / 60 for r in before if r[5]],
                           [(AS_OF - r[4]).total_seconds() / 60 for r in before if not r[5] and r[12]])
    c = out["frt_median_min"]
    assert c.change == pytest.approx(fr_now - fr_before)
    assert c.improved is ((fr_now - fr_before) < 0)     # lower first response is better
    assert out["csat_pct"].higher_is_better


def test_trend_weekly_volume_and_csat():
    tickets = make_tickets()
    tr = trend(tickets, responses_of(tickets), "W")
    weeks: dict[dt.date, list] = {}
    for r in dated():
        monday = (r[4] - dt.timedelta(days=r[4].weekday())).date()
        weeks.setdefault(monday, []).append(r)
    assert [p.date() for p in tr["period"]] == sorted(weeks)
    for row in tr.itertuples():
        rs = weeks[row.period.date()]
        assert row.tickets == len(rs)
        valid = [r[10] for r in rs if r[10] is not None and 1 <= r[10] <= 5]
        assert row.csat_n == len(valid)
        if valid:
            assert row.csat_pct == pytest.approx(100 * sum(s >= 4 for s in valid) / len(valid))


def test_breakdown_by_priority():
    tickets = make_tickets()
    table = breakdown(tickets, responses_of(tickets), by="priority").set_index("priority")
    urgent = [r for r in ROWS if r[3] == "urgent"]
    assert table.loc["urgent", "tickets"] == len(urgent) == 3
    assert table.loc["urgent", "share_pct"] == pytest.approx(100 * 3 / len(ROWS))   # the undated ticket counts too
    assert table.loc["urgent", "frt_median_min"] == statistics.median(
        (r[5] - r[4]).total_seconds() / 60 for r in urgent)
    assert table["tickets"].is_monotonic_decreasing


def test_heatmap_share_of_day():
    tickets = make_tickets()
    hm = heatmap(tickets)
    assert len(hm) == 168 and hm["tickets"].sum() == 9
    mondays = [r for r in dated() if r[4].weekday() == 0]
    cell = hm[(hm.weekday == 0) & (hm.hour == 9)]
    assert cell["tickets"].item() == sum(r[4].hour == 9 for r in mondays)
    assert cell["share_of_day_pct"].item() == pytest.approx(100 * cell["tickets"].item() / len(mondays))
    assert hm[hm.weekday == 6]["share_of_day_pct"].isna().all()      # no Sunday tickets: no share


def test_open_backlog_as_of():
    tickets = make_tickets()
    assert open_backlog(tickets) == sum(r[12] for r in ROWS if r[4])
    # on 3-05 15:00 tickets 4 (open) and 2 (resolved 3-06) are open; 6 not created yet
    at = T(2026, 3, 5, 15)
    by_hand = sum(1 for r in ROWS if r[4] and r[4] <= at and (r[12] or (r[6] and r[6] > at)))
    assert open_backlog(tickets, pd.Timestamp(at)) == by_hand == 2


def test_payload_shape_and_nulls():
    tickets = make_tickets()
    payload = kpis_payload(Dataset(tickets))
    assert list(payload) == ["tickets", "csat_pct", "csat_mean", "nps", "frt_median_min", "frt_median_min_solved",
                             "frt_p90_min", "frt_p90_min_solved", "resolution_median_h", "resolution_median_h_solved",
                             "resolution_p90_h", "resolution_p90_h_solved", "handle_median_min", "fcr_pct",
                             "complaint_rate_pct", "repeat_contact_pct", "frt_censored", "resolution_censored",
                             "not_reached", "km", "open_backlog", "sla", "sla_assumed_tier", "excluded"]
    json.dumps(payload)
    assert payload["tickets"] == 10 and isinstance(payload["tickets"], int)
    assert payload["excluded"]["csat_out_of_range"] == 2
    assert {row["priority"] for row in payload["sla"]} == {"urgent", "high", "medium", "low"}
    assert set(payload["sla"][0]) == {"priority", "n", "response_met_pct", "resolution_met_pct"}
    # a file without survey scores: CSAT figures are null, not 0
    bare = tickets.assign(csat=np.nan, nps=np.nan, csat_satisfied=pd.array([None] * len(tickets), dtype="boolean"))
    empty = kpis_payload(Dataset(bare))
    assert empty["csat_pct"] is None and empty["csat_mean"] is None and empty["nps"] is None


def test_other_csat_scale():
    tickets = make_tickets()
    metrics = build_metrics(csat_scale=(1, 7))
    obs = metrics["csat_pct"].observations(tickets.assign(csat_satisfied=pd.NA), responses_of(tickets))
    # on 1–7 the 7 is valid and top-2-box; 0 is still out of range
    assert len(obs) == 7


def test_no_ticket_rows_means_unknown_volume():
    tickets = make_tickets().iloc[0:0]
    rep = kpi_report(tickets, responses_of(make_tickets()))
    assert rep["tickets"].value is None and rep["frt_median_min"].value is None
    assert rep["csat_pct"].value is not None     # the survey still supports CSAT


def test_payload_range_and_business_calendar():
    tickets = make_tickets()
    payload = kpis_payload(Dataset(tickets), start="2026-03-09", end="2026-03-15", calendar="business")
    in_range = [r for r in ROWS if r[4] and T(2026, 3, 9) <= r[4] < T(2026, 3, 16)]
    assert payload["tickets"] == len(in_range)
    sla = {row["priority"]: row for row in payload["sla"]}
    assert sum(row["n"] for row in sla.values()) == sum(1 for r in in_range if r[3])
    # ticket 5 (urgent, Thu 16:00 → 16:02) is the range's only urgent one: answered within 5 min
    assert sla["urgent"]["n"] == 1 and sla["urgent"]["response_met_pct"] == pytest.approx(100.0)
    # ticket 6 (high, Mon 08:00) was never answered: by the range's end it is a missed response
    assert sla["high"]["response_met_pct"] == 0.0


def test_empty_and_undated_inputs_do_not_crash():
    from analysis.agents import agent_table
    from analysis.sla import backlog, sla_compliance

    empty = make_tickets().iloc[0:0]
    undated = make_tickets().assign(created_at=pd.NaT)
    for tickets in (empty, undated):
        responses = responses_of(tickets)
        rep = kpi_report(tickets, responses)
        # a first-response time given as a duration needs no date (the undated table keeps its minutes)
        frt = tickets["frt_min"].dropna()
        assert rep["frt_median_min"].value == (statistics.median(frt) if len(frt) else None)
        assert breakdown(tickets, responses, "channel").empty == tickets.empty
        assert trend(tickets, responses, "M").empty
        assert heatmap(tickets)["tickets"].sum() == 0
        assert agent_table(tickets, responses).empty == tickets.empty     # agents need no dates
        assert sla_compliance(tickets).compliance.empty
        assert backlog(tickets).open_count == 0
    # without creation times the backlog is the tickets open as exported (tickets 4 and 6)
    assert open_backlog(undated) == sum(r[12] for r in ROWS) == 2
    assert open_backlog(undated.assign(is_open=False, resolved_at=pd.NaT, resolution_h=np.nan,
                                       status=None)) is None
    assert backlog(undated).problem is not None or backlog(undated).open_count == 0
