"""Who may do what with programmes, coupons and the waste-bank credit."""

from core.auth.policies import AU, A, S, V, declare

declare(
    {
        "market.coupons.view": {A, S, V, AU},
        "market.coupons.manage": {A, S},
        "market.coupons.redeem": {A, S, V},
        "market.coupons.keys": {A},
        "market.wallet.view": {A, S, V, AU},
        "market.wallet.operate": {A, S, V},
    }
)
