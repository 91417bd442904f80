"""Write the benchmark inputs: a 1,000,000-ticket English export and its GB18030 Chinese variant.

    python bench/gen_big.py [OUT_DIR] [--tickets N] [--seed S] [--clean]

OUT_DIR defaults to /tmp/fupan_bench/. Files: tickets_en.csv (UTF-8, ~190 MB for 1e6 tickets:
18 columns), survey_en.csv (UTF-8 with BOM, ~40 % of tickets), tickets_zh.csv (GB18030, the
seed-002 template with its title rows) and manifest.json (sizes, row counts, seconds per step).
The documented quality problems of the sample files are included unless --clean is given (a few
dozen rows; see sample_data/README.md).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.sample import (DEFECTS, chinese_exports, csv_bytes, english_exports,  # noqa: E402
                             generate, write_zh_tickets_csv)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("/tmp/fupan_bench"))
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clean", action="store_true", help="no deliberate quality problems")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    defects = None if args.clean else DEFECTS
    seconds: dict[str, float] = {}
    began = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal began
        now = time.perf_counter()
        seconds[step] = round(now - began, 2)
        began = now

    sample = generate(args.tickets, args.seed)
    lap("generate")
    tickets_en, survey_en = english_exports(sample, defects)
    lap("english_exports")
    (args.out / "tickets_en.csv").write_bytes(csv_bytes(tickets_en))
    (args.out / "survey_en.csv").write_bytes(csv_bytes(survey_en, "utf-8-sig"))
    lap("write_english_csv")
    tickets_zh, _ = chinese_exports(sample, defects)
    lap("chinese_exports")
    write_zh_tickets_csv(tickets_zh, args.out / "tickets_zh.csv")
    lap("write_chinese_csv")

    files = {p.name: {"bytes": p.stat().st_size} for p in sorted(args.out.glob("*.csv"))}
    files["tickets_en.csv"]["rows"] = len(tickets_en)
    files["survey_en.csv"]["rows"] = len(survey_en)
    files["tickets_zh.csv"]["rows"] = len(tickets_zh)
    manifest = {"tickets": args.tickets, "seed": args.seed, "defects": defects is not None,
                "seconds": seconds, "total_seconds": round(sum(seconds.values()), 2), "files": files}
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    for step, s in seconds.items():
        print(f"{step:<20}{s:>7.2f} s")
    print(f"{'total':<20}{manifest['total_seconds']:>7.2f} s")
    for name, info in files.items():
        print(f"{args.out / name}  {info['bytes'] / 1e6:.1f} MB  {info['rows']:,} rows")
    return manifest


if __name__ == "__main__":
    main()
