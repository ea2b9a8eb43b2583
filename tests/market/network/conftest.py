from tests.market.stock.conftest import open_shop, shop  # noqa: F401
