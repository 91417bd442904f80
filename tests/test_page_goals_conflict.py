"""Two people editing goals on the Goals page (AppTest, issue 18): a save from a form opened before
a colleague's save is refused and shows both values, then either side can be taken; an edit of a
goal deleted meanwhile stays in its form and saves as a new goal, never as a blank one; a stale
delete is refused."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.store import STORE_FILE, Store  # noqa: E402
from test_page_goals import add_examples, open_page  # noqa: E402

GOAL = "csat_quarterly"
FORM = f"goalform_{GOAL}_"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "store"
    monkeypatch.setenv("FUPAN_DATA_DIR", str(folder))
    return folder


def opened_form(data_dir):
    """The page with the example goals, the quarterly CSAT goal's form open; the store."""
    at = add_examples(open_page())
    at.selectbox(key="goals_pick").set_value(GOAL).run()
    assert not at.exception, at.exception
    return at, Store(data_dir / STORE_FILE)


def colleague_saves(store: Store, **changes):
    theirs = store.goal(GOAL)
    return store.save_goal(theirs.replace(**changes), expected_version=theirs.version)


def conflict_rows(at) -> dict[str, tuple[str, str]]:
    table = next(d.value for d in at.dataframe if "Field" in d.value.columns)
    return {row["Field"]: (row.iloc[1], row.iloc[2]) for _, row in table.iterrows()}


def test_a_stale_save_is_refused_with_both_values_and_can_be_saved_over(data_dir):
    at, store = opened_form(data_dir)
    before = store.goal(GOAL)
    colleague_saves(store, target=90.0)                            # a colleague raises the target meanwhile
    at.text_input(key=FORM + "name").input("Quarterly CSAT, all channels")
    at.button(key=FORM + "save").click().run()
    assert not at.exception, at.exception
    assert any("someone else saved" in e.value for e in at.error)
    kept = store.goal(GOAL)
    assert (kept.target, kept.name, kept.version) == (90.0, before.name, before.version + 1)   # theirs stands
    rows = conflict_rows(at)
    assert rows["Target"] == ("90", f"{before.target:g}")         # theirs, mine
    assert rows["Name"][1] == "Quarterly CSAT, all channels"
    assert not [s for s in at.success if "saved" in s.value]

    at.button(key="goals_conflict_overwrite").click().run()       # the user decides: mine over theirs
    assert not at.exception, at.exception
    final = store.goal(GOAL)
    assert (final.target, final.name, final.version) == (before.target, "Quarterly CSAT, all channels",
                                                          before.version + 2)
    assert any("saved" in s.value for s in at.success) and not at.error


def test_taking_their_values_reopens_the_form_with_them(data_dir):
    at, store = opened_form(data_dir)
    colleague_saves(store, target=91.0)
    at.number_input(key=FORM + "target").set_value(88.0)
    at.button(key=FORM + "save").click().run()
    assert store.goal(GOAL).target == 91.0
    at.button(key="goals_conflict_take").click().run()
    assert not at.exception, at.exception
    assert at.number_input(key=FORM + "target").value == 91.0 and not at.error
    at.number_input(key=FORM + "target").set_value(92.0)          # an edit from the newer version saves
    at.button(key=FORM + "save").click().run()
    assert store.goal(GOAL).target == 92.0 and not at.error


def test_an_edit_of_a_goal_deleted_meanwhile_is_kept_and_saves_as_a_new_goal(data_dir):
    at, store = opened_form(data_dir)
    at.number_input(key=FORM + "target").set_value(87.0)
    store.delete_goal(GOAL)                                         # a colleague deletes it meanwhile
    at.run()
    assert not at.exception, at.exception
    assert any("deleted by someone else" in w.value for w in at.warning)
    assert at.number_input(key=FORM + "target").value == 87.0     # the edit is still in the form
    at.button(key=FORM + "save").click().run()
    assert not at.exception, at.exception
    goals = store.goals()
    assert len(goals) == 2 + 1 and GOAL not in {g.id for g in goals}
    recreated = next(g for g in goals if g.target == 87.0)
    assert recreated.metric == "csat_pct" and recreated.baseline is not None


def test_a_stale_delete_is_refused(data_dir):
    at, store = opened_form(data_dir)
    colleague_saves(store, target=89.0)
    at.button(key=FORM + "delete").click().run()
    assert not at.exception, at.exception
    assert any("Not deleted" in e.value for e in at.error)
    assert store.goal(GOAL).target == 89.0
