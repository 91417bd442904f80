"""Intake's fast paths read every cell as the general path does (issue 17): clock durations read
off the bytes of an Arrow text column equal the regex reading of the same text held as Python
objects (which never takes the fast path), bit for bit, blanks and unreadable cells included;
and hand-worked values."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import parse


def both_routes(values: list) -> tuple[parse.ParsedDurations, parse.ParsedDurations]:
    fast = parse.parse_durations(pd.Series(values, dtype="str"))
    general = parse.parse_durations(pd.Series(values, dtype=object))
    return fast, general


def assert_same(fast: parse.ParsedDurations, general: parse.ParsedDurations) -> None:
    assert np.array_equal(fast.minutes.to_numpy(), general.minutes.to_numpy(), equal_nan=True)
    assert fast.minutes.dtype == general.minutes.dtype == np.float64
    assert fast.bad.tolist() == general.bad.tolist()
    assert fast.plain_unit == general.plain_unit


@pytest.mark.parametrize("text, minutes", [
    ("00:02:54", 2 + 54 / 60), ("107:44:52", 107 * 60 + 44 + 52 / 60), ("5:32", 5 * 60 + 32),
    ("9999:59:59", 9999 * 60 + 59 + 59 / 60), ("0:00", 0.0), ("12345:06", 12345 * 60 + 6),
])
def test_clock_readings_by_hand(text, minutes):
    parsed = parse.parse_durations(pd.Series([text, "00:00:01"], dtype="str"))
    assert parsed.minutes.iloc[0] == pytest.approx(minutes, rel=1e-15)
    assert not parsed.bad.any()


MIXED = ["00:02:54", "107:44:52", "5:32", "05:32", "1:5", " 00:02:54", "00:2:54", "12:34:56.5", "9999:59:59",
         "10000:00:00", "1 day, 02:03:04", "3分", "1h 30m", "12", "N/A", None, "", "ab:cd:ef", "12:3a:45", "0:00",
         "00:00:00", "1234:56", "12345:67", "-1:00:00", "１２:00:00", "00:00:00 ", "00:60:00"]


def test_a_column_of_every_shape_reads_as_the_general_path_reads_it():
    assert_same(*both_routes(MIXED * 5))


def test_a_column_of_clocks_only_and_one_with_none():
    assert_same(*both_routes(["00:02:54", "01:00:00", "107:44:52"] * 100))
    assert_same(*both_routes(["3分", "1h", "12"] * 10))


def test_clocks_across_arrow_chunks():
    import pyarrow as pa
    chunked = pa.chunked_array([pa.array(["00:02:54", None, "7:05"]), pa.array(["x", "100:00:00"]), pa.array([], pa.string())])
    fast = parse.parse_durations(pd.Series(pd.arrays.ArrowStringArray(chunked)))
    general = parse.parse_durations(pd.Series(chunked.to_pylist(), dtype=object))
    assert_same(fast, general)


CLOCKISH = st.one_of(
    st.from_regex(r"\A\d{1,5}:\d{1,2}(:\d{1,2})?\Z", fullmatch=True),
    st.text(alphabet="0123456789: .分h", max_size=10),
    st.none())


@settings(max_examples=300, deadline=None)
@given(st.lists(CLOCKISH, min_size=1, max_size=30))
def test_any_clock_like_text_reads_the_same_both_ways(values):
    assert_same(*both_routes(values))


@pytest.mark.parametrize("fmt, make", [
    ("%Y-%m-%d %H:%M:%S", lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
    ("%Y-%m-%dT%H:%M", lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    ("%Y-%m-%d", lambda d: d.strftime("%Y-%m-%d")),
])
@pytest.mark.parametrize("strays", [["TBD", "#VALUE!", None], ["0000-00-00 00:00:00", "TBD"],
                                    ["2024-02-30 10:00:00", "2024-02-30"], []])
def test_an_iso_column_with_strays_reads_as_pandas_reads_it(fmt, make, strays):
    # above CAST_SLICE values the ISO-shaped cells go by Arrow's cast and the rest by strptime;
    # pandas' strict parser of the same format is the reference (years outside 1950-2100 refused)
    import pyarrow as pa
    stamps = pd.date_range("2024-01-01", periods=parse.CAST_SLICE + 500, freq="37min")
    text = [make(d) for d in stamps]
    for i, stray in enumerate(strays):
        text[1000 + i * 20_000] = stray
    got = parse._strptime_arrow(pa.array(text, pa.string()), fmt)
    expected = pd.to_datetime(pd.Series(text, dtype=object), format=fmt, errors="coerce")
    expected = expected.where(expected.dt.year.between(1950, 2100))
    assert np.array_equal(got, expected.to_numpy(dtype="datetime64[ns]"), equal_nan=True)


@pytest.mark.parametrize("cells", [
    ["T1", "T2", "How to use it"], ["T1", " T2", "T3"], ["T1", "T2\u3000", "T3"], ["T1", "", "T3"],
    ["T1", None, "T3"], [None, None], ["\u00a0T1", "T2"], ["T1\t", "x"], ["编号", "工单 "], ["é", "ß"],
])
def test_text_columns_read_as_a_trim_and_blank_mask(cells):
    # the cleaner keeps text that needs no trim as it is; the reference trims every cell
    from analysis.clean import _text
    raw = pd.Series(cells * 50, dtype="str")
    expected = raw.str.strip()
    expected = expected.mask(expected == "")
    pd.testing.assert_series_equal(_text(raw, len(raw)), expected)


def test_responses_are_joined_once_and_each_caller_changes_only_its_own_frame():
    from analysis.load import load_files
    from pagekit import SAMPLE

    ds = load_files([(n, (SAMPLE / n).read_bytes()) for n in ("tickets_en.csv", "survey_en.csv")]).dataset
    first, second = ds.responses(), ds.responses()
    assert first is not second and len(first) == len(ds.survey)
    # the join read once: the frames share their columns' memory until one is written
    assert np.shares_memory(first["csat"].to_numpy(), second["csat"].to_numpy())
    kept = first["csat"].copy()
    second["csat"] = -1.0
    second.loc[second.index[0], "resolution_h"] = 1e9
    again = ds.responses()
    pd.testing.assert_series_equal(again["csat"], kept)
    assert first["resolution_h"].iloc[0] != 1e9 and again["resolution_h"].iloc[0] != 1e9
