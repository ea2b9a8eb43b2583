"""Registry background work."""
