"""welfare members."""
