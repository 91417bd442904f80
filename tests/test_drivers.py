"""Correlation ranking, guards, segments, speed curve, quadrant and payload of the Drivers page."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.drivers import (DriversError, compare_segments, correlation, correlation_difference, correlations,
                              default_drivers, drivers_payload, driver_performance, fisher_ci,
                              importance_performance, kendall_tau_b,
                              one_hot, segment_correlations, side_by_side, sla_edges, speed_curve)

FIXTURES = Path(__file__).parent / "fixtures"
Z95 = 1.959963984540054


def responses(n: int = 600, seed: int = 0) -> pd.DataFrame:
    """A frame shaped like Dataset.responses(): survey columns plus the ticket context."""
    rng = np.random.default_rng(seed)
    speed = rng.integers(1, 6, n).astype(float)
    attitude = np.clip(np.round(0.5 * speed + rng.normal(2, 1, n)), 1, 5)
    frt = rng.exponential(20, n)
    latent = 0.8 * speed + 0.5 * attitude - 0.02 * frt + rng.normal(0, 1, n)
    csat = np.clip(np.round(latent - latent.mean() + 3.5), 1, 5)
    channel = rng.choice(["电话", "在线客服", "邮件"], n)
    frame = pd.DataFrame({
        "ticket_id": [f"T{i}" for i in range(n)], "customer_id": [f"C{i % 50}" for i in range(n)],
        "csat": csat, "csat_satisfied": pd.array(csat >= 4, dtype="boolean"), "nps": rng.integers(0, 11, n) * 1.0,
        "响应速度": speed, "attitude": attitude, "reason": "x", "comment": "",
        "source_row": np.arange(2, n + 2), "source_file": "survey.csv",
        "channel": channel, "customer_type": rng.choice(["VIP", "新客户"], n), "frt_min": frt,
        "resolution_h": rng.exponential(10, n), "handle_min": rng.exponential(6, n),
        "transfers": rng.integers(0, 3, n).astype(float), "reopened": rng.integers(0, 2, n).astype(float),
    })
    frame["channel"] = frame["channel"].astype("str")
    return frame


# --- correlations against scipy and published examples -----------------------------------

@pytest.mark.parametrize("method, scipy_fn", [("pearson", stats.pearsonr), ("spearman", stats.spearmanr),
                                              ("kendall", stats.kendalltau)])
def test_correlations_match_scipy_with_pairwise_missing(method, scipy_fn):
    frame = responses(400, seed=1)
    frame.loc[::7, "attitude"] = np.nan
    frame.loc[::11, "csat"] = np.nan
    drivers = ["响应速度", "attitude", "frt_min", "transfers"]
    table = correlations(frame, "csat", drivers, method=method).set_index("driver")
    raw_p = {}
    for name in drivers:
        both = frame[[name, "csat"]].dropna()
        res = scipy_fn(both[name], both["csat"])
        assert table.loc[name, "r"] == pytest.approx(res.statistic, abs=1e-12)
        assert table.loc[name, "p"] == pytest.approx(res.pvalue, rel=1e-6, abs=1e-300)
        assert table.loc[name, "n"] == len(both)
        raw_p[name] = res.pvalue
    # Holm step-down written out: k-th smallest p times (m - k + 1), running max, capped at 1
    ordered = sorted(raw_p, key=raw_p.get)
    running = 0.0
    for k, name in enumerate(ordered):
        running = max(running, min(1.0, (len(ordered) - k) * raw_p[name]))
        assert table.loc[name, "p_adj"] == pytest.approx(running, rel=1e-9, abs=1e-300)
    assert table["problem"].isna().all()


def test_confidence_intervals_follow_the_fisher_z_formulas():
    frame = responses(300, seed=2)
    for method in ("pearson", "spearman"):
        row = correlations(frame, "csat", ["响应速度"], method=method).iloc[0]
        r, n = row["r"], row["n"]
        se = {"pearson": 1 / math.sqrt(n - 3),                          # Fisher
              "spearman": math.sqrt((1 + r * r / 2) / (n - 3))}[method]  # Bonett & Wright 2000
        assert row["ci_low"] == pytest.approx(math.tanh(math.atanh(r) - Z95 * se), abs=1e-12)
        assert row["ci_high"] == pytest.approx(math.tanh(math.atanh(r) + Z95 * se), abs=1e-12)


# --- Kendall's tau-b with ties ---------------------------------------------------------------

def _pairwise_ase(x, y):
    """The SAS PROC FREQ ASE of tau-b written out pair by pair (O(n²), no contingency table):
    for each observation d_i = Σ_k sign(x_i − x_k)·sign(y_i − y_k), v_i = n_x(i)·w_c + n_y(i)·w_r."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    sx, sy = np.sign(x[:, None] - x[None, :]), np.sign(y[:, None] - y[None, :])
    d = (sx * sy).sum(axis=1)
    tied_x = (x[:, None] == x[None, :]).sum(axis=1)        # the size of i's row of the table
    tied_y = (y[:, None] == y[None, :]).sum(axis=1)
    w_r = n * n - sum(c * c for c in pd.Series(x).value_counts())
    w_c = n * n - sum(c * c for c in pd.Series(y).value_counts())
    w = math.sqrt(w_r * w_c)
    tau = d.sum() / w
    v = tied_x * w_c + tied_y * w_r
    return tau, math.sqrt((((2 * w * d + tau * v) ** 2).sum() - n ** 3 * tau ** 2 * (w_r + w_c) ** 2)) / w ** 2


def _tied_population():
    """Cell probabilities of (a, b) on 1–5: a uniform, b = a 0.6-slope rating rounded from a normal,
    and the population tau-b from them: (Πc − Πd) / √((1 − Σ p_i·²)(1 − Σ p_·j²))."""
    edges = np.array([-np.inf, 1.5, 2.5, 3.5, 4.5, np.inf])
    cells = np.array([np.diff(stats.norm.cdf(edges - (0.6 * a + 1.5))) / 5 for a in range(1, 6)])
    conc = disc = 0.0
    for i in range(5):
        for j in range(5):
            conc += 2 * cells[i, j] * cells[i + 1:, j + 1:].sum()
            disc += 2 * cells[i, j] * cells[i + 1:, :j].sum()
    tau = (conc - disc) / math.sqrt((1 - (cells.sum(1) ** 2).sum()) * (1 - (cells.sum(0) ** 2).sum()))
    return cells.ravel(), tau


def test_kendall_tau_b_and_its_ase_with_ties():
    rng = np.random.default_rng(3)
    x = rng.integers(1, 6, 120).astype(float)
    y = np.clip(np.round(0.5 * x + rng.normal(1.5, 1, 120)), 1, 5)
    tau, ase = kendall_tau_b(x, y)
    assert tau == pytest.approx(stats.kendalltau(x, y).statistic, abs=1e-12)
    ref_tau, ref_ase = _pairwise_ase(x, y)
    assert tau == pytest.approx(ref_tau, abs=1e-12) and ase == pytest.approx(ref_ase, rel=1e-9)
    # the ASE is the sampling SD: close to the jackknife SE of scipy's tau-b (an independent estimate)
    n = len(x)
    leave_one_out = np.array([stats.kendalltau(np.delete(x, i), np.delete(y, i)).statistic for i in range(n)])
    jackknife = math.sqrt((n - 1) / n * ((leave_one_out - leave_one_out.mean()) ** 2).sum())
    assert ase == pytest.approx(jackknife, rel=0.1)
    # the table's page interval is the Fisher z interval with the delta-method SE ASE / (1 − tau²)
    row = correlations(pd.DataFrame({"x": x, "y": y}), "y", ["x"], method="kendall").iloc[0]
    se = ase / (1 - tau * tau)
    assert row["ci_low"] == pytest.approx(math.tanh(math.atanh(tau) - Z95 * se), abs=1e-12)
    assert row["ci_high"] == pytest.approx(math.tanh(math.atanh(tau) + Z95 * se), abs=1e-12)


def test_kendall_interval_covers_95_percent_on_tied_ratings():
    # 400 samples of 100 responses from a known 1–5 × 1–5 population; the no-ties Fieller
    # interval covered about 90 % here, the ASE-with-ties one about 95 %
    cells, tau = _tied_population()
    rng = np.random.default_rng(15)
    samples, n, hits = 400, 100, 0
    for _ in range(samples):
        drawn = rng.choice(25, size=n, p=cells)
        frame = pd.DataFrame({"a": drawn // 5 + 1.0, "b": drawn % 5 + 1.0})
        row = correlations(frame, "b", ["a"], method="kendall").iloc[0]
        hits += row["ci_low"] <= tau <= row["ci_high"]
    tolerance = 3 * math.sqrt(0.95 * 0.05 / samples)              # three binomial SDs: ±3.3 points
    assert abs(hits / samples - 0.95) <= tolerance, hits / samples


# --- Spearman at small n -----------------------------------------------------------------------

def _exact_two_sided(x, y):
    """Every pairing of y with x: two-sided p = 2·min(P(ρ ≥ ρ_obs), P(ρ ≤ ρ_obs)), capped at 1."""
    from itertools import permutations
    observed = stats.spearmanr(x, y).statistic
    null = np.array([stats.spearmanr(x, np.array(p)).statistic for p in permutations(y)])
    eps = 1e-12
    return min(1.0, 2 * min((null >= observed - eps).mean(), (null <= observed + eps).mean()))


def test_spearman_p_is_a_permutation_p_below_30_pairs():
    # n = 5 and 7 (with ties): exact, equal to the full enumeration
    x5, y5 = np.array([1, 2, 3, 4, 5.]), np.array([5, 6, 7, 8, 7.])
    assert correlation(x5, y5, "spearman")[1] == pytest.approx(_exact_two_sided(x5, y5), abs=1e-12)
    x7, y7 = np.array([1, 2, 2, 3, 4, 5, 5.]), np.array([2, 1, 3, 3, 5, 4, 5.])
    assert correlation(x7, y7, "spearman")[1] == pytest.approx(_exact_two_sided(x7, y7), abs=1e-12)
    # n = 20 tied ratings: scipy's permutation p of Pearson's r on the ranks, within Monte Carlo error
    rng = np.random.default_rng(4)
    x = rng.integers(1, 6, 20).astype(float)
    y = np.clip(x + rng.integers(-3, 4, 20), 1, 5)
    mine = correlation(x, y, "spearman")[1]
    theirs = stats.pearsonr(stats.rankdata(x), stats.rankdata(y),
                            method=stats.PermutationMethod(n_resamples=99_999, rng=np.random.default_rng(9))).pvalue
    assert abs(mine - theirs) <= 4 * math.sqrt(theirs * (1 - theirs) / 9999) + 1e-4
    # the page's fast path (outcome ranked once) gives the same permutation p
    frame = pd.DataFrame({"x": x, "y": y})
    assert correlations(frame, "y", ["x"]).iloc[0]["p"] == pytest.approx(mine, abs=1e-12)
    # from 30 pairs on: the t approximation, as scipy.stats.spearmanr
    x30, y30 = rng.integers(1, 6, 30).astype(float), rng.integers(1, 6, 30).astype(float)
    assert correlation(x30, y30, "spearman")[1] == pytest.approx(stats.spearmanr(x30, y30).pvalue, rel=1e-9)


def test_published_examples():
    # scipy.stats.pearsonr docstring (scipy 1.17.1): r, p, 90 % Fisher interval
    seven = pd.DataFrame({"x": [1, 2, 3, 4, 5, 6, 7], "y": [10, 9, 2.5, 6, 4, 3, 2]})
    r, p = correlation(seven["x"].to_numpy(float), seven["y"].to_numpy(float), "pearson")
    assert r == pytest.approx(-0.828503883588428, abs=1e-12)
    assert p == pytest.approx(0.021280260007523286, rel=1e-9)
    low, high = fisher_ci(r, 7, "pearson", level=0.90)
    assert (low, high) == (pytest.approx(-0.9644331982722841, abs=1e-12), pytest.approx(-0.3460237473272273, abs=1e-12))
    # scipy.stats.spearmanr docstring: rho; at n = 5 the p is the exact permutation p (16 of the
    # 120 pairings are at least as extreme on either side: 2 × 8/120), not the t approximation 0.0886
    rho, p = correlation(np.array([1, 2, 3, 4, 5.]), np.array([5, 6, 7, 8, 7.]), "spearman")
    assert rho == pytest.approx(0.8207826816681233, abs=1e-12)
    assert p == pytest.approx(16 / 120, abs=1e-12)
    # R ?cor.test tuna example (Hollander & Wolfe 1973 p.187)
    x = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
    y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]
    r, p = correlation(np.array(x), np.array(y), "pearson")
    assert r == pytest.approx(0.5711816, abs=5e-8) and p == pytest.approx(0.1082, abs=5e-5)
    low, high = fisher_ci(r, 9, "pearson")
    assert low == pytest.approx(-0.1497426, abs=5e-8) and high == pytest.approx(0.8955795, abs=5e-8)
    assert correlation(np.array(x), np.array(y), "spearman")[0] == pytest.approx(0.6, abs=1e-12)
    tau, p = correlation(np.array(x), np.array(y), "kendall")
    assert tau == pytest.approx(0.4444444, abs=5e-8)
    assert p == pytest.approx(2 * 0.05972, abs=1e-4)      # R's exact one-sided p, doubled


# --- guards ----------------------------------------------------------------------------------

def test_guards_are_reported_per_driver():
    frame = responses(60, seed=3)
    frame["常数"] = 3.0
    frame["text"] = "good"
    frame["sparse"] = np.where(np.arange(60) < 40, np.nan, 1.0 + np.arange(60) % 3)
    table = correlations(frame, "csat", ["响应速度", "常数", "text", "sparse", "nope"]).set_index("driver")
    assert table.loc["常数", "problem"] == "constant"
    assert table.loc["text", "problem"] == "non_numeric"
    assert table.loc["sparse", "problem"] == "too_much_missing"
    assert table.loc["nope", "problem"] == "missing_column"
    assert pd.isna(table.loc["常数", "r"]) and table.loc["常数", "n"] == 0
    assert table.loc["响应速度", "problem"] is None and np.isfinite(table.loc["响应速度", "r"])
    # a driver with fewer than 10 shared rows (but under half missing among 15 rows)
    few = responses(15, seed=4)
    few.loc[:6, "attitude"] = np.nan
    assert correlations(few, "csat", ["attitude"]).iloc[0]["problem"] == "too_few_rows"


def test_outcome_guards_raise_a_typed_error():
    frame = responses(60)
    with pytest.raises(DriversError, match="not found"):
        correlations(frame, "missing", ["attitude"])
    with pytest.raises(DriversError, match="constant"):
        correlations(frame.assign(csat=4.0), "csat", ["attitude"])
    with pytest.raises(DriversError, match="at least 10"):
        correlations(frame.head(9), "csat", ["attitude"])
    with pytest.raises(DriversError, match="not numeric"):
        correlations(frame, "channel", ["attitude"])


def test_default_drivers_are_numeric_non_outcome_columns():
    frame = responses(50)
    assert default_drivers(frame, "csat") == ["响应速度", "attitude", "frt_min", "resolution_h", "handle_min",
                                               "transfers", "reopened"]


# --- ranking recovers known loadings -------------------------------------------------------

def test_ranking_recovers_known_order_on_simulated_data():
    rng = np.random.default_rng(42)
    n = 4000
    names = ["专业", "speed", "attitude", "wait"]
    x = rng.normal(size=(n, 4))
    y = x @ np.array([0.7, 0.5, 0.3, 0.1]) + rng.normal(size=n)
    frame = pd.DataFrame(x, columns=names).assign(overall=y)
    assert list(correlations(frame, "overall", method="pearson")["driver"]) == names
    payload = drivers_payload(frame, "overall", boot=20)
    assert [d["name"] for d in payload["drivers"]] == names
    # with independent drivers each LMG share is close to its squared loading over var(y)
    var_y = 0.49 + 0.25 + 0.09 + 0.01 + 1
    for d, loading in zip(payload["drivers"], [0.7, 0.5, 0.3, 0.1]):
        assert d["importance"] == pytest.approx(loading ** 2 / var_y, abs=0.02)


# --- segments ------------------------------------------------------------------------------

def test_segment_ranking_equals_ranking_on_each_subset():
    frame = responses(900, seed=5)
    seg = segment_correlations(frame, "csat", "channel", ["响应速度", "attitude"])
    assert set(seg["segment"]) == {"电话", "在线客服", "邮件"}
    for channel, part in frame.groupby("channel"):
        rho = stats.spearmanr(part["响应速度"], part["csat"]).statistic
        got = seg[(seg["segment"] == channel) & (seg["driver"] == "响应速度")]["r"].iloc[0]
        assert got == pytest.approx(rho, abs=1e-12)
    wide = side_by_side(seg)
    assert wide.shape == (2, 3)


def test_segment_p_values_are_holm_corrected_over_the_whole_table():
    frame = responses(900, seed=5)
    frame.loc[frame["channel"] == "邮件", "csat"] = frame["csat"].sample(frac=1, random_state=1).to_numpy()[
        : (frame["channel"] == "邮件").sum()]                       # one segment with weak correlations
    seg = segment_correlations(frame, "csat", "channel", ["响应速度", "attitude", "transfers"])
    assert seg["p"].notna().all() and len(seg) == 9
    expected = multipletests(seg["p"].to_numpy(), method="holm")[1]
    np.testing.assert_allclose(seg["p_adj"].to_numpy(), expected, rtol=1e-12, atol=1e-300)
    # not the per-segment correction: within one segment that would be smaller
    per_segment = seg.groupby("segment")["p"].transform(lambda p: multipletests(p.to_numpy(), method="holm")[1])
    assert (seg["p_adj"] >= per_segment - 1e-15).all() and (seg["p_adj"] > per_segment).any()


def test_tiny_segment_is_flagged_not_raised():
    frame = responses(300, seed=6)
    frame.loc[:4, "customer_type"] = "大客户"
    seg = segment_correlations(frame, "csat", "customer_type", ["attitude"])
    tiny = seg[seg["segment"] == "大客户"].iloc[0]
    assert tiny["problem"] == "too_few_rows" and pd.isna(tiny["r"])


def test_fisher_z_difference_test_written_out():
    r1, n1, r2, n2 = 0.5, 50, 0.3, 60
    z = (math.atanh(r1) - math.atanh(r2)) / math.sqrt(1 / (n1 - 3) + 1 / (n2 - 3))
    res = correlation_difference(r1, n1, r2, n2, "pearson")
    assert res.z == pytest.approx(z, abs=1e-12)
    assert res.p == pytest.approx(math.erfc(abs(z) / math.sqrt(2)), abs=1e-12)
    assert correlation_difference(0.5, 3, 0.2, 40).problem == "too_few_rows"


def test_compare_segments_detects_a_real_difference():
    rng = np.random.default_rng(8)
    n = 500
    x = rng.normal(size=2 * n)
    strong = 0.9 * x[:n] + 0.3 * rng.normal(size=n)
    weak = 0.1 * x[n:] + rng.normal(size=n)
    frame = pd.DataFrame({"x": x, "y": np.r_[strong, weak], "seg": ["a"] * n + ["b"] * n})
    res = compare_segments(frame, "y", "x", "seg", "a", "b", method="pearson")
    assert res.r1 > 0.9 and res.r2 < 0.3 and res.p < 1e-10
    same = compare_segments(frame.assign(seg=rng.choice(["a", "b"], 2 * n)), "y", "x", "seg", "a", "b")
    assert same.p > 0.001


# --- speed curve ---------------------------------------------------------------------------

def test_speed_curve_counts_wilson_intervals_and_fall_point():
    # five first-response bands with known satisfaction rates
    rates = [0.92, 0.90, 0.91, 0.60, 0.50]
    mids = [2, 7, 20, 45, 120]
    rows = []
    for mid, rate in zip(mids, rates):
        k = int(round(rate * 400))
        rows.append(pd.DataFrame({"frt_min": mid, "csat_satisfied": [True] * k + [False] * (400 - k)}))
    frame = pd.concat(rows, ignore_index=True)
    frame.loc[:9, "frt_min"] = np.nan                                  # 10 rows without a time
    frame["csat_satisfied"] = frame["csat_satisfied"].astype("boolean")
    curve = speed_curve(frame, "frt_min", edges=[0, 5, 10, 30, 60, np.inf])
    t = curve.table
    assert list(t["n"]) == [390, 400, 400, 400, 400]
    assert curve.excluded["no_time"] == 10
    for row in t.itertuples():
        p, n = row.satisfied / row.n, row.n
        centre = (p + Z95 ** 2 / (2 * n)) / (1 + Z95 ** 2 / n)          # Wilson score interval
        half = Z95 / (1 + Z95 ** 2 / n) * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n))
        assert row.ci_low == pytest.approx(centre - half, abs=1e-12)
        assert row.ci_high == pytest.approx(centre + half, abs=1e-12)
    assert curve.best == t["band"].iloc[0]
    assert curve.falls_from == t["band"].iloc[3]
    assert not t["below_best"].iloc[1] and not t["below_best"].iloc[2]


def test_speed_curve_quantile_bands_and_too_few_rows():
    frame = responses(500, seed=9)
    curve = speed_curve(frame, "resolution_h", quantiles=4)
    assert len(curve.table) == 4 and curve.table["n"].sum() == 500
    assert curve.problem is None
    tiny = speed_curve(frame.head(5), "frt_min")
    assert tiny.problem == "too_few_rows" and tiny.table.empty


# --- quadrant ------------------------------------------------------------------------------

def test_quadrant_labels_split_at_the_means():
    importance = pd.Series({"speed": 0.30, "skill": 0.25, "wait": 0.05, "decor": 0.02})
    performance = pd.Series({"speed": 3.1, "skill": 4.6, "wait": 3.0, "decor": 4.8})
    q = importance_performance(importance, performance).set_index("driver")["quadrant"]
    assert q.to_dict() == {"speed": "fix_first", "skill": "keep_up", "wait": "low_priority",
                           "decor": "possible_overkill"}


def test_driver_performance_mean_and_top2():
    frame = pd.DataFrame({"a": [1, 2, 4, 5, 5.0], "b": [3, 3, 4, 4, np.nan]})
    assert driver_performance(frame, ["a", "b"]).tolist() == pytest.approx([3.4, 3.5])
    assert driver_performance(frame, ["a"], kind="top2", top=[4, 5])["a"] == pytest.approx(0.6)


# --- payload -------------------------------------------------------------------------------

def test_payload_shape_and_json_safety_on_swiss():
    swiss = pd.read_csv(FIXTURES / "drivers_swiss.csv")
    swiss["常数"] = 1.0
    payload = drivers_payload(swiss, "Fertility", boot=30, seed=1)
    assert set(payload) == {"outcome", "method", "n", "r2", "drivers"}
    assert payload["n"] == 47 and payload["method"] == "spearman"
    text = json.dumps(payload, ensure_ascii=False, allow_nan=False)
    assert "常数" in text
    keys = {"name", "r", "ci_low", "ci_high", "p_adj", "n", "importance", "importance_ci_low",
            "importance_ci_high", "problem"}
    assert all(set(d) == keys for d in payload["drivers"])
    assert [d["problem"] for d in payload["drivers"]][-1] == "constant"     # the constant column says why
    names = [d["name"] for d in payload["drivers"]]
    # relaimpo order for swiss (LMG), the unusable constant column last with None figures
    assert names == ["Education", "Examination", "Infant.Mortality", "Catholic", "Agriculture", "常数"]
    assert payload["drivers"][-1]["r"] is None and payload["drivers"][-1]["importance"] is None
    assert payload["r2"] == pytest.approx(0.7067, abs=5e-5)
    assert sum(d["importance"] for d in payload["drivers"][:-1]) == pytest.approx(payload["r2"], abs=1e-9)
    assert payload == drivers_payload(swiss, "Fertility", boot=30, seed=1)          # seeded


def test_payload_on_responses_frame():
    frame = responses(400, seed=10)
    payload = drivers_payload(frame, "csat", method="kendall", boot=10)
    names = {d["name"] for d in payload["drivers"]}
    assert "source_row" not in names and "nps" not in names and "响应速度" in names
    assert payload["drivers"][0]["name"] == "响应速度"


def test_other_corrections_come_from_statsmodels():
    from statsmodels.stats.multitest import multipletests
    from analysis.drivers import adjust_p
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.5, 0.04])
    assert np.allclose(adjust_p(p, "fdr_bh"), multipletests(p, method="fdr_bh")[1])


def test_one_hot_channel_becomes_drivers_against_the_most_frequent():
    frame = pd.DataFrame({"channel": ["电话", "电话", "邮件", None, "在线客服", "电话"], "csat": [5, 4, 2, 3, 4, 5.0]})
    out = one_hot(frame, "channel")
    assert [c for c in out.columns if c.startswith("channel=")] == ["channel=邮件", "channel=在线客服"] or \
        [c for c in out.columns if c.startswith("channel=")] == ["channel=在线客服", "channel=邮件"]
    assert out["channel=邮件"].tolist()[:3] == [0.0, 0.0, 1.0] and np.isnan(out["channel=邮件"].iloc[3])
    assert "channel=电话" not in out.columns                            # the reference level


def test_sla_edges_come_from_the_schema_tiers():
    from analysis.schema import SLA_TIERS
    frt = sla_edges("frt_min")
    assert frt[0] == 0 and frt[-1] == np.inf
    assert {t.respond_min for t in SLA_TIERS.values()} <= set(frt)
    res = sla_edges("resolution_h")
    assert 2 in res and 24 in res and 72 in res
    with pytest.raises(ValueError):
        sla_edges("handle_min")


def test_analyse_drivers_whole_page_on_responses_and_on_a_plain_table():
    from analysis.drivers import analyse_drivers
    page = analyse_drivers(responses(800, seed=11), "csat", boot=20)
    assert page.problems == {}
    assert page.importance.table["importance"].sum() == pytest.approx(page.importance.r2)
    assert set(page.quadrant["quadrant"]) <= {"fix_first", "keep_up", "low_priority", "possible_overkill",
                                              "undecided"}
    assert page.ordinal.n == page.ols.n == page.top2box.n
    assert set(page.speed) == {"frt_min", "resolution_h"} and set(page.segments) == {"channel", "customer_type"}
    plain = analyse_drivers(pd.read_csv(FIXTURES / "drivers_swiss.csv"), "Fertility", boot=0)
    assert "ordinal" in plain.problems and plain.top2box is None and plain.speed == {} and plain.segments == {}
    assert plain.ols.fit == pytest.approx(0.7067, abs=5e-5)


def test_an_outcome_that_cannot_be_analysed_is_a_sentence_not_a_failure():
    frame = pd.DataFrame({"Overall": [5, 5, 4], "Speed": [3, 4, 5]})
    payload = drivers_payload(frame, "Overall")
    assert payload["problem"] == "too_few_rows" and payload["drivers"] == [] and payload["n"] == 3
    assert payload["message"] == "too few responses: 3 with a value of 'Overall', at least 10 are needed"
    same = drivers_payload(pd.DataFrame({"Overall": [4] * 12, "Speed": list(range(12))}), "Overall")
    assert same["problem"] == "constant"
    twins = pd.DataFrame({"Overall": [1, 2, 3, 4, 5] * 4, "Speed": [1, 2, 3, 5, 4] * 4})
    twins["Speed again"] = twins["Speed"]
    collinear = drivers_payload(twins, "Overall", boot=10)
    assert collinear["importance_problem"] == "drivers are perfectly collinear"
    assert [d["r"] for d in collinear["drivers"]][0] == pytest.approx(0.9)


def test_kendall_segment_difference_uses_the_ase_with_ties():
    frame = responses(500, seed=12)
    first, second = "电话", "邮件"
    res = compare_segments(frame, "csat", "响应速度", "channel", first, second, method="kendall")
    ses, taus = [], []
    for value in (first, second):
        part = frame[frame["channel"] == value][["响应速度", "csat"]].dropna()
        tau, ase = _pairwise_ase(part["响应速度"].to_numpy(), part["csat"].to_numpy())
        assert tau == pytest.approx(stats.kendalltau(part["响应速度"], part["csat"]).statistic, abs=1e-12)
        taus.append(tau)
        ses.append(ase / (1 - tau * tau))
    z = (math.atanh(taus[0]) - math.atanh(taus[1])) / math.hypot(*ses)
    assert res.z == pytest.approx(z, abs=1e-9)
    assert res.p == pytest.approx(2 * stats.norm.sf(abs(z)), abs=1e-12)


def test_midranks_equal_scipy_average_ranks_with_ties():
    from analysis.drivers import midranks
    rng = np.random.default_rng(3)
    for x in (rng.integers(1, 6, 500).astype(float), rng.normal(size=200), np.array([2.5, 1.0, 2.5, 2.5, -3.0])):
        assert np.array_equal(midranks(x), stats.rankdata(x))
