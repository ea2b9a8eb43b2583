"""``pansuk payments promptpay``: print a PromptPay payload, optionally drawn
to an SVG or PNG file.

``payments`` is the command group of the whole payments area; other payments
commands join it with ``@payments.command(...)``.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask_babel import force_locale
from flask_babel import gettext as _

from core.errors import DomainError
from core.money import Money
from core.payments.promptpay import payload as pp
from core.payments.promptpay import render


@click.group(help="Payments.")
def payments() -> None:
    pass


@payments.command("promptpay")
@click.option("--phone", help="Thai mobile number, e.g. 0812345678.")
@click.option("--national-id", help="13-digit national ID.")
@click.option("--tax-id", help="13-digit tax ID.")
@click.option("--ewallet", "ewallet_id", help="15-digit e-wallet ID.")
@click.option("--biller-id", help="15-digit biller ID (bill payment, needs --ref1).")
@click.option("--ref1", help="Reference 1: A-Z and 0-9, at most 20 characters.")
@click.option("--ref2", help="Reference 2 (bill payment only).")
@click.option("--amount", help="Amount in baht, e.g. 100.00; none for a static code.")
@click.option("--name", "merchant_name", help="Payee name on the code (English letters).")
@click.option("--city", help="City on the code (English letters).")
@click.option("--svg", "svg_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--png", "png_file", type=click.Path(dir_okay=False, path_type=Path))
def promptpay(
    phone, national_id, tax_id, ewallet_id, biller_id, ref1, ref2, amount,
    merchant_name, city, svg_file, png_file,
) -> None:  # fmt: skip
    """Print a PromptPay QR payload. For a phone, ID or e-wallet, --ref1 goes
    in the reference label (tag 62); for a biller it is Ref1 (tag 30)."""
    chosen = [v for v in (phone, national_id, tax_id, ewallet_id, biller_id) if v]
    if len(chosen) != 1:
        raise click.UsageError(
            "Give exactly one of --phone, --national-id, --tax-id, --ewallet, --biller-id."
        )
    if ref2 and not biller_id:
        raise click.UsageError("--ref2 is for bill payment (--biller-id) only.")
    try:
        payee = _payee(phone, national_id, tax_id, ewallet_id, biller_id, ref1, ref2)
        money = Money.parse(amount, field="amount") if amount is not None else None
        text = pp.build(
            payee,
            money,
            reference=None if biller_id else ref1,
            merchant_name=merchant_name,
            city=city,
        )
    except DomainError as exc:
        raise click.BadParameter(_translated(exc), param_hint=_option(exc.field)) from exc
    click.echo(text)
    if svg_file:
        svg_file.write_text(render.svg(text), encoding="utf-8")
    if png_file:
        png_file.write_bytes(render.png(text))


def _payee(phone, national_id, tax_id, ewallet_id, biller_id, ref1, ref2) -> pp.Payee:
    if phone:
        return pp.mobile(phone)
    if national_id:
        return pp.national_id(national_id)
    if tax_id:
        return pp.tax_id(tax_id)
    if ewallet_id:
        return pp.ewallet(ewallet_id)
    return pp.bill_payment(biller_id, ref1, ref2)


def _translated(exc: DomainError) -> str:
    """The message in Thai when the terminal's LANG is Thai, else in English."""
    lang = "th" if os.environ.get("LANG", "").startswith("th") else "en"
    with force_locale(lang):
        return _(exc.message, **exc.params) if exc.params else _(exc.message)


def _option(field: str | None) -> str | None:
    names = {"ewallet_id": "--ewallet", "merchant_name": "--name", "reference": "--ref1"}
    return names.get(field, f"--{field.replace('_', '-')}") if field else None
