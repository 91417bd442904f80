"""Number and time formats of a chart in the reader's language: Vega's format locales (the d3
definitions), set on the chart's config so axes, tooltips and exported images all follow it.
English needs nothing (Vega's default is en-US); Chinese gets d3's zh-CN month, weekday and
number conventions ("三月", "周一")."""
from __future__ import annotations

import copy

import altair as alt

# d3-time-format's and d3-format's zh-CN locale definitions
ZH_TIME = {
    "dateTime": "%x %A %X",
    "date": "%Y/%-m/%-d",
    "time": "%H:%M:%S",
    "periods": ["上午", "下午"],
    "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
    "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
    "months": ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
    "shortMonths": ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
}
ZH_NUMBER = {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["¥", ""]}
LOCALES = {"zh": {"number": ZH_NUMBER, "time": ZH_TIME}}


def locale_of(lang: str) -> dict | None:
    """The Vega format locale of `lang` (None: Vega's default, en-US)."""
    return LOCALES.get(lang)


def localised(chart, lang: str):
    """`chart` (an Altair chart or a Vega-Lite spec dict) with the format locale of `lang` in its
    config, the rest of its config kept; the original is not changed."""
    locale = locale_of(lang)
    if locale is None:
        return chart
    if isinstance(chart, dict):
        spec = copy.copy(chart)
        spec["config"] = {**spec.get("config", {}), "locale": locale}
        return spec
    out = chart.copy(deep=False)
    config = out.config if isinstance(out.config, alt.Config) else alt.Config()
    config = config.copy(deep=False)
    config.locale = alt.Locale(**locale)
    out.config = config
    return out


def axis_title(title: str, unit: str, lang: str = "en") -> str:
    """An axis title with its unit in brackets (full-width in Chinese), unless the title
    already ends in it ("CSAT %" stays "CSAT %", not "CSAT % (%)")."""
    end = title.rstrip()
    if not unit or end.endswith(unit) or end.endswith((f"({unit})", f"（{unit}）")):
        return title
    return f"{title}（{unit}）" if lang == "zh" else f"{title} ({unit})"
