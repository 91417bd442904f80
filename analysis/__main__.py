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
place of the files.

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
from .sla import DEFAULT_TIME
from .store import StoreError


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


def _load(paths: list[str], dataset: str | None = None, overrides: Overrides | None = None) -> LoadResult:
    if dataset is not None:
        if overrides:
            raise CliError("--map, --role and --scale apply to files, not to a saved --dataset")
        if paths:
            raise CliError("give either files or --dataset NAME, not both")
        from .workspace import Workspace
        ds = Workspace().open(dataset)
        return LoadResult(ds, list(ds.files), [])
    if not paths:
        raise CliError("give one or more files, or --dataset NAME")
    files = []
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise CliError(f"{path}: no such file")
        files.append((p.name, p.read_bytes()))
    result = load_files(files, overrides=overrides)
    if result.errors:
        raise CliError(str(result.errors[0]))
    return result


def cmd_check(args) -> dict:
    from .coverage import gaps
    result = _load(args.files, args.dataset, _overrides(args))
    ds = result.dataset
    return {"files": [r.to_json() | {"role": r.role} for r in result.reports],
            "issues": quality.to_json(ds.quality) if ds else [],
            # figures the mapping cannot supply: the field each family needs, and columns that might
            "warnings": [g.to_json() for g in gaps(ds)] if ds else []}


def _dataset(args):
    result = _load(args.files, args.dataset, _overrides(args))
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
        result = _load(args.files, args.dataset, _overrides(args))   # a saved dataset (or the "no files" error)
    else:
        result = load_files(files, overrides=_overrides(args))
    ds = None if result.errors else result.dataset
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
    frame = read_table(data, name).frame
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
    from .export import write_report
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
    report = build_report(ds, lang=args.lang, start=args.date_from, end=args.date_to, goals=goals)
    path = write_report(report, args.out)
    return {"out": str(path), "bytes": path.stat().st_size, "lang": args.lang,
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
        ds = _load(rest).dataset
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Fupan analyses from the command line")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name, func, files="+"):
        p = sub.add_parser(name)
        p.add_argument("files", nargs="*" if files == "+" else files)   # "+" unless --dataset (checked in _load)
        p.add_argument("--json", action="store_true", help="print JSON (the only output format)")
        p.add_argument("--dataset", help="a dataset saved in the workspace, in place of files")
        if files == "+":
            p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                           help="feed FIELD from the file's COLUMN (repeatable); FIELD= leaves FIELD unmapped")
            p.add_argument("--role", choices=["tickets", "survey"], help="read every file as a ticket log or a survey")
            p.add_argument("--scale", metavar="LOW-HIGH", help="the satisfaction scale, e.g. 1-5, 1-10 or 0-10")
        p.set_defaults(func=func, keep=None)
        return p

    command("check", cmd_check)
    p = command("kpis", cmd_kpis)
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--calendar", choices=["business", "clock"], default=DEFAULT_TIME)
    p = command("drivers", cmd_drivers)
    p.add_argument("--outcome")
    p.add_argument("--method", choices=["spearman", "pearson", "kendall"], default="spearman")
    p = command("pareto", cmd_pareto)
    p.add_argument("--by", required=True)
    p.add_argument("--weight")
    p.add_argument("--cut", type=float, default=0.8)
    p.add_argument("--other-below", type=float)
    p.add_argument("--population", choices=["all", "complaints", "low_scores", "sla_breaches"],
                   help="rows to count (default: the one the column applies to, as on the Root causes page)")
    p = command("compare", cmd_compare)
    p.add_argument("--metric", required=True)
    p.add_argument("--period", choices=["day", "week", "month", "quarter", "year"], default="month")
    p = command("goals", cmd_goals, files="*")
    p.add_argument("--metric", help="goals add: the metric (csat_pct, frt_mean_min, complaint_resolution_pct, …)")
    p.add_argument("--direction", choices=["increase", "decrease"],
                   help="goals add: default the metric's good direction")
    p.add_argument("--target", type=float, help="goals add: the target, in the metric's unit")
    p.add_argument("--baseline", type=float, help="goals add: the baseline value (or --baseline-from/--baseline-to)")
    p.add_argument("--baseline-from", dest="baseline_from", help="goals add: first day of the baseline period")
    p.add_argument("--baseline-to", dest="baseline_to", help="goals add: last day of the baseline period")
    p.add_argument("--start", help="goals add: first day of the goal (YYYY-MM-DD)")
    p.add_argument("--deadline", help="goals add: last day of the goal (YYYY-MM-DD)")
    p.add_argument("--grain", choices=["day", "week", "month", "quarter", "year"],
                   help="goals add: the period the target is about; default from the dates")
    p.add_argument("--segment", action="append", metavar="COLUMN=VALUE", help="goals add: only these tickets")
    p.add_argument("--name", help="goals add: a display name")
    p.add_argument("--id", dest="goal_id", help="goals add: the goal's id (default: a new one)")
    p = command("report", cmd_report)
    p.add_argument("--out", required=True, help="report.xlsx or report.html")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p = sub.add_parser("workspace")
    p.add_argument("action", choices=["list", "add", "export", "delete"])
    p.add_argument("files", nargs="*", help="NAME, then FILE... (add) or the OUT folder (export)")
    p.add_argument("--format", choices=["csv", "parquet"], default="csv", help="export format")
    p.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    p.set_defaults(func=cmd_workspace)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        payload = args.func(args)
    except (CliError, IngestError, ValueError, KeyError, StoreError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"error: {message}", file=sys.stderr)
        return 2
    try:
        json.dump(_jsonable(payload), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:      # piped into `head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
