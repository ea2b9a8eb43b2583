"""producers models."""
