"""Drivers page: what moves satisfaction, how sure we are, and where to act first.

Thin: every figure comes from analysis.drivers.analyse_drivers (one cached call per outcome,
driver set and method) and analysis.drivers.compare_segments; charts from charts/drivers.py.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import drivers as D
from analysis import quadrant as Q
from analysis.formatting import p_phrase, p_texts
from charts import drivers as charts
from ui import cache, state, widgets
from ui.text import plain

tr = state.tr
VIF = widgets.decimals(1)     # a variance inflation factor: one decimal in every table
BOOT = 200          # bootstrap resamples of the relative importance (as `python -m analysis drivers`)
SEED = 0

st.title(tr("drivers_title"))
st.caption(tr("drivers_page_intro"))
ds, _ = widgets.page_data()
lang = state.lang()

responses = cache.responses(ds)
outcomes = D.available_outcomes(responses)
if not outcomes:
    st.info(tr("drivers_page_no_responses"))
    st.stop()
ratings = [d for d in ds.drivers if d in responses.columns]
candidates = ratings + D.operational_drivers(responses)
if not candidates:
    st.info(tr("drivers_page_no_candidates"))
    st.stop()


def label(name: str) -> str:
    """A driver as the user knows it: survey columns as the file has them, ticket measures
    translated, channel indicators as "Channel: Phone"."""
    if name in ratings:
        return name
    if name in D.OPERATIONAL:
        return tr(f"drivers_page_measure_{name}")
    column, _, value = name.partition("=")
    if value and column in D.CATEGORICAL:
        return tr("drivers_page_indicator", column=tr(f"drivers_page_measure_{column}"), value=value)
    return name


def labelled(table: pd.DataFrame, column: str = "driver") -> pd.DataFrame:
    return table.assign(**{column: table[column].map(label)})


def outcome_label(name: str) -> str:
    return tr(f"drivers_page_outcome_{name}")


def kept(widget, label_text: str, options: list, name: str, default: list | None = None, **kwargs):
    """A selectbox / radio (or, with a list `default`, a multiselect) whose choice survives a
    language switch. Streamlit remembers a choice by its displayed text, which the switch
    changes, so the widget is keyed per language and starts from the choice remembered under
    `name` in session state."""
    previous = st.session_state.get(name)
    key = f"{name}_{lang}"
    if default is not None:
        start = [o for o in previous if o in options] if previous is not None else default
        value = widget(label_text, options, default=start, key=key, **kwargs)
    else:
        value = widget(label_text, options, index=options.index(previous) if previous in options else 0,
                       key=key, **kwargs)
    st.session_state[name] = value
    return value


# --- controls ----------------------------------------------------------------------------------
left, right = st.columns([1, 1])
outcome = kept(left.selectbox, tr("drivers_page_outcome"), outcomes, "drivers_outcome", format_func=outcome_label)
method = kept(right.radio, tr("drivers_page_method"), list(D.METHODS), "drivers_method",
              format_func=lambda m: tr(f"drivers_method_{m}"), horizontal=True, help=tr("drivers_page_method_help"))
# the drivers on a row of their own: in a third of the page the chosen names were cut off
chosen = kept(st.multiselect, tr("drivers_page_drivers"), candidates, "drivers_drivers",
              default=D.suggested_drivers(responses, ratings), format_func=label, help=tr("drivers_page_drivers_help"))
if not chosen:
    st.info(tr("drivers_page_pick_drivers"))
    st.stop()

frame, names = cache.memo("drivers_frame", ds, (tuple(chosen),),
                          lambda: D.expand_drivers(responses, chosen))
try:
    page = cache.memo("drivers_page", ds, (outcome, tuple(names), method, BOOT, SEED),
                      lambda: D.analyse_drivers(frame, outcome, names, method, boot=BOOT, seed=SEED,
                                                quadrant_drivers=ratings, segments=()))
except D.DriversError as err:
    reason = tr(f"drivers_page_outcome_reason_{err.reason}") if err.reason else plain(err)
    st.warning(tr("drivers_page_outcome_unusable", outcome=outcome_label(outcome), reason=reason))
    st.stop()

# the page's base: the responses the importance and the models use (complete on the outcome and every chosen driver)
no_outcome = page.counts["no_outcome"]
left_out = {"no_outcome": no_outcome}
if page.importance is not None:
    left_out["missing_value"] = page.importance.excluded.get("missing_value", 0) - no_outcome
widgets.responses_count_line(state.dataset(), ds, page.counts["rows"], left_out)
corr = page.correlations
usable = corr[corr["problem"].isna()]
bad = corr[corr["problem"].notna()]
method_name = tr(f"drivers_method_{method}")
outcome_name = outcome_label(outcome)


def explain(key: str) -> None:
    with st.expander(tr("drivers_page_explain")):
        st.markdown(tr(key))


def unavailable(part: str) -> None:
    st.info(tr("drivers_page_unavailable", reason=plain(page.problems.get(part, "–"))))


if len(bad):
    st.warning(tr("drivers_page_none_usable") if usable.empty else tr("drivers_page_left_out"))
    widgets.table(pd.DataFrame({tr("drivers_driver"): bad["driver"].map(label),
                                tr("drivers_page_reason"): [tr(f"drivers_problem_{p}") for p in bad["problem"]]}))
if usable.empty:
    st.stop()

# --- correlation ranking -----------------------------------------------------------------------
st.subheader(tr("drivers_page_corr_header"))
explain("drivers_page_explain_corr")
widgets.show_chart(charts.correlation_chart(labelled(usable), outcome_name, lang), key="drivers_chart1")
corr_table = pd.DataFrame({
    tr("drivers_driver"): usable["driver"].map(label), tr("drivers_page_col_r"): usable["r"],
    tr("drivers_page_col_ci_low"): usable["ci_low"], tr("drivers_page_col_ci_high"): usable["ci_high"],
    tr("drivers_p_adj"): p_texts(usable["p_adj"]), tr("drivers_n"): usable["n"]})
widgets.table(corr_table, {tr("drivers_page_col_r"): widgets.COEF, tr("drivers_page_col_ci_low"): widgets.COEF,
                           tr("drivers_page_col_ci_high"): widgets.COEF, tr("drivers_p_adj"): widgets.FIGURE,
                           tr("drivers_n"): widgets.COUNT})
widgets.csv_download(corr_table, "driver_correlations.csv", key="dl_driver_corr")
widgets.how_computed("drivers_page_how_corr", method=method_name, outcome=outcome_name,
                     rows=page.counts["rows"], no_outcome=page.counts["no_outcome"], drivers=len(usable))

# --- relative importance -----------------------------------------------------------------------
st.subheader(tr("drivers_page_imp_header"))
explain("drivers_page_explain_imp")
imp = page.importance
if imp is None:
    unavailable("importance")
else:
    st.markdown(tr("drivers_page_r2", r2=imp.r2, method=tr(f"drivers_page_imp_{imp.method}"), n=imp.n))
    widgets.show_chart(charts.importance_chart(labelled(imp.table), lang), key="drivers_chart2")
    table = imp.table
    # the interval beside the part of R² it bounds (in R² units), the share of R² after both
    widgets.table(pd.DataFrame({
        tr("drivers_driver"): table["driver"].map(label), tr("drivers_page_col_importance"): table["importance"],
        tr("drivers_page_col_imp_low"): table["ci_low"], tr("drivers_page_col_imp_high"): table["ci_high"],
        tr("drivers_page_col_share"): table["share"] * 100, tr("drivers_page_col_vif"): table["vif"]}), {
            tr("drivers_page_col_importance"): widgets.COEF, tr("drivers_page_col_imp_low"): widgets.COEF,
            tr("drivers_page_col_imp_high"): widgets.COEF, tr("drivers_page_col_share"): widgets.PERCENT,
            tr("drivers_page_col_vif"): VIF})
    for note in imp.notes:
        st.warning(tr(note))
    widgets.how_computed("drivers_page_how_imp", outcome=outcome_name, n=imp.n,
                         missing=imp.excluded.get("missing_value", 0), method=tr(f"drivers_page_imp_{imp.method}"),
                         boot=imp.boot)

# --- models ------------------------------------------------------------------------------------
st.subheader(tr("drivers_page_models_header"))
explain("drivers_page_explain_models")


def show_model(part: str) -> None:
    model = getattr(page, part)
    if model is None:
        unavailable(part)
        return
    table = model.table
    columns = {tr("drivers_driver"): table["driver"].map(label)}
    if part == "ols":
        columns[tr("drivers_page_col_beta")] = table["coef"]
    else:
        columns |= {tr("drivers_page_col_or"): table["odds_ratio"], tr("drivers_page_col_or_low"): table["or_ci_low"],
                    tr("drivers_page_col_or_high"): table["or_ci_high"], tr("drivers_page_col_logodds"): table["coef"]}
    if part == "ols":
        columns |= {tr("drivers_page_col_ci_low"): table["ci_low"], tr("drivers_page_col_ci_high"): table["ci_high"]}
    columns |= {tr("drivers_page_col_p"): p_texts(table["p"]), tr("drivers_page_col_vif"): table["vif"]}
    kinds = {name: widgets.COEF for name in columns if name not in (tr("drivers_driver"), tr("drivers_page_col_p"))}
    widgets.table(pd.DataFrame(columns), {**kinds, tr("drivers_page_col_p"): widgets.FIGURE,
                                          tr("drivers_page_col_vif"): VIF})
    fit_key = "drivers_page_fit_ols" if part == "ols" else "drivers_page_fit_logit"
    st.caption(tr(fit_key, fit=model.fit, n=model.n))
    for sentence in model.sentences:
        values = dict(sentence.values, driver=plain(label(sentence.values["driver"])),
                      outcome=outcome_name)
        st.markdown("- " + tr(sentence.key, **values))
    for note in model.notes:
        st.warning(tr(note))
    target = outcome_label("csat_satisfied") if part == "top2box" else outcome_name
    widgets.how_computed("drivers_page_how_model", model=tr(f"drivers_page_tab_{part}"), outcome=target,
                         n=model.n, missing=model.excluded.get("missing_value", 0))


for tab, part in zip(st.tabs([tr(f"drivers_page_tab_{p}") for p in ("ols", "ordinal", "top2box")]),
                     ("ols", "ordinal", "top2box")):
    with tab:
        show_model(part)

# --- importance × performance ------------------------------------------------------------------
st.subheader(tr("drivers_page_quadrant_header"))
explain("drivers_page_explain_quadrant")
if page.quadrant is None:
    st.info(tr("drivers_page_quadrant_none") if imp is not None else
            tr("drivers_page_unavailable", reason=plain(page.problems.get("importance", "–"))))
else:
    quadrant = labelled(page.quadrant)
    widgets.show_chart(charts.quadrant_chart(quadrant, lang), key="drivers_chart3")
    undecided = int((quadrant["quadrant"] == Q.UNDECIDED).sum())
    st.caption(tr("drivers_page_quadrant_undecided", k=undecided, m=len(quadrant)) if undecided
               else tr("drivers_page_quadrant_all_placed"))
    verdicts = [tr(f"drivers_q_{q}") if q != Q.UNDECIDED else tr(f"drivers_q_undecided_{Q.undecided_reason(i, p)}")
                for q, i, p in zip(quadrant["quadrant"], quadrant["importance_side"], quadrant["performance_side"])]
    widgets.table(pd.DataFrame({
        tr("drivers_driver"): quadrant["driver"], tr("drivers_quadrant"): verdicts,
        tr("drivers_page_col_importance"): quadrant["importance"],
        tr("drivers_page_col_imp_low"): quadrant["importance_low"],
        tr("drivers_page_col_imp_high"): quadrant["importance_high"],
        tr("drivers_performance"): quadrant["performance"],
        tr("drivers_page_col_perf_low"): quadrant["performance_low"],
        tr("drivers_page_col_perf_high"): quadrant["performance_high"]}),
        dict.fromkeys([tr(k) for k in ("drivers_page_col_importance", "drivers_page_col_imp_low",
                                       "drivers_page_col_imp_high", "drivers_performance", "drivers_page_col_perf_low",
                                       "drivers_page_col_perf_high")], widgets.COEF))
    widgets.how_computed("drivers_page_how_quadrant")

# --- speed curves ------------------------------------------------------------------------------
st.subheader(tr("drivers_page_speed_header"))
explain("drivers_page_explain_speed")
curves = {time: curve for time, curve in page.speed.items() if curve is not None}
if not curves:
    st.info(tr("drivers_page_speed_none"))
else:
    for time, curve in curves.items():
        st.markdown(f"**{tr(f'drivers_time_{time}')}**")
        if curve.problem is not None:
            st.info(tr("drivers_page_speed_too_few", time=tr(f"drivers_time_{time}")))
            continue
        chart_column, table_column = st.columns(2)
        widgets.show_chart(charts.speed_curve_chart(curve.table, time, curve.falls_from, lang), key=f"drivers_chart4_{time}", where=chart_column)
        speed = curve.table
        widgets.table(pd.DataFrame({
            tr("drivers_band"): speed["band"], tr("drivers_n"): speed["n"], tr("drivers_csat_pct"): speed["pct"],
            tr("drivers_page_col_ci_low"): speed["ci_low"], tr("drivers_page_col_ci_high"): speed["ci_high"],
            tr("drivers_page_col_below"): speed["below_best"]}), {
                tr("drivers_n"): widgets.COUNT, tr("drivers_csat_pct"): widgets.SHARE,
                tr("drivers_page_col_ci_low"): widgets.SHARE, tr("drivers_page_col_ci_high"): widgets.SHARE},
            where=table_column)
        table_column.caption(tr("drivers_speed_falls", band=curve.falls_from) if curve.falls_from is not None
                             else tr("drivers_speed_no_fall"))
        widgets.how_computed("drivers_page_how_speed", n=curve.n, no_time=curve.excluded.get("no_time", 0),
                             no_score=curve.excluded.get("no_score", 0))

# --- segments ----------------------------------------------------------------------------------
st.subheader(tr("drivers_page_segments_header"))
explain("drivers_page_explain_segments")
segments = D.segment_columns(frame)
if not segments:
    st.info(tr("drivers_page_segments_none"))
    st.stop()
segment = kept(st.radio, tr("drivers_page_segment_by"), segments, "drivers_segment",
               format_func=lambda s: tr(f"field.{s}"), horizontal=True)
# the segment shown only (the page shows one at a time): each costs a ranking per segment value
long = cache.memo("drivers_segment", ds, (outcome, tuple(names), method, segment),
                  lambda: D.segment_correlations(frame, outcome, segment, usable["driver"].tolist(), method,
                                                 patterns=page.patterns))
wide = D.side_by_side(labelled(long)).rename_axis(index=tr("drivers_driver"), columns=None)
st.markdown(tr("drivers_page_segments_r"))
widgets.table(wide, dict.fromkeys(wide.columns, widgets.COEF), hide_index=False)
p_wide = D.side_by_side(labelled(long).assign(p_text=p_texts(long["p_adj"])), "p_text").rename_axis(
    index=tr("drivers_driver"), columns=None)
st.markdown(tr("drivers_page_segments_p"))
widgets.table(p_wide, dict.fromkeys(p_wide.columns, widgets.FIGURE), hide_index=False)
widgets.how_computed("drivers_page_how_segments", method=method_name, outcome=outcome_name,
                     segment=tr(f"field.{segment}"))

st.markdown(f"**{tr('drivers_page_compare_header')}**")
values = list(dict.fromkeys(long["segment"]))
one, two, three = st.columns(3)
driver = kept(one.selectbox, tr("drivers_page_compare_driver"), usable["driver"].tolist(), "drivers_compare_driver",
              format_func=label)
first = two.selectbox(tr("drivers_page_compare_first"), values, index=0, key="drivers_compare_first")
second = three.selectbox(tr("drivers_page_compare_second"), values, index=min(1, len(values) - 1),
                         key="drivers_compare_second")
if first == second:
    st.info(tr("drivers_page_compare_need_two"))
else:
    test = cache.memo("drivers_compare", ds, (outcome, tuple(names), method, driver, segment, first, second),
                      lambda: D.compare_segments(frame, outcome, driver, segment, first, second, method,
                                                 patterns=page.patterns))
    if test.problem is not None:
        st.info(tr("drivers_page_compare_too_few"))
    else:
        st.markdown(tr("drivers_page_compare_result", driver=plain(label(driver)), first=plain(first),
                       second=plain(second), r1=test.r1, n1=test.n1, r2=test.r2, n2=test.n2,
                       difference=test.difference, z=test.z, p=p_phrase(test.p)))
        st.caption(tr("drivers_page_compare_differs") if test.differs() else tr("drivers_page_compare_same"))
