"""What other welfare areas show on a fund's overview page without the funds
area importing them: each registers ``fund_panel(key, fn)`` from its hooks
module (listed in its toc), ``fn(fund) -> dict`` giving template values (the
signatories and their policy from governance, the unrestricted money from
sources)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FundPanel = Callable[[Any], dict]

_PANELS: dict[str, FundPanel] = {}


def fund_panel(key: str, fn: FundPanel) -> None:
    _PANELS[key] = fn


def fund_panels(fund) -> dict:
    """The template values every registered area adds to ``fund``'s page, in key order."""
    values: dict = {}
    for key in sorted(_PANELS):
        values.update(_PANELS[key](fund))
    return values
