"""Donations: cash recorded by staff (a core.payments manual payment with its
receipt), cash online (a core.payments payment with purpose
``market.donation:<id>``, completed by the payment hook) and goods in kind
(received into stock at the donor's value).

Services flush, never commit.
"""

from __future__ import annotations

import sqlalchemy as sa

from core.audit.services import record
from core.ceilings import services as ceilings
from core.db import db, utcnow
from core.errors import N_, NotFound, ValidationError
from core.ledger import services as ledger
from core.ledger.models import Account
from core.money import Money
from core.payments import services as payments
from core.payments.manual import services as manual
from core.payments.receipts import services as core_receipts
from core.tenancy.context import require_tenant_id
from market.catalog import parsing
from market.catalog import services as catalog
from market.models.donations import GoodsDonation, GoodsDonationLine
from market.stock import services as stock
from market.stock.valuation import BOOK

PURPOSE = "market.donation"
GOODS_RECEIPT_BOOK = "goods"  # numbered apart from money receipts: GOODS-2569/000001
ANONYMOUS_TH = "ผู้ไม่ประสงค์ออกนาม"
MAX_AMOUNT = 100_000_000_00  # 100 million baht


class NoLines(ValidationError):
    code = "market_donation_no_lines"
    message = N_("Add at least one item to the donation")


class AmountTooLarge(ValidationError):
    code = "market_donation_too_large"
    message = N_("This amount is too large")


def cash_account() -> Account:
    return ledger.get_or_create_account(
        BOOK, "4220", "รับบริจาคเงินสด", "Cash donations", type="income"
    )


def get(donation_id) -> GoodsDonation:
    row = db.session.get(GoodsDonation, donation_id) if isinstance(donation_id, int) else None
    if row is None or row.tenant_id != require_tenant_id():
        raise NotFound(N_("This donation does not exist"))
    return row


def donations_query() -> sa.Select:
    return sa.select(GoodsDonation).order_by(GoodsDonation.id.desc())


def recent(page: int = 1, limit: int = 50) -> list[GoodsDonation]:
    return list(db.session.scalars(donations_query().offset((max(page, 1) - 1) * limit).limit(limit)))


def _amount(data: dict) -> int:
    value = parsing.satang(data, "amount", required=True)
    if value <= 0:
        raise parsing.InvalidNumber(field="amount", minimum=1)
    if value > MAX_AMOUNT:
        raise AmountTooLarge(field="amount")
    return value


def _donor(data: dict) -> str | None:
    if data.get("anonymous") in (True, "y", "on", "1", "true"):
        return None
    return parsing.text(data, "donor_name")


def record_cash(data: dict, *, token: str, actor_id: int | None) -> GoodsDonation:
    """Cash or a bank transfer handed to staff: a payment, its receipt and the
    donation, in one transaction. The form token makes a double submit one."""
    amount = _amount(data)
    method = data.get("method") or "cash"
    if method not in ("cash", "transfer"):
        raise catalog.InvalidChoice(field="method")
    ceilings.guard("donation", amount)
    donor = _donor(data)
    donation = GoodsDonation(
        kind="cash",
        channel="staff",
        status="pending",
        donor_name=donor,
        purpose=parsing.text(data, "purpose", length=300),
        amount_satang=amount,
        recorded_by_id=actor_id,
    )
    db.session.add(donation)
    db.session.flush()
    receipt = manual.record_payment(
        method=method,
        amount=Money(amount),
        credit_account=cash_account(),
        description=f"บริจาค / Donation #{donation.id}",
        token=token,
        actor_id=actor_id,
        payer_name=donor or ANONYMOUS_TH,
        reference=parsing.text(data, "reference", length=100),
        purpose=f"{PURPOSE}:{donation.id}",
    )
    if receipt.payment_id is not None and receipt.payment_id != donation.payment_id:
        # A double submit: the first donation already owns that payment.
        first = db.session.scalar(
            sa.select(GoodsDonation).where(GoodsDonation.payment_id == receipt.payment_id)
        )
        if first is not None and first.id != donation.id:
            db.session.delete(donation)
            db.session.flush()
            return first
    donation.receipt_id = receipt.id
    donation.payment_id = receipt.payment_id
    donation.status = "received"
    donation.received_at = donation.received_at or utcnow()
    db.session.flush()
    record(
        "market.donation.cash",
        actor_id=actor_id,
        target_type="market_donation",
        target_id=donation.id,
        after={"amount": amount, "method": method, "anonymous": donor is None},
    )
    return donation


def online_methods(tenant) -> tuple[str, ...]:
    """What the donation page offers: the organisation's own online methods
    (PromptPay, card); the fake gateway only when the config switches it on
    and the organisation has none (tests, the demo)."""
    from core.payments import gateway

    methods = gateway.offered(tenant)
    if not methods and gateway.fake_enabled():
        return ("fake",)
    return methods


def start_online(data: dict, *, tenant) -> tuple[GoodsDonation, object]:
    """A donation from the public page: a pending donation and its payment.
    The payment hook marks it received once the money arrives. A method the
    organisation does not offer (a forged form) is refused before anything
    is written."""
    from core.payments import gateway

    amount = _amount(data)
    donor = _donor(data)
    methods = online_methods(tenant)
    if not methods:
        raise gateway.MethodNotOffered()  # shown above the page: there is no field to fix
    method = data.get("method") or methods[0]
    if method not in methods:
        raise gateway.MethodNotOffered(field="method")
    donation = GoodsDonation(
        kind="cash",
        channel="online",
        status="pending",
        donor_name=donor,
        purpose=parsing.text(data, "purpose", length=300),
        amount_satang=amount,
    )
    db.session.add(donation)
    db.session.flush()
    payment = payments.create_payment(
        purpose=f"{PURPOSE}:{donation.id}",
        amount=Money(amount),
        method=method,
        credit_account=cash_account(),
        idempotency_key=f"{PURPOSE}:{donation.id}",
        description=f"บริจาค / Donation #{donation.id}",
        payer_name=donor or ANONYMOUS_TH,
    )
    donation.payment_id = payment.id
    db.session.flush()
    return donation, payment


def checkout(payment, *, tenant, return_url: str, cancel_url: str):
    """Start paying a donation: Stripe (or the fake gateway) gives a page to
    go to or a QR; without Stripe, PromptPay is the organisation's own QR,
    confirmed by the bank statement line or by staff."""
    from core.payments import gateway
    from core.payments.promptpay import gateway as promptpay_gateway
    from core.payments.stripe import gateway as stripe_gateway

    if payment.method == "promptpay" and not gateway.stripe_configured(tenant):
        return promptpay_gateway.start(payment.id, tenant=tenant)
    return stripe_gateway.start(
        payment.id, method=payment.method, tenant=tenant, return_url=return_url, cancel_url=cancel_url
    )


def on_payment(payment, status: str) -> None:
    """core.payments hook for ``market.donation:<id>``."""
    try:
        donation_id = int(payment.purpose.split(":", 1)[1])
    except (IndexError, ValueError):
        return
    donation = db.session.get(GoodsDonation, donation_id)
    if donation is None or donation.tenant_id != payment.tenant_id:
        return
    if status == "succeeded" and donation.status != "received":
        donation.status = "received"
        donation.received_at = utcnow()
        donation.payment_id = payment.id
        if donation.channel == "online" and donation.receipt_id is None:
            receipt = core_receipts.issue(
                amount=Money(payment.amount),
                payer_name=donation.donor_name or ANONYMOUS_TH,
                description=f"บริจาค / Donation #{donation.id}",
                actor_id=None,
                payment_id=payment.id,
                method=payment.method,
            )
            donation.receipt_id = receipt.id
    elif status in ("failed", "cancelled", "expired") and donation.status == "pending":
        donation.status = "failed"
    db.session.flush()


def record_in_kind(data: dict, lines: list[dict], *, actor_id: int | None) -> GoodsDonation:
    """Goods given in kind: each line received into stock at the donor's value,
    and a goods receipt numbered without gaps per year (the number is taken in
    this transaction: a refused donation gives it back)."""
    centre = catalog.get_centre(
        parsing.whole(data, "centre_id", minimum=1, required=True, maximum=2**62)
    )
    parsed = []
    for n, line in enumerate(lines):
        if not any(
            str(line.get(k) or "").strip() for k in ("item_id", "quantity", "unit_value")
        ) and not line.get("unit_value_satang"):
            continue
        item = catalog.get_item(
            parsing.whole(line, "item_id", minimum=1, required=True, maximum=2**62)
        )
        try:
            quantity = parsing.whole(line, "quantity", minimum=1, required=True)
            unit = parsing.satang(line, "unit_value")
        except ValidationError as exc:
            exc.field = f"{exc.field}-{n}" if exc.field else None
            raise
        parsed.append((item, quantity, item.cost_satang if unit is None else unit))
    if not parsed:
        raise NoLines(field="lines")
    total = sum(q * u for _, q, u in parsed)
    if total > MAX_AMOUNT:
        raise AmountTooLarge(field="lines")
    if total == 0:
        raise parsing.InvalidNumber(field="unit_value-0", minimum=1)
    ceilings.guard("donation", total)
    donor = _donor(data)
    received_at = utcnow()
    year = core_receipts.be_year(received_at)
    number = core_receipts.next_number(GOODS_RECEIPT_BOOK, year)
    donation = GoodsDonation(
        kind="in_kind",
        channel="staff",
        status="received",
        donor_name=donor,
        centre_id=centre.id,
        purpose=parsing.text(data, "purpose", length=300),
        amount_satang=total,
        recorded_by_id=actor_id,
        received_at=received_at,
        goods_receipt_number=core_receipts.display_number(GOODS_RECEIPT_BOOK, year, number),
    )
    db.session.add(donation)
    db.session.flush()
    for item, quantity, unit in sorted(parsed, key=lambda p: p[0].id):
        movement = stock.receive(
            centre.id,
            item.id,
            quantity,
            kind="donation",
            ref=f"{PURPOSE}:{donation.id}",
            unit_cost_satang=unit,
            actor_id=actor_id,
            party=donor,
        )
        db.session.add(
            GoodsDonationLine(
                donation_id=donation.id,
                item_id=item.id,
                quantity=quantity,
                unit_value_satang=unit,
                movement_id=movement.id,
            )
        )
    db.session.flush()
    record(
        "market.donation.in_kind",
        actor_id=actor_id,
        target_type="market_donation",
        target_id=donation.id,
        after={"value": total, "lines": len(parsed), "anonymous": donor is None,
               "goods_receipt": donation.goods_receipt_number},
    )
    return donation
