"""The four real exports of ../shared/realworld/ through the real uploader, as a new user meets
them: no hand mapping. The mapping table says what each column feeds; the Overview cards show the
figures the folder's README gives."""
from __future__ import annotations

import os

import pytest

from tests.realworld_files import REAL, needs_realworld

from .conftest import WAIT_MS, wait_for_idle
from .test_data_page import NO_FILE_PICKER, _no_exception, _table_after

pytestmark = [pytest.mark.browser, needs_realworld]
SHOTS = os.environ.get("FUPAN_SCREENSHOTS")      # a folder to keep screenshots in, when set

# file, tickets loaded, {column: what it feeds}, {card: value shown}
CASES = [
    ("pwc_call_center.xlsx", "5,000",
     {"Date": "Created at", "Time": "time of day of Created at", "Resolved": "Resolved on first contact",
      "Answered (Y/N)": "Call answered", "Speed of answer in seconds": "First response time (duration)"},
     {"Tickets": "5,000", "First-contact resolution": "89.9 %"}),
    ("comcast_complaints.csv", "2,224",
     {"Status": "Status", "State": "kept as a label (filters, Pareto)", "Received Via": "Channel",
      "Customer Complaint": "Description"},
     {"Tickets": "2,224", "Open backlog": "517"}),
    ("rwfd_help_desk.csv", "9,542",
     {"statisfaction_score": "Overall satisfaction", "days_open": "Resolution time (duration)"},
     {"CSAT %": "81.0 %", "Open backlog": "8,026"}),
    ("kaggle_customer_support_tickets.csv", "8,469",
     {"First Response Time": "First response at", "Time to Resolution": "Resolved at",
      "Date of Purchase": "not used"},
     {"Tickets": "8,469", "Open backlog": "5,700"}),
]


def _card(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return card.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.parametrize("name, loaded, feeds, figures", CASES, ids=[c[0] for c in CASES])
def test_a_real_export_reads_right_with_no_hand_mapping(page, name, loaded, feeds, figures):
    page.context.add_init_script(NO_FILE_PICKER)
    page.reload()
    wait_for_idle(page)
    page.locator('input[type="file"]').set_input_files(str(REAL / name))
    page.get_by_text(f"Loaded {loaded} tickets").wait_for(timeout=WAIT_MS)
    wait_for_idle(page)
    _no_exception(page)
    table = _table_after(page, "Column mapping").set_index("Column in your file")
    for column, field in feeds.items():
        assert table.loc[column, "Feeds"] == field, column
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/data_{name}.png", full_page=True)

    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Overview").click()
    wait_for_idle(page)
    page.get_by_role("heading", name="Overview").first.wait_for()
    _no_exception(page)
    for label, value in figures.items():
        assert _card(page, label) == value, label
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/overview_{name}.png", full_page=True)
