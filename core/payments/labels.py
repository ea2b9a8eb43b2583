"""Translatable names of payment statuses and methods."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "created": _l("Created"),
    "pending": _l("Waiting for payment"),
    "succeeded": _l("Paid"),
    "failed": _l("Failed"),
    "cancelled": _l("Cancelled"),
    "partly_refunded": _l("Partly refunded"),
    "refunded": _l("Refunded"),
}
METHOD_LABELS = {
    "card": _l("Card"),
    "promptpay": _l("PromptPay"),
    "cash": _l("Cash"),
    "transfer": _l("Bank transfer"),
    "fake": _l("Test payment"),
}
STATUS_BADGE = {"succeeded": "good", "failed": "bad", "cancelled": "bad", "pending": "warn",
                "partly_refunded": "warn", "refunded": "warn"}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def method_label(method: str) -> str:
    return str(METHOD_LABELS.get(method, method))
