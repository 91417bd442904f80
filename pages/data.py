"""Data page: upload or open the sample, see how each file was read and mapped, correct the
mapping, read the quality report."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import charset, quality
from analysis.load import FileReport, LoadResult
from ui import mapping_editor, state, widgets
from ui.text import plain

tr = state.tr
UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet"]
PREVIEW_ROWS = 200
# The uploader's key carries a round number that "Use sample data" moves on: a file left in the
# uploader would otherwise be read again on the next run, over the sample just loaded.
UPLOADER_ROUND, SAMPLE_FLASH = "uploader_round", "sample_loaded"

st.title(tr("data.title"))
st.caption(tr("data.intro"))


def _after_load(result: LoadResult | None) -> None:
    """Remember what to tell the user, then rerun so the sidebar shows the new dataset."""
    st.session_state["kept_previous"] = bool((result is None or result.dataset is None)
                                             and (state.refused() or (result is not None and result.errors))
                                             and state.dataset())
    st.rerun()


def _encoding_section(reports: list[FileReport]) -> None:
    """Each text file's encoding: a warning with the readings side by side where the guess is
    uncertain, and a choice of encoding per file (the files are read again in it)."""
    texts = [r for r in reports if r.format in ("csv", "tsv") and r.encoding]
    if not texts or not st.session_state.get(state.SOURCES):     # a saved dataset: no bytes to read again
        return
    lang = state.lang()
    unsure = [r for r in texts if r.encoding_guess.get("uncertain")]
    for r in unsure:
        guess = r.encoding_guess
        readings = [guess["encoding"], *guess["others"]]
        st.warning(tr("data.encoding_unsure", file=plain(r.file), chosen=charset.describe(r.encoding, lang),
                      others=tr("gap.or").join(charset.describe(c, lang) for c in guess["others"])),
                   icon=":material/translate:")
        if guess["examples"]:
            widgets.table(pd.DataFrame([list(e) for e in guess["examples"]],
                                       columns=[charset.describe(c, lang) for c in readings]))
    wanted = dict(st.session_state.get(state.ENCODINGS, {}))
    with st.expander(tr("data.encoding_header"), expanded=bool(unsure)):
        st.caption(tr("data.encoding_help"))
        for r in texts:
            current = wanted.get(r.file, r.encoding)
            options = list(dict.fromkeys([current, r.encoding, *r.encoding_guess.get("others", []), *charset.CHOICES]))
            picked = st.selectbox(tr("data.encoding_pick", file=plain(r.file)), options, index=0,
                                  format_func=lambda c: charset.describe(c, lang), key=f"encoding_{r.file}")
            if picked != current:
                wanted[r.file] = picked
                st.session_state[state.ENCODINGS] = wanted
                _after_load(state.reload_with_current_files())


# --- upload / sample -------------------------------------------------------------------------
uploads = st.file_uploader(tr("data.upload"), type=UPLOAD_TYPES, accept_multiple_files=True,
                           key=f"uploader_{st.session_state.get(UPLOADER_ROUND, 0)}")
# the two sample buttons as wide as their labels (in quarters of the page they were cut at 1024 px)
left = right = st.container(horizontal=True)
sample = None
if left.button(tr("data.sample_en"), icon=":material/dataset:"):
    sample = "en"
if right.button(tr("data.sample_zh"), icon=":material/dataset:"):
    sample = "zh"

if sample:
    st.session_state[state.ENCODINGS] = {}
    with st.spinner(tr("data.loading", n=2)):
        result = state.load_sample(sample)
    st.session_state["upload_ids"] = None
    if result.dataset is not None:
        st.session_state[SAMPLE_FLASH] = (sample, bool(uploads))
        if uploads:
            st.session_state[UPLOADER_ROUND] = st.session_state.get(UPLOADER_ROUND, 0) + 1
    _after_load(result)
elif uploads:
    ids = tuple(f.file_id for f in uploads)
    if st.session_state.get("upload_ids") != ids:
        st.session_state["upload_ids"] = ids
        st.session_state[state.ENCODINGS] = {}          # a new upload: every encoding detected afresh
        with st.status(tr("data.loading", n=len(uploads)), expanded=False):
            result = state.load_uploads(uploads)
        _after_load(result)

for message in st.session_state.get(state.LOAD_ERRORS, []):
    st.error(tr("data.file_error", message=plain(message)), icon=":material/error:")
for key, values in st.session_state.get(state.LOAD_NOTICES, []):
    st.error(tr(key, **{k: plain(v) for k, v in values.items()}), icon=":material/memory:")
if state.refused() and uploads and st.button(tr("memory.retry"), icon=":material/refresh:"):
    st.session_state["upload_ids"] = None          # the uploader's files are read again
    st.rerun()
if st.session_state.get("kept_previous"):
    st.info(tr("data.kept_previous"))
flash = st.session_state.pop(SAMPLE_FLASH, None)
if flash:
    st.info(tr(f"data.sample_loaded.{flash[0]}") + (tr("data.sample_cleared") if flash[1] else ""))

ds = state.dataset()
if ds is None:
    st.stop()

responses = 0 if ds.survey is None else len(ds.survey)
st.success(tr("data.loaded", tickets=f"{len(ds.tickets):,}", responses=f"{responses:,}"))
for role in ("tickets", "survey"):
    story = quality.row_story(ds, role)
    if story is not None:
        items = (tr("data.story.some", items=("、" if state.lang() == "zh" else ", ").join(
            tr(f"data.story.{kind}", n=f"{n:,}") for kind, n in story.removed.items()))
                 if story.removed else tr("data.story.none"))
        st.caption(tr(f"data.story.{role}", read=f"{story.read:,}", kept=f"{story.kept:,}", removed=items))

# --- how each file was read ------------------------------------------------------------------
st.subheader(tr("data.files_header"))
reports = ds.files
widgets.table(pd.DataFrame([{
    tr("data.col.file"): r.file, tr("data.col.role"): tr(f"data.role.{r.role}"),
    tr("data.col.format"): r.format, tr("data.col.encoding"): charset.describe(r.encoding, state.lang())
    if r.encoding else "–",
    tr("data.col.delimiter"): {"\t": "TAB"}.get(r.delimiter, r.delimiter or "–"),
    tr("data.col.sheet"): r.sheet or "–", tr("data.col.header_row"): r.header_row,
    tr("data.col.rows"): r.rows} for r in reports]),
    {tr("data.col.header_row"): widgets.NUMBER, tr("data.col.rows"): widgets.COUNT})

for r in reports:
    if len(r.sheets) > 1:
        picked = st.selectbox(tr("data.sheet_pick", file=plain(r.file)), r.sheets, index=r.sheets.index(r.sheet),
                              key=f"sheet_{r.file}")
        if picked != r.sheet:
            sheets = dict(st.session_state.get(state.SHEETS, {}))
            sheets[r.file] = picked
            st.session_state[state.SHEETS] = sheets
            _after_load(state.reload_with_current_files())

_encoding_section(reports)

low, high = ds.csat_scale
st.caption(tr("data.scale", low=low, high=high, codes=", ".join(map(str, ds.satisfied_codes))))

# --- mapping -----------------------------------------------------------------------------------
st.subheader(tr("data.mapping_header"))
st.caption(tr("data.mapping_help"))
# One section per header layout: twelve monthly exports with the same headers share one mapping.
layouts: dict[str, list] = {}
for report in reports:
    layouts.setdefault(report.signature, []).append(report)
for same in layouts.values():
    mapping_editor.mapping_section(same[0], [r.file for r in same])
if st.session_state.pop("mapping_applied", False):
    st.success(tr("data.map.applied"))

st.subheader(tr("data.gaps_header"))
mapping_editor.gaps_section(ds)

# --- quality report ----------------------------------------------------------------------------
st.subheader(tr("data.quality_header"))
st.caption(tr("data.quality_help"))
if not ds.quality:
    st.success(tr("data.quality_none"))
else:
    summary = quality.summary_table(ds.quality)
    widgets.table(pd.DataFrame({
        tr("data.q.kind"): [tr(f"quality.kind.{k}") for k in summary["kind"]],
        tr("data.q.file"): summary["file"],
        tr("data.q.column"): summary["column"],
        tr("data.q.count"): summary["count"],
        tr("data.q.rows"): summary["rows"],
        tr("data.q.action"): [tr(f"quality.action.{k}") for k in summary["kind"]],
    }), {tr("data.q.count"): widgets.COUNT})
    widgets.csv_download(quality.problem_rows(ds.quality), "problem_rows.csv", "data.q.download")

# --- preview -----------------------------------------------------------------------------------
st.subheader(tr("data.preview_header", n=PREVIEW_ROWS))
tabs = st.tabs([tr("data.preview.tickets")] + ([tr("data.preview.survey")] if ds.survey is not None else []))
with tabs[0]:
    widgets.dataset_preview(ds.tickets, PREVIEW_ROWS)
    widgets.csv_download(lambda: widgets.preview_frame(ds.tickets), "cleaned_tickets.csv", "data.preview.download_tickets",
                         key="dl_cleaned_tickets", deferred=True)
if ds.survey is not None:
    with tabs[1]:
        widgets.dataset_preview(ds.survey, PREVIEW_ROWS)
        widgets.csv_download(lambda: widgets.preview_frame(ds.survey), "cleaned_survey.csv", "data.preview.download_survey",
                             key="dl_cleaned_survey", deferred=True)

# --- workspace: keep this data, or add it to a saved dataset as a new month ---------------------
from ui import workspace_forms  # noqa: E402  (the workspace's section, kept apart from the rest)

st.divider()
workspace_forms.save_form(ds)
workspace_forms.add_month_form()
