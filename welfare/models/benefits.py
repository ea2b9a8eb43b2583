"""welfare benefits models."""
