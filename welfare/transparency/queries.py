"""What a fund shows the public and its funders: no personal data, only
totals. Money lent and repaid comes from the loans part's own function."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa

from core.db import db
from core.i18n.formatting import BE_OFFSET
from core.ledger.models import Account, JournalEntry, JournalLine
from welfare.benefits.services import paid_by_type
from welfare.funds import queries as fund_queries
from welfare.funds.accounts import ACCOUNTS
from welfare.models.funds import Fund
from welfare.models.governance import Disbursement, Resolution
from welfare.models.members import Member
from welfare.models.sources import (
    ContributionPayment,
    Donation,
    Grant,
    GrantTranche,
    MatchingContribution,
)
from welfare.sources import restricted as restricted_money

EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONEY_CODES = (ACCOUNTS["cash"].code, ACCOUNTS["bank"].code)


def loan_totals(fund_id: int) -> dict | None:
    """Lent, repaid, outstanding and repayment rate from the loans part, or
    None when it does not offer them."""
    try:
        from welfare.loans import metrics
    except ImportError:  # pragma: no cover - the loans part is optional here
        return None
    fn = getattr(metrics, "fund_totals", None)
    return fn(fund_id) if fn else None


def _sum(stmt) -> int:
    return int(db.session.scalar(stmt) or 0)


def sources(fund_id: int, start: date | None = None, end: date | None = None) -> dict:
    def between(column, stmt):
        if start:
            stmt = stmt.where(column >= start)
        if end:
            stmt = stmt.where(column <= end)
        return stmt

    grants = _sum(between(GrantTranche.received_on, sa.select(sa.func.sum(GrantTranche.amount_satang)).where(
        GrantTranche.fund_id == fund_id, GrantTranche.status == "received")))
    donations = _sum(between(Donation.received_on, sa.select(sa.func.sum(Donation.amount_satang)).where(
        Donation.fund_id == fund_id)))
    contributions = _sum(between(ContributionPayment.paid_on, sa.select(
        sa.func.sum(ContributionPayment.amount_satang)).where(ContributionPayment.fund_id == fund_id)))
    matching = _sum(between(MatchingContribution.received_on, sa.select(
        sa.func.sum(MatchingContribution.amount_satang)).where(
        MatchingContribution.fund_id == fund_id, MatchingContribution.status == "received")))
    grantors = [
        {"name": name, "received": int(total or 0)}
        for name, total in db.session.execute(
            between(GrantTranche.received_on, sa.select(Grant.grantor_name, sa.func.sum(GrantTranche.amount_satang))
                    .join(Grant, sa.and_(Grant.id == GrantTranche.grant_id, Grant.tenant_id == GrantTranche.tenant_id))
                    .where(GrantTranche.fund_id == fund_id, GrantTranche.status == "received"))
            .group_by(Grant.grantor_name).order_by(Grant.grantor_name))
    ]
    return {"grants": grants, "donations": donations, "contributions": contributions, "matching": matching,
            "total": grants + donations + contributions + matching, "grantors": grantors}


def _money_lines(fund: Fund, start: date | None = None, end: date | None = None):
    stmt = (
        sa.select(JournalEntry.entry_date, JournalLine.amount)
        .join(JournalEntry, sa.and_(JournalEntry.id == JournalLine.entry_id,
                                    JournalEntry.tenant_id == JournalLine.tenant_id))
        .join(Account, sa.and_(Account.id == JournalLine.account_id, Account.tenant_id == JournalLine.tenant_id))
        .where(Account.book == fund.book, Account.code.in_(MONEY_CODES))
    )
    if start:
        stmt = stmt.where(JournalEntry.entry_date >= start)
    if end:
        stmt = stmt.where(JournalEntry.entry_date <= end)
    return db.session.execute(stmt).all()


def _month_back(day: date, n: int) -> date:
    month = day.month - 1 - n
    return date(day.year + month // 12, month % 12 + 1, 1)


def monthly(fund: Fund, today: date, months: int = 12, lang: str = "th") -> list[dict]:
    """Money in, money out and the balance at the end of each of the last months."""
    first = _month_back(today, months - 1)
    opening = sum(amount for _, amount in _money_lines(fund, end=date.fromordinal(first.toordinal() - 1)))
    flows: dict[tuple[int, int], dict] = defaultdict(lambda: {"in": 0, "out": 0})
    for day, amount in _money_lines(fund, start=first, end=today):
        key = (day.year, day.month)
        flows[key]["in" if amount > 0 else "out"] += abs(amount)
    series, balance = [], opening
    for i in range(months):
        m = _month_back(today, months - 1 - i)
        f = flows[(m.year, m.month)]
        balance += f["in"] - f["out"]
        label = (f"{THAI_MONTHS[m.month - 1]} {str(m.year + BE_OFFSET)[-2:]}" if lang == "th"
                 else f"{EN_MONTHS[m.month - 1]} {str(m.year)[-2:]}")
        series.append({"label": label, "in": f["in"],
                       "out": f["out"], "value": balance})
    return series


def public_summary(fund: Fund, today: date, lang: str = "th") -> dict:
    balances = fund_queries.balances(fund)
    loans = loan_totals(fund.id)
    return {
        "balance": balances["cash"] + balances["bank"],
        "restricted": balances["restricted_grants"],
        "money": restricted_money.summary(fund, with_grants=False),
        "loans_receivable": balances["loans_receivable"],
        "sources": sources(fund.id),
        "loans": loans,
        "benefits": paid_by_type(fund.id),
        "members": _sum(sa.select(sa.func.count(Member.id)).where(Member.fund_id == fund.id,
                                                                   Member.status == "active")),
        "monthly": monthly(fund, today, lang=lang),
    }


def statement(fund: Fund, start: date, end: date) -> dict:
    """A fund statement for a period: opening and closing money, income and
    expenses per account, money received per source, disbursements paid with
    their resolutions, benefits by type, loans."""
    opening = sum(a for _, a in _money_lines(fund, end=date.fromordinal(start.toordinal() - 1)))
    movement = sum(a for _, a in _money_lines(fund, start=start, end=end))
    rows = db.session.execute(
        sa.select(Account.code, Account.name_th, Account.name_en, Account.type, sa.func.sum(JournalLine.amount))
        .join(JournalLine, sa.and_(JournalLine.account_id == Account.id, JournalLine.tenant_id == Account.tenant_id))
        .join(JournalEntry, sa.and_(JournalEntry.id == JournalLine.entry_id,
                                    JournalEntry.tenant_id == JournalLine.tenant_id))
        .where(Account.book == fund.book, JournalEntry.entry_date >= start, JournalEntry.entry_date <= end)
        .group_by(Account.code, Account.name_th, Account.name_en, Account.type).order_by(Account.code)
    ).all()
    income = [{"code": c, "name_th": th, "name_en": en, "amount": -int(s)} for c, th, en, t, s in rows
              if t == "income" and s]
    expenses = [{"code": c, "name_th": th, "name_en": en, "amount": int(s)} for c, th, en, t, s in rows
                if t == "expense" and s]
    paid = db.session.execute(
        sa.select(Disbursement, Resolution)
        .join(Resolution, sa.and_(Resolution.id == Disbursement.resolution_id,
                                  Resolution.tenant_id == Disbursement.tenant_id))
        .join(JournalEntry, sa.and_(JournalEntry.id == Disbursement.journal_entry_id,
                                    JournalEntry.tenant_id == Disbursement.tenant_id))
        .where(Disbursement.fund_id == fund.id, Disbursement.status == "paid",
               JournalEntry.entry_date >= start, JournalEntry.entry_date <= end)
        .order_by(Disbursement.id)
    ).all()
    return {
        "fund": fund, "start": start, "end": end, "opening": opening, "closing": opening + movement,
        "income": income, "expenses": expenses,
        "income_total": sum(r["amount"] for r in income), "expense_total": sum(r["amount"] for r in expenses),
        "sources": sources(fund.id, start, end), "disbursements": paid,
        "benefits": paid_by_type(fund.id, start, end), "loans": loan_totals(fund.id),
        "balances": fund_queries.balances(fund),
        "money": restricted_money.summary(fund),
    }


def public_fund(fund_id: int) -> Fund | None:
    """The fund, if it is active and public; None otherwise."""
    return db.session.scalar(sa.select(Fund).where(Fund.id == fund_id, Fund.public, Fund.active))
