"""Benchmark of the pages whose statistics issue 15 changed — Satisfaction drivers, Period
comparison, Goals — on 1,000,000 tickets and their survey, through AppTest.

Builds the English sample's exports at `--rows` tickets (analysis.sample.generate → english_exports,
with the sample's quality problems), loads them with analysis.load.load_files (not timed), puts the
Dataset in a fresh AppTest session per page and times the page's first run after the load, a rerun
with nothing changed, and one filter change (a channel), `--repeats` times (each repeat a fresh
session per page; the first repeat also pays the imports a fresh server process pays once, e.g.
statsmodels' on the first Drivers page). Goal (issue 15): every first run under 1 s after load.
Wall and CPU seconds of this process side by side: the 2 cores are shared, so each repeat also
times a floor in the same minute (a numpy sort of 5,000,000 floats) and the table gives the first
runs as multiples of it.

Run: python bench/bench_stat_pages.py [--rows 1000000] [--repeats 3] [--append]
--append writes the section "## Statistics pages (issue 15)" of bench/RESULTS.md.
"""
from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

# As app.py does for the server, before numpy loads (bench/common imports it): one BLAS thread.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402

from common import arguments, machine, stopwatch, write_section  # noqa: E402

from analysis.load import load_files  # noqa: E402
from analysis.sample import csv_bytes, english_exports, generate  # noqa: E402

HEADING = "Statistics pages (issue 15)"
PAGES = (("Satisfaction drivers", "pages/drivers.py"), ("Period comparison", "pages/periods.py"),
         ("Goals", "pages/goals.py"))
GOAL_S = 1.0


def clock(fn) -> tuple[float, float]:
    """Wall and CPU seconds of fn()."""
    with stopwatch() as t:
        fn()
    return t["s"], t["cpu"]


def floor() -> tuple[float, float]:
    """Wall and CPU seconds of a numpy sort of 5,000,000 floats (the same work every time)."""
    values = np.random.default_rng(0).random(5_000_000)
    return clock(lambda: np.sort(values))


def spread(values: list[float]) -> str:
    """"median (min–max)" of repeated seconds."""
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    args = arguments(repeats=3).parse_args()
    from streamlit.testing.v1 import AppTest

    load0 = os.getloadavg()[0]
    # a visitor opens the app before uploading: the server's start (ui/warmup.py) comes first, as in use
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=900).run()
    tickets_raw, survey_raw = english_exports(generate(args.rows))
    files = [("tickets_en.csv", csv_bytes(tickets_raw)), ("survey_en.csv", csv_bytes(survey_raw))]
    del tickets_raw, survey_raw
    ds = load_files(files).dataset
    channel = ds.tickets["channel"].value_counts().index.astype(str)[0]

    timings = {name: {"first": [], "first_cpu": [], "again": [], "change": []} for name, _ in PAGES}
    floors = []
    for _ in range(args.repeats):
        floors.append(floor()[0])
        for name, path in PAGES:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
            at.run()
            at.session_state["dataset"] = ds
            at.switch_page(path)
            first = clock(at.run)
            assert not at.exception, at.exception
            again = clock(at.run)
            change = clock(lambda: at.multiselect(key="filter_channel").set_value([channel]).run())
            assert not at.exception, at.exception
            row = timings[name]
            row["first"].append(first[0])
            row["first_cpu"].append(first[1])
            row["again"].append(again[0])
            row["change"].append(change[0])
    load1 = os.getloadavg()[0]

    floor_s = statistics.median(floors)
    lines = [f"{machine()}; load average {load0:.1f} at the start, {load1:.1f} at the end.",
             f"Dataset: analysis.sample.generate({args.rows:,}) → english_exports → load_files: {len(ds.tickets):,} "
             f"tickets, {len(ds.survey):,} survey responses (load not timed). `python bench/bench_stat_pages.py "
             f"--repeats {args.repeats}`; filter change: channel = {channel}; OPENBLAS_NUM_THREADS="
             f"{os.environ.get('OPENBLAS_NUM_THREADS')} (as app.py sets it for the server).",
             f"Floor: numpy sort of 5,000,000 floats, median {floor_s * 1000:.0f} ms "
             f"({min(floors) * 1000:.0f}–{max(floors) * 1000:.0f}) over the {args.repeats} repeats.", "",
             "Wall seconds, median (min–max) over the repeats (CPU: this process's CPU seconds, which other "
             "sessions' load inflates less); repeat 1 is the first run in a fresh process (imports included).", "",
             "| page | first run after load | its CPU | repeat 1 wall (CPU) | first run ÷ floor | rerun | "
             "filter change | goal: every first run |",
             "|---|---|---|---|---|---|---|---|"]
    for name, _ in PAGES:
        row = timings[name]
        verdict = "met" if max(row["first"]) < GOAL_S else "NOT met"
        lines.append(f"| {name} | {spread(row['first'])} | {spread(row['first_cpu'])} | "
                     f"{row['first'][0]:.2f} ({row['first_cpu'][0]:.2f}) | "
                     f"{statistics.median(row['first']) / floor_s:.0f}× | {spread(row['again'])} | "
                     f"{spread(row['change'])} | < {GOAL_S:g} s {verdict} |")
    body = "\n".join(lines)
    print(body)
    if args.append:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
