"""The stock's part in the catalogue: a change of an item's standard cost
revalues the stock on hand (market.stock.revaluation)."""

from market.catalog import extensions
from market.stock import revaluation

extensions.on_cost_change("market.stock", revaluation.revalue)
