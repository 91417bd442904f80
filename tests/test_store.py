"""Tests of analysis/store.py: restart (write, close, reopen in a new process, read), edits and
deletes that keep the other goals, transactions, two writer processes, lock timeout, migration
from schema 1, and clear errors for corrupt, foreign and newer files."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from analysis.goals import DECREASE, INCREASE, Goal
from analysis.store import (MIGRATIONS, SCHEMA_VERSION, STORE_FILE, Store, StoreCorruptError, StoreLockedError,
                            StoreVersionError, store_path)
from storekit import store_at_schema

ROOT = Path(__file__).resolve().parents[1]


def run(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=timeout)


def goal(i: int = 0, **kw) -> Goal:
    base = dict(id=f"g{i}", metric="csat_pct", direction=INCREASE, target=85, start="2025-01-01",
                deadline="2025-03-31", baseline=75, name=f"goal {i}")
    return Goal(**{**base, **kw})


def test_data_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FUPAN_DATA_DIR", str(tmp_path / "elsewhere"))
    assert store_path() == tmp_path / "elsewhere" / STORE_FILE
    monkeypatch.delenv("FUPAN_DATA_DIR")
    assert store_path() == Path("data") / STORE_FILE


def test_write_close_reopen_in_another_process(tmp_path):
    store = Store(tmp_path / STORE_FILE)
    store.save_goal(goal(1))
    store.save_goal(goal(2, metric="frt_median_min", direction=DECREASE, target=8, baseline=15,
                         segment={"channel_key": "online"}, grain="day"))
    assert store.schema_version() == SCHEMA_VERSION
    out = run("""
        import sys
        from analysis.store import Store
        for g in Store(sys.argv[1]).goals():
            print(g.id, g.metric, g.target, g.segment, g.grain, g.start.date())
    """, str(tmp_path / STORE_FILE))
    assert out.returncode == 0, out.stderr
    # g1 gives no grain: a calendar quarter's dates make it a quarterly goal
    assert out.stdout.splitlines() == ["g1 csat_pct 85.0 {} quarter 2025-01-01",
                                       "g2 frt_median_min 8.0 {'channel_key': 'online'} day 2025-01-01"]


def test_edit_and_delete_keep_the_other_goals(tmp_path):
    store = Store(tmp_path / STORE_FILE)
    for i in range(3):
        store.save_goal(goal(i))
    store.save_goal(goal(1, target=90, name="edited"))
    assert store.delete_goal("g0") is True and store.delete_goal("g0") is False
    goals = {g.id: g for g in Store(tmp_path / STORE_FILE).goals()}
    assert set(goals) == {"g1", "g2"} and goals["g1"].target == 90 and goals["g1"].name == "edited"
    new = store.save_goal(goal(9, id=""))
    assert new.id and store.goal(new.id) == new


def test_a_failed_write_is_rolled_back(tmp_path):
    store = Store(tmp_path / STORE_FILE)
    store.save_goal(goal(1))
    with pytest.raises(RuntimeError):
        with store.transaction() as con:
            con.execute("DELETE FROM goals")
            raise RuntimeError("crash in the middle")
    assert [g.id for g in store.goals()] == ["g1"]


def test_two_writer_processes_keep_every_goal(tmp_path):
    path = tmp_path / STORE_FILE
    code = """
        import sys
        from analysis.goals import Goal
        from analysis.store import Store
        store = Store(sys.argv[1], lock_timeout=30)
        for i in range(6):
            store.save_goal(Goal(f"{sys.argv[2]}{i}", "csat_pct", "increase", 85, "2025-01-01", "2025-03-31",
                                 baseline=75))
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), str(path), w], env=env, cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for w in ("a", "b")]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    ids = {g.id for g in Store(path).goals()}
    assert ids == {f"{w}{i}" for w in "ab" for i in range(6)}


def test_lock_held_too_long_raises_a_clear_error(tmp_path):
    path = tmp_path / STORE_FILE
    Store(path).save_goal(goal(1))
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time, duckdb
        con = duckdb.connect(sys.argv[1]); print("locked", flush=True); time.sleep(4)
    """), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError, match="in use by another process"):
            Store(path, lock_timeout=0.3).goals()
    finally:
        holder.kill()
        holder.wait()
    assert [g.id for g in Store(path).goals()] == ["g1"]


def test_migrates_a_version_1_store(tmp_path):
    path = tmp_path / STORE_FILE
    con = duckdb.connect(str(path))
    for sql in MIGRATIONS[0][1]:
        con.execute(sql)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO goals VALUES ('old', 'csat_pct', 'increase', 75, 85, DATE '2024-10-01', "
                "DATE '2024-12-31', NULL)")
    con.close()
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION
    (old,) = store.goals()
    assert (old.id, old.grain, old.segment, old.baseline) == ("old", "week", {}, 75.0)


def test_migration_4_gives_the_seeded_goals_their_own_grain(tmp_path):
    """A version-3 store seeded before issue 15 holds the quarterly goals at the old default grain
    (week) and the online first-response goal per day: version 4 reads them per quarter and per
    week; a goal of the user's at grain week is left alone."""
    path = tmp_path / STORE_FILE
    con = store_at_schema(path, 3)
    for gid, grain in (("csat_quarterly", "week"), ("complaint_resolution", "week"), ("online_frt_30d", "day"),
                       ("mine", "week")):
        con.execute("INSERT INTO goals (id, metric, direction, baseline, target, start, deadline, segment, grain, "
                    "name) VALUES (?, 'csat_pct', 'increase', 75, 85, DATE '2025-10-01', DATE '2025-12-31', "
                    "'{}', ?, '')", [gid, grain])
    con.close()
    grains = {g.id: g.grain for g in Store(path).goals()}
    assert grains == {"csat_quarterly": "quarter", "complaint_resolution": "quarter", "online_frt_30d": "week",
                      "mine": "week"}


def test_corrupt_foreign_and_newer_files_get_clear_errors(tmp_path):
    bad = tmp_path / "bad" / STORE_FILE
    bad.parent.mkdir()
    bad.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)
    with pytest.raises(StoreCorruptError, match="not a Fupan store"):
        Store(bad).goals()
    assert bad.read_bytes().startswith(b"PK")              # the user's file is left alone

    foreign = tmp_path / "foreign" / STORE_FILE
    foreign.parent.mkdir()
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(StoreCorruptError, match="another application"):
        Store(foreign).goals()

    newer = tmp_path / "newer" / STORE_FILE
    Store(newer).save_goal(goal(1))
    con = duckdb.connect(str(newer))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreVersionError, match="newer version"):
        Store(newer).goals()


def test_an_empty_file_becomes_a_new_store(tmp_path):
    path = tmp_path / STORE_FILE
    path.write_bytes(b"")
    assert Store(path).goals() == []
