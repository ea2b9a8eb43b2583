"""Exchange: barter (goods out for goods in at agreed values, both moved in
stock and valued through the barter clearing account) and loans of goods
(loan → return, or lost; overdue loans get reminders).

Services flush, never commit.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.audit.services import record
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from core.ledger import services as ledger
from core.notifications import messages
from core.notifications.services import queue_notification
from core.registry.models import Household
from core.tenancy.context import require_tenant_id
from market.catalog import parsing
from market.catalog import services as catalog
from market.models.exchange import Barter, BarterLine, GoodsLoan
from market.stock import services as stock
from market.stock import valuation

MAX_LOAN_DAYS = 366

messages.register_templates(
    {
        "market.loan_overdue": {
            "en": messages.Text(
                "Please return {item}",
                "{item} ({quantity} {unit}) lent by {org} was due back on {due}. Please return it to {centre}.",
            ),
            "th": messages.Text(
                "กรุณาคืน{item}",
                "{item} ({quantity} {unit}) ที่ยืมจาก{org} ครบกำหนดคืนวันที่ {due} กรุณานำมาคืนที่{centre}",
            ),
        }
    }
)


class ValuesDiffer(ValidationError):
    code = "market_barter_values_differ"
    message = N_(
        "Goods out are worth %(out)s and goods in %(in_)s: an exchange needs equal agreed values"
    )


class NoBarterLines(ValidationError):
    code = "market_barter_no_lines"
    message = N_("An exchange needs goods going out and goods coming in")


class NotLendable(ValidationError):
    code = "market_not_lendable"
    message = N_("This item is not lent out")


class LoanClosed(Conflict):
    code = "market_loan_closed"
    message = N_("This loan is already closed")


class InvalidDueDate(ValidationError):
    code = "market_invalid_due_date"
    message = N_("Choose a due date from today up to a year ahead")


def today() -> date:
    return ledger.today()


# --- barter ---------------------------------------------------------------------------------


def _lines(raw: list[dict], direction: str) -> list[tuple]:
    parsed = []
    for n, line in enumerate(raw):
        if not any(str(line.get(k) or "").strip() for k in ("item_id", "quantity", "unit_value")):
            continue
        item = catalog.get_item(
            parsing.whole(line, "item_id", minimum=1, required=True, maximum=2**62)
        )
        try:
            quantity = parsing.whole(line, "quantity", minimum=1, required=True)
            unit = parsing.satang(line, "unit_value", required=True)
        except ValidationError as exc:
            exc.field = f"{direction}_{exc.field}-{n}"
            raise
        parsed.append((item, quantity, unit))
    return parsed


def barter(
    data: dict, out_lines: list[dict], in_lines: list[dict], *, actor_id: int | None
) -> Barter:
    centre = catalog.get_centre(
        parsing.whole(data, "centre_id", minimum=1, required=True, maximum=2**62)
    )
    partner = parsing.text(data, "partner", required=True)
    outs, ins = _lines(out_lines, "out"), _lines(in_lines, "in")
    if not outs or not ins:
        raise NoBarterLines(field="lines")
    value_out = sum(q * u for _, q, u in outs)
    value_in = sum(q * u for _, q, u in ins)
    if value_out != value_in or value_out == 0:
        from core.i18n.formatting import format_thb

        raise ValuesDiffer(field="lines", out=format_thb(value_out), in_=format_thb(value_in))
    deal = Barter(
        centre_id=centre.id,
        partner=partner,
        note=parsing.text(data, "note", length=500),
        value_out_satang=value_out,
        value_in_satang=value_in,
        actor_id=actor_id,
    )
    db.session.add(deal)
    db.session.flush()
    ref = f"market.barter:{deal.id}"
    for item, quantity, unit in sorted(outs, key=lambda p: p[0].id):
        movement = stock.issue(
            centre.id,
            item.id,
            quantity,
            kind="exchange_out",
            ref=ref,
            actor_id=actor_id,
            unit_value_satang=unit,
            party=partner,
        )
        db.session.add(
            BarterLine(
                barter_id=deal.id,
                direction="out",
                item_id=item.id,
                quantity=quantity,
                value_satang=quantity * unit,
                movement_id=movement.id,
            )
        )
    for item, quantity, unit in sorted(ins, key=lambda p: p[0].id):
        movement = stock.receive(
            centre.id,
            item.id,
            quantity,
            kind="exchange_in",
            ref=ref,
            unit_cost_satang=unit,
            actor_id=actor_id,
            party=partner,
        )
        db.session.add(
            BarterLine(
                barter_id=deal.id,
                direction="in",
                item_id=item.id,
                quantity=quantity,
                value_satang=quantity * unit,
                movement_id=movement.id,
            )
        )
    db.session.flush()
    record(
        "market.barter",
        actor_id=actor_id,
        target_type="market_barter",
        target_id=deal.id,
        after={"partner": partner, "value": value_out},
    )
    return deal


def barters(limit: int | None = 100) -> list[Barter]:
    return list(db.session.scalars(sa.select(Barter).order_by(Barter.id.desc()).limit(limit)))


def get_barter(barter_id) -> Barter:
    row = db.session.get(Barter, barter_id) if isinstance(barter_id, int) else None
    if row is None or row.tenant_id != require_tenant_id():
        raise NotFound(N_("This exchange does not exist"))
    return row


# --- loans --------------------------------------------------------------------------------------


def _household(household_id) -> Household:
    row = db.session.get(Household, household_id) if isinstance(household_id, int) else None
    if row is None or row.tenant_id != require_tenant_id():
        raise NotFound(N_("This household does not exist in this organisation"))
    return row


def _due(data: dict) -> date:
    raw = (
        (data.get("due_on") or "").strip()
        if isinstance(data.get("due_on"), str)
        else data.get("due_on")
    )
    if isinstance(raw, date):
        due = raw
    else:
        try:
            due = date.fromisoformat(raw or "")
        except (TypeError, ValueError):
            raise InvalidDueDate(field="due_on") from None
    if due < today() or due > today() + timedelta(days=MAX_LOAN_DAYS):
        raise InvalidDueDate(field="due_on")
    return due


def lend(data: dict, *, actor_id: int | None) -> GoodsLoan:
    centre = catalog.get_centre(
        parsing.whole(data, "centre_id", minimum=1, required=True, maximum=2**62)
    )
    item = catalog.get_item(parsing.whole(data, "item_id", minimum=1, required=True, maximum=2**62))
    if not item.lendable:
        raise NotLendable(field="item_id")
    household = _household(
        parsing.whole(data, "household_id", minimum=1, required=True, maximum=2**62)
    )
    quantity = parsing.whole(data, "quantity", minimum=1, required=True)
    due = _due(data)
    loan = GoodsLoan(
        centre_id=centre.id,
        item_id=item.id,
        household_id=household.id,
        quantity=quantity,
        status="out",
        lent_on=today(),
        due_on=due,
        note=parsing.text(data, "note", length=500),
        actor_id=actor_id,
    )
    db.session.add(loan)
    db.session.flush()
    movement = stock.issue(
        centre.id,
        item.id,
        quantity,
        kind="loan_out",
        ref=f"market.loan:{loan.id}",
        actor_id=actor_id,
    )
    loan.out_movement_id = movement.id
    db.session.flush()
    record(
        "market.loan.out",
        actor_id=actor_id,
        target_type="market_loan",
        target_id=loan.id,
        after={
            "household_id": household.id,
            "item_id": item.id,
            "quantity": quantity,
            "due_on": due.isoformat(),
        },
    )
    return loan


def _close(loan: GoodsLoan, status: str) -> None:
    """Claim the loan (out → status) once, even under two clicks at once."""
    claimed = db.session.execute(
        sa.update(GoodsLoan)
        .where(GoodsLoan.id == loan.id, GoodsLoan.status == "out")
        .values(status=status, returned_on=today())
        .returning(GoodsLoan.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if claimed is None:
        raise LoanClosed()
    db.session.refresh(loan)


def return_loan(loan: GoodsLoan, *, actor_id: int | None) -> GoodsLoan:
    _close(loan, "returned")
    from market.models.stock import StockMovement

    out = db.session.get(StockMovement, loan.out_movement_id) if loan.out_movement_id else None
    movement = stock.receive(
        loan.centre_id,
        loan.item_id,
        loan.quantity,
        kind="loan_return",
        ref=f"market.loan:{loan.id}",
        unit_cost_satang=out.unit_value_satang if out else None,
        actor_id=actor_id,
    )
    loan.return_movement_id = movement.id
    db.session.flush()
    record("market.loan.return", actor_id=actor_id, target_type="market_loan", target_id=loan.id)
    return loan


def mark_lost(loan: GoodsLoan, *, actor_id: int | None) -> GoodsLoan:
    """The goods will not come back: written off from goods on loan to losses."""
    _close(loan, "lost")
    from market.models.stock import StockMovement

    out = db.session.get(StockMovement, loan.out_movement_id) if loan.out_movement_id else None
    value = out.value_satang if out else 0
    if value:
        ledger.post(
            entry_date=today(),
            memo=f"loan #{loan.id} lost",
            lines=[
                (valuation.account(valuation.LOSSES), value),
                (valuation.account(valuation.ON_LOAN), -value),
            ],
            idempotency_key=f"market.loan_lost:{loan.id}",
            source=f"market.loan:{loan.id}",
            actor_id=actor_id,
        )
    record("market.loan.lost", actor_id=actor_id, target_type="market_loan", target_id=loan.id)
    return loan


def get_loan(loan_id) -> GoodsLoan:
    row = db.session.get(GoodsLoan, loan_id) if isinstance(loan_id, int) else None
    if row is None or row.tenant_id != require_tenant_id():
        raise NotFound(N_("This loan does not exist"))
    return row


def loans(status: str | None = None, limit: int | None = 200) -> list[GoodsLoan]:
    stmt = sa.select(GoodsLoan).order_by(GoodsLoan.due_on, GoodsLoan.id).limit(limit)
    if status:
        stmt = stmt.where(GoodsLoan.status == status)
    return list(db.session.scalars(stmt))


def remind_overdue(*, on: date | None = None) -> int:
    """One reminder per overdue loan per day, to the household's head, through
    the outbox. Safe to run twice."""
    on = on or today()
    from core.tenancy.models import Tenant

    tenant = db.session.get(Tenant, require_tenant_id())
    sent = 0
    overdue = db.session.scalars(
        sa.select(GoodsLoan)
        .where(GoodsLoan.status == "out", GoodsLoan.due_on < on)
        .order_by(GoodsLoan.id)
    ).all()
    for loan in overdue:
        claimed = db.session.execute(
            sa.update(GoodsLoan)
            .where(
                GoodsLoan.id == loan.id,
                GoodsLoan.status == "out",
                sa.or_(GoodsLoan.last_reminded_on.is_(None), GoodsLoan.last_reminded_on < on),
            )
            .values(last_reminded_on=on, reminders_sent=GoodsLoan.reminders_sent + 1)
            .returning(GoodsLoan.id)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if claimed is None:
            continue
        household = db.session.get(Household, loan.household_id)
        if household is None or household.head_person_id is None:
            continue
        from core.i18n.formatting import format_date

        queue_notification(
            template="market.loan_overdue",
            params={
                "item": loan.item.name_th,
                "quantity": loan.quantity,
                "unit": loan.item.unit,
                "org": tenant.name_th,
                "due": format_date(loan.due_on, lang="th"),
                "centre": loan.centre.name,
            },
            idempotency_key=f"market.loan_overdue:{loan.id}:{on.isoformat()}",
            to_person_id=household.head_person_id,
        )
        sent += 1
    db.session.flush()
    return sent
