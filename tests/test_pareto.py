"""Pareto table: hand-counted cases, weights, Other folding, ties, blanks, payload, populations,
stratified, drill-down. Expected values are counted by hand in the comments, not taken from runs."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.pareto import (BLANK, ParetoError, compare_periods, drill_down, pareto, pareto_payload,
                             select_population, stratified_pareto)


def tickets(**columns) -> pd.DataFrame:
    """A frame in the shape of Dataset.tickets (only the columns a test needs, canonical names)."""
    n = len(next(iter(columns.values())))
    base = {"ticket_id": pd.array([f"T{i}" for i in range(n)], dtype="str"),
            "source_row": np.arange(2, n + 2, dtype="int64")}
    for name, values in columns.items():
        if name in {"category", "channel", "priority", "customer_type", "description", "reason"}:
            values = pd.array(values, dtype="str")
        base[name] = values
    return pd.DataFrame(base)


# 产品质量 ×5, 服务态度 ×3, 售后 ×1, 物流 ×1: shares .5 .3 .1 .1, cumulative .5 .8 .9 1.0.
HAND = ["产品质量"] * 5 + ["服务态度"] * 3 + ["售后", "物流"]


def test_hand_counted_table():
    r = pareto(tickets(category=HAND), "category")
    table = r.table
    # 售后 (U+552E) sorts before 物流 (U+7269): the tie at 1 is broken by name.
    assert table["cause"].tolist() == ["产品质量", "服务态度", "售后", "物流"]
    assert table["count"].tolist() == [5, 3, 1, 1]
    assert table["share"].tolist() == pytest.approx([0.5, 0.3, 0.1, 0.1])
    assert table["cum_share"].tolist() == pytest.approx([0.5, 0.8, 0.9, 1.0])
    # cum share .8 reaches the cut .8 exactly at the second cause: two vital few.
    assert table["vital_few"].tolist() == [True, True, False, False]
    assert r.vital_n == 2 and r.vital_share == pytest.approx(0.8) and r.cut_reached
    assert r.total == 10 and r.n == 10 and r.weight == "count" and r.excluded == {}


def test_cut_is_reached_by_the_smallest_prefix():
    r = pareto(tickets(category=HAND), "category", cut=0.81)
    assert r.vital == ["产品质量", "服务态度", "售后"]         # .8 < .81 <= .9
    r = pareto(tickets(category=HAND), "category", cut=0.5)
    assert r.vital == ["产品质量"]
    r = pareto(tickets(category=HAND), "category", cut=1.0)
    assert r.vital_n == 4


def test_handling_hours_weight_and_excluded_rows():
    # a: 60 + 120 min = 3 h; b: 3 × 30 min = 1.5 h; c: 90 min = 1.5 h (+ one unknown: excluded).
    frame = tickets(category=["a", "a", "b", "b", "b", "c", "c"],
                    handle_min=[60, 120, 30, 30, 30, 90, np.nan])
    r = pareto(frame, "category", weight="handle_hours")
    assert r.table["cause"].tolist() == ["a", "b", "c"]     # b and c tie at 1.5 h: by name
    assert r.table["weight"].tolist() == pytest.approx([3.0, 1.5, 1.5])
    assert r.table["count"].tolist() == [2, 3, 1]
    assert r.table["share"].tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert r.total == pytest.approx(6.0) and r.unit == "hours"
    assert r.excluded == {"no handling time": 1} and r.n == 6


def test_resolution_hours_low_scores_cost_and_series_weights():
    frame = tickets(category=["a", "a", "b", "c"], resolution_h=[1.0, 2.0, 10.0, np.nan],
                    csat_satisfied=pd.array([False, True, False, pd.NA], dtype="boolean"))
    r = pareto(frame, "category", weight="resolution_hours")
    assert dict(zip(r.table["cause"], r.table["weight"])) == {"b": 10.0, "a": 3.0}
    assert r.excluded == {"no resolution time (open or unparsable)": 1}
    low = pareto(frame, "category", weight="low_scores")
    # a: one of two low; b: its one ticket low; c: no score -> excluded. a and b tie at 1: by name.
    assert low.table[["cause", "count", "weight"]].values.tolist() == [["a", 2, 1.0], ["b", 1, 1.0]]
    assert low.excluded == {"no_score": 1}
    cost = pareto(frame, "category", weight=12.5)
    assert cost.table["weight"].tolist() == [25.0, 12.5, 12.5] and cost.weight == "cost"
    series = pareto(frame, "category", weight=pd.Series([1, 1, 5, 0], index=frame.index, name="minutes"))
    assert series.table["cause"].tolist() == ["b", "a", "c"] and series.weight == "minutes"
    with pytest.raises(ParetoError):
        pareto(frame, "category", weight=-1)
    with pytest.raises(ParetoError):
        pareto(frame, "category", weight="category")       # not numeric


def test_negative_weights_are_excluded_and_counted():
    frame = tickets(category=["a", "b", "b"], cost=[5.0, -1.0, 2.0])
    r = pareto(frame, "category", weight="cost")
    assert r.excluded == {"negative_weight": 1} and r.total == 7.0


def test_other_folds_the_tail_and_stays_last():
    # a 50, b 30, c 8, d 7, e 5 of 100; below 10 % -> c, d, e fold into Other (20 %).
    frame = tickets(category=["a"] * 50 + ["b"] * 30 + ["c"] * 8 + ["d"] * 7 + ["e"] * 5)
    r = pareto(frame, "category", other_below=0.10)
    assert r.table["cause"].tolist() == ["a", "b", "Other"]
    assert r.table["count"].tolist() == [50, 30, 20]
    assert r.table["share"].tolist() == pytest.approx([0.5, 0.3, 0.2])
    assert r.table["is_other"].tolist() == [False, False, True]
    assert r.folded == ["c", "d", "e"] and r.other_label == "Other"
    assert r.vital == ["a", "b"]
    # Other would be the biggest bar and is still drawn last.
    r = pareto(frame, "category", other_below=0.35, other_label="其余")
    assert r.table["cause"].tolist() == ["a", "其余"] and r.table["count"].tolist() == [50, 50]
    assert r.vital == ["a"] and not r.cut_reached and r.notes
    r = pareto(frame, "category", other_below=0.35, include_other_in_vital=True)
    assert r.vital == ["a", "Other"] and r.cut_reached


def test_a_single_small_cause_is_not_folded_but_joins_the_users_own_other():
    frame = tickets(category=["a"] * 9 + ["b"])
    assert pareto(frame, "category", other_below=0.2).table["cause"].tolist() == ["a", "b"]
    # The file's own "其他" category is the Other row: last, the tail joins it, its spelling kept.
    frame = tickets(category=["a"] * 10 + ["其他"] * 6 + ["b"] * 3 + ["c"])
    r = pareto(frame, "category")
    assert r.table["cause"].tolist() == ["a", "b", "c", "其他"] and r.table["is_other"].tolist()[-1]
    r = pareto(frame, "category", other_below=0.2)
    assert r.table["cause"].tolist() == ["a", "其他"] and r.table["count"].tolist() == [10, 10]
    assert r.folded == ["b", "c"] and r.other_label == "其他"


def test_ties_are_deterministic_under_shuffling():
    causes = ["delta", "alpha", "charlie", "bravo", "echo", "alpha", "bravo", "charlie", "delta", "foxtrot"]
    weights = [0.1, 0.2, 0.3, 0.1, 0.7, 0.1, 0.2, 0.0, 0.2, 0.1]
    frame = tickets(category=causes, handle_min=np.array(weights) * 60)
    first = pareto(frame, "category", weight="handle_hours").table
    # alpha .3, bravo .3, charlie .3, delta .3 all tie; echo .7 first; foxtrot .1 last.
    assert first["cause"].tolist() == ["echo", "alpha", "bravo", "charlie", "delta", "foxtrot"]
    for seed in range(5):
        shuffled = frame.sample(frac=1, random_state=seed)
        pd.testing.assert_frame_equal(pareto(shuffled, "category", weight="handle_hours").table, first)


def test_blanks_are_left_out_of_the_ranking_and_counted():
    # a ×2, b ×1, and three cells with no cause (NA, empty, spaces). Before: "(blank)" ranked
    # first with 3 of 6 (50 %). Now the shares are of the 3 rows with a cause: a 2/3, b 1/3.
    frame = tickets(category=["a", None, "", "   ", "a", "b"])
    r = pareto(frame, "category")
    assert r.table["cause"].tolist() == ["a", "b"]
    assert r.table["count"].tolist() == [2, 1]
    assert r.table["share"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert r.total == 3 and r.n_cause == 3 and r.n_blank == 3 and r.n == 6 == len(frame)
    assert BLANK not in r.raw["cause"].tolist()
    assert any("no category recorded" in note for note in r.notes)
    # With a weight the blank rows' weight is kept aside too: 1 + 2 + 3 hours without a cause.
    frame = frame.assign(handle_min=[60.0, 60.0, 120.0, 180.0, 60.0, 60.0])
    r = pareto(frame, "category", weight="handle_hours")
    assert r.total == pytest.approx(3.0) and r.blank_weight == pytest.approx(6.0)
    # Every row blank: nothing to rank, and the page is told why.
    r = pareto(tickets(category=[None, ""]), "category")
    assert r.table.empty and r.n_blank == 2 and "no row has a category recorded" in r.problem
    # Causes are shown as spelled: no trimming or case folding of real labels.
    r = pareto(tickets(category=["Phone", "phone", "Phone"]), "category")
    assert r.table["cause"].tolist() == ["Phone", "phone"]


def test_payload_shape_and_json_safety():
    payload = pareto_payload(tickets(category=HAND), "category")
    assert set(payload) == {"by", "weight", "total", "n", "n_with_cause", "n_no_cause", "weight_no_cause",
                            "excluded", "items"}
    assert (payload["n"], payload["n_with_cause"], payload["n_no_cause"]) == (10, 10, 0)
    assert payload["by"] == "category" and payload["weight"] == "count" and payload["total"] == 10
    assert [set(item) for item in payload["items"]] == [
        {"cause", "count", "weight", "share", "cum_share", "vital_few"}] * 4
    assert payload["items"][0] == {"cause": "产品质量", "count": 5, "weight": 5.0, "share": 0.5,
                                   "cum_share": 0.5, "vital_few": True}
    json.dumps(payload, allow_nan=False, ensure_ascii=False)
    # A zero total gives null shares, not NaN and not a made-up 0.
    frame = tickets(category=["a", "b"], csat_satisfied=pd.array([True, True], dtype="boolean"))
    zero = pareto_payload(frame, "category", weight="low_scores")
    assert [item["share"] for item in zero["items"]] == [None, None]
    json.dumps(zero, allow_nan=False)


def test_problems_and_bad_requests():
    frame = tickets(category=["a", "b"], handle_min=[np.nan, np.nan])
    r = pareto(frame, "category", weight="handle_hours")
    assert r.problem and r.table.empty and r.vital_share is None
    with pytest.raises(ParetoError):
        pareto(frame, "nope")
    with pytest.raises(ParetoError):
        pareto(frame, "category", cut=0)
    with pytest.raises(ParetoError):
        pareto(frame, "category", other_below=1.5)


def test_populations():
    frame = tickets(category=["a", "b", "c", "d"], is_complaint=[True, False, True, False],
                    csat_satisfied=pd.array([False, True, pd.NA, False], dtype="boolean"))
    complaints = select_population(frame, "complaints")
    assert complaints.frame["category"].tolist() == ["a", "c"] and complaints.n == 2 and complaints.n_in == 4
    low = select_population(frame, "low_scores")
    assert low.frame["category"].tolist() == ["a", "d"] and low.excluded == {"no_score": 1}
    breach = pd.Series(pd.array([True, pd.NA, False, True], dtype="boolean"), index=frame.index)
    sla = select_population(frame, "sla_breaches", sla_breach=breach)
    assert sla.frame["category"].tolist() == ["a", "d"] and sla.excluded == {"sla_unknown": 1}
    assert select_population(frame).n == 4
    with pytest.raises(ParetoError):
        select_population(frame, "sla_breaches")
    with pytest.raises(ParetoError):
        select_population(frame, "vip")


def test_stratified_shares_order_and_own_vital_few():
    # phone: a 6, b 2, c 2; online: b 5, c 4, a 1. Overall a 7, b 7, c 6 -> order a, b, c.
    frame = tickets(category=["a"] * 6 + ["b"] * 2 + ["c"] * 2 + ["b"] * 5 + ["c"] * 4 + ["a"],
                    channel=["phone"] * 10 + ["online"] * 10)
    s = stratified_pareto(frame, "category", "channel")
    assert s.order == ["a", "b", "c"]
    online = s.table[s.table["stratum"] == "online"]
    assert online["cause"].tolist() == ["a", "b", "c"]                 # shared order
    assert online["share"].tolist() == pytest.approx([0.1, 0.5, 0.4])
    assert online["cum_share"].tolist() == pytest.approx([0.1, 0.6, 1.0])
    # online's own ranking b .5, c .4 reaches .8 with two causes.
    assert online["vital_few"].tolist() == [False, True, True]
    assert s.strata["phone"].vital == ["a", "b"]                        # .6, then .8 (b before c by name)
    for _, part in s.table.groupby("stratum"):
        assert part["share"].sum() == pytest.approx(1.0)


def test_stratified_fills_absent_causes_with_zero_and_shares_the_fold():
    frame = tickets(category=["a"] * 8 + ["b"] * 6 + ["c", "d"], channel=["x"] * 8 + ["y"] * 8)
    s = stratified_pareto(frame, "category", "channel", other_below=0.1)
    assert s.order == ["a", "b", "Other"]
    x = s.table[s.table["stratum"] == "x"]
    assert x["count"].tolist() == [8, 0, 0] and x["is_other"].tolist() == [False, False, True]
    y = s.table[s.table["stratum"] == "y"]
    assert y["count"].tolist() == [0, 6, 2]


def test_drill_down():
    frame = tickets(category=["a", "b", None, "c", "d", "a"], description=list("uvwxyz"))
    assert drill_down(frame, "category", "a", ["ticket_id", "description"])["description"].tolist() == ["u", "z"]
    assert drill_down(frame, "category", BLANK)["description"].tolist() == ["w"]
    big = tickets(category=["a"] * 10 + ["c", "d"], description=list("abcdefghijkl"))
    r = pareto(big, "category", other_below=0.1)
    assert drill_down(big, "category", "Other", ["description"], result=r)["description"].tolist() == ["k", "l"]
    with pytest.raises(ParetoError):
        drill_down(frame, "category", "a", ["nope"])


def test_compare_periods_mix_and_chi_square():
    # before: a 20, b 30; after: a 30, b 20. Expected 25 in every cell, so
    # X² = 4 × 5² / 25 = 4.0 on 1 df (no continuity correction).
    before = tickets(category=["a"] * 20 + ["b"] * 30)
    after = tickets(category=["a"] * 30 + ["b"] * 20)
    c = compare_periods(before, after, "category")
    assert c.chi2 == pytest.approx(4.0) and c.dof == 1
    assert c.p == pytest.approx(0.04550026389635842)       # P(χ²₁ > 4) = 2·(1 − Φ(2))
    assert c.table.set_index("cause").loc["a", "change"] == pytest.approx(0.2)
    assert c.warning is None and c.n_low_expected == 0


def test_compare_periods_against_hand_expected_counts_and_warning():
    before = tickets(category=["a"] * 40 + ["b"] * 10 + ["c"] * 3)
    after = tickets(category=["a"] * 30 + ["b"] * 20 + ["c"] * 1 + ["d"] * 2)
    c = compare_periods(before, after, "category")
    observed = c.table[["count_before", "count_after"]].to_numpy().T.astype(float)
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True) / observed.sum()
    statistic = ((observed - expected) ** 2 / expected).sum()
    assert c.chi2 == pytest.approx(statistic) and c.dof == 3
    assert c.min_expected == pytest.approx(expected.min())
    assert c.n_low_expected == int((expected < 5).sum()) == 4 and "below 5" in c.warning
    assert c.table["share_before"].sum() == pytest.approx(1) and c.table["share_after"].sum() == pytest.approx(1)


def test_cost_given_as_text_and_numeric_causes():
    # The command line passes "--weight 12.5" as text: a cost per ticket, not a column.
    frame = tickets(category=["a", "a", "b"], priority_code=[1, 1, None])
    r = pareto(frame, "category", weight="12.5")
    assert r.weight == "cost" and r.table["weight"].tolist() == [25.0, 12.5]
    codes = pareto(frame, "priority_code")
    assert codes.table["cause"].tolist() == ["1.0"] and codes.n_blank == 1
