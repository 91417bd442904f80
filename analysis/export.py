"""Safe exports: no cell of ours ever reaches a spreadsheet as a live formula."""
from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
    apostrophe, which Excel and LibreOffice show as plain text. Numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells are escaped (headers too)."""
    out = frame.copy()
    for column in out.columns:
        col = out[column]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            text = col.astype("str")
            risky = text.str.startswith(FORMULA_STARTS, na=False) & col.notna()
            if risky.any():
                out[column] = col.astype(object).where(~risky, "'" + text)
    out.columns = [escape_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM (so Excel shows Chinese correctly), formulas escaped."""
    return escape_formulas(frame).to_csv(index=False).encode("utf-8-sig")
