"""Per-agent performance table: volume, speed, first-contact resolution and satisfaction with
its uncertainty, so that agents with few survey responses are flagged instead of ranked.

All figures use the KPI registry (:mod:`analysis.metrics`), so an agent's CSAT % is computed
exactly as the Overview's, on that agent's rows.
"""
from __future__ import annotations

import pandas as pd

from analysis.inference import wilson_interval
from analysis.kpis import date_bounds, group_figures
from analysis.observations import View

MIN_RANKED_N = 30   # fewer CSAT responses than this: the interval is too wide to rank on


def agent_table_of(view: View, *, start=None, end=None, min_n: int = MIN_RANKED_N,
                   confidence: float = 0.95) -> pd.DataFrame:
    """One row per agent (blank agents as "(blank)") with a ticket of the view in range, busiest
    first:

    ``tickets`` created in range; ``frt_median_min`` (the Kaplan–Meier median, open tickets not
    yet answered counted as still waiting; NaN without data or not reached) and
    ``handle_median_min`` (minutes, NaN without data) with ``frt_n``/``handle_n``; ``fcr_pct`` with ``fcr_n``; ``csat_n`` responses
    with a valid score, ``csat_pct`` (% satisfied) and its Wilson interval ``csat_ci_low`` /
    ``csat_ci_high`` (%); ``small_n`` True when csat_n < `min_n`; ``csat_rank`` (1 = best CSAT %)
    among agents that are not small-n, NA for the rest."""
    lo, hi = date_bounds(start, end)
    parts: dict[str, pd.Series] = {}
    for key, name in (("tickets", "tickets"), ("frt_median_min", "frt"), ("handle_median_min", "handle"),
                      ("fcr_pct", "fcr"), ("csat_pct", "csat")):
        table = group_figures(view, view.data.metric(key), "agent", lo, hi)
        if key == "tickets":
            parts["tickets"] = table["value"]
        else:
            parts[f"{name}_n"] = table["n"]
            parts[key] = table["value"]
    table = pd.DataFrame(parts)
    table = table[table["tickets"].notna()]
    for col in ("tickets", "frt_n", "handle_n", "fcr_n", "csat_n"):
        table[col] = table[col].fillna(0).astype("int64")
    # successes back from the registry's percentage: the Wilson interval needs the count
    table["csat_k"] = (table["csat_pct"] * table["csat_n"] / 100.0).round()
    low, high = wilson_interval(table["csat_k"].fillna(0), table["csat_n"], confidence)
    table["csat_ci_low"], table["csat_ci_high"] = low * 100.0, high * 100.0
    table["small_n"] = table["csat_n"] < min_n
    ranked = table["csat_pct"].where(~table["small_n"])
    table["csat_rank"] = ranked.rank(ascending=False, method="min").astype("Int64")
    table.index.name = "agent"
    columns = ["tickets", "frt_median_min", "frt_n", "handle_median_min", "handle_n", "fcr_pct", "fcr_n",
               "csat_n", "csat_pct", "csat_ci_low", "csat_ci_high", "small_n", "csat_rank"]
    return table[columns].sort_values("tickets", ascending=False, kind="stable").reset_index()


def agent_table(tickets: pd.DataFrame, responses: pd.DataFrame, *, start=None, end=None,
                csat_scale: tuple[int, int] = (1, 5), min_n: int = MIN_RANKED_N,
                confidence: float = 0.95) -> pd.DataFrame:
    """:func:`agent_table_of` every row of these frames."""
    return agent_table_of(View.of(tickets, responses, csat_scale), start=start, end=end, min_n=min_n,
                          confidence=confidence)
