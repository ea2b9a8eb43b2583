"""Borrower reminders through the outbox (never twice) and nightly ageing."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core.db import db
from core.ledger import services as ledger
from core.notifications.models import Notification
from core.tenancy.context import tenant_context
from tests.factories.welfare import make_loan
from welfare.loans import services
from welfare.models.loans import Loan


def test_reminders_before_on_the_day_and_overdue_sent_once(world):
    from welfare.loans import tasks_loans

    today = ledger.today()
    with tenant_context(world.tenant.id):
        world.borrower.phone = "+66812345678"
        loan = make_loan(world)
        items = services.installments(loan.id)
        items[0].due_on = today - timedelta(days=8)
        items[1].due_on = today
        items[2].due_on = today + timedelta(days=3)
        db.session.commit()
    first = tasks_loans.send_reminders(world.tenant.id, today.isoformat())
    second = tasks_loans.send_reminders(world.tenant.id, today.isoformat())
    assert first == {"due_soon": 1, "due_today": 1, "overdue": 1}
    assert second == first  # asked again, but the outbox keeps one of each
    with tenant_context(world.tenant.id):
        rows = db.session.scalars(
            sa.select(Notification)
            .where(Notification.idempotency_key.like("welfare.installment:%"))
            .order_by(Notification.id)
        ).all()
        assert len(rows) == 3
        assert {r.idempotency_key.rsplit(":", 1)[-1] for r in rows} == {
            "due_soon",
            "due_today",
            "overdue_7",
        }
        assert all(r.to_person_id == world.borrower.id for r in rows)


def test_a_large_batch_of_reminders_is_committed_as_it_goes(world, owner_rows):
    """With a checkpoint every two reminders, the first two are committed (seen
    from another connection) before the third is written."""
    from welfare.loans import reminders

    today = ledger.today()
    with tenant_context(world.tenant.id):
        world.borrower.phone = "+66812345678"
        loan = make_loan(world)
        items = services.installments(loan.id)
        items[0].due_on = today - timedelta(days=8)
        items[1].due_on = today
        items[2].due_on = today + timedelta(days=3)
        db.session.commit()
        seen: list[int] = []

        def checkpoint() -> None:
            db.session.commit()
            seen.append(len(owner_rows(
                sa.text("SELECT id FROM notification WHERE tenant_id = :t AND idempotency_key LIKE 'welfare.installment:%'"),
                {"t": world.tenant.id},
            )))

        sent = reminders.send_reminders(today, checkpoint=checkpoint, every=2)
        db.session.commit()
    assert sent == {"due_soon": 1, "due_today": 1, "overdue": 1}
    assert seen == [2]


def test_paid_installments_get_no_reminder(world):
    from welfare.loans import reminders, repayments

    today = ledger.today()
    with tenant_context(world.tenant.id):
        world.borrower.phone = "+66812345678"
        loan = make_loan(world)
        first = services.installments(loan.id)[0]
        first.due_on = today
        db.session.flush()
        repayments.record_repayment(
            loan_id=loan.id,
            amount_satang=first.remaining,
            method="cash",
            token="paid-first-installment",
            actor_id=None,
        )
        assert reminders.send_reminders(today)["due_today"] == 0


def test_nightly_ageing_task(world):
    from welfare.loans import tasks_loans

    today = ledger.today()
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        services.installments(loan.id)[0].due_on = today - timedelta(days=45)
        db.session.commit()
    assert tasks_loans.age(world.tenant.id, today.isoformat()) == 1
    assert tasks_loans.age(world.tenant.id, today.isoformat()) == 1
    with tenant_context(world.tenant.id):
        db.session.expire_all()
        aged = db.session.get(Loan, loan.id)
        assert aged.days_past_due == 45 and aged.aged_on == today
