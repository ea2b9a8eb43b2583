"""Who may do what with distribution rounds, bookings and the queue."""

from core.auth.policies import AU, A, H, S, V, declare

declare(
    {
        "market.rounds.view": {A, S, V, AU},
        "market.rounds.manage": {A, S},
        "market.rounds.checkin": {A, S, V},
        "market.rounds.book": {A, S, H},
    }
)
