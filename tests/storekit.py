"""A store as an older Fupan left it, for the migration tests."""
from __future__ import annotations

from pathlib import Path

import duckdb

from analysis.store import MIGRATIONS


def store_at_schema(path: Path, version: int) -> duckdb.DuckDBPyConnection:
    """An open connection to a new DuckDB file at `path` holding the store's schema `version`
    (migrations 1..version applied, meta saying so); the caller adds rows and closes it."""
    con = duckdb.connect(str(path))
    for step, statements in MIGRATIONS:
        if step <= version:
            for sql in statements:
                con.execute(sql)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(version)])
    return con
