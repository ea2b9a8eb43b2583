from tests.market.orders.conftest import shop  # noqa: F401  (the fixture)
