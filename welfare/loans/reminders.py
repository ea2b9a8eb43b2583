"""Reminders to borrowers through the outbox: three days before an
installment falls due, on the day, and when it is overdue (after 1, 7 and 30
days). Each reminder has an idempotency key naming the installment and the
stage, so running the job twice (or on two workers) sends nothing twice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta

from core.db import db
from core.i18n.formatting import format_date, format_thb
from core.notifications import messages
from core.notifications.services import NoAddress, queue_notification
from welfare.loans import queries
from welfare.models.loans import Installment, Loan

log = logging.getLogger(__name__)
OVERDUE_STAGES = (1, 7, 30)

messages.register_templates(
    {
        "welfare.loan.due_soon": {
            "en": messages.Text(
                "Loan installment due on {due_on}",
                "Loan {loan}: installment {number} of {amount} is due on {due_on}.",
            ),
            "th": messages.Text(
                "งวดเงินกู้ครบกำหนด {due_on}",
                "เงินกู้ {loan}: งวดที่ {number} จำนวน {amount} ครบกำหนดชำระวันที่ {due_on}",
            ),
        },
        "welfare.loan.due_today": {
            "en": messages.Text(
                "Loan installment due today",
                "Loan {loan}: installment {number} of {amount} is due today ({due_on}).",
            ),
            "th": messages.Text(
                "งวดเงินกู้ครบกำหนดวันนี้",
                "เงินกู้ {loan}: งวดที่ {number} จำนวน {amount} ครบกำหนดชำระวันนี้ ({due_on})",
            ),
        },
        "welfare.loan.overdue": {
            "en": messages.Text(
                "Loan installment overdue",
                "Loan {loan}: installment {number} ({amount} still owed) was due on {due_on}, "
                "{days} days ago. Please contact the fund.",
            ),
            "th": messages.Text(
                "งวดเงินกู้เกินกำหนดชำระ",
                "เงินกู้ {loan}: งวดที่ {number} (ค้างชำระ {amount}) ครบกำหนดวันที่ {due_on} "
                "เกินกำหนดมา {days} วัน กรุณาติดต่อกองทุน",
            ),
        },
    }
)


def _send(item: Installment, template: str, stage: str, days: int = 0) -> bool:
    loan = db.session.get(Loan, item.loan_id)
    params = {
        "loan": loan.number,
        "number": item.number,
        "amount": format_thb(item.remaining),
        "due_on": format_date(item.due_on),
        "days": days,
    }
    try:
        # No savepoint: NoAddress is raised before anything is written.
        queue_notification(
            template=template,
            params=params,
            idempotency_key=f"welfare.installment:{item.id}:{stage}",
            to_person_id=loan.borrower_person_id,
        )
        return True
    except NoAddress:
        log.info("no address to remind the borrower of loan %s", loan.id)
        return False


def send_reminders(
    today: date, checkpoint: Callable[[], None] | None = None, every: int = 500
) -> dict[str, int]:
    """Queue today's reminders for the tenant in context.

    ``checkpoint`` (the task's commit) is called after every ``every``
    reminders, so a batch of thousands goes out as it is written rather than
    after the last row; the idempotency keys make a batch cut short by a crash
    safe to run again."""
    sent = {"due_soon": 0, "due_today": 0, "overdue": 0}
    work: list[tuple[int, str, str, str, int]] = []
    for item in queries.installments_due_on(today + timedelta(days=3)):
        work.append((item.id, "due_soon", "welfare.loan.due_soon", "due_soon", 0))
    for item in queries.installments_due_on(today):
        work.append((item.id, "due_today", "welfare.loan.due_today", "due_today", 0))
    for item in queries.installments_overdue(today):
        days = (today - item.due_on).days
        stage = max((s for s in OVERDUE_STAGES if s <= days), default=None)
        if stage is not None:
            work.append((item.id, "overdue", "welfare.loan.overdue", f"overdue_{stage}", days))
    for done, (item_id, kind, template, key, days) in enumerate(work, start=1):
        installment = db.session.get(Installment, item_id)
        if installment is not None:
            sent[kind] += _send(installment, template, key, days)
        if checkpoint is not None and done % every == 0:
            checkpoint()
    return sent
