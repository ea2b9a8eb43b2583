"""Column mappings for the statement files of common Thai banks, as data.

A preset fills the column mapping form; staff check it against their own file
and change what differs before saving, so a preset is a starting point, never
a rule. Banks change their exports and offer several (internet banking,
business banking, a branch's printout); the layouts below are what each
bank's internet-banking CSV export is believed to carry, with the assumptions
named in ``assumptions``. Two things make them forgiving:

- a column may list the names banks use for it, separated by ``|``
  (``วันที่|Date``): the first found in the header is read;
- the header is found by its date column, so title rows above it (account
  name, period) need not be counted.

Every preset reads dates day first, in Buddhist or Common Era, and ISO dates
(:mod:`core.payments.statements.dates`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import N_


@dataclass(frozen=True)
class Preset:
    key: str
    label: str  # the bank's own name (passes through the catalogue unchanged) or a msgid
    assumptions: str  # a msgid
    columns: dict[str, str | None] = field(default_factory=dict)
    date_format: str = "DD/MM/YYYY"
    year_era: str = "auto"
    decimal_style: str = "dot"
    skip_rows: int = 0
    has_header: bool = True

    def mapping_data(self) -> dict:
        """The values of the mapping form (every column, empty when unused)."""
        data: dict = {f"{role}_column": None for role in
                      ("date", "description", "amount", "debit", "credit", "reference", "balance")}
        data.update({f"{role}_column": name for role, name in self.columns.items()})
        data.update(date_format=self.date_format, year_era=self.year_era, decimal_style=self.decimal_style,
                    skip_rows=self.skip_rows, has_header=self.has_header)
        return data


_THAI_WITHDRAW_DEPOSIT = N_(
    "Assumed: a header row in Thai or English (title rows above it are fine), withdrawals and deposits in "
    "separate columns, dates day first in either era. Check the column names against your file.")

PRESETS: tuple[Preset, ...] = (
    Preset("kbank", "KBank ธนาคารกสิกรไทย", _THAI_WITHDRAW_DEPOSIT, {
        "date": "วันที่|วันที่ทำรายการ|Date", "description": "รายการ|Transaction|Description",
        "debit": "ถอนเงิน|ถอน|Withdrawal", "credit": "ฝากเงิน|ฝาก|Deposit",
        "balance": "ยอดคงเหลือ|คงเหลือ|Balance", "reference": "รายละเอียด|Details|Reference"}),
    Preset("scb", "SCB ธนาคารไทยพาณิชย์", _THAI_WITHDRAW_DEPOSIT, {
        "date": "วันที่|วันที่ทำรายการ|Date", "description": "รายการ|คำอธิบาย|Transaction|Description",
        "debit": "ถอนเงิน|ถอน|Withdrawal", "credit": "ฝากเงิน|ฝาก|Deposit",
        "balance": "ยอดคงเหลือ|คงเหลือ|Balance", "reference": "รายละเอียด|Details|Reference"}),
    Preset("ktb", "Krungthai ธนาคารกรุงไทย", _THAI_WITHDRAW_DEPOSIT, {
        "date": "วันที่ทำรายการ|วันที่|Date", "description": "คำอธิบาย|รายการ|Description",
        "debit": "ถอนเงิน|ถอน|Withdrawal", "credit": "ฝากเงิน|ฝาก|Deposit",
        "balance": "ยอดคงเหลือ|คงเหลือ|Balance", "reference": "เลขที่อ้างอิง|Ref1|Reference"}),
    Preset("bbl", "Bangkok Bank ธนาคารกรุงเทพ", N_(
        "Assumed: an English header (Date, Description, Debit, Credit, Balance), dates day first in the Common "
        "Era. Check the column names against your file."), {
        "date": "Date|Transaction Date|วันที่", "description": "Description|Particulars|รายการ",
        "debit": "Debit|Withdrawal|ถอนเงิน", "credit": "Credit|Deposit|ฝากเงิน",
        "balance": "Balance|ยอดคงเหลือ", "reference": "Reference|Cheque No.|เลขที่อ้างอิง"}),
    Preset("baac", "BAAC ธ.ก.ส.", N_(
        "Assumed: a Thai header as on the passbook (วันที่, รายการ, ถอน, ฝาก, คงเหลือ), Buddhist Era years. "
        "Check the column names against your file."), {
        "date": "วันที่|วันที่ทำรายการ|Date", "description": "รายการ|Description",
        "debit": "ถอน|ถอนเงิน|Withdrawal", "credit": "ฝาก|ฝากเงิน|Deposit",
        "balance": "คงเหลือ|ยอดคงเหลือ|Balance", "reference": "เลขที่อ้างอิง|อ้างอิง|Reference"}),
    Preset("gsb", "GSB ธนาคารออมสิน", N_(
        "Assumed: a Thai header as on the passbook (วันที่, รายการ, ถอน, ฝาก, คงเหลือ), Buddhist Era years. "
        "Check the column names against your file."), {
        "date": "วันที่|วันที่ทำรายการ|Date", "description": "รายการ|Description",
        "debit": "ถอน|ถอนเงิน|Withdrawal", "credit": "ฝาก|ฝากเงิน|Deposit",
        "balance": "คงเหลือ|ยอดคงเหลือ|Balance", "reference": "เลขที่อ้างอิง|อ้างอิง|Reference"}),
    Preset("signed", N_("Typed by hand: one signed amount column"), N_(
        "One signed amount column (minus for money out) and the column names date, description, amount and "
        "reference: the layout of a statement typed by hand."), {
        "date": "date|วันที่", "description": "description|รายการ", "amount": "amount|จำนวนเงิน",
        "reference": "reference|อ้างอิง"}),
)

BY_KEY = {preset.key: preset for preset in PRESETS}


def get(key: str | None) -> Preset | None:
    return BY_KEY.get((key or "").strip())
