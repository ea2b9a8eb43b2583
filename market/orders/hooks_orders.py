"""Payments for orders (purpose ``market.order:<id>``) keep the order's paid
amount in step, in the same transaction as the payment's change."""

from core.payments.hooks import on_payment
from market.orders import services

on_payment("market.order", services.on_payment)
