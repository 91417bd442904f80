"""Altair chart builders, one module per page area; each takes aggregated tables and returns a chart."""
