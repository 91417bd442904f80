"""The sidebar filters carry over from page to page, and belong to the dataset they were set on."""
import datetime as dt

from analysis.load import load_files
from pagekit import SAMPLE, ZH_SAMPLE, open_page


def _filters(at):
    return at.multiselect(key="filter_channel").value, at.date_input(key="filter_dates").value


def test_filters_chosen_on_one_page_hold_on_the_next_and_back():
    at = open_page("pages/overview.py")
    at.multiselect(key="filter_channel").set_value(["Phone"]).run()
    at.date_input(key="filter_dates").set_value((dt.date(2025, 3, 1), dt.date(2025, 5, 31))).run()
    chosen = (["Phone"], (dt.date(2025, 3, 1), dt.date(2025, 5, 31)))
    assert _filters(at) == chosen
    for page in ("pages/agents.py", "pages/operations.py", "pages/data.py", "pages/overview.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        if page == "pages/data.py":         # no filters drawn there; they come back after it
            continue
        assert _filters(at) == chosen, page
    # Cleared on one page, cleared on the next.
    at.multiselect(key="filter_channel").set_value([]).run()
    at.switch_page("pages/agents.py").run()
    assert at.multiselect(key="filter_channel").value == []


def test_a_new_dataset_starts_without_the_old_filters():
    at = open_page("pages/overview.py")
    at.multiselect(key="filter_channel").set_value(["Phone"]).run()
    at.session_state["dataset"] = load_files([(n, (SAMPLE / n).read_bytes()) for n in ZH_SAMPLE]).dataset
    at.switch_page("pages/agents.py").run()
    assert not at.exception, at.exception
    assert at.multiselect(key="filter_channel").value == []
    start, end = at.date_input(key="filter_dates").value
    assert (start, end) != (dt.date(2025, 3, 1), dt.date(2025, 5, 31))
