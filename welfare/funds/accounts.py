"""The accounts of a fund's own ledger book, opened on first use by key."""

from __future__ import annotations

from typing import NamedTuple

from core.ledger.models import Account
from core.ledger.services import get_or_create_account


class AccountSpec(NamedTuple):
    code: str
    name_th: str
    name_en: str
    type: str
    may_go_negative: bool = False


ACCOUNTS: dict[str, AccountSpec] = {
    "cash": AccountSpec("1100", "เงินสด", "Cash", "asset"),
    "bank": AccountSpec("1110", "เงินฝากธนาคาร", "Bank account", "asset"),
    "loans_receivable": AccountSpec("1200", "ลูกหนี้เงินกู้", "Loans receivable", "asset"),
    "interest_receivable": AccountSpec("1210", "ดอกเบี้ยค้างรับ", "Interest receivable", "asset"),
    "fee_receivable": AccountSpec("1220", "ค่าธรรมเนียมค้างรับ", "Fees receivable", "asset"),
    "restricted_grants": AccountSpec("2100", "เงินอุดหนุนที่มีเงื่อนไข", "Restricted grants", "liability"),
    "member_credit": AccountSpec("2200", "เงินรับล่วงหน้าจากสมาชิก", "Member credit", "liability"),
    "fund_balance": AccountSpec("3000", "ทุนของกองทุน", "Fund balance", "equity", True),
    "interest_income": AccountSpec("4100", "รายได้ดอกเบี้ย", "Interest income", "income"),
    "fee_income": AccountSpec("4200", "รายได้ค่าธรรมเนียม", "Fee income", "income"),
    "grant_income": AccountSpec("4300", "รายได้เงินอุดหนุน", "Grant income", "income"),
    "donation_income": AccountSpec("4400", "รายได้เงินบริจาค", "Donation income", "income"),
    "contribution_income": AccountSpec("4500", "รายได้เงินสมทบสมาชิก", "Member contributions", "income"),
    "matching_income": AccountSpec("4600", "รายได้เงินสมทบจากรัฐ", "Matching contributions", "income"),
    "recovery_income": AccountSpec("4700", "รายได้หนี้สูญได้รับคืน", "Recoveries of written-off loans", "income"),
    "benefit_expense": AccountSpec("5100", "ค่าใช้จ่ายสวัสดิการ", "Benefits paid", "expense"),
    "admin_expense": AccountSpec("5200", "ค่าใช้จ่ายบริหาร", "Administration", "expense"),
    "write_off_expense": AccountSpec("5300", "หนี้สูญ", "Loans written off", "expense"),
    "program_expense": AccountSpec("5400", "ค่าใช้จ่ายสนับสนุนพื้นที่", "Area support", "expense"),
}


class UnknownAccountKey(KeyError):
    """A programming error: no such account key in a fund's book."""


def book_of(fund) -> str:
    if not fund.book:
        raise ValueError("the fund has no ledger book yet (flush it first)")
    return fund.book


def account(fund, key: str) -> Account:
    """The account ``key`` of ``fund``'s own book, opened on first use."""
    try:
        spec = ACCOUNTS[key]
    except KeyError:
        raise UnknownAccountKey(f"unknown fund account key {key!r}") from None
    return get_or_create_account(
        book_of(fund), spec.code, spec.name_th, spec.name_en, type=spec.type,
        may_go_negative=spec.may_go_negative,
    )


def balance(fund, key: str) -> int:
    """The balance of one account in satang (0 if never opened)."""
    return account(fund, key).balance
