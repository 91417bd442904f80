"""How statistics are written for people: one rule per kind of number, shared by the pages, the
report and the command line's text output (the JSON keeps the raw floats)."""
from __future__ import annotations

import math

import numpy as np

P_FLOOR = 0.001     # below this a p-value is written "< 0.001": its digits are noise, and 0 is never true
MISSING = "–"       # written where there is no figure (no value, no test): in tables, cards and text alike

# Kinds of figures: what a column means decides how it is written everywhere (the pages' tables,
# the HTML report, the workbook's number formats), in one place.
COUNT, PCT, SHARE, MINUTES, HOURS, P_VALUE, COEF, DECIMAL, DATE, WHEN = (
    "count", "pct", "share", "min", "h", "p", "coef", "decimal", "date", "when")
# decimals per kind: counts whole, percentages (PCT 0–100, SHARE 0–1 shown ×100) and durations
# to one, coefficients (r, parts of R²) and p to three, other figures to two
DECIMALS = {COUNT: 0, PCT: 1, SHARE: 1, MINUTES: 1, HOURS: 1, P_VALUE: 3, COEF: 3, DECIMAL: 2}


def p_text(p: float | None) -> str:
    """A p-value as reported: three decimals ("0.041"), "< 0.001" below 0.001 (a tail that
    underflows to 0 is not "p = 0"), "–" when there is none (no test, too few observations)."""
    if p is None or not isinstance(p, (int, float)) or not math.isfinite(p):
        return MISSING
    return f"< {P_FLOOR:g}" if p < P_FLOOR else f"{p:.3f}"


def p_phrase(p: float | None) -> str:
    """A p-value for a sentence: "p = 0.041", "p < 0.001", "–" when there is none."""
    text = p_text(p)
    return text if text == MISSING else ("p " if text.startswith("<") else "p = ") + text


def p_texts(values) -> list[str]:
    """`p_text` of each value of a column (None / NaN → "–"), for a table's p column."""
    return [p_text(None if v is None else float(v)) for v in values]


def signed(value: float, digits: int = 1) -> str:
    """A change with its sign and thousands separators ("+3.8", "-1,204"); one that rounds to
    zero is written without a sign ("0.0", never "-0.0")."""
    text = f"{value:+,.{digits}f}"
    if float(text.replace(",", "")) == 0:
        return f"{0:.{digits}f}"
    return text


# A column of durations reads in the unit that keeps its typical value between ~1 and ~100:
# minutes below two hours, hours below three days, days beyond ("729 d", not "1,050,575 min").
MINUTES_PER = {"min": 1.0, "h": 60.0, "d": 1440.0}
HOURS_FROM_MIN, DAYS_FROM_MIN = 120.0, 72 * 60.0


def duration_unit(minutes) -> str:
    """The unit ("min", "h" or "d") a set of durations in minutes reads best in: by the median
    of their absolute values (a few extreme rows do not set it); "min" when there are none."""
    values = np.abs(np.asarray(minutes, dtype="float64"))
    values = values[np.isfinite(values)]
    if not len(values):
        return "min"
    typical = float(np.median(values))
    return "min" if typical < HOURS_FROM_MIN else "h" if typical < DAYS_FROM_MIN else "d"


def figure_text(value: float, kind: str | None) -> str:
    """A number as a table cell writes it, by its kind: 30,000 · 80.6 · 31.3 % (a SHARE, 0–1) ·
    0.172 / < 0.001 (P_VALUE) · 1.2e-04 (a COEF too small for three decimals); a number of no
    known kind to four significant digits."""
    if kind == P_VALUE:
        return p_text(float(value))
    if kind == SHARE:
        return f"{value * 100:.{DECIMALS[SHARE]}f} %"
    decimals = DECIMALS.get(kind or "")
    if decimals is None:
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if kind == COEF and 0 < abs(value) < 10 ** -DECIMALS[COEF]:
        return f"{value:.2e}"
    return f"{value:,.{decimals}f}"


def edge_text(value: float) -> str:
    """A band edge the data chose (a quantile) as people say it: two significant digits, whole
    numbers from 10 up ("0.10", "0.87", "2.6", "10", "152")."""
    if not math.isfinite(value):
        return "∞"
    if not value:
        return "0"
    if abs(value) >= 10:
        return f"{value:,.0f}"
    rounded = float(f"{value:.2g}")
    if abs(rounded) >= 10:
        return f"{rounded:,.0f}"
    return f"{rounded:.{max(0, 1 - math.floor(math.log10(abs(rounded))))}f}"


def band_labels(lefts, rights, exact: bool = False) -> list[str]:
    """Names of consecutive bands (left end excluded, right end included): "≤ 0.87" for the
    first, "0.87–2.6" between, "> 10" for the last (which holds every longer value seen).
    Edges the data chose are written by `edge_text`; `exact` edges (the user's own) as given;
    where rounding would make two edges look equal, with four significant digits."""
    lefts, rights = [float(v) for v in lefts], [float(v) for v in rights]

    def named(text) -> list[str]:
        labels = [f"{text(a)}–{text(b)}" for a, b in zip(lefts, rights)]
        if len(labels) > 1:
            labels[0], labels[-1] = f"≤ {text(rights[0])}", f"> {text(lefts[-1])}"
        return labels

    edges = sorted(set(lefts[1:] + rights[:-1]))
    text = (lambda v: f"{v:,.4g}") if exact or len({edge_text(v) for v in edges}) < len(edges) else edge_text
    return named(text)


def percent_text(pct: float | None, digits: int = 1) -> str:
    """A percentage (0–100) as written everywhere: "72.5 %", a true minus sign ("−12 %"), "–"
    when there is none. The space before % is the house style in both languages (ISO 31-0)."""
    if pct is None or not math.isfinite(pct):
        return MISSING
    return f"{pct:,.{digits}f} %".replace("-", "−")


def interval_text(low: float | None, high: float | None, digits: int = 1, unit: str = "",
                  level: float = 0.95) -> str:
    """A confidence interval for a sentence: "95 %: 70.1–74.3 %" (`unit` after the high end)."""
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return MISSING
    return f"{level * 100:g} %: {low:,.{digits}f}–{high:,.{digits}f}{unit}"
