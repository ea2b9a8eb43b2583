"""Stripe: the gateway (PaymentIntents, Checkout, refunds, payouts), a tenant's
own keys (settings), its pages, and the webhook with the events it recorded."""
