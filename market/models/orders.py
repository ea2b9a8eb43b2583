"""market orders models."""
