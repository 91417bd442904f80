"""Benchmark of the command line's start-up: `python -m analysis check` on a small file and
`--help`, as whole processes from the shell, against Python's own floors timed in the same rounds.

Routes (each a fresh process, timed from outside: wall clock around subprocess.run):
  floors   `python -c pass` (the interpreter and site), `python -c "import pandas"` (what any
           command needs: pandas, numpy, pyarrow);
  help     `python -m analysis --help`;
  check    `python -m analysis check SMALL` (readable lines) and `… --json`, SMALL being the first
           --rows tickets of sample_data/tickets_en.csv (1,000 by default);
  sample   `python -m analysis check sample_data/tickets_en.csv` (30,000 tickets), for scale.
The routes run in turn within a round, --repeats rounds; medians (min–max), and each ratio is the
median of the rounds' own ratios. Bytecode: as an installed copy runs (analysis/ compiled once,
cached outside the checkout: common.installed_python_env); the same routes without a bytecode
cache (PYTHONDONTWRITEBYTECODE=1, as the shared machine's shell sets it: every module of ours is
compiled at each start) are shown beside. Also listed: the heavy libraries each command imported.
Goal (issue 17): check on a small file under 0.4 s.

Run: python bench/bench_cli.py [--rows 1000] [--repeats 7] [--append]
With --append the table goes to bench/RESULTS.md under "## Command line start-up (issue 17)".
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import common  # noqa: E402

HEADING = "Command line start-up (issue 17)"
GOAL_CHECK = 0.4
HEAVY = ("scipy", "statsmodels", "duckdb", "altair", "streamlit", "openpyxl", "xlsxwriter", "formulaic")
SAMPLE = ROOT / "sample_data" / "tickets_en.csv"


def small_file(folder: Path, rows: int) -> Path:
    """The sample's header and first `rows` tickets, as a small export."""
    path = folder / f"tickets_{rows}.csv"
    with open(SAMPLE, encoding="utf-8") as source:
        path.write_text("".join(line for _, line in zip(range(rows + 1), source)), encoding="utf-8")
    return path


PASS, PANDAS = "python -c pass", "python -c 'import pandas'"


def routes(small: Path) -> dict[str, list[str]]:
    return {PASS: ["-c", "pass"],
            PANDAS: ["-c", "import pandas"],
            "analysis --help": ["-m", "analysis", "--help"],
            "analysis check SMALL": ["-m", "analysis", "check", str(small)],
            "analysis check SMALL --json": ["-m", "analysis", "check", str(small), "--json"],
            "analysis check sample (30k tickets)": ["-m", "analysis", "check", str(SAMPLE)]}


CODE = ROOT       # the folder whose analysis/ runs (--code: another copy, e.g. the code before a change)


BEFORE = " (before)"    # the suffix of the routes that run the --before folder's code
BEFORE_CODE: Path | None = None


def _cwd(name: str) -> Path:
    return BEFORE_CODE if name.endswith(BEFORE) and BEFORE_CODE else CODE


def timed_process(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    with common.stopwatch() as t:
        done = subprocess.run([sys.executable, *argv], cwd=cwd or CODE, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{argv} failed ({done.returncode}): {done.stderr[-2000:]}")
    return t["s"]


def heavy_imports(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> list[str]:
    """Top-level heavy packages a run of `argv` imported (from -X importtime, one extra run)."""
    done = subprocess.run([sys.executable, "-X", "importtime", *argv], cwd=cwd or CODE, env=env, capture_output=True,
                          text=True)
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return sorted({n.split(".")[0] for n in names if n.split(".")[0] in HEAVY} |
                  {n for n in names if n in ("scipy.stats", "scipy.special")})


def measure(argvs: dict[str, list[str]], env: dict[str, str], repeats: int, warm: bool = True) -> dict[str, list[float]]:
    """Every route once per round, in turn; the rounds' times per route."""
    for name, argv in argvs.items() if warm else ():     # warm the file cache and the bytecode cache
        timed_process(argv, env, _cwd(name))
    times: dict[str, list[float]] = {name: [] for name in argvs}
    others: list[float] = []
    for _ in range(repeats):
        busy, children, start = common.busy_seconds(), _children_cpu(), time.perf_counter()
        for name, argv in argvs.items():
            times[name].append(timed_process(argv, env, _cwd(name)))
        # the machine's other work during the round, in cores (see common.run_child)
        others.append(max(0.0, (common.busy_seconds() - busy) - (_children_cpu() - children))
                      / (time.perf_counter() - start))
    times["other cores"] = others
    return times


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def quiet_only(times: dict[str, list[float]]) -> dict[str, list[float]]:
    """The rounds in which the rest of the machine was quiet (all rounds if none was)."""
    keep = [i for i, c in enumerate(times["other cores"]) if c < common.QUIET_CORES]
    return {k: [v[i] for i in keep] for k, v in times.items()} if keep else times


def main(argv: list[str] | None = None) -> str:
    parser = common.arguments(rows=1000, repeats=7)
    parser.description = __doc__.splitlines()[0]
    parser.add_argument("--smoke", action="store_true",
                        help="one round of each, no warm-up round (the test suite's check that the script runs)")
    parser.add_argument("--code", type=Path, help="run the analysis/ package of this folder instead")
    parser.add_argument("--before", type=Path, help="also run this folder's analysis/ in the same rounds")
    parser.add_argument("--quiet-only", action="store_true",
                        help="figures from the rounds the rest of the machine left quiet (if any)")
    args = parser.parse_args(argv)
    global CODE, BEFORE_CODE
    CODE = (args.code or ROOT).resolve()
    installed = common.installed_python_env(CODE)
    if args.before:
        BEFORE_CODE = args.before.resolve()
        common.installed_python_env(BEFORE_CODE)
    uncached = {**{k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}, "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        small = small_file(Path(tmp), args.rows)
        argvs = routes(small)
        if args.smoke:
            argvs = {k: v for k, v in argvs.items() if "sample" not in k}
        if BEFORE_CODE:
            argvs |= {name + BEFORE: a for name, a in list(argvs.items()) if a[0] == "-m"}
        uncached_rounds = 1 if args.smoke else max(3, args.repeats // 2)
        cached_times = measure(argvs, installed, 1 if args.smoke else args.repeats, warm=not args.smoke)
        uncached_times = measure(argvs, uncached, uncached_rounds, warm=not args.smoke)
        heavy = {name: heavy_imports(a, installed, _cwd(name)) for name, a in argvs.items() if a[0] == "-m"}
    all_rounds = len(cached_times[PASS])
    if args.quiet_only:
        cached_times, uncached_times = quiet_only(cached_times), quiet_only(uncached_times)
    quiet = sum(c < common.QUIET_CORES for c in cached_times["other cores"])

    def cell(values: list[float]) -> str:
        s = common.summary(values)
        return f"{s['median']:.3f} s ({s['min']:.3f}–{s['max']:.3f})"

    def ratio(name: str, floor: str, times: dict[str, list[float]]) -> str:
        r = [a / b for a, b in zip(times[name], times[floor])]
        return f"{statistics.median(r):.2f}x"

    lines = [f"Machine: {common.machine()}. `python bench/bench_cli.py --rows {args.rows} --repeats {args.repeats}`"
             f"{' (code: ' + str(CODE) + ')' if CODE != ROOT else ''}. "
             f"Whole processes from the shell, wall time; {len(cached_times[PASS])} rounds with the bytecode cached "
             f"(as an installed copy runs), {uncached_rounds} without a bytecode cache; the routes in turn "
             "within a round; medians (min–max); a ratio is the median of the rounds' own ratios. SMALL: the "
             f"first {args.rows:,} tickets of sample_data/tickets_en.csv. "
             + (f"Only the {len(cached_times[PASS])} quiet rounds of {all_rounds} (bytecode cached) are shown"
                if args.quiet_only and quiet else f"Quiet rounds: {quiet} of {all_rounds}")
             + f" (the machine's other work under {common.QUIET_CORES} of a core; per round: "
             + ", ".join(f"{c:.2f}" for c in cached_times["other cores"]) + ").", "",
             "| command | bytecode cached | × `pass` | × `import pandas` | no bytecode cache | heavy libraries imported |",
             "|---|---|---|---|---|---|"]
    for name in argvs:
        libs = ", ".join(heavy.get(name, [])) or ("–" if name in heavy else "")
        lines.append(f"| `{name}` | {cell(cached_times[name])} | {ratio(name, PASS, cached_times)} | "
                     f"{ratio(name, PANDAS, cached_times)} | {cell(uncached_times[name])} | {libs} |")
    check = statistics.median(cached_times["analysis check SMALL"])
    help_time = statistics.median(cached_times["analysis --help"])
    pandas_floor = statistics.median(cached_times[PANDAS])
    if BEFORE_CODE:
        lines += ["", f"`(before)`: the same command run from `{args.before}` (the code before this work), in the same "
                  "rounds."]
    lines += ["", f"Goal: `check` on a small file under {GOAL_CHECK} s: {check:.3f} s, "
              f"{'met' if check < GOAL_CHECK else 'not met'} (the `import pandas` floor is {pandas_floor:.3f} s; "
              f"`--help` {help_time:.3f} s)."]
    body = "\n".join(lines)
    print(body)
    if args.append:
        common.write_section(HEADING, body)
    print(json.dumps({"check_small_s": check, "help_s": help_time, "import_pandas_s": pandas_floor}))
    return body


if __name__ == "__main__":
    main()
