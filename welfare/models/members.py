"""welfare members models."""
