"""A household paying twice by bank (two lines with the same Ref1 and
amount): the waiting payment is confirmed once, by the first line; the other
line is shown as a duplicate in the exceptions queue, never matched twice,
never left as a payment stuck in pending."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger.queries import verify_balances
from core.payments import services
from core.payments.models import Payment
from core.payments.reconciliation.duplicates import duplicates
from core.payments.statements import services as statements
from core.payments.statements.models import ReconMatch, StatementLine
from core.tenancy.context import tenant_context
from tests.core.payments.test_recon import bank, line, paid, run  # noqa: F401  (fixtures)

_keys = itertools.count(1)


@pytest.fixture
def waiting(make_payment, shop):
    def make(amount: str, ref1: str, status: str = "pending"):
        payment = make_payment(amount, method="promptpay", key=f"dup{next(_keys)}", ref1=ref1, provider="manual")
        with tenant_context(shop.id):
            services.transition(payment.id, "pending", source="test")
            if status == "cancelled":
                services.transition(payment.id, "cancelled", source="test")
            db.session.commit()
        return payment.id

    return make


def test_paying_twice_confirms_once_and_shows_the_second_line_as_a_duplicate(shop, bank, waiting, line):  # noqa: F811
    payment_id = waiting("12.00", "ORD77")
    first = line(1200, ref="ORD77", description="PromptPay 1")
    second = line(1200, ref="ORD77", description="PromptPay 2")
    assert run(shop, bank).confirmed == 1
    assert run(shop, bank).confirmed == 0
    with tenant_context(shop.id):
        assert db.session.get(Payment, payment_id).status == "succeeded"
        assert db.session.scalars(sa.select(ReconMatch.statement_line_id)).all() == [first]
        assert db.session.get(StatementLine, second).status == "unmatched"
        [dup] = duplicates(statements.get_bank_account(bank.id))
        assert (dup.line.id, dup.first_line_id, dup.payment_id) == (second, first, payment_id)
        assert verify_balances() == []


def test_a_repeated_line_of_an_already_paid_payment_is_a_duplicate(shop, bank, paid, line):  # noqa: F811
    payment_id = paid("300.00", ref1="INV300")
    first, second = line(30000, ref="INV300", description="a"), line(30000, ref="INV300", description="b")
    other = line(30000, ref="INV301")  # same amount, another Ref1: not a duplicate
    run(shop, bank)
    with tenant_context(shop.id):
        found = duplicates(statements.get_bank_account(bank.id))
        assert [(d.line.id, d.first_line_id, d.payment_id) for d in found] == [(second, first, payment_id)]
        assert other not in {d.line.id for d in found}


def test_money_for_a_cancelled_qr_is_confirmed_by_the_bank_not_left_unexplained(shop, bank, waiting, line):  # noqa: F811
    payment_id = waiting("40.00", "ORD78", status="cancelled")
    line(4000, ref="ORD78")
    assert run(shop, bank).confirmed == 1
    with tenant_context(shop.id):
        assert db.session.get(Payment, payment_id).status == "succeeded"


def test_the_exceptions_page_lists_duplicates_apart(client, shop, bank, waiting, line, make_member):  # noqa: F811
    waiting("12.00", "ORD79")
    first, second = line(1200, ref="ORD79", description="a"), line(1200, ref="ORD79", description="b")
    run(shop, bank)
    client.login(make_member(shop, "admin"))
    page = client.get(f"/t/shop/payments/bank/{bank.id}/exceptions")
    assert page.status_code == 200
    table = page.text.split('data-test="duplicates"')[1].split("</table>")[0]
    assert f'data-line="{second}" data-duplicate-of="{first}"' in table
    unmatched = page.text.split('data-test="unmatched-lines"')[1].split("</table>")[0]
    assert f'data-line="{second}"' not in unmatched
    r = client.post(f"/t/shop/payments/bank/lines/{second}/ignore", data={"reason": "โอนซ้ำ คืนเงินแล้ว"})
    assert r.status_code == 302
    with tenant_context(shop.id):
        assert db.session.get(StatementLine, second).status == "ignored"
        assert duplicates(statements.get_bank_account(bank.id)) == []


def test_a_bank_csv_with_a_repeated_line_imports_both_and_confirms_once(shop, bank, waiting):  # noqa: F811
    from tests.core.payments.test_statements import mapping, upload

    payment_id = waiting("12.00", "ORD80")
    with tenant_context(shop.id):
        mapping(statements.get_bank_account(bank.id))
    content = ("date,description,amount,reference\n"
               "09/01/2568,PromptPay,12.00,ORD80\n"
               "09/01/2568,PromptPay,12.00,ORD80\n")
    job = upload(shop, bank, content.encode())
    assert (job.status, job.lines_added) == ("done", 2)
    assert run(shop, bank).confirmed == 1
    with tenant_context(shop.id):
        assert db.session.get(Payment, payment_id).status == "succeeded"
        found = duplicates(statements.get_bank_account(bank.id))
        assert len(found) == 1 and found[0].payment_id == payment_id
