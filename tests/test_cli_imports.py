"""The command line imports only what the command uses (issue 17): `check` and `--help` start
without scipy.stats, statsmodels, DuckDB, Altair or Streamlit; `kpis` without statsmodels;
each command that needs a library still gets it (analysis.lazy). Checked on the modules a real
process has loaded, never on timings."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("scipy.stats", "scipy.special", "statsmodels", "duckdb", "altair", "streamlit", "openpyxl", "xlsxwriter")
EN = ["sample_data/tickets_en.csv", "sample_data/survey_en.csv"]


def loaded_after(*argv: str) -> set[str]:
    """The heavy modules a fresh process has imported after running `python -m analysis *argv`."""
    script = ("import contextlib, io, json, sys\n"
              "from analysis.__main__ import main\n"
              "out = io.StringIO()\n"
              "with contextlib.redirect_stdout(out):\n"
              "    try:\n"
              f"        code = main({list(argv)!r})\n"
              "    except SystemExit as exc:\n"
              "        code = exc.code\n"
              f"print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] + '.' in "
              f"[h.split('.')[0] + '.' for h in {list(HEAVY)!r}] and any(m == h or m.startswith(h + '.') "
              f"for h in {list(HEAVY)!r}))]))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert code in (0, None), code
    return {m for m in modules if m in HEAVY or any(m.startswith(h + ".") for h in HEAVY)}


@pytest.mark.parametrize("argv", [["--help"], ["check", *EN], ["check", *EN, "--json"], ["check", "--help"],
                                  ["pareto", "--help"]])
def test_light_commands_import_no_heavy_library(argv):
    assert loaded_after(*argv) == set()


def test_kpis_imports_no_statsmodels_and_no_scipy_stats():
    loaded = loaded_after("kpis", *EN, "--json")
    assert not {m for m in loaded if m.startswith(("statsmodels", "scipy.stats", "duckdb", "altair", "streamlit"))}


@pytest.mark.parametrize("argv, needed", [
    (["compare", *EN, "--metric", "csat_pct", "--json"], "scipy.stats"),
    (["drivers", *EN, "--json"], "scipy.stats"),
    (["goals", "--help"], None),
])
def test_commands_that_need_a_library_still_import_it(argv, needed):
    loaded = loaded_after(*argv)
    if needed:
        assert any(m == needed or m.startswith(needed + ".") for m in loaded)
