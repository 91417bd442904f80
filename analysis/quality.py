"""The quality report: every problem row found while cleaning, by kind, with the user's own row
numbers and what the app does with it (which metrics leave the row out)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# Kinds named as the command line prints them; ACTIONS says what the app does with such rows
# (an i18n key per kind, "quality.action.<kind>", explains it to the user).
KINDS = ("undecodable_row", "malformed_row", "duplicate_header", "refused_column", "duplicate_id", "duplicate_row",
         "response_before_created", "resolved_before_created", "resolved_before_response", "missing_timestamp",
         "unparseable_timestamp", "implausible_year", "future_timestamp", "unparseable_duration", "negative_duration",
         "decimal_comma", "score_out_of_range", "score_missing", "unparseable_value",
         "unresolved", "closed_without_resolution", "unmatched_survey", "scale_mismatch", "empty_column")
EXAMPLES = 5            # rows shown per issue on the page
CLI_ROWS = 100          # row numbers listed per issue by the command line


@dataclass
class QualityIssue:
    """One kind of problem in one column of one file."""
    kind: str
    file: str
    column: str | None
    rows: np.ndarray                    # the user's row numbers (Excel-style), all of them
    values: list = field(default_factory=list)   # the offending values, parallel to rows (may be shorter)
    total: int | None = None            # rows affected when they are not listed (an empty column)
    field: str | None = None            # the canonical field concerned, when the kind is about one

    @property
    def count(self) -> int:
        return int(self.total if self.total is not None else len(self.rows))

    def examples(self, n: int = EXAMPLES) -> list[tuple[int, object]]:
        vals = list(self.values[:n]) + [None] * max(0, n - len(self.values))
        return list(zip([int(r) for r in self.rows[:n]], vals))


def issue(kind: str, file: str, column: str | None, mask: pd.Series | np.ndarray, rows: np.ndarray,
          values: pd.Series | None = None) -> QualityIssue | None:
    """A QualityIssue for the rows where `mask` holds, or None when it holds nowhere."""
    if isinstance(mask, pd.Series):
        mask = mask.to_numpy(dtype=bool, na_value=False)
    positions = np.flatnonzero(mask)
    if not len(positions):
        return None
    vals = [] if values is None else list(_at(pd.Series(values), positions[:50]).to_numpy())
    return QualityIssue(kind, file, column, np.asarray(rows)[positions], vals)


def _at(values: pd.Series, positions: np.ndarray) -> pd.Series:
    """values.iloc[positions] for a few ascending positions, by a boolean mask: Arrow filters a
    column chunk by chunk, where a take would first join a million-cell column's chunks."""
    picked = np.zeros(len(values), dtype=bool)
    picked[positions] = True
    return values[picked]


def summary_table(issues: list[QualityIssue]) -> pd.DataFrame:
    """One line per issue: kind, file, column, count, first example rows."""
    return pd.DataFrame([{"kind": i.kind, "file": i.file, "column": i.column or "", "count": i.count,
                          "rows": ", ".join(str(int(r)) for r in i.rows[:EXAMPLES])
                          + (" …" if len(i.rows) > EXAMPLES else "")} for i in issues],
                        columns=["kind", "file", "column", "count", "rows"])


def problem_rows(issues: list[QualityIssue]) -> pd.DataFrame:
    """Every problem row, one line per (row, problem), for the CSV download."""
    parts = []
    for i in issues:
        if not len(i.rows):
            continue
        values = list(i.values) + [None] * (len(i.rows) - len(i.values))
        parts.append(pd.DataFrame({"file": i.file, "row": i.rows.astype(np.int64), "kind": i.kind,
                                   "column": i.column or "", "value": pd.Series(values[: len(i.rows)], dtype=object)}))
    if not parts:
        return pd.DataFrame(columns=["file", "row", "kind", "column", "value"])
    return pd.concat(parts, ignore_index=True).sort_values(["file", "row", "kind"], kind="stable",
                                                           ignore_index=True)


def excluded_counts(issues: list[QualityIssue]) -> dict[str, int]:
    """Rows per problem kind (summed across files and columns)."""
    out: dict[str, int] = {}
    for i in issues:
        out[i.kind] = out.get(i.kind, 0) + i.count
    return out


def to_json(issues: list[QualityIssue]) -> list[dict]:
    return [{"kind": i.kind, "file": i.file, "column": i.column, "count": i.count,
             "rows": [int(r) for r in i.rows[:CLI_ROWS]]} for i in issues]


# Kinds whose rows leave the dataset (every other kind keeps its rows and says which figures
# leave them out): exact repeats, the earlier rows of a repeated ticket id, unreadable rows,
# rows in another text encoding than the rest of their file.
REMOVING = ("duplicate_row", "duplicate_id", "malformed_row", "undecodable_row")


@dataclass(frozen=True)
class RowStory:
    """How the rows of the files of one role (tickets or survey) became the dataset's rows:
    `read` rows in the files, `kept` rows in the dataset, `removed` {kind: rows} of the
    REMOVING kinds (each listed by row number in the quality report)."""
    read: int
    kept: int
    removed: dict[str, int]


def row_story(dataset, role: str) -> RowStory | None:
    """The RowStory of the `role` ("tickets" / "survey") files; None without such files."""
    files = {f.file for f in dataset.files if f.role == role}
    if not files:
        return None
    frame = dataset.tickets if role == "tickets" else dataset.survey
    removed: dict[str, int] = {}
    for found in dataset.quality:
        if found.kind in REMOVING and found.file in files and found.count:
            removed[found.kind] = removed.get(found.kind, 0) + found.count
    return RowStory(sum(f.rows for f in dataset.files if f.role == role), 0 if frame is None else len(frame), removed)


FILTERED = "filtered"       # a page's reason for rows the sidebar filters leave out


@dataclass(frozen=True)
class PageCount:
    """How many rows of one role a page's figures use of how many, and why the rest are out.

    `read` is the rows of the user's files of that role (or, when files' rows are not one row
    each — a long-format survey —, the dataset's rows: `from_files` False); `left_out` is
    {reason: rows} in the order they left: the intake's removals (REMOVING kinds, as the
    quality report lists them), then FILTERED, then the page's own reasons. `used` plus the
    left-out rows is `read`."""
    role: str
    read: int
    used: int
    left_out: dict[str, int]
    from_files: bool = True


def page_count(dataset, role: str, in_filters: int, excluded: dict[str, int] | None = None) -> PageCount | None:
    """The PageCount of a page whose figures see `in_filters` rows of `role` ("tickets" /
    "survey") after the sidebar filters, of which it leaves out `excluded` {reason: rows};
    None without files of that role."""
    story = row_story(dataset, role)
    if story is None:
        return None
    from_files = story.read - sum(story.removed.values()) == story.kept
    left_out = dict(story.removed) if from_files else {}
    left_out[FILTERED] = story.kept - in_filters
    left_out.update(excluded or {})
    left_out = {reason: int(n) for reason, n in left_out.items() if n}
    used = in_filters - sum((excluded or {}).values())
    return PageCount(role, story.read if from_files else story.kept, int(used), left_out, from_files)
