"""welfare governance models."""
