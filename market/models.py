"""market models."""
