"""The smaller intake defects of issue 18: each gets its own reason in the quality report, with
the user's row numbers. The files are written here; the expected rows are counted off them."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.load import load_files
from analysis.parse import parse_timestamps

NOW = pd.Timestamp("2025-01-01")


def issues(ds, kind: str) -> list:
    return [i for i in ds.quality if i.kind == kind]


def test_decimal_commas_in_a_semicolon_file_are_read_as_numbers_with_a_hint():
    minutes = [12.5, 3.25, 7.0, 1234.5, 0.75]
    written = ["12,5", "3,25", "7", "1.234,5", "0,75"]            # as a continental export writes them
    scores = ["4,5", "3", "5", "2,5", "4"]
    text = "Ticket ID;Created at;Handle time (min);Satisfaction\n" + "".join(
        f"T{i};2024-05-0{1 + i} 10:00;{w};{s}\n" for i, (w, s) in enumerate(zip(written, scores)))
    ds = load_files([("eu.csv", text.encode("cp1252"))], now=NOW).dataset
    assert ds.tickets["handle_min"].tolist() == minutes
    hints = {i.column: i for i in issues(ds, "decimal_comma")}
    assert set(hints) == {"Handle time (min)", "Satisfaction"}
    # rows 2…6 hold the data; the cells with a comma are the hint's rows
    assert hints["Handle time (min)"].rows.tolist() == [2 + i for i, w in enumerate(written) if "," in w]
    assert hints["Handle time (min)"].count == sum("," in w for w in written)


def test_commas_in_a_comma_file_are_not_touched():
    text = 'Ticket ID,Created at,Handle time (min)\nT1,2024-05-01 10:00,"12,5"\nT2,2024-05-02 10:00,3\n'
    ds = load_files([("us.csv", text.encode())], now=NOW).dataset
    assert not issues(ds, "decimal_comma")


def test_negative_durations_have_their_own_reason():
    values = [5, -3, 8, "abc", -1, 4] * 10
    text = "Ticket ID,Created at,Handle time (min)\n" + "".join(
        f"T{i},2024-05-0{1 + i % 9} 10:00,{v}\n" for i, v in enumerate(values))
    ds = load_files([("t.csv", text.encode())], now=NOW).dataset
    negative = issues(ds, "negative_duration")[0]
    assert negative.rows.tolist() == [i + 2 for i, v in enumerate(values) if isinstance(v, int) and v < 0]
    not_understood = issues(ds, "unparseable_duration")[0]
    assert not_understood.rows.tolist() == [i + 2 for i, v in enumerate(values) if v == "abc"]
    assert np.isnan(ds.tickets["handle_min"][1])                   # left out of the times


def test_out_of_window_years_have_their_own_reason():
    stamps = [f"2024-05-{1 + i % 28:02d} 10:00" for i in range(40)]
    stamps[3], stamps[17], stamps[25], stamps[31] = "1900-01-01 00:00", "2999-12-31 23:59", "2024-13-45 10:00", \
        "0001-01-01 00:00"
    text = "Ticket ID,Created at\n" + "".join(f"T{i},{s}\n" for i, s in enumerate(stamps))
    ds = load_files([("t.csv", text.encode())], now=NOW).dataset
    years = issues(ds, "implausible_year")[0]
    assert years.rows.tolist() == [i + 2 for i, s in enumerate(stamps) if s[:4] in ("1900", "2999", "0001")]
    assert issues(ds, "unparseable_timestamp")[0].rows.tolist() == [i + 2 for i, s in enumerate(stamps)
                                                                   if s.startswith("2024-13")]


@pytest.mark.parametrize("value,is_year", [("31/12/2999", True), ("1899-12-31", True), ("20240501", False),
                                            ("N/A", False), ("2024-02-30 10:00", False), ("2050-06-01", False)])
def test_which_values_are_dates_but_for_their_year(value, is_year):
    column = pd.Series(["2024-05-01 10:00"] * 20 + [value], dtype="string[pyarrow]")
    parsed = parse_timestamps(column)
    flagged = parsed.implausible is not None and bool(parsed.implausible.iloc[-1])
    assert flagged is is_year


def test_duplicate_headers_are_reported_with_the_names_their_columns_got():
    text = "Ticket ID,Agent,Created at,Agent,Agent\n" + "".join(
        f"T{i},Ann,2024-05-0{1 + i % 9} 10:00,Bob,Cy\n" for i in range(12))
    result = load_files([("dupes.csv", text.encode())], now=NOW)
    found = issues(result.dataset, "duplicate_header")
    assert len(found) == 1 and found[0].column == "Agent"
    assert found[0].values == ["Agent | Agent.1 | Agent.2"] and found[0].rows.tolist() == [1]


def test_duplicate_headers_in_a_workbook_are_reported_too():
    import io

    import openpyxl
    book = openpyxl.Workbook()
    book.active.append(["Ticket ID", "Agent", "Created at", "Agent"])
    for i in range(12):
        book.active.append([f"T{i}", "Ann", f"2024-05-0{1 + i % 9} 10:00", "Bob"])
    buf = io.BytesIO()
    book.save(buf)
    found = issues(load_files([("dupes.xlsx", buf.getvalue())], now=NOW).dataset, "duplicate_header")
    assert [(i.column, i.values) for i in found] == [("Agent", ["Agent | Agent.1"])]
