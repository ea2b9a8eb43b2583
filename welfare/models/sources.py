"""welfare sources models."""
