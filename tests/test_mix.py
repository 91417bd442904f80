"""Tests of analysis/mix.py: the midpoint Kitagawa decomposition on a hand-worked Simpson's-paradox
example, exact additivity on random data, and segments present in one period only."""
import numpy as np
import pandas as pd
import pytest

from analysis.mix import UNKNOWN, decompose_counts, decompose_rate_change


def counts(rows):
    return pd.DataFrame(rows, columns=["segment", "x_before", "n_before", "x_after", "n_after"]).set_index("segment")


def test_hand_worked_simpsons_paradox():
    # before: phone 90/100, online 60/100 → 75 %; after: phone 46/50 (92 %), online 96/150 (64 %) → 71 %
    # every channel improved, yet the total fell: the mix moved to the weaker online channel.
    # by hand: mix = (0.25 − 0.5)(90 + 92)/2 + (0.75 − 0.5)(60 + 64)/2 = −22.75 + 15.5 = −7.25 pts
    #          rate = (92 − 90)(0.5 + 0.25)/2 + (64 − 60)(0.5 + 0.75)/2 = 0.75 + 2.5 = 3.25 pts
    res = decompose_counts(counts([("phone", 90, 100, 46, 50), ("online", 60, 100, 96, 150)]))
    assert res.rate_before == pytest.approx(75) and res.rate_after == pytest.approx(71)
    assert res.total == pytest.approx(-4)
    assert res.mix_effect == pytest.approx(-7.25) and res.rate_effect == pytest.approx(3.25)
    assert res.segments.loc["online", "rate_effect"] == pytest.approx(2.5)


def test_parts_sum_exactly_on_random_data():
    rng = np.random.default_rng(0)
    for _ in range(50):
        k = rng.integers(2, 8)
        n1, n2 = rng.integers(1, 500, k), rng.integers(1, 500, k)
        x1, x2 = rng.binomial(n1, rng.uniform(0.3, 0.95, k)), rng.binomial(n2, rng.uniform(0.3, 0.95, k))
        res = decompose_counts(counts([(f"s{i}", x1[i], n1[i], x2[i], n2[i]) for i in range(k)]))
        assert res.mix_effect + res.rate_effect == pytest.approx(res.total, abs=1e-10)
        # the total is the plain difference of the pooled rates, computed directly
        assert res.total == pytest.approx(100 * (x2.sum() / n2.sum() - x1.sum() / n1.sum()), abs=1e-10)


def test_segments_present_in_one_period_only_count_as_mix():
    res = decompose_counts(counts([("phone", 80, 100, 85, 100), ("email", 0, 0, 30, 50), ("social", 10, 20, 0, 0)]))
    assert res.mix_effect + res.rate_effect == pytest.approx(res.total, abs=1e-12)
    assert res.segments.loc["email", "rate_effect"] == 0 and res.segments.loc["social", "rate_effect"] == 0
    assert np.isnan(res.segments.loc["email", "rate_before"])
    # only phone, present in both, contributes a rate effect: (85 − 80) × (100/120 + 100/150)/2
    assert res.rate_effect == pytest.approx(5 * (100 / 120 + 100 / 150) / 2)


def test_from_frames_with_two_segment_columns_and_unknowns():
    before = pd.DataFrame({"channel_key": ["phone", "phone", "online", None],
                           "priority_key": ["high", "low", "high", "high"],
                           "sat": pd.array([True, False, True, True], dtype="boolean")})
    after = pd.DataFrame({"channel_key": ["phone", "online", "online", None, "email"],
                          "priority_key": ["high", "high", "high", "high", "low"],
                          "sat": pd.array([True, False, True, pd.NA, True], dtype="boolean")})
    res = decompose_rate_change(before, after, ["channel_key", "priority_key"], outcome="sat")
    assert res.rate_before == pytest.approx(75) and res.rate_after == pytest.approx(75)   # NA outcome left out
    assert res.mix_effect + res.rate_effect == pytest.approx(res.total, abs=1e-12)
    assert f"{UNKNOWN} · high" in res.segments.index
    single = decompose_rate_change(before, after, "channel_key", outcome="sat")
    assert UNKNOWN in single.segments.index


def test_empty_period_gives_a_problem():
    res = decompose_counts(counts([("phone", 0, 0, 5, 10)]))
    assert res.total is None and res.problem


def test_between_two_periods_of_a_metric():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parent))
    from fixtures.periods_frames import tickets_frame
    from analysis.metrics import METRICS
    from analysis.mix import mix_between_periods

    created = pd.Series(pd.to_datetime(["2025-01-10"] * 4 + ["2025-02-10"] * 4))
    channel = ["phone", "phone", "online", "online", "phone", "online", "online", "online"]
    csat = [5.0, 5.0, 5.0, 2.0, 5.0, 5.0, 2.0, 2.0]
    t = tickets_frame(created, csat=csat, channel=channel)
    res = mix_between_periods(t, t, METRICS["csat_pct"], "month", "2025-01", "2025-02", "channel_key")
    # Jan: phone 2/2, online 1/2 → 75 %; Feb: phone 1/1, online 1/3 → 50 %
    assert res.rate_before == pytest.approx(75) and res.rate_after == pytest.approx(50)
    assert res.mix_effect + res.rate_effect == pytest.approx(-25, abs=1e-12)
    # by hand: mix = (0.25 − 0.5)(100 + 100)/2 + (0.75 − 0.5)(50 + 33.3)/2
    assert res.mix_effect == pytest.approx(-25 + 0.25 * (50 + 100 / 3) / 2)
    with pytest.raises(ValueError):
        mix_between_periods(t, t, METRICS["frt_median_min"], "month", "2025-01", "2025-02", "channel_key")
