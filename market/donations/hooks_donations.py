"""Online donations complete when their payment succeeds."""

from core.payments.hooks import on_payment
from market.donations import services

on_payment(services.PURPOSE, services.on_payment)
