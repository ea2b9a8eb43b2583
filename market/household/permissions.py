"""Who may open a household's page: the household its own; staff any
household of their organisation, on its behalf (audited)."""

from core.auth.policies import A, H, S, declare

declare({
    "market.household.own": {H},
    "market.household.act_for": {A, S},
})
