"""Benchmark of intake (read + map + clean) on 1,000,000 tickets, against pyarrow's floor.

For the English export (UTF-8) and the Chinese one (GB18030, title rows above the header), both
written by bench/gen_big.py, it times in the same run:
  floor    pyarrow.csv.read_csv of the file (types inferred, timestamps parsed), + to_pandas apart;
  load     analysis.load.load_files on the file's bytes: read + map + clean + build the Dataset
           (reading the bytes from disk is timed apart and not counted);
  steps    the same, step by step: ingest.read_table, mapping.auto_map, clean.clean,
           clean.build_dataset;
and, once, the Data page in AppTest: the first run after the 1M-row upload (parses), a second
run of the same session (must not parse again), and a new session uploading the same bytes
(must hit the content-keyed cache).

Every route runs in its own child process, `--repeats` times; times are medians (min–max beside).
The floor, the load and its steps run in turn, round by round, and a ratio is the median of the
rounds' own ratios: the shared machine's speed drifts within minutes. The goal is judged on read +
map + clean, as the issue words it; the whole load_files (which also stacks files, drops repeats
and joins the survey) is shown beside it.
Peak memory is the child's peak RSS minus its RSS just before the route (the interpreter and
libraries excluded), compared with the file size. Goals (issue 2): read + map + clean within 2x
the floor, peak memory under 4x the file size.

Tickets + survey (issue 17, `--part survey`): the path users take, the ticket export uploaded
with the survey export (tickets_en.csv + survey_en.csv). In the same rounds:
  floor      pyarrow.csv.read_csv of both files (types inferred, timestamps parsed), in process;
  load       analysis.load.load_files on both files' bytes: read + map + clean of each, stacking,
             repeats and the survey's join to the tickets (the whole Dataset);
  steps      the same step by step (read_table, auto_map, clean per file; build_dataset);
  processes  whole processes from the shell: `python -m analysis kpis T S --json` (start-up,
             load, every KPI, the JSON) against `python -c` reading both files with pyarrow
             (start-up, import, read); `check T S --json` (load, no KPIs) beside them.
Goals: load within 1.5x the in-process floor; kpis within 2x the whole-process floor.

Run: python bench/bench_intake.py [--part tickets|survey|all] [--data DIR] [--tickets N] [--repeats 3] [--no-write]
     [--before DIR]   (part survey: the code in DIR, e.g. `git archive` of main, timed in the same rounds)
Without --no-write the tables go to bench/RESULTS.md under "## Intake (issue 2)" (part tickets)
and "## Tickets + survey intake (issue 17)" (part survey).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --code DIR: time another copy of analysis/ (e.g. `git archive` of the code before a change)
# with this bench; the children put it first on the path and run the processes from it.
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else ROOT
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(CODE))
sys.path.insert(0, str(ROOT / "bench"))

import common  # noqa: E402

HEADING = "Intake (issue 2)"
SURVEY_HEADING = "Tickets + survey intake (issue 17)"
PAIR = ("tickets_en.csv", "survey_en.csv")
GOAL_PAIR, GOAL_PROCESS = 1.5, 2.0
FILES = {"tickets_en.csv": "English, UTF-8", "tickets_zh.csv": "Chinese, GB18030 + title rows"}
GOAL_TIME, GOAL_MEMORY = 2.0, 4.0
GOAL_MAPPING = 0.05    # issue 14: profiling every column's values adds under 5 % to the load


# --- children: one route each, the last stdout line is JSON -------------------------------------

def child_floor(path: Path) -> dict:
    import pyarrow.csv as pacsv
    zh = path.name.endswith("_zh.csv")
    # The floor reads the file as it is: the Chinese export needs its encoding and title rows named.
    read_options = pacsv.ReadOptions(encoding="gb18030", skip_rows=2) if zh else pacsv.ReadOptions()
    before = common.rss_mb()
    with common.stopwatch() as read:
        table = pacsv.read_csv(path, read_options=read_options)
    with common.stopwatch() as convert:
        frame = table.to_pandas()
    return {"read": read["s"], "read_cpu": read["cpu"], "to_pandas": convert["s"], "rows": len(frame),
            "peak_mb": common.peak_rss_mb() - before}


def child_load(path: Path) -> dict:
    from analysis.load import load_files
    before = common.rss_mb()
    with common.stopwatch() as disk:
        data = path.read_bytes()
    with common.stopwatch() as load:
        result = load_files([(path.name, data)])
    if result.errors or result.dataset is None:
        raise SystemExit(f"load failed: {result.errors}")
    return {"load": load["s"], "load_cpu": load["cpu"], "read_bytes": disk["s"], "rows": len(result.dataset.tickets),
            "peak_mb": common.peak_rss_mb() - before}


def child_steps(path: Path) -> dict:
    import pandas as pd

    from analysis import load
    before = common.rss_mb()
    data = path.read_bytes()
    now = pd.Timestamp.now()
    out = {}
    with load.intake_returns_memory():        # the Arrow allocator load_files uses
        _steps(path, data, now, before, out)
    return out


def _steps(path: Path, data: bytes, now, before: float, out: dict) -> None:
    """read_table, auto_map, clean and build_dataset as load_files calls them, timed one by one."""
    from analysis import clean, ingest, mapping
    with common.stopwatch() as t:
        raw = ingest.read_table(data, path.name)
    out["read_table"] = t["s"]
    out["read_table_peak_mb"] = common.peak_rss_mb() - before
    with common.stopwatch() as t:
        found = mapping.auto_map(raw.sample())
    out["auto_map"] = t["s"]
    out["auto_map_peak_mb"] = common.peak_rss_mb() - before
    with common.stopwatch() as t:
        cleaned = clean.clean(raw, found, now)
    out["clean"] = t["s"]
    out["clean_peak_mb"] = common.peak_rss_mb() - before
    with common.stopwatch() as t:
        clean.build_dataset([cleaned], name=path.name)
    out["build_dataset"] = t["s"]
    out["build_dataset_peak_mb"] = common.peak_rss_mb() - before


def child_apptest(path: Path) -> dict:
    from streamlit.testing.v1 import AppTest
    os.chdir(ROOT)
    os.environ.setdefault("FUPAN_DATA_DIR", "/tmp/fupan_bench_intake_data")
    data = path.read_bytes()

    def session() -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
        at.run()
        at.file_uploader[0].set_value([(path.name, data, "text/csv")])
        return at

    def run(at: AppTest) -> float:
        with common.stopwatch() as t:
            at.run()
        if at.exception:
            raise SystemExit(f"app raised: {at.exception[0].value}")
        if not any(s.value.startswith("Loaded ") for s in at.success):
            raise SystemExit(f"no 'Loaded … tickets' message: {[s.value for s in at.success]}")
        return t["s"]

    first = session()
    upload, rerun = run(first), run(first)
    again = run(session())
    return {"upload": upload, "rerun": rerun, "new_session_same_bytes": again}


def _pair(folder: Path) -> list[Path]:
    return [folder / name for name in PAIR]


def child_floor_pair(folder: Path) -> dict:
    """pyarrow's read of both files as they are (types inferred), the floor of the pair."""
    import pyarrow.csv as pacsv
    out, total, cpu = {}, 0.0, 0.0
    for path in _pair(folder):
        with common.stopwatch() as read:
            table = pacsv.read_csv(path)
        out[f"read {path.name}"] = read["s"]
        total += read["s"]
        cpu += read["cpu"]
        out[f"rows {path.name}"] = table.num_rows
        del table
    out["read"], out["read_cpu"] = total, cpu
    return out


def child_load_pair(folder: Path) -> dict:
    from analysis.load import load_files
    before = common.rss_mb()
    files = [(path.name, path.read_bytes()) for path in _pair(folder)]
    with common.stopwatch() as load:
        result = load_files(files)
    if result.errors or result.dataset is None or result.dataset.survey is None:
        raise SystemExit(f"load failed: {result.errors}")
    ds = result.dataset
    return {"load": load["s"], "load_cpu": load["cpu"], "tickets": len(ds.tickets), "responses": len(ds.survey),
            "matched": int((ds.links >= 0).sum()), "peak_mb": common.peak_rss_mb() - before}


def child_steps_pair(folder: Path) -> dict:
    """load_files' steps for the pair, timed one by one (as load_files calls them)."""
    import pandas as pd

    from analysis import clean, ingest, load, mapping
    files = [(path.name, path.read_bytes()) for path in _pair(folder)]
    now = pd.Timestamp.now()
    out, cleaned = {}, []
    with load.intake_returns_memory():
        for name, data in files:
            role = "tickets" if name.startswith("tickets") else "survey"
            with common.stopwatch() as t:
                raw = ingest.read_table(data, name)
            out[f"{role} read_table"] = t["s"]
            with common.stopwatch() as t:
                found = mapping.auto_map(raw.sample())
            out[f"{role} auto_map"] = t["s"]
            with common.stopwatch() as t:
                cleaned.append(clean.clean(raw, found, now))
            out[f"{role} clean"] = t["s"]
            del raw
        with common.stopwatch() as t:
            ds = clean.build_dataset(cleaned, name="bench")
            ds.links        # the survey's join to the tickets, made by build_dataset (cached)
        out["build_dataset (+ join)"] = t["s"]
    return out


def child_process(folder: Path, *command: str) -> dict:
    """One whole process from the shell, timed from outside (start-up included)."""
    import subprocess
    env = common.installed_python_env(CODE, compile_now=False)      # survey_part compiled analysis/ once
    with common.stopwatch() as t:
        done = subprocess.run([sys.executable, *command], cwd=CODE, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{command} failed: {done.stderr[-2000:]}")
    return {"s": t["s"], "stdout_bytes": len(done.stdout)}


def child_process_floor(folder: Path) -> dict:
    t, s = _pair(folder)
    return child_process(folder, "-c", f"import pyarrow.csv as c; c.read_csv({str(t)!r}); c.read_csv({str(s)!r})")


def child_process_kpis(folder: Path) -> dict:
    return child_process(folder, "-m", "analysis", "kpis", *map(str, _pair(folder)), "--json")


def child_process_check(folder: Path) -> dict:
    return child_process(folder, "-m", "analysis", "check", *map(str, _pair(folder)), "--json")


CHILDREN = {"floor": child_floor, "load": child_load, "steps": child_steps, "apptest": child_apptest,
            "floor_pair": child_floor_pair, "load_pair": child_load_pair, "steps_pair": child_steps_pair,
            "process_floor": child_process_floor, "process_kpis": child_process_kpis,
            "process_check": child_process_check}


# --- parent ---------------------------------------------------------------------------------------

def ensure_data(out: Path, tickets: int = 1_000_000) -> dict:
    """The files from bench/gen_big.py (`tickets` tickets), generated unless a matching set is there."""
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("tickets") == tickets and all((out / f).exists() for f in [*FILES, *PAIR]):
            return manifest
    import gen_big
    return gen_big.main([str(out), "--tickets", str(tickets)])


def paired(names: tuple[str, ...], path: Path, repeats: int) -> list[dict]:
    """Routes run in turn, `repeats` rounds: the machine's speed drifts by a third over minutes
    (other work on a shared host), and a floor timed minutes before the load would carry that
    drift into their ratio. Each summary keeps its raw runs under "runs"."""
    rounds = [[common.run_child([__file__, "--child", name, str(path)]) for name in names] for _ in range(repeats)]
    return [_summarised([r[i] for r in rounds]) for i in range(len(names))]


def _summarised(runs: list[dict]) -> dict:
    keys = [k for k in runs[0] if isinstance(runs[0][k], float) and not k.endswith("peak_mb")]
    out = {k: common.summary([r[k] for r in runs]) for k in keys}
    out.update({k: max(r[k] for r in runs) for k in runs[0] if k.endswith("peak_mb")})
    out.update({k: v for k, v in runs[0].items() if isinstance(v, int)})
    out["runs"] = runs
    return out


def fmt(s: dict) -> str:
    return f"{s['median']:.2f} s ({s['min']:.2f}–{s['max']:.2f})" if s["n"] > 1 else f"{s['median']:.2f} s"


def tickets_part(args, manifest: dict) -> str:
    """Issue 2's table: each ticket file alone, and the Data page in AppTest."""
    lines = [f"Machine: {common.machine()}. Files from `bench/gen_big.py` ({manifest.get('tickets'):,} tickets, "
             f"seed {manifest.get('seed')}, with the sample's deliberate "
             f"quality problems). Medians of {args.repeats} runs, each in a fresh process (min–max); the floor, "
             "the load and its steps run in turn, and a ratio is the median of each round's time over its floor. "
             "Read + map + clean is the issue's measure (the steps' sum); load_files adds stacking, the repeat "
             "check and the survey join. "
             "Peak = peak RSS of the process minus its RSS before the route (interpreter and libraries "
             "excluded; the file's bytes, read inside the route, included), MB = 10^6 bytes.", "",
             "| file | size | floor: pyarrow read_csv | (+ to_pandas) | read + map + clean | ratio to floor "
             "| load_files (+ stack, repeats, join) | ratio to floor | peak memory, load | peak / size | floor peak |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    steps_lines = ["", "Where load_files spends its time and memory (median time; peak memory so far after "
                   "the step, largest over the runs):", "",
                   "| file | read_table | auto_map | clean | build_dataset |", "|---|---|---|---|---|"]
    verdicts = []
    for name, label in FILES.items():
        path = args.data / name
        size_mb = path.stat().st_size / common.MB
        floor, load, steps = paired(("floor", "load", "steps"), path, args.repeats)
        # The medians of the rounds' own ratios: each time against the floor timed beside it.
        rounds = list(zip(floor["runs"], load["runs"], steps["runs"]))
        read_map_clean = [sum(s[k] for k in ("read_table", "auto_map", "clean")) for _, _, s in rounds]
        ratio = statistics.median(t / f["read"] for t, (f, _, _) in zip(read_map_clean, rounds))
        load_ratio = statistics.median(l["load"] / f["read"] for f, l, _ in rounds)
        memory = load["peak_mb"] / size_mb
        lines.append(f"| {name} ({label}) | {size_mb:.0f} MB, {load['rows']:,} tickets kept | {fmt(floor['read'])} "
                     f"| {fmt(floor['to_pandas'])} | {fmt(common.summary(read_map_clean))} | {ratio:.1f}x "
                     f"| {fmt(load['load'])} | {load_ratio:.1f}x | "
                     f"{load['peak_mb']:.0f} MB | {memory:.1f}x | {floor['peak_mb']:.0f} MB |")
        steps_lines.append(f"| {name} | " + " | ".join(f"{steps[k]['median']:.2f} s, {steps[k + '_peak_mb']:.0f} MB" for k in
                                                       ("read_table", "auto_map", "clean", "build_dataset")) + " |")
        slowest = max(("read_table", "auto_map", "clean", "build_dataset"), key=lambda k: steps[k]["median"])
        # issue 14: mapping by header and values (every column profiled) is the auto_map step
        mapping_share = statistics.median(s["auto_map"] / t for t, (_, _, s) in zip(read_map_clean, rounds))
        verdicts.append(
            f"- {name}: read + map + clean {ratio:.2f}x the floor (goal {GOAL_TIME:.0f}x: "
            f"{'met' if ratio <= GOAL_TIME else f'missed by {ratio / GOAL_TIME:.2f}x'}); the whole load_files "
            f"{load_ratio:.2f}x; memory {memory:.1f}x "
            f"the file (goal under {GOAL_MEMORY:.0f}x: "
            f"{'met' if memory < GOAL_MEMORY else f'missed by {memory / GOAL_MEMORY:.1f}x'}; the floor's own "
            f"peak is {floor['peak_mb'] / size_mb:.1f}x); slowest step "
            f"{slowest} ({steps[slowest]['median']:.2f} s of {sum(steps[k]['median'] for k in ('read_table', 'auto_map', 'clean', 'build_dataset')):.2f} s); "
            f"mapping by header and values (auto_map) {mapping_share:.1%} of read + map + clean (goal under "
            f"{GOAL_MAPPING:.0%}: {'met' if mapping_share < GOAL_MAPPING else 'missed'}).")
        print("\n".join(lines[-1:] + steps_lines[-1:] + verdicts[-1:]), flush=True)

    app = common.run_child([__file__, "--child", "apptest", str(args.data / "tickets_en.csv")])
    app_lines = ["", "Data page in AppTest, tickets_en.csv uploaded (one run):", "",
                 "| first run after upload (parse) | second run, same session | new session, same bytes |",
                 "|---|---|---|",
                 f"| {app['upload']:.2f} s | {app['rerun']:.2f} s | {app['new_session_same_bytes']:.2f} s |",
                 "", f"The second run takes {app['rerun'] / app['upload']:.0%} of the first: the upload is not "
                 "parsed again. A new session with the same bytes hits the content-keyed cache "
                 f"({app['new_session_same_bytes'] / app['upload']:.0%} of the first run)."]
    body = "\n".join(lines + steps_lines + ["", "Verdict:"] + verdicts + app_lines)
    print(body)
    if not args.no_write:
        common.write_section(HEADING, body)
    return body




def survey_part(args, manifest: dict) -> str:
    """Issue 17's table: tickets + survey, in process and as whole processes."""
    folder = args.data
    sizes = {name: (folder / name).stat().st_size / common.MB for name in PAIR}
    names = ("floor_pair", "load_pair", "steps_pair", "process_floor", "process_kpis", "process_check")
    common.installed_python_env(CODE)          # the bytecode the whole-process routes run with
    code = ["--code", str(CODE)] if CODE != ROOT else []
    before = ["--code", str(args.before.resolve())] if args.before else None
    compared = ("load_pair", "process_kpis", "process_check")
    if before:
        common.installed_python_env(args.before.resolve())
    rounds, earlier = [], []
    for _ in range(args.repeats):
        rounds.append([common.run_child([__file__, "--child", name, str(folder), *code]) for name in names])
        if before:        # the code before, in the same round: both meet the same load of the machine
            earlier.append([common.run_child([__file__, "--child", name, str(folder), *before]) for name in compared])
    quiet = common.quiet_rounds([r + (earlier[i] if before else []) for i, r in enumerate(rounds)])
    if args.quiet_only and quiet:
        rounds = [rounds[i] for i in quiet]
        earlier = [earlier[i] for i in quiet] if before else earlier
    floor, load, steps, pfloor, pkpis, pcheck = ([r[i] for r in rounds] for i in range(len(names)))
    ratio = [l["load"] / f["read"] for f, l in zip(floor, load)]
    process_ratio = [k["s"] / f["s"] for f, k in zip(pfloor, pkpis)]
    check_ratio = [c["s"] / f["s"] for f, c in zip(pfloor, pcheck)]

    def cell(values: list[float]) -> str:
        return fmt(common.summary(values))
    first = load[0]
    lines = [f"Machine: {common.machine()}. Files from `bench/gen_big.py` ({manifest.get('tickets'):,} tickets, seed "
             f"{manifest.get('seed')}, with the sample's deliberate quality problems): {PAIR[0]} "
             f"({sizes[PAIR[0]]:.0f} MB) + {PAIR[1]} ({sizes[PAIR[1]]:.0f} MB); the dataset holds "
             f"{first['tickets']:,} tickets and {first['responses']:,} responses ({first['matched']:,} joined to a "
             f"ticket). `python bench/bench_intake.py --part survey --repeats {args.repeats}`"
             f"{' (code: ' + str(CODE) + ')' if CODE != ROOT else ''}. Each route in a fresh "
             f"process, {args.repeats} rounds, the routes in turn within a round; medians (min–max); a ratio is the "
             "median of each round's time over the floor timed in that round. "
             + (f"Only the {len(rounds)} quiet rounds of {args.repeats} are shown (the machine's other work under "
                f"{common.QUIET_CORES} of a core throughout the round)." if args.quiet_only and quiet else
                f"Quiet rounds (the machine's other work under {common.QUIET_CORES} of a core throughout): "
                f"{len(quiet)} of {args.repeats}; other work per round, cores: "
                + ", ".join(f"{max(c['other_cores'] for c in r):.2f}" for r in rounds) + "."), "",
             "| | floor | measured | ratio to floor (median of rounds) | goal |", "|---|---|---|---|---|",
             f"| in process: load_files (read + map + clean both files, repeats, join) | pyarrow read_csv of both "
             f"files: {cell([f['read'] for f in floor])} | {cell([l['load'] for l in load])} | "
             f"{statistics.median(ratio):.2f}x ({min(ratio):.2f}–{max(ratio):.2f}) | ≤ {GOAL_PAIR}x: "
             f"{'met' if statistics.median(ratio) <= GOAL_PAIR else 'not met'} |",
             f"| whole process: `python -m analysis kpis T S --json` | `python -c` pyarrow read of both: "
             f"{cell([f['s'] for f in pfloor])} | {cell([k['s'] for k in pkpis])} | "
             f"{statistics.median(process_ratio):.2f}x ({min(process_ratio):.2f}–{max(process_ratio):.2f}) | "
             f"≤ {GOAL_PROCESS}x: {'met' if statistics.median(process_ratio) <= GOAL_PROCESS else 'not met'} |",
             f"| whole process: `python -m analysis check T S --json` (no KPIs) | the same | "
             f"{cell([c['s'] for c in pcheck])} | {statistics.median(check_ratio):.2f}x | – |",
             f"| the same, CPU seconds (all threads; steadier than wall time on a shared machine) | "
             f"{cell([f['read_cpu'] for f in floor]).replace(' s', ' s CPU', 1)} | "
             f"{cell([l['load_cpu'] for l in load]).replace(' s', ' s CPU', 1)} | "
             f"{statistics.median([l['load_cpu'] / f['read_cpu'] for f, l in zip(floor, load)]):.2f}x | – |",
             "", f"Peak memory of load_files: {max(l['peak_mb'] for l in load):.0f} MB above the process's RSS "
             f"before it ({max(l['peak_mb'] for l in load) / sum(sizes.values()):.1f}x the two files); CPU "
             f"{statistics.median([l['load_cpu'] for l in load]):.2f} s for "
             f"{statistics.median([l['load'] for l in load]):.2f} s wall (2 cores).", "",
             "Where load_files spends it (median of the rounds, seconds):", "",
             "| " + " | ".join(k for k in steps[0] if k != "other_cores") + " |",
             "|" + "---|" * (len(steps[0]) - ("other_cores" in steps[0])),
             "| " + " | ".join(f"{statistics.median([r[k] for r in steps]):.3f}" for k in steps[0] if k != "other_cores")
             + " |"]
    if before:
        b_load, b_kpis, b_check = ([r[i] for r in earlier] for i in range(len(compared)))
        lines += ["", f"Before and after in the same rounds (before: `{args.before}`, medians (min–max); the "
                  "speed-up is the median of the rounds' own):", "",
                  "| | before | after | speed-up | before / floor | after / floor |", "|---|---|---|---|---|---|"]
        for label, old, new, floors, key in (
                ("load_files, in process", b_load, load, floor, ("load", "read")),
                ("`kpis T S --json`, whole process", b_kpis, pkpis, pfloor, ("s", "s")),
                ("`check T S --json`, whole process", b_check, pcheck, pfloor, ("s", "s"))):
            t, f = key
            speedup = [o[t] / n[t] for o, n in zip(old, new)]
            lines.append(f"| {label} | {cell([o[t] for o in old])} | {cell([n[t] for n in new])} | "
                         f"{statistics.median(speedup):.2f}x | "
                         f"{statistics.median([o[t] / x[f] for o, x in zip(old, floors)]):.2f}x | "
                         f"{statistics.median([n[t] / x[f] for n, x in zip(new, floors)]):.2f}x |")
    lines += ["", f"Load average at the end: {os.getloadavg()[0]:.1f} (the machine is shared: a round run beside "
              "other work is slower, and the multi-threaded floor more so than the load)."]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        common.write_section(SURVEY_HEADING, body)
    return body


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["tickets", "survey", "all"], default="all",
                        help="tickets: each ticket file alone (issue 2); survey: tickets + survey (issue 17)")
    parser.add_argument("--data", type=Path, default=Path("/tmp/fupan_bench"))
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets in the generated files")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--code", type=Path, help="time the analysis/ package of this folder instead (part survey)")
    parser.add_argument("--before", type=Path, help="part survey: also time this folder's analysis/ in the same rounds")
    parser.add_argument("--quiet-only", action="store_true",
                        help="part survey: figures from the rounds the rest of the machine left quiet (if any)")
    parser.add_argument("--child", nargs=2, metavar=("ROUTE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](Path(args.child[1]))))
        return ""

    manifest = ensure_data(args.data, args.tickets)
    bodies = []
    if args.part in ("tickets", "all"):
        bodies.append(tickets_part(args, manifest))
    if args.part in ("survey", "all"):
        bodies.append(survey_part(args, manifest))
    return "\n\n".join(bodies)


if __name__ == "__main__":
    main()
