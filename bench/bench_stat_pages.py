"""Benchmark of the pages whose statistics issue 15 changed — Satisfaction drivers, Period
comparison, Goals — on 1,000,000 tickets and their survey, through AppTest.

Builds the English sample's exports at `--rows` tickets (analysis.sample.generate → english_exports,
with the sample's quality problems), loads them with analysis.load.load_files (not timed), puts the
Dataset in a fresh AppTest session per page and times the page's first run after the load, a rerun
with nothing changed, and one filter change (a channel). Goal (issue 15): every first run under
1 s after load. Wall and CPU seconds of this process side by side: the 2 cores are shared.

Run: python bench/bench_stat_pages.py [--rows 1000000] [--append]
--append writes the section "## Statistics pages (issue 15)" of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import machine, stopwatch, write_section  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    from streamlit.testing.v1 import AppTest

    load0 = os.getloadavg()[0]
    tickets_raw, survey_raw = english_exports(generate(args.rows))
    files = [("tickets_en.csv", csv_bytes(tickets_raw)), ("survey_en.csv", csv_bytes(survey_raw))]
    del tickets_raw, survey_raw
    ds = load_files(files).dataset
    channel = ds.tickets["channel"].value_counts().index.astype(str)[0]

    rows = []
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
        rows.append((name, first, again, change))
    load1 = os.getloadavg()[0]

    lines = [f"{machine()}; load average {load0:.1f} at the start, {load1:.1f} at the end.",
             f"Dataset: analysis.sample.generate({args.rows:,}) → english_exports → load_files: {len(ds.tickets):,} "
             f"tickets, {len(ds.survey):,} survey responses (load not timed). `python bench/bench_stat_pages.py`; "
             f"filter change: channel = {channel}.", "",
             "| page | first run after load, wall s (CPU) | rerun | filter change | goal: first run |",
             "|---|---|---|---|---|"]
    for name, first, again, change in rows:
        verdict = "met" if first[0] < GOAL_S else "NOT met"
        lines.append(f"| {name} | {first[0]:.2f} ({first[1]:.2f}) | {again[0]:.2f} ({again[1]:.2f}) | "
                     f"{change[0]:.2f} ({change[1]:.2f}) | < {GOAL_S:g} s {verdict} |")
    body = "\n".join(lines)
    print(body)
    if args.append:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
