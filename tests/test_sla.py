"""SLA compliance, breaches and the backlog monitor on hand-built tickets, checked against a
row-by-row computation with the DOMAIN.md tiers written out here (urgent 5 min / 2 h, high
10 min / 24 h, medium and low 30 min / 3 working days) and a minute-by-minute business clock."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis.sla import SlaError, backlog, deadlines, first_response_alerts, sla_compliance

T = dt.datetime
AS_OF = T(2026, 3, 11, 18, 0)
# China 2026 (State Council notice): Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked.
OFF = {dt.date(2026, 2, d) for d in range(15, 24)}
MAKEUP = {dt.date(2026, 2, 14), dt.date(2026, 2, 28)}
TIERS_BY_HAND = {"urgent": (5, 120, None), "high": (10, 1440, None), "medium": (30, None, 3), "low": (30, None, 3)}

# id, priority, created, first_response, resolved, open
ROWS = [
    ("t1", "urgent", T(2026, 3, 10, 10, 0), T(2026, 3, 10, 10, 4), T(2026, 3, 10, 11, 30), False),
    ("t2", "urgent", T(2026, 3, 10, 10, 0), T(2026, 3, 10, 10, 8), T(2026, 3, 10, 13, 0), False),
    ("t3", "high", T(2026, 3, 6, 17, 0), T(2026, 3, 6, 17, 20), T(2026, 3, 9, 10, 0), False),
    ("t4", "medium", T(2026, 3, 6, 17, 50), T(2026, 3, 9, 9, 10), T(2026, 3, 11, 17, 0), False),
    ("t5", "low", T(2026, 2, 13, 17, 50), T(2026, 2, 14, 9, 20), T(2026, 2, 25, 10, 0), False),
    ("t6", "medium", T(2026, 3, 11, 17, 35), None, None, True),
    ("t7", "high", T(2026, 3, 11, 9, 0), None, None, True),
    ("t8", None, T(2026, 3, 10, 9, 0), T(2026, 3, 10, 9, 1), T(2026, 3, 10, 9, 30), False),
    ("t9", "urgent", None, None, None, False),
]


def make_tickets() -> pd.DataFrame:
    recs = []
    for tid, prio, created, first, resolved, is_open in ROWS:
        recs.append({
            "ticket_id": tid, "priority": prio, "priority_key": prio, "agent": "客服" + tid[-1],
            "created_at": created, "first_response_at": first, "resolved_at": resolved,
            "frt_min": (first - created).total_seconds() / 60 if first and created else None,
            "resolution_h": (resolved - created).total_seconds() / 3600 if resolved and created else None,
            "is_open": is_open, "source_row": int(tid[1:]) + 1})
    frame = pd.DataFrame.from_records(recs)
    for col in ("created_at", "first_response_at", "resolved_at"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    for col in ("frt_min", "resolution_h"):
        frame[col] = frame[col].astype("float64")
    for col in ("ticket_id", "priority", "priority_key", "agent"):
        frame[col] = frame[col].astype("str")
    return frame


def business_walk(a: dt.datetime, b: dt.datetime) -> int:
    n, t = 0, a
    while t < b:
        d = t.date()
        working = d in MAKEUP or (d.weekday() < 5 and d not in OFF)
        n += working and 9 <= t.hour < 18
        t += dt.timedelta(minutes=1)
    return n


def by_hand(calendar: str):
    """{priority: [response met, response judged, resolution met, resolution judged]}."""
    span = business_walk if calendar == "business" else (lambda a, b: (b - a).total_seconds() / 60)
    day = 540 if calendar == "business" else 1440
    out: dict[str, list[int]] = {}
    for tid, prio, created, first, resolved, is_open in ROWS:
        if prio is None or created is None:
            continue
        respond, resolve_min, resolve_days = TIERS_BY_HAND[prio]
        resolve = resolve_min if resolve_min is not None else resolve_days * day
        row = out.setdefault(prio, [0, 0, 0, 0])
        for done, target, slot in ((first, respond, 0), (resolved, resolve, 2)):
            if done is not None:
                row[slot + 1] += 1
                row[slot] += span(created, done) <= target
            elif span(created, AS_OF) > target:     # still waiting and already late
                row[slot + 1] += 1
    return out


@pytest.mark.parametrize("calendar", ["clock", "business"])
def test_compliance_per_tier_matches_row_by_row(calendar):
    report = sla_compliance(make_tickets(), calendar=calendar, as_of=AS_OF)
    expected = by_hand(calendar)
    table = report.compliance.set_index("priority")
    assert list(table.index) == ["urgent", "high", "medium", "low"]
    for prio, (rm, rj, sm, sj) in expected.items():
        assert table.loc[prio, "response_n"] == rj
        assert table.loc[prio, "resolution_n"] == sj
        if rj:
            assert table.loc[prio, "response_met_pct"] == pytest.approx(100 * rm / rj)
        else:
            assert pd.isna(table.loc[prio, "response_met_pct"])
        if sj:
            assert table.loc[prio, "resolution_met_pct"] == pytest.approx(100 * sm / sj)
        else:
            assert pd.isna(table.loc[prio, "resolution_met_pct"])
    assert report.excluded["sla_no_tier"] == 1 and report.excluded["sla_no_created_at"] == 1


def test_business_hours_change_the_verdict():
    clock = sla_compliance(make_tickets(), calendar="clock", as_of=AS_OF).compliance.set_index("priority")
    business = sla_compliance(make_tickets(), calendar="business", as_of=AS_OF).compliance.set_index("priority")
    # t5: Friday 17:50 -> make-up Saturday 09:20 is 30 working minutes but 15 h 30 on the clock
    assert clock.loc["low", "response_met_pct"] == 0 and business.loc["low", "response_met_pct"] == 100
    # t4: 3 working days across a weekend are met in business time, not in 72 clock hours
    assert clock.loc["medium", "resolution_met_pct"] == 0 and business.loc["medium", "resolution_met_pct"] == 100


def test_breaches_list_ticket_lateness_and_agent():
    report = sla_compliance(make_tickets(), calendar="clock", as_of=AS_OF)
    b = report.breaches.set_index(["ticket_id", "target"])
    assert b.loc[("t2", "response"), "late_min"] == pytest.approx(8 - 5)
    assert b.loc[("t2", "resolution"), "late_min"] == pytest.approx(180 - 120)
    assert b.loc[("t2", "response"), "agent"] == "客服2"
    assert bool(b.loc[("t7", "response"), "still_open"]) is True
    assert b.loc[("t7", "response"), "late_min"] == pytest.approx(540 - 10)
    assert ("t1", "response") not in b.index
    assert report.breaches["late_min"].is_monotonic_decreasing


def test_editable_tiers():
    tiers = {"urgent": {"respond_min": 10, "resolve_h": 4}, "high": {"respond_min": 30, "resolve_h": 72}}
    table = sla_compliance(make_tickets(), tiers=tiers, as_of=AS_OF).compliance.set_index("priority")
    assert list(table.index) == ["urgent", "high"]
    assert table.loc["urgent", "response_met_pct"] == 100 and table.loc["urgent", "resolution_met_pct"] == 100
    with pytest.raises(SlaError):
        sla_compliance(make_tickets(), calendar="lunar")


def test_backlog_monitor():
    report = backlog(make_tickets(), as_of=AS_OF)
    rows = report.tickets.set_index("ticket_id")
    assert report.open_count == 2 and set(rows.index) == {"t6", "t7"}
    assert rows.loc["t7", "state"] == "overdue" and rows.loc["t7", "left_min"] == pytest.approx(10 - 540)
    assert rows.loc["t6", "state"] == "near"          # 25 of 30 minutes used: 5 left < 20 % of 30
    assert rows.loc["t6", "age_h"] == pytest.approx(25 / 60)
    assert report.overdue_rate_pct == pytest.approx(50.0)
    assert report.alert_count == 2                    # both waiting more than 10 min for a reply
    # earlier, t2 (resolved 13:00) and t4 (resolved 3-11) were still open; t6/t7 did not exist
    earlier = backlog(make_tickets(), as_of=T(2026, 3, 10, 12, 0))
    assert set(earlier.tickets["ticket_id"]) == {"t2", "t4"}


def test_backlog_defaults_to_data_end():
    report = backlog(make_tickets())
    assert report.as_of == pd.Timestamp(T(2026, 3, 11, 17, 35))


def test_first_response_alerts():
    alerts = first_response_alerts(make_tickets(), as_of=AS_OF)
    slow = {tid for tid, _, created, first, _, is_open in ROWS
            if created and ((first and (first - created).total_seconds() > 600)
                            or (first is None and is_open and (AS_OF - created).total_seconds() > 600))}
    assert set(alerts["ticket_id"]) == slow
    assert alerts["wait_min"].is_monotonic_decreasing


def test_deadlines_business_time():
    d = deadlines(make_tickets(), calendar="business")
    t = make_tickets().set_index(d.index)
    row = d[t["ticket_id"] == "t5"].iloc[0]
    # 30 working minutes: 10 on Friday evening, 20 on the make-up Saturday
    assert row["response_due"] == pd.Timestamp("2026-02-14 09:20")
    # 1,620 working minutes: Fri 10 + make-up Sat 540 + Tue 2-24 540 + Wed 2-25 530 (to 17:50)
    assert row["resolution_due"] == pd.Timestamp("2026-02-25 17:50")


def test_an_export_without_first_responses_leaves_the_response_target_unjudged():
    # no first-response column at all: not "every ticket unanswered and overdue"
    tickets = make_tickets().assign(first_response_at=pd.NaT, frt_min=np.nan)
    report = sla_compliance(tickets)
    assert (report.compliance["response_n"] == 0).all()
    assert report.compliance["response_met_pct"].isna().all()
    tiered_dated = int((report.compliance["n"]).sum())
    assert report.excluded["sla_response_unknown"] == tiered_dated
    assert (report.breaches["target"] != "response").all()
    # the resolution targets are judged as before
    assert report.compliance["resolution_n"].sum() == sla_compliance(make_tickets()).compliance["resolution_n"].sum()


def test_backlog_of_an_export_without_first_responses():
    # nobody can be "unanswered for 10 minutes" when the export never says who was answered
    report = backlog(make_tickets().assign(first_response_at=pd.NaT, frt_min=np.nan), as_of=AS_OF)
    assert report.open_count == 2 and report.alert_count is None
    assert (report.tickets["due"] == "resolution").all()
    assert report.tickets["waiting_response_min"].isna().all()


@pytest.mark.parametrize("calendar", ["clock", "business"])
def test_a_response_stamped_before_creation_is_unknown_not_met(calendar):
    # created Tuesday 22:00 and "answered" at 21:00 the same evening, both after closing time: 0
    # working minutes apart, yet the response came before the ticket existed
    frame = make_tickets().iloc[:1].copy()
    frame["created_at"] = pd.Timestamp("2026-03-10 22:00")
    frame["first_response_at"] = pd.Timestamp("2026-03-10 21:00")
    frame["frt_min"] = -60.0
    report = sla_compliance(frame, calendar=calendar, as_of=AS_OF)
    row = report.compliance.set_index("priority").loc["urgent"]
    assert row["response_n"] == 0 and pd.isna(row["response_met_pct"])
    assert report.excluded["sla_response_unknown"] == 1


def test_the_command_line_measures_working_days_in_business_time_by_default(tmp_path, capsys):
    # seed 002's medium tier: solved within 3 working days. t4 (Friday 17:50 → Wednesday 17:00)
    # took 3 working days and 10 minutes short of 5 clock days: met in business time only.
    import json

    from analysis.__main__ import main

    frame = make_tickets()
    frame = frame[frame["ticket_id"] == "t4"][["ticket_id", "priority", "created_at", "first_response_at", "resolved_at"]]
    path = tmp_path / "t4.csv"
    frame.to_csv(path, index=False)
    results = {}
    for extra in ([], ["--calendar", "clock"]):
        assert main(["kpis", str(path), "--json", *extra]) == 0
        sla = {row["priority"]: row for row in json.loads(capsys.readouterr().out)["sla"]}
        results[tuple(extra)] = sla["medium"]["resolution_met_pct"]
    assert results[()] == 100.0
    assert results[("--calendar", "clock")] == 0.0


def test_data_end_counts_a_resolution_given_as_a_duration_where_there_is_no_stamp():
    from analysis.sla import data_end
    tickets = pd.DataFrame({
        "created_at": pd.to_datetime(["2026-03-01 09:00", "2026-03-02 10:00", "2026-03-02 11:00"]),
        "resolved_at": pd.to_datetime(["2026-03-01 12:00", None, None]),
        "resolution_h": [1.0, 30.0, None]})       # the stamp wins over its duration on the first row
    assert data_end(tickets) == pd.Timestamp("2026-03-03 16:00")        # 10:00 + 30 h
    tickets.loc[1, "resolution_h"] = None
    assert data_end(tickets) == pd.Timestamp("2026-03-02 11:00")        # the latest creation
