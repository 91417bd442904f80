"""From uploaded files to a Dataset: read, map, clean, stack and join, in one call that the app
and the command line share. A file that cannot be read is reported and skipped; the others load."""
from __future__ import annotations

import ctypes
import functools
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa

from . import clean, ingest, longform, mapping, parse, vendors
from .dataset import Dataset
from .profile import profile
from .quality import QualityIssue


@dataclass
class FileReport:
    """How one file was read and mapped (the Data page's "how we read it" table)."""
    file: str
    role: str
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: list[str]
    header_row: int
    rows: int
    columns: list[str]
    mapping: mapping.Mapping
    signature: str
    notes: dict = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)   # column -> a few values, for the editor
    encoding_guess: dict = field(default_factory=dict)   # text files: charset.EncodingGuess.to_json()

    def to_json(self) -> dict:
        return {"file": self.file, "role": self.role, "format": self.format, "encoding": self.encoding,
                "delimiter": self.delimiter, "sheet": self.sheet, "header_row": self.header_row,
                "rows": self.rows, "mapping": dict(self.mapping.fields), "drivers": list(self.mapping.drivers),
                "time_parts": dict(self.mapping.time_parts), "product": self.mapping.product,
                "confidence": {f: e.confidence for f, e in self.mapping.why.items() if f in self.mapping.fields},
                "alternatives": {f: cols for f, cols in self.mapping.alternatives.items() if cols},
                **({"encoding_guess": self.encoding_guess} if self.encoding_guess else {})}


@dataclass(frozen=True)
class Overrides:
    """What the user says of every file's mapping (the command line's --map, --role, --scale):
    `fields` {field: column, or "" to leave the field unmapped}, applied where the file has the
    column; `role` forces tickets or survey; `scale` the satisfaction scale (low, high); `keep`
    unmapped columns to keep under their own header (a Pareto by any column of the file)."""
    fields: dict[str, str] = field(default_factory=dict)
    role: str | None = None
    scale: tuple[int, int] | None = None
    keep: list[str] = field(default_factory=list)      # unmapped columns to keep as labels, whatever they hold

    def __bool__(self) -> bool:
        return bool(self.fields or self.role or self.scale or self.keep)

    def apply(self, found: mapping.Mapping, columns: list[str]) -> mapping.Mapping:
        """`found` with the user's choices: a column the user maps leaves the field it had."""
        fields = dict(found.fields)
        drivers = list(found.drivers)
        why = dict(found.why)
        for name, column in self.fields.items():
            if not column:
                fields.pop(name, None)
                why.pop(name, None)
                continue
            if column not in columns:
                continue
            fields = {k: v for k, v in fields.items() if v != column}
            drivers = [d for d in drivers if d != column]
            fields[name] = column
            why[name] = mapping.Evidence(column, name, 1.0, 1.0, "user")
        parts = {k: v for k, v in found.time_parts.items() if k in fields and v not in fields.values()}
        used = set(fields.values()) | set(drivers) | set(parts.values())
        units = {f: found.units[f] if f in found.units and found.fields.get(f) == fields[f]
                 else parse.guess_plain_unit(fields[f], f) for f in mapping.DURATION_FIELDS if f in fields}
        return replace(found, fields=fields, drivers=drivers, time_parts=parts, units=units, why=why,
                       unmapped=[c for c in columns if c not in used],
                       extras=[c for c in dict.fromkeys([*found.extras, *(k for k in self.keep if k in columns)])
                               if c not in used],
                       scale=self.scale or found.scale)


@dataclass
class LoadResult:
    dataset: Dataset | None
    reports: list[FileReport]
    errors: list[ingest.IngestError]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _examples(frame: pd.DataFrame, n: int = 3) -> dict[str, str]:
    return {c: " | ".join(str(v)[:40] for v in frame[c].dropna().unique()[:n]) for c in frame.columns}


def load_files(files: list[tuple[str, bytes]], *, profiles: dict[str, dict] | None = None,
               sheets: dict[str, str] | None = None, now: pd.Timestamp | None = None,
               name: str = "", overrides: Overrides | None = None, encodings: dict[str, str] | None = None,
               inflate_budget: int | None = None) -> LoadResult:
    """Load several files at once into one Dataset.

    `profiles` maps a header signature (ingest.header_signature) to a saved mapping dict;
    `sheets` maps a file name to the sheet to read; `overrides` are the user's mapping choices
    for every file; `encodings` maps a file name to the text encoding the user chose for it
    (a codec name; "*" for every text file); `inflate_budget` is the most bytes a workbook may
    unpack to (default ingest.MAX_INFLATED_BYTES). Unreadable files come back in `errors`."""
    now = now if now is not None else pd.Timestamp.now()
    cleaned, reports, errors = [], [], []
    shared = _shared_layouts(files)
    with intake_returns_memory():
        for index, (file_name, data) in enumerate(files):
            try:
                chosen = (encodings or {}).get(file_name, (encodings or {}).get("*"))
                result, report = _load_one(file_name, data, profiles or {}, (sheets or {}).get(file_name), now,
                                           overrides or Overrides(), index in shared, chosen, inflate_budget)
            except ingest.IngestError as exc:
                errors.append(exc)
                continue
            cleaned.append(result)
            reports.append(report)
        if not cleaned:
            return LoadResult(None, reports, errors)
        dataset = clean.build_dataset(cleaned, name=name or ", ".join(r.file for r in reports), files=reports)
    return LoadResult(dataset, reports, errors)


# glibc's mallopt parameters, and the values its dynamic threshold reaches in a warmed-up
# analysis process (arrays of a million float64 are served from its heaps).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
INTAKE_MMAP_BYTES = 1 << 20
WARM_MMAP_BYTES, WARM_TRIM_BYTES = 32 << 20, 64 << 20


@contextmanager
def intake_returns_memory() -> Iterator[None]:
    """Memory that intake frees goes back to the system at once, so the next step can use it.

    Intake allocates and frees the file's size several times over: raw text, trimmed copies,
    parsed columns, in Arrow buffers and numpy arrays, from several threads.
    - Arrow's default allocator, mimalloc, keeps freed pages for reuse, which pandas' own arrays
      cannot use: a 189 MB upload peaked at 1.0 GB for 0.65 GB live. During intake Arrow
      allocates from jemalloc told to hand freed pages back at once (decay 0), and the default
      pool comes back after (two loads at once may leave jemalloc the default, which is harmless).
    - glibc serves numpy's arrays of a few MB from per-thread heaps and keeps them there when
      freed: a 146 MB GB18030 file peaked 50-100 MB higher. During intake arrays from 1 MB up
      are mapped and unmapped instead. After it, the thresholds a warmed-up process reaches
      come back: mapping every array costs the analysis pages a quarter more time.
    bench/RESULTS.md (Intake) has the figures."""
    mallopt = _mallopt()
    mallopt(M_MMAP_THRESHOLD, INTAKE_MMAP_BYTES)
    try:
        with _arrow_from_jemalloc():
            yield
    finally:
        mallopt(M_MMAP_THRESHOLD, WARM_MMAP_BYTES)
        mallopt(M_TRIM_THRESHOLD, WARM_TRIM_BYTES)


@contextmanager
def _arrow_from_jemalloc() -> Iterator[None]:
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:          # pyarrow built without jemalloc (Windows wheels)
        yield
        return
    previous = pa.default_memory_pool()
    pa.jemalloc_set_decay_ms(0)
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


@functools.cache
def _mallopt() -> Callable[[int, int], int]:
    """glibc's mallopt, or a stand-in that does nothing where malloc is not glibc's."""
    try:
        return ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):    # macOS, Windows
        return lambda param, value: 0


def _shared_layouts(files: list[tuple[str, bytes]]) -> set[int]:
    """Positions of the files whose header layout another file of the upload has too (their
    rows are hashed whole to find repeats across them). Workbooks and Parquet files are not
    peeked at: they count as sharing when there are two or more of them."""
    if len(files) < 2:
        return set()
    layouts = [ingest.peek_columns(data, name) for name, data in files]
    keys = [ingest.header_signature(c) if c is not None else None for c in layouts]
    unknown = [i for i, k in enumerate(keys) if k is None]
    shared = {i for i, k in enumerate(keys) if k is not None and keys.count(k) > 1}
    return shared | (set(unknown) if len(unknown) > 1 else set())


def _load_one(file_name: str, data: bytes, profiles: dict[str, dict], sheet: str | None,
              now: pd.Timestamp, overrides: Overrides, hash_rows: bool = False, encoding: str | None = None,
              inflate_budget: int | None = None) -> tuple[clean.Cleaned, FileReport]:
    """Read, map and clean one file. The raw table lives only here: it is freed before the files
    are stacked, so a large upload does not hold its raw cells beside the cleaned frame."""
    raw = ingest.read_table(data, file_name, sheet, encoding=encoding, inflate_budget=inflate_budget)
    signature = ingest.header_signature(raw.columns)
    saved = profiles.get(signature)
    widened = None
    sample = raw.sample()
    if not (saved or overrides.role == mapping.TICKETS):
        long = longform.detect(sample)
        if long is not None:        # one row per answer: one row per response, a column per question
            raw, widened = longform.widen(raw, long)
            sample = raw.sample()
    columns, n_rows = raw.columns, raw.n_rows
    found = map_file(raw, saved, overrides, sample)
    if not found.fields and not found.drivers:
        raise ingest.IngestError(file_name, "none of its columns looks like a ticket or survey field "
                                 f"(columns: {', '.join(map(str, columns[:8]))}); map them by hand")
    examples = _examples(raw.head(200))
    result = clean.clean(raw, found, now, hash_rows)      # takes the columns out of `raw`
    result.signature = signature
    if saved and not (overrides.role and overrides.role != saved.get("role")):
        result.notes["saved_mapping"] = True       # read with a remembered mapping, not the automatic one
    if widened:
        result.notes["long_survey"] = widened
    for name, column in found.refused.items():
        values = [v for v in examples.get(column, "").split(" | ") if v]
        result.issues.insert(0, QualityIssue("refused_column", file_name, column, np.array([], dtype=np.int64),
                                             values, total=n_rows, field=name))
    if raw.malformed:
        rows = np.array([r for r, _ in raw.malformed if r is not None], dtype=np.int64)
        result.issues.insert(0, QualityIssue("malformed_row", file_name, None, rows,
                                             [t for _, t in raw.malformed]))
    if raw.undecodable is not None and len(raw.undecodable):
        # rows in another encoding than the rest of the file: left out, numbered, never mojibake
        result.issues.insert(0, QualityIssue("undecodable_row", file_name, None, np.asarray(raw.undecodable),
                                             []))
    for header, rows, count in raw.decimal_commas:
        # a hint, not a problem: the numbers are read, and the user is told how
        result.issues.insert(0, QualityIssue("decimal_comma", file_name, header, rows, [], total=count))
    for header, names in raw.duplicate_headers:
        # two columns under one header: both kept, the second under the name shown, and said so
        result.issues.insert(0, QualityIssue("duplicate_header", file_name, header,
                                             np.array([raw.header_row], dtype=np.int64), [" | ".join(names)]))
    report = FileReport(file_name, found.role, raw.format, raw.encoding, raw.delimiter, raw.sheet, raw.sheets,
                        raw.header_row, n_rows, columns, found, signature, result.notes,
                        examples, raw.encoding_guess.to_json() if raw.encoding_guess else {})
    return result, report


def map_file(raw: ingest.RawTable, saved: dict | None = None, overrides: Overrides | None = None,
             sample: pd.DataFrame | None = None) -> mapping.Mapping:
    """The mapping of one file: the saved profile for its headers when there is one (its label
    columns worked out again), else the automatic one; then the user's overrides (a role they
    force maps the file again as that role). `sample`: raw.sample(), when already taken."""
    overrides = overrides or Overrides()
    sample = raw.sample() if sample is None else sample
    known = vendors.recognise(raw.columns, raw.codes)

    def automatic(role: str | None) -> mapping.Mapping:
        if known is None:
            return mapping.auto_map(sample, role=role)
        return mapping.auto_map(sample, role=role or known.role, product=vendors.product_map(known, raw.columns, raw.codes),
                                product_name=known.product)
    if saved:
        found = mapping.Mapping.from_dict(saved, raw.columns)
        if overrides.role and overrides.role != found.role:
            found = automatic(overrides.role)
        else:
            found.extras = mapping.label_columns(found.unmapped, {c: profile(sample[c]) for c in found.unmapped})
    else:
        found = automatic(overrides.role)
    return overrides.apply(found, raw.columns) if overrides else found
