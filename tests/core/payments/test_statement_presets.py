"""Statement files as Thai banks export them: each bank's preset with a sample
file, every date form a Thai statement carries (ISO, Buddhist Era, Common
Era, Thai month names), and the dates that must be refused with a message
that says why (ambiguous two-digit years, impossible days, next year's
lines)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from core import clock
from core.db import db
from core.imports.models import ImportJob as StatementImport
from core.payments.statements import importer as statement_import
from core.payments.statements import presets as statement_presets
from core.payments.statements import services as statements
from core.payments.statements.importer import BadCell, parse_date
from core.payments.statements.models import StatementLine
from core.tenancy.context import tenant_context
from tests.factories.payments import make_bank_account


@pytest.fixture
def bank(shop):
    return make_bank_account(shop, name="บัญชีกองทุน", bank="BAAC", number="020-1-23456-7")


def use_preset(shop, bank, key: str) -> None:
    with tenant_context(shop.id):
        statements.save_mapping(statements.get_bank_account(bank.id), statement_presets.get(key).mapping_data(), None)
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
        return [(line.line_date, line.amount) for line in
                db.session.scalars(sa.select(StatementLine).order_by(StatementLine.id))]


# --- dates ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2026-12-06", "06/12/2569", "06/12/2026", "6/12/2569", "06-12-2569", "06.12.2026", "2569-12-06",
    "6 ธ.ค. 2569", "06 ธ.ค. 69", "6 ธันวาคม 2569", "06-Dec-2026", "6 Dec 26", "๐๖/๑๒/๒๕๖๙", "06/12/2569 10:31",
    "2026-12-06T10:31:00",
])
def test_every_form_a_thai_statement_writes_the_sixth_of_december(text):
    assert parse_date(text) == date(2026, 12, 6)


def test_the_mapping_decides_what_a_two_digit_year_or_a_month_first_file_means():
    assert parse_date("06/12/69", "DD/MM/YY") == date(2026, 12, 6)
    assert parse_date("06/12/69", "DD/MM/YYYY", "be") == date(2026, 12, 6)
    assert parse_date("06/12/26", "DD/MM/YYYY", "ce") == date(2026, 12, 6)
    assert parse_date("12/06/2026", "MM/DD/YYYY") == date(2026, 12, 6)
    assert parse_date("2026-12-06", "MM/DD/YYYY") == date(2026, 12, 6)


@pytest.mark.parametrize("text, why", [
    ("06/12/69", "two digits"),  # 2569 or 2069?
    ("31/02/2569", "Not a date"), ("13/13/2026", "Not a date"), ("2026-13-01", "Not a date"),
    ("06/12", "Not a date"), ("6 Foo 2569", "Not a date"), ("", "Not a date"), ("   ", "Not a date"),
    ("06/12/1450", "too early"),
])
def test_ambiguous_and_impossible_dates_say_why(text, why):
    with pytest.raises(BadCell) as caught:
        parse_date(text, field="date")
    assert why in caught.value.message and caught.value.field == "date"


def test_a_date_after_today_is_refused():
    today = date(2026, 12, 7)
    assert parse_date("07/12/2569", latest=today) == today
    with pytest.raises(BadCell, match="after today"):
        parse_date("08/12/2569", latest=today)
    with pytest.raises(BadCell, match="after today"):
        parse_date("2027-01-05", latest=today)


# --- each bank's layout ---------------------------------------------------------

def _sample(preset: statement_presets.Preset, dates: list[str]) -> str:
    """A file with a title row, the header in the preset's first names, and
    one deposit and one withdrawal line per date form."""
    roles = ["date", "description", "debit", "credit", "amount", "balance", "reference"]
    used = [role for role in roles if preset.columns.get(role)]
    header = [preset.columns[role].split("|")[0] for role in used]
    rows = [f"{preset.label} บัญชี xxx-4567", ",".join(header)]
    for i, when in enumerate(dates):
        values = {"date": when, "description": "รับโอน", "debit": "", "credit": "\"1,500.00\"",
                  "amount": "\"1,500.00\"", "balance": "\"1,500.00\"", "reference": f"R{i}"}
        rows.append(",".join(values[role] for role in used))
        values.update(description="ถอนเงินสด", debit="200.00", credit="", amount="-200.00", reference="")
        rows.append(",".join(values[role] for role in used))
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("key", [p.key for p in statement_presets.PRESETS])
def test_each_banks_sample_file_reads_with_its_preset(shop, bank, key):
    preset = statement_presets.get(key)
    use_preset(shop, bank, key)
    day = clock.today() - timedelta(days=3)
    forms = [day.isoformat(), f"{day:%d/%m}/{day.year + 543}", f"{day:%d/%m/%Y}"]
    job = upload(shop, bank, _sample(preset, forms).encode("utf-8"))
    assert job.status == "done", job.errors
    assert lines(shop) == [(day, 150000), (day, -20000)] * 3
    again = upload(shop, bank, _sample(preset, forms).encode("cp874"))  # the same statement, in TIS-620
    assert (again.status, again.lines_added, again.lines_already) == ("done", 0, 6)


def test_an_english_header_reads_with_a_thai_banks_preset(shop, bank):
    use_preset(shop, bank, "kbank")
    content = "Date,Description,Withdrawal,Deposit,Balance\n05/01/2568,Transfer,,100.00,100.00\n"
    job = upload(shop, bank, content.encode())
    assert job.status == "done", job.errors
    assert lines(shop) == [(date(2025, 1, 5), 10000)]


def test_a_statement_with_next_years_dates_imports_nothing_and_names_the_rows(shop, bank):
    use_preset(shop, bank, "signed")
    next_year = clock.today().year + 1 + 543
    content = ("date,description,amount,reference\n05/01/2568,รับโอน,100.00,A\n"
               f"05/01/{next_year},รับโอน,100.00,B\n06/12/69,รับโอน,5.00,C\n").encode()
    job = upload(shop, bank, content)
    assert job.status == "invalid"
    assert [(e["row"], e["field"]) for e in job.errors] == [(3, "date"), (4, "date")]
    assert "after today" in job.errors[0]["message"] and "two digits" in job.errors[1]["message"]
    assert lines(shop) == []


# --- the pages --------------------------------------------------------------------

def test_the_upload_page_says_which_dates_it_reads_before_the_upload(client, shop, bank, make_member):
    client.login(make_member(shop, "fund_manager"))
    page = client.get(f"/t/shop/payments/bank/{bank.id}/statements").get_data(as_text=True)
    section = page.split('data-test="accepted-formats"')[1].split("</section>")[0]
    for example in ("2026-12-06", "06/12/2569", "06/12/2026"):
        assert example in section
    assert "ธ.ค." in section and "«date»" in section


def test_a_preset_fills_the_mapping_form_and_is_saved_only_when_asked(client, shop, bank, make_member):
    client.login(make_member(shop, "fund_manager"))
    url = f"/t/shop/payments/bank/{bank.id}/mapping"
    page = client.get(url + "?preset=baac").get_data(as_text=True)
    assert 'data-test="preset-note"' in page and 'value="ถอน|ถอนเงิน|Withdrawal"' in page
    with tenant_context(shop.id):
        assert statements.current_mapping(bank.id).debit_column is None  # only filled, not saved
    assert client.get(url + "?preset=nosuchbank").status_code == 200
    data = {**statement_presets.get("baac").mapping_data(), "debit_column": "เงินออก", "has_header": "y"}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    assert client.post(url, data=data).status_code == 302
    with tenant_context(shop.id):
        assert statements.current_mapping(bank.id).debit_column == "เงินออก"


def test_the_same_statement_twice_says_so_in_thai(client, shop, bank, make_member):
    client.login(make_member(shop, "fund_manager"))
    day = clock.today() - timedelta(days=1)
    content = f"date,description,amount,reference\n{day.isoformat()},รับโอน,100.00,A\n".encode()
    pages = []
    for _ in range(2):
        response = client.post(f"/t/shop/payments/bank/{bank.id}/statements",
                               data={"file": (io.BytesIO(content), "s.csv"), "mode": "strict"},
                               content_type="multipart/form-data")
        assert response.status_code == 302
        pages.append(client.get(response.headers["Location"]).get_data(as_text=True))
    assert 'data-test="already-imported"' not in pages[0]
    assert 'data-test="already-imported"' in pages[1] and "นำเข้าแล้ว" in pages[1]
    assert len(lines(shop)) == 1
