"""welfare funds."""
