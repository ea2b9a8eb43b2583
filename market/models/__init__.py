"""market models, one module per area; importing the package maps them all."""

from market.models import (  # noqa: F401
    catalog,
    coupons,
    delivery,
    donations,
    exchange,
    orders,
    rounds,
    stock,
    wallet,
)
