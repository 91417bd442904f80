"""Benchmark of the Period comparison and Goals analyses on 1,000,000 synthetic tickets over two
years.

Times (1) the comparison table for every KPI at monthly grain: for each metric its observations,
the per-period table with n and 95 % intervals, and the current month against the previous one
and the same month last year with the right test (goal < 2 s in all); (2) the goals page: 10
goals evaluated on the data (goal < 1 s).

Run: python bench/bench_periods.py [--rows 1000000] [--repeats 3] [--append]
--append adds the figures to bench/RESULTS.md under "## Periods and goals (issue 6)".
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.dataset import Dataset                                   # noqa: E402
from analysis.goals import DECREASE, INCREASE, Goal, default_goals, evaluate_goals  # noqa: E402
from analysis.metrics import METRICS                                   # noqa: E402
from analysis.periods import period_report                              # noqa: E402

HEADING = "## Periods and goals (issue 6)"
CHANNELS = ["phone", "online", "email", "social", "other"]


def make_tickets(n: int, seed: int = 0) -> pd.DataFrame:
    """Tickets in the shape of Dataset.tickets over 2025-2026 (two years), with a slow
    improvement in CSAT and first response, channel shares after DOMAIN.md, 10 % complaints,
    5 % open, scores on 90 % of tickets."""
    rng = np.random.default_rng(seed)
    day = rng.integers(0, 730, n)
    hour = np.clip(rng.normal(13, 3.5, n), 0, 23.99)
    created = (np.datetime64("2025-01-01", "ns") + (day * 86_400e9).astype("timedelta64[ns]")
               + (hour * 3_600e9).astype("timedelta64[ns]"))
    channel = rng.choice(CHANNELS, n, p=[.393, .371, .133, .078, .025])
    priority = rng.choice(["urgent", "high", "medium", "low"], n, p=[.05, .15, .5, .3])
    frt = rng.lognormal(np.log(12) - day / 730 * 0.4, 1.0, n)
    res_h = rng.lognormal(np.log(5), 1.3, n)
    is_open = rng.random(n) < 0.05
    res_h[is_open] = np.nan
    p_sat = 0.72 + 0.1 * day / 730
    csat = np.where(rng.random(n) < p_sat, rng.choice([4.0, 5.0], n), rng.choice([1.0, 2.0, 3.0], n))
    csat[rng.random(n) < 0.1] = np.nan
    complaint = rng.random(n) < 0.1

    def s(values) -> pd.Series:
        return pd.Series(values, dtype="str")

    frame = pd.DataFrame({
        "ticket_id": s(np.char.add("T", np.arange(n).astype("U7"))),
        "customer_id": s(np.char.add("C", rng.integers(0, n // 3, n).astype("U7"))),
        "customer_type": s(rng.choice(["VIP", "新客户", "老客户"], n)), "channel": s(channel),
        "request_type": s(np.where(complaint, "投诉", "咨询")), "category": s(rng.choice(["订单", "支付", "账户"], n)),
        "priority": s(priority), "agent": s(np.char.add("客服", rng.integers(0, 120, n).astype("U3"))),
        "status": s(np.where(is_open, "处理中", "已解决")), "channel_key": s(channel), "priority_key": s(priority),
        "customer_type_key": s(rng.choice(["vip", "new", "existing"], n)),
        "created_at": created, "first_response_at": created + (frt * 60e9).astype("timedelta64[ns]"),
        "resolved_at": created + (np.nan_to_num(res_h) * 3_600e9).astype("timedelta64[ns]"),
        "frt_min": frt, "resolution_h": res_h, "handle_min": rng.lognormal(np.log(5), 0.6, n),
        "first_contact_resolved": pd.array(rng.random(n) < 0.85, dtype="boolean"),
        "reopened": (rng.random(n) < 0.04).astype("float64"), "transfers": rng.integers(0, 3, n).astype("float64"),
        "csat": csat, "csat_satisfied": pd.array(csat >= 4, dtype="boolean"),
        "nps": np.where(rng.random(n) < 0.4, rng.integers(0, 11, n), np.nan).astype("float64"),
        "is_complaint": complaint, "is_open": is_open,
        "description": s(np.full(n, "")), "notes": s(np.full(n, "")),
        "source_row": np.arange(2, n + 2, dtype="int64"), "source_file": s(np.full(n, "bench.csv")),
    })
    frame.loc[is_open, "resolved_at"] = pd.NaT
    frame["csat_satisfied"] = frame["csat_satisfied"].mask(frame["csat"].isna())
    return frame


def bench_goals(end: pd.Timestamp) -> list[Goal]:
    """The three default goals and seven more: per channel, per priority, times and rates."""
    q_start = pd.Timestamp("2026-10-01")
    extra = [
        Goal("csat_phone", "csat_pct", INCREASE, 90, q_start, "2026-12-31", baseline=80, segment={"channel_key": "phone"}),
        Goal("csat_online_m", "csat_pct", INCREASE, 90, "2026-01-01", "2026-12-31", baseline_start="2025-01-01",
             baseline_end="2025-12-31", segment={"channel_key": "online"}, grain="month"),
        Goal("fcr", "fcr_pct", INCREASE, 90, q_start, "2026-12-31", baseline=85),
        Goal("res_median", "resolution_median_h", DECREASE, 4, q_start, "2026-12-31", baseline=5),
        Goal("frt_p90_urgent", "frt_p90_min", DECREASE, 30, q_start, "2026-12-31", baseline=60,
             segment={"priority_key": "urgent"}),
        Goal("nps", "nps", INCREASE, 10, "2026-07-01", "2026-12-31", baseline=0, grain="month"),
        Goal("complaints", "complaint_rate_pct", DECREASE, 8, q_start, "2026-12-31", baseline=10),
    ]
    return default_goals(end) + extra


def best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()

    t0 = time.perf_counter()
    tickets = make_tickets(args.rows)
    dataset = Dataset(tickets)
    responses = dataset.responses()
    span = dataset.date_span
    build = time.perf_counter() - t0

    def one(metric, grain="month"):
        obs = metric.observations(tickets, responses)
        return period_report(obs, metric, grain, span=span)

    def every_kpi(grain="month"):
        return {key: one(m, grain) for key, m in METRICS.items()}

    goals = bench_goals(span[1])
    out = every_kpi()
    statuses = evaluate_goals(goals, tickets, responses, asof=span[1].normalize())
    assert all(len(t) == 24 for t, _ in out.values()), "expected 24 months"
    assert all(s.problem is None for s in statuses), [s.problem for s in statuses]

    results = [("comparison table, every KPI (13), monthly: observations + periods + intervals + tests",
                best_of(every_kpi, args.repeats))]
    results.append(("same at ISO-week grain (105 weeks; for information)", best_of(lambda: every_kpi("week"), 1)))
    per_metric = [(key, best_of(lambda m=m: one(m), 1)) for key, m in METRICS.items()]
    results.append(("goals page: 10 goals evaluated (observations, periods, projection, status, gap)",
                    best_of(lambda: evaluate_goals(goals, tickets, responses, asof=span[1].normalize()),
                            args.repeats)))
    lines = [f"- {name}: {sec * 1000:,.0f} ms" for name, sec in results]
    lines.append("- per KPI (one run): " + ", ".join(f"{k} {sec * 1000:,.0f} ms" for k, sec in per_metric))
    lines.append("- statuses: " + ", ".join(f"{s.goal.id} {s.status}" for s in statuses))
    header = (f"{args.rows:,} synthetic tickets over 2025–2026 (built in {build:.1f} s, {len(responses):,} "
              f"responses); best of {args.repeats}; {platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} cores (shared with other workers), pandas {pd.__version__}, numpy {np.__version__}; "
              f"{time.strftime('%Y-%m-%d')}. Goals: every-KPI comparison table < 2 s; 10 goals < 1 s.")
    print(header)
    print("\n".join(lines))
    if args.append:
        path = Path(__file__).with_name("RESULTS.md")
        text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
        text = text.rstrip("\n") + f"\n\n{HEADING}\n{header}\n\n" + "\n".join(lines) + "\n"
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
