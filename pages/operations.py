"""Placeholder: says which analysis will live on this page."""
from ui.widgets import placeholder

placeholder("nav.operations", "placeholder.operations")
