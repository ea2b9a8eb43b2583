"""market models, one module per area; importing the package maps them all."""

from market.models import catalog, coupons, delivery, donations, exchange, orders, rounds, stock  # noqa: F401
