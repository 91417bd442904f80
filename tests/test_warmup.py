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
      all(d._target is not None for d in lazy._DECLARED), len(lazy._DECLARED))
"""


def test_warm_up_imports_every_deferred_library_in_a_fresh_process():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    scipy_in, glm_in, all_resolved, declared = done.stdout.split()
    assert (scipy_in, glm_in, all_resolved) == ("True", "True", "True")
    assert int(declared) >= len(("scipy.stats", "statsmodels.stats.proportion", "duckdb"))
