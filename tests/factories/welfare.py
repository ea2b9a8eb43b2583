"""Welfare factories: funds, their cash and loans, built through the welfare
services (so their rules apply: a fund's own book, the M-of-N approval of a
disbursement). They run in the caller's tenant context and flush; the caller
commits."""

from __future__ import annotations

from core.db import db
from core.ledger import services as ledger
from tests.factories.core import seq


def make_fund(**kw):
    """A fund through ``funds.services.create_fund``: a welfare fund with a
    fresh name unless overridden."""
    from welfare.funds.services import create_fund

    kw.setdefault("name", f"กองทุนทดสอบ {seq()}")
    kw.setdefault("kind", "welfare")
    return create_fund(**kw)


def fund_cash(fund, satang: int, key: str = "grant_income") -> None:
    """Cash into the fund's book from ``key`` (a grant unless told), posted
    on the ledger as any receipt is."""
    from welfare.funds import accounts

    cash = accounts.account(fund, "cash")
    ledger.post(
        entry_date=ledger.today(),
        memo="opening cash",
        lines=[(cash, satang), (accounts.account(fund, key), -satang)],
        idempotency_key=f"test.cash:{fund.id}:{cash.balance}:{satang}",
    )


def make_loan(world, principal: int = 1_200_000, **kw):
    """An active loan in a lending ``world`` (tests.welfare.loans): applied
    for, its disbursement requested under the world's resolution and approved
    by two signatories."""
    from welfare.governance import disbursements
    from welfare.loans import services

    loan = services.apply(
        fund_id=world.fund.id,
        product_id=world.product.id,
        borrower_person_id=world.borrower.id,
        principal_satang=principal,
        purpose="ค้าขาย",
        actor_id=world.manager.id,
        **kw,
    )
    services.request_disbursement(loan.id, resolution_id=world.resolution.id, requested_by=world.manager.id)
    for user in world.signatories[:2]:
        disbursements.approve(loan.disbursement_id, user_id=user.id)
    db.session.flush()
    db.session.refresh(loan)
    return loan
