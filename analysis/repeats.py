"""Exact repeats: rows that are a whole-row copy of an earlier row of the user's file.

A row leaves the dataset only as such a copy, so the test is on the raw cells of every column,
mapped or not, as the file wrote them (empty and missing cells alike): two complaints with the
same date and channel but different texts are two complaints, even when the text column is not
mapped. Only rows that share their value in one column (the probe: the ticket id, else the column
with the most distinct values) can be copies of each other, so a million-row file compares a
handful of rows, not a million.

Across files, rows are compared by a 64-bit hash of the whole raw row (computed by DuckDB over
the Arrow table, for files that share their header layout with another file of the upload): a
monthly export that repeats last month's row is found whatever the probe says.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import keys, parse
from .ingest import RawTable


def probe_column(raw: RawTable, preferred: str | None) -> str:
    """The column whose shared values bound the candidates: `preferred` (the mapped ticket id)
    when given, else the one with the most distinct values among the first rows."""
    if preferred is not None:
        return preferred
    head = raw.head(2000)
    return max(raw.columns, key=lambda c: head[c].nunique(dropna=False))


def exact_repeats(raw: RawTable, probe: str, shared: np.ndarray | None = None) -> np.ndarray:
    """Per kept row of `raw`, whether it repeats an earlier row cell for cell (bool).
    `shared`: which rows share their probe value with another (or a superset of them: the
    cleaner's repeated ticket ids, found on trimmed text), when already known.

    Call before the cleaner takes columns out of `raw`, or on a snapshot (it needs every one)."""
    out = np.zeros(raw.n_rows, dtype=bool)
    candidates = np.flatnonzero(_shared(raw.column(probe)) if shared is None else shared)
    if not len(candidates):
        return out
    rows = _rows_text(raw, candidates)
    group = rows.groupby(list(rows.columns), sort=False, dropna=False).ngroup().to_numpy()
    first_of_group = np.unique(group, return_index=True)[1]     # groups are numbered 0, 1, … in order
    out[candidates[candidates[first_of_group[group]] != candidates]] = True
    return out


def _shared(values: pd.Series) -> np.ndarray:
    """Which rows hold a value another row holds too; blank cells count as one value (rows
    blank in the probe can still be copies of each other). Short ids are compared as numbers
    (analysis.keys)."""
    packed = keys.pack(values)
    if packed is not None:
        numbers, present = packed
        out = keys.shared(numbers, present)
        blank = ~present
        if np.count_nonzero(blank) > 1:
            out |= blank
        return out
    codes, _ = parse.factorize(values)
    counts = np.bincount(codes + 1)
    return counts[codes + 1] > 1


def _rows_text(raw: RawTable, positions: np.ndarray) -> pd.DataFrame:
    """The cells of these kept rows, every column, as text ("" for empty), in pandas."""
    cells = raw.cells
    if isinstance(cells, pa.Table):
        # by a boolean mask: Arrow filters chunk by chunk, where a take would first join every
        # million-cell column's chunks (tens of ms a column)
        picked = np.zeros(cells.num_rows, dtype=bool)
        picked[positions if raw.kept is None else raw.kept[positions]] = True
        table = cells.filter(pa.array(picked))
        return pd.DataFrame({f"c{i}": _text(table.column(i)) for i in range(table.num_columns)})
    frame = cells.iloc[positions]
    return pd.DataFrame({f"c{i}": frame.iloc[:, i].map(lambda v: "" if v is None or v != v else str(v)).to_numpy()
                         for i in range(frame.shape[1])})


def _text(values: pa.ChunkedArray) -> np.ndarray:
    if pa.types.is_dictionary(values.type):
        values = values.cast(values.type.value_type)
    return pc.fill_null(values.cast(pa.string()), "").to_numpy(zero_copy_only=False)


def row_hashes(raw: RawTable) -> np.ndarray:
    """A 64-bit hash of every kept row's raw cells (uint64), for comparing rows across files of
    one header layout; equal rows hash equal in any file. Call before the cleaner takes columns."""
    cells = raw.cells
    if isinstance(cells, pa.Table):
        import duckdb
        table = pa.table([c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in cells.columns],
                         names=[f"c{i}" for i in range(cells.num_columns)])
        con = duckdb.connect()
        try:
            con.register("cells", table)
            columns = ", ".join(f"coalesce(c{i}, '')" for i in range(table.num_columns))
            hashes = con.sql(f"SELECT hash({columns}) AS h FROM cells").fetchnumpy()["h"]
        finally:
            con.close()
        hashes = np.asarray(hashes, dtype=np.uint64)
        return hashes if raw.kept is None else hashes[raw.kept]
    text = pd.DataFrame({f"c{i}": cells.iloc[:, i].map(lambda v: "" if v is None or v != v else str(v))
                         for i in range(cells.shape[1])})
    return pd.util.hash_pandas_object(text, index=False).to_numpy(dtype=np.uint64)
