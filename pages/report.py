"""Report page: the analysis notebook, the full report as Excel / HTML with per-chart images, and
workshop mode (the story in five steps, one chart per screen, with plain-language explainers)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import export
from analysis.goals import default_goals
from analysis.formatting import interval_text, percent_text, signed
from analysis.report import (WORKSHOP_STEPS, agent_aliases, anonymise_frame, anonymise_spec, build_report,
                             driver_label, notebook_report, whatif_chart)
from analysis.whatif import ADD, RELATIVE, Shift, WhatIfError, goal_implications, model_drivers, what_if
from charts.locale import localised
from ui import filters as filters_mod
from ui import cache, goalbook, notebook, state, widgets
from ui.cache import memo
from ui.text import plain

tr = state.tr
VIEWS = ("notebook", "full", "workshop")
STEP = "workshop_step"

st.title(tr("report.page.title"))
st.caption(tr("report.page.intro"))
fds, chosen = widgets.page_data()
lang = state.lang()
full_ds = state.dataset()
widgets.tickets_count_line(full_ds, chosen)


def _filters() -> dict[str, str]:
    """The filters in force with their labels in the user's language."""
    labels = {"from": tr("report.filter.from"), "to": tr("report.filter.to"),
              **{c: tr(k) for c, k in filters_mod.FILTER_COLUMNS.items()}}
    return {labels.get(k, k): v for k, v in chosen.describe().items()}


anonymise = st.toggle(tr("report.anonymise"), key="anonymise_agents")
aliases = agent_aliases(full_ds.tickets["agent"], lang) if anonymise else {}
view = st.segmented_control(tr("report.page.title"), VIEWS, key="report_view", default="notebook", label_visibility="collapsed",
                            format_func=lambda v: tr(f"report.tab.{v}")) or "notebook"


def _report(sections=None):
    goals = goalbook.book().goals       # the saved goals (none set: the goals section says so)
    params = (lang, tuple(_filters().items()), anonymise, tuple(sections or ()), tuple(repr(g) for g in goals))
    kwargs = {"lang": lang, "filters": _filters(), "anonymise": anonymise,
              "agent_names": full_ds.tickets["agent"], "goals": goals}
    if sections:
        kwargs["sections"] = sections
    return memo("report.build", fds, params, lambda: build_report(fds, **kwargs))


def _downloads(report, stem: str, key: str) -> None:
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(tr("report.download_xlsx"), data=lambda: export.workbook_bytes(report),
                         file_name=f"{stem}.xlsx", key=f"{key}_xlsx", on_click="ignore",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    right.download_button(tr("report.download_html"), data=lambda: export.report_html_bytes(report),
                          file_name=f"{stem}.html", mime="text/html", key=f"{key}_html", on_click="ignore")


def _chart_images(chart, stem: str, key: str) -> None:
    chart = localised(chart, lang)
    png, svg, _ = st.columns([1, 1, 6])
    png.download_button(tr("report.download_png"), data=lambda: export.chart_png(chart), file_name=f"{stem}.png",
                        mime="image/png", key=f"{key}_png", on_click="ignore")
    svg.download_button(tr("report.download_svg"), data=lambda: export.chart_svg(chart), file_name=f"{stem}.svg",
                        mime="image/svg+xml", key=f"{key}_svg", on_click="ignore")


def _show_chart(chart) -> None:
    spec = localised(export.spec_of(chart), lang)
    st.vega_lite_chart(spec, width="stretch")


# --- the notebook ----------------------------------------------------------------------------
if view == "notebook":
    def _anon(spec, table):
        return anonymise_spec(spec, aliases), None if table is None else anonymise_frame(table, aliases)

    notebook.render(_anon if aliases else None)
    entries = notebook.items()
    if entries:
        book = notebook_report(entries, lang=lang, dataset_name=fds.name, aliases=aliases,
                               csat_scale=tuple(fds.csat_scale))
        _downloads(book, "notebook", "notebook")

# --- the full report -------------------------------------------------------------------------
elif view == "full":
    if st.button(tr("report.build"), type="primary", key="report_build"):
        st.session_state["report_built"] = True
    if st.session_state.get("report_built"):
        with st.spinner(tr("report.build")):
            report = _report()
        _downloads(report, "report", "report")
        widgets.how_computed("report.how.full", tickets=report.n_tickets, responses=report.n_responses,
                             boot=report.boot)
        for sec in report.sections:
            st.header(sec.title)
            for line in sec.narrative:
                st.markdown(plain(line))
            if sec.problem:
                st.info(tr("report.problem", why=plain(sec.problem)))
            for name, chart in sec.charts.items():
                _show_chart(chart)
                _chart_images(chart, f"{sec.key}_{name}", f"img_{sec.key}_{name}")
                notebook.pin("chart", f"{sec.title} · {name}", chart=chart, table=sec.tables.get(name),
                             filters=_filters(), key=f"report_{sec.key}_{name}")
            for name, table in sec.tables.items():
                with st.expander(name):
                    widgets.table(table)
                    widgets.csv_download(table, f"{sec.key}_{name}.csv", key=f"csv_{sec.key}_{name}")

# --- workshop mode ---------------------------------------------------------------------------
else:
    report = _report(WORKSHOP_STEPS)
    steps = [report.section(k) for k in WORKSHOP_STEPS]
    step = min(max(int(st.session_state.get(STEP, 0)), 0), len(steps) - 1)
    sec = steps[step]
    st.caption(tr("report.step", i=step + 1, n=len(steps)))
    st.title(sec.title)
    if sec.problem:
        st.info(tr("report.problem", why=plain(sec.problem)))
    if sec.key != "whatif":
        # the goals step gives every goal's verdict (its period, value and n); the others their first three lines
        for line in sec.narrative if sec.key == "goals" else sec.narrative[:3]:
            st.subheader(plain(line))
        chart_name = next((n for n in ("goals", "importance", "correlations", "pareto", "periods") if n in sec.charts),
                          None)
        if chart_name:
            _show_chart(sec.charts[chart_name])
    else:
        responses = cache.responses(fds)
        drivers = model_drivers(responses, fds.drivers) if responses["csat"].notna().any() else []
        if not drivers:
            st.info(tr("report.missing.survey"))
        else:
            default = sec.result.shifts[0].driver if sec.result is not None else drivers[0]
            driver = st.selectbox(tr("report.whatif.driver"), drivers, index=drivers.index(default)
                                  if default in drivers else 0, format_func=lambda d: driver_label(d, lang),
                                  key="whatif_driver")
            rating = driver in fds.drivers
            if rating:
                change = st.slider(tr("report.whatif.change_add"), -1.0, 1.0, 0.5, 0.1, key="whatif_add")
                shift = Shift(driver, float(change), ADD)
            else:
                change = st.slider(tr("report.whatif.change_relative"), -50, 50, -30, 5, key="whatif_rel")
                shift = Shift(driver, change / 100.0, RELATIVE)
            try:
                result = memo("report.whatif", fds, (tuple(drivers), shift),
                              lambda: what_if(responses, "csat", drivers, [shift]))
            except WhatIfError as err:
                st.info(tr("report.whatif.no_model", why=plain(err)))
                result = None
            if result is not None:
                left, right = st.columns(2)
                if result.share is not None:
                    s = result.share
                    left.metric(tr("report.whatif.predicted"), percent_text(s.scenario),
                                tr("cards.delta.pp", value=signed(s.change)), help=interval_text(s.low, s.high, 1, " %"))
                    left.caption(f"{interval_text(s.low, s.high, 1, ' %')} · n = {result.n:,}")
                m = result.mean
                right.metric(tr("report.whatif.predicted_mean"), f"{m.scenario:.2f}", signed(m.change, 2))
                right.caption(f"{interval_text(m.low, m.high, 2)} · n = {result.n:,}")
                table = pd.DataFrame([{"figure": "csat_pct", **vars(result.share)}] if result.share else []
                                     + [{"figure": "csat_mean", **vars(m)}])
                _show_chart(whatif_chart(table, lang))
                statuses = report.section("goals").statuses
                if statuses:
                    implications = goal_implications(result, statuses)
                    implications["verdict"] = [tr(f"report.verdict.{v}") for v in implications["verdict"]]
                    # the goals and metrics in words, the headers as the workbook names them
                    anchor = full_ds.date_span[1]
                    defaults = {g.id: g.name for g in default_goals(anchor)} if anchor is not None else {}
                    implications["goal"] = [widgets.goal_name(s.goal, defaults, unnamed=tr(f"overview.kpi.{s.goal.metric}"))
                                            for s in statuses]
                    implications["metric"] = [tr(f"overview.kpi.{m}") for m in implications["metric"]]
                    implications["direction"] = [tr(f"goals_page.f.direction.{d}") for d in implications["direction"]]
                    st.subheader(tr("report.table.whatif_goals"))
                    widgets.table(implications, dict.fromkeys(("target", "current", "predicted", "low", "high"),
                                                              widgets.decimals(2)),
                                  labels={c: export.column_label("whatif_goals", c, lang) for c in implications.columns})
    st.info(sec.explainer)
    back, forward, _ = st.columns([1, 1, 4])
    if back.button(tr("report.previous"), disabled=step == 0, key="workshop_prev"):
        st.session_state[STEP] = step - 1
        st.rerun()
    if forward.button(tr("report.next"), disabled=step == len(steps) - 1, key="workshop_next", type="primary"):
        st.session_state[STEP] = step + 1
        st.rerun()
