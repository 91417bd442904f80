"""The workspace: named datasets kept in the app's store (analysis/store.py), so that the data
stays between visits and monthly exports accumulate without loss or doubles.

Layout in the DuckDB file. The `datasets` table (schema migration 3) is the catalogue: id, name,
created and updated time. Each dataset's rows live in its own tables, named by its id (so that a
rename touches one catalogue row and a delete drops whole tables):

- ``ws_tickets_<id>``: the columns of `Dataset.tickets` plus `_key` and `_hash`;
- ``ws_survey_<id>``: the columns of `Dataset.survey` plus `_key` and `_hash` (when there is one);
- ``ws_meta_<id>``: one JSON document: drivers, scales, the pandas dtype of every column, the
  order of each label column's categories, the files (how each was read and mapped), the
  quality report and the history of appends.

Types: label columns (pandas categoricals) are stored as VARCHAR and come back as categoricals
with their original category order; datetimes as TIMESTAMP (microseconds; the exports carry
seconds); nullable booleans as BOOLEAN with NULL; counts and scores as DOUBLE.

Keys (how "Add a month" recognises a row seen before):
- a ticket by its `ticket_id`; a ticket without one (the seed template keyed by 客户编号 has no
  ticket number) by a hash of its content columns, ``row:<hash>``. Such a row that changes
  between exports (e.g. it gets its resolution time) cannot be recognised: it is added as a new
  row and the old one stays. Exports with ticket ids do not have this limitation.
- a survey response by ``ticket_id|customer_id|responded_at`` (the parts the export has); one
  with none of the three by the content hash.
`_hash` is a 64-bit hash of every column but the file name and row number
(pandas.util.hash_pandas_object, value-based, stable across processes), so a re-exported row
whose content did not change counts as unchanged, and uploading the same file twice changes
nothing.

Every write is one transaction of the store (all or nothing, also when the process is killed);
two processes appending at once are serialised by the store's lock, and each computes its
changes inside its transaction, so every row ends up exactly once.
"""
from __future__ import annotations

import io
import json
import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from . import schema
from .dataset import Dataset
from .export import to_csv_bytes
from .lazy import lazy
from .load import FileReport
from .mapping import Mapping
from .quality import QualityIssue
from .store import Store, StoreError

# imported on first use (analysis.lazy): a command that needs none of them starts without them
duckdb = lazy("duckdb")

KEY, HASH = "_key", "_hash"
HIDDEN = (KEY, HASH)
NOT_CONTENT = (schema.ROW, schema.SOURCE)          # where a row sits in which file is not its content
ROW_KEY_PREFIX = "row:"
# Test hook: seconds to sleep inside an append's transaction, after its writes and before the
# commit (the kill test uses it to kill a process mid-append). Never set in normal use.
SLEEP_ENV = "FUPAN_TEST_SLEEP_IN_WRITE"
IN_TRANSACTION_MARK = "FUPAN-IN-TRANSACTION"
# Beside the store while a save or an append writes rows: "<store file>.writing.<pid>.<random>". A
# process killed mid-write leaves its marker, and the rows it had written in the file's free space
# and past its last block (DuckDB writes a large transaction's blocks before the commit); the next
# Workspace opened on the store overwrites them (see Workspace._reclaim_unfinished_writes).
WRITING_MARK = ".writing."
DB_HEADER_BYTES = 3 * 4096        # DuckDB's file header and its two database headers, before block 0
FORMATS = ("csv", "parquet")


class WorkspaceError(StoreError):
    """A workspace operation cannot be done; the message says why."""


class DatasetNotFoundError(WorkspaceError):
    """No saved dataset has this name."""


class DatasetExistsError(WorkspaceError):
    """A saved dataset already has this name."""


class DatasetChangedError(WorkspaceError):
    """The saved dataset was written by someone else since the caller looked (a replace would
    have thrown their rows away); `updated_at` is its newer update time."""

    def __init__(self, message: str, updated_at: pd.Timestamp):
        super().__init__(message)
        self.updated_at = updated_at


@dataclass(frozen=True)
class DatasetInfo:
    """One saved dataset as the workspace list shows it: `tickets` and `responses` are row
    counts, `start`/`end` the first and last ticket creation time (None without dates)."""
    id: str
    name: str
    tickets: int
    responses: int
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    created_at: pd.Timestamp
    updated_at: pd.Timestamp
    ticket_key: str                 # "ticket_id" or "row hash" (no ticket ids in the files)
    no_created_at: int = 0          # stored tickets without a creation time (left out of the span)


@dataclass(frozen=True)
class MergeCounts:
    """What an append does to one table: rows `added` (key not seen before), `updated` (key seen,
    content changed: the stored row is replaced), `unchanged` (key seen, same content)."""
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.added + self.updated


@dataclass(frozen=True)
class AppendResult:
    """The counts of an append (or of its preview) for tickets and survey responses, and whether
    anything was written."""
    tickets: MergeCounts
    survey: MergeCounts
    written: bool = False

    @property
    def changed(self) -> int:
        return self.tickets.changed + self.survey.changed


@dataclass
class _Meta:
    drivers: list[str] = field(default_factory=list)
    csat_scale: tuple[int, int] = (1, 5)
    nps_scale: tuple[int, int] = (0, 10)
    dtypes: dict[str, dict[str, str]] = field(default_factory=dict)        # table -> column -> dtype
    categories: dict[str, dict[str, list]] = field(default_factory=dict)   # table -> column -> labels
    files: list[dict] = field(default_factory=list)
    quality: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    ticket_key: str = "ticket_id"

    def to_json(self) -> str:
        return json.dumps({**self.__dict__, "csat_scale": list(self.csat_scale),
                           "nps_scale": list(self.nps_scale)}, ensure_ascii=False, default=_json_default)

    @classmethod
    def from_json(cls, text: str) -> _Meta:
        data = json.loads(text)
        data["csat_scale"] = tuple(data["csat_scale"])
        data["nps_scale"] = tuple(data["nps_scale"])
        return cls(**data)


# --- keys and hashes -------------------------------------------------------------------------
def row_hashes(frame: pd.DataFrame) -> pd.Series:
    """A 64-bit hash (uint64) of each row's content: every column except the source file and row
    number. Value-based: the same labels give the same hash whatever the category order."""
    content = [c for c in frame.columns if c not in NOT_CONTENT and c not in HIDDEN]
    return pd.util.hash_pandas_object(frame[content], index=False, categorize=True).astype("uint64")


def _hash_keys(hashes: pd.Series) -> pd.Series:
    return ROW_KEY_PREFIX + hashes.astype("str")


def ticket_keys(tickets: pd.DataFrame, hashes: pd.Series | None = None) -> pd.Series:
    """The key of each ticket: its ticket_id, else ``row:<content hash>`` (see module docstring)."""
    ids = tickets["ticket_id"].astype("str")
    if ids.notna().all():
        return ids
    hashes = row_hashes(tickets) if hashes is None else hashes
    return ids.where(ids.notna(), _hash_keys(hashes))


def survey_keys(survey: pd.DataFrame, hashes: pd.Series | None = None) -> pd.Series:
    """The key of each response: ticket_id|customer_id|responded_at (blank parts empty), else
    ``row:<content hash>`` when all three are blank."""
    parts = [survey["ticket_id"].astype("str"), survey["customer_id"].astype("str"),
             survey["responded_at"].dt.strftime("%Y-%m-%dT%H:%M:%S").astype("str")]
    known = parts[0].notna() | parts[1].notna() | parts[2].notna()
    key = parts[0].fillna("") + "|" + parts[1].fillna("") + "|" + parts[2].fillna("")
    if known.all():
        return key
    hashes = row_hashes(survey) if hashes is None else hashes
    return key.where(known, _hash_keys(hashes))


def _keyed(frame: pd.DataFrame, keys) -> pd.DataFrame:
    """The frame with `_key` and `_hash`, one row per key (the last one: a later row of the same
    export carries the later state)."""
    hashes = row_hashes(frame)
    out = frame.assign(**{KEY: keys(frame, hashes).to_numpy(), HASH: hashes.to_numpy()})
    if out[KEY].duplicated().any():
        out = out.drop_duplicates(subset=[KEY], keep="last")
    return out


# --- (de)serialising the parts that are not tables ----------------------------------------------
def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _issue_json(issue: QualityIssue) -> dict:
    return {"kind": issue.kind, "file": issue.file, "column": issue.column,
            "rows": [int(r) for r in np.asarray(issue.rows)], "values": list(issue.values), "total": issue.total}


def _issue_from_json(data: dict) -> QualityIssue:
    return QualityIssue(data["kind"], data["file"], data["column"], np.asarray(data["rows"], dtype=np.int64),
                        data["values"], data["total"])


def _file_json(report: FileReport) -> dict:
    return {"file": report.file, "role": report.role, "format": report.format, "encoding": report.encoding,
            "delimiter": report.delimiter, "sheet": report.sheet, "sheets": list(report.sheets),
            "header_row": report.header_row, "rows": report.rows, "columns": list(report.columns),
            "mapping": report.mapping.to_dict(), "signature": report.signature, "notes": report.notes,
            "examples": report.examples}


def _file_from_json(data: dict) -> FileReport:
    mapping = Mapping.from_dict(data["mapping"], data["columns"])
    return FileReport(data["file"], data["role"], data["format"], data["encoding"], data["delimiter"],
                      data["sheet"], data["sheets"], data["header_row"], data["rows"], data["columns"], mapping,
                      data["signature"], data["notes"], data["examples"])


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select_list(frame: pd.DataFrame) -> str:
    """Columns of a registered frame cast to their stored types (categoricals would otherwise
    become ENUMs and datetimes TIMESTAMP_NS)."""
    parts = []
    for name, dtype in frame.dtypes.items():
        col = _ident(str(name))
        if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dtype) or dtype == object:
            parts.append(f"CAST({col} AS VARCHAR) AS {col}")
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            parts.append(f"CAST({col} AS TIMESTAMP) AS {col}")
        elif pd.api.types.is_bool_dtype(dtype):
            parts.append(f"CAST({col} AS BOOLEAN) AS {col}")
        elif name == HASH:
            parts.append(f"CAST({col} AS UBIGINT) AS {col}")
        elif pd.api.types.is_integer_dtype(dtype):
            parts.append(f"CAST({col} AS BIGINT) AS {col}")
        else:
            parts.append(f"CAST({col} AS DOUBLE) AS {col}")
    return ", ".join(parts)


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(c): ("category" if isinstance(d, pd.CategoricalDtype) else str(d))
            for c, d in frame.dtypes.items() if c not in HIDDEN}


def _categories(frame: pd.DataFrame, known: dict[str, list] | None = None) -> dict[str, list]:
    """Category order per label column: the stored order, then labels new in `frame`."""
    out = {k: list(v) for k, v in (known or {}).items()}
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            have = out.setdefault(str(name), [])
            seen = set(have)
            have += [str(c) for c in dtype.categories if str(c) not in seen]
    return out


def _restore(frame: pd.DataFrame, dtypes: dict[str, str], categories: dict[str, list]) -> pd.DataFrame:
    """A frame read from DuckDB with the pandas dtypes it was saved with."""
    out = {}
    for name, dtype in dtypes.items():
        column = frame[name] if name in frame.columns else pd.Series(pd.NA, index=frame.index)
        if dtype == "category":
            cats = pd.Index(categories.get(name, []), dtype="str")
            if not (isinstance(column.dtype, pd.CategoricalDtype) and column.cat.categories.equals(cats)):
                column = pd.Series(pd.Categorical(column.astype("str"), categories=cats), index=frame.index)
        elif dtype.startswith("datetime64"):
            column = column.astype(dtype)
        elif dtype == "bool":
            column = column.astype("boolean").fillna(False).astype("bool")
        elif str(column.dtype) != dtype:
            column = column.astype(dtype)
        out[name] = column
    return pd.DataFrame(out, index=frame.index)


def _sleep_for_tests() -> None:
    seconds = os.environ.get(SLEEP_ENV)
    if seconds:
        print(IN_TRANSACTION_MARK, file=sys.stderr, flush=True)
        time.sleep(float(seconds))


# --- the workspace -----------------------------------------------------------------------------
class Workspace:
    """Named datasets in `store` (default: the app's store at $FUPAN_DATA_DIR/fupan.duckdb)."""

    def __init__(self, store: Store | None = None):
        self.store = store or Store.open_default()
        self._reclaim_unfinished_writes()

    # --- writes that leave nothing behind ------------------------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Mark the store while rows are written: a process killed inside leaves the marker, and
        the next Workspace overwrites what it wrote. (A write that fails and rolls back leaves
        nothing readable: DuckDB discards the blocks of a transaction it rolls back.)"""
        marker = self.store.path.with_name(f"{self.store.path.name}{WRITING_MARK}{os.getpid()}.{uuid.uuid4().hex[:8]}")
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(pd.Timestamp.now().isoformat())
        try:
            yield
        finally:
            marker.unlink(missing_ok=True)

    def _reclaim_unfinished_writes(self) -> None:
        """Overwrite what writers killed mid-write left in the file (their markers name a process
        that is gone), then drop their markers. A marker of a live process is a write in progress."""
        folder = self.store.path.parent
        dead = [m for m in folder.glob(f"{self.store.path.name}{WRITING_MARK}*") if not _alive(m)] \
            if folder.is_dir() else []
        if not dead:
            return
        self._scrub()
        for marker in dead:
            marker.unlink(missing_ok=True)

    def _scrub(self) -> None:
        with self.store.connect() as con:
            con.execute("CHECKPOINT")
            _scrub_free_blocks(con, self.store.path)

    # names of a dataset's tables
    @staticmethod
    def _tables(dataset_id: str) -> tuple[str, str, str]:
        return f"ws_tickets_{dataset_id}", f"ws_survey_{dataset_id}", f"ws_meta_{dataset_id}"

    @staticmethod
    def _find(con: duckdb.DuckDBPyConnection, name: str) -> str:
        rows = con.execute("SELECT id FROM datasets WHERE name = ?", [name]).fetchall()
        row = rows[0] if rows else None
        if row is None:
            raise DatasetNotFoundError(f"No saved dataset is called {name!r}.")
        return row[0]

    @staticmethod
    def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
        return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                                "AND table_name = ?", [table]).fetchall()[0][0])

    def _meta(self, con: duckdb.DuckDBPyConnection, dataset_id: str) -> _Meta:
        return _Meta.from_json(con.execute(f"SELECT doc FROM {self._tables(dataset_id)[2]}").fetchall()[0][0])

    @staticmethod
    def _write_meta(con: duckdb.DuckDBPyConnection, table: str, meta: _Meta) -> None:
        con.execute(f"CREATE OR REPLACE TABLE {table} (doc VARCHAR NOT NULL)")
        con.execute(f"INSERT INTO {table} VALUES (?)", [meta.to_json()])

    # --- listing ----------------------------------------------------------------------------
    def list(self) -> list[DatasetInfo]:
        """Every saved dataset, most recently updated first."""
        with self.store.connect() as con:
            rows = con.execute("SELECT id, name, created_at, updated_at FROM datasets "
                               "ORDER BY updated_at DESC, name").fetchall()
            out = []
            for dataset_id, name, created, updated in rows:
                tickets, survey, _ = self._tables(dataset_id)
                n, start, end, undated = con.execute(
                    f"SELECT count(*), min(created_at), max(created_at), count(*) FILTER (WHERE created_at IS NULL) "
                    f"FROM {tickets}").fetchall()[0]
                responses = (con.execute(f"SELECT count(*) FROM {survey}").fetchall()[0][0]
                             if self._has_table(con, survey) else 0)
                key = self._meta(con, dataset_id).ticket_key
                out.append(DatasetInfo(dataset_id, name, int(n), int(responses),
                                       None if start is None else pd.Timestamp(start),
                                       None if end is None else pd.Timestamp(end),
                                       pd.Timestamp(created), pd.Timestamp(updated), key, int(undated)))
        return out

    def names(self) -> list[str]:
        """Names of the saved datasets, most recently updated first."""
        with self.store.connect() as con:
            return [r[0] for r in con.execute("SELECT name FROM datasets ORDER BY updated_at DESC, name").fetchall()]

    def updated_at(self, name: str) -> pd.Timestamp | None:
        """When the dataset `name` was last written; None when no dataset has that name."""
        with self.store.connect() as con:
            rows = con.execute("SELECT updated_at FROM datasets WHERE name = ?", [name]).fetchall()
        return pd.Timestamp(rows[0][0]) if rows else None

    def latest(self) -> str | None:
        """The most recently updated dataset's name, or None when there is none."""
        names = self.names()
        return names[0] if names else None

    # --- save / open ------------------------------------------------------------------------
    def save(self, name: str, ds: Dataset, replace: bool = False,
             seen_updated_at: pd.Timestamp | None = None) -> DatasetInfo:
        """Save `ds` as the dataset `name` (tickets, survey, drivers, scales, files and their
        mappings, quality report) in one transaction. An existing name raises
        DatasetExistsError unless `replace`; with `seen_updated_at` (the update time the caller
        saw when it chose to replace) a dataset written since raises DatasetChangedError and is
        left as it is."""
        name = _clean_name(name)
        tickets = _keyed(ds.tickets, ticket_keys)
        survey = None if ds.survey is None else _keyed(ds.survey, survey_keys)
        meta = _Meta(drivers=list(ds.drivers), csat_scale=tuple(ds.csat_scale), nps_scale=tuple(ds.nps_scale),
                     dtypes={"tickets": _dtypes(ds.tickets)}, categories={"tickets": _categories(ds.tickets)},
                     files=[_file_json(f) for f in ds.files], quality=[_issue_json(i) for i in ds.quality],
                     ticket_key="ticket_id" if ds.tickets["ticket_id"].notna().all() else "row hash")
        if survey is not None:
            meta.dtypes["survey"] = _dtypes(ds.survey)
            meta.categories["survey"] = _categories(ds.survey)
        meta.history.append({"at": pd.Timestamp.now().isoformat(), "action": "save",
                             "files": [f.file for f in ds.files], "tickets": len(tickets),
                             "responses": 0 if survey is None else len(survey)})
        dataset_id = uuid.uuid4().hex[:12]
        t_table, s_table, m_table = self._tables(dataset_id)
        now = pd.Timestamp.now().to_pydatetime()
        with self._writing(), self.store.transaction() as con:
            found = con.execute("SELECT id, created_at, updated_at FROM datasets WHERE name = ?", [name]).fetchall()
            existing = found[0] if found else None
            created = now
            if existing is not None:
                if not replace:
                    raise DatasetExistsError(f"A saved dataset is already called {name!r}; choose another "
                                             f"name, or add the new files to it as a month.")
                if seen_updated_at is not None and pd.Timestamp(existing[2]) != pd.Timestamp(seen_updated_at):
                    raise DatasetChangedError(f"The saved dataset {name!r} was written by someone else since "
                                              f"(at {pd.Timestamp(existing[2]):%Y-%m-%d %H:%M:%S}); nothing "
                                              "was replaced.", pd.Timestamp(existing[2]))
                self._drop(con, existing[0])
                created = existing[1]
            con.register("_ws_new_tickets", tickets)
            con.execute(f"CREATE TABLE {t_table} AS SELECT {_select_list(tickets)} FROM _ws_new_tickets")
            con.unregister("_ws_new_tickets")
            if survey is not None:
                con.register("_ws_new_survey", survey)
                con.execute(f"CREATE TABLE {s_table} AS SELECT {_select_list(survey)} FROM _ws_new_survey")
                con.unregister("_ws_new_survey")
            self._write_meta(con, m_table, meta)
            con.execute("INSERT INTO datasets VALUES (?, ?, ?, ?, '{}')", [dataset_id, name, created, now])
            _sleep_for_tests()
        return next(i for i in self.list() if i.id == dataset_id)

    def open(self, name: str) -> Dataset:
        """The saved dataset `name` as a Dataset, with the dtypes and category orders it was saved
        with (the same KPIs as the upload it came from)."""
        with self.store.connect() as con:
            dataset_id = self._find(con, name)
            meta = self._meta(con, dataset_id)
            t_table, s_table, _ = self._tables(dataset_id)
            tickets = self._read(con, t_table, meta, "tickets")
            survey = self._read(con, s_table, meta, "survey") if "survey" in meta.dtypes else None
        return Dataset(tickets=tickets, survey=survey, drivers=list(meta.drivers), csat_scale=meta.csat_scale,
                       nps_scale=meta.nps_scale, quality=[_issue_from_json(i) for i in meta.quality],
                       files=_latest_per_signature([_file_from_json(f) for f in meta.files]), name=name)

    @staticmethod
    def _read(con: duckdb.DuckDBPyConnection, table: str, meta: _Meta, part: str) -> pd.DataFrame:
        # Label columns are cast to ENUMs of their stored category order inside DuckDB, so they
        # arrive as Arrow dictionaries and become pandas categoricals without hashing a million
        # strings in Python (the one step that made opening slow).
        dtypes = meta.dtypes[part]
        categories = meta.categories.get(part, {})
        present = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
        select = []
        for name, dtype in dtypes.items():
            if name not in present:
                continue
            labels = categories.get(name, [])
            if dtype == "category" and labels:
                enum = ", ".join("'" + str(label).replace("'", "''") + "'" for label in labels)
                select.append(f"CAST({_ident(name)} AS ENUM({enum})) AS {_ident(name)}")
            else:
                select.append(_ident(name))
        arrow = con.sql(f"SELECT {', '.join(select)} FROM {table}").to_arrow_table()
        frame = arrow.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get, split_blocks=True,
                                self_destruct=True)     # hand Arrow's buffers over instead of copying them
        return _restore(frame, dtypes, categories)

    # --- add a month ------------------------------------------------------------------------
    def preview_append(self, name: str, ds: Dataset) -> AppendResult:
        """What appending `ds` to `name` would do (nothing is written)."""
        tickets, survey = self._new_parts(ds)
        with self.store.connect() as con:
            dataset_id = self._find(con, name)
            t_table, s_table, _ = self._tables(dataset_id)
            return AppendResult(self._counts(con, t_table, tickets), self._counts(con, s_table, survey))

    def append(self, name: str, ds: Dataset) -> AppendResult:
        """Append a new export to the saved dataset `name`, in one transaction: rows whose key was
        not seen are added, rows seen with other content replace the stored row, identical rows
        are left alone. Nothing is written (and the update time is kept) when nothing changed."""
        tickets, survey = self._new_parts(ds)
        with self._writing(), self.store.transaction() as con:
            dataset_id = self._find(con, name)
            t_table, s_table, m_table = self._tables(dataset_id)
            meta = self._meta(con, dataset_id)
            t_counts = self._merge(con, t_table, tickets)
            s_counts = self._merge(con, s_table, survey)
            result = AppendResult(t_counts, s_counts, written=bool(t_counts.changed or s_counts.changed))
            if not result.written:
                return result
            self._extend_meta(meta, ds, tickets, survey, t_counts, s_counts)
            self._write_meta(con, m_table, meta)
            con.execute("UPDATE datasets SET updated_at = ? WHERE id = ?",
                        [pd.Timestamp.now().to_pydatetime(), dataset_id])
            _sleep_for_tests()
        return result

    @staticmethod
    def _new_parts(ds: Dataset) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
        tickets = _keyed(ds.tickets, ticket_keys) if len(ds.tickets) else None
        survey = _keyed(ds.survey, survey_keys) if ds.survey is not None and len(ds.survey) else None
        return tickets, survey

    def _counts(self, con, table: str, new: pd.DataFrame | None) -> MergeCounts:
        if new is None:
            return MergeCounts()
        if not self._has_table(con, table):
            return MergeCounts(added=len(new))
        keys = new[[KEY, HASH]]
        con.register("_ws_keys", keys)
        try:
            added, updated, unchanged = con.execute(
                f"""SELECT count(*) FILTER (WHERE o.{KEY} IS NULL),
                           count(*) FILTER (WHERE o.{HASH} <> n.{HASH}),
                           count(*) FILTER (WHERE o.{HASH} = n.{HASH})
                    FROM _ws_keys n LEFT JOIN (SELECT {KEY}, {HASH} FROM {table}) o ON n.{KEY} = o.{KEY}""").fetchall()[0]
        finally:
            con.unregister("_ws_keys")
        return MergeCounts(int(added), int(updated), int(unchanged))

    def _merge(self, con, table: str, new: pd.DataFrame | None) -> MergeCounts:
        counts = self._counts(con, table, new)
        if new is None or not counts.changed:
            return counts
        con.register("_ws_new", new)
        try:
            if not self._has_table(con, table):
                con.execute(f"CREATE TABLE {table} AS SELECT {_select_list(new)} FROM _ws_new")
                return counts
            present = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
            for column in new.columns:
                if column not in present:      # a driver sub-rating, or a label column, new in this export
                    dtype = new[column].dtype
                    kind = "VARCHAR" if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dtype) \
                        or dtype == object else "DOUBLE"
                    con.execute(f"ALTER TABLE {table} ADD COLUMN {_ident(str(column))} {kind}")
            if counts.updated:      # the stored version of a changed row goes; the new one comes below
                con.execute(f"""DELETE FROM {table} WHERE {KEY} IN (
                                SELECT n.{KEY} FROM _ws_new n JOIN {table} o ON o.{KEY} = n.{KEY}
                                WHERE o.{HASH} <> n.{HASH})""")
            con.execute(f"""INSERT INTO {table} BY NAME SELECT {_select_list(new)} FROM _ws_new n
                            WHERE NOT EXISTS (SELECT 1 FROM {table} o WHERE o.{KEY} = n.{KEY})""")
        finally:
            con.unregister("_ws_new")
        return counts

    @staticmethod
    def _extend_meta(meta: _Meta, ds: Dataset, tickets, survey, t_counts: MergeCounts, s_counts: MergeCounts) -> None:
        if tickets is not None:
            known = meta.dtypes.setdefault("tickets", _dtypes(ds.tickets))
            for column, dtype in _dtypes(ds.tickets).items():   # label columns new in this export
                if column not in known:
                    known[column] = dtype
            meta.categories["tickets"] = _categories(ds.tickets, meta.categories.get("tickets"))
            if ds.tickets["ticket_id"].isna().any():
                meta.ticket_key = "row hash"
        if survey is not None:
            dtypes = meta.dtypes.setdefault("survey", {})
            base = [c for c in dtypes if c not in NOT_CONTENT]
            new_drivers = [d for d in ds.drivers if d not in dtypes]
            merged = {c: dtypes[c] for c in base}
            merged.update({d: "float64" for d in new_drivers})
            for c in NOT_CONTENT:
                merged[c] = dtypes.get(c, str(ds.survey[c].dtype))
            if not base:
                merged = _dtypes(ds.survey)
            meta.dtypes["survey"] = merged
            meta.categories["survey"] = _categories(ds.survey, meta.categories.get("survey"))
            meta.drivers += [d for d in ds.drivers if d not in meta.drivers]
        meta.files += [_file_json(f) for f in ds.files]
        meta.quality += [_issue_json(i) for i in ds.quality]
        meta.history.append({"at": pd.Timestamp.now().isoformat(), "action": "append",
                             "files": [f.file for f in ds.files], "tickets": t_counts.__dict__,
                             "survey": s_counts.__dict__})

    # --- rename / delete / export ------------------------------------------------------------
    def rename(self, name: str, new_name: str) -> None:
        """Give the dataset `name` the name `new_name` (which must be free)."""
        new_name = _clean_name(new_name)
        with self.store.transaction() as con:
            dataset_id = self._find(con, name)
            if new_name != name and con.execute("SELECT count(*) FROM datasets WHERE name = ?",
                                                [new_name]).fetchall()[0][0]:
                raise DatasetExistsError(f"A saved dataset is already called {new_name!r}.")
            con.execute("UPDATE datasets SET name = ? WHERE id = ?", [new_name, dataset_id])

    def _drop(self, con, dataset_id: str) -> None:
        for table in self._tables(dataset_id):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("DELETE FROM datasets WHERE id = ?", [dataset_id])

    def delete(self, name: str) -> None:
        """Delete the dataset `name` with its rows gone from the file, not only hidden: its tables
        are dropped in one transaction, then a checkpoint writes the file without them and the
        freed blocks are overwritten (DuckDB leaves a freed block's old bytes until it reuses
        the block)."""
        with self.store.transaction() as con:
            self._drop(con, self._find(con, name))
        self._scrub()

    def export(self, name: str, fmt: str = "csv") -> dict[str, bytes]:
        """The dataset's tickets (and survey) as files: {file name: bytes}, CSV (UTF-8 with BOM,
        formula-looking cells escaped) or Parquet."""
        return export_files(self.open(name), fmt)

    # --- mapping profiles ---------------------------------------------------------------------
    def save_profiles(self, profiles: dict[str, dict]) -> None:
        """Keep mapping profiles ({header signature: Mapping.to_dict()}), replacing those with the
        same signature."""
        if not profiles:
            return
        now = pd.Timestamp.now().to_pydatetime()
        with self.store.transaction() as con:
            for signature, mapping in profiles.items():
                con.execute("INSERT OR REPLACE INTO mapping_profiles VALUES (?, ?, ?)",
                            [signature, json.dumps(mapping, ensure_ascii=False, sort_keys=True), now])

    def profiles(self) -> dict[str, dict]:
        """Every kept mapping profile: {header signature: mapping dict}."""
        with self.store.connect() as con:
            rows = con.execute("SELECT signature, mapping FROM mapping_profiles").fetchall()
        return {sig: json.loads(text) for sig, text in rows}

    # --- aggregates in the database --------------------------------------------------------------
    def monthly_overview(self, name: str) -> pd.DataFrame:
        """Overview figures per month of ticket creation, computed inside DuckDB (for datasets too
        big for pandas): `tickets` (count), `frt_median_min` and `frt_p90_min` (first response
        minutes, linear interpolation as numpy's default, negative or blank left out, n in
        `frt_n`), and `csat_pct` (percent of responses in the satisfied codes, by the month of
        the response — its own date, else its ticket's creation — n in `csat_n`; blank or
        out-of-range scores left out). Null where a month has no usable value."""
        with self.store.connect() as con:
            dataset_id = self._find(con, name)
            meta = self._meta(con, dataset_id)
            t_table, s_table, _ = self._tables(dataset_id)
            low, high = meta.csat_scale
            top = ", ".join(str(float(c)) for c in schema.satisfied_codes(low, high))
            ticket_part = f"""SELECT date_trunc('month', created_at) AS month, count(*) AS tickets,
                       quantile_cont(frt_min, 0.5) FILTER (WHERE frt_min >= 0) AS frt_median_min,
                       quantile_cont(frt_min, 0.9) FILTER (WHERE frt_min >= 0) AS frt_p90_min,
                       count(frt_min) FILTER (WHERE frt_min >= 0) AS frt_n
                FROM {t_table} WHERE created_at IS NOT NULL GROUP BY 1"""
            if self._has_table(con, s_table):
                join = "ticket_id" if con.execute(f"SELECT count(ticket_id) FROM {s_table}").fetchall()[0][0] else "customer_id"
                responses = f"""SELECT coalesce(s.responded_at, t.created_at) AS ts, s.csat, s.csat_satisfied
                    FROM {s_table} s LEFT JOIN (SELECT {join}, any_value(created_at) AS created_at
                    FROM {t_table} WHERE {join} IS NOT NULL GROUP BY 1) t USING ({join})"""
            else:
                responses = f"SELECT created_at AS ts, csat, csat_satisfied FROM {t_table}"
            frame = con.execute(f"""
                WITH tk AS ({ticket_part}),
                r AS (SELECT date_trunc('month', ts) AS month,
                             coalesce(CAST(csat_satisfied AS DOUBLE), CAST(csat IN ({top}) AS DOUBLE)) AS sat
                      FROM ({responses}) WHERE ts IS NOT NULL AND csat BETWEEN {low} AND {high}),
                rs AS (SELECT month, 100 * avg(sat) AS csat_pct, count(*) AS csat_n FROM r GROUP BY 1)
                SELECT coalesce(tk.month, rs.month) AS month, coalesce(tk.tickets, 0) AS tickets,
                       tk.frt_median_min, tk.frt_p90_min, coalesce(tk.frt_n, 0) AS frt_n,
                       rs.csat_pct, coalesce(rs.csat_n, 0) AS csat_n
                FROM tk FULL OUTER JOIN rs ON tk.month = rs.month ORDER BY 1""").df()
        frame["month"] = frame["month"].astype("datetime64[ns]")
        for column in ("tickets", "frt_n", "csat_n"):
            frame[column] = frame[column].astype("int64")
        return frame


def _latest_per_signature(files: list[FileReport]) -> list[FileReport]:
    """One report per header layout (the latest file's): twelve monthly exports with the same
    headers share one mapping, and the Data page offers one mapping editor per layout. Every
    file added stays listed in the dataset's history."""
    latest = {f.signature: f for f in files}
    return [f for f in files if latest[f.signature] is f]


def _alive(marker: Path) -> bool:
    """True while the process named in a write marker runs."""
    try:
        pid = int(marker.name.split(WRITING_MARK)[1].split(".")[0])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError):
        return False
    except PermissionError:          # another user's live process
        return True
    return True


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise WorkspaceError("A dataset needs a name.")
    return name


def _scrub_free_blocks(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Overwrite the file's free blocks, and its bytes past the last block DuckDB counts (where a
    transaction that never committed wrote its blocks), with random numbers: fill them with a
    throw-away table of incompressible values, checkpoint, drop it, checkpoint."""
    size = con.execute("PRAGMA database_size").df().iloc[0]
    free, block, total = int(size["free_blocks"]), int(size["block_size"]), int(size["total_blocks"])
    tail = max(0, path.stat().st_size - DB_HEADER_BYTES - total * block) if path.exists() else 0
    if free <= 0 and tail <= 0:
        return
    rows = int((free * block + tail) / 8 * 1.25) + 1024     # 8 bytes a random BIGINT; margin for headers
    con.execute("DROP TABLE IF EXISTS _ws_scrub")
    con.execute(f"CREATE TABLE _ws_scrub AS SELECT CAST(random() * 9.2e18 AS BIGINT) AS x FROM range({rows})")
    con.execute("CHECKPOINT")
    con.execute("DROP TABLE _ws_scrub")
    con.execute("CHECKPOINT")


def export_files(ds: Dataset, fmt: str = "csv") -> dict[str, bytes]:
    """A dataset's tickets and survey as {file name: bytes} in `fmt` ("csv" or "parquet"). The
    CSV is UTF-8 with BOM and formula-escaped (as every CSV the app writes); Parquet keeps types."""
    if fmt not in FORMATS:
        raise WorkspaceError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    parts = {"tickets": ds.tickets, **({"survey": ds.survey} if ds.survey is not None else {})}
    out = {}
    for part, frame in parts.items():
        if fmt == "csv":
            out[f"{part}.csv"] = to_csv_bytes(frame)
        else:
            buffer = io.BytesIO()
            frame.to_parquet(buffer, index=False)
            out[f"{part}.parquet"] = buffer.getvalue()
    return out


def export_to_folder(ds: Dataset, folder: str | Path, fmt: str = "csv") -> list[Path]:
    """Write :func:`export_files` into `folder` (created if missing); the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for file_name, data in export_files(ds, fmt).items():
        path = folder / file_name
        path.write_bytes(data)
        paths.append(path)
    return paths
