"""CSV imports as jobs, one runner for every domain (core/imports/runner.py)."""
