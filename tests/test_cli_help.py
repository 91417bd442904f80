"""The command line as a scripting analyst meets it, run as a real process: help that describes each
command, lists the values every choice takes and the date format, with examples; a few readable
lines without --json and the JSON with it; a closed pipe ends the output without a traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
EN = ["sample_data/tickets_en.csv", "sample_data/survey_en.csv"]
ZH = ["sample_data/tickets_zh.csv", "sample_data/survey_zh.xlsx"]


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def help_of(*command: str) -> str:
    return " ".join(run(*command, "--help").stdout.split())     # argparse wraps lines: compare words


def test_top_help_lists_every_command_with_a_description():
    text = help_of()
    for name in ("check", "kpis", "drivers", "pareto", "compare", "goals", "report", "workspace"):
        assert name in text
    assert "the headline KPIs" in text and "examples:" in text
    assert "only output format" not in text


@pytest.mark.parametrize("command, needles", [
    ("kpis", ["headline figures", "YYYY-MM-DD", "business", "clock", "examples:", "python -m analysis kpis"]),
    ("drivers", ["csat", "csat_satisfied", "nps", "spearman", "pearson", "kendall"]),
    ("pareto", ["category", "request_type", "channel", "count", "handle_hours", "resolution_hours", "low_scores",
                "cost per ticket", "complaints", "sla_breaches", "between 0 and 1"]),
    ("compare", ["day", "week", "month", "quarter", "year"]),
    ("goals", ["complaint_resolution_pct", "increase", "decrease", "YYYY-MM-DD"]),
    ("report", [".xlsx", ".html", "en (English)", "zh (Chinese)", "the data's language", "YYYY-MM-DD"]),
    ("workspace", ["list", "export", "parquet"]),
])
def test_command_help(command, needles):
    text = help_of(command)
    missing = [n for n in needles if n not in text]
    assert not missing, missing
    assert "only output format" not in text


def test_metric_choices_are_the_registry():
    from analysis.goals import goal_metrics
    from analysis.metrics import build_metrics
    compare = help_of("compare")
    assert all(k in compare for k in build_metrics((1, 5)))
    goals = help_of("goals")
    assert all(k in goals for k in goal_metrics())
    bad = run("compare", *EN, "--metric", "nope", check=False)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr and "Traceback" not in bad.stderr


def test_dates_must_be_yyyy_mm_dd():
    done = run("kpis", *EN, "--from", "31/01/2025", check=False)
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr


def test_text_output_has_the_headline_figures_with_units():
    text = run("kpis", *EN).stdout
    assert not text.lstrip().startswith("{")
    lines = text.splitlines()
    assert 5 <= len(lines) <= 30
    # CSAT % counted off the survey file with pandas: scores 4–5 of the valid 1–5 scores
    survey = pd.read_csv(ROOT / EN[1], encoding="utf-8-sig")
    score = pd.to_numeric(survey["Satisfaction Score"], errors="coerce")
    valid = score[score.between(1, 5)]
    assert f"CSAT %: {(valid >= 4).mean() * 100:.1f} %" in lines
    assert any(line.startswith("First response (median, min): ") and line.endswith(" min") for line in lines)
    assert any(line.startswith("Tickets: ") and "," in line for line in lines)       # 30,000, separated


def test_text_output_speaks_the_datas_language():
    text = run("kpis", *ZH).stdout
    assert "工单量：" in text and "满意度：" in text
    assert "Tickets:" in run("kpis", *ZH, "--lang", "en").stdout


def test_json_when_asked():
    payload = json.loads(run("kpis", *EN, "--json").stdout)
    assert payload["tickets"] > 0 and isinstance(payload["sla"], list)


@pytest.mark.parametrize("args", [["kpis", *EN, "--json"], ["check", *EN, "--json"], ["pareto", EN[0], "--by",
                                                                                       "category"]])
def test_closed_pipe_is_quiet(args):
    """The reader closes its end before the command writes (as `| head -1` does): no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()                      # gone before the files are even read
    err = proc.stderr.read().decode()
    proc.wait(timeout=300)
    assert err == "" and proc.returncode == 0


def test_head_in_a_shell_pipe():
    done = subprocess.run(["bash", "-c", f"{sys.executable} -m analysis kpis {EN[0]} --json | head -1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.stdout == "{\n" and done.stderr == ""
