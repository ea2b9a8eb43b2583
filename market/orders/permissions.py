"""Who may do what with orders, deliveries and reports."""

from core.auth.policies import AU, A, C, H, S, V, declare

declare({
    "market.orders.view": {A, S, AU},
    "market.orders.manage": {A, S},
    "market.orders.own": {H},
    "market.deliveries.manage": {A, S},
    "market.deliveries.volunteer": {A, S, V},
    "market.reports.view": {A, S, AU, C},
})
