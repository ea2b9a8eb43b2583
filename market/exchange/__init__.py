"""market exchange."""
