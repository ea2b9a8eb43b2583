"""Benchmarks (not tests): load and scale scenarios measured as ratios against
floors taken in the same run on the same machine. ``make bench`` runs them and
writes ``BENCHMARKS.md``."""
