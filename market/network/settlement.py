"""Settling a trade between councils: one action clears the buyer's payable
and the supplier's receivable together, each in its own ledger, linked.

The money moves from the buyer's cash (or bank) to the supplier's: the buyer
posts payable / cash, the supplier cash / receivable, and each tenant gets a
settlement row naming its own journal entry and the other side's row and
entry. Both receivable and payable accounts are reserved for this process
(see ``market.stock.valuation``), so neither side can clear its half by hand.

Each write happens bound to its tenant (``tenant_context``). Concurrency: the
sale row (supplier's) is claimed first, then the purchase row, each with one
conditional ``UPDATE … WHERE settled_at IS NULL``; two settlements of one
trade, from either side, queue on the sale row and the second finds it
settled. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.audit.services import record
from core.db import db, utcnow
from core.errors import N_, Conflict, ValidationError
from core.ledger import services as ledger
from core.payments.accounts import landing_account
from core.tenancy.context import require_tenant_id, tenant_context
from core.tenancy.models import Tenant
from market.catalog import parsing
from market.models.exchange import SETTLEMENT_METHODS, NetworkOrder, NetworkSettlement
from market.network.services import WrongOrderState, require_trade
from market.stock import valuation


class AlreadySettled(Conflict):
    code = "market_network_already_settled"
    message = N_("This trade has already been settled")


class NotReceived(Conflict):
    code = "market_network_not_received"
    message = N_("Only a trade whose goods were received can be settled")


class NothingToSettle(Conflict):
    code = "market_network_nothing_to_settle"
    message = N_("This trade was free of charge; there is nothing to settle")


class InvalidMethod(ValidationError):
    code = "market_network_settle_method"
    message = N_("Choose cash or bank transfer")


class ReferenceRequired(ValidationError):
    code = "market_network_settle_reference"
    message = N_("A bank transfer needs the transaction number")


class SidesDisagree(Conflict):
    code = "market_network_sides_disagree"
    message = N_("The two councils' records of this trade do not agree; it cannot be settled")


@dataclass(frozen=True)
class Sides:
    sale: NetworkOrder
    purchase: NetworkOrder


def _sides(order: NetworkOrder) -> Sides:
    """Both rows of the trade, each read bound to its own tenant."""
    if order.peer_order_id is None:
        raise SidesDisagree()
    with tenant_context(order.peer_tenant_id):
        peer = db.session.get(NetworkOrder, order.peer_order_id)
    if peer is None or peer.tenant_id != order.peer_tenant_id or peer.peer_order_id != order.id:
        raise SidesDisagree()
    sale, purchase = (order, peer) if order.side == "sale" else (peer, order)
    if (sale.side, purchase.side) != ("sale", "purchase") or sale.total_satang != purchase.total_satang:
        raise SidesDisagree()
    return Sides(sale, purchase)


def _read(data: dict) -> tuple[str, str | None]:
    method = data.get("method") or "transfer"
    if method not in SETTLEMENT_METHODS:
        raise InvalidMethod(field="method")
    reference = parsing.text(data, "reference", length=100)
    if method == "transfer" and not reference:
        raise ReferenceRequired(field="reference")
    return method, reference


def _claim(row: NetworkOrder, now) -> None:
    """Mark one side settled, or say why not (its tenant is in context)."""
    claimed = db.session.execute(
        sa.update(NetworkOrder)
        .where(
            NetworkOrder.id == row.id,
            NetworkOrder.tenant_id == row.tenant_id,
            NetworkOrder.status == "received",
            NetworkOrder.settled_at.is_(None),
        )
        .values(settled_at=now)
        .returning(NetworkOrder.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if claimed is None:
        db.session.refresh(row)
        if row.settled_at is not None:
            raise AlreadySettled()
        if row.status != "received":
            raise NotReceived()
        raise WrongOrderState(status=row.status)  # pragma: no cover - the conditions above cover it


def _post_side(row: NetworkOrder, method: str, reference: str | None, link: str, actor_id) -> NetworkSettlement:
    """The side's journal entry and settlement row (its tenant in context)."""
    amount = row.total_satang
    cash = landing_account(method)
    if row.side == "sale":
        lines = [(cash, amount), (valuation.account(valuation.RECEIVABLE_COUNCILS), -amount)]
        memo = f"รับชำระจากสภาฯ เครือข่าย / Settled by network council: {row.item_name} × {row.quantity}"
    else:
        lines = [(valuation.account(valuation.PAYABLE_COUNCILS), amount), (cash, -amount)]
        memo = f"ชำระสภาฯ เครือข่าย / Paid to network council: {row.item_name} × {row.quantity}"
    entry = ledger.post(
        entry_date=ledger.today(), memo=memo, lines=lines,
        idempotency_key=f"market.network.settle:{row.id}", source=link, actor_id=actor_id,
    )
    settlement = NetworkSettlement(
        network_order_id=row.id, side=row.side, journal_entry_id=entry.id,
        peer_tenant_id=row.peer_tenant_id, amount_satang=amount, method=method,
        reference=reference, actor_id=actor_id,
    )
    db.session.add(settlement)
    db.session.flush()
    return settlement


def _link_peer(tenant_id: int, settlement_id: int, peer: NetworkSettlement) -> None:
    with tenant_context(tenant_id):
        db.session.execute(
            sa.update(NetworkSettlement)
            .where(NetworkSettlement.id == settlement_id, NetworkSettlement.tenant_id == tenant_id)
            .values(peer_settlement_id=peer.id, peer_journal_entry_id=peer.journal_entry_id)
            .execution_options(synchronize_session=False)
        )


def settle(order: NetworkOrder, data: dict, *, actor_id: int | None) -> NetworkSettlement:
    """Settle the trade ``order`` belongs to (either side may act). Returns the
    settlement row of the tenant in context. Refused, with nothing written,
    when it is settled already, not yet received, or the buyer's cash or bank
    account holds less than the trade's total."""
    me = require_tenant_id()
    if order.tenant_id != me:
        raise WrongOrderState(status=order.status)
    method, reference = _read(data)
    require_trade(order.tenant_id, order.peer_tenant_id)
    sides = _sides(order)
    if sides.sale.total_satang <= 0:
        raise NothingToSettle()
    link = f"market.network:{sides.sale.tenant_id}/{sides.sale.id}:{sides.purchase.tenant_id}/{sides.purchase.id}"
    now = utcnow()
    with db.session.begin_nested():
        with tenant_context(sides.sale.tenant_id):
            _claim(sides.sale, now)
        with tenant_context(sides.purchase.tenant_id):
            _claim(sides.purchase, now)
            bought = _post_side(sides.purchase, method, reference, link, actor_id)
        with tenant_context(sides.sale.tenant_id):
            sold = _post_side(sides.sale, method, reference, link, actor_id)
        _link_peer(sides.sale.tenant_id, sold.id, bought)
        _link_peer(sides.purchase.tenant_id, bought.id, sold)
        for row, mine in ((sides.sale, sold), (sides.purchase, bought)):
            with tenant_context(row.tenant_id):
                record("market.network.settle", actor_id=actor_id, target_type="market_network_order",
                       target_id=row.id, after={"amount": row.total_satang, "method": method,
                                                "journal_entry_id": mine.journal_entry_id,
                                                "settled_from_tenant": me})
    for row in (sides.sale, sides.purchase):
        with tenant_context(row.tenant_id):
            db.session.refresh(row)
    return sold if me == sides.sale.tenant_id else bought


def settlement_of(order: NetworkOrder) -> NetworkSettlement | None:
    return db.session.scalar(
        sa.select(NetworkSettlement).where(NetworkSettlement.network_order_id == order.id)
    )


# --- what is open between councils ------------------------------------------------------------


@dataclass(frozen=True)
class PeerBalance:
    tenant: Tenant
    receivable: int  # they owe us: our sales received, not settled
    payable: int  # we owe them: our purchases received, not settled
    settled: int  # settled in either direction

    @property
    def net(self) -> int:
        """Positive: they owe us; negative: we owe them."""
        return self.receivable - self.payable


def balances() -> list[PeerBalance]:
    """For each council this one traded with, what is open each way (the
    tenant in context's own rows: both sides of a trade hold the same)."""
    total = NetworkOrder.quantity * NetworkOrder.price_satang
    open_ = sa.and_(NetworkOrder.status == "received", NetworkOrder.settled_at.is_(None))
    rows = db.session.execute(
        sa.select(
            NetworkOrder.peer_tenant_id,
            sa.func.coalesce(sa.func.sum(sa.case((sa.and_(open_, NetworkOrder.side == "sale"), total))), 0),
            sa.func.coalesce(sa.func.sum(sa.case((sa.and_(open_, NetworkOrder.side == "purchase"), total))), 0),
            sa.func.coalesce(sa.func.sum(sa.case((NetworkOrder.settled_at.is_not(None), total))), 0),
        ).group_by(NetworkOrder.peer_tenant_id)
    ).all()
    tenants = {t.id: t for t in db.session.scalars(sa.select(Tenant).where(Tenant.id.in_([r[0] for r in rows])))}
    return sorted(
        (PeerBalance(tenants[peer], int(rec), int(pay), int(done)) for peer, rec, pay, done in rows),
        key=lambda b: b.tenant.slug,
    )

