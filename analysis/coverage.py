"""Which families of figures a dataset can support, and, where one cannot be computed, which
field it needs and which columns of the user's files might supply it.

Each family lists the fields it needs as alternatives: response times need a creation time and a
first-response time, *or* a first-response duration. A family is *missing* when none of its
alternatives is there in the data (a mapped column that is blank throughout counts as missing).
The Data page, the pages whose figures would be empty and ``python -m analysis check`` show the
same gaps.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .dataset import Dataset
from .mapping import SURVEY, TICKETS

# family -> alternatives, each a set of fields that together supply it (ticket fields unless noted)
FAMILIES: dict[str, list[tuple[str, ...]]] = {
    "response_time": [("created_at", "first_response_at"), ("first_response_time",)],
    "resolution_time": [("created_at", "resolved_at"), ("created_at", "closed_at"), ("resolution_time",)],
    "handle_time": [("handle_time",)],
    "sla": [("created_at", "first_response_at"), ("created_at", "resolved_at"), ("created_at", "closed_at"),
            ("created_at", "first_response_time"), ("created_at", "resolution_time")],
    "backlog": [("status",), ("resolved_at",), ("closed_at",), ("resolution_time",)],
    "csat": [("csat",), ("nps",)],
    "dates": [("created_at",)],
    "fcr": [("first_contact_resolved",)],
    "complaints": [("request_type",), ("category",)],
    "repeat_contact": [("customer_id", "created_at")],
}
# What each field looks like in the cleaned data (a family is there when one of its columns has values).
EVIDENCE: dict[str, tuple[str, ...]] = {
    "created_at": ("created_at",), "first_response_at": ("first_response_at",), "resolved_at": ("resolved_at",),
    "closed_at": ("closed_at",), "first_response_time": ("frt_min",), "resolution_time": ("resolution_h",),
    "handle_time": ("handle_min",), "status": ("status",), "csat": ("csat",), "nps": ("nps",),
    "first_contact_resolved": ("first_contact_resolved",), "request_type": ("request_type",),
    "category": ("category",), "customer_id": ("customer_id",),
}
# The families a page's figures rest on (its note names only these).
PAGE_FAMILIES: dict[str, tuple[str, ...]] = {
    "overview": ("response_time", "resolution_time", "csat", "backlog", "dates"),
    "operations": ("sla", "backlog", "response_time", "resolution_time"),
    "agents": ("response_time", "handle_time", "csat"),
    "drivers": ("csat",),
    "periods": ("dates",),
    "goals": ("dates",),
}


@dataclass(frozen=True)
class Gap:
    """A family of figures the data cannot supply: the fields it still needs (the alternative
    closest to complete), and per missing field the columns of the files whose values could be
    it (best first; empty when no column could)."""
    family: str
    missing: list[str]
    candidates: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"family": self.family, "missing": list(self.missing),
                "candidates": {k: list(v) for k, v in self.candidates.items()}}


def _present(ds: Dataset, name: str) -> bool:
    frames = [ds.tickets] + ([ds.survey] if ds.survey is not None and name in ("csat", "nps", "customer_id") else [])
    return any(c in f.columns and f[c].notna().any() for f in frames for c in EVIDENCE.get(name, (name,)))


def gaps(ds: Dataset, families: tuple[str, ...] | None = None) -> list[Gap]:
    """The families (all, or these) the dataset cannot compute, with what would supply them."""
    if not len(ds.tickets) and ds.survey is None:
        return []
    has = {name: _present(ds, name) for alternatives in FAMILIES.values() for option in alternatives for name in option}
    out = []
    for family in families or tuple(FAMILIES):
        if family != "csat" and not len(ds.tickets):
            continue          # a survey alone: only its scores are asked of it
        options = FAMILIES[family]
        if any(all(has[n] for n in option) for option in options):
            continue
        closest = min(options, key=lambda option: sum(not has[n] for n in option))
        missing = [n for n in closest if not has[n]]
        out.append(Gap(family, missing, {n: _candidates(ds, n) for n in missing}))
    return out


def _candidates(ds: Dataset, name: str) -> list[str]:
    """Columns of the files (each file's own header) whose values could be the field."""
    found: list[str] = []
    for report in ds.files:
        role = report.mapping.role
        if role not in (TICKETS, SURVEY):
            continue
        for column in report.mapping.possible.get(name, []):
            if column not in found:
                found.append(column)
    return found
