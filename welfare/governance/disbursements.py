"""Disbursements: money leaves a fund only on a valid resolution and the
approval of M distinct valid signatories (M of N, 2 of 3 by default).

* ``request`` reserves the amount against the resolution with one conditional
  UPDATE (``used + amount <= cap`` and the resolution valid, active, of a
  fitting kind and of the same fund): two requests racing for a resolution's
  last baht cannot both succeed.
* ``approve`` locks the request row, so approvals of one request are
  serialised; the M-th distinct valid signatory posts the ledger entry and runs
  the callbacks registered for the target type, in the same transaction.
* ``reject`` releases what was reserved.

Services flush and never commit; every step is audited and signatories are
notified through the outbox.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.services import record
from core.db import db, utcnow
from core.documents.models import Document
from core.i18n.formatting import format_date, format_thb
from core.ledger import services as ledger
from core.notifications import messages
from core.notifications.services import NoAddress, queue_notification
from core.tenancy.context import require_tenant_id
from welfare.funds import accounts
from welfare.funds.queries import MONEY_KEYS, balances, required_for
from welfare.funds.services import get_fund
from welfare.governance import errors, evidence
from welfare.models.funds import Budget, BudgetLine, Fund
from welfare.models.governance import (
    Approval,
    Disbursement,
    Meeting,
    Resolution,
    Signatory,
)

log = logging.getLogger(__name__)

Callback = Callable[[Disbursement], None]
_ON_PAID: dict[str, list[Callback]] = defaultdict(list)
_ON_REJECTED: dict[str, list[Callback]] = defaultdict(list)

# Which resolution kinds may pay which target type; anything else: a plain disbursement.
FITTING_KINDS: dict[str, frozenset[str]] = {
    "welfare.loan": frozenset({"loan"}),
    "welfare.benefit_claim": frozenset({"benefit", "disbursement"}),
}
DEFAULT_KINDS = frozenset({"disbursement"})

messages.register_templates(
    {
        "welfare.approval_needed": {
            "en": messages.Text(
                "A disbursement waits for your approval",
                "{fund}: {amount} for {purpose}. Please approve or reject it in Pansuk.",
            ),
            "th": messages.Text(
                "มีรายการเบิกจ่ายรอการอนุมัติจากท่าน",
                "{fund}: {amount} สำหรับ {purpose} กรุณาอนุมัติหรือไม่อนุมัติในปันสุข",
            ),
        },
        "welfare.disbursement_decided": {
            "en": messages.Text(
                "Your disbursement request: {status}",
                "{fund}: {amount} for {purpose} — {status}.",
            ),
            "th": messages.Text(
                "คำขอเบิกจ่ายของท่าน: {status}",
                "{fund}: {amount} สำหรับ {purpose} — {status}",
            ),
        },
    }
)


def on_paid(target_type: str, fn: Callback) -> None:
    """Run ``fn(disbursement)`` in the paying transaction when a disbursement
    of ``target_type`` is paid. Registering the same function twice is a no-op."""
    if fn not in _ON_PAID[target_type]:
        _ON_PAID[target_type].append(fn)


def on_rejected(target_type: str, fn: Callback) -> None:
    """Run ``fn(disbursement)`` in the rejecting transaction."""
    if fn not in _ON_REJECTED[target_type]:
        _ON_REJECTED[target_type].append(fn)


class MoneySource(Protocol):
    """Money set aside for some uses (restricted grants, welfare.sources.restricted):
    drawn when a request is made, given back when it is rejected, spent when it is paid."""

    def take(self, disbursement: Disbursement) -> object: ...

    def give_back(self, disbursement: Disbursement) -> None: ...

    def spend(self, disbursement: Disbursement, *, actor_id: int | None) -> None: ...


_MONEY_SOURCES: dict[str, MoneySource] = {}


def register_money_source(key: str, source: MoneySource) -> None:
    """The sources area registers its restricted money here (from its hooks
    module), so governance pays from it without importing it."""
    _MONEY_SOURCES[key] = source


def _money_sources() -> list[MoneySource]:
    """The registered sources; none means the app never loaded the sources
    area's hooks, and paying then would skip restricted money: refuse loudly."""
    if not _MONEY_SOURCES:
        raise RuntimeError("no money source is registered: create the app (it loads welfare.sources' hooks) "
                           "before requesting, rejecting or paying a disbursement")
    return [_MONEY_SOURCES[key] for key in sorted(_MONEY_SOURCES)]


def kinds_for(target_type: str) -> frozenset[str]:
    return FITTING_KINDS.get(target_type, DEFAULT_KINDS)


# --- resolutions -------------------------------------------------------------


def get_resolution(resolution_id: int) -> Resolution:
    resolution = db.session.scalar(sa.select(Resolution).where(Resolution.id == resolution_id))
    if resolution is None:
        raise errors.ResolutionNotFound(field="resolution_id")
    return resolution


def _check_amount(amount_satang) -> int:
    if isinstance(amount_satang, bool) or not isinstance(amount_satang, int) or amount_satang <= 0:
        raise errors.AmountNotPositive(field="amount")
    return amount_satang


def use_resolution(
    resolution_id: int, amount_satang: int, *, kinds: Iterable[str], fund_id: int | None = None
) -> None:
    """Count ``amount_satang`` against a resolution with one conditional UPDATE,
    or raise a clear error (nothing written)."""
    amount = _check_amount(amount_satang)
    kinds = tuple(sorted(set(kinds)))
    today = ledger.today()
    conditions = [
        Resolution.id == resolution_id,
        Resolution.tenant_id == require_tenant_id(),
        Resolution.status == "active",
        Resolution.kind.in_(kinds),
        sa.or_(Resolution.valid_until.is_(None), Resolution.valid_until >= today),
        Resolution.used_satang + amount <= Resolution.amount_cap_satang,
        _meeting_holds(today),
    ]
    if fund_id is not None:
        conditions.append(Resolution.fund_id == fund_id)
    done = db.session.execute(
        sa.update(Resolution)
        .where(*conditions)
        .values(used_satang=Resolution.used_satang + amount)
        .returning(Resolution.id)
        .execution_options(synchronize_session=False)
    ).first()
    if done is not None:
        _expire(Resolution, resolution_id)
        return
    _explain_refusal(resolution_id, amount, kinds, fund_id, today)


def _meeting_has_minutes():
    return sa.exists().where(
        Document.target_type == "welfare.meeting",
        Document.target_id == Meeting.id,
        Document.kind == "minutes",
    )


def _meeting_holds(today):
    """The resolution's meeting was held by today and, where its fund asks
    for them, its minutes are attached."""
    requires = sa.exists().where(Fund.id == Meeting.fund_id, Fund.requires_minutes)
    return sa.exists().where(
        Meeting.id == Resolution.meeting_id,
        Meeting.tenant_id == Resolution.tenant_id,
        Meeting.held_on <= today,
        sa.or_(~requires, _meeting_has_minutes()),
    )


def _explain_refusal(resolution_id, amount, kinds, fund_id, today) -> None:
    resolution = db.session.scalar(
        sa.select(Resolution).where(Resolution.id == resolution_id).execution_options(populate_existing=True)
    )
    if resolution is None:
        raise errors.ResolutionNotFound(field="resolution_id")
    if fund_id is not None and resolution.fund_id != fund_id:
        raise errors.ResolutionOfAnotherFund(field="resolution_id")
    if resolution.kind not in kinds:
        raise errors.ResolutionWrongKind(kind=resolution.kind_label, field="resolution_id")
    if resolution.status != "active":
        raise errors.ResolutionRevoked(field="resolution_id")
    if resolution.valid_until is not None and resolution.valid_until < today:
        raise errors.ResolutionExpired(date=format_date(resolution.valid_until), field="resolution_id")
    meeting = db.session.get(Meeting, resolution.meeting_id)
    if meeting.held_on > today:
        raise errors.ResolutionMeetingInFuture(date=format_date(meeting.held_on), field="resolution_id")
    fund = db.session.get(Fund, resolution.fund_id)
    if fund.requires_minutes and not db.session.scalar(
        sa.select(_meeting_has_minutes()).where(Meeting.id == meeting.id)
    ):
        raise errors.MinutesRequired(field="resolution_id")
    raise errors.ResolutionExhausted(
        remaining=format_thb(resolution.remaining_satang), needed=format_thb(amount), field="amount"
    )


def release_resolution(resolution_id: int, amount_satang: int) -> None:
    """Give back what was counted against a resolution (a rejected request)."""
    db.session.execute(
        sa.update(Resolution)
        .where(Resolution.id == resolution_id, Resolution.used_satang >= amount_satang)
        .values(used_satang=Resolution.used_satang - amount_satang)
        .execution_options(synchronize_session=False)
    )
    _expire(Resolution, resolution_id)


def _expire(model, row_id: int) -> None:
    obj = db.session.identity_map.get(sa.inspect(model).identity_key_from_primary_key((row_id,)))
    if obj is not None:
        db.session.expire(obj)


# --- signatories --------------------------------------------------------------


def valid_signatories(fund_id: int, day=None) -> list[Signatory]:
    day = day or ledger.today()
    return list(
        db.session.scalars(
            sa.select(Signatory)
            .where(
                Signatory.fund_id == fund_id,
                Signatory.active,
                Signatory.valid_from <= day,
                sa.or_(Signatory.valid_until.is_(None), Signatory.valid_until >= day),
            )
            .order_by(Signatory.id)
        )
    )


def _signatory(fund_id: int, user_id: int) -> Signatory:
    signatory = db.session.scalar(
        sa.select(Signatory).where(Signatory.fund_id == fund_id, Signatory.user_id == user_id)
    )
    if signatory is None:
        raise errors.NotASignatory()
    if not signatory.valid_on(ledger.today()):
        raise errors.SignatoryExpired()
    return signatory


# --- budget lines ---------------------------------------------------------------


def _reserve_line(fund_id: int, line_id: int, amount: int, overspend_resolution_id: int | None) -> int:
    """Charge ``amount`` to a budget line (row locked). Returns the part beyond
    the line's amount, which a budget-change resolution must cover."""
    line = db.session.scalar(
        sa.select(BudgetLine)
        .where(BudgetLine.id == line_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if line is None or line.fund_id != fund_id:
        raise errors.BudgetLineOfAnotherFund(field="budget_line_id")
    budget = db.session.get(Budget, line.budget_id)
    if budget.status != "approved":
        raise errors.BudgetNotApproved(budget=budget.name, field="budget_line_id")
    after = line.spent_satang + amount
    if line.cap_percent is not None:
        total = db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(BudgetLine.amount_satang), 0)).where(
                BudgetLine.budget_id == line.budget_id
            )
        )
        limit = total * line.cap_percent // 100
        if after > limit:
            raise errors.BudgetCapExceeded(line=line.name, cap=line.cap_percent, limit=format_thb(limit),
                                           field="amount")
    overspend = max(0, after - max(line.amount_satang, line.spent_satang))
    if overspend:
        if overspend_resolution_id is None:
            remaining = max(0, line.amount_satang - line.spent_satang)
            raise errors.BudgetLineExceeded(line=line.name, remaining=format_thb(remaining), field="amount")
        use_resolution(overspend_resolution_id, overspend, kinds={"budget_change"}, fund_id=fund_id)
    line.spent_satang = after
    db.session.flush()
    return overspend


def _release_line(line_id: int, amount: int) -> None:
    db.session.execute(
        sa.update(BudgetLine)
        .where(BudgetLine.id == line_id, BudgetLine.spent_satang >= amount)
        .values(spent_satang=BudgetLine.spent_satang - amount)
        .execution_options(synchronize_session=False)
    )
    _expire(BudgetLine, line_id)


# --- money that is there ---------------------------------------------------------


def available(fund: Fund, key: str) -> int:
    """What the paying account (cash or bank) holds less what the requests
    waiting for approval will take from it."""
    reserved = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Disbursement.amount_satang), 0)).where(
            Disbursement.fund_id == fund.id,
            Disbursement.credit_key == key,
            Disbursement.status == "pending",
        )
    )
    return balances(fund)[key] - int(reserved)


def _check_available(fund: Fund, key: str, amount: int) -> None:
    """Refuse a request the paying account cannot cover. The fund's row is
    locked first, so two requests cannot both count the same baht."""
    if key not in MONEY_KEYS:
        return
    db.session.execute(sa.select(Fund.id).where(Fund.id == fund.id).with_for_update())
    left = available(fund, key)
    if amount > left:
        raise errors.NotEnoughAvailable(
            available=format_thb(max(0, left)), needed=format_thb(amount), field="amount"
        )


# --- the request and its decisions ----------------------------------------------


def get(disbursement_id: int, *, for_update: bool = False) -> Disbursement:
    stmt = sa.select(Disbursement).where(Disbursement.id == disbursement_id)
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    disbursement = db.session.scalar(stmt)
    if disbursement is None:
        raise errors.DisbursementNotFound()
    return disbursement


def request(
    *,
    fund_id: int,
    resolution_id: int,
    amount_satang: int,
    purpose: str,
    target_type: str,
    target_id: int | None,
    requested_by: int,
    debit_key: str = "benefit_expense",
    credit_key: str = "cash",
    budget_line_id: int | None = None,
    overspend_resolution_id: int | None = None,
    ip: str | None = None,
) -> Disbursement:
    """A pending disbursement; the amount is reserved against the resolution
    (and the budget line, if any) now, atomically, or a clear error is raised
    and nothing is written. The paying account must hold the amount beyond
    what other pending requests already reserve, and a budget line must
    belong to a budget approved by a resolution."""
    amount = _check_amount(amount_satang)
    purpose = (purpose or "").strip()
    if not purpose:
        raise errors.PurposeRequired(field="purpose")
    for key in (debit_key, credit_key):
        if key not in accounts.ACCOUNTS:
            raise accounts.UnknownAccountKey(f"unknown fund account key {key!r}")
    fund = get_fund(fund_id)
    if not fund.active:
        raise errors.FundInactive()
    if debit_key == "loans_receivable" and not fund.allows_lending:
        raise errors.LendingForbidden()
    required = required_for(fund.id)
    others = [s for s in valid_signatories(fund.id) if s.user_id != requested_by]
    if len(others) < required:
        raise errors.TooFewSignatories(required=required, available=len(others))
    with db.session.begin_nested():
        _check_available(fund, credit_key, amount)
        use_resolution(resolution_id, amount, kinds=kinds_for(target_type), fund_id=fund.id)
        overspend = 0
        if budget_line_id is not None:
            overspend = _reserve_line(fund.id, budget_line_id, amount, overspend_resolution_id)
        disbursement = Disbursement(
            fund_id=fund.id, resolution_id=resolution_id, amount_satang=amount, purpose=purpose,
            target_type=target_type, target_id=target_id, debit_key=debit_key, credit_key=credit_key,
            requested_by=requested_by, required=required, status="pending",
            budget_line_id=budget_line_id,
            overspend_resolution_id=overspend_resolution_id if overspend else None,
            overspend_satang=overspend,
        )
        db.session.add(disbursement)
        db.session.flush()
        for source in _money_sources():
            source.take(disbursement)
    record("welfare.disbursement.request", actor_id=requested_by, target_type="welfare_disbursement",
           target_id=disbursement.id, after=_summary(disbursement), ip=ip)
    for signatory in others:
        _notify(signatory.user_id, "welfare.approval_needed", fund, disbursement,
                key=f"welfare.disbursement:{disbursement.id}:ask:{signatory.user_id}")
    return disbursement


def approve(disbursement_id: int, *, user_id: int, ip: str | None = None) -> Disbursement:
    """One signatory's approval. The M-th distinct valid signatory pays: the
    ledger entry is posted and the target's callbacks run, all or nothing."""
    with db.session.begin_nested():
        disbursement = get(disbursement_id, for_update=True)
        _check_decider(disbursement, user_id)
        evidence.check_not_reused(disbursement)
        _insert_decision(disbursement.id, user_id, "approve", None)
        record("welfare.disbursement.approve", actor_id=user_id, target_type="welfare_disbursement",
               target_id=disbursement.id, ip=ip)
        if approvals_count(disbursement) >= disbursement.required:
            evidence.check_complete(disbursement)
            _pay(disbursement, user_id, ip)
    return disbursement


def accept_reused_documents(disbursement_id: int, *, reason: str, user_id: int, ip: str | None = None
                            ) -> Disbursement:
    """Someone other than the requester accepts, with a reason, a document of
    the payment that is attached elsewhere too (see :mod:`evidence`)."""
    disbursement = get(disbursement_id, for_update=True)
    return evidence.accept_reused(disbursement, reason=reason, actor_id=user_id)


def reject(disbursement_id: int, *, user_id: int, reason: str, ip: str | None = None) -> Disbursement:
    """A signatory refuses the request, with a reason; what it reserved is released."""
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonRequired(field="reason")
    with db.session.begin_nested():
        disbursement = get(disbursement_id, for_update=True)
        _check_decider(disbursement, user_id)
        _insert_decision(disbursement.id, user_id, "reject", reason)
        release_resolution(disbursement.resolution_id, disbursement.amount_satang - disbursement.overspend_satang)
        if disbursement.overspend_satang and disbursement.overspend_resolution_id:
            release_resolution(disbursement.overspend_resolution_id, disbursement.overspend_satang)
        if disbursement.budget_line_id is not None:
            _release_line(disbursement.budget_line_id, disbursement.amount_satang)
        for source in _money_sources():
            source.give_back(disbursement)
        disbursement.status = "rejected"
        disbursement.reject_reason = reason
        disbursement.decided_at = utcnow()
        db.session.flush()
        record("welfare.disbursement.reject", actor_id=user_id, target_type="welfare_disbursement",
               target_id=disbursement.id, after={"reason": reason}, ip=ip)
        for fn in list(_ON_REJECTED.get(disbursement.target_type, ())):
            fn(disbursement)
    fund = db.session.get(Fund, disbursement.fund_id)
    _notify(disbursement.requested_by, "welfare.disbursement_decided", fund, disbursement,
            key=f"welfare.disbursement:{disbursement.id}:decided")
    return disbursement


def approvals_count(disbursement: Disbursement) -> int:
    """Distinct approvals by signatories still valid today."""
    valid = {s.user_id for s in valid_signatories(disbursement.fund_id)}
    approvers = db.session.scalars(
        sa.select(Approval.user_id).where(
            Approval.disbursement_id == disbursement.id, Approval.decision == "approve"
        )
    )
    return len({u for u in approvers if u in valid})


def decisions(disbursement_id: int) -> list[Approval]:
    return list(
        db.session.scalars(
            sa.select(Approval).where(Approval.disbursement_id == disbursement_id).order_by(Approval.id)
        )
    )


def pending_for_statement(user_id: int | sa.BindParameter, today: date | sa.BindParameter | None = None) -> sa.Select:
    """The requests waiting for this user's decision (see :func:`pending_for`),
    as a statement (the user and the day may be bound parameters)."""
    today = ledger.today() if today is None else today
    decided = sa.select(Approval.disbursement_id).where(Approval.user_id == user_id)
    funds = sa.select(Signatory.fund_id).where(
        Signatory.user_id == user_id,
        Signatory.active,
        Signatory.valid_from <= today,
        sa.or_(Signatory.valid_until.is_(None), Signatory.valid_until >= today),
    )
    return sa.select(Disbursement).where(
        Disbursement.status == "pending",
        Disbursement.requested_by != user_id,
        Disbursement.fund_id.in_(funds),
        Disbursement.id.not_in(decided),
    )


def pending_for(user_id: int) -> list[Disbursement]:
    """Requests waiting for this user's decision: pending, in a fund where the
    user is a valid signatory, not made by the user, not yet decided by them."""
    return list(db.session.scalars(pending_for_statement(user_id).order_by(Disbursement.id)))


def _check_decider(disbursement: Disbursement, user_id: int) -> None:
    if disbursement.status != "pending":
        raise errors.NotPending(status=disbursement.status_label)
    if disbursement.requested_by == user_id:
        raise errors.MakerCannotApprove()
    _signatory(disbursement.fund_id, user_id)
    already = db.session.scalar(
        sa.select(Approval.id).where(Approval.disbursement_id == disbursement.id, Approval.user_id == user_id)
    )
    if already is not None:
        raise errors.AlreadyDecided()


def _insert_decision(disbursement_id: int, user_id: int, decision: str, reason: str | None) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(Approval(disbursement_id=disbursement_id, user_id=user_id, decision=decision,
                                    reason=reason))
            db.session.flush()
    except IntegrityError:
        raise errors.AlreadyDecided() from None


def _pay(disbursement: Disbursement, user_id: int, ip: str | None) -> None:
    fund = db.session.get(Fund, disbursement.fund_id)
    debit = accounts.account(fund, disbursement.debit_key)
    credit = accounts.account(fund, disbursement.credit_key)
    entry = ledger.post(
        entry_date=ledger.today(),
        memo=disbursement.purpose[:500],
        lines=[(debit, disbursement.amount_satang), (credit, -disbursement.amount_satang)],
        idempotency_key=f"welfare.disbursement:{disbursement.id}",
        source=f"welfare.disbursement:{disbursement.id}",
        actor_id=user_id,
    )
    disbursement.journal_entry_id = entry.id
    for source in _money_sources():
        source.spend(disbursement, actor_id=user_id)
    disbursement.status = "paid"
    disbursement.decided_at = utcnow()
    db.session.flush()
    record("welfare.disbursement.paid", actor_id=user_id, target_type="welfare_disbursement",
           target_id=disbursement.id, after={"journal_entry_id": entry.id}, ip=ip)
    for fn in list(_ON_PAID.get(disbursement.target_type, ())):
        fn(disbursement)
    _notify(disbursement.requested_by, "welfare.disbursement_decided", fund, disbursement,
            key=f"welfare.disbursement:{disbursement.id}:decided")


def _summary(disbursement: Disbursement) -> dict:
    return {
        "fund_id": disbursement.fund_id,
        "resolution_id": disbursement.resolution_id,
        "amount_satang": disbursement.amount_satang,
        "purpose": disbursement.purpose,
        "target_type": disbursement.target_type,
        "target_id": disbursement.target_id,
        "budget_line_id": disbursement.budget_line_id,
        "overspend_satang": disbursement.overspend_satang,
        "required": disbursement.required,
    }


def _notify(user_id: int, template: str, fund: Fund, disbursement: Disbursement, *, key: str) -> None:
    status = {"paid": "Paid / จ่ายแล้ว", "rejected": "Rejected / ไม่อนุมัติ"}.get(disbursement.status, disbursement.status)
    params = {
        "fund": fund.name,
        "amount": format_thb(disbursement.amount_satang),
        "purpose": disbursement.purpose[:200],
        "status": status,
    }
    try:
        with db.session.begin_nested():
            queue_notification(template=template, params=params, idempotency_key=key, to_user_id=user_id)
    except NoAddress:
        log.info("no address to notify user %s of disbursement %s", user_id, disbursement.id)



def list_for_fund(fund_id: int, *, limit: int | None = 300) -> list[Disbursement]:
    return list(db.session.scalars(
        sa.select(Disbursement).where(Disbursement.fund_id == fund_id).order_by(Disbursement.id.desc()).limit(limit)))


def list_for_resolution(resolution_id: int) -> list[Disbursement]:
    return list(db.session.scalars(
        sa.select(Disbursement).where(sa.or_(Disbursement.resolution_id == resolution_id,
                                             Disbursement.overspend_resolution_id == resolution_id))
        .order_by(Disbursement.id)))
