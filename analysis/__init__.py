"""Fupan's engine: every number the app shows, as plain functions over DataFrames.

No streamlit here (a test checks): the app's pages and `python -m analysis` call the same
functions, so the browser and the command line agree to the digit.
"""

import os

# One BLAS thread: on the 2-core machines this runs on, OpenBLAS's threading made the small
# matrix work of the drivers models 2–4x slower (bench/RESULTS.md, Drivers). Must precede numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
