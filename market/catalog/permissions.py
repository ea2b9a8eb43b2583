"""Who may do what with centres, goods, stock, donations, exchange and
network trade (the stock side of market)."""

from core.auth.policies import AU, A, C, F, S, V, declare

declare(
    {
        "market.catalog.view": {A, S, V, AU, C, F},
        "market.catalog.manage": {A, S},
        "market.stock.view": {A, S, V, AU, C, F},
        "market.stock.manage": {A, S},
        "market.stock.count": {A, S, V},
        "market.stock.finalise": {A},
        "market.donations.view": {A, S, AU, C, F},
        "market.donations.record": {A, S, F},
        "market.exchange.manage": {A, S},
        "market.network.manage": {A},
        "market.network.trade": {A, S},
        "market.stock_reports.view": {A, S, AU, C, F},
    }
)
