"""The stock's part in the catalogue: a change of an item's standard cost
revalues the stock on hand (market.stock.revaluation), and the item page
shows the stock of the item at each centre."""

from market.catalog import extensions
from market.catalog import services as catalog
from market.stock import kits, revaluation
from market.stock import services as stock


def item_stock_rows(item) -> dict:
    """(centre, stock level or None, kits buildable there or None) per centre."""
    rows = []
    for centre_row in catalog.centres():
        level = stock.level(centre_row.id, item.id)
        rows.append((centre_row, level, kits.buildable(centre_row.id, item) if item.is_kit else None))
    return {"stock_rows": rows}


extensions.on_cost_change("market.stock", revaluation.revalue)
extensions.item_panel("market.stock", item_stock_rows)
