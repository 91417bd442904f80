"""Workspace page: the saved datasets (rows, date span, last update), and opening, renaming,
exporting and deleting one. Saving and "Add a month" are on the Data page (ui/workspace_forms)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.workspace import FORMATS, export_files
from ui import state, widgets, workspace_forms
from ui.text import plain

tr = state.tr

st.title(tr("workspace.title"))
# the file's name only: a server path means nothing to a visitor and tells an outsider too much
st.caption(tr("workspace.intro", path=plain(state.store_path().name)))

state.dataset()                      # a new session opens the latest saved dataset (or notes the error)
problem = workspace_forms.store_problem()
try:
    infos = state.workspace().list() if state.store_path().exists() else []
except state.store_errors() as exc:
    infos, problem = [], str(exc)
if problem:
    workspace_forms.show_store_problem(problem)
    st.stop()

for message_key in ("ws_flash",):
    flash = st.session_state.pop(message_key, None)
    if flash:
        st.success(flash)

if not infos:
    st.info(tr("workspace.empty"))
    st.page_link("pages/data.py", label=tr("app.go_to_data"), icon=":material/upload_file:")
    st.stop()

active = st.session_state.get(state.WORKSPACE_NAME)
st.subheader(tr("workspace.list_header"))
widgets.table(pd.DataFrame({
    tr("workspace.col.name"): [i.name for i in infos],
    tr("workspace.col.tickets"): [i.tickets for i in infos],
    tr("workspace.col.responses"): [i.responses for i in infos],
    tr("workspace.col.start"): [i.start for i in infos],
    tr("workspace.col.end"): [i.end for i in infos],
    tr("workspace.col.updated_at"): [i.updated_at.floor("s") for i in infos],
    tr("workspace.col.key"): [tr(f"workspace.key.{i.ticket_key}") for i in infos],
    tr("workspace.col.active"): [i.name == active for i in infos],
}))
widgets.how_computed("workspace.how", no_date=", ".join(f"{plain(i.name)}: {i.no_created_at:,}" for i in infos))

names = [i.name for i in infos]
name = st.selectbox(tr("workspace.pick"), names, index=names.index(active) if active in names else 0,
                    key="ws_pick")


def _act(action, flash_key: str, **fmt) -> None:
    try:
        action()
    except state.store_errors() as exc:
        st.error(tr("workspace.error", message=plain(str(exc))))
        return
    st.session_state["ws_flash"] = tr(flash_key, **fmt)
    st.rerun()


if st.button(tr("workspace.open"), key="ws_open", type="primary", icon=":material/folder_open:",
             disabled=name == active):
    _act(lambda: state.open_saved(name), "workspace.opened", name=plain(name))

left, middle, right = st.columns(3)
with left:
    st.markdown(f"**{tr('workspace.rename_header')}**")
    new_name = st.text_input(tr("workspace.new_name"), value=name, key=f"ws_new_name_{name}").strip()

    def _rename() -> None:
        state.workspace().rename(name, new_name)
        if active == name:
            state.open_saved(new_name)

    if st.button(tr("workspace.rename"), key="ws_rename", disabled=not new_name or new_name == name):
        _act(_rename, "workspace.renamed", name=plain(new_name))

with middle:
    st.markdown(f"**{tr('workspace.export_header')}**")
    fmt = st.radio(tr("workspace.format"), FORMATS, horizontal=True, key="ws_format",
                   format_func=lambda f: f.upper())
    st.caption(tr("workspace.export_help"))
    ready = st.session_state.get("ws_export")
    if st.button(tr("workspace.prepare_export"), key="ws_prepare", icon=":material/download:"):
        try:
            ready = (name, fmt, export_files(state.workspace().open(name), fmt))
        except state.store_errors() as exc:
            st.error(tr("workspace.error", message=plain(str(exc))))
            ready = None
        st.session_state["ws_export"] = ready
    if ready and ready[0] == name and ready[1] == fmt:
        for file_name, data in ready[2].items():
            st.download_button(tr("workspace.download", file=file_name), data,
                               file_name=f"{name}_{file_name}", key=f"ws_dl_{file_name}",
                               mime="text/csv" if fmt == "csv" else "application/octet-stream")

with right:
    st.markdown(f"**{tr('workspace.delete_header')}**")
    sure = st.checkbox(tr("workspace.delete_confirm", name=plain(name)), key=f"ws_sure_{name}")

    def _delete() -> None:
        state.workspace().delete(name)
        st.session_state.pop("ws_export", None)
        if active == name:
            st.session_state.pop(state.DATASET, None)
            st.session_state.pop(state.WORKSPACE_NAME, None)

    if st.button(tr("workspace.delete"), key="ws_delete", disabled=not sure, icon=":material/delete:"):
        _act(_delete, "workspace.deleted", name=plain(name))

st.divider()
workspace_forms.add_month_form()
