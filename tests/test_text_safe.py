"""Issue 18, items 3, 4 and 9 (one part): user text is text, no table writes a live formula, and
"Use sample data" loads the sample while a file sits in the uploader.

The hostile data (tests/hostile.py) is uploaded, saved to the workspace under a markdown name,
given a goal with a markdown name on a markdown agent; a new session (which opens the latest
saved dataset) walks every page. Every string Streamlit renders as markdown — bodies of
st.markdown / st.caption / alerts / headings / toasts, every label and help text, radio and
segmented-control options, expander and tab labels — is read off the element tree, and none may
hold a hostile string's markup as it is, nor a bare URL the renderer would link. The places that
draw plain text (selectbox and multiselect options, table cells and headers) must show the names
as they are, not escaped."""
from __future__ import annotations

import ast
import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import hostile
from i18n import catalogue
from ui.text import WORD_JOINER, plain

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300
PAGES = ["pages/data.py", "pages/workspace.py", "pages/overview.py", "pages/operations.py", "pages/agents.py",
         "pages/drivers.py", "pages/root_causes.py", "pages/periods.py", "pages/goals.py", "pages/report.py"]
# Elements whose text Streamlit shows as it is (no markdown): left out of the markdown walk.
PLAIN_ELEMENTS = {"text", "code", "json", "exception", "dataframe", "arrow_vega_lite_chart", "vega_lite_chart"}
# Widgets whose options are drawn as plain text (their labels are markdown all the same).
PLAIN_OPTIONS = {"selectbox", "multiselect"}


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("FUPAN_DATA_DIR", str(folder))
    return folder


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _fields(proto) -> set[str]:
    return set(proto.DESCRIPTOR.fields_by_name) if hasattr(proto, "DESCRIPTOR") else set()


def rendered(at: AppTest) -> tuple[list[str], list[str]]:
    """(every string of the page Streamlit renders as markdown, every string it draws as plain
    text: plain-option lists, table cells and headers)."""
    markdown, text = [], []
    for node in _nodes(at._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        if kind == "dataframe":
            frame = node.value
            text += [str(c) for c in frame.columns] + [str(i) for i in frame.index]
            for column in frame.columns:
                text += [str(v) for v in frame[column].dropna()]
            continue
        if kind in PLAIN_ELEMENTS:
            continue
        names = _fields(proto)
        markdown += [getattr(proto, f) for f in ("body", "label", "help") if f in names and getattr(proto, f)]
        if "options" in names:
            options = [o if isinstance(o, str) else getattr(o, "content", "") for o in proto.options]
            (text if kind in PLAIN_OPTIONS else markdown).extend(options)
    return markdown, text


def markup_left(markdown: list[str]) -> list[str]:
    """The markdown strings that still carry a hostile string's markup or a linkable URL."""
    return [s for s in markdown if hostile.UNESCAPED.search(s) or hostile.AUTOLINK.search(s)]


def escaped_in_plain(text: list[str]) -> list[str]:
    """Plain-text strings showing an escape (a backslash before markup, a word joiner)."""
    return [s for s in text if WORD_JOINER in s or any(plain(m) in s for m in ("**bold**", hostile.EVIL, "<img"))]


# a catalogue key on screen (a string the catalogue lacks), e.g. "count.tickets_dataset"
KEYS = re.compile(r"(?<![\w.\\])(?:" + "|".join(map(re.escape, sorted(catalogue(), key=len, reverse=True)))
                  + r")(?![\w.])")


def check(at: AppTest, where: str) -> tuple[list[str], list[str]]:
    assert not at.exception, (where, at.exception)
    markdown, text = rendered(at)
    assert markup_left(markdown) == [], where
    assert [s for s in markdown if KEYS.search(s)] == [], where
    assert escaped_in_plain(text) == [], where
    return markdown, text


def new_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def saved_hostile(data_dir: Path) -> None:
    """Upload the hostile files, save them under the hostile dataset name and add a goal with a
    hostile name on a hostile agent, all through the pages (checked on the way)."""
    at = new_app()
    at.file_uploader[0].set_value([(n, b, "text/csv") for n, b in hostile.files()]).run()
    check(at, "data page after the upload")
    at.text_input(key="ws_save_name").set_value(hostile.DATASET_NAME).run()
    click(at, "Save to workspace")
    markdown, _ = check(at, "data page after the save")
    assert any(plain(hostile.DATASET_NAME) in s for s in markdown)
    at.switch_page("pages/goals.py").run()
    check(at, "goals page before the goal")
    form = "goalform___new___"
    at.text_input(key=form + "name").set_value(hostile.GOAL_NAME).run()
    # over the data's second half (it ends on 2025-12-31), so the goal has figures to show
    at.date_input(key=form + "start").set_value(dt.date(2025, 7, 1)).run()
    at.date_input(key=form + "deadline").set_value(dt.date(2025, 12, 31)).run()
    at.number_input(key=form + "target").set_value(90.0).run()
    at.selectbox(key=form + "segment_column").set_value("agent").run()
    at.selectbox(key=form + "segment_value").set_value(hostile.AGENTS["Agent Lin"]).run()
    at.button(key=form + "save").click().run()
    markdown, _ = check(at, "goals page after the save")
    assert any(plain(hostile.GOAL_NAME) in s for s in markdown)


def test_hostile_names_render_as_text_on_every_page(data_dir):
    saved_hostile(data_dir)
    at = new_app()                   # a new visitor: the app opens the latest saved dataset
    markdown, _ = check(at, "first page")
    shown = {"markdown": list(markdown), "text": []}
    for page in PAGES:
        at.switch_page(page).run()
        markdown, text = check(at, page)
        shown["markdown"] += markdown
        shown["text"] += text
    # the Root causes page's hidden tabs do not run: open each of them
    at.switch_page("pages/root_causes.py").run()
    for tab in [t.label for t in at.tabs]:
        at.session_state["rc_tab"] = tab
        at.run()
        markdown, text = check(at, f"root causes, tab {tab}")
        shown["markdown"] += markdown
        shown["text"] += text
    # the report's two other views
    at.switch_page("pages/report.py").run()
    at.segmented_control(key="report_view").set_value("full").run()
    at.button(key="report_build").click().run()
    check(at, "full report")
    at.segmented_control(key="report_view").set_value("workshop").run()
    check(at, "workshop")
    # a filter on hostile agents, a chart pinned with it: the notes that name the filters
    at.switch_page("pages/overview.py").run()
    agents = [hostile.AGENTS["Agent Lin"], hostile.AGENTS["Agent Zhu"]]
    at.multiselect(key="filter_agent").set_value(agents).run()
    at.button(key="pin_overview_chart1").click().run()
    check(at, "overview, filtered")
    for page in ("pages/periods.py", "pages/goals.py"):
        at.switch_page(page).run()
        markdown, _ = check(at, f"{page}, filtered")
        assert any(plain(", ".join(agents)) in s for s in markdown), page
    at.switch_page("pages/report.py").run()
    at.segmented_control(key="report_view").set_value("notebook").run()
    markdown, _ = check(at, "notebook")
    assert any(plain(", ".join(agents)) in s for s in markdown)

    # the names are there, escaped, where the pages name them …
    every = "\n".join(shown["markdown"])
    for name in (hostile.DATASET_NAME, hostile.GOAL_NAME, hostile.TICKETS_FILE, hostile.SURVEY_FILE,
                 hostile.CATEGORIES["Orders"], hostile.DRIVER_HEADER[1]):
        assert plain(name) in every, name
    # … and as they are in the tables and the plain option lists
    plain_text = set(shown["text"])
    for name in (hostile.DATASET_NAME, hostile.GOAL_NAME, *hostile.AGENTS.values(), hostile.CATEGORIES["Orders"],
                 hostile.DRIVER_HEADER[1], hostile.EXTRA_HEADER[1]):
        assert name in plain_text, name


def test_plain_escapes_what_the_renderer_would_read():
    # what Streamlit 1.67's frontend read as markup (checked in Chromium, tests/browser/test_text_safe.py)
    for text in hostile.HOSTILE + ["a\n===", "&amp;", "$x^2$", ":red[x]", "~~s~~", "| a | b |"]:
        escaped = plain(text)
        assert hostile.AUTOLINK.search(escaped) is None, text
        # every ASCII punctuation character behind a backslash, nothing else changed but the joiners
        unescaped = "".join(ch for i, ch in enumerate(escaped)
                            if not (ch == "\\" and i + 1 < len(escaped))).replace(WORD_JOINER, "")
        assert unescaped == text.replace("\\", ""), text
    assert plain("https://evil.example") == "https\\:" + WORD_JOINER + "\\/\\/evil\\.example"
    assert plain("WWW.x") == "WWW" + WORD_JOINER + "\\.x"
    assert plain("a@b.c") == "a\\@" + WORD_JOINER + "b\\.c"
    assert plain("Agent Gao 高") == "Agent Gao 高"


# --- no live cell: the tables' own CSV download is off, every table goes through one path ------
def test_the_table_toolbars_offer_no_download():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
    st.set_option("client.disableDataExport", False)      # as a server started from another folder
    at = new_app()
    assert not at.exception
    assert st.get_option("client.disableDataExport") is True


def _calls(path: Path) -> list[tuple[str, int]]:
    """(name, line) of every call of .dataframe / .data_editor (on st or a container) and of
    st.table in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)]
    return [(c.func.attr, c.lineno) for c in calls
            if c.func.attr in ("dataframe", "data_editor")
            or (c.func.attr == "table" and isinstance(c.func.value, ast.Name) and c.func.value.id == "st")]


def test_every_table_is_drawn_by_widgets_table():
    found = {p.relative_to(ROOT).as_posix(): _calls(p)
             for p in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]}
    found = {k: v for k, v in found.items() if v}
    # st.dataframe once, in widgets.table; st.table (static HTML) nowhere; the editors stay editors
    assert [name for name, _ in found.pop("ui/widgets.py")] == ["dataframe"]
    assert all(name == "data_editor" for calls in found.values() for name, _ in calls), found


# --- "Use sample data" with a file in the uploader (item 9) ------------------------------------
def test_sample_button_loads_the_sample_over_a_file_in_the_uploader(data_dir):
    at = new_app()
    at.file_uploader[0].set_value([(hostile.TICKETS_FILE, hostile.tickets_csv(), "text/csv")]).run()
    assert not at.exception
    assert at.session_state["dataset"].name == hostile.TICKETS_FILE
    click(at, "Use sample data (English)")
    ds = at.session_state["dataset"]
    assert sorted(ds.name.split(", ")) == ["survey_en.csv", "tickets_en.csv"]
    assert (len(ds.tickets), len(ds.survey)) == (30_000, 12_023)      # sample_data/README.md
    assert "The English sample data is loaded. The file in the upload box was set aside" in \
        "\n".join(i.value for i in at.info)
    assert not at.file_uploader[0].value                  # a fresh, empty uploader
    at.run()                                              # and the next run keeps the sample
    assert at.session_state["dataset"] is ds
    assert not [i for i in at.info if "sample data is loaded" in i.value]   # said once
    # the other sample, with nothing in the uploader: loaded, said, no word about a file
    click(at, "Use sample data (中文)")
    assert at.session_state["dataset"].name.startswith("tickets_zh.csv")
    assert [i.value for i in at.info if "sample" in i.value] == ["The Chinese sample data is loaded."]
    # an upload after the sample is read as before
    at.file_uploader[0].set_value([(hostile.TICKETS_FILE, hostile.tickets_csv(), "text/csv")]).run()
    assert at.session_state["dataset"].name == hostile.TICKETS_FILE


def test_sample_message_in_chinese(data_dir):
    at = new_app()
    at.session_state["lang"] = "zh"        # AppTest reruns the page only, not app.py's switch
    at.run()
    click(at, "使用示例数据（中文）")
    assert "已加载中文示例数据。" in [i.value for i in at.info]
    assert at.session_state["dataset"].name.startswith("tickets_zh.csv")
