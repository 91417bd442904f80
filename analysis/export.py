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


def _write(ws, row: int, values: list, bold: bool = False) -> int:
    from openpyxl.styles import Font
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=_cell_value(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"          # text stays text even if a spreadsheet would guess otherwise
        if bold:
            cell.font = Font(bold=True)
    return row + 1


def _write_table(ws, row: int, title: str | None, frame: pd.DataFrame) -> int:
    if title:
        row = _write(ws, row, [title], bold=True)
    row = _write(ws, row, [str(c) for c in frame.columns], bold=True)
    for values in frame.itertuples(index=False, name=None):
        row = _write(ws, row, list(values))
    return row + 1


def _table_title(name: str, lang: str) -> str:
    from i18n import t
    label = t(f"report.table.{name}", lang)
    return name if label == f"report.table.{name}" else label


def workbook_bytes(report) -> bytes:
    """The report as an .xlsx workbook: a summary sheet (title, filters, narrative, notes), one
    sheet per section with the tables behind its charts, then the data quality report, the
    metric definitions and the filters in force. No cell is a formula: text that starts like
    one is escaped with a leading apostrophe (:func:`escape_cell`)."""
    from openpyxl import Workbook

    from i18n import t
    lang = report.lang
    wb = Workbook()
    taken: set[str] = set()
    ws = wb.active
    ws.title = sheet_name(t("report.sheet.summary", lang), taken)
    row = _write(ws, 1, [report.title], bold=True)
    row = _write(ws, row, [t("report.generated", lang, when=str(report.generated), name=report.dataset_name)])
    row = _write(ws, row, [t("report.filters", lang)], bold=True)
    for label, value in (report.filters or {}).items():
        row = _write(ws, row, [label, value])
    if not report.filters:
        row = _write(ws, row, [t("report.no_filters", lang)])
    row += 1
    for sec in report.sections:
        row = _write(ws, row, [sec.title], bold=True)
        for line in [*sec.narrative, *sec.notes]:
            row = _write(ws, row, [line])
        if sec.problem:
            row = _write(ws, row, [t("report.problem", lang, why=sec.problem)])
        row += 1
    ws.column_dimensions["A"].width = 90
    for sec in report.sections:
        ws = wb.create_sheet(sheet_name(sec.sheet or sec.title, taken))
        row = _write(ws, 1, [sec.title], bold=True)
        for line in [*sec.narrative, *sec.notes]:
            row = _write(ws, row, [line])
        if sec.problem:
            row = _write(ws, row, [t("report.problem", lang, why=sec.problem)])
        row += 1
        for name, table in sec.tables.items():
            row = _write_table(ws, row, _table_title(name, lang), table)
    ws = wb.create_sheet(sheet_name(t("report.sheet.quality", lang), taken))
    if report.quality is None or report.quality.empty:
        _write(ws, 1, [t("report.no_quality_issues", lang)])
    else:
        _write_table(ws, 1, None, report.quality)
    ws = wb.create_sheet(sheet_name(t("report.sheet.definitions", lang), taken))
    _write_table(ws, 1, None, report.definitions)
    ws = wb.create_sheet(sheet_name(t("report.sheet.filters", lang), taken))
    rows = pd.DataFrame({t("report.col.filter", lang): list(report.filters),
                         t("report.col.value", lang): list(report.filters.values())})
    _write_table(ws, 1, None, rows)
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


def _html_table(frame: pd.DataFrame) -> str:
    shown = frame.head(MAX_HTML_TABLE_ROWS)
    head = "".join(f"<th>{_html.escape(str(c))}</th>" for c in shown.columns)
    body = []
    for values in shown.itertuples(index=False, name=None):
        cells = []
        for v in values:
            v = _cell_value(v)
            if isinstance(v, float):
                v = f"{v:,.4g}" if abs(v) < 1e6 else f"{v:,.0f}"
            cells.append(f"<td>{_html.escape('' if v is None else str(v))}</td>")
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
            parts.append(f"<h3>{_text(_table_title(name, lang))}</h3>{_html_table(table)}")
        parts.append("</section>")
    parts.append(f"<section><h2>{_text(t('report.sheet.quality', lang))}</h2>")
    parts.append(_html_table(report.quality) if report.quality is not None and not report.quality.empty
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
