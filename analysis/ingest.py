"""Reading a file's bytes into a raw table: format, encoding, delimiter, sheet and header row
are detected from the content, never from the file name.

Every failure is an :class:`IngestError` whose message says what is wrong with which file, so
the app and the command line can show one clear line instead of a traceback.
"""
from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from . import schema

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PARQUET_MAGIC = b"PAR1"
ZIP_MAGIC = b"PK\x03\x04"
DELIMITERS = [",", "\t", ";", "|"]
HEADER_SEARCH_ROWS = 30      # title rows above the header are looked for in this many rows
SNIFF_BYTES = 256 * 1024


class IngestError(ValueError):
    """A file could not be read; the message is meant for the user."""

    def __init__(self, file: str, problem: str):
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


@dataclass
class RawTable:
    """A file's cells as text (or typed cells from Excel/Parquet), before any mapping."""
    frame: pd.DataFrame
    file: str
    format: str                       # csv / tsv / xlsx / xls / parquet
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1               # 1-based row of the header in the user's file
    source_rows: np.ndarray | None = None   # the user's row number of each frame row
    malformed: list = field(default_factory=list)  # (row number, text) of rows with wrong field counts


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
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _control_share(text: str) -> float:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    return bad / max(1, len(text))


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
    _require_rows(frame, name)
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
    header = _unique_headers(cells[header_idx])
    body = cells[header_idx + 1:]
    frame = pd.DataFrame(body, columns=header, dtype=object) if body else pd.DataFrame(columns=header)
    frame = frame.replace({"": None})
    rows = np.arange(header_idx + 2, header_idx + 2 + len(frame))
    keep = frame.notna().any(axis=1).to_numpy()
    frame, rows = frame[keep].reset_index(drop=True), rows[keep]
    frame = frame.loc[:, [c for c in frame.columns if not c.startswith("Unnamed:") or frame[c].notna().any()]]
    _require_rows(frame, name, f" (sheet {chosen!r}, header on row {header_idx + 1})")
    return RawTable(frame, name, "xlsx" if kind == "xlsx" else "xls", sheet=chosen, sheets=sheets,
                    header_row=header_idx + 1, source_rows=rows)


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


def _read_text(data: bytes, name: str) -> RawTable:
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
    header_idx = find_header_row(head_rows)
    # pyarrow parses UTF-8; other encodings are transcoded once in memory.
    if encoding in ("utf-8", "utf-8-sig"):
        utf8 = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        try:
            if encoding == "utf-8-sig":     # plain UTF-8 was already checked whole by detect_encoding
                utf8.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise IngestError(name, f"starts as UTF-8 text but has invalid bytes near byte {exc.start}; "
                                    "save it again as UTF-8 CSV") from None
    else:
        utf8 = _transcode(data, encoding, name)
    malformed: list[tuple[int | None, str]] = []

    def skip_malformed(row: pacsv.InvalidRow) -> str:
        # A row with the wrong number of fields is reported (with its row number), not fatal.
        malformed.append((row.number, row.text[:120]))
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(utf8),
            read_options=pacsv.ReadOptions(skip_rows=header_idx, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                             newlines_in_values=True, invalid_row_handler=skip_malformed),
            convert_options=pacsv.ConvertOptions(column_types=_all_strings(utf8, header_idx, delimiter),
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True))
    except pa.ArrowInvalid as exc:
        raise IngestError(name, _explain_arrow(str(exc))) from None
    if malformed:
        # pyarrow does not say where a bad row was: re-read record by record to number them.
        frame, rows, bad_rows = _read_records(utf8, header_idx, delimiter)
    else:
        frame = table.to_pandas()
        frame.columns = _unique_headers(list(frame.columns))
        rows = np.arange(header_idx + 2, header_idx + 2 + len(frame))
        bad_rows = []
    keep = frame.notna().any(axis=1).to_numpy()
    if not keep.all():
        frame, rows = frame[keep].reset_index(drop=True), rows[keep]
    _require_rows(frame, name)
    fmt = "tsv" if delimiter == "\t" else "csv"
    return RawTable(frame, name, fmt, encoding=encoding, delimiter=delimiter,
                    header_row=header_idx + 1, source_rows=rows,
                    malformed=bad_rows)


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
    return out          # a bytearray: pyarrow reads it in place, no further copy


def _read_records(utf8: bytes, header_idx: int, delimiter: str) -> tuple[pd.DataFrame, np.ndarray, list]:
    """Slow path for files with malformed rows: every record numbered as a spreadsheet would."""
    reader = csv.reader(io.StringIO(utf8.decode("utf-8"), newline=""), delimiter=delimiter)
    records = list(reader)[header_idx:]
    header = _unique_headers(records[0]) if records else []
    good, numbers, bad = [], [], []
    for number, record in enumerate(records[1:], start=header_idx + 2):
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


def _all_strings(utf8: bytes, header_idx: int, delimiter: str) -> dict[str, pa.DataType]:
    # Read every column as text: ids keep their leading zeros and our own parsers see the raw
    # values (pyarrow's inference would turn one stray "N/A" into a silent null).
    records = csv.reader(io.StringIO(utf8[:SNIFF_BYTES].decode("utf-8", errors="ignore"), newline=""),
                         delimiter=delimiter)
    header = next((r for i, r in enumerate(records) if i == header_idx), [])
    return {h: pa.string() for h in header}


def _explain_arrow(message: str) -> str:
    return f"could not be parsed as a table ({message.splitlines()[0][:200]})"


def _require_rows(frame: pd.DataFrame, name: str, where: str = "") -> None:
    if frame.shape[1] == 0:
        raise IngestError(name, f"has no columns{where}")
    if len(frame) == 0:
        raise IngestError(name, f"has a header but no data rows{where}")


def header_signature(columns: list[str]) -> str:
    """A key for 'the same headers' (mapping profiles): normalised headers in order."""
    return "|".join(schema.normalise_header(c) for c in columns)
