"""The server imports the statistics libraries the command line defers, off the first page."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import sys
from ui import warmup
assert "scipy.stats" not in sys.modules and "statsmodels" not in sys.modules
warmup.start().join()
from analysis import lazy
print("scipy.stats" in sys.modules, "statsmodels.genmod.generalized_linear_model" in sys.modules,
      "analysis.whatif" in sys.modules,          # the Report page's what-if models
      all(d._target is not None for d in lazy._DECLARED), len(lazy._DECLARED))
"""


def test_warm_up_imports_every_deferred_library_in_a_fresh_process():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    scipy_in, glm_in, whatif_in, all_resolved, declared = done.stdout.split()
    assert (scipy_in, glm_in, whatif_in, all_resolved) == ("True", "True", "True", "True")
    assert int(declared) >= len(("scipy.stats", "statsmodels.stats.proportion", "duckdb"))


FROZEN = """
import gc
from ui import warmup
before = gc.get_freeze_count()
warmup.start().join()
print(before, gc.get_freeze_count())
"""


def test_the_imported_libraries_are_kept_out_of_full_collections():
    # issue 17: the full collection after every script run walked the statistics libraries' objects
    done = subprocess.run([sys.executable, "-c", FROZEN], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    before, frozen = map(int, done.stdout.split())
    assert before == 0 and frozen > 100_000          # scipy + statsmodels + pandas: a few hundred thousand


def test_the_server_runs_no_full_collection_after_each_script_run():
    import tomllib
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
