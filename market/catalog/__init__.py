"""market catalog."""
