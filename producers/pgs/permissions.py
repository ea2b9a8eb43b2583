"""Who may do what in the PGS area (imported first by its routes and API)."""

from core.auth import policies
from core.auth.policies import AU, A, C, I, P, S

policies.declare(
    {
        "producers.view": {A, S, P, I, C, AU},
        "producers.own": {P},  # a producer's own farm: plots, asking for an inspection
        "producers.manage": {A, S},
        "producers.standards": {A, C},
        "producers.pledge": {A, S},
        "producers.plan_inspection": {A, S},
        "producers.inspect": {I},
        "producers.screen": {A, S},
        "producers.meeting": {A, C},
        "producers.decide": {C},
        "producers.sanction": {C},
        "producers.appeal": {A, S, P},
        "producers.import": {A, S},
        "producers.dashboard": {A, S, C, AU},
    }
)
