"""Online payments of reservations (purpose ``producers.reservation:<id>``)."""

from core.payments import hooks
from producers.listings import reservations

hooks.on_payment(reservations.PAYMENT_PURPOSE, reservations.on_payment)
