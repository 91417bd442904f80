"""The benchmark scripts of issue 17 run end to end on CI-sized inputs and print their tables
(a smoke check of the scripts; no timing is asserted: the figures are for bench/RESULTS.md)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, timeout: float = 540) -> str:
    """The script's stdout; a failure (or a run past `timeout` s, inside pytest's 600) shows the tail of
    what it printed, its progress included."""
    try:
        done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as stopped:
        tail = lambda b: (b.decode(errors="replace") if isinstance(b, bytes) else b or "")[-3000:]  # noqa: E731
        pytest.fail(f"{args[0]} ran past {timeout:g} s\nstdout: {tail(stopped.stdout)}\nstderr: {tail(stopped.stderr)}")
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_intake_bench_tickets_and_survey_on_a_small_export(tmp_path):
    out = run("bench/bench_intake.py", "--part", "survey", "--data", str(tmp_path), "--tickets", "5000",
              "--repeats", "1", "--no-write")
    assert "| in process: load_files" in out and "| whole process: `python -m analysis kpis T S --json`" in out
    assert "5,000 tickets" in out and "pyarrow read_csv of both files" in out
    assert "build_dataset (+ join)" in out


def test_cli_bench_on_a_small_file():
    out = run("bench/bench_cli.py", "--rows", "200", "--smoke")
    for route in ("python -c pass", "import pandas", "analysis --help", "analysis check SMALL"):
        assert route in out
    assert "Goal: `check` on a small file" in out


def test_frame_equality_check_on_the_sample_head(tmp_path):
    # the check compares the datasets two versions build; here the working tree with HEAD's code
    import pytest
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True).returncode != 0:
        pytest.skip("not a git checkout: same_output takes the base version from git")
    lines = (ROOT / "sample_data" / "tickets_en.csv").read_bytes().splitlines(keepends=True)
    small = tmp_path / "tickets.csv"
    small.write_bytes(b"".join(lines[:300]))
    out = run("bench/same_output.py", str(small), "--base", "HEAD")
    assert "tickets.csv: identical" in out


@pytest.mark.browser
def test_browser_bench_on_a_small_export(tmp_path):
    # the real app in Debian's Chromium: skipped without it on a developer machine, a failure under CI
    if not Path("/usr/bin/chromium").exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing under CI: scripts/test.sh installs Debian's chromium")
        pytest.skip("/usr/bin/chromium not installed (apt-get install chromium)")
    shots = tmp_path / "shots"
    out = run("bench/bench_browser.py", "--rows", "2000", "--repeats", "1", "--think", "0", "--small", "300",
              "--data", str(tmp_path / "data"), "--shots", str(shots), "--step-timeout", "60")
    assert 'the app said "Loaded 2,000 tickets and ' in out
    assert "pyarrow.csv.read_csv of both files" in out and "DuckDB read_csv of the ticket file" in out
    # a row of the table for every analysis page, named as the sidebar names it
    pages = ["Overview", "Operations & SLA", "Agents", "Satisfaction drivers", "Root causes",
             "Period comparison", "Goals", "Report & workshop"]
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| page ")]
    assert [row.split(" | ")[0].lstrip("| ").split(" (")[0] for row in rows] == pages
    header = next(line for line in out.splitlines() if line.startswith("| page "))
    assert header.count("| at 300 |") == 3          # first render, change, cleared on the app's own floor
    results = json.loads((shots / "results.json").read_text())
    for session in (results["sessions"][0], results["small"][0]):      # the 2,000 rows and the app's floor
        assert list(session["pages"]) == pages
        for row in session["pages"].values():
            # every step timed, over at least one script run (or one too short for the page to show)
            assert all((row[step]["s"] > 0 and row[step]["runs"] >= 1) or row[step].get("unseen")
                       for step in ("first", "change", "cleared"))
    assert 'Loaded 300 tickets' in results["small"][0]["loaded_message"]
    assert sorted(p.name for p in shots.glob("*.png")) == sorted(
        f"{name}.png" for name in ("overview", "operations", "agents", "drivers", "root_causes", "periods",
                                   "goals", "report"))


def test_memory_estimate_bench_on_small_files(tmp_path):
    out = run("bench/bench_load.py", "--part", "estimate", "--data", str(tmp_path), "--tickets", "3000",
              "--repeats", "1", "--no-write")
    for case in ("tickets, UTF-8 CSV", "tickets + survey, UTF-8 CSV", "tickets, GB18030 CSV", "tickets, Parquet",
                 "tickets, xlsx", "tickets, UTF-16 CSV"):
        assert f"| {case}" in out
    assert "estimate / measured peak" in out


def test_load_test_bench_with_two_sessions_and_small_files(tmp_path):
    # the server load test of issue 18 at CI size: two browser sessions, the same 1 MB upload
    import pytest
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium not installed")
    run("bench/gen_big.py", str(tmp_path), "--tickets", "6000")
    out = run("bench/bench_load.py", "--part", "sessions", "--data", str(tmp_path), "--sessions", "2", "--mb", "1",
              "--distinct", "1", "--idle-minutes", "0.25", "--hold", "1", "--no-write")
    assert "- sessions: 2 loaded, 0 refused by the memory budget (with the message), 0 failed; server alive" in out
    assert "server RSS after the last session closed: +0.25 min" in out
