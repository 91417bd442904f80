"""Shared test set-up: the repository root on sys.path and the sample files as bytes."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE_DIR = ROOT / "sample_data"


@pytest.fixture(scope="session")
def sample_files() -> dict[str, bytes]:
    """Every file of sample_data/ by name, as the bytes an upload would carry."""
    return {p.name: p.read_bytes() for p in sorted(SAMPLE_DIR.iterdir()) if p.is_file()}
