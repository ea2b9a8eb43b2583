"""Beneficiary and sales reports of the goods centre."""
