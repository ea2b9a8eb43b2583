"""Read side of funds: balances, team, names of people."""

from __future__ import annotations

import sqlalchemy as sa

from core.auth.models import User
from core.db import db
from core.ledger.models import Account
from core.tenancy.models import Membership
from welfare.funds.accounts import ACCOUNTS
from welfare.models.funds import Fund
from welfare.models.governance import DEFAULT_REQUIRED, ApprovalPolicy

MONEY_KEYS = ("cash", "bank")


def balances(fund: Fund) -> dict[str, int]:
    """Balance of each opened account of the fund's book, by key (satang)."""
    by_code = {spec.code: key for key, spec in ACCOUNTS.items()}
    out = dict.fromkeys(ACCOUNTS, 0)
    for code, balance in db.session.execute(
        sa.select(Account.code, Account.balance).where(Account.book == fund.book)
    ):
        if code in by_code:
            out[by_code[code]] = int(balance)
    return out


def money_held(fund: Fund) -> int:
    b = balances(fund)
    return sum(b[k] for k in MONEY_KEYS)


def team(tenant_id: int) -> list[User]:
    """Active members of the organisation, for choosing signatories."""
    return list(db.session.scalars(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.tenant_id == tenant_id, Membership.active, User.active)
        .order_by(User.display_name, User.id)
    ))


def user_names(user_ids) -> dict[int, str]:
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    return {u.id: (u.display_name or f"#{u.id}") for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}


def bank_accounts_of(fund: Fund):
    """The bank accounts (statements, reconciliation) whose money lands in the
    fund's bank account of its ledger book; none until staff link one."""
    from core.payments.statements.models import BankAccount

    bank_code = ACCOUNTS["bank"].code
    return list(db.session.scalars(
        sa.select(BankAccount).join(Account, Account.id == BankAccount.ledger_account_id)
        .where(Account.book == fund.book, Account.code == bank_code).order_by(BankAccount.id)))


def required_for(fund_id: int) -> int:
    """How many valid signatories must approve a payment from the fund (its
    approval policy, opened with the fund)."""
    policy = db.session.scalar(sa.select(ApprovalPolicy).where(ApprovalPolicy.fund_id == fund_id))
    return policy.required if policy else DEFAULT_REQUIRED
