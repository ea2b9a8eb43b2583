"""The household wallet's statement: every movement of its coupons, store
credit and waste-bank credit with balances, printable; a household sees its
own, staff any household's."""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user

from core.auth.policies import require
from core.db import utcnow
from core.errors import NotFound
from core.registry.models import Household
from core.registry.queries import get_household, household_of_user
from market import bp
from market.coupons import permissions as _coupon_permissions  # noqa: F401
from market.coupons import queries as coupons
from market.coupons import services as coupon_services
from market.wallet import instruments, services, statement
from market.wallet import permissions as _wallet_permissions  # noqa: F401


def _render(household: Household, own: bool):
    return render_template(
        "market/wallet/statement.html",
        household=household,
        own=own,
        statement=statement.statement(household.id),
        labels=instruments.LABELS,
        instruments=instruments.INSTRUMENTS,
        tenant=g.tenant,
        now=utcnow(),
    )


@bp.get("/wallet/households/<int:household_id>/statement")
@require("market.wallet.view")
def wallet_statement(household_id: int):
    return _render(get_household(household_id), own=False)


@bp.get("/wallet/mine")
@require("market.wallet.own")
def wallet_mine():
    household_id = household_of_user(current_user.id)
    if not household_id:
        raise NotFound()
    return _render(get_household(household_id), own=True)


@bp.get("/coupons/mine")
@require("tenant.view")
def my_wallet():
    """A household's own wallet: its coupons beside its waste-bank credit."""
    household_id = household_of_user(current_user.id)
    if household_id is None:
        raise NotFound()
    return render_template(
        "market/coupons/mine.html",
        coupons=coupons.wallet_coupons(household_id),
        credit=services.balance(household_id),
        last_day=coupon_services.last_valid_day,
    )
