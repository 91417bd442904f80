"""Page tests (AppTest) of the app frame and the Data page."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


@pytest.fixture
def app():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def texts(at):
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.success]
    parts += [m.value for m in at.error] + [m.value for m in at.info] + [m.value for m in at.subheader]
    parts += [m.value for m in at.title]
    return "\n".join(str(p) for p in parts)


def click(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def test_sample_data_loads_and_the_quality_report_shows(app):
    click(app, "Use sample data (English)")
    assert "Loaded 30,000 tickets and 12,023 survey responses." in texts(app)
    frames = [d.value for d in app.dataframe]
    quality = next(f for f in frames if "Problem" in f.columns)
    kinds = set(quality["Problem"])
    assert {"Duplicate ticket id", "Row repeated exactly", "First response before creation",
            "Column entirely empty", "Survey row matching no ticket"} <= kinds
    assert app.session_state["dataset"].name == "tickets_en.csv, survey_en.csv"


def test_language_switch_is_honoured_everywhere(app):
    assert app.sidebar.segmented_control[0].options == ["English", "中文"]
    # AppTest runs the entry script (app.py) only on the first run and the page alone after
    # that, so the switch's effect is set directly here; the browser test clicks the real switch.
    app.session_state["lang"] = "zh"
    app.run()
    click(app, "使用示例数据（中文）")
    page = texts(app)
    assert "数据质量报告" in page and "字段映射" in page
    assert "已加载 8,000 条工单" in page
    frames = [d.value for d in app.dataframe]
    assert any("问题" in f.columns for f in frames)


def test_upload_of_a_bad_file_keeps_the_previous_dataset(app):
    click(app, "Use sample data (English)")
    app.file_uploader[0].set_value([("empty.csv", b"", "text/csv")]).run()
    assert not app.exception
    assert any("empty" in e.value and "0 bytes" in e.value for e in app.error)
    assert app.session_state["load_errors"] == ["empty.csv: the file is empty (0 bytes)"]
    assert "The data loaded before is still loaded." in texts(app)
    assert len(app.session_state["dataset"].tickets) == 30_000


def test_uploading_a_chinese_export_reads_it(app):
    data = (ROOT / "sample_data" / "tickets_zh.csv").read_bytes()
    app.file_uploader[0].set_value([("tickets_zh.csv", data, "text/csv")]).run()
    assert not app.exception
    files = next(d.value for d in app.dataframe if "Encoding" in d.value.columns)
    assert files["Encoding"].tolist() == ["Simplified Chinese (GB18030 / GBK)"] and files["Header row"].tolist() == [3]


def test_mapping_correction_is_applied_and_remembered(app):
    click(app, "Use sample data (English)")
    editor = app.data_editor[0]       # first file: tickets_en.csv
    row = int(editor.value.index[editor.value["column"] == "Ticket Type"][0])
    # Stop using Ticket Type as the request type (AppTest takes edits through session state).
    app.session_state[editor.key] = {"edited_rows": {row: {"field": ""}}, "added_rows": [], "deleted_rows": []}
    click(app, "Apply mapping")
    assert "Mapping applied" in texts(app)
    assert len(app.session_state["profiles"]) == 1
    ds = app.session_state["dataset"]
    assert ds.tickets["request_type"].isna().all()
    assert not ds.tickets["is_complaint"].any() or ds.tickets["category"].notna().all()


@pytest.mark.parametrize("page", ["overview", "operations", "agents", "drivers", "root_causes", "periods",
                                  "goals", "report"])
def test_every_page_opens_without_data(app, page):
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception
    assert app.info, "a page without data says what to do or what will live there"


def test_monthly_exports_with_the_same_headers_stack_under_one_mapping(app):
    jan = b"Ticket ID,Created at,Resolved At\nA1,2024-01-30 10:00,\nA2,2024-01-31 10:00,2024-01-31 12:00\n"
    feb = b"Ticket ID,Created at,Resolved At\nA1,2024-01-30 10:00,2024-02-02 10:00\nB1,2024-02-01 10:00,\n"
    app.file_uploader[0].set_value([("jan.csv", jan, "text/csv"), ("feb.csv", feb, "text/csv")]).run()
    assert not app.exception
    assert len(app.session_state["dataset"].tickets) == 3
    assert len(app.data_editor) == 1          # one mapping for both files
    from ui.text import plain
    assert any(plain("jan.csv, feb.csv") in m.value for m in app.markdown)      # the section names both files


def test_the_mapping_says_why_and_switches_to_the_alternative_in_one_click(app):
    tickets = (b"Ticket ID,Customer Name,Customer Email,Created at,Status\n"
               b"T1,Ann Lee,ann@example.com,2024-03-01 10:00,Open\n"
               b"T2,Bob Ray,bob@example.com,2024-03-02 11:00,Closed\n"
               b"T3,Ann Lee,ann@example.com,2024-03-03 12:00,Solved\n")
    app.file_uploader[0].set_value([("t.csv", tickets, "text/csv")]).run()
    assert not app.exception
    why = app.dataframe[1].value.set_index("Column in your file")
    assert why.loc["Customer Email", "Feeds"] == "Customer id"
    assert why.loc["Status", "Why"] == "the header names it; values read as labels"
    assert why.loc["Customer Name", "Feeds"] == "kept as a label (filters, Pareto)"
    switch = next(b for b in app.button if b.label == "Use “Customer Name” for Customer id")
    switch.click().run()
    assert not app.exception
    report = app.session_state["dataset"].files[0]
    assert report.mapping.fields["customer_id"] == "Customer Name"
    assert report.mapping.why["customer_id"].how == "user"


def test_the_data_page_says_which_figures_the_file_cannot_show_and_what_might_supply_them(app):
    tickets = (b"Ticket ID,Date of Purchase,First Response Time,Ticket Status\n"
               b"T1,2021-03-22,2023-06-01 12:15:36,Open\nT2,2021-05-22,2023-06-01 16:45:38,Closed\n")
    app.file_uploader[0].set_value([("k.csv", tickets, "text/csv")]).run()
    assert not app.exception
    note = next(i.value for i in app.info if "First-response time" in i.value)
    assert "Created at" in note and "Date of Purchase" in note


@pytest.mark.parametrize("button, lang, row_header", [("Use sample data (English)", "English", "Row in your file"),
                                                     ("Use sample data (中文)", "中文", "文件中的行号")])
def test_the_preview_numbers_rows_as_the_file_does_and_shows_no_internal_name(app, button, lang, row_header):
    import re
    if lang == "中文":
        app.session_state["lang"] = "zh"        # as the language test above: AppTest reruns the page only
        app.run()
        button = "使用示例数据（中文）"
    click(app, button)
    ds = app.session_state["dataset"]
    previews = [d.value for d in app.dataframe if row_header in d.value.columns]
    assert previews, "no preview table"
    tickets = previews[0]
    assert tickets.columns[0] == row_header
    assert tickets[row_header].tolist() == ds.tickets["source_row"].head(len(tickets)).tolist()
    internal = [c for c in tickets.columns if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", str(c))]
    assert internal == []          # no channel_key, frt_min, source_file …


def test_the_data_page_tells_how_the_files_rows_became_the_tickets(app):
    import pandas as pd
    click(app, "Use sample data (English)")
    raw = pd.read_csv(ROOT / "sample_data" / "tickets_en.csv", dtype=str, keep_default_na=False)
    repeats = int(raw.duplicated().sum())                          # whole rows given twice
    superseded = int(raw.drop_duplicates()["Ticket ID"].duplicated().sum())   # earlier rows of an id
    kept = len(raw) - repeats - superseded
    assert kept == len(app.session_state["dataset"].tickets)
    line = next(c.value for c in app.caption if "rows in the ticket files" in c.value)
    assert line.startswith(f"{len(raw):,} rows in the ticket files → {kept:,} tickets; left out: {repeats} repeated "
                           f"exactly, {superseded} earlier rows of a ticket id given again")
    assert any(c.value.startswith("12,023 rows in the survey files → 12,023 responses, none left out")
               for c in app.caption)


def test_the_sidebar_says_when_the_tickets_have_no_creation_dates():
    from analysis.load import load_files

    data = b"Ticket ID,Channel,Priority\nA1,Email,High\nA2,Chat,Low\n"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    # the dataset in place before the first run: AppTest draws the app's sidebar on that run only
    at.session_state["dataset"] = load_files([("no_dates.csv", data)]).dataset
    at.run()
    assert not at.exception, at.exception
    captions = [c.value.replace("\\", "") for c in at.sidebar.caption]
    assert any("2 tickets · no creation dates" in c for c in captions), captions
    assert not any("– –" in c for c in captions)
