"""The Data page's intake controls (issue 18): an uncertain encoding is shown with the names each
reading makes, the user chooses the encoding per file, rows in another encoding and duplicate
headers reach the quality report, and the upload limit the app states is the one it enforces."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.text import plain

ROOT = Path(__file__).resolve().parent.parent
HEADER = "Ticket ID,Agent,Created at,Channel\n"


def tickets(agents: list[str], n: int, start: int = 0) -> str:
    return "".join(f"T{i:06d},{agents[i % len(agents)]},2024-05-{1 + i % 28:02d} 10:{i % 60:02d},phone\n"
                   for i in range(start, start + n))


def uploaded(name: str, data: bytes, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if lang == "zh":
        at.session_state["lang"] = "zh"
    at.file_uploader[0].set_value([(name, data, "text/csv")]).run()
    assert not at.exception, at.exception
    return at


def encoding_box(at: AppTest, file: str, lang: str = "en"):
    label = ("Encoding of {file}" if lang == "en" else "{file} 的编码").format(file=plain(file))
    return next(s for s in at.selectbox if s.label == label)


# two thousand rows in UTF-8, then a hundred appended from a Windows-1252 system
MIXED = (HEADER + tickets(["Müller", "Zoë"], 2000)).encode("utf-8") + tickets(["Núñez", "Søren"], 100, 2000).encode("cp1252")


def test_an_uncertain_encoding_shows_the_names_each_reading_makes_and_the_user_chooses():
    at = uploaded("mixed.csv", MIXED)
    warning = next(w.value for w in at.warning if "not certain" in w.value)
    assert "Unicode (UTF-8)" in warning and "mixed" in warning
    readings = next(d.value for d in at.dataframe if "Unicode (UTF-8)" in d.value.columns)
    other = next(c for c in readings.columns if c != "Unicode (UTF-8)")
    row = readings[readings["Unicode (UTF-8)"] == "Müller"]
    assert len(row) == 1
    # what the other reading makes of the same bytes, worked out here with Python's codec
    codec = {"Simplified Chinese (GB18030 / GBK)": "gb18030", "Western European (Windows-1252)": "cp1252"}[other]
    assert row[other].iloc[0] == "Müller".encode("utf-8").decode(codec)

    box = encoding_box(at, "mixed.csv")
    assert box.value == "utf-8"
    assert "Western European (Windows-1252)" in box.options         # names for people, not codec ids
    # read as UTF-8: the Windows-1252 rows are left out and numbered (lines 2002-2101), no agent split
    ds = at.session_state["dataset"]
    assert set(ds.tickets["agent"]) == {"Müller", "Zoë"}
    quality = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    line = quality[quality["Problem"] == "Row in another text encoding than the rest of the file"]
    assert line["Rows"].iloc[0] == 100 and line["First rows"].iloc[0].startswith("2002, 2003")

    box.set_value("cp1252").run()
    assert not at.exception, at.exception
    agents = set(at.session_state["dataset"].tickets["agent"])
    assert {"Núñez", "Søren"} <= agents                               # the user's choice reads those right
    assert "Müller".encode("utf-8").decode("cp1252") in agents        # … and the UTF-8 ones as they asked
    assert encoding_box(at, "mixed.csv").value == "cp1252"


def test_a_choice_no_row_reads_in_says_so_and_keeps_the_data():
    data = (HEADER + tickets(["Müller", "Núñez"], 30)).encode("cp1252")
    at = uploaded("agents.csv", data)
    assert set(at.session_state["dataset"].tickets["agent"]) == {"Müller", "Núñez"}
    encoding_box(at, "agents.csv").set_value("utf-8").run()
    assert not at.exception, at.exception
    assert any("agents" in e.value and "no row that reads as" in e.value for e in at.error)
    assert set(at.session_state["dataset"].tickets["agent"]) == {"Müller", "Núñez"}     # still loaded
    assert any("still loaded" in i.value for i in at.info)


def test_the_encoding_choice_in_chinese():
    text = "工单编号,处理人,提交时间\n" + "".join(f"T{i},张伟,2024-05-0{1 + i % 9} 10:00\n" for i in range(50))
    at = uploaded("工单.csv", text.encode("gb18030"), lang="zh")
    box = encoding_box(at, "工单.csv", "zh")
    assert box.value == "gb18030" and "简体中文（GB18030 / GBK）" in box.options
    assert "西欧语言（Windows-1252）" in box.options


def test_duplicate_headers_are_reported_on_the_data_page():
    data = ("Ticket ID,Agent,Created at,Agent\n" + "".join(
        f"T{i},Ann,2024-05-0{1 + i % 9} 10:00,Bob\n" for i in range(20))).encode()
    at = uploaded("dupes.csv", data)
    quality = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    line = quality[quality["Problem"] == "Two or more columns with the same header"]
    assert line["Column"].tolist() == ["Agent"] and line["First rows"].tolist() == ["1"]


def test_the_upload_limit_accepts_a_file_of_1_gb_however_the_browser_counts():
    # Streamlit's uploader takes maxUploadSize in MB, counts them as 2^20 bytes on the server and
    # as 10^6 bytes in a browser outside Windows (2^20 on Windows), and shows the limit rounded
    # to whole GB ("1GB per file"). A file of 1 GB in any reading must pass all three.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    limit = config["server"]["maxUploadSize"]
    for base in (1000, 1024):
        assert limit * base * base >= 2**30                   # 1 GiB passes; so do 1000 MiB and 10^9 bytes
        assert f"{limit * base * base / base ** 3:.0f}GB" == "1GB"     # what the uploader prints
    assert "up to 1 GB" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_decimal_commas_and_their_hint_show_in_the_quality_report(lang):
    data = ("Ticket ID;Created at;Handle time (min)\n" + "".join(
        f"T{i};2024-05-0{1 + i % 9} 10:00;{i % 7},5\n" for i in range(30))).encode()
    at = uploaded("eu.csv", data, lang)
    minutes = at.session_state["dataset"].tickets["handle_min"]
    assert minutes.tolist() == [i % 7 + 0.5 for i in range(30)]
    quality = next(d.value for d in at.dataframe if ("Problem" if lang == "en" else "问题") in d.value.columns)
    kind = "Numbers written with a decimal comma" if lang == "en" else "数字使用逗号作小数点"
    assert kind in set(quality["Problem" if lang == "en" else "问题"])
