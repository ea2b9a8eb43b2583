from tests.market.stock.conftest import shop  # noqa: F401
