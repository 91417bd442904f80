"""Helpers shared by the benchmarks: wall-clock timing, peak memory of a process, the machine's
description, and writing one section of bench/RESULTS.md.

Peak memory is the peak resident set size (RSS) the kernel records for a process
(getrusage's ru_maxrss), in MB (10^6 bytes). It covers everything the process touched, the
interpreter and imported libraries included, so a benchmark that wants the memory one step
needs runs that step alone in a fresh child process and subtracts the RSS it had before the step
(`rss_mb()` right before). tracemalloc is not used: it slows pandas/pyarrow work several-fold and
misses Arrow's own allocations.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pandas as pd

RESULTS = Path(__file__).with_name("RESULTS.md")
MB = 1e6


def arguments(rows: int = 1_000_000, repeats: int = 3) -> argparse.ArgumentParser:
    """The options every bench takes: --rows (dataset size), --repeats (best of), --append (write
    the section of bench/RESULTS.md); a bench adds its own to the parser it returns."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=rows)
    parser.add_argument("--repeats", type=int, default=repeats)
    parser.add_argument("--append", action="store_true")
    return parser


def rss_mb() -> float:
    """Resident memory of this process right now, in MB (from /proc/self/statm)."""
    with open("/proc/self/statm") as f:
        resident_pages = int(f.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / MB


def peak_rss_mb() -> float:
    """Peak resident memory of this process since it started, in MB: /proc/self/status's VmHWM.
    Not getrusage's ru_maxrss: Linux carries that over from the parent through fork and exec, so a
    child started by a bench that had just generated 10M rows in memory reported the parent's 20 GB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / MB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB


@contextmanager
def stopwatch() -> Iterator[dict]:
    """`with stopwatch() as t: ...` leaves the elapsed wall-clock seconds in t["s"] and the
    process's CPU seconds (all threads) in t["cpu"]."""
    out: dict = {}
    start, cpu = time.perf_counter(), time.process_time()
    try:
        yield out
    finally:
        out["s"] = time.perf_counter() - start
        out["cpu"] = time.process_time() - cpu


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    """fn()'s result and its wall-clock seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run_child(args: list[str], timeout: float = 1800) -> dict:
    """Run `python <args>` in a fresh process whose last stdout line is a JSON object; return it.

    Each measured route runs in its own process so that peaks of memory (and warm caches inside
    libraries) do not carry over from one route to the next."""
    busy, children, start = busy_seconds(), _children_cpu(), time.perf_counter()
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    # The machine's other work while the child ran: CPU seconds spent outside this process tree,
    # per second (cores). A round beside other work is slower; quiet rounds can be told apart.
    out["other_cores"] = max(0.0, (busy_seconds() - busy) - (_children_cpu() - children)) / wall if wall else 0.0
    return out


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores, from /proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


QUIET_CORES = 0.15      # a round is quiet when the machine's other work used less than this many cores


def quiet_rounds(rounds: list[list[dict]]) -> list[int]:
    """Indices of the rounds in which every child ran with the rest of the machine quiet."""
    return [i for i, r in enumerate(rounds) if all(c.get("other_cores", 0.0) < QUIET_CORES for c in r)]


PYCACHE = Path("/tmp/fupan_bench_pycache")


def installed_python_env(code: Path | None = None, compile_now: bool = True) -> dict[str, str]:
    """The environment for timing a whole `python …` process as an installed copy runs: with
    the bytecode of analysis/ and i18n/ cached (outside the checkout, under PYCACHE), written
    before the first timed run (`code`: the folder holding analysis/, this checkout by default). Without it, a shell with PYTHONDONTWRITEBYTECODE=1 (as on the
    shared machine) compiles every module of ours at each start."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if compile_now:       # once per run: a caller that has compiled passes False
        root = code or Path(__file__).resolve().parents[1]
        subprocess.run([sys.executable, "-m", "compileall", "-q", "analysis", "i18n"], cwd=root, env=env, check=True,
                       capture_output=True)
    return env


def summary(values: list[float]) -> dict[str, float]:
    """Median, min and max of repeated timings (seconds)."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def machine() -> str:
    """One line: date (UTC), cores, RAM, load average (other work on a shared machine), Python, OS."""
    with open("/proc/meminfo") as f:
        total_kib = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · nproc {os.cpu_count()} · "
            f"RAM {total_kib / 1024 ** 2:.1f} GiB · load average {os.getloadavg()[0]:.1f} at start · Python {platform.python_version()} · {platform.platform()}")


def write_section(heading: str, body: str, path: Path = RESULTS) -> None:
    """Put `body` under `## heading` in RESULTS.md, replacing that section if it is there and
    leaving every other benchmark's section as it is."""
    title = f"## {heading}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    lines = old.splitlines()
    if title in lines:
        start = lines.index(title)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = [title, "", *body.strip("\n").splitlines(), ""]
        text = "\n".join(lines).rstrip("\n") + "\n"
    else:
        text = old.rstrip("\n") + "\n\n" + title + "\n\n" + body.strip("\n") + "\n"
    path.write_text(text, encoding="utf-8")


def synthetic_tickets(n: int, seed: int = 0) -> pd.DataFrame:
    """Tickets in the shape of Dataset.tickets over 2025-2026 (two years), with a slow
    improvement in CSAT and first response, channel shares after DOMAIN.md, 10 % complaints,
    5 % open, scores on 90 % of tickets."""
    rng = np.random.default_rng(seed)
    day = rng.integers(0, 730, n)
    hour = np.clip(rng.normal(13, 3.5, n), 0, 23.99)
    created = (np.datetime64("2025-01-01", "ns") + (day * 86_400e9).astype("timedelta64[ns]")
               + (hour * 3_600e9).astype("timedelta64[ns]"))
    channel = rng.choice(["phone", "online", "email", "social", "other"], n, p=[.393, .371, .133, .078, .025])
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
