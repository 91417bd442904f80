"""How statistics are written for people: one rule per kind of number, shared by the pages, the
report and the command line's text output (the JSON keeps the raw floats)."""
from __future__ import annotations

import math

import numpy as np

P_FLOOR = 0.001     # below this a p-value is written "< 0.001": its digits are noise, and 0 is never true


def p_text(p: float | None) -> str:
    """A p-value as reported: three decimals ("0.041"), "< 0.001" below 0.001 (a tail that
    underflows to 0 is not "p = 0"), "–" when there is none (no test, too few observations)."""
    if p is None or not isinstance(p, (int, float)) or not math.isfinite(p):
        return "–"
    return f"< {P_FLOOR:g}" if p < P_FLOOR else f"{p:.3f}"


def p_phrase(p: float | None) -> str:
    """A p-value for a sentence: "p = 0.041", "p < 0.001", "–" when there is none."""
    text = p_text(p)
    return text if text == "–" else ("p " if text.startswith("<") else "p = ") + text


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
