"""welfare loans models."""
