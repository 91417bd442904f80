"""Command line: the same engine as the app, for scripted and scheduled reports.

    python -m analysis check FILE [FILE ...] --json
    python -m analysis kpis FILE [FILE ...] --json [--from DATE --to DATE] [--calendar business|clock (default business)]
    python -m analysis drivers FILE [FILE ...] --json [--outcome COL] [--method spearman|pearson|kendall]
    python -m analysis pareto FILE [FILE ...] --by COLUMN --json [--weight W] [--cut 0.8] [--other-below SHARE]
        [--population all|complaints|low_scores|sla_breaches]
    python -m analysis compare FILE [FILE ...] --metric METRIC --period month --json
    python -m analysis goals --json [FILE ...]
    python -m analysis goals list|add --metric M --target T --start D --deadline D [--baseline B] …|delete ID --json
    python -m analysis report FILE [FILE ...] --out report.xlsx|report.html [--from DATE --to DATE] [--lang zh|en]
    python -m analysis workspace list|add NAME FILE...|export NAME OUT [--format csv|parquet]|delete NAME --json

Every command that reads files accepts `--dataset NAME` (a dataset saved in the workspace) in
place of the files. Without --json a command prints a few readable lines (the headline figures
with their units, in --lang or the data's language); with --json the full result as JSON, the
format scripts and tests rely on. `python -m analysis COMMAND --help` lists each option's values.
A closed pipe (`… | head -1`) ends the output quietly.

Exit 0 when the files were read (with or without quality issues); exit 2 with one line on stderr,
and no traceback, when a file cannot be read or the arguments make no sense.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from . import quality
from .ingest import IngestError
from .load import LoadResult, Overrides, load_files


class CliError(Exception):
    """A problem to report on one line of stderr (exit 2)."""


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _overrides(args) -> Overrides:
    """The mapping choices of --map FIELD=COLUMN (repeatable; FIELD= leaves the field unmapped),
    --role and --scale LOW-HIGH."""
    from .schema import SURVEY_FIELDS, TICKET_FIELDS
    fields: dict[str, str] = {}
    for item in getattr(args, "map", None) or []:
        name, sep, column = item.partition("=")
        name = name.strip()
        if not sep or name not in {**TICKET_FIELDS, **SURVEY_FIELDS}:
            known = ", ".join(sorted({*TICKET_FIELDS, *SURVEY_FIELDS}))
            raise CliError(f"--map {item}: give FIELD=COLUMN with FIELD one of {known}")
        fields[name] = column.strip()
    scale = None
    if getattr(args, "scale", None):
        low, sep, high = args.scale.partition("-")
        if not sep or not low.strip().isdigit() or not high.strip().isdigit() or int(low) >= int(high):
            raise CliError(f"--scale {args.scale}: give the scale as LOW-HIGH, e.g. 1-5 or 0-10")
        scale = (int(low), int(high))
    return Overrides(fields, getattr(args, "role", None), scale, list(getattr(args, "keep", None) or []))


def _encodings(args) -> dict[str, str] | None:
    """--encoding CODEC: the text encoding of every text file given ({"*": codec}), checked."""
    encoding = getattr(args, "encoding", None)
    if not encoding:
        return None
    from .charset import canonical
    try:
        return {"*": canonical(encoding)}
    except LookupError:
        raise CliError(f"--encoding {encoding}: not a text encoding; give e.g. utf-8, gb18030 (Simplified Chinese), "
                       "cp1252 (Windows-1252, Western European) or latin-1") from None


def _load(paths: list[str], dataset: str | None = None, overrides: Overrides | None = None,
          encodings: dict[str, str] | None = None) -> LoadResult:
    if dataset is not None:
        if overrides or encodings:
            raise CliError("--map, --role, --scale and --encoding apply to files, not to a saved --dataset")
        if paths:
            raise CliError("give either files or --dataset NAME, not both")
        from .workspace import Workspace
        ds = Workspace().open(dataset)
        _READ.append(ds)
        return LoadResult(ds, list(ds.files), [])
    if not paths:
        raise CliError("give one or more files, or --dataset NAME")
    files = []
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise CliError(f"{path}: no such file")
        files.append((p.name, p.read_bytes()))
    result = load_files(files, overrides=overrides, encodings=encodings)
    if result.errors:
        raise CliError(str(result.errors[0]))
    _READ.append(result.dataset)
    return result


def cmd_check(args) -> dict:
    from .coverage import gaps
    result = _load(args.files, args.dataset, _overrides(args), _encodings(args))
    ds = result.dataset
    return {"files": [r.to_json() | {"role": r.role} for r in result.reports],
            "issues": quality.to_json(ds.quality) if ds else [],
            # figures the mapping cannot supply: the field each family needs, and columns that might
            "warnings": [g.to_json() for g in gaps(ds)] if ds else []}


def _dataset(args):
    result = _load(args.files, args.dataset, _overrides(args), _encodings(args))
    if result.dataset is None:
        raise CliError("no data could be read")
    return result.dataset


def cmd_kpis(args) -> dict:
    from .kpis import kpis_payload
    ds = _dataset(args)
    return kpis_payload(ds, start=args.date_from, end=args.date_to, calendar=args.calendar)


def cmd_drivers(args) -> dict:
    from .drivers import OUTCOMES, drivers_payload, suggested_drivers
    from .ingest import read_table
    files = []
    for path in args.files:
        if not Path(path).is_file():
            raise CliError(f"{path}: no such file")
        files.append((Path(path).name, Path(path).read_bytes()))
    if args.dataset is not None or not files:
        result = _load(args.files, args.dataset, _overrides(args), _encodings(args))   # a saved dataset (or "no files")
    else:
        result = load_files(files, overrides=_overrides(args), encodings=_encodings(args))
    ds = None if result.errors else result.dataset
    if ds is not None:
        _READ.append(ds)
    if ds is not None and (args.outcome is None or args.outcome in (*OUTCOMES, *ds.drivers)):
        # The Drivers page's defaults: survey responses, survey sub-ratings (else operational measures).
        frame = ds.responses()
        outcome = args.outcome or "csat"
        drivers = [d for d in suggested_drivers(frame, ds.drivers) if d != outcome]
        return drivers_payload(frame, outcome, drivers, method=args.method)
    if len(files) != 1:
        raise CliError(str(result.errors[0]) if result.errors else
                       f"--outcome {args.outcome}: not a survey outcome or driver of these files")
    # Any table with an outcome column and numeric drivers (e.g. swiss.csv --outcome Fertility).
    name, data = files[0]
    frame = read_table(data, name, encoding=(_encodings(args) or {}).get("*")).frame
    frame = frame.apply(pd.to_numeric, errors="coerce")
    if args.outcome is None or args.outcome not in frame.columns:
        raise CliError(f"--outcome must name a column of {name} (columns: {', '.join(map(str, frame.columns))})")
    numeric = [c for c in frame.columns if c != args.outcome and frame[c].notna().any()]
    return drivers_payload(frame, args.outcome, numeric, method=args.method)


def cmd_pareto(args) -> dict:
    from .pareto import population_payload, resolve_column
    ds = _dataset(args)
    # A column named as the user's file has it ("Category", "不满意原因") or by its canonical name;
    # a column of the file that nothing maps is read again, kept under its own header.
    by = resolve_column(ds, args.by)
    if by is None and args.dataset is None and any(args.by in r.columns for r in ds.files):
        args.keep = [*(args.keep or []), args.by]
        ds = _dataset(args)
        by = resolve_column(ds, args.by)
    if by is None:
        raise CliError(f"--by {args.by}: no such column")
    # The same rows the Root causes page counts: the population the column applies to by default.
    payload = population_payload(ds, by, args.population, weight=args.weight, cut=args.cut,
                                 other_below=args.other_below)
    payload["by"] = args.by
    return payload


def cmd_compare(args) -> dict:
    from .periods import compare_payload
    ds = _dataset(args)
    return compare_payload(ds, args.metric, args.period)


GOAL_ACTIONS = ("add", "list", "delete")
# the options that describe a goal: only `goals add` takes them
GOAL_OPTIONS = ("metric", "direction", "target", "baseline", "baseline_from", "baseline_to", "start", "deadline",
                "grain", "segment", "name", "goal_id")


def _goal_date(value: str | None, option: str):
    if value is None:
        return None
    try:
        return pd.Timestamp(value)
    except (ValueError, TypeError):
        raise CliError(f"--{option} {value}: not a date (give YYYY-MM-DD)") from None


def _goal_from_args(args):
    """The Goal that `goals add` describes (GoalError, a ValueError, says what is wrong with it)."""
    from .goals import DECREASE, INCREASE, Goal, goal_metrics
    missing = [f"--{o}" for o in ("metric", "target", "start", "deadline") if getattr(args, o) is None]
    if missing:
        raise CliError(f"goals add needs {', '.join(missing)}")
    metrics = goal_metrics()
    if args.metric not in metrics:
        raise CliError(f"--metric {args.metric}: not a goal metric (one of {', '.join(metrics)})")
    segment = {}
    for item in args.segment or []:
        column, sep, value = item.partition("=")
        if not sep or not column.strip() or not value.strip():
            raise CliError(f"--segment {item}: give COLUMN=VALUE, e.g. channel_key=online")
        segment[column.strip()] = value.strip()
    # without --direction, the metric's good direction (CSAT up, first response down)
    direction = args.direction or (INCREASE if metrics[args.metric].higher_is_better else DECREASE)
    return Goal(id=args.goal_id or "", metric=args.metric, direction=direction, target=args.target,
                start=_goal_date(args.start, "start"), deadline=_goal_date(args.deadline, "deadline"),
                baseline=args.baseline, baseline_start=_goal_date(args.baseline_from, "baseline-from"),
                baseline_end=_goal_date(args.baseline_to, "baseline-to"), segment=segment, grain=args.grain,
                name=args.name or "")


def cmd_goals(args) -> dict:
    """goals [FILE...] evaluates the saved goals on the data (none saved: an empty list);
    goals list | add ... | delete ID manage the saved goals (the Goals page's store)."""
    from .goals import goal_fields, goals_payload
    from .store import Store
    files = list(args.files)
    action = files[0] if files and files[0] in GOAL_ACTIONS and not Path(files[0]).is_file() else None
    given = [o for o in GOAL_OPTIONS if getattr(args, o) not in (None, [])]
    if action != "add" and given:
        names = ", ".join("--" + ("id" if o == "goal_id" else o.replace("_", "-")) for o in given)
        raise CliError(f"{names}: only `goals add` takes these")
    store = Store.open_default()
    if action is None:
        ds = _dataset(args) if files or args.dataset else None
        return goals_payload(ds, store)
    rest = files[1:]
    if args.dataset is not None:
        raise CliError(f"goals {action} takes no --dataset")
    if action == "list":
        if rest:
            raise CliError("goals list takes no files (goals FILE... evaluates the goals on them)")
        return {"store": str(store.path), "goals": [goal_fields(g) for g in store.goals()]}
    if action == "delete":
        if len(rest) != 1:
            raise CliError("goals delete needs one goal ID (see goals list)")
        known = [g.id for g in store.goals()]
        if rest[0] not in known:
            raise CliError(f"no goal with id {rest[0]!r} (ids: {', '.join(known) or 'none saved'})")
        store.delete_goal(rest[0])
        return {"id": rest[0], "deleted": True}
    if rest:
        raise CliError("goals add takes no files: describe the goal with --metric, --target, --start, --deadline …")
    goal = _goal_from_args(args)
    if goal.id and store.goal(goal.id) is not None:
        raise CliError(f"a goal with id {goal.id!r} exists: delete it first (goals delete {goal.id})")
    return {"added": goal_fields(store.save_goal(goal))}


def cmd_report(args) -> dict:
    from .export import data_lang, write_report
    from .report import build_report
    from .store import Store, store_path
    if Path(args.out).suffix.lower() not in (".xlsx", ".html", ".htm"):
        raise CliError(f"--out {args.out}: the report is written as .xlsx or .html")
    ds = _dataset(args)
    goals = None
    if store_path().exists():     # saved goals when there are any; never create a store just to look
        try:
            goals = list(Store.open_default().goals()) or None
        except RuntimeError:
            goals = None          # an unusable store: the report says no goals are set
    lang = args.lang or data_lang(ds)     # the report speaks the data's language unless told
    report = build_report(ds, lang=lang, start=args.date_from, end=args.date_to, goals=goals)
    path = write_report(report, args.out)
    return {"out": str(path), "bytes": path.stat().st_size, "lang": lang,
            "sections": [{"key": s.key, "title": s.title, "problem": s.problem, "tables": list(s.tables),
                          "charts": list(s.charts)} for s in report.sections],
            "tickets": report.n_tickets, "responses": report.n_responses}


def cmd_workspace(args) -> dict:
    """list | add NAME FILE... | export NAME OUT | delete NAME (the workspace of the app's store)."""
    from .workspace import Workspace, export_to_folder
    ws = Workspace()
    action, rest = args.action, list(args.files)
    if action == "list":
        return {"datasets": [{"name": i.name, "tickets": i.tickets, "responses": i.responses,
                              "start": i.start, "end": i.end, "updated_at": i.updated_at,
                              "ticket_key": i.ticket_key} for i in ws.list()]}
    if not rest:
        raise CliError(f"workspace {action} needs a dataset NAME")
    name, rest = rest[0], rest[1:]
    if action == "add":
        ds = _load(rest, encodings=_encodings(args)).dataset
        if ds is None:
            raise CliError("no data could be read")
        if name not in ws.names():
            info = ws.save(name, ds)
            return {"name": name, "created": True, "tickets": {"added": info.tickets, "updated": 0, "unchanged": 0},
                    "survey": {"added": info.responses, "updated": 0, "unchanged": 0}}
        result = ws.append(name, ds)
        return {"name": name, "created": False, "tickets": result.tickets.__dict__,
                "survey": result.survey.__dict__, "written": result.written}
    if action == "export":
        if len(rest) != 1:
            raise CliError("workspace export NAME OUT: give the output folder")
        paths = export_to_folder(ws.open(name), rest[0], args.format)
        return {"name": name, "files": [str(p) for p in paths]}
    if action == "delete":
        ws.delete(name)
        return {"name": name, "deleted": True}
    raise CliError(f"unknown workspace action {action!r}")


# --- text output for people (without --json) ---------------------------------------------------

def _key(prefix: str, value: object, lang: str) -> str:
    """The catalogue's words for a code (`value` itself when the catalogue has none)."""
    from i18n import t
    key = f"{prefix}{value}"
    text = t(key, lang)
    return str(value) if text == key else text


def _metric_label(metric: str, lang: str) -> str:
    for prefix in ("overview.kpi.", "periods_page.kpi."):
        text = _key(prefix, metric, lang)
        if text != metric:
            return text
    return metric


def _num(value, decimals: int | None = None) -> str:
    """A figure for a person: thousands separated, one decimal (two below 1, where one would
    round 0.24 h to 0.2), `decimals` when given."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if decimals is None:
        decimals = 2 if 0 < abs(value) < 1 else 1
    return f"{value:,.{decimals}f}"


def _with_unit(value, unit: str, lang: str) -> str:
    """A KPI figure with its unit: "80.6 %", "5.9 min", "4.18", "30,000"."""
    from i18n import t
    if value is None:
        return "–"
    if unit == "%":
        return f"{_num(value)}{'%' if lang == 'zh' else ' %'}"
    if unit in ("min", "h"):
        return f"{_num(value)} {t('cards.unit.' + unit, lang)}"
    if unit == "tickets":
        return _num(value, 0)
    return _num(value, 2)


def _pct(share, lang: str = "en") -> str:
    from .formatting import percent_text
    return "–" if share is None else percent_text(share * 100)


def _reasons(excluded: dict, lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    def reason(key: str) -> str:
        text = _key("overview.reason.", key, lang)
        return _key("xlsx.reason.", key, lang) if text == key else text
    return sep.join(f"{reason(k)} {v:,}" for k, v in excluded.items() if v)


def text_lines(command: str, payload: dict, args) -> list[str]:
    """A few lines for a person: the headline figures of `payload` with their units."""
    from i18n import t

    from .formatting import p_phrase
    lang = getattr(args, "text_lang", None) or "en"
    lines: list[str] = []
    if command == "check":
        for f in payload["files"]:
            lines.append(t("cli.file", lang, file=f["file"], role=_key("cli.role.", f["role"], lang),
                           rows=f"{f['rows']:,}", mapped=len(f["mapping"])))
            guess = f.get("encoding_guess") or {}
            if guess.get("uncertain"):
                from .charset import describe
                lines.append(t("cli.encoding_unsure", lang, file=f["file"], chosen=describe(guess["encoding"], lang),
                               others=t("gap.or", lang).join(describe(c, lang) for c in guess["others"])))
        issues = payload["issues"]
        lines.append(t("cli.issues", lang, n=len(issues)) if issues else t("cli.no_issues", lang))
        for i in issues:
            lines.append(t("cli.issue", lang, kind=_key("quality.kind.", i["kind"], lang), count=f"{i['count']:,}",
                           file=i["file"], column=i.get("column") or "–"))
        for w in payload["warnings"]:
            lines.append(t("cli.warning", lang, family=_key("gap.family.", w["family"], lang),
                           missing=", ".join(_key("field.", m, lang) for m in w["missing"])))
    elif command == "kpis":
        from .metrics import build_metrics
        units = {k: m.unit for k, m in build_metrics((1, 5)).items()} | {"open_backlog": "tickets"}
        for key, value in payload.items():
            if key in units:
                lines.append(t("cli.kpi", lang, label=_metric_label(key, lang),
                               value=_with_unit(value, units[key], lang)))
        for row in payload.get("sla") or []:
            lines.append(t("cli.sla", lang, tier=_key("sla.tier.", row["priority"], lang),
                           response=_with_unit(row.get("response_met_pct"), "%", lang),
                           resolution=_with_unit(row.get("resolution_met_pct"), "%", lang), n=f"{row['n']:,}"))
        if payload.get("excluded"):
            lines.append(t("cli.left_out", lang, reasons=_reasons(payload["excluded"], lang)))
    elif command == "drivers":
        lines.append(t("cli.drivers.head", lang, outcome=_key("field.", payload["outcome"], lang),
                       method=_key("cli.method.", payload["method"], lang),
                       n=f"{payload['n']:,}", r2=_num(payload.get("r2"), 2)))
        r2 = payload.get("r2")
        for d in payload["drivers"]:
            if d.get("problem"):
                lines.append(t("cli.drivers.problem", lang, name=d["name"], problem=d["problem"]))
                continue
            share = (t("cli.drivers.share", lang, share=_pct(d["importance"] / r2, lang))
                     if d.get("importance") is not None and r2 else "")
            lines.append(t("cli.drivers.row", lang, name=d["name"], r=_num(d["r"], 2), low=_num(d["ci_low"], 2),
                           high=_num(d["ci_high"], 2), p=p_phrase(d.get("p_adj")), n=f"{d['n']:,}", share=share))
    elif command == "pareto":
        lines.append(t("cli.pareto.head", lang, by=_key("field.", payload["by"], lang), n=f"{payload['n']:,}",
                       level=_key("cli.level.", payload.get("level", "tickets"), lang),
                       n_cause=f"{payload['n_with_cause']:,}", weight=_key("cli.weight.", payload["weight"], lang)))
        for item in payload["items"]:
            lines.append(t("cli.pareto.row", lang, cause=item["cause"], count=f"{item['count']:,}",
                           share=_pct(item["share"], lang), cum=_pct(item["cum_share"], lang),
                           vital=t("cli.pareto.vital", lang) if item["vital_few"] else ""))
    elif command == "compare":
        from .metrics import build_metrics
        unit = getattr(build_metrics((1, 5)).get(payload["metric"]), "unit", "")
        periods = payload["periods"]
        lines.append(t("cli.compare.head", lang, metric=_metric_label(payload["metric"], lang),
                       period=_key("periods.grain.", payload["period"], lang).lower(), n=len(periods),
                       first=periods[0]["period"] if periods else "–", last=periods[-1]["period"] if periods else "–"))
        for p in periods[-3:]:
            lines.append(t("cli.compare.last", lang, period=p["period"], value=_with_unit(p["value"], unit, lang),
                           n=f"{p['n']:,}"))
        for c in payload["comparisons"]:
            change = "–" if c["change"] is None else f"{c['change']:+,.1f}"
            lines.append(t("cli.compare.row", lang, current=c["current"], previous=c["previous"] or "–",
                           against=_key("periods.against.", c["against"], lang),
                           now=_with_unit(c["current_value"], unit, lang),
                           before=_with_unit(c["previous_value"], unit, lang), change=change,
                           p=p_phrase(c["p_value"]), verdict=_key("cli.verdict.", c["verdict"], lang)))
    elif command == "goals":
        if "added" in payload:
            g = payload["added"]
            lines.append(t("cli.goal.added", lang, id=g["id"], name=g["name"] or _metric_label(g["metric"], lang)))
        elif "deleted" in payload:
            lines.append(t("cli.deleted", lang, id=payload["id"]))
        elif "store" in payload:
            lines.append(t("cli.goal.store", lang, store=payload["store"]))
            for g in payload["goals"]:
                lines.append(t("cli.goal.listed", lang, id=g["id"], name=g["name"] or "–",
                               metric=_metric_label(g["metric"], lang),
                               direction=_key("goals_page.f.direction.", g["direction"], lang).lower(),
                               target=_num(g["target"]), deadline=g["deadline"] or "–"))
            if not payload["goals"]:
                lines.append(t("cli.goal.none", lang))
        else:
            which = t("cli.goals.saved" if payload["saved"] else "cli.goals.defaults", lang)
            lines.append(t("cli.goals.head", lang, which=which, asof=payload["asof"] or "–"))
            for g in payload["goals"]:
                name = g.get("name") or g.get("id")
                if g.get("status") is None or g.get("problem"):
                    lines.append(t("cli.goal.problem", lang, name=name, problem=g.get("problem") or "–"))
                    continue
                unit = g.get("unit") or ""
                lines.append(t("cli.goal.row", lang, name=name, status=_key("report.status.", g["status"], lang),
                               period=g.get("current_period") or "–", value=_with_unit(g.get("current"), unit, lang),
                               n=f"{g.get('n') or 0:,}", target=_with_unit(g.get("target"), unit, lang)))
    elif command == "report":
        lines.append(t("cli.report", lang, out=payload["out"], size=f"{payload['bytes'] / 1024:,.0f}",
                       language=_key("cli.lang.", payload["lang"], lang), tickets=f"{payload['tickets']:,}",
                       responses=f"{payload['responses']:,}"))
        for s in payload["sections"]:
            problem = t("cli.report.problem", lang, problem=s["problem"]) if s["problem"] else ""
            lines.append(t("cli.report.section", lang, title=s["title"], tables=len(s["tables"]),
                           charts=len(s["charts"]), problem=problem))
    elif command == "workspace":
        if "datasets" in payload:
            for d in payload["datasets"]:
                lines.append(t("cli.ws.row", lang, name=d["name"], tickets=f"{d['tickets']:,}",
                               responses=f"{d['responses']:,}", start=d["start"] or "–", end=d["end"] or "–"))
            if not payload["datasets"]:
                lines.append(t("cli.ws.none", lang))
        elif "files" in payload:
            lines.extend(t("cli.ws.file", lang, path=p) for p in payload["files"])
        elif payload.get("deleted"):
            lines.append(t("cli.deleted", lang, id=payload["name"]))
        else:
            tk = payload["tickets"]
            lines.append(t("cli.ws.added", lang, name=payload["name"], added=f"{tk['added']:,}",
                           updated=f"{tk['updated']:,}", unchanged=f"{tk['unchanged']:,}"))
    return lines


def _emit(text: str) -> None:
    """Write `text` to stdout; a reader that has gone (`| head`) is no error: as the Python docs
    advise for SIGPIPE, point stdout at devnull so the interpreter's last flush is quiet too."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


LABEL_COLUMNS = ("category", "request_type", "channel", "priority", "agent", "customer_type", "status", "reason")
WEIGHTS_HELP = ("count (the default), handle_hours, resolution_hours, low_scores, a number (a cost per ticket, "
                "e.g. 12.5) or a numeric column's name")
POPULATION_HELP = {"all": "every row", "complaints": "complaint tickets",
                   "low_scores": "rows scored below satisfied",
                   "sla_breaches": "tickets that missed their SLA target"}
DATE_HELP = "YYYY-MM-DD, e.g. 2025-01-31"


def _date_arg(value: str) -> str:
    """--from/--to: a calendar date YYYY-MM-DD (kept as given: the payloads echo it)."""
    import re
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise argparse.ArgumentTypeError(f"{value!r}: give a date as {DATE_HELP}")
    try:
        pd.Timestamp(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: not a calendar date ({DATE_HELP})") from None
    return value


def _wrap(text: str) -> str:
    import textwrap
    return textwrap.fill(text, width=88)


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  python -m analysis {line}" for line in lines)


COMMANDS = {   # name: (one-line help, description, examples)
    "check": ("how each file is read and mapped, and its data quality problems",
              "Read the files as the Data page does: format, encoding, header row, which column feeds "
              "which field, the data quality report (rows with problems, per kind) and the figures the "
              "mapping cannot supply yet.",
              ("check sample_data/tickets_en.csv sample_data/survey_en.csv",
               "check export.xlsx --map created_at='Opened On' --json")),
    "kpis": ("the headline KPIs, open backlog and SLA compliance",
             "The Overview's headline figures: tickets, CSAT % (top-2-box), mean score, NPS, first "
             "response and resolution times (median, P90, mean), first-contact resolution, complaint, "
             "repeat-contact and reopen rates, the open backlog at the range's end, SLA compliance "
             "per priority tier, and the rows each figure left out (with the reason).",
             ("kpis sample_data/tickets_en.csv sample_data/survey_en.csv",
              "kpis tickets.csv --from 2025-01-01 --to 2025-03-31 --calendar clock --json")),
    "drivers": ("what drives satisfaction: correlations and relative importance",
                "Correlation of the outcome with each driver (95 % interval, Holm-adjusted p, n) and its "
                "relative importance (share of R²). Drivers are the survey's sub-ratings, else the "
                "operational times. A plain table (one row per case) works too: name its outcome column.",
                ("drivers sample_data/tickets_en.csv sample_data/survey_en.csv",
                 "drivers swiss.csv --outcome Fertility --method pearson --json")),
    "pareto": ("the vital few causes (Pareto) of a column",
               "Count (or weigh) rows per value of a column, largest first, with cumulative shares and the "
               "vital few that reach the cut (80 % by default), on the rows the Root causes page uses.",
               ("pareto sample_data/tickets_en.csv --by category",
                "pareto tickets.csv --by Category --weight handle_hours --population complaints --json",
                "pareto tickets_zh.csv survey_zh.xlsx --by 不满意原因")),
    "compare": ("a KPI per period, the latest against the previous and last year",
                "A KPI per day/week/month/quarter/year with 95 % intervals, and the latest period tested "
                "against the previous one and the same period last year (the Period comparison page).",
                ("compare sample_data/tickets_en.csv sample_data/survey_en.csv --metric csat_pct",
                 "compare tickets.csv --metric frt_median_min --period week --json")),
    "goals": ("evaluate the saved goals, or list / add / delete them",
              "goals FILE... evaluates the saved goals on the data (the default goals when none are "
              "saved); goals list, goals add --metric … and goals delete ID manage the Goals page's store.",
              ("goals sample_data/tickets_en.csv sample_data/survey_en.csv",
               "goals list --json",
               "goals add --metric csat_pct --baseline 75 --target 85 --start 2025-10-01 --deadline 2025-12-31",
               "goals delete q4")),
    "report": ("write the review report as an Excel workbook or an HTML page",
               "The Report page's review (KPIs, goals, drivers, complaints, periods, what-if) as an .xlsx "
               "workbook (charts, number formats, cover sheet) or a self-contained .html page, in the "
               "language given by --lang, else the data's language.",
               ("report sample_data/tickets_en.csv sample_data/survey_en.csv --out report.xlsx",
                "report tickets_zh.csv survey_zh.xlsx --out 报告.html --from 2025-01-01 --to 2025-06-30")),
}


ENCODING_HELP = ("the text encoding of the CSV/TSV files, e.g. utf-8, gb18030 (Simplified Chinese), big5, cp1252 "
                 "(Windows-1252, Western European), latin-1; default: decided from samples through each file")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. `only`: the command being run; the other commands are listed
    (the top help names them) without their options, so that a command does not import what
    only another one's options need (the metric registries of compare and goals)."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="python -m analysis", formatter_class=fmt,
        description=_wrap("Fupan analyses from the command line: the same engine as the app, for scripted and "
                          "scheduled reports. Each command prints a few readable lines; add --json for the full "
                          "result as JSON (for scripts). Exit 0 when the files were read, 2 with one line on "
                          "stderr when a file cannot be read or the arguments make no sense."),
        epilog=_examples("kpis sample_data/tickets_en.csv sample_data/survey_en.csv",
                         "pareto sample_data/tickets_en.csv --by category --json | jq '.items[0]'",
                         "report sample_data/tickets_zh.csv sample_data/survey_zh.xlsx --out report.xlsx")
        + "\n\nrun `python -m analysis COMMAND --help` for a command's options.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, func, files="+"):
        short, description, examples = COMMANDS[name]
        p = sub.add_parser(name, help=short, description=_wrap(description), epilog=_examples(*examples),
                           formatter_class=fmt)
        if only != name:
            return None
        p.add_argument("files", nargs="*", metavar="FILE",
                       help="ticket logs and surveys (.csv, .xlsx, .xls, .json …), read together"
                       if files == "+" else "files to evaluate the goals on, or list | add | delete ID")
        p.add_argument("--json", action="store_true",
                       help="print the full result as JSON (for scripts) instead of a few readable lines")
        p.add_argument("--dataset", metavar="NAME", help="a dataset saved in the workspace, in place of files")
        p.add_argument("--lang", choices=["en", "zh"],
                       help="language of the readable lines" + (" and of the report" if name == "report" else "")
                       + ": en (English) or zh (Chinese); default: the data's language")
        if files == "+":
            p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                           help="feed FIELD from the file's COLUMN (repeatable); FIELD= leaves FIELD unmapped. "
                                "FIELD is a canonical name: " + ", ".join(_field_names()))
            p.add_argument("--role", choices=["tickets", "survey"],
                           help="read every file as a ticket log or as a survey (default: decided per file)")
            p.add_argument("--scale", metavar="LOW-HIGH",
                           help="the satisfaction scale, e.g. 1-5, 1-10 or 0-10 (default: detected)")
        p.add_argument("--encoding", metavar="CODEC", help=ENCODING_HELP)
        p.set_defaults(func=func, keep=None)
        return p

    def date_range(p, what="tickets created"):
        p.add_argument("--from", dest="date_from", metavar="DATE", type=_date_arg,
                       help=f"first day of the range, {what} on or after it ({DATE_HELP})")
        p.add_argument("--to", dest="date_to", metavar="DATE", type=_date_arg,
                       help=f"last day of the range, included ({DATE_HELP})")

    command("check", cmd_check)
    p = command("kpis", cmd_kpis)
    if p:
        from .sla import DEFAULT_TIME
        date_range(p)
        p.add_argument("--calendar", choices=["business", "clock"], default=DEFAULT_TIME,
                       help="how SLA times are counted: business (working hours of working days, public holidays "
                            f"and make-up days included) or clock (every minute); default {DEFAULT_TIME}")
    p = command("drivers", cmd_drivers)
    if p:
        p.add_argument("--outcome", metavar="COLUMN",
                       help="what to explain: csat (default), csat_satisfied, nps or a driver column of the survey; "
                            "for a plain table, any of its columns")
        p.add_argument("--method", choices=["spearman", "pearson", "kendall"], default="spearman",
                       help="correlation: spearman (ranks, the default), pearson (linear) or kendall (rank pairs)")
    p = command("pareto", cmd_pareto)
    if p:
        p.add_argument("--by", required=True, metavar="COLUMN",
                       help="the cause column: a canonical name (" + ", ".join(LABEL_COLUMNS) + ", or a survey "
                            "driver), or a header as your file spells it (e.g. \"Category\", \"不满意原因\")")
        p.add_argument("--weight", metavar="WEIGHT", help="what each row adds to its cause: " + WEIGHTS_HELP)
        p.add_argument("--cut", type=float, default=0.8, metavar="SHARE",
                       help="cumulative share the vital few reach, between 0 and 1 (default 0.8)")
        p.add_argument("--other-below", type=float, metavar="SHARE",
                       help="fold causes with a share below this (between 0 and 1) into Other")
        p.add_argument("--population", choices=list(POPULATION_HELP),
                       help="rows to count: " + "; ".join(f"{k}: {v}" for k, v in POPULATION_HELP.items())
                            + " (default: the one the column applies to, as on the Root causes page)")
    p = command("compare", cmd_compare)
    if p:
        from .metrics import build_metrics
        metrics = list(build_metrics((1, 5)))
        p.add_argument("--metric", required=True, choices=metrics, metavar="METRIC",
                       help="the KPI: " + ", ".join(metrics))
        p.add_argument("--period", choices=["day", "week", "month", "quarter", "year"], default="month",
                       help="the period length: day, week (ISO), month (default), quarter or year")
    p = command("goals", cmd_goals, files="*")
    if p:
        from .goals import goal_metrics
        p.add_argument("--metric", metavar="METRIC",
                       help="goals add: the metric, one of " + ", ".join(goal_metrics()))
        p.add_argument("--direction", choices=["increase", "decrease"],
                       help="goals add: increase or decrease; default the metric's good direction")
        p.add_argument("--target", type=float, help="goals add: the target, in the metric's unit")
        p.add_argument("--baseline", type=float, help="goals add: the baseline value (or --baseline-from/--baseline-to)")
        p.add_argument("--baseline-from", dest="baseline_from", metavar="DATE",
                       help=f"goals add: first day of the baseline period ({DATE_HELP})")
        p.add_argument("--baseline-to", dest="baseline_to", metavar="DATE",
                       help=f"goals add: last day of the baseline period ({DATE_HELP})")
        p.add_argument("--start", metavar="DATE", help=f"goals add: first day of the goal ({DATE_HELP})")
        p.add_argument("--deadline", metavar="DATE", help=f"goals add: last day of the goal ({DATE_HELP})")
        p.add_argument("--grain", choices=["day", "week", "month", "quarter", "year"],
                       help="goals add: the period the target is about (day, week, month, quarter, year); "
                            "default from the dates")
        p.add_argument("--segment", action="append", metavar="COLUMN=VALUE",
                       help="goals add: only these tickets, e.g. channel_key=online (repeatable)")
        p.add_argument("--name", help="goals add: a display name")
        p.add_argument("--id", dest="goal_id", help="goals add: the goal's id (default: a new one)")
    p = command("report", cmd_report)
    if p:
        p.add_argument("--out", required=True, metavar="PATH",
                       help="where to write: a .xlsx workbook or a .html page (e.g. report.xlsx)")
        date_range(p)
    p = sub.add_parser("workspace", help="the datasets saved in the app's workspace: list, add, export, delete",
                       formatter_class=fmt,
                       description=_wrap("The workspace the app saves datasets in: list them, add files to one "
                                         "(new tickets appended, changed ones updated), export one as files, "
                                         "delete one."),
                       epilog=_examples("workspace list", "workspace add \"Q1 2025\" tickets.csv survey.xlsx",
                                        "workspace export \"Q1 2025\" out_folder --format parquet",
                                        "workspace delete \"Q1 2025\" --json"))
    p.add_argument("action", choices=["list", "add", "export", "delete"], help="list, add, export or delete")
    p.add_argument("files", nargs="*", metavar="ARG", help="NAME, then FILE... (add) or the OUT folder (export)")
    p.add_argument("--format", choices=["csv", "parquet"], default="csv", help="export format: csv (default) or parquet")
    p.add_argument("--encoding", metavar="CODEC", help="add: " + ENCODING_HELP)
    p.add_argument("--json", action="store_true",
                   help="print the full result as JSON (for scripts) instead of a few readable lines")
    p.add_argument("--lang", choices=["en", "zh"], help="language of the readable lines: en (default) or zh")
    p.set_defaults(func=cmd_workspace)
    return parser


def _field_names() -> list[str]:
    from .schema import SURVEY_FIELDS, TICKET_FIELDS
    return sorted({*TICKET_FIELDS, *SURVEY_FIELDS})


_READ: list = []      # the datasets this run read (for the readable lines' default language)


def _store_error(exc: Exception) -> bool:
    """Whether `exc` is the store's (analysis.store.StoreError). A command that never opened the
    store cannot have raised one, and need not import it (with DuckDB) to tell."""
    store = sys.modules.get("analysis.store")
    return store is not None and isinstance(exc, store.StoreError)


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(next((w for w in words if not w.startswith("-")), None))
    try:
        args = parser.parse_args(argv)
    except BrokenPipeError:          # `--help | head -1`: the reader left first
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    _READ.clear()
    try:
        payload = args.func(args)
    except Exception as exc:
        if not isinstance(exc, (CliError, IngestError, ValueError, KeyError)) and not _store_error(exc):
            raise
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"error: {message}", file=sys.stderr)
        return 2
    if args.json:
        _emit(json.dumps(_jsonable(payload), ensure_ascii=False, indent=2) + "\n")
    else:
        from .export import data_lang
        args.text_lang = getattr(args, "lang", None) or (data_lang(_READ[-1]) if _READ else "en")
        _emit("\n".join(text_lines(args.command, _jsonable(payload), args)) + "\n")
    return 0


def _exit(code: int) -> None:
    """End the process once the output is out. Without the store opened (DuckDB writes its file
    when a connection closes), the interpreter's teardown of pandas and Arrow is skipped: it
    does nothing a finished command needs and took 65 ms of a 0.45 s `check` (bench/RESULTS.md,
    command line start-up)."""
    if "duckdb" in sys.modules:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):     # a reader gone, or a stream closed already
            pass
    os._exit(code)


if __name__ == "__main__":
    try:
        status = main()
    except SystemExit as done:         # argparse after --help or a usage error (its message is out)
        if not isinstance(done.code, int | None):
            raise
        status = done.code or 0
    _exit(status)
