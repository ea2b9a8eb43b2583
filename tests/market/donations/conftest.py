from tests.market.stock.conftest import shop, staff  # noqa: F401
