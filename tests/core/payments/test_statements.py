"""Bank statement CSVs: Thai banks' formats, encodings, bad lines, and lines
never imported twice."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core.db import db
from core.imports.models import ImportJob as StatementImport
from core.payments.statements import importer as statement_import
from core.payments.statements import services as statements
from core.payments.statements.importer import BadCell, parse_amount, parse_date
from core.payments.statements.models import StatementLine
from core.tenancy.context import tenant_context
from tests.factories.payments import make_bank_account


@pytest.fixture
def bank(shop):
    return make_bank_account(shop, name="กรุงไทย ออมทรัพย์", bank="KTB", number="123-4-56789-0")


def mapping(bank, **values):
    data = {"date_column": "date", "description_column": "description", "amount_column": "amount",
            "reference_column": "reference", "date_format": "DD/MM/YYYY", "year_era": "auto",
            "decimal_style": "dot", "skip_rows": 0, "has_header": True, **values}
    statements.save_mapping(bank, data, actor_id=None)
    db.session.commit()


def upload(shop, bank, content: bytes, mode="strict") -> StatementImport:
    with tenant_context(shop.id):
        job = statements.start_import(statements.get_bank_account(bank.id), "s.csv", content, mode, None)
        db.session.commit()
        statement_import.run(job.id, shop.id)
        db.session.expire_all()
        return statements.get_import(job.id)


def lines(shop):
    with tenant_context(shop.id):
        return list(db.session.scalars(sa.select(StatementLine).order_by(StatementLine.id)))


@pytest.mark.parametrize("text, satang", [
    ("1,234.50", 123450), ("-1,234.50", -123450), ("1,234.50 บาท", 123450), ("(1,234.50)", -123450),
    ("฿ 12", 1200), ("1,234.50-", -123450), ("+7.5", 750), ("", None), ("-", None),
])
def test_amounts_as_thai_banks_print_them(text, satang):
    assert parse_amount(text) == satang


def test_amounts_in_the_comma_style_and_bad_ones():
    assert parse_amount("1.234,50", "comma") == 123450
    for bad in ("12.345", "1,2a", "abc", "1.2.3"):
        with pytest.raises(BadCell):
            parse_amount(bad)


def test_buddhist_era_dates():
    assert parse_date("05/01/2568") == date(2025, 1, 5)
    assert parse_date("05/01/2025") == date(2025, 1, 5)
    assert parse_date("05/01/2568 10:31") == date(2025, 1, 5)
    assert parse_date("2568-01-05", "YYYY-MM-DD", "be") == date(2025, 1, 5)
    assert parse_date("05/01/68", "DD/MM/YY") == date(2025, 1, 5)
    assert parse_date("01/05/2025", "MM/DD/YYYY", "ce") == date(2025, 1, 5)
    for bad in ("31/02/2568", "2568/01/05", "", "yesterday"):
        with pytest.raises(BadCell):
            parse_date(bad)


CSV = (
    "date,description,amount,reference\n"
    "05/01/2568,โอนเงินเข้า,\"1,234.50\",REF001\n"
    "06/01/2568,ค่าธรรมเนียม,(15.00),\n"
    "07/01/2568,ดอกเบี้ย,2.50 บาท,\n"
)


@pytest.mark.parametrize("encoded", [CSV.encode("utf-8"), b"\xef\xbb\xbf" + CSV.encode("utf-8"), CSV.encode("cp874")],
                         ids=["utf-8", "utf-8-bom", "tis-620"])
def test_a_statement_in_each_encoding(shop, bank, encoded):
    job = upload(shop, bank, encoded)
    assert (job.status, job.lines_added) == ("done", 3)
    got = lines(shop)
    assert [(line.line_date, line.amount, line.ref1) for line in got] == [
        (date(2025, 1, 5), 123450, "REF001"), (date(2025, 1, 6), -1500, None), (date(2025, 1, 7), 250, None)]
    assert got[0].description == "โอนเงินเข้า"


def test_debit_and_credit_columns_with_a_balance_and_skipped_title_rows(shop, bank):
    with tenant_context(shop.id):
        mapping(statements.get_bank_account(bank.id), amount_column="", debit_column="ถอน", credit_column="ฝาก",
                balance_column="คงเหลือ", date_column="วันที่", description_column="รายการ", reference_column="4",
                skip_rows=2)
    content = ("ธนาคารกรุงไทย\nบัญชี xxx-6789\n"
               "วันที่,รายการ,ถอน,อ้างอิง,ฝาก,คงเหลือ\n"
               "01/02/2568,ฝากเงิน,,A1,\"5,000.00\",\"5,000.00\"\n"
               "02/02/2568,ถอนเงิน,\"1,000.00\",,,\"4,000.00\"\n").encode()
    job = upload(shop, bank, content)
    assert job.status == "done", [e["params"] for e in job.errors]
    assert [(line.amount, line.balance_after, line.reference) for line in lines(shop)] == [
        (500000, 500000, "A1"), (-100000, 400000, None)]


def test_a_malformed_line_imports_nothing_until_the_good_rows_are_chosen(shop, bank):
    content = (CSV + "08/01/2568,ผิด,12x,\n32/01/2568,วันผิด,5.00,\n").encode()
    job = upload(shop, bank, content)
    assert job.status == "invalid"
    assert [(e["row"], e["field"]) for e in job.errors] == [(5, "amount"), (6, "date")]
    assert lines(shop) == []
    with tenant_context(shop.id):
        statements.import_good_rows(statements.get_import(job.id), None)
        db.session.commit()
        statement_import.run(job.id, shop.id)
        db.session.expire_all()
        job = statements.get_import(job.id)
    assert (job.status, job.lines_added, job.rows_skipped) == ("done", 3, 2)


@pytest.mark.parametrize("content, message", [
    (b"", None), (b"PK\x03\x04rest", "spreadsheet"), ("date,amount\n".encode("utf-16"), "UTF-16"),
    (b"date,description\n05/01/2568,x\n", "missing"), (b"date,description,amount,reference\n", "no data"),
    (b"date,amount\n\"05/01/2568,1\n", None),
])
def test_files_that_cannot_be_read_fail_cleanly(shop, bank, content, message):
    if not content:
        with tenant_context(shop.id), pytest.raises(Exception, match="file"):
            statements.start_import(statements.get_bank_account(bank.id), "x.csv", content, "strict", None)
        return
    job = upload(shop, bank, content)
    assert job.status in ("failed", "invalid")
    if message:
        assert message.lower() in (job.message or "").lower()
    assert lines(shop) == []


def test_reimporting_the_same_file_adds_nothing_and_an_overlapping_one_only_new_lines(shop, bank):
    assert upload(shop, bank, CSV.encode()).lines_added == 3
    again = upload(shop, bank, b"\xef\xbb\xbf" + CSV.encode())
    assert (again.lines_added, again.lines_already) == (0, 3)
    overlapping = CSV.splitlines()[0] + "\n" + "\n".join(CSV.splitlines()[2:]) + "\n08/01/2568,โอนเงินเข้า,99.00,REF002\n"
    job = upload(shop, bank, overlapping.encode())
    assert (job.lines_added, job.lines_already) == (1, 2)
    assert len(lines(shop)) == 4


def test_identical_lines_in_one_file_are_both_kept(shop, bank):
    content = "date,description,amount,reference\n09/01/2568,ค่าธรรมเนียม,-10.00,\n09/01/2568,ค่าธรรมเนียม,-10.00,\n"
    assert upload(shop, bank, content.encode()).lines_added == 2
    assert upload(shop, bank, content.encode()).lines_added == 0
    assert len(lines(shop)) == 2


def test_the_mapping_is_checked(shop, bank):
    from core.errors import ValidationError

    with tenant_context(shop.id):
        account = statements.get_bank_account(bank.id)
        for bad in ({"amount_column": "", "debit_column": "ถอน"}, {"date_format": "YYYYMMDD"},
                    {"skip_rows": "x"}, {"date_column": ""}):
            with pytest.raises(ValidationError):
                mapping(account, **bad)
        db.session.rollback()
