"""Who may do what with loans."""

from core.auth.policies import AU, A, C, F, G, S, declare

declare(
    {
        "welfare.loans.view": {A, F, C, G, AU, S},
        "welfare.loans.manage": {A, F},
        "welfare.loans.collect": {A, F, S},
        "welfare.loans.decide": {A, F, C},
    }
)
