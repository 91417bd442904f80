"""How statistics are written for people: one rule per kind of number, shared by the pages, the
report and the command line's text output (the JSON keeps the raw floats)."""
from __future__ import annotations

import math

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
