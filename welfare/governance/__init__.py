"""welfare governance."""
