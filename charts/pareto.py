"""Altair charts of the Root causes page: Pareto chart, small multiples, before/after, themes.

Every chart takes the already aggregated results of analysis/pareto.py (one row per cause), so
no chart carries more than a few hundred rows. The x order is always the result's own order
(`result.order`: descending weight, ties by name, Other last), passed explicitly to Altair so it
never falls back to its alphabetical default.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.pareto import PeriodComparison, ParetoResult, SkewTest, StratifiedPareto
from analysis.themes import TagResult
from i18n import t

VITAL_COLOR, MANY_COLOR, OTHER_COLOR, LINE_COLOR, CUT_COLOR = "#c0392b", "#7f8c8d", "#bdc3c7", "#2c3e50", "#e67e22"
BEFORE_COLOR, AFTER_COLOR = "#95a5a6", "#2980b9"
# Every cause named under its bar: Vega-Lite's default drops labels that would overlap (the English
# axis showed every other cause), so the labels turn instead, and a long one is cut at LABEL_LIMIT
# px with an ellipsis (the tooltip has it whole).
LABEL_ANGLE, LABEL_LIMIT = -40, 160


def _cause_axis(title: str | None = None) -> alt.Axis:
    """The x axis of causes: every label shown, turned, a long one cut at LABEL_LIMIT px."""
    return alt.Axis(title=title, labelAngle=LABEL_ANGLE, labelOverlap=False, labelLimit=LABEL_LIMIT)


def _groups(table: pd.DataFrame, lang: str) -> pd.Series:
    vital, many, other = (t("pareto.chart.vital_few", lang), t("pareto.chart.trivial_many", lang),
                          t("pareto.other", lang))
    return pd.Series(many, index=table.index).mask(table["vital_few"], vital).mask(
        table["is_other"] & ~table["vital_few"], other)


def _group_scale(lang: str) -> alt.Scale:
    return alt.Scale(domain=[t("pareto.chart.vital_few", lang), t("pareto.chart.trivial_many", lang),
                             t("pareto.other", lang)], range=[VITAL_COLOR, MANY_COLOR, OTHER_COLOR])


def _weight_title(weight: str, lang: str) -> str:
    title = t(f"pareto.weight.{weight}", lang)
    return weight if title == f"pareto.weight.{weight}" else title


def _message(text: str) -> alt.Chart:
    return alt.Chart(pd.DataFrame({"text": [text]})).mark_text(size=14).encode(text="text:N")


def pareto_chart(result: ParetoResult, lang: str = "en", title: str | None = None,
                 skew: SkewTest | None = None, width: int | str = "container", height: int = 320,
                 pick: str | None = None) -> alt.TopLevelMixin:
    """Bars of each cause's weight in display order (vital few highlighted, Other last and grey),
    the cumulative share as a line on a second (0–100 %) axis, and a dashed rule at the cut.

    With `skew` (a count Pareto without an Other row), each bar also shows Wilkinson's
    acceptance interval: the range its rank would take if all causes were equally likely.
    With `pick` (a parameter name), clicking a bar selects its cause (a point selection on the
    field "cause" under that name, for Streamlit's on_select)."""
    if result.problem or result.table.empty:
        return _message(result.problem or "no data")
    data = result.table.assign(group=_groups(result.table, lang))
    order = result.order
    x = alt.X("cause:N", sort=order, axis=_cause_axis(t("pareto.chart.cause", lang)))
    tooltip = [alt.Tooltip("cause:N", title=t("pareto.chart.cause", lang)), alt.Tooltip("count:Q"),
               alt.Tooltip("weight:Q", format=",.2f", title=_weight_title(result.weight, lang)),
               alt.Tooltip("share:Q", format=".1%", title=t("pareto.chart.share", lang)),
               alt.Tooltip("cum_share:Q", format=".1%", title=t("pareto.chart.cum_share", lang))]
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        x=x, y=alt.Y("weight:Q", title=_weight_title(result.weight, lang)),
        color=alt.Color("group:N", scale=_group_scale(lang), title=None), tooltip=tooltip)
    if pick:
        bars = bars.add_params(alt.selection_point(name=pick, fields=["cause"]))
    left = bars
    if skew is not None and result.weight == "count" and not result.table["is_other"].any() \
            and len(skew.ranks) == len(data):
        band = data[["cause"]].assign(lower=skew.ranks["lower"].to_numpy(), upper=skew.ranks["upper"].to_numpy())
        left = alt.layer(bars, alt.Chart(band).mark_errorbar(color=LINE_COLOR, thickness=1.5).encode(
            x=x, y=alt.Y("lower:Q", title=_weight_title(result.weight, lang)),
            y2="upper:Q"))
    share_axis = alt.Axis(format="%", title=t("pareto.chart.cum_share", lang))
    line = base.mark_line(point=True, color=LINE_COLOR).encode(
        x=x, y=alt.Y("cum_share:Q", axis=share_axis, scale=alt.Scale(domain=[0, 1])),
        tooltip=tooltip)
    rule = alt.Chart(pd.DataFrame({"cut": [result.cut]})).mark_rule(color=CUT_COLOR, strokeDash=[6, 4]).encode(
        y=alt.Y("cut:Q", scale=alt.Scale(domain=[0, 1]), axis=share_axis),
        tooltip=[alt.Tooltip("cut:Q", format=".0%", title=t("pareto.chart.cut", lang))])
    chart = alt.layer(left, alt.layer(line, rule)).resolve_scale(y="independent")
    return chart.properties(title=title or "", width=width, height=height)


def stratified_chart(strat: StratifiedPareto, lang: str = "en", columns: int = 3, width: int = 220,
                     height: int = 180) -> alt.FacetChart:
    """Small multiples, one panel per stratum, all in the overall cause order: bars of each
    cause's share within the stratum (own vital few highlighted), its cumulative-share line and
    the cut, on one 0–100 % axis so panels compare."""
    data = strat.table.assign(group=_groups(strat.table, lang))
    order = strat.order
    x = alt.X("cause:N", sort=order, axis=_cause_axis(t("pareto.chart.cause", lang)))
    y = alt.Y("share:Q", axis=alt.Axis(format="%", title=t("pareto.chart.share", lang)),
              scale=alt.Scale(domain=[0, 1]))
    tooltip = ["stratum:N", "cause:N", "count:Q", alt.Tooltip("share:Q", format=".1%"),
               alt.Tooltip("cum_share:Q", format=".1%")]
    bars = alt.Chart().mark_bar().encode(x=x, y=y, color=alt.Color("group:N", scale=_group_scale(lang), title=None),
                                         tooltip=tooltip)
    line = alt.Chart().mark_line(point=True, color=LINE_COLOR).encode(
        x=x, y=alt.Y("cum_share:Q", scale=alt.Scale(domain=[0, 1])))
    rule = alt.Chart().mark_rule(color=CUT_COLOR, strokeDash=[6, 4]).encode(y=alt.datum(strat.overall.cut))
    return alt.layer(bars, line, rule, data=data).properties(width=width, height=height).facet(
        facet=alt.Facet("stratum:N", title=t("pareto.chart.stratum", lang)), columns=columns)


def before_after_chart(comparison: PeriodComparison, lang: str = "en", width: int = 360,
                       height: int = 260) -> alt.HConcatChart:
    """Two periods side by side: each cause's share before and after (paired bars, pooled order),
    and beside it the change in share in percentage points (rise red, fall green)."""
    table = comparison.table
    order = table["cause"].tolist()
    before, after = t("pareto.chart.before", lang), t("pareto.chart.after", lang)
    long = pd.concat([
        pd.DataFrame({"cause": table["cause"], "period": before, "share": table["share_before"],
                      "count": table["count_before"]}),
        pd.DataFrame({"cause": table["cause"], "period": after, "share": table["share_after"],
                      "count": table["count_after"]}),
    ], ignore_index=True)
    x = alt.X("cause:N", sort=order, axis=_cause_axis(t("pareto.chart.cause", lang)))
    paired = alt.Chart(long).mark_bar().encode(
        x=x, xOffset=alt.XOffset("period:N", sort=[before, after]),
        y=alt.Y("share:Q", axis=alt.Axis(format="%", title=t("pareto.chart.share", lang))),
        color=alt.Color("period:N", sort=[before, after], title=t("pareto.chart.period", lang),
                        scale=alt.Scale(domain=[before, after], range=[BEFORE_COLOR, AFTER_COLOR])),
        tooltip=["cause:N", "period:N", "count:Q", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=width, height=height)
    change = table[["cause", "change"]].assign(points=table["change"] * 100, rise=table["change"] > 0)
    delta = alt.Chart(change).mark_bar().encode(
        x=x, y=alt.Y("points:Q", title=t("pareto.chart.change", lang)),
        color=alt.Color("rise:N", scale=alt.Scale(domain=[True, False], range=[VITAL_COLOR, "#27ae60"]),
                        legend=None),
        tooltip=["cause:N", alt.Tooltip("points:Q", format="+.1f")],
    ).properties(width=width, height=height)
    return alt.hconcat(paired, delta).resolve_scale(color="independent")


def theme_counts_chart(tags: TagResult, lang: str = "en", width: int | str = "container") -> alt.Chart:
    """Horizontal bars: how many texts each theme caught (share of non-empty texts in the tooltip)."""
    table = tags.table()
    return alt.Chart(table).mark_bar(color=AFTER_COLOR).encode(
        # every theme named (no label dropped for overlap), a long name cut at LABEL_LIMIT px
        y=alt.Y("label:N", sort=table["label"].tolist(), title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=LABEL_LIMIT)),
        x=alt.X("texts:Q"),
        tooltip=["label:N", "texts:Q", alt.Tooltip("share_of_texts:Q", format=".1%")],
    ).properties(width=width)
