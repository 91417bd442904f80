"""Benchmark of the Drivers page: 100,000 survey responses, 8 drivers, every analysis of the page
(correlations, LMG with 200 bootstrap resamples, OLS/HC3, ordered logit, top-2-box logit,
quadrant, two speed curves, rankings per channel and per customer type).

Run: python bench/bench_drivers.py [--rows 100000] [--repeats 5] [--append] [--page]
--append adds the figures to bench/RESULTS.md under "## Drivers (issue 4)"; --page times the
Streamlit page itself (AppTest: first run in a fresh session, and a revisit in the same session).
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

# as this process started: app.py (run by the page benchmark) sets it later, when numpy has
# long been loaded and the setting no longer applies
BLAS_THREADS = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
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


def make_dataset(n: int, seed: int = 0):
    """A Dataset (tickets + survey, shape of analysis.dataset) around make_responses(n)."""
    from analysis.dataset import RESPONSE_CONTEXT, Dataset
    frame = make_responses(n, seed)
    context = ["channel", "customer_type", "frt_min", "resolution_h"]
    tickets = pd.DataFrame({c: pd.Series(pd.NA, index=frame.index, dtype="str")
                            for c in RESPONSE_CONTEXT if c not in context})
    tickets = tickets.assign(ticket_id=frame["ticket_id"], customer_id=frame["ticket_id"].str.replace("T", "C"),
                             created_at=pd.Timestamp("2026-01-01") + pd.to_timedelta(np.arange(n) % 86400 * 300, "s"),
                             csat=np.nan, nps=np.nan, handle_min=np.nan, transfers=np.nan, reopened=np.nan,
                             **{c: frame[c] for c in context})
    survey = frame.drop(columns=context).assign(customer_id=tickets["customer_id"], responded_at=tickets["created_at"],
                                                reason=pd.NA, comment=pd.NA)
    return Dataset(tickets=tickets, survey=survey, drivers=list(RATINGS), name="bench")


def page_runs(rows: int, repeats: int) -> tuple[list[float], list[float]]:
    """Seconds of the Drivers page (AppTest, the whole script: analyses, charts, tables) on its
    first run in a fresh session, and on a revisit (Data page, then back) in the same session."""
    from streamlit.testing.v1 import AppTest
    root = Path(__file__).resolve().parents[1]
    ds = make_dataset(rows)
    first, again = [], []
    for _ in range(repeats):
        at = AppTest.from_file(str(root / "app.py"), default_timeout=600)
        at.run()
        at.session_state["dataset"] = ds
        at.session_state["drivers_drivers"] = DRIVERS          # 6 ratings + 2 times: 8 drivers
        start = time.perf_counter()
        at.switch_page("pages/drivers.py").run()
        first.append(time.perf_counter() - start)
        assert not at.exception and not at.warning, (at.exception, [w.value for w in at.warning])
        at.switch_page("pages/data.py").run()
        start = time.perf_counter()
        at.switch_page("pages/drivers.py").run()
        again.append(time.perf_counter() - start)
    return first, again


def page_main(args) -> str:
    page_runs(2000, 1)                                                # warm-up: imports
    loads = [os.getloadavg()[0]]
    first, again = page_runs(args.rows, args.repeats)
    loads.append(os.getloadavg()[0])
    first, again = np.array(first), np.array(again)
    return (f"- {pd.Timestamp.now():%Y-%m-%d %H:%M}, Drivers PAGE (AppTest, whole script: analyses + charts + "
            f"tables), {args.rows:,} responses × {len(DRIVERS)} drivers, boot=200, "
            f"OPENBLAS_NUM_THREADS={BLAS_THREADS}; `python bench/bench_drivers.py "
            f"--page` ({args.repeats} fresh sessions): first run median {np.median(first):.2f} s, P90 "
            f"{np.quantile(first, 0.9):.2f} s, mean {first.mean():.2f} s; revisit (Data page and back, memo hit) "
            f"median {np.median(again):.2f} s, P90 {np.quantile(again, 0.9):.2f} s, mean {again.mean():.2f} s; "
            f"1-min load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")


def append(text: str) -> None:
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--append", action="store_true")
    ap.add_argument("--page", action="store_true", help="time the Streamlit page (first run and revisit)")
    args = ap.parse_args()
    if args.page:
        text = page_main(args)
        print(text)
        if args.append:
            append(text)
        return
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
             f"pandas {pd.__version__}, OPENBLAS_NUM_THREADS={BLAS_THREADS}; "
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
        append(text)


if __name__ == "__main__":
    main()
