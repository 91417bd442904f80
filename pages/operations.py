"""Operations & SLA page: compliance per priority tier for first response and resolution (clock or
business time, editable tiers), the breaches, and the backlog monitor with the first-response
alert. Every number comes from analysis.sla / analysis.kpis; this page only draws."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import coverage, kpis, quality, schema, sla
from analysis.calendar import DEFAULT_CALENDAR
from charts import operations as charts
from ui import cards, filters, mapping_editor, state, widgets
from ui.cache import memo
from ui.text import plain

tr = state.tr
SHOWN_ROWS = 1000   # a table in the browser; the CSV carries every row


st.title(tr("nav.operations"))
full, chosen = widgets.page_filters()
# Every ticket's SLA spans are read once per setting and judged once per "as of" instant; the
# filters are masks over the judgements (no filtered dataset is cut). The backlog counts tickets opened before the range too.
kept = filters.rows(full, chosen)
kept_undated = filters.rows(full, chosen.undated())


def among(column: str, rows) -> bool:
    known = full.tickets[column].notna().to_numpy()
    return bool((known if rows is None else known & rows).any())


def count(rows) -> int:
    return len(full.tickets) if rows is None else int(rows.sum())


widgets.tickets_count_line(full, chosen)
mapping_editor.gaps_section(full, coverage.PAGE_FAMILIES["operations"])
if not among("created_at", kept_undated):
    st.info(tr("operations_page.no_dates"))
    st.stop()
has_priority = among("priority_key", kept_undated)

# --- settings --------------------------------------------------------------------------------
# the time choice on a row of its own: in a third of the page its second option was cut off at 1024 px
settings = st.container()
with settings:
    calendar = st.segmented_control(tr("operations_page.calendar"), [sla.CLOCK, sla.BUSINESS], default=sla.DEFAULT_TIME,
                                    key="ops_calendar", format_func=lambda c: tr(f"overview.calendar.{c}")) or sla.DEFAULT_TIME
    if calendar == sla.BUSINESS:
        years = memo("ops.uncovered", full, (), lambda: sla.uncovered_years(full.tickets))
        st.caption(tr("operations_page.business_hours", start=f"{DEFAULT_CALENDAR.start_hour:g}",
                      end=f"{DEFAULT_CALENDAR.end_hour:g}"))
        if years:
            st.warning(tr("operations_page.uncovered", years=", ".join(map(str, years))))
with settings:
    with st.expander(tr("operations_page.tiers"), expanded=False):
        st.caption(tr("operations_page.tiers_help"))
        edited = st.data_editor(
            sla.tiers_table(schema.SLA_TIERS), key="ops_tiers", num_rows="dynamic", hide_index=True, width="stretch",
            column_config={
                "priority": st.column_config.TextColumn(tr("operations_page.col.priority_key"), pinned=True),
                # a target as typed ("30", "7.5"): an editor shows what was entered, no more decimals
                "respond_min": st.column_config.NumberColumn(tr("operations_page.col.respond_min"), min_value=0,
                                                             format="%g"),
                "resolve_h": st.column_config.NumberColumn(tr("operations_page.col.resolve_h"), min_value=0,
                                                           format="%g"),
                "resolve_business_days": st.column_config.NumberColumn(tr("operations_page.col.resolve_days"),
                                                                       min_value=0, format="%g"),
            })
try:
    tiers = sla.tiers_from_table(edited)
except sla.SlaError as exc:
    st.error(tr("operations_page.bad_tiers", message=plain(exc)))
    tiers = dict(schema.SLA_TIERS)
tier_key = tuple(sorted(tiers.items()))

# --- response and resolution times -----------------------------------------------------------
# Kaplan–Meier (open tickets counted as still waiting) with the solved-only figure beside, as on the Overview
st.subheader(tr("operations_page.times"))
times_view = filters.undated_view(full, chosen)
times = memo("ops.times", full, (chosen.values, chosen.start, chosen.end),
             lambda: kpis.time_kpis_of(times_view, start=chosen.start, end=chosen.end))
widgets.card_flow([cards.CardSpec(times[k], None, tr(f"operations_page.card.{k}"), tr(f"overview.def.{k}"))
                   for k in kpis.KM_KEYS])

# --- SLA compliance --------------------------------------------------------------------------
st.subheader(tr("operations_page.compliance"))
as_of_range = kpis.report_as_of(times_view.data, chosen.end)     # the whole dataset's timestamps
default_tier = sla.DEFAULT_TIER
if not has_priority and sla.assumed_tier(full.tickets) is None:
    st.info(tr("operations_page.no_priority"))
else:
    if not has_priority:      # the export has no priority at all: one tier, the user's choice, for every ticket
        names = list(tiers)
        def tier_label(key: str) -> str:
            return tr(f"sla.tier.{key}") if key in schema.SLA_TIERS else key   # a tier the user added keeps its name
        default_tier = st.selectbox(tr("operations_page.default_tier"), names,
                                    index=names.index(sla.DEFAULT_TIER) if sla.DEFAULT_TIER in names else 0,
                                    key="ops_default_tier", format_func=tier_label)
        st.info(tr("operations_page.assumed_tier", tier=plain(tier_label(default_tier))))
    spans = memo("ops.spans", full, (tier_key, calendar, default_tier),
                 lambda: sla.sla_spans(full.tickets, tiers=tiers, calendar=calendar, default_tier=default_tier))
    judged = memo("ops.judge", full, (tier_key, calendar, as_of_range), lambda: sla.judge(spans, as_of_range))
    report = memo("ops.sla", full, (chosen, tier_key, calendar, as_of_range),
                  lambda: sla.compliance_of(judged, kept))
    n_judged = report.compliance[["response_n", "resolution_n"]].to_numpy().sum() if len(report.compliance) else 0
    if report.compliance.empty or not n_judged:
        st.info(tr("operations_page.no_tiered" if report.compliance.empty else "operations_page.none_judged"))
    else:
        # the tiers by name in the reader's language (a tier the user added keeps its own)
        compliance = report.compliance.assign(priority=report.compliance["priority"].map(
            lambda k: tr(f"sla.tier.{k}") if k in schema.SLA_TIERS else k))
        widgets.show_chart(charts.sla_chart(compliance, state.lang()), key="operations_chart1")
        # each target in the unit it reads in (hours for a two-day resolution, not 2,880 min)
        compliance, response_unit = widgets.in_reading_unit(compliance, ["response_target_min"])
        compliance, resolution_unit = widgets.in_reading_unit(compliance, ["resolution_target_min"])
        labels = {"priority": tr("operations_page.col.priority_key"), "n": tr("operations_page.col.n"),
                  "response_n": tr("operations_page.col.response_n"),
                  "response_met_pct": tr("operations_page.col.response_met_pct"),
                  "resolution_n": tr("operations_page.col.resolution_n"),
                  "resolution_met_pct": tr("operations_page.col.resolution_met_pct"),
                  "response_target_min": tr("operations_page.col.response_target_min",
                                            unit=tr(f"cards.unit.{response_unit}")),
                  "resolution_target_min": tr("operations_page.col.resolution_target_min",
                                              unit=tr(f"cards.unit.{resolution_unit}"))}
        widgets.table(compliance, {
            "n": widgets.COUNT, "response_n": widgets.COUNT, "resolution_n": widgets.COUNT,
            "response_met_pct": widgets.PERCENT, "resolution_met_pct": widgets.PERCENT,
            "response_target_min": widgets.DURATION, "resolution_target_min": widgets.DURATION}, labels=labels)
    widgets.how_computed("operations_page.how.compliance", calendar=tr(f"overview.calendar.{calendar}"),
                         as_of=as_of_range, n=f"{count(kept):,}",
                         left_out=cards.left_out(report.excluded))

    # --- breaches ----------------------------------------------------------------------------
    st.subheader(tr("operations_page.breaches"))
    breaches = report.breaches
    if breaches.empty:
        st.success(tr("operations_page.no_breaches"))
    else:
        shown = breaches[["ticket_id", "priority", "agent", "target", "created_at", "elapsed_min", "target_min",
                          "late_min", "still_open"]].head(SHOWN_ROWS)
        shown = shown.assign(target=shown["target"].map({t: tr(f"overview.target.{t}") for t in sla.TARGETS}))
        # the three times in one unit that reads (days for a ticket late by two years, not 1,050,575 min)
        times = ["elapsed_min", "target_min", "late_min"]
        shown, time_unit = widgets.in_reading_unit(shown, times)
        columns = {c: tr(f"operations_page.col.{c}", unit=tr(f"cards.unit.{time_unit}")) if c in times
                   else tr(f"operations_page.col.{c}") for c in shown.columns}
        st.caption(tr("operations_page.breaches_count", n=f"{len(breaches):,}", shown=f"{len(shown):,}"))
        widgets.table(shown, dict.fromkeys(times, widgets.DURATION), labels=columns)
        widgets.csv_download(breaches, "sla_breaches.csv", key="ops_breaches_csv", deferred=True)
    widgets.how_computed("operations_page.how.breaches", calendar=tr(f"overview.calendar.{calendar}"))

# --- backlog monitor -------------------------------------------------------------------------
st.subheader(tr("operations_page.backlog"))
left, right = st.columns(2)
with left:
    when = st.segmented_control(tr("operations_page.as_of"), ["data_end", "now"], default="data_end",
                                key="ops_as_of", format_func=lambda w: tr(f"operations_page.as_of.{w}")) or "data_end"
with right:
    threshold = st.number_input(tr("operations_page.alert_threshold"), min_value=0.0, max_value=10_000.0,
                                value=float(schema.ALERT_FIRST_RESPONSE_MIN), step=1.0, key="ops_alert_min")
# "now" to the minute, so reruns within a minute reuse the memoised backlog
as_of = as_of_range if when == "data_end" else pd.Timestamp.now().floor("min")
monitor = memo("ops.backlog", full, (chosen.values, tier_key, calendar, as_of, threshold, default_tier),
               lambda: sla.backlog(full.tickets, as_of=as_of, tiers=tiers, calendar=calendar,
                                   alert_threshold_min=threshold, rows=kept_undated, default_tier=default_tier))
if not sla.knows_open(full.tickets, kept_undated):
    st.info(tr("operations_page.no_closure"))
elif monitor.problem:
    st.info(tr("operations_page.no_dates"))
else:
    unit = "tickets"
    widgets.metric_flow([
        {"label": tr("operations_page.open"), "value": cards.number(monitor.open_count, unit)},
        {"label": tr("operations_page.overdue"), "value": cards.number(monitor.overdue_count, unit)},
        {"label": tr("operations_page.near"), "value": cards.number(monitor.near_count, unit)},
        {"label": tr("operations_page.overdue_rate"), "value": cards.number(monitor.overdue_rate_pct, "%")},
        {"label": tr("operations_page.alerts", threshold=f"{threshold:g}"),
         "value": cards.number(monitor.alert_count, unit)}])
    if monitor.open_count:
        histogram = memo("ops.age_histogram", monitor, (), lambda: sla.age_histogram(monitor.tickets))
        widgets.show_chart(charts.backlog_age_chart(histogram, state.lang()), key="operations_chart2")
        late = monitor.tickets[monitor.tickets["state"].isin(["overdue", "near"])]
        if not late.empty:
            shown = late.head(SHOWN_ROWS)
            shown = shown.assign(due=shown["due"].map({d: tr(f"overview.target.{d}") for d in sla.TARGETS}),
                                 state=shown["state"].map({s: tr(f"overview.state.{s}") for s in sla.STATES}))
            # the clock age and the chosen-time minutes each in the unit that reads (as the breaches)
            chosen_times = ["age_min", "left_min", "waiting_response_min"]
            shown, clock_unit = widgets.in_reading_unit(shown, ["age_h"], minutes_per_value=60.0)
            shown, chosen_unit = widgets.in_reading_unit(shown, chosen_times)
            units = {"age_h": clock_unit, **dict.fromkeys(chosen_times, chosen_unit)}
            columns = {c: tr(f"operations_page.col.{c}", unit=tr(f"cards.unit.{units[c]}")) if c in units
                       else tr(f"operations_page.col.{c}") for c in shown.columns}
            widgets.table(shown, dict.fromkeys(units, widgets.DURATION), labels=columns)
            widgets.csv_download(late, "backlog_past_or_near_sla.csv", key="ops_backlog_csv", deferred=True)
    else:
        st.success(tr("operations_page.no_open"))
    widgets.how_computed("operations_page.how.backlog", as_of=monitor.as_of,
                         calendar=tr(f"overview.calendar.{calendar}"),
                         near=f"{sla.NEAR_FRACTION:.0%}", threshold=f"{threshold:g}")
