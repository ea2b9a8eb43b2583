"""Tamper evidence: the audit log and the journal are sealed into hash chains
per tenant, and ``pansuk verify`` checks the chains and the stored balances."""
