"""A fund's members download as CSV: the page's columns, this fund's
members only, names but never national IDs or phones; a formula typed as a
member number is written as text."""

from __future__ import annotations

import csv
import io
from datetime import date

from core.db import db
from core.tenancy.context import set_tenant
from tests.factories.welfare import make_fund
from welfare.members import services


def test_members_csv(client, make_tenant, make_member, make_person):
    tenant = make_tenant()
    admin = make_member(tenant, "admin")
    set_tenant(tenant.id)
    fund = make_fund(name="กองทุนสวัสดิการ", kind="welfare")
    other = make_fund(name="กองทุนอื่น", kind="welfare")
    somchai = make_person(tenant, first_name_th="สมชาย", phone="0812345678")
    somsri = make_person(tenant, first_name_th="สมศรี")
    services.enroll(fund_id=fund.id, joined_on=date(2026, 1, 5), person_id=somchai.id, member_no="=1+2")
    services.enroll(fund_id=other.id, joined_on=date(2026, 1, 5), person_id=somsri.id, member_no="9")
    db.session.commit()
    client.login(admin)
    response = client.get(f"/t/{tenant.slug}/welfare/funds/{fund.id}/members/export.csv?lang=en")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == ["Member no.", "Member", "Joined", "Status", "Contributions owed"]
    assert len(rows) == 2 and rows[1][0] == "'=1+2" and "สมชาย" in rows[1][1]
    assert rows[1][2] == "2026-01-05"
    assert somchai.national_id not in text and "0812345678" not in text and "สมศรี" not in text


def test_another_tenants_fund_is_not_found(client, make_tenant, make_member):
    mine, theirs = make_tenant(), make_tenant()
    admin = make_member(mine, "admin")
    set_tenant(theirs.id)
    fund = make_fund(name="กองทุนของเขา", kind="welfare")
    db.session.commit()
    client.login(admin)
    assert client.get(f"/t/{mine.slug}/welfare/funds/{fund.id}/members/export.csv").status_code == 404
