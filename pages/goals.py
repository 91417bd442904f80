"""Goals page: every saved goal at a glance (current value, progress, bullet chart, projection to the
deadline, status, gap planner) and the form that creates, edits and deletes goals in the store.
A new store has no goals: the page explains goals and offers the three example goals in one click
(prominently with the sample data). When the store cannot be opened the page says why and keeps
the goals in memory for the session (the button then adds the examples there)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pandas as pd
import streamlit as st

from analysis import goals as G
from analysis.metrics import METRICS
from analysis.formatting import percent_text
from analysis.periods import GRAINS, segment_options
from analysis.store import GoalConflictError, StoreError
from charts import goals as goal_charts
from ui import cards, goalbook, state, widgets
from ui.cache import memo, responses
from ui.text import plain

tr = state.tr
MEMORY = goalbook.MEMORY
FLASH, PICK, PICK_NEXT = "goals_flash", "goals_pick", "goals_pick_next"
NEW = "__new__"
AUTO = "__auto__"          # the grain taken from the goal's dates (analysis.goals.default_grain)
SEGMENT_COLUMNS = ["channel", "channel_key", "priority", "priority_key", "request_type", "category",
                   "customer_type", "customer_type_key", "agent"]
BADGE = {G.ON_TRACK: ("green", ":material/check_circle:"), G.AT_RISK: ("orange", ":material/warning:"),
         G.OFF_TRACK: ("red", ":material/cancel:"), G.MET: ("green", ":material/flag:"),
         G.MISSED: ("red", ":material/flag:"), G.NOT_ENOUGH: ("gray", ":material/hourglass_empty:"),
         None: ("gray", ":material/help:")}

st.title(tr("nav.goals"))
st.caption(tr("goals_page.intro"))
ds, chosen = widgets.page_data()
full = state.dataset()
widgets.tickets_count_line(full, chosen)
anchor = full.date_span[1]
filters_text = ", ".join(f"{k}: {plain(v)}" for k, v in chosen.describe().items()) or tr("periods_page.filters_none")
store = goalbook.store()
defaults = {g.id: g.name for g in G.default_goals(anchor)} if anchor is not None else {}


def metric_label(key: str) -> str:
    return tr(f"overview.kpi.{key}") if key in METRICS else tr(f"periods_page.kpi.{key}")


def display_name(goal: G.Goal) -> str:
    return widgets.goal_name(goal, defaults, unnamed=metric_label(goal.metric))


def segment_text(goal: G.Goal) -> str:
    return widgets.segment_text(goal.segment)


def fmt(value, unit: str) -> str:
    return cards.number(None if value is None or pd.isna(value) else float(value), unit)


def status_text(status: str | None) -> str:
    return tr(f"periods.goal.status.{status}") if status else tr("goals_page.status.none")


# --- the goals: from the store, or in memory while it cannot be opened ---------------------------
book = goalbook.book(store)
if book.problem:
    st.warning(tr("periods.store.error", message=plain(book.problem)), icon=":material/database:")
    st.caption(tr("goals_page.memory"))
goals: list[G.Goal] = book.goals
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash)


def save(goal: G.Goal, base: int) -> G.Goal | None:
    """Write one goal (the store, or the in-memory list while the store is unusable). `base` is the
    version the form was opened on (0 for a new goal): a store that has moved on since refuses the
    save, and the refusal is kept for the conflict panel above the form."""
    if book.problem:
        goal = goal if goal.id else goal.replace(id=uuid.uuid4().hex[:12])
        st.session_state[MEMORY] = [g for g in goals if g.id != goal.id] + [goal]
        return goal
    try:
        return store.save_goal(goal, expected_version=base)
    except GoalConflictError as err:
        st.session_state[goalbook.CONFLICT] = {"mine": goal, "saved": err.saved, "action": "save"}
        st.rerun()
    except StoreError as err:
        st.error(tr("goals_page.write_failed", message=plain(err)))
    return None


def flash_saved(goal: G.Goal) -> None:
    """Say "saved" on the next run (the page reruns after a write)."""
    st.session_state[FLASH] = tr("goals_page.saved", name=plain(display_name(goal)))


def delete(goal: G.Goal, base: int) -> bool:
    if book.problem:
        st.session_state[MEMORY] = [g for g in goals if g.id != goal.id]
        return True
    try:
        return store.delete_goal(goal.id, expected_version=base)
    except GoalConflictError as err:
        st.session_state[goalbook.CONFLICT] = {"mine": goal, "saved": err.saved, "action": "delete"}
        st.rerun()
    except StoreError as err:
        st.error(tr("goals_page.write_failed", message=plain(err)))
    return False


# --- at a glance -------------------------------------------------------------------------------------
statuses = memo("goals.evaluate", ds, tuple(repr(g) for g in goals), lambda: G.evaluate_dataset_goals(goals, ds, responses(ds)))


def grain_text(grain: str | None) -> str:
    return tr(f"periods.grain.{grain}") if grain else "–"


def quantile_key(s: G.GoalStatus) -> str:
    """"p90" for a P90 metric, else "median" (the quantile a Kaplan–Meier goal reads)."""
    return "p90" if s.goal.metric in METRICS and METRICS[s.goal.metric].kind == "p90" else "median"


def quantile_of(s: G.GoalStatus) -> str:
    """"median" or "P90" for a Kaplan–Meier time, in the session's language."""
    return tr(f"goals_page.quantile.{quantile_key(s)}")


def value_text(value, unit: str, not_reached: bool) -> str:
    return tr("goals_page.not_reached") if not_reached else fmt(value, unit)


def progress_text(progress: float | None) -> str:
    """Progress as a whole percentage with a true minus sign; "–" where there is none."""
    return "–" if progress is None else percent_text(progress * 100, 0)


def verdict_line(s: G.GoalStatus) -> str:
    """The verdict with the figure it rests on: the period's value and n, or the projection."""
    g = s.goal
    status, target = status_text(s.status), fmt(g.target, s.unit)
    if s.status_basis == "not_reached":
        return tr("goals_page.verdict.not_reached", status=status, quantile=quantile_of(s), period=s.current_period,
                  censored=f"{s.current_censored:,}", n=f"{s.current_n:,}",
                  share=tr(f"goals_page.share.{quantile_key(s)}"))
    if s.status == G.NOT_ENOUGH and s.status_basis == "deadline_passed":
        return tr("goals_page.verdict.not_enough", status=status, period=s.current_period or s.deadline_period,
                  n=f"{s.current_n:,}", min_n=G.MIN_N)
    if s.status == G.NOT_ENOUGH:
        return tr("goals_page.verdict.too_few", status=status, grain=grain_text(g.grain), min_n=G.MIN_N,
                  why=no_projection_text(s))
    if s.status_basis == "projection":
        return tr("goals_page.verdict.projection", status=status, period=s.deadline_period,
                  projected=fmt(s.projected, s.unit), low=fmt(s.projected_low, s.unit),
                  high=fmt(s.projected_high, s.unit), n=f"{s.projected_n or 0:,.0f}", target=target)
    return tr("goals_page.verdict", status=status, period=s.current_period, value=fmt(s.current, s.unit),
              n=f"{s.current_n:,}", target=target)


def no_projection_text(s: G.GoalStatus) -> str:
    trend = G.TREND_GRAINS[s.goal.grain][-1]
    return tr(f"goals_page.no_projection.{s.no_projection or 'periods'}", k=G.MIN_PERIODS, min_n=G.MIN_N,
              trend=grain_text(trend), quantile=quantile_of(s))


chart_labels = {k: tr(f"goals_page.chart.{k}") for k in goal_charts.LABELS}
if not goals:
    # the empty state: what a goal is, and the example goals one click away
    st.subheader(tr("goals_page.empty_header"))
    st.markdown(tr("goals_page.empty"))
    sample_loaded = goalbook.is_sample(full)
    if anchor is not None:
        st.caption(tr("goals_page.examples_sample" if sample_loaded else "goals_page.examples",
                      anchor=pd.Timestamp(anchor).date().isoformat()))
        if st.button(tr("goals_page.add_examples"), key="goals_add_examples", icon=":material/flag:",
                     type="primary" if sample_loaded else "secondary"):
            try:
                goalbook.add_examples(anchor, store, in_memory=bool(book.problem))
            except StoreError as err:
                st.error(tr("goals_page.write_failed", message=plain(err)))
            else:
                st.session_state[FLASH] = tr("goals_page.examples_added")
                st.rerun()
    st.caption(tr("goals_page.none"))
else:
    asof = next((s.asof for s in statuses if s.asof is not None), None)
    if asof is not None:
        st.caption(tr("goals_page.asof", asof=asof.date().isoformat()))
    st.subheader(tr("goals_page.overview_header"))
    named = [dataclasses.replace(s, goal=s.goal.replace(name=display_name(s.goal))) for s in statuses]
    widgets.show_chart(goal_charts.bullet_chart(named, title=tr("goals_page.bullet_title"),
                                             status_labels={k: status_text(None if k == "none" else k)
                                                            for k in goal_charts.STATUS_COLOURS},
                                             labels=chart_labels), key="goals_chart1")
    # figures as the cards write them (unit included; "–" where there is none, "not reached" for a
    # Kaplan–Meier quantile that is not), so no cell shows a bare None
    widgets.table(pd.DataFrame({
        tr("goals_page.col.goal"): [display_name(s.goal) for s in statuses],
        tr("goals_page.col.metric"): [metric_label(s.goal.metric) for s in statuses],
        tr("goals_page.col.status"): [status_text(s.status) for s in statuses],
        tr("goals_page.col.period"): [s.current_period or "–" for s in statuses],
        tr("goals_page.col.current"): [value_text(s.current, s.unit, s.current_not_reached) for s in statuses],
        tr("goals_page.col.n"): [s.current_n for s in statuses],
        tr("goals_page.col.baseline"): [fmt(s.baseline, s.unit) for s in statuses],
        tr("goals_page.col.target"): [fmt(s.goal.target, s.unit) for s in statuses],
        tr("goals_page.col.progress"): [progress_text(s.progress) for s in statuses],
        tr("goals_page.col.deadline_period"): [s.deadline_period or "–" for s in statuses],
        tr("goals_page.col.projected"): [fmt(s.projected, s.unit) for s in statuses],
        tr("goals_page.col.projected_low"): [fmt(s.projected_low, s.unit) for s in statuses],
        tr("goals_page.col.projected_high"): [fmt(s.projected_high, s.unit) for s in statuses],
        tr("goals_page.col.deadline"): [s.goal.deadline.date().isoformat() for s in statuses],
        tr("goals_page.col.segment"): [segment_text(s.goal) for s in statuses],
    }), {tr("goals_page.col.n"): widgets.COUNT,
         **{tr(f"goals_page.col.{c}"): widgets.FIGURE for c in ("current", "baseline", "target", "progress", "projected",
                                                                 "projected_low", "projected_high")}},
        key="goals_table",
        # where each goal stands first, beside its name (at 1024 px the rest scrolls into view)
        column_order=[tr(f"goals_page.col.{c}") for c in (
            "goal", "status", "current", "target", "progress", "metric", "period", "n", "baseline", "deadline_period",
            "projected", "projected_low", "projected_high", "deadline", "segment")])
    widgets.how_computed("goals_page.how_bullet")

    for s in statuses:
        g = s.goal
        with st.container(border=True):
            head, badge = st.columns([4, 1])
            head.markdown(f"#### {plain(display_name(g))}")
            colour, icon = BADGE.get(s.status, BADGE[None])
            with badge:
                st.badge(status_text(s.status), color=colour, icon=icon)
            st.caption(tr("goals_page.window", start=g.start.date(), deadline=g.deadline.date(),
                          grain=grain_text(g.grain), segment=plain(segment_text(g))))
            if s.problem:
                st.info(tr("goals_page.problem", problem=plain(s.problem)))
                continue
            st.markdown(verdict_line(s))
            widgets.metric_flow([
                {"label": tr("goals_page.current", period=s.current_period) if s.current_period
                 else tr("goals_page.current_none", grain=grain_text(g.grain)),
                 "value": value_text(s.current, s.unit, s.current_not_reached), "help": f"n = {s.current_n:,}"},
                {"label": tr("goals_page.col.target"), "value": fmt(g.target, s.unit)},
                {"label": tr("periods.goal.progress"), "value": progress_text(s.progress)}])
            if s.km:
                st.caption(tr("goals_page.km", quantile=quantile_of(s), period=s.current_period,
                              censored=f"{s.current_censored:,}", n=f"{s.current_n:,}") if s.current_period
                           else tr("goals_page.km_no_period", quantile=quantile_of(s)))
            if s.partial_period:
                st.caption(tr("goals_page.partial", period=s.partial_period,
                              value=value_text(s.partial_value, s.unit, s.partial_not_reached), n=f"{s.partial_n:,}"))
            if s.progress is not None:
                key = "goals_page.progress_partial" if s.progress_partial else "goals_page.progress_caption"
                st.caption(tr(key, progress=progress_text(s.progress), baseline=fmt(s.baseline, s.unit),
                              target=fmt(g.target, s.unit),
                              period=s.partial_period if s.progress_partial else s.current_period,
                              n=f"{s.partial_n if s.progress_partial else s.current_n:,}"))
            if s.hold_the_line:
                st.caption(tr("goals_page.hold", target=fmt(g.target, s.unit)))
            if s.trend_grain:
                st.caption(tr("goals_page.trend_grain", grain=grain_text(s.trend_grain),
                              model=tr(f"goals_page.model.{s.trend_model}")))
            elif s.status_basis != "deadline_passed" and s.status != G.NOT_ENOUGH:
                st.markdown(tr("goals_page.no_projection_line", why=no_projection_text(s)))
            kind = G.gap_kind(s)
            if kind != "none":
                if kind == "unreachable":
                    kind = f"unreachable.{g.direction}"
                st.markdown(tr(f"goals_page.gap.{kind}", target=fmt(g.target, s.unit), deadline=g.deadline.date(),
                               expected_n=f"{s.expected_n or 0:,.0f}", needed=f"{abs(s.needed_count or 0):,}",
                               period=s.deadline_period, rate=fmt(s.latest, s.unit),
                               what=tr(f"goals_page.what.{g.metric}"),
                               obs=tr(f"goals_page.obs.{g.metric}") if g.metric == "complaint_resolution_pct"
                               else tr(f"goals_page.obs.{METRICS[g.metric].source}") if g.metric in METRICS else "",
                               change=fmt(s.change_per_period, s.unit), grain=grain_text(g.grain)))
            st.caption(tr(f"goals_page.basis.{s.status_basis}", min_n=G.MIN_N, k=G.MIN_PERIODS,
                          elapsed="–" if s.elapsed is None else percent_text(s.elapsed * 100, 0), quantile=quantile_of(s)))
            with st.expander(tr("periods.goal.projection")):
                widgets.show_chart(goal_charts.projection_chart(s, title=display_name(g), y_title=
                                                                f"{metric_label(g.metric)} ({s.unit})",
                                                                labels=chart_labels), key=f"goals_chart2_{g.id}")
            widgets.how_computed("goals_page.how", grain=grain_text(g.grain), min_n=G.MIN_N,
                                 deadline_period=s.deadline_period or "–",
                                 asof=s.asof.date() if s.asof is not None else "–", filters=filters_text)

# --- create / edit / delete ------------------------------------------------------------------------
st.subheader(tr("goals_page.manage_header"))
by_id = {g.id: g for g in goals}
if PICK_NEXT in st.session_state:
    st.session_state[PICK] = st.session_state.pop(PICK_NEXT)
# a goal whose form is open here but that someone else deleted meanwhile stays pickable, with the
# values as it was opened, so the edits in its form are not lost (saving creates it anew)
gone = goalbook.vanished(st.session_state.get(PICK), by_id)
if st.session_state.get(PICK) not in (NEW, *by_id, *gone):
    st.session_state.pop(PICK, None)
pick = st.selectbox(tr("goals_page.pick"), [NEW, *by_id, *gone], key=PICK,
                    format_func=lambda i: tr("goals_page.new") if i == NEW else display_name(by_id[i]) if i in by_id
                    else tr("goals_page.gone_option", name=display_name(gone[i])))
deleted_meanwhile = pick in gone
# the form shows, and a save starts from, the goal as it was when its form was opened here
current = None if pick == NEW else gone[pick] if deleted_meanwhile else goalbook.opened(by_id[pick])
if pick == NEW:
    st.session_state.pop(goalbook.OPENED, None)
base = 0 if current is None or deleted_meanwhile else current.version
if deleted_meanwhile:
    st.warning(tr("goals_page.gone", name=plain(display_name(current))), icon=":material/delete:")
goalbook.conflict_panel(pick, display_name, metric_label, save, saved=flash_saved)
k = f"goalform_{pick}_"       # fresh widgets per goal, so each opens with its own values
day = (anchor or pd.Timestamp.today()).date()


def as_date(value, fallback: dt.date) -> dt.date:
    return fallback if value is None else pd.Timestamp(value).date()


metric_keys = list(G.goal_metrics(full.csat_scale))
name = st.text_input(tr("goals_page.f.name"), value=current.name if current else "", key=k + "name")
left, right = st.columns(2)
metric = left.selectbox(tr("goals_page.f.metric"), metric_keys, format_func=metric_label, key=k + "metric",
                        index=metric_keys.index(current.metric) if current and current.metric in metric_keys else 1)
direction = right.radio(tr("goals_page.f.direction"), [G.INCREASE, G.DECREASE], horizontal=True, key=k + "direction",
                        index=0 if current is None or current.direction == G.INCREASE else 1,
                        format_func=lambda d: tr(f"goals_page.f.direction.{d}"))
mode = st.radio(tr("goals_page.f.baseline_mode"), ["typed", "period"], horizontal=True, key=k + "mode",
                index=0 if current is None or current.baseline is not None else 1,
                format_func=lambda m: tr(f"goals_page.f.baseline_mode.{m}"))
left, right = st.columns(2)
baseline = baseline_period = None
if mode == "typed":
    baseline = left.number_input(tr("goals_page.f.baseline"), value=float(current.baseline)
                                 if current and current.baseline is not None else 0.0, key=k + "baseline")
else:
    baseline_period = left.date_input(
        tr("goals_page.f.baseline_period"), key=k + "baseline_period",
        value=(as_date(current.baseline_start if current else None, day - dt.timedelta(days=90)),
               as_date(current.baseline_end if current else None, day)))
target = right.number_input(tr("goals_page.f.target"), value=float(current.target) if current else 0.0,
                            key=k + "target")
# the review grain in half the row: in a third, "From the dates: Monthly" was cut at 1024 px
a, b, c = st.columns([1, 1, 2])
start = a.date_input(tr("goals_page.f.start"), value=as_date(current.start if current else None, day),
                     key=k + "start")
deadline = b.date_input(tr("goals_page.f.deadline"), key=k + "deadline",
                        value=as_date(current.deadline if current else None, day + dt.timedelta(days=90)))
# a new goal is read at the grain its dates make (a calendar quarter → quarter) unless one is picked
auto_grain = G.default_grain(start, deadline) if deadline >= start else "day"
grain = c.selectbox(tr("goals_page.f.grain"), [AUTO, *GRAINS], key=k + "grain",
                    format_func=lambda x: tr("goals_page.f.grain_auto", grain=tr(f"periods.grain.{auto_grain}"))
                    if x == AUTO else tr(f"periods.grain.{x}"),
                    index=GRAINS.index(current.grain) + 1 if current and current.grain in GRAINS else 0)
columns = ["", *segment_options(full.tickets, SEGMENT_COLUMNS)]
seg_now = next(iter(current.segment.items()), None) if current else None
if seg_now and seg_now[0] not in columns:
    columns.append(seg_now[0])
left, right = st.columns(2)
seg_col = left.selectbox(tr("goals_page.f.segment_column"), columns, key=k + "segment_column",
                         index=columns.index(seg_now[0]) if seg_now else 0,
                         format_func=lambda col: tr("goals_page.f.segment_none") if not col else
                         widgets.segment_column_label(col))
seg_val = None
if seg_col:
    values = sorted(str(v) for v in full.tickets[seg_col].dropna().unique()) if seg_col in full.tickets else []
    if seg_now and seg_now[0] == seg_col and str(seg_now[1]) not in values:
        values.append(str(seg_now[1]))
    seg_val = right.selectbox(tr("goals_page.f.segment_value"), values, key=k + "segment_value",
                              index=values.index(str(seg_now[1])) if seg_now and seg_now[0] == seg_col else 0,
                              format_func=lambda v: widgets.segment_value_label(seg_col, v))

# the buttons as wide as their labels, side by side (in fifths of the page "Save goal" was cut)
save_col = delete_col = st.container(horizontal=True)
if save_col.button(tr("goals_page.f.save"), type="primary", key=k + "save", icon=":material/save:"):
    period_ok = isinstance(baseline_period, (tuple, list)) and len(baseline_period) == 2
    try:
        goal = G.Goal(id=current.id if current and not deleted_meanwhile else "", metric=metric, direction=direction, target=target,
                      start=start, deadline=deadline, baseline=baseline,
                      baseline_start=baseline_period[0] if period_ok else None,
                      baseline_end=baseline_period[1] if period_ok else None,
                      segment={seg_col: seg_val} if seg_col and seg_val is not None else {},
                      grain=None if grain == AUTO else grain, name=name.strip())
    except G.GoalError as err:
        st.error(tr("goals_page.invalid", message=plain(err)))
    else:
        saved = save(goal, base)
        if saved is not None:
            goalbook.forget(pick)
            flash_saved(saved)
            st.session_state[PICK_NEXT] = saved.id
            st.rerun()
if current is not None and not deleted_meanwhile and delete_col.button(
        tr("goals_page.f.delete"), key=k + "delete", icon=":material/delete:"):
    if delete(current, base):
        goalbook.forget(pick)
        st.session_state[FLASH] = tr("goals_page.deleted", name=plain(display_name(current)))
        st.session_state[PICK_NEXT] = NEW
        st.rerun()
