"""What other welfare areas show on the disbursement pages without governance
importing them: each registers from its hooks module (listed in its toc)
``fund_disbursements_panel(key, fn)``, ``fn(fund) -> dict`` (the budget lines a
request may charge, from budgets), or ``disbursement_panel(key, fn)``,
``fn(disbursement) -> dict`` (the restricted money drawn, from sources): template
values, merged in key order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any], dict]

_FUND_DISBURSEMENTS: dict[str, Panel] = {}
_DISBURSEMENT: dict[str, Panel] = {}


def fund_disbursements_panel(key: str, fn: Panel) -> None:
    _FUND_DISBURSEMENTS[key] = fn


def disbursement_panel(key: str, fn: Panel) -> None:
    _DISBURSEMENT[key] = fn


def _merged(panels: dict[str, Panel], subject) -> dict:
    values: dict = {}
    for key in sorted(panels):
        values.update(panels[key](subject))
    return values


def fund_disbursements_panels(fund) -> dict:
    return _merged(_FUND_DISBURSEMENTS, fund)


def disbursement_panels(disbursement) -> dict:
    return _merged(_DISBURSEMENT, disbursement)
