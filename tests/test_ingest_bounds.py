"""Bounded reading (issue 18): a workbook that would inflate to gigabytes is refused before it is
unpacked, and one long cell does not reject a text file. Every hostile file is generated here."""
from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from analysis.ingest import IngestError, read_table
from analysis.load import load_files

ROOT = Path(__file__).resolve().parent.parent
ROW = b"<row><c><v>1</v></c><c><v>2</v></c></row>"
CHUNK = ROW * ((1 << 20) // len(ROW))          # about 1 MiB of sheet XML, the same row over and over


def deflated(prefix: bytes, chunk: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) of prefix + chunk × times + suffix, made without
    holding it inflated: after a full flush deflate starts afresh, so each copy of the chunk
    compresses to the same bytes, written `times` over."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    one = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(suffix) + packer.flush(zlib.Z_FINISH)
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return head + one * times + tail, crc, len(prefix) + len(chunk) * times + len(suffix)


def zip_of(parts: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of (name, deflated bytes, CRC-32, size it declares) parts, written by hand
    so that a part can be far larger inflated than anything this test holds in memory."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, packed, crc, size in parts:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(packed), size,
                              len(encoded), 0) + encoded + packed)
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(packed),
                                    size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start, central = out.tell(), directory.getvalue()
    out.write(central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), start, 0))
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def workbook(times: int, declared: int | None = None) -> bytes:
    """A real workbook (openpyxl's parts) whose sheet holds CHUNK's rows `times` over; its
    directory declares the sheet's true size, or `declared`."""
    book = openpyxl.Workbook()
    book.active.append(["x"])
    buf = io.BytesIO()
    book.save(buf)
    parts = []
    with zipfile.ZipFile(buf) as skeleton:
        for info in skeleton.infolist():
            if info.filename == SHEET:
                packed, crc, size = deflated(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml'
                                             b'/2006/main"><sheetData>', CHUNK, times, b"</sheetData></worksheet>")
                parts.append((SHEET, packed, crc, size if declared is None else declared))
            else:
                text = skeleton.read(info)
                packer = zlib.compressobj(6, zlib.DEFLATED, -15)
                parts.append((info.filename, packer.compress(text) + packer.flush(), zlib.crc32(text), len(text)))
    return zip_of(parts)


def bomb(gigabytes: float) -> bytes:
    return workbook(int(gigabytes * 1e9 / len(CHUNK)))


def test_the_hand_made_workbook_is_a_real_one():
    # the builder's own check, on a size small enough to inflate here: zipfile reads the sheet
    # back whole, and the workbook reader reads its rows
    data = workbook(3)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert book.testzip() is None
        assert book.read(SHEET).count(ROW) == 3 * (len(CHUNK) // len(ROW))
    table = read_table(data, "small.xlsx")
    assert table.n_rows == 3 * (len(CHUNK) // len(ROW)) - 1          # the first row is the header


def test_a_zip_bomb_is_refused_from_its_directory_naming_the_file_and_part():
    data = bomb(3.0)
    assert len(data) < 10_000_000                     # some 8 MB on disk, 3 GB unpacked
    with pytest.raises(IngestError) as refused:
        read_table(data, "quarterly.xlsx")
    message = str(refused.value)
    assert message.startswith("quarterly.xlsx: ") and "xl/worksheets/sheet1.xml" in message
    assert "zip bomb" in message and "3.0 GB" in message


def test_a_zip_bomb_is_refused_without_unpacking_it():
    # In a process of its own, so that its peak memory is the refusal's alone.
    script = f"""
import json, resource, sys
sys.path.insert(0, {str(ROOT)!r})
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_ingest_bounds import bomb
from analysis.load import load_files
data = bomb(3.0)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = load_files([("bomb.xlsx", data)])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"errors": [str(e) for e in result.errors], "loaded": result.dataset is not None,
                   "grew_mb": (after - before) / 1024}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert not out["loaded"] and out["errors"][0].startswith("bomb.xlsx: ")
    assert out["grew_mb"] < 200             # 3 GB inflated would be 3,000 MB and more


def test_a_part_that_declares_less_than_it_unpacks_to_is_refused():
    # A plausible ratio in the directory (5x), 200 MB when inflated: caught while inflating into
    # nothing, before the workbook reader sees it.
    honest = zipfile.ZipFile(io.BytesIO(workbook(200))).getinfo(SHEET)
    data = workbook(200, declared=5 * honest.compress_size)
    with pytest.raises(IngestError, match=r"liar\.xlsx: .*xl/worksheets/sheet1\.xml unpacks to more than"):
        read_table(data, "liar.xlsx")


def test_a_workbook_past_the_budget_is_refused_and_the_budget_can_be_passed_in():
    book = openpyxl.Workbook()
    book.active.append(["Ticket ID", "Channel", "Created at", "Score"])
    for i in range(300):
        book.active.append([f"T{i}", "phone", f"2024-05-{1 + i % 28:02d} 10:00", i % 5 + 1])
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    unpacked = sum(p.file_size for p in zipfile.ZipFile(buf).infolist())
    assert read_table(data, "ok.xlsx").n_rows == 300
    with pytest.raises(IngestError, match=r"small\.xlsx: was not opened: it would unpack .* past the"):
        read_table(data, "small.xlsx", inflate_budget=unpacked - 1)
    assert read_table(data, "ok.xlsx", inflate_budget=unpacked).n_rows == 300


def test_a_parquet_file_past_the_budget_is_refused():
    import pandas as pd
    frame = pd.DataFrame({"ticket": [f"T{i}" for i in range(5000)], "score": [i % 5 + 1 for i in range(5000)]})
    buf = io.BytesIO()
    frame.to_parquet(buf)
    assert read_table(buf.getvalue(), "t.parquet").n_rows == 5000
    with pytest.raises(IngestError, match=r"t\.parquet: was not opened"):
        read_table(buf.getvalue(), "t.parquet", inflate_budget=1000)


# --- one long cell ----------------------------------------------------------------------------

def test_a_200_kb_description_near_the_top_loads():
    long_text = ("The customer wrote at length. " * 7000).strip()     # 209,999 characters
    rows = ["Ticket ID,Created at,Description,Channel"]
    rows += [f'T{i},2024-05-{1 + i % 28:02d} 10:00,"{long_text if i == 1 else f"short {i}"}",phone'
             for i in range(50)]
    result = load_files([("long.csv", ("\n".join(rows) + "\n").encode())])
    assert not result.errors, result.errors
    tickets = result.dataset.tickets
    assert len(tickets) == 50
    assert tickets["description"].iloc[1] == long_text and len(long_text) > 131072


def test_a_50_mb_cell_deep_in_the_file_loads():
    n = 200_000
    long_text = "x" * 50_000_000
    head = "".join(f"T{i},2024-05-{1 + i % 28:02d} 10:00,note {i},phone\n" for i in range(n))
    data = ("Ticket ID,Created at,Description,Channel\n" + head + f'T{n},2024-05-03 11:00,"{long_text}",email\n'
            + "".join(f"T{i},2024-05-04 10:00,note {i},chat\n" for i in range(n + 1, n + 1000))).encode()
    table = read_table(data, "deep.csv")
    assert table.n_rows == n + 1000 and not table.malformed
    frame = table.head(n + 1000)
    assert len(frame["Description"][n]) == len(long_text) and frame["Channel"][n] == "email"
    assert frame["Description"][n + 999] == f"note {n + 999}"
    assert table.source_rows[n] == n + 2            # its row in the file, header being row 1
