"""The Report page in AppTest: the full report equals build_report on the same filtered data,
Chinese labels, a filter change, pinning to the notebook (reorder, note, remove), workshop
mode's five steps with the what-if, and a dataset without survey or categories."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.load import load_files
from analysis.report import WORKSHOP_STEPS, build_report
from analysis.whatif import Shift, model_drivers, what_if
from ui import filters as filters_mod

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 240


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    """Each test keeps anything the app saves (goals, workspace) in its own folder."""
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "data"))


def _example_goals(ds) -> None:
    """The three example goals in this test's store, as the Goals page's button writes them."""
    from analysis.store import Store, add_example_goals, store_path
    add_example_goals(Store(store_path()), ds.date_span[1])


def _app(sample: str = "Use sample data (English)") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    next(b for b in at.button if b.label == sample).click().run()
    at.switch_page("pages/report.py").run()
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def en(sample_files):
    return load_files([(n, sample_files[n]) for n in ("tickets_en.csv", "survey_en.csv")]).dataset


def _full(at: AppTest) -> AppTest:
    at.segmented_control(key="report_view").set_value("full").run()
    at.button(key="report_build").click().run()
    assert not at.exception
    return at


def test_full_report_matches_the_analysis_and_follows_filters(en):
    at = _full(_app())
    expected = build_report(en, boot=0)
    assert [h.value for h in at.header] == [s.title for s in expected.sections]
    shown = {m.value for m in at.markdown}
    volume = expected.section("overview").narrative[0]
    from ui.text import plain
    assert plain(volume) in shown
    assert plain(expected.section("complaints").narrative[0]) in shown
    assert {b.label for b in at.get("download_button")} >= {"Download Excel workbook", "Download HTML report",
                                                              "PNG", "SVG"}
    # a filter: the report is rebuilt on the filtered rows
    at.multiselect(key="filter_channel").set_value(["Phone"]).run()
    assert not at.exception
    chosen = filters_mod.Filters(values=(("channel", ("Phone",)),))
    phone = filters_mod.apply(en, chosen)
    sentence = build_report(phone, boot=0, sections=("overview",)).section("overview").narrative[0]
    assert plain(sentence) in {m.value for m in at.markdown}
    assert f"{len(phone.tickets):,}" in sentence and len(phone.tickets) < len(en.tickets)


def test_chinese_report_page():
    # the view is chosen first: AppTest cannot set a segmented control whose labels just changed
    at = _full(_app("Use sample data (中文)"))
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    headers = [h.value for h in at.header]
    assert "投诉从哪里来" in headers and "满意度驱动因素" in headers


def test_pin_reorder_note_remove():
    at = _full(_app())
    at.button(key="pin_report_overview_trend").click().run()
    at.text_input(key="pin_note_report_complaints_pareto").input("look at =SUM(1)").run()
    at.button(key="pin_report_complaints_pareto").click().run()
    book = at.session_state["notebook"]
    assert [i["title"].split(" · ")[1] for i in book] == ["trend", "pareto"]
    assert book[1]["note"] == "look at =SUM(1)" and book[0]["table"] is not None
    at.segmented_control(key="report_view").set_value("notebook").run()
    first, second = (i["id"] for i in at.session_state["notebook"])
    at.button(key=f"down_{first}").click().run()
    assert [i["id"] for i in at.session_state["notebook"]] == [second, first]
    at.text_area(key=f"note_{first}").input("new note").run()
    assert next(i for i in at.session_state["notebook"] if i["id"] == first)["note"] == "new note"
    assert {b.label for b in at.get("download_button")} >= {"Download Excel workbook", "Download HTML report"}
    at.button(key=f"remove_{second}").click().run()
    assert [i["id"] for i in at.session_state["notebook"]] == [first]
    assert not at.exception


def test_workshop_steps_and_whatif(en):
    _example_goals(en)
    at = _app()
    at.toggle(key="anonymise_agents").set_value(True).run()
    at.segmented_control(key="report_view").set_value("workshop").run()
    expected = build_report(en, boot=0, sections=WORKSHOP_STEPS)
    titles = []
    for step in range(len(WORKSHOP_STEPS)):
        assert not at.exception
        titles.append(at.title[-1].value)
        assert f"Step {step + 1} of 5" in [c.value for c in at.caption]
        if step < len(WORKSHOP_STEPS) - 1:
            at.button(key="workshop_next").click().run()
    assert titles == [s.title for s in expected.sections]
    # the what-if step: the shown prediction is analysis.whatif's on the same responses
    responses = en.responses()
    drivers = model_drivers(responses, en.drivers)
    driver = at.selectbox(key="whatif_driver").value
    result = what_if(responses, "csat", drivers, [Shift(driver, 0.5)])
    assert at.metric[0].value == f"{result.share.scenario:.1f} %"
    at.slider(key="whatif_add").set_value(1.0).run()
    result = what_if(responses, "csat", drivers, [Shift(driver, 1.0)])
    assert at.metric[0].value == f"{result.share.scenario:.1f} %"
    at.selectbox(key="whatif_driver").set_value("frt_min").run()
    at.slider(key="whatif_rel").set_value(-30).run()
    result = what_if(responses, "csat", drivers, [Shift("frt_min", -0.3, "relative")])
    assert at.metric[0].value == f"{result.share.scenario:.1f} %"
    assert len(at.dataframe) == 1                     # what it means for each goal
    goals_table = at.dataframe[0].value
    # goals by the names the Goals page gives them, metrics and headers in words (no csat_pct, no "target")
    assert "Quarterly CSAT 75 → 85 %" in set(goals_table.iloc[:, 0])
    keys = {"goal", "metric", "target", "direction", "current", "predicted", "low", "high", "verdict"}
    assert not keys & set(goals_table.columns) and not any("_" in str(c) for c in goals_table.columns)
    assert not goals_table.astype(str).apply(lambda c: c.str.fullmatch(r"[a-z]+(_[a-z]+)+")).any().any()
    at.button(key="workshop_prev").click().run()
    assert at.title[-1].value == expected.sections[3].title and not at.exception


def test_workshop_goals_step_gives_each_verdict_with_its_period_and_n(en):
    """The first workshop step: every goal's verdict at its own grain. Q4 2025 of the sample is
    1,359 responses at 84.7 % top-2-box (recomputed from the raw file in tests/test_goals.py)."""
    _example_goals(en)
    at = _app()
    at.segmented_control(key="report_view").set_value("workshop").run()
    assert not at.exception
    from ui.text import plain
    shown = [h.value for h in at.subheader]
    assert plain("Quarterly CSAT 75 → 85 %: missed — 2025-Q4 84.7 % (n = 1,359) against a target of 85.0 %.") in shown
    assert any(line.startswith(plain("Complaint resolution 80 → 95 %: missed — 2025-Q4")) for line in shown)
    from analysis.store import Store, store_path
    saved = Store(store_path()).goals()
    goals = build_report(en, boot=0, sections=("goals",), goals=saved).section("goals")
    assert shown[:3] == [plain(line) for line in goals.narrative] and len(goals.narrative) == 3


def test_workshop_without_goals_says_none_are_set():
    """A new user's store has no goals: the goals step says so and invents none."""
    at = _app()
    at.segmented_control(key="report_view").set_value("workshop").run()
    assert not at.exception
    shown = [h.value for h in at.subheader]
    assert any(line.startswith("No goals set") for line in shown)
    assert not any("Quarterly CSAT" in line for line in shown)


def test_dataset_without_survey_or_categories():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    csv = b"Ticket ID,Created At,Agent\nT1,2025-01-01 10:00,Ann\nT2,2025-01-02 11:00,Bob\nT3,2025-01-03 09:00,Ann\n"
    at.file_uploader[0].set_value([("t.csv", csv, "text/csv")]).run()
    at.switch_page("pages/report.py").run()
    assert not at.exception
    at.segmented_control(key="report_view").set_value("full").run()
    at.button(key="report_build").click().run()
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "satisfaction scores" in infos
    at.segmented_control(key="report_view").set_value("workshop").run()
    assert not at.exception
    for _ in range(4):
        at.button(key="workshop_next").click().run()
        assert not at.exception
    assert "satisfaction scores" in " ".join(i.value for i in at.info)
