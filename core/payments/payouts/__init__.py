"""Stripe payouts: fetched with the tenant's own keys, tied to our payments, and each payout's bank line booked."""
