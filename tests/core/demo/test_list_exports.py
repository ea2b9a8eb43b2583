"""Every staff list downloads as CSV through the one writer: streamed, UTF-8
with a BOM, the page's columns, the tenant's rows only, national IDs masked
as on the page, no phones, empty cells empty; a role that may not see the
page may not download it."""

from __future__ import annotations

import csv
import io
import re

import pytest
import sqlalchemy as sa

from core.auth.models import User
from core.db import db
from core.demo.load import load
from core.registry.models import Household
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from market.models.orders import Order
from welfare.models.funds import Fund

pytestmark = pytest.mark.shared_data  # the full demo loads once for the module (read-only tests)

NATIONAL_ID = re.compile(r"(?<!\d)\d{13}(?!\d)")
PHONE = re.compile(r"(?:\+66|0)[689]\d{7,8}")


@pytest.fixture(scope="module")
def demo(app, shared_rows):
    with app.app_context():
        load()
        db.session.commit()
        db.session.remove()


def login(client, email: str):
    user = db.session.scalar(sa.select(User).where(User.email == email))
    client.login(user)
    return client


def download(client, path: str) -> list[list[str]]:
    response = client.get("/t/khok-sai" + path)
    assert response.status_code == 200, path
    assert response.is_streamed and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8")[1:]
    assert not NATIONAL_ID.search(text), path
    assert not PHONE.search(text.replace("-", "")), path
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows:
        assert "'" not in row, path  # an empty cell stays empty
        assert not any(c[:1] in ("=", "+", "-", "@") for c in row if c and not re.fullmatch(r"-?\d+(\.\d+)?", c))
    return rows


def khok_sai() -> Tenant:
    return db.session.scalar(sa.select(Tenant).where(Tenant.slug == "khok-sai"))


EXPORTS = [
    "/registry/households/export.csv",
    "/market/orders/export.csv",
    "/welfare/loans/export.csv",
    "/payments/receipts/export.csv",
    "/payments/export.csv",
    "/audit/export.csv",
]


def test_households_export_every_household_of_the_tenant_masked(client, demo, ctx):
    rows = download(login(client, "admin@khoksai.demo"), "/registry/households/export.csv?lang=en")
    assert rows[0] == ["Code", "Village", "Head", "National ID", "Members", "Vulnerability"]
    tenant = khok_sai()
    with tenant_context(tenant.id):
        codes = set(db.session.scalars(sa.select(Household.code)))
    # 650 households: more than one batch of the keyset reader, none twice or missed
    assert {r[0] for r in rows[1:]} == codes and len(rows) - 1 == len(codes) == 650
    shown = [r[3] for r in rows[1:] if r[3]]
    assert shown and all(re.fullmatch(r"x-xxxx-xxxxx-\d\d-\d", nid) for nid in shown)
    village = download(client, "/registry/households/export.csv?village=999999999")
    assert len(village) == 1  # a filter that matches nothing: the header only


def test_orders_export_matches_the_tenant_and_money_in_baht(client, demo, ctx):
    rows = download(login(client, "admin@khoksai.demo"), "/market/orders/export.csv")
    tenant = khok_sai()
    with tenant_context(tenant.id):
        total = db.session.scalar(sa.select(sa.func.count(Order.id)))
        first = db.session.scalar(sa.select(Order).order_by(Order.id.desc()).limit(1))
    assert len(rows) - 1 == total > 0
    assert rows[1][0] == str(first.id)
    assert all(re.fullmatch(r"\d+\.\d\d", r[3]) for r in rows[1:])


def test_loans_members_receipts_payments_and_audit_download(client, demo, ctx):
    login(client, "admin@khoksai.demo")
    for path in EXPORTS[2:]:
        assert len(download(client, path)) > 1, path
    with tenant_context(khok_sai().id):
        fund = db.session.scalar(sa.select(Fund).order_by(Fund.id).limit(1))
    members = download(client, f"/welfare/funds/{fund.id}/members/export.csv?lang=en")
    assert members[0] == ["Member no.", "Member", "Joined", "Status", "Contributions owed"]


@pytest.mark.parametrize("path", EXPORTS)
def test_a_household_member_cannot_download_staff_lists(client, demo, ctx, path):
    login(client, "household@khoksai.demo")
    assert client.get("/t/khok-sai" + path).status_code in (302, 403)
