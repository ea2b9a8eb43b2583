"""Where money lands, by payment method: the tenant's own accounts in the
general book, created on first use."""

from __future__ import annotations

from core.ledger.models import Account
from core.ledger.services import get_or_create_account

BOOK = "general"
# method -> (code, Thai name, English name)
LANDING = {
    "cash": ("1010", "เงินสดรับชำระ", "Cash received"),
    "transfer": ("1110", "เงินฝากธนาคาร (รับโอน)", "Bank (transfers received)"),
    "card": ("1150", "เงินรอรับจากผู้ให้บริการชำระเงิน", "Payment provider clearing"),
    "promptpay": ("1150", "เงินรอรับจากผู้ให้บริการชำระเงิน", "Payment provider clearing"),
    "fake": ("1190", "เงินรอรับ (ระบบทดสอบ)", "Test gateway clearing"),
}


def landing_account(method: str) -> Account:
    code, name_th, name_en = LANDING[method]
    return get_or_create_account(BOOK, code, name_th, name_en, "asset")
