"""Text encodings decided on the whole file (issue 18): Windows-1252 names come out right,
Chinese exports still read as GB18030, an uncertain guess shows what each reading makes of the
names, the user can choose the encoding, and rows in another encoding are numbered, not garbled.
Every file is written here from names typed out in this file; the codec that writes it is the
oracle of what it holds."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import charset
from analysis.ingest import SNIFF_BYTES, IngestError, read_table
from analysis.load import load_files

ROOT = Path(__file__).resolve().parent.parent
WESTERN = ["Núñez", "Müller", "José", "Zoë", "François", "Søren", "Ångström", "Renée"]
CHINESE = ["客服彭*", "张伟", "李娜", "在线客服", "电话", "微信"]


def tickets(agents: list[str], n: int, start: int = 0) -> str:
    """Ticket rows T<i>, one agent each in turn, a plausible creation time and channel."""
    return "".join(f"T{i:06d},{agents[i % len(agents)]},2024-05-{1 + i % 28:02d} 10:{i % 60:02d},phone\n"
                   for i in range(start, start + n))


HEADER = "Ticket ID,Agent,Created at,Channel\n"


@pytest.mark.parametrize("name", ["Núñez", "Müller"])
def test_windows_1252_names_come_out_right(name):
    data = (HEADER + tickets([name, "Smith"], 40)).encode("cp1252")
    table = read_table(data, "agents.csv")
    assert table.encoding == "cp1252"
    assert set(table.frame["Agent"]) == {name, "Smith"}


def test_western_names_only_past_the_first_256_kb_are_still_read_in_windows_1252():
    # The head is plain ASCII; the accented names start deep in the file. The guess samples
    # evenly spaced windows through the whole file.
    head = tickets(["Smith", "Jones"], 12000)
    assert len(head) > SNIFF_BYTES
    data = (HEADER + head).encode("ascii") + tickets(WESTERN, 400, start=12000).encode("cp1252")
    table = read_table(data, "late.csv")
    assert table.encoding == "cp1252" and table.n_rows == 12400
    assert set(table.frame["Agent"]) == {"Smith", "Jones", *WESTERN}


def test_latin_1_text_reads_right():
    data = (HEADER + tickets(["Jürgen Größe", "Ärger"], 30)).encode("latin-1")
    assert set(read_table(data, "de.csv").frame["Agent"]) == {"Jürgen Größe", "Ärger"}


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_chinese_exports_still_read_as_gb18030(codec):
    text = "工单编号,处理人,提交时间,需求渠道\n" + "".join(
        f"T{i},{CHINESE[i % 4]},2024-05-{1 + i % 28:02d} 10:00,{CHINESE[3 + i % 3]}\n" for i in range(300))
    table = read_table(text.encode(codec), "工单.csv")
    assert table.encoding == "gb18030"
    assert table.columns == ["工单编号", "处理人", "提交时间", "需求渠道"]
    assert set(table.frame["处理人"]) == set(CHINESE[:4]) and set(table.frame["需求渠道"]) == set(CHINESE[3:])
    assert table.encoding_guess.others == ()          # not in doubt


def test_the_chinese_sample_export_reads_as_gb18030_with_its_own_headers():
    data = (ROOT / "sample_data" / "tickets_zh.csv").read_bytes()
    header = data.split(b"\n")[2].decode("gb18030").strip().split(",")     # row 3, under the title rows
    table = read_table(data, "tickets_zh.csv")
    assert table.encoding == "gb18030" and table.columns == header
    assert table.header_row == 3


def test_a_file_switching_from_utf8_to_windows_1252_is_read_as_utf8_with_the_rest_numbered():
    first = tickets(["Müller", "Zoë"], 2000)
    rest = tickets(["Núñez", "Søren"], 100, start=2000)
    data = (HEADER + first).encode("utf-8") + rest.encode("cp1252")
    result = load_files([("mixed.csv", data)])
    assert not result.errors
    ds = result.dataset
    # no agent split in two: only the UTF-8 names, read right
    assert set(ds.tickets["agent"]) == {"Müller", "Zoë"} and len(ds.tickets) == 2000
    undecodable = next(i for i in ds.quality if i.kind == "undecodable_row")
    # the header is line 1, the 2,000 UTF-8 rows lines 2…2001, the other rows lines 2002…2101
    assert undecodable.rows.tolist() == list(range(2002, 2102)) and undecodable.file == "mixed.csv"
    report = ds.files[0]
    assert report.encoding == "utf-8"
    # the guess is uncertain, and shows what another reading makes of the names
    guess = report.encoding_guess
    assert guess["uncertain"] and guess["others"]
    assert any(example[0] == "Müller" for example in guess["examples"])


def test_a_file_switching_from_gb18030_to_windows_1252_numbers_the_rows_that_do_not_decode():
    zh = "工单编号,处理人,提交时间,需求渠道\n" + "".join(
        f"T{i},{CHINESE[i % 3]},2024-05-{1 + i % 28:02d} 10:00,电话\n" for i in range(3000))
    western = "".join(f"T{i},José {i},2024-05-03 10:00,phone\n" for i in range(3000, 3010))   # é before a space
    table = read_table(zh.encode("gb18030") + western.encode("cp1252"), "log.csv")
    assert table.encoding == "gb18030" and table.n_rows == 3000
    assert table.undecodable.tolist() == list(range(3002, 3012))
    assert set(table.frame["处理人"]) == set(CHINESE[:3])


def test_an_uncertain_guess_lists_the_readings_with_the_names_each_makes():
    # two thirds UTF-8 Chinese, a third GB18030 Chinese: each reading garbles the other part
    data = (HEADER + tickets(["张伟", "李娜"], 700)).encode("utf-8") + tickets(["王芳"], 350, 700).encode("gb18030")
    guess = read_table(data, "two.csv").encoding_guess
    assert guess.encoding == "utf-8" and "gb18030" in guess.others
    column = 1 + guess.others.index("gb18030")
    by_utf8 = {e[0]: e[column] for e in guess.examples}
    # the UTF-8 reading of the UTF-8 names, beside what GB18030 makes of the same bytes
    assert by_utf8["张伟"] == "张伟".encode("utf-8").decode("gb18030", errors="replace")


def test_the_user_chooses_the_encoding():
    data = (HEADER + tickets(["Müller", "Núñez"], 50)).encode("cp1252")
    # read as GB18030 on the user's word: "Müller" is valid GB18030 ("M黮ler")
    as_chinese = read_table(data, "agents.csv", encoding="gb18030")
    assert as_chinese.encoding == "gb18030" and as_chinese.encoding_guess.by_user
    assert "Müller".encode("cp1252").decode("gb18030") in set(as_chinese.frame["Agent"])
    result = load_files([("agents.csv", data)], encodings={"agents.csv": "windows-1252"})
    assert set(result.dataset.tickets["agent"]) == {"Müller", "Núñez"}
    assert result.dataset.files[0].encoding_guess["by_user"]
    with pytest.raises(IngestError, match="agents.csv: .*no such text encoding"):
        read_table(data, "agents.csv", encoding="klingon-8")


def test_a_file_with_no_row_in_the_chosen_encoding_says_so():
    data = (HEADER + tickets(["Müller", "Núñez"], 20)).encode("cp1252")
    with pytest.raises(IngestError, match=r"agents\.csv: has no row that reads as Unicode \(UTF-8\) text \(20 rows"):
        read_table(data, "agents.csv", encoding="utf-8")


def test_a_malformed_row_and_rows_in_another_encoding_are_both_numbered():
    data = (HEADER + tickets(["Müller"], 30)).encode("utf-8") + b"T9,extra,field,here,too\n" \
        + tickets(["Núñez"], 5, start=31).encode("cp1252")
    table = read_table(data, "both.csv")
    assert table.malformed and table.malformed[0][0] == 32
    assert table.undecodable.tolist() == list(range(33, 38))
    assert set(table.frame["Agent"]) == {"Müller"} and table.n_rows == 30


def test_encoding_names_are_for_people():
    assert charset.describe("cp1252") == "Western European (Windows-1252)"
    assert charset.describe("windows-1252", "zh") == "西欧语言（Windows-1252）"
    assert charset.describe("GB18030") == "Simplified Chinese (GB18030 / GBK)"
    assert "cp1253" in charset.describe("cp1253")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_the_command_line_takes_an_encoding(tmp_path):
    path = tmp_path / "agents.csv"
    path.write_bytes((HEADER + tickets(["Müller", "Núñez"], 50)).encode("cp1252"))
    done = cli("check", str(path), "--json", "--encoding", "gb18030")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["files"][0]["encoding"] == "gb18030" and out["files"][0]["encoding_guess"]["by_user"]
    detected = json.loads(cli("check", str(path), "--json").stdout)
    assert detected["files"][0]["encoding"] == "cp1252"
    bad = cli("kpis", str(path), "--encoding", "klingon-8")
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0 and "klingon-8" in bad.stderr
    assert "Traceback" not in bad.stderr
