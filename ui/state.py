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


def lang() -> str:
    return st.session_state.get(LANG, "en")


def tr(key: str, **values: object) -> str:
    """The catalogue string for the session's language."""
    return t(key, lang(), **values)


def dataset() -> Dataset | None:
    return st.session_state.get(DATASET)


def profiles() -> dict[str, dict]:
    return st.session_state.setdefault(PROFILES, {})


@st.cache_resource(max_entries=6, show_spinner=False)
def _load_cached(key: str, _files: tuple[tuple[str, bytes], ...], profiles_json: str,
                 sheets_json: str) -> LoadResult:
    # cache_resource hands back the same object (no unpickling a million rows per rerun); the
    # Dataset is treated as read-only everywhere. `key` is the content hash of every file.
    return load_files(list(_files), profiles=json.loads(profiles_json), sheets=json.loads(sheets_json))


def content_key(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def load(files: list[tuple[str, bytes]], sheets: dict[str, str] | None = None) -> LoadResult:
    """Load files into the session. A result with no readable file leaves the previous dataset
    in place; the errors are kept for the Data page to show."""
    sheets = sheets or {}
    relevant = {sig: p for sig, p in profiles().items()}
    result = _load_cached(content_key(files), tuple(files), json.dumps(relevant, sort_keys=True),
                          json.dumps(sheets, sort_keys=True))
    st.session_state[LOAD_ERRORS] = [str(e) for e in result.errors]
    if result.dataset is not None:
        st.session_state[DATASET] = result.dataset
        st.session_state[FILES] = files
        st.session_state[SHEETS] = sheets
        st.session_state.pop("filters_cache", None)
    return result


def reload_with_current_files() -> LoadResult | None:
    files = st.session_state.get(FILES)
    if not files:
        return None
    return load(files, st.session_state.get(SHEETS, {}))


def sample_files(which: str) -> list[tuple[str, bytes]]:
    return [(name, (SAMPLE_DIR / name).read_bytes()) for name in SAMPLES[which]]
