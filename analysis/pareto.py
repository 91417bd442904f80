"""Pareto analysis of root causes: which few causes carry most of the tickets (or of an impact).

A Pareto table ranks causes by a weight (ticket count by default, or an impact such as
handling hours), gives each cause its share of the total and the running (cumulative) share,
and marks the *vital few*: the smallest run of top causes whose cumulative share reaches the
cut (80 % by default). A long tail of small causes can be folded into one "Other" row, which
is always drawn last and is never one of the vital few unless the caller asks.

Besides the table this module answers the questions a trainer should ask before teaching a
Pareto chart: is the distribution really skewed (:func:`skew_test`), does it hold within each
channel or priority (:func:`stratified_pareto`), did the mix shift between two periods
(:func:`compare_periods`), and which tickets stand behind a bar (:func:`drill_down`).

Causes are shown as the user's file spells them. A row whose cause is blank (NA, empty, spaces)
has no cause recorded: it is left out of the ranking, the shares are of the rows that have a
cause, and the blank rows are reported beside the table ("no cause recorded: n"), never silently
dropped: rows with a cause + rows with none = the rows counted. A blank is not a cause to fix —
on a survey's reason column it is mostly the satisfied customers, who were not asked for one.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow

from analysis.dataset import Dataset
from analysis.lazy import lazy
from analysis.schema import CHANNELS, CSAT_SATISFIED, HANDLE_MIN, RESOLUTION_H, SLA_TIERS, normalise_header

# imported on first use (analysis.lazy): a command that needs none of them starts without them
stats = lazy("scipy.stats")

# reasons a row is left out of a before/after split (keys of PeriodSplit.excluded)
NO_DATE, OUTSIDE_PERIODS = "no_date", "outside_periods"
# … out of a population or a weighted ranking (keys of Population.excluded, ParetoResult.excluded)
NO_SCORE, SLA_UNKNOWN, NO_WEIGHT, NEGATIVE_WEIGHT = "no_score", "sla_unknown", "no_weight", "negative_weight"

BLANK = "(blank)"
OTHER = "Other"

# Named weights: what a row contributes to its cause's total.
COUNT, HANDLE_HOURS, RESOLUTION_HOURS, LOW_SCORES, COST = (
    "count", "handle_hours", "resolution_hours", "low_scores", "cost")
WEIGHTS: dict[str, str] = {           # weight -> unit of the weight column
    COUNT: "tickets",
    HANDLE_HOURS: "hours",
    RESOLUTION_HOURS: "hours",
    LOW_SCORES: "tickets",
    COST: "currency",
}

ALL, COMPLAINTS, LOW_SCORE_TICKETS, SLA_BREACHES = "all", "complaints", "low_scores", "sla_breaches"
POPULATIONS = (ALL, COMPLAINTS, LOW_SCORE_TICKETS, SLA_BREACHES)

# A user's own catch-all category ("Other", "其他") belongs at the end of a Pareto chart like
# the folded tail does; the schema's words for "other" recognise it.
_OTHER_WORDS = {normalise_header(w) for w in ["other", *CHANNELS["other"]]}
# Ranking compares weights rounded to this relative precision, so sums that differ only by
# floating-point summation order (a shuffled file) still tie and fall back to the name.
_TIE_DIGITS = 12
_CUT_TOL = 1e-9

TABLE_COLUMNS = ["cause", "count", "weight", "share", "cum_share", "vital_few", "is_other"]


class ParetoError(ValueError):
    """The request cannot be answered as asked (unknown column, bad cut, non-numeric weight)."""


@dataclass
class ParetoResult:
    """A ranked Pareto table and what went into it.

    `table` columns: cause (str, as spelled in the file), count (tickets behind the cause, int),
    weight (the cause's total weight, in `unit`), share (weight / total, 0–1), cum_share (running
    share in table order, 0–1), vital_few (bool), is_other (bool: the folded tail or the user's
    own catch-all category, always last). Rows are in descending weight, ties broken by cause
    name, Other rows last. Rows with no cause recorded are not in the table: `n_blank` counts
    them (`blank_weight` is their weight), and `n` = `n_cause` + `n_blank`.
    """
    table: pd.DataFrame
    by: str
    weight: str                       # weight name: "count", "handle_hours", … or a column name
    unit: str                         # unit of `weight` and `total`
    total: float                      # sum of weights over the rows with a cause (the shares' base)
    n: int                            # rows counted: with a cause + with none (weight known)
    n_blank: int                      # rows counted with no cause recorded (left out of the ranking)
    excluded: dict[str, int]          # rows left out, per reason
    cut: float
    vital_n: int                      # number of vital-few causes
    vital_share: float | None         # share of the total the vital few carry (None: no total)
    cut_reached: bool                 # whether the vital few reach the cut without Other
    folded: list[str] = field(default_factory=list)   # causes folded into the Other row
    raw: pd.DataFrame | None = None   # cause, count, weight before folding (for skew tests)
    notes: list[str] = field(default_factory=list)
    problem: str | None = None        # why no shares could be computed (None: fine)
    blank_weight: float = 0.0         # the weight of the rows with no cause recorded

    @property
    def n_cause(self) -> int:
        """Rows with a cause recorded: the ones the ranking and the shares are of."""
        return self.n - self.n_blank

    @property
    def order(self) -> list[str]:
        """Causes in display order (the order every chart must use)."""
        return self.table["cause"].tolist()

    @property
    def other_label(self) -> str | None:
        """Label of the Other row holding the folded tail, if any tail was folded."""
        rows = self.table.loc[self.table["is_other"], "cause"]
        if not self.folded or rows.empty:
            return None
        return str(rows.iloc[0])

    @property
    def vital(self) -> list[str]:
        return self.table.loc[self.table["vital_few"], "cause"].tolist()


# --- causes and weights ----------------------------------------------------------------------
def _labels(keys: pd.Index) -> pd.Series:
    """Display labels of raw cause values: text as spelled, blanks (NA, empty, spaces) -> BLANK."""
    text = pd.Series(keys, dtype="object").astype("str")
    blank = pd.Series(pd.isna(keys)) | text.str.strip().eq("").fillna(True)
    return text.mask(blank.to_numpy(), BLANK)


def _label_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(per row: the index of its label, the labels): each distinct value labelled once; the
    last label is BLANK, for missing cells."""
    codes, uniques = pd.factorize(values)
    labels = np.append(_labels(pd.Index(uniques)).to_numpy(dtype=object), BLANK)
    codes[codes < 0] = len(labels) - 1
    return codes, labels


def _recode(codes: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same rows' labels with one code per distinct label (labels may repeat)."""
    label_codes, distinct = pd.factorize(labels)
    return label_codes[codes], np.asarray(distinct, dtype=object)


def cause_labels(values: pd.Series, mapping: dict[str, str] | None = None) -> pd.Series:
    """The cause of each row as displayed: the cell text, with "(blank)" for empty cells; with a
    `mapping`, what it maps that label to (NA where it has none)."""
    codes, labels = _label_codes(values)
    if mapping is not None:
        labels = pd.Series(labels, dtype="object").map(mapping)
    # Arrow's take spreads the labels without a Python string per row (3x faster at 1M rows).
    spread = pyarrow.array(np.asarray(labels, dtype=object), type=pyarrow.large_string(), from_pandas=True).take(
        pyarrow.array(codes))
    return pd.Series(pd.array(spread, dtype="str"), index=values.index)


def _is_other_label(label: str, other_label: str) -> bool:
    return label == other_label or normalise_header(label) in _OTHER_WORDS


def resolve_weight(frame: pd.DataFrame, weight: object = None) -> tuple[pd.Series, str, str, dict[str, int]]:
    """Per-row weights for a Pareto, with the weight's name, its unit and the rows excluded.

    `weight` is None or "count" (each ticket counts 1), "handle_hours" (handle_min / 60),
    "resolution_hours" (resolution_h), "low_scores" (1 for a ticket whose score is not
    satisfied, 0 for a satisfied one), a number (a cost per ticket: every ticket weighs that
    much), the name of a numeric column, or a Series of per-row weights aligned on the index.
    Rows whose weight is missing or negative are excluded, counted per reason.
    """
    ones = pd.Series(1.0, index=frame.index)
    if weight is None or (isinstance(weight, str) and weight == COUNT):
        return ones, COUNT, WEIGHTS[COUNT], {}
    if isinstance(weight, (int, float, np.integer, np.floating)) and not isinstance(weight, bool):
        cost = float(weight)
        if not math.isfinite(cost) or cost <= 0:
            raise ParetoError(f"a cost per ticket must be a positive number, got {weight!r}")
        return ones * cost, COST, WEIGHTS[COST], {}
    if isinstance(weight, pd.Series):
        values, name, unit, missing = weight.reindex(frame.index), str(weight.name or "weight"), "", "no weight"
    elif isinstance(weight, str) and weight == HANDLE_HOURS:
        values, name, unit, missing = _column(frame, HANDLE_MIN) / 60.0, HANDLE_HOURS, "hours", "no handling time"
    elif isinstance(weight, str) and weight == RESOLUTION_HOURS:
        values, name, unit, missing = (_column(frame, RESOLUTION_H), RESOLUTION_HOURS, "hours",
                                       "no resolution time (open or unparsable)")
    elif isinstance(weight, str) and weight == LOW_SCORES:
        satisfied = _column(frame, CSAT_SATISFIED).astype("boolean")
        values = (~satisfied).astype("Float64").astype("float64")   # NA (no score) -> NaN
        name, unit, missing = LOW_SCORES, "tickets", NO_SCORE
    elif isinstance(weight, str) and weight not in frame.columns and _as_cost(weight) is not None:
        return resolve_weight(frame, _as_cost(weight))     # "--weight 12.5" on the command line
    elif isinstance(weight, str):
        values, name, unit, missing = _column(frame, weight), weight, "", NO_WEIGHT
    else:
        raise ParetoError(f"unsupported weight {weight!r}")
    if values.dtype == bool or str(values.dtype) == "boolean":
        values = values.astype("Float64").astype("float64")
    if not pd.api.types.is_numeric_dtype(values):
        raise ParetoError(f"weight {name!r} is not numeric (dtype {values.dtype})")
    values = values.astype("float64")
    excluded = {}
    n_missing = int(values.isna().sum() + np.isinf(values).sum())
    if n_missing:
        excluded[missing] = n_missing
    n_negative = int((values < 0).sum())
    if n_negative:
        excluded[NEGATIVE_WEIGHT] = n_negative
    values = values.where(np.isfinite(values) & (values >= 0))
    return values, name, unit, excluded


def weight_columns(weight: object) -> list[str]:
    """The columns :func:`resolve_weight` reads for `weight` (none for a count or a cost)."""
    if isinstance(weight, str) and weight not in (COUNT, COST):
        return [{HANDLE_HOURS: HANDLE_MIN, RESOLUTION_HOURS: RESOLUTION_H, LOW_SCORES: CSAT_SATISFIED}.get(weight, weight)]
    return []


def _as_cost(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def _column(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        raise ParetoError(f"column {column!r} not in the data")
    return frame[column]


def _aggregate(causes: pd.Series, weights: pd.Series) -> pd.DataFrame:
    """Count and summed weight per cause label (blank cells merged into one "(blank)" cause)."""
    used = weights.notna()
    grouped = (pd.DataFrame({"key": causes[used], "w": weights[used]})
               .groupby("key", dropna=False, sort=False, observed=True)["w"].agg(["size", "sum"]))
    # Label the distinct values, not the rows: a million rows have a few dozen causes.
    grouped.index = pd.Index(_labels(grouped.index).to_numpy(), name="cause")
    agg = grouped.groupby(level="cause", sort=False).sum()
    return pd.DataFrame({"cause": agg.index.astype("str"), "count": agg["size"].astype("int64").to_numpy(),
                         "weight": agg["sum"].astype("float64").to_numpy()})


# --- ranking ----------------------------------------------------------------------------------
def _sort(table: pd.DataFrame, total: float) -> pd.DataFrame:
    """Descending weight, ties by cause name; Other rows after every named cause."""
    scale = total if total > 0 else 1.0
    key = np.round(table["weight"].to_numpy() / scale, _TIE_DIGITS)
    order = np.lexsort((table["cause"].to_numpy(dtype=object), -key, table["is_other"].to_numpy()))
    return table.iloc[order].reset_index(drop=True)


def _rank(agg: pd.DataFrame, cut: float, other_below: float | None, other_label: str,
          include_other_in_vital: bool) -> tuple[pd.DataFrame, list[str], bool]:
    """Fold the tail, sort, compute shares and mark the vital few. Returns (table, folded, cut_reached)."""
    table = agg.copy()
    table["is_other"] = [_is_other_label(c, other_label) for c in table["cause"]]  # per cause, not per row
    total = float(table["weight"].sum())
    folded: list[str] = []
    if other_below is not None and total > 0:
        tail = (~table["is_other"]) & (table["weight"] / total < other_below)
        # Folding a single cause only hides its name, unless there is an Other row to join.
        if tail.sum() >= 2 or (tail.any() and table["is_other"].any()):
            folded = sorted(table.loc[tail, "cause"].tolist())
            own = table.loc[table["is_other"]].sort_values(["weight", "cause"], ascending=[False, True])
            target = str(own["cause"].iloc[0]) if len(own) else other_label
            bucket = table.loc[tail | (table["cause"] == target), ["count", "weight"]].sum()
            table = table.loc[~tail & (table["cause"] != target)]
            table = pd.concat([table, pd.DataFrame({"cause": [target], "count": [int(bucket["count"])],
                                                    "weight": [float(bucket["weight"])], "is_other": [True]})],
                              ignore_index=True)
    table = _sort(table, total)
    table["count"] = table["count"].astype("int64")
    if total > 0:
        table["share"] = table["weight"] / total
        cum = table["weight"].cumsum().to_numpy() / total
        cum[-1] = 1.0                      # the running share ends at exactly 100 %
        table["cum_share"] = np.minimum(cum, 1.0)
    else:
        table["share"] = np.nan
        table["cum_share"] = np.nan
    vital, reached = _vital_few(table, cut, include_other_in_vital)
    table["vital_few"] = vital
    return table[TABLE_COLUMNS], folded, reached


def _vital_few(table: pd.DataFrame, cut: float, include_other: bool) -> tuple[np.ndarray, bool]:
    """The smallest prefix of eligible causes whose cumulative share reaches the cut.

    Other rows sit at the end, so the eligible causes are a prefix of the table. When they never
    reach the cut (a huge Other), all of them are the vital few and `reached` is False."""
    n = len(table)
    vital = np.zeros(n, dtype=bool)
    if n == 0 or table["cum_share"].isna().all():
        return vital, False
    eligible = np.ones(n, dtype=bool) if include_other else ~table["is_other"].to_numpy()
    n_eligible = int(eligible.sum())
    reaches = (table["cum_share"].to_numpy()[:n_eligible] >= cut - _CUT_TOL)
    if reaches.any():
        vital[: int(np.argmax(reaches)) + 1] = True
        return vital, True
    vital[:n_eligible] = True
    return vital, False


def _check(frame: pd.DataFrame, by: str, cut: float, other_below: float | None) -> None:
    if by not in frame.columns:
        raise ParetoError(f"column {by!r} not in the data")
    if not (0 < cut <= 1):
        raise ParetoError(f"the cut must be a share in (0, 1], got {cut!r}")
    if other_below is not None and not (0 <= other_below < 1):
        raise ParetoError(f"other_below must be a share in [0, 1), got {other_below!r}")


def _split_blank(agg: pd.DataFrame) -> tuple[pd.DataFrame, int, float]:
    """(the causes without the blank one, rows with no cause recorded, their weight)."""
    blank = (agg["cause"] == BLANK).to_numpy()
    return (agg.loc[~blank].reset_index(drop=True), int(agg.loc[blank, "count"].sum()),
            float(agg.loc[blank, "weight"].sum()))


def pareto(frame: pd.DataFrame, by: str, weight: object = None, cut: float = 0.8,
           other_below: float | None = None, other_label: str = OTHER,
           include_other_in_vital: bool = False) -> ParetoResult:
    """Pareto table of `frame` by the cause column `by`.

    Each row adds its weight (see :func:`resolve_weight`; a ticket counts 1 by default) to its
    cause. Rows with no cause recorded (a blank cell) are left out of the ranking and counted in
    `n_blank`. Causes are ranked by total weight (ties by name), share = weight / total over the
    rows with a cause, cum_share is the running share, and the vital few are the smallest run of
    top causes whose cum_share reaches `cut`. Causes whose share is below `other_below` are folded
    into one `other_label` row (the user's own "Other"/"其他" category when the file has one),
    drawn last and not among the vital few unless `include_other_in_vital`.
    """
    _check(frame, by, cut, other_below)
    weights, name, unit, excluded = resolve_weight(frame, weight)
    agg, n_blank, blank_weight = _split_blank(_aggregate(frame[by], weights))
    n_cause = int(agg["count"].sum())
    table, folded, reached = _rank(agg, cut, other_below, other_label, include_other_in_vital)
    total = float(agg["weight"].sum())
    raw = _sort(agg.assign(is_other=False), total)[["cause", "count", "weight"]]
    problem = None
    if n_cause == 0 and n_blank:
        problem = f"no row has a {by} recorded ({n_blank:,} rows have none)"
    elif n_cause == 0:
        problem = "no rows to count" + (" (every weight is missing)" if excluded else "")
    elif total <= 0:
        problem = f"the total {name} is zero: no shares to compute"
    notes = []
    if n_blank:
        notes.append(f"{n_blank} rows have no {by} recorded; they are left out of the ranking "
                     f"(the shares are of the {n_cause} rows with one)")
    if problem is None and not reached:
        notes.append("the named causes never reach the cut; Other is too large")
    vital_share = float(table.loc[table["vital_few"], "share"].sum()) if problem is None else None
    return ParetoResult(table=table, by=by, weight=name, unit=unit, total=total, n=n_cause + n_blank,
                        n_blank=n_blank, excluded=excluded, cut=cut, vital_n=int(table["vital_few"].sum()),
                        vital_share=vital_share, cut_reached=reached and problem is None, folded=folded,
                        raw=raw, notes=notes, problem=problem, blank_weight=blank_weight)


def pareto_payload(frame: pd.DataFrame, by: str, weight: object = None, cut: float = 0.8,
                   other_below: float | None = None) -> dict:
    """The Pareto as plain JSON-safe data (the command line's `--json` output).

    Exactly {"by", "weight", "total", "n", "n_with_cause", "n_no_cause", "weight_no_cause",
    "excluded", "items": [{"cause", "count", "weight", "share", "cum_share", "vital_few"}]}: items
    in display order, causes as the file spells them; shares are 0–1 of the rows with a cause
    (`total` is their weight), null where the total is zero. n = n_with_cause + n_no_cause: the
    rows counted; rows with no cause recorded are in n_no_cause, not among the items. `excluded`:
    rows left out before that (no weight), per reason."""
    result = pareto(frame, by, weight=weight, cut=cut, other_below=other_below)
    items = [{"cause": str(row.cause), "count": int(row.count), "weight": _num(row.weight),
              "share": _num(row.share), "cum_share": _num(row.cum_share), "vital_few": bool(row.vital_few)}
             for row in result.table.itertuples(index=False)]     # one item per cause, not per ticket
    return {"by": by, "weight": result.weight, "total": _num(result.total), "n": result.n,
            "n_with_cause": result.n_cause, "n_no_cause": result.n_blank,
            "weight_no_cause": _num(result.blank_weight), "excluded": dict(result.excluded), "items": items}


def _num(value: object) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


# --- populations -------------------------------------------------------------------------------
@dataclass
class Population:
    """The tickets a Pareto counts: `frame` holds the `n` selected rows out of `n_in`; rows whose
    membership cannot be decided (no score, SLA unknown) are in `excluded`, counted per reason."""
    name: str
    frame: pd.DataFrame
    n_in: int
    n: int
    excluded: dict[str, int]


def select_population(frame: pd.DataFrame, population: str = ALL,
                      sla_breach: pd.Series | None = None) -> Population:
    """All tickets, complaints only (`is_complaint`), low scores only (`csat_satisfied` is False)
    or SLA breaches only (`sla_breach`: a boolean Series aligned on the index, True = breached,
    computed by the SLA code; NA = cannot tell)."""
    excluded: dict[str, int] = {}
    if population == ALL:
        keep = pd.Series(True, index=frame.index)
    elif population == COMPLAINTS:
        keep = _column(frame, "is_complaint").astype("boolean").fillna(False).astype(bool)
    elif population == LOW_SCORE_TICKETS:
        satisfied = _column(frame, CSAT_SATISFIED).astype("boolean")
        if satisfied.isna().any():
            excluded[NO_SCORE] = int(satisfied.isna().sum())
        keep = satisfied.eq(False).fillna(False).astype(bool)
    elif population == SLA_BREACHES:
        if sla_breach is None:
            raise ParetoError("the SLA-breach population needs a breach mask")
        breach = sla_breach.reindex(frame.index).astype("boolean")
        if breach.isna().any():
            excluded[SLA_UNKNOWN] = int(breach.isna().sum())
        keep = breach.fillna(False).astype(bool)
    else:
        raise ParetoError(f"unknown population {population!r}; choose one of {POPULATIONS}")
    return Population(population, frame.loc[keep.to_numpy()], len(frame), int(keep.sum()), excluded)


# --- is it really skewed? ------------------------------------------------------------------------
@dataclass
class SkewTest:
    """Whether the counts differ from equal shares, and by how much.

    chi2 / dof / p: Pearson's goodness-of-fit test against equal shares (asymptotic p);
    p_mc: the same statistic's Monte Carlo p-value (used when some expected count is below 5).
    top_share: share of the total carried by the top `top_n` causes (top 20 % of causes);
    top_expected: the share they would carry if all causes were equal (top_n / k).
    ranks: per rank (1 = largest) the observed count and Wilkinson's acceptance interval for the
    sorted counts under equal shares (simulated, pointwise `level`); `above` marks ranks whose
    count is above the interval. verdict: "skewed", "weak", "uniform" or "insufficient".
    """
    verdict: str
    n: int
    k: int
    chi2: float | None
    dof: int | None
    p: float | None
    p_mc: float | None
    top_n: int
    top_share: float | None
    top_expected: float | None
    vital_n: int
    ranks: pd.DataFrame
    alpha: float
    problem: str | None = None

    def message_args(self) -> dict:
        """Values for the pareto.skew.* strings of i18n/pareto.py."""
        return {"k": self.k, "n": self.n, "chi2": self.chi2 or 0.0, "dof": self.dof or 0,
                "p": self.p_used if self.p_used is not None else float("nan"), "top_n": self.top_n,
                "top_share": self.top_share or 0.0, "top_expected": self.top_expected or 0.0,
                "vital_n": self.vital_n, "p_text": p_text(self.p_used)}

    @property
    def p_used(self) -> float | None:
        """The p-value behind the verdict: Monte Carlo when expected counts are small."""
        if self.k and self.n and self.n / self.k < 5 and self.p_mc is not None:
            return self.p_mc
        return self.p


def p_text(p: float | None) -> str:
    """A p-value as reported: "= 0.0123" (3 significant digits), "< 0.001" below 0.001 (a chi-square
    tail that underflows to 0 is not "p = 0"), "–" when there is none."""
    if p is None or not math.isfinite(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"= {p:.3g}"


def chi_square_equal_shares(counts: np.ndarray) -> tuple[float, int, float]:
    """Pearson's X² = Σ (observed − expected)² / expected with expected = n / k, df = k − 1,
    and its upper-tail p-value from the chi-square distribution."""
    counts = np.asarray(counts, dtype=float)
    expected = counts.sum() / len(counts)
    statistic = float(((counts - expected) ** 2).sum() / expected)
    dof = len(counts) - 1
    return statistic, dof, float(stats.chi2.sf(statistic, dof))


def skew_test(counts: pd.Series | ParetoResult, cut: float = 0.8, alpha: float = 0.05,
              top_fraction: float = 0.2, min_ratio: float = 1.5, level: float = 0.95,
              reps: int = 2000, seed: int = 0) -> SkewTest:
    """Is the cause distribution really skewed, or close to equal shares?

    Takes ticket counts per cause (a Series indexed by cause, or a ParetoResult, whose unfolded
    counts are used: tests are on counts, never on weights). "uniform" when the chi-square test
    does not reject equal shares at `alpha`; "skewed" when it does and the top `top_fraction`
    of causes carry at least `min_ratio` times their equal share; "weak" otherwise (the mix is
    uneven but there is no small vital few); "insufficient" with fewer than 2 causes or 10 rows.
    """
    if isinstance(counts, ParetoResult):
        if counts.raw is None:
            raise ParetoError("this Pareto result has no raw counts")
        counts = counts.raw.set_index("cause")["count"]
    observed = counts.astype("float64").sort_values(ascending=False, kind="mergesort")
    observed = observed[observed > 0]
    n, k = int(observed.sum()), len(observed)
    top_n = max(1, math.ceil(top_fraction * k - 1e-9))
    empty_ranks = pd.DataFrame(columns=["rank", "cause", "count", "lower", "upper", "above"])
    if k < 2 or n < 10:
        return SkewTest("insufficient", n, k, None, None, None, None, top_n, None, None, k, empty_ranks,
                        alpha, problem=f"{n} tickets over {k} causes: too few to test")
    values = observed.to_numpy()
    statistic, dof, p = chi_square_equal_shares(values)
    # Sorted multinomial draws under equal shares: the acceptance band for each rank's count.
    reps = max(200, min(reps, 4_000_000 // k))
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, np.full(k, 1.0 / k), size=reps)
    expected = n / k
    sim_stat = ((draws - expected) ** 2).sum(axis=1) / expected
    p_mc = float((1 + (sim_stat >= statistic - 1e-9).sum()) / (reps + 1))
    ordered = -np.sort(-draws, axis=1)
    lower = np.quantile(ordered, (1 - level) / 2, axis=0)
    upper = np.quantile(ordered, (1 + level) / 2, axis=0)
    ranks = pd.DataFrame({"rank": np.arange(1, k + 1), "cause": observed.index.astype("str"),
                          "count": values.astype("int64"), "lower": lower, "upper": upper,
                          "above": values > upper})
    top_share = float(values[:top_n].sum() / n)
    top_expected = top_n / k
    cum = np.cumsum(values) / n
    vital_n = int(np.argmax(cum >= cut - _CUT_TOL)) + 1
    result = SkewTest("uniform", n, k, statistic, dof, p, p_mc, top_n, top_share, top_expected, vital_n,
                      ranks, alpha)
    p_used = result.p_used
    if p_used is not None and p_used < alpha:
        result.verdict = "skewed" if top_share >= min_ratio * top_expected else "weak"
    return result


# --- stratified ----------------------------------------------------------------------------------
@dataclass
class StratifiedPareto:
    """One Pareto per stratum (channel, priority, customer type…) in the overall cause order.

    `table`: stratum, cause, count, weight, share, cum_share, vital_few, is_other, one row per
    stratum × cause of the shared order (count 0 where the stratum has none); share is within
    the stratum, cum_share runs along the shared order, vital_few is the stratum's own vital few
    (its own ranking). `strata` holds each stratum's own ranked ParetoResult. As in the overall
    Pareto, rows with no cause recorded are left out of every ranking; `n_blank` counts them per
    stratum (a stratum whose rows all lack a cause has no ranking, only its count here)."""
    by: str
    strata_by: str
    weight: str
    order: list[str]
    overall: ParetoResult
    table: pd.DataFrame
    strata: dict[str, ParetoResult]
    excluded: dict[str, int]
    n_blank: dict[str, int] = field(default_factory=dict)


def stratified_pareto(frame: pd.DataFrame, by: str, strata: str, weight: object = None, cut: float = 0.8,
                      other_below: float | None = None, other_label: str = OTHER,
                      include_other_in_vital: bool = False) -> StratifiedPareto:
    """Pareto of `by` within each value of `strata`, sharing the overall order and Other fold."""
    _check(frame, by, cut, other_below)
    _column(frame, strata)
    overall = pareto(frame, by, weight, cut, other_below, other_label, include_other_in_vital)
    weights, _, unit, excluded = resolve_weight(frame, weight)
    cause_codes, causes = _label_codes(frame[by])
    bucket = overall.other_label
    if bucket is not None:
        causes = np.where(np.isin(causes, overall.folded), bucket, causes)
    strata_codes, strata_labels = _label_codes(frame[strata])
    order = overall.order
    # One pass over the rows: count and weight per (stratum, cause), the strata then cut from that
    # small table. Codes of labels, not of values: two spellings of one label, and the causes
    # folded into Other, are one group; groups are summed in file order and listed in order of
    # first appearance, as pareto's own (pandas' compensated sums), so each stratum's figures
    # equal those of a Pareto of its rows to the last digit.
    used = weights.notna().to_numpy()
    cause_codes, causes = _recode(cause_codes, causes)
    strata_codes, strata_labels = _recode(strata_codes, strata_labels)
    pair = (strata_codes * len(causes) + cause_codes)[used]
    per_pair = pd.Series(weights.to_numpy()[used]).groupby(pair, sort=False).agg(["size", "sum"])
    seen = per_pair.index.to_numpy()
    cells = pd.DataFrame({"stratum": strata_labels[seen // len(causes)], "cause": causes[seen % len(causes)],
                          "count": per_pair["size"].to_numpy(dtype="int64"), "weight": per_pair["sum"].to_numpy()})
    rows, per_stratum, n_blank = [], {}, {}
    for stratum in sorted(strata_labels[np.unique(strata_codes)]):   # a handful of strata, not rows
        part = cells.loc[cells["stratum"] == stratum, ["cause", "count", "weight"]].reset_index(drop=True)
        agg, blank, blank_weight = _split_blank(part)
        if blank:
            n_blank[stratum] = blank
        if agg.empty:
            continue
        ranked, _, reached = _rank(agg, cut, None, bucket or other_label, include_other_in_vital)
        total = float(agg["weight"].sum())
        per_stratum[stratum] = ParetoResult(
            table=ranked, by=by, weight=overall.weight, unit=unit, total=total, n=int(agg["count"].sum()) + blank,
            n_blank=blank, excluded={}, cut=cut, vital_n=int(ranked["vital_few"].sum()),
            vital_share=float(ranked.loc[ranked["vital_few"], "share"].sum()) if total > 0 else None,
            cut_reached=reached, raw=agg, problem=None if total > 0 else "the total is zero",
            blank_weight=blank_weight)
        shared = (ranked.set_index("cause").reindex(order)
                  .fillna({"count": 0, "weight": 0.0, "vital_few": False}))
        shared["count"] = shared["count"].astype("int64")
        shared["vital_few"] = shared["vital_few"].astype(bool)
        shared["is_other"] = [c == bucket or _is_other_label(c, other_label) for c in order]
        shared["share"] = shared["weight"] / total if total > 0 else np.nan
        shared["cum_share"] = shared["weight"].cumsum() / total if total > 0 else np.nan
        rows.append(shared.reset_index().assign(stratum=stratum))
    table = (pd.concat(rows, ignore_index=True)[["stratum", *TABLE_COLUMNS]] if rows
             else pd.DataFrame(columns=["stratum", *TABLE_COLUMNS]))
    return StratifiedPareto(by, strata, overall.weight, order, overall, table, per_stratum, excluded, n_blank)


# --- before / after --------------------------------------------------------------------------------
@dataclass
class PeriodComparison:
    """Cause mix of two periods side by side, in the pooled order.

    `table`: cause, count_before, count_after, weight_before, weight_after, share_before,
    share_after, change (share_after − share_before, in share points 0–1). chi2 / dof / p:
    Pearson's chi-square test of homogeneity on the 2 × causes table of ticket counts (no
    continuity correction): did the mix shift? min_expected / n_low_expected: the smallest
    expected count and how many of the n_cells are below 5 (then `warning` says the p-value is
    approximate). Rows with no cause recorded are in neither the shares nor the test;
    `before.n_blank` and `after.n_blank` count them."""
    by: str
    weight: str
    table: pd.DataFrame
    chi2: float | None
    dof: int | None
    p: float | None
    min_expected: float | None
    n_low_expected: int
    n_cells: int
    warning: str | None
    before: ParetoResult
    after: ParetoResult
    problem: str | None = None


def compare_periods(before: pd.DataFrame, after: pd.DataFrame, by: str, weight: object = None,
                    cut: float = 0.8, other_below: float | None = None,
                    other_label: str = OTHER) -> PeriodComparison:
    """Before/after Pareto: each cause's share in both periods, its change, and whether the mix
    of ticket counts shifted (chi-square homogeneity test; always on counts, also when the shares
    are by a weight). The Other fold is decided on the pooled periods so both use the same causes;
    rows with no cause recorded are left out of both (the pooled order has no blank cause)."""
    _column(before, by), _column(after, by)
    pooled = pareto(pd.concat([before[[by]], after[[by]]], ignore_index=True), by, None, cut, other_below,
                    other_label)
    sides = {}
    for name, part in (("before", before), ("after", after)):
        result = pareto(part, by, weight, cut, None, other_label)
        labels = cause_labels(part[by])
        if pooled.other_label is not None:
            labels = labels.mask(labels.isin(pooled.folded), pooled.other_label)
        weights, *_ = resolve_weight(part, weight)
        sides[name] = (result, _aggregate(labels, weights).set_index("cause"))
    order = pooled.order
    table = pd.DataFrame({"cause": order})
    for name, (_, agg) in sides.items():
        agg = agg.reindex(order).fillna(0)
        total = float(agg["weight"].sum())
        table[f"count_{name}"] = agg["count"].astype("int64").to_numpy()
        table[f"weight_{name}"] = agg["weight"].to_numpy()
        table[f"share_{name}"] = agg["weight"].to_numpy() / total if total > 0 else np.nan
    table = table[["cause", "count_before", "count_after", "weight_before", "weight_after",
                   "share_before", "share_after"]]
    table["change"] = table["share_after"] - table["share_before"]
    before_result, after_result = sides["before"][0], sides["after"][0]
    counts = table[["count_before", "count_after"]].to_numpy().T
    counts = counts[:, counts.sum(axis=0) > 0]
    problem = None
    if before_result.n_cause == 0 or after_result.n_cause == 0:
        problem = ("one of the periods has no rows" if before_result.n == 0 or after_result.n == 0
                   else "one of the periods has no row with a cause recorded")
    elif counts.shape[1] < 2:
        problem = "only one cause: no mix to compare"
    if problem:
        return PeriodComparison(by, before_result.weight, table, None, None, None, None, 0, counts.size, None,
                                before_result, after_result, problem)
    statistic, p, dof, expected = stats.chi2_contingency(counts, correction=False)
    n_low = int((expected < 5).sum())
    warning = None
    if n_low:
        warning = (f"{n_low} of {expected.size} expected counts are below 5 (smallest {expected.min():.2f}); "
                   "the chi-square p-value is approximate: fold small causes into Other")
    return PeriodComparison(by, before_result.weight, table, float(statistic), int(dof), float(p),
                            float(expected.min()), n_low, int(expected.size), warning, before_result,
                            after_result)


# --- drill-down ------------------------------------------------------------------------------------
def drill_down(frame: pd.DataFrame, by: str, cause: str, columns: list[str] | None = None,
               result: ParetoResult | None = None) -> pd.DataFrame:
    """The rows behind one bar: tickets whose `by` reads `cause` ("(blank)" for empty cells; the
    Other bar of `result` selects every folded cause too), with the `columns` asked (all when None)."""
    _column(frame, by)
    missing = [c for c in (columns or []) if c not in frame.columns]
    if missing:
        raise ParetoError(f"columns not in the data: {missing}")
    labels = cause_labels(frame[by])
    wanted = {cause}
    if result is not None and result.other_label == cause:
        wanted.update(result.folded)
    return frame.loc[labels.isin(wanted).to_numpy(), columns or frame.columns]


# --- what the page and the command line count ----------------------------------------------------
# Columns that only a survey file carries: a Pareto over them counts survey responses.
SURVEY_ONLY = ("reason", "comment", "responded_at")
# "Few distinct values": a column with more is a free text, not a list of causes.
MAX_CAUSES = 50
_NOT_CAUSES = {"ticket_id", "customer_id", "source_file", "channel_key", "priority_key", "customer_type_key"}
TICKETS_LEVEL, RESPONSES_LEVEL = "tickets", "responses"


def cause_columns(frame: pd.DataFrame, max_distinct: int = MAX_CAUSES) -> dict[str, int]:
    """Text columns usable as a cause: {column: distinct non-blank values}, for every text or
    categorical column with 1 to `max_distinct` distinct values (ids and derived keys left out)."""
    out = {}
    for column in frame.columns:           # a few dozen columns, not rows
        values = frame[column]
        if column in _NOT_CAUSES or not (pd.api.types.is_string_dtype(values)
                                         or isinstance(values.dtype, pd.CategoricalDtype)):
            continue
        distinct = _distinct_text(values)
        k = int(distinct.nunique())
        if 1 <= k <= max_distinct:
            out[column] = k
    return out


def source_headers(files: list) -> dict[str, str]:
    """{canonical field: the header the user's file gives it}, from the load reports (first file
    wins when two files map the same field)."""
    headers: dict[str, str] = {}
    for report in files:
        for canonical, header in report.mapping.fields.items():
            headers.setdefault(canonical, str(header))
    return headers


def resolve_column(ds: Dataset, name: str) -> str | None:
    """The column of the cleaned data a user means by `name`: a canonical name, a header as the
    user's file spells it, or a driver column; None when neither the tickets nor the survey have it."""
    columns = set(ds.tickets.columns) | (set(ds.survey.columns) if ds.survey is not None else set())
    if name in columns:
        return name
    wanted = normalise_header(name)
    for exact in (True, False):           # the header as spelled first, then compared loosely
        for canonical, header in source_headers(ds.files).items():
            if canonical in columns and (header == name if exact else normalise_header(header) == wanted):
                return canonical
    return next((c for c in sorted(columns, key=str) if normalise_header(c) == wanted), None)


def needs_responses(ds: Dataset, columns: list[str], population: str = ALL, weight: object = None) -> bool:
    """Whether the Pareto must count survey responses rather than tickets: a column only the
    survey has (reason, comment, a driver), or a score-based population or weight while the
    survey holds the scores."""
    if ds.survey is None:
        return False
    survey_only = set(SURVEY_ONLY) | set(ds.drivers) | (set(ds.survey.columns) - set(ds.tickets.columns))
    if any(c in survey_only for c in columns):
        return True
    return population == LOW_SCORE_TICKETS or (isinstance(weight, str) and weight == LOW_SCORES)


def pareto_frame(ds: Dataset, columns: list[str], population: str = ALL,
                 weight: object = None) -> tuple[pd.DataFrame, str]:
    """The rows a Pareto over `columns` counts, and their level: the tickets ("tickets"), or one
    row per survey response with its ticket's context ("responses", see :func:`needs_responses`)."""
    if needs_responses(ds, columns, population, weight):
        return ds.responses(), RESPONSES_LEVEL
    return ds.tickets, TICKETS_LEVEL


def sla_breach_mask(tickets: pd.DataFrame, tiers: dict | None = None) -> pd.Series:
    """Per ticket: True when it missed its first-response or resolution target (the breach list
    of analysis.sla.sla_compliance, default tiers and clock time), False when it did not (so far),
    NA when it cannot be judged (no SLA tier for its priority, or no creation time)."""
    from analysis.sla import sla_compliance       # the SLA module is only needed for this population
    # Number the rows so the breach list (which carries `source_row`) points back at positions.
    numbered = tickets.reset_index(drop=True).assign(source_row=np.arange(len(tickets)))
    report = sla_compliance(numbered, tiers=tiers)
    breached = np.zeros(len(tickets), dtype=bool)
    breached[report.breaches["source_row"].to_numpy(dtype="int64")] = True
    known_tiers = set(SLA_TIERS if tiers is None else tiers)
    judged = (tickets["priority_key"].isin(known_tiers) & tickets["created_at"].notna()).to_numpy()
    mask = pd.array(breached, dtype="boolean")
    mask[~judged] = pd.NA
    return pd.Series(mask, index=tickets.index, name="sla_breach")


def breach_mask_for(frame: pd.DataFrame, tickets: pd.DataFrame, level: str,
                    tiers: dict | None = None) -> pd.Series:
    """:func:`sla_breach_mask` aligned on `frame`: the tickets' own mask at the tickets level;
    at the responses level each response takes its ticket's (by ticket id; NA when unknown)."""
    mask = sla_breach_mask(tickets, tiers)
    if level == TICKETS_LEVEL:
        return mask.set_axis(frame.index)
    per_ticket = (pd.DataFrame({"ticket_id": tickets["ticket_id"].to_numpy(), "breach": mask.to_numpy()})
                  .dropna(subset=["ticket_id"]).drop_duplicates("ticket_id", keep="last")
                  .set_index("ticket_id")["breach"])
    return frame["ticket_id"].map(per_ticket).astype("boolean").rename("sla_breach")


def population_rows(ds: Dataset, columns: list[str], population: str = ALL, weight: object = None,
                    tiers: dict | None = None) -> tuple[Population, str]:
    """The population's rows at the level `columns` need (:func:`pareto_frame`: tickets, or survey
    responses), and that level. The SLA-breach population uses :func:`breach_mask_for`."""
    frame, level = pareto_frame(ds, list(columns), population, weight)
    mask = breach_mask_for(frame, ds.tickets, level, tiers) if population == SLA_BREACHES else None
    return select_population(frame, population, mask), level


# Words in a cause column's header (or name) that say which rows the cause is recorded for,
# compared after normalise_header: a complaint type is recorded for complaints, a
# dissatisfaction reason for low scores.
_COMPLAINT_HEADER_WORDS = ("complaint", "投诉", "客诉")
_LOW_SCORE_HEADER_WORDS = ("dissatisf", "unsatisf", "lowscore", "不满", "差评", "低分")
# The survey's reason (schema: "reason", "dissatisfaction reason", "不满意原因", "差评原因" …) is
# asked of low scores only.
LOW_SCORE_COLUMNS = ("reason",)
# Why the default population is what it is (DefaultPopulation.basis).
BASIS_LOW_SCORE, BASIS_COMPLAINT, BASIS_NONE, BASIS_NO_COMPLAINTS, BASIS_NO_SCORES = (
    "low_score_column", "complaint_column", "any_row", "no_complaints", "no_low_scores")


@dataclass(frozen=True)
class DefaultPopulation:
    """The population a cause column applies to, and why (`basis`): "low_score_column" (a
    dissatisfaction reason: low scores), "complaint_column" (a complaint type: complaints),
    "any_row" (a cause any ticket can have: all), or "no_complaints" / "no_low_scores" (the
    column applies to complaints or low scores but the data marks none: all rows)."""
    population: str
    basis: str


def default_population(ds: Dataset, column: str) -> DefaultPopulation:
    """The population a Pareto of `column` counts by default: low scores for the survey's reason or
    a column whose header says dissatisfaction (不满意原因, 差评原因), complaints for a column whose
    header says complaint (投诉类型, Complaint Type), every row otherwise. When the data marks no
    complaint (or holds no low score) the default falls back to every row, saying why."""
    names = {normalise_header(column), normalise_header(source_headers(ds.files).get(column, column))}
    if column in LOW_SCORE_COLUMNS or any(w in n for n in names for w in _LOW_SCORE_HEADER_WORDS):
        scores = ds.survey if ds.survey is not None else ds.tickets
        if CSAT_SATISFIED in scores.columns and bool(scores[CSAT_SATISFIED].astype("boolean").eq(False).any()):
            return DefaultPopulation(LOW_SCORE_TICKETS, BASIS_LOW_SCORE)
        return DefaultPopulation(ALL, BASIS_NO_SCORES)
    if any(w in n for n in names for w in _COMPLAINT_HEADER_WORDS):
        if "is_complaint" in ds.tickets.columns and bool(ds.tickets["is_complaint"].astype("boolean").any()):
            return DefaultPopulation(COMPLAINTS, BASIS_COMPLAINT)
        return DefaultPopulation(ALL, BASIS_NO_COMPLAINTS)
    return DefaultPopulation(ALL, BASIS_NONE)


def population_payload(ds: Dataset, by: str, population: str | None = None, weight: object = None,
                       cut: float = 0.8, other_below: float | None = None) -> dict:
    """The command line's `pareto --json`: :func:`pareto_payload` over the population's rows (the
    column's :func:`default_population` when `population` is None, as on the Root causes page),
    plus "population", "population_basis" (why it is the default; null when asked for), "level"
    ("tickets" or "responses"), "rows_in" (rows before the population was taken),
    "rows_in_population" and "population_excluded" (rows whose membership is unknown)."""
    basis = None
    if population is None:
        chosen_default = default_population(ds, by)
        population, basis = chosen_default.population, chosen_default.basis
    chosen, level = population_rows(ds, [by], population, weight)
    payload = pareto_payload(chosen.frame, by, weight=weight, cut=cut, other_below=other_below)
    return {**payload, "population": population, "population_basis": basis, "level": level,
            "rows_in": chosen.n_in, "rows_in_population": chosen.n,
            "population_excluded": dict(chosen.excluded)}


@dataclass
class PeriodSplit:
    """Two periods of a frame by a date column: `before` holds rows dated in [before_start,
    before_end), `after` rows in [after_start, after_end); rows with no date or outside both
    periods are in `excluded`, counted per reason."""
    before: pd.DataFrame
    after: pd.DataFrame
    before_range: tuple[pd.Timestamp, pd.Timestamp]
    after_range: tuple[pd.Timestamp, pd.Timestamp]
    excluded: dict[str, int]


def halves(dates: pd.Series) -> tuple[tuple[pd.Timestamp, pd.Timestamp], tuple[pd.Timestamp, pd.Timestamp]]:
    """The date range of `dates` cut at its midpoint: ((first, mid), (mid, just after the last)).
    Each period is half-open [start, end)."""
    known = dates.dropna()
    if known.empty:
        raise ParetoError("no dates: the periods cannot be placed")
    first, last = known.min(), known.max()
    mid = first + (last - first) / 2
    return (first, mid), (mid, last + pd.Timedelta(microseconds=1))


def split_periods(frame: pd.DataFrame, date: str, before: tuple | None = None,
                  after: tuple | None = None, columns: list[str] | None = None) -> PeriodSplit:
    """Rows of `frame` in two half-open periods of column `date`; by default the two halves of the
    date range (:func:`halves`). Periods are (start, end) pairs of timestamps, end excluded.
    `columns`: the columns the two parts keep besides `date` (those of them in `frame`; all when
    None): copying a million rows' other columns costs more than the comparison."""
    dates = pd.to_datetime(_column(frame, date))
    if before is None or after is None:
        before, after = halves(dates)
    before = (pd.Timestamp(before[0]), pd.Timestamp(before[1]))
    after = (pd.Timestamp(after[0]), pd.Timestamp(after[1]))
    if not (before[0] < before[1] and after[0] < after[1]):
        raise ParetoError("each period must start before it ends")
    in_before = ((dates >= before[0]) & (dates < before[1])).to_numpy()
    in_after = ((dates >= after[0]) & (dates < after[1])).to_numpy()
    if (in_before & in_after).any():
        raise ParetoError("the two periods overlap")
    excluded = {}
    n_missing = int(dates.isna().sum())
    if n_missing:
        excluded[NO_DATE] = n_missing
    n_outside = int((dates.notna().to_numpy() & ~in_before & ~in_after).sum())
    if n_outside:
        excluded[OUTSIDE_PERIODS] = n_outside
    kept = frame.columns if columns is None else [date, *(c for c in dict.fromkeys(columns)
                                                         if c in frame.columns and c != date)]
    return PeriodSplit(frame.loc[in_before, kept], frame.loc[in_after, kept], before, after, excluded)


def text_columns(ds: Dataset) -> list[str]:
    """Free-text columns that hold any text: the tickets' description and notes, the survey's comment."""
    frames = [(ds.tickets, ("description", "notes")), (ds.survey, ("comment",))]
    return [c for frame, names in frames if frame is not None for c in names
            if c in frame.columns and not _distinct_text(frame[c]).empty]


def _distinct_text(values: pd.Series) -> pd.Series:
    """The distinct non-blank texts of a column, stripped (distinct values first: a million rows
    hold a few thousand texts at most)."""
    uniques = pd.Series(values.dropna().unique(), dtype="object").astype("str").str.strip()
    return uniques[uniques.ne("")]


def day_period(first_day: object, last_day: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A period given by its first and last calendar day (both included), as the half-open
    [first_day 00:00, day after last_day 00:00) that :func:`split_periods` takes."""
    return pd.Timestamp(first_day).normalize(), pd.Timestamp(last_day).normalize() + pd.Timedelta(days=1)


def day_halves(dates: pd.Series) -> tuple[tuple, tuple]:
    """The calendar days of `dates` split in two runs of whole days, as (first day, last day) pairs
    for :func:`day_period`: ((first, day before the middle day), (middle day, last)). An odd number
    of days gives the extra day to the second period."""
    known = pd.to_datetime(dates.dropna())
    if known.empty:
        raise ParetoError("no dates: the periods cannot be placed")
    first, last = known.min().normalize(), known.max().normalize()
    n_days = (last - first).days + 1
    if n_days < 2:
        raise ParetoError("all rows fall on one day: there are no two periods to compare")
    middle = first + pd.Timedelta(days=n_days // 2)
    return (first.date(), (middle - pd.Timedelta(days=1)).date()), (middle.date(), last.date())
