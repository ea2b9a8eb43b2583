"""producers listings models."""
