"""Descriptions the system itself writes on journal entries and payments
(``Loan L00001``, ``Loan repayment 4``, ``purchase ข้าวสาร × 300``) are stored
as written; ``{{ entry.memo | memo }}`` shows them in the reader's language.
Text a person typed is shown as it is."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.i18n.labels import status_label

MOVEMENTS = {
    "purchase": _l("Purchase"), "donation": _l("Donation in kind"), "transfer_in": _l("Transfer in"),
    "exchange_in": _l("Exchange in"), "return": _l("Returned to stock"), "loan_return": _l("Loan returned"),
    "kit_in": _l("Kits assembled"), "network_in": _l("Received from a network council"), "order": _l("Order"),
    "distribution": _l("Distribution"), "transfer_out": _l("Transfer out"), "exchange_out": _l("Exchange out"),
    "loss": _l("Loss or damage"), "loan_out": _l("Lent out"), "kit_out": _l("Used in kits"),
    "network_out": _l("Shipped to a network council"), "adjustment": _l("Adjustment"),
}  # fmt: skip

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

RULES: list[Rule] = [
    (re.compile(r"^Order (\d+)$"), lambda m: _("Order no. %(n)s", n=m[1])),
    (re.compile(r"^Loan repayment (\S+)$"), lambda m: _("Loan repayment %(n)s", n=m[1])),
    (re.compile(r"^Loan (\S+): (.*)$", re.S), lambda m: _("Loan %(n)s: %(purpose)s", n=m[1], purpose=m[2])),
    (re.compile(r"^Loan (\S+)$"), lambda m: _("Loan %(n)s", n=m[1])),
    (re.compile(r"^Write-off of loan (\S+): (.*)$", re.S),
     lambda m: _("Write-off of loan %(n)s: %(reason)s", n=m[1], reason=m[2])),
    (re.compile(r"^(?:บริจาค / )?Donation #(\d+)$"), lambda m: _("Donation no. %(n)s", n=m[1])),
    (re.compile(r"^donation$"), lambda m: _("Donation")),
    (re.compile(r"^member contribution$"), lambda m: _("Member contribution")),
    (re.compile(r"^Refund of payment (\S+)$"), lambda m: _("Refund of payment %(n)s", n=m[1])),
    (re.compile(r"^Stripe payout (\S+)$"), lambda m: _("Stripe payout %(n)s", n=m[1])),
    (re.compile(r"^Bank statement line$"), lambda m: _("Bank statement line")),
    (re.compile(r"^Coupon (\S+) (issued|cancelled|expired)( \((.*)\))?$"),
     lambda m: _("Coupon %(code)s: %(what)s", code=m[1], what=status_label(m[2])) + (f" ({m[4]})" if m[4] else "")),
    (re.compile(r"^(\d+) coupons issued \((.*)\)$"), lambda m: _("%(n)s coupons issued (%(programme)s)", n=m[1], programme=m[2])),
    (re.compile(r"^Coupon (\S+)(?: (.*))?$"), lambda m: _("Coupon %(code)s", code=m[1]) + (f" {m[2]}" if m[2] else "")),
    (re.compile(r"^Reversal: (.*)$", re.S), lambda m: _("Reversal: %(reason)s", reason=m[1])),
    (re.compile(r"^loan #(\d+) lost$"), lambda m: _("Goods lent out and lost, no. %(n)s", n=m[1])),
    (re.compile(r"^revalue (.*)$", re.S), lambda m: _("Revaluation: %(what)s", what=m[1])),
    (re.compile(r"^(" + "|".join(MOVEMENTS) + r") (.*)$", re.S), lambda m: f"{MOVEMENTS[m[1]]}: {m[2]}"),
]


def memo(text: str | None) -> str:
    """A system-written description in the reader's language; anything else unchanged."""
    if not text:
        return ""
    for pattern, say in RULES:
        match = pattern.match(text)
        if match:
            return say(match)
    return text
