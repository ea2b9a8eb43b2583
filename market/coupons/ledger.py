"""The coupon side of the ledger (book ``market``).

Issue: debit the programme's budget account, credit "coupons outstanding".
Redemption: debit "coupons outstanding", credit "sales paid by coupon" (the
goods were delivered against the coupon; the cash part of a sale is posted by
the order). Cancellation and expiry give the unspent balance back to the budget.
"""

from __future__ import annotations

from core.ledger import services as ledger
from core.ledger.models import Account
from market.models.coupons import Programme

BOOK = "market"


def outstanding() -> Account:
    return ledger.get_or_create_account(
        BOOK, "coupons_outstanding", "คูปองคงค้าง", "Coupons outstanding", "liability"
    )


def coupon_sales() -> Account:
    return ledger.get_or_create_account(
        BOOK, "coupon_sales", "รายได้รับเป็นคูปอง", "Sales paid by coupon", "income"
    )


def budget(programme: Programme) -> Account | int:
    if programme.budget_account_id:
        return programme.budget_account_id
    return ledger.get_or_create_account(
        BOOK,
        f"programme:{programme.id}",
        f"งบโครงการ {programme.name}"[:200],
        f"Programme {programme.name}"[:200],
        "expense",
    )


def post(
    *, key: str, memo: str, debit, credit, amount: int, source: str, actor_id: int | None
) -> None:
    if amount <= 0:
        return
    ledger.post(
        entry_date=ledger.today(),
        memo=memo,
        lines=[(debit, amount), (credit, -amount)],
        idempotency_key=key,
        source=source,
        actor_id=actor_id,
    )
