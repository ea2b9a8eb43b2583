"""Row makers for the tenancy leak test: overpayments and requests held
above a ceiling."""

from __future__ import annotations

import secrets

ALIASES = {
    "overpayment_id": "payment_overpayment",
    "held_id": "ceiling_held_action",
}


def makers(helpers) -> dict:
    from core.ceilings.models import HeldAction
    from core.db import db
    from core.ledger.services import get_or_create_account
    from core.money import Money
    from core.payments.overpayments.models import Overpayment
    from core.payments.services import create_payment
    from core.tenancy.context import tenant_context

    def payment(tenant) -> int:
        with tenant_context(tenant.id):
            sales = get_or_create_account("general", "4100", "รายได้", "Sales", "income")
            row = create_payment(purpose="test:1", amount=Money(100), method="cash", credit_account=sales,
                                 idempotency_key=secrets.token_hex(8))
            db.session.commit()
            return row.id

    def overpayment(tenant) -> int:
        return helpers.commit_in(tenant, Overpayment(payment_id=payment(tenant), purpose="test:1", amount=100,
                                                     reason="already_paid"))

    def held(tenant) -> int:
        user = helpers.make_user()
        return helpers.commit_in(tenant, HeldAction(kind="cash_receipt", action="payments.manual", amount=101,
                                                    ceiling=100, payload={}, requested_by_user_id=user.id))

    return {"payment_overpayment": overpayment, "ceiling_held_action": held}
