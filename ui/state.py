"""Session state: the active dataset, the language, mapping profiles, and the cached loader.

Everything a user uploads lives in *their* session (st.session_state); the parse cache is keyed
by a hash of the uploaded bytes, so another session can only ever hit an entry for bytes it
uploaded itself.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import streamlit as st

from analysis.dataset import Dataset
from analysis.load import LoadResult, load_files
from i18n import t

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
SAMPLES = {
    "en": ["tickets_en.csv", "survey_en.csv"],
    "zh": ["tickets_zh.csv", "survey_zh.xlsx"],
}
DATASET, LANG, PROFILES, FILES, SHEETS, LOAD_ERRORS = (
    "dataset", "lang", "profiles", "files", "sheets", "load_errors")
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
    if PROFILES not in st.session_state:
        st.session_state[PROFILES] = _stored_profiles()
    return st.session_state[PROFILES]


# --- the workspace (saved datasets in the store) ------------------------------------------------
# A session that has no dataset opens the most recently updated saved one, once; a store that
# cannot be used leaves a message (WORKSPACE_ERROR) and the app runs on uploads only.
WORKSPACE_TRIED, WORKSPACE_ERROR, WORKSPACE_NAME = "workspace_tried", "workspace_error", "workspace_name"


def workspace():
    """The workspace of the app's store ($FUPAN_DATA_DIR/fupan.duckdb); nothing is opened until
    a method is called, and its methods raise the store's errors (StoreError)."""
    from analysis.workspace import Workspace
    return Workspace()


def store_errors() -> tuple[type[BaseException], ...]:
    import duckdb

    from analysis.store import StoreError
    return (StoreError, duckdb.Error, OSError)


def saved_names() -> list[str]:
    """Names of the saved datasets, most recently updated first; [] when there is no store file
    yet (looking never creates one). Raises the store's errors."""
    from analysis.store import store_path
    return workspace().names() if store_path().exists() else []


@st.cache_resource(max_entries=4, show_spinner=False)
def _open_saved_cached(path: str, dataset_id: str, updated_at: str, name: str) -> Dataset:
    # keyed by the dataset's id and update time: every session shares one read-only copy of a
    # saved dataset until it changes (saved datasets are not private to a session; uploads are)
    return workspace().open(name)


def open_saved(name: str) -> Dataset:
    """Make the saved dataset `name` the session's dataset (raises the store's errors)."""
    from analysis.store import store_path
    info = next((i for i in workspace().list() if i.name == name), None)
    if info is None:
        from analysis.workspace import DatasetNotFoundError
        raise DatasetNotFoundError(f"No saved dataset is called {name!r}.")
    ds = _open_saved_cached(str(store_path().resolve()), info.id, info.updated_at.isoformat(), name)
    st.session_state[DATASET] = ds
    st.session_state[WORKSPACE_NAME] = name
    st.session_state[FILES] = None
    st.session_state.pop("filters_cache", None)
    return ds


def open_workspace_latest() -> Dataset | None:
    """Once per session: open the most recently updated saved dataset when there is one."""
    from analysis.store import store_path
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
    from analysis.store import store_path
    if not store_path().exists():
        return {}
    try:
        return workspace().profiles()
    except store_errors() as exc:
        st.session_state[WORKSPACE_ERROR] = str(exc)
        return {}


@st.cache_resource(max_entries=6, show_spinner=False)
def _load_cached(key: str, _files: tuple[tuple[str, bytes], ...], profiles_json: str,
                 sheets_json: str, encodings_json: str = "{}") -> LoadResult:
    # cache_resource hands back the same object (no unpickling a million rows per rerun); the
    # Dataset is treated as read-only everywhere. `key` is the content hash of every file.
    return load_files(list(_files), profiles=json.loads(profiles_json), sheets=json.loads(sheets_json),
                      encodings=json.loads(encodings_json))


def content_key(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def load(files: list[tuple[str, bytes]], sheets: dict[str, str] | None = None,
         encodings: dict[str, str] | None = None) -> LoadResult:
    """Load files into the session. A result with no readable file leaves the previous dataset
    in place; the errors are kept for the Data page to show. `encodings`: the text encoding
    the user chose per file name (the others are detected)."""
    sheets = sheets or {}
    relevant = {sig: p for sig, p in profiles().items()}
    result = _load_cached(content_key(files), tuple(files), json.dumps(relevant, sort_keys=True),
                          json.dumps(sheets, sort_keys=True), json.dumps(encodings or {}, sort_keys=True))
    st.session_state[LOAD_ERRORS] = [str(e) for e in result.errors]
    if result.dataset is not None:
        st.session_state[DATASET] = result.dataset
        st.session_state.pop(WORKSPACE_NAME, None)      # an upload is not (yet) a saved dataset
        st.session_state[FILES] = files
        st.session_state[SHEETS] = sheets
        st.session_state.pop("filters_cache", None)
    return result


def reload_with_current_files() -> LoadResult | None:
    files = st.session_state.get(FILES)
    if not files:
        return None
    return load(files, st.session_state.get(SHEETS, {}), st.session_state.get(ENCODINGS, {}))


def sample_files(which: str) -> list[tuple[str, bytes]]:
    return [(name, (SAMPLE_DIR / name).read_bytes()) for name in SAMPLES[which]]
