"""Memory under load (issues 17 and 18): what a load takes, and a server under many sessions.

Two parts:

--part estimate   What loading a file takes, per format, on the bench files of bench/gen_big.py
                  (1,000,000 tickets): each case in a fresh process, `--repeats` times, the
                  largest figure kept. Peak = the process's peak RSS (VmHWM) minus its RSS just
                  before load_files (the file's bytes, read before, are not counted: Streamlit
                  holds them already when the app loads); kept = RSS after the load, with freed
                  memory handed back, minus the same; beside them the dataset's own bytes
                  (analysis.memory.dataset_bytes) and the estimate analysis.memory.estimate_load
                  makes from the file alone. Floor, in the same rounds: the peak of the plain
                  library read of the same file (pyarrow.csv / pyarrow.parquet / calamine).
                  The factors in analysis.memory.FACTORS come from this table.

--part sessions   A load test of the real server: `streamlit run app.py` on a free localhost port
                  (its own empty data folder), headless Debian Chromium driving `--sessions` pages
                  (several pages per browser context: each page is a Streamlit session), at most
                  `--concurrency` uploading at once, each uploading a ticket export of `--mb` MB
                  cut from the bench file. Session i uploads copy i % `--distinct`: copies differ by
                  name, so they make distinct datasets; pages with the same copy upload the same
                  bytes and share one. Every page stays open until all have finished; then all
                  close, and the server's RSS is sampled for `--idle-minutes`. Recorded: sessions
                  loaded / refused by the memory budget / failed, time, the server's RSS before
                  (idle, after one visit that uploaded a 1 MB file), its peak (VmHWM) and its RSS over the minutes after the
                  last session closed. The floor: that idle server's RSS before the sessions.

Run:  python bench/bench_load.py --part estimate [--data DIR] [--repeats 3] [--no-write]
      python bench/bench_load.py --part sessions [--sessions 20] [--mb 100] [--distinct 20]
             [--concurrency 4] [--idle-minutes 6] [--budget 8GB] [--code DIR] [--label TEXT] [--no-write]
`--code DIR` runs the app of another checkout (e.g. a `git archive` of main) for a before/after.
Without --no-write the tables go to bench/RESULTS.md under "## Memory under load (issues 17, 18)".
Localhost only, bounded: every wait has a timeout and the server is stopped at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import common  # noqa: E402
from appserver import AppServer, AppServerError  # noqa: E402

HEADING = "Memory under load (issues 17, 18)"
MB = 1e6
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES_PER_CONTEXT = 5


# --- part estimate: children -----------------------------------------------------------------------
def _rss() -> int:
    from analysis import memory
    return memory.process_rss()


def _hwm() -> int:
    """The process's peak RSS (VmHWM: getrusage's ru_maxrss would carry the parent's RSS at fork
    over the exec on Linux, and the parent here has read the bench files)."""
    return proc_memory(os.getpid())[1]


def child_load(paths: list[Path]) -> dict:
    """load_files on the files' bytes: peak and kept memory over the RSS with the bytes read."""
    from analysis import memory
    from analysis.load import load_files
    files = [(p.name, p.read_bytes()) for p in paths]
    memory.return_free_memory()
    before = _rss()
    estimate = memory.estimate_load(files)
    start = time.perf_counter()
    result = load_files(files)
    seconds = time.perf_counter() - start
    peak = _hwm() - before
    after_load = _rss() - before
    memory.return_free_memory()
    kept = _rss() - before
    assert result.dataset is not None, [str(e) for e in result.errors]
    return {"input": sum(len(d) for _, d in files), "peak": peak, "kept_rss": kept, "after_load": after_load,
            "dataset": memory.dataset_bytes(result.dataset), "est_peak": estimate.peak_bytes,
            "est_kept": estimate.kept_bytes, "seconds": seconds,
            "kinds": [memory.file_kind(d) for _, d in files], "rows": len(result.dataset.tickets)}


def child_floor(paths: list[Path]) -> dict:
    """The plain library read of the files (to a pandas frame): its peak over the bytes read."""
    from analysis import memory
    files = [(p.name, p.read_bytes()) for p in paths]
    memory.return_free_memory()
    before = _rss()
    frames = []
    for name, data in files:
        kind, _ = memory.file_kind(data)
        if kind == "parquet":
            import pyarrow.parquet as pq
            frames.append(pq.read_table(io.BytesIO(data)).to_pandas())
        elif kind == "xlsx":
            from python_calamine import CalamineWorkbook
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            frames.append(book.get_sheet_by_index(0).to_python())
        else:
            import pyarrow.csv as pacsv
            encoding = {"utf16": "utf-16", "8bit": "gb18030"}.get(kind, "utf8")
            skip = 2 if name.startswith("tickets_zh") else 0       # the Chinese export's title rows
            table = pacsv.read_csv(io.BytesIO(data), read_options=pacsv.ReadOptions(encoding=encoding,
                                                                                    skip_rows=skip))
            frames.append(table.to_pandas())
    peak = _hwm() - before
    return {"peak": peak}


# --- part estimate: parent -------------------------------------------------------------------------
def estimate_cases(data: Path, work: Path) -> dict[str, list[Path]]:
    """The cases: the bench files as gen_big writes them, and the other formats made from them
    (UTF-16 and xlsx from the head of the English export, Parquet from all of it)."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    work.mkdir(parents=True, exist_ok=True)
    en, survey, zh = data / "tickets_en.csv", data / "survey_en.csv", data / "tickets_zh.csv"
    utf16, xlsx, parquet = work / "tickets_utf16.csv", work / "tickets.xlsx", work / "tickets.parquet"
    if not utf16.exists():
        with open(en, encoding="utf-8") as f:
            head = "".join(line for _, line in zip(range(300_001), f))
        utf16.write_bytes(head.encode("utf-16"))
    if not parquet.exists():
        pq.write_table(pacsv.read_csv(en), parquet)
    if not xlsx.exists():
        import openpyxl
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("tickets")
        with open(en, encoding="utf-8") as f:
            import csv
            for _, row in zip(range(50_001), csv.reader(f)):
                sheet.append(row)
        book.save(xlsx)
    return {"tickets, UTF-8 CSV": [en], "tickets + survey, UTF-8 CSV": [en, survey],
            "tickets, GB18030 CSV (title rows)": [zh], "survey alone, UTF-8 CSV": [survey],
            "tickets, UTF-16 CSV (300k rows)": [utf16], "tickets, Parquet": [parquet],
            "tickets, xlsx (50k rows)": [xlsx]}


def estimate_part(args) -> str:
    manifest = ensure_data(args.data, args.tickets)
    cases = estimate_cases(args.data, args.data / "memory_cases")
    rows = []
    for label, paths in cases.items():
        names = [str(p) for p in paths]
        runs = [(common.run_child([__file__, "--child", "load", *names]),
                 common.run_child([__file__, "--child", "floor", *names])) for _ in range(args.repeats)]
        load = {k: max(r[0][k] for r in runs) for k in ("peak", "kept_rss", "dataset", "seconds")}
        first = runs[0][0]
        floor = max(r[1]["peak"] for r in runs)
        effective = sum(size for _, size in first["kinds"])
        rows.append((label, first, load, floor, effective))
    lines = [f"Machine: {common.machine()}. Files from `bench/gen_big.py` ({manifest.get('tickets'):,} tickets, seed "
             f"{manifest.get('seed')}); UTF-16 and xlsx from the head of the English export, Parquet from all of "
             f"it (types as pyarrow infers them). Largest of {args.repeats} runs, each in a fresh process; MB = "
             "10^6 bytes. Peak and kept are over the RSS with the file's bytes already read (Streamlit holds them "
             "before the app loads); per byte: over the size the estimate counts (a workbook's uncompressed "
             "sheets, a Parquet file's uncompressed row groups, half a UTF-16 file). Floor: the peak of the "
             "plain library read of the same file to pandas (pyarrow.csv, pyarrow.parquet, calamine).", "",
             "| case | rows | file | counted size | load_files peak | per byte | floor peak | peak / floor "
             "| kept (RSS) | per byte | dataset bytes | estimate: peak | estimate: kept | estimate / measured peak |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, first, load, floor, effective in rows:
        lines.append(
            f"| {label} | {first['rows']:,} | {first['input'] / MB:,.0f} MB | {effective / MB:,.0f} MB "
            f"| {load['peak'] / MB:,.0f} MB | {load['peak'] / effective:.2f} | {floor / MB:,.0f} MB "
            f"| {load['peak'] / max(floor, 1):.1f}x | {load['kept_rss'] / MB:,.0f} MB | {load['kept_rss'] / effective:.2f} "
            f"| {load['dataset'] / MB:,.0f} MB | {first['est_peak'] / MB:,.0f} MB | {first['est_kept'] / MB:,.0f} MB "
            f"| {first['est_peak'] / max(load['peak'], 1):.2f} |")
    body = "\n".join(lines)
    print(body)
    return body


def ensure_data(out: Path, tickets: int) -> dict:
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        names = ("tickets_en.csv", "survey_en.csv", "tickets_zh.csv")
        if manifest.get("tickets") == tickets and all((out / n).exists() for n in names):
            return manifest
    import gen_big
    return gen_big.main([str(out), "--tickets", str(tickets)])


# --- part sessions ---------------------------------------------------------------------------------
def proc_memory(pid: int) -> tuple[int, int]:
    """(RSS, peak RSS) of a process now, in bytes, from /proc/PID/status."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1]) * 1024
    return values["VmRSS"], values["VmHWM"]


class Sampler(threading.Thread):
    """The server's RSS every `every` seconds, as (seconds since start, bytes)."""

    def __init__(self, pid: int, every: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.every, self.samples = pid, every, []
        self.start_time = time.monotonic()
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.samples.append((time.monotonic() - self.start_time, proc_memory(self.pid)[0]))
            except (OSError, KeyError):
                return
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()


def upload_files(source: Path, mb: float, distinct: int, work: Path) -> list[Path]:
    """`distinct` copies (distinct names, the same bytes) of the head of `source`, cut at a line
    end near `mb` MB."""
    work.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as f:
        data = f.read(int(mb * MB))
    data = data[:data.rfind(b"\n") + 1]
    paths = []
    for i in range(distinct):
        path = work / f"tickets_{i:02d}.csv"
        if not path.exists() or path.stat().st_size != len(data):
            path.write_bytes(data)
        paths.append(path)
    return paths


async def drive(url: str, paths: list[Path], sessions: int, concurrency: int, timeout_s: float,
                hold_s: float) -> tuple[list[dict], float, float]:
    """Open `sessions` pages, each uploading paths[i % len(paths)], at most `concurrency` at
    once; keep them all open `hold_s` seconds after the last finished; close them. Returns each
    session's outcome, the seconds until the last finished and the moment (monotonic) the last
    page closed."""
    from playwright.async_api import async_playwright
    outcomes: list[dict] = []
    gate = asyncio.Semaphore(concurrency)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        contexts = [await browser.new_context(viewport={"width": 1280, "height": 900})
                    for _ in range((sessions + PAGES_PER_CONTEXT - 1) // PAGES_PER_CONTEXT)]
        pages = []
        start = time.monotonic()

        async def one(i: int) -> None:
            async with gate:
                page = await contexts[i // PAGES_PER_CONTEXT].new_page()
                page.set_default_timeout(timeout_s * 1000)
                pages.append(page)
                began = time.monotonic()
                outcome = {"session": i, "file": paths[i % len(paths)].name}
                try:
                    await page.goto(url, wait_until="domcontentloaded")
                    await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
                    await page.locator('input[type="file"]').first.set_input_files(str(paths[i % len(paths)]))
                    loaded = page.locator('[data-testid="stAlertContentSuccess"]', has_text="Loaded")
                    refused = page.locator('[data-testid="stAlertContentError"]', has_text="Not loaded")
                    failed = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
                    await loaded.or_(refused).or_(failed).first.wait_for()
                    outcome["result"] = ("loaded" if await loaded.count() else
                                         "refused" if await refused.count() else "failed")
                    if outcome["result"] == "failed":
                        outcome["text"] = (await failed.first.inner_text())[:300]
                except Exception as exc:          # a timeout or a closed page: recorded, not raised
                    outcome["result"], outcome["text"] = "failed", f"{type(exc).__name__}: {str(exc)[:300]}"
                outcome["seconds"] = time.monotonic() - began
                outcomes.append(outcome)

        await asyncio.gather(*(one(i) for i in range(sessions)))
        elapsed = time.monotonic() - start
        await asyncio.sleep(hold_s)
        for page in pages:
            await page.close()
        for context in contexts:
            await context.close()
        await browser.close()
        closed = time.monotonic()
    return sorted(outcomes, key=lambda o: o["session"]), elapsed, closed


def sessions_part(args) -> str:
    code = args.code.resolve() if args.code else ROOT
    work = Path(tempfile.mkdtemp(prefix="fupan_load_"))
    source = args.data / "tickets_en.csv"
    if not source.exists():
        ensure_data(args.data, args.tickets)
    paths = upload_files(source, args.mb, args.distinct, args.data / "load_uploads")
    env = {**os.environ, "FUPAN_DATA_DIR": str(work / "data"), "FUPAN_MEMORY_LOG": "1"}
    if args.budget:
        env["FUPAN_MEMORY_BUDGET"] = args.budget
    try:
        server = AppServer(env, work / "streamlit.log", cwd=code)
    except AppServerError as err:
        raise SystemExit(str(err)) from None
    url = server.url
    try:
        # the floor: the server after one visit that uploaded a small file (every module the
        # upload path imports is loaded, the start-up warm-up thread has finished), no session open
        warm = upload_files(source, 1, 1, work / "warm")[0]
        asyncio.run(drive(url, [warm], 1, 1, args.timeout, 0))
        time.sleep(15)
        idle_before = proc_memory(server.pid)[0]
        sampler = Sampler(server.pid, every=1.0)
        sampler.start()
        outcomes, elapsed, closed = asyncio.run(drive(url, paths, args.sessions, args.concurrency,
                                                      args.timeout, args.hold))
        closed_at = closed - sampler.start_time
        peak_during = max(r for _, r in sampler.samples)
        time.sleep(args.idle_minutes * 60)
        sampler.stop()
        sampler.join(5)
        alive = server.proc.poll() is None
        rss_end, hwm = proc_memory(server.pid) if alive else (0, 0)
    finally:
        server.stop()
    after = [(t - closed_at, r) for t, r in sampler.samples if t >= closed_at]

    def at(minutes: float) -> str:
        near = [r for t, r in after if t <= minutes * 60]
        return f"{near[-1] / MB:,.0f} MB" if near else "–"

    counts = {k: sum(o["result"] == k for o in outcomes) for k in ("loaded", "refused", "failed")}
    marks = [m for m in (0.25, 0.5, 1, 2, 3, 4, 5, 6, 8, 10) if m <= args.idle_minutes]
    returned = next((t for t, r in after if r <= idle_before * 1.25 + 50 * MB), None)
    label = args.label or ("this branch" if code == ROOT else str(code))
    lines = [
        f"Load test ({label}): {args.sessions} sessions in headless Chromium ({PAGES_PER_CONTEXT} pages a context, "
        f"{args.concurrency} uploading at once), each uploading a {paths[0].stat().st_size / MB:,.0f} MB ticket "
        f"export ({args.distinct} distinct copies: sessions with the same copy upload the same bytes); memory budget "
        f"{args.budget or 'default'}. Machine: {common.machine()}.", "",
        f"- sessions: {counts['loaded']} loaded, {counts['refused']} refused by the memory budget (with the message), "
        f"{counts['failed']} failed; server {'alive' if alive else 'DEAD'} at the end",
        f"- time until the last session had its answer: {elapsed:.0f} s (each session: median "
        f"{sorted(o['seconds'] for o in outcomes)[len(outcomes) // 2]:.1f} s, longest "
        f"{max(o['seconds'] for o in outcomes):.1f} s)",
        f"- server RSS, idle before any upload (the floor): {idle_before / MB:,.0f} MB; peak while the sessions ran "
        f"{peak_during / MB:,.0f} MB (kernel's high-water mark {hwm / MB:,.0f} MB)",
        "- server RSS after the last session closed: " + ", ".join(f"+{m:g} min {at(m)}" for m in marks)
        + f"; at the end ({args.idle_minutes:g} min) {rss_end / MB:,.0f} MB",
        f"- back within 25 % (+50 MB) of the idle floor: "
        + (f"{returned:.0f} s after the last session closed" if returned is not None else "not within the watch"),
    ]
    sweeps = [json.loads(line.split(" ", 1)[1]) for line in server.log.read_text(errors="replace").splitlines()
              if line.startswith("fupan-memory ")]
    if sweeps:
        last = sweeps[-1]
        lines.append(f"- what the server held at its last sweep: {last['known']} sessions ({last['active']} connected), "
                     f"{last['upload_bytes'] / MB:,.0f} MB of uploads, {last['shared_live']} shared datasets alive "
                     f"({last['shared_bytes'] / MB:,.0f} MB), Arrow {last['arrow'] / MB:,.0f} MB; "
                     f"sweeps that let something go: {sum(1 for w in sweeps if w['let_go_freed'])} of {len(sweeps)}")
    failed = [o for o in outcomes if o["result"] == "failed"]
    if failed:
        lines.append(f"- failures: " + "; ".join(f"session {o['session']}: {o.get('text', '')}" for o in failed[:3]))
    body = "\n".join(lines)
    print(body)
    print(json.dumps({"counts": counts, "elapsed": elapsed, "idle_before": idle_before, "peak": peak_during,
                      "hwm": hwm, "end": rss_end, "alive": alive, "returned_s": returned}))
    return body


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["estimate", "sessions"], required=False, default="estimate")
    parser.add_argument("--data", type=Path, default=Path("/tmp/fupan_bench"))
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets in the generated bench files")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--mb", type=float, default=100.0, help="size of each upload, MB")
    parser.add_argument("--distinct", type=int, default=20, help="distinct uploads (sessions share the rest)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--idle-minutes", type=float, default=6.0)
    parser.add_argument("--hold", type=float, default=10.0, help="seconds every page stays open after the last load")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds one wait in a page may take")
    parser.add_argument("--budget", help="FUPAN_MEMORY_BUDGET for the server (default: its own default)")
    parser.add_argument("--code", type=Path, help="run the app of this checkout instead")
    parser.add_argument("--label", help="what the run is called in RESULTS.md")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        route, *paths = args.child
        print(json.dumps({"load": child_load, "floor": child_floor}[route]([Path(p) for p in paths])))
        return ""
    body = estimate_part(args) if args.part == "estimate" else sessions_part(args)
    if not args.no_write:
        write_part(args.part, body)
    return body


def write_part(part: str, body: str) -> None:
    """This bench's section of RESULTS.md holds both parts, each under its own sub-heading; a run
    replaces its own part's text and keeps the other's."""
    titles = {"estimate": "### What a load takes (the estimate's calibration)", "sessions": "### Load test"}
    text = common.RESULTS.read_text(encoding="utf-8")
    title = f"## {HEADING}"
    old = ""
    if title in text:
        start = text.index(title) + len(title)
        end = text.find("\n## ", start)
        old = text[start:end if end != -1 else len(text)]
    parts = {}
    for name, sub in titles.items():
        if sub in old:
            s = old.index(sub) + len(sub)
            e = min([old.index(t) for t in titles.values() if t in old and old.index(t) > s] or [len(old)])
            parts[name] = old[s:e].strip("\n")
    if part == "sessions" and parts.get("sessions"):
        parts[part] = parts["sessions"] + "\n\n" + body     # load tests accumulate (before/after, budgets)
    else:
        parts[part] = body
    common.write_section(HEADING, "\n\n".join(f"{titles[n]}\n\n{parts[n]}" for n in titles if n in parts))


if __name__ == "__main__":
    main()
