"""welfare models."""
