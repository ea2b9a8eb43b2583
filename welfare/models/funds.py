"""welfare funds models."""
