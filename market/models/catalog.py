"""market catalog models."""
