"""What a column's values can be: the evidence mapping weighs beside the header.

A :class:`ColumnProfile` is read off a sample of a column's non-blank values (the first few
hundred, as :meth:`analysis.ingest.RawTable.sample` gives them) and says, as shares of those
values, how many read as timestamps, clock times, durations, numbers, yes/no flags, ratings, free
text or identifiers, and how many of the distinct values belong to each label vocabulary
(channels, priorities, statuses, places …). Nothing here looks at the header: that is
:mod:`analysis.mapping`'s other half. Shares are fractions in [0, 1].
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from . import parse, schema

SAMPLE = 500            # values looked at per column
DISTINCT_LOOKED_AT = 300  # distinct values that the vocabularies are looked up for
MAX_LABELS, LABEL_SHARE = 60, 0.3   # a label column: at most this many distinct values, or this share
# A value shaped like a date: 2024-05-01, 2024/5/1, 2024年5月1日, 22-04-15, 05/Mar/24, Mar 5, 2024, 20240501.
_DATE_SHAPE = re.compile(r"^(?:[A-Za-z]{3,9},?\s*)?(?:\d{4}\s*[-/.年]\s*\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)"
                         r"|\d{1,2}[-/ ]?[A-Za-z]{3,9}[-/ ,]+\d{2,4}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{8}(?:\d{4,6})?$)")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?$")
_AMPM = re.compile(r"[AaPp]\.?[Mm]\.?$")
_AMPM_END = re.compile(r".*[AaPp]\.?[Mm]\.?$")
_DURATION_SHAPE = re.compile(r".*\d\s*(?::|[hmsd天日时分秒]|min|sec|hr|hour|day)", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_IDLIKE = re.compile(r"^(?=.*\d)[\w#./:-]{2,40}$")
_NAMELIKE = re.compile(r"^[^\W\d_][^\d@]{1,60}$")
_CODE_LABEL = re.compile(r"^\s*(\d{1,2})\s*[-–—:：.、)]\s*([^\W\d_][^\d]*)$")   # "3 - Highly Satisfied"
CJK_TEXT = 8        # Chinese has no spaces between words: this many characters make a sentence
SHORT = 40          # ids, stamps, clocks, numbers and e-mails are shorter than this: longer text skips their checks
_PRIORITY_CODE = re.compile(r"^(?:p\s*)?([0-5])$", re.IGNORECASE)


@dataclass(frozen=True)
class ScoreFit:
    """How a column reads as ratings: its scale, the share of values that are a code on it (or a
    "don't know"), and the labels seen ({label: code}) when the answers are worded."""
    scale: tuple[int, int]
    share: float
    labelled: float           # share of values that carry a scale label
    codes: int                # distinct codes seen
    labels: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ColumnProfile:
    """Evidence from a column's values (see the module docstring); `n` is how many were read."""
    n: int
    distinct: int
    unique: float = 0.0        # distinct / n: 1 for an id column
    numeric: float = 0.0       # plain numbers (Excel numbers included)
    integer: float = 0.0       # whole numbers
    low: float | None = None   # the smallest and largest number
    high: float | None = None
    stamp: float = 0.0         # a date, with or without a time of day
    serial: float = 0.0        # a number in the range of Excel's date serials (1954–2119)
    date_only: float = 0.0     # a date with no time of day
    date_shaped: float = 0.0   # shaped like a date, whether or not it reads as one
    clock: float = 0.0         # a time of day or a clock reading alone ("09:12:58", "3:53:50 PM")
    ampm: float = 0.0          # a clock with AM/PM: a time of day, never a duration
    duration: float = 0.0      # a duration written with units or as a clock (bare numbers not counted)
    flag: float = 0.0          # yes/no, Y/N, true/false, 是/否
    text: float = 0.0          # free text: three words or more, or 30 characters and more
    mean_length: float = 0.0
    idlike: float = 0.0        # one token holding a digit (T0001, INC0000045, 728-519150-3355-2-K)
    email: float = 0.0
    namelike: float = 0.0      # words without digits (a person's or a team's name, a label)
    score: ScoreFit | None = None
    vocab: dict[str, float] = field(default_factory=dict)   # vocabulary -> share of distinct values

    @property
    def empty(self) -> bool:
        return self.n == 0


def profile(values: pd.Series) -> ColumnProfile:
    """The profile of a column from (a sample of) its values; blanks are skipped.

    Checks run once per distinct value, in plain Python over a few hundred strings (cheaper than
    a vectorised call's set-up at this size); the parsers the cleaner uses are asked only about
    values already shaped like what they read."""
    values = values.dropna()
    if len(values) > SAMPLE:
        values = values.iloc[:SAMPLE]
    counts: dict[str, int] = {}
    for value in as_text(values):
        text = value.strip()
        if text.casefold() not in parse.BLANKS:
            counts[text] = counts.get(text, 0) + 1
    n = sum(counts.values())
    if n == 0:
        return ColumnProfile(0, 0)
    distinct = list(counts)
    weights = np.fromiter(counts.values(), dtype=float, count=len(distinct)) / n

    def share(flags: list[bool] | np.ndarray) -> float:
        """The share of the values (not of the distinct ones) where `flags` holds per distinct value."""
        return float(weights[np.asarray(flags, dtype=bool)].sum()) if len(distinct) else 0.0

    lengths = np.array([len(v) for v in distinct], dtype=float)
    short = lengths <= SHORT

    def matches(pattern: re.Pattern) -> np.ndarray:
        return np.array([s and bool(pattern.match(v)) for v, s in zip(distinct, short)], dtype=bool)

    numbers = np.array([float(v) if s and _NUMBER.match(v) else np.nan for v, s in zip(distinct, short)])
    number = ~np.isnan(numbers)
    whole = number & (np.mod(np.nan_to_num(numbers), 1) == 0)
    clock = matches(_CLOCK)
    ampm = clock & matches(_AMPM_END)
    digits = np.array([s and any(c.isdigit() for c in v) for v, s in zip(distinct, short)], dtype=bool)
    shaped, stamp, date_only = _stamps(distinct, ~number & digits)
    wordy = np.array([len(v.split()) >= 3 or (len(v) >= CJK_TEXT and schema.has_cjk(v)) or (len(v) >= 30 and " " in v)
                      for v in distinct], dtype=bool)
    folded = [v.casefold() for v in distinct]
    labels = len(distinct) <= MAX_LABELS or len(distinct) <= LABEL_SHARE * n
    looked = [distinct[i] for i in np.argsort(-weights, kind="stable")[:DISTINCT_LOOKED_AT]] if labels else []
    return ColumnProfile(
        n=n, distinct=len(distinct), unique=len(distinct) / n,
        numeric=share(number), integer=share(whole),
        low=float(np.nanmin(numbers)) if number.any() else None,
        high=float(np.nanmax(numbers)) if number.any() else None,
        stamp=share(stamp), date_only=share(date_only), date_shaped=share(shaped), clock=share(clock),
        ampm=share(ampm),
        serial=share(number & (numbers >= parse.EXCEL_SERIAL_RANGE[0]) & (numbers <= parse.EXCEL_SERIAL_RANGE[1])),
        duration=_duration_share(distinct, weights, ~number & ~stamp & ~ampm & matches(_DURATION_SHAPE)),
        flag=share([f in _FLAG_WORDS for f in folded]), text=share(wordy),
        mean_length=float((lengths * weights).sum()),
        idlike=share(matches(_IDLIKE) & ~stamp & ~clock),
        email=share(matches(_EMAIL)),
        namelike=share(matches(_NAMELIKE) & ~wordy),
        score=_score_fit(distinct, folded, weights, numbers, whole),
        vocab=_vocab_shares(looked),
    )


def as_text(values: pd.Series) -> list[str]:
    """Values as the text a file would hold: an Excel reader's typed cells written back
    (3.0 → "3", a datetime at midnight → "2021-01-01", a time → "09:12:58"), text as it is."""
    return [v if isinstance(v, str) else _written(v) for v in values.tolist()]


def _written(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.strftime("%Y-%m-%d" if (value.hour, value.minute, value.second) == (0, 0, 0) else
                              "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta | pd.Timedelta):
        seconds = int(pd.Timedelta(value).total_seconds())
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


# --- timestamps, durations ------------------------------------------------------------------
SHAPED_MIN = 0.3     # the parsers are asked only when this share of the distinct values is shaped for them
STAMP_PROBE = 60     # distinct date-shaped values the timestamp parser reads per column


def _stamps(distinct: list[str], maybe: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct value: whether it is shaped like a date, whether it reads as one (with or
    without a time), and whether as a date alone; values shaped like a date are parsed with the
    parser the cleaner uses."""
    shaped = maybe & np.array([bool(_DATE_SHAPE.search(v)) for v in distinct], dtype=bool)
    stamp = np.zeros(len(distinct), dtype=bool)
    date_only = np.zeros(len(distinct), dtype=bool)
    if shaped.mean() >= SHAPED_MIN:
        where = np.flatnonzero(shaped)
        # a probe of the shaped values (the format search tries a few dozen formats on each)
        probe = where[np.linspace(0, len(where) - 1, min(len(where), STAMP_PROBE)).astype(int)]
        candidates = pd.Series([distinct[i] for i in probe], dtype="str")
        parsed = parse.parse_timestamps(candidates).values
        ok = parsed.notna().to_numpy()
        day = ok & (parsed == parsed.dt.normalize()).to_numpy() & np.array([":" not in distinct[i] for i in probe])
        stamp[probe[ok]] = True
        date_only[probe[day]] = True
        if len(probe) < len(where):         # the rest read as the probe did, when it read alike
            rest = np.setdiff1d(where, probe)
            stamp[rest] = ok.mean() >= 0.9
            date_only[rest] = day.mean() >= 0.9
    return shaped, stamp, date_only


def _duration_share(distinct: list[str], weights: np.ndarray, shaped: np.ndarray) -> float:
    """Share of values written as a duration with units or as a clock ("5分32秒", "00:05:32",
    "1h 30m"); bare numbers are counted as numbers, and times of day (3:53:50 PM) as clocks."""
    if not shaped.any() or shaped.mean() < SHAPED_MIN:
        return 0.0
    where = np.flatnonzero(shaped)
    parsed = parse.parse_durations(pd.Series([distinct[i] for i in where], dtype="str"))
    ok = (~parsed.bad & parsed.minutes.notna()).to_numpy()
    return float(weights[where[ok]].sum())


# --- ratings ----------------------------------------------------------------------------------
def _score_fit(distinct: list[str], folded: list[str], weights: np.ndarray, numbers: np.ndarray,
               whole: np.ndarray) -> ScoreFit | None:
    """The values as ratings, when they can be: whole numbers within 0–10, scale labels or
    "code - label" answers, "don't know" answers allowed (the cleaner's reading of scores)."""
    labelled = np.array([f in _SCALE_WORDS or bool(_CODE_LABEL.match(v)) for v, f in zip(distinct, folded)],
                        dtype=bool)
    codes = numbers[whole]
    if not labelled.any() and (not len(codes) or codes.min() < 0 or codes.max() > 10):
        return None
    table = parse.score_codes(pd.Series(distinct, dtype=object))
    code = table["code"].to_numpy(dtype=float)
    known = ~np.isnan(code)
    if not known.any():
        return None
    label_points = int(table["label_points"].max())
    only_labels = label_points and (table["label_points"] > 0).sum() == known.sum()
    scale = (1, label_points) if only_labels else parse.detect_scale(pd.Series(np.repeat(code[known],
                                                                         np.maximum(1, (weights[known] * 100).astype(int)))))
    on_scale = known & (code >= scale[0]) & (code <= scale[1])
    ok = on_scale | table["unknown"].to_numpy(dtype=bool)
    labels = {v: float(c) for v, c, p in zip(distinct, code, table["label_points"]) if p > 0}
    return ScoreFit(scale, float(weights[ok].sum()), float(weights[labelled].sum()), int(len(set(code[on_scale]))),
                    labels)


# --- vocabularies -------------------------------------------------------------------------------
def _words(vocab: dict[str, list[str]]) -> list[str]:
    return [w for key, words in vocab.items() for w in (key, *words)]


VOCABULARIES: dict[str, list[str]] = {
    "channel": _words(schema.CHANNELS),
    "priority": _words(schema.PRIORITIES) + schema.UNASSIGNED_PRIORITY,
    "status": schema.STATUS_CLOSED + schema.STATUS_OPEN,
    "customer_type": _words(schema.CUSTOMER_TYPES),
    "place": schema.PLACES,
    "satisfaction": [w for scale in schema.SCALE_LABELS for w in scale],
}
_FLAG_WORDS = {w.casefold() for w in schema.TRUE_WORDS | schema.FALSE_WORDS} - {"1", "0", "t", "f"}
_SCALE_WORDS = {w.casefold() for scale in schema.SCALE_LABELS for w in scale}


@cache
def _vocab_words(name: str) -> tuple[frozenset[str], re.Pattern | None]:
    """(every word of the vocabulary normalised, a pattern finding the words long enough to be
    looked for inside a longer label: "Customer Care Call" holds "call")."""
    words = {schema.normalise_header(w) for w in VOCABULARIES[name]}
    inside = sorted((w for w in words if len(w) >= 4 or (schema.has_cjk(w) and len(w) >= 2)), key=len, reverse=True)
    return frozenset(words), re.compile("|".join(map(re.escape, inside))) if inside else None


CONTAINED = ("channel", "status")   # vocabularies whose words count inside a longer label


def _vocab_shares(distinct: list[str]) -> dict[str, float]:
    """Per vocabulary, the share of the distinct values that are (for channels and statuses:
    hold) one of its words; a priority may also be a bare code (1–5, P1) or "code - label"."""
    if not len(distinct):
        return {}
    labels = [_CODE_LABEL.match(v) for v in distinct]
    words = [schema.normalise_header(m.group(2) if m else v) for m, v in zip(labels, distinct)]
    out = {}
    for name in VOCABULARIES:
        exact, inside = _vocab_words(name)
        if name in CONTAINED:       # the share of whole words too: "Phone X" holds a channel word, "Phone" is one
            out[f"{name}_exact"] = sum(1 for w in words if w in exact) / len(distinct)
        hits = sum(1 for w in words if w in exact or (name in CONTAINED and inside is not None and inside.search(w)))
        if name == "priority":
            hits += sum(1 for v, w in zip(distinct, words) if w not in exact and _PRIORITY_CODE.match(v.strip()))
        out[name] = hits / len(distinct)
    return out
