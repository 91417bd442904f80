"""Benchmark of the path a user takes in the real browser (issue 17): upload the ticket export
with the survey export, open every analysis page, change a filter on each and clear it again.

    python bench/bench_browser.py [--rows 1000000] [--repeats 3] [--append] [--data DIR]
                                  [--same-server] [--think 5] [--small 2000] [--shots DIR]

Inputs: bench/gen_big.py's tickets_en.csv + survey_en.csv at --rows tickets (made once, reused
from --data when its manifest says the same size).

Each repeat is the first visitor of a fresh server: `streamlit run app.py` (headless, no file
watcher, FUPAN_DATA_DIR a new temp folder so no saved dataset is opened, the bytecode of our
modules cached as an installed copy has it) on a free localhost port, and a fresh Chromium
context (a fresh Streamlit session) driven by Playwright in Debian's /usr/bin/chromium. A fresh
server per repeat because the server keeps an upload's Dataset by the files' content
(ui/state.py `_load_cached`): a second session uploading the same bytes would time a cache hit,
not a load (`--same-server` keeps one server and times exactly that from repeat 2 on).
The session opens the app, waits `--think` seconds (a user choosing the files; the server's
warm-up imports run meanwhile, as they do in use), then:
  load     both files given to the uploader at once, from the input's change event until the
           Data page is drawn (below) with its "Loaded N tickets" message;
  pages    Overview … Report in the sidebar's order, each from the click on its nav link until
           the page is drawn (below);
  change   on each page, the sidebar's Channel filter set to its first option (the most
           frequent channel), from the click on the option until the page is drawn;
  cleared  the same filter emptied with its "Clear all" button, timed the same way.
A page is drawn when no script is running, its title is there, no element is left over from the
previous run (data-stale), no spinner shows, every visible chart has its SVG or canvas and every
visible table its canvas, and then nothing in the main area has changed for QUIET_S (Vega adds
a chart's marks after the script has ended, the table grid draws itself after its element): the
figure ends at the last change, or at the end of the last script run if a page reran itself.
Every figure is read in the browser: performance.now() of the user's event (a capturing listener)
to that moment; the end of the step's last script run is reported beside it ("script"), and the
seconds in between are the browser's drawing.

Floors, in this process, once per repeat before its server starts (at least 3 times):
pyarrow.csv.read_csv of both files (types inferred), and DuckDB reading the ticket file and
counting tickets per month × channel. The app's own floor: after each repeat's session, another
fresh session on the same server takes the same steps on `--small` tickets (2,000): what
Streamlit and the browser cost whatever the data's size. Goals (issue 17): every page's first render after load
under 1 s, a filter change (and its clearing) under 0.3 s, judged on the slowest repeat.
--append writes the section "## Browser: every page at 1M (issue 17)" of bench/RESULTS.md.
Screenshots of every page as the last repeat drew it (whole main area), and every raw figure
(results.json), go to --shots (test-artifacts/bench_browser/ by default).
"""
from __future__ import annotations

import ast
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import common  # noqa: E402
from appserver import AppServer  # noqa: E402
from bench_intake import PAIR, ensure_data  # noqa: E402

import i18n  # noqa: E402

HEADING = "Browser: every page at 1M (issue 17)"
GOAL_FIRST_S, GOAL_CHANGE_S = 1.0, 0.3
# the analysis pages, in the sidebar's order (app.py's PAGES names their nav titles)
ANALYSIS_PAGES = ("pages/overview.py", "pages/operations.py", "pages/agents.py", "pages/drivers.py",
                  "pages/root_causes.py", "pages/periods.py", "pages/goals.py", "pages/report.py")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}
WAIT_MS = 600_000          # one step at 10M on a shared machine stays well under this (--step-timeout)
QUIET_S = 1.0              # a page is drawn when its main area has not changed for this long
SETTLE_CAP_S = 120         # … and fails when it never stops changing
TALLEST_SHOT = 12_000      # px; Chromium draws screenshots up to 16,384
NAV_AGAIN_S = 10           # a click that started no script run in this long is made again
DEFAULT_SHOTS = ROOT / "test-artifacts" / "bench_browser"

# Installed before any page script: counts the app's script runs (the stApp element's
# data-test-script-state going to "running" and back to "notRunning"), stamps the user's last
# click or file choice with performance.now(), and the last change drawn in the main area: any
# DOM change in it (Vega draws its charts as SVG elements) or any drawing on a canvas in it (the
# tables' grid), so a chart drawn after the script ended is not missed.
INSTRUMENT = """(() => {
  const fp = window.__fp = {started: 0, finished: 0, action: null, state: null, idleAt: null, drawnAt: null};
  const inMain = (node) => {
    const element = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(element && element.closest('[data-testid="stMain"]'));
  };
  const look = (records) => {
    for (const record of records) {
      if (inMain(record.target)) { fp.drawnAt = performance.now(); break; }
    }
    const app = document.querySelector('[data-testid="stApp"]');
    const s = app ? app.getAttribute('data-test-script-state') : null;
    if (s === fp.state) return;
    if (s === 'running') fp.started++;
    if (s === 'notRunning' && fp.state !== null) { fp.finished++; fp.idleAt = performance.now(); }
    fp.state = s;
  };
  const stamp = () => { fp.action = performance.now(); };
  document.addEventListener('click', stamp, true);
  document.addEventListener('change', stamp, true);
  const context = CanvasRenderingContext2D.prototype;
  for (const name of ['clearRect', 'fillRect', 'drawImage', 'fillText']) {
    const draw = context[name];
    context[name] = function (...args) {
      if (this.canvas && this.canvas.isConnected && inMain(this.canvas)) fp.drawnAt = performance.now();
      return draw.apply(this, args);
    };
  }
  new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true,
                                                characterData: true});
})();"""

# Truthy (the frame's performance.now()) once the page is done after run number `after`;
# `title`: the page's h1 must read so; `text`: a paragraph must start so (the Data page's message).
DONE = """({after, title, text}) => {
  const fp = window.__fp;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning' || fp.finished <= after) return false;
  if (document.querySelector('[data-testid="stException"]')) return 'error';
  if (document.querySelector('[data-testid="stElementContainer"][data-stale="true"], [data-testid="stSpinner"]')) return false;
  const shown = (e) => e.checkVisibility();
  if (title && ![...document.querySelectorAll('[data-testid="stMain"] h1')].some(h => h.textContent.trim() === title)) return false;
  if (text && ![...document.querySelectorAll('[data-testid="stMarkdownContainer"]')].some(
      p => shown(p) && p.textContent.trim().startsWith(text))) return false;
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    if (!shown(c)) continue;
    const drawn = c.querySelector('canvas, svg.marks');
    if (!drawn || !(drawn.width > 0 || drawn.clientWidth > 0) || !(drawn.height > 0 || drawn.clientHeight > 0)) return false;
  }
  for (const g of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    if (shown(g) && !g.querySelector('canvas')) return false;
  }
  return performance.now();
}"""
# Why DONE does not hold (for the message of a step that timed out): the first condition that fails.
NOT_DONE = """({after, title, text}) => {
  const fp = window.__fp;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return 'no app element';
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return 'a script run is in progress';
  if (fp.finished <= after) return `no script run finished since the action (${fp.finished} <= ${after})`;
  const stale = document.querySelectorAll('[data-testid="stElementContainer"][data-stale="true"]').length;
  if (stale) return `${stale} element(s) left over from the run before (data-stale)`;
  if (document.querySelector('[data-testid="stSpinner"]')) return 'a spinner shows';
  const shown = (e) => e.checkVisibility();
  if (title && ![...document.querySelectorAll('[data-testid="stMain"] h1')].some(h => h.textContent.trim() === title))
    return `no h1 reads ${title}: ${[...document.querySelectorAll('[data-testid="stMain"] h1')].map(h => h.textContent.trim())}`;
  if (text && ![...document.querySelectorAll('[data-testid="stMarkdownContainer"]')].some(
      p => shown(p) && p.textContent.trim().startsWith(text))) return `no paragraph starts ${text}`;
  let i = 0;
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    i++;
    if (!shown(c)) continue;
    const drawn = c.querySelector('canvas, svg.marks');
    if (!drawn) return `visible chart ${i} has no canvas or svg`;
    if (!(drawn.width > 0 || drawn.clientWidth > 0) || !(drawn.height > 0 || drawn.clientHeight > 0))
      return `visible chart ${i} is drawn 0 px wide or high`;
  }
  let j = 0;
  for (const g of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    j++;
    if (shown(g) && !g.querySelector('canvas')) return `visible table ${j} has no canvas`;
  }
  return 'done';
}"""
MAIN_HEIGHT = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"


# --- what the pages are called -----------------------------------------------------------------

def page_names() -> list[dict]:
    """Each analysis page's nav label, URL path and title, from app.py and the page's st.title
    (through the i18n catalogue, in English): the bench follows the app when a label changes."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    table = next(ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "PAGES")
    nav = {path: key for path, key, _ in table}
    out = []
    for path in ANALYSIS_PAGES:
        source = (ROOT / path).read_text(encoding="utf-8")
        title_key = re.search(r'st\.title\(tr\("([^"]+)"\)\)', source).group(1)
        out.append({"file": path, "nav": i18n.t(nav[path]), "url": Path(path).stem,
                    "title": i18n.t(title_key)})
    return out


# --- floors --------------------------------------------------------------------------------------

def floor_read(paths: list[Path]) -> float:
    """Seconds for pyarrow.csv.read_csv of every file, types inferred, timestamps parsed."""
    import pyarrow.csv as pacsv
    with common.stopwatch() as t:
        for path in paths:
            pacsv.read_csv(path)
    return t["s"]


def floor_duckdb(tickets: Path) -> float:
    """Seconds for DuckDB to read the ticket file and count tickets per month × channel. The creation
    time is read as text and cast row by row: the export's deliberate bad values ("N/A") stop
    DuckDB's own timestamp detection."""
    import duckdb
    con = duckdb.connect()
    with common.stopwatch() as t:
        con.execute("""SELECT date_trunc('month', TRY_CAST("Created at" AS TIMESTAMP)) AS month,
                              "Ticket Channel" AS channel, count(*) AS tickets
                       FROM read_csv(?, types={'Created at': 'VARCHAR'}) GROUP BY ALL""",
                    [str(tickets)]).fetchall()
    con.close()
    return t["s"]


# --- the server ----------------------------------------------------------------------------------

def server_env() -> dict[str, str]:
    """The app's environment as a user runs it: bytecode of our modules cached (compiled here once,
    under common.PYCACHE), no chart validation (the test suite's FUPAN_VALIDATE_CHARTS), a data
    folder of its own."""
    env = common.installed_python_env(compile_now=False)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "analysis", "i18n", "charts", "ui"], cwd=ROOT,
                   env=env, check=True, capture_output=True)
    env.pop("FUPAN_VALIDATE_CHARTS", None)
    return env


def start_server(env: dict[str, str], log_dir: Path) -> AppServer:
    """The app on a free port with a data folder of its own and no file watcher, as a user runs it."""
    data = tempfile.mkdtemp(prefix="fupan_bench_browser_data_")
    log = Path(tempfile.mkstemp(prefix="streamlit_", suffix=".log", dir=log_dir)[1])
    return AppServer({**env, "FUPAN_DATA_DIR": data}, log, options=("--server.fileWatcherType", "none"))


# --- one session ---------------------------------------------------------------------------------

class StepFailed(RuntimeError):
    pass


def wait_done(page, after: int, title: str | None, text: str | None) -> float:
    """The browser's performance.now() at the first frame at which DONE holds after run `after`."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        result = page.wait_for_function(DONE, arg={"after": after, "title": title, "text": text},
                                        polling="raf", timeout=WAIT_MS).json_value()
    except PlaywrightTimeout:
        fp = page.evaluate("window.__fp")
        why = page.evaluate(NOT_DONE, {"after": after, "title": title, "text": text})
        raise StepFailed(f"the page was not done {WAIT_MS / 1000:g} s after the action: {why} (title {title!r}, "
                         f"text {text!r}; script runs started {fp['started']}, finished {fp['finished']}, "
                         f"state {fp['state']})") from None
    if result == "error":
        raise StepFailed(page.locator('[data-testid="stException"]').first.inner_text()[:2000])
    return result


def step(page, action, title: str | None = None, text: str | None = None, again_after_s: float | None = None,
         retry=None) -> dict:
    """Do `action()` (the user's click or file choice) and wait until the page is done: DONE holds,
    then nothing in the main area changes for QUIET_S and no other script run starts (a run that
    starts meanwhile, e.g. a page's st.rerun, is waited for in turn). Returns, in the browser's
    seconds from the action's event: "s", until the page is drawn (the latest of the first done
    frame, the end of the last script run and the last change drawn in the main area); "done_frame",
    until the first frame at which DONE held; "script", until the step's last script run ended
    (the server's work and its messages). Also "outside", this process's seconds from before the
    action to that first done frame (a cross-check of the browser's clock), and the script runs
    the step took. `again_after_s`: when no script run has started that long after the action, do
    it once more (`retry`, else the action) and time from then ("again": True): now and then a
    click is lost (a nav link, an option of the filter's list: a user clicks again), and the bench
    should measure the page, not wait on the lost click."""
    before = page.evaluate("window.__fp.finished")
    started_before = page.evaluate("window.__fp.started")
    began = time.perf_counter()
    action()
    again = False
    if again_after_s is not None:
        deadline = time.monotonic() + again_after_s
        while page.evaluate("window.__fp.started") == started_before and time.monotonic() < deadline:
            time.sleep(0.05)
        if page.evaluate("window.__fp.started") == started_before:
            if retry is not None and retry() is False:
                # the change is on screen but no run was seen: one so short that the page never
                # showed it running (both state changes drawn in one frame); timed to the last draw
                fp = page.evaluate("window.__fp")
                clicked = fp["action"]
                end = max(fp["drawnAt"] or clicked, clicked)
                return {"s": (end - clicked) / 1000, "done_frame": (end - clicked) / 1000, "script": 0.0,
                        "outside": time.perf_counter() - began, "runs": 0, "unseen": True}
            again = True
            if retry is None:
                action()
    clicked = page.evaluate("window.__fp.action")
    done = wait_done(page, before, title, text)
    outside = time.perf_counter() - began
    started = page.evaluate("window.__fp.started")
    deadline = time.monotonic() + SETTLE_CAP_S
    while True:
        time.sleep(QUIET_S / 4)
        fp = page.evaluate("({...window.__fp, now: performance.now()})")
        if time.monotonic() > deadline:
            raise StepFailed(f"the main area kept changing (or the app kept rerunning) for {SETTLE_CAP_S} s "
                             "after the page was done")
        if fp["state"] != "notRunning" or fp["started"] != started:
            # another run: the step lasts until it is done too (its end is fp.idleAt, read below)
            wait_done(page, fp["finished"] if fp["state"] != "notRunning" else fp["finished"] - 1, title, text)
            started = page.evaluate("window.__fp.started")
            continue
        end = max(done, fp["idleAt"], fp["drawnAt"] or 0)
        if fp["now"] - end >= QUIET_S * 1000:
            break
    return {"s": (end - clicked) / 1000, "done_frame": (done - clicked) / 1000,
            "script": (fp["idleAt"] - clicked) / 1000, "outside": outside, "runs": fp["finished"] - before,
            **({"again": True} if again else {})}


def progress(what: str) -> None:
    """What the bench is about to do, on stderr: a run stopped from outside shows where it was."""
    print(f"    … {what}", file=sys.stderr, flush=True)


def whole_page_shot(page, path: Path) -> None:
    """The whole main area in one picture: Streamlit scrolls inside it, so the viewport is made as
    tall as its content for the shot, then back to the bench's size."""
    height = VIEWPORT["height"]
    for _ in range(4):
        wanted = min(page.evaluate(MAIN_HEIGHT), TALLEST_SHOT)
        if wanted <= height:
            break
        height = wanted
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.wait_for_timeout(1500)       # charts and tables lay themselves out again
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)
    page.wait_for_timeout(1000)


def session(browser, url: str, files: list[Path], pages: list[dict], think_s: float,
            shots: Path | None) -> dict:
    """One visitor's path (see the module's docstring); the figures of every step."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(INSTRUMENT)
    page = context.new_page()
    out: dict = {"pages": {}}
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=WAIT_MS)
        page.wait_for_timeout(int(think_s * 1000))
        uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        loaded = i18n.t("data.loaded").split("{")[0]
        out["load"] = step(page, lambda: uploader.set_input_files([str(p) for p in files]), text=loaded)
        print(f"  load: {out['load']['s']:.2f} s", file=sys.stderr, flush=True)
        message = page.get_by_text(re.compile(re.escape(loaded))).first.inner_text()
        out["loaded_message"] = message
        sidebar = page.locator('[data-testid="stSidebar"]')
        channel = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text=i18n.t("filter.channel"))
        for info in pages:
            link = sidebar.locator(f'[data-testid="stSidebarNavLink"][href$="/{info["url"]}"]')
            if info["nav"] not in link.inner_text():
                raise StepFailed(f"nav link /{info['url']} reads {link.inner_text()!r}, not {info['nav']!r}")
            progress(f"{info['nav']}: first render")
            row = {"first": step(page, link.click, title=info["title"], again_after_s=NAV_AGAIN_S)}
            channel.click()                                       # opens the list: not timed
            # the list starts with Streamlit's own "Select all" entry: the first channel follows it
            option = page.get_by_role("option").filter(has_not_text=re.compile(r"^Select all$")).first
            row["channel"] = option.inner_text()

            def pick():
                option.click()
                page.keyboard.press("Escape")                   # close the list, as a user would

            def pick_again() -> bool:
                if channel.get_by_text(row["channel"], exact=True).count():
                    return False                              # chosen: its run went by unseen
                channel.click()
                page.get_by_role("option").filter(has_text=re.compile(f"^{re.escape(row['channel'])}$")).first.click()
                page.keyboard.press("Escape")
                return True
            progress(f"{info['nav']}: filter change")
            row["change"] = step(page, pick, title=info["title"], again_after_s=NAV_AGAIN_S, retry=pick_again)
            if not channel.get_by_text(row["channel"], exact=True).count():
                raise StepFailed(f"{info['nav']}: the channel {row['channel']!r} was not chosen")

            def clear():
                channel.get_by_role("button", name="Clear all").click()
                page.keyboard.press("Escape")

            def clear_again() -> bool:
                if not channel.get_by_text(row["channel"], exact=True).count():
                    return False                              # cleared: its run went by unseen
                clear()
                return True
            progress(f"{info['nav']}: filter cleared")
            row["cleared"] = step(page, clear, title=info["title"], again_after_s=NAV_AGAIN_S, retry=clear_again)
            if shots is not None:
                progress(f"{info['nav']}: screenshot")
                whole_page_shot(page, shots / f"{info['url']}.png")
            out["pages"][info["nav"]] = row
            # progress on stderr: a run stopped from outside shows how far it got
            print(f"  {info['nav']}: {row['first']['s']:.2f} / {row['change']['s']:.2f} / {row['cleared']['s']:.2f} s",
                  file=sys.stderr, flush=True)
    finally:
        context.close()
    return out


# --- report --------------------------------------------------------------------------------------

def spread(values: list[float]) -> str:
    """"median (min–max)" seconds; one value alone when there is one."""
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def report(args, manifest: dict, sessions: list[dict], small: list[dict], floors: dict, pages: list[dict],
           loads: list[tuple], machine: str) -> str:
    """The section of bench/RESULTS.md: what was run and how, the floors, the load, the pages' table."""
    read, duck = statistics.median(floors["read"]), statistics.median(floors["duckdb"])
    load_s = [s["load"]["s"] for s in sessions]
    kinds = ("first", "change", "cleared")
    runs = lambda name, kind: sorted({s["pages"][name][kind]["runs"] for s in sessions})  # noqa: E731
    server = ("one server for every repeat (repeats after the first upload bytes the server already holds)"
              if args.same_server else "a fresh server per repeat (every upload is a server's first)")
    files = manifest["files"]
    lines = [
        f"{machine}; load average (1, 5, 15 min) {loads[0][0]:.1f} / {loads[0][1]:.1f} / {loads[0][2]:.1f} at the "
        f"start, {loads[1][0]:.1f} / {loads[1][1]:.1f} / {loads[1][2]:.1f} at the end (other sessions share the "
        "2 cores: a noisy run).",
        f"`python bench/bench_browser.py --rows {args.rows} --repeats {args.repeats}`: files from `bench/gen_big.py` "
        f"({manifest['tickets']:,} tickets, seed {manifest.get('seed')}, the sample's quality problems included): "
        f"{PAIR[0]} {files[PAIR[0]]['bytes'] / 1e6:.0f} MB, {files[PAIR[0]]['rows']:,} rows, "
        f"{PAIR[1]} {files[PAIR[1]]['bytes'] / 1e6:.0f} MB, {files[PAIR[1]]['rows']:,} rows; "
        f"the app said \"{sessions[0]['loaded_message']}\".",
        f"`streamlit run app.py` (headless, no file watcher, an empty data folder), {server}; each repeat a "
        f"fresh Chromium context (a fresh session) in /usr/bin/chromium {VIEWPORT['width']}×{VIEWPORT['height']}, "
        f"driven by Playwright; {args.think:g} s between opening the app and choosing the files.",
        "Every figure is measured in the browser, from the user's event (the file input's change, the click on the "
        "nav link, on the channel option, on \"Clear all\") to the moment the page is drawn: no script running, the "
        "page's title there, nothing left over from the run before, no spinner, every visible chart and table drawn, "
        f"and then nothing in the main area changing for {QUIET_S:g} s (the figure ends at the last change; a run "
        "the page starts itself counts in the step). Pages are opened in the sidebar's order, so the first one "
        "after the load also pays what later pages reuse from the session (the filtered dataset, the joined "
        "responses).",
        f"Floors, in the bench's process, once per repeat (median of {len(floors['read'])}): pyarrow.csv.read_csv "
        f"of both files {spread(floors['read'])}; DuckDB read_csv of the ticket file + count per month × channel "
        f"{spread(floors['duckdb'])}."]
    if small:
        lines.append(f"The app's own floor: the same steps on {args.small:,}-ticket files from `bench/gen_big.py` "
                     "in another fresh session on the same server after each repeat (\"at "
                     f"{args.small:,}\" columns, medians): what Streamlit and the browser cost on a page whatever "
                     "the data's size.")
    lines += [
        "",
        f"Upload to the Data page drawn with \"Loaded N tickets\" (both files through the uploader: the browser's "
        f"upload, read + map + clean + join, the Data page's runs and drawing): {spread(load_s)}, "
        f"{statistics.median(load_s) / read:.1f}× the pyarrow read, {statistics.median(load_s) / duck:.1f}× DuckDB; "
        f"the last script run ended at {statistics.median(s['load']['script'] for s in sessions):.2f} s (median); "
        f"script runs seen: {', '.join(str(s['load']['runs']) for s in sessions)} (the Data page reruns itself after "
        "a load to show the dataset in the sidebar; the browser may see the two runs as one)"
        + (f"; at {args.small:,} tickets {statistics.median(s['load']['s'] for s in small):.2f} s." if small else "."),
        "",
        f"Seconds, median (min–max) over {args.repeats} repeats; ÷: the median first render over each floor's "
        "median; \"script\": the median time from the same event to the end of the step's last script run (the "
        "server's work and its messages; the rest of the figure is the browser drawing). Goals judged on the "
        "slowest repeat: first render < 1 s, filter change and clearing < 0.3 s.",
        ""]
    at = f"at {args.small:,}"
    head = ["page", "first render after load", "script", *([at] if small else []), "÷ pyarrow read", "÷ DuckDB",
            "filter change (one channel)", "script", *([at] if small else []),
            "filter cleared", "script", *([at] if small else []), "goals: first < 1 s · change < 0.3 s"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for info in pages:
        name = info["nav"]
        got = {kind: [s["pages"][name][kind]["s"] for s in sessions] for kind in kinds}
        script = {kind: statistics.median(s["pages"][name][kind]["script"] for s in sessions) for kind in kinds}
        tiny = {kind: statistics.median(s["pages"][name][kind]["s"] for s in small) for kind in kinds} if small else {}
        first_ok = "met" if max(got["first"]) < GOAL_FIRST_S else "NOT met"
        change_ok = "met" if max(got["change"] + got["cleared"]) < GOAL_CHANGE_S else "NOT met"
        extra = [f"{kind} {'/'.join(map(str, runs(name, kind)))} runs" for kind in kinds if runs(name, kind) != [1]]
        for kind in kinds:
            twice = sum(bool(s["pages"][name][kind].get("again")) for s in sessions + small)
            if twice:
                extra.append(f"{kind}: clicked again after {NAV_AGAIN_S} s in {twice} session(s), timed from then")
            unseen = sum(bool(s["pages"][name][kind].get("unseen")) for s in sessions + small)
            if unseen:
                extra.append(f"{kind}: its run too short for the page to show it in {unseen} session(s), "
                             "timed to the last change drawn")
        first = statistics.median(got["first"])
        cells = [name + (f" ({'; '.join(extra)})" if extra else "")]
        for kind in kinds:
            cells += [spread(got[kind]), f"{script[kind]:.2f} s", *([f"{tiny[kind]:.2f} s"] if small else [])]
            if kind == "first":
                cells += [f"{first / read:.1f}×", f"{first / duck:.1f}×"]
        cells.append(f"{first_ok} · {change_ok}")
        lines.append("| " + " | ".join(cells) + " |")
    channels = sorted({row["channel"] for s in sessions for row in s["pages"].values()})
    lines += ["", f"Filter: Channel = {', '.join(channels)} (the first option, the most frequent channel). "
              "A step that took other than one script run says so beside the page's name."]
    return "\n".join(lines)


def main() -> None:
    global WAIT_MS
    parser = common.arguments(rows=1_000_000, repeats=3)
    parser.add_argument("--data", type=Path, default=Path("/tmp/fupan_bench"),
                        help="folder of bench/gen_big.py's files (made there when missing or of another size)")
    parser.add_argument("--same-server", action="store_true",
                        help="one server for every repeat (repeats after the first hit its cache of the upload)")
    parser.add_argument("--think", type=float, default=5.0,
                        help="seconds between opening the app and choosing the files")
    parser.add_argument("--small", type=int, default=2000,
                        help="tickets of the app's own floor: the same steps on files this small (0: none)")
    parser.add_argument("--shots", type=Path, default=DEFAULT_SHOTS,
                        help="folder for the last repeat's screenshots and results.json")
    parser.add_argument("--step-timeout", type=float, default=WAIT_MS / 1000,
                        help="seconds one step may take before the bench fails naming it")
    args = parser.parse_args()
    WAIT_MS = int(args.step_timeout * 1000)
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium (never `playwright install`)")
    from playwright.sync_api import sync_playwright

    loads = [os.getloadavg()]
    machine = common.machine()
    manifest = ensure_data(args.data, args.rows)
    files = [args.data / name for name in PAIR]
    small_dir = args.data / f"small_{args.small}"
    if args.small:
        ensure_data(small_dir, args.small)
    pages = page_names()
    args.shots.mkdir(parents=True, exist_ok=True)
    env = server_env()
    floors: dict[str, list[float]] = {"read": [], "duckdb": []}
    sessions: list[dict] = []
    small: list[dict] = []
    server = None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for repeat in range(args.repeats):
                if server is None or not args.same_server:
                    if server is not None:
                        server.stop()
                        server = None
                    floors["read"].append(floor_read(files))
                    floors["duckdb"].append(floor_duckdb(files[0]))
                    server = start_server(env, args.shots)
                last = repeat == args.repeats - 1
                sessions.append(session(browser, server.url, files, pages, args.think, args.shots if last else None))
                sessions[-1]["loadavg"] = os.getloadavg()
                print(f"repeat {repeat + 1}: load {sessions[-1]['load']['s']:.2f} s; " + ", ".join(
                    f"{n} {r['first']['s']:.2f}/{r['change']['s']:.2f}/{r['cleared']['s']:.2f}"
                    for n, r in sessions[-1]["pages"].items()), flush=True)
                if args.small:
                    small.append(session(browser, server.url, [small_dir / name for name in PAIR], pages,
                                         args.think, None))
        finally:
            if server is not None:
                server.stop()
            browser.close()
    while len(floors["read"]) < 3:              # a floor is a median of 3 at least
        floors["read"].append(floor_read(files))
        floors["duckdb"].append(floor_duckdb(files[0]))
    loads.append(os.getloadavg())
    body = report(args, manifest, sessions, small, floors, pages, loads, machine)
    (args.shots / "results.json").write_text(json.dumps(
        {"rows": args.rows, "floors": floors, "sessions": sessions, "small_rows": args.small, "small": small,
         "loadavg": loads}, indent=1, ensure_ascii=False))
    print(body)
    print(f"screenshots of the last repeat and results.json: {args.shots}")
    if args.append:
        common.write_section(HEADING, body)


if __name__ == "__main__":
    main()
