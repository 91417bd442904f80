"""Command line: the same engine as the app, for scripted and scheduled reports.

    python -m analysis check FILE [FILE ...] --json
    python -m analysis kpis FILE [FILE ...] --json [--from DATE --to DATE] [--calendar business|clock]
    python -m analysis drivers FILE [FILE ...] --json [--outcome COL] [--method spearman|pearson|kendall]
    python -m analysis pareto FILE [FILE ...] --by COLUMN --json [--weight W] [--cut 0.8] [--other-below SHARE]
    python -m analysis compare FILE [FILE ...] --metric METRIC --period month --json
    python -m analysis goals --json [FILE ...]

Exit 0 when the files were read (with or without quality issues); exit 2 with one line on stderr,
and no traceback, when a file cannot be read or the arguments make no sense.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from . import quality
from .ingest import IngestError
from .load import LoadResult, load_files


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


def _load(paths: list[str]) -> LoadResult:
    files = []
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise CliError(f"{path}: no such file")
        files.append((p.name, p.read_bytes()))
    result = load_files(files)
    if result.errors:
        raise CliError(str(result.errors[0]))
    return result


def cmd_check(args) -> dict:
    result = _load(args.files)
    return {"files": [r.to_json() | {"role": r.role} for r in result.reports],
            "issues": quality.to_json(result.dataset.quality) if result.dataset else []}


def _dataset(args):
    result = _load(args.files)
    if result.dataset is None:
        raise CliError("no data could be read")
    return result.dataset


def cmd_kpis(args) -> dict:
    from .kpis import kpis_payload
    ds = _dataset(args)
    return kpis_payload(ds, start=args.date_from, end=args.date_to, calendar=args.calendar)


def cmd_drivers(args) -> dict:
    from .drivers import drivers_payload
    result = _load(args.files)
    ds = result.dataset
    if ds is not None and ds.survey is not None and (args.outcome is None or args.outcome in ("csat", *ds.drivers)):
        frame = ds.responses()
        outcome = args.outcome or "csat"
        drivers = [d for d in ds.drivers if d != outcome]
        return drivers_payload(frame, outcome, drivers, method=args.method)
    # Any table with an outcome column and numeric drivers (e.g. swiss.csv --outcome Fertility).
    from .ingest import read_table
    path = Path(args.files[0])
    frame = read_table(path.read_bytes(), path.name).frame
    frame = frame.apply(pd.to_numeric, errors="coerce")
    if args.outcome is None or args.outcome not in frame.columns:
        raise CliError(f"--outcome must name a column of {path.name} (columns: {', '.join(frame.columns)})")
    numeric = [c for c in frame.columns if c != args.outcome and frame[c].notna().any()]
    return drivers_payload(frame, args.outcome, numeric, method=args.method)


def cmd_pareto(args) -> dict:
    from .pareto import pareto_payload
    ds = _dataset(args)
    frame = ds.tickets
    by = args.by
    if by not in frame.columns:
        # A column named as the user's file has it: find its canonical name.
        for report in ds.files:
            for canonical, header in report.mapping.fields.items():
                if header == by:
                    by = canonical
        if by not in frame.columns and ds.survey is not None and args.by in ds.survey.columns:
            frame = ds.responses()
    if by not in frame.columns:
        raise CliError(f"--by {args.by}: no such column")
    payload = pareto_payload(frame, by, weight=args.weight, cut=args.cut, other_below=args.other_below)
    payload["by"] = args.by
    return payload


def cmd_compare(args) -> dict:
    from .periods import compare_payload
    ds = _dataset(args)
    return compare_payload(ds, args.metric, args.period)


def cmd_goals(args) -> dict:
    from .goals import goals_payload
    from .store import Store
    ds = _dataset(args) if args.files else None
    return goals_payload(ds, Store.open_default())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Fupan analyses from the command line")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name, func, files="+"):
        p = sub.add_parser(name)
        p.add_argument("files", nargs=files)
        p.add_argument("--json", action="store_true", help="print JSON (the only output format)")
        p.set_defaults(func=func)
        return p

    command("check", cmd_check)
    p = command("kpis", cmd_kpis)
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--calendar", choices=["business", "clock"], default="clock")
    p = command("drivers", cmd_drivers)
    p.add_argument("--outcome")
    p.add_argument("--method", choices=["spearman", "pearson", "kendall"], default="spearman")
    p = command("pareto", cmd_pareto)
    p.add_argument("--by", required=True)
    p.add_argument("--weight")
    p.add_argument("--cut", type=float, default=0.8)
    p.add_argument("--other-below", type=float)
    p = command("compare", cmd_compare)
    p.add_argument("--metric", required=True)
    p.add_argument("--period", choices=["day", "week", "month", "quarter", "year"], default="month")
    command("goals", cmd_goals, files="*")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        payload = args.func(args)
    except (CliError, IngestError, ValueError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"error: {message}", file=sys.stderr)
        return 2
    json.dump(_jsonable(payload), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
