"""Words shown for stock states and movement kinds."""

from flask_babel import lazy_gettext as _l

COUNT_STATUS = {
    "counting": _l("Counting"),
    "confirmed": _l("Confirmed"),
    "finalised": _l("Finalised"),
    "cancelled": _l("Cancelled"),
}

MOVEMENT_KIND = {
    "purchase": _l("Purchase"),
    "donation": _l("Donation in kind"),
    "transfer_in": _l("Transfer in"),
    "exchange_in": _l("Exchange in"),
    "return": _l("Returned to stock"),
    "loan_return": _l("Loan returned"),
    "kit_in": _l("Kits assembled"),
    "network_in": _l("Received from a network council"),
    "order": _l("Order"),
    "distribution": _l("Distribution"),
    "transfer_out": _l("Transfer out"),
    "exchange_out": _l("Exchange out"),
    "loss": _l("Loss or damage"),
    "loan_out": _l("Lent out"),
    "kit_out": _l("Used in kits"),
    "network_out": _l("Shipped to a network council"),
    "adjustment": _l("Adjustment"),
}

NETWORK_STATUS = {
    "ordered": _l("Ordered"),
    "shipped": _l("Shipped"),
    "received": _l("Received"),
    "cancelled": _l("Cancelled"),
}
