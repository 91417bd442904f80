"""Reading files: formats, encodings, delimiters, title rows, bad input — fixtures made here."""
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analysis.ingest import IngestError, read_table

HEADER = ["客户编号", "客户类型", "需求渠道", "提交时间", "满意度评分(1-5分)"]
ROWS = [["C202405001", "VIP", "在线客服", "2024-05-0114:30", "5"],
        ["C202405002", "新客户", "电话", "2024/5/1 15:20", "4"]]


def csv_text(delimiter=",", title=True):
    lines = (["客户需求登记与跟踪表", ""] if title else []) + [delimiter.join(HEADER)]
    lines += [delimiter.join(r) for r in ROWS]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("encoding,expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                               ("gb18030", "gb18030"), ("gbk", "gb18030"),
                                               ("utf-16", "utf-16")])
def test_encodings_are_detected_from_the_bytes(encoding, expected):
    table = read_table(csv_text().encode(encoding), "export.txt")
    assert table.encoding == expected
    assert list(table.frame.columns) == HEADER
    assert table.frame.iloc[1, 2] == "电话"


@pytest.mark.parametrize("delimiter,fmt", [(",", "csv"), ("\t", "tsv"), (";", "csv"), ("|", "csv")])
def test_delimiter_is_sniffed(delimiter, fmt):
    table = read_table(csv_text(delimiter).encode("utf-8"), "x.csv")
    assert table.delimiter == delimiter and table.format == fmt
    assert table.frame.shape == (2, 5)


def test_title_rows_above_the_header_are_skipped_and_rows_numbered_as_in_the_file():
    table = read_table(csv_text().encode("gb18030"), "log.csv")
    assert table.header_row == 3
    assert table.source_rows.tolist() == [4, 5]


def test_blank_lines_keep_the_numbering_and_malformed_rows_are_reported_by_row():
    text = "a,b\n1,2\n\n3,4,5\n6,7\n"
    table = read_table(text.encode(), "x.csv")
    assert table.frame["a"].tolist() == ["1", "6"]
    assert table.source_rows.tolist() == [2, 5]
    assert table.malformed == [(4, "3,4,5")]


@pytest.mark.parametrize("block_bytes", [1 << 10, 1 << 24])
def test_line_breaks_inside_quoted_cells_survive_any_block_boundary(monkeypatch, block_bytes):
    # Small blocks put boundaries on quoted line breaks: the first, fast read is refused and the
    # file is read again with line breaks in cells allowed; nothing is reported as malformed.
    import analysis.ingest as ingest_module
    monkeypatch.setattr(ingest_module, "BLOCK_BYTES", block_bytes)
    lines = ["id,text,n"] + [f'{i},"first\nsecond {i}",{i}' if i % 7 == 0 else f"{i},plain {i},{i}"
                             for i in range(2000)]
    table = read_table(("\n".join(lines) + "\n").encode(), "notes.csv")
    assert table.malformed == []
    assert table.n_rows == 2000
    texts = table.frame["text"]
    assert texts[7] == "first\nsecond 7" and texts[8] == "plain 8"
    assert table.frame["n"].tolist() == [str(i) for i in range(2000)]


def test_ids_keep_leading_zeros():
    table = read_table(b"Ticket ID,Score\n00123,5\n", "x.csv")
    assert table.frame["Ticket ID"][0] == "00123"


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_first_non_empty_sheet_with_title_row():
    data = _xlsx({"说明": [], "数据": [["客户满意度回访表"], [], HEADER, *ROWS]})
    table = read_table(data, "survey.xlsx")
    assert table.format == "xlsx" and table.sheet == "数据" and table.sheets == ["说明", "数据"]
    assert table.header_row == 3 and table.source_rows.tolist() == [4, 5]
    assert table.frame["需求渠道"].tolist() == ["在线客服", "电话"]


def test_xlsx_named_sheet():
    data = _xlsx({"a": [["x", "y"], [1, 2]], "b": [["p", "q"], [3, 4]]})
    assert read_table(data, "w.xlsx", sheet="b").frame.columns.tolist() == ["p", "q"]
    with pytest.raises(IngestError, match="no sheet named"):
        read_table(data, "w.xlsx", sheet="zzz")


def test_parquet():
    buf = io.BytesIO()
    pd.DataFrame({"Ticket ID": ["T1", "T2"], "Created at": pd.to_datetime(["2024-01-01", "2024-01-02"])}).to_parquet(buf)
    table = read_table(buf.getvalue(), "x.parquet")
    assert table.format == "parquet" and len(table.frame) == 2


def test_xls_is_read():
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("s")
    for r, row in enumerate([["a", "b"], ["1", "2"]]):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    buf = io.BytesIO()
    book.save(buf)
    assert read_table(buf.getvalue(), "old.xls").format == "xls"


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03\xff\xfe\x00binary\x00" * 50, "not a text table"),
    (b"PK\x03\x04 truncated zip", "truncated or damaged"),
    (b"a,b,c\n", "no data rows"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not a readable Excel"),
])
def test_bad_files_raise_one_clear_message_naming_the_file(data, message):
    with pytest.raises(IngestError) as err:
        read_table(data, "bad.csv")
    assert message in str(err.value) and str(err.value).startswith("bad.csv:")


def test_truncated_xlsx():
    data = _xlsx({"s": [["a", "b"], [1, 2]]})
    with pytest.raises(IngestError, match="bad.xlsx"):
        read_table(data[: len(data) // 2], "bad.xlsx")


def test_password_protected_workbook_is_named_as_such():
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile
    plain = io.BytesIO(_xlsx({"s": [["a"], [1]]}))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", encrypted)
    with pytest.raises(IngestError, match="password"):
        read_table(encrypted.getvalue(), "locked.xlsx")


def test_formula_text_stays_text():
    table = read_table(b'Description,Note\n<script>alert(1)</script>,"=HYPERLINK(""http://x"")"\n', "x.csv")
    assert table.frame["Note"][0] == '=HYPERLINK("http://x")'
    assert table.frame["Description"][0] == "<script>alert(1)</script>"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("pad", range(4))
def test_large_chinese_files_whose_sample_ends_inside_a_character(encoding, pad):
    # Bigger than the sniffing window, so the sample is cut somewhere inside a multi-byte
    # character for some paddings: the encoding must still be found from the bytes.
    from analysis.ingest import SNIFF_BYTES
    text = "客户编号,渠道\n" + "".join(f"C{i},在线客服{'x' * pad}\n" for i in range(40000))
    data = text.encode(encoding)
    assert len(data) > SNIFF_BYTES
    table = read_table(data, "big.csv")
    assert table.encoding == encoding
    assert table.frame["渠道"].iloc[-1] == "在线客服" + "x" * pad and len(table.frame) == 40000


def _mixed_export(rows: int = 3000) -> str:
    """A Chinese export with every kind of cell the undecoded read treats apart: ASCII-only
    columns, labels (few distinct values), free text (many), four-byte GB18030 characters,
    blanks and null spellings, a quoted line break, and a header cell that reads as null."""
    channels = ["电话", "在线客服", "邮件", "微信"]
    lines = ["客户需求登记与跟踪表,,,,,,", ",,,,,,", "工单编号,需求渠道,问题描述,提交时间,满意度评分(1-5分),NA,备注"]
    for i in range(rows):
        text = f'"第{i}个问题,\n换行"' if i == 1234 else f"描述{i}号{'😀' if i % 11 == 0 else ''}"
        lines.append(f"T{i:05d},{channels[i % 4] if i % 13 else ''},{text},2024年5月{1 + i % 28}日 14:30,"
                     f"{'N/A' if i % 17 == 0 else i % 5 + 1},{'€' if i % 3 else ''},\u3000")  # blank: a wide space
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("block_bytes", [1 << 10, 1 << 24])
def test_cells_split_undecoded_read_the_same_as_pyarrow_transcoding(monkeypatch, block_bytes):
    # GB18030 is split into cells as bytes and only non-ASCII cells are decoded; every value,
    # null and row number must be what pyarrow's own transcoding read gives.
    import analysis.ingest as ingest_module
    monkeypatch.setattr(ingest_module, "BLOCK_BYTES", block_bytes)
    data = _mixed_export().encode("gb18030")
    undecoded = read_table(data, "log.csv")
    monkeypatch.setattr(ingest_module, "_splits_undecoded", lambda encoding, delimiter: False)
    transcoded = read_table(data, "log.csv")
    assert undecoded.columns == transcoded.columns == ["工单编号", "需求渠道", "问题描述", "提交时间",
                                                       "满意度评分(1-5分)", "NA", "备注"]
    pd.testing.assert_frame_equal(undecoded.frame, transcoded.frame)
    # Label columns stay dictionary-encoded in the raw table; every way out of it gives text.
    for header in undecoded.columns:
        pd.testing.assert_series_equal(undecoded.column(header), transcoded.column(header))
    pd.testing.assert_frame_equal(undecoded.sample(100), transcoded.sample(100))
    assert undecoded.blank_columns() == transcoded.blank_columns() == ["备注"]
    assert undecoded.source_rows.tolist() == transcoded.source_rows.tolist()
    frame = undecoded.frame
    assert frame["问题描述"][1234] == "第1234个问题,\n换行" and frame["问题描述"][22] == "描述22号😀"
    assert frame["需求渠道"].isna().sum() == len(range(0, 3000, 13)) and frame["需求渠道"][1] == "在线客服"
    assert frame["满意度评分(1-5分)"].isna().sum() == len(range(0, 3000, 17))


def test_a_nul_byte_inside_a_cell_is_decoded_cell_by_cell():
    # (Past the sniffing window: a NUL in the first bytes marks a binary file.)
    text = "编号,描述\n" + "".join(f"{i},描述{i}\n" for i in range(30000)) + "30000,电\x00话\n"
    frame = read_table(text.encode("gb18030"), "x.csv").frame
    assert frame["描述"].iloc[-1] == "电\x00话" and frame["描述"][29999] == "描述29999"


def test_a_row_with_an_invalid_byte_in_an_undecoded_read_is_left_out_and_numbered():
    # (issue 18: was a refusal of the whole file naming the byte)
    text = "编号,描述\n" + "".join(f"{i},描述{i}\n" for i in range(30000))
    data = text.encode("gb18030") + b"30000,\x81\xff\n" + "30001,描述\n".encode("gb18030")  # a lead byte, no valid second
    table = read_table(data, "x.csv")
    assert table.encoding == "gb18030" and table.n_rows == 30001
    assert table.undecodable.tolist() == [30002]         # header row 1, rows 0…29999 on rows 2…30001
    assert table.frame["描述"].iloc[-1] == "描述" and table.source_rows[-1] == 30003


@pytest.mark.parametrize("encoding,delimiter,undecoded", [
    ("gb18030", ",", True), ("GBK", "\t", True), ("big5", ";", True), ("cp1252", "|", True),
    ("latin-1", ",", True), ("gb18030", "|", False),   # "|" can be a GB18030 character's second byte
    ("cp500", ",", False), ("utf-7", ",", False), ("iso2022_jp", ",", False), ("utf-16", ",", False)])
def test_which_encodings_split_into_cells_undecoded(encoding, delimiter, undecoded):
    from analysis.ingest import _splits_undecoded
    assert _splits_undecoded(encoding, delimiter) is undecoded


def test_pipe_delimited_gb18030_is_transcoded_and_read_right():
    text = "编号|描述\n" + "".join(f"{i}|{'丨|'[0]}品{i}\n" for i in range(50))
    table = read_table(text.encode("gb18030"), "pipe.csv")
    assert table.frame["描述"][7] == "丨品7" and table.frame.shape == (50, 2)


@pytest.mark.parametrize("encoding", ["gb18030", "cp1252"])
def test_a_malformed_row_in_a_file_split_undecoded_is_numbered_and_shown_decoded(encoding):
    # pyarrow would pass the row's raw bytes to the handler as UTF-8: such a file is read again
    # transcoding, and the row is reported like any other malformed row.
    text = ("编号,渠道,备注\n1,电话,好\n2,邮件,坏,多余\n3,微信,中\n" if encoding == "gb18030" else
            "id,canal,note\n1,télé,bon\n2,e-mail,mauvais,de trop\n3,chat,moyen\n")
    table = read_table(text.encode(encoding), "x.csv")
    assert table.source_rows.tolist() == [2, 4]
    assert table.malformed == [(3, text.splitlines()[2])]
    assert table.frame.iloc[1, 1] == text.splitlines()[3].split(",")[1]
