"""The review report: the app's story as plain data, for the Report page, workshop mode, the
Excel and HTML exports and `python -m analysis report`.

A :class:`Report` is a list of :class:`Section` s — where we stand (KPIs), goals, what drives
satisfaction, where complaints come from, are we improving, what if — each with narrative
sentences (an i18n key and the numbers that fill it, rendered in the report's language),
tables (DataFrames: exactly the aggregated data behind each chart) and Altair charts. Every
figure comes from the analysis module that owns it; nothing here computes a statistic.
Pure functions, no streamlit.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import altair as alt
import numpy as np
import pandas as pd

from analysis import quality as quality_mod
from analysis.dataset import Dataset
from analysis.kpis import breakdown_of, date_bounds, in_range, kpi_report_of, trend_of
from analysis.metrics import build_metrics
from analysis.observations import View
from i18n import t

SECTIONS = ("overview", "goals", "drivers", "complaints", "periods", "whatif")
WORKSHOP_STEPS = ("goals", "drivers", "complaints", "periods", "whatif")
REPORT_BOOT = 50          # bootstrap resamples for the importance intervals: seconds, not minutes
BOOT_BUDGET = 5_000_000   # resamples × rows at most (as analysis.periods' budget) …
BOOT_FLOOR = 20           # … but never fewer resamples than this
MAX_CHART_ROWS = 5_000    # a chart ships aggregates; more rows than this means raw data slipped in
MAX_AGENTS = 30           # agents shown in the report's agent chart (busiest first)
DEFAULT_SHIFT = 0.5       # the default what-if: the most important rating driver + 0.5 points


@dataclass
class Sentence:
    """A narrative sentence: an i18n `key` and the `values` that fill it."""
    key: str
    values: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass
class Section:
    """One analysis of the report. `tables` and `charts` are keyed by the same names where a
    table is the data behind a chart; `problem` says why the section is empty (None: fine)."""
    key: str
    title: str
    sentences: list[Sentence] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    charts: dict[str, alt.TopLevelMixin] = field(default_factory=dict)
    explainer: str = ""
    problem: str | None = None
    lang: str = "en"
    notes: list[str] = field(default_factory=list)     # the user's own text (a notebook note), shown as-is
    sheet: str = ""                                     # short name for its Excel sheet (default: title)
    statuses: list = field(default_factory=list)        # goals: the GoalStatus list (the what-if reads it)
    result: object | None = None                        # what-if: the whatif.WhatIf behind the tables

    @property
    def narrative(self) -> list[str]:
        return [s.text(self.lang) for s in self.sentences]


@dataclass
class Report:
    """The whole report: `sections` in story order, the `filters` in force ({label: value}),
    the data `quality` table, metric `definitions`, counts of tickets and responses used."""
    title: str
    lang: str
    generated: pd.Timestamp
    dataset_name: str
    filters: dict[str, str]
    sections: list[Section]
    quality: pd.DataFrame
    definitions: pd.DataFrame
    n_tickets: int
    n_responses: int
    boot: int = REPORT_BOOT
    period: tuple = (None, None)     # (first, last) day the report covers: the range asked for, else the data's

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


# --- helpers ----------------------------------------------------------------------------------

def restrict(ds: Dataset, start=None, end=None) -> Dataset:
    """The dataset cut to tickets created in [start, end] (a date `end` covers its day); survey
    rows follow their tickets (responses whose ticket is unknown are dropped once a range is set)."""
    if start is None and end is None:
        return ds
    lo, hi = date_bounds(start, end)
    kept = ds.tickets[in_range(ds.tickets["created_at"], lo, hi)].reset_index(drop=True)
    survey = ds.survey
    if survey is not None:
        key = "ticket_id" if survey["ticket_id"].notna().any() else "customer_id"
        survey = survey[survey[key].isin(kept[key].dropna())].reset_index(drop=True)
    return dataclasses.replace(ds, tickets=kept, survey=survey)


def agent_aliases(names: Iterable[object], lang: str = "en") -> dict[str, str]:
    """{name: "Agent 1", …} numbered in sorted order of the distinct names, so the same name
    always gets the same alias for the same list of names (pass the unfiltered dataset's agents
    to keep aliases stable while filters change)."""
    distinct = sorted({str(n) for n in names if n is not None and not (isinstance(n, float) and np.isnan(n))
                       and str(n) not in ("", "<NA>", "nan")})
    word = "坐席" if lang == "zh" else "Agent"
    sep = "" if lang == "zh" else " "
    return {name: f"{word}{sep}{i}" for i, name in enumerate(distinct, start=1)}


def anonymise_frame(frame: pd.DataFrame, aliases: dict[str, str]) -> pd.DataFrame:
    """`frame` with every text cell (and column name) equal to an agent's name replaced by its alias."""
    if not aliases:
        return frame
    out = frame.copy()
    for column in out.columns:
        col = out[column]
        if col.dtype == object or pd.api.types.is_string_dtype(col) or isinstance(col.dtype, pd.CategoricalDtype):
            text = col.astype("object")
            hit = text.isin(list(aliases))
            if hit.any():
                out[column] = text.where(~hit, text.map(aliases))
    out.columns = [aliases.get(str(c), c) for c in out.columns]
    return out


def anonymise_spec(spec: object, aliases: dict[str, str]) -> object:
    """A Vega-Lite spec (dict from chart.to_dict()) with every string equal to an agent name replaced."""
    if not aliases:
        return spec
    if isinstance(spec, dict):
        return {aliases.get(k, k) if isinstance(k, str) else k: anonymise_spec(v, aliases) for k, v in spec.items()}
    if isinstance(spec, list):
        return [anonymise_spec(v, aliases) for v in spec]
    if isinstance(spec, str):
        return aliases.get(spec, spec)
    return spec


def chart_rows(chart: alt.TopLevelMixin | dict) -> int:
    """The largest number of data rows any dataset of the chart carries to the browser."""
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)   # built by tested builders
    sizes = [len(v) for v in spec.get("datasets", {}).values() if isinstance(v, list)]

    def inline(node: object) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                sizes.append(len(data["values"]))
            for v in node.values():
                inline(v)
        elif isinstance(node, list):
            for v in node:
                inline(v)
    inline(spec)
    return max(sizes, default=0)


def _num(value: object) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


def _section(key: str, lang: str) -> Section:
    return Section(key, t(f"report.section.{key}", lang), explainer=t(f"report.explain.{key}", lang), lang=lang,
                   sheet=t(f"report.sheet.{key}", lang))


def report_boot(n_rows: int, cap: int = REPORT_BOOT) -> int:
    """Bootstrap resamples for the report's importance intervals on `n_rows` responses: `cap`
    while cap × rows stays within BOOT_BUDGET, then fewer (at least BOOT_FLOOR): on hundreds of
    thousands of rows the intervals are narrow and each resample costs a full pass."""
    if n_rows <= 0:
        return cap
    return int(min(cap, max(BOOT_FLOOR, BOOT_BUDGET // n_rows)))


def _excluded_text(excluded: dict[str, int], lang: str = "en") -> str:
    """"no satisfaction score: 9; …": each reason in the catalogue's words (its key if it has none)."""
    def reason(key: str) -> str:
        for name in (f"overview.reason.{key}", f"xlsx.reason.{key}"):
            if t(name, lang) != name:
                return t(name, lang)
        return key
    sep = "；" if lang == "zh" else "; "
    colon = "：" if lang == "zh" else ": "
    return sep.join(f"{reason(k)}{colon}{v:,}" for k, v in excluded.items() if v)


def _km_text(value: float | None, not_reached: bool, unit: str, lang: str) -> str:
    """A Kaplan–Meier quantile for a sentence: "21.9 h", or "not reached"."""
    if not_reached or value is None:
        return t("cards.not_reached", lang)
    return f"{value:,.1f} {t('cards.unit.' + unit, lang)}"


# --- sections ---------------------------------------------------------------------------------

def overview_section(ds: Dataset, responses: pd.DataFrame, lang: str) -> Section:
    """KPIs (value, n, median/P90 beside means, rows left out), the volume/CSAT trend, the
    channel breakdown, SLA compliance per tier and the agents' CSAT."""
    from analysis.agents import agent_table_of
    from analysis.sla import sla_compliance
    from charts.operations import agent_csat_chart, sla_chart
    from charts.overview import breakdown_chart, trend_chart

    sec = _section("overview", lang)
    tickets = ds.tickets
    view = View.of(tickets, responses, ds.csat_scale)     # every figure below reads the rows once
    kpis = kpi_report_of(view)
    sec.tables["kpis"] = pd.DataFrame([{
        "metric": t(f"overview.kpi.{k}", lang), "key": k, "value": r.value, "unit": r.unit, "n": r.n,
        "mean": r.mean, "median": r.median, "p90": r.p90, "excluded": _excluded_text(r.excluded, lang),
        # first response and resolution: Kaplan–Meier above, the solved-only figure here
        "censored": r.censored if r.is_km else np.nan, "not_reached": r.not_reached,
        "value_solved": r.solved if r.is_km else np.nan}
        for k, r in kpis.items()])
    sec.sentences.append(Sentence("report.sent.volume", {"tickets": len(tickets), "responses": len(responses)}))
    csat = kpis.get("csat_pct")
    if csat is not None and csat.value is not None:
        sec.sentences.append(Sentence("report.sent.csat", {"value": csat.value, "n": csat.n}))
    for key, sentence in (("frt_median_min", "report.sent.frt"), ("resolution_median_h", "report.sent.resolution")):
        r = kpis.get(key)
        if r is not None and r.is_km and r.median_solved is not None and r.p90_solved is not None:
            # Kaplan–Meier (open tickets counted as still waiting), the solved-only figure beside
            sec.sentences.append(Sentence(sentence, {
                "median": _km_text(r.median, r.km_median.not_reached, r.unit, lang),
                "p90": _km_text(r.p90, r.km_p90.not_reached, r.unit, lang),
                "km_median": np.nan if r.median is None else r.median, "km_p90": np.nan if r.p90 is None else r.p90,
                "censored": r.censored, "median_solved": r.median_solved, "p90_solved": r.p90_solved,
                "mean": r.mean or np.nan, "n": r.n, "n_solved": r.n_solved or 0}))
    start, end = ds.date_span
    if start is not None:
        grain = "M" if (end - start) > pd.Timedelta(days=120) else "W"
        table = trend_of(view, grain)
        sec.tables["trend"] = table
        sec.charts["trend"] = trend_chart(table, lang)
    if tickets["channel"].notna().any():
        table = breakdown_of(view, "channel")
        sec.tables["channels"] = table
        sec.charts["channels"] = breakdown_chart(table, "channel", "tickets", lang)
    if tickets["priority"].notna().any():
        sla = sla_compliance(tickets)
        sec.tables["sla"] = sla.compliance
        sec.charts["sla"] = sla_chart(sla.compliance, lang)
    if tickets["agent"].notna().any():
        agents = agent_table_of(view)
        sec.tables["agents"] = agents
        if agents["csat_pct"].notna().any():
            sec.charts["agents"] = agent_csat_chart(agents.head(MAX_AGENTS), lang)
    return sec


def _goal_value_text(value: float | None, unit: str, lang: str) -> str:
    """A goal figure with its unit, as the Goals page writes it ("84.7 %", "10.5 min")."""
    if value is None:
        return "–"
    text = f"{value:,.{2 if unit in ('points', 'min', 'h') and abs(value) < 10 else 1}f}"
    return f"{text} %" if unit == "%" else f"{text} {t('cards.unit.' + unit, lang)}" if unit in ("min", "h") else text


def goals_section(ds: Dataset, responses: pd.DataFrame, lang: str, goals: Sequence | None = None) -> Section:
    """Each goal's verdict at its own grain (analysis.goals): the period it reads, its value and n
    (or the deadline period's projection with its interval), as a table, sentences and the
    bullet chart. Without goals the section says "no goals set" (it never invents any); the
    example goals keep their name in the reader's language while they keep their default name."""
    from analysis.goals import MIN_N, NOT_ENOUGH, default_goals, evaluate_goals, goal_record
    from analysis.metrics import METRICS, P90
    from charts.goals import bullet_chart

    sec = _section("goals", lang)
    sec.explainer = t("report.explain.goals", lang, min_n=MIN_N)
    if not goals:
        sec.sentences.append(Sentence("report.sent.no_goals", {}))
        sec.statuses = []
        return sec
    last = ds.date_span[1]
    if last is None:
        sec.problem = "no dated tickets"
        return sec
    defaults = {g.id: g.name for g in default_goals(last)}
    goals = list(goals)
    statuses = evaluate_goals(goals, ds.tickets, responses, asof=pd.Timestamp(last).normalize(),
                              csat_scale=tuple(ds.csat_scale))
    sec.tables["goals"] = pd.DataFrame([{k: (", ".join(f"{a}={b}" for a, b in v.items()) if isinstance(v, dict) else v)
                                         for k, v in goal_record(s).items()} for s in statuses])
    sec.charts["goals"] = bullet_chart(statuses, status_labels={
        k: t(f"report.status.{k}", lang) for k in ("on_track", "at_risk", "off_track", "met", "missed",
                                                   "not_enough_data", "none")})
    for s in statuses:
        g = s.goal
        name = t(f"periods.goal.default.{g.id}", lang) if defaults.get(g.id) == g.name else (g.name or g.id)
        value = (lambda v: _goal_value_text(v, s.unit, lang))
        status = t(f"report.status.{s.status or 'none'}", lang)
        if s.problem or s.status is None:
            sec.sentences.append(Sentence("report.sent.goal_none", {"goal": name, "why": s.problem or "—"}))
        elif s.status_basis == "not_reached":
            quantile = "p90" if g.metric in METRICS and METRICS[g.metric].kind == P90 else "median"
            sec.sentences.append(Sentence("report.sent.goal_not_reached", {
                "goal": name, "quantile": t(f"goals_page.quantile.{quantile}", lang), "period": s.current_period,
                "censored": f"{s.current_censored:,}", "n": f"{s.current_n:,}"}))
        elif s.status == NOT_ENOUGH:
            sec.sentences.append(Sentence("report.sent.goal_not_enough", {
                "goal": name, "period": s.current_period or s.partial_period or s.deadline_period,
                "n": f"{s.current_n or s.partial_n:,}", "min_n": MIN_N}))
        elif s.status_basis == "projection":
            sec.sentences.append(Sentence("report.sent.goal_projection", {
                "goal": name, "status": status, "period": s.deadline_period, "projected": value(s.projected),
                "low": value(s.projected_low), "high": value(s.projected_high), "target": value(g.target)}))
        else:
            sec.sentences.append(Sentence("report.sent.goal_verdict", {
                "goal": name, "status": status, "period": s.current_period, "value": value(s.current),
                "n": f"{s.current_n:,}", "target": value(g.target)}))
    sec.statuses = list(statuses)      # for the what-if section (not exported)
    return sec


def drivers_section(ds: Dataset, responses: pd.DataFrame, lang: str, boot: int | None = None) -> Section:
    """Spearman correlations of CSAT with each driver (intervals, Holm-adjusted p, n) and their
    relative importance (LMG share of R², bootstrap intervals with `boot` resamples; None: as
    :func:`report_boot` allows for the number of responses)."""
    from analysis.drivers import correlations, suggested_drivers
    from analysis.formatting import p_texts
    from analysis.importance import ImportanceError, relative_importance
    from charts.drivers import correlation_chart, importance_chart

    sec = _section("drivers", lang)
    if responses.empty or responses["csat"].notna().sum() == 0:
        sec.problem = t("report.missing.survey", lang)
        return sec
    drivers = [d for d in suggested_drivers(responses, ds.drivers) if d != "csat"]
    if not drivers:
        sec.problem = "no drivers"
        return sec
    corr = correlations(responses, "csat", drivers)
    # p as people read it ("< 0.001", never 0 or 1e-245); the chart keeps the numbers
    sec.tables["correlations"] = corr.assign(p=p_texts(corr["p"]), p_adj=p_texts(corr["p_adj"]))
    sec.charts["correlations"] = correlation_chart(corr, "CSAT", lang)
    usable = corr.loc[corr["problem"].isna(), "driver"].tolist()
    for row in corr[corr["problem"].isna()].head(3).itertuples(index=False):
        sec.sentences.append(Sentence("report.sent.correlation", {"driver": driver_label(row.driver, lang), "r": row.r,
                                                                  "low": row.ci_low, "high": row.ci_high,
                                                                  "n": int(row.n)}))
    if usable:
        try:
            reps = report_boot(len(responses)) if boot is None else boot
            imp = relative_importance(responses, "csat", usable, boot=reps)
        except ImportanceError as err:
            sec.problem = str(err)
            return sec
        sec.tables["importance"] = imp.table
        sec.charts["importance"] = importance_chart(imp.table, lang)
        top = imp.table.iloc[0]
        sec.sentences.insert(0, Sentence("report.sent.top_driver", {"driver": driver_label(top["driver"], lang),
                                                                    "share": top["share"],
                                                                    "r2": imp.r2, "n": imp.n}))
    return sec


def complaints_section(ds: Dataset, lang: str) -> Section:
    """Pareto of complaint tickets by category (all tickets when the data mark no complaint),
    the vital few at 80 %."""
    from analysis.pareto import ParetoError, pareto
    from charts.pareto import pareto_chart

    sec = _section("complaints", lang)
    tickets = ds.tickets
    by = "category" if tickets["category"].notna().any() else "request_type"
    if not tickets[by].notna().any():
        sec.problem = "no category column"
        return sec
    complaints = tickets[tickets["is_complaint"]]
    frame, what = (complaints, "complaints") if len(complaints) else (tickets, "tickets")
    try:
        result = pareto(frame, by, other_label=t("pareto.other", lang))
    except ParetoError as err:
        sec.problem = str(err)
        return sec
    sec.tables["pareto"] = result.table
    sec.charts["pareto"] = pareto_chart(result, lang, width=560)
    if result.problem is None:
        # the shares are of the rows with a cause recorded: that is the n the sentence gives
        sec.sentences.append(Sentence("report.sent.pareto", {
            "vital": result.vital_n, "causes": len(result.table), "share": result.vital_share or 0.0,
            "what": t(f"report.what.{what}", lang), "n": result.n_cause}))
    if result.n_blank:
        sec.sentences.append(Sentence("pareto.report.no_cause", {
            "cause": t(f"field.{by}", lang), "n_blank": result.n_blank, "n": result.n, "n_cause": result.n_cause,
            "what": t(f"report.what.{what}", lang)}))
    if result.problem is not None:
        sec.problem = result.problem
    return sec


def periods_section(ds: Dataset, responses: pd.DataFrame, lang: str) -> Section:
    """CSAT % per month with Wilson intervals, and the latest month against the previous one and
    the same month last year (two-proportion test)."""
    from analysis.formatting import p_phrase
    from analysis.periods import comparison_verdict, period_report
    from charts.periods import period_chart

    sec = _section("periods", lang)
    metric = build_metrics(tuple(ds.csat_scale))["csat_pct"]
    obs = metric.observations(ds.tickets, responses)
    if obs.empty:
        sec.problem = t("report.missing.survey", lang)
        return sec
    table, comparisons = period_report(obs, metric, "month", reps=None)
    sec.tables["periods"] = table
    sec.charts["periods"] = period_chart(table, t("overview.kpi.csat_pct", lang), "%", lang=lang)
    rows = [{"current": c.current, "previous": c.previous, "against": c.against, "current_value": c.current_value,
             "previous_value": c.previous_value, "change": c.change, "test": c.test.test,
             "p_value": c.test.p_value, "effect_size": c.test.effect_size} for c in comparisons]
    sec.tables["comparisons"] = pd.DataFrame(rows, columns=["current", "previous", "against", "current_value",
                                                            "previous_value", "change", "test", "p_value",
                                                            "effect_size"])
    first = next((c for c in comparisons if c.against == "previous" and c.change is not None
                  and _num(c.test.p_value) is not None and c.test.ci_low is not None), None)
    if first is None:
        sec.sentences.append(Sentence("report.sent.period_none"))
    else:
        verdict = comparison_verdict(first)      # the page's verdict, from the same test
        said = {"up": "report.verdict.real", "down": "report.verdict.real", "too_small": "report.verdict.too_few"}
        sec.sentences.append(Sentence("report.sent.period_change", {
            "current": first.current, "now": first.current_value, "previous": first.previous_value,
            "before": first.previous, "change": first.change, "lo": first.test.ci_low, "hi": first.test.ci_high,
            "n_now": first.test.n1, "n_before": first.test.n2,
            "p": "–" if verdict == "too_small" else p_phrase(first.test.p_value),
            "verdict": t(said.get(verdict, "report.verdict.noise"), lang)}))
    return sec


def shift_label(shift, lang: str) -> str:
    """"Resolution Speed +0.5 points" / "frt_min −30 %" in the report's language."""
    key = "report.shift.relative" if shift.mode == "relative" else "report.shift.add"
    return t(key, lang, driver=driver_label(shift.driver, lang), change=shift.change)


def driver_label(driver: str, lang: str = "en") -> str:
    """A driver as the user knows it: survey sub-ratings as the file names them, the
    operational times (frt_min, resolution_h) by their names in the catalogue."""
    for key in (f"report.driver.{driver}", f"drivers_page_measure_{driver}"):
        if t(key, lang) != key:
            return t(key, lang)
    return driver


def whatif_section(ds: Dataset, responses: pd.DataFrame, lang: str, statuses: Sequence = (),
                   shifts: Sequence | None = None, importance: pd.DataFrame | None = None) -> Section:
    """The predicted CSAT when a driver moves (analysis.whatif), by default the most important
    rating driver + 0.5 points, and what it means for each goal."""
    from analysis.whatif import Shift, WhatIfError, goal_implications, model_drivers, what_if

    sec = _section("whatif", lang)
    if responses.empty or responses["csat"].notna().sum() == 0:
        sec.problem = t("report.missing.survey", lang)
        return sec
    drivers = model_drivers(responses, ds.drivers)
    if not drivers:
        sec.problem = "no drivers"
        return sec
    if shifts is None:
        ranked = [d for d in (importance["driver"].tolist() if importance is not None else []) if d in ds.drivers]
        first = next((d for d in ranked if d in drivers), next((d for d in drivers if d in ds.drivers), None))
        shifts = [Shift(first, DEFAULT_SHIFT)] if first else [Shift(drivers[0], -0.3, "relative")]
    try:
        result = what_if(responses, "csat", drivers, shifts)
    except WhatIfError as err:
        sec.problem = str(err)
        return sec
    scenario = ", ".join(shift_label(s, lang) for s in shifts)
    rows = [{"figure": "csat_mean", "now": result.mean.now, "scenario": result.mean.scenario,
             "low": result.mean.low, "high": result.mean.high, "change": result.mean.change,
             "change_low": result.mean.change_low, "change_high": result.mean.change_high, "n": result.n}]
    if result.share is not None:
        s = result.share
        rows.insert(0, {"figure": "csat_pct", "now": s.now, "scenario": s.scenario, "low": s.low, "high": s.high,
                        "change": s.change, "change_low": s.change_low, "change_high": s.change_high, "n": result.n})
        sec.sentences.append(Sentence("report.sent.whatif", {"scenario": scenario, "now": s.now,
                                                             "scenario_value": s.scenario, "low": s.low,
                                                             "high": s.high, "n": result.n}))
    m = result.mean
    sec.sentences.append(Sentence("report.sent.whatif_mean", {"scenario": scenario, "now": m.now,
                                                              "scenario_value": m.scenario, "low": m.low,
                                                              "high": m.high, "n": result.n}))
    table = pd.DataFrame(rows)
    table.insert(0, "what_if", scenario)
    sec.tables["whatif"] = table
    sec.charts["whatif"] = whatif_chart(table, lang)
    sec.tables["coefficients"] = result.coefficients
    if statuses:
        implications = goal_implications(result, statuses)
        implications["verdict_text"] = [t(f"report.verdict.{v}", lang) for v in implications["verdict"]]
        sec.tables["whatif_goals"] = implications
    sec.result = result
    return sec


def whatif_chart(table: pd.DataFrame, lang: str = "en") -> alt.LayerChart:
    """Now vs scenario for each figure (CSAT %, mean score), the scenario with its interval."""
    rows = []
    now, scen = t("report.case.now", lang), t("report.case.scenario", lang)
    for r in table.itertuples(index=False):
        label = t(f"overview.kpi.{r.figure}", lang)
        rows.append({"figure": label, "case": now, "value": r.now, "low": None, "high": None})
        rows.append({"figure": label, "case": scen, "value": r.scenario, "low": r.low, "high": r.high})
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(y=alt.Y("case:N", title=None, sort=[now, scen]))
    points = base.mark_point(filled=True, size=120).encode(
        x=alt.X("value:Q", scale=alt.Scale(zero=False), title=None), color=alt.Color("case:N", title=None),
        tooltip=[alt.Tooltip("figure:N"), alt.Tooltip("case:N"), alt.Tooltip("value:Q", format=".2f"),
                 alt.Tooltip("low:Q", format=".2f"), alt.Tooltip("high:Q", format=".2f")])
    whisker = base.mark_rule(strokeWidth=2).encode(x="low:Q", x2="high:Q", color=alt.Color("case:N"))
    layered = alt.layer(whisker, points).properties(width=520, height=70)
    return layered.facet(row=alt.Row("figure:N", title=None)).resolve_scale(x="independent")


# --- the report -------------------------------------------------------------------------------

def definitions_table(csat_scale: tuple[int, int] = (1, 5), lang: str = "en") -> pd.DataFrame:
    """Every KPI of the registry: its name, key, unit, kind, direction and definition."""
    rows = [{"metric": t(f"overview.kpi.{k}", lang), "key": k, "unit": m.unit, "kind": m.kind,
             "higher_is_better": m.higher_is_better, "definition": m.definition}
            for k, m in build_metrics(csat_scale).items()]
    return pd.DataFrame(rows)


def quality_table(ds: Dataset) -> pd.DataFrame:
    """The data quality report: one line per issue (kind, file, column, rows affected, examples)."""
    return quality_mod.summary_table(list(ds.quality))


def build_report(ds: Dataset, *, lang: str = "en", start=None, end=None, filters: dict[str, str] | None = None,
                 goals: Sequence | None = None, boot: int | None = None, shifts: Sequence | None = None,
                 anonymise: bool = False, agent_names: Iterable[object] | None = None,
                 sections: Sequence[str] = SECTIONS, now: pd.Timestamp | None = None) -> Report:
    """The report on `ds` cut to [start, end] (the page passes its already-filtered dataset and
    the filters' description in `filters`). `boot`: bootstrap resamples for the importance
    intervals (None: :func:`report_boot`). With `anonymise`, agent names become "Agent 1" … in
    every table and chart (numbered over `agent_names`, default the dataset's agents)."""
    ds = restrict(ds, start, end)
    responses = ds.responses()
    filters = dict(filters or {})
    if start is not None:
        filters.setdefault(t("report.filter.from", lang), str(pd.Timestamp(start).date()))
    if end is not None:
        filters.setdefault(t("report.filter.to", lang), str(pd.Timestamp(end).date()))
    built: list[Section] = []
    goals_sec = drivers_sec = None
    for key in sections:
        if key == "overview":
            sec = overview_section(ds, responses, lang)
        elif key == "goals":
            sec = goals_sec = goals_section(ds, responses, lang, goals)
        elif key == "drivers":
            sec = drivers_sec = drivers_section(ds, responses, lang, boot)
        elif key == "complaints":
            sec = complaints_section(ds, lang)
        elif key == "periods":
            sec = periods_section(ds, responses, lang)
        elif key == "whatif":
            statuses = goals_sec.statuses if goals_sec is not None else ()
            importance = drivers_sec.tables.get("importance") if drivers_sec is not None else None
            sec = whatif_section(ds, responses, lang, statuses, shifts, importance)
        else:
            raise ValueError(f"unknown section {key!r}: use {', '.join(SECTIONS)}")
        built.append(sec)
    if anonymise:
        aliases = agent_aliases(ds.tickets["agent"] if agent_names is None else agent_names, lang)
        for sec in built:
            sec.tables = {k: anonymise_frame(v, aliases) for k, v in sec.tables.items()}
            sec.charts = {k: anonymised_chart(c, aliases) for k, c in sec.charts.items()}
    for sec in built:
        for name, chart in sec.charts.items():
            rows = chart_rows(chart)
            if rows > MAX_CHART_ROWS:
                raise ValueError(f"chart {sec.key}/{name} ships {rows} rows: aggregate first")
    span = ds.date_span
    period = tuple(pd.Timestamp(given).date() if given is not None else (day.date() if day is not None else None)
                   for given, day in ((start, span[0]), (end, span[1])))
    return Report(title=t("report.title", lang), lang=lang, generated=now or pd.Timestamp.now().floor("s"),
                  dataset_name=ds.name or ", ".join(getattr(f, "name", str(f)) for f in ds.files),
                  filters=filters, sections=built, quality=quality_table(ds),
                  definitions=definitions_table(tuple(ds.csat_scale), lang), n_tickets=len(ds.tickets),
                  n_responses=len(responses), boot=report_boot(len(responses)) if boot is None else boot,
                  period=period)


def anonymised_chart(chart: alt.TopLevelMixin, aliases: dict[str, str]) -> alt.TopLevelMixin:
    """The same chart with agent names replaced by their aliases in its data and labels."""
    if not aliases:
        return chart
    return type(chart).from_dict(anonymise_spec(chart.to_dict(validate=False), aliases), validate=False)


def notebook_report(entries: Sequence[dict], *, lang: str = "en", dataset_name: str = "",
                    quality: pd.DataFrame | None = None, csat_scale: tuple[int, int] = (1, 5),
                    aliases: dict[str, str] | None = None, now: pd.Timestamp | None = None) -> Report:
    """The analysis notebook (ui.notebook items: title, spec, table, filters, note) as a Report:
    one section per item in the notebook's order, its note and filters as the user's text, its
    chart spec and table as they were pinned (agent names replaced when `aliases` are given)."""
    aliases = aliases or {}
    sections = []
    for i, item in enumerate(entries, start=1):
        sec = Section(f"item{i}", str(item.get("title") or f"#{i}"), lang=lang)
        if item.get("note"):
            sec.notes.append(str(item["note"]))
        filters = item.get("filters") or {}
        if filters:
            sec.notes.append(t("notebook.filters", lang, filters="; ".join(f"{k}: {v}" for k, v in filters.items())))
        if item.get("spec") is not None:
            sec.charts["chart"] = anonymise_spec(item["spec"], aliases)
        if item.get("table") is not None:
            sec.tables["table"] = anonymise_frame(item["table"], aliases)
        sections.append(sec)
    return Report(title=t("report.sheet.notebook", lang), lang=lang,
                  generated=now or pd.Timestamp.now().floor("s"), dataset_name=dataset_name, filters={},
                  sections=sections, quality=quality if quality is not None else pd.DataFrame(),
                  definitions=definitions_table(csat_scale, lang), n_tickets=0, n_responses=0, boot=0)


__all__ = ["Report", "Section", "Sentence", "build_report", "restrict", "agent_aliases", "anonymise_frame",
           "anonymise_spec", "chart_rows", "definitions_table", "quality_table", "SECTIONS", "WORKSHOP_STEPS",
           "REPORT_BOOT", "report_boot", "MAX_CHART_ROWS", "whatif_chart", "shift_label", "driver_label", "anonymised_chart", "notebook_report"]
