"""market network."""
