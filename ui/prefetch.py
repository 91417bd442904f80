"""A new dataset's observations read ahead, on a thread of their own.

Every KPI page stands on the dataset's observations (`Dataset.observations`): every metric's
rows and the repeat-contact order of all its tickets, ~0.8 s CPU at a million tickets, paid by
the first page the user opens. The server starts reading them as soon as a load (or a saved
dataset) is ready, while the Data page is drawn and read; a page that asks before they are done
waits for what is being read instead of reading it twice.
"""
from __future__ import annotations

import logging
import threading

from analysis.dataset import Dataset

# what the Overview, the first page after the Data page, draws before any choice is made:
# its first breakdown and its trend's grain
FIRST_GROUPS = ("channel",)
FIRST_GRAINS = ("W",)

log = logging.getLogger(__name__)


def _warm(ds: Dataset) -> None:
    try:
        ds.date_span
        ds.observations.warm(by=FIRST_GROUPS, grains=FIRST_GRAINS)
    except Exception:       # the page that needs the figure computes it again and says what is wrong
        log.exception("reading the dataset's observations ahead failed")


def start(ds: Dataset | None) -> threading.Thread | None:
    """Start reading `ds`'s observations in the background (the thread, for a test to join)."""
    if ds is None:
        return None
    thread = threading.Thread(target=_warm, args=(ds,), name="fupan-prefetch", daemon=True)
    thread.start()
    return thread
