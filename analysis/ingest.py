"""Reading a file's bytes into a raw table: format, encoding, delimiter, sheet and header row
are detected from the content, never from the file name.

Every failure is an :class:`IngestError` whose message says what is wrong with which file, so
the app and the command line can show one clear line instead of a traceback.
"""
from __future__ import annotations

import codecs
import copy
import csv
import functools
import importlib
import io
import re
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import charset, schema

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PARQUET_MAGIC = b"PAR1"
ZIP_MAGIC = b"PK\x03\x04"
DELIMITERS = [",", "\t", ";", "|"]
HEADER_SEARCH_ROWS = 30      # title rows above the header are looked for in this many rows
SNIFF_BYTES = 256 * 1024
BLOCK_BYTES = 1 << 24       # pyarrow parses blocks of this size in parallel
# pyarrow transcodes other encodings block by block through Python's codec, whose buffers per
# block add to the read's peak: smaller blocks there (UTF-8 reads faster in large ones).
TRANSCODED_BLOCK_BYTES = 1 << 22
# Double-byte encodings whose second bytes stay within 0x40-0xFE (GB18030's four-byte form adds
# digits): never a comma, tab, semicolon, quote or line break, so pyarrow can split a file in them
# into cells without decoding it. A "|" (0x7C) can be half of a character, and is not safe.
DOUBLE_BYTE_ENCODINGS = {"gb18030", "gbk", "gb2312", "cp936", "big5", "big5hkscs", "cp950", "shift_jis",
                         "cp932", "cp949", "euc_jp", "euc_kr"}
DECODE_THREADS = 2

# Bounded reading (issue 18). A workbook is a zip whose parts are inflated before a cell is read:
# their uncompressed sizes are summed from the zip's directory first (nothing inflated), and a
# workbook past either bound is refused unopened. Real sheets compress 5-15 times (the PwC
# export 7x, the Chinese sample 9x, 100,000 repetitive openpyxl rows 12x); a zip bomb's parts
# compress hundreds of times. Reading a workbook takes about 3x its inflated size in memory.
MAX_INFLATE_RATIO = 100                  # a part's uncompressed size over its compressed size
RATIO_CHECKED_FROM = 10_000_000          # parts smaller than this (styles, themes) are not judged by ratio
# Uncompressed bytes of a workbook's parts: about Excel's most rows (1,048,576) by 30 short
# columns. Callers with a memory budget of their own pass `inflate_budget` instead.
MAX_INFLATED_BYTES = 1_500_000_000
# The longest cell a text file may hold, in bytes (Python's csv module stops at 131,072 by
# default: a 200 KB description refused the whole file).
FIELD_LIMIT_BYTES = 1 << 30
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT_BYTES))


class IngestError(ValueError):
    """A file could not be read; the message is meant for the user."""

    def __init__(self, file: str, problem: str):
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


@dataclass
class RawTable:
    """A file's cells before any mapping.

    Text files keep the Arrow table pyarrow read (every column text, empty cells null): the
    cleaner converts one column at a time, so a million-row file is never turned into pandas
    whole. Excel and Parquet files arrive as a pandas frame of typed cells."""
    cells: pa.Table | pd.DataFrame
    file: str
    format: str                       # csv / tsv / xlsx / xls / parquet
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1               # 1-based row of the header in the user's file
    header_rows: int = 1              # rows the header takes (Qualtrics 3, SurveyMonkey 2)
    codes: list[str] | None = None    # the column ids above the names, where a survey tool writes both
    source_rows: np.ndarray | None = None   # the user's row number of each kept row
    malformed: list = field(default_factory=list)  # (row number, text) of rows with wrong field counts
    kept: np.ndarray | None = None    # positions of the rows kept in `cells` (None: all of them)
    encoding_guess: charset.EncodingGuess | None = None   # how a text file's encoding was decided
    undecodable: np.ndarray | None = None   # the user's row numbers of rows not in the file's encoding (left out)
    duplicate_headers: list[tuple[str, list[str]]] = field(default_factory=list)  # (header, the names its columns got)
    # (header, the user's first rows read so, how many cells) of columns of numbers written with
    # a decimal comma ("12,5"), which the table now holds as 12.5
    decimal_commas: list[tuple[str, np.ndarray, int]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return list(self.cells.column_names if isinstance(self.cells, pa.Table) else self.cells.columns)

    @property
    def n_rows(self) -> int:
        return len(self.kept) if self.kept is not None else len(self.cells)

    def column(self, header: str) -> pd.Series:
        """One column as a pandas Series (Arrow-backed text for text files), kept rows only."""
        if not isinstance(self.cells, pa.Table):
            return self.cells[header].reset_index(drop=True)
        values = _as_text(self.cells.column(header))
        return (values if self.kept is None else values.take(self.kept)).to_pandas().rename(header)

    def take(self, header: str) -> pd.Series:
        """Like column(), but the column leaves a text file's Arrow table: the cleaner takes each
        column once, so its cleaned form replaces the raw text in memory instead of joining it."""
        values = self.column(header)
        if isinstance(self.cells, pa.Table):
            self.cells = self.cells.drop_columns([header])
        return values

    @property
    def frame(self) -> pd.DataFrame:
        """The whole table in pandas; for small tables and callers that need every column."""
        return self.head(self.n_rows)

    def head(self, n: int) -> pd.DataFrame:
        if not isinstance(self.cells, pa.Table):
            return self.cells.head(n)
        table = self.cells.slice(0, n) if self.kept is None else self.cells.take(self.kept[:n])
        return pa.table([_as_text(c) for c in table.columns], names=table.column_names).to_pandas()

    def sample(self, n: int = 500) -> pd.DataFrame:
        """What mapping looks at: for text files the first `n` non-blank values of each column
        (padded with NA), without converting a million rows; typed cells as they are."""
        if not isinstance(self.cells, pa.Table):
            return self.cells
        return pd.DataFrame({h: _first_values(self.cells.column(h), n) for h in self.columns})

    def blank_columns(self) -> list[str]:
        """Headers whose every cell is blank (empty or only spaces)."""
        cells = self.cells
        return [h for h in self.columns if _all_blank(cells.column(h) if isinstance(cells, pa.Table) else cells[h])]


def _first_values(values: pa.ChunkedArray, n: int) -> pd.Series:
    # Blank rows hold no values, so this is the same with or without them.
    found = values.slice(0, 20 * n).drop_null()
    if len(found) < n:
        found = values.drop_null()
    return _as_text(found.slice(0, n)).to_pandas()


def _as_text(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """A column as plain text: label columns of undecoded reads are kept dictionary-encoded
    until a caller asks for them (see _decoded_column)."""
    return values.cast(values.type.value_type) if pa.types.is_dictionary(values.type) else values


def _all_blank(values: pa.ChunkedArray | pd.Series) -> bool:
    if isinstance(values, pd.Series):
        values = values.dropna()
        # Most columns show a non-blank value at once; only the doubtful ones are scanned.
        if len(values) and (values.head(1000).astype("str").str.strip() != "").any():
            return False
        return values.empty or bool((values.astype("str").str.strip() == "").all())
    if values.null_count == len(values):
        return True
    if pa.types.is_dictionary(values.type):      # the distinct values of each chunk
        values = pa.chunked_array([chunk.dictionary for chunk in values.chunks], values.type.value_type)
    head = values.slice(0, 1000).drop_null()
    if len(head) and pc.any(pc.not_equal(pc.utf8_trim_whitespace(head), "")).as_py():
        return False
    return not pc.any(pc.not_equal(pc.utf8_trim_whitespace(values), "")).as_py()


# --- format and encoding ------------------------------------------------------------------
def sniff_format(data: bytes, name: str, inflate_budget: int | None = None) -> str:
    """The file's format from its first bytes. A workbook that would inflate past
    `inflate_budget` bytes (default MAX_INFLATED_BYTES), or whose parts inflate implausibly, is
    refused here, before any part is inflated."""
    if not data:
        raise IngestError(name, "the file is empty (0 bytes)")
    if data.startswith(PARQUET_MAGIC):
        return "parquet"
    if data.startswith(OLE_MAGIC):
        return "ole"        # .xls, or an encrypted (password-protected) xlsx
    if data.startswith(ZIP_MAGIC):
        try:
            parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, ValueError, OSError):     # (a damaged directory raises all three)
            raise IngestError(name, "looks like an Excel workbook (zip) but is truncated or damaged") from None
        if any(p.filename.startswith("xl/") for p in parts):
            check_inflation(parts, name, MAX_INFLATED_BYTES if inflate_budget is None else inflate_budget)
            return "xlsx"
        raise IngestError(name, "is a zip archive but not an Excel workbook; unzip it and upload the table inside")
    return "text"


def check_inflation(parts: list[zipfile.ZipInfo], name: str, budget: int) -> None:
    """Refuse a workbook whose parts would inflate past `budget` bytes in all, or one of whose
    large parts inflates more than MAX_INFLATE_RATIO times its compressed size, from the sizes
    the zip's directory declares (nothing is inflated). A part that lies about its size fails
    its check in verify_inflation."""
    total = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts)
    for part in parts:
        ratio = part.file_size / max(1, part.compress_size)
        if part.file_size >= RATIO_CHECKED_FROM and ratio > MAX_INFLATE_RATIO:
            raise IngestError(name, f"was not opened: its part {part.filename} would unpack from "
                                    f"{_size(part.compress_size)} to {_size(part.file_size)} ({ratio:,.0f} times; real "
                                    f"workbooks unpack under {MAX_INFLATE_RATIO} times), the mark of a zip bomb. "
                                    "Open it in Excel and save it again, or export the sheet as CSV")
    if total > budget:
        raise IngestError(name, f"was not opened: it would unpack from {_size(packed)} to {_size(total)}, past the "
                                f"{_size(budget)} this server reads a workbook up to. Export the sheet as CSV "
                                "(read in far less memory), or split the workbook")


INFLATE_CHUNK = 1 << 20         # compressed bytes fed to zlib at a time when checking a workbook


def verify_inflation(data: bytes, parts: list[zipfile.ZipInfo], name: str) -> None:
    """Inflate every part of a workbook into nothing, a chunk at a time (memory stays at a few MB),
    and refuse one that unpacks to more than its directory declared: the reader trusts the
    declared sizes no more than check_inflation does. Deflate inflates at some 300 MB/s, a small
    cost beside reading the cells."""
    view = memoryview(data)
    for part in parts:
        start = part.header_offset + 30           # the local header: 30 bytes, then the name and extra field
        if len(data) < start:
            raise IngestError(name, "looks like an Excel workbook (zip) but is truncated or damaged")
        start += int.from_bytes(data[start - 4:start - 2], "little") + int.from_bytes(data[start - 2:start], "little")
        packed = view[start:start + part.compress_size]
        if part.compress_type == zipfile.ZIP_STORED:
            out = len(packed)
        elif part.compress_type == zipfile.ZIP_DEFLATED:
            inflater, out = zlib.decompressobj(-15), 0
            for at in range(0, len(packed), INFLATE_CHUNK):
                pending = packed[at:at + INFLATE_CHUNK]
                while pending and out <= part.file_size:
                    try:
                        out += len(inflater.decompress(pending, INFLATE_CHUNK))
                    except zlib.error:
                        raise IngestError(name, f"looks like an Excel workbook but its part {part.filename} "
                                                "is damaged") from None
                    pending = inflater.unconsumed_tail
                if out > part.file_size:
                    break
        else:
            raise IngestError(name, f"is a zip whose part {part.filename} uses a compression Excel does not "
                                    "write; open it in Excel and save it again")
        if out > part.file_size:
            raise IngestError(name, f"was not opened: its part {part.filename} unpacks to more than the "
                                    f"{_size(part.file_size)} the workbook declares, the mark of a zip bomb")


def _size(n: int) -> str:
    """Bytes for a message, in decimal units (MB = 10^6 bytes, as file managers show them)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n:,} bytes"


def detect_encoding(data: bytes, name: str) -> charset.EncodingGuess:
    """The file's text encoding: UTF-8 with a BOM, UTF-16 (Excel's "Unicode text", with or
    without a BOM), UTF-8 when every byte of the file is UTF-8 (checked whole, by Arrow), else
    the best reading of samples spread through the whole file (analysis.charset: GB18030,
    Windows-1252, Latin-1, UTF-8 with rows in another encoding …). Binary data is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return charset.EncodingGuess("utf-8-sig", whole_valid=_utf8_valid(pa.py_buffer(data).slice(3)))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return charset.EncodingGuess("utf-16")
    head = data[:SNIFF_BYTES]
    # UTF-16 without a BOM: every other byte of ASCII text is zero.
    if len(head) >= 4 and head[1::2].count(0) > 0.4 * len(head[1::2]):
        return charset.EncodingGuess("utf-16-le")
    if len(head) >= 4 and head[0::2].count(0) > 0.4 * len(head[0::2]):
        return charset.EncodingGuess("utf-16-be")
    if b"\x00" in head:
        raise IngestError(name, "is not a text table (binary content); upload CSV, TSV, Excel or Parquet")
    try:
        # An incremental decoder accepts a character cut in two at the end of the head; a head
        # that is not UTF-8 spares the whole file's check.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(data) <= SNIFF_BYTES)
        if len(data) <= SNIFF_BYTES or _utf8_tail_ok(data):
            return charset.EncodingGuess("utf-8")
    except UnicodeDecodeError:
        pass
    return charset.guess(data)


def chosen_encoding(data: bytes, encoding: str, name: str) -> charset.EncodingGuess:
    """The encoding the user chose for the file (a codec name); an unknown one is refused."""
    try:
        codec = charset.canonical(encoding)
    except LookupError:
        raise IngestError(name, f"cannot be read in {encoding!r}: no such text encoding") from None
    if codec in ("utf-8", "utf-8-sig"):
        body = pa.py_buffer(data).slice(3 if data.startswith(b"\xef\xbb\xbf") else 0)
        return charset.EncodingGuess("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8",
                                     whole_valid=_utf8_valid(body), by_user=True)
    return charset.EncodingGuess(codec, whole_valid=False, by_user=True)


def _utf8_tail_ok(data: bytes) -> bool:
    return _utf8_valid(pa.py_buffer(data))


def _utf8_valid(buffer: pa.Buffer) -> bool:
    """Whether the bytes are UTF-8, checked by Arrow in place: decoding in Python would build a
    string as large as the file only to throw it away."""
    offsets = pa.py_buffer(np.array([0, buffer.size], dtype=np.int64))
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, buffer])
    try:
        whole.cast(pa.large_string())
        return True
    except pa.ArrowInvalid:
        return False


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")     # control characters but tab, CR, LF


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(1, len(text))


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the sample's lines into the most consistent number of fields."""
    lines = [ln for ln in sample.splitlines()[:HEADER_SEARCH_ROWS * 2] if ln.strip()]
    best, best_score = ",", -1.0
    for delim in DELIMITERS:
        counts = [len(next(csv.reader([ln], delimiter=delim))) for ln in lines]
        if not counts or max(counts) < 2:
            continue
        modal = max(set(counts), key=counts.count)
        score = counts.count(modal) / len(counts) * (modal > 1) + modal / 1000
        if score > best_score:
            best, best_score = delim, score
    return best


def find_header_row(rows: list[list[object]]) -> int:
    """0-based index of the header among the first rows: the first row filled nearly as wide as
    the table, so a title such as "客户需求登记与跟踪表" and blank rows above it are skipped."""
    def filled(row: list[object]) -> int:
        return sum(1 for v in row if v is not None and str(v).strip() not in ("", "nan", "None"))
    widths = [filled(r) for r in rows[:HEADER_SEARCH_ROWS]]
    if not widths or max(widths) == 0:
        return 0
    full = max(widths)
    return next(i for i, w in enumerate(widths) if w >= max(2, 0.6 * full) or w == full)


# Second header rows that say nothing of the column (SurveyMonkey writes "Response" under each
# single-answer question).
PLAIN_SUBHEADERS = {"response", "open-ended response", "open ended response", "other (please specify)"}
_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"')


def stacked_header(rows: list[list[object]], header_idx: int) -> tuple[list[str] | None, int]:
    """(the column names, the header rows below the first) of survey exports that write two or
    three: Qualtrics (column ids, then the question texts, then a row of {"ImportId": …}) and
    SurveyMonkey (the question, then "Response" or the answer choice of each matrix column,
    with the question's cell left blank over its other columns). (None, 0) for one header row."""
    def cells(i: int) -> list[str]:
        row = rows[i] if i < len(rows) else []
        return ["" if v is None else str(v).strip() for v in row]

    first, second, third = cells(header_idx), cells(header_idx + 1), cells(header_idx + 2)
    width = len(first)
    second, third = (second + [""] * width)[:width], (third + [""] * width)[:width]
    filled = [c for c in third if c]
    if filled and sum(bool(_IMPORT_ID.match(c)) for c in filled) >= 0.5 * len(filled):
        return [q or c for c, q in zip(first, second)], 2      # the ids of row 1: RawTable.codes
    # SurveyMonkey always writes "Response" (or "Open-Ended Response") under some question: a
    # data row never holds that word, so the first data row is never taken for a header.
    plain = [b for b in second if b]
    if plain and any(b.casefold() in PLAIN_SUBHEADERS for b in plain):
        names, question = [], ""
        for a, b in zip(first, second):
            question = a or question
            names.append(question if not b or b.casefold() in PLAIN_SUBHEADERS or b == question
                         else f"{question} - {b}" if question else b)
        return names, 1
    return None, 0


# --- readers ------------------------------------------------------------------------------
def read_table(data: bytes, name: str, sheet: str | None = None, encoding: str | None = None,
               inflate_budget: int | None = None) -> RawTable:
    """Read any supported file into a RawTable. `encoding`: the text encoding the user chose
    (a Python codec name), None to detect it; `inflate_budget`: the most bytes a workbook's or
    Parquet file's compressed parts may unpack to (default MAX_INFLATED_BYTES)."""
    budget = MAX_INFLATED_BYTES if inflate_budget is None else inflate_budget
    kind = sniff_format(data, name, budget)
    try:
        if kind == "parquet":
            return _read_parquet(data, name, budget)
        if kind in ("xlsx", "ole"):
            return _read_excel(data, name, kind, sheet)
        return _read_text(data, name, encoding)
    except IngestError:
        raise
    except (csv.Error, ValueError, UnicodeError, pa.ArrowException) as exc:
        # Whatever else a malformed file trips over, the user gets one line about the file.
        raise IngestError(name, f"could not be read as a table ({type(exc).__name__}: {str(exc)[:160]})") from None


def _read_parquet(data: bytes, name: str, budget: int) -> RawTable:
    import pyarrow.parquet as pq
    try:
        meta = pq.read_metadata(pa.BufferReader(data))
        # Parquet's pages are compressed too: the footer says what its columns unpack to.
        unpacked = sum(meta.row_group(g).column(c).total_uncompressed_size
                       for g in range(meta.num_row_groups) for c in range(meta.num_columns))
    except Exception as exc:  # pyarrow raises many types for damaged files
        raise IngestError(name, f"is not a readable Parquet file ({type(exc).__name__})") from None
    if unpacked > budget:
        raise IngestError(name, f"was not opened: its columns unpack to {_size(unpacked)}, past the "
                                f"{_size(budget)} this server reads a file up to; split it into smaller files")
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises many types for damaged files
        raise IngestError(name, f"is not a readable Parquet file ({type(exc).__name__})") from None
    _require_rows(frame.shape[1], len(frame), name)
    frame.columns = [str(c) for c in frame.columns]
    rows = np.arange(2, len(frame) + 2)
    return RawTable(frame.reset_index(drop=True), name, "parquet", source_rows=rows)


def _read_excel(data: bytes, name: str, kind: str, sheet: str | None) -> RawTable:
    if kind == "ole" and _is_encrypted(data):
        raise IngestError(name, "is a password-protected workbook; open it in Excel, remove the password, "
                                "save, and upload again")
    if kind == "xlsx":
        verify_inflation(data, zipfile.ZipFile(io.BytesIO(data)).infolist(), name)
    from python_calamine import CalamineWorkbook
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = list(book.sheet_names)
    except Exception as exc:
        raise IngestError(name, f"is not a readable Excel workbook (truncated or damaged: {type(exc).__name__})") from None
    if sheet is not None and sheet not in sheets:
        raise IngestError(name, f"has no sheet named {sheet!r} (sheets: {', '.join(sheets)})")
    chosen, cells = None, []
    for candidate in ([sheet] if sheet else sheets):
        try:
            cells = book.get_sheet_by_name(candidate).to_python(skip_empty_area=False)
        except Exception as exc:
            raise IngestError(name, f"sheet {candidate!r} could not be read ({type(exc).__name__})") from None
        if any(any(str(v).strip() for v in row) for row in cells):
            chosen = candidate
            break
    if chosen is None:
        raise IngestError(name, "every sheet of the workbook is empty")
    header_idx = find_header_row(cells)
    names, extra = stacked_header(cells, header_idx)
    header = _unique_headers(names or cells[header_idx])
    duplicates = _duplicates(names or cells[header_idx], header)
    codes = _codes(cells[header_idx], len(header)) if extra == 2 else None
    body = cells[header_idx + 1 + extra:]
    frame = pd.DataFrame(body, columns=header, dtype=object) if body else pd.DataFrame(columns=header)
    frame = frame.replace({"": None})
    rows = np.arange(header_idx + 2 + extra, header_idx + 2 + extra + len(frame))
    keep = frame.notna().any(axis=1).to_numpy()
    frame, rows = frame[keep].reset_index(drop=True), rows[keep]
    frame = frame.loc[:, [c for c in frame.columns if not c.startswith("Unnamed:") or frame[c].notna().any()]]
    _require_rows(frame.shape[1], len(frame), name, f" (sheet {chosen!r}, header on row {header_idx + 1})")
    return RawTable(frame, name, "xlsx" if kind == "xlsx" else "xls", sheet=chosen, sheets=sheets,
                    header_row=header_idx + 1, source_rows=rows, header_rows=1 + extra, codes=codes,
                    duplicate_headers=[(h, [n for n in names_ if n in frame.columns]) for h, names_ in duplicates
                                       if sum(n in frame.columns for n in names_) > 1])


def _is_encrypted(data: bytes) -> bool:
    try:
        import msoffcrypto
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:
        return False


def _duplicates(cells: list[object], headers: list[str]) -> list[tuple[str, list[str]]]:
    """The headers two or more columns share, each with the names _unique_headers gave its
    columns ("Agent" → ["Agent", "Agent.1"]), in the order the header first appears."""
    bases = [str(c).strip() if c is not None else "" for c in cells]
    seen: dict[str, list[str]] = {}
    for base, unique in zip(bases, headers):
        if base:
            seen.setdefault(base, []).append(unique)
    return [(base, names) for base, names in seen.items() if len(names) > 1]


def _unique_headers(cells: list[object]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, cell in enumerate(cells):
        base = str(cell).strip() if cell is not None and str(cell).strip() else f"Unnamed: {i + 1}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}.{n}")
    return out


def _sniff_text(data: bytes, name: str, encoding: str | None = None
                ) -> tuple[charset.EncodingGuess, str, list[list[str]], int]:
    """(how the encoding was decided, delimiter, the first rows, the header's index among them)
    of a text file; `encoding`: the user's choice, None to detect it."""
    guess = detect_encoding(data, name) if encoding is None else chosen_encoding(data, encoding, name)
    try:
        sample = data[:SNIFF_BYTES].decode(guess.encoding, errors="ignore")
    except LookupError:
        raise IngestError(name, f"uses an unsupported text encoding ({guess.encoding})") from None
    if _control_share(sample) > 0.01:
        raise IngestError(name, "is not a text table (binary content); upload CSV, TSV, Excel or Parquet")
    sample = sample.lstrip("\ufeff")
    delimiter = sniff_delimiter(sample)
    head_rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))[:HEADER_SEARCH_ROWS]
    if not head_rows:
        raise IngestError(name, "has no rows")
    return guess, delimiter, head_rows, find_header_row(head_rows)


def _codes(row: list[object], width: int) -> list[str]:
    cells = ["" if v is None else str(v).strip().lstrip("\ufeff") for v in row]
    return (cells + [""] * width)[:width]


def peek_columns(data: bytes, name: str) -> list[str] | None:
    """A text file's column names without reading it (None for workbooks and Parquet, or a file
    that cannot be read: the full read reports why)."""
    try:
        if sniff_format(data, name) != "text":
            return None
        _, _, head_rows, header_idx = _sniff_text(data, name)
    except IngestError:
        return None
    names, _ = stacked_header(head_rows, header_idx)
    return _unique_headers(names or head_rows[header_idx])


# pyarrow reads a text file in blocks, and a row must fit in one: after "straddling object"
# the file is read again in blocks that hold its longest line twice over, and larger still
# while a row (with quoted line breaks) does not fit, up to the whole file in one block.
MAX_BLOCK_BYTES = (1 << 31) - 1          # pyarrow's block size is a 32-bit integer


def _read_text(data: bytes, name: str, encoding: str | None = None) -> RawTable:
    guess, delimiter, head_rows, header_idx = _sniff_text(data, name, encoding)
    names, extra = stacked_header(head_rows, header_idx)
    malformed: list[tuple[int | None, str]] = []
    block = BLOCK_BYTES

    def skip_malformed(row: pacsv.InvalidRow) -> str:
        # A row with the wrong number of fields is reported (with its row number), not fatal.
        malformed.append((row.number, row.text[:120]))
        return "skip"

    # Every column is read as text: ids keep their leading zeros and our own parsers see the raw
    # values (pyarrow's inference would turn one stray "N/A" into a silent null).
    header = head_rows[header_idx] if header_idx < len(head_rows) else []
    column_types = {h: pa.string() for h in header}

    def read(newlines_in_values: bool, undecoded: bool = True) -> tuple[pa.Table, np.ndarray]:
        nonlocal block
        while True:
            malformed.clear()
            try:
                return _read_csv(data, guess, name, pacsv.ReadOptions(skip_rows=header_idx, block_size=block),
                                 pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                                    newlines_in_values=newlines_in_values,
                                                    invalid_row_handler=skip_malformed),
                                 pacsv.ConvertOptions(column_types=column_types, strings_can_be_null=True,
                                                      quoted_strings_can_be_null=True),
                                 header if undecoded else None)
            except _ReadTranscoding:
                undecoded = False
            except _BlockTooSmall:
                if block >= min(len(data) + 1, MAX_BLOCK_BYTES):
                    raise IngestError(name, "has a row too long to read (longer than 2 GB)") from None
                block = min(max(2 * block, 2 * _longest_line(data)), len(data) + 1, MAX_BLOCK_BYTES)

    # Most exports have no line breaks inside quoted cells, and pyarrow splits the file among its
    # threads faster when told so. A quoted line break inside a block is still read right; one
    # that a block boundary cuts leaves the parser out of step with the block, which pyarrow
    # refuses ("out of sync with chunker"). Either that or a row of the wrong length means the
    # file is read again with line breaks in cells allowed.
    try:
        table, undecodable = read(newlines_in_values=False)
    except _OutOfSync:
        table = None
    if table is None or malformed:
        table, undecodable = read(newlines_in_values=True)
    fmt = "tsv" if delimiter == "\t" else "csv"
    if malformed:
        # pyarrow does not say where a bad row was: re-read record by record to number them.
        text = _text_of(data, guess.encoding, name, strict=guess.whole_valid)
        frame, rows, bad_rows, undecodable_rows = _read_records(text, header_idx, delimiter, names, extra,
                                                                flag_replaced=not guess.whole_valid)
        keep = frame.notna().any(axis=1).to_numpy()
        if not keep.all():
            frame, rows = frame[keep].reset_index(drop=True), rows[keep]
        _require_read(frame.shape[1], len(frame), name, guess, len(undecodable_rows))
        given = names or head_rows[header_idx]
        return RawTable(frame, name, fmt, encoding=guess.encoding, delimiter=delimiter, header_row=header_idx + 1,
                        source_rows=rows, malformed=bad_rows, header_rows=1 + extra, encoding_guess=guess,
                        undecodable=undecodable_rows, duplicate_headers=_duplicates(given, _unique_headers(given)))
    codes = _codes(head_rows[header_idx], table.num_columns) if extra == 2 else None
    given = names if names and len(names) == table.num_columns else list(table.column_names)
    given[:1] = [str(h).lstrip("\ufeff") for h in given[:1]]
    headers = _unique_headers(given)
    table = table.rename_columns(headers)
    first_row = header_idx + 2              # the user's row number of the table's first row
    undecodable_rows = undecodable + first_row
    if extra:
        table = table.slice(extra)
        undecodable = undecodable[undecodable >= extra] - extra
    rows = np.arange(first_row + extra, first_row + extra + table.num_rows)
    commas: list[tuple[str, np.ndarray, int]] = []
    if delimiter == ";":
        table, commas = _decimal_commas(table, rows)
    kept = _kept_rows(table)
    if len(undecodable):
        keep = np.ones(table.num_rows, dtype=bool) if kept is None else np.isin(np.arange(table.num_rows), kept)
        keep[undecodable] = False
        kept = np.flatnonzero(keep)
    if kept is not None:
        rows = rows[kept]
    _require_read(table.num_columns, len(rows), name, guess, len(undecodable_rows))
    return RawTable(table, name, fmt, encoding=guess.encoding, delimiter=delimiter, header_row=header_idx + 1,
                    source_rows=rows, kept=kept, header_rows=1 + extra, codes=codes, encoding_guess=guess,
                    undecodable=undecodable_rows, duplicate_headers=_duplicates(given, headers),
                    decimal_commas=commas)


# A number as a semicolon-delimited (continental European) export writes it: a decimal comma,
# optionally dots between thousands ("12,5", "-0,75", "1.234,5"). Such files' commas are never
# thousands separators (those files would use dots), so the reading is not ambiguous there.
_DECIMAL_COMMA = r"^\s*[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+\s*$"
_EUROPEAN_NUMBER = r"^\s*[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s*$"
COMMA_PROBE = 1000              # values of a column looked at before the whole column is
COMMA_SHARE = 0.9               # share of them that must read as numbers for the column to be numbers
EXAMPLE_ROWS = 100              # row numbers kept per column whose commas were read as decimals


def _decimal_commas(table: pa.Table, rows: np.ndarray) -> tuple[pa.Table, list[tuple[str, np.ndarray, int]]]:
    """Columns of numbers written with decimal commas, rewritten with decimal points (12,5 →
    12.5, 1.234,5 → 1234.5) so that the mapping and the cleaner read them as numbers. A column
    qualifies when nearly all of its first values are such numbers and one has a comma; its
    other cells are left as written (the cleaner reports them). `rows`: the user's row number
    of each row of `table`. Returns the table and (header, first rows, cells rewritten)."""
    found = []
    columns = list(table.columns)
    for i, values in enumerate(columns):
        if not pa.types.is_string(values.type) or values.null_count == len(values):
            continue
        probe = values.slice(0, COMMA_PROBE).drop_null()
        if not len(probe):
            continue
        numbers = pc.match_substring_regex(probe, _EUROPEAN_NUMBER)
        if pc.sum(numbers).as_py() < COMMA_SHARE * len(probe) or not pc.any(
                pc.match_substring_regex(probe, _DECIMAL_COMMA)).as_py():
            continue
        comma = pc.fill_null(pc.match_substring_regex(values, _DECIMAL_COMMA), False)
        pointed = pc.replace_substring(pc.replace_substring(values, ".", ""), ",", ".")
        columns[i] = pc.if_else(comma, pointed, values)
        where = np.flatnonzero(np.asarray(comma.combine_chunks() if isinstance(comma, pa.ChunkedArray) else comma))
        found.append((table.column_names[i], rows[where[:EXAMPLE_ROWS]], int(len(where))))
    if not found:
        return table, []
    return pa.table(columns, names=table.column_names), found


def _require_read(n_columns: int, n_rows: int, name: str, guess: charset.EncodingGuess, undecodable: int) -> None:
    """_require_rows, saying so when no row is left because none decodes in the encoding."""
    if n_rows == 0 and undecodable:
        raise IngestError(name, f"has no row that reads as {charset.describe(guess.encoding)} text ({undecodable:,} "
                                "rows do not); choose the file's encoding (the Data page, or --encoding)")
    _require_rows(n_columns, n_rows, name)


def _longest_line(data: bytes) -> int:
    """Bytes of the file's longest line (a row with quoted line breaks may be longer still)."""
    breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x0A)
    if not len(breaks):
        return len(data)
    return int(max(breaks[0] + 1, np.diff(breaks).max(initial=0), len(data) - breaks[-1]))


class _OutOfSync(Exception):
    """pyarrow read a quoted line break as the end of a row (see _read_text)."""


class _ReadTranscoding(Exception):
    """The undecoded read met what only a transcoding read handles (see _read_undecoded)."""


class _BlockTooSmall(Exception):
    """A row is longer than pyarrow's block (see _read_text)."""


def _read_csv(data: bytes, guess: charset.EncodingGuess, name: str, read: pacsv.ReadOptions,
              parse: pacsv.ParseOptions, convert: pacsv.ConvertOptions, header: list[str] | None
              ) -> tuple[pa.Table, np.ndarray]:
    """pyarrow's reader over the file's bytes in place, and the positions of the rows that do
    not decode in the file's encoding (their cells are null). A file wholly UTF-8 is read as
    text at once; other encodings, and UTF-8 with rows that are not, are split into cells
    undecoded where that is safe (see _splits_undecoded), else transcoded by pyarrow as it
    reads, block by block (no UTF-8 copy of the whole file). `header`: the header as the
    sniffer split it, None to transcode in any case."""
    encoding = guess.encoding
    body = pa.py_buffer(data)
    if encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf"):
        body = body.slice(3)
    utf8 = encoding in ("utf-8", "utf-8-sig")
    none = np.array([], dtype=np.int64)
    try:
        if utf8 and guess.whole_valid:
            return pacsv.read_csv(pa.BufferReader(body), read_options=read, parse_options=parse,
                                  convert_options=convert), none
        if header is not None and _splits_undecoded(encoding, parse.delimiter):
            return _read_undecoded(body, encoding, read, parse, convert, header)
        read.encoding = encoding
        if read.block_size <= BLOCK_BYTES:
            read.block_size = min(read.block_size, TRANSCODED_BLOCK_BYTES)
        try:
            if utf8:          # pyarrow takes UTF-8 as is: bytes that are not would fail in its cells
                raise UnicodeError()
            return pacsv.read_csv(pa.BufferReader(body), read_options=read, parse_options=parse,
                                  convert_options=convert), none
        except UnicodeError:
            # Some rows are in another encoding: the file is transcoded here with the bytes that
            # do not decode marked (U+FFFD), and the rows holding a mark are set aside.
            read.encoding = "utf8"
            table = pacsv.read_csv(pa.py_buffer(_text_of(data, encoding, name, strict=False).encode("utf-8")),
                                   read_options=read, parse_options=parse, convert_options=convert)
            return _set_aside_marked(table)
    except pa.ArrowInvalid as exc:
        if "out of sync with chunker" in str(exc) and not parse.newlines_in_values:
            raise _OutOfSync() from None
        if "straddling" in str(exc):
            raise _BlockTooSmall() from None
        raise IngestError(name, _explain_arrow(str(exc))) from None


def _set_aside_marked(table: pa.Table) -> tuple[pa.Table, np.ndarray]:
    """The table with the rows whose cells hold U+FFFD (bytes that did not decode) nulled, and
    their positions."""
    marked = np.zeros(table.num_rows, dtype=bool)
    for values in table.columns:
        hit = pc.match_substring(values, "\ufffd")
        marked |= np.asarray(pc.fill_null(hit, False))
    if not marked.any():
        return table, np.array([], dtype=np.int64)
    mask = pa.array(marked)
    columns = [pc.if_else(mask, pa.scalar(None, v.type), v) for v in table.columns]
    return pa.table(columns, names=table.column_names), np.flatnonzero(marked)


def _read_undecoded(body: pa.Buffer, encoding: str, read: pacsv.ReadOptions, parse: pacsv.ParseOptions,
                    convert: pacsv.ConvertOptions, header: list[str]) -> tuple[pa.Table, np.ndarray]:
    """The table read as bytes, then decoded, and the positions of the rows with a cell that
    does not decode (set to null). The header is read as the first row, to be decoded like the
    cells (pyarrow would take its bytes for UTF-8); a header cell that reads as null ("NA")
    keeps the sniffer's text."""
    read, convert = copy.copy(read), copy.copy(convert)
    read.autogenerate_column_names = True
    convert.column_types = {f"f{i}": pa.binary() for i in range(len(header))}
    # pyarrow hands a malformed row's text to the handler as UTF-8, which these bytes are not:
    # without a handler, a malformed row sends the file to the transcoding read, whose handler
    # numbers it. (A copy of the options would keep the handler: setting None does not clear it.)
    parse = pacsv.ParseOptions(delimiter=parse.delimiter, quote_char=parse.quote_char,
                               double_quote=parse.double_quote, escape_char=parse.escape_char,
                               newlines_in_values=parse.newlines_in_values,
                               ignore_empty_lines=parse.ignore_empty_lines)
    try:
        table = pacsv.read_csv(pa.BufferReader(body), read_options=read, parse_options=parse,
                               convert_options=convert)
    except pa.ArrowInvalid as exc:
        if "out of sync with chunker" in str(exc) or "straddling" in str(exc):
            raise
        raise _ReadTranscoding() from None
    if table.num_columns != len(header) or not table.num_rows:
        raise _ReadTranscoding()       # pyarrow split the header otherwise than the sniffer
    first = table.slice(0, 1).to_pylist()[0].values()
    names = [sniffed if cell is None else cell.decode(encoding, errors="replace")
             for sniffed, cell in zip(header, first)]
    cells = table.slice(1).columns
    del table

    def decoded(i: int) -> tuple[pa.ChunkedArray, np.ndarray]:
        values, cells[i] = cells[i], None        # the bytes go as soon as their text is made
        return _decoded_column(values, encoding)
    with ThreadPoolExecutor(max_workers=DECODE_THREADS) as pool:
        columns = list(pool.map(decoded, range(len(cells))))
    bad = [b for _, b in columns if len(b)]
    undecodable = np.unique(np.concatenate(bad)) if bad else np.array([], dtype=np.int64)
    if len(undecodable):
        # a row is set aside whole: no cell of it is kept, so no half-read row reaches a figure
        mask = np.zeros(len(columns[0][0]), dtype=bool)
        mask[undecodable] = True
        mask = pa.array(mask)
        columns = [(pc.if_else(mask, pa.scalar(None, c.type), c), b) for c, b in columns]
    return pa.table([c for c, _ in columns], names=names), undecodable


@functools.cache
def _splits_undecoded(encoding: str, delimiter: str) -> bool:
    """Whether every byte below 0x80 of a file in `encoding` is the ASCII character it looks like,
    so that pyarrow can split it into cells as bytes, on all cores, and only the cells' bytes
    that need it are decoded. pyarrow's own transcoding runs in one thread through Python's
    codec: a 146 MB GB18030 file read in 1.35 s, against 0.7 s split undecoded and then decoded.
    UTF-8 qualifies too (for files with rows in another encoding: the rows that do not decode
    are found cell by cell)."""
    name = codecs.lookup(encoding).name
    if name in ("utf-8", "utf-8-sig"):
        return True
    if name in DOUBLE_BYTE_ENCODINGS:
        return delimiter != "|"
    try:      # single-byte code pages (cp1252, iso8859-x, koi8-r …) decode through one table
        table = importlib.import_module(f"encodings.{name.replace('-', '_')}").decoding_table
    except (ImportError, AttributeError):        # stateful or multi-byte: utf-7, iso2022, hz …
        return False
    return table[:128] == "".join(map(chr, range(128)))      # not EBCDIC


# A chunk with fewer distinct values than this share of a sample is a label chunk.
LABEL_SHARE = 0.2
LABEL_PROBE = 2000


def _decoded_column(values: pa.ChunkedArray, encoding: str) -> tuple[pa.ChunkedArray, np.ndarray]:
    """A column of cells as text, and the positions of its cells that do not decode (null in
    the text). ASCII chunks are already UTF-8 (a zero-copy view); in a label chunk (few distinct
    values) only the distinct values are decoded; any other chunk decodes its cells' bytes in
    one call. A column with label chunks stays dictionary-encoded, every chunk: a Chinese
    export's labels (channel, agent, category …) are held as small integers until the cleaner
    takes the column, and RawTable gives it out as plain text then."""
    decoded, bad, at = [], [], 0
    utf8 = codecs.lookup(encoding).name == "utf-8"
    for chunk in values.chunks:
        if not _non_ascii(chunk):
            decoded.append(chunk.view(pa.string()))
        elif utf8 and _valid_utf8_cells(chunk):
            # a UTF-8 file with rows in another encoding: most chunks are valid, checked by Arrow
            decoded.append(chunk.view(pa.string()))
        else:
            probe = chunk.slice(0, LABEL_PROBE)
            if len(probe.unique()) < LABEL_SHARE * len(probe):
                encoded = chunk.dictionary_encode()
                words, broken = _decoded_cells(encoded.dictionary, encoding)
                decoded.append(pa.DictionaryArray.from_arrays(encoded.indices, words))
                if len(broken):
                    indices = encoded.indices.to_numpy(zero_copy_only=False)
                    bad.append(at + np.flatnonzero(np.isin(indices, broken)))
            else:
                text, broken = _decoded_cells(chunk, encoding)
                decoded.append(text)
                if len(broken):
                    bad.append(at + broken)
        at += len(chunk)
    bad_rows = np.concatenate(bad) if bad else np.array([], dtype=np.int64)
    if not any(pa.types.is_dictionary(chunk.type) for chunk in decoded):
        return pa.chunked_array(decoded, pa.string()), bad_rows
    labels = pa.dictionary(pa.int32(), pa.string())
    return pa.chunked_array([chunk if chunk.type == labels else chunk.dictionary_encode() for chunk in decoded],
                            labels), bad_rows


def value_bytes(cells: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The offsets of a text or binary array (from its own offset on) and the bytes they point
    into, as numpy views of its buffers."""
    large = pa.types.is_large_string(cells.type) or pa.types.is_large_binary(cells.type)
    offsets = np.frombuffer(cells.buffers()[1], dtype=np.int64 if large else np.int32)
    offsets = offsets[cells.offset:cells.offset + len(cells) + 1]
    return offsets, np.frombuffer(cells.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]


def _valid_utf8_cells(cells: pa.BinaryArray) -> bool:
    try:
        cells.cast(pa.string())
        return True
    except pa.ArrowInvalid:
        return False


def _non_ascii(cells: pa.BinaryArray) -> bool:
    data = value_bytes(cells)[1]
    return bool(len(data)) and int(data.max()) >= 0x80


def _decoded_cells(cells: pa.BinaryArray, encoding: str) -> tuple[pa.StringArray, np.ndarray]:
    """Each cell decoded, in one call of the codec over all of them, and the positions of the
    cells that do not decode (null in the result). The cells are joined with a NUL byte (one
    character in every encoding _splits_undecoded admits), decoded and re-encoded as UTF-8, and
    cut again at the NULs. Bytes that do not decode are escaped as lone surrogates, which
    UTF-8 refuses: only then are the cells holding one looked for. Cells holding a NUL
    themselves decode one by one."""
    n = len(cells)
    offsets, data = value_bytes(cells)
    none = np.array([], dtype=np.int64)
    if n > 0 and not (data == 0).any():
        joined = np.insert(data, offsets[1:-1] - offsets[0], 0)
        text = joined.tobytes().decode(encoding, errors="surrogateescape")
        try:
            utf8, bad = np.frombuffer(text.encode("utf-8"), dtype=np.uint8), None
        except UnicodeEncodeError:
            # an escaped byte U+DC80–U+DCFF is ED B2 80 … ED B3 BF here, which no character is
            utf8 = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
            bad = np.flatnonzero((utf8[:-1] == 0xED) & ((utf8[1:] & 0xFE) == 0xB2))
        del text
        cuts = np.flatnonzero(utf8 == 0)
        if len(cuts) == n - 1:     # always, as NUL decodes from NUL alone; the buffers trust it
            out = _cut(cells, utf8, cuts)
            if bad is None:
                return out, none
            broken = np.unique(np.searchsorted(cuts, bad))
            mask = np.zeros(n, dtype=bool)
            mask[broken] = True
            return pc.if_else(pa.array(mask), pa.scalar(None, pa.string()), out), broken
    texts, broken = [], []
    for i, value in enumerate(cells.to_pylist()):
        try:
            texts.append(None if value is None else value.decode(encoding))
        except UnicodeDecodeError:
            texts.append(None)
            broken.append(i)
    return pa.array(texts, pa.string()), np.asarray(broken, dtype=np.int64)


def _cut(cells: pa.BinaryArray, utf8: np.ndarray, cuts: np.ndarray) -> pa.StringArray:
    n = len(cells)
    # Offsets of the cells once the n - 1 NULs are cut out, padded in front so that the cells'
    # own validity bitmap (which starts at their offset) applies unchanged.
    new_offsets = np.zeros(cells.offset + n + 1, dtype=np.int32)
    new_offsets[cells.offset + 1:-1] = cuts - np.arange(n - 1)
    new_offsets[-1] = len(utf8) - (n - 1)
    return pa.StringArray.from_buffers(n, pa.py_buffer(new_offsets), pa.py_buffer(utf8[utf8 != 0]),
                                       cells.buffers()[0], cells.null_count, cells.offset)


def _kept_rows(table: pa.Table) -> np.ndarray | None:
    """Positions of the rows that hold any value, or None when every row does (the usual case).
    A blank row is empty in the first column, so each next column is checked on the rows still
    blank, not on the whole file."""
    blank = None
    for values in table.columns:
        nulls = np.asarray((values if blank is None else values.take(blank)).is_null())
        blank = np.flatnonzero(nulls) if blank is None else blank[nulls]
        if not len(blank):
            return None
    if blank is None:
        return None
    keep = np.ones(table.num_rows, dtype=bool)
    keep[blank] = False
    return np.flatnonzero(keep)


TRANSCODE_CHUNK = 16 << 20


def _text_of(data: bytes, encoding: str, name: str, strict: bool = True) -> str:
    """The whole file decoded (for the slow paths: records numbered one by one, or a file in an
    encoding pyarrow cannot split), chunk by chunk so that a GB18030 file is not held as bytes,
    a Python string and its pieces at once. `strict`: raise on bytes that do not decode, naming
    the line; else they read as U+FFFD (the rows holding them are set aside by the caller)."""
    body = data[3:] if encoding in ("utf-8", "utf-8-sig") and data.startswith(b"\xef\xbb\xbf") else data
    decoder = codecs.getincrementaldecoder(encoding)("strict" if strict else "replace")
    parts = []
    for start in range(0, len(body), TRANSCODE_CHUNK):
        try:
            parts.append(decoder.decode(body[start:start + TRANSCODE_CHUNK], final=start + TRANSCODE_CHUNK >= len(body)))
        except UnicodeDecodeError as exc:
            at = start + exc.start
            line = body.count(b"\n", 0, at) + 1
            raise IngestError(name, f"is not valid {charset.describe(encoding)} text on line {line:,} (byte {at:,}); "
                                    "choose the file's encoding (the Data page, or --encoding)") from None
    text = "".join(parts)
    return text.lstrip("\ufeff")


_REPLACED = "\ufffd"


def _read_records(text: str, header_idx: int, delimiter: str, names: list[str] | None = None,
                  extra: int = 0, flag_replaced: bool = False) -> tuple[pd.DataFrame, np.ndarray, list, np.ndarray]:
    """Slow path for files with malformed rows: every record numbered as a spreadsheet would.
    (frame, row numbers, malformed (row, text), row numbers of records that did not decode:
    with `flag_replaced`, records holding U+FFFD, the mark _text_of leaves for such bytes)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = list(reader)[header_idx:]
    header = _unique_headers(names or records[0]) if records else []
    good, numbers, bad, undecodable = [], [], [], []
    for number, record in enumerate(records[1 + extra:], start=header_idx + 2 + extra):
        if flag_replaced and any(_REPLACED in cell for cell in record):
            undecodable.append(number)
        elif not any(record):
            good.append([None] * len(header))
            numbers.append(number)
        elif len(record) == len(header):
            good.append(record)
            numbers.append(number)
        else:
            bad.append((number, delimiter.join(record)[:120]))
    frame = pd.DataFrame(good, columns=header, dtype="str").replace({"": None})
    return frame, np.asarray(numbers, dtype=np.int64), bad, np.asarray(undecodable, dtype=np.int64)


def _explain_arrow(message: str) -> str:
    return f"could not be parsed as a table ({message.splitlines()[0][:200]})"


def _require_rows(n_columns: int, n_rows: int, name: str, where: str = "") -> None:
    if n_columns == 0:
        raise IngestError(name, f"has no columns{where}")
    if n_rows == 0:
        raise IngestError(name, f"has a header but no data rows{where}")


def header_signature(columns: list[str]) -> str:
    """A key for 'the same headers' (mapping profiles): normalised headers in order."""
    return "|".join(schema.normalise_header(c) for c in columns)
