"""Nothing is lost: a row leaves the dataset only as an exact copy of a whole earlier row of the
user's file (or as an earlier row of the same ticket id), and every row that leaves is in the
quality report with its row number. Property-tested on generated exports: few distinct values, so
that rows often agree in the mapped columns while differing in an unmapped one."""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.load import load_files

CHANNELS = ["Phone", "Email", "Chat", ""]
DATES = ["2024-03-01 09:00", "2024-03-01 09:00", "2024-03-02 10:30", ""]
TEXTS = ["Late delivery", "Refund please", "Broken item", "late delivery", ""]


def _row(with_id: bool):
    cells = [st.sampled_from(DATES), st.sampled_from(CHANNELS), st.sampled_from(TEXTS),
             st.sampled_from(["a", "b", "c"])]           # "Note": a column nothing maps
    if with_id:
        cells.insert(0, st.sampled_from(["T1", "T2", "T3", "T4", "T5", "T6"]))
    return st.tuples(*cells)


def _file(draw_rows: list[tuple], with_id: bool) -> bytes:
    header = (["Ticket ID"] if with_id else []) + ["Created at", "Channel", "Customer Complaint", "Note"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(draw_rows)
    return out.getvalue().encode()


@st.composite
def exports(draw):
    with_id = draw(st.booleans())
    rows = draw(st.lists(_row(with_id), min_size=3, max_size=40))
    # copies of whole rows, placed anywhere after their original
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(rows) - 1))
        rows.insert(draw(st.integers(i + 1, len(rows))), rows[i])
    return with_id, rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_only_exact_repeats_and_earlier_states_leave_and_each_is_reported(export):
    with_id, rows = export
    data = _file(rows, with_id)
    ds = load_files([("export.csv", data)]).dataset
    by_number = {n: row for n, row in enumerate(rows, start=2)}        # the file's own row numbers
    # blank rows (every cell empty) are not rows of the table at all
    table_rows = {n for n, row in by_number.items() if any(row)}
    kept = set(ds.tickets["source_row"].tolist())
    reported = {kind: set() for kind in ("duplicate_row", "duplicate_id")}
    for found in ds.quality:
        if found.kind in reported:
            reported[found.kind] |= {int(r) for r in found.rows}
    assert kept | reported["duplicate_row"] | reported["duplicate_id"] == table_rows
    assert not kept & (reported["duplicate_row"] | reported["duplicate_id"])
    for n in reported["duplicate_row"]:                     # a copy of a whole earlier row, cell for cell
        assert any(by_number[m] == by_number[n] for m in table_rows if m < n)
    for n in reported["duplicate_id"]:                      # another row of the same ticket is kept
        assert with_id and any(by_number[m][0] == by_number[n][0] for m in kept)
    if not with_id:
        assert not reported["duplicate_id"]


def test_a_file_with_no_id_keeps_complaints_that_differ_only_in_an_unmapped_column():
    # the reported bug: 537 of 1,000 distinct complaints dropped as "repeats" of each other
    rows = [("2024-03-01 09:00", "Phone", "Late delivery", note) for note in ("a", "b", "c")]
    rows.append(rows[0])
    ds = load_files([("export.csv", _file(rows, with_id=False))]).dataset
    assert sorted(ds.tickets["source_row"]) == [2, 3, 4]
    assert [(i.kind, list(i.rows)) for i in ds.quality if i.kind == "duplicate_row"] == [("duplicate_row", [5])]


def test_monthly_exports_repeating_a_row_drop_it_once_across_the_files():
    jan = [("2024-01-30 10:00", "Phone", "Late delivery", "a"), ("2024-01-31 10:00", "Email", "Refund please", "b")]
    feb = [jan[1], ("2024-02-01 10:00", "Chat", "Broken item", "a"), ("2024-01-30 10:00", "Phone", "Late delivery", "z")]
    ds = load_files([("jan.csv", _file(jan, False)), ("feb.csv", _file(feb, False))]).dataset
    kept = sorted(zip(ds.tickets["source_file"], ds.tickets["source_row"]))
    assert kept == [("feb.csv", 3), ("feb.csv", 4), ("jan.csv", 2), ("jan.csv", 3)]
    repeats = [(i.file, list(i.rows)) for i in ds.quality if i.kind == "duplicate_row"]
    assert repeats == [("feb.csv", [2])]
