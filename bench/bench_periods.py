"""Benchmark of the Period comparison and Goals analyses on 1,000,000 synthetic tickets over two
years.

Times (1) the comparison table for every KPI at monthly grain: for each metric its observations,
the per-period table with n and 95 % intervals, and the current month against the previous one
and the same month last year with the right test (goal < 2 s in all); (2) the goals page: 10
goals evaluated on the data (goal < 1 s).

Run: python bench/bench_periods.py [--rows 1000000] [--repeats 3] [--append]
--append writes the figures to bench/RESULTS.md under "## Periods and goals (issue 6)".
"""
from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import arguments, synthetic_tickets as make_tickets, write_section           # noqa: E402
from analysis.dataset import Dataset                                   # noqa: E402
from analysis.goals import DECREASE, INCREASE, Goal, default_goals, evaluate_goals  # noqa: E402
from analysis.metrics import METRICS                                   # noqa: E402
from analysis.periods import period_report                              # noqa: E402

HEADING = "## Periods and goals (issue 6)"


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
    args = arguments().parse_args()

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

    results = [(f"comparison table, every KPI ({len(METRICS)}), monthly: observations + periods + intervals + tests",
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
              f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} at the end), pandas {pd.__version__}, numpy {np.__version__}; "
              f"{time.strftime('%Y-%m-%d')}. Goals: every-KPI comparison table < 2 s; 10 goals < 1 s.")
    print(header)
    print("\n".join(lines))
    if args.append:   # replaces this benchmark's section of RESULTS.md, leaving the others
        write_section(HEADING.removeprefix("## "), header + "\n\n" + "\n".join(lines))

if __name__ == "__main__":
    main()
