"""Listings of certified goods, the public catalogue and reservations."""
