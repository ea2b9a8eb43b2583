"""Payments for orders (purpose ``market.order:<id>``) keep the order's paid
amount in step, in the same transaction as the payment's change; the pay
pages name the order in the payer's language and link back to it."""

from flask import url_for
from flask_babel import gettext

from core.payments.hooks import on_payment
from core.payments.purposes import Purpose
from core.payments.purposes import register as register_purpose
from market.orders import services

on_payment("market.order", services.on_payment)


def _describe(ref: str) -> Purpose | None:
    if not ref.isdigit():
        return None
    return Purpose(label=gettext("Order no. %(id)s", id=int(ref)),
                   back_url=url_for("market.orders_detail", order_id=int(ref)))


register_purpose("market.order", _describe)
