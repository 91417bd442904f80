"""Value parsers: timestamps, durations, scores, booleans and category labels.

Each parser takes a raw column (strings as the file had them, or numbers/datetimes where the
reader typed them) and returns the parsed values plus a boolean mask of values that were present
but could not be understood, so the cleaner can report them with their row numbers. Work is done
on distinct values or with vectorised pandas/pyarrow calls: never a Python loop over rows.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import schema

BLANKS = {"", "nan", "none", "null", "n/a", "na", "-", "--", "—", "#n/a", "无", "空", "nat"}
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
PLAUSIBLE_YEARS = (1950, 2100)
EXCEL_SERIAL_RANGE = (20_000, 80_000)    # 1954 .. 2119: numbers in this range in a date column are serials


def _as_text(raw: pd.Series) -> pd.Series:
    """Stripped text with blanks as NA (keeps the original index)."""
    text = raw.astype("str").str.strip()
    return text.mask(text.str.casefold().isin(BLANKS))


# --- timestamps --------------------------------------------------------------------------
@dataclass
class ParsedTimes:
    values: pd.Series          # datetime64[ns], naive wall-clock
    bad: pd.Series             # bool: present but not understood
    formats: list[str]         # formats used, most common first (for the read report)
    utc_offset: str | None = None   # when the values carried a zone, the one they were shown in


_TIME_FORMATS_YMD = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                     "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d%H:%M:%S", "%Y-%m-%d%H:%M",
                     "%Y/%m/%d%H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H:%M",
                     "%Y年%m月%d日 %H时%M分", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y%m%d %H:%M:%S",
                     "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d", "%Y%m%d"]
# Orders of a date written with two or three small numbers: which field is day, month, year.
_ORDERED = {"dmy": ("%d", "%m", "%Y"), "mdy": ("%m", "%d", "%Y"), "ymd": ("%y", "%m", "%d"),
            "dmy2": ("%d", "%m", "%y"), "mdy2": ("%m", "%d", "%y")}
_CLOCKS = [" %H:%M:%S", " %H:%M", ""]
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{2,4})")
_ZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


def _ordered_formats(sample: pd.Series) -> list[str]:
    """Candidate formats for dates such as 22-09-2020 or 22-04-15, in every field order the
    values could support; which one wins is decided on the values (see parse_timestamps)."""
    match = sample.str.extract(_NUMERIC_DATE)
    match = match.dropna()
    if match.empty:
        return []
    sep = match[1].mode().iloc[0]
    four_digit_year = match[3].str.len().max() == 4
    orders = ["dmy", "mdy"] if four_digit_year else ["ymd", "dmy2", "mdy2"]
    formats = []
    for order in orders:
        date = sep.join(_ORDERED[order])
        formats += [date + clock for clock in _CLOCKS]
    return formats


def _strptime(text: pd.Series, fmt: str) -> pd.Series:
    """Parse with one format (pyarrow's C++ strptime, NaT where it does not fit)."""
    arr = pa.array(text.to_numpy(dtype=object, na_value=None), type=pa.string())
    if "%f" in fmt:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        return parsed.astype("datetime64[ns]")
    out = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
    # Years outside a plausible window mean the format misread the fields (22-04-15 as year 22).
    year = pc.year(out)
    plausible = pc.and_(pc.greater_equal(year, PLAUSIBLE_YEARS[0]), pc.less_equal(year, PLAUSIBLE_YEARS[1]))
    out = pc.if_else(plausible, out, pa.scalar(None, out.type))
    return pd.Series(out.to_numpy(zero_copy_only=False), index=text.index).astype("datetime64[ns]")


def _span_days(values: pd.Series) -> float:
    v = values.dropna()
    return float((v.max() - v.min()) / pd.Timedelta(days=1)) if len(v) else float("inf")


def _excel_serial(numbers: pd.Series) -> pd.Series:
    # Serials carry float error (…59.99987 s): round to the second Excel displays.
    return (EXCEL_EPOCH + pd.to_timedelta(numbers, unit="D")).dt.round("s")


def parse_timestamps(raw: pd.Series) -> ParsedTimes:
    """Parse a timestamp column in any of the forms DOMAIN.md lists.

    The format is chosen on the values: each candidate is tried on a sample of distinct values
    and the one that parses most wins; ties (e.g. 05-09-2020 read as day-first or month-first)
    go to the reading whose dates span the shortest time, which is how a person tells 22-04-15
    (2022-04-15) from 15 April 2022's siblings. A column mixing formats is parsed pass by pass."""
    if pd.api.types.is_datetime64_any_dtype(raw):
        values = raw
        offset = None
        if getattr(values.dt, "tz", None) is not None:
            offset = str(values.dt.tz)
            values = values.dt.tz_localize(None)
        return ParsedTimes(values.astype("datetime64[ns]"), pd.Series(False, index=raw.index), ["native"], offset)
    if pd.api.types.is_numeric_dtype(raw):
        numbers = pd.to_numeric(raw, errors="coerce")
        ok = numbers.between(*EXCEL_SERIAL_RANGE)
        values = _excel_serial(numbers.where(ok)).astype("datetime64[ns]")
        return ParsedTimes(values, numbers.notna() & ~ok, ["excel serial"])

    text = _as_text(raw)
    # Cells holding python datetimes (from Excel readers) arrive as objects.
    if raw.dtype == object:
        is_dt = raw.map(lambda v: isinstance(v, (dt.datetime, dt.date, pd.Timestamp)))
        if is_dt.any():
            native = pd.to_datetime(raw.where(is_dt), errors="coerce")
            rest = parse_timestamps(text.where(~is_dt))
            return ParsedTimes(native.fillna(rest.values).astype("datetime64[ns]"), rest.bad & ~is_dt,
                               ["native", *rest.formats], rest.utc_offset)

    values = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    todo = text.notna()
    formats: list[str] = []
    offset = None

    # Zoned ISO timestamps: shown in their most common offset.
    zoned = todo & text.str.contains(_ZONE, na=False)
    if zoned.any():
        stamps = pd.to_datetime(text[zoned], format="ISO8601", utc=True, errors="coerce")
        offsets = text[zoned].str.extract(f"({_ZONE.pattern})")[0].replace("Z", "+00:00").str.replace(
            r"^([+-]\d{2})(\d{2})$", r"\1:\2", regex=True)
        offset = offsets.mode().iloc[0]
        local = stamps.dt.tz_convert(dt.timezone(pd.Timedelta(offset[:3] + " hours") + pd.Timedelta(
            int(offset[0] + "1") * int(offset[-2:]), unit="min")))
        values[zoned] = local.dt.tz_localize(None).astype("datetime64[ns]")
        todo &= values.isna()
        formats.append("ISO 8601 with zone")

    # Excel serial numbers written as text.
    numeric = pd.to_numeric(text.where(todo), errors="coerce")
    serial = numeric.between(*EXCEL_SERIAL_RANGE)
    if serial.any():
        values[serial] = _excel_serial(numeric[serial])
        todo &= ~serial
        formats.append("excel serial")

    candidates = _TIME_FORMATS_YMD + _ordered_formats(text[todo].drop_duplicates().head(2000))
    while todo.any():
        distinct = text[todo].drop_duplicates()
        sample = distinct.sample(min(len(distinct), 2000), random_state=0) if len(distinct) > 2000 else distinct
        best, best_key = None, None
        for fmt in candidates:
            parsed = _strptime(sample, fmt)
            hits = int(parsed.notna().sum())
            if hits == 0:
                continue
            key = (hits, -_span_days(parsed))
            if best_key is None or key > best_key:
                best, best_key = fmt, key
        if best is None:
            break
        parsed = _strptime(text[todo], best)
        values[parsed.index] = values[parsed.index].fillna(parsed)
        todo &= values.isna()
        formats.append(best)
        candidates = [c for c in candidates if c != best]
    return ParsedTimes(values, todo, formats, offset)


# --- durations ---------------------------------------------------------------------------
_UNITS_MIN = {"d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}
_DURATION = re.compile(
    r"^(?:(?P<d>\d+(?:\.\d+)?)\s*(?:天|日|d|days?)\s*)?"
    r"(?:(?P<h>\d+(?:\.\d+)?)\s*(?:个?小时|时|h|hrs?|hours?)\s*)?"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*(?:分钟|分|m|mins?|minutes?)\s*)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)\s*(?:秒钟|秒|s|secs?|seconds?)\s*)?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(?:(?P<d>\d+)\s*days?,?\s*)?(?P<a>\d+):(?P<b>\d{1,2})(?::(?P<c>\d{1,2}(?:\.\d+)?))?$")
DURATION_UNITS = ("seconds", "minutes", "hours", "days")


@dataclass
class ParsedDurations:
    minutes: pd.Series   # float64 minutes
    bad: pd.Series       # bool
    plain_unit: str | None   # unit assumed for bare numbers (None when there were none)


def guess_plain_unit(header: str, field: str) -> str:
    """The unit a bare number in this column most likely has, from its header, else the field."""
    h = schema.normalise_header(header)
    for unit, words in (("seconds", ("秒", "sec", "second")), ("hours", ("小时", "hour", "hrs")),
                        ("days", ("天", "day")), ("minutes", ("分", "min"))):
        if any(w in h for w in words):
            return unit
    return "hours" if field == "resolution_time" else "minutes"


def parse_durations(raw: pd.Series, plain_unit: str = "minutes", from_excel: bool = False) -> ParsedDurations:
    """Durations such as "5分32秒", "3.2小时", "14小时36分钟", "00:05:32", "1h 30m", Excel day
    fractions and bare numbers (in `plain_unit`), as float minutes."""
    scale = {"seconds": 1 / 60, "minutes": 1.0, "hours": 60.0, "days": 1440.0}
    if pd.api.types.is_timedelta64_dtype(raw):
        minutes = raw / pd.Timedelta(minutes=1)
        return ParsedDurations(minutes.astype("float64"), pd.Series(False, index=raw.index), None)
    if pd.api.types.is_numeric_dtype(raw):
        numbers = pd.to_numeric(raw, errors="coerce").astype("float64")
        if from_excel and numbers.dropna().between(0, 1).all() and numbers.notna().any():
            return ParsedDurations(numbers * 1440.0, pd.Series(False, index=raw.index), "days")
        return ParsedDurations(numbers * scale[plain_unit], pd.Series(False, index=raw.index), plain_unit)

    objects = raw.dtype == object
    text = _as_text(raw)
    distinct = pd.Series(text.dropna().unique())
    minutes_of: dict = {}
    if objects:   # python time / timedelta cells from Excel readers
        for value in raw.dropna().unique():
            if isinstance(value, dt.timedelta):
                minutes_of[str(value)] = value.total_seconds() / 60
            elif isinstance(value, dt.time):
                minutes_of[str(value)] = value.hour * 60 + value.minute + value.second / 60
    compact = distinct.str.replace(r"\s+", "", regex=True)
    spelled = compact.str.extract(_DURATION)
    spelled_ok = spelled.notna().any(axis=1)
    spelled_min = sum(spelled[u].astype("float64").fillna(0) * f for u, f in _UNITS_MIN.items())
    clock = distinct.str.strip().str.extract(_CLOCK)
    clock_ok = clock["a"].notna()
    clock_min = (clock["d"].astype("float64").fillna(0) * 1440 + clock["a"].astype("float64") * 60
                 + clock["b"].astype("float64") + clock["c"].astype("float64").fillna(0) / 60)
    # "5:32" with no seconds part: minutes:seconds for short durations is ambiguous; read as h:mm.
    number = pd.to_numeric(distinct, errors="coerce")
    plain_ok = number.notna()
    result = pd.Series(np.nan, index=distinct.index)
    result = result.mask(spelled_ok & ~plain_ok, spelled_min)
    result = result.mask(clock_ok, clock_min)
    result = result.mask(plain_ok, number * scale[plain_unit])
    lookup = dict(zip(distinct, result))
    lookup.update(minutes_of)
    minutes = text.map(lookup).astype("float64")
    bad = text.notna() & minutes.isna()
    return ParsedDurations(minutes, bad, plain_unit if plain_ok.any() else None)


# --- scores ------------------------------------------------------------------------------
@dataclass
class ParsedScores:
    values: pd.Series        # float64 codes on the scale, NaN when blank, unknown or out of range
    scale: tuple[int, int]
    missing: pd.Series       # bool: blank, or a code meaning "don't know"
    out_of_range: pd.Series  # bool: a number outside the scale
    bad: pd.Series           # bool: text that is no score at all
    labels: dict[str, float]  # label -> code, for labelled scales (shown in the read report)


_CODE_LABEL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:分)?\s*(?:[-–—:：.、)]\s*(.*))?$")
_UNKNOWN = {"dontknow", "donotknow", "notapplicable", "na", "不知道", "不适用", "无法评价", "不清楚", "拒答",
            "refused", "unknown", "未知", "notsure", "不确定"}
_SCALE_HINT = re.compile(r"(\d{1,2})\s*[-–~～至到]\s*(\d{1,2})")


def scale_from_header(header: str) -> tuple[int, int] | None:
    """A scale written in the header, e.g. "满意度评分(1-5分)" → (1, 5)."""
    m = _SCALE_HINT.search(str(header))
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        if (low, high) in schema.SCALES:
            return low, high
    return None


def _label_code(label: str) -> tuple[float, int] | None:
    norm = schema.normalise_header(label)
    for labels in schema.SCALE_LABELS:
        normed = [schema.normalise_header(x) for x in labels]
        if norm in normed:
            return float(normed.index(norm) + 1), len(labels)
    return None


def detect_scale(codes: pd.Series, hint: tuple[int, int] | None = None, nps: bool = False) -> tuple[int, int]:
    """The rating scale of a column: the header's hint, else 0–10 for NPS, else the smallest
    standard scale holding at least 98 % of the codes (stray typos such as 55 don't widen it)."""
    if hint:
        return hint
    if nps:
        return 0, 10
    values = codes.dropna()
    if values.empty:
        return 1, 5
    for low, high in schema.SCALES:
        if values.between(low, high).mean() >= 0.98:
            return low, high
    return 0, 10


def parse_scores(raw: pd.Series, header: str = "", nps: bool = False,
                 scale: tuple[int, int] | None = None) -> ParsedScores:
    """Scores written as "5", "5分", "5.0", labels (非常满意 … 非常不满意, Very satisfied …) or
    "code - label" strings, on a detected (or given) scale."""
    text = _as_text(raw)
    distinct = pd.Series(text.dropna().unique(), dtype=object)
    code_of: dict[str, float] = {}
    labels: dict[str, float] = {}
    label_points = 0
    unknown: set[str] = set()
    for value in distinct:
        s = str(value)
        m = _CODE_LABEL.match(s)
        if m:
            label = m.group(2) or ""
            if label and schema.normalise_header(label) in _UNKNOWN:
                unknown.add(s)
                continue
            code_of[s] = float(m.group(1))
            continue
        if schema.normalise_header(s) in _UNKNOWN:
            unknown.add(s)
            continue
        hit = _label_code(s)
        if hit:
            code_of[s], label_points = hit[0], max(label_points, hit[1])
            labels[s] = hit[0]
    codes = text.map(code_of).astype("float64")
    if scale is None:
        scale = (1, label_points) if label_points and not any(
            s not in labels for s in code_of) else detect_scale(codes, scale_from_header(header), nps)
    low, high = scale
    out_of_range = codes.notna() & ~codes.between(low, high)
    missing = text.isna() | text.isin(unknown)
    bad = text.notna() & codes.isna() & ~text.isin(unknown)
    return ParsedScores(codes.where(~out_of_range), scale, missing, out_of_range, bad, labels)


# --- booleans and categories ---------------------------------------------------------------
def parse_bool(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """是/否, yes/no, Y/N, true/false, 1/0 → nullable boolean, plus the mask of unreadable values."""
    text = _as_text(raw)
    norm = text.str.casefold().str.replace(r"\.0$", "", regex=True)
    true = {w.casefold() for w in schema.TRUE_WORDS}
    false = {w.casefold() for w in schema.FALSE_WORDS}
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    values[norm.isin(true)] = True
    values[norm.isin(false)] = False
    return values, text.notna() & values.isna()


def normalise_labels(labels: pd.Series, index: dict[str, str], fallback: str | None = None) -> pd.Series:
    """Map display labels onto a vocabulary's keys (电话 → phone), by exact alias, then by the
    longest alias contained in the label; `fallback` for labels that match nothing."""
    distinct = pd.Series(labels.dropna().unique(), dtype=object)
    by_length = sorted(index, key=len, reverse=True)
    keys = {}
    for label in distinct:
        norm = schema.normalise_header(label)
        key = index.get(norm)
        if key is None:
            key = next((index[a] for a in by_length if len(a) >= 2 and a in norm), fallback)
        keys[label] = key
    return labels.map(keys).astype("str").where(labels.notna() & labels.map(keys).notna())
