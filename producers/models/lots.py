"""producers lots models."""
