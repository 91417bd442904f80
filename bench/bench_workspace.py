"""Workspace benchmark (issue 7): twelve monthly exports of ~100,000 tickets appended one after
another, opening the saved 1.2M-ticket dataset, and the Overview's monthly aggregates computed in
DuckDB over 10M stored tickets. Results go to bench/RESULTS.md under "## Workspace (issue 7)".

    python bench/bench_workspace.py [--per-month 100000] [--big 10000000] [--dir /tmp/fupan_bench_ws]

Each month's files are parsed by the app's loader (timed apart: that is the upload, not the
store) and then appended (`Workspace.append`: keys, diff against the stored keys, one
transaction). Each monthly export also repeats the previous month's last day (a re-export), so
every append after the first has some unchanged rows to recognise. Opening and the 10M aggregates
run in fresh child processes (bench/common.run_child) so that their peak memory is their own.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import machine, peak_rss_mb, rss_mb, run_child, write_section  # noqa: E402

NAME = "year"
BIG = "big"


def child_open(name: str) -> dict:
    from analysis.workspace import Workspace
    before = rss_mb()
    start = time.perf_counter()
    ds = Workspace().open(name)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "tickets": len(ds.tickets), "responses": len(ds.survey) if ds.survey is not None else 0,
            "rss_before_mb": before, "peak_mb": peak_rss_mb()}


def child_overview(name: str) -> dict:
    from analysis.workspace import Workspace
    before = rss_mb()
    ws = Workspace()
    start = time.perf_counter()
    listed = ws.list()
    list_s = time.perf_counter() - start
    start = time.perf_counter()
    frame = ws.monthly_overview(name)
    seconds = time.perf_counter() - start
    info = next(i for i in listed if i.name == name)
    return {"list_seconds": list_s, "seconds": seconds, "tickets": info.tickets, "months": len(frame),
            "total": int(frame["tickets"].sum()), "csat_n": int(frame["csat_n"].sum()),
            "first": {k: (str(v) if k == "month" else float(v)) for k, v in frame.iloc[0].items()},
            "rss_before_mb": before, "peak_mb": peak_rss_mb()}


def monthly_files(per_month: int) -> list[list[tuple[str, bytes]]]:
    """Twelve months of exports (tickets + survey CSV each), ~`per_month` tickets a month."""
    import pandas as pd

    from analysis.sample import csv_bytes, english_exports, generate
    sample = generate(per_month * 12, seed=11, start="2025-01-01", days=365)
    tickets, survey = english_exports(sample, None)
    created = pd.to_datetime(tickets["Created at"])
    month = created.dt.month.to_numpy()
    last_day = created.dt.is_month_end.to_numpy()
    out = []
    for m in range(1, 13):
        # the month's tickets, and the previous month's last day again (a re-export)
        rows = (month == m) | ((month == m - 1) & last_day)
        t = tickets[rows]
        s = survey[survey["Ticket ID"].isin(set(t["Ticket ID"]))]
        out.append([(f"tickets_2025_{m:02d}.csv", csv_bytes(t)), (f"survey_2025_{m:02d}.csv", csv_bytes(s))])
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-month", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=10_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/fupan_bench_ws"))
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args(argv)
    os.environ["FUPAN_DATA_DIR"] = str(args.dir)
    if args.child:
        import json
        kind, name = args.child
        print(json.dumps(child_open(name) if kind == "open" else child_overview(name)))
        return

    from analysis.dataset import Dataset
    from analysis.load import load_files
    from analysis.store import Store
    from analysis.workspace import Workspace
    shutil.rmtree(args.dir, ignore_errors=True)
    args.dir.mkdir(parents=True)
    start = time.perf_counter()
    months = monthly_files(args.per_month)
    gen_s = time.perf_counter() - start
    ws = Workspace(Store(lock_timeout=60))
    lines = []
    for i, files in enumerate(months, 1):
        t0 = time.perf_counter()
        ds = load_files(files).dataset
        parse_s = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        if i == 1:
            info = ws.save(NAME, ds)
            counts = f"saved {info.tickets:,} tickets"
        else:
            r = ws.append(NAME, ds)
            counts = (f"{r.tickets.added:,} added, {r.tickets.updated:,} updated, {r.tickets.unchanged:,} unchanged"
                      f" (survey {r.survey.added:,} added)")
        store_s, store_cpu = time.perf_counter() - t0, time.process_time() - c0
        stored = ws.list()[0].tickets
        lines.append((i, len(ds.tickets), parse_s, store_s, store_cpu, stored, counts, os.getloadavg()[0]))
        print(lines[-1], flush=True)
    size_mb = ws.store.path.stat().st_size / 1e6

    opened = [run_child([__file__, "--dir", str(args.dir), "--child", "open", NAME]) for _ in range(3)]
    best_open = min(opened, key=lambda r: r["seconds"])

    # 10M stored tickets: the saved year copied inside DuckDB with new ticket ids (as if ~9 years
    # of exports had been appended), then the Overview's monthly figures computed in DuckDB.
    info = next(i for i in ws.list() if i.name == NAME)
    big = ws.save(BIG, Dataset(tickets=ws.open(NAME).tickets.head(0)))
    copies = -(-args.big // info.tickets)
    t0 = time.perf_counter()
    with ws.store.transaction() as con:
        src, dst = f"ws_tickets_{info.id}", f"ws_tickets_{big.id}"
        cols = [r[0] for r in con.execute(f"DESCRIBE {src}").fetchall()]
        select = ", ".join(
            f"{c} || '-' || CAST(k AS VARCHAR)" if c in ("_key", "ticket_id") else
            f"{c} + to_days(CAST(k * 366 AS INTEGER))" if c in ("created_at", "first_response_at", "resolved_at") else c
            for c in cols)
        con.execute(f"INSERT INTO {dst} SELECT {select} FROM {src}, range({copies}) r(k) "
                    f"LIMIT {args.big}")
        s_src, s_dst = f"ws_survey_{info.id}", f"ws_survey_{big.id}"
        con.execute(f"CREATE TABLE {s_dst} AS SELECT * REPLACE (ticket_id || '-' || CAST(k AS VARCHAR) AS ticket_id, "
                    f"_key || '-' || CAST(k AS VARCHAR) AS _key, responded_at + to_days(CAST(k * 366 AS INTEGER)) AS responded_at) "
                    f"FROM {s_src}, range({copies}) r(k)")
    build_big_s = time.perf_counter() - t0
    overview = [run_child([__file__, "--dir", str(args.dir), "--child", "overview", BIG]) for _ in range(2)]
    best = min(overview, key=lambda r: r["seconds"])
    big_size_mb = ws.store.path.stat().st_size / 1e6

    appends = [line for line in lines if line[0] > 1]
    open_all = ", ".join(f"{r['seconds']:.2f}" for r in opened)
    overview_all = ", ".join(f"{r['seconds']:.2f}" for r in overview)
    body = [
        f"{machine()}; `python bench/bench_workspace.py` (store in {args.dir}, file {size_mb:,.0f} MB after the year, "
        f"{big_size_mb:,.0f} MB with the 10M dataset). Inputs: generate({args.per_month * 12:,}) over 2025, "
        f"clean exports split by month, each month repeating the previous month's last day; built in {gen_s:.1f} s.",
        "",
        "Twelve monthly appends (goal: each append < 3 s, not growing with the rows stored). `parse` is the "
        "upload (read + map + clean the two CSVs), `store` is `Workspace.save` (month 1) / `Workspace.append`:",
        "",
        "| month | tickets in files | parse s | store s (wall) | store s (CPU, all threads) | stored after | "
        "what the append did | 1-min load |",
        "|---|---|---|---|---|---|---|---|",
        *[f"| {i} | {n:,} | {p:.2f} | {s:.2f} | {cpu:.2f} | {st:,} | {c} | {load:.1f} |"
          for i, n, p, s, cpu, st, c, load in lines],
        "",
        f"- store time of appends 2–12: wall min {min(a[3] for a in appends):.2f} s, max "
        f"{max(a[3] for a in appends):.2f} s; CPU min {min(a[4] for a in appends):.2f} s, max "
        f"{max(a[4] for a in appends):.2f} s (month 2: {appends[0][3]:.2f} s wall with {appends[0][5]:,} stored; "
        f"month 12: {appends[-1][3]:.2f} s wall with {appends[-1][5]:,} stored)",
        f"- open the saved year ({best_open['tickets']:,} tickets, {best_open['responses']:,} responses) to a ready "
        f"Dataset in a fresh process: best of 3 {best_open['seconds']:.2f} s (all: "
        f"{open_all} s; goal < 2 s); peak RSS {best_open['peak_mb']:,.0f} MB "
        f"(process had {best_open['rss_before_mb']:,.0f} MB before opening)",
        f"- 10M: {best['tickets']:,} tickets ({copies} shifted copies of the year, built in DuckDB in "
        f"{build_big_s:.1f} s). Fresh process: catalogue (`list`) {best['list_seconds']:.2f} s; monthly Overview "
        f"in DuckDB (count, median and P90 first response, CSAT % of {best['csat_n']:,} responses; "
        f"{best['months']} months, {best['total']:,} dated tickets) best of 2 {best['seconds']:.2f} s "
        f"(all: {overview_all} s); peak RSS {best['peak_mb']:,.0f} MB "
        f"({best['rss_before_mb']:,.0f} MB before). A pandas Dataset of 10M tickets was not built (not measured).",
    ]
    write_section("Workspace (issue 7)", "\n".join(body))
    print("\n".join(body))


if __name__ == "__main__":
    main()
