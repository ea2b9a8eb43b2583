"""market rounds models."""
