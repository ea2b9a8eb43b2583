"""welfare transparency."""
