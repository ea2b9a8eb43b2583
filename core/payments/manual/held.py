"""A cash receipt above the tenant's ceiling waits for a second person
(core.ceilings); confirming it records the same payment again from the form
as it was posted, as the person who took the money. (A photo of the slip is
not kept with the request: attach it to the payment afterwards.)"""

from __future__ import annotations

from core.ceilings import services as ceilings
from core.money import Money
from core.payments.manual import services as manual

ACTION = "payments.manual"
FIELDS = ("method", "amount", "credit_account", "description", "token", "payer_person_id", "payer_name",
          "reference")


def payload(form) -> dict:
    return {name: form[name].data for name in FIELDS}


def _replay(payload: dict, requested_by: int) -> str:
    receipt = manual.record_payment(
        method=payload.get("method") or "",
        amount=Money.parse(payload.get("amount") or "", field="amount"),
        credit_account=manual.credit_account(payload.get("credit_account")),
        description=payload.get("description") or "",
        token=payload.get("token") or "",
        actor_id=requested_by,
        payer_person_id=payload.get("payer_person_id"),
        payer_name=payload.get("payer_name"),
        reference=payload.get("reference"),
    )
    return f"receipt:{receipt.id}"


ceilings.register(ACTION, _replay)
