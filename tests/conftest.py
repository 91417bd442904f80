"""Shared test set-up: the repository root on sys.path, a private data folder, the sample files."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE_DIR = ROOT / "sample_data"

# No test may read or write the checkout's ./data store: the whole run gets its own data folder
# (tests that need a store of their own still set FUPAN_DATA_DIR to a fresh tmp_path).
os.environ["FUPAN_DATA_DIR"] = tempfile.mkdtemp(prefix="fupan-tests-")
# Every chart a page draws is checked against the Vega-Lite schema (the app skips the check: ui.widgets).
os.environ["FUPAN_VALIDATE_CHARTS"] = "1"


@pytest.fixture(scope="session")
def sample_files() -> dict[str, bytes]:
    """Every file of sample_data/ by name, as the bytes an upload would carry."""
    return {p.name: p.read_bytes() for p in sorted(SAMPLE_DIR.iterdir()) if p.is_file()}
