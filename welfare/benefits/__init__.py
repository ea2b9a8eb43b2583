"""welfare benefits."""
