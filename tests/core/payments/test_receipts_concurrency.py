"""Real concurrent clerks on PostgreSQL: receipt numbers stay unique and
gapless, and a double submit racing itself records one payment."""

from __future__ import annotations

import secrets
import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import queries
from core.ledger.services import get_or_create_account
from core.money import Money
from core.payments.accounts import landing_account
from core.payments.manual import services as manual
from core.payments.models import Payment
from core.payments.receipts.models import Receipt
from core.tenancy.context import tenant_context

pytestmark = pytest.mark.postgres


def race(app, tenant_id: int, tokens: list[str], fail: set[int] = frozenset()) -> Counter:
    """Each thread records a 100-baht cash payment with its token; threads in
    ``fail`` roll back after recording. Returns outcome counts."""
    barrier = threading.Barrier(len(tokens))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        with app.app_context(), tenant_context(tenant_id):
            try:
                sales = get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
                db.session.commit()
                barrier.wait(timeout=10)
                manual.record_payment(method="cash", amount=Money(10000), credit_account=sales,
                                      description="ค่าสมาชิก", token=tokens[i], actor_id=None,
                                      payer_name=f"สมาชิก {i}")
                if i in fail:
                    db.session.rollback()
                    outcome = "rolled back"
                else:
                    db.session.commit()
                    outcome = "ok"
            except Exception as exc:  # recorded, so the assertion shows it
                db.session.rollback()
                outcome = repr(exc)
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(tokens))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return Counter(outcomes)


def test_ten_clerks_at_once_get_numbers_one_to_ten(app, postgres_only, shop):
    tenant_id = shop.id
    outcomes = race(app, tenant_id, [secrets.token_urlsafe(16) for _ in range(10)])
    assert outcomes == Counter({"ok": 10})
    with tenant_context(tenant_id):
        numbers = sorted(db.session.scalars(sa.select(Receipt.number)))
        assert numbers == list(range(1, 11))
        assert landing_account("cash").balance == 10 * 10000
        assert queries.verify_balances() == []


def test_clerks_whose_transactions_roll_back_burn_no_numbers(app, postgres_only, shop):
    tenant_id = shop.id
    outcomes = race(app, tenant_id, [secrets.token_urlsafe(16) for _ in range(8)], fail={1, 4, 6})
    assert outcomes == Counter({"ok": 5, "rolled back": 3})
    with tenant_context(tenant_id):
        assert sorted(db.session.scalars(sa.select(Receipt.number))) == [1, 2, 3, 4, 5]


def test_a_double_submit_racing_itself_records_one_payment(app, postgres_only, shop):
    tenant_id = shop.id
    token = secrets.token_urlsafe(16)
    outcomes = race(app, tenant_id, [token] * 5)
    assert outcomes == Counter({"ok": 5})
    with tenant_context(tenant_id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1
        assert list(db.session.scalars(sa.select(Receipt.number))) == [1]
        assert landing_account("cash").balance == 10000
