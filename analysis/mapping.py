"""Which column of a file feeds which field of the canonical schema, and why.

Each column is scored for each field twice: by its header (an alias of the field, whole words of
one inside a longer header, a typo of one) and by its values (:mod:`analysis.profile`: a creation
time must read as timestamps, a status must hold status words, an id must be unique per row). A
column whose values cannot be the field never gets it, whatever its header says; a column whose
header names nothing may still get a field its values make plain (a column of "Phone", "Chat",
"Email" is the channel). Where two columns compete for a field, the better one wins and the other
is kept as the alternative the Data page offers.

The mapping the user corrects on the Data page (or with ``--map`` on the command line) is kept as
a profile keyed by the file's headers and used as it is the next time.
"""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field

import pandas as pd

from . import parse, schema
from .profile import ColumnProfile, profile

TICKETS, SURVEY = "tickets", "survey"
# Fields only a ticket log has: a file with one of them (named outright) is a ticket file.
TICKET_ONLY = {"first_response_at", "resolved_at", "closed_at", "updated_at", "channel", "priority", "agent",
               "handle_time", "first_response_time", "resolution_time", "status", "first_contact_resolved",
               "answered", "abandoned", "reopened", "transfers"}
DURATION_FIELDS = ("first_response_time", "resolution_time", "handle_time")
PRIORITY_CODES = "priority_codes"                 # Mapping.options key: how bare priority codes read
MOST_URGENT_FIRST, LEAST_URGENT_FIRST = "1_most_urgent", "1_least_urgent"

MIN_SCORE = 0.45        # a column feeds a field only from this score up
NAMED_DURATION = 0.75   # a header this close to a duration's alias keeps the field through negative values
STRONG = 0.9            # a header this close to an alias names the field outright
VALUE_WEIGHT = 0.5      # the values' share of a score, beside the header's (0–1 each)
VALUE_ONLY = 0.25       # the most a header that names nothing adds: values alone rank below any alias
FUZZY = 0.88            # difflib ratio from which a word is a typo of an alias word ("statisfaction")
HIGH, MEDIUM, LOW = "high", "medium", "low"


@dataclass(frozen=True)
class Evidence:
    """Why a column could feed a field: `header` (0–1, how well the header names the field; `how`
    says by what) and `values` (0–1, how well the values fit it)."""
    column: str
    field: str
    header: float
    values: float
    how: str             # exact | alias | words | typo | product | values | user

    @property
    def score(self) -> float:
        if self.how == "values":
            return VALUE_ONLY * (1 + self.values)
        return self.header + VALUE_WEIGHT * self.values

    @property
    def confidence(self) -> str:
        if self.how in ("user", "product") or (self.header >= 0.9 and self.values >= 0.5):
            return HIGH
        return MEDIUM if self.how in ("exact", "alias", "words", "typo") and self.score >= 0.8 else LOW


@dataclass
class Mapping:
    """How one file's columns feed the canonical schema."""
    role: str                                        # "tickets" | "survey"
    fields: dict[str, str] = field(default_factory=dict)   # canonical field -> source header
    drivers: list[str] = field(default_factory=list)       # survey sub-rating columns
    unmapped: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)    # duration field -> unit of bare numbers
    time_parts: dict[str, str] = field(default_factory=dict)   # timestamp field -> its time-of-day column
    options: dict[str, str] = field(default_factory=dict)  # PRIORITY_CODES -> how bare codes read
    scale: tuple[int, int] | None = None             # the satisfaction scale, when the user gave it
    product: str | None = None                       # the known export the file was read as
    extras: list[str] = field(default_factory=list)  # unmapped label columns kept under their own header
    why: dict[str, Evidence] = field(default_factory=dict)         # field (or a driver column) -> evidence
    alternatives: dict[str, list[str]] = field(default_factory=dict)   # field -> other columns that fit
    possible: dict[str, list[str]] = field(default_factory=dict)   # field -> columns whose values could be it
    refused: dict[str, str] = field(default_factory=dict)  # field -> the column named for it whose values cannot be it

    def to_dict(self) -> dict:
        """What a saved profile keeps: the user's choices (why and alternatives are worked out again)."""
        out = {"role": self.role, "fields": dict(self.fields), "drivers": list(self.drivers),
               "units": dict(self.units), "time_parts": dict(self.time_parts), "options": dict(self.options)}
        if self.scale is not None:
            out["scale"] = list(self.scale)
        return out

    @classmethod
    def from_dict(cls, data: dict, columns: list[str]) -> Mapping:
        fields = {k: v for k, v in data.get("fields", {}).items() if v in columns}
        drivers = [d for d in data.get("drivers", []) if d in columns]
        parts = {k: v for k, v in data.get("time_parts", {}).items() if v in columns and k in fields}
        used = set(fields.values()) | set(drivers) | set(parts.values())
        scale = tuple(data["scale"]) if data.get("scale") else None
        why = {f: Evidence(c, f, 1.0, 1.0, "user") for f, c in fields.items()}
        return cls(data.get("role", TICKETS), fields, drivers, [c for c in columns if c not in used],
                   dict(data.get("units", {})), parts, dict(data.get("options", {})), scale, why=why)

    @property
    def columns_used(self) -> set[str]:
        return set(self.fields.values()) | set(self.drivers) | set(self.time_parts.values())


# --- the header's evidence ---------------------------------------------------------------------
def _weighted_aliases() -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for name, aliases in schema.ALIASES.items():
        out.setdefault(name, []).extend((a, 1.0) for a in [name, *aliases])
    for name, weak in schema.WEAK_ALIASES.items():
        out.setdefault(name, []).extend(weak.items())
    return out


ALIASES = _weighted_aliases()
EXACT: dict[str, dict[str, float]] = {}          # normalised alias -> {field: weight}
for _field, _aliases in ALIASES.items():
    for _alias, _weight in _aliases:
        _slot = EXACT.setdefault(schema.normalise_header(_alias), {})
        _slot[_field] = max(_slot.get(_field, 0.0), _weight)
ALIAS_WORDS = {f: [(schema.header_words(a), schema.normalise_header(a), w, schema.has_cjk(a)) for a, w in aliases]
               for f, aliases in ALIASES.items()}
NOT_CJK = {f: [b for b in words if schema.has_cjk(b)] for f, words in schema.NOT_WORDS.items()}


@functools.lru_cache(maxsize=65536)
def _typo(word: str, wanted: str) -> bool:
    """Whether `word` is `wanted` misspelt (a letter added, dropped or swapped): long words only,
    of about the same length and first letter, then difflib's ratio."""
    if len(word) < 6 or len(wanted) < 6 or abs(len(word) - len(wanted)) > 2 or word[0] != wanted[0]:
        return False
    return difflib.SequenceMatcher(None, word, wanted).ratio() >= FUZZY


@functools.lru_cache(maxsize=8192)
def header_evidence(header: str, name: str) -> tuple[float, str]:
    """(0–1, how) for `header` naming field `name`: an exact alias scores its weight; an alias
    whose every word stands in the header scores less the more other words the header has
    ("Speed of answer in seconds" holds "speed of answer"); a Chinese alias counts by the share
    of the header it covers. A word of schema.NOT_WORDS rules the header out."""
    norm = schema.normalise_header(header)
    words = schema.header_words(header)
    if not norm:
        return 0.0, ""
    exact = EXACT.get(norm, {}).get(name)
    if exact is not None:
        return exact, "exact"
    banned = schema.NOT_WORDS.get(name, set())
    if any(w in banned for w in words) or any(b in norm for b in NOT_CJK.get(name, ())):
        return 0.0, ""
    best, how = 0.0, ""
    present = set(words)
    for alias_words, alias_norm, weight, cjk in ALIAS_WORDS[name]:
        if cjk:
            if len(alias_norm) >= 2 and alias_norm in norm and (len(alias_norm) >= 3 or 2 * len(alias_norm) > len(norm)):
                score, kind = weight * (0.6 + 0.35 * len(alias_norm) / len(norm)), "alias"
            else:
                continue
        elif all(w in present for w in alias_words):
            score, kind = weight * (0.6 + 0.35 * len(alias_words) / max(len(words), 1)), "words"
        elif all(w in present or any(_typo(x, w) for x in words) for w in alias_words):
            score, kind = 0.9 * weight * (0.6 + 0.35 * len(alias_words) / max(len(words), 1)), "typo"
        else:
            continue
        if score > best:
            best, how = score, kind
    return best, how


def match_header(header: str) -> tuple[str | None, int]:
    """(the field a header names best, 2 for an exact alias, 1 for a partial one, 0 for none), by
    the header alone (the Data page's first guess for a column nobody mapped)."""
    scored = [(header_evidence(header, name), name) for name in ALIASES]
    (score, how), name = max(scored, key=lambda x: x[0][0])
    if score < MIN_SCORE:
        return None, 0
    return name, 2 if how == "exact" and score >= 1.0 else 1


# --- the values' evidence -------------------------------------------------------------------
def value_fit(name: str, p: ColumnProfile, header_score: float = 0.0) -> float | None:
    """How well values profiled as `p` fit field `name` (0–1); None when they cannot be it."""
    kind = schema.TICKET_FIELDS.get(name) or schema.SURVEY_FIELDS.get(name)
    if p.empty:
        return 0.0                      # an empty column: the header alone decides (nothing to contradict it)
    strong = header_score >= STRONG
    if kind == schema.TIMESTAMP:
        if p.stamp >= 0.8:
            return 1.0 - 0.3 * p.date_only
        if p.serial >= 0.8 and strong:
            return 0.7                  # Excel's date serials (45780.5): numbers, unless the header names a time
        return None
    if kind == schema.DURATION:
        # Negative values veto a duration unless the header names one ("Handle time (min)" 0.83):
        # then they are slips (a clock reset, stamps typed in the wrong order) that the cleaner
        # reports row by row as negative durations.
        if p.stamp >= 0.3 or p.ampm >= 0.3 or (p.low is not None and p.low < 0 and header_score < NAMED_DURATION):
            return None
        if p.numeric + p.duration < 0.8:
            return None
        return 0.5 + 0.5 * min(1.0, p.duration + p.clock)
    if kind == schema.BOOL:
        if p.flag >= 0.9:
            return 1.0
        if p.integer >= 0.99 and p.low is not None and p.low >= 0 and p.high <= 1 and strong:
            return 0.6
        return None
    if kind == schema.COUNT:
        if p.integer >= 0.95 and p.low is not None and p.low >= 0 and p.high <= 1000:
            return 0.8
        return 0.5 if p.flag >= 0.9 else None
    if kind == schema.SCORE:
        fit = p.score
        if fit is None or fit.share < 0.9 or (fit.codes < 2 and p.n >= 10):
            return None
        if name == "nps" and fit.scale[1] != 10 and not strong:
            return None                 # 0–10 (a survey that saw no 0 reads as 1–10)
        if p.unique > 0.5 and p.n >= 50:
            return None                 # an id or a measure, not answers on a scale
        return 0.6 + 0.4 * fit.labelled if name == "csat" else 0.8
    if kind == schema.ID:
        if p.stamp >= 0.3 or p.text >= 0.3 or p.flag >= 0.5:
            return None
        if name == "ticket_id":
            if p.unique < 0.9 and not strong:
                return None             # repeats: an event log's id needs a header that says so
            if p.score is not None and p.distinct <= 11:
                return None
            return 0.4 + 0.4 * min(p.unique, 1.0) + 0.2 * p.idlike
        if p.score is not None and p.distinct <= 11 and p.email < 0.5:
            return None                 # a rating or a small code, not a customer
        return 0.5 + 0.3 * p.email + 0.2 * max(p.idlike, p.namelike)
    if kind == schema.TEXT:
        if max(p.stamp, p.date_shaped) >= 0.5 or p.numeric >= 0.5 or p.flag >= 0.5:
            return None
        if p.n >= 50 and p.unique < 0.1 and p.text < 0.5 and not strong:
            return None                 # a handful of labels: a category, not a description
        return 0.3 + 0.4 * p.text + 0.3 * min(1.0, p.unique * 2)
    # category-like fields: labels, not times, clocks, durations or measures
    if p.stamp >= 0.5 or p.clock >= 0.5 or p.duration >= 0.5 or (p.n >= 50 and p.unique > 0.9) \
            or (p.text >= 0.5 and p.unique > 0.5):
        return None
    if p.numeric >= 0.8 and name not in ("priority", "status", "customer_type"):
        return None
    vocab = p.vocab
    if name == "channel":
        if vocab.get("place", 0) >= 0.5:
            return None
        return 0.4 + 0.6 * vocab.get("channel", 0)
    if name == "priority":
        hit = vocab.get("priority", 0)
        if hit < 0.3 and not strong:
            return None
        return 0.3 + 0.7 * hit
    if name == "status":
        hit = vocab.get("status", 0)
        if vocab.get("place", 0) >= 0.5 or (hit < 0.25 and not (strong and hit > 0)):
            return None
        return 0.2 + 0.8 * hit
    if name == "customer_type":
        return 0.4 + 0.6 * vocab.get("customer_type", 0)
    if name == "agent":
        if max(vocab.get("channel", 0), vocab.get("status", 0), vocab.get("priority", 0)) >= 0.6:
            return None
        return 0.4 + 0.4 * p.namelike + 0.2 * (1 - p.idlike)
    # request_type, category, reason: any short vocabulary of labels that is not another kind's
    if max(vocab.get("status", 0), vocab.get("place", 0), vocab.get("channel", 0)) >= 0.6:
        return None
    return 0.5 + 0.3 * p.namelike


# Fields a column may get from its values alone (its header naming nothing), and the least fit.
VALUES_ALONE: dict[str, float] = {"channel": 0.85, "priority": 0.9, "status": 0.85, "customer_type": 0.9,
                                  "description": 0.6, "comment": 0.6, "csat": 0.9}


def _values_alone(name: str, p: ColumnProfile, fit: float) -> bool:
    if name not in VALUES_ALONE or fit < VALUES_ALONE[name]:
        return False
    if name == "channel":          # values alone: the channels' own words, not labels that hold one
        return p.distinct <= 30 and p.vocab.get("channel_exact", 0) >= 0.6
    if name == "priority":
        return p.numeric < 0.5            # worded priorities; bare 1–4 codes need a header
    if name == "csat":
        return p.vocab.get("satisfaction", 0) >= 0.6
    if name in ("description", "comment"):
        return p.text >= 0.6                # sentences, even canned ones that repeat
    return True


# --- the whole file ---------------------------------------------------------------------------
def evidence(frame: pd.DataFrame, profiles: dict[str, ColumnProfile] | None = None,
             product: dict[str, str | None] | None = None) -> list[Evidence]:
    """Every (column, field) pairing the header or the values support, vetoes applied.
    `product`: a known export's {header: field} (analysis.vendors), which outranks the aliases."""
    profiles = profiles if profiles is not None else {c: profile(frame[c]) for c in frame.columns}
    names = list(dict.fromkeys([*schema.TICKET_FIELDS, *schema.SURVEY_FIELDS]))
    found = []
    for column in frame.columns:
        p = profiles[column]
        known = (product or {}).get(column, ...)
        for name in names:
            if known is not ...:
                header, how = (1.0, "product") if known == name else (0.0, "")
                if known is not None and known != name:
                    continue
            else:
                header, how = header_evidence(column, name)
            fit = value_fit(name, p, header)
            if fit is None:
                continue
            if header > 0:
                found.append(Evidence(column, name, header, fit, how))
            elif known is ... and _values_alone(name, p, fit):
                found.append(Evidence(column, name, 0.0, fit, "values"))
    return found


def _role(found: list[Evidence], frame: pd.DataFrame, profiles: dict[str, ColumnProfile]) -> str:
    """Tickets when a field only a ticket log has is named outright (or the file has a creation
    time by a creation word); a survey when it has ratings and none of those; tickets otherwise."""
    for e in found:
        if e.how != "values" and e.score >= 0.75 and (
                e.field in TICKET_ONLY or (e.field == "created_at" and e.header >= 0.9)):
            return TICKETS
    if any(profiles[c].score is not None and value_fit("csat", profiles[c]) is not None for c in frame.columns):
        return SURVEY
    return TICKETS


def auto_map(frame: pd.DataFrame, role: str | None = None, product: dict[str, str | None] | None = None,
             product_name: str | None = None) -> Mapping:
    """The automatic mapping of a raw table (a sample of its rows is enough): every column
    profiled, every pairing scored, the role decided, then fields given best score first (a
    column feeds one field; a field takes one column), a date column's separate time-of-day
    column joined to it, and for a survey every other rating column made a driver."""
    profiles = {c: profile(frame[c]) for c in frame.columns}
    found = evidence(frame, profiles, product)
    role = role or _role(found, frame, profiles)
    allowed = schema.TICKET_FIELDS if role == TICKETS else schema.SURVEY_FIELDS
    position = {c: i for i, c in enumerate(frame.columns)}
    ranked = sorted((e for e in found if e.field in allowed and e.score >= MIN_SCORE),
                    key=lambda e: (-e.score, e.how != "exact", position[e.column]))
    fields: dict[str, str] = {}
    why: dict[str, Evidence] = {}
    for e in ranked:
        if e.field in fields or e.column in fields.values():
            continue
        fields[e.field] = e.column
        why[e.field] = e
    alternatives = {f: [e.column for e in ranked if e.field == f and e.column != c] for f, c in fields.items()}
    possible = {name: _possible(name, ranked, frame.columns, profiles, set(fields.values())) for name in allowed}
    parts = _time_parts(fields, frame.columns, profiles)
    used = set(fields.values()) | set(parts.values())
    drivers = []
    if role == SURVEY:
        drivers = [c for c in frame.columns if c not in used and profiles[c].score is not None
                   and value_fit("csat", profiles[c]) is not None]
        named = why.get("csat")
        if named is not None and named.header < STRONG:
            # "How satisfied are you with … [Library]": one of several ratings, not the overall
            # score; the outcome is the first rating unless a column names the overall score
            drivers.append(fields.pop("csat"))
            del why["csat"]
            drivers.sort(key=position.get)
        if "csat" not in fields and drivers:      # no column names the overall score: the first rating is it
            first = drivers.pop(0)
            fields["csat"] = first
            why["csat"] = Evidence(first, "csat", 0.0, value_fit("csat", profiles[first]) or 0.0, "values")
        for d in drivers:
            why[f"driver:{d}"] = Evidence(d, "driver", 0.0, value_fit("csat", profiles[d]) or 0.0, "values")
    used = set(fields.values()) | set(parts.values()) | set(drivers)
    units = {f: parse.guess_plain_unit(fields[f], f) for f in DURATION_FIELDS if f in fields}
    options = {}
    if "priority" in fields and profiles[fields["priority"]].numeric >= 0.9:
        options[PRIORITY_CODES] = MOST_URGENT_FIRST
    unmapped = [c for c in frame.columns if c not in used]
    refused = {}
    for column in unmapped:       # named outright for a field its values cannot be, and nothing else took it
        for name in allowed:
            if name not in fields and name not in refused and header_evidence(column, name)[0] >= STRONG \
                    and value_fit(name, profiles[column], 1.0) is None:
                refused[name] = column
    return Mapping(role, fields, drivers, unmapped, units, parts, options, None, product_name,
                   label_columns(unmapped, profiles), why, alternatives, possible, refused)


MAX_EXTRA_LABELS = 100     # an unmapped column with at most this many distinct values (in the sample) is kept


def label_columns(columns: list[str], profiles: dict[str, ColumnProfile]) -> list[str]:
    """The unmapped columns worth keeping as labels (a Pareto or a filter by "Topic", "City",
    "Product"): a short vocabulary of words, not free text, times or measures."""
    return [c for c in columns if (p := profiles[c]).n and p.stamp < 0.5 and p.text < 0.5
            and (p.distinct <= MAX_EXTRA_LABELS or p.unique <= 0.2) and (p.numeric < 0.5 or p.distinct <= 20)]


def _possible(name: str, ranked: list[Evidence], columns, profiles: dict[str, ColumnProfile], used: set[str]) -> list[str]:
    """Columns not feeding a field whose values could be `name` (those a header also points to
    first): what a page says might supply a figure that is empty. Labels and text are left to
    headers; a bare number is a duration only where the header says so."""
    kind = schema.TICKET_FIELDS.get(name) or schema.SURVEY_FIELDS.get(name)
    named = [e.column for e in ranked if e.field == name]
    if kind in (schema.TIMESTAMP, schema.BOOL, schema.SCORE):
        by_values = [c for c in columns if value_fit(name, profiles[c]) is not None and profiles[c].n]
        if kind == schema.TIMESTAMP and name not in ("created_at", "responded_at"):
            # a response or a resolution within the day needs its time: dates alone do not supply it
            by_values = [c for c in by_values if profiles[c].date_only < 0.8]
    elif kind == schema.DURATION:
        by_values = [c for c in columns if value_fit(name, profiles[c]) is not None and profiles[c].duration >= 0.5]
    else:
        by_values = []
    return [c for c in dict.fromkeys([*named, *by_values]) if c not in used]


def _time_parts(fields: dict[str, str], columns, profiles: dict[str, ColumnProfile]) -> dict[str, str]:
    """A date column (created_at, responded_at) with no time of day, completed by a column of
    times of day the header calls a time ("Date" + "Time" of a call log)."""
    parts = {}
    used = set(fields.values())
    for name in ("created_at", "responded_at"):
        column = fields.get(name)
        if column is None or profiles[column].date_only < 0.8:
            continue
        for other in columns:
            if other in used or profiles[other].clock < 0.9:
                continue
            norm = schema.normalise_header(other)
            words = schema.header_words(other)
            if norm in {schema.normalise_header(a) for a in schema.TIME_PART_ALIASES} or "time" in words:
                parts[name] = other
                used.add(other)
                break
    return parts


# --- what the Data page says of each column ----------------------------------------------------
FIELD, DRIVER, TIME_PART, KEPT, UNUSED = "field", "driver", "time_part", "kept", "unused"
VALUE_KINDS = {schema.TIMESTAMP: "timestamps", schema.DURATION: "durations", schema.BOOL: "flags",
               schema.SCORE: "ratings", schema.ID: "ids", schema.CATEGORY: "labels", schema.TEXT: "text",
               schema.COUNT: "counts"}


@dataclass(frozen=True)
class ColumnUse:
    """One column of a file as the Data page lists it: what it feeds (`use`: field, driver,
    time_part, kept as a label, unused; `field` the field or the date column a time part joins),
    by what (`how`: exact, words, typo, product, values, user), how sure (`confidence`), what its
    values read as (`value_kind`) and the other columns that could feed the same field."""
    column: str
    use: str
    field: str | None = None
    how: str | None = None
    confidence: str | None = None
    value_kind: str | None = None
    alternatives: tuple[str, ...] = ()


def explain(found: Mapping, columns: list[str]) -> list[ColumnUse]:
    """Every column of the file with what it feeds and why (see ColumnUse), in the file's order."""
    by_column = {c: f for f, c in found.fields.items()}
    parts = {c: f for f, c in found.time_parts.items()}
    out = []
    for column in columns:
        if column in by_column:
            name = by_column[column]
            e = found.why.get(name)
            kind = schema.TICKET_FIELDS.get(name) or schema.SURVEY_FIELDS.get(name)
            out.append(ColumnUse(column, FIELD, name, e.how if e else None, e.confidence if e else None,
                                 VALUE_KINDS.get(kind), tuple(found.alternatives.get(name, []))))
        elif column in found.drivers:
            e = found.why.get(f"driver:{column}")
            out.append(ColumnUse(column, DRIVER, None, e.how if e else "user", e.confidence if e else HIGH, "ratings"))
        elif column in parts:
            out.append(ColumnUse(column, TIME_PART, parts[column], "values", MEDIUM, "clock"))
        elif column in found.extras:
            out.append(ColumnUse(column, KEPT, value_kind="labels"))
        else:
            out.append(ColumnUse(column, UNUSED))
    return out


def switched(found: Mapping, name: str, column: str) -> Mapping:
    """`found` with `column` feeding `name` instead of its current column (one click on the Data
    page): the column leaves the field or driver list it was in, and its old field takes the
    column `name` had when that column could feed it."""
    fields = dict(found.fields)
    previous = fields.get(name)
    old_field = next((f for f, c in fields.items() if c == column), None)
    fields = {f: c for f, c in fields.items() if c != column}
    fields[name] = column
    if old_field and previous and previous in found.alternatives.get(old_field, []):
        fields[old_field] = previous
    drivers = [d for d in found.drivers if d != column]
    parts = {f: c for f, c in found.time_parts.items() if c != column and f in fields}
    why = {**found.why, name: Evidence(column, name, 1.0, 1.0, "user")}
    return Mapping(found.role, fields, drivers, [], dict(found.units), parts, dict(found.options), found.scale,
                   found.product, list(found.extras), why)
