"""market stock models."""
