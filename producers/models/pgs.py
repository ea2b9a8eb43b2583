"""producers pgs models."""
