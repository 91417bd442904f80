"""Mapping, cleaning, the quality report and the load of several files, on hand-made exports whose
problems are counted by hand here."""
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import quality
from analysis.ingest import read_table
from analysis.load import load_files
from analysis.mapping import auto_map, match_header

ROOT = Path(__file__).resolve().parent.parent
NOW = pd.Timestamp("2026-01-01")

# Seed-002 template (客户编号 is the only key), with a problem on purpose in most rows.
ZH_TICKETS = """客户需求登记与跟踪表

客户编号,客户类型,需求渠道,需求类型,问题描述,提交时间,首次响应时间,解决时间,处理人,满意度评分(1-5分),备注,附件
C202405001,VIP,在线客服,售后,订单收到商品破损,2024-05-0114:30,2024-05-0114:38,2024-05-0210:00,客服*某,5,已协调,
C202405002,新客户,电话,咨询,如何查询积分兑换记录,2024/5/1 15:20,2024/5/1 15:28,2024/5/1 15:30,客服*某,4,,
C202405003,老客户,邮件,投诉,客服态度恶劣,2024-05-0116:45,2024-05-0117:00,,客服*某,,,
C202405003,老客户,邮件,投诉,客服态度恶劣,2024-05-0116:45,2024-05-0117:00,,客服*某,,,
C202405004,老客户,邮件,投诉,<script>alert(1)</script>,2024-05-0116:45,2024-05-0116:00,2024-05-01 10:00,客服*某,7,"=HYPERLINK(""x"")",
C202405005,VIP,电话,咨询,发票,2024年5月2日 09:00,不知道,2027-01-01 10:00,客服*某,非常满意,,
"""

EN_TICKETS = """Ticket ID,Created at,First Response Time,Time to Resolution,Ticket Channel,Ticket Priority,Ticket Type,Agent,Handle Time
T1,2024-03-01 09:00,2024-03-01 09:04,2024-03-01 10:00,Phone,Critical,Complaint,Ann,00:05:32
T2,2024-03-01 10:00,2024-03-01 10:30,2024-03-02 10:00,Email,Low,Inquiry,Bob,4分18秒
T2,2024-03-01 10:00,2024-03-01 10:30,2024-03-03 10:00,Email,Low,Inquiry,Bob,4分18秒
T3,2024-03-02 11:00,,,Chat,High,Inquiry,Ann,3
"""

EN_SURVEY = """Ticket ID,Survey Date,Satisfaction Score,Resolution Speed,Professionalism,Comment
T1,2024-03-02,5,5,4,great
T2,2024-03-03,2 - Dissatisfied,2,3,canned response
T9,2024-03-03,4,4,4,unknown ticket
T3,2024-03-04,,3,3,
"""


def kinds(ds):
    return {(i.kind, i.column): sorted(int(r) for r in i.rows) for i in ds.quality}


def test_headers_match_case_and_punctuation_insensitively():
    assert match_header("满意度评分（1-5分）") == ("csat", 2)
    assert match_header("Ticket  ID") == ("ticket_id", 2)
    assert match_header("TICKET_PRIORITY") == ("priority", 2)
    assert match_header("客户满意度评分") == ("csat", 1)        # contains an alias
    assert match_header("客服态度")[0] is None                  # a short alias (客服) is not enough


def test_seed_template_maps_completely():
    table = read_table(ZH_TICKETS.encode("gb18030"), "log.csv")
    m = auto_map(table.frame)
    assert m.role == "tickets"
    assert m.fields == {"customer_id": "客户编号", "customer_type": "客户类型", "channel": "需求渠道",
                        "request_type": "需求类型", "description": "问题描述", "created_at": "提交时间",
                        "first_response_at": "首次响应时间", "resolved_at": "解决时间", "agent": "处理人",
                        "csat": "满意度评分(1-5分)", "notes": "备注"}


def test_seed_template_quality_report_with_the_files_own_row_numbers():
    ds = load_files([("log.csv", ZH_TICKETS.encode("gb18030"))], now=NOW).dataset
    found = kinds(ds)
    # Rows as Excel shows them: title on 1, blank 2, header 3, data from 4.
    assert found[("duplicate_row", None)] == [7]            # the exact repeat of row 6, no ticket id
    assert found[("response_before_created", "首次响应时间")] == [8]
    assert found[("resolved_before_created", "解决时间")] == [8]
    assert found[("score_out_of_range", "满意度评分(1-5分)")] == [8]
    assert found[("future_timestamp", "解决时间")] == [9]
    assert found[("unparseable_timestamp", "首次响应时间")] == [9]
    assert found[("empty_column", "附件")] == []
    assert {i.kind: i.count for i in ds.quality}["empty_column"] == 6
    t = ds.tickets
    assert len(t) == 5                                          # the exact repeat counted once
    assert t["channel_key"].tolist() == ["online", "phone", "email", "email", "phone"]
    assert t["channel"].tolist()[0] == "在线客服"                 # the label stays as the file has it
    assert t["frt_min"].tolist()[:2] == [8.0, 8.0]
    assert t["is_complaint"].tolist() == [False, False, True, True, False]
    assert t["csat"].tolist()[4] == 5.0                          # 非常满意 on the 1–5 scale
    assert t["description"].tolist()[3] == "<script>alert(1)</script>"


def test_english_helpdesk_export_with_survey_joined_and_unmatched_reported():
    result = load_files([("tickets.csv", EN_TICKETS.encode()), ("survey.csv", EN_SURVEY.encode("utf-8-sig"))],
                        now=NOW)
    ds = result.dataset
    assert [r.role for r in result.reports] == ["tickets", "survey"]
    assert ds.drivers == ["Resolution Speed", "Professionalism"]
    assert ds.tickets["ticket_id"].tolist() == ["T1", "T2", "T3"]
    # T2 appears twice with different resolutions: the later row (file row 4) is kept.
    assert kinds(ds)[("duplicate_id", "Ticket ID")] == [3]
    assert ds.tickets.set_index("ticket_id").loc["T2", "resolution_h"] == 48
    assert ds.tickets["priority_key"].tolist() == ["urgent", "low", "high"]
    assert ds.tickets["handle_min"].tolist()[:2] == pytest.approx([5 + 32 / 60, 4.3])
    assert kinds(ds)[("unmatched_survey", "Ticket ID")] == [4]
    responses = ds.responses()
    assert len(responses) == 4                                     # unmatched response kept
    assert responses.set_index("ticket_id").loc["T1", "channel"] == "Phone"
    assert responses["csat_satisfied"].tolist()[:2] == [True, False]


def test_twelve_monthly_exports_stack_and_a_reexported_ticket_is_updated_not_doubled():
    jan = "Ticket ID,Created at,Resolved At\nA1,2024-01-30 10:00,\nA2,2024-01-31 10:00,2024-01-31 12:00\n"
    feb = "Ticket ID,Created at,Resolved At\nA1,2024-01-30 10:00,2024-02-02 10:00\nB1,2024-02-01 10:00,\n"
    ds = load_files([("jan.csv", jan.encode()), ("feb.csv", feb.encode())], now=NOW).dataset
    assert sorted(ds.tickets["ticket_id"]) == ["A1", "A2", "B1"]
    a1 = ds.tickets.set_index("ticket_id").loc["A1"]
    assert a1["resolution_h"] == 72 and not a1["is_open"] and a1["source_file"] == "feb.csv"


def test_a_bad_file_is_reported_and_the_others_still_load():
    result = load_files([("empty.csv", b""), ("ok.csv", EN_TICKETS.encode())], now=NOW)
    assert [str(e) for e in result.errors] == ["empty.csv: the file is empty (0 bytes)"]
    assert len(result.dataset.tickets) == 3


def test_a_file_with_one_meaningless_column_is_refused_clearly():
    result = load_files([("junk.csv", b"zzz\nqq\nrr\n")], now=NOW)
    assert result.dataset is None
    assert "none of its columns" in str(result.errors[0])


def test_a_column_of_nonsense_dates_is_reported_not_fatal():
    # Named like the creation time, but no value is a time: the column is not used for it, and the
    # quality report says so (with examples); a few bad stamps among good ones are reported by row.
    text = "Ticket ID,Created at\n" + "".join(f"T{i},banana{i}\n" for i in range(10))
    ds = load_files([("x.csv", text.encode())], now=NOW).dataset
    refused = {i.kind: i for i in ds.quality}["refused_column"]
    assert (refused.column, refused.field, refused.count) == ("Created at", "created_at", 10)
    assert refused.values[0] == "banana0"
    assert len(ds.tickets) == 10
    mixed = "Ticket ID,Created at\n" + "".join(f"T{i},2024-05-0{i % 9 + 1} 10:00\n" for i in range(20)) + "T99,banana\n"
    ds = load_files([("y.csv", mixed.encode())], now=NOW).dataset
    assert kinds(ds)[("unparseable_timestamp", "Created at")] == [22]


def test_corrected_mapping_profile_is_used_for_the_same_headers():
    first = load_files([("t.csv", EN_TICKETS.encode())], now=NOW)
    report = first.reports[0]
    profile = report.mapping.to_dict()
    profile["fields"]["agent"] = "Ticket Type"          # a (deliberately odd) correction
    del profile["fields"]["request_type"]
    again = load_files([("t2.csv", EN_TICKETS.encode())], profiles={report.signature: profile}, now=NOW)
    assert again.reports[0].mapping.fields["agent"] == "Ticket Type"
    assert again.dataset.tickets["agent"].tolist() == ["Complaint", "Inquiry", "Inquiry"]


def test_problem_rows_export_lists_every_row_with_its_file_and_kind():
    ds = load_files([("log.csv", ZH_TICKETS.encode("gb18030"))], now=NOW).dataset
    rows = quality.problem_rows(ds.quality)
    expected = sum(len(i.rows) for i in ds.quality)
    assert len(rows) == expected
    assert set(rows.columns) == {"file", "row", "kind", "column", "value"}
    assert (rows["file"] == "log.csv").all()


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_cli_check_prints_files_and_issues(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(ZH_TICKETS.encode("gb18030"))
    out = run_cli("check", str(path), "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    (file,) = payload["files"]
    assert file["role"] == "tickets" and file["encoding"] == "gb18030" and file["rows"] == 6
    assert file["mapping"]["created_at"] == "提交时间"
    by_kind = {i["kind"]: i for i in payload["issues"]}
    assert by_kind["duplicate_row"]["rows"] == [7] and by_kind["duplicate_row"]["count"] == 1
    assert {"response_before_created", "resolved_before_created", "future_timestamp", "unparseable_timestamp",
            "score_out_of_range", "score_missing", "unresolved", "empty_column"} <= set(by_kind)


def test_cli_check_unreadable_file_exits_2_with_one_line(tmp_path):
    path = tmp_path / "zero.csv"
    path.write_bytes(b"")
    out = run_cli("check", str(path), "--json")
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "zero.csv" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_european_helpdesk_export_semicolons_cp1252_zoned_times_and_worded_ratings():
    text = ("Id;Requester;Via;Priority;Assignee;Status;Created at;Solved at;Satisfaction;Subject\r\n"
            "1;a@x.com;Web;urgent;José;solved;2025-03-01T10:00:00+01:00;2025-03-01T12:30:00+01:00;Good;Café\r\n"
            "2;b@x.com;Phone;low;Zoë;open;2025-03-02T09:00:00+01:00;;Offered;Thé\r\n"
            "3;a@x.com;Email;normal;José;closed;2025-03-03T08:00:00+01:00;2025-03-04T08:00:00+01:00;Bad;=SUM(A1)\r\n")
    ds = load_files([("export.csv", text.encode("cp1252"))], now=NOW).dataset
    t = ds.tickets
    assert t["agent"].tolist() == ["José", "Zoë", "José"]
    assert t["created_at"][0] == pd.Timestamp("2025-03-01 10:00")        # shown in the file's own offset
    assert t["resolution_h"].tolist()[0] == 2.5 and t["is_open"].tolist() == [False, True, False]
    assert t["priority_key"].tolist() == ["urgent", "low", "medium"]
    # Good/Bad on a 3-point scale; "Offered" (asked, never answered) is missing, not an error.
    assert ds.csat_scale == (1, 3) and t["csat"].tolist()[0] == 3 and pd.isna(t["csat"][1])
    assert "unparseable_value" not in {i.kind for i in ds.quality}
    assert t["description"].tolist()[2] == "=SUM(A1)"        # kept as text; exports escape it


def test_a_chinese_workbook_with_a_merged_title_blank_rows_and_a_totals_row():
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年5月客服工单汇总"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["客户编号", "渠道", "提交时间", "处理时长", "满意度"])
    sheet.append(["C1", "电话", 45780.5, "5分32秒", "非常满意"])
    sheet.append([])
    sheet.append(["C2", "微信", 45781.25, "未知", "4分"])
    sheet.append(["合计", None, None, None, None])
    buf = io.BytesIO()
    book.save(buf)
    ds = load_files([("5月.xlsx", buf.getvalue())], now=NOW).dataset
    t = ds.tickets
    assert t["source_row"].tolist() == [4, 6, 7]
    assert t["created_at"].tolist()[:2] == [pd.Timestamp("2025-05-03 12:00"), pd.Timestamp("2025-05-04 06:00")]
    assert t["channel_key"].tolist()[:2] == ["phone", "online"]
    assert t["csat"].tolist()[:2] == [5.0, 4.0]
    assert pd.isna(t["handle_min"][1])                              # 未知 is unknown, not an error
    assert kinds(ds)[("missing_timestamp", "提交时间")] == [7]        # the totals row is reported


def test_files_on_different_satisfaction_scales_are_reported_and_each_keeps_its_top_box():
    three = "Ticket ID,Created at,Satisfaction\nA1,2024-01-01 10:00,Good\nA2,2024-01-02 10:00,Bad\n"
    five = "Ticket ID,Created at,满意度\nB1,2024-01-03 10:00,4\nB2,2024-01-04 10:00,3\nB3,2024-01-05 10:00,5\n"
    ds = load_files([("a.csv", three.encode()), ("b.csv", five.encode())], now=NOW).dataset
    assert ds.csat_scale == (1, 5)
    mismatch = [i for i in ds.quality if i.kind == "scale_mismatch"]
    assert [(i.file, i.count) for i in mismatch] == [("a.csv", 2)]
    # Good on 1–3 is satisfied; 4 and 5 on 1–5 are; Bad and 3 are not.
    assert ds.tickets["csat_satisfied"].tolist() == [True, False, True, False, True]


def test_repeated_ids_found_while_cleaning_agree_with_the_check_on_the_stacked_frame():
    # One ticket file: the cleaner finds the repeated ids in its thread pool; stacked files are
    # checked after. Both routes must drop and report the same rows.
    from dataclasses import replace

    from analysis import clean

    raw_bytes = (ROOT / "sample_data" / "tickets_en.csv").read_bytes()

    def cleaned():
        raw = read_table(raw_bytes, "tickets_en.csv")
        return clean.clean(raw, auto_map(raw.sample()), NOW)

    found = cleaned()
    assert found.id_repeats is not None and found.id_repeats.sum() > 0
    ids = found.frame["ticket_id"]
    assert (found.id_repeats == (ids.notna() & ids.duplicated(keep=False)).to_numpy()).all()
    known = clean.build_dataset([found])
    checked = clean.build_dataset([replace(cleaned(), id_repeats=None)])
    pd.testing.assert_frame_equal(known.tickets, checked.tickets)
    assert [(i.kind, list(i.rows)) for i in known.quality] == [(i.kind, list(i.rows)) for i in checked.quality]
    assert any(i.kind == "duplicate_id" for i in known.quality)


def test_the_source_file_column_repeats_the_name_as_text_in_any_script():
    from analysis.clean import _repeated
    names = _repeated("工单5月.xlsx", 3)
    assert names.tolist() == ["工单5月.xlsx"] * 3
    assert names.dtype == pd.Series(["a.csv"]).dtype          # the same text dtype as the other columns
    assert _repeated("a.csv", 0).empty


@pytest.mark.parametrize("dropped", [[], [0], [999], [3, 4, 5, 500], list(range(0, 1000, 3))])
def test_dropping_rows_keeps_every_other_row_as_a_filter_would(dropped):
    # Text columns lose a few rows by chaining the pieces between them (no copy); many rows, or
    # other columns, by a filter. Either way the frame must be the filtered one, dtypes included.
    import pyarrow as pa

    from analysis.clean import _keep_rows
    n = 1000
    text = pa.chunked_array([pa.array([None if i % 7 == 0 else f"t{i}" for i in range(k, k + 250)], pa.large_string())
                             for k in range(0, n, 250)]).to_pandas()
    frame = pd.DataFrame({"text": text, "n": np.arange(n, dtype=float),
                          "label": pd.Categorical([f"c{i % 3}" for i in range(n)])})
    keep = np.ones(n, dtype=bool)
    keep[dropped] = False
    expected = frame[keep].reset_index(drop=True)
    pd.testing.assert_frame_equal(_keep_rows(frame.copy(), keep), expected)


@pytest.mark.parametrize("ids", [
    ["T0000001", "T0000002", "T0000001", "T0000003"],        # one width of 8 bytes: packed in a number
    ["A1", "B2", "C3", "B2", "A1"],                          # a narrower width, padded
    ["编号01", "编号02", "编号01"],                             # 8 bytes of UTF-8
    ["1", "22", "1", "333"],                                 # several widths: hashed as text
    ["T1", None, "T2", None, "T1"],                          # blanks never count as repeats
    ["T00000001", "T00000001", "T00000002"],                 # wider than 8 bytes
])
def test_rows_sharing_an_id_are_found_however_the_ids_are_written(ids):
    from analysis.clean import _shared
    values = pd.Series(ids, dtype="str")
    expected = (values.notna() & values.duplicated(keep=False)).to_numpy()
    assert _shared(values).tolist() == expected.tolist()
