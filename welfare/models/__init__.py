"""welfare models, one module per area; importing the package maps them all."""

from welfare.models import benefits, funds, governance, loans, members, sources  # noqa: F401
