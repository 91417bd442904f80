"""Benchmark of the Drivers page: 100,000 survey responses, 8 drivers, every analysis of the page
(correlations, LMG with 200 bootstrap resamples, OLS/HC3, ordered logit, top-2-box logit,
quadrant, two speed curves, rankings per channel and per customer type).

Run: python bench/bench_drivers.py [--rows 100000] [--repeats 5] [--append]
--append adds the figures to bench/RESULTS.md under "## Drivers (issue 4)".
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

from analysis import drivers as D                     # noqa: E402
from analysis import models as M                      # noqa: E402
from analysis.importance import relative_importance   # noqa: E402

RATINGS = ["响应速度", "专业程度", "服务态度", "解决效果", "沟通清晰", "流程便捷"]
DRIVERS = [*RATINGS, "frt_min", "resolution_h"]


def make_responses(n: int, seed: int = 0) -> pd.DataFrame:
    """Survey responses shaped like Dataset.responses(), with known loadings."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    ratings = {name: np.clip(np.round(3.6 + 0.7 * common + rng.normal(0, 0.9, n)), 1, 5) for name in RATINGS}
    channel = rng.choice(["电话", "在线客服", "邮件", "社交媒体", "其他"], n, p=[.393, .371, .133, .078, .025])
    frt = rng.lognormal(np.log(8), 1.0, n)
    resolution = rng.lognormal(np.log(6), 1.2, n)
    latent = sum(w * (ratings[k] - 3) for w, k in zip([.9, .7, .6, .5, .3, .1], RATINGS))
    latent = latent - 0.015 * frt - 0.02 * resolution + rng.logistic(0, 0.8, n)
    csat = np.clip(np.round(latent - np.median(latent) + 4.2), 1, 5)
    frame = pd.DataFrame({"ticket_id": [f"T{i}" for i in range(n)], "csat": csat,
                          "csat_satisfied": pd.array(csat >= 4, dtype="boolean"),
                          "nps": np.clip(np.round(2 * csat + rng.normal(0, 1, n)), 0, 10), **ratings,
                          "channel": channel, "customer_type": rng.choice(["VIP", "新客户", "老客户"], n),
                          "frt_min": frt, "resolution_h": resolution, "source_row": np.arange(2, n + 2),
                          "source_file": "survey.xlsx"})
    frame.loc[rng.random(n) < 0.03, "resolution_h"] = np.nan          # open tickets
    return frame


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def timed_both(fn, *args, **kwargs) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, result): on a shared machine the CPU time
    says what the code costs, the wall time what a user waited."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu, out


def parts(frame: pd.DataFrame) -> dict[str, float]:
    """Seconds per analysis of the page, run one after another as the page does."""
    out = {}
    out["correlations (spearman)"], corr = timed(D.correlations, frame, "csat", DRIVERS)
    out["LMG + 200 bootstrap"], imp = timed(relative_importance, frame, "csat", DRIVERS, boot=200, seed=0)
    out["quadrant"], _ = timed(lambda: D.importance_performance(imp.table.set_index("driver")["importance"],
                                                                D.driver_performance(frame, DRIVERS)))
    out["OLS HC3"], _ = timed(M.standardized_ols, frame, "csat", DRIVERS)
    out["ordered logit"], _ = timed(M.ordinal_logit, frame, "csat", DRIVERS)
    out["top-2-box logit"], _ = timed(M.top2box_logit, frame, "csat_satisfied", DRIVERS)
    out["speed curves (2)"], _ = timed(lambda: [D.speed_curve(frame, t) for t in ("frt_min", "resolution_h")])
    out["segments (channel, type)"], _ = timed(lambda: [D.segment_correlations(frame, "csat", s, DRIVERS)
                                                        for s in ("channel", "customer_type")])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--append", action="store_true")
    args = ap.parse_args()
    frame = make_responses(args.rows)
    D.analyse_drivers(frame.head(2000), "csat", DRIVERS, boot=10)     # warm-up: imports, caches
    totals, cpus, loads, detail = [], [], [], []
    for _ in range(args.repeats):
        loads.append(os.getloadavg()[0])
        seconds, cpu, page = timed_both(D.analyse_drivers, frame, "csat", DRIVERS, boot=200, seed=0)
        assert not page.problems, page.problems
        totals.append(seconds)
        cpus.append(cpu)
    for _ in range(max(1, args.repeats // 2)):
        detail.append(parts(frame))
    totals, cpus = np.array(totals), np.array(cpus)
    per_part = pd.DataFrame(detail).median()
    lines = [f"- {pd.Timestamp.now():%Y-%m-%d %H:%M}, {args.rows:,} responses × {len(DRIVERS)} drivers, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}, "
             f"pandas {pd.__version__}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}; "
             f"`python bench/bench_drivers.py` ({args.repeats} runs of "
             f"`analyse_drivers`, boot=200)",
             f"- whole page: median {np.median(totals):.2f} s, P90 {np.quantile(totals, 0.9):.2f} s, "
             f"mean {totals.mean():.2f} s, min {totals.min():.2f} s (goal < 3 s: "
             f"{'met' if np.median(totals) < 3 else 'NOT met'}); CPU time of the process: median "
             f"{np.median(cpus):.2f} s, P90 {np.quantile(cpus, 0.9):.2f} s; 1-min load average during the "
             f"runs {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores (other workers' jobs)",
             "- median per part: " + "; ".join(f"{k} {v:.2f} s" for k, v in per_part.items())]
    text = "\n".join(lines)
    print(text)
    if args.append:
        path = Path(__file__).with_name("RESULTS.md")
        existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
        header = "## Drivers (issue 4)"
        if header not in existing:
            existing = existing.rstrip("\n") + f"\n\n{header}\n"
            path.write_text(existing, encoding="utf-8")
        # append within our own section only: our section is written at the end when created,
        # otherwise insert our lines right after our section's existing lines
        content = path.read_text(encoding="utf-8")
        start = content.index(header)
        nxt = content.find("\n## ", start + len(header))
        end = len(content) if nxt == -1 else nxt + 1
        section = content[start:end].rstrip("\n") + "\n" + text + "\n"
        path.write_text(content[:start] + section + ("\n" + content[end:] if nxt != -1 else ""),
                        encoding="utf-8")


if __name__ == "__main__":
    main()
