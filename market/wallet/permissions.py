"""Who may see a household's whole wallet: staff through the waste-bank
permissions (market.coupons.permissions), a household its own."""

from core.auth.policies import H, declare

declare({"market.wallet.own": {H}})
