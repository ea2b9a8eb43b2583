"""What other market areas add to the catalogue without the catalogue
importing them: they register here from their hooks module (listed in their
toc), as payments do with core.payments.hooks.

- ``on_cost_change(key, fn)``: ``fn(item, new_cost, *, actor_id)`` runs when an
  item's standard cost changes, before the new cost is set, in the same
  transaction (the stock revalues what is on hand).
- ``item_panel(key, fn)``: ``fn(item) -> dict`` adds template values to the
  item page (the stock per centre)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CostChange = Callable[..., object]
ItemPanel = Callable[[Any], dict]

_COST_CHANGE: dict[str, CostChange] = {}
_ITEM_PANELS: dict[str, ItemPanel] = {}


def on_cost_change(key: str, fn: CostChange) -> None:
    _COST_CHANGE[key] = fn


def cost_changing(item, new_cost: int, *, actor_id: int | None) -> None:
    """Tell every registered area, in key order, that ``item``'s cost becomes
    ``new_cost``. None registered means the app never loaded the stock area's
    hooks: the stock on hand would keep its old value in the ledger, so refuse."""
    if not _COST_CHANGE:
        raise RuntimeError("no cost-change hook is registered: create the app (it loads market.stock's hooks) "
                           "before changing an item's cost")
    for key in sorted(_COST_CHANGE):
        _COST_CHANGE[key](item, new_cost, actor_id=actor_id)


def item_panel(key: str, fn: ItemPanel) -> None:
    _ITEM_PANELS[key] = fn


def item_panels(item) -> dict:
    """The template values every registered area adds to ``item``'s page."""
    values: dict = {}
    for key in sorted(_ITEM_PANELS):
        values.update(_ITEM_PANELS[key](item))
    return values
