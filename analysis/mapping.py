"""Matching a file's headers onto the canonical schema, and telling ticket files from surveys.

The automatic mapping comes from the aliases in :mod:`analysis.schema`; the user confirms or
corrects it, and a corrected mapping is kept as a profile keyed by the file's headers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import parse, schema

TICKETS, SURVEY = "tickets", "survey"
# Fields that only a ticket log has; a file with any of them is a ticket file.
TICKET_ONLY = {"created_at", "first_response_at", "resolved_at", "channel", "priority", "agent",
               "handle_time", "first_response_time", "resolution_time", "status", "first_contact_resolved"}
# A contained alias must be this long and cover this share of the header to count.
MIN_CONTAINED_ALIAS = 3
MIN_CONTAINED_SHARE = 0.5


@dataclass
class Mapping:
    """How one file's columns feed the canonical schema."""
    role: str                                        # "tickets" | "survey"
    fields: dict[str, str] = field(default_factory=dict)   # canonical field -> source header
    drivers: list[str] = field(default_factory=list)       # survey sub-rating columns
    unmapped: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)    # duration field -> unit of bare numbers

    def to_dict(self) -> dict:
        return {"role": self.role, "fields": dict(self.fields), "drivers": list(self.drivers),
                "units": dict(self.units)}

    @classmethod
    def from_dict(cls, data: dict, columns: list[str]) -> "Mapping":
        fields = {k: v for k, v in data.get("fields", {}).items() if v in columns}
        drivers = [d for d in data.get("drivers", []) if d in columns]
        used = set(fields.values()) | set(drivers)
        return cls(data.get("role", TICKETS), fields, drivers, [c for c in columns if c not in used],
                   dict(data.get("units", {})))


def match_header(header: str) -> tuple[str | None, int]:
    """(canonical field, quality) for one header: 2 exact alias, 1 alias contained, 0 none."""
    norm = schema.normalise_header(header)
    if not norm:
        return None, 0
    if norm in schema.ALIAS_INDEX:
        return schema.ALIAS_INDEX[norm], 2
    best, best_len = None, 0
    for alias, canonical in schema.ALIAS_INDEX.items():
        if (len(alias) >= MIN_CONTAINED_ALIAS and alias in norm and len(alias) > best_len
                and len(alias) >= MIN_CONTAINED_SHARE * len(norm)):
            best, best_len = canonical, len(alias)
    return (best, 1) if best else (None, 0)


def _looks_like_durations(values: pd.Series) -> bool:
    sample = values.dropna().head(500)
    if sample.empty:
        return False
    if pd.api.types.is_datetime64_any_dtype(sample):
        return False
    times = parse.parse_timestamps(sample.astype("str"))
    durations = parse.parse_durations(sample)
    return durations.minutes.notna().sum() > times.values.notna().sum()


def _looks_like_scores(values: pd.Series) -> bool:
    sample = values.dropna().head(500)
    if len(sample) < 3:
        return False
    scores = parse.parse_scores(sample)
    ok = scores.values.notna() | scores.out_of_range
    return bool(ok.mean() >= 0.9 and scores.values.nunique() >= 2 and scores.scale[1] <= 10)


def auto_map(frame: pd.DataFrame) -> Mapping:
    """The automatic mapping of a raw table: aliases first (exact beats contained, first
    column wins a tie), then value checks (a "First Response Time" column of durations is a
    duration, not a timestamp), then the file's role, then survey drivers."""
    claims: dict[str, tuple[int, int, str]] = {}
    for position, header in enumerate(frame.columns):
        canonical, quality = match_header(header)
        if canonical is None:
            continue
        key = (quality, -position)
        if canonical not in claims or key > claims[canonical][:2]:
            claims[canonical] = (quality, -position, header)
    fields = {canonical: header for canonical, (_, _, header) in claims.items()}

    for ts_field, dur_field in (("first_response_at", "first_response_time"), ("resolved_at", "resolution_time")):
        header = fields.get(ts_field)
        if header is not None and dur_field not in fields and _looks_like_durations(frame[header]):
            fields[dur_field] = fields.pop(ts_field)

    role = TICKETS if TICKET_ONLY & fields.keys() else SURVEY
    if role == SURVEY and not ({"csat", "nps"} & fields.keys()) and "created_at" not in fields:
        role = TICKETS
    allowed = schema.TICKET_FIELDS if role == TICKETS else schema.SURVEY_FIELDS
    fields = {k: v for k, v in fields.items() if k in allowed}
    used = set(fields.values())
    drivers = []
    if role == SURVEY:
        drivers = [c for c in frame.columns if c not in used and _looks_like_scores(frame[c])]
    units = {f: parse.guess_plain_unit(fields[f], f)
             for f in ("first_response_time", "resolution_time", "handle_time") if f in fields}
    unmapped = [c for c in frame.columns if c not in used and c not in drivers]
    return Mapping(role, fields, drivers, unmapped, units)
