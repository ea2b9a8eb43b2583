"""Paying an order from the household wallet (coupons, store credit,
waste-bank credit in the order the centre sets): the household for its own
order, staff for any."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.boundary import writes
from core.errors import DomainError
from core.i18n.formatting import format_thb
from market import bp
from market.orders import wallet_payment
from market.orders.routes_orders import _fail, _visible_order
from market.wallet import instruments


@bp.post("/orders/<int:order_id>/wallet")
@login_required
@writes
def orders_pay_wallet(order_id: int):
    order = _visible_order(order_id)
    back = url_for("market.orders_detail", order_id=order.id)
    try:
        paid = wallet_payment.pay_from_wallet(order.id, actor_id=current_user.id)
    except DomainError as exc:
        return _fail(exc, back)
    parts = ", ".join(f"{instruments.LABELS[name]} {format_thb(amount)}" for name, amount in paid)
    flash(_("Paid from the wallet: %(parts)s", parts=parts), "success")
    return redirect(back)
