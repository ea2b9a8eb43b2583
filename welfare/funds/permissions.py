"""Who may do what with funds, sources, budgets, meetings, approvals and benefits."""

from core.auth.policies import AU, A, C, F, G, H, S, V, declare

declare(
    {
        "welfare.funds.view": {A, F, C, G, AU},
        "welfare.funds.manage": {A, F},
        "welfare.funds.request": {A, F},
        "welfare.funds.approve": {A, F, C, G},
        "welfare.funds.claims": {A, F, S},
        "welfare.funds.evidence": {A, F, S, C},
        # a resident sees the statements of their own memberships only
        "welfare.funds.own_statement": {H, A, S, V, F, C, G, AU},
    }
)
