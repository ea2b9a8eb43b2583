"""Who may record harvests, print labels, list goods and handle reservations.
A producer acts only on the plots of their own farm (see ``ownership``)."""

from core.auth import policies

A, S, P, INSP, C, AU = "admin", "staff", "producer", "inspector", "committee", "auditor"

policies.declare(
    {
        "producers.lots.view": {A, S, P, INSP, C, AU},
        "producers.lots.record": {A, S, P},
        "producers.listings.manage": {A, S, P},
        "producers.reservations.manage": {A, S, P},
    }
)

# roles that act on every farm of the network, not only their own
NETWORK_WIDE = frozenset({A, S, INSP, C, AU})
