"""Row makers for the tenancy leak test: store credit, its entries and the
wallet payments of orders."""

from __future__ import annotations

import secrets


def makers(helpers) -> dict:
    from market.models import wallet
    from tests.market import leak_makers_orders

    order = leak_makers_orders.makers(helpers)["market_order"]

    def tag() -> str:
        return secrets.token_hex(4)

    def store_credit(tenant) -> int:
        return helpers.commit_in(
            tenant, wallet.StoreCredit(household_id=helpers.make_household(tenant).id, balance_satang=0)
        )

    def entry(tenant, kind: str = "spend") -> int:
        return helpers.commit_in(tenant, wallet.StoreCreditEntry(
            store_credit_id=store_credit(tenant), kind=kind, amount_satang=-100 if kind == "spend" else 100,
            source="refund" if kind == "credit" else None, idempotency_key=tag(), ref="leak",
        ))

    def order_wallet_payment(tenant) -> int:
        return helpers.commit_in(tenant, wallet.OrderWalletPayment(
            order_id=order(tenant), instrument="store_credit", store_credit_entry_id=entry(tenant), amount=100,
        ))

    return {
        "market_store_credit": store_credit,
        "market_store_credit_entry": lambda tenant: entry(tenant, "credit"),
        "market_order_wallet_payment": order_wallet_payment,
    }
