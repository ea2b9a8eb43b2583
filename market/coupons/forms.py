"""Parsing of coupon and programme forms with the kernel's parsers
(:mod:`core.forms.parse`): the rules live in the services."""

from __future__ import annotations

from datetime import date

from core.errors import N_, ValidationError
from core.forms import parse
from core.registry.models import VULNERABILITY_FLAGS


def int_or_none(value, field: str) -> int | None:
    return parse.whole(value, field, minimum=-(2**31) + 1, maximum=2**31 - 1, message=N_("Enter a whole number"))


def ids(values, field: str) -> list[int]:
    return [n for n in (int_or_none(v, field) for v in values) if n is not None]


def baht(value: str, field: str) -> int:
    satang = parse.money(value, field)
    if satang is None:
        raise ValidationError(N_("Enter an amount in baht, such as 1,234.50"), field=field)
    if satang <= 0 or satang > 10**12:
        raise ValidationError(N_("Enter an amount greater than zero"), field=field)
    return satang


def day(value: str, field: str) -> date:
    return parse.typed_date(value, field, required=True)


def programme_data(form) -> dict:
    kind = form.get("kind", "value")
    basket = []
    for item_id, quantity in zip(
        form.getlist("basket_item_id"), form.getlist("basket_quantity"), strict=False
    ):
        item = int_or_none(item_id, "basket")
        qty = int_or_none(quantity, "basket")
        if item is not None:
            basket.append({"item_id": item, "quantity": qty or 0})
    return {
        "name": (form.get("name") or "").strip()[:200],
        "funder": (form.get("funder") or "").strip()[:200],
        "purpose": (form.get("purpose") or "").strip()[:2000],
        "kind": kind,
        "value_satang": baht(form.get("value"), "value") if kind == "value" else 0,
        "per_member": form.get("per_member") in ("y", "on", "1", "true"),
        "size_cap": int_or_none(form.get("size_cap"), "size_cap"),
        "min_household_size": int_or_none(form.get("min_household_size"), "min_household_size"),
        "max_household_size": int_or_none(form.get("max_household_size"), "max_household_size"),
        "eligibility_flags": [
            f for f in form.getlist("eligibility_flags") if f in VULNERABILITY_FLAGS
        ],
        "village_ids": ids(form.getlist("village_ids"), "village_ids"),
        "allowed_item_ids": ids(form.getlist("allowed_item_ids"), "allowed_item_ids"),
        "allowed_category_ids": ids(form.getlist("allowed_category_ids"), "allowed_category_ids"),
        "basket": basket,
    }
