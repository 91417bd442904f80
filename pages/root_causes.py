"""Root causes page: the Pareto of complaint, low-score or SLA-breach causes, from a category
column or from keyword themes in free text; skew check, groups, before/after, drill-down, fishbone.

Thin: every number comes from analysis/pareto.py, themes.py or fishbone.py (memoised per session
with ui.cache.memo), every chart from charts/pareto.py.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from analysis import fishbone as fb
from analysis import pareto as pa
from analysis import themes as th
from analysis import quality
from charts import pareto as charts
from ui import cards, notebook, state, widgets
from ui.cache import memo
from ui.text import plain

tr = state.tr
lang = state.lang()
PICK = "cause_pick"                        # the chart's click selection
THEMES = "__themes__"                      # the cause "keyword themes from the text column"
PREFERRED = ("category", "request_type", "reason")
STRATA = ("channel", "priority", "customer_type")
DRILL_COLUMNS = ["ticket_id", "created_at", "channel", "request_type", "category", "priority", "agent",
                 "customer_type", "csat", "reason", "description", "comment", "notes", "source_row"]
POPULATIONS = {pa.ALL: "pareto.population.all", pa.COMPLAINTS: "pareto.population.complaints",
               pa.LOW_SCORE_TICKETS: "pareto.population.low_scores",
               pa.SLA_BREACHES: "pareto.population.sla_breaches"}
DRILL_SHOWN = 20_000                       # rows drawn in the browser; the CSV carries them all
WEIGHTS = [pa.COUNT, pa.HANDLE_HOURS, pa.RESOLUTION_HOURS, pa.LOW_SCORES, pa.COST]

st.title(tr("nav.root_causes"))
st.caption(tr("rc.intro"))
with st.expander(tr("rc.explainer.title")):
    st.markdown(tr("rc.explainer.body"))

ds, _filters = widgets.page_data()
headers = pa.source_headers(ds.files)


def label(column: str) -> str:
    """A column as the user's file names it (else the app's field name)."""
    if column == THEMES:
        return tr("rc.cause.themes")
    if column == th.THEME_COLUMN:
        return tr("rc.text.col.theme")
    if column == "source_row":
        return tr("rc.col.source_row")
    if column in headers:
        return headers[column]
    field = tr(f"field.{column}")
    return column if field == f"field.{column}" else field


def reason_text(reason: str) -> str:
    """A reason code in words; a reason given as words already stays as it is (escaped)."""
    words = cards.reason_label(reason)
    return plain(reason) if words == reason else words


def excluded_text(*parts: dict[str, int]) -> str:
    items = [f"{reason_text(reason)}: {count:,}" for part in parts for reason, count in part.items() if count]
    return "; ".join(items) or tr("rc.none")


def user_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame with its columns renamed to the user's headers, for display."""
    return frame.rename(columns={c: label(c) for c in frame.columns if isinstance(c, str)})


def pareto_table(result: pa.ParetoResult) -> pd.DataFrame:
    weight_title = tr(f"pareto.weight.{result.weight}")
    # With the count as the weight the weight column repeats the count.
    dropped = ["is_other", "weight"] if result.weight == pa.COUNT else ["is_other"]
    return result.table.drop(columns=dropped).rename(columns={
        "cause": tr("rc.col.cause"), "count": tr("rc.col.count"), "weight": weight_title,
        "share": tr("rc.col.share"), "cum_share": tr("rc.col.cum_share"), "vital_few": tr("rc.col.vital_few")})


# how the tables' columns are written, by their shown names: shares (fractions) as percents, the
# change of a share in percentage points, counts with thousands separators
KINDS = {**{tr(k): widgets.SHARE for k in ("rc.col.share", "rc.col.cum_share", "rc.col.share_before",
                                           "rc.col.share_after", "rc.text.col.share_texts", "rc.text.col.share_rows")},
         **{tr(k): widgets.COUNT for k in ("rc.col.count", "rc.col.count_before", "rc.col.count_after",
                                           "rc.text.col.texts")},
         tr("rc.col.change"): widgets.SHARE_CHANGE}


def choice(widget, text: str, options: list, key: str, default: object = None, **kwargs) -> object:
    """A selectbox or radio with translated option labels: the widget is keyed per language (the
    browser keeps a widget's shown label, so a language switch needs a fresh widget) and the choice
    itself lives under `key`, so it survives the switch."""
    stored = st.session_state.get(key, default)
    index = options.index(stored) if stored in options else options.index(default) if default in options else 0
    value = widget(text, options, index=index, key=f"{key}_{lang}", **kwargs)
    st.session_state[key] = value
    return value


def show_error(exc: Exception) -> None:
    st.warning(tr("rc.error", message=plain(exc)))


# --- what to count -------------------------------------------------------------------------------
# The columns offered are those of the whole dataset, so a filter does not change the choices.
whole = state.dataset()
causes = memo("rc.cause_columns", whole, (), lambda: {
    **pa.cause_columns(whole.tickets), **(pa.cause_columns(whole.survey) if whole.survey is not None else {})})
texts = memo("rc.text_columns", whole, (), lambda: pa.text_columns(whole))
options = [c for c in PREFERRED if c in causes] + sorted((c for c in causes if c not in PREFERRED), key=label)
if texts:
    options.append(THEMES)
if not options:
    st.info(tr("rc.need_columns"))
    st.stop()
default_cause = "category" if "category" in causes else THEMES if texts else options[0]

st.subheader(tr("rc.settings"))
row1 = st.columns(3)
cause = choice(row1[0].selectbox, tr("rc.cause"), options, "rc_cause", default_cause, format_func=label)
text = choice(row1[1].selectbox, tr("rc.text"), texts, "rc_text", format_func=label) if texts else None
population_for = text if cause == THEMES else cause       # the column whose rows are counted
default_population = (memo("rc.default_population", ds, (population_for,),
                           lambda: pa.default_population(ds, population_for)) if population_for is not None
                      else pa.DefaultPopulation(pa.ALL, pa.BASIS_NONE))
# The population follows the cause column: a newly chosen column starts from the population it
# applies to (low scores for a dissatisfaction reason, complaints for a complaint type); a choice
# made for that column is kept until the column changes, and a choice made in this very run wins.
widget_key = f"rc_population_{lang}"
picked_now = widget_key in st.session_state and st.session_state[widget_key] != st.session_state.get("rc_population")
if st.session_state.get("rc_population_for") != population_for and not picked_now:
    st.session_state["rc_population"] = default_population.population
    for code in ("en", "zh"):
        st.session_state.pop(f"rc_population_{code}", None)
st.session_state["rc_population_for"] = population_for
population = choice(row1[2].selectbox, tr("rc.population"), list(POPULATIONS), "rc_population",
                    default_population.population, format_func=lambda p: tr(POPULATIONS[p]))
row2 = st.columns(4)
weight_name = choice(row2[0].selectbox, tr("rc.weight"), WEIGHTS, "rc_weight", pa.COUNT,
                     format_func=lambda w: tr(f"pareto.weight.{w}"))
weight: object = weight_name
if weight_name == pa.COST:
    weight = float(row2[1].number_input(tr("rc.cost"), min_value=0.01, value=10.0, step=1.0, key="rc_cost"))
cut = row2[2].number_input(tr("rc.cut"), min_value=5, max_value=100, value=80, step=5, key="rc_cut") / 100
other_pct = row2[3].number_input(tr("rc.other_below"), min_value=0.0, max_value=50.0, value=0.0, step=0.5,
                                 key="rc_other")
other_below = other_pct / 100 if other_pct > 0 else None
if "category" not in causes and cause == THEMES and text is not None:
    st.info(tr("rc.no_category", text=plain(label(text))))

def select(columns: tuple[str, ...]) -> tuple[pa.Population, str]:
    """The population's rows at the level the columns need (tickets, or survey responses)."""
    return pa.population_rows(ds, list(columns), population, weight)


main_columns = (text if cause == THEMES else cause,)
chosen, level = memo("rc.population", ds, (main_columns, population, weight_name), lambda: select(main_columns))
level_text = tr(f"rc.level.{level}")
basis = (tr(f"rc.population.basis.{default_population.basis}", cause=plain(label(population_for)))
         if population == default_population.population else
         tr("rc.population.not_default", cause=plain(label(population_for)),
            default=tr(POPULATIONS[default_population.population])))
st.markdown(tr("rc.population.used", population=tr(POPULATIONS[population]), n=chosen.n, n_in=chosen.n_in,
               level=level_text, basis=basis))
if chosen.n == 0:
    st.info(tr(f"rc.empty.{population}"))
    st.stop()
params = (cause, text, population, weight, cut, other_below, lang)

# Containers first, so the dictionaries edited in the tabs feed the main Pareto in the same run.
# Only the tab shown runs (a hidden tab's analyses cost up to a second each at 1M rows).
main = st.container()
tab_strata, tab_periods, tab_drill, tab_text, tab_fish = widgets.lazy_tabs(
    ["rc.tab.strata", "rc.tab.periods", "rc.tab.drill", "rc.tab.text", "rc.tab.fishbone"], "rc_tab").values()


# --- keyword dictionary (saved in the session) -----------------------------------------------------
def themes_editor() -> dict[str, th.Theme]:
    version = st.session_state.setdefault("rc_themes_version", 0)
    saved = st.session_state.get("rc_themes", th.DEFAULT_THEMES)
    key = f"rc_themes_editor_{version}"
    if key not in st.session_state:       # a fresh editor starts from what was saved
        st.session_state["rc_themes_base"] = saved
    base = th.themes_from_dict(st.session_state.get("rc_themes_base", saved))
    st.caption(tr("rc.text.help"))
    edited = st.data_editor(th.themes_table(base, lang), key=key, num_rows="dynamic", hide_index=True,
                            width="stretch", column_config={
                                "key": None,      # internal: a new row is named after its label
                                "label": st.column_config.TextColumn(tr("rc.text.col.label"), pinned=True),
                                "include": st.column_config.TextColumn(tr("rc.text.col.include"), width="large"),
                                "exclude": st.column_config.TextColumn(tr("rc.text.col.exclude"))})
    if st.button(tr("rc.text.reset"), key="rc_themes_reset"):
        st.session_state["rc_themes"] = th.DEFAULT_THEMES
        st.session_state["rc_themes_version"] = version + 1
        st.rerun()
    try:
        themes = th.themes_from_table(edited, lang, base)
    except th.ThemeError as exc:
        st.warning(tr("rc.text.bad", message=plain(exc)))
        return base
    st.session_state["rc_themes"] = th.themes_to_dict(themes)
    return themes


if text is None:
    themes = th.default_themes()
elif tab_text.open:
    with tab_text:
        themes = themes_editor()
else:                                     # the dictionary as last edited in the (hidden) text tab
    themes = th.themes_from_dict(st.session_state.get("rc_themes", th.DEFAULT_THEMES))
themes_key = json.dumps(th.themes_to_dict(themes), sort_keys=True, ensure_ascii=False)


tags = text_chosen = text_level = None
if text is not None and (cause == THEMES or tab_text.open):
    # The text tab counts the rows that carry the text (survey responses for a survey comment).
    text_chosen, text_level = memo("rc.population", ds, ((text,), population, weight_name),
                                   lambda: select((text,)))
    tags = memo("rc.tags", ds, (text, population, weight_name, themes_key, lang),
                lambda: th.tag_texts(text_chosen.frame[text], themes, lang))


# --- the main Pareto -------------------------------------------------------------------------------
def main_pareto() -> tuple[pa.ParetoResult, pd.DataFrame, str]:
    """(result, the frame with one row per cause occurrence, its cause column)."""
    if cause == THEMES:
        result, _ = th.theme_pareto(chosen.frame, text, themes, weight, cut, other_below, lang, tags=tags)
        return result, th.theme_mentions(chosen.frame, tags), th.THEME_COLUMN
    return pa.pareto(chosen.frame, cause, weight, cut, other_below), chosen.frame, cause


try:
    result, cause_frame, by = memo("rc.pareto", ds, (*params, themes_key), main_pareto)
except (pa.ParetoError, th.ThemeError) as exc:
    with main:
        show_error(exc)
    st.stop()

# the page's base: the population's rows with a cause recorded (and a weight), as the ranking counts them
left_out = {"not_in_population": chosen.n_in - chosen.n - sum(chosen.excluded.values()), **chosen.excluded}
if cause != THEMES:        # a text's themes count mentions, not rows
    left_out.update({"blank_cause": result.n_blank, **result.excluded})
if level == "tickets":
    widgets.count_line(quality.page_count(state.dataset(), "tickets", chosen.n_in, left_out))
else:
    widgets.responses_count_line(state.dataset(), ds, chosen.n_in, left_out)

with main:
    st.subheader(tr("rc.pareto.title", cause=plain(label(cause)), population=tr(POPULATIONS[population])))
    if result.problem:
        st.info(tr("rc.problem", problem=plain(result.problem)))
        st.stop()
    skew = memo("rc.skew", ds, (*params, themes_key), lambda: pa.skew_test(result, cut=cut))
    # the chart over the whole width, its table under it: side by side, at 1024 px, neither fitted
    event = st.altair_chart(charts.pareto_chart(result, lang, skew=skew, pick=PICK), width="stretch",
                            on_select="rerun", selection_mode=PICK, key="rc_chart")
    notebook.pin("chart", tr("nav.root_causes"), chart=charts.pareto_chart(result, lang, skew=skew),
                 table=result.table, filters=st.session_state.get(widgets.ACTIVE_FILTERS, {}), key="rc_main")
    clicked = [point.get("cause") for point in (event.selection.get(PICK) or []) if point.get("cause")]
    # A new click on a bar opens that cause in the drill-down tab (a later manual choice stays).
    if clicked and clicked != st.session_state.get("rc_clicked") and clicked[0] in result.order:
        st.session_state["rc_drill"] = clicked[0]
        st.session_state["rc_clicked"] = clicked
        st.toast(tr("rc.drill.clicked", cause=plain(clicked[0])))
    widgets.table(pareto_table(result), KINDS)
    widgets.csv_download(result.table.drop(columns="is_other"), "pareto.csv", key="rc_dl_pareto")
    st.markdown(tr("rc.pareto.summary", vital_n=result.vital_n, k=len(result.table),
                   vital_share=result.vital_share or 0.0, weight=tr(f"pareto.weight.{result.weight}").lower(),
                   total=result.total))
    if cause != THEMES:        # themes: empty and untagged texts are reported in the themes note
        if result.n_blank:
            st.info(tr("rc.no_cause", n_blank=result.n_blank, n=result.n, n_cause=result.n_cause, level=level_text,
                       cause=plain(label(cause))))
        else:
            st.caption(tr("rc.no_cause.none", n=result.n, level=level_text, cause=plain(label(cause))))
    if result.folded:
        st.caption(tr("rc.folded", n=len(result.folded), causes=plain(", ".join(result.folded))))
    if not result.cut_reached:
        st.warning(tr("pareto.warn.cut_not_reached"))
    verdict = tr(f"pareto.skew.{skew.verdict}", **skew.message_args())
    note = st.success if skew.verdict == "skewed" else st.warning if skew.verdict in ("weak", "uniform") else st.info
    note(f"**{tr('rc.skew.title')}** {verdict}" + ("" if result.weight == pa.COUNT
                                                    else " " + tr("pareto.note.counts_only_test")))
    themes_note = (tr("rc.how.themes_note", n_multi=tags.n_multi, n_untagged=tags.n_untagged, n_blank=tags.n_blank)
                   if cause == THEMES else "")
    widgets.how_computed("rc.how.pareto", n=result.n_cause, n_blank=result.n_blank, level=level_text, weight=tr(f"pareto.weight.{result.weight}"),
                         cause=plain(label(cause if cause != THEMES else text)), total=result.total, cut=cut,
                         n_pop=chosen.n, n_in=chosen.n_in, population=tr(POPULATIONS[population]),
                         excluded=excluded_text(chosen.excluded, result.excluded), themes=themes_note)


# --- stratified ------------------------------------------------------------------------------------
def strata_panel() -> None:
    """The Pareto within each group (channel, priority, customer type), in the overall order."""
    strata_options = [c for c in STRATA if causes.get(c, 0) >= 2 and c in cause_frame.columns]
    if not strata_options:
        st.info(tr("rc.strata.none"))
    else:
        strata = choice(st.selectbox, tr("rc.strata.by"), strata_options, "rc_strata", format_func=label)
        dropped = ["is_other", "weight"] if result.weight == pa.COUNT else ["is_other"]
        st.caption(tr("rc.strata.help"))
        try:
            strat = memo("rc.strata", ds, (*params, themes_key, strata), lambda: pa.stratified_pareto(
                cause_frame, by, strata, weight, cut, other_below))
            widgets.show_chart(charts.stratified_chart(strat, lang), key="root_causes_chart1")
            if strat.n_blank:
                st.caption(tr("rc.strata.no_cause", items="; ".join(
                    f"{plain(group)}: {n:,}" for group, n in strat.n_blank.items())))
            widgets.table(user_columns(strat.table.drop(columns=dropped).rename(
                columns={"stratum": strata})).rename(columns={
                    "cause": tr("rc.col.cause"), "count": tr("rc.col.count"), "share": tr("rc.col.share"),
                    "cum_share": tr("rc.col.cum_share"), "vital_few": tr("rc.col.vital_few"),
                    "weight": tr(f"pareto.weight.{result.weight}")}), KINDS)
            widgets.how_computed("rc.how.strata", strata=plain(label(strata)), k=len(strat.order), cut=cut,
                                 groups=len(strat.strata), n=strat.overall.n, level=level_text,
                                 excluded=excluded_text(strat.excluded))
        except pa.ParetoError as exc:
            show_error(exc)


# --- before / after --------------------------------------------------------------------------------
def periods_panel() -> None:
    """The cause mix before and after, and the test of whether it shifted."""
    span = cause_frame["created_at"].dropna() if "created_at" in cause_frame.columns else pd.Series(dtype="object")
    if span.empty:
        st.info(tr("rc.periods.no_dates"))
    else:
        mode = choice(st.radio, tr("rc.periods.mode"), ["halves", "dates"], "rc_period_mode", "halves",
                      horizontal=True, format_func=lambda m: tr(f"rc.periods.{m}"))
        periods = None
        if mode == "dates":
            try:
                (b0, b1), (a0, a1) = pa.day_halves(span)
            except pa.ParetoError as exc:
                show_error(exc)
                st.stop()
            left, right = st.columns(2)
            before_days = left.date_input(tr("rc.periods.before"), value=(b0, b1), min_value=b0, max_value=a1,
                                          key="rc_before")
            after_days = right.date_input(tr("rc.periods.after"), value=(a0, a1), min_value=b0, max_value=a1,
                                          key="rc_after")
            if len(before_days) == 2 and len(after_days) == 2:
                periods = (pa.day_period(*before_days), pa.day_period(*after_days))
            else:
                st.info(tr("rc.periods.pick_two"))
        if mode == "halves" or periods is not None:
            try:
                def compare():
                    split = pa.split_periods(cause_frame, "created_at", *(periods or (None, None)),
                                         columns=[by, *pa.weight_columns(weight)])
                    return split, pa.compare_periods(split.before, split.after, by, weight, cut, other_below)
                split, comparison = memo("rc.periods", ds, (*params, themes_key, mode, periods), compare)
                st.caption(tr("rc.periods.ranges", b0=split.before_range[0].date(), b1=split.before_range[1].date(),
                              a0=split.after_range[0].date(), a1=split.after_range[1].date(),
                              nb=len(split.before), na=len(split.after), level=level_text))
                if comparison.before.n_blank or comparison.after.n_blank:
                    st.caption(tr("rc.periods.no_cause", nb=comparison.before.n_blank, na=comparison.after.n_blank,
                                  level=level_text))
                if comparison.problem:
                    st.info(tr("rc.problem", problem=plain(comparison.problem)))
                else:
                    widgets.show_chart(charts.before_after_chart(comparison, lang), key="root_causes_chart2")
                    verdict = tr("rc.periods.shifted" if comparison.p < 0.05 else "rc.periods.same")
                    st.markdown(tr("rc.periods.test", chi2=comparison.chi2, dof=comparison.dof, p_text=pa.p_text(comparison.p),
                                   verdict=verdict))
                    if comparison.warning:
                        st.warning(tr("pareto.warn.low_expected", n_low=comparison.n_low_expected,
                                      n_cells=comparison.n_cells, min_expected=comparison.min_expected))
                    shown = comparison.table.drop(
                        columns=["weight_before", "weight_after"] if result.weight == pa.COUNT else [])
                    widgets.table(shown.rename(columns={
                        "cause": tr("rc.col.cause"), "count_before": tr("rc.col.count_before"),
                        "count_after": tr("rc.col.count_after"), "share_before": tr("rc.col.share_before"),
                        "weight_before": tr("rc.col.weight_before", weight=tr(f"pareto.weight.{result.weight}")),
                        "weight_after": tr("rc.col.weight_after", weight=tr(f"pareto.weight.{result.weight}")),
                        "share_after": tr("rc.col.share_after"), "change": tr("rc.col.change")}), KINDS)
                widgets.how_computed("rc.how.periods", excluded=excluded_text(split.excluded))
            except pa.ParetoError as exc:
                show_error(exc)


# --- drill-down ------------------------------------------------------------------------------------
def drill_panel() -> None:
    """The rows behind one cause, and all of them as a CSV."""
    # The rows with no cause recorded can be opened too: they are out of the ranking, not lost.
    drill_options = result.order + ([pa.BLANK] if result.n_blank else [])
    if st.session_state.get("rc_drill") not in drill_options:
        st.session_state.pop("rc_drill", None)       # a cause of an earlier choice of column
    picked = st.selectbox(tr("rc.drill.cause"), drill_options, key="rc_drill",
                          format_func=lambda c: tr("rc.drill.no_cause") if c == pa.BLANK else c)
    columns = [c for c in DRILL_COLUMNS if c in cause_frame.columns and cause_frame[c].notna().any()]
    if by not in columns:
        columns.insert(0, by)
    rows = pa.drill_down(cause_frame, by, picked, columns, result)
    st.caption(tr("rc.drill.rows", n=len(rows), level=level_text,
                  cause=tr("rc.drill.no_cause") if picked == pa.BLANK else plain(picked)))
    if len(rows) > DRILL_SHOWN:
        st.caption(tr("rc.drill.capped", shown=DRILL_SHOWN, n=len(rows)))
    widgets.table(user_columns(rows.head(DRILL_SHOWN)))
    widgets.csv_download(user_columns(rows), "pareto_drill_down.csv", key="rc_dl_drill", deferred=True)


# --- causes from text ------------------------------------------------------------------------------
def text_panel() -> None:
    """Keyword themes of the text column: counts, the finding, their Pareto."""
    if text is None:
        st.info(tr("rc.no_text_for_themes"))
        return
    st.markdown(tr("rc.text.counts", text=plain(label(text)), n_texts=tags.n_texts, n_blank=tags.n_blank,
                   n_tagged=tags.n_tagged, n_untagged=tags.n_untagged, n_multi=tags.n_multi))
    table = tags.table()
    if not table.empty and table["texts"].iloc[0] > 0:
        focus = "canned_scripts" if population == pa.LOW_SCORE_TICKETS and \
            table.loc[table["theme"] == "canned_scripts", "texts"].sum() > 0 else table["theme"].iloc[0]
        row = table.loc[table["theme"] == focus].iloc[0]
        st.markdown(tr("rc.text.finding", share=row["share_of_rows"], n=tags.n_texts + tags.n_blank,
                       population=tr(POPULATIONS[population]),
                       level=tr(f"rc.level.{text_level}"),
                       label=plain(row["label"]), text=plain(label(text))))
        if focus == "canned_scripts":
            st.caption(tr("rc.text.finding_000"))
    left, right = st.columns(2)
    widgets.show_chart(charts.theme_counts_chart(tags, lang), key="root_causes_chart3", where=left)
    widgets.table(table.drop(columns="theme").rename(columns={
        "label": tr("rc.text.col.theme"), "texts": tr("rc.text.col.texts"),
        "share_of_texts": tr("rc.text.col.share_texts"), "share_of_rows": tr("rc.text.col.share_rows")}),
        KINDS, where=right)
    st.markdown(f"**{tr('rc.text.pareto')}**")
    theme_result = memo("rc.theme_pareto", ds, (*params, themes_key), lambda: th.theme_pareto(
        text_chosen.frame, text, themes, weight, cut, other_below, lang, tags=tags)[0])
    if theme_result.problem:
        st.info(tr("rc.problem", problem=plain(theme_result.problem)))
    else:
        widgets.show_chart(charts.pareto_chart(theme_result, lang), key="root_causes_chart4")
        widgets.table(pareto_table(theme_result), KINDS)
    widgets.how_computed("rc.how.text", n=tags.n_texts + tags.n_blank, level=tr(f"rc.level.{text_level}"))


# --- fishbone --------------------------------------------------------------------------------------
def fishbone_mapping() -> dict[str, str]:
    """The cause -> heading mapping after the user's edits in the heading table (kept in the session)."""
    version = st.session_state.setdefault("rc_fish_version", 0)
    key = f"rc_fish_editor_{version}_{by}_{cause}_{population}"
    if key not in st.session_state:       # a fresh editor starts from what was saved
        st.session_state["rc_fish_base"] = st.session_state.get("rc_fish", {})
    base = st.session_state.get("rc_fish_base", {})
    base_result = memo("rc.fishbone", ds, (*params, themes_key, json.dumps(base, sort_keys=True, ensure_ascii=False)),
                       lambda: fb.fishbone(cause_frame, by, {**fb.default_mapping(), **base}, weight, cut, lang))
    table = base_result.groups[["cause", "heading"]].assign(
        heading=base_result.groups["heading"].where(base_result.groups["heading"] != fb.UNMAPPED))
    edited = st.data_editor(table, key=key, hide_index=True, width="stretch", disabled=["cause"],
                            column_config={
                                "cause": st.column_config.TextColumn(tr("rc.col.cause"), pinned=True),
                                "heading": st.column_config.SelectboxColumn(
                                    tr("rc.fish.col.heading"), options=list(fb.HEADINGS),
                                    format_func=lambda h: fb.heading_label(h, lang))})
    if st.button(tr("rc.fish.reset"), key="rc_fish_reset"):
        st.session_state["rc_fish"] = {}
        st.session_state["rc_fish_version"] = version + 1
        st.rerun()
    changed = edited[edited["heading"].notna() & edited["heading"].ne(table["heading"])]   # only the edits
    overrides = {**base, **dict(zip(changed["cause"], changed["heading"]))}
    st.session_state["rc_fish"] = overrides
    return overrides


def fish_panel() -> None:
    """The causes under the six Ishikawa headings, and the headings' Pareto."""
    st.caption(tr("rc.fish.help"))
    try:
        overrides = fishbone_mapping()
        fish = memo("rc.fishbone", ds, (*params, themes_key, json.dumps(overrides, sort_keys=True, ensure_ascii=False)),
                    lambda: fb.fishbone(cause_frame, by, {**fb.default_mapping(), **overrides}, weight, cut, lang))
        if fish.unmapped:
            st.caption(tr("rc.fish.unmapped", causes=plain(", ".join(fish.unmapped))))
        if fish.pareto.problem:
            st.info(tr("rc.problem", problem=plain(fish.pareto.problem)))
        else:
            widgets.show_chart(charts.pareto_chart(fish.pareto, lang), key="root_causes_chart5")
            widgets.table(pareto_table(fish.pareto), KINDS)
        widgets.how_computed("rc.how.fish", cut=cut, n=fish.pareto.n_cause, level=level_text,
                             excluded=excluded_text(fish.pareto.excluded, {tr("rc.drill.no_cause"): fish.pareto.n_blank}))
    except (fb.FishboneError, pa.ParetoError) as exc:
        show_error(exc)


# --- the tab shown ---------------------------------------------------------------------------------
PANELS = ((tab_strata, strata_panel), (tab_periods, periods_panel), (tab_drill, drill_panel),
          (tab_text, text_panel), (tab_fish, fish_panel))
for tab, panel in PANELS:
    if tab.open:
        with tab:
            panel()
