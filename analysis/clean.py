"""Cleaning: raw tables + mappings → the canonical frames of :mod:`analysis.dataset`, with every
problem row recorded in the quality report. Nothing is dropped silently: a bad value becomes NA in
the metric it cannot support and is reported with its row number."""
from __future__ import annotations

import functools
import operator
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import keys, parse, repeats, schema
from .dataset import Dataset
from .ingest import RawTable
from .mapping import LEAST_URGENT_FIRST, PRIORITY_CODES, SURVEY, TICKETS, Mapping
from .quality import KINDS, QualityIssue, issue

FUTURE_SLACK = pd.Timedelta(days=1)  # clocks and time zones: a day ahead is not yet "future"
TIMESTAMPS = ("created_at", "first_response_at", "resolved_at", "closed_at", "updated_at")
DURATIONS = ("first_response_time", "resolution_time", "handle_time")
TEXTS = ("ticket_id", "customer_id", "description", "notes")
LABELS = ("customer_type", "channel", "request_type", "category", "priority", "agent", "status")
# Columns parsed at once (pyarrow's kernels release the GIL); more threads than cores would only
# hold more columns' intermediate arrays at the same time.
PARSE_THREADS = min(4, max(2, os.cpu_count() or 2))
MAX_SPLICED_DROPS = 256   # dropped rows a text column is spliced around; more pieces slow later passes
TICKET_COLUMNS = ["ticket_id", "customer_id", "customer_type", "channel", "request_type", "category",
                  "priority", "agent", "status", "channel_key", "priority_key", "customer_type_key",
                  "created_at", "first_response_at", "resolved_at", "closed_at", "updated_at", schema.FRT_MIN,
                  schema.RESOLUTION_H, schema.HANDLE_MIN, "first_contact_resolved", "answered", "reopened",
                  "transfers", "csat",
                  schema.CSAT_SATISFIED, "nps", "is_complaint", "is_open", "description", "notes",
                  schema.ROW, schema.SOURCE]
SURVEY_COLUMNS = ["ticket_id", "customer_id", "responded_at", "csat", schema.CSAT_SATISFIED, "nps", "reason",
                  "comment", schema.ROW, schema.SOURCE]


@dataclass
class Cleaned:
    """One file after cleaning."""
    role: str
    frame: pd.DataFrame
    issues: list[QualityIssue] = field(default_factory=list)
    csat_scale: tuple[int, int] | None = None
    nps_scale: tuple[int, int] | None = None
    drivers: list[str] = field(default_factory=list)
    notes: dict = field(default_factory=dict)    # what was assumed: formats, units, scale
    id_repeats: np.ndarray | None = None         # rows whose ticket id another row of the file has
    repeats_of: np.ndarray | None = None         # per row, whether it copies an earlier row of the file exactly
    row_hashes: np.ndarray | None = None         # per row, a hash of its raw cells (files sharing a layout)
    signature: str = ""                          # the file's header layout (ingest.header_signature)
    satisfied: list[int] | None = None           # top-box codes read off the scale's labels
    extras: list[str] = field(default_factory=list)   # unmapped label columns kept under their own header


def _text(raw: pd.Series | None, n: int) -> pd.Series:
    """A text column trimmed, empty cells NA. Arrow text whose cells neither begin nor end with
    white space, and none empty, is that already: it is kept as it is (trimming a million
    descriptions copied all their bytes, 30 ms)."""
    if raw is None:
        return pd.Series(pd.NA, index=range(n), dtype="str")
    text = raw.astype("str")
    if isinstance(text.array, pd.arrays.ArrowStringArray):
        edges = [parse._edges(chunk) for chunk in text.array.__arrow_array__().chunks]
        if all(not odd and shortest > 0 for odd, shortest in edges):
            return text
    text = text.str.strip()
    return text.mask(text == "")


def _labels(raw: pd.Series | None, n: int) -> pd.Series:
    """A label column (channel, agent …) as a categorical of the file's own spellings: a few
    distinct values over a million rows filter, group and copy as small integer codes."""
    if raw is None:
        return pd.Series(pd.Categorical([None] * n, categories=pd.Index([], dtype="str")))
    codes, uniques = parse.factorize(raw)
    stripped = uniques.astype("str").str.strip()
    label_codes, labels = pd.factorize(stripped.mask(stripped == ""), use_na_sentinel=True)
    label_codes = np.append(label_codes, -1)   # NA cells (code -1) stay NA
    return pd.Series(pd.Categorical.from_codes(label_codes[codes], categories=labels.astype("str")))


def _shared(values: pd.Series) -> np.ndarray:
    """Which rows hold a value that another row holds too (blanks never count). Ids of at most 8
    bytes are compared as numbers (analysis.keys); others get a count per distinct value from
    Arrow's hash, twice as fast as pandas' duplicated(keep=False) on Arrow text."""
    packed = keys.pack(values)
    if packed is not None:
        return keys.shared(*packed)
    codes, _ = parse.factorize(values)
    counts = np.bincount(codes + 1)           # blanks (-1) are counted in slot 0, and ignored
    return (counts[codes + 1] > 1) & (codes >= 0)


def _repeated(text: str, n: int) -> pd.Series:
    """`text` n times as a text column, built as one Arrow buffer: eight times faster than
    pandas broadcasting a scalar string over a million rows."""
    data = text.encode()
    offsets = np.arange(n + 1, dtype=np.int64) * len(data)
    values = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data * n))
    return pa.chunked_array([values]).to_pandas()


def _column(values: np.ndarray) -> pd.Series:
    """A numpy result as a frame column without the copy that assigning the bare array makes."""
    return pd.Series(values, copy=False)


def _nan(n: int) -> pd.Series:
    return pd.Series(np.nan, index=range(n), dtype="float64")


# Below this many rows a file's columns are parsed one after the other in the calling thread: each
# job takes well under a millisecond, less than handing it to a thread (a 1,000-row `check` spent
# 10 ms more in the pool).
POOL_MIN_ROWS = 20_000


class _Inline:
    """A stand-in for a thread pool that runs each job at once, in the calling thread."""

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def submit(self, fn, *args, **kwargs) -> Future:
        done: Future = Future()
        try:
            done.set_result(fn(*args, **kwargs))
        except BaseException as exc:       # the job's error comes out of result(), as from a pool
            done.set_exception(exc)
        return done


def _pool(rows: int) -> ThreadPoolExecutor | _Inline:
    """The executor for parsing a file of `rows` rows (see POOL_MIN_ROWS)."""
    return ThreadPoolExecutor(max_workers=PARSE_THREADS) if rows >= POOL_MIN_ROWS else _Inline()


class _Builder:
    """Collects the issues of one file while its columns are parsed."""

    def __init__(self, raw: RawTable, mapping: Mapping, now: pd.Timestamp):
        self.raw, self.mapping, self.now = raw, mapping, now
        self.n = raw.n_rows
        self.rows = raw.source_rows if raw.source_rows is not None else np.arange(2, self.n + 2)
        self.issues: list[QualityIssue] = []
        self.notes: dict = {}
        self.reported: dict[str, pd.Series] = {}    # rows already reported per timestamp field
        self.blank = raw.blank_columns()            # before the columns are taken out of `raw`
        self.taken: dict[str, pd.Series] = {}
        self.finished: set[str] = set()
        self.sources = {**mapping.fields, **{f"{name}:time": h for name, h in mapping.time_parts.items()},
                        **{f"extra:{h}": h for h in mapping_extras(mapping)}}
        self.lock = threading.Lock()      # columns are taken and let go from several threads
        self.job = threading.local()      # the issues of the job a pool thread runs (collected)

    def column(self, canonical: str) -> pd.Series | None:
        """The raw column of a field (or of a timestamp's time-of-day part, "created_at:time"),
        taken out of the raw table the first time it is asked for and kept until `done` (a
        column mapped to two fields is taken once)."""
        header = self.sources.get(canonical)
        if header is None:
            return None
        with self.lock:
            if header not in self.taken:
                self.taken[header] = self.raw.take(header)
            return self.taken[header]

    def done(self, *canonicals: str) -> None:
        """Forget the raw columns of these fields, unless another field still needs them."""
        with self.lock:
            headers = {self.sources.get(c) for c in canonicals}
            others = {h for c, h in self.sources.items() if c not in canonicals and c not in self.finished}
            self.finished.update(canonicals)
            for header in headers - others:
                self.taken.pop(header, None)

    def parsed(self, parse, canonical: str, *args):
        """`parse(canonical, *args)`, then the raw column is let go (for jobs run in threads)."""
        result = parse(canonical, *args)
        self.done(canonical)
        return result

    def text(self, canonical: str) -> pd.Series:
        return _text(self.column(canonical), self.n)

    def ids(self, canonical: str) -> tuple[pd.Series, np.ndarray]:
        """An id column's text, and which rows share their id with another row: found here, in
        the thread pool beside the timestamps, for build_dataset's check for repeats."""
        ids = self.text(canonical)
        return ids, _shared(ids)

    def labels(self, canonical: str) -> pd.Series:
        return _labels(self.column(canonical), self.n)

    def header(self, canonical: str) -> str | None:
        return self.sources.get(canonical)

    def add(self, kind: str, canonical: str | None, mask, values=None) -> None:
        column = self.header(canonical) if canonical else None
        found = issue(kind, self.raw.file, column or canonical, mask, self.rows, values)
        if found:
            collecting = getattr(self.job, "issues", None)
            (self.issues if collecting is None else collecting).append(found)

    def collected(self, parse, *args) -> tuple:
        """`parse(*args)` and the issues it found, kept apart from other jobs' (for a thread
        pool whose jobs must report in a fixed order)."""
        self.job.issues = []
        try:
            return parse(*args), self.job.issues
        finally:
            del self.job.issues

    @functools.cached_property
    def no_times(self) -> pd.Series:
        """One all-NaT column that every unmapped timestamp field shares (pandas copies on write)."""
        return pd.Series(np.full(self.n, np.datetime64("NaT"), dtype="datetime64[ns]"), copy=False)

    def timestamps(self, canonical: str) -> pd.Series:
        raw = self.column(canonical)
        if raw is None:
            return self.no_times
        parsed = parse.parse_timestamps(raw)
        values = parsed.values
        if parsed.implausible is not None:
            self.add("implausible_year", canonical, parsed.implausible, raw)
            self.add("unparseable_timestamp", canonical, parsed.bad & ~parsed.implausible, raw)
        else:
            self.add("unparseable_timestamp", canonical, parsed.bad, raw)
        if f"{canonical}:time" in self.sources:
            values = self.with_time_of_day(canonical, values)
        future = values > self.now + FUTURE_SLACK
        self.add("future_timestamp", canonical, future, raw)
        self.notes[canonical] = {"formats": parsed.formats, "utc_offset": parsed.utc_offset}
        if f"{canonical}:time" in self.sources:
            self.notes[canonical]["time_of_day"] = self.sources[f"{canonical}:time"]
        self.reported[canonical] = parsed.bad | future
        return values.mask(future)

    def with_time_of_day(self, canonical: str, dates: pd.Series) -> pd.Series:
        """Dates completed by the separate time-of-day column ("Date" + "Time" of a call log): a
        date with no time of its own takes the row's time; a time not understood is reported and
        the date stays at midnight."""
        part = f"{canonical}:time"
        raw = self.column(part)
        ns, bad = parse.parse_time_of_day(raw)
        self.add("unparseable_timestamp", part, bad, raw)
        self.done(part)
        day = dates.to_numpy(dtype="datetime64[ns]")
        midnight = day == day.astype("datetime64[D]").astype("datetime64[ns]")
        joined = np.where(midnight & (ns >= 0), day + ns.astype("timedelta64[ns]"), day)
        return pd.Series(joined, index=dates.index)

    def duration(self, canonical: str) -> pd.Series:
        raw = self.column(canonical)
        if raw is None:
            return _nan(self.n)
        unit = self.mapping.units.get(canonical) or parse.guess_plain_unit(self.header(canonical), canonical)
        parsed = parse.parse_durations(raw, unit, from_excel=self.raw.format in ("xlsx", "xls"))
        self.add("unparseable_duration", canonical, parsed.bad, raw)
        negative = parsed.minutes < 0
        self.add("negative_duration", canonical, negative, raw)
        if parsed.plain_unit:
            self.notes[canonical] = {"plain_unit": parsed.plain_unit}
        return parsed.minutes.mask(negative)

    def score(self, canonical: str, nps: bool = False) -> tuple[pd.Series, tuple[int, int] | None]:
        raw = self.column(canonical)
        if raw is None:
            return _nan(self.n), None
        scale = None if nps or self.mapping.scale is None else tuple(self.mapping.scale)
        parsed = parse.parse_scores(raw, self.header(canonical), nps=nps, scale=scale)
        self.add("score_out_of_range", canonical, parsed.out_of_range, raw)
        self.add("score_missing", canonical, parsed.missing)
        self.add("unparseable_value", canonical, parsed.bad, raw)
        self.notes[canonical] = {"scale": list(parsed.scale), "labels": parsed.labels}
        if parsed.satisfied is not None:
            self.notes[canonical]["satisfied"] = parsed.satisfied
        return parsed.values, parsed.scale

    def boolean(self, canonical: str) -> pd.Series:
        raw = self.column(canonical)
        if raw is None:
            return pd.Series(pd.NA, index=range(self.n), dtype="boolean")
        values, bad = parse.parse_bool(raw)
        self.add("unparseable_value", canonical, bad, raw)
        return values

    def count(self, canonical: str) -> pd.Series:
        raw = self.column(canonical)
        if raw is None:
            return _nan(self.n)

        def distinct(values: pd.Series) -> pd.DataFrame:
            numbers = pd.to_numeric(values.astype("str").str.strip(), errors="coerce").astype("float64")
            as_bool, bad = parse.parse_bool(values)      # "是/否" reopened flags count as 1/0
            numbers = numbers.fillna(as_bool.astype("Float64").astype("float64"))
            return pd.DataFrame({"n": numbers, "bad": bad & numbers.isna()})
        parsed = parse.by_distinct(raw, distinct)
        numbers = parsed["n"].astype("float64")
        self.add("unparseable_value", canonical, parsed["bad"].astype("boolean").fillna(False), raw)
        return numbers.mask(numbers < 0)

    def sorted_issues(self) -> list[QualityIssue]:
        """Issues in the report's fixed order (kind, then column), whatever order threads found them."""
        order = {kind: i for i, kind in enumerate(KINDS)}
        return sorted(self.issues, key=lambda i: (order.get(i.kind, len(order)), str(i.column)))

    def empty_columns(self) -> None:
        for header in self.blank:
            self.issues.append(QualityIssue("empty_column", self.raw.file, header, np.array([], dtype=np.int64),
                                            total=self.n))


def _satisfied(scores: pd.Series, scale: tuple[int, int] | None, top: list[int] | None = None) -> pd.Series:
    """Whether each score is in the top box: the codes the scale's labels call satisfied, else
    the scale's default (schema.satisfied_codes); NA where there is no score."""
    if scale is None:
        return pd.Series(pd.NA, index=scores.index, dtype="boolean")
    codes = scores.to_numpy(dtype="float64", na_value=np.nan)
    satisfied = np.isin(codes, top if top else schema.satisfied_codes(*scale))
    return pd.Series(pd.arrays.BooleanArray(satisfied, np.isnan(codes)), index=scores.index)


def _per_label(labels: pd.Series, test) -> pd.Series:
    """`test(label)` for each row of a label column, asked once per distinct label; False for
    blank rows."""
    hits = np.array([bool(test(label)) for label in labels.cat.categories] + [False], dtype=bool)
    return pd.Series(hits[labels.cat.codes.to_numpy()], index=labels.index)   # code -1: the last


def _contains_any(labels: pd.Series, words: list[str]) -> pd.Series:
    normed = [schema.normalise_header(w) for w in words]
    return _per_label(labels, lambda label: any(w in schema.normalise_header(label) for w in normed))


def _status_states(status: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(closed, open) per row, from each distinct status label's words (parse.status_state)."""
    states = [parse.status_state(label) for label in status.cat.categories]
    codes = status.cat.codes.to_numpy()

    def spread(state: str) -> np.ndarray:
        return np.append(np.array([s == state for s in states], dtype=bool), False)[codes]
    return spread(parse.CLOSED), spread(parse.OPEN)


def _start(pool: ThreadPoolExecutor, raw: RawTable, mapping: Mapping, hash_rows: bool,
           b: _Builder | None = None) -> dict:
    """The jobs that need every raw column, submitted before any column is taken: the exact
    repeats of the file (see analysis.repeats) and, for files that share a layout with another,
    each row's hash. They read a snapshot of the table, which they hold only while they run.
    With a ticket id (and the ticket file's builder `b`), the ids are cleaned in the same job
    and the rows sharing one are the only candidates for repeats: the ids are hashed once."""
    snapshot = replace(raw)
    probe = repeats.probe_column(raw, mapping.fields.get("ticket_id"))
    jobs = {}
    if b is not None and "ticket_id" in mapping.fields:
        def ids_and_repeats() -> tuple:
            ids, shared = b.parsed(b.ids, "ticket_id")
            return ids, shared, repeats.exact_repeats(snapshot, probe, shared)
        jobs["ids"] = pool.submit(ids_and_repeats)
    else:
        jobs["repeats_of"] = pool.submit(repeats.exact_repeats, snapshot, probe)
    if hash_rows:
        jobs["row_hashes"] = pool.submit(repeats.row_hashes, snapshot)
    return jobs


def clean_tickets(raw: RawTable, mapping: Mapping, now: pd.Timestamp, hash_rows: bool = False) -> Cleaned:
    """Canonical ticket frame of one file (see analysis.dataset for the columns)."""
    b = _Builder(raw, mapping, now)
    n = b.n
    # Every column parses in a thread pool: pyarrow's kernels release the GIL, so two cores
    # share the work. Labels and flags go first: their raw text (a third of a ticket export)
    # becomes small codes, and is freed before the timestamps' passes need memory. The response
    # and resolution times keep their raw text until the orderings below are checked (issues
    # quote it); every other raw column goes as soon as it is parsed.
    extras = [h for h in mapping_extras(mapping) if h not in TICKET_COLUMNS]
    with _pool(n) as pool:
        pending = _start(pool, raw, mapping, hash_rows, b)
        if "ids" not in pending:
            pending["ticket_id"] = pool.submit(b.ids, "ticket_id")
        pending |= {name: pool.submit(b.parsed, b.labels, name) for name in LABELS}
        pending |= {f"extra:{h}": pool.submit(b.parsed, b.labels, f"extra:{h}") for h in extras}
        pending |= {name: pool.submit(b.parsed, b.boolean, name) for name in ("first_contact_resolved", "answered",
                                                                               "abandoned")}
        pending |= {name: pool.submit(b.parsed, b.count, name) for name in ("reopened", "transfers")}
        pending["csat"] = pool.submit(b.parsed, b.score, "csat")
        pending["nps"] = pool.submit(b.parsed, b.score, "nps", True)
        pending |= {name: pool.submit(b.parsed, b.timestamps, name) for name in ("created_at", "closed_at", "updated_at")}
        pending |= {name: pool.submit(b.timestamps, name) for name in ("first_response_at", "resolved_at")}
        pending |= {name: pool.submit(b.parsed, b.text, name) for name in TEXTS if name != "ticket_id"}
        pending |= {name: pool.submit(b.parsed, b.duration, name) for name in DURATIONS}
        pending[schema.SOURCE] = pool.submit(_repeated, raw.file, n)
        parsed = {name: job.result() for name, job in pending.items()}
    if "ids" in parsed:
        parsed["ticket_id"], id_repeats, parsed["repeats_of"] = parsed.pop("ids")
    else:
        parsed["ticket_id"], id_repeats = parsed["ticket_id"]
    out = pd.DataFrame({name: parsed[name] for name in TEXTS + LABELS})
    out["channel_key"] = parse.normalise_labels(out["channel"], schema.CHANNEL_INDEX, "other")
    out["priority_key"] = parse.priority_keys(out["priority"],
                                              mapping.options.get(PRIORITY_CODES) != LEAST_URGENT_FIRST)
    out["customer_type_key"] = parse.normalise_labels(out["customer_type"], schema.CUSTOMER_TYPE_INDEX)
    for name in TIMESTAMPS:
        out[name] = parsed[name]
    if "created_at" in mapping.fields:
        # Blank creation times ("", N/A): the ticket counts, but cannot be placed in time.
        b.add("missing_timestamp", "created_at", out["created_at"].isna() & ~b.reported["created_at"])

    # In numpy: NaT minus anything is NaT, a NaT span divides to NaN and compares False.
    created, responded, resolved, closed_at = (out[c].to_numpy(dtype="datetime64[ns]") for c in
                                               ("created_at", "first_response_at", "resolved_at", "closed_at"))
    frt = (responded - created) / np.timedelta64(1, "m")
    frt = np.where(np.isnan(frt), _unstamped(parsed["first_response_time"], "first_response_at", mapping), frt)
    before = frt < 0
    b.add("response_before_created", "first_response_at", before, b.column("first_response_at"))
    out[schema.FRT_MIN] = _column(np.where(before, np.nan, frt))

    # The status says whether a ticket is still open, where it has words for it; else a
    # resolution (a stamp, a closed stamp, a duration) says it is done.
    closed_by_status, open_by_status = _status_states(out["status"])
    # A closed stamp stands for the resolution when the export has no resolved column; beside
    # one, a ticket closed with no resolved stamp is done but has no resolution time.
    has_resolved = "resolved_at" in mapping.fields
    finished = resolved if has_resolved else np.where(np.isnat(resolved), closed_at, resolved)
    resolution = (finished - created) / np.timedelta64(1, "h")
    resolution = np.where(np.isnan(resolution), _unstamped(parsed["resolution_time"], "resolved_at", mapping) / 60,
                          resolution)
    resolution = np.where(open_by_status, np.nan, resolution)       # an open ticket's duration is its age
    before_created = resolution < 0
    b.add("resolved_before_created", "resolved_at", before_created, b.column("resolved_at"))
    before_response = ~before_created & (resolved < responded)
    b.add("resolved_before_response", "resolved_at", before_response, b.column("resolved_at"))
    out[schema.RESOLUTION_H] = _column(np.where(before_created, np.nan, resolution))
    out[schema.HANDLE_MIN] = parsed["handle_time"]
    b.done("first_response_at", "resolved_at")

    for name in ("first_contact_resolved", "answered", "reopened", "transfers"):
        out[name] = parsed[name]
    if "answered" not in mapping.fields and "abandoned" in mapping.fields:
        out["answered"] = ~parsed["abandoned"]          # a call log's ABANDONED 1/0, read the other way
    csat, scale = parsed["csat"]
    satisfied = b.notes.get("csat", {}).get("satisfied")
    out["csat"] = csat
    out[schema.CSAT_SATISFIED] = _satisfied(csat, scale, satisfied)
    out["nps"], nps_scale = parsed["nps"]

    kind = out["request_type"] if out["request_type"].notna().any() else out["category"]
    out["is_complaint"] = _contains_any(kind, schema.COMPLAINT_WORDS)
    knows_resolution = mapping.fields.keys() & {"resolved_at", "resolution_time", "closed_at", "status"}
    done = ~np.isnan(out[schema.RESOLUTION_H].to_numpy()) | ~np.isnat(finished) | ~np.isnat(closed_at) \
        | before_created
    is_open = np.where(open_by_status | closed_by_status, open_by_status, ~done)
    out["is_open"] = _column(is_open) if knows_resolution else False
    if knows_resolution:
        b.add("unresolved", "status" if "status" in mapping.fields else
              "resolved_at" if has_resolved else "closed_at" if "closed_at" in mapping.fields else "resolution_time",
              is_open)
        if has_resolved:
            closed_unresolved = ~is_open & np.isnat(resolved) & np.isnan(out[schema.RESOLUTION_H].to_numpy()) \
                & ~before_created
            b.add("closed_without_resolution", "resolved_at", closed_unresolved)
    out[schema.ROW] = _column(np.asarray(b.rows, dtype=np.int64))
    out[schema.SOURCE] = parsed[schema.SOURCE]
    for header in extras:
        out[header] = parsed[f"extra:{header}"]
    b.empty_columns()
    return Cleaned(TICKETS, out[TICKET_COLUMNS + extras], b.sorted_issues(), scale, nps_scale, [], b.notes,
                   id_repeats, parsed["repeats_of"], parsed.get("row_hashes"), satisfied=satisfied, extras=extras)


def _unstamped(minutes: pd.Series, stamp: str, mapping: Mapping) -> np.ndarray:
    """A duration column's minutes for the rows its timestamp column leaves blank. Beside a
    timestamp column, a zero there means "not measured" (Freshdesk writes 00:00:00 for a ticket
    never answered), not an answer in no time."""
    values = minutes.to_numpy(dtype="float64", na_value=np.nan)
    return np.where(values == 0, np.nan, values) if stamp in mapping.fields else values


def mapping_extras(mapping: Mapping) -> list[str]:
    """The unmapped columns kept as labels under their own header (Mapping.extras)."""
    return [h for h in mapping.extras if h not in mapping.columns_used]


def clean_survey(raw: RawTable, mapping: Mapping, now: pd.Timestamp, hash_rows: bool = False) -> Cleaned:
    """Canonical survey frame of one file; driver sub-ratings keep the file's column names.

    Every column parses in the thread pool, beside the check for repeats; the issues are
    reported in the order of the columns (time, CSAT, NPS, drivers), whichever thread is done first."""
    b = _Builder(raw, mapping, now)
    n = b.n

    def driver_scores(driver: str) -> tuple[pd.Series, QualityIssue | None]:
        with b.lock:
            values = raw.take(driver)
        parsed = parse.parse_scores(values, driver)
        return parsed.values, issue("score_out_of_range", raw.file, driver, parsed.out_of_range, b.rows, values)

    extras = [h for h in mapping_extras(mapping) if h not in SURVEY_COLUMNS and h not in mapping.drivers]
    with _pool(n) as pool:
        jobs = _start(pool, raw, mapping, hash_rows)
        jobs |= {name: pool.submit(b.parsed, b.text, name) for name in ("ticket_id", "customer_id", "comment")}
        jobs["reason"] = pool.submit(b.parsed, b.labels, "reason")
        jobs["responded_at"] = pool.submit(b.collected, b.timestamps, "responded_at")
        jobs["csat"] = pool.submit(b.collected, b.score, "csat")
        jobs["nps"] = pool.submit(b.collected, b.score, "nps", True)
        jobs |= {f"driver:{d}": pool.submit(driver_scores, d) for d in mapping.drivers}
        jobs |= {f"extra:{h}": pool.submit(b.labels, f"extra:{h}") for h in extras}
        found = {name: job.result() for name, job in jobs.items()}
    out = pd.DataFrame({name: found[name] for name in ("ticket_id", "customer_id", "comment", "reason")})
    out["responded_at"], stamp_issues = found["responded_at"]
    (csat, scale), csat_issues = found["csat"]
    (out["nps"], nps_scale), nps_issues = found["nps"]
    b.issues += stamp_issues + csat_issues + nps_issues
    satisfied = b.notes.get("csat", {}).get("satisfied")
    out["csat"] = csat
    out[schema.CSAT_SATISFIED] = _satisfied(csat, scale, satisfied)
    for driver in mapping.drivers:
        out[driver], out_of_range = found[f"driver:{driver}"]
        b.issues += [out_of_range] if out_of_range else []
    for header in extras:
        out[header] = found[f"extra:{header}"]
    out[schema.ROW] = np.asarray(b.rows, dtype=np.int64)
    out[schema.SOURCE] = _repeated(raw.file, n)
    b.empty_columns()
    notes = {k: b.notes[k] for k in ("responded_at", "csat", "nps") if k in b.notes}    # the order they were read in
    columns = SURVEY_COLUMNS[:-2] + list(mapping.drivers) + SURVEY_COLUMNS[-2:] + extras
    return Cleaned(SURVEY, out[columns], b.issues, scale, nps_scale, list(mapping.drivers), notes | b.notes,
                   repeats_of=found["repeats_of"], row_hashes=found.get("row_hashes"), satisfied=satisfied,
                   extras=extras)


def clean(raw: RawTable, mapping: Mapping, now: pd.Timestamp | None = None, hash_rows: bool = False) -> Cleaned:
    """One file's canonical frame. `hash_rows`: another file of the upload has the same header
    layout, so rows are hashed whole to find repeats across the two."""
    now = now if now is not None else pd.Timestamp.now()
    return (clean_tickets if mapping.role == TICKETS else clean_survey)(raw, mapping, now, hash_rows)


# --- across files ---------------------------------------------------------------------------
def _exact_repeats(frame: pd.DataFrame, cleaned: list[Cleaned]) -> np.ndarray:
    """Which rows of the stacked frame copy an earlier row of the user's files cell for cell:
    within a file from the cleaner's comparison of raw rows; across files of one header layout
    by the raw rows' hashes, confirmed on the cleaned columns (a hash collision alone never
    drops a row)."""
    repeated = np.concatenate([c.repeats_of if c.repeats_of is not None else np.zeros(len(c.frame), bool)
                               for c in cleaned]) if cleaned else np.zeros(0, bool)
    hashed = [c for c in cleaned if c.row_hashes is not None]
    if len(hashed) < 2:
        return repeated
    layouts = list(dict.fromkeys(c.signature for c in cleaned))
    layout = np.concatenate([np.full(len(c.frame), layouts.index(c.signature), dtype=np.int64) for c in cleaned])
    hashes = np.concatenate([c.row_hashes if c.row_hashes is not None else
                             np.arange(len(c.frame), dtype=np.uint64) ^ np.uint64(0xA5A5A5A5A5A5A5A5) for c in cleaned])
    keys = pd.DataFrame({"layout": layout, "hash": hashes})
    candidates = keys.duplicated(keep=False).to_numpy() & ~repeated
    if not candidates.any():
        return repeated
    content = [c for c in frame.columns if c not in (schema.ROW, schema.SOURCE)]
    rows = pd.DataFrame({c: frame[c][candidates].astype("str").to_numpy(dtype=object, na_value="\0") for c in content})
    rows["layout"], rows["hash"] = layout[candidates], hashes[candidates]
    repeated[np.flatnonzero(candidates)[rows.duplicated(keep="first").to_numpy()]] = True
    return repeated


def _drop_duplicates(frame: pd.DataFrame, key: str | None, issues: list[QualityIssue], exact: np.ndarray,
                     key_repeats: np.ndarray | None = None, order: str | None = None) -> pd.DataFrame:
    """Exact repeats of a whole row are dropped (the first copy kept). Rows sharing a ticket id
    with other content are one ticket: the last row is kept, as a later export (or the last
    event of an event log, by `order` when the log has an update time) carries its later state,
    and the earlier rows are listed in the quality report. `key_repeats`: the rows whose id
    another row has, when the cleaner already knows them."""
    repeated = pd.Series(exact, index=frame.index)
    _issues_by_file(frame, repeated, "duplicate_row", None, issues)
    drop = repeated.copy()
    if key:
        shares = (pd.Series(key_repeats, index=frame.index) if key_repeats is not None else
                  frame[key].notna() & frame[key].duplicated(keep=False))
        rest = frame.loc[shares.to_numpy() & ~exact, [key] + ([order] if order else [])]
        if len(rest):
            if order:      # the latest update last; rows without one keep their place before it
                rest = rest.sort_values(order, kind="stable", na_position="first")
            same_id = rest[key].duplicated(keep="last")
            dup = pd.Series(False, index=frame.index)
            dup[same_id.index] = same_id
            _issues_by_file(frame, dup, "duplicate_id", key, issues, frame[key])
            drop |= dup
    if not drop.any():
        return frame
    return _keep_rows(frame, ~drop.to_numpy())


def _keep_rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The rows of `frame` where `keep` holds, column by column in threads (numpy and Arrow
    release the GIL), each column leaving `frame` (which ends empty) to be freed once its copy is
    made: a million-row frame is never held twice. Text that loses only a few rows is spliced
    without a copy (see _spliced); other columns take a boolean mask, not row numbers: Arrow
    filters text chunk by chunk, ten times faster than a take."""
    dropped = np.flatnonzero(~keep)
    with ThreadPoolExecutor(max_workers=PARSE_THREADS) as pool:
        kept = {}
        for c in list(frame.columns):
            values = frame.pop(c)
            if isinstance(values.array, pd.arrays.ArrowStringArray) and len(dropped) <= MAX_SPLICED_DROPS:
                kept[c] = pool.submit(_spliced, values, dropped)
            else:
                kept[c] = pool.submit(operator.getitem, values.array, keep)
        return pd.DataFrame({c: job.result() for c, job in kept.items()}, copy=False)


def _spliced(text: pd.Series, dropped: np.ndarray) -> pd.arrays.ArrowStringArray:
    """A text column without the `dropped` rows, as the pieces between them: Arrow chains the
    pieces without copying a byte, where a filter copies the whole column to lose a few rows."""
    starts, ends = np.append(0, dropped + 1), np.append(dropped, len(text))
    return pd.concat([text.iloc[a:b] for a, b in zip(starts, ends) if b > a] or [text.iloc[:0]],
                     ignore_index=True).array


def _issues_by_file(frame, mask, kind, column, issues, values=None) -> None:
    for file, part in frame.loc[mask, [schema.SOURCE, schema.ROW]].groupby(schema.SOURCE, sort=False):
        vals = None if values is None else values[part.index]
        issues.append(QualityIssue(kind, file, column, part[schema.ROW].to_numpy(),
                                   [] if vals is None else list(vals.to_numpy()[:50])))


def build_dataset(cleaned: list[Cleaned], name: str = "", files: list | None = None) -> Dataset:
    """Stack the ticket files and the survey files, remove repeats, and join surveys to tickets.
    The cleaned frames are taken over: removing repeats empties them column by column."""
    issues = [i for c in cleaned for i in c.issues]
    ticket_files = [c for c in cleaned if c.role == TICKETS]
    survey_parts = [c for c in cleaned if c.role == SURVEY]
    if ticket_files:
        tickets = (pd.concat([c.frame for c in ticket_files], ignore_index=True) if len(ticket_files) > 1
                   else ticket_files[0].frame)
    else:
        tickets = pd.DataFrame({c: pd.Series(dtype="float64") for c in TICKET_COLUMNS})
    # Scales first: dropping repeats takes the cleaned frames over.
    csat_scale, scale_issues = _common_scale([c for c in (survey_parts or cleaned) if c.csat_scale])
    satisfied = _common_top([c for c in (survey_parts or cleaned) if c.csat_scale], csat_scale)
    key = "ticket_id" if tickets["ticket_id"].notna().any() else None
    # From one ticket file, the cleaner has found the repeated ids already (in its thread pool).
    known = ticket_files[0].id_repeats if len(ticket_files) == 1 else None
    order = "updated_at" if tickets["updated_at"].notna().any() else None
    tickets = _drop_duplicates(tickets, key, issues, _exact_repeats(tickets, ticket_files), known, order)

    survey = None
    drivers: list[str] = []
    if survey_parts:
        survey = pd.concat([c.frame for c in survey_parts], ignore_index=True)
        for c in survey_parts:
            drivers += [d for d in c.drivers if d not in drivers]
        survey = _drop_duplicates(survey, None, issues, _exact_repeats(survey, survey_parts))
    dataset = Dataset(tickets=tickets, survey=survey, drivers=drivers, csat_scale=csat_scale,
                      quality=issues, files=files or [], name=name, csat_top=satisfied)
    if survey is not None and ticket_files:
        # the join every page makes (Dataset.links), made once here: a response is unmatched
        # when it finds no ticket (Arrow's hash lookup; Series.isin turns a million ids into
        # Python strings first, ~15x slower)
        join_key = "ticket_id" if survey["ticket_id"].notna().any() else "customer_id"
        unmatched = pd.Series(dataset.links < 0, index=survey.index)
        _issues_by_file(survey, unmatched, "unmatched_survey", join_key, issues, survey[join_key])
    issues += scale_issues
    _user_headers(issues, files or [])
    return dataset


def _common_top(scored: list[Cleaned], scale: tuple[int, int]) -> list[int] | None:
    """The top-box codes the files' labels give, when every file on the dataset's scale agrees."""
    tops = {tuple(c.satisfied) if c.satisfied else None for c in scored if c.csat_scale == scale}
    return list(tops.pop()) if len(tops) == 1 and None not in tops else None


def _common_scale(scored: list[Cleaned]) -> tuple[tuple[int, int], list[QualityIssue]]:
    """The dataset's satisfaction scale (from the survey files when there are any, else from the
    tickets' own scores). Files on different scales (a 1–3 export stacked with a 1–5 one) are
    reported: CSAT % still uses each file's own satisfied codes, but a mean score across scales
    means nothing, so the widest scale is taken and the others named."""
    scales = [c.csat_scale for c in scored]
    if not scales:
        return (1, 5), []
    widest = (min(low for low, _ in scales), max(high for _, high in scales))
    if len(set(scales)) == 1:
        return widest, []
    return widest, [QualityIssue("scale_mismatch", c.frame[schema.SOURCE].iloc[0], "csat", np.array([], dtype=np.int64),
                                 total=len(c.frame)) for c in scored if c.csat_scale != widest]


def _user_headers(issues: list[QualityIssue], files: list) -> None:
    """Name the columns of cross-file issues (duplicates, unmatched) as each file's header does,
    like every other issue, instead of by their canonical name."""
    headers = {report.file: report.mapping.fields for report in files}
    for found in issues:
        found.column = headers.get(found.file, {}).get(found.column, found.column)
