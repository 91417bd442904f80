"""KPI cards: a value, its change against the previous range (arrow, and a colour that knows
whether up is good), n, and for times the median with P90 beside it and the mean on hover.
First response and resolution are Kaplan–Meier figures (open tickets counted as still
waiting): the card shows that figure, or "not reached", with the solved-only figure beside it.

The card only formats what `analysis.kpis` computed (a KpiResult and a KpiChange); it does no
arithmetic of its own.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from analysis.formatting import signed
from analysis.kpis import KpiChange, KpiResult
from analysis.metrics import MEDIAN, P90
from ui import state

TIME_UNITS = ("min", "h")


@dataclass(frozen=True)
class CardSpec:
    """One card: the KPI's figures, its label and its "how computed" help text."""
    result: KpiResult
    change: KpiChange | None
    label: str
    help: str = ""
    no_change: str = ""        # why there is no change to show (shown in the caption)


def number(value: float | None, unit: str, digits: int | None = None) -> str:
    """`value` as the card shows it, with its unit ("–" when there is none)."""
    if value is None:
        return "–"
    if unit == "tickets":
        return f"{value:,.0f}"
    if digits is None:
        digits = 2 if unit in ("points", *TIME_UNITS) and abs(value) < 10 else 1
    text = f"{value:,.{digits}f}"
    if unit == "%":
        return f"{text} %"
    if unit in TIME_UNITS:
        return f"{text} {state.tr('cards.unit.' + unit)}"
    return text


_HEADLINE = object()


def figure(result: KpiResult, value=_HEADLINE, not_reached: bool = False) -> str:
    """A KPI's figure (`value`, default its headline value): "not reached" for a Kaplan–Meier
    quantile the curve never gets to (fewer than half finished, for the median), else `number`."""
    if value is _HEADLINE:
        value, not_reached = result.value, result.not_reached
    if result.is_km and not_reached:
        return state.tr("cards.not_reached")
    return number(value, result.unit)


def delta(change: KpiChange | None, unit: str) -> str | None:
    """The change as st.metric's delta text (sign first, so the arrow points the right way):
    percentage points for percentages, the unit and the relative change for the rest."""
    if change is None or change.change is None:
        return None
    if unit == "%":
        return state.tr("cards.delta.pp", value=signed(change.change))
    magnitude = signed(change.change, 0 if unit == "tickets" else 2)
    if unit in TIME_UNITS:
        magnitude = f"{magnitude} {state.tr('cards.unit.' + unit)}"
    if change.change_pct is None:
        return magnitude
    return f"{magnitude} ({signed(change.change_pct)} %)"


def colour(change: KpiChange | None) -> str:
    """st.metric's delta_color: green for a good move whichever way is good, grey when flat."""
    if change is None or change.improved is None:
        return "off"
    return "normal" if change.higher_is_better else "inverse"


def caption(spec: CardSpec) -> str:
    """The line under the value: P90 for times, n, the previous value or why there is none."""
    r, parts = spec.result, []
    if r.is_km:
        if r.kind == MEDIAN:
            parts.append(state.tr("cards.p90", value=figure(r, r.p90, r.km_p90.not_reached)))
        parts.append(state.tr("cards.solved", value=number(r.solved, r.unit)))
        parts.append(state.tr("cards.censored", n=f"{r.censored:,}"))
    elif r.kind in (MEDIAN, P90) and r.unit in TIME_UNITS:
        parts.append(state.tr("cards.p90", value=number(r.p90, r.unit)))
    parts.append(state.tr("cards.n", n=f"{r.n:,}"))
    if spec.change is not None and spec.change.previous is not None:
        parts.append(state.tr("cards.previous", value=number(spec.change.previous, r.unit)))
    elif spec.no_change:
        parts.append(spec.no_change)
    return " · ".join(parts)


def hover(spec: CardSpec) -> str:
    """The help tooltip: median, P90 and mean for times, then the definition."""
    r = spec.result
    lines = []
    if r.is_km:
        head = r.km_median if r.kind == MEDIAN else r.km_p90
        interval = (state.tr("cards.km_ci", low=number(head.ci_low, r.unit),
                             high=number(head.ci_high, r.unit) if head.ci_high is not None
                             else state.tr("cards.unbounded")) if head.ci_low is not None else "")
        lines.append(state.tr("cards.km_times", median=figure(r, r.median, r.km_median.not_reached),
                              p90=figure(r, r.p90, r.km_p90.not_reached), interval=interval,
                              censored=f"{r.censored:,}"))
        lines.append(state.tr("cards.solved_times", median=number(r.median_solved, r.unit),
                              p90=number(r.p90_solved, r.unit), mean=number(r.mean, r.unit),
                              n=f"{r.n_solved or 0:,}"))
    elif r.kind in (MEDIAN, P90) and r.unit in TIME_UNITS:
        lines.append(state.tr("cards.times", median=number(r.median, r.unit), p90=number(r.p90, r.unit),
                              mean=number(r.mean, r.unit)))
    if spec.help:
        lines.append(spec.help)
    return "\n\n".join(lines)


def kpi_card(spec: CardSpec) -> None:
    """One bordered card: st.metric (value, delta with arrow and colour, hover help) and a caption."""
    r = spec.result
    with st.container(border=True):
        st.metric(spec.label, figure(r), delta(spec.change, r.unit),
                  delta_color=colour(spec.change), help=hover(spec) or None)
        st.caption(caption(spec))


# Catalogue families that name the reasons rows are left out, searched in this order.
REASON_FAMILIES = ("count.reason.", "overview.reason.", "rc.reason.", "xlsx.reason.")


def reason_label(reason: str) -> str:
    """A reason code in the reader's language, from the first family that has it (the code
    itself when none has: a reason given in words already)."""
    for family in REASON_FAMILIES:
        text = state.tr(family + reason)
        if text != family + reason:
            return text
    return reason


def left_out(excluded: dict[str, int]) -> str:
    """{reason: rows} as "reason: n; …" in the user's language ("none" when nothing was left out)."""
    if not excluded:
        return state.tr("cards.none_left_out")
    return "; ".join(f"{reason_label(reason)}: {count:,}" for reason, count in excluded.items())
