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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import schema

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
def sniff_format(data: bytes, name: str) -> str:
    """The file's format from its first bytes."""
    if not data:
        raise IngestError(name, "the file is empty (0 bytes)")
    if data.startswith(PARQUET_MAGIC):
        return "parquet"
    if data.startswith(OLE_MAGIC):
        return "ole"        # .xls, or an encrypted (password-protected) xlsx
    if data.startswith(ZIP_MAGIC):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise IngestError(name, "looks like an Excel workbook (zip) but is truncated or damaged") from None
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise IngestError(name, "is a zip archive but not an Excel workbook; unzip it and upload the table inside")
    return "text"


def detect_encoding(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or GB18030 (Chinese Excel),
    else whatever charset_normalizer finds; binary data is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:SNIFF_BYTES]
    # UTF-16 without a BOM: every other byte of ASCII text is zero.
    if len(head) >= 4 and head[1::2].count(0) > 0.4 * len(head[1::2]):
        return "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) > 0.4 * len(head[0::2]):
        return "utf-16-be"
    if b"\x00" in head:
        raise IngestError(name, "is not a text table (binary content); upload CSV, TSV, Excel or Parquet")
    try:
        # An incremental decoder accepts a character cut in two at the end of the sample.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(data) <= SNIFF_BYTES)
        if len(data) <= SNIFF_BYTES or _utf8_tail_ok(data):
            return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=len(data) <= SNIFF_BYTES)
        return "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(head).best()
    if best is None:
        raise IngestError(name, "could not tell the text encoding; save it as UTF-8 CSV and upload again")
    return best.encoding


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
def read_table(data: bytes, name: str, sheet: str | None = None) -> RawTable:
    """Read any supported file into a RawTable."""
    kind = sniff_format(data, name)
    try:
        if kind == "parquet":
            return _read_parquet(data, name)
        if kind in ("xlsx", "ole"):
            return _read_excel(data, name, kind, sheet)
        return _read_text(data, name)
    except IngestError:
        raise
    except (csv.Error, ValueError, UnicodeError, pa.ArrowException) as exc:
        # Whatever else a malformed file trips over, the user gets one line about the file.
        raise IngestError(name, f"could not be read as a table ({type(exc).__name__}: {str(exc)[:160]})") from None


def _read_parquet(data: bytes, name: str) -> RawTable:
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
                    header_row=header_idx + 1, source_rows=rows, header_rows=1 + extra, codes=codes)


def _is_encrypted(data: bytes) -> bool:
    try:
        import msoffcrypto
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:
        return False


def _unique_headers(cells: list[object]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, cell in enumerate(cells):
        base = str(cell).strip() if cell is not None and str(cell).strip() else f"Unnamed: {i + 1}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}.{n}")
    return out


def _sniff_text(data: bytes, name: str) -> tuple[str, str, list[list[str]], int]:
    """(encoding, delimiter, the first rows, the header's index among them) of a text file."""
    encoding = detect_encoding(data, name)
    try:
        sample = data[:SNIFF_BYTES].decode(encoding, errors="ignore")
    except LookupError:
        raise IngestError(name, f"uses an unsupported text encoding ({encoding})") from None
    if _control_share(sample) > 0.01:
        raise IngestError(name, "is not a text table (binary content); upload CSV, TSV, Excel or Parquet")
    sample = sample.lstrip("\ufeff")
    delimiter = sniff_delimiter(sample)
    head_rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))[:HEADER_SEARCH_ROWS]
    if not head_rows:
        raise IngestError(name, "has no rows")
    return encoding, delimiter, head_rows, find_header_row(head_rows)


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


def _read_text(data: bytes, name: str) -> RawTable:
    encoding, delimiter, head_rows, header_idx = _sniff_text(data, name)
    names, extra = stacked_header(head_rows, header_idx)
    malformed: list[tuple[int | None, str]] = []

    def skip_malformed(row: pacsv.InvalidRow) -> str:
        # A row with the wrong number of fields is reported (with its row number), not fatal.
        malformed.append((row.number, row.text[:120]))
        return "skip"

    # Every column is read as text: ids keep their leading zeros and our own parsers see the raw
    # values (pyarrow's inference would turn one stray "N/A" into a silent null).
    header = head_rows[header_idx] if header_idx < len(head_rows) else []
    column_types = {h: pa.string() for h in header}

    def read(newlines_in_values: bool, undecoded: bool = True) -> pa.Table:
        malformed.clear()
        try:
            return _read_csv(data, encoding, name, pacsv.ReadOptions(skip_rows=header_idx, block_size=BLOCK_BYTES),
                             pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                                newlines_in_values=newlines_in_values,
                                                invalid_row_handler=skip_malformed),
                             pacsv.ConvertOptions(column_types=column_types, strings_can_be_null=True,
                                                  quoted_strings_can_be_null=True),
                             header if undecoded else None)
        except _ReadTranscoding:
            return read(newlines_in_values, undecoded=False)

    # Most exports have no line breaks inside quoted cells, and pyarrow splits the file among its
    # threads faster when told so. A quoted line break inside a block is still read right; one
    # that a block boundary cuts leaves the parser out of step with the block, which pyarrow
    # refuses ("out of sync with chunker"). Either that or a row of the wrong length means the
    # file is read again with line breaks in cells allowed.
    try:
        table = read(newlines_in_values=False)
    except _OutOfSync:
        table = None
    if table is None or malformed:
        table = read(newlines_in_values=True)
    fmt = "tsv" if delimiter == "\t" else "csv"
    if malformed:
        # pyarrow does not say where a bad row was: re-read record by record to number them.
        frame, rows, bad_rows = _read_records(_utf8(data, encoding, name), header_idx, delimiter, names, extra)
        keep = frame.notna().any(axis=1).to_numpy()
        if not keep.all():
            frame, rows = frame[keep].reset_index(drop=True), rows[keep]
        _require_rows(frame.shape[1], len(frame), name)
        return RawTable(frame, name, fmt, encoding=encoding, delimiter=delimiter, header_row=header_idx + 1,
                        source_rows=rows, malformed=bad_rows, header_rows=1 + extra)
    codes = _codes(head_rows[header_idx], table.num_columns) if extra == 2 else None
    headers = _unique_headers(names if names and len(names) == table.num_columns else list(table.column_names))
    headers[:1] = [h.lstrip("\ufeff") for h in headers[:1]]
    table = table.rename_columns(headers)
    if extra:
        table = table.slice(extra)
    rows = np.arange(header_idx + 2 + extra, header_idx + 2 + extra + table.num_rows)
    kept = _kept_rows(table)
    if kept is not None:
        rows = rows[kept]
    _require_rows(table.num_columns, len(rows), name)
    return RawTable(table, name, fmt, encoding=encoding, delimiter=delimiter, header_row=header_idx + 1,
                    source_rows=rows, kept=kept, header_rows=1 + extra, codes=codes)


class _OutOfSync(Exception):
    """pyarrow read a quoted line break as the end of a row (see _read_text)."""


class _ReadTranscoding(Exception):
    """The undecoded read met what only a transcoding read handles (see _read_undecoded)."""


def _read_csv(data: bytes, encoding: str, name: str, read: pacsv.ReadOptions, parse: pacsv.ParseOptions,
              convert: pacsv.ConvertOptions, header: list[str] | None) -> pa.Table:
    """pyarrow's reader over the file's bytes in place. Other encodings than UTF-8 are split into
    cells undecoded where that is safe (see _splits_undecoded), else transcoded by pyarrow as it
    reads, block by block (no UTF-8 copy of the whole file); if decoding fails, the Python
    decoder says at which byte. `header`: the header as the sniffer split it, None to transcode
    in any case."""
    body = pa.py_buffer(data)
    if encoding == "utf-8-sig":          # plain UTF-8 was already checked whole by detect_encoding
        body = body.slice(3)
        if not _utf8_valid(body):
            _utf8(data, encoding, name)          # raises, naming the byte
    try:
        utf8 = encoding in ("utf-8", "utf-8-sig")
        if not utf8 and header is not None and _splits_undecoded(encoding, parse.delimiter):
            return _read_undecoded(body, encoding, read, parse, convert, header)
        if not utf8:
            read.encoding = encoding
            read.block_size = min(read.block_size, TRANSCODED_BLOCK_BYTES)
        return pacsv.read_csv(pa.BufferReader(body), read_options=read, parse_options=parse,
                              convert_options=convert)
    except UnicodeError:
        _utf8(data, encoding, name)              # raises, naming the byte
        raise
    except pa.ArrowInvalid as exc:
        if "out of sync with chunker" in str(exc) and not parse.newlines_in_values:
            raise _OutOfSync() from None
        raise IngestError(name, _explain_arrow(str(exc))) from None


def _read_undecoded(body: pa.Buffer, encoding: str, read: pacsv.ReadOptions, parse: pacsv.ParseOptions,
                    convert: pacsv.ConvertOptions, header: list[str]) -> pa.Table:
    """The table read as bytes, then decoded. The header is read as the first row, to be decoded
    like the cells (pyarrow would take its bytes for UTF-8); a header cell that reads as null
    ("NA") keeps the sniffer's text."""
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
        if "out of sync with chunker" in str(exc):
            raise
        raise _ReadTranscoding() from None
    if table.num_columns != len(header) or not table.num_rows:
        raise _ReadTranscoding()       # pyarrow split the header otherwise than the sniffer
    first = table.slice(0, 1).to_pylist()[0].values()
    names = [sniffed if cell is None else cell.decode(encoding) for sniffed, cell in zip(header, first)]
    cells = table.slice(1).columns
    del table

    def decoded(i: int) -> pa.ChunkedArray:
        values, cells[i] = cells[i], None        # the bytes go as soon as their text is made
        return _decoded_column(values, encoding)
    with ThreadPoolExecutor(max_workers=DECODE_THREADS) as pool:
        return pa.table(list(pool.map(decoded, range(len(cells)))), names=names)


@functools.cache
def _splits_undecoded(encoding: str, delimiter: str) -> bool:
    """Whether every byte below 0x80 of a file in `encoding` is the ASCII character it looks like,
    so that pyarrow can split it into cells as bytes, on all cores, and only the cells' bytes
    that need it are decoded. pyarrow's own transcoding runs in one thread through Python's
    codec: a 146 MB GB18030 file read in 1.35 s, against 0.7 s split undecoded and then decoded."""
    name = codecs.lookup(encoding).name
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


def _decoded_column(values: pa.ChunkedArray, encoding: str) -> pa.ChunkedArray:
    """A column of cells as text. ASCII chunks are already UTF-8 (a zero-copy view); in a label
    chunk (few distinct values) only the distinct values are decoded; any other chunk decodes
    its cells' bytes in one call. A column with label chunks stays dictionary-encoded, every
    chunk: a Chinese export's labels (channel, agent, category …) are held as small integers
    until the cleaner takes the column, and RawTable gives it out as plain text then."""
    decoded = []
    for chunk in values.chunks:
        if not _non_ascii(chunk):
            decoded.append(chunk.view(pa.string()))
            continue
        probe = chunk.slice(0, LABEL_PROBE)
        if len(probe.unique()) < LABEL_SHARE * len(probe):
            encoded = chunk.dictionary_encode()
            words = _decoded_cells(encoded.dictionary, encoding)
            decoded.append(pa.DictionaryArray.from_arrays(encoded.indices, words))
        else:
            decoded.append(_decoded_cells(chunk, encoding))
    if not any(pa.types.is_dictionary(chunk.type) for chunk in decoded):
        return pa.chunked_array(decoded, pa.string())
    labels = pa.dictionary(pa.int32(), pa.string())
    return pa.chunked_array([chunk if chunk.type == labels else chunk.dictionary_encode() for chunk in decoded], labels)


def value_bytes(cells: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The offsets of a text or binary array (from its own offset on) and the bytes they point
    into, as numpy views of its buffers."""
    large = pa.types.is_large_string(cells.type) or pa.types.is_large_binary(cells.type)
    offsets = np.frombuffer(cells.buffers()[1], dtype=np.int64 if large else np.int32)
    offsets = offsets[cells.offset:cells.offset + len(cells) + 1]
    return offsets, np.frombuffer(cells.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]


def _non_ascii(cells: pa.BinaryArray) -> bool:
    data = value_bytes(cells)[1]
    return bool(len(data)) and int(data.max()) >= 0x80


def _decoded_cells(cells: pa.BinaryArray, encoding: str) -> pa.StringArray:
    """Each cell decoded, in one call of the codec over all of them: the cells are joined with a
    NUL byte (one character in every encoding _splits_undecoded admits), decoded and re-encoded
    as UTF-8, and cut again at the NULs. Cells holding a NUL themselves decode one by one."""
    n = len(cells)
    offsets, data = value_bytes(cells)
    if n > 0 and not (data == 0).any():
        joined = np.insert(data, offsets[1:-1] - offsets[0], 0)
        utf8 = np.frombuffer(joined.tobytes().decode(encoding).encode("utf-8"), dtype=np.uint8)
        cuts = np.flatnonzero(utf8 == 0)
        if len(cuts) == n - 1:     # always, as NUL decodes from NUL alone; the buffers trust it
            return _cut(cells, utf8, cuts)
    return pa.array([None if v is None else v.decode(encoding) for v in cells.to_pylist()], pa.string())


def _cut(cells: pa.BinaryArray, utf8: np.ndarray, cuts: np.ndarray) -> pa.StringArray:
    n = len(cells)
    # Offsets of the cells once the n - 1 NULs are cut out, padded in front so that the cells'
    # own validity bitmap (which starts at their offset) applies unchanged.
    new_offsets = np.zeros(cells.offset + n + 1, dtype=np.int32)
    new_offsets[cells.offset + 1:-1] = cuts - np.arange(n - 1)
    new_offsets[-1] = len(utf8) - (n - 1)
    return pa.StringArray.from_buffers(n, pa.py_buffer(new_offsets), pa.py_buffer(utf8[utf8 != 0]),
                                       cells.buffers()[0], cells.null_count, cells.offset)


def _utf8(data: bytes, encoding: str, name: str) -> bytes:
    """The file as UTF-8 bytes without a BOM (for the slow path that numbers malformed rows)."""
    if encoding in ("utf-8", "utf-8-sig"):
        utf8 = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        try:
            if encoding == "utf-8-sig":
                utf8.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IngestError(name, f"starts as UTF-8 text but has invalid bytes near byte {exc.start}; "
                                    "save it again as UTF-8 CSV") from None
        return utf8
    return bytes(_transcode(data, encoding, name))


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


def _transcode(data: bytes, encoding: str, name: str) -> bytearray:
    """`data` re-encoded as UTF-8 chunk by chunk: decoding a whole GB18030 file at once would hold
    a Python string of up to four bytes a character beside both byte copies."""
    decoder = codecs.getincrementaldecoder(encoding)()
    out = bytearray()
    for start in range(0, len(data), TRANSCODE_CHUNK):
        try:
            text = decoder.decode(data[start:start + TRANSCODE_CHUNK], final=start + TRANSCODE_CHUNK >= len(data))
        except UnicodeDecodeError as exc:
            raise IngestError(name, f"is not valid {encoding} text near byte {start + exc.start}") from None
        out += (text.lstrip("\ufeff") if start == 0 else text).encode("utf-8")
    return out


def _read_records(utf8: bytes, header_idx: int, delimiter: str, names: list[str] | None = None,
                  extra: int = 0) -> tuple[pd.DataFrame, np.ndarray, list]:
    """Slow path for files with malformed rows: every record numbered as a spreadsheet would."""
    reader = csv.reader(io.StringIO(utf8.decode("utf-8"), newline=""), delimiter=delimiter)
    records = list(reader)[header_idx:]
    header = _unique_headers(names or records[0]) if records else []
    good, numbers, bad = [], [], []
    for number, record in enumerate(records[1 + extra:], start=header_idx + 2 + extra):
        if not any(record):
            good.append([None] * len(header))
            numbers.append(number)
        elif len(record) == len(header):
            good.append(record)
            numbers.append(number)
        else:
            bad.append((number, delimiter.join(record)[:120]))
    frame = pd.DataFrame(good, columns=header, dtype="str").replace({"": None})
    return frame, np.asarray(numbers, dtype=np.int64), bad


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
