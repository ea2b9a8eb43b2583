"""Deterministic, idempotent demo data drawn from the founding documents."""
