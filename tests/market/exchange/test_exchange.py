"""Barter moves goods both ways at agreed values; loans go out, come back
or are written off; overdue loans get one reminder a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import queries as ledger_queries
from core.ledger.models import Account
from core.notifications.models import Notification
from core.tenancy.context import set_tenant
from market.exchange import services
from market.models.catalog import Item
from market.stock import services as stock
from market.stock.errors import NotEnoughStock
from market.stock.valuation import BOOK


def balance(code: str) -> int:
    account = db.session.scalar(
        sa.select(Account).where(Account.book == BOOK, Account.code == code)
    )
    return account.balance if account else 0


@pytest.fixture
def stocked(shop):
    stock.receive(
        shop.centre.id,
        shop.rice.id,
        20,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    kit = Item(name_th="ชุดตรวจคัดกรอง", unit="ชุด", cost_satang=30000)
    chair = Item(name_th="รถเข็น", unit="คัน", cost_satang=250000, lendable=True)
    db.session.add_all([kit, chair])
    db.session.flush()
    stock.receive(
        shop.centre.id, chair.id, 2, kind="donation", ref=None, unit_cost_satang=None, actor_id=None
    )
    db.session.commit()
    shop.screening, shop.chair = kit, chair
    return shop


def test_rice_for_screening_kits(stocked):
    shop = stocked
    deal = services.barter(
        {"centre_id": str(shop.centre.id), "partner": "รพ.สต.โคกทราย"},
        [{"item_id": str(shop.rice.id), "quantity": "10", "unit_value": "150"}],
        [{"item_id": str(shop.screening.id), "quantity": "5", "unit_value": "300"}],
        actor_id=None,
    )
    assert deal.value_out_satang == deal.value_in_satang == 150000
    assert stock.available(shop.centre.id, shop.rice.id) == 10
    assert stock.available(shop.centre.id, shop.screening.id) == 5
    assert balance("1350") == 0  # the barter clearing account nets out
    assert ledger_queries.verify_balances() == []


def test_barter_with_unequal_values_or_too_little_stock_changes_nothing(stocked):
    shop = stocked
    with pytest.raises(services.ValuesDiffer):
        services.barter(
            {"centre_id": str(shop.centre.id), "partner": "x"},
            [{"item_id": str(shop.rice.id), "quantity": "1", "unit_value": "150"}],
            [{"item_id": str(shop.screening.id), "quantity": "1", "unit_value": "100"}],
            actor_id=None,
        )
    with pytest.raises(NotEnoughStock):
        services.barter(
            {"centre_id": str(shop.centre.id), "partner": "x"},
            [{"item_id": str(shop.rice.id), "quantity": "21", "unit_value": "100"}],
            [{"item_id": str(shop.screening.id), "quantity": "7", "unit_value": "300"}],
            actor_id=None,
        )
    db.session.rollback()
    assert stock.available(shop.centre.id, shop.rice.id) == 20


def test_loan_out_and_back(stocked, make_household):
    shop = stocked
    household = make_household(shop.tenant)
    set_tenant(shop.tenant.id)
    due = services.today() + timedelta(days=30)
    loan = services.lend(
        {
            "centre_id": shop.centre.id,
            "item_id": shop.chair.id,
            "household_id": household.id,
            "quantity": "1",
            "due_on": due.isoformat(),
        },
        actor_id=None,
    )
    assert stock.available(shop.centre.id, shop.chair.id) == 1
    assert balance("1330") == 250000
    services.return_loan(loan, actor_id=None)
    assert stock.available(shop.centre.id, shop.chair.id) == 2
    assert balance("1330") == 0
    with pytest.raises(services.LoanClosed):
        services.return_loan(loan, actor_id=None)
    assert ledger_queries.verify_balances() == []


def test_loan_refusals(stocked, make_household):
    shop = stocked
    household = make_household(shop.tenant)
    set_tenant(shop.tenant.id)
    base = {
        "centre_id": shop.centre.id,
        "household_id": household.id,
        "quantity": "1",
        "due_on": (services.today() + timedelta(days=3)).isoformat(),
    }
    with pytest.raises(services.NotLendable):
        services.lend({**base, "item_id": shop.rice.id}, actor_id=None)
    for due in ("yesterday", (services.today() - timedelta(days=1)).isoformat(), "2999-01-01"):
        with pytest.raises(services.InvalidDueDate):
            services.lend({**base, "item_id": shop.chair.id, "due_on": due}, actor_id=None)
    with pytest.raises(NotEnoughStock):
        services.lend({**base, "item_id": shop.chair.id, "quantity": "3"}, actor_id=None)


def test_lost_loan_is_written_off(stocked, make_household):
    shop = stocked
    household = make_household(shop.tenant)
    set_tenant(shop.tenant.id)
    loan = services.lend(
        {
            "centre_id": shop.centre.id,
            "item_id": shop.chair.id,
            "household_id": household.id,
            "quantity": "1",
            "due_on": services.today().isoformat(),
        },
        actor_id=None,
    )
    services.mark_lost(loan, actor_id=None)
    assert balance("1330") == 0 and balance("5120") == 250000
    assert ledger_queries.verify_balances() == []


def test_overdue_reminder_once_a_day(stocked, make_household):
    shop = stocked
    household = make_household(shop.tenant)
    set_tenant(shop.tenant.id)
    loan = services.lend(
        {
            "centre_id": shop.centre.id,
            "item_id": shop.chair.id,
            "household_id": household.id,
            "quantity": "1",
            "due_on": services.today().isoformat(),
        },
        actor_id=None,
    )
    db.session.commit()
    later = services.today() + timedelta(days=2)
    assert services.remind_overdue(on=later) == 1
    assert services.remind_overdue(on=later) == 0
    assert services.remind_overdue(on=later + timedelta(days=1)) == 1
    notes = db.session.scalars(sa.select(Notification)).all()
    assert [n.template for n in notes] == ["market.loan_overdue"] * 2
    assert loan.id


def test_reminder_task_runs_for_the_tenant(app, stocked, make_household):
    from market.exchange.tasks_exchange import loan_overdue_reminders

    shop = stocked
    make_household(shop.tenant)
    set_tenant(shop.tenant.id)
    assert loan_overdue_reminders.run(shop.tenant.id) == 0


def test_pages(client, stocked, make_member, make_household):
    shop = stocked
    household = make_household(shop.tenant)
    staff = make_member(shop.tenant, "staff")
    set_tenant(shop.tenant.id)
    client.login(staff)
    base = f"/t/{shop.tenant.slug}/market"
    for path in ("/exchange", "/exchange/barter", "/exchange/loans"):
        assert client.get(base + path).status_code == 200, path
    r = client.post(
        base + "/exchange/loans",
        data={
            "centre_id": shop.centre.id,
            "item_id": shop.chair.id,
            "household_id": household.id,
            "quantity": "1",
            "due_on": (services.today() + timedelta(days=7)).isoformat(),
        },
    )
    assert r.status_code == 302
    set_tenant(shop.tenant.id)
    loan = services.loans()[0]
    assert client.post(f"{base}/exchange/loans/{loan.id}/return").status_code == 302
    r = client.post(
        base + "/exchange/barter",
        data={
            "centre_id": shop.centre.id,
            "partner": "ร้าน",
            "out_item_id-0": shop.rice.id,
            "out_quantity-0": "2",
            "out_unit_value-0": "150",
            "in_item_id-0": shop.screening.id,
            "in_quantity-0": "1",
            "in_unit_value-0": "300",
        },
    )
    assert r.status_code == 302
    assert client.get(r.headers["Location"]).status_code == 200
    r = client.post(
        base + "/exchange/barter",
        data={"centre_id": shop.centre.id, "partner": "ร้าน", "out_quantity-0": "-1"},
    )
    assert r.status_code == 422
