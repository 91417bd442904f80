"""Properties of every Pareto table (hypothesis): shares sum to 1, the running share is monotone
and ends at 1, the vital few are the minimal prefix reaching the cut, Other is last and not
vital, the order does not depend on the row order."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.pareto import pareto, stratified_pareto

CAUSES = st.sampled_from(["a", "b", "c", "d", "e", "f", "其他", "产品", "", None])


@st.composite
def frames(draw):
    causes = draw(st.lists(CAUSES, min_size=1, max_size=60))
    weights = draw(st.lists(st.floats(0, 50, allow_nan=False), min_size=len(causes), max_size=len(causes)))
    frame = pd.DataFrame({"category": pd.array(causes, dtype="str"), "handle_min": weights})
    return frame, draw(st.floats(0.05, 1.0)), draw(st.sampled_from([None, 0.05, 0.2])), draw(st.integers(0, 99))


@settings(max_examples=120, deadline=None)
@given(frames(), st.sampled_from([None, "handle_hours"]))
def test_pareto_invariants(case, weight):
    frame, cut, other_below, seed = case
    r = pareto(frame, "category", weight=weight, cut=cut, other_below=other_below)
    table = r.table
    # nothing is lost: rows with a cause (in the table) + rows with none = every row
    assert table["count"].sum() == r.n_cause and r.n_cause + r.n_blank == r.n == len(frame)
    blank = frame["category"].isna() | frame["category"].astype("object").fillna("").str.strip().eq("")
    assert r.n_blank == int(blank.sum())
    if r.problem:
        assert table["share"].isna().all()
        return
    assert table["share"].sum() == pytest.approx(1.0)
    cum = table["cum_share"].to_numpy()
    assert np.all(np.diff(cum) >= -1e-12) and cum[-1] == 1.0
    assert cum == pytest.approx(np.cumsum(table["weight"]) / r.total)
    # Other rows only at the end, never vital.
    other = table["is_other"].to_numpy()
    assert not np.any(other[:-1] & ~other[1:])
    assert not np.any(table["vital_few"].to_numpy() & other)
    # Named causes in descending weight.
    named = table.loc[~table["is_other"], "weight"].to_numpy()
    assert np.all(np.diff(named) <= 1e-9 * max(r.total, 1))
    # The vital few are a prefix, reach the cut when they can, and are minimal.
    vital = table["vital_few"].to_numpy()
    k = int(vital.sum())
    assert vital[:k].all() and not vital[k:].any()
    if r.cut_reached:
        assert cum[k - 1] >= cut - 1e-9
        assert k == 1 or cum[k - 2] < cut - 1e-9
    shuffled = frame.sample(frac=1, random_state=seed)
    again = pareto(shuffled, "category", weight=weight, cut=cut, other_below=other_below).table
    assert again["cause"].tolist() == table["cause"].tolist()
    assert again["vital_few"].tolist() == table["vital_few"].tolist()


@settings(max_examples=80, deadline=None)
@given(frames(), st.lists(st.sampled_from(["Phone", "Email", "", None]), min_size=60, max_size=60),
       st.sampled_from([None, "handle_hours"]))
def test_each_stratum_counts_what_a_plain_groupby_of_its_rows_counts(case, strata, weight):
    """The stratified Pareto's groups against pandas on each group's own rows: per cause, rows and
    summed weight (the overall Other fold applied, blank causes left out and counted apart)."""
    frame, cut, other_below, _ = case
    frame = frame.assign(channel=pd.array(strata[:len(frame)], dtype="str"))
    frame.loc[frame.index[::7], "handle_min"] = np.nan              # rows with no weight leave the sums
    s = stratified_pareto(frame, "category", "channel", weight=weight, cut=cut, other_below=other_below)
    overall = pareto(frame, "category", weight=weight, cut=cut, other_below=other_below)
    text = lambda c: c.astype("object").where(c.notna(), "").str.strip()
    used = frame if weight is None else frame[frame["handle_min"].notna()]
    cause = text(used["category"]).replace("", "(blank)").where(lambda c: ~c.isin(overall.folded), overall.other_label)
    group = text(used["channel"]).replace("", "(blank)")
    w = pd.Series(1.0, index=used.index) if weight is None else used["handle_min"] / 60
    for stratum, rows in used.groupby(group):
        named = rows.index[cause[rows.index] != "(blank)"]
        expected = pd.DataFrame({"n": 1, "w": w[named]}).groupby(cause[named]).sum()
        n_blank = len(rows) - len(named)
        assert s.n_blank.get(stratum, 0) == n_blank
        if named.empty:
            assert stratum not in s.strata
            continue
        got = s.strata[stratum].table.set_index("cause")
        assert sorted(got.index) == sorted(expected.index)
        assert (got["count"] == expected["n"].reindex(got.index)).all()
        np.testing.assert_allclose(got["weight"], expected["w"].reindex(got.index), rtol=1e-12)
