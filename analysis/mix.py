"""Mix-adjusted change: a change in a rate (CSAT %) between two periods split into the part due to
a different segment mix (channel, priority…) and the part due to a different rate within the
segments, so that a shift toward a low-scoring channel is not read as worse service (Simpson's
paradox).

Method: the symmetric (midpoint) Kitagawa decomposition. With segment shares wᵢ and rates rᵢ in
periods 1 and 2, the overall rate is R = Σ wᵢ·rᵢ and

    R₂ − R₁ = Σ (w₂ᵢ − w₁ᵢ)·(r₁ᵢ + r₂ᵢ)/2   [mix effect]
            + Σ (r₂ᵢ − r₁ᵢ)·(w₁ᵢ + w₂ᵢ)/2   [rate (within-segment) effect]

which is an algebraic identity: the two parts sum exactly to the total change.

A segment present in only one period has no rate in the other; its rate there is taken equal to
the rate where it exists, so its whole contribution counts as mix (a segment that appears or
disappears changes who is served, not how well each segment is served). Rows with no segment
value form their own segment "(unknown)" so that the overall rates are the true ones.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

UNKNOWN = "(unknown)"


@dataclass(frozen=True)
class MixDecomposition:
    """Rates in percent and effects in percentage points: `total` = rate_after − rate_before =
    `mix_effect` + `rate_effect`. `segments` has one row per segment: n_before, n_after,
    share_before, share_after (0–1), rate_before, rate_after (%, NaN where absent), mix_effect,
    rate_effect (points). `problem` says why nothing could be computed."""
    rate_before: float | None
    rate_after: float | None
    total: float | None
    mix_effect: float | None
    rate_effect: float | None
    segments: pd.DataFrame
    problem: str | None = None


def decompose_counts(counts: pd.DataFrame) -> MixDecomposition:
    """The decomposition from per-segment counts: a frame indexed by segment with columns
    x_before, n_before, x_after, n_after (successes and totals per period)."""
    c = counts[["x_before", "n_before", "x_after", "n_after"]].astype("float64")
    n1, n2 = c["n_before"].sum(), c["n_after"].sum()
    if n1 == 0 or n2 == 0:
        return MixDecomposition(None, None, None, None, None, c, "one of the periods has no observations")
    w1, w2 = c["n_before"] / n1, c["n_after"] / n2
    with np.errstate(invalid="ignore", divide="ignore"):
        r1, r2 = 100 * c["x_before"] / c["n_before"], 100 * c["x_after"] / c["n_after"]
    # a segment missing from one period borrows the rate it has in the other (all of it is mix)
    r1_filled, r2_filled = r1.fillna(r2), r2.fillna(r1)
    mix = (w2 - w1) * (r1_filled + r2_filled) / 2
    rate = (r2_filled - r1_filled) * (w1 + w2) / 2
    before, after = 100 * c["x_before"].sum() / n1, 100 * c["x_after"].sum() / n2
    segments = pd.DataFrame({"n_before": c["n_before"].astype("int64"), "n_after": c["n_after"].astype("int64"),
                             "share_before": w1, "share_after": w2, "rate_before": r1, "rate_after": r2,
                             "mix_effect": mix, "rate_effect": rate})
    return MixDecomposition(float(before), float(after), float(after - before), float(mix.sum()),
                            float(rate.sum()), segments)


def decompose_rate_change(before: pd.DataFrame, after: pd.DataFrame, segment: str | list[str],
                          outcome: str = "value") -> MixDecomposition:
    """Split the change in the share of `outcome` (a 0/1 column, e.g. a CSAT-satisfied flag)
    from `before` to `after` into mix and within-segment effects over `segment` (one column or
    several, e.g. ["channel_key", "priority_key"]). Rows with a missing outcome are left out."""
    cols = [segment] if isinstance(segment, str) else list(segment)

    def counts(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[frame[outcome].notna()]
        key = frame[cols].astype("str").where(frame[cols].notna(), UNKNOWN).agg(" · ".join, axis=1) \
            if len(cols) > 1 else frame[cols[0]].astype("str").where(frame[cols[0]].notna(), UNKNOWN)
        y = pd.to_numeric(frame[outcome].astype("Float64"), errors="coerce").astype("float64")
        return y.groupby(key.to_numpy()).agg(["sum", "size"])

    b, a = counts(before), counts(after)
    table = pd.DataFrame({"x_before": b["sum"], "n_before": b["size"]}).join(
        pd.DataFrame({"x_after": a["sum"], "n_after": a["size"]}), how="outer").fillna(0.0)
    table.index.name = "segment"
    return decompose_counts(table)


def mix_between_periods(tickets: pd.DataFrame, responses: pd.DataFrame, metric, grain: str, before: str,
                        after: str, segment: str | list[str]) -> MixDecomposition:
    """The decomposition of a proportion metric (e.g. CSAT %) between two period labels
    (e.g. "2025-Q1" → "2025-Q2" at grain "quarter") over the `segment` column(s) of the metric's
    source frame. Observations keep their source frame's index, which joins them to segments."""
    from analysis.periods import period_labels   # periods imports compare, which mix does not need

    if metric.kind != "proportion":
        raise ValueError(f"a mix decomposition needs a proportion metric, not {metric.kind!r}")
    source = tickets if metric.source == "tickets" else responses
    cols = [segment] if isinstance(segment, str) else list(segment)
    missing = [c for c in cols if c not in source.columns]
    if missing:
        raise ValueError(f"segment column(s) {missing} not in the {metric.source}")
    obs = metric.observations(tickets, responses)
    frame = source.loc[obs.index, cols].assign(value=obs["value"].to_numpy())
    label = period_labels(obs["when"], grain).to_numpy()
    return decompose_rate_change(frame[label == before], frame[label == after], cols, outcome="value")


# How large a part must be (in percentage points) before its sign counts: below this a part is
# rounding noise, not a direction.
MIX_TOLERANCE_PTS = 0.05


def mix_reading(d: MixDecomposition, tolerance: float = MIX_TOLERANCE_PTS) -> str:
    """Which story the decomposition tells, for a sentence a manager reads:
    ``none`` (nothing could be computed), ``simpson`` (service within the segments moved the
    other way from the overall rate: the mix shift hides it, Simpson's paradox), ``mostly_mix``
    (the mix effect is the larger part), ``mostly_rate`` (the within-segment effect is the
    larger part, or both are negligible)."""
    if d.total is None or d.mix_effect is None or d.rate_effect is None:
        return "none"
    if abs(d.rate_effect) >= tolerance and abs(d.total) >= tolerance and (d.rate_effect > 0) != (d.total > 0):
        return "simpson"
    if abs(d.rate_effect) >= tolerance and abs(d.mix_effect) < tolerance:
        return "mostly_rate"
    return "mostly_mix" if abs(d.mix_effect) > abs(d.rate_effect) else "mostly_rate"
