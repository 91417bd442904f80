"""Where the four real exports are: ../shared/realworld/ beside the checkout, else $FUPAN_SHARED/realworld,
else /work/shared/realworld (a clone made elsewhere on the development machine, as CI makes one)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_CANDIDATES = [ROOT.parent / "shared" / "realworld",
               *([Path(os.environ["FUPAN_SHARED"]) / "realworld"] if os.environ.get("FUPAN_SHARED") else []),
               Path("/work/shared/realworld")]
REAL = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])
needs_realworld = pytest.mark.skipif(not REAL.is_dir(), reason="the real exports (../shared/realworld/) are not here")
