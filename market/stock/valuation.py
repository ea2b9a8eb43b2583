"""Stock movements valued in the ledger, book "market".

Inventory is kept at each item's standard cost (``Item.cost_satang``). A
movement moves the inventory account by its standard value and its counter
account (supplier payable, donations in kind, cost of goods…) by its declared
value; the difference, if any, goes to the cost-variance account. So the
inventory account always equals the stock valuation report.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session

from core.db import db
from core.errors import N_
from core.ledger import services as ledger
from core.ledger.models import Account, JournalEntry
from core.tenancy.context import require_tenant_id

BOOK = "market"


@dataclass(frozen=True)
class AccountSpec:
    code: str
    name_th: str
    name_en: str
    type: str
    may_go_negative: bool = False


INVENTORY = AccountSpec("1310", "สินค้าคงคลัง", "Inventory", "asset")
IN_TRANSIT = AccountSpec(
    "1320", "สินค้าระหว่างโอนระหว่างศูนย์", "Goods in transit between centres", "asset", True
)
ON_LOAN = AccountSpec("1330", "สินค้าให้ยืม", "Goods on loan", "asset")
RECEIVABLE_COUNCILS = AccountSpec(
    "1340", "ลูกหนี้สภาองค์กรชุมชนในเครือข่าย", "Receivable from network councils", "asset"
)
BARTER = AccountSpec("1350", "บัญชีพักการแลกเปลี่ยนสินค้า", "Barter clearing", "asset", True)
PAYABLE_SUPPLIERS = AccountSpec("2110", "เจ้าหนี้ผู้ขายสินค้า", "Payable to suppliers", "liability")
PAYABLE_COUNCILS = AccountSpec(
    "2120", "เจ้าหนี้สภาองค์กรชุมชนในเครือข่าย", "Payable to network councils", "liability"
)
DONATIONS_IN_KIND = AccountSpec("4210", "รับบริจาคสิ่งของ", "Donations in kind", "income")
COST_OF_GOODS = AccountSpec("5110", "ต้นทุนสินค้าที่จ่ายออก", "Cost of goods issued", "expense", True)
LOSSES = AccountSpec("5120", "สินค้าสูญหายและเสียหาย", "Stock losses", "expense")
ADJUSTMENTS = AccountSpec(
    "5130", "ปรับปรุงสินค้าจากการตรวจนับ", "Stock count adjustments", "expense", True
)
VARIANCE = AccountSpec("5140", "ผลต่างราคาทุนสินค้า", "Cost variance", "expense", True)
KIT_ASSEMBLY = AccountSpec("5150", "บัญชีพักการประกอบชุดสินค้า", "Kit assembly clearing", "expense", True)

# Cleared only by settling a trade on both sides (market.network.settlement).
for _spec in (RECEIVABLE_COUNCILS, PAYABLE_COUNCILS):
    ledger.reserve_account(BOOK, _spec.code, N_("settling the trade between councils"))

COUNTER_ACCOUNT = {
    "purchase": PAYABLE_SUPPLIERS,
    "donation": DONATIONS_IN_KIND,
    "transfer_in": IN_TRANSIT,
    "transfer_out": IN_TRANSIT,
    "exchange_in": BARTER,
    "exchange_out": BARTER,
    "return": COST_OF_GOODS,
    "order": COST_OF_GOODS,
    "distribution": COST_OF_GOODS,
    "loss": LOSSES,
    "loan_out": ON_LOAN,
    "loan_return": ON_LOAN,
    "kit_in": KIT_ASSEMBLY,
    "kit_out": KIT_ASSEMBLY,
    "network_in": PAYABLE_COUNCILS,
    "network_out": RECEIVABLE_COUNCILS,
    "adjustment": ADJUSTMENTS,
}


_CACHE = "market_stock_accounts"


def account(spec: AccountSpec) -> Account:
    """The book's account, looked up once per transaction (many movements in
    one transaction, such as a day's collections, post to the same few)."""
    cache = db.session.info.setdefault(_CACHE, {})
    key = (require_tenant_id(), spec.code)
    found = cache.get(key)
    if found is not None and found in db.session:
        return found
    found = ledger.get_or_create_account(
        BOOK,
        spec.code,
        spec.name_th,
        spec.name_en,
        type=spec.type,
        may_go_negative=spec.may_go_negative,
    )
    cache[key] = found
    return found


@event.listens_for(Session, "after_soft_rollback")
def _forget_accounts(session: Session, previous_transaction) -> None:
    # An account created in a rolled-back transaction no longer exists.
    session.info.pop(_CACHE, None)


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session: Session) -> None:
    session.info.pop(_CACHE, None)


def post_movement(movement, item_name: str, actor_id: int | None) -> JournalEntry | None:
    """Post the movement's entry; ``None`` when it has no value at all."""
    standard = movement.standard_value_satang  # always >= 0
    declared = movement.value_satang  # always >= 0
    sign = 1 if movement.quantity > 0 else -1
    inventory = account(INVENTORY)
    counter = account(COUNTER_ACCOUNT[movement.kind])
    amounts: dict[int, int] = {}

    def add(acc: Account, amount: int) -> None:
        amounts[acc.id] = amounts.get(acc.id, 0) + amount

    add(inventory, sign * standard)
    add(counter, -sign * declared)
    add(account(VARIANCE), sign * (declared - standard))
    lines = [(account_id, amount) for account_id, amount in sorted(amounts.items()) if amount]
    if not lines:
        return None
    return ledger.post(
        entry_date=ledger.today(),
        memo=f"{movement.kind} {item_name} × {abs(movement.quantity)}",
        lines=lines,
        idempotency_key=f"market.stock:{movement.id}",
        source=movement.ref or f"market.stock:{movement.id}",
        actor_id=actor_id,
    )
