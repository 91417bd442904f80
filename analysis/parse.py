"""Value parsers: timestamps, durations, scores, booleans and category labels.

Each parser takes a raw column (strings as the file had them, or numbers/datetimes where the
reader typed them) and returns the parsed values plus a boolean mask of values that were present
but could not be understood, so the cleaner can report them with their row numbers. Work is done
on distinct values or with vectorised pandas/pyarrow calls: never a Python loop over rows.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import schema

BLANKS = {"", "nan", "none", "null", "n/a", "na", "-", "--", "—", "#n/a", "无", "空", "nat", "未知", "不详", "unknown",
          "?"}       # ServiceNow writes "?" for an empty field
# The spellings exports use, so a column can be checked without lower-casing a million cells.
BLANK_SPELLINGS = sorted(BLANKS | {b.upper() for b in BLANKS} | {b.title() for b in BLANKS} | {"NaN", "N/a", "#N/A"})
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
PLAUSIBLE_YEARS = (1950, 2100)
_PLAUSIBLE = (np.datetime64(f"{PLAUSIBLE_YEARS[0]}-01-01", "s"), np.datetime64(f"{PLAUSIBLE_YEARS[1] + 1}-01-01", "s"))
EXCEL_SERIAL_RANGE = (20_000, 80_000)    # 1954 .. 2119: numbers in this range in a date column are serials


def _as_text(raw: pd.Series) -> pd.Series:
    """Stripped text with blanks as NA (keeps the original index)."""
    text = raw.astype("str").str.strip()
    return text.mask(text.str.lower().isin(BLANKS))


def factorize(raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes (-1 for NA) and distinct values of a column, in order of first appearance, as
    pandas.factorize gives them; Arrow-backed text is hashed by Arrow in place, chunk by chunk,
    without first joining the chunks."""
    if isinstance(raw.array, pd.arrays.ArrowStringArray):
        encoded = raw.array.__arrow_array__().dictionary_encode()
        if encoded.num_chunks:
            # Each chunk's indices, filled in place: no joined or filled copy of a million codes.
            codes = np.empty(len(raw), dtype=np.intp)
            start = 0
            for chunk in encoded.chunks:
                indices = chunk.indices
                codes[start:start + len(indices)] = (pc.fill_null(indices, -1) if indices.null_count else
                                                     indices).to_numpy(zero_copy_only=False)
                start += len(indices)
            return codes, pd.Series(encoded.chunks[-1].dictionary.to_pandas(), dtype=raw.dtype)
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    return codes, pd.Series(uniques, dtype=raw.dtype if raw.dtype != object else object)


def by_distinct(raw: pd.Series, parse_distinct) -> pd.Series | pd.DataFrame:
    """Apply `parse_distinct` (distinct values → parsed Series/DataFrame aligned with them) once
    per distinct value and spread the result back over the rows: a column of a million cells
    with a few thousand distinct values is parsed a few thousand times. Blank cells get NA
    (False in bool columns)."""
    codes, uniques = factorize(raw)
    parsed = parse_distinct(uniques)

    def spread(column: pd.Series) -> pd.Series:
        if column.dtype == bool:            # False for blanks: code -1 picks the False appended
            values = np.append(column.to_numpy(), False)[codes]
        elif column.dtype == np.float64:          # NaN for blanks: code -1 picks the NaN appended
            values = np.append(column.to_numpy(), np.nan)[codes]
        elif isinstance(column.dtype, pd.BooleanDtype):      # NA for blanks, likewise
            values = pd.arrays.BooleanArray(np.append(column.to_numpy(dtype=bool, na_value=False), False)[codes],
                                            np.append(column.isna().to_numpy(), True)[codes])
        else:
            values = column.reset_index(drop=True).array.take(codes, allow_fill=True)
        return pd.Series(values, index=raw.index, name=column.name)

    if isinstance(parsed, pd.DataFrame):
        return pd.DataFrame({c: spread(parsed[c]) for c in parsed.columns}, index=raw.index)
    return spread(parsed)


# --- timestamps --------------------------------------------------------------------------
@dataclass
class ParsedTimes:
    values: pd.Series          # datetime64[ns], naive wall-clock
    bad: pd.Series             # bool: present but not understood
    formats: list[str]         # formats used, most common first (for the read report)
    utc_offset: str | None = None   # when the values carried a zone, the one they were shown in
    implausible: pd.Series | None = None   # bool, within `bad`: dates that read but for a year outside PLAUSIBLE_YEARS


_TIME_FORMATS_YMD = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                     "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d%H:%M:%S", "%Y-%m-%d%H:%M",
                     "%Y/%m/%d%H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H:%M",
                     "%Y年%m月%d日 %H时%M分", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y%m%d %H:%M:%S",
                     "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d", "%Y%m%d",
                     # a 12-hour clock (Google Forms, Salesforce, Jira) and month names (22-Apr-15, 05/Mar/24)
                     "%Y/%m/%d %I:%M:%S %p", "%Y-%m-%d %I:%M:%S %p", "%Y/%m/%d %I:%M %p", "%Y-%m-%d %I:%M %p",
                     "%d-%b-%y", "%d-%b-%Y", "%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%Y %I:%M %p",
                     "%d %b %Y", "%d %b %Y %H:%M", "%d %b %Y %H:%M:%S", "%b %d, %Y", "%b %d, %Y %I:%M %p",
                     "%b %d, %Y %H:%M", "%a, %d %b %Y %H:%M:%S", "%a, %d %b %Y %H:%M"]
# Orders of a date written with two or three small numbers: which field is day, month, year.
_ORDERED = {"dmy": ("%d", "%m", "%Y"), "mdy": ("%m", "%d", "%Y"), "ymd": ("%y", "%m", "%d"),
            "dmy2": ("%d", "%m", "%y"), "mdy2": ("%m", "%d", "%y")}
_CLOCKS = [" %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p", ""]
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{2,4})")
_ZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_NAMED_ZONE = re.compile(r"\s+(?P<zone>(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?)$")
_SERIAL = r"^\d{5}(?:\.\d+)?$"


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


def _strptime_arrow(arr: pa.Array, fmt: str) -> np.ndarray:
    """Parse an arrow string array with one format (pyarrow's C++ strptime): datetime64[ns],
    NaT where it does not fit or where the year is implausible."""
    if "%f" in fmt:
        parsed = pd.to_datetime(pd.Series(arr.to_pandas()), format=fmt, errors="coerce")
        return parsed.to_numpy(dtype="datetime64[ns]")
    iso = _iso_cast(arr, fmt)
    if iso is None and fmt in _ISO_SHAPES and len(arr) > CAST_SLICE:
        # An ISO column with a few stray values: the values of the format's shape go by the cast
        # and only the others by strptime (each value parses the same either way) ...
        values = _iso_apart(arr, fmt)
        if values is not None:
            return values
        # ... or, when a value of that shape is no date to the cast (0000-00-00 00:00:00), every
        # value by strptime: as fast as casting slice by slice around it, and reads the same.
        return _strptime_plain(arr, fmt)
    if iso is not None:
        return _plausible(iso)
    return _strptime_plain(arr, fmt)


def _strptime_plain(arr: pa.Array, fmt: str) -> np.ndarray:
    """strptime(fmt) of every value, implausible years and rolled-over dates refused."""
    values = _plausible(pc.strptime(arr, format=fmt, unit="s", error_is_null=True))
    if "%d" in fmt:
        _refuse_rolled_over(arr, fmt, values)
    return values


def _iso_apart(arr: pa.Array | pa.ChunkedArray, fmt: str) -> np.ndarray | None:
    """_strptime_arrow for an ISO format over a column mostly of its shape: the values of the
    shape (length, separator) by Arrow's cast, the rest by strptime; None when the cast refuses
    one of them (then no value is read here). Which values go which way does not change what
    they read as."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    length, separator = _ISO_SHAPES[fmt]
    shaped = pc.equal(pc.binary_length(arr), length)
    if separator:
        as_bytes = arr.cast(pa.large_binary() if pa.types.is_large_string(arr.type) else pa.binary())
        shaped = pc.and_kleene(shaped, pc.equal(pc.binary_slice(as_bytes, 10, 11), separator.encode()))
    mask = pc.fill_null(shaped, False).to_numpy(zero_copy_only=False)
    try:
        cast = pc.cast(arr.filter(pa.array(mask)), pa.timestamp("s"))
    except pa.ArrowInvalid:
        # a value of the shape that is no date ("0000-00-00 00:00:00"): setting each such value
        # aside and casting again cost more than strptime over the whole column (bench: three
        # refused values, 150 ms against 72 ms)
        return None
    values = np.empty(len(arr), dtype="datetime64[ns]")
    values[mask] = _plausible(cast)
    others = np.flatnonzero(~mask)
    if len(others):
        values[others] = _strptime_plain(arr.take(pa.array(others)), fmt)
    return values


def _iso_cast(arr: pa.Array | pa.ChunkedArray, fmt: str) -> pa.Array | pa.ChunkedArray | None:
    """Arrow's ISO-8601 cast, four times faster than strptime, when it reads every value as
    strptime(fmt) would: all values of the format's length and separator (the cast also takes
    the other ISO shapes), none refused (it refuses 2024-02-30, which strptime rolls over, so a
    cast that succeeds needs no roll-over check). None: use strptime."""
    shape = _ISO_SHAPES.get(fmt)
    if shape is None or arr.null_count == len(arr):
        return None
    length, separator = shape
    if pc.min_max(pc.binary_length(arr)).as_py() != {"min": length, "max": length}:
        return None
    as_bytes = arr.cast(pa.large_binary() if pa.types.is_large_string(arr.type) else pa.binary())
    if separator and not pc.all(pc.equal(pc.binary_slice(as_bytes, 10, 11), separator.encode())).as_py():
        return None
    try:
        return pc.cast(arr, pa.timestamp("s"))
    except pa.ArrowInvalid:
        return None


def _plausible(stamps: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """datetime64[ns] of Arrow timestamps in seconds, NaT for years outside a plausible window
    (they mean a format misread the fields, 22-04-15 as year 22); checked in seconds, before
    nanoseconds could overflow."""
    if isinstance(stamps, pa.ChunkedArray):
        stamps = stamps.combine_chunks()     # a chunked column's to_numpy is 40x slower
    seconds = stamps.to_numpy(zero_copy_only=False)
    implausible = (seconds < _PLAUSIBLE[0]) | (seconds >= _PLAUSIBLE[1])
    values = seconds.astype("datetime64[ns]")      # implausible years may wrap: masked next
    values[implausible] = np.datetime64("NaT")
    return values


# From this many values an ISO column with stray values is read in two parts (_iso_apart); a
# smaller one (the format search's sample) by strptime alone.
CAST_SLICE = 1 << 16
# ISO shapes Arrow's cast reads: format -> (length, separator between date and time).
_ISO_SHAPES = {"%Y-%m-%d %H:%M:%S": (19, " "), "%Y-%m-%dT%H:%M:%S": (19, "T"), "%Y-%m-%d %H:%M": (16, " "),
               "%Y-%m-%dT%H:%M": (16, "T"), "%Y-%m-%d": (10, None)}


def _one_iso_shape(raw: pd.Series) -> ParsedTimes | None:
    """The usual help-desk export: every present value ISO 8601 in one shape, e.g.
    2024-05-01 14:30:00, plausible, no blanks spelled out, no stray text. Read by one cast, in
    the format the search in parse_timestamps would settle on; None: not such a column."""
    if not isinstance(raw.array, pd.arrays.ArrowStringArray):
        return None
    text = raw.array.__arrow_array__()
    if text.null_count == len(text):
        return None
    lengths = pc.min_max(pc.binary_length(text)).as_py()
    for fmt, (length, _) in _ISO_SHAPES.items():
        if lengths != {"min": length, "max": length} or (cast := _iso_cast(text, fmt)) is None:
            continue
        values = _plausible(cast)
        if np.isnat(values).sum() != text.null_count:
            return None
        return ParsedTimes(pd.Series(values, index=raw.index),
                           pd.Series(np.zeros(len(raw), dtype=bool), index=raw.index), [fmt])
    return None


def _landing_days() -> tuple[np.int64, np.ndarray]:
    """Days of the plausible window on which a rolled-over date lands (March 1–3, the 1st of
    May, July, October, December): the first day's number since 1970, and a flag per day."""
    days = np.arange(_PLAUSIBLE[0].astype("datetime64[D]"), _PLAUSIBLE[1].astype("datetime64[D]"))
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (days - days.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    landing = ((month == 3) & (day <= 3)) | (np.isin(month, [5, 7, 10, 12]) & (day == 1))
    return days[0].astype(np.int64), landing


_LANDING_FIRST, _LANDING = _landing_days()
_NS_PER_DAY = 86_400 * 10**9


def _refuse_rolled_over(arr: pa.Array, fmt: str, values: np.ndarray) -> None:
    """strptime rolls impossible dates over (2024-02-30 → 03-01, 04-31 → 05-01): set them to NaT.

    A rolled-over date lands on March 1–3 or on the 1st of May, July, October or December, so
    only the rows parsed onto those days go to pandas' strict parser, which refuses impossible
    dates. It is stricter about spacing too: glued "2024-03-0100:09" is left to a later pass,
    with the glued format."""
    day = values.view(np.int64) // _NS_PER_DAY      # NaT: far below the window
    day -= _LANDING_FIRST
    inside = (day >= 0) & (day < len(_LANDING))
    np.clip(day, 0, len(_LANDING) - 1, out=day)
    suspects = np.flatnonzero(inside & _LANDING[day])
    if len(suspects):
        strict = pd.to_datetime(pd.Series(arr.take(pa.array(suspects)).to_pandas()), format=fmt, errors="coerce")
        values[suspects[strict.isna().to_numpy()]] = np.datetime64("NaT")


def _literals(fmt: str) -> set[str]:
    """The characters a value must contain to fit `fmt` (spaces in a format match any run of
    white space, none included)."""
    return set(re.sub(r"%.", "", fmt)) - {" "}


def _strptime(text: pd.Series, fmt: str) -> pd.Series:
    arr = pa.array(text.to_numpy(dtype=object, na_value=None), type=pa.large_string())
    return pd.Series(_strptime_arrow(arr, fmt), index=text.index)


_LONGEST_BLANK = max(len(b.encode()) for b in BLANK_SPELLINGS)


def _edges(chunk: pa.Array) -> tuple[bool, int]:
    """Whether any cell of a text chunk begins or ends with a byte that could start or end white
    space (any byte outside printable ASCII: UTF-8 spaces such as U+3000 are multi-byte), and
    the shortest cell's length in bytes (null cells skipped). From the offsets and the first and
    last bytes alone: most columns need no trim and hold no cell short enough to be "N/A"."""
    n = len(chunk)
    if not n or chunk.null_count == n or chunk.buffers()[2] is None:
        return True, 0                    # nothing to save: let the full checks run
    large = pa.types.is_large_string(chunk.type)
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64 if large else np.int32)[chunk.offset:chunk.offset + n + 1]
    data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
    lengths = np.diff(offsets)
    if chunk.null_count:
        lengths = lengths[chunk.is_valid().to_numpy(zero_copy_only=False)]
        starts = offsets[:-1][chunk.is_valid().to_numpy(zero_copy_only=False)]
    else:
        starts = offsets[:-1]
    if not len(lengths) or lengths.min() == 0:
        return True, 0
    first, last = data[starts], data[starts + lengths - 1]
    odd = lambda b: (b < 0x21) | (b > 0x7E)     # noqa: E731 - control, space, DEL or a non-ASCII byte
    return bool(odd(first).any() or odd(last).any()), int(lengths.min())


def _arrow_text(raw: pd.Series) -> pa.Array:
    """Trimmed text as one arrow array, blanks (N/A, -, 无 …) as nulls.

    Chunk by chunk, a chunk with nothing to trim or blank kept as it is: a million-cell column
    is copied once, into the joined array, not three times over."""
    arr = pa.array(raw.astype("str"))
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    blanks = pa.array(BLANK_SPELLINGS, type=arr.type)
    clean = []
    for chunk in chunks:
        edges, shortest = _edges(chunk)
        if edges:
            trimmed = pc.utf8_trim_whitespace(chunk)
            # Nothing trimmed: as many bytes as before (None: every cell empty).
            if pc.equal(pc.sum(pc.binary_length(trimmed)), pc.sum(pc.binary_length(chunk))).as_py() in (True, None):
                trimmed = chunk
        else:
            trimmed = chunk
        if not edges and shortest > _LONGEST_BLANK:      # no cell short enough to be a blank spelling
            clean.append(trimmed)
            continue
        blank = pc.is_in(trimmed, value_set=blanks)
        clean.append(pc.if_else(blank, pa.scalar(None, arr.type), trimmed) if pc.any(blank).as_py() else trimmed)
    if len(clean) == 1:
        return clean[0]
    return pa.concat_arrays(clean) if clean else pa.array([], type=arr.type)


def _span_days(values: pd.Series) -> float:
    v = values.dropna()
    return float((v.max() - v.min()) / pd.Timedelta(days=1)) if len(v) else float("inf")


def _excel_serial(numbers: pd.Series) -> pd.Series:
    # Serials carry float error (…59.99987 s): round to the second Excel displays.
    return (EXCEL_EPOCH + pd.to_timedelta(numbers, unit="D")).dt.round("s")


# A year written with four digits on its own (not part of 20240501), and the text around it.
_YEAR_SPLIT = r"^(?P<before>|.*?[^0-9])(?P<year>[0-9]{4})(?P<after>[^0-9].*|)$"
STAND_IN_YEAR = "2000"          # a leap year: 29 February reads in it


def _implausible_years(arr: pa.Array, bad: np.ndarray) -> np.ndarray:
    """Which of the `bad` rows (values not understood) are dates but for their year: a
    four-digit year outside PLAUSIBLE_YEARS (1900-01-01, 2999-12-31, 0001-01-01) that, put back
    in the window, reads as a timestamp. `arr`: the trimmed text parse_timestamps reads; only
    the bad rows with such a year are looked at."""
    out = np.zeros(len(arr), dtype=bool)
    rows = np.flatnonzero(bad)
    if not len(rows):
        return out
    text = arr.take(pa.array(rows))
    year = pc.extract_regex(text, _YEAR_SPLIT)
    digits = pc.struct_field(year, "year")
    valid = pc.fill_null(pc.is_valid(digits), False).to_numpy(zero_copy_only=False)
    if not valid.any():
        return out
    rows, text, digits = rows[valid], text.filter(pa.array(valid)), digits.filter(pa.array(valid))
    years = pc.cast(digits, pa.int32()).to_numpy(zero_copy_only=False)
    outside = (years < PLAUSIBLE_YEARS[0]) | (years > PLAUSIBLE_YEARS[1])
    if not outside.any():
        return out
    rows, text = rows[outside], text.filter(pa.array(outside))
    moved = pc.replace_substring_regex(text, _YEAR_SPLIT, "\\1" + STAND_IN_YEAR + "\\3")
    again = parse_timestamps(pd.Series(moved.to_pandas(types_mapper=pd.ArrowDtype).astype("string[pyarrow]")),
                             years=False)
    out[rows[~again.bad.to_numpy(dtype=bool)]] = True
    return out


def parse_timestamps(raw: pd.Series, years: bool = True) -> ParsedTimes:
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

    # Cells holding python datetimes (from Excel readers) arrive as objects.
    if raw.dtype == object:
        is_dt = raw.map(lambda v: isinstance(v, (dt.datetime, dt.date, pd.Timestamp)))
        if is_dt.any():
            native = pd.to_datetime(raw.where(is_dt), errors="coerce")
            rest = parse_timestamps(raw.where(~is_dt).map(lambda v: None if v is None else str(v)))
            return ParsedTimes(native.fillna(rest.values).astype("datetime64[ns]"), rest.bad & ~is_dt,
                               ["native", *rest.formats], rest.utc_offset)

    clean_iso = _one_iso_shape(raw)
    if clean_iso is not None:
        return clean_iso
    arr = _arrow_text(raw)
    # A zone written as a name after the time ("10:15:32 AM GMT+8", "… UTC"): the wall-clock time
    # the export shows is kept, the zone noted.
    named_zone = pc.extract_regex(arr.slice(0, 1000).drop_null(), _NAMED_ZONE.pattern)
    zones = [z["zone"] for z in named_zone.to_pylist() if z]
    named = max(set(zones), key=zones.count) if len(zones) >= 0.5 * max(1, len(arr.slice(0, 1000).drop_null())) else None
    if named is not None:
        arr = pc.replace_substring_regex(arr, _NAMED_ZONE.pattern, "")
    values = np.full(len(arr), np.datetime64("NaT"), dtype="datetime64[ns]")
    todo = arr.is_valid().to_numpy(zero_copy_only=False)
    present = int(todo.sum())
    formats: list[str] = []
    offset = None

    def distinct_sample(mask: np.ndarray) -> pd.Series:
        head = arr.take(pa.array(np.flatnonzero(mask)[:50_000]))
        distinct = pd.Series(pc.unique(head).to_pandas())
        return distinct.sample(2000, random_state=0) if len(distinct) > 2000 else distinct

    def remaining_matching(pattern: str) -> np.ndarray:
        """Rows still to parse whose text matches `pattern` (regex run on those rows only)."""
        rows = np.flatnonzero(todo)
        hits = pc.fill_null(pc.match_substring_regex(arr.take(pa.array(rows)), pattern), False)
        return rows[hits.to_numpy(zero_copy_only=False)]

    candidates = None
    while todo.any():
        sample = distinct_sample(todo)
        if sample.str.contains(_ZONE.pattern).any():
            # Zoned ISO timestamps: shown in their most common offset.
            rows = remaining_matching(_ZONE.pattern)
            text = pd.Series(arr.take(pa.array(rows)).to_pandas())
            stamps = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
            offsets = text.str.extract(f"({_ZONE.pattern})")[0].replace("Z", "+00:00").str.replace(
                r"^([+-]\d{2})(\d{2})$", r"\1:\2", regex=True)
            offset = offsets.mode().iloc[0]
            sign = 1 if offset[0] == "+" else -1
            zone = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[-2:])))
            values[rows] = stamps.dt.tz_convert(zone).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
            todo[rows] = np.isnat(values[rows])
            formats.append("ISO 8601 with zone")
            if not todo[rows].all():
                continue
        if sample.str.fullmatch(_SERIAL).any():
            rows = remaining_matching(_SERIAL)
            numbers = pd.to_numeric(pd.Series(arr.take(pa.array(rows)).to_pandas()), errors="coerce")
            ok = numbers.between(*EXCEL_SERIAL_RANGE).to_numpy()
            values[rows[ok]] = _excel_serial(numbers[ok]).to_numpy(dtype="datetime64[ns]")
            todo[rows[ok]] = False
            formats.append("excel serial")
            if ok.any():
                continue
        if candidates is None:
            candidates = _TIME_FORMATS_YMD + _ordered_formats(sample)
        best, best_key = None, None
        written = set("".join(sample))
        for fmt in candidates:
            if not _literals(fmt) <= written:
                continue            # a character the format needs is in no value: nothing to parse
            parsed = _strptime(sample, fmt)
            hits = int(parsed.notna().sum())
            if hits == 0:
                continue
            key = (hits, -_span_days(parsed))
            if best_key is None or key > best_key:
                best, best_key = fmt, key
        if best is None:
            break
        # The first format parses the whole column, written in place (a million rows: no
        # temporary copies); later ones only the rows still unparsed.
        if todo.sum() == present:
            parsed = _strptime_arrow(arr, best)
            done = todo & ~np.isnat(parsed)
            np.copyto(values, parsed, where=done)
            todo &= ~done
        else:
            rows = np.flatnonzero(todo)
            parsed = _strptime_arrow(arr.take(pa.array(rows)), best)
            done = ~np.isnat(parsed)
            values[rows[done]] = parsed[done]
            todo[rows[done]] = False
        formats.append(best)
        candidates = [c for c in candidates if c != best]
    implausible = None
    if years and todo.any():
        # a date with a placeholder or mistyped year is said so, not "not understood"
        found = _implausible_years(arr, todo)
        implausible = pd.Series(found, index=raw.index) if found.any() else None
    return ParsedTimes(pd.Series(values, index=raw.index), pd.Series(todo, index=raw.index), formats, offset or named,
                       implausible)


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


_NUMBER = r"(?i)^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$|^[+-]?inf(?:inity)?$"


def _numbers(arr: pa.Array) -> np.ndarray:
    """Float64 of each text that is a plain number (as pandas.to_numeric reads it), NaN
    elsewhere; in C++, ten times faster than to_numeric on text."""
    number = pc.match_substring_regex(arr, _NUMBER)
    return pc.cast(pc.if_else(number, arr, pa.scalar(None, arr.type)), pa.float64()).to_numpy(zero_copy_only=False)


def _extract(arr: pa.Array, pattern: re.Pattern) -> pd.DataFrame:
    """Named groups of a regex over an arrow string array (RE2, in C++), as float columns (NaN
    where the text does not match or the group is empty)."""
    flags = "(?i)" if pattern.flags & re.IGNORECASE else ""
    struct = pc.extract_regex(arr, flags + pattern.pattern)
    return pd.DataFrame({name: _numbers(struct.field(name)) for name in pattern.groupindex})


def _native_durations(values: pd.Series) -> tuple[np.ndarray | None, pd.Series]:
    """Minutes of the cells Excel readers hand over as timedelta/time objects, and the other
    cells as text; text columns (CSV) have none, and skip the per-value look."""
    if values.dtype != object:
        return None, values
    native = values.map(lambda v: v.total_seconds() / 60 if isinstance(v, dt.timedelta) else
                        v.hour * 60 + v.minute + v.second / 60 if isinstance(v, dt.time) else np.nan)
    text = values.map(lambda v: None if isinstance(v, (dt.timedelta, dt.time)) else v)
    return native.to_numpy(dtype="float64", na_value=np.nan), text


def _durations_distinct(values: pd.Series, plain_unit: str) -> pd.DataFrame:
    scale = {"seconds": 1 / 60, "minutes": 1.0, "hours": 60.0, "days": 1440.0}
    native, text = _native_durations(values)
    arr = _arrow_text(text)
    present = arr.is_valid().to_numpy(zero_copy_only=False)
    # Each reading in turn, on the values no earlier one took: a bare number, then a clock
    # ("00:05:32"; "5:32" is h:mm, the spreadsheet convention), then units spelled out.
    number = _numbers(arr)
    plain = ~np.isnan(number)
    minutes = number * scale[plain_unit]
    rest = np.flatnonzero(present & ~plain)
    if len(rest):
        clock = _extract(arr.take(pa.array(rest)), _CLOCK)
        clock_ok = clock["a"].notna().to_numpy()
        minutes[rest] = (clock["d"].fillna(0) * 1440 + clock["a"] * 60 + clock["b"]
                         + clock["c"].fillna(0) / 60).to_numpy()
        rest = rest[~clock_ok]
    if len(rest):
        spelled = _extract(pc.replace_substring_regex(arr.take(pa.array(rest)), r"\s+", ""), _DURATION)
        spelled_ok = spelled.notna().any(axis=1).to_numpy()
        spelled_min = sum(spelled[u].fillna(0) * f for u, f in _UNITS_MIN.items()).to_numpy()
        minutes[rest] = np.where(spelled_ok, spelled_min, np.nan)
    if native is not None:
        minutes = np.where(np.isnan(minutes), native, minutes)
    return pd.DataFrame({"minutes": minutes, "bad": present & np.isnan(minutes), "plain": plain})


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
    clocks = _clock_cells(raw)
    if clocks is not None:
        # Clock readings (00:02:54, 107:44:52) straight from their bytes; any other cell is read
        # below as before, and each cell reads the same either way.
        done, minutes = clocks
        rest = ~done
        bad = np.zeros(len(raw), dtype=bool)
        has_plain = False
        if rest.any():
            others = parse_durations(raw[rest], plain_unit, from_excel)
            minutes[rest] = others.minutes.to_numpy()
            bad[rest] = others.bad.to_numpy()
            has_plain = others.plain_unit is not None
        return ParsedDurations(pd.Series(minutes, index=raw.index), pd.Series(bad, index=raw.index),
                               plain_unit if has_plain else None)
    parsed = by_distinct(raw, lambda d: _durations_distinct(d, plain_unit))
    bad = parsed["bad"].astype("boolean").fillna(False).astype(bool)
    has_plain = bool(parsed["plain"].astype("boolean").fillna(False).any())
    return ParsedDurations(parsed["minutes"].astype("float64"), bad, plain_unit if has_plain else None)


CLOCK_HOUR_DIGITS = 4      # clock readings read from their bytes: up to 9999:59:59


def _clock_cells(raw: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """The cells of an Arrow text column written as a clock, H…H:MM or H…H:MM:SS (1 to 4 digits
    of hours, nothing else in the cell), and their minutes, computed as _durations_distinct
    computes them from _CLOCK's groups: ((hours·60 + minutes) + seconds/60). Reading the digits
    off the bytes of a million cells takes a few milliseconds; hashing them to read each distinct
    value once took 0.1–0.2 s (78,000 distinct readings in the bench's export). None: not an
    Arrow text column, or no cell of this shape (the caller reads the column as before)."""
    if not isinstance(raw.array, pd.arrays.ArrowStringArray) or not len(raw):
        return None
    done = np.zeros(len(raw), dtype=bool)
    minutes = np.full(len(raw), np.nan)
    start = 0
    for chunk in raw.array.__arrow_array__().chunks:
        n = len(chunk)
        if n and chunk.null_count < n:
            _clock_chunk(chunk, done[start:start + n], minutes[start:start + n])
        start += n
    return (done, minutes) if done.any() else None


def _clock_chunk(chunk: pa.Array, done: np.ndarray, minutes: np.ndarray) -> None:
    """_clock_cells for one chunk, written into `done` and `minutes` (views of the column's)."""
    large = pa.types.is_large_string(chunk.type)
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64 if large else np.int32)
    offsets = offsets[chunk.offset:chunk.offset + len(chunk) + 1]
    if chunk.buffers()[2] is None:          # every cell empty
        return
    data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
    lengths = np.diff(offsets)
    if chunk.null_count:
        lengths = np.where(chunk.is_valid().to_numpy(zero_copy_only=False), lengths, 0)
    seen = np.bincount(np.minimum(lengths, CLOCK_HOUR_DIGITS + 7))
    for seconds in (True, False):
        tail = 6 if seconds else 3                    # ":MM:SS" or ":MM"
        for hour_digits in range(1, CLOCK_HOUR_DIGITS + 1):
            width = hour_digits + tail
            if width >= len(seen) or not seen[width] or len(data) < width:
                continue
            rows = np.flatnonzero(lengths == width)
            # each cell's bytes as a row of a (cells, width) array: rows of a sliding window
            cells = np.lib.stride_tricks.sliding_window_view(data, width)[offsets[rows]]
            colons = [hour_digits] + ([hour_digits + 3] if seconds else [])
            shape = np.ones(width, dtype=bool)
            shape[colons] = False
            digits = cells - np.uint8(0x30)        # wraps below '0': any non-digit reads above 9
            ok = (digits[:, shape] <= 9).all(axis=1) & (cells[:, colons] == 0x3A).all(axis=1)
            if not ok.any():
                continue
            rows, digits = rows[ok], digits[ok]
            hours = np.zeros(len(rows), dtype=np.float64)
            for i in range(hour_digits):
                hours = hours * 10 + digits[:, i]
            mins = digits[:, hour_digits + 1] * np.float64(10) + digits[:, hour_digits + 2]
            secs = digits[:, hour_digits + 4] * np.float64(10) + digits[:, hour_digits + 5] if seconds else 0.0
            minutes[rows] = (hours * 60 + mins) + secs / 60
            done[rows] = True


# --- scores ------------------------------------------------------------------------------
@dataclass
class ParsedScores:
    values: pd.Series        # float64 codes on the scale, NaN when blank, unknown or out of range
    scale: tuple[int, int]
    missing: pd.Series       # bool: blank, or a code meaning "don't know"
    out_of_range: pd.Series  # bool: a number outside the scale
    bad: pd.Series           # bool: text that is no score at all
    labels: dict[str, float]  # label -> code, for labelled scales (shown in the read report)
    satisfied: list[int] | None = None   # the codes whose labels say satisfied (None: not labelled)


_CODE_LABEL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:分)?\s*(?:[-–—:：.、)]\s*(.*))?$")
_UNKNOWN = {"dontknow", "donotknow", "notapplicable", "na", "不知道", "不适用", "无法评价", "不清楚", "拒答",
            "refused", "unknown", "未知", "notsure", "不确定", "noopinion", "prefernottosay", "prefernottoanswer",
            "didnotuse", "notused", "donotuse", "doesnotapply", "未使用", "没用过", "不了解",
            "offered", "unoffered", "未评价"}   # help-desk exports: survey offered, never answered
# "N/A do not use", "N/A - never contacted", "Not applicable (did not call)": a "don't know" answer.
_UNKNOWN_START = re.compile(r"^(?:n/a|n\.a\.|not applicable|don'?t know|do not know|not sure|prefer not|"
                            r"no opinion|did not use|never used|not used|does not apply)\b", re.IGNORECASE)
_SCALE_HINT = re.compile(r"(\d{1,2})\s*[-–~～至到]\s*(\d{1,2})")


def scale_from_header(header: str) -> tuple[int, int] | None:
    """A scale written in the header, e.g. "满意度评分(1-5分)" → (1, 5)."""
    m = _SCALE_HINT.search(str(header))
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        if (low, high) in schema.SCALES:
            return low, high
    return None


_NORMED_SCALES = [[schema.normalise_header(x) for x in labels] for labels in schema.SCALE_LABELS]
_SATISFIED = {schema.normalise_header(w) for w in schema.SATISFIED_LABELS}


def label_scale(values: pd.Series) -> list[str] | None:
    """The labelled scale (normalised labels, worst first) that holds the most of these written
    answers, the shorter one on a tie: "Unsatisfied", "Satisfied", "Highly Satisfied" are the
    three points of one scale, not points 2 and 4 of a five-point one."""
    words = {schema.normalise_header(v) for v in values.dropna().astype("str")}
    best, hits = None, 0
    for normed in _NORMED_SCALES:
        found = len(words.intersection(normed))
        if found > hits or (found == hits and best is not None and found and len(normed) < len(best)):
            best, hits = normed, found
    return best


def _is_unknown(text: str) -> bool:
    return schema.normalise_header(text) in _UNKNOWN or bool(_UNKNOWN_START.match(text))


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


def score_codes(values: pd.Series, scale_labels: list[str] | None = None) -> pd.DataFrame:
    """Code, unknown flag, scale size (for labels), blank flag and the label's word (for
    "satisfied" codes) of each distinct written score; worded answers are read on
    `scale_labels` (see label_scale), else on the first scale that has the word."""
    codes, unknown, points, words = [], [], [], []
    for value in values:
        s = str(value).strip()
        code, is_unknown, size, word = np.nan, False, 0, ""
        if not s or s.casefold() in BLANKS:
            pass
        elif (m := _CODE_LABEL.match(s)) is not None:
            label = m.group(2) or ""
            if label and _is_unknown(label):
                is_unknown = True
            else:
                code, word = float(m.group(1)), schema.normalise_header(label)
        elif _is_unknown(s):
            is_unknown = True
        else:
            norm = schema.normalise_header(s)
            for normed in ([scale_labels] if scale_labels else []) + _NORMED_SCALES:
                if norm in normed:
                    code, size, word = float(normed.index(norm) + 1), len(normed), norm
                    break
        codes.append(code)
        unknown.append(is_unknown)
        points.append(size)
        words.append(word)
    return pd.DataFrame({"code": codes, "unknown": unknown, "label_points": points,
                         "blank": [str(v).strip().casefold() in BLANKS for v in values], "word": words})


def satisfied_by_label(table: pd.DataFrame) -> list[int] | None:
    """The codes whose written label says satisfied ("2 - Satisfied", "Very satisfied"), when
    every code seen carries a label; None otherwise (the scale's default top box applies, see
    schema.satisfied_codes)."""
    worded = table[(table["word"] != "") & table["code"].notna()]
    if worded.empty or set(table["code"].dropna()) - set(worded["code"]):
        return None          # some codes carry no label ("10 - Strongly Agree" beside a bare 7)
    codes = sorted({int(c) for c, w in zip(worded["code"], worded["word"]) if w in _SATISFIED})
    return codes or None


def parse_scores(raw: pd.Series, header: str = "", nps: bool = False,
                 scale: tuple[int, int] | None = None) -> ParsedScores:
    """Scores written as "5", "5分", "5.0", labels (非常满意 … 非常不满意, Very satisfied …) or
    "code - label" strings, on a detected (or given) scale.

    Every distinct value is read once (score_codes) and the answers spread over the rows by the
    column's codes: one hash of the column, then numpy."""
    rows, distinct = factorize(raw)
    labels_of = label_scale(distinct)
    read = score_codes(distinct, labels_of)
    table = read.set_index(distinct.astype("str"))
    label_points = int(table["label_points"].max()) if len(table) else 0
    labels = {k: float(v) for k, v in table.loc[table["label_points"] > 0, "code"].items()}
    # Code -1 (a cell with no value at all) picks the entry appended after the distinct values.
    codes = pd.Series(np.append(read["code"].to_numpy(dtype="float64"), np.nan)[rows], index=raw.index)
    unknown = np.append(read["unknown"].to_numpy(dtype=bool), False)[rows]
    blank = np.append(read["blank"].to_numpy(dtype=bool), True)[rows]
    if scale is None:
        only_labels = label_points and (table["label_points"] > 0).sum() == table["code"].notna().sum()
        scale = (1, label_points) if only_labels else detect_scale(codes, scale_from_header(header), nps)
    low, high = scale
    number = codes.to_numpy()
    out_of_range = ~np.isnan(number) & ~((number >= low) & (number <= high))
    missing = blank | unknown
    bad = ~blank & np.isnan(number) & ~unknown
    satisfied = None if nps else satisfied_by_label(table[table["code"].between(low, high) | table["code"].isna()])

    def mask(values: np.ndarray) -> pd.Series:
        return pd.Series(values, index=raw.index)
    return ParsedScores(codes.where(~out_of_range), scale, mask(missing), mask(out_of_range), mask(bad), labels,
                        satisfied)


# --- booleans and categories ---------------------------------------------------------------
def parse_bool(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """是/否, yes/no, Y/N, true/false, 1/0 → nullable boolean, plus the mask of unreadable values."""
    true = {w.casefold() for w in schema.TRUE_WORDS}
    false = {w.casefold() for w in schema.FALSE_WORDS}

    def distinct(values: pd.Series) -> pd.DataFrame:
        norm = values.astype("str").str.strip().str.lower().str.replace(r"\.0$", "", regex=True)
        value = pd.Series(pd.NA, index=values.index, dtype="boolean")
        value[norm.isin(true)] = True
        value[norm.isin(false)] = False
        blank = norm.isin(BLANKS)
        return pd.DataFrame({"value": value, "bad": ~blank & value.isna()})

    parsed = by_distinct(raw, distinct)
    return parsed["value"].astype("boolean"), parsed["bad"].astype("boolean").fillna(False).astype(bool)


def normalise_labels(labels: pd.Series, index: dict[str, str], fallback: str | None = None,
                     first: Callable[[str], str | None] | None = None) -> pd.Series:
    """Map display labels onto a vocabulary's keys (电话 → phone), by exact alias, then by the
    longest alias contained in the label; `fallback` for labels that match nothing. `first`,
    when given, is asked first (a bare priority code, say)."""
    by_length = sorted(index, key=len, reverse=True)

    def key_of(label: object) -> str | None:
        if first is not None and (key := first(str(label))) is not None:
            return key
        norm = schema.normalise_header(label)
        key = index.get(norm)
        if key is None:
            key = next((index[a] for a in by_length if len(a) >= 2 and a in norm), fallback)
        return key

    if isinstance(labels.dtype, pd.CategoricalDtype):
        # The cleaner's labels: categories in order of first appearance, each appearing.
        codes, uniques = labels.cat.codes.to_numpy(), labels.cat.categories
    else:
        codes, uniques = factorize(labels)
    keys = [key_of(v) for v in uniques]
    key_codes, categories = pd.factorize(pd.Series(keys, dtype=object), use_na_sentinel=True)
    key_codes = np.append(key_codes, -1)       # NA labels (code -1) take the last slot: NA key
    return pd.Series(pd.Categorical.from_codes(key_codes[codes], categories=categories.astype("str")),
                     index=labels.index)


_BARE_CODE = re.compile(r"^\s*(?:p\s*)?(\d)(?:\.0)?\s*$", re.IGNORECASE)
_UNASSIGNED = {schema.normalise_header(w) for w in schema.UNASSIGNED_PRIORITY}
UNASSIGNED = "__unassigned__"      # a priority key meaning "no tier": read as NA


def priority_key_of(most_urgent_first: bool = True) -> Callable[[str], str | None]:
    """Reads a bare priority code ("1", "P2", "3.0") as a tier: 1 is most urgent, as ServiceNow
    and Cherwell number them, or least urgent when the user says so; "0 - Unassigned" and
    "Unassigned" are no tier. Worded priorities ("2 - High", "Critical") are left to the
    vocabulary (None)."""
    codes = schema.PRIORITY_CODES
    top = max(codes)

    def key(label: str) -> str | None:
        m = _BARE_CODE.match(label)
        if m:
            code = int(m.group(1))
            if code == 0:
                return UNASSIGNED
            return codes.get(code if most_urgent_first else top + 1 - code, "low" if most_urgent_first else "urgent")
        norm = schema.normalise_header(_CODE_PREFIX.sub("", label))
        return UNASSIGNED if norm in _UNASSIGNED else None
    return key


_CODE_PREFIX = re.compile(r"^\s*\d+\s*[-–—:：.、)]\s*")


def priority_keys(labels: pd.Series, most_urgent_first: bool = True) -> pd.Series:
    """urgent / high / medium / low per priority label (NA: blank, unassigned or unknown)."""
    keys = normalise_labels(labels, schema.PRIORITY_INDEX, first=priority_key_of(most_urgent_first))
    if UNASSIGNED in keys.cat.categories:
        keys = keys.cat.remove_categories([UNASSIGNED])
    return keys


_OPEN = [schema.header_words(w) for w in schema.STATUS_OPEN if not schema.has_cjk(w)]
_CLOSED = [schema.header_words(w) for w in schema.STATUS_CLOSED if not schema.has_cjk(w)]
_OPEN_CJK = [w for w in schema.STATUS_OPEN if schema.has_cjk(w)]
_CLOSED_CJK = [w for w in schema.STATUS_CLOSED if schema.has_cjk(w)]
OPEN, CLOSED = "open", "closed"


def _first_at(words: list[str], phrases: list[list[str]]) -> int | None:
    found = [i for phrase in phrases for i in range(len(words) - len(phrase) + 1)
             if words[i:i + len(phrase)] == phrase]
    return min(found) if found else None


def status_state(label: str) -> str | None:
    """Whether a status label says the ticket is open or closed (None: it says neither). The
    word that comes first decides, so "Closed - No Action" is closed, "Waiting for Requestor
    Feedback" open, and "Unresolved", "Not resolved", "未解决" open though they hold a closed word."""
    words = schema.header_words(label)
    text = schema.normalise_header(label)
    opened, closed = _first_at(words, _OPEN), _first_at(words, _CLOSED)
    if schema.has_cjk(text):
        cjk_open = min((text.find(w) for w in _OPEN_CJK if w in text), default=None)
        cjk_closed = min((text.find(w) for w in _CLOSED_CJK if w in text), default=None)
        if cjk_open is not None or cjk_closed is not None:
            opened, closed = cjk_open, cjk_closed
    if opened is not None and (closed is None or opened <= closed):
        return OPEN
    return CLOSED if closed is not None else None


# --- times of day ---------------------------------------------------------------------------
_TIME_OF_DAY = re.compile(r"^\s*(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2})(?:\.\d+)?秒?)?分?\s*([AaPp])?\.?[Mm]?\.?\s*$")
NS_PER_SECOND = 10**9


def parse_time_of_day(raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Times of day ("09:12:58", "3:53:50 PM", "14时30分", Excel's day fractions and time cells)
    as int64 nanoseconds after midnight (-1 where blank or not understood), and the mask of
    values that are present but not a time of day."""
    def distinct(values: pd.Series) -> pd.DataFrame:
        ns, bad = [], []
        for value in values:
            seconds = None
            if isinstance(value, dt.time):
                seconds = value.hour * 3600 + value.minute * 60 + value.second
            elif isinstance(value, dt.timedelta) and value < dt.timedelta(days=1):
                seconds = int(value.total_seconds())
            elif isinstance(value, (int, float, np.integer, np.floating)) and 0 <= value < 1:
                seconds = int(round(float(value) * 86400))
            elif isinstance(value, str) and (m := _TIME_OF_DAY.match(value)):
                hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
                half = (m.group(4) or "").lower()
                if half and not 1 <= hour <= 12:
                    hour = 99
                elif half == "p" and hour < 12:
                    hour += 12
                elif half == "a" and hour == 12:
                    hour = 0
                if hour < 24 and minute < 60 and second < 60:
                    seconds = hour * 3600 + minute * 60 + second
            blank = value is None or (isinstance(value, str) and value.strip().casefold() in BLANKS)
            ns.append(-1 if seconds is None else seconds * NS_PER_SECOND)
            bad.append(seconds is None and not blank)
        return pd.DataFrame({"ns": np.asarray(ns, dtype=np.float64), "bad": bad})

    parsed = by_distinct(raw, distinct)
    ns = parsed["ns"].to_numpy(dtype=np.float64, na_value=-1.0)
    return np.nan_to_num(ns, nan=-1.0).astype(np.int64), parsed["bad"].astype("boolean").fillna(False).astype(bool)
