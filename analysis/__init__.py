"""Fupan's engine: every number the app shows, as plain functions over DataFrames.

No streamlit here (a test checks): the app's pages and `python -m analysis` call the same
functions, so the browser and the command line agree to the digit.
"""
