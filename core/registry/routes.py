"""Registry pages."""

from core.registry import bp  # noqa: F401
