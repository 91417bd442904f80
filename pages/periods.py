"""Period comparison page: a metric per period with its interval, the latest period against the
previous one and the same period last year (right test, effect size, "too small to say"),
segments compared at once (Holm), the mix-adjusted change of CSAT % and the control charts."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import control, goals as goals_mod, mix, periods, quality
from analysis import formatting as F
from analysis.formatting import p_phrase, p_text, signed
from analysis.metrics import METRICS
from charts import periods as period_charts
from ui import cache, cards, goalbook, state, widgets
from ui.cache import memo
from ui.text import plain

tr = state.tr
SEGMENT_CANDIDATES = ["channel", "priority", "request_type", "category", "customer_type", "agent"]
MIX_CANDIDATES = ["channel", "priority"]
AGAINST = ("previous", "last_year")
EFFECT = widgets.decimals(F.DECIMALS[F.DECIMAL], signed=True)     # an effect size (Cohen's h, …), with its sign

st.title(tr("nav.periods"))
st.caption(tr("periods_page.intro"))
ds, chosen = widgets.page_data()
filters_text = ", ".join(f"{k}: {plain(v)}" for k, v in chosen.describe().items()) or tr("periods_page.filters_none")


def metric_label(key: str) -> str:
    return tr(f"overview.kpi.{key}") if key in METRICS else tr(f"periods_page.kpi.{key}")


def why_empty(v: periods.PeriodView) -> str:
    """Why a metric has no observations: the rows left out per reason, or that there are none."""
    return cards.left_out(v.excluded) if v.excluded else tr(f"periods_page.empty.{v.metric.source}")


def fmt(value, unit: str) -> str:
    return cards.number(None if value is None or pd.isna(value) else float(value), unit)


def fmt_change(change, unit: str) -> str:
    if change is None:
        return "–"
    if unit == "%":
        return tr("cards.delta.pp", value=signed(change))
    text = signed(change, 0 if unit == "tickets" else 2)
    return f"{text} {tr('cards.unit.' + unit)}" if unit in cards.TIME_UNITS else text


def fmt_p(p) -> str:
    return p_phrase(None if p is None or pd.isna(p) else float(p))


def p_cells(p_values, too_small) -> list[str]:
    """A table's p column: "too few" where a side is too small to test, else the p as written."""
    return [tr("periods.too_few") if small else p_text(p)
            for p, small in zip(p_values, too_small)]


def fmt_ci(test, unit: str) -> str:
    if test.ci_low is None or test.ci_high is None:
        return "–"
    return f"{fmt_change(test.ci_low, unit)} … {fmt_change(test.ci_high, unit)}"


def fmt_value(value, c) -> str:
    """A compared period's value; a Kaplan–Meier quantile the curve does not reach says so."""
    if c.test.test == "logrank" and (value is None or pd.isna(value)):
        return tr("cards.not_reached")
    return fmt(value, unit)


def fmt_effect(value, name: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{tr('periods.effect.' + name)} = {value:+.2f}"


# --- controls --------------------------------------------------------------------------------
keys = list(METRICS)
left, right = st.columns(2)
metric_key = left.selectbox(tr("periods_page.metric"), keys, index=keys.index("csat_pct"),
                            format_func=metric_label, key="periods_metric")
grain = right.selectbox(tr("periods_page.grain"), list(periods.GRAINS), index=periods.GRAINS.index("month"),
                        format_func=lambda g: tr(f"periods.grain.{g}"), key="periods_grain")
label = metric_label(metric_key)
grain_label = tr(f"periods.grain.{grain}")


def responses_of(data):
    return cache.responses(data)


book = goalbook.book()       # the saved goals (for target lines); in memory while the store cannot be opened
view = memo("periods.view", ds, (metric_key, grain), lambda: periods.metric_periods(ds, metric_key, grain))
metric = view.metric
unit = metric.unit

if metric.source == "tickets":
    widgets.count_line(quality.page_count(state.dataset(), "tickets", view.n + sum(view.excluded.values()),
                                          view.excluded))
else:
    widgets.responses_count_line(state.dataset(), ds, view.n + sum(view.excluded.values()), view.excluded)

# --- the per-period table and chart ------------------------------------------------------------
st.subheader(tr("periods_page.table_header", metric=label, grain=grain_label))
if view.n == 0 or view.table.empty:
    st.info(tr("periods_page.no_obs", metric=label, needs=tr(f"periods_page.needs.{metric.source}"),
               excluded=why_empty(view)))
else:
    target = goals_mod.target_goal(book.goals, metric_key)
    widgets.show_chart(period_charts.period_chart(view.table, title=label, unit=unit, lang=state.lang(),
                                                  target=None if target is None else target.target),
                       key="periods_chart1")
    t = view.table
    shown = pd.DataFrame({
        tr("periods.col.period"): t["period"],
        tr("periods_page.col.start"): pd.to_datetime(t["start"]).dt.date,
        tr("periods.col.value"): t["value"],
        tr("periods.col.n"): t["n"],
        tr("periods_page.col.ci_low"): t["ci_low"],
        tr("periods_page.col.ci_high"): t["ci_high"],
        tr("periods.col.partial"): t["partial"],
    })
    if "not_reached" in t.columns:        # Kaplan–Meier per period: the open tickets and "not reached"
        shown[tr("periods_page.col.censored")] = t["censored"].to_numpy()
        shown[tr("periods_page.col.not_reached")] = t["not_reached"].to_numpy()
    # the metric's figures by its unit (72.5 %, 5.9 min, 4.18 points), every row to the same decimals
    value_kind = widgets.metric_kind(unit, t["value"])
    change_kind = widgets.metric_kind(unit, t["value"], change=True)
    widgets.table(shown, {**dict.fromkeys([tr("periods.col.value"), tr("periods_page.col.ci_low"),
                                           tr("periods_page.col.ci_high")], value_kind),
                          tr("periods.col.n"): widgets.COUNT, tr("periods_page.col.censored"): widgets.COUNT},
                  key="periods_table")
    if t["partial"].any():
        st.caption(tr("periods.partial_note"))
    widgets.csv_download(t.drop(columns=["end"]), f"{metric_key}_per_{grain}.csv", key="dl_periods_table")
    widgets.how_computed("periods_page.how_table", definition=tr(f"overview.def.{metric_key}", days=7),
                         grain=grain_label,
                         interval=tr("periods_page.interval.km", censored=f"{view.censored:,}")
                         if "not_reached" in t.columns else tr(f"periods_page.interval.{metric.kind}"),
                         n=f"{view.n:,}", excluded=cards.left_out(view.excluded), filters=filters_text)

    # --- the latest period against the previous one and last year --------------------------------
    st.subheader(tr("periods_page.compare_header"))
    current = t["period"].iloc[-1]
    if not view.comparisons:
        st.info(tr("periods_page.no_comparison", current=current))
    for c in view.comparisons:
        verdict = periods.comparison_verdict(c)
        st.markdown(tr(f"periods_page.verdict.{verdict}", against=tr(f"periods.against.{c.against}"), metric=label,
                       current=c.current, previous=c.previous, current_value=fmt_value(c.current_value, c),
                       previous_value=fmt_value(c.previous_value, c), change=fmt_change(c.change, unit),
                       test=tr(f"periods.test.{c.test.test}"), p=fmt_p(c.test.p_value), ci=fmt_ci(c.test, unit),
                       effect=fmt_effect(c.test.effect_size, c.test.effect_name), n1=f"{c.test.n1:,}",
                       n2=f"{c.test.n2:,}", problem=c.test.problem or ""))
    if view.comparisons:
        widgets.table(pd.DataFrame({
            tr("periods_page.col.against"): [tr(f"periods.against.{c.against}") for c in view.comparisons],
            tr("periods_page.col.current"): [c.current for c in view.comparisons],
            tr("periods_page.col.previous"): [c.previous for c in view.comparisons],
            tr("periods_page.col.current_value"): [c.current_value for c in view.comparisons],
            tr("periods_page.col.previous_value"): [c.previous_value for c in view.comparisons],
            tr("periods.change"): [c.change for c in view.comparisons],
            tr("periods.change_ci_low"): [c.test.ci_low for c in view.comparisons],
            tr("periods.change_ci_high"): [c.test.ci_high for c in view.comparisons],
            tr("periods_page.col.test"): [tr(f"periods.test.{c.test.test}") for c in view.comparisons],
            tr("periods.p_value"): p_cells([c.test.p_value for c in view.comparisons],
                                           [c.test.too_small for c in view.comparisons]),
            tr("periods_page.col.effect_name"): [tr(f"periods.effect.{c.test.effect_name}") for c in view.comparisons],
            tr("periods.effect_size"): [c.test.effect_size for c in view.comparisons],
            tr("periods_page.col.n_current"): [c.test.n1 for c in view.comparisons],
            tr("periods_page.col.n_previous"): [c.test.n2 for c in view.comparisons],
            tr("periods.too_small"): [c.test.too_small for c in view.comparisons],
        }), {**dict.fromkeys([tr("periods_page.col.current_value"), tr("periods_page.col.previous_value")], value_kind),
             **dict.fromkeys([tr("periods.change"), tr("periods.change_ci_low"), tr("periods.change_ci_high")],
                             change_kind),
             tr("periods.p_value"): widgets.FIGURE, tr("periods.effect_size"): EFFECT,
             tr("periods_page.col.n_current"): widgets.COUNT, tr("periods_page.col.n_previous"): widgets.COUNT},
            key="periods_comparisons")
    widgets.how_computed("periods_page.how_compare", current=current)

    # --- segments at once --------------------------------------------------------------------------
    st.subheader(tr("periods_page.segments_header"))
    source = ds.tickets if metric.source == "tickets" else responses_of(ds)
    options = periods.segment_options(source, SEGMENT_CANDIDATES)
    if not options:
        st.info(tr("periods_page.no_segments", metric=label))
    else:
        a, b = st.columns(2)
        segment = a.selectbox(tr("periods_page.segment_by"), options, format_func=lambda c: tr(f"filter.{c}"),
                              key="periods_segment")
        against = b.selectbox(tr("periods_page.against"), AGAINST, format_func=lambda x: tr(f"periods.against.{x}"),
                              key="periods_against")
        seg = memo("periods.segments", ds, (metric_key, grain, segment, against),
                   lambda: periods.compare_segments(ds.tickets, responses_of(ds), metric, segment, grain,
                                                    current=current, against=against))
        summary = periods.segment_summary(seg)
        st.markdown(tr("periods_page.segments_summary", **summary))
        widgets.table(pd.DataFrame({
            tr("periods_page.col.segment"): seg["segment"].astype("str"),
            tr("periods_page.col.previous"): seg["previous"],
            tr("periods_page.col.current_value"): pd.to_numeric(seg["current_value"]),
            tr("periods_page.col.previous_value"): pd.to_numeric(seg["previous_value"]),
            tr("periods.change"): pd.to_numeric(seg["change"]),
            tr("periods.p_value"): p_cells(pd.to_numeric(seg["p_value"]), seg["too_small"]),
            tr("periods.p_holm"): p_cells(pd.to_numeric(seg["p_holm"]), seg["too_small"]),
            tr("periods.effect_size"): pd.to_numeric(seg["effect_size"]),
            tr("periods_page.col.n_current"): seg["n_current"],
            tr("periods_page.col.n_previous"): seg["n_previous"],
            tr("periods.too_small"): seg["too_small"],
        }), {**dict.fromkeys([tr("periods_page.col.current_value"), tr("periods_page.col.previous_value")], value_kind),
             tr("periods.change"): change_kind, tr("periods.p_value"): widgets.FIGURE,
             tr("periods.p_holm"): widgets.FIGURE, tr("periods.effect_size"): EFFECT,
             tr("periods_page.col.n_current"): widgets.COUNT, tr("periods_page.col.n_previous"): widgets.COUNT},
            key="periods_segments")
        widgets.how_computed("periods_page.how_segments", k=len(seg))

# --- mix-adjusted change of CSAT % --------------------------------------------------------------
st.subheader(tr("periods.mix.title"))
csat = memo("periods.view", ds, ("csat_pct", grain), lambda: periods.metric_periods(ds, "csat_pct", grain))
previous = next((c for c in csat.comparisons if c.against == "previous"), None)
responses = responses_of(ds)
mix_options = periods.segment_options(responses, MIX_CANDIDATES)
if csat.n == 0 or previous is None:
    why = why_empty(csat) if csat.n == 0 else tr("periods_page.mix_no_periods")
    st.info(tr("periods_page.mix_no_csat", why=why))
elif not mix_options:
    st.info(tr("periods_page.mix_no_csat", why=tr("periods_page.mix_no_column")))
else:
    by = st.selectbox(tr("periods_page.mix_by"), mix_options, format_func=lambda c: tr(f"filter.{c}"),
                      key="periods_mix_by")
    by_label = tr(f"periods_page.dim.{by}")
    d = memo("periods.mix", ds, (grain, by, previous.previous, previous.current),
             lambda: mix.mix_between_periods(ds.tickets, responses, csat.metric, grain, previous.previous,
                                             previous.current, by))
    reading = mix.mix_reading(d)
    if reading == "none":
        st.info(tr("periods_page.mix.none", problem=d.problem or ""))
    else:
        st.markdown(tr(f"periods_page.mix.{reading}", before=fmt(d.rate_before, "%"), after=fmt(d.rate_after, "%"),
                       b=previous.previous, a=previous.current, total=fmt_change(d.total, "%"),
                       mix=fmt_change(d.mix_effect, "%"), rate=fmt_change(d.rate_effect, "%"), by=by_label))
        widgets.metric_flow([{"label": tr(f"periods.mix.{k}"), "value": fmt_change(getattr(d, k), "%")}
                             for k in ("total", "mix_effect", "rate_effect")])
        s = d.segments.reset_index()
        widgets.table(pd.DataFrame({
            tr("periods_page.col.segment"): s["segment"].astype("str").replace(mix.UNKNOWN, tr("periods_page.mix.unknown")),
            tr("periods_page.mix.col.n_before"): s["n_before"], tr("periods_page.mix.col.n_after"): s["n_after"],
            tr("periods_page.mix.col.share_before"): s["share_before"],
            tr("periods_page.mix.col.share_after"): s["share_after"],
            tr("periods_page.mix.col.rate_before"): s["rate_before"],
            tr("periods_page.mix.col.rate_after"): s["rate_after"],
            tr("periods.mix.mix_effect"): s["mix_effect"], tr("periods.mix.rate_effect"): s["rate_effect"],
        }), {tr("periods_page.mix.col.n_before"): widgets.COUNT, tr("periods_page.mix.col.n_after"): widgets.COUNT,
             tr("periods_page.mix.col.share_before"): widgets.SHARE, tr("periods_page.mix.col.share_after"): widgets.SHARE,
             tr("periods_page.mix.col.rate_before"): widgets.PERCENT, tr("periods_page.mix.col.rate_after"): widgets.PERCENT,
             tr("periods.mix.mix_effect"): widgets.POINTS, tr("periods.mix.rate_effect"): widgets.POINTS},
            key="periods_mix")
        widgets.how_computed("periods_page.how_mix", b=previous.previous, a=previous.current, by=by_label,
                             n_before=f"{int(d.segments['n_before'].sum()):,}",
                             n_after=f"{int(d.segments['n_after'].sum()):,}")

# --- control charts -----------------------------------------------------------------------------
from charts import control as control_charts          # noqa: E402 (this section's own charts)

MAX_SIGNALS_LISTED = 12                                # longer lists end in "(+n more)"
lang = state.lang()


def control_choice(text: str, options: tuple, key: str, default: str, labels: str) -> str:
    """A selectbox whose options are shown as `labels`.<option>, keyed per language (a switch
    needs a fresh widget); the choice itself lives under `key` and survives the switch."""
    stored = st.session_state.get(key, default)
    value = st.selectbox(text, options, index=options.index(stored if stored in options else default),
                         format_func=lambda o: tr(f"{labels}.{o}"), key=f"{key}_{lang}")
    st.session_state[key] = value
    return value


def signals_caption(chart: control.ControlChart) -> str:
    """The periods at which a run rule fired, each with the rules' names."""
    convention = tr(f"control.convention.{chart.convention}")
    signals = chart.signals
    if signals.empty:
        return tr("control.no_signals", convention=convention)
    items = [tr("control.signal_item", period=plain(str(row.period)),
                rules=control_charts.rules_text(row.rules, chart.convention, lang))
             for row in signals.head(MAX_SIGNALS_LISTED).itertuples(index=False)]    # a few periods
    more = len(signals) - MAX_SIGNALS_LISTED
    return tr("control.signals", convention=convention,
              items="; ".join(items) + (f" (+{more})" if more > 0 else ""))


def target_caption(goal, unit_: str) -> None:
    if goal is None:
        return
    anchor = state.dataset().date_span[1]
    defaults = {g.id: g.name for g in goals_mod.default_goals(anchor)} if anchor is not None else {}
    name = plain(widgets.goal_name(goal, defaults, unnamed=metric_label(goal.metric)))
    segment = plain(widgets.segment_text(goal.segment))
    st.caption(tr("periods_page.control.target_segment" if goal.segment else "periods_page.control.target",
                  goal=name, target=fmt(goal.target, unit_), segment=segment))


st.subheader(tr("periods_page.control_header"))
frt = memo("periods.view", ds, ("frt_median_min", grain), lambda: periods.metric_periods(ds, "frt_median_min", grain))
convention = control_choice(tr("control.convention.choose"), control.CONVENTIONS, "periods_control_convention",
                            control.NELSON, "control.convention")
csat_goal = goals_mod.target_goal(book.goals, "csat_pct")
frt_goal = goals_mod.target_goal(book.goals, "frt_median_min")
csat_target = None if csat_goal is None else csat_goal.target
frt_target = None if frt_goal is None else frt_goal.target
tab_csat, tab_frt = st.tabs([tr("control.tab.csat"), tr("periods_page.control.frt")])
sigma_z = centre_p = centre_x = None
with tab_csat:
    laney, plain_p = memo("periods.control.p", ds, (grain, convention, csat_target), lambda: (
        control.laney_p_chart(csat.table, csat_target, convention), control.p_chart(csat.table, csat_target, convention)))
    if csat.table.empty or laney.problem:
        st.info(tr("periods_page.control.problem", metric=metric_label("csat_pct"),
                   problem=laney.problem if not csat.table.empty else why_empty(csat)))
    else:
        sigma_z, centre_p = laney.sigma_z, laney.center
        # p′ by default: at thousands of ratings a period the binomial limits hold sampling noise
        # only, and real period-to-period variation puts nearly every point outside them.
        kind = control_choice(tr("control.kind.choose"), (control.P_PRIME, control.P), "periods_control_kind",
                              control.P_PRIME, "control.kind")
        shown = laney if kind == control.P_PRIME else plain_p
        widgets.show_chart(control_charts.control_chart(shown, lang, title=tr(f"control.kind.{kind}"), unit="%",
                                                        measure=metric_label("csat_pct")),
                           key=f"periods_control_{kind}")
        k = len(laney.points)
        why = "control.why.over" if sigma_z > 1 else "control.why.under"
        st.markdown(tr(why, n_mean=float(laney.points["n"].mean()), sigma_z=sigma_z, k=k,
                       p_out=int(plain_p.points["out"].notna().sum()), pp_out=int(laney.points["out"].notna().sum())))
        st.caption(signals_caption(shown))
        target_caption(csat_goal, "%")
with tab_frt:
    xmr = memo("periods.control.xmr", ds, (grain, convention, frt_target),
               lambda: control.xmr_chart(frt.table, frt_target, convention))
    if frt.table.empty or xmr.problem:
        st.info(tr("periods_page.control.problem", metric=metric_label("frt_median_min"),
                   problem=xmr.problem if not frt.table.empty else why_empty(frt)))
    else:
        centre_x = xmr.center
        widgets.show_chart(control_charts.control_chart(xmr, lang, title=tr("periods_page.control.frt"),
                                                        unit=frt.metric.unit, measure=metric_label("frt_median_min")),
                           key="periods_control_xmr")
        st.caption(signals_caption(xmr))
        target_caption(frt_goal, frt.metric.unit)
widgets.how_computed("control.how", center=fmt(centre_p, "%"), center_x=fmt(centre_x, "min"),
                     sigma_z="–" if sigma_z is None else f"σ_z = {sigma_z:.2f}",
                     convention=tr(f"control.convention.{convention}"), run=control.RUN_LENGTH[convention],
                     periods=f"{len(csat.table):,}")
if book.problem:
    st.warning(tr("periods.store.error", message=plain(book.problem)))
