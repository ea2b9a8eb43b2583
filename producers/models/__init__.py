"""producers models, one module per area; importing the package maps them all."""

from producers.models import listings, lots, pgs  # noqa: F401
