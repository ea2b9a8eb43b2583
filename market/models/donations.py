"""market donations models."""
