"""Session state: the active dataset, the language, mapping profiles, and the shared loader.

What a user uploads is theirs: the session keeps the dataset and where its bytes came from (never
the bytes). Loaded datasets are shared, read-only, through one process-wide store keyed by a hash
of the uploaded bytes (with the mapping and options), so another session can only ever get an
entry for bytes it uploaded itself; every load that is not already there asks the server's memory
budget first (analysis.memory).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from analysis import memory
from analysis.dataset import Dataset
from analysis.load import LoadResult, load_files
from i18n import t
from ui import prefetch

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
SAMPLES = {
    "en": ["tickets_en.csv", "survey_en.csv"],
    "zh": ["tickets_zh.csv", "survey_zh.xlsx"],
}
DATASET, LANG, PROFILES, SHEETS, LOAD_ERRORS = "dataset", "lang", "profiles", "sheets", "load_errors"
OWN_PROFILES = "own_profiles"
ENCODINGS = "encodings"        # {file name: the text encoding the user chose for it}


def lang() -> str:
    return st.session_state.get(LANG, "en")


def tr(key: str, **values: object) -> str:
    """The catalogue string for the session's language."""
    return t(key, lang(), **values)


def dataset() -> Dataset | None:
    ds = st.session_state.get(DATASET)
    if ds is None and not st.session_state.get(WORKSPACE_TRIED):
        ds = open_workspace_latest()
    return ds


def profiles() -> dict[str, dict]:
    """The column mappings remembered per header signature: the store's at first, then the
    session's own choices over them."""
    if PROFILES not in st.session_state:
        st.session_state[PROFILES] = _stored_profiles()
    return st.session_state[PROFILES]


def own_profiles() -> set[str]:
    """The header signatures whose mapping this session chose itself (not remembered from the store)."""
    return st.session_state.setdefault(OWN_PROFILES, set())


# --- the workspace (saved datasets in the store) ------------------------------------------------
# A session that has no dataset opens the most recently updated saved one, once; a store that
# cannot be used leaves a message (WORKSPACE_ERROR) and the app runs on uploads only.
WORKSPACE_TRIED, WORKSPACE_ERROR, WORKSPACE_NAME = "workspace_tried", "workspace_error", "workspace_name"


def store_path():
    """This session's store: $FUPAN_DATA_DIR/fupan.duckdb, or the team's with login on (ui/teams.py)."""
    from ui.teams import store_path as team_store
    return team_store()


def workspace():
    """The workspace of this session's store (:func:`store_path`); nothing is opened until a
    method is called, and its methods raise the store's errors (StoreError)."""
    from analysis.store import Store
    from analysis.workspace import Workspace
    return Workspace(Store(store_path()))


def store_errors() -> tuple[type[BaseException], ...]:
    import duckdb

    from analysis.store import StoreError
    return (StoreError, duckdb.Error, OSError)


def saved_names() -> list[str]:
    """Names of the saved datasets, most recently updated first; [] when there is no store file
    yet (looking never creates one). Raises the store's errors."""
    return workspace().names() if store_path().exists() else []


def saved_updated_at(name: str):
    """When the saved dataset `name` was last written (a pandas Timestamp), None when there is none
    or no store file yet. Raises the store's errors."""
    return workspace().updated_at(name) if store_path().exists() else None


def _open_saved_cached(path: str, dataset_id: str, updated_at: str, name: str) -> Dataset:
    # keyed by the dataset's id and update time: every session shares one read-only copy of a
    # saved dataset until it changes (saved datasets are not private to a session; uploads are),
    # in the same byte-bounded, expiring store as the uploads
    key = "saved:" + hashlib.sha256(json.dumps([path, dataset_id, updated_at, name]).encode()).hexdigest()

    def create() -> tuple[Dataset, None]:     # once per saved version: its observations read ahead
        ds = workspace().open(name)
        prefetch.start(ds)
        return ds, None

    ds, _ = SHARED.get_or_create(key, create, memory.dataset_bytes)
    return ds


def open_saved(name: str) -> Dataset:
    """Make the saved dataset `name` the session's dataset (raises the store's errors)."""
    info = next((i for i in workspace().list() if i.name == name), None)
    if info is None:
        from analysis.workspace import DatasetNotFoundError
        raise DatasetNotFoundError(f"No saved dataset is called {name!r}.")
    ds = _open_saved_cached(str(store_path().resolve()), info.id, info.updated_at.isoformat(), name)
    st.session_state[DATASET] = ds
    st.session_state[WORKSPACE_NAME] = name
    st.session_state[SOURCES] = None
    st.session_state.pop("filters_cache", None)
    return ds


def open_workspace_latest() -> Dataset | None:
    """Once per session: open the most recently updated saved dataset when there is one."""
    st.session_state[WORKSPACE_TRIED] = True
    if not store_path().exists():
        return None
    try:
        name = workspace().latest()
        return open_saved(name) if name is not None else None
    except store_errors() as exc:
        st.session_state[WORKSPACE_ERROR] = str(exc)
        return None


def _stored_profiles() -> dict[str, dict]:
    if not store_path().exists():
        return {}
    try:
        return workspace().profiles()
    except store_errors() as exc:
        st.session_state[WORKSPACE_ERROR] = str(exc)
        return {}


# --- loads: one shared, read-only copy per content, within the server's memory budget ----------
# Process-wide (a module is imported once per server). Sessions that load the same bytes with the
# same mapping and options get the very same Dataset, which nothing changes after loading
# (tests/test_memory_sharing.py walks every page over frames made read-only). The strong holds
# expire CACHE_TTL seconds after their last use; a dataset a session still shows stays shared.
CACHE_TTL = 180.0
BUDGET = memory.MemoryBudget()
SHARED = memory.SharedStore(memory.cache_share_of_budget(memory.budget_bytes()), CACHE_TTL)
SOURCES, LOAD_OPTIONS, LOAD_NOTICES = "sources", "load_options", "load_notices"


@dataclass(frozen=True)
class Source:
    """Where a loaded file's bytes can be read again; session state keeps these, never the
    bytes. `digest` is the SHA-256 of the bytes, `size` their length; `file_id` the uploader's
    id of an upload (Streamlit's upload manager keeps its bytes while the file sits in the
    uploader), `sample` the name of a file of sample_data/."""
    name: str
    digest: str
    size: int
    file_id: str | None = None
    sample: str | None = None


def sources_of(files: list[tuple[str, bytes]], file_ids: list[str | None] | None = None,
               sample: bool = False) -> list[Source]:
    ids = file_ids or [None] * len(files)
    return [Source(name, hashlib.sha256(data).hexdigest(), len(data), file_id, name if sample else None)
            for (name, data), file_id in zip(files, ids)]


def load_key(sources: list[Source], profiles_json: str, sheets: dict[str, str], options: dict) -> str:
    """The shared store's key: every file's name and content hash, the saved mappings, the
    sheets and the load's options. Only a session holding the same bytes can form it."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode())
        digest.update(bytes.fromhex(source.digest))
    digest.update(profiles_json.encode())
    digest.update(json.dumps(sheets, sort_keys=True).encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def content_key(files: list[tuple[str, bytes]]) -> str:
    """A key of the files' names and bytes alone (no mapping or options)."""
    return load_key(sources_of(files), "", {}, {})


def read(files: list[tuple[str, bytes]], sources: list[Source] | None = None,
         sheets: dict[str, str] | None = None, options: dict | None = None) -> LoadResult | None:
    """`files` loaded (load_files), shared with every session that loaded the same bytes the
    same way, or None when the server's memory budget refuses the load (LOAD_NOTICES says how
    much it needs and what is left). Nothing here touches the session's dataset."""
    sheets, options = sheets or {}, options or {}
    sources = sources or sources_of(files)
    profiles_json = json.dumps(profiles(), sort_keys=True)
    key = load_key(sources, profiles_json, sheets, options)

    def create() -> tuple[Dataset | None, list]:
        with BUDGET.reserve(memory.estimate_load(files)):
            result = load_files(list(files), profiles=json.loads(profiles_json), sheets=sheets, **options)
        prefetch.start(result.dataset)
        return result.dataset, result.errors

    try:
        ds, errors = SHARED.get_or_create(key, create, memory.dataset_bytes)
    except memory.OverBudget as over:
        st.session_state[LOAD_NOTICES] = [refusal_notice(over, sources)]
        return None
    st.session_state[LOAD_NOTICES] = []
    if ds is None:
        return LoadResult(None, [], errors)
    return LoadResult(ds, ds.files, errors)


def refusal_notice(over: memory.OverBudget, sources: list[Source]) -> tuple[str, dict]:
    """The catalogue key and values of the message for a load the budget refused."""
    names = ", ".join(s.name for s in sources)
    return ("memory.refused", {"files": names, "size": memory.format_size(over.input_bytes),
                               "needed": memory.format_size(over.needed), "room": memory.format_size(over.room),
                               "limit": memory.format_size(over.limit)})


def load(files: list[tuple[str, bytes]], sheets: dict[str, str] | None = None,
         sources: list[Source] | None = None, **options) -> LoadResult:
    """Load files into the session. A result with no readable file, or a load the memory budget
    refuses, leaves the previous dataset in place; the errors are kept for the Data page to show.
    `options` go to load_files (and into the shared store's key). The session keeps where the
    bytes came from (SOURCES), not the bytes."""
    sheets = sheets or {}
    sources = sources or sources_of(files)
    result = read(files, sources, sheets, options)
    if result is None:
        st.session_state[LOAD_ERRORS] = []
        return LoadResult(None, [], [])
    st.session_state[LOAD_ERRORS] = [str(e) for e in result.errors]
    if result.dataset is not None:
        st.session_state[DATASET] = result.dataset
        st.session_state.pop(WORKSPACE_NAME, None)      # an upload is not (yet) a saved dataset
        st.session_state[SOURCES] = sources
        st.session_state[SHEETS] = sheets
        st.session_state[LOAD_OPTIONS] = dict(options)
        st.session_state.pop("filters_cache", None)
    return result


def load_uploads(uploads: list) -> LoadResult:
    """Load the uploader's files (st.file_uploader's UploadedFile objects)."""
    files = [(f.name, f.getvalue()) for f in uploads]
    return load(files, sources=sources_of(files, [f.file_id for f in uploads]))


def refused() -> bool:
    """Whether the session's last load was refused by the memory budget."""
    return any(key == "memory.refused" for key, _ in st.session_state.get(LOAD_NOTICES, []))


def current_upload_bytes() -> list[tuple[str, bytes]] | None:
    """The bytes of the files the session's dataset was loaded from, read again (for another
    sheet, mapping or encoding). Session state keeps no bytes: an upload's come from
    Streamlit's upload manager, the place st.file_uploader itself reads them from, which keeps a
    file while it sits in the uploader (until the user removes it there or the session ends); a
    sample's from sample_data/. None when nothing was loaded from files or a file is gone
    (LOAD_NOTICES then names it)."""
    sources: list[Source] | None = st.session_state.get(SOURCES)
    if not sources:
        return None
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx()
    ids = [s.file_id for s in sources if s.file_id is not None]
    kept = {}
    if ids and ctx is not None:
        kept = {rec.file_id: rec.data for rec in ctx.uploaded_file_mgr.get_files(ctx.session_id, ids)}
    files = []
    for source in sources:
        data = (SAMPLE_DIR / source.sample).read_bytes() if source.sample else kept.get(source.file_id)
        if data is None:
            st.session_state[LOAD_NOTICES] = [("memory.gone", {"file": source.name})]
            return None
        files.append((source.name, data))
    return files


def reload_with_current_files(**options) -> LoadResult | None:
    """Load the session's files again with its sheets and options, `options` (for load_files)
    replacing the ones given; None when there is nothing to re-read or a file is gone."""
    files = current_upload_bytes()
    if files is None:
        return None
    merged = {**st.session_state.get(LOAD_OPTIONS, {}), **options}
    if st.session_state.get(ENCODINGS):          # the encodings the user chose on the Data page
        merged["encodings"] = dict(st.session_state[ENCODINGS])
    return load(files, st.session_state.get(SHEETS, {}), st.session_state.get(SOURCES), **merged)


def sample_files(which: str) -> list[tuple[str, bytes]]:
    return [(name, (SAMPLE_DIR / name).read_bytes()) for name in SAMPLES[which]]


def load_sample(which: str) -> LoadResult:
    """Load the sample data in `which` language ("en" or "zh")."""
    files = sample_files(which)
    return load(files, sources=sources_of(files, sample=True))
