"""Frame-equality check: the datasets that two versions of the code build from the same files
are equal, frame for frame and issue for issue.

    python bench/same_output.py [FILE ...] [--base REV] [--data DIR]

The base version (default: where this branch left main, `git merge-base HEAD main`) is taken out
of git into a temporary folder with `git archive`, so neither working tree is touched. Each
version loads the files in its own process with the same clock (`now`) and writes what it built:
tickets, survey, the survey's links to tickets, the responses join, every quality issue (kind,
file, column, rows, values), the files' reports and the scales. Frames must be equal with
pandas.testing.assert_frame_equal (dtypes included, exact values); the rest with ==.
Files default to the bench set of bench/gen_big.py (tickets_en.csv + survey_en.csv, and
tickets_zh.csv alone), the sample data and the real exports in ../shared/realworld. Besides the
load, the Root causes page's analyses are compared on each dataset: the Pareto, the stratified
Pareto, the before/after split and test, the fishbone, the drill-down and the keyword themes, for
the first cause columns, counted and weighted by handling time. Exit status 1 on any difference.
"""
from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-06-30 12:00:00"


def built(files: list[str]) -> dict:
    """What load_files builds from `files`, in plain comparable pieces (child side)."""
    import numpy as np
    import pandas as pd

    from analysis.load import load_files
    result = load_files([(Path(f).name, Path(f).read_bytes()) for f in files], now=pd.Timestamp(NOW))
    ds = result.dataset
    issues = [(i.kind, i.file, i.column, np.asarray(i.rows).tolist(), [str(v) for v in i.values], i.total, i.field)
              for i in ds.quality]
    return {"tickets": ds.tickets, "survey": ds.survey, "links": np.asarray(ds.links).tolist(),
            "responses": ds.responses(), "issues": issues, "reports": [r.to_json() for r in result.reports],
            "notes": [r.notes for r in result.reports], "drivers": ds.drivers,
            "scale": (ds.csat_scale, ds.csat_top), "errors": [str(e) for e in result.errors], **root_causes(ds)}


def root_causes(ds) -> dict:
    """The Root causes page's figures on `ds`, flat: one entry per frame or tuple of values."""
    from analysis import fishbone as fb
    from analysis import pareto as pa
    from analysis import themes as th
    out: dict = {}
    for by in list(pa.cause_columns(ds.tickets))[:4]:
        for weight in (pa.COUNT, pa.HANDLE_HOURS):
            key = f"rc {by} by {weight}"
            try:
                frame = pa.population_rows(ds, [by], pa.ALL, weight)[0].frame
                result = pa.pareto(frame, by, weight)
                out[key] = result.table
                for strata in ("channel", "priority", "customer_type"):
                    if strata in frame.columns and strata != by:
                        s = pa.stratified_pareto(frame, by, strata, weight, 0.8, 0.05)
                        out[f"{key}, strata {strata}"] = s.table
                        out[f"{key}, strata {strata}, counts"] = (s.n_blank, s.excluded, sorted(s.strata))
                        for name, part in s.strata.items():
                            out[f"{key}, strata {strata} = {name}"] = part.table
                if "created_at" in frame.columns and frame["created_at"].notna().sum() > 2:
                    split = pa.split_periods(frame, "created_at")
                    c = pa.compare_periods(split.before, split.after, by, weight)
                    out[f"{key}, before/after"] = c.table
                    out[f"{key}, before/after, test"] = (c.chi2, c.p, len(split.before), len(split.after), split.excluded)
                fish = fb.fishbone(frame, by, None, weight)
                out[f"{key}, fishbone"] = fish.groups
                out[f"{key}, fishbone pareto"] = fish.pareto.table
                if len(result.table):
                    out[f"{key}, drill-down"] = pa.drill_down(frame, by, result.table["cause"].iloc[0])
            except (pa.ParetoError, fb.FishboneError) as exc:
                out[key] = str(exc)
    for text in pa.text_columns(ds):
        frame = ds.tickets if text in ds.tickets.columns else ds.responses()
        tags = th.tag_texts(frame[text])
        out[f"themes of {text}"] = tags.flags
        out[f"themes of {text}, counts"] = (tags.counts.to_dict(), tags.n_texts, tags.n_blank, tags.n_untagged, tags.n_multi)
        out[f"themes of {text}, pareto"] = th.theme_pareto(frame, text, tags=tags)[0].table
        out[f"themes of {text}, fishbone"] = fb.fishbone_themes(frame, text).pareto.table
    return out


def run_version(code: Path, files: list[str], out: Path) -> None:
    script = (f"import sys, pickle; sys.path.insert(0, {str(code)!r}); sys.path.insert(0, {str(ROOT / 'bench')!r});"
              f"import same_output; pickle.dump(same_output.built({files!r}), open({str(out)!r}, 'wb'))")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=code)


def differences(base: dict, head: dict) -> list[str]:
    import pandas as pd
    found = []
    for key in base:
        a, b = base[key], head[key]
        if key not in head:
            found.append(f"{key}: missing")
        elif isinstance(a, pd.DataFrame) or isinstance(b, pd.DataFrame):
            try:
                pd.testing.assert_frame_equal(a, b, check_exact=True)
            except AssertionError as exc:
                found.append(f"{key}: {str(exc)[:600]}")
        elif a != b:
            found.append(f"{key}: differs" + (f" ({len(a)} vs {len(b)} entries)" if hasattr(a, "__len__") else ""))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--base", default=None, help="git revision to compare with (default: merge-base with main)")
    parser.add_argument("--data", type=Path, default=Path("/tmp/fupan_bench"))
    args = parser.parse_args(argv)
    base = args.base or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True,
                                       text=True, check=True).stdout.strip()
    sets = [args.files] if args.files else [
        [str(args.data / "tickets_en.csv"), str(args.data / "survey_en.csv")], [str(args.data / "tickets_zh.csv")],
        [str(ROOT / "sample_data" / f) for f in ("tickets_en.csv", "survey_en.csv")],
        [str(ROOT / "sample_data" / f) for f in ("tickets_zh.csv", "survey_zh.xlsx")]]
    if not args.files:
        sys.path.insert(0, str(ROOT / "tests"))
        from realworld_files import REAL            # the real exports, where this machine has them
        sets += [[str(f)] for f in sorted(REAL.glob("*")) if f.suffix in (".csv", ".xlsx")] if REAL.is_dir() else []
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        if not args.files:        # small files too (parsed without the thread pool): the samples' first rows
            heads = []
            for name in ("tickets_en.csv", "survey_en.csv", "tickets_zh.csv"):
                lines = (ROOT / "sample_data" / name).read_bytes().splitlines(keepends=True)
                (Path(tmp) / f"head_{name}").write_bytes(b"".join(lines[:1203]))
                heads.append(str(Path(tmp) / f"head_{name}"))
            sets += [heads[:2], heads[2:]]
        code = Path(tmp) / "base"
        code.mkdir()
        archive = subprocess.run(["git", "archive", base, "analysis", "i18n"], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        for files in sets:
            missing = [f for f in files if not Path(f).exists()]
            if missing:
                print(f"skipped (missing): {', '.join(missing)}")
                continue
            run_version(code, files, Path(tmp) / "base.pkl")
            run_version(ROOT, files, Path(tmp) / "head.pkl")
            with open(Path(tmp) / "base.pkl", "rb") as a, open(Path(tmp) / "head.pkl", "rb") as b:
                found = differences(pickle.load(a), pickle.load(b))
            names = " + ".join(Path(f).name for f in files)
            print(f"{names}: {'identical' if not found else 'DIFFERENT'} (base {base[:10]})")
            for line in found:
                print("   ", line)
            failed |= bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
