"""The app as a user runs it: `streamlit run app.py` on a free localhost port, with a data folder
of its own, for the browser tests and the benches that drive it (bench_browser, bench_load)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP_S = 120          # a cold start on a shared 2-core machine
STOP_S = 20


class AppServerError(RuntimeError):
    """The server did not come up; the message ends with its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class AppServer:
    """`streamlit run app.py` from `cwd` on a free 127.0.0.1 port, its output in `log`, up and
    healthy when the constructor returns (AppServerError otherwise), stopped by stop() or at the
    end of a with block. `env` is the whole environment (FUPAN_DATA_DIR included); `options` are
    further `--section.key value` arguments; `port` a port chosen beforehand (e.g. one a login
    redirect names), else a free one."""

    def __init__(self, env: dict[str, str], log: Path, cwd: Path = ROOT, options: tuple[str, ...] = (),
                 startup_s: float = STARTUP_S, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                 "--server.port", str(self.port), "--server.address", "127.0.0.1",
                 "--browser.gatherUsageStats", "false", *options],
                cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + startup_s
        while not healthy(self.url):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AppServerError(f"streamlit did not come up on {self.url}:\n"
                                     f"{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=STOP_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> AppServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
