"""A tenant's own PromptPay: where the money goes (a mobile number, a national
or tax ID, or a biller ID for bill payment) and the payee name printed under
the QR. Stored in ``Tenant.settings["promptpay"]``, validated with the
:mod:`core.payments.promptpay` rules, shown and audited masked (last 4 digits)."""

from __future__ import annotations

from core.audit import services as audit
from core.db import db
from core.errors import N_, ValidationError
from core.payments.promptpay import payload
from core.payments.promptpay.payload import Payee
from core.payments.promptpay.render import mask

KINDS = ("mobile", "tax_id", "biller")
# kind -> the form field holding its number
FIELD_BY_KIND = {"mobile": "phone", "tax_id": "tax_id", "biller": "biller_id"}
PAYEE_NAME_LONGEST = 100


class UnknownPromptPayKind(ValidationError):
    code = "promptpay_unknown_kind"
    message = N_("Choose where the money goes: a mobile number, an ID number or a biller ID")


class PayeeNameTooLong(ValidationError):
    code = "promptpay_payee_name_too_long"
    message = N_("The payee name may be at most %(longest)s characters")


def stored(tenant) -> dict:
    return dict((tenant.settings or {}).get("promptpay") or {})


def configured(tenant) -> bool:
    settings = stored(tenant)
    return settings.get("kind") in KINDS and bool(settings.get("account"))


def payee(tenant, ref1: str | None = None, ref2: str | None = None) -> Payee:
    """The payee the tenant set up; a biller takes the payment's Ref1/Ref2."""
    settings = stored(tenant)
    kind, account = settings.get("kind"), settings.get("account") or ""
    if kind == "mobile":
        return payload.mobile(account)
    if kind == "tax_id":
        return payload.tax_id(account)
    if kind == "biller":
        return payload.bill_payment(account, ref1 or "", ref2)
    raise UnknownPromptPayKind(field="kind")


def payee_name(tenant) -> str:
    return stored(tenant).get("payee_name") or tenant.name_th


def masked(tenant) -> dict[str, str]:
    """What the settings page shows: the kind, the number masked, the name."""
    return _audit_view(stored(tenant))


def _masked_account(kind: str, account: str) -> str:
    if kind == "biller":
        return mask(Payee(payload.BILLER, account))
    return mask(payee_from_form(kind, account))


def payee_from_form(kind: str | None, number: str | None) -> Payee:
    """Validate the number for its kind; errors name the form field."""
    if kind not in KINDS:
        raise UnknownPromptPayKind(field="kind")
    number = (number or "").strip()
    if kind == "mobile":
        return payload.mobile(number)
    if kind == "tax_id":
        return payload.tax_id(number)
    # A biller ID is checked without a reference: any valid one stands in.
    return payload.bill_payment(number, "CHECK")


def _account(kind: str, found: Payee) -> str:
    return found.local_phone if kind == "mobile" else found.account


def update(tenant, data: dict[str, str | None], *, actor_id: int | None) -> bool:
    """Store the target and payee name; True when something changed. Nothing
    is stored when a field is wrong. Audited with the number masked."""
    kind = (data.get("kind") or "").strip()
    if kind not in KINDS:
        raise UnknownPromptPayKind(field="kind")
    field = FIELD_BY_KIND[kind]
    found = payee_from_form(kind, data.get(field))
    name = " ".join((data.get("payee_name") or "").split())
    if len(name) > PAYEE_NAME_LONGEST:
        raise PayeeNameTooLong(field="payee_name", longest=PAYEE_NAME_LONGEST)
    before = stored(tenant)
    after = {"kind": kind, "account": _account(kind, found), "payee_name": name}
    if before == after:
        return False
    tenant.settings = {**(tenant.settings or {}), "promptpay": after}
    db.session.flush()
    audit.record(
        "payments.promptpay_settings.update", actor_id=actor_id, target_type="tenant", target_id=tenant.id,
        before=_audit_view(before) or None, after=_audit_view(after),
    )
    return True


def remove(tenant, *, actor_id: int | None) -> bool:
    before = stored(tenant)
    if not before:
        return False
    tenant.settings = {k: v for k, v in (tenant.settings or {}).items() if k != "promptpay"}
    db.session.flush()
    audit.record("payments.promptpay_settings.remove", actor_id=actor_id, target_type="tenant",
                 target_id=tenant.id, before=_audit_view(before))
    return True


def _audit_view(settings: dict) -> dict:
    if settings.get("kind") not in KINDS or not settings.get("account"):
        return {}
    return {"kind": settings["kind"], "account": _masked_account(settings["kind"], settings["account"]),
            "payee_name": settings.get("payee_name") or ""}
