"""Benchmark of the Kaplan–Meier time figures (issue 15) on 1,000,000 synthetic tickets.

Times the survival steps (the KM median and P90 of a million resolution times with the open
tickets censored, the log-rank test of two halves, the change of a quantile), the KPIs that now
use them (kpi_report, the kpis JSON, the Overview's figures, the Operations page's time cards)
and the period table of resolution per month and per week (KM per period, log-rank between),
against floors measured in the same run on the same column: numpy's median, DuckDB's median
and a pyarrow sort.

Run: python bench/bench_survival.py [--rows 1000000] [--repeats 3] [--append]
--append writes the figures to bench/RESULTS.md under "## Kaplan–Meier times (issue 15)".
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_kpis import best_of                                   # noqa: E402
from common import arguments, machine, synthetic_tickets, write_section    # noqa: E402
from analysis.dataset import Dataset                             # noqa: E402
from analysis.kpis import kpi_report, kpis_payload, overview_of, time_kpis_of   # noqa: E402
from analysis.metrics import METRICS, waited_so_far              # noqa: E402
from analysis.observations import View                          # noqa: E402
from analysis.periods import metric_periods                     # noqa: E402
from analysis.survival import km_quantiles, logrank, quantile_change   # noqa: E402

HEADING = "Kaplan–Meier times (issue 15)"


def main() -> None:
    args = arguments().parse_args()
    started = machine()

    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    t0 = time.perf_counter()
    tickets = synthetic_tickets(args.rows)
    dataset = Dataset(tickets)
    responses = dataset.responses()
    build = time.perf_counter() - t0

    hours = tickets["resolution_h"].to_numpy("float64")
    still_open = np.isnan(hours) & tickets["is_open"].to_numpy(bool)
    waited = waited_so_far(tickets, "h").to_numpy("float64")
    durations = np.where(still_open, waited, hours)
    done = ~still_open
    solved = hours[~np.isnan(hours)]
    half = len(durations) // 2
    month = tickets["created_at"].dt.month.to_numpy()
    a, b = month == 5, month == 6
    column = pa.array(solved)
    con = duckdb.connect()
    con.register("t", pa.table({"h": column}))

    rows = [
        ("floor: numpy median of the solved times", lambda: np.median(solved)),
        ("floor: DuckDB median of the same column", lambda: con.execute("select median(h) from t").fetchone()),
        ("floor: pyarrow sort of the same column", lambda: pc.sort_indices(column)),
        ("KM median + P90 with intervals (km_quantiles, all rows)", lambda: km_quantiles(durations, done)),
        ("log-rank, two halves", lambda: logrank(durations[:half], done[:half], durations[half:], done[half:])),
        ("KM median change, May vs June (Wald step)",
         lambda: quantile_change(durations[a], done[a], durations[b], done[b])),
        (f"all KPIs (kpi_report, {len(METRICS)} metrics, KM times)", lambda: kpi_report(tickets, responses)),
        ("all KPIs for one month", lambda: kpi_report(tickets, responses, start="2026-06-01", end="2026-06-30")),
        ("Overview figures with the previous range (overview_of, June)",
         lambda: overview_of(View.of(tickets, responses), start="2026-06-01", end="2026-06-30")),
        ("Operations time cards (time_kpis_of, fresh view)", lambda: time_kpis_of(View.of(tickets, responses))),
        ("kpis JSON (CLI payload)", lambda: kpis_payload(dataset, calendar="clock")),
        ("resolution per month (KM per period, log-rank)",
         lambda: metric_periods(dataset, "resolution_median_h", "month")),
        ("resolution per week (105 periods)", lambda: metric_periods(dataset, "resolution_median_h", "week")),
    ]
    results = [(name, best_of(fn, args.repeats)) for name, fn in rows]
    lines = [f"| {name} | {wall * 1000:,.0f} | {cpu * 1000:,.0f} |" for name, (wall, cpu) in results]
    km = km_quantiles(durations, done)
    header = (f"{started}.\n\n{args.rows:,} synthetic tickets (bench/common.synthetic_tickets, {int(still_open.sum()):,} "
              f"open and censored; built in {build:.1f} s); best of {args.repeats}; "
              f"`python bench/bench_survival.py`. KM median {km[0.5].estimate:.3f} h "
              f"(95 % {km[0.5].ci_low:.3f}–{km[0.5].ci_high:.3f}), solved-only median {np.median(solved):.3f} h. "
              "Goal: the KM figures of a million tickets well under 1 s.")
    table = "| step | wall ms | CPU ms |\n|---|---|---|\n" + "\n".join(lines)
    print(header)
    print(table)
    if args.append:
        write_section(HEADING, header + "\n\n" + table)


if __name__ == "__main__":
    main()
