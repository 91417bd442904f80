"""Concurrent goal edits (issue 18): every save raises the goal's version; a save or delete that
started from an older version is refused with the store's newer goal and writes nothing; an edit of
a goal deleted meanwhile never turns into a blank goal; stores of schema 4 get version 1."""
import pytest

from analysis.goals import INCREASE, Goal
from analysis.store import SCHEMA_VERSION, STORE_FILE, GoalConflictError, Store
from storekit import store_at_schema


def goal(**kw) -> Goal:
    base = dict(id="csat", metric="csat_pct", direction=INCREASE, target=85, start="2025-01-01",
                deadline="2025-03-31", baseline=75, name="CSAT Q1")
    return Goal(**{**base, **kw})


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / STORE_FILE)


def test_each_save_raises_the_version(store):
    first = store.save_goal(goal(), expected_version=0)
    assert first.version == 1 and store.goal("csat").version == 1
    second = store.save_goal(first.replace(target=88), expected_version=first.version)
    assert second.version == 2
    assert (store.goal("csat").target, store.goal("csat").version) == (88, 2)


def test_a_stale_save_is_refused_with_the_newer_values(store):
    opened = store.save_goal(goal(), expected_version=0)          # both analysts open version 1
    store.save_goal(opened.replace(target=90), expected_version=1)  # Ann raises the target
    with pytest.raises(GoalConflictError) as refused:              # Bo saves his form, opened on 1
        store.save_goal(opened.replace(name="CSAT first quarter"), expected_version=1)
    assert refused.value.saved.target == 90 and refused.value.saved.version == 2
    assert "someone else" in str(refused.value)
    kept = store.goal("csat")                                      # Ann's edit stands, Bo's is not half-written
    assert (kept.target, kept.name, kept.version) == (90, "CSAT Q1", 2)


def test_a_rename_meanwhile_is_shown_not_reverted(store):
    opened = store.save_goal(goal(), expected_version=0)
    store.save_goal(opened.replace(name="Quarterly CSAT"), expected_version=1)
    with pytest.raises(GoalConflictError) as refused:
        store.save_goal(opened.replace(target=86), expected_version=1)
    assert refused.value.saved.name == "Quarterly CSAT"
    assert store.goal("csat").name == "Quarterly CSAT"


def test_an_edit_of_a_deleted_goal_never_becomes_a_blank_goal(store):
    opened = store.save_goal(goal(), expected_version=0)
    assert store.delete_goal("csat")
    with pytest.raises(GoalConflictError) as refused:
        store.save_goal(opened.replace(target=86), expected_version=opened.version)
    assert refused.value.saved is None and "deleted" in str(refused.value)
    assert store.goals() == []


def test_a_stale_delete_is_refused(store):
    opened = store.save_goal(goal(), expected_version=0)
    store.save_goal(opened.replace(target=90), expected_version=1)
    with pytest.raises(GoalConflictError):
        store.delete_goal("csat", expected_version=1)
    assert store.goal("csat").target == 90
    assert store.delete_goal("csat", expected_version=2) and store.goals() == []


def test_creating_over_an_existing_id_is_refused(store):
    store.save_goal(goal(target=90), expected_version=0)
    with pytest.raises(GoalConflictError) as refused:
        store.save_goal(goal(target=80), expected_version=0)
    assert refused.value.saved.target == 90 and store.goal("csat").target == 90


def test_without_an_expected_version_a_save_writes_whatever_is_there(store):
    # the command line's `goals add` and scripts: last writer wins, the version still counts
    store.save_goal(goal(target=90))
    assert store.save_goal(goal(target=80)).version == 2
    assert store.goal("csat").target == 80


def test_a_schema_4_store_gets_version_1(tmp_path):
    path = tmp_path / STORE_FILE
    con = store_at_schema(path, 4)
    con.execute("INSERT INTO goals (id, metric, direction, baseline, target, start, deadline, segment, grain, name) "
                "VALUES ('old', 'csat_pct', 'increase', 75, 85, DATE '2025-10-01', DATE '2025-12-31', '{}', "
                "'quarter', 'old goal')")
    con.close()
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION
    (old,) = store.goals()
    assert old.version == 1
    assert store.save_goal(old.replace(target=86), expected_version=1).version == 2
