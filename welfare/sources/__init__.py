"""welfare sources."""
