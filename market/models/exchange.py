"""market exchange models."""
