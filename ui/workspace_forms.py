"""The workspace's forms shared by the Data page and the Workspace page: "Save to workspace" and
"Add a month" (preview of added / updated / unchanged rows, then confirm). No arithmetic here:
the counts come from analysis.workspace."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.dataset import Dataset
from analysis.workspace import AppendResult, DatasetChangedError, DatasetExistsError
from ui import state, widgets
from ui.text import plain

tr = state.tr
UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet"]
MONTH_RESULT = "ws_month_result"
REPLACE_SEEN = "ws_replace_seen"      # the saved dataset's update time when "replace" was chosen
REPLACE_REFUSED = "ws_replace_refused"  # why a replace was refused: said, and "replace" unticked, next run


def store_problem() -> str | None:
    """The store's error message when it cannot be used (shown once per page), else None."""
    return st.session_state.get(state.WORKSPACE_ERROR)


def show_store_problem(message: str) -> None:
    st.warning(tr("workspace.store_error", message=plain(message)), icon=":material/database:")
    st.info(tr("workspace.uploads_only"))


def save_form(ds: Dataset) -> None:
    """Name + Save; a taken name asks to replace (or to add the files as a month)."""
    st.subheader(tr("workspace.save_header"))
    st.caption(tr("workspace.save_help"))
    current = st.session_state.get(state.WORKSPACE_NAME)
    if current:
        st.caption(tr("workspace.is_saved", name=plain(current)))
    name = st.text_input(tr("workspace.name"), value=current or ds.name[:60], key="ws_save_name").strip()
    try:
        written = state.saved_updated_at(name)
    except state.store_errors() as exc:
        show_store_problem(str(exc))
        return
    taken = written is not None
    refused = st.session_state.pop(REPLACE_REFUSED, None)
    if refused:          # a replace refused on the run before: say why, with "replace" unticked
        st.session_state.pop("ws_replace", None)
        st.warning(refused, icon=":material/group:")
    replace = st.checkbox(tr("workspace.replace", name=plain(name)), key="ws_replace") if taken else False
    if taken and not replace:
        # the version the user sees while choosing to replace it: a replace of a newer one is refused
        st.session_state[REPLACE_SEEN] = written
        st.caption(tr("workspace.name_taken", name=plain(name)))
    if st.button(tr("workspace.save"), key="ws_save", type="primary", disabled=not name or (taken and not replace),
                 icon=":material/save:"):
        try:
            ws = state.workspace()
            ws.save_profiles(state.profiles())
            info = ws.save(name, ds, replace=replace,
                           seen_updated_at=st.session_state.get(REPLACE_SEEN) if replace else None)
            state.open_saved(info.name)
        except DatasetExistsError:
            st.warning(tr("workspace.name_taken", name=plain(name)))
            return
        except DatasetChangedError as err:
            st.session_state[REPLACE_REFUSED] = tr("workspace.changed_meanwhile", name=plain(name),
                                                   at=f"{err.updated_at:%Y-%m-%d %H:%M:%S}")
            st.rerun()
        except state.store_errors() as exc:
            st.error(tr("workspace.error", message=plain(str(exc))))
            return
        st.success(tr("workspace.saved", name=plain(info.name), tickets=f"{info.tickets:,}",
                      responses=f"{info.responses:,}"))


def _counts_table(result: AppendResult) -> pd.DataFrame:
    return pd.DataFrame({
        tr("workspace.col.part"): [tr("workspace.part.tickets"), tr("workspace.part.survey")],
        tr("workspace.col.added"): [result.tickets.added, result.survey.added],
        tr("workspace.col.updated"): [result.tickets.updated, result.survey.updated],
        tr("workspace.col.unchanged"): [result.tickets.unchanged, result.survey.unchanged],
    })


def add_month_form() -> None:
    """Pick a saved dataset, upload the new export(s), see the counts, confirm."""
    st.subheader(tr("workspace.month_header"))
    st.caption(tr("workspace.month_help"))
    try:
        names = state.saved_names()
    except state.store_errors() as exc:
        show_store_problem(str(exc))
        return
    if not names:
        st.info(tr("workspace.month_no_target"))
        return
    current = st.session_state.get(state.WORKSPACE_NAME)
    target = st.selectbox(tr("workspace.month_target"), names,
                          index=names.index(current) if current in names else 0, key="ws_month_target")
    uploads = st.file_uploader(tr("workspace.month_upload"), type=UPLOAD_TYPES, accept_multiple_files=True,
                               key="ws_month_uploader")
    done = st.session_state.pop("ws_month_done", None)
    if done:
        st.success(done)
    if not uploads:
        return
    ids = tuple(f.file_id for f in uploads)
    cached = st.session_state.get(MONTH_RESULT)
    if cached is None or cached[0] != ids:
        with st.spinner(tr("data.loading", n=len(uploads))):
            files = [(f.name, f.getvalue()) for f in uploads]
            loaded = state.read(files, state.sources_of(files, [f.file_id for f in uploads]))
        if loaded is None:         # the memory budget refused it: say so, keep nothing
            for key, values in st.session_state.get(state.LOAD_NOTICES, []):
                st.error(tr(key, **{k: plain(v) for k, v in values.items()}), icon=":material/memory:")
            return
        cached = (ids, loaded)
        st.session_state[MONTH_RESULT] = cached
    loaded = cached[1]
    for error in loaded.errors:
        st.error(tr("data.file_error", message=plain(str(error))), icon=":material/error:")
    if loaded.dataset is None:
        return
    try:
        preview = state.workspace().preview_append(target, loaded.dataset)
    except state.store_errors() as exc:
        st.error(tr("workspace.error", message=plain(str(exc))))
        return
    st.write(tr("workspace.month_preview"))
    widgets.table(_counts_table(preview))
    widgets.how_computed("workspace.month_how")
    if not preview.changed:
        st.info(tr("workspace.month_nothing"))
        return
    if st.button(tr("workspace.month_confirm", name=plain(target)), key="ws_month_confirm", type="primary",
                 icon=":material/playlist_add:"):
        try:
            ws = state.workspace()
            ws.save_profiles(state.profiles())
            result = ws.append(target, loaded.dataset)
            if st.session_state.get(state.WORKSPACE_NAME) == target:
                state.open_saved(target)          # the open dataset is this one: show the new rows
        except state.store_errors() as exc:
            st.error(tr("workspace.error", message=plain(str(exc))))
            return
        st.session_state.pop(MONTH_RESULT, None)
        st.session_state["ws_month_done"] = tr(
            "workspace.month_done", name=plain(target), added=f"{result.tickets.added:,}",
            updated=f"{result.tickets.updated:,}", unchanged=f"{result.tickets.unchanged:,}",
            s_added=f"{result.survey.added:,}", s_updated=f"{result.survey.updated:,}")
        st.rerun()
