"""Payments: gateways (Stripe and a fake one), PromptPay QR, manual payments and
receipts, bank statements and reconciliation."""

from flask import Blueprint

bp = Blueprint("payments", __name__, url_prefix="/t/<slug>/payments")


def register_routes() -> None:
    """Called by the app factory once every payments module is importable."""
    import core.payments.manual.routes  # noqa: F401
    import core.payments.overpayments.routes  # noqa: F401
    import core.payments.promptpay.pages  # noqa: F401
    import core.payments.stripe.pages  # noqa: F401
    from core.payments import routes  # noqa: F401
    from core.payments.reconciliation import routes as recon_routes  # noqa: F401
