"""Safe exports: no cell of ours ever reaches a spreadsheet as a live formula, no text from the
data is ever markup in an HTML page.

CSV (UTF-8 with BOM) for tables; for the report (analysis.report): an Excel workbook, one
self-contained HTML page with interactive charts that need no network, and PNG / SVG images of
a chart (vl-convert, with a CJK font so Chinese labels render)."""
from __future__ import annotations

import html as _html
import io
import json
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.formatting import (COEF, COUNT, DATE, DECIMAL, HOURS, MINUTES, P_VALUE, PCT, SHARE, WHEN,
                                 figure_text)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
    apostrophe, which Excel and LibreOffice show as plain text. Numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells are escaped (headers too)."""
    out = frame.copy()
    for column in out.columns:
        col = out[column]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            text = col.astype("str")
            risky = text.str.startswith(FORMULA_STARTS, na=False) & col.notna()
            if risky.any():
                out[column] = col.astype(object).where(~risky, "'" + text)
    out.columns = [escape_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM (so Excel shows Chinese correctly), formulas escaped."""
    return escape_formulas(frame).to_csv(index=False).encode("utf-8-sig")


def data_lang(ds) -> str:
    """The language the user's data speak: "zh" when most of the files' column headers carry
    Chinese characters (without headers to go by, most of the ticket labels: channels, categories,
    request types), else "en". The report and the command line's lines default to it."""
    from .schema import has_cjk
    headers = [str(c) for f in (getattr(ds, "files", None) or []) for c in (getattr(f, "columns", None) or [])]
    if headers:
        return "zh" if 2 * sum(map(has_cjk, headers)) > len(headers) else "en"
    tickets = getattr(ds, "tickets", None)
    if tickets is None:
        return "en"
    labels = [str(v) for c in ("channel", "category", "request_type", "priority") if c in tickets.columns
              for v in pd.unique(tickets[c].dropna().astype(str))]
    return "zh" if labels and 2 * sum(map(has_cjk, labels)) > len(labels) else "en"


# --- the report as files: Excel workbook, self-contained HTML, PNG / SVG per chart -------------
# (analysis.report builds the content; these functions only lay it out.)
SHEET_NAME_MAX = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
MAX_HTML_TABLE_ROWS = 200      # a table in the HTML report shows its first rows; the workbook has all
CJK_FONT = "Noto Sans CJK SC"
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")
STATIC_WIDTH = 640             # "container" width has no meaning outside a page: images use this


def spec_of(chart: object) -> dict:
    """A chart's Vega-Lite spec as a dict (Altair charts and finished dicts alike), without the
    $schema URL so nothing in an export points at the network."""
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)   # the builders are tested
    spec = json.loads(json.dumps(spec, default=str))
    spec.pop("$schema", None)
    return spec


def _cell_value(value: object) -> object:
    """A value openpyxl can store as data (never a formula): text escaped, NaN/NA as empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, (datetime, date, int)):
        return value
    if isinstance(value, (dict, list, tuple)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return escape_cell(str(value))


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of []:*?/\\) for `title`."""
    base = _SHEET_BAD.sub(" ", str(title)).strip().strip("'") or "Sheet"
    base = base[:SHEET_NAME_MAX]
    name, i = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({i})"
        name = base[:SHEET_NAME_MAX - len(suffix)] + suffix
        i += 1
    taken.add(name)
    return name


# --- the workbook: formats, headers from the catalogue, native charts -------------------------
# What a column holds decides its number format; its header (from i18n/workbook.py) names the unit.
# the kinds and their decimals are analysis.formatting's, as on the pages and in the HTML report
NUMBER_FORMATS = {COUNT: "#,##0", PCT: "0.0", SHARE: "0.0%", MINUTES: "#,##0.0", HOURS: "#,##0.0",
                  P_VALUE: "0.000", COEF: "0.000", DECIMAL: "#,##0.00", DATE: "yyyy-mm-dd",
                  WHEN: "yyyy-mm-dd hh:mm"}
COLUMN_KINDS = {
    "tickets": COUNT, "n": COUNT, "count": COUNT, "csat_n": COUNT, "response_n": COUNT, "resolution_n": COUNT,
    "frt_n": COUNT, "handle_n": COUNT, "fcr_n": COUNT, "csat_rank": COUNT, "min_n": COUNT, "partial_n": COUNT,
    "projected_n": COUNT, "rows_in": COUNT, "censored": COUNT,
    "csat_ci_low": PCT, "csat_ci_high": PCT, "current_value": PCT, "previous_value": PCT,
    "share": SHARE, "cum_share": SHARE, "progress": SHARE,
    "p": P_VALUE, "p_adj": P_VALUE, "p_value": P_VALUE,
    "r": COEF, "ci_low": COEF, "ci_high": COEF, "coef": COEF, "importance": COEF, "effect_size": COEF,
    "vif": DECIMAL,
}
TABLE_KINDS = {   # (table, column): where a table's column means something else than elsewhere
    ("periods", "value"): PCT, ("periods", "ci_low"): PCT, ("periods", "ci_high"): PCT,
    ("comparisons", "change"): PCT,
}
# tables whose figures carry their unit per row: (the row's unit column, the columns it applies to)
ROW_UNITS = {
    "kpis": ("unit", ("value", "mean", "median", "p90", "value_solved")),
    "goals": ("unit", ("target", "baseline", "current", "projected", "projected_low", "projected_high")),
    "whatif": ("figure", ("now", "scenario", "low", "high", "change", "change_low", "change_high")),
    "whatif_goals": ("metric", ("target", "current", "predicted", "low", "high")),
}
UNIT_KINDS = {"%": PCT, "points": DECIMAL, "min": MINUTES, "h": HOURS, "tickets": COUNT, "count": COUNT}
# the columns a reader needs, in reading order (other tables: every column)
TABLE_COLUMNS = {
    "kpis": ("metric", "value", "unit", "n", "mean", "median", "p90", "value_solved", "censored", "not_reached",
             "excluded"),
    "goals": ("name", "metric", "direction", "target", "baseline", "unit", "grain", "current_period", "current",
              "n", "deadline_period", "projected", "projected_low", "projected_high", "status", "problem"),
    "importance": ("driver", "importance", "ci_low", "ci_high", "share", "vif", "high_vif"),
    "whatif_goals": ("goal", "metric", "direction", "target", "current", "predicted", "low", "high", "verdict_text"),
    "definitions": ("metric", "unit", "kind", "higher_is_better", "definition"),
}
# values that are codes: the catalogue prefix that names them ("kind" differs by table)
VALUE_KEYS = {"unit": ("xlsx.unit.",), "direction": ("goals_page.f.direction.",), "grain": ("periods.grain.",),
              "status": ("report.status.",), "against": ("periods.against.",), "test": ("periods.test.",),
              "figure": ("xlsx.figure.",), "priority": ("sla.tier.",),
              "driver": ("report.driver.", "drivers_page_measure_"), "problem": ("drivers_problem_",),
              "metric": ("overview.kpi.", "periods_page.kpi.")}
TABLE_VALUE_KEYS = {("quality", "kind"): ("quality.kind.",), ("definitions", "kind"): ("xlsx.metric_kind.",)}
# native charts beside the tables the app draws: (type, category column, series, series on a 2nd axis)
CHARTS = {
    "trend": ("line", "period", ("tickets",), ("csat_pct",)),
    "channels": ("bar", "channel", ("tickets",), ()),
    "sla": ("bar", "priority", ("response_met_pct", "resolution_met_pct"), ()),
    "agents": ("barh", "agent", ("csat_pct",), ()),
    "correlations": ("barh", "driver", ("r",), ()),
    "importance": ("barh", "driver", ("share",), ()),
    "pareto": ("bar", "cause", ("count",), ("cum_share",)),
    "periods": ("line", "period", ("value",), ()),
}
CHART_WIDTH_CM, CHART_HEIGHT_CM, ROW_CM = 16.0, 7.5, 0.53
MIN_WIDTH, MAX_WIDTH = 6, 60
_SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
# what a wrapped header cannot break: a word, or one Chinese character (lines break between them)
_UNBREAKABLE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+")


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet cell: CJK and other wide characters count double."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def name_kind(name: str) -> str | None:
    """The meaning of a column from its name alone (tables the registry does not list)."""
    name = str(name)
    if name in COLUMN_KINDS:
        return COLUMN_KINDS[name]
    for suffix, kind in (("_pct", PCT), ("_min", MINUTES), ("_h", HOURS), ("_n", COUNT), ("_share", SHARE)):
        if name.endswith(suffix):
            return kind
    return None


def column_label(table: str, column: str, lang: str) -> str:
    """The header of `column` of report table `table`: the catalogue's, never a field key (a name
    the catalogue does not know is written as words: "first_reply" → "First reply")."""
    from i18n import t
    for key in (f"xlsx.col.{table}.{column}", f"xlsx.col.{column}"):
        text = t(key, lang)
        if text != key:
            return text
    column = str(column)
    return column.replace("_", " ").capitalize() if _SNAKE.match(column) else column


def _lookup(prefixes: tuple[str, ...], value: object, lang: str) -> object:
    from i18n import t
    if not isinstance(value, str):
        return value
    for prefix in prefixes:
        text = t(prefix + value, lang)
        if text != prefix + value:
            return text
    return value


def _goal_names(lang: str) -> dict[str, str]:
    """The default goals' English names → their names in `lang` (the goals table keeps English)."""
    from i18n import catalogue
    return {en: (zh if lang == "zh" else en) for key, (en, zh) in catalogue().items()
            if key.startswith("periods.goal.default.")}


def _definition_zh(key: str, definition: str) -> str:
    """A metric's definition in Chinese from the catalogue, unless the catalogue's English and the
    registry's definition both give numbers and they differ (another scale than 1–5): then the
    registry's own text, which is right for the data."""
    from i18n import catalogue
    pair = catalogue().get(f"overview.def.{key}")
    if pair is None:
        return definition
    en, zh = pair
    if "{days}" in en:
        days = re.search(r"(\d+(?:\.\d+)?) days", str(definition))
        if days is None:
            return definition
        en, zh = en.format(days=days.group(1)), zh.format(days=days.group(1))

    def numbers(text: str) -> set[str]:
        return set(re.findall(r"\d+(?:\.\d+)?", str(text)))
    said, meant = numbers(en), numbers(definition)
    return definition if said and meant and said != meant else zh      # e.g. a 1–10 scale: keep the registry's


def _row_kind(value: object) -> str:
    if isinstance(value, str):
        return UNIT_KINDS.get(value) or name_kind(value) or DECIMAL
    return DECIMAL


def workbook_table(frame: pd.DataFrame, table: str, lang: str) -> tuple[pd.DataFrame, list[object]]:
    """The report table as the workbook shows it: the reader's columns, coded values in words, yes/no
    for flags, headers from the catalogue; with each column's format kind (a list per row where the
    unit changes from row to row, None for text)."""
    from i18n import t
    names = list(frame.columns)
    wanted = TABLE_COLUMNS.get(table)
    # positions, so a table with two columns of one name (a pinned pivot) is written as it is
    positions = [names.index(c) for c in wanted if c in names] if wanted else list(range(len(names)))
    keep = [names[j] for j in positions]
    if table == "definitions" and lang == "zh" and "key" in frame.columns:
        frame = frame.copy()
        frame["definition"] = [_definition_zh(k, d) for k, d in zip(frame["key"], frame["definition"])]
    unit_of = ROW_UNITS.get(table)
    row_kinds = [_row_kind(v) for v in frame[unit_of[0]]] if unit_of and unit_of[0] in frame.columns else None
    shown: list[pd.Series] = []
    kinds: list[object] = []
    yes, no = t("xlsx.yes", lang), t("xlsx.no", lang)
    goal_names = _goal_names(lang)
    for j, column in zip(positions, keep):
        col = frame.iloc[:, j]
        if pd.api.types.is_bool_dtype(col):
            shown.append(col.astype(object).map({True: yes, False: no}))
            kinds.append(None)
            continue
        if pd.api.types.is_datetime64_any_dtype(col):
            shown.append(col)
            times = col.dropna()
            kinds.append(DATE if (times == times.dt.normalize()).all() else WHEN)
            continue
        if pd.api.types.is_numeric_dtype(col):
            shown.append(col)
            if row_kinds is not None and column in unit_of[1]:
                kinds.append(row_kinds)
            else:
                kind = TABLE_KINDS.get((table, column)) or name_kind(column) or DECIMAL
                if kind == DECIMAL and pd.api.types.is_integer_dtype(col):
                    kind = COUNT
                if column == "weight":
                    values = col.dropna().to_numpy(dtype=float)
                    kind = COUNT if np.all(values == np.round(values)) else DECIMAL
                kinds.append(kind)
            continue
        prefixes = TABLE_VALUE_KEYS.get((table, column)) or VALUE_KEYS.get(column)
        values = col.astype(object)
        if prefixes:
            distinct = {v: _lookup(prefixes, v, lang) for v in pd.unique(values.dropna())}
            values = values.map(lambda v: distinct.get(v, v) if isinstance(v, str) else v)
        if column in ("name", "goal"):
            values = values.map(lambda v: goal_names.get(v, v) if isinstance(v, str) else v)
        shown.append(values)
        kinds.append(None)
    out = pd.DataFrame({i: s.reset_index(drop=True) for i, s in enumerate(shown)}, index=range(len(frame)))
    out.columns = [column_label(table, c, lang) for c in keep]
    return out, kinds


def _shown(value: object, fmt: str | None) -> str:
    """Roughly the text Excel shows for `value` under number format `fmt` (for column widths)."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return "0000-00-00 00:00" if fmt == NUMBER_FORMATS[WHEN] else "0000-00-00"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if fmt == NUMBER_FORMATS[SHARE]:
        return f"{value * 100:.1f}%"
    decimals = {"#,##0": 0, "0.0": 1, "#,##0.0": 1, "0.000": 3, "#,##0.00": 2}.get(fmt or "", 2)
    return f"{value:,.{decimals}f}"


class _Sheet:
    """A worksheet being written: rows from the top, the widest text of each column so far."""

    def __init__(self, ws):
        self.ws = ws
        self.row = 1
        self.widths: dict[int, int] = {}

    def put(self, col: int, value: object, fmt: str | None = None, bold: bool = False, measure: bool = True):
        from openpyxl.styles import Font
        cell = self.ws.cell(row=self.row, column=col, value=_cell_value(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"          # text stays text even if a spreadsheet would guess otherwise
        elif fmt and cell.value is not None:
            cell.number_format = fmt
        if bold:
            cell.font = Font(bold=True)
        if measure:
            width = display_width(_shown(cell.value, fmt))
            self.widths[col] = max(self.widths.get(col, 0), width)
        return cell

    def line(self, values: list, bold: bool = False, measure: bool = False) -> None:
        """A line of prose or labels (prose spills into the empty cells beside; not measured)."""
        for col, value in enumerate(values, start=1):
            self.put(col, value, bold=bold, measure=measure)
        self.row += 1

    def headers(self, names: list[str]) -> None:
        """A table's header row, after its data: a header wraps onto lines rather than widen
        its column past the data beneath (up to its longest word), the row as tall as it needs."""
        from openpyxl.styles import Alignment
        lines = 1
        for col, name in enumerate(names, start=1):
            cell = self.put(col, name, bold=True, measure=False)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            text = display_width(name)
            longest = max((display_width(w) for w in _UNBREAKABLE.findall(name)), default=0)
            width = max(self.widths.get(col, 0), min(text, max(12, longest)))
            self.widths[col] = width
            lines = max(lines, int(np.ceil(text / max(1, min(MAX_WIDTH, width)))))
        if lines > 1:
            self.ws.row_dimensions[self.row].height = 15 * lines
        self.row += 1

    def skip(self, n: int = 1) -> None:
        self.row += n

    def fit(self) -> None:
        from openpyxl.utils import get_column_letter
        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))


def _p_cell(value: object) -> object:
    """A p-value cell: the number (0.000) unless it is below 0.001, then the text "< 0.001"."""
    from analysis.formatting import P_FLOOR, p_text
    v = _cell_value(value)
    if isinstance(v, float) and v < P_FLOOR:
        return p_text(v)
    return v


def _write_table(sheet: _Sheet, title: str | None, frame: pd.DataFrame, table: str, lang: str) -> None:
    """Title, headers and rows of a report table, each column in its format, with its native
    chart to the right when the app draws one (the chart reads the cells just written)."""
    shown, kinds = workbook_table(frame, table, lang)
    if title:
        sheet.line([title], bold=True)
    start = sheet.row
    headers = [escape_cell(str(h)) for h in shown.columns]
    columns = [shown.iloc[:, j].tolist() for j in range(shown.shape[1])]
    for i in range(len(shown)):
        sheet.row = start + 1 + i
        for col, (values, kind) in enumerate(zip(columns, kinds), start=1):
            k = kind[i] if isinstance(kind, list) else kind
            value = _p_cell(values[i]) if k == P_VALUE else values[i]
            fmt = NUMBER_FORMATS.get(k) if k else None
            if k == COEF and isinstance(value, float) and 0 < abs(value) < 0.001:
                fmt = "0.00E+00"          # a slope per minute: three decimals would show 0.000
            sheet.put(col, value, fmt)
    sheet.row = start
    sheet.headers(headers)
    chart = _chart(sheet.ws, table, frame, shown, kinds, start, lang, title)
    rows_used = 1 + len(shown)
    if chart is not None:
        sheet.ws.add_chart(chart, f"{_col_letter(len(shown.columns) + 2)}{start}")
        rows_used = max(rows_used, int(np.ceil(chart.height / ROW_CM)) + 1)
    sheet.row = start + rows_used + 1


def _col_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


def _chart(ws, table: str, frame: pd.DataFrame, shown: pd.DataFrame, kinds: list, header_row: int, lang: str,
           title: str | None):
    """The table's native Excel chart (openpyxl BarChart / LineChart) on its own cells, or None."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    spec = CHARTS.get(table)
    if spec is None or shown.empty:
        return None
    kind, category, series, secondary = spec
    names = [c for c in TABLE_COLUMNS.get(table, frame.columns) if c in frame.columns]
    if category not in names or not any(s in names for s in series):
        return None
    last = header_row + len(shown)

    def ref(column: str) -> Reference:
        col = names.index(column) + 1
        return Reference(ws, min_col=col, min_row=header_row, max_row=last)

    def fmt(column: str) -> str:
        k = kinds[names.index(column)]
        return NUMBER_FORMATS.get(k if isinstance(k, str) else DECIMAL, "General")

    cats = Reference(ws, min_col=names.index(category) + 1, min_row=header_row + 1, max_row=last)
    main = LineChart() if kind == "line" else BarChart()
    if kind == "barh":
        main.type = "bar"
        main.x_axis.scaling.orientation = "maxMin"      # the table's first row on top, as in the app
    elif kind == "bar":
        main.type = "col"
    for s in series:
        if s in names:
            main.add_data(ref(s), titles_from_data=True)
    main.set_categories(cats)
    if not pd.api.types.is_datetime64_any_dtype(frame[category]):
        for s in main.series:              # text labels: a string reference, so Excel shows the names
            s.cat = AxDataSource(strRef=StrRef(f=s.cat.numRef.f))
    main.title = title
    main.y_axis.title = ", ".join(shown.columns[names.index(s)] for s in series if s in names)
    main.x_axis.title = shown.columns[names.index(category)]
    main.y_axis.number_format = fmt(next(s for s in series if s in names))
    main.y_axis.majorGridlines = None if kind == "barh" else main.y_axis.majorGridlines
    main.x_axis.delete = False
    main.y_axis.delete = False
    main.x_axis.axPos, main.y_axis.axPos = ("l", "b") if kind == "barh" else ("b", "l")
    if kind == "line" and pd.api.types.is_datetime64_any_dtype(frame[category]):
        main.x_axis.number_format = NUMBER_FORMATS[DATE]
    extra = [s for s in secondary if s in names]
    if extra:
        line = LineChart()
        for s in extra:
            line.add_data(ref(s), titles_from_data=True)
        line.y_axis.axId = 200
        line.y_axis.title = ", ".join(shown.columns[names.index(s)] for s in extra)
        line.y_axis.number_format = fmt(extra[0])
        line.y_axis.crosses = "max"
        line.y_axis.axPos = "r"
        line.y_axis.majorGridlines = None
        line.y_axis.delete = False
        main += line
    main.legend.position = "b"
    main.width = CHART_WIDTH_CM
    main.height = max(CHART_HEIGHT_CM, 0.5 * len(shown) + 2.5) if kind == "barh" else CHART_HEIGHT_CM
    return main


def _table_title(name: str, lang: str) -> str:
    from i18n import t
    label = t(f"report.table.{name}", lang)
    return name if label == f"report.table.{name}" else label


def _day(value: object) -> str:
    return "–" if value is None else str(pd.Timestamp(value).date())


def workbook_bytes(report) -> bytes:
    """The report as an .xlsx workbook a manager can forward: a cover sheet (title, period, data,
    tickets and responses, when it was generated, the filters, then the story in sentences), one
    sheet per section with its tables, each beside a native Excel chart where the app draws one,
    then the data quality report, the metric definitions and the filters in force. Headers come
    from the catalogue in the report's language, numbers keep their values with a format for their
    meaning (counts #,##0; percent points 0.0 under a "(%)" header; shares 0.0 %; times with their
    unit in the header; p-values 0.000, "< 0.001" below; dates yyyy-mm-dd), columns are as wide as
    their content. No cell is a formula: text that starts like one is escaped with a leading
    apostrophe (:func:`escape_cell`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from i18n import t
    lang = report.lang
    wb = Workbook()
    taken: set[str] = set()
    cover = _Sheet(wb.active)
    cover.ws.title = sheet_name(t("report.sheet.summary", lang), taken)
    cover.put(1, report.title, measure=False).font = Font(bold=True, size=16)
    cover.skip(2)
    first, last = getattr(report, "period", (None, None)) or (None, None)
    facts = []
    if first is not None or last is not None:
        facts.append(("xlsx.cover.period", t("xlsx.cover.period_value", lang, start=_day(first), end=_day(last)), None))
    facts.append(("xlsx.cover.dataset", report.dataset_name, None))
    if report.n_tickets or report.n_responses:
        facts.append(("xlsx.cover.tickets", report.n_tickets, NUMBER_FORMATS[COUNT]))
        facts.append(("xlsx.cover.responses", report.n_responses, NUMBER_FORMATS[COUNT]))
    facts.append(("xlsx.cover.generated", pd.Timestamp(report.generated), NUMBER_FORMATS[WHEN]))
    for key, value, fmt in facts:
        cover.put(1, t(key, lang), bold=True)
        cover.put(2, value, fmt)
        cover.skip()
    cover.put(1, t("xlsx.cover.filters", lang), bold=True)
    if report.filters:
        for label, value in report.filters.items():
            cover.put(2, label)
            cover.put(3, value)
            cover.skip()
    else:
        cover.put(2, t("report.no_filters", lang))
        cover.skip()
    cover.skip()
    for sec in report.sections:
        cover.line([sec.title], bold=True)
        for line in [*sec.narrative, *sec.notes]:
            cover.line([line])
        if sec.problem:
            cover.line([t("report.problem", lang, why=sec.problem)])
        cover.skip()
    cover.fit()
    for sec in report.sections:
        sheet = _Sheet(wb.create_sheet(sheet_name(sec.sheet or sec.title, taken)))
        sheet.line([sec.title], bold=True)
        for line in [*sec.narrative, *sec.notes]:
            sheet.line([line])
        if sec.problem:
            sheet.line([t("report.problem", lang, why=sec.problem)])
        sheet.skip()
        for name, table in sec.tables.items():
            _write_table(sheet, _table_title(name, lang), table, name, lang)
        sheet.fit()
    sheet = _Sheet(wb.create_sheet(sheet_name(t("report.sheet.quality", lang), taken)))
    if report.quality is None or report.quality.empty:
        sheet.line([t("report.no_quality_issues", lang)])
    else:
        _write_table(sheet, None, report.quality, "quality", lang)
    sheet.fit()
    sheet = _Sheet(wb.create_sheet(sheet_name(t("report.sheet.definitions", lang), taken)))
    _write_table(sheet, None, report.definitions, "definitions", lang)
    sheet.fit()
    sheet = _Sheet(wb.create_sheet(sheet_name(t("report.sheet.filters", lang), taken)))
    rows = pd.DataFrame({"filter": list(report.filters), "value": list(report.filters.values())}, dtype=object)
    _write_table(sheet, None, rows, "filters", lang)
    sheet.fit()
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- HTML ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script (vl-convert's bundle; no network needed)."""
    import vl_convert
    # "</script" inside the bundle would end our <script> element early
    return vl_convert.javascript_bundle().replace("</script", "<\\/script")


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: <, >, & and the JS line separators as \\u escapes, so
    user text such as "</script><script>…" in the data stays a string."""
    text = json.dumps(value, ensure_ascii=False, default=str, allow_nan=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                       ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def _clean_nan(node: object) -> object:
    if isinstance(node, dict):
        return {k: _clean_nan(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_clean_nan(v) for v in node]
    if isinstance(node, float) and not np.isfinite(node):
        return None
    return node


def _text(value: object) -> str:
    """User or catalogue text as HTML: escaped, then **bold** (the catalogue's only markup) restored."""
    escaped = _html.escape(str(value), quote=True)
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)


def html_value(value: object, kind: str | None) -> str:
    """A cell of a report table as the HTML page writes it, by the column's meaning (the
    workbook's kinds): 30,000 · 80.6 · 31.3 % · 5.8 · 0.172 / < 0.001 · 2024-01-01."""
    v = _cell_value(value)
    if v is None:
        return ""
    if isinstance(v, (datetime, date)):
        return str(v.date() if kind == DATE and isinstance(v, datetime) else v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    return figure_text(v, kind)


def _html_table(frame: pd.DataFrame, table: str | None = None, lang: str = "en") -> str:
    """A table of the page; a report table (`table` named) as the workbook shows it: headers from
    the catalogue, coded values in words, numbers written by their meaning."""
    if table is not None:
        frame, kinds = workbook_table(frame, table, lang)
    else:
        kinds = [None] * frame.shape[1]
    shown = frame.head(MAX_HTML_TABLE_ROWS)
    head = "".join(f"<th>{_html.escape(str(c))}</th>" for c in shown.columns)
    body = []
    for i, values in enumerate(shown.itertuples(index=False, name=None)):
        cells = []
        for v, kind in zip(values, kinds):
            k = kind[i] if isinstance(kind, list) else kind
            cells.append(f"<td>{_html.escape(html_value(v, k))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = "" if len(frame) <= len(shown) else f"<p class='more'>… {len(frame) - len(shown):,} more rows</p>"
    return f"<div class='table'><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}</div>"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
     margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:2rem} h2{border-bottom:2px solid #4c78a8;padding-bottom:.2rem;margin-top:2.5rem}
.meta{color:#666} .chart{margin:1rem 0;min-height:80px;width:100%} .problem{color:#a33}
.table{overflow-x:auto;margin:.5rem 0 1.5rem} table{border-collapse:collapse;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left} th{background:#f3f5f8}
details{background:#f7f9fc;padding:.5rem 1rem;border-radius:6px;margin:.5rem 0} .note{border-left:4px solid #f2b701;padding-left:.8rem}
nav ol{columns:2}
"""


def report_html(report) -> str:
    """The report as one self-contained HTML document: the narrative, the filters, each chart
    interactive (Vega-Embed from the bundled script: no internet needed, no external reference),
    the tables behind the charts (first rows) and the data quality report. Every piece of text
    from the data or the user is HTML-escaped; chart specs are embedded as script-safe JSON."""
    from charts.locale import localised
    from i18n import t
    lang = report.lang
    specs: dict[str, dict] = {}
    parts = [f"<h1>{_text(report.title)}</h1>",
             f"<p class='meta'>{_text(t('report.generated', lang, when=str(report.generated), name=report.dataset_name))}</p>",
             f"<h2>{_text(t('report.filters', lang))}</h2>"]
    if report.filters:
        parts.append(_html_table(pd.DataFrame({t("report.col.filter", lang): list(report.filters),
                                               t("report.col.value", lang): list(report.filters.values())})))
    else:
        parts.append(f"<p>{_text(t('report.no_filters', lang))}</p>")
    parts.append(f"<nav><h2>{_text(t('report.contents', lang))}</h2><ol>"
                 + "".join(f"<li><a href='#section-{i}'>{_text(s.title)}</a></li>" for i, s in enumerate(report.sections))
                 + "</ol></nav>")
    for i, sec in enumerate(report.sections):
        parts.append(f"<section id='section-{i}'><h2>{_text(sec.title)}</h2>")
        parts.extend(f"<p>{_text(line)}</p>" for line in sec.narrative)
        parts.extend(f"<p class='note'>{_text(line)}</p>" for line in sec.notes)
        if sec.problem:
            parts.append(f"<p class='problem'>{_text(t('report.problem', lang, why=sec.problem))}</p>")
        if sec.explainer:
            parts.append(f"<details><summary>{_text(t('report.how_to_read', lang))}</summary>"
                         f"<p>{_text(sec.explainer)}</p></details>")
        for name, chart in sec.charts.items():
            chart_id = f"chart-{len(specs)}"
            specs[chart_id] = _clean_nan(localised(spec_of(chart), lang))
            parts.append(f"<div class='chart' id='{chart_id}' data-name='{_html.escape(name, quote=True)}'></div>")
        for name, table in sec.tables.items():
            parts.append(f"<h3>{_text(_table_title(name, lang))}</h3>{_html_table(table, name, lang)}")
        parts.append("</section>")
    parts.append(f"<section><h2>{_text(t('report.sheet.quality', lang))}</h2>")
    parts.append(_html_table(report.quality, "quality", lang) if report.quality is not None and not report.quality.empty
                 else f"<p>{_text(t('report.no_quality_issues', lang))}</p>")
    parts.append("</section>")
    embed = ("const specs = " + script_json(specs) + ";\n"
             "for (const [id, spec] of Object.entries(specs)) {\n"
             "  vegaEmbed('#' + id, spec, {renderer: 'svg', actions: false})\n"
             "    .catch(err => console.error('chart ' + id + ': ' + err));\n}\n")
    return ("<!DOCTYPE html>\n"
            f"<html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_text(report.title)}</title><style>{_CSS}</style>"
            f"<script>{vega_bundle()}</script></head><body>\n"
            + "\n".join(parts)
            + f"\n<script>{embed}</script>\n</body></html>\n")


def report_html_bytes(report) -> bytes:
    return report_html(report).encode("utf-8")


# --- images -------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _register_fonts() -> None:
    import vl_convert
    for folder in FONT_DIRS:
        if Path(folder).is_dir():
            vl_convert.register_font_directory(folder)


def _static(node: object) -> object:
    if isinstance(node, dict):
        return {k: (STATIC_WIDTH if k == "width" and v == "container" else _static(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_static(v) for v in node]
    return node


def static_spec(chart: object) -> dict:
    """The spec for a picture: fixed width instead of "container", a font with Chinese glyphs."""
    spec = _clean_nan(_static(spec_of(chart)))
    config = spec.setdefault("config", {})
    config.setdefault("font", CJK_FONT)
    return spec


def chart_svg(chart: object) -> str:
    """The chart as an SVG document (text as text, Chinese included)."""
    import vl_convert
    _register_fonts()
    return vl_convert.vegalite_to_svg(static_spec(chart))


def chart_png(chart: object, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (`scale` × its size in pixels)."""
    import vl_convert
    _register_fonts()
    return vl_convert.vegalite_to_png(static_spec(chart), scale=scale)


def write_report(report, path: str | Path) -> Path:
    """Write the report to `path`: .xlsx (workbook) or .html (self-contained page)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        path.write_bytes(workbook_bytes(report))
    elif suffix in (".html", ".htm"):
        path.write_bytes(report_html_bytes(report))
    else:
        raise ValueError(f"{path.name}: the report is written as .xlsx or .html")
    return path
