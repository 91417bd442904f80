"""Memory on a shared server: what a dataset holds, what a load will take, the server's budget,
and the byte-bounded store through which sessions that upload the same bytes share one copy.

No streamlit here: the app (ui.state, ui.sessions) keeps one process-wide store and one budget
and asks them before every load; the functions are tested on their own.

Every size is in bytes. "Held" is the server process's resident memory (RSS, from /proc), which
counts everything that is really in use: the datasets of every session, their derived frames,
the uploads Streamlit keeps and the libraries; the budget is a ceiling on it.
"""
from __future__ import annotations

import ctypes
import functools
import gc
import io
import math
import os
import re
import sys
import threading
import time
import weakref
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

KB, MB, GB = 1 << 10, 1 << 20, 1 << 30
BUDGET_ENV = "FUPAN_MEMORY_BUDGET"
# The default budget is this share of the machine's memory (or of the container's limit): the
# rest is left to the operating system, the browser sessions' other work and whatever else
# runs on the machine.
DEFAULT_SHARE = 0.6
# Never plan to use the machine's last memory: a load is refused when it would leave less than
# this share of the total available to the system (other processes may grow meanwhile).
SYSTEM_RESERVE_SHARE = 0.05

# --- what a load takes, per byte of input --------------------------------------------------------
# Measured by bench/bench_load.py --part estimate on the 1M-ticket bench files (bench/RESULTS.md,
# "Memory under load"). A load's peak is the extra resident memory while it runs, over the
# uploaded bytes themselves (which Streamlit already holds): BASE_PEAK (what parsing anything
# costs: the reader's buffers, the mapping's samples) plus a factor per byte of input; "kept" is
# what the loaded dataset holds after. Each factor is the largest measured for its kind with a
# margin of a quarter on top: an estimate that is too low is what lets a server be killed.
# kind: (peak per counted byte, kept per counted byte)
FACTORS: dict[str, tuple[float, float]] = {
    "utf8": (2.2, 1.8),       # CSV/TSV in UTF-8 or ASCII (measured 1.7 and 1.47 at 1M tickets + survey)
    "8bit": (2.7, 2.3),       # GB18030, Windows-1252 and other 8-bit encodings, transcoded first (2.1, 1.86)
    "utf16": (2.2, 2.2),      # counted on half the bytes, two a character (1.7, 1.5)
    "xlsx": (1.4, 1.1),       # counted on the sheets' uncompressed XML: cells become Python objects (1.1, 0.85)
    "xls": (4.0, 3.0),        # old binary workbooks, on the file's bytes (BIFF cells are ~3x denser than
                              # XML); not measured: no writer of .xls files here
    "parquet": (3.3, 2.1),    # counted as the CSV it would be: rows x columns x PARQUET_CELL (2.6, 1.67)
}
BASE_PEAK = 90 * MB           # parsing anything allocates some (measured ~70 MB)
PARQUET_CELL = 10             # bytes of CSV text a Parquet cell stands for (the bench export: 10.5)


# --- sizes of what is held -----------------------------------------------------------------------
def frame_bytes(frame: pd.DataFrame | None) -> int:
    """Bytes a frame's columns hold. Arrow-backed text reports its buffers as it is; a column of
    Python objects is measured on a sample of its values (measuring each of a million objects
    takes a tenth of a second, and this runs on every memoised result)."""
    if frame is None:
        return 0
    total = int(frame.memory_usage(index=True, deep=False).sum())
    for position in np.flatnonzero((frame.dtypes == object).to_numpy()):
        total += _objects_bytes(frame.iloc[:, position])
    return total


def _objects_bytes(column: pd.Series, sample: int = 1000) -> int:
    """The Python objects of an object column (beyond their pointers), from an evenly spaced
    sample of its values."""
    n = len(column)
    if n == 0:
        return 0
    picks = column.iloc[np.linspace(0, n - 1, min(n, sample)).astype(np.int64)]
    return int(sum(sys.getsizeof(v) for v in picks) / len(picks) * n)


def dataset_bytes(ds: Any) -> int:
    """Bytes a Dataset holds: its two frames and the row numbers its quality report lists."""
    total = frame_bytes(ds.tickets) + frame_bytes(getattr(ds, "survey", None))
    for issue in getattr(ds, "quality", []) or []:
        rows = getattr(issue, "rows", None)
        if isinstance(rows, np.ndarray):
            total += rows.nbytes
    return total


def value_bytes(value: Any, depth: int = 2) -> int:
    """Bytes the frames and arrays in `value` hold: a frame, a series, an array, a Dataset, or a
    tuple, list, dict or object (its attributes) holding them, `depth` levels down. Anything
    else counts 0: the large things a cached result holds are frames and arrays."""
    if isinstance(value, pd.DataFrame):
        return frame_bytes(value)
    if isinstance(value, pd.Series):
        return int(value.memory_usage(deep=False)) + (_objects_bytes(value) if value.dtype == object else 0)
    if isinstance(value, pd.Index):
        return int(value.memory_usage(deep=False))
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if hasattr(value, "tickets") and isinstance(getattr(value, "tickets"), pd.DataFrame):
        return dataset_bytes(value)
    if depth <= 0 or isinstance(value, (str, bytes, int, float, bool)) or value is None:
        return 0
    if isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, (tuple, list)):
        items = list(value)
    else:
        items = list(getattr(value, "__dict__", {}).values())
    return sum(value_bytes(v, depth - 1) for v in items[:64])


# --- the machine and the process -----------------------------------------------------------------
@dataclass(frozen=True)
class Machine:
    """The memory this process may use: `total` (the machine's, or the container's limit when
    lower) and `available` (what the system could hand out now without swapping)."""
    total: int
    available: int


def _meminfo() -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                name, _, rest = line.partition(":")
                parts = rest.split()
                if parts:
                    out[name] = int(parts[0]) * KB
    except OSError:
        pass
    return out


def _cgroup_limit() -> tuple[int, int] | None:
    """(limit, in use) of the container's memory cgroup, None when there is no finite limit."""
    for limit_path, usage_path in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        try:
            with open(limit_path) as f:
                raw = f.read().strip()
            if raw == "max":
                return None
            limit = int(raw)
            with open(usage_path) as f:
                used = int(f.read().strip())
            return limit, used
        except (OSError, ValueError):
            continue
    return None


def machine() -> Machine:
    """The machine's memory now; on a system without /proc, a large figure (nothing is refused
    for want of knowing)."""
    info = _meminfo()
    total = info.get("MemTotal", 0)
    available = info.get("MemAvailable", info.get("MemFree", 0))
    cgroup = _cgroup_limit()
    if cgroup is not None and (total == 0 or cgroup[0] < total):
        total = cgroup[0]
        available = min(available or total, max(0, cgroup[0] - cgroup[1]))
    if total == 0:
        return Machine(1 << 50, 1 << 50)
    return Machine(total, available)


def process_rss() -> int:
    """This process's resident memory now (0 where /proc is missing: only the estimates count)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]i?b?|b|%)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": KB, "m": MB, "g": GB, "t": 1 << 40}


def parse_size(text: str, total: int) -> int:
    """A size as an operator writes it: "8GB", "8g", "8000MB", "60%" (of `total`), or bytes.
    Units are binary (1 GB = 2^30 bytes). Raises ValueError for anything else."""
    found = _SIZE.match(text or "")
    if not found:
        raise ValueError(f"not a memory size: {text!r} (write e.g. 8GB, 6000MB or 60%)")
    number, unit = float(found.group(1)), (found.group(2) or "").lower()
    if unit == "%":
        if not 0 < number <= 100:
            raise ValueError(f"a share of the memory must be between 0 and 100 %: {text!r}")
        return int(total * number / 100)
    return int(number * _UNITS[unit[:1]])


def budget_bytes(env: Mapping[str, str] | None = None, total: int | None = None) -> int:
    """The server-wide memory budget: $FUPAN_MEMORY_BUDGET (e.g. "8GB" or "50%") when set and
    valid, else DEFAULT_SHARE of the machine's (or container's) memory."""
    env = os.environ if env is None else env
    total = machine().total if total is None else total
    raw = env.get(BUDGET_ENV, "").strip()
    if raw:
        try:
            return parse_size(raw, total)
        except ValueError:
            pass        # a typo in the setting must not stop the server: the default applies
    return int(total * DEFAULT_SHARE)


def format_size(n: float) -> str:
    """Bytes for people: "95 KB", "740 MB", "1.2 GB" (binary units, as the budget's setting)."""
    if n >= GB:
        return f"{n / GB:.1f} GB"
    if n >= MB or n <= 0:
        return f"{max(n, 0) / MB:.0f} MB"
    return f"{n / KB:.0f} KB"


@functools.cache
def _libc() -> Any:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def return_free_memory() -> None:
    """Hand memory that Python, numpy and Arrow have freed back to the system, so that the
    server's resident memory falls when sessions end (glibc and Arrow's allocators keep freed
    pages for reuse otherwise, and the process would look as big as at its peak)."""
    gc.collect()
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
    try:
        import pyarrow as pa
        pa.default_memory_pool().release_unused()
        pa.jemalloc_memory_pool().release_unused()
    except (ImportError, NotImplementedError, AttributeError):
        pass


# --- what a load will take -----------------------------------------------------------------------
@dataclass(frozen=True)
class LoadEstimate:
    """What loading some files will take: `input_bytes` their size, `peak_bytes` the extra memory
    at the load's peak (over the files' bytes, which are already in memory), `kept_bytes` what
    the dataset holds once loaded."""
    input_bytes: int
    peak_bytes: int
    kept_bytes: int


def file_kind(data: bytes) -> tuple[str, int]:
    """(kind, effective size) of one file for FACTORS: the format and, for text, the encoding
    family from the first bytes; the size on which that kind's factors count (a workbook's
    uncompressed sheets, a Parquet file's uncompressed row groups, half a UTF-16 file)."""
    if data.startswith(b"PAR1"):
        try:
            import pyarrow.parquet as pq
            meta = pq.read_metadata(io.BytesIO(data))
            # dictionary-encoded columns are far smaller in the file than in memory: count cells
            size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
            return "parquet", max(size, meta.num_rows * meta.num_columns * PARQUET_CELL, len(data))
        except Exception:       # damaged: ingest says so; count the bytes as they are
            return "parquet", len(data)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                size = sum(i.file_size for i in book.infolist() if i.filename.startswith("xl/"))
            return "xlsx", max(size, len(data))
        except (zipfile.BadZipFile, ValueError, OSError):
            return "xlsx", len(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls", len(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16", len(data) // 2
    head = data[:1 << 16]
    try:
        head.decode("utf-8")
        return "utf8", len(data)
    except UnicodeDecodeError as exc:
        # a character cut at the end of the sample is still UTF-8
        return ("utf8" if exc.start >= len(head) - 3 else "8bit"), len(data)


def estimate_load(files: list[tuple[str, bytes]]) -> LoadEstimate:
    """What loading `files` together will take (FACTORS, measured at 1M tickets). The files are
    read one after another, each freeing its raw cells before the next: the peak is BASE_PEAK
    plus the largest of each file's own peak on top of what the files before it keep (stacking
    and the survey's join stayed under it in the measurements)."""
    if not files:
        return LoadEstimate(0, 0, 0)
    peaks, kept = [], []
    for _, data in files:
        kind, size = file_kind(data)
        peak_factor, kept_factor = FACTORS[kind]
        peaks.append(peak_factor * size)
        kept.append(kept_factor * size)
    peak = BASE_PEAK + max(p + sum(kept[:i]) for i, p in enumerate(peaks))
    return LoadEstimate(sum(len(d) for _, d in files), int(peak), int(sum(kept)))


# --- the budget ----------------------------------------------------------------------------------
class OverBudget(Exception):
    """A load would take the server past its memory budget. `needed` is the load's estimated
    peak, `room` what the budget (or the machine) has left, `limit` the budget, all in bytes."""

    def __init__(self, needed: int, room: int, limit: int, input_bytes: int):
        super().__init__(f"loading {format_size(input_bytes)} of files needs about {format_size(needed)} "
                         f"of memory; {format_size(room)} is left of the server's {format_size(limit)} budget")
        self.needed, self.room, self.limit, self.input_bytes = needed, max(room, 0), limit, input_bytes


class MemoryBudget:
    """The server-wide ceiling on memory, asked before every load.

    A load reserves its estimated peak while it runs: two sessions loading at once each see the
    other's reservation, so together they cannot pass the budget either. `held` and `machine`
    are read at each check (they are functions so that tests can set them)."""

    def __init__(self, limit: Callable[[], int] = budget_bytes, held: Callable[[], int] = process_rss,
                 machine: Callable[[], Machine] = machine, free: Callable[[], None] = return_free_memory):
        self._limit, self._held, self._machine, self._free = limit, held, machine, free
        self._lock = threading.Lock()
        self._reserved = 0

    @property
    def reserved(self) -> int:
        return self._reserved

    def room(self) -> tuple[int, int]:
        """(bytes a load may take now, the budget): the budget less what is held and reserved,
        and never more than the machine can give while keeping its reserve."""
        limit = self._limit()
        box = self._machine()
        by_budget = limit - self._held() - self._reserved
        by_machine = box.available - int(box.total * SYSTEM_RESERVE_SHARE) - self._reserved
        return min(by_budget, by_machine), limit

    @contextmanager
    def reserve(self, estimate: LoadEstimate) -> Iterator[None]:
        """Hold `estimate.peak_bytes` of the budget while the block runs; raise OverBudget (and
        run nothing) when there is not that much room, after handing freed memory back once."""
        with self._lock:
            room, limit = self.room()
            if estimate.peak_bytes > room:
                self._free()         # freed pages that were not yet given back count as held
                room, limit = self.room()
            if estimate.peak_bytes > room:
                raise OverBudget(estimate.peak_bytes, room, limit, estimate.input_bytes)
            self._reserved += estimate.peak_bytes
        try:
            yield
        finally:
            with self._lock:
                self._reserved -= estimate.peak_bytes


# --- one shared, read-only copy per content ------------------------------------------------------
class ByteLRU:
    """Least-recently-used cache bounded in bytes and in time: at most `max_bytes` of values (as
    the sizes given to put() say) and each dropped `ttl` seconds after it was last used.
    Thread-safe. There is no way to list the keys: a value is found only by its key."""

    def __init__(self, max_bytes: int, ttl: float, clock: Callable[[], float] = time.monotonic):
        self.max_bytes, self.ttl, self._clock = max_bytes, ttl, clock
        self._lock = threading.RLock()
        self._entries: OrderedDict[object, tuple[Any, int, float]] = OrderedDict()  # key -> (value, size, expiry)
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def total_bytes(self) -> int:
        return self._bytes

    def get(self, key: object) -> Any | None:
        """The value under `key` (None when absent or expired); a hit counts as a use."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            value, size, expiry = entry
            now = self._clock()
            if now >= expiry:
                self._drop(key)
                return None
            self._entries[key] = (value, size, now + self.ttl)
            self._entries.move_to_end(key)
            return value

    def put(self, key: object, value: Any, size: int) -> bool:
        """Keep `value` (of `size` bytes), dropping the least recently used entries until it
        fits. A value larger than the whole cache is not kept (False)."""
        with self._lock:
            if key in self._entries:
                self._drop(key)
            if size > self.max_bytes:
                return False
            self.expire()
            while self._entries and self._bytes + size > self.max_bytes:
                self._drop(next(iter(self._entries)))
            self._entries[key] = (value, size, self._clock() + self.ttl)
            self._bytes += size
            return True

    def pop(self, key: object) -> None:
        with self._lock:
            if key in self._entries:
                self._drop(key)

    def expire(self) -> int:
        """Drop every expired entry now; the number dropped."""
        with self._lock:
            now = self._clock()
            gone = [k for k, (_, _, expiry) in self._entries.items() if now >= expiry]
            for key in gone:
                self._drop(key)
            return len(gone)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: object) -> None:
        _, size, _ = self._entries.pop(key)
        self._bytes -= size


class SharedStore:
    """Process-wide store of loaded datasets by content key, so that sessions that load the same
    bytes (with the same mapping and options) get the very same object, treated as read-only.

    Two holds on an entry:
    - a weak one for as long as any session still holds the object (Python's own reference
      count: the store never keeps a dataset alive by itself through it);
    - a strong one in a ByteLRU (bounded in bytes, expiring `ttl` seconds after its last use),
      so that a file loaded again soon, or by the next visitor, is not read again.
    When the last session lets go and the strong hold has expired, the memory returns.
    Keys are hashes of the uploaded bytes: an entry can be found only by a session that has
    those bytes itself, and there is no way to list the entries."""

    def __init__(self, max_bytes: int, ttl: float, clock: Callable[[], float] = time.monotonic):
        self.recent = ByteLRU(max_bytes, ttl, clock)
        self._lock = threading.Lock()
        self._live: dict[str, tuple[weakref.ref, Any, int]] = {}      # key -> (ref to object, extra, size)
        self._making: dict[str, list] = {}          # key -> [lock, waiters] while a load of it runs

    def get(self, key: str) -> tuple[Any, Any] | None:
        """(object, extra) stored under `key` while anything still holds the object, else None."""
        with self._lock:
            entry = self._live.get(key)
            obj = entry[0]() if entry is not None else None
            if entry is not None and obj is None:
                del self._live[key]
        if obj is None:
            return None
        self.recent.get(key)            # a use: the strong hold's time starts again
        return obj, entry[1]

    def put(self, key: str, obj: Any, size: int, extra: Any = None) -> None:
        """Share `obj` (of `size` bytes) under `key`; `extra` (small, e.g. the files' errors)
        comes back with it."""
        with self._lock:
            self._live[key] = (weakref.ref(obj), extra, size)
        self.recent.put(key, obj, size)

    def get_or_create(self, key: str, create: Callable[[], tuple[Any, Any]],
                      size: Callable[[Any], int]) -> tuple[Any, Any]:
        """(object, extra) under `key`, made by `create()` when there is none yet and kept when
        the object is not None (`size(object)` its bytes). Two sessions asking for the same key at
        once make it once: the second waits for the first and gets its object. An exception of
        `create` (a refused load) leaves nothing behind."""
        hit = self.get(key)
        if hit is not None:
            return hit
        with self._lock:
            gate = self._making.setdefault(key, [threading.Lock(), 0])
            gate[1] += 1
        try:
            with gate[0]:
                hit = self.get(key)
                if hit is not None:
                    return hit
                obj, extra = create()
                if obj is not None:
                    self.put(key, obj, size(obj), extra)
                return obj, extra
        finally:
            with self._lock:
                gate[1] -= 1
                if gate[1] == 0:
                    self._making.pop(key, None)

    def live_bytes(self) -> int:
        """Bytes of the stored objects something still holds (each counted once, however many
        sessions share it)."""
        with self._lock:
            for key in [k for k, (ref, _, _) in self._live.items() if ref() is None]:
                del self._live[key]
            return sum(size for _, _, size in self._live.values())

    def live_count(self) -> int:
        self.live_bytes()
        return len(self._live)

    def expire(self) -> int:
        """Drop the strong holds that have expired (their objects stay while sessions hold them)."""
        return self.recent.expire()

    def clear(self) -> None:
        with self._lock:
            self._live.clear()
        self.recent.clear()


def cache_share_of_budget(budget: int, share: float = 0.25) -> int:
    """How much of the budget the strong holds of the shared store may take (the rest is for
    what sessions hold and for the loads themselves)."""
    return int(budget * share) if budget > 0 and math.isfinite(budget) else 0
