"""The Data page's mapping section: for each header layout, what each column feeds and why, the
alternative column of a field in one click, the reading of priority codes, and the editor to
correct the whole mapping by hand. A choice is kept as a profile for files with these headers."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import coverage, schema
from analysis.dataset import Dataset
from analysis.mapping import (DRIVER as USE_DRIVER, FIELD, KEPT, LEAST_URGENT_FIRST, MOST_URGENT_FIRST,
                              PRIORITY_CODES, SURVEY, TICKETS, TIME_PART, Mapping, explain, switched)
from analysis.parse import DURATION_UNITS
from ui import state, widgets
from ui.text import plain

tr = state.tr
DRIVER = "__driver__"
TIME = "__time__"
IGNORE = ""
MAX_SWITCHES = 6          # one-click alternatives offered per file


def _field_label(name: str) -> str:
    return tr(f"field.{name}")


def _feeds(use) -> str:
    if use.use == FIELD:
        return _field_label(use.field)
    if use.use == USE_DRIVER:
        return tr("data.map.use.driver")
    if use.use == TIME_PART:
        return tr("data.map.use.time_part", field=_field_label(use.field))
    return tr(f"data.map.use.{'kept' if use.use == KEPT else 'unused'}")


def _why(use) -> str:
    if use.how is None:
        return ""
    how = tr(f"data.map.how.{use.how}")
    return tr("data.map.why_text", how=how, kind=tr(f"data.map.kind.{use.value_kind}")) if use.value_kind else how


def _save(report, found: Mapping) -> None:
    """Remember `found` for files with these headers and load the files again with it."""
    state.profiles()[report.signature] = found.to_dict()
    state.own_profiles().add(report.signature)
    _read_again()


def _read_again() -> None:
    """Load the session's files again with the mappings as they now are, and show the result."""
    st.session_state["kept_previous"] = False
    result = state.reload_with_current_files()
    st.session_state["mapping_applied"] = result is not None and result.dataset is not None
    st.rerun()


def _remembered(report, files: list[str]) -> None:
    """Say so when the files were read with a mapping remembered from an earlier session (someone
    saved a dataset with files of these headers), and offer the automatic one instead: the same
    headers from another system can mean other units."""
    if not report.notes.get("saved_mapping") or report.signature in state.own_profiles():
        return
    st.info(tr("data.map.remembered", file=plain(", ".join(files))), icon=":material/history:")
    if st.button(tr("data.map.remembered.undo"), key=f"forget_{report.signature}", icon=":material/undo:"):
        state.profiles().pop(report.signature, None)
        _read_again()


def mapping_section(report, files: list[str]) -> None:
    """What the files of one header layout feed, why, and how to change it."""
    found = report.mapping
    uses = explain(found, report.columns)
    used = sum(u.use in (FIELD, USE_DRIVER, TIME_PART) for u in uses)
    with st.container(border=True):
        _remembered(report, files)
        st.markdown(tr("data.map.summary", file=plain(", ".join(files)), role=tr(f"data.role.{found.role}"),
                       mapped=used, columns=len(report.columns)))
        if found.product:
            st.caption(tr("data.map.product", product=plain(found.product)))
        long = report.notes.get("long_survey")
        if long:
            st.caption(tr("data.map.long", rows=f"{long['rows']:,}", responses=f"{long['responses']:,}",
                          respondent=plain(long["respondent"]), question=plain(long["question"]),
                          answer=plain(long["answer"])))
        widgets.table(pd.DataFrame({
            tr("data.map.column"): [u.column for u in uses],
            tr("data.map.feeds"): [_feeds(u) for u in uses],
            tr("data.map.why"): [_why(u) for u in uses],
            tr("data.map.confidence"): [tr(f"data.map.confidence.{u.confidence}") if u.confidence else "" for u in uses],
            tr("data.map.example"): [report.examples.get(u.column, "") for u in uses],
        }), height=widgets.whole_height(len(uses)))
        switches = [(u.field, u.column, alt) for u in uses if u.use == FIELD for alt in u.alternatives[:1]]
        if switches:
            cells = st.columns(min(3, len(switches)))
            for i, (name, current, alternative) in enumerate(switches[:MAX_SWITCHES]):
                if cells[i % len(cells)].button(tr("data.map.switch", column=plain(alternative), field=_field_label(name)),
                                                help=tr("data.map.switch_help", current=plain(current)),
                                                key=f"switch_{report.signature}_{name}"):
                    _save(report, switched(found, name, alternative))
        if PRIORITY_CODES in found.options:
            order = st.radio(tr("data.map.priority_codes"), [MOST_URGENT_FIRST, LEAST_URGENT_FIRST],
                             index=[MOST_URGENT_FIRST, LEAST_URGENT_FIRST].index(found.options[PRIORITY_CODES]),
                             format_func=lambda o: tr(f"data.map.priority.{o}"), horizontal=True,
                             key=f"prio_{report.signature}")
            if order != found.options[PRIORITY_CODES]:
                found.options[PRIORITY_CODES] = order
                _save(report, found)
        _editor(report, files)


def _editor(report, files: list[str]) -> None:
    """The whole mapping as an editable table (a field per column), with the role and the unit
    of bare numbers in duration columns."""
    found = report.mapping
    fields = schema.TICKET_FIELDS if found.role == TICKETS else schema.SURVEY_FIELDS
    options = [IGNORE, *fields, DRIVER, TIME]
    labels = {IGNORE: tr("data.map.ignore"), DRIVER: tr("data.map.driver"), TIME: tr("data.map.time_part"),
              **{f: _field_label(f) for f in fields}}
    source_to_field = {v: k for k, v in found.fields.items()}
    source_to_field.update({d: DRIVER for d in found.drivers})
    source_to_field.update({c: TIME for c in found.time_parts.values()})
    table = pd.DataFrame({
        "column": report.columns,
        "field": [source_to_field.get(c, IGNORE) for c in report.columns],
        "example": [report.examples.get(c, "") for c in report.columns],
    })
    with st.expander(tr("data.map.by_hand"), expanded=False):
        role = st.radio(tr("data.map.role"), [TICKETS, SURVEY], index=[TICKETS, SURVEY].index(found.role),
                        format_func=lambda r: tr(f"data.role.{r}"), horizontal=True, key=f"role_{report.signature}")
        edited = st.data_editor(
            table, hide_index=True, width="stretch", key=f"map_{report.signature}",
            disabled=["column", "example"],
            column_config={
                "column": st.column_config.TextColumn(tr("data.map.column"), pinned=True),
                "field": st.column_config.SelectboxColumn(tr("data.map.field"), options=options,
                                                          format_func=lambda f: labels.get(f, f)),
                "example": st.column_config.TextColumn(tr("data.map.example")),
            })
        units = {}
        for duration in ("first_response_time", "resolution_time", "handle_time"):
            column = next((c for c, f in zip(edited["column"], edited["field"]) if f == duration), None)
            if column is not None:
                current = found.units.get(duration, "minutes")
                units[duration] = st.selectbox(tr("data.map.unit", column=plain(column)), DURATION_UNITS,
                                               index=DURATION_UNITS.index(current),
                                               format_func=lambda u: tr(f"data.unit.{u}"),
                                               key=f"unit_{report.signature}_{duration}")
        if st.button(tr("data.map.apply"), key=f"apply_{report.signature}", type="primary"):
            chosen = {}
            for column, name in zip(edited["column"], edited["field"]):
                if name and name not in (DRIVER, TIME) and name not in chosen:
                    chosen[name] = column
            drivers = [c for c, f in zip(edited["column"], edited["field"]) if f == DRIVER]
            times = [c for c, f in zip(edited["column"], edited["field"]) if f == TIME]
            stamp = "created_at" if role == TICKETS else "responded_at"
            parts = {stamp: times[0]} if times and stamp in chosen else {}
            _save(report, Mapping(role, chosen, drivers, [], units, parts, dict(found.options), found.scale))


def gaps_section(ds: Dataset, families: tuple[str, ...] | None = None, where=None) -> None:
    """The figures the data cannot supply (analysis.coverage), each with the field it needs and
    the columns that might supply it; nothing when every family is there, unless on the Data
    page (`families` None), which says so."""
    found = coverage.gaps(ds, families)
    where = where or st
    if not found:
        if families is None:
            where.caption(tr("data.gaps_none"))
        return
    lines = []
    for gap in found:
        needs = tr("gap.and").join(_field_label(f) for f in gap.missing)
        columns = [c for f in gap.missing for c in gap.candidates.get(f, [])]
        hint = (tr("data.gap.candidates", columns=", ".join(f"“{plain(c)}”" for c in dict.fromkeys(columns)))
                if columns else tr("data.gap.no_candidates"))
        lines.append("- " + tr("data.gap", family=tr(f"gap.family.{gap.family}"), fields=needs, candidates=hint))
    where.info("\n".join(lines), icon=":material/info:")
