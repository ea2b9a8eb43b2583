"""Pansuk's shared kernel: every domain depends on it; it depends on none."""
