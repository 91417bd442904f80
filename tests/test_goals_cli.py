"""`python -m analysis goals list|add|delete`: the Goals page's store managed from the command line,
with clear one-line errors (exit 2), and `goals FILE...` still evaluating the saved goals."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.__main__ import main
from analysis.goals import MIN_N, goals_payload
from analysis.load import load_files
from analysis.store import STORE_FILE, Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = [str(ROOT / "sample_data" / f) for f in ("tickets_en.csv", "survey_en.csv")]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "store"
    monkeypatch.setenv("FUPAN_DATA_DIR", str(folder))
    return folder


def cli(capsys, *argv) -> tuple[int, dict | None, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_add_list_evaluate_delete(capsys, data_dir):
    code, listed, _ = cli(capsys, "goals", "list", "--json")
    assert code == 0 and listed["goals"] == []
    code, added, _ = cli(capsys, "goals", "add", "--metric", "csat_pct", "--baseline", "75", "--target", "85",
                         "--start", "2025-10-01", "--deadline", "2025-12-31", "--name", "Q4 CSAT", "--id", "q4",
                         "--json")
    assert code == 0
    assert added["added"] == {"id": "q4", "name": "Q4 CSAT", "metric": "csat_pct", "direction": "increase",
                              "target": 85.0, "baseline": 75.0, "baseline_start": None, "baseline_end": None,
                              "start": "2025-10-01", "deadline": "2025-12-31", "segment": {}, "grain": "quarter"}
    # the direction defaults to the metric's good one, the segment is COLUMN=VALUE
    code, frt, _ = cli(capsys, "goals", "add", "--metric", "frt_mean_min", "--baseline", "15", "--target", "8",
                       "--start", "2025-12-17", "--deadline", "2026-01-15", "--segment", "channel_key=online",
                       "--json")
    assert code == 0 and frt["added"]["direction"] == "decrease" and frt["added"]["grain"] == "week"
    assert frt["added"]["segment"] == {"channel_key": "online"}
    # the same store as the Goals page
    assert {g.id for g in Store(data_dir / STORE_FILE).goals()} == {"q4", frt["added"]["id"]}
    code, listed, _ = cli(capsys, "goals", "list", "--json")
    assert [g["id"] for g in listed["goals"]] == ["q4", frt["added"]["id"]]
    # `goals FILE...` evaluates them, as the page does
    code, payload, _ = cli(capsys, "goals", "--json", *SAMPLE)
    ds = load_files([(Path(p).name, Path(p).read_bytes()) for p in SAMPLE]).dataset
    assert code == 0 and payload == json.loads(json.dumps(goals_payload(ds, Store(data_dir / STORE_FILE))))
    q4 = next(g for g in payload["goals"] if g["id"] == "q4")
    assert (q4["status"], q4["current_period"], q4["n"], q4["enough"], q4["min_n"]) == \
        ("missed", "2025-Q4", 1359, True, MIN_N)
    code, gone, _ = cli(capsys, "goals", "delete", "q4", "--json")
    assert code == 0 and gone == {"id": "q4", "deleted": True}
    assert [g.id for g in Store(data_dir / STORE_FILE).goals()] == [frt["added"]["id"]]


@pytest.mark.parametrize("argv, message", [
    (["goals", "add", "--metric", "csat_pct", "--target", "85"], "goals add needs --start, --deadline"),
    (["goals", "add", "--metric", "nope", "--target", "1", "--start", "2025-01-01", "--deadline", "2025-02-01",
      "--baseline", "0"], "--metric nope: not a goal metric"),
    (["goals", "add", "--metric", "csat_pct", "--target", "85", "--baseline", "75", "--start", "2025-13-01",
      "--deadline", "2025-12-31"], "--start 2025-13-01: not a date"),
    (["goals", "add", "--metric", "csat_pct", "--target", "70", "--baseline", "75", "--start", "2025-10-01",
      "--deadline", "2025-12-31"], "a goal to increase from 75 cannot target 70"),
    (["goals", "add", "--metric", "csat_pct", "--target", "85", "--start", "2025-10-01", "--deadline",
      "2025-12-31"], "give a baseline value or a baseline period"),
    (["goals", "add", "--metric", "csat_pct", "--target", "85", "--baseline", "75", "--start", "2025-10-01",
      "--deadline", "2025-12-31", "--segment", "channel"], "--segment channel: give COLUMN=VALUE"),
    (["goals", "delete", "nothing"], "no goal with id 'nothing'"),
    (["goals", "delete"], "goals delete needs one goal ID"),
    (["goals", "list", "--target", "3"], "--target: only `goals add` takes these"),
    (["goals", "--metric", "csat_pct", *SAMPLE], "--metric: only `goals add` takes these"),
])
def test_clear_errors(capsys, argv, message):
    code, out, err = cli(capsys, *argv, "--json")
    assert code == 2 and out is None
    assert err.startswith("error: ") and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_duplicate_id_is_refused(capsys):
    args = ["goals", "add", "--metric", "fcr_pct", "--baseline", "60", "--target", "70", "--start", "2025-01-01",
            "--deadline", "2025-03-31", "--id", "fcr", "--json"]
    assert cli(capsys, *args)[0] == 0
    code, _, err = cli(capsys, *args)
    assert code == 2 and "a goal with id 'fcr' exists" in err


def test_the_real_command_line(data_dir):
    env = {**os.environ, "FUPAN_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "analysis", "goals", *a, "--json"], cwd=ROOT,  # noqa: E731
                                    env=env, capture_output=True, text=True, timeout=120)
    added = run("add", "--metric", "complaint_resolution_pct", "--baseline", "80", "--target", "95",
                "--start", "2025-10-01", "--deadline", "2025-12-31", "--id", "cr")
    assert added.returncode == 0, added.stderr
    assert [g["id"] for g in json.loads(run("list").stdout)["goals"]] == ["cr"]
    bad = run("delete", "zz")
    assert bad.returncode == 2 and bad.stderr.startswith("error: no goal with id 'zz'")
