"""The app's one embedded store: a DuckDB file ``fupan.duckdb`` in the data folder.

The data folder is ``./data`` (relative to the working directory) unless the environment
variable ``FUPAN_DATA_DIR`` names another. The store holds a ``meta`` table (``app`` = "fupan",
``schema_version``) and the ``goals`` table; the workspace keeps its datasets here too, by adding
migrations to :data:`MIGRATIONS` (each is a version number and the SQL that brings the previous
version to it; never edit a released one, append a new one).

Opening (:meth:`Store.connect`):
- a missing (or 0-byte) file becomes a new store at the latest schema;
- an older schema is migrated in one transaction (all the missing steps or none);
- a file that is not a DuckDB database, a DuckDB database of another application, or a store
  written by a newer Fupan raises :class:`StoreError` (subclasses say which) with a message
  saying what to do; the app can then carry on with uploads only.

Concurrency: DuckDB lets one *process* open a database file for writing at a time (threads of
one process share it). The store therefore opens the file only for the duration of one operation
and closes it at once; a process that finds the file locked by another retries every ~50 ms
until `lock_timeout` seconds (default 10) have passed, then raises :class:`StoreLockedError`.
Within a process, writes are serialised by a lock, and every write runs in one transaction
(commit or roll back as a whole).
"""
from __future__ import annotations

import json
import os
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.goals import Goal, default_goals
from analysis.lazy import lazy

# imported on first use (analysis.lazy): a command that needs none of them starts without them
duckdb = lazy("duckdb")

APP = "fupan"
STORE_FILE = "fupan.duckdb"
DATA_DIR_ENV = "FUPAN_DATA_DIR"
DEFAULT_DATA_DIR = "data"
LOCK_TIMEOUT_S = 10.0
_RETRY_S = 0.05

# (version, statements): version 1 was the first released goals table; version 2 added the
# baseline period, the review grain, a display name and the edit time; version 3 the workspace;
# version 4 the seeded goals' own grain; version 5 the goals' edit versions.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
        "INSERT INTO meta VALUES ('app', 'fupan')",
        """CREATE TABLE goals (
               id VARCHAR PRIMARY KEY, metric VARCHAR NOT NULL, direction VARCHAR NOT NULL,
               baseline DOUBLE, target DOUBLE NOT NULL, start DATE NOT NULL, deadline DATE NOT NULL,
               segment VARCHAR)""",
    ]),
    (2, [
        "ALTER TABLE goals ADD COLUMN baseline_start DATE",
        "ALTER TABLE goals ADD COLUMN baseline_end DATE",
        "ALTER TABLE goals ADD COLUMN grain VARCHAR DEFAULT 'week'",
        "ALTER TABLE goals ADD COLUMN name VARCHAR DEFAULT ''",
        "ALTER TABLE goals ADD COLUMN updated_at TIMESTAMP",
    ]),
    # 3: the workspace (analysis/workspace.py): a catalogue of named datasets (their rows and
    # description live in tables per dataset, created when it is saved, so deleting a dataset
    # drops its tables; `meta` is kept for catalogue notes, '{}' for now) and the mapping profiles
    # keyed by a file's header signature.
    (3, [
        """CREATE TABLE datasets (
               id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
               updated_at TIMESTAMP NOT NULL, meta VARCHAR NOT NULL)""",
        """CREATE TABLE mapping_profiles (
               signature VARCHAR PRIMARY KEY, mapping VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)""",
    ]),
    # 4: goals judged at their own grain (issue 15). Seed 002's goals were seeded with the old
    # default grain (week; the online first-response goal per day), so the quarterly CSAT goal
    # was judged on its last week. Seeded goals still at that grain get the seed's own: quarter
    # for CSAT and complaint resolution, week for online first response (an online day has too
    # few tickets for a verdict). Goals the user created or re-grained are left as they are.
    (4, [
        "UPDATE goals SET grain = 'quarter' WHERE id IN ('csat_quarterly', 'complaint_resolution') AND grain = 'week'",
        "UPDATE goals SET grain = 'week' WHERE id = 'online_frt_30d' AND grain = 'day'",
    ]),
    # 5: a version per goal (issue 18), raised by every save, so a form opened on version n is
    # refused when someone else saved n + 1 meanwhile instead of silently reverting their edit.
    (5, [
        "ALTER TABLE goals ADD COLUMN version INTEGER DEFAULT 1",
        "UPDATE goals SET version = 1 WHERE version IS NULL",
    ]),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class StoreError(RuntimeError):
    """The store cannot be used; the message says why and what to do."""


class StoreCorruptError(StoreError):
    """The file at the store's path is not a DuckDB database, or not a Fupan store."""


class StoreVersionError(StoreError):
    """The store was written by a newer version of Fupan."""


class StoreLockedError(StoreError):
    """Another process kept the store locked for longer than the timeout."""


class GoalConflictError(StoreError):
    """A goal changed in the store since the caller read it: `saved` is the store's goal now (its
    newer values and version), None when it was deleted meanwhile; nothing was written."""

    def __init__(self, message: str, saved: Goal | None):
        super().__init__(message)
        self.saved = saved


def data_dir() -> Path:
    """The data folder: $FUPAN_DATA_DIR, else ./data."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def store_path() -> Path:
    """Where the store lives: <data folder>/fupan.duckdb."""
    return data_dir() / STORE_FILE


_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


def _process_lock(path: Path) -> threading.RLock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(path.resolve()), threading.RLock())


def _is_lock_error(err: Exception) -> bool:
    return "lock" in str(err).lower()


class Store:
    """The store at `path` (default :func:`store_path`). Cheap to create; nothing is opened
    until a method needs it."""

    def __init__(self, path: str | Path | None = None, lock_timeout: float = LOCK_TIMEOUT_S):
        self.path = Path(path) if path is not None else store_path()
        self.lock_timeout = lock_timeout

    @classmethod
    def open_default(cls) -> Store:
        """The store at the default path ($FUPAN_DATA_DIR/fupan.duckdb or ./data/fupan.duckdb);
        nothing is opened until a method needs it."""
        return cls()

    # --- opening ------------------------------------------------------------------------
    def _open(self) -> duckdb.DuckDBPyConnection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as err:
                if not _is_lock_error(err) and self.path.exists() and self.path.stat().st_size == 0:
                    # An empty file holds nothing: start a new store there. (Checked only after
                    # a failed open: another process may be creating the file right now.)
                    self.path.unlink(missing_ok=True)
                    continue
                if not _is_lock_error(err):
                    raise StoreCorruptError(
                        f"The file {self.path} is not a Fupan store (it is not a DuckDB database). "
                        f"Move or delete it, or set {DATA_DIR_ENV} to another folder; until then "
                        f"the app works on uploads only.") from err
                if time.monotonic() > deadline:
                    raise StoreLockedError(
                        f"The store {self.path} is in use by another process for more than "
                        f"{self.lock_timeout:g} s; try again in a moment.") from err
                time.sleep(_RETRY_S * (0.5 + random.random()))

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        version = 0
        if tables:
            if "meta" not in tables:
                raise StoreCorruptError(
                    f"The file {self.path} is a DuckDB database of another application (no Fupan "
                    f"'meta' table). Move it away or set {DATA_DIR_ENV} to another folder.")
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("app") != APP:
                raise StoreCorruptError(
                    f"The file {self.path} belongs to another application ({meta.get('app')!r}). "
                    f"Move it away or set {DATA_DIR_ENV} to another folder.")
            version = int(meta.get("schema_version", 1))
            if version > SCHEMA_VERSION:
                raise StoreVersionError(
                    f"The store {self.path} was written by a newer version of Fupan (schema "
                    f"{version}, this app knows up to {SCHEMA_VERSION}). Update the app; the file "
                    f"is left untouched.")
        if version == SCHEMA_VERSION:
            return
        con.execute("BEGIN TRANSACTION")
        try:
            for step, statements in MIGRATIONS:
                if step > version:
                    for sql in statements:
                        con.execute(sql)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the migrated store, closed (and the file unlocked) on exit."""
        with _process_lock(self.path):
            con = self._open()
            try:
                self._migrate(con)
                yield con
            finally:
                con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection inside one transaction: committed when the block ends, rolled back (and
        the error re-raised) when it raises."""
        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def schema_version(self) -> int:
        """The schema version recorded in the store (after migration: SCHEMA_VERSION)."""
        with self.connect() as con:
            return int(con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])

    # --- goals --------------------------------------------------------------------------
    _GOAL_COLUMNS = ["id", "name", "metric", "direction", "baseline", "baseline_start", "baseline_end", "target",
                     "start", "deadline", "segment", "grain", "updated_at", "version"]

    def save_goal(self, goal: Goal, expected_version: int | None = None) -> Goal:
        """Write one goal (a new id is given when it has none); the other goals are untouched.
        Returns the goal as saved, with its new version.

        `expected_version` is the version the caller's edit started from: 0 for a goal that must
        not exist yet, n for one that must still be at version n; a store that has moved on (an
        edit saved by someone else, the goal deleted, the id taken) raises
        :class:`GoalConflictError` with the store's goal and writes nothing. None writes whatever
        is there (the command line's `goals add`, scripts)."""
        if not goal.id:
            goal = goal.replace(id=uuid.uuid4().hex[:12])
        with self.transaction() as con:
            found = con.execute(f"SELECT {', '.join(self._GOAL_COLUMNS)} FROM goals WHERE id = ?", [goal.id]).fetchone()
            saved = _goal_from_row(dict(zip(self._GOAL_COLUMNS, found))) if found else None
            version = saved.version if saved else 0
            if expected_version is not None and expected_version != version:
                raise GoalConflictError(_conflict_message(goal.id, expected_version, saved), saved)
            goal = goal.replace(version=version + 1)
            row = _goal_row(goal)
            con.execute(f"INSERT OR REPLACE INTO goals ({', '.join(self._GOAL_COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(row))})", row)
        return goal

    def delete_goal(self, goal_id: str, expected_version: int | None = None) -> bool:
        """Delete one goal; True when it existed. With `expected_version`, only while the goal is
        still at that version (else :class:`GoalConflictError`, nothing deleted)."""
        with self.transaction() as con:
            found = con.execute(f"SELECT {', '.join(self._GOAL_COLUMNS)} FROM goals WHERE id = ?", [goal_id]).fetchone()
            saved = _goal_from_row(dict(zip(self._GOAL_COLUMNS, found))) if found else None
            if expected_version is not None and (saved.version if saved else 0) != expected_version:
                raise GoalConflictError(_conflict_message(goal_id, expected_version, saved), saved)
            con.execute("DELETE FROM goals WHERE id = ?", [goal_id])
        return saved is not None

    def goals(self) -> list[Goal]:
        """Every saved goal, oldest start first."""
        with self.connect() as con:
            rows = con.execute(f"SELECT {', '.join(self._GOAL_COLUMNS)} FROM goals ORDER BY start, id").fetchall()
        return [_goal_from_row(dict(zip(self._GOAL_COLUMNS, r))) for r in rows]

    def goal(self, goal_id: str) -> Goal | None:
        """One saved goal, or None."""
        return next((g for g in self.goals() if g.id == goal_id), None)

    def write(self, work: Callable[[duckdb.DuckDBPyConnection], object]) -> object:
        """Run `work(connection)` in one transaction and return its result (for other areas'
        writes, e.g. the workspace's datasets)."""
        with self.transaction() as con:
            return work(con)


# Until issue 16 a store opened for the first time was seeded with seed 002's goals and this meta
# key marked it. Nothing writes or reads it now (goals start empty); stores that have it keep it.
SEEDED_KEY = "goals_seeded"


@dataclass(frozen=True)
class GoalBook:
    """The goals a page works on: `goals` (the store's; an empty store has none); `saved` True
    when they come from the store; `problem` the store's error message when it could not be used
    (the page then keeps its goals in memory for the session, starting empty)."""
    goals: list[Goal]
    saved: bool
    problem: str | None = None


def goal_book(store: Store) -> GoalBook:
    """The store's goals, nothing added: a new store has none. When the store cannot be used, no
    goals and the reason."""
    try:
        return GoalBook(store.goals(), True)
    except StoreError as err:
        return GoalBook([], False, str(err))


def add_example_goals(store: Store, anchor) -> list[Goal]:
    """Write seed 002's three example goals (:func:`analysis.goals.default_goals` anchored on
    `anchor`, normally the data's last day) to the store in one transaction; a goal whose id is
    already saved is left as it is. Returns the store's goals after it."""
    goals = default_goals(anchor)

    def add(con: duckdb.DuckDBPyConnection) -> None:
        for g in goals:
            con.execute(f"INSERT OR IGNORE INTO goals ({', '.join(Store._GOAL_COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(Store._GOAL_COLUMNS))})", _goal_row(g))

    store.write(add)
    return store.goals()


def _conflict_message(goal_id: str, expected: int, saved: Goal | None) -> str:
    if saved is None:
        return f"The goal {goal_id} was deleted since it was read (at version {expected}); nothing was written."
    if expected == 0:
        return f"A goal with the id {goal_id} exists already (version {saved.version}); nothing was written."
    return (f"The goal {goal_id} was saved by someone else since it was read (version {expected}, now "
            f"{saved.version}); nothing was written.")


def _goal_row(goal: Goal) -> list:
    return [goal.id, goal.name, goal.metric, goal.direction, goal.baseline, _date(goal.baseline_start),
            _date(goal.baseline_end), goal.target, _date(goal.start), _date(goal.deadline),
            json.dumps(goal.segment, ensure_ascii=False, sort_keys=True), goal.grain,
            pd.Timestamp.now().to_pydatetime(), max(goal.version, 1)]


def _date(value) -> object:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _goal_from_row(row: dict) -> Goal:
    return Goal(id=row["id"], name=row["name"] or "", metric=row["metric"], direction=row["direction"],
                baseline=row["baseline"], baseline_start=row["baseline_start"], baseline_end=row["baseline_end"],
                target=row["target"], start=row["start"], deadline=row["deadline"],
                segment=json.loads(row["segment"]) if row["segment"] else {}, grain=row["grain"] or "week",
                version=int(row.get("version") or 1))
