"""Short ids as numbers (analysis.keys) and the survey join built on them
(analysis.selection.response_tickets) answer as pandas does on the ids' text: the position of the
last ticket holding each wanted id, -1 for none, blanks never matching; and which rows share an id.
The expected answers come from pandas' own Index and duplicated(), on ids chosen to trip a byte
packer: several widths, leading zeros, white space, missing values, repeats, multi-byte UTF-8,
NUL bytes, more than 8 bytes, unordered files and mixed Python types."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import keys
from analysis.dataset import Dataset
from analysis.selection import response_tickets


def expected_positions(tickets: list, wanted: list) -> list[int]:
    """pandas: an index of the ticket ids (blanks out, the last of a repeated id kept), looked up."""
    ids = pd.Index(pd.Series(tickets, dtype=object))
    positions = pd.Series(np.arange(len(tickets)), index=ids)
    positions = positions[ids.notna() & ~ids.duplicated(keep="last")]
    found = positions.reindex(pd.Index(pd.Series(wanted, dtype=object)))
    return found.fillna(-1).astype(int).tolist()


def links(tickets: list, wanted: list, dtype: str | None = "str") -> list[int]:
    frame = pd.DataFrame({"ticket_id": pd.Series(tickets, dtype=dtype), "customer_id": None,
                          "csat": np.nan, "nps": np.nan})
    survey = pd.DataFrame({"ticket_id": pd.Series(wanted, dtype=dtype), "customer_id": None})
    return response_tickets(Dataset(tickets=frame, survey=survey)).tolist()


CASES = {
    "one width, in order": (["T0000001", "T0000002", "T0000003", "T0000004"],
                            ["T0000003", "T0000001", "T0000009", "T000001", "T00000010"]),
    "repeats: the last": (["T1", "T2", "T1", "T3", "T1"], ["T1", "T3", "T2", "T4"]),
    "several widths, leading zeros": (["7", "07", "007", "70", "700"], ["007", "7", "0007", "70", "07"]),
    "white space is part of the id": (["T1", " T1", "T1 ", "T 1"], [" T1", "T1", "T1  ", "T 1", ""]),
    "blanks never match": (["T1", None, "T2", None, ""], [None, "T2", "", "T1", None]),
    "multi-byte UTF-8": (["编号01", "编号02", "工单", "编号01"], ["编号01", "工单", "编号0", "编号012"]),
    "longer than 8 bytes": (["TICKET-000001", "TICKET-000002", "T1"], ["TICKET-000002", "T1", "TICKET-00000"]),
    "a NUL byte": (["A", "A\x00", "B"], ["A\x00", "A", "B\x00"]),
    "shuffled, with repeats": ([f"C{i}" for i in np.random.default_rng(1).integers(0, 300, 2000)],
                               [f"C{i}" for i in range(-5, 320)]),
    "prefix of another": (["AB", "ABC", "ABCD", "A"], ["A", "ABC", "ABCDE", "AB"]),
    "nothing to find": (["T1", "T2"], []),
    "no ticket ids": ([None, None], ["T1", None]),
}


@pytest.mark.parametrize("tickets, wanted", CASES.values(), ids=list(CASES))
def test_the_join_finds_the_last_ticket_of_each_id_as_pandas_does(tickets, wanted):
    assert links(tickets, wanted) == expected_positions(tickets, wanted)


@pytest.mark.parametrize("tickets, wanted", CASES.values(), ids=list(CASES))
def test_rows_sharing_an_id_are_the_ones_pandas_calls_duplicated(tickets, wanted):
    values = pd.Series(tickets, dtype="str")
    packed = keys.pack(values)
    expected = (values.notna() & values.duplicated(keep=False)).tolist()
    if packed is None:      # the cleaner hashes such ids as text
        assert any(len(str(v).encode()) > 8 or "\x00" in str(v) for v in tickets if v is not None)
        return
    assert keys.shared(*packed).tolist() == expected


def test_mixed_python_types_are_looked_up_by_pandas_rules():
    # 101 (a number) and "101" (text) are two ids; such a column is not packed
    tickets = [101, "101", "T2", 101, None, 7.0]
    wanted = ["101", 101, "T2", None, 7, "7"]
    assert keys.pack(pd.Series(tickets, dtype=object)) is None
    assert links(tickets, wanted, dtype=None) == expected_positions(tickets, wanted)


def test_ids_split_over_several_arrow_chunks_pack_as_one_column():
    import pyarrow as pa
    chunked = pa.chunked_array([pa.array(["T1", "T22", None]), pa.array(["T333", "T1"])])
    values = pd.Series(pd.arrays.ArrowStringArray(chunked))
    numbers, valid = keys.pack(values)
    assert valid.tolist() == [True, True, False, True, True]
    assert numbers[0] == numbers[4] and len(set(numbers[[0, 1, 3]])) == 3
    assert keys.shared(numbers, valid).tolist() == [True, False, False, False, True]


def test_the_hash_and_the_sort_route_agree():
    # the same keys in file order (sorted route) and shuffled (hash route)
    rng = np.random.default_rng(5)
    ordered = pd.Series([f"T{i:06d}" for i in np.sort(rng.integers(0, 50_000, 20_000))], dtype="str")
    shuffled = ordered.sample(frac=1, random_state=3).reset_index(drop=True)
    wanted = pd.Series([f"T{i:06d}" for i in rng.integers(0, 60_000, 5_000)], dtype="str")
    for ids in (ordered, shuffled):
        packed = keys.pack(ids)
        assert keys.nearly_sorted(packed[0]) == (ids is ordered)
        assert keys.shared(*packed).tolist() == ids.duplicated(keep=False).tolist()
        assert keys.last_positions(*packed, *keys.pack(wanted)).tolist() == \
            expected_positions(ids.tolist(), wanted.tolist())


ID_TEXT = st.one_of(st.none(), st.text(alphabet="0 AT编\x00", max_size=5), st.sampled_from(["T0000001", "T0000002"]))


@settings(max_examples=200, deadline=None)
@given(tickets=st.lists(ID_TEXT, max_size=40), wanted=st.lists(ID_TEXT, max_size=20))
def test_any_short_ids_join_as_pandas_does(tickets, wanted):
    assert links(tickets, wanted) == expected_positions(tickets, wanted)
    values = pd.Series(tickets, dtype="str")
    packed = keys.pack(values)
    if packed is not None:
        assert keys.shared(*packed).tolist() == (values.notna() & values.duplicated(keep=False)).tolist()


@pytest.mark.parametrize("tickets, wanted", CASES.values(), ids=list(CASES))
def test_customer_codes_are_pandas_factorize_codes(tickets, wanted):
    # the repeat-contact order groups tickets by these codes (analysis.metrics.contact_order)
    from analysis.metrics import _first_seen_codes
    ids = pd.Series([t for t in tickets if t is not None], dtype="str")
    assert _first_seen_codes(ids).tolist() == pd.factorize(ids)[0].tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["T1", "T2", "T3", "T4", None]), min_size=1, max_size=30),
       st.lists(st.sampled_from(["T1", "T2", "T3", "T5", None]), max_size=30),
       st.lists(st.sampled_from(["Phone", "Email"]), min_size=30, max_size=30))
def test_a_filtered_dataset_carries_the_join_the_filtered_frames_would_give(tickets, wanted, channels):
    """selection.apply hands the kept responses' links over instead of joining again: they are
    the links a join of the filtered frames finds."""
    from analysis.selection import Filters, apply

    frame = pd.DataFrame({"ticket_id": pd.Series(tickets, dtype="str"), "customer_id": None, "csat": np.nan,
                          "nps": np.nan, "channel": channels[:len(tickets)],
                          "created_at": pd.Timestamp("2025-01-01")})
    survey = pd.DataFrame({"ticket_id": pd.Series(wanted, dtype="str"), "customer_id": None})
    filtered = apply(Dataset(tickets=frame, survey=survey), Filters(values=(("channel", ("Phone",)),)))
    carried = filtered.links
    rejoined = response_tickets(Dataset(tickets=filtered.tickets, survey=filtered.survey))
    assert carried.tolist() == rejoined.tolist()
    assert (filtered.tickets["channel"].iloc[carried] == "Phone").all()
