"""market donations."""
