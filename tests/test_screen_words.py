"""Every page, in English and in Chinese, on the sample data: no internal name on screen.

What a reader sees is read off each page as AppTest renders it — texts, metric cards, widget
labels and options, and every table as the browser draws it (headers and selectbox cells
through their column configuration, hidden columns and a hidden index left out). The page
fails on a snake_case token (a field key, a reason code), on True/False/None/nan, on a shown
0-based index, and in Chinese mode on an English word that is neither a method's proper name
nor the user's own data (file names, labels and keywords as their files and dictionaries have
them). Every table also writes its numbers by the shared rule (each number column formatted, the
first column pinned)."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from pagekit import open_page

PAGES = ["pages/data.py", "pages/workspace.py", "pages/overview.py", "pages/operations.py", "pages/agents.py",
         "pages/drivers.py", "pages/root_causes.py", "pages/periods.py", "pages/goals.py", "pages/report.py"]
SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")
KEY = re.compile(r"(?<![\w/-])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){2,}(?![\w/-])")     # a catalogue key: overview.reason.x
RAW_VALUES = re.compile(r"(?<![\w-])(True|False|None|nan|NaN|NaT)(?![\w-])")
ENGLISH = re.compile(r"(?<![\w.-])[A-Za-z]{3,}(?![\w.-])")    # not a file name's parts
# statistics' and products' proper names, abbreviations Chinese readers use as they are
PROPER = {"Wilson", "Holm", "Kaplan", "Meier", "Zendesk", "Fisher", "Bonett", "Wright", "LMG", "Shapley", "VIF",
          "Logit", "McFadden", "Newcombe", "Welch", "Cohen", "Kitagawa", "Laney", "XmR", "Nelson", "GLM", "ISO",
          "CSV", "TSV", "Excel", "Parquet", "NPS", "CSAT", "SLA", "FCR", "PNG", "SVG", "HTML", "VIP", "Wilkinson",
          "Pareto", "Spearman", "Pearson", "Kendall", "Johnson", "Western", "Electric", "Mann", "Whitney",
          "FUPAN_DATA_DIR", "DATA", "DIR", "FUPAN", "Newton", "Brookmeyer", "Crowley", "Greenwood", "Collett",
          "HC3", "OLS", "Minitab", "Poisson", "Student", "Bootstrap", "bootstrap", "Likert", "Chi",
          # text encodings' own names (the Data page's encoding of each file)
          "Unicode", "UTF", "BOM", "GBK", "Big5", "Windows", "Latin", "Shift", "JIS", "EUC", "KR"}
MARKUP = re.compile(r":[a-z]+-badge\[|:material/[a-z_]+:|:[a-z]+\[|\]\(|[*`]")


def shown_tables(at) -> list[tuple[list[str], list[str], bool]]:
    """(headers, text cells, index shown) of each table as the browser draws it."""
    out = []
    for element in at.dataframe:
        frame: pd.DataFrame = element.value
        config = json.loads(element.proto.columns or "{}")
        headers, cells = [], []
        for column in frame.columns:
            conf = config.get(str(column), {})
            if conf.get("hidden"):
                continue
            headers.append(str(conf.get("label") or column))
            values = frame[column].dropna()
            options = conf.get("type_config", {}).get("options")
            if options:                                   # a selectbox cell shows its label
                labels = {o["value"]: o["label"] for o in options}
                values = values.map(lambda v: labels.get(v, v))
            if values.dtype == object or pd.api.types.is_string_dtype(values):
                cells += [str(v) for v in values.unique()[:300]]
        index_shown = not config.get("_index", {}).get("hidden") and isinstance(frame.index, pd.RangeIndex)
        out.append((headers, cells, index_shown))
    return out


def screen_texts(at) -> list[tuple[str, str]]:
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        # as markdown shows it: markup and escapes dropped
        texts += [(kind, MARKUP.sub(" ", str(e.value)).replace("\\", "")) for e in getattr(at, kind)]
    texts += [("metric", f"{m.label} {m.value}") for m in at.metric]
    for kind in ("selectbox", "multiselect", "radio", "segmented_control", "text_input", "number_input", "checkbox",
                 "toggle", "button", "date_input", "slider", "select_slider"):
        for widget in getattr(at, kind, []):
            texts.append((kind, str(widget.label)))
            options = getattr(widget, "options", None) or []
            texts += [(f"{kind} option", str(o)) for o in options]
    for headers, cells, _ in shown_tables(at):
        texts += [("table header", h) for h in headers] + [("table cell", c) for c in cells]
    return texts


def user_words(at) -> set[str]:
    """Words of the user's own data: file names, every label and header of their files, the
    keyword dictionaries' entries."""
    ds = at.session_state["dataset"]
    words: set[str] = set()
    frames = [ds.tickets] + ([ds.survey] if ds.survey is not None else [])
    for frame in frames:
        words |= {str(c) for c in frame.columns}
        for column in frame.columns:
            if frame[column].dtype == object or isinstance(frame[column].dtype, (pd.CategoricalDtype, pd.StringDtype)):
                values = frame[column].dropna().astype(str).unique()
                if len(values) <= 500:
                    words |= set(values)
    words |= set(ds.drivers) | {f.file for f in ds.files}
    # the keyword dictionary of the Root causes page is the user's to edit: its entries are data
    from analysis.themes import DEFAULT_THEMES
    words |= {str(w) for theme in DEFAULT_THEMES.values() for part in ("include", "exclude")
              for w in theme.get(part, [])}
    return {w for text in words for w in re.split(r"[\s,，、/().:：*]+", text) if w} | words


@pytest.fixture
def example_goals(tmp_path, monkeypatch):
    """A data folder of the test's own whose store holds the three example goals (what the
    Goals page's button writes), so the Goals, Periods and Report pages show goals too."""
    from analysis.load import load_files
    from analysis.store import STORE_FILE, Store, add_example_goals
    from pagekit import SAMPLE, ZH_SAMPLE
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path))
    last = load_files([(n, (SAMPLE / n).read_bytes()) for n in ZH_SAMPLE]).dataset.date_span[1]
    add_example_goals(Store(tmp_path / STORE_FILE), last)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_no_internal_name_on_screen(page, lang, example_goals):
    at = open_page(page, lang)
    own = user_words(at)
    problems = []
    for where, text in screen_texts(at):
        if text in own:
            continue
        for token in SNAKE.findall(text) + KEY.findall(text) + RAW_VALUES.findall(text):
            if token not in own:
                problems.append((where, token, text[:90]))
        if lang == "zh":
            for word in ENGLISH.findall(text):
                if word not in PROPER and word not in own:
                    problems.append((where, word, text[:90]))
    problems += [("table", "0-based index", ", ".join(h[:3])) for h, _, shown in shown_tables(at) if shown]
    assert problems == []
    assert unformatted(at) == []


def unformatted(at) -> list[tuple[str, str]]:
    """(table, column) of every table column that does not follow the shared rule (ui.widgets.table):
    a number column without a format of its own (Streamlit's default writes 11683 and 72.5 / 36.19
    / 100 in one column), a first column that is not pinned while the index is hidden (it would
    scroll out of sight in a wide table)."""
    out = []
    for element in at.dataframe:
        frame: pd.DataFrame = element.value
        config = json.loads(element.proto.columns or "{}")
        shown = [c for c in frame.columns if not config.get(str(c), {}).get("hidden")]
        order = list(element.proto.column_order) or shown
        first = next((c for c in order if c in shown), None)
        if config.get("_index", {}).get("hidden", True) is not False and first is not None \
                and not config.get(str(first), {}).get("pinned"):
            out.append((str(first), "first column not pinned"))
        for column in shown:
            values = frame[column]
            if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values) \
                    and not config.get(str(column), {}).get("type_config", {}).get("format"):
                out.append((str(column), "number without a format"))
    return out
