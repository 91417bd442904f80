"""Short text keys (ticket and customer ids) as 64-bit numbers, and the two questions intake asks
of them: which rows share a key with another row, and where the last row with each wanted key is.

An id of at most 8 bytes ("T0000001", "100234", "编号01") is its bytes read as one big-endian
number, zero-padded on the right: two ids are equal exactly when their numbers are (the text holds
no NUL byte, checked), and ids an export writes in order ("T0000001", "T0000002" …) stay nearly in
order as numbers. Nearly ordered keys are grouped by a stable sort (Timsort runs through ordered
stretches in one pass), others by a hash table; both answer as comparing the text would, five to
ten times faster than hashing a million strings (bench/RESULTS.md, issue 17).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

MAX_BYTES = 8
# A sort pays off over a hash table while the keys descend at no more than one place in this
# many (each descent starts a run that Timsort merges; a shuffled column has a descent every
# other row and sorts five times slower than ordered ones).
SORTED_ENOUGH = 64


def pack(values: pd.Series | pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray] | None:
    """Each text value of at most 8 bytes as a uint64 (see the module's docstring), with a mask
    of the values present (a missing value's number is 0 and means nothing). None when the column
    is not Arrow-backed text, or a value is longer than 8 bytes or holds a NUL byte: compare the
    text itself then."""
    arrow = _arrow_text(values)
    if arrow is None:
        return None
    chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
    if not chunks:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)
    lengths = pc.binary_length(arrow)
    longest = pc.max(lengths).as_py()
    if longest is not None and longest > MAX_BYTES:
        return None
    keys = np.empty(len(arrow), dtype=np.uint64)
    start = 0
    for chunk in chunks:
        packed = _pack_chunk(chunk)
        if packed is None:
            return None
        keys[start:start + len(chunk)] = packed
        start += len(chunk)
    valid = np.ones(len(arrow), dtype=bool) if not arrow.null_count else \
        arrow.is_valid().to_numpy(zero_copy_only=False)
    return keys, valid


def _arrow_text(values) -> pa.Array | pa.ChunkedArray | None:
    """The Arrow text (or bytes) behind `values`, None for any other column."""
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        arrow = values
    elif isinstance(values, pd.Series) and isinstance(values.array, pd.arrays.ArrowStringArray):
        arrow = values.array.__arrow_array__()
    else:
        return None
    kind = arrow.type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)
            or pa.types.is_binary(kind) or pa.types.is_large_binary(kind)):
        return None
    return arrow


def _pack_chunk(chunk: pa.Array) -> np.ndarray | None:
    """One Arrow text chunk as big-endian uint64 numbers (nulls 0); None when a cell holds NUL."""
    n = len(chunk)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    large = pa.types.is_large_string(chunk.type) or pa.types.is_large_binary(chunk.type)
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64 if large else np.int32)[chunk.offset:chunk.offset + n + 1]
    data_buffer = chunk.buffers()[2]
    data = (np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8))
    data = data[offsets[0]:offsets[-1]]
    if len(data) and not data.all():
        return None                 # a NUL byte would read as padding: "A" and "A\0" would meet
    starts = (offsets[:-1] - offsets[0]).astype(np.int64)
    lengths = np.diff(offsets).astype(np.int64)
    width = int(lengths.max())
    if width == 0:
        return np.zeros(n, dtype=np.uint64)
    if int(lengths.min()) == width:       # one width (the usual id column): the bytes as a matrix
        cells = data.reshape(n, width)
        if width < MAX_BYTES:
            cells = np.concatenate([cells, np.zeros((n, MAX_BYTES - width), dtype=np.uint8)], axis=1)
        return np.ascontiguousarray(cells).view(">u8").ravel().astype(np.uint64)
    # Several widths: byte by byte, a short value padded with zeros.
    keys = np.zeros(n, dtype=np.uint64)
    last = len(data) - 1
    for j in range(width):
        byte = data[np.minimum(starts + j, last)].astype(np.uint64)
        byte[lengths <= j] = 0
        keys |= byte << np.uint64(8 * (MAX_BYTES - 1 - j))
    return keys


def nearly_sorted(keys: np.ndarray) -> bool:
    """Whether `keys` descend rarely enough for a stable sort to beat a hash table."""
    return len(keys) < 2 or np.count_nonzero(keys[1:] < keys[:-1]) * SORTED_ENOUGH <= len(keys)


def shared(keys: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """Per row, whether another row holds the same key (rows not `valid` never count)."""
    out = np.zeros(len(keys), dtype=bool)
    rows = np.flatnonzero(valid) if valid is not None and not valid.all() else None
    present = keys if rows is None else keys[rows]
    if nearly_sorted(present):
        order = np.argsort(present, kind="stable")
        ordered = present[order]
        same = ordered[1:] == ordered[:-1]
        flags = np.zeros(len(present), dtype=bool)
        flags[1:] = same
        flags[:-1] |= same
        found = np.empty(len(present), dtype=bool)
        found[order] = flags
    else:
        found = pd.Series(present).duplicated(keep=False).to_numpy()
    if rows is None:
        return found
    out[rows] = found
    return out


def last_positions(keys: np.ndarray, keys_valid: np.ndarray, wanted: np.ndarray,
                   wanted_valid: np.ndarray) -> np.ndarray:
    """For each wanted key, the position of the last row of `keys` holding it; -1 where no row
    does or the wanted key is missing (missing keys never match)."""
    out = np.full(len(wanted), -1, dtype=np.int64)
    rows = np.flatnonzero(keys_valid)
    present = keys[rows]
    asked = np.flatnonzero(wanted_valid)
    if not len(rows) or not len(asked):
        return out
    needles = wanted[asked]
    if nearly_sorted(present):
        order = np.argsort(present, kind="stable")       # equal keys keep their order: the last is last
        ordered = present[order]
        # needles in order too, so each binary search starts where the previous one ended (four
        # times faster than searching in the file's order); equal needles get the same answer,
        # so their order among themselves does not matter
        by_needle = np.argsort(needles)
        sorted_needles = needles[by_needle]
        at = np.searchsorted(ordered, sorted_needles, side="right") - 1
        hit = at >= 0
        hit[hit] = ordered[at[hit]] == sorted_needles[hit]
        found = np.empty(len(needles), dtype=np.int64)
        found[by_needle] = np.where(hit, rows[order[np.maximum(at, 0)]], -1)
    else:
        last = ~pd.Series(present).duplicated(keep="last").to_numpy()
        index = pd.Index(present[last])
        at = index.get_indexer(needles)
        found = np.where(at >= 0, rows[last][np.maximum(at, 0)], -1)
    out[asked] = found
    return out
