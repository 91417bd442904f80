"""Cleaning: raw tables + mappings → the canonical frames of :mod:`analysis.dataset`, with every
problem row recorded in the quality report. Nothing is dropped silently: a bad value becomes NA in
the metric it cannot support and is reported with its row number."""
from __future__ import annotations

import operator
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import parse, schema
from .dataset import Dataset
from .ingest import RawTable, value_bytes
from .mapping import SURVEY, TICKETS, Mapping
from .quality import KINDS, QualityIssue, issue

CLOSED_STATUS = {"closed", "resolved", "solved", "done", "completed", "已解决", "已关闭", "已完成", "完成",
                 "结案", "已结案", "关闭", "解决"}
FUTURE_SLACK = pd.Timedelta(days=1)  # clocks and time zones: a day ahead is not yet "future"
TIMESTAMPS = ("created_at", "first_response_at", "resolved_at")
DURATIONS = ("first_response_time", "resolution_time", "handle_time")
TEXTS = ("ticket_id", "customer_id", "description", "notes")
LABELS = ("customer_type", "channel", "request_type", "category", "priority", "agent", "status")
# Columns parsed at once (pyarrow's kernels release the GIL); more threads than cores would only
# hold more columns' intermediate arrays at the same time.
PARSE_THREADS = min(4, max(2, os.cpu_count() or 2))
MAX_SPLICED_DROPS = 256   # dropped rows a text column is spliced around; more pieces slow later passes
TICKET_COLUMNS = ["ticket_id", "customer_id", "customer_type", "channel", "request_type", "category",
                  "priority", "agent", "status", "channel_key", "priority_key", "customer_type_key",
                  "created_at", "first_response_at", "resolved_at", schema.FRT_MIN, schema.RESOLUTION_H,
                  schema.HANDLE_MIN, "first_contact_resolved", "reopened", "transfers", "csat",
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


def _text(raw: pd.Series | None, n: int) -> pd.Series:
    if raw is None:
        return pd.Series(pd.NA, index=range(n), dtype="str")
    text = raw.astype("str").str.strip()
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
    """Which rows hold a value that another row holds too (blanks never count). Ids that fit in
    64 bits are hashed as numbers (see _packed); others get a count per distinct value from
    Arrow's hash, twice as fast as pandas' duplicated(keep=False) on Arrow text."""
    keys = _packed(values)
    if keys is not None:
        return pd.Series(keys).duplicated(keep=False).to_numpy()
    codes, _ = parse.factorize(values)
    counts = np.bincount(codes + 1)           # blanks (-1) are counted in slot 0, and ignored
    return (counts[codes + 1] > 1) & (codes >= 0)


def _packed(values: pd.Series) -> np.ndarray | None:
    """Ids written at one width of at most 8 bytes ("T0000001"), none blank, as one 64-bit
    number each, its bytes: equal numbers are equal ids, and hashing numbers is twice as fast
    as hashing text. None for any other column."""
    if not isinstance(values.array, pd.arrays.ArrowStringArray) or not len(values):
        return None
    text = values.array.__arrow_array__()
    widths = pc.min_max(pc.binary_length(text)).as_py()
    if text.null_count or widths["min"] != widths["max"] or not 0 < widths["max"] <= 8:
        return None
    width = widths["max"]
    cells = value_bytes(text.combine_chunks())[1].reshape(-1, width)
    if width < 8:
        cells = np.concatenate([cells, np.zeros((len(text), 8 - width), dtype=np.uint8)], axis=1)
    return cells.view(np.uint64).ravel()


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
        self.lock = threading.Lock()      # columns are taken and let go from several threads

    def column(self, canonical: str) -> pd.Series | None:
        """The raw column of a field, taken out of the raw table the first time it is asked for
        and kept until `done` (a column mapped to two fields is taken once)."""
        header = self.mapping.fields.get(canonical)
        if header is None:
            return None
        with self.lock:
            if header not in self.taken:
                self.taken[header] = self.raw.take(header)
            return self.taken[header]

    def done(self, *canonicals: str) -> None:
        """Forget the raw columns of these fields, unless another field still needs them."""
        with self.lock:
            headers = {self.mapping.fields.get(c) for c in canonicals}
            others = {h for c, h in self.mapping.fields.items() if c not in canonicals and c not in self.finished}
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
        return self.mapping.fields.get(canonical)

    def add(self, kind: str, canonical: str | None, mask, values=None) -> None:
        column = self.header(canonical) if canonical else None
        found = issue(kind, self.raw.file, column or canonical, mask, self.rows, values)
        if found:
            self.issues.append(found)

    def timestamps(self, canonical: str) -> pd.Series:
        raw = self.column(canonical)
        if raw is None:
            return pd.Series(pd.NaT, index=range(self.n), dtype="datetime64[ns]")
        parsed = parse.parse_timestamps(raw)
        self.add("unparseable_timestamp", canonical, parsed.bad, raw)
        future = parsed.values > self.now + FUTURE_SLACK
        self.add("future_timestamp", canonical, future, raw)
        self.notes[canonical] = {"formats": parsed.formats, "utc_offset": parsed.utc_offset}
        self.reported[canonical] = parsed.bad | future
        return parsed.values.mask(future)

    def duration(self, canonical: str) -> pd.Series:
        raw = self.column(canonical)
        if raw is None:
            return _nan(self.n)
        unit = self.mapping.units.get(canonical) or parse.guess_plain_unit(self.header(canonical), canonical)
        parsed = parse.parse_durations(raw, unit, from_excel=self.raw.format in ("xlsx", "xls"))
        self.add("unparseable_duration", canonical, parsed.bad, raw)
        negative = parsed.minutes < 0
        self.add("unparseable_duration", canonical, negative, raw)
        if parsed.plain_unit:
            self.notes[canonical] = {"plain_unit": parsed.plain_unit}
        return parsed.minutes.mask(negative)

    def score(self, canonical: str, nps: bool = False) -> tuple[pd.Series, tuple[int, int] | None]:
        raw = self.column(canonical)
        if raw is None:
            return _nan(self.n), None
        parsed = parse.parse_scores(raw, self.header(canonical), nps=nps)
        self.add("score_out_of_range", canonical, parsed.out_of_range, raw)
        self.add("score_missing", canonical, parsed.missing)
        self.add("unparseable_value", canonical, parsed.bad, raw)
        self.notes[canonical] = {"scale": list(parsed.scale), "labels": parsed.labels}
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


def _satisfied(scores: pd.Series, scale: tuple[int, int] | None) -> pd.Series:
    if scale is None:
        return pd.Series(pd.NA, index=scores.index, dtype="boolean")
    codes = scores.to_numpy(dtype="float64", na_value=np.nan)
    satisfied = np.isin(codes, schema.satisfied_codes(*scale))
    return pd.Series(pd.arrays.BooleanArray(satisfied, np.isnan(codes)), index=scores.index)


def _per_label(labels: pd.Series, test) -> pd.Series:
    """`test(label)` for each row of a label column, asked once per distinct label; False for
    blank rows."""
    hits = np.array([bool(test(label)) for label in labels.cat.categories] + [False], dtype=bool)
    return pd.Series(hits[labels.cat.codes.to_numpy()], index=labels.index)   # code -1: the last


def _contains_any(labels: pd.Series, words: list[str]) -> pd.Series:
    normed = [schema.normalise_header(w) for w in words]
    return _per_label(labels, lambda label: any(w in schema.normalise_header(label) for w in normed))


def clean_tickets(raw: RawTable, mapping: Mapping, now: pd.Timestamp) -> Cleaned:
    """Canonical ticket frame of one file (see analysis.dataset for the columns)."""
    b = _Builder(raw, mapping, now)
    n = b.n
    # Every column parses in a thread pool: pyarrow's kernels release the GIL, so two cores
    # share the work. Labels and flags go first: their raw text (a third of a ticket export)
    # becomes small codes, and is freed before the timestamps' passes need memory. The response
    # and resolution times keep their raw text until the orderings below are checked (issues
    # quote it); every other raw column goes as soon as it is parsed.
    with ThreadPoolExecutor(max_workers=PARSE_THREADS) as pool:
        pending = {name: pool.submit(b.parsed, b.labels, name) for name in LABELS}
        pending["first_contact_resolved"] = pool.submit(b.parsed, b.boolean, "first_contact_resolved")
        pending |= {name: pool.submit(b.parsed, b.count, name) for name in ("reopened", "transfers")}
        pending["csat"] = pool.submit(b.parsed, b.score, "csat")
        pending["nps"] = pool.submit(b.parsed, b.score, "nps", True)
        pending["created_at"] = pool.submit(b.parsed, b.timestamps, "created_at")
        pending |= {name: pool.submit(b.timestamps, name) for name in ("first_response_at", "resolved_at")}
        pending["ticket_id"] = pool.submit(b.parsed, b.ids, "ticket_id")
        pending |= {name: pool.submit(b.parsed, b.text, name) for name in TEXTS if name != "ticket_id"}
        pending |= {name: pool.submit(b.parsed, b.duration, name) for name in DURATIONS}
        pending[schema.SOURCE] = pool.submit(_repeated, raw.file, n)
        parsed = {name: job.result() for name, job in pending.items()}
    parsed["ticket_id"], id_repeats = parsed["ticket_id"]
    out = pd.DataFrame({name: parsed[name] for name in TEXTS + LABELS})
    out["channel_key"] = parse.normalise_labels(out["channel"], schema.CHANNEL_INDEX, "other")
    out["priority_key"] = parse.normalise_labels(out["priority"], schema.PRIORITY_INDEX)
    out["customer_type_key"] = parse.normalise_labels(out["customer_type"], schema.CUSTOMER_TYPE_INDEX)
    for name in TIMESTAMPS:
        out[name] = parsed[name]
    if "created_at" in mapping.fields:
        # Blank creation times ("", N/A): the ticket counts, but cannot be placed in time.
        b.add("missing_timestamp", "created_at", out["created_at"].isna() & ~b.reported["created_at"])

    # In numpy: NaT minus anything is NaT, a NaT span divides to NaN and compares False.
    created, responded, resolved = (out[c].to_numpy(dtype="datetime64[ns]") for c in TIMESTAMPS)
    frt = (responded - created) / np.timedelta64(1, "m")
    frt = np.where(np.isnan(frt), parsed["first_response_time"].to_numpy(), frt)
    before = frt < 0
    b.add("response_before_created", "first_response_at", before, b.column("first_response_at"))
    out[schema.FRT_MIN] = _column(np.where(before, np.nan, frt))

    resolution = (resolved - created) / np.timedelta64(1, "h")
    resolution = np.where(np.isnan(resolution), parsed["resolution_time"].to_numpy() / 60, resolution)
    before_created = resolution < 0
    b.add("resolved_before_created", "resolved_at", before_created, b.column("resolved_at"))
    before_response = ~before_created & (resolved < responded)
    b.add("resolved_before_response", "resolved_at", before_response, b.column("resolved_at"))
    out[schema.RESOLUTION_H] = _column(np.where(before_created, np.nan, resolution))
    out[schema.HANDLE_MIN] = parsed["handle_time"]
    b.done("first_response_at", "resolved_at")

    out["first_contact_resolved"] = parsed["first_contact_resolved"]
    out["reopened"] = parsed["reopened"]
    out["transfers"] = parsed["transfers"]
    csat, scale = parsed["csat"]
    out["csat"] = csat
    out[schema.CSAT_SATISFIED] = _satisfied(csat, scale)
    out["nps"], nps_scale = parsed["nps"]

    kind = out["request_type"] if out["request_type"].notna().any() else out["category"]
    out["is_complaint"] = _contains_any(kind, schema.COMPLAINT_WORDS)
    # Exact words: "未解决" and "unresolved" contain "解决"/"resolved" but mean the opposite.
    closed_words = {schema.normalise_header(w) for w in CLOSED_STATUS}
    closed = _per_label(out["status"], lambda label: schema.normalise_header(label) in closed_words)
    knows_resolution = mapping.fields.keys() & {"resolved_at", "resolution_time", "status"}
    is_open = out[schema.RESOLUTION_H].isna() & np.isnat(resolved) & ~closed & ~before_created
    out["is_open"] = is_open if knows_resolution else False
    if knows_resolution:
        b.add("unresolved", "resolved_at" if "resolved_at" in mapping.fields else "status", out["is_open"])
    out[schema.ROW] = _column(np.asarray(b.rows, dtype=np.int64))
    out[schema.SOURCE] = parsed[schema.SOURCE]
    b.empty_columns()
    return Cleaned(TICKETS, out[TICKET_COLUMNS], b.sorted_issues(), scale, nps_scale, [], b.notes, id_repeats)


def clean_survey(raw: RawTable, mapping: Mapping, now: pd.Timestamp) -> Cleaned:
    """Canonical survey frame of one file; driver sub-ratings keep the file's column names."""
    b = _Builder(raw, mapping, now)
    n = b.n
    out = pd.DataFrame(index=range(n))
    for name in ("ticket_id", "customer_id", "comment"):
        out[name] = _text(b.column(name), n)
        b.done(name)
    out["reason"] = _labels(b.column("reason"), n)
    b.done("reason")
    out["responded_at"] = b.timestamps("responded_at")
    csat, scale = b.score("csat")
    out["csat"] = csat
    out[schema.CSAT_SATISFIED] = _satisfied(csat, scale)
    out["nps"], nps_scale = b.score("nps", nps=True)
    for driver in mapping.drivers:
        values = raw.take(driver)
        parsed = parse.parse_scores(values, driver)
        b.issues.extend(x for x in [issue("score_out_of_range", raw.file, driver, parsed.out_of_range, b.rows,
                                          values)] if x)
        out[driver] = parsed.values
    out[schema.ROW] = np.asarray(b.rows, dtype=np.int64)
    out[schema.SOURCE] = _repeated(raw.file, n)
    b.empty_columns()
    columns = SURVEY_COLUMNS[:-2] + list(mapping.drivers) + SURVEY_COLUMNS[-2:]
    return Cleaned(SURVEY, out[columns], b.issues, scale, nps_scale, list(mapping.drivers), b.notes)


def clean(raw: RawTable, mapping: Mapping, now: pd.Timestamp | None = None) -> Cleaned:
    now = now if now is not None else pd.Timestamp.now()
    return (clean_tickets if mapping.role == TICKETS else clean_survey)(raw, mapping, now)


# --- across files ---------------------------------------------------------------------------
def _drop_duplicates(frame: pd.DataFrame, key: str | None, issues: list[QualityIssue],
                     key_repeats: np.ndarray | None = None) -> pd.DataFrame:
    """Exact repeats are dropped (first kept); rows sharing an id with different content keep the
    last (a later export of the same ticket carries its later state). `key_repeats`: the rows
    whose id another row has, when the cleaner already knows them."""
    content = [c for c in frame.columns if c not in (schema.ROW, schema.SOURCE)]
    if key and key_repeats is not None:
        candidates = pd.Series(key_repeats, index=frame.index)
    elif key and frame[key].notna().any():
        candidates = frame[key].notna() & frame[key].duplicated(keep=False)
    else:
        # No id: only rows equal in their most varied column can be exact repeats.
        probe = max(content, key=lambda c: frame[c].nunique(dropna=False))
        candidates = frame[probe].duplicated(keep=False)
    if not candidates.any():
        return frame
    sub = pd.DataFrame({c: frame[c][candidates] for c in content})     # column by column: 2.5x .loc's speed
    # Rows compare by their text, blanks as "\0"; as plain Python strings, since the few
    # candidate rows of a million-row file still sit in hundreds of Arrow chunks.
    as_text = pd.DataFrame({c: sub[c].astype("str").to_numpy(dtype=object, na_value="\0") for c in content},
                           index=sub.index)
    repeated = pd.Series(False, index=frame.index)
    repeated[sub.index] = as_text.duplicated(keep="first")
    _issues_by_file(frame, repeated, "duplicate_row", key, issues)
    drop = repeated.copy()
    if key:
        rest = sub[~repeated[sub.index]]
        same_id = rest[key].duplicated(keep="last")
        dup = pd.Series(False, index=frame.index)
        dup[rest.index] = same_id
        _issues_by_file(frame, dup, "duplicate_id", key, issues, frame[key])
        drop |= dup
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
    tickets_parts = [c.frame for c in cleaned if c.role == TICKETS]
    survey_parts = [c for c in cleaned if c.role == SURVEY]
    if tickets_parts:
        tickets = pd.concat(tickets_parts, ignore_index=True) if len(tickets_parts) > 1 else tickets_parts[0]
    else:
        tickets = pd.DataFrame({c: pd.Series(dtype="float64") for c in TICKET_COLUMNS})
    # Scales first: dropping repeats takes the cleaned frames over.
    csat_scale, scale_issues = _common_scale([c for c in (survey_parts or cleaned) if c.csat_scale])
    key = "ticket_id" if tickets["ticket_id"].notna().any() else None
    # From one ticket file, the cleaner has found the repeated ids already (in its thread pool).
    known = next(c.id_repeats for c in cleaned if c.role == TICKETS) if len(tickets_parts) == 1 else None
    tickets = _drop_duplicates(tickets, key, issues, known)

    survey = None
    drivers: list[str] = []
    if survey_parts:
        survey = pd.concat([c.frame for c in survey_parts], ignore_index=True)
        for c in survey_parts:
            drivers += [d for d in c.drivers if d not in drivers]
        survey = _drop_duplicates(survey, None, issues)
        if tickets_parts:
            join_key = "ticket_id" if survey["ticket_id"].notna().any() else "customer_id"
            unmatched = survey[join_key].isna() | ~survey[join_key].isin(tickets[join_key].dropna())
            _issues_by_file(survey, unmatched, "unmatched_survey", join_key, issues, survey[join_key])
    issues += scale_issues
    _user_headers(issues, files or [])
    return Dataset(tickets=tickets, survey=survey, drivers=drivers, csat_scale=csat_scale,
                   quality=issues, files=files or [], name=name)


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
