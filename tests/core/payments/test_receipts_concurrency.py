"""Real concurrent clerks on PostgreSQL: receipt numbers stay unique and
gapless, and a double submit racing itself records one payment."""

from __future__ import annotations

import secrets
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
from tests.race import Abandon, race

pytestmark = pytest.mark.postgres


def clerks(app, tenant_id: int, tokens: list[str], fail: set[int] = frozenset()) -> Counter:
    """Each clerk records a 100-baht cash payment with its token, all at once;
    clerks in ``fail`` roll back after recording. Returns outcome counts."""
    with tenant_context(tenant_id):  # the sales account is there before the race
        get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
        db.session.commit()

    def clerk(i: int) -> None:
        sales = get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
        manual.record_payment(method="cash", amount=Money(10000), credit_account=sales,
                              description="ค่าสมาชิก", token=tokens[i], actor_id=None,
                              payer_name=f"สมาชิก {i}")
        if i in fail:
            raise Abandon

    return race(app, tenant_id, len(tokens), clerk)


def test_ten_clerks_at_once_get_numbers_one_to_ten(app, postgres_only, shop):
    tenant_id = shop.id
    outcomes = clerks(app, tenant_id, [secrets.token_urlsafe(16) for _ in range(10)])
    assert outcomes == Counter({"ok": 10})
    with tenant_context(tenant_id):
        numbers = sorted(db.session.scalars(sa.select(Receipt.number)))
        assert numbers == list(range(1, 11))
        assert landing_account("cash").balance == 10 * 10000
        assert queries.verify_balances() == []


def test_clerks_whose_transactions_roll_back_burn_no_numbers(app, postgres_only, shop):
    tenant_id = shop.id
    outcomes = clerks(app, tenant_id, [secrets.token_urlsafe(16) for _ in range(8)], fail={1, 4, 6})
    assert outcomes == Counter({"ok": 5, "rolled back": 3})
    with tenant_context(tenant_id):
        assert sorted(db.session.scalars(sa.select(Receipt.number))) == [1, 2, 3, 4, 5]


def test_a_double_submit_racing_itself_records_one_payment(app, postgres_only, shop):
    tenant_id = shop.id
    token = secrets.token_urlsafe(16)
    outcomes = clerks(app, tenant_id, [token] * 5)
    assert outcomes == Counter({"ok": 5})
    with tenant_context(tenant_id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1
        assert list(db.session.scalars(sa.select(Receipt.number))) == [1]
        assert landing_account("cash").balance == 10000
