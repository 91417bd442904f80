"""Every analysis page says how many rows it uses of the rows in the user's files and why the
rest are out, and its numbers add up and agree with the Data page's row story."""
import datetime as dt
import re

import pandas as pd
import pytest

from analysis import quality
from analysis.load import load_files
from pagekit import ROOT, SAMPLE, open_page
from realworld_files import REAL, needs_realworld

PAGES = ("pages/overview.py", "pages/operations.py", "pages/agents.py", "pages/drivers.py",
         "pages/root_causes.py", "pages/periods.py", "pages/goals.py", "pages/report.py")
NUMBER = r"(\d[\d,]*)"


def _count_lines(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("This page uses")]


def _numbers(text: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(NUMBER, text)]


def _parts(line: str) -> tuple[int, int, list[int]]:
    """(used, read, left-out counts) of an English count line."""
    if line.startswith("This page uses all"):
        read = _numbers(line)[0]
        return read, read, []
    head, _, rest = line.partition("; left out:")
    used, read = _numbers(head)[:2]
    return used, read, [int(n.replace(",", "")) for n in re.findall(r": " + NUMBER, rest)]


def test_page_count_adds_the_intake_removals_the_filters_and_the_page_reasons():
    # 6 rows: row 3 repeats row 2 exactly, ticket T1 is given again (its earlier row leaves)
    csv = ("ticket_id,created_at,channel\nT1,2025-01-01 09:00,Phone\nT2,2025-01-02 09:00,Email\n"
           "T2,2025-01-02 09:00,Email\nT1,2025-01-03 09:00,Phone\nT3,2025-01-04 09:00,Phone\nT4,,Chat\n")
    ds = load_files([("t.csv", csv.encode())]).dataset
    assert len(ds.tickets) == 4
    count = quality.page_count(ds, "tickets", in_filters=3, excluded={"no_created_at": 1})
    assert count.read == 6 and count.used == 2
    assert count.left_out == {"duplicate_row": 1, "duplicate_id": 1, quality.FILTERED: 1, "no_created_at": 1}
    assert count.used + sum(count.left_out.values()) == count.read
    assert quality.page_count(ds, "survey", 0) is None


@pytest.mark.parametrize("page", PAGES)
def test_each_page_has_one_count_line_that_adds_up_to_the_files_rows(page):
    at = open_page(page)
    lines = _count_lines(at)
    assert len(lines) == 1, (page, lines)
    used, read, left = _parts(lines[0])
    assert used + sum(left) == read, lines[0]
    # the files' rows as the Data page tells them
    files = pd.read_csv(SAMPLE / ("survey_en.csv" if "survey" in lines[0] else "tickets_en.csv"))
    assert read == len(files), lines[0]


def test_a_channel_filter_is_counted_as_outside_the_filters():
    at = open_page("pages/overview.py")
    at.multiselect(key="filter_channel").set_value(["Phone"]).run()
    used, read, left = _parts(_count_lines(at)[0])
    tickets = at.session_state["dataset"].tickets
    phone = int((tickets["channel"] == "Phone").sum())
    assert used == phone
    assert f"outside the sidebar filters: {len(tickets) - phone:,}" in _count_lines(at)[0]


def test_with_a_date_range_the_undated_tickets_are_out_for_want_of_a_date():
    at = open_page("pages/operations.py")
    at.date_input(key="filter_dates").set_value((dt.date(2025, 3, 1), dt.date(2025, 5, 31))).run()
    line = _count_lines(at)[0]
    tickets = at.session_state["dataset"].tickets
    created = tickets["created_at"]
    in_range = int(((created >= "2025-03-01") & (created < "2025-06-01")).sum())
    used, read, left = _parts(line)
    assert used == in_range
    undated = int(created.isna().sum())
    if undated:
        assert f"no creation time: {undated:,}" in line


def test_the_chinese_line_is_in_chinese():
    at = open_page("pages/overview.py", "zh")
    assert any(c.value.startswith("本页使用工单文件") for c in at.caption)


@needs_realworld
def test_scores_in_the_ticket_file_are_counted_against_its_rows():
    """The Kaggle export carries its satisfaction rating in the ticket file (no survey file): the
    Drivers and Periods pages count against the ticket rows, the unrated tickets out for want of
    a score (counted here from the raw file)."""
    from pagekit import open_page_on_upload
    path = REAL / "kaggle_customer_support_tickets.csv"
    raw = pd.read_csv(path)
    rated = int(raw["Customer Satisfaction Rating"].notna().sum())
    at = open_page_on_upload("pages/drivers.py", path.name, path.read_bytes())
    drivers = at.multiselect(key="drivers_drivers_en")       # the export has no sub-ratings: none suggested
    drivers.set_value(drivers.options[:2]).run()
    assert not at.exception, at.exception
    line = _count_lines(at)[0]
    used, read, left = _parts(line)
    assert read == len(raw) and used + sum(left) == read
    assert f"no satisfaction score: {len(raw) - rated:,}" in line
    at.switch_page("pages/periods.py").run()
    assert not at.exception and _count_lines(at), at.exception
