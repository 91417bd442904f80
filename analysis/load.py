"""From uploaded files to a Dataset: read, map, clean, stack and join, in one call that the app
and the command line share. A file that cannot be read is reported and skipped; the others load."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import clean, ingest, mapping
from .dataset import Dataset
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

    def to_json(self) -> dict:
        return {"file": self.file, "role": self.role, "format": self.format, "encoding": self.encoding,
                "delimiter": self.delimiter, "sheet": self.sheet, "header_row": self.header_row,
                "rows": self.rows, "mapping": dict(self.mapping.fields), "drivers": list(self.mapping.drivers)}


@dataclass
class LoadResult:
    dataset: Dataset | None
    reports: list[FileReport]
    errors: list[ingest.IngestError]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _examples(frame: pd.DataFrame, n: int = 3) -> dict[str, str]:
    head = frame.head(200)
    return {c: " | ".join(str(v)[:40] for v in head[c].dropna().unique()[:n]) for c in frame.columns}


def load_files(files: list[tuple[str, bytes]], *, profiles: dict[str, dict] | None = None,
               sheets: dict[str, str] | None = None, now: pd.Timestamp | None = None,
               name: str = "") -> LoadResult:
    """Load several files at once into one Dataset.

    `profiles` maps a header signature (ingest.header_signature) to a saved mapping dict;
    `sheets` maps a file name to the sheet to read. Unreadable files come back in `errors`."""
    profiles = profiles or {}
    sheets = sheets or {}
    now = now if now is not None else pd.Timestamp.now()
    cleaned, reports, errors = [], [], []
    for file_name, data in files:
        try:
            raw = ingest.read_table(data, file_name, sheets.get(file_name))
        except ingest.IngestError as exc:
            errors.append(exc)
            continue
        signature = ingest.header_signature(list(raw.frame.columns))
        profile = profiles.get(signature)
        found = (mapping.Mapping.from_dict(profile, list(raw.frame.columns)) if profile
                 else mapping.auto_map(raw.frame))
        if not found.fields and not found.drivers:
            errors.append(ingest.IngestError(file_name, "none of its columns looks like a ticket or survey field "
                                             f"(columns: {', '.join(map(str, raw.frame.columns[:8]))}); map them by hand"))
            continue
        result = clean.clean(raw, found, now)
        if raw.malformed:
            rows = np.array([r for r, _ in raw.malformed if r is not None], dtype=np.int64)
            result.issues.insert(0, QualityIssue("malformed_row", file_name, None, rows,
                                                 [t for _, t in raw.malformed]))
        cleaned.append(result)
        reports.append(FileReport(file_name, found.role, raw.format, raw.encoding, raw.delimiter, raw.sheet,
                                  raw.sheets, raw.header_row, len(raw.frame), list(raw.frame.columns), found,
                                  signature, result.notes, _examples(raw.frame)))
    if not cleaned:
        return LoadResult(None, reports, errors)
    dataset = clean.build_dataset(cleaned, name=name or ", ".join(r.file for r in reports), files=reports)
    return LoadResult(dataset, reports, errors)
